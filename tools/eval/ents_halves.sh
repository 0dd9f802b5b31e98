#!/bin/sh
# Score zhx-ents on the NER dev sets split into two halves (odd and even
# documents), so that changes tuned on one half can be checked on the other.
#   tools/eval/ents_halves.sh SHARED_DIR [OUTDIR]
# Prints one table per set and half (a = documents 1, 3, 5 ...; b = 2, 4,
# 6 ...). With OUTDIR, keeps the predictions and the --verbose FN/FP lists
# there (OUTDIR/SET-HALF.verbose).
set -eu
shared=${1:?usage: ents_halves.sh SHARED_DIR [OUTDIR]}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${2:-$tmp}
mkdir -p "$out"
for set in msra-dev pd1998-dev; do
    bin/zhx-ents --input-format jsonl -f jsonl "$shared/peers/ner/$set.jsonl" > "$tmp/out.jsonl"
    python3 - "$tmp/out.jsonl" "$shared/peers/ner/$set.jsonl" "$out/$set" <<'PY'
import json, sys
docs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    docs.setdefault(r["doc"], []).append(r)
gold = [line for line in open(sys.argv[2], encoding="utf-8") if line.strip()]
files = {h: (open(sys.argv[3] + "-" + h + ".gold.jsonl", "w", encoding="utf-8"),
             open(sys.argv[3] + "-" + h + ".pred.jsonl", "w", encoding="utf-8"))
         for h in "ab"}
for n, line in enumerate(gold):
    g, p = files["ab"[n % 2]]
    d = json.loads(line)["id"]
    g.write(line)
    p.write(json.dumps({"id": d, "entities": docs.get(d, [])}, ensure_ascii=False) + "\n")
for g, p in files.values():
    g.close()
    p.close()
PY
    for h in a b; do
        python3 "$shared/eval/score_ents.py" "$out/$set-$h.gold.jsonl" "$out/$set-$h.pred.jsonl" --verbose > "$out/$set-$h.verbose"
        echo "== $set half $h"
        tail -n 5 "$out/$set-$h.verbose"
    done
done
