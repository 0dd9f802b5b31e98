#!/usr/bin/env python3
"""Group entity errors by kind, for reading a dev set's misses.

usage: ents_errors.py GOLD.jsonl PRED.jsonl TYPE [KIND] [--top N]

For TYPE (place, institution, person), each false positive and false
negative is put in one kind:
  FP-in-other   inside or equal to a gold mention of another type
  FP-in-longer  inside a longer gold mention of the same type
  FP-cross      overlaps a gold mention of TYPE with other bounds
  FP-none       overlaps no gold mention
  FN-type       a prediction of another type has exactly its span
  FN-bounds     a prediction of TYPE overlaps it with other bounds
  FN-inside     it lies inside a longer prediction (any type)
  FN-none       nothing predicted over it
Prints counts per kind and the commonest texts (all of KIND if given,
with context).
"""
import collections
import json
import sys


def load(path):
    return {d["id"]: d for d in map(json.loads, open(path, encoding="utf-8"))}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    top = 25
    if "--top" in sys.argv:
        top = int(sys.argv[sys.argv.index("--top") + 1])
        args.remove(str(top))
    gold, pred, typ = load(args[0]), load(args[1]), args[2]
    only = args[3] if len(args) > 3 else None
    kinds = collections.defaultdict(collections.Counter)
    ctx = collections.defaultdict(list)
    for did, g in gold.items():
        text = g["text"]
        ge = {(e["type"], e["start"], e["end"]) for e in g["entities"]}
        pe = {(e["type"], e["start"], e["end"])
              for e in pred.get(did, {}).get("entities", [])
              if e["type"] in ("person", "place", "institution")}
        for t, s, e in pe - ge:
            if t != typ:
                continue
            k = "FP-none"
            for t2, s2, e2 in ge:
                if s2 <= s and e <= e2 and t2 != typ:
                    k = "FP-in-other"
                    break
                if s2 <= s and e <= e2 and t2 == typ:
                    k = "FP-in-longer"
                    break
                if s < e2 and s2 < e and t2 == typ:
                    k = "FP-cross"
            kinds[k][text[s:e]] += 1
            ctx[k].append("%s\t%s[%s]%s" % (did, text[max(0, s-12):s], text[s:e], text[e:e+12]))
        for t, s, e in ge - pe:
            if t != typ:
                continue
            k = "FN-none"
            for t2, s2, e2 in pe:
                if (s2, e2) == (s, e):
                    k = "FN-type:" + t2
                    break
                if t2 == typ and s < e2 and s2 < e:
                    k = "FN-bounds"
                elif s2 <= s and e <= e2 and k == "FN-none":
                    k = "FN-inside"
            kinds[k][text[s:e]] += 1
            ctx[k].append("%s\t%s[%s]%s" % (did, text[max(0, s-12):s], text[s:e], text[e:e+12]))
    for k in sorted(kinds):
        c = kinds[k]
        print("%-14s %5d  %s" % (k, sum(c.values()), "  ".join(
            "%s%s" % (w, "×%d" % n if n > 1 else "") for w, n in c.most_common(top))))
    if only:
        for line in ctx[only]:
            print(line)


main()
