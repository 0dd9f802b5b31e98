#!/bin/sh
# Fault and edge-case behaviour of the binaries: closed pipes, a full disk,
# huge lines, directories, --help/--version, determinism.
#   faults.sh BINDIR
# Prints "faults: N passed, N failed".
bindir=${1:-bin}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL faults: $*"; }

seed=testdata/hohhot-talent-2024.txt
# A few MB of real text.
i=0; while [ $i -lt 400 ]; do cat "$seed"; i=$((i + 1)); done > "$tmp/big.txt"

for prog in "$bindir"/zhx-*; do
    name=$(basename "$prog")

    # --help and --version go to stdout and exit 0.
    out=$("$prog" --help)
    if [ $? -eq 0 ] && echo "$out" | grep -q "^Usage: $name " &&
        echo "$out" | grep -q "^Examples:"; then ok; else bad "$name --help"; fi
    v=$("$prog" --version | head -1)
    case "$v" in "$name (zhx) "[0-9]*.[0-9]*.[0-9]*) ok ;; *) bad "$name --version: $v" ;; esac

    # A closed pipe ends quietly.
    "$prog" "$tmp/big.txt" 2>"$tmp/err" | head -1 >/dev/null
    if [ -s "$tmp/err" ]; then bad "$name | head: $(head -2 "$tmp/err")"; else ok; fi

    # A full disk is an error with a message and status 2.
    "$prog" "$tmp/big.txt" >/dev/full 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 2 ] && grep -q "write error" "$tmp/err"; then ok; else bad "$name >/dev/full: status $rc, $(cat "$tmp/err")"; fi

    # A directory is reported, and the other files still run.
    "$prog" testdata "$seed" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "testdata: is a directory" "$tmp/err" && [ -s "$tmp/out" ]; then ok
    else bad "$name on a directory: status $rc, $(cat "$tmp/err")"; fi

    # Output is deterministic.
    "$prog" "$seed" >"$tmp/a" 2>&1; "$prog" "$seed" >"$tmp/b" 2>&1
    if cmp -s "$tmp/a" "$tmp/b"; then ok; else bad "$name output differs between runs"; fi
done

# A file that cannot be read is reported; the others still run.
if [ -r /proc/self/mem ]; then
    "$bindir/zhx-seg" /proc/self/mem testdata/mini.txt >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "/proc/self/mem: read error" "$tmp/err" && [ -s "$tmp/out" ]; then ok
    else bad "unreadable file: status $rc, $(cat "$tmp/err")"; fi
fi

# Deeply nested quotes and book-title marks: no blow-up, offsets hold.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "“《"; printf "工程"; for (i = 0; i < 20000; i++) printf "》”"; print "" }' > "$tmp/nest.txt"
if timeout 60 "$bindir/zhx-convert" -f jsonl "$tmp/nest.txt" >"$tmp/out" 2>"$tmp/err"; then ok
else bad "nested quotes: status $?, $(head -2 "$tmp/err")"; fi

# Thousands of tiny files in a directory tree.
mkdir -p "$tmp/tiny/a/b"
i=0; while [ $i -lt 3000 ]; do printf '第%d号文件:投放贷款%d万元。\n' $i $i > "$tmp/tiny/a/$i.txt"; i=$((i + 1)); done
printf '子目录里的文件\n' > "$tmp/tiny/a/b/z.txt"
if "$bindir/zhx-convert" -r --jobs 2 -f jsonl "$tmp/tiny" > "$tmp/out" 2>"$tmp/err" && [ "$(wc -l < "$tmp/out")" -eq 3001 ]; then ok
else bad "3001 tiny files: $(wc -l < "$tmp/out") documents, $(head -2 "$tmp/err")"; fi

# A 10 MB single line: bounded pieces, offsets continuous, nothing lost.
awk 'BEGIN { s = ""; for (i = 0; i < 99; i++) s = s "字"; s = s "。";
             for (i = 0; i < 35000; i++) printf "%s", s }' > "$tmp/line.txt"
if timeout 120 "$bindir/zhx-seg" -f tsv --no-header "$tmp/line.txt" >"$tmp/out" 2>"$tmp/err"; then
    n=$(wc -l < "$tmp/out")
    last=$(tail -1 "$tmp/out" | cut -f4)
    if [ "$n" -eq 35000 ] && [ "$last" -eq 3500000 ]; then ok
    else bad "10 MB line: $n sentences, last end $last"; fi
else
    bad "10 MB line: status $?, $(head -2 "$tmp/err")"
fi
# The same line with no sentence ender at all (a run of one character).
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "字" }' > "$tmp/run.txt"
if timeout 120 "$bindir/zhx-seg" -w -f tsv --no-header "$tmp/run.txt" >"$tmp/out" 2>"$tmp/err"; then
    total=$(awk -F'\t' '{ n += $4 - $3 } END { print n }' "$tmp/out")
    if [ "$total" -eq 1000000 ]; then ok; else bad "1 M run of one character: words cover $total"; fi
else
    bad "1 M run of one character: status $?"
fi

echo "faults: $pass passed, $fail failed"
[ $fail -eq 0 ]
