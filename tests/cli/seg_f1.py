#!/usr/bin/env python3
"""Word-segmentation F1 in the SIGHAN bakeoff sense, with a floor.

    seg_f1.py GOLD PRED MIN_F1

Words are spans of character offsets in the text with white space removed;
a predicted word is right when the gold has exactly that span. Prints
"seg_f1: P .. R .. F1 .." and exits 1 when F1 < MIN_F1 or the texts differ.
"""
import sys


def spans(path):
    with open(path, encoding="utf-8", newline="") as f:
        words = f.read().split()
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out, "".join(words), len(words)


def main():
    gold, pred, floor = sys.argv[1], sys.argv[2], float(sys.argv[3])
    gs, gt, gn = spans(gold)
    ps, pt, pn = spans(pred)
    if gt != pt:
        print("seg_f1: the texts differ")
        return 1
    ok = len(gs & ps)
    p, r = ok / pn, ok / gn
    f = 2 * p * r / (p + r)
    print("seg_f1: P %.4f R %.4f F1 %.4f (floor %.4f)" % (p, r, f, floor))
    return 0 if f >= floor else 1


if __name__ == "__main__":
    sys.exit(main())
