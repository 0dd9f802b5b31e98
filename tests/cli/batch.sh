#!/bin/sh
# Batch behaviour of zhx-convert: the same output for any --jobs, shards
# split by GNU parallel recombine to the single-process output, workbooks
# read back equal the CSV tables, and an interrupted run leaves no output
# file under its final name.
#   batch.sh BINDIR
# Prints "batch: N passed, N failed".
bindir=${1:-bin}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL batch: $*"; }
conv=$bindir/zhx-convert

# A batch of documents: the test articles, their paragraphs shuffled.
$PY - "$tmp/batch.jsonl" <<'PYEOF'
import glob, json, random, sys
random.seed(7)
texts = [open(f, encoding="utf-8").read()
         for f in sorted(glob.glob("testdata/*.txt") + glob.glob("testdata/articles/*.txt"))]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(300):
        paras = texts[i % len(texts)].split("\n")
        head, rest = paras[:4], paras[4:]
        random.shuffle(rest)
        out.write(json.dumps({"id": "doc-%04d" % i, "text": "\n".join(head + rest)},
                             ensure_ascii=False) + "\n")
PYEOF

# --jobs does not change a byte.
$conv --input-format jsonl -f jsonl --jobs 1 "$tmp/batch.jsonl" > "$tmp/j1" 2>"$tmp/err1"
$conv --input-format jsonl -f jsonl --jobs 2 "$tmp/batch.jsonl" > "$tmp/j2" 2>"$tmp/err2"
$conv --input-format jsonl -f jsonl --jobs 7 "$tmp/batch.jsonl" > "$tmp/j7" 2>&1
if [ -s "$tmp/j1" ] && cmp -s "$tmp/j1" "$tmp/j2" && cmp -s "$tmp/j1" "$tmp/j7" &&
    [ "$(wc -l < "$tmp/j1")" -eq 300 ]; then ok; else bad "--jobs 1/2/7 outputs differ"; fi

# GNU parallel splits the stream; the union of the shards is the whole.
if command -v parallel >/dev/null 2>&1; then
    parallel --pipe --block 200k -k -j 3 "$conv --input-format jsonl -f jsonl" \
        < "$tmp/batch.jsonl" > "$tmp/par" 2>"$tmp/perr"
    if cmp -s "$tmp/j1" "$tmp/par"; then ok; else bad "parallel --pipe shards differ ($(head -2 "$tmp/perr"))"; fi
    # Unordered shards as CSV (no headers) hold the same rows.
    parallel --pipe --block 150k -j 3 "$conv --input-format jsonl --no-header" \
        < "$tmp/batch.jsonl" | sort > "$tmp/parcsv"
    $conv --input-format jsonl --no-header "$tmp/batch.jsonl" | sort > "$tmp/onecsv"
    if [ -s "$tmp/onecsv" ] && cmp -s "$tmp/onecsv" "$tmp/parcsv"; then ok; else bad "CSV shards differ"; fi
else
    bad "GNU parallel is not installed"
fi

# A workbook holds what the CSV tables hold.
mkdir -p "$tmp/csv"
if $conv -r --csv-dir "$tmp/csv" --xlsx "$tmp/all.xlsx" testdata/articles testdata/hohhot-talent-2024.txt 2>"$tmp/err"; then
    if $PY - "$tmp/all.xlsx" "$tmp/csv" <<'PYEOF'
import csv, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
bad = 0
for name in ("documents", "entities", "figures", "sections"):
    rows = list(csv.reader(open("%s/%s.csv" % (sys.argv[2], name), encoding="utf-8", newline="")))
    cells = [["" if v is None else v for v in r] for r in wb[name].iter_rows(values_only=True)]
    if len(rows) != len(cells):
        print("%s: %d CSV rows, %d sheet rows" % (name, len(rows), len(cells))); bad += 1; continue
    for r, c in zip(rows, cells):
        # Numbers are stored as numbers: compare them as numbers.
        norm = [x if isinstance(x, str) else ("%d" % x if float(x).is_integer() else repr(x)) for x in c]
        if [x for x in r] != norm and [str(x) for x in r] != [str(x) for x in norm]:
            if any(not (a == b or (a and b and float(a) == float(b))) for a, b in zip(r, norm)):
                print("%s: %r != %r" % (name, r, norm)); bad += 1; break
    if name == "figures" and len(cells) > 1 and not isinstance(cells[1][4], (int, float)):
        print("figures: value is not a number"); bad += 1
sys.exit(1 if bad else 0)
PYEOF
    then ok; else bad "workbook differs from the CSV tables"; fi
else
    bad "--csv-dir/--xlsx failed: $(cat "$tmp/err")"
fi

# Interrupted (SIGINT from a terminal, SIGTERM from a scheduler): no
# half-written file under the final name, no temporary left. The input
# stays open, so the run is surely mid-way when the signal comes.
mkfifo "$tmp/fifo"
for sig in INT TERM; do
    { cat "$tmp/batch.jsonl"; sleep 20; } > "$tmp/fifo" &
    feeder=$!
    $conv --input-format jsonl --jobs 2 --xlsx "$tmp/int.xlsx" --csv-dir "$tmp/intcsv" "$tmp/fifo" 2>/dev/null &
    pid=$!
    sleep 2
    kill -$sig $pid 2>/dev/null
    wait $pid
    rc=$?
    kill $feeder 2>/dev/null
    left=$(ls -A "$tmp/intcsv" 2>/dev/null; ls "$tmp" | grep -c 'int.xlsx')
    if [ $rc -ne 0 ] && [ ! -e "$tmp/int.xlsx" ] && [ -z "$(ls -A "$tmp/intcsv" 2>/dev/null)" ] &&
        ! ls -a "$tmp" | grep -q '\.int\.xlsx\.tmp'; then ok
    else bad "run interrupted by SIG$sig (status $rc) left: $left"; fi
done

echo "batch: $pass passed, $fail failed"
[ $fail -eq 0 ]
