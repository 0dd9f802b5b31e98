#!/usr/bin/env python3
"""Write N documents as JSONL, made from the testdata articles: each copy
keeps the article's head lines, shuffles its paragraphs and rotates its
digits, so documents differ while the language stays real.
    gen_batch.py N OUT"""
import glob
import json
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
random.seed(2024)
texts = [open(f, encoding="utf-8").read()
         for f in sorted(glob.glob("testdata/*.txt") + glob.glob("testdata/articles/*.txt"))]
rot = [str.maketrans("0123456789", "0123456789"[k:] + "0123456789"[:k]) for k in range(10)]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        paras = texts[i % len(texts)].split("\n")
        head, rest = paras[:4], paras[4:]
        random.shuffle(rest)
        text = "\n".join(head + rest).translate(rot[i % 10])
        f.write(json.dumps({"id": "bench-%05d" % i, "text": text}, ensure_ascii=False) + "\n")
