#!/bin/sh
# Score zhx-ents on the NER dev sets and zhx-convert on the seed article
# with the reference scorers.
#   tools/eval/ents_dev.sh SHARED_DIR [score_ents.py options, e.g. --verbose]
set -eu
shared=${1:?usage: ents_dev.sh SHARED_DIR [options]}
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for set in msra-dev pd1998-dev; do
    bin/zhx-ents --input-format jsonl -f jsonl "$shared/peers/ner/$set.jsonl" > "$tmp/out.jsonl"
    python3 -c '
import json, sys
docs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    docs.setdefault(r["doc"], []).append(r)
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)["id"]
    print(json.dumps({"id": d, "entities": docs.get(d, [])}, ensure_ascii=False))
' "$tmp/out.jsonl" "$shared/peers/ner/$set.jsonl" > "$tmp/$set.pred.jsonl"
    echo "== $set"
    python3 "$shared/eval/score_ents.py" "$shared/peers/ner/$set.jsonl" "$tmp/$set.pred.jsonl" "$@" | tail -n 6
done
echo "== seed"
bin/zhx-convert -f json testdata/hohhot-talent-2024.txt > "$tmp/seed.json"
python3 "$shared/eval/score_article.py" "$shared/gold/hohhot-talent-2024.json" "$tmp/seed.json" \
    --text testdata/hohhot-talent-2024.txt
