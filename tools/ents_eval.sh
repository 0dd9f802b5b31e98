#!/bin/sh
# Build tools/ents_dump and score the entity stage with the shared scorers.
#   tools/ents_eval.sh SHARED_DIR [--verbose]
# SHARED_DIR holds eval/, peers/ner/, seed/ and gold/ (read-only reference).
set -eu
shared=${1:?usage: tools/ents_eval.sh SHARED_DIR [--verbose]}
shift
make -s build/libzhx.a
mkdir -p build/eval
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -Iinclude -I/usr/include/cjson \
    -o build/eval/ents_dump tools/ents_dump.c build/libzhx.a -lcjson -lm
d=build/eval
for set in msra-dev pd1998-dev; do
    $d/ents_dump "$shared/peers/ner/$set.jsonl" > $d/$set.pred.jsonl
    echo "== $set"
    python3 "$shared/eval/score_ents.py" "$shared/peers/ner/$set.jsonl" \
        $d/$set.pred.jsonl "$@" > $d/$set.score 2>&1 || true
    tail -6 $d/$set.score
done
echo "== seed"
$d/ents_dump --article "$shared/seed/hohhot-talent-2024.txt" > $d/seed.pred.json
python3 "$shared/eval/score_article.py" "$shared/gold/hohhot-talent-2024.json" \
    $d/seed.pred.json --text "$shared/seed/hohhot-talent-2024.txt" "$@" \
    > $d/seed.score 2>&1 || true
grep -E "offset|entities" $d/seed.score
