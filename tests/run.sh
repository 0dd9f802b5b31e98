#!/bin/sh
# The whole test suite (make test runs it after building both the normal and
# the sanitizer build). Each part prints "NAME: N passed, N failed"; the last
# line adds them up.
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x /usr/bin/python3 ] && PY=${PYTHON:-/usr/bin/python3}
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1

# Run one part; a part that fails without saying so in its summary (a crash,
# a sanitizer report at exit) counts as one more failure.
part() { # name, command...
    name=$1; shift
    echo "== $name"
    "$@" >"$out" 2>&1
    rc=$?
    cat "$out"
    summary=$(grep -E ': [0-9]+ passed, [0-9]+ failed$' "$out")
    echo "$summary" >>"$log"
    if [ -z "$summary" ] || { [ $rc -ne 0 ] && ! echo "$summary" | grep -qv ' 0 failed$'; }; then
        echo "$name (exit status $rc): 0 passed, 1 failed" | tee -a "$log"
    fi
}

# The unit tests of the sources, not whatever binaries a build dir holds.
for src in tests/unit/test_*.c; do
    t=$(basename "$src" .c)
    part "unit $t" "build/tests/$t"
    part "asan unit $t" "build/asan/tests/$t"
done
part "cli specs" $PY tests/cli/spec.py --bindir bin tests/cli/*.spec
part "asan cli specs" $PY tests/cli/spec.py --bindir build/asan/bin tests/cli/*.spec
part "offsets" $PY tests/cli/offsets.py bin
part "faults" sh tests/cli/faults.sh bin
part "batch" sh tests/cli/batch.sh bin
part "properties" $PY tests/cli/props.py bin
part "meta accuracy" $PY tests/cli/meta_check.py bin
bin/zhx-seg -w -f text testdata/sighan2005/pku_test_300.utf8 > build/pku300.seg
part "segmentation F1 floor" sh -c "$PY tests/cli/seg_f1.py testdata/sighan2005/pku_test_gold_300.utf8 build/pku300.seg 0.80 &&
    echo 'seg_f1: 1 passed, 0 failed' || echo 'seg_f1: 0 passed, 1 failed'"

part "fuzz smoke" make --no-print-directory fuzz-smoke

# A part that crashed before its summary line counts as one failure.
pass=$(sed -n 's/.*: \([0-9][0-9]*\) passed, [0-9][0-9]* failed$/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
fail=$(sed -n 's/.*: [0-9][0-9]* passed, \([0-9][0-9]*\) failed$/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
