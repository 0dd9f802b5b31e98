#!/bin/sh
# Score zhx-figs on the peer number suites with the reference scorer.
#   tools/eval/figs_peers.sh SHARED_DIR
# Each case's input goes in as one JSONL document; numeral suites are scored
# on every numeral (--all), the figure suites on kept figures.
set -eu
shared=${1:?usage: figs_peers.sh SHARED_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { # suite-file all? extra-scorer-args
    suite=$1 all=$2; shift 2
    python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    c = json.loads(line)
    print(json.dumps({"id": c["id"], "text": c["input"]}, ensure_ascii=False))' "$suite" > "$tmp/in.jsonl"
    bin/zhx-figs $all --input-format jsonl -f jsonl "$tmp/in.jsonl" > "$tmp/out.jsonl"
    python3 -c '
import json, sys
docs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    docs.setdefault(r["doc"], []).append(r)
for d, figs in docs.items():
    print(json.dumps({"id": d, "figures": figs}, ensure_ascii=False))' "$tmp/out.jsonl" > "$tmp/pred.jsonl"
    python3 "$shared/eval/score_figures.py" "$suite" "$tmp/pred.jsonl" "$@" | grep -v '^TOTAL'
}
p=$shared/peers
run "$p/recognizers-zh/NumberModel.jsonl" --all
run "$p/recognizers-zh/PercentModel.jsonl" ""
run "$p/recognizers-zh/OrdinalModel.jsonl" ""
run "$p/recognizers-zh/CurrencyModel.jsonl" "" --ignore-unit
run "$p/recognizers-zh/NumberRangeModel.jsonl" ""
run "$p/cn2an/cn2an.jsonl" --all
