#!/bin/sh
# make valgrind: the unit tests and every binary over the sample article and
# the CLI spec inputs under valgrind memcheck: no invalid access, no leak.
# Prints "valgrind: N passed, N failed".
cd "$(dirname "$0")/.."
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
pass=0 fail=0
run() {
    if "$@" >/dev/null 2>build/valgrind.log; [ $? -ne 99 ]; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "FAIL valgrind: $*"; head -40 build/valgrind.log; fi
}
for t in build/tests/test_*; do run $VG "$t"; done
for p in bin/zhx-*; do
    run $VG "$p" testdata/hohhot-talent-2024.txt
    run $VG "$p" -f jsonl testdata/hohhot-talent-2024.txt testdata/no-such-file
    printf '{"id":"a","text":"一。"}\nbad\n' | run $VG "$p" --input-format jsonl -f json
done
run $VG bin/zhx-seg -w --t2s testdata/hohhot-talent-2024.txt
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
