#!/usr/bin/env python3
"""Per-rule precision of entity predictions against gold JSONL.

usage: ents_rules.py GOLD.jsonl PRED.jsonl [RULE]

PRED is zhx-ents output grouped by document ({"id", "entities"} lines, as
tools/eval/ents_halves.sh writes them); each entity carries its "rule".
Prints, per rule: predictions, exact matches (type, start, end), precision.
With RULE, lists that rule's wrong predictions with context.
"""
import collections
import json
import sys

gold = {d["id"]: d for d in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
pred = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
only = sys.argv[3] if len(sys.argv) > 3 else None
n, ok = collections.Counter(), collections.Counter()
for p in pred:
    g = gold[p["id"]]
    keys = {(e["type"], e["start"], e["end"]) for e in g["entities"]}
    t = g["text"]
    for e in p["entities"]:
        if e["type"] not in ("person", "place", "institution"):
            continue
        hit = (e["type"], e["start"], e["end"]) in keys
        n[e["rule"]] += 1
        ok[e["rule"]] += hit
        if only == e["rule"] and not hit:
            s, en = e["start"], e["end"]
            print("%s\t%s[%s]%s" % (p["id"], t[max(0, s - 10):s], t[s:en], t[en:en + 10]))
if not only:
    for r, c in sorted(n.items()):
        print("%-32s %5d %5d %.3f" % (r, c, ok[r], ok[r] / c))
