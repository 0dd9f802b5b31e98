#!/usr/bin/env python3
"""Accuracy of zhx-meta on articles whose metadata is known.

    meta_check.py BINDIR

1. The seed article against its gold annotation (testdata/gold/): the six
   fields title, published, source, authors (names), editors, sections must
   all agree, compared as shared/eval/score_article.py compares them (NFKC,
   white space removed; source with 《》 ignored).
2. Each sample in testdata/articles/ against testdata/articles/expected.json
   (hand-written): the six fields, author roles in order, the number of body
   paragraphs and how the last one ends.
Every body paragraph must also satisfy text == original[start:end].
Prints one line per failed field and "meta_check: N passed, N failed"
(one check per field and document).
"""
import json
import os
import subprocess
import sys
import unicodedata


def fold(s):
    return "".join(unicodedata.normalize("NFKC", s or "").split())


def source_eq(gold, pred):
    g, p = fold(gold), fold(pred)
    return g.replace("《", "").replace("》", "") == p.replace("《", "").replace("》", "")


def names(xs):
    return {fold(x["name"] if isinstance(x, dict) else x) for x in xs or []}


def six(gold, pred):
    return {
        "title": fold(gold.get("title")) == fold(pred.get("title")),
        "published": fold(gold.get("published")) == fold(pred.get("published")),
        "source": source_eq(gold.get("source"), pred.get("source")),
        "authors": names(gold.get("authors")) == names(pred.get("authors")),
        "editors": names(gold.get("editors")) == names(pred.get("editors")),
        "sections": [fold(s) for s in gold.get("sections", [])]
        == [fold(s) for s in pred.get("sections") or []],
    }


def run(bindir, path):
    p = subprocess.run([os.path.join(bindir, "zhx-meta"), "-f", "json", path],
                       capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("zhx-meta exit %d: %s" % (p.returncode, p.stderr.decode()))
    return json.loads(p.stdout)


def main():
    bindir = sys.argv[1] if len(sys.argv) > 1 else "bin"
    passed = failed = 0

    def report(doc, checks, pred, want):
        nonlocal passed, failed
        for k, ok in checks.items():
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s %s: want %r, got %r" % (doc, k, want.get(k), pred.get(k)))

    jobs = [("testdata/hohhot-talent-2024.txt", json.load(open("testdata/gold/hohhot-talent-2024.json",
                                                                encoding="utf-8"))["meta"], False)]
    with open("testdata/articles/expected.json", encoding="utf-8") as f:
        for name, want in json.load(f).items():
            jobs.append(("testdata/articles/" + name, want, True))

    for path, want, full in jobs:
        with open(path, encoding="utf-8-sig", newline="") as f:
            orig = f.read()
        try:
            pred = run(bindir, path)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
            failed += 1
            print("FAIL %s: %s" % (path, e))
            continue
        checks = six(want, pred)
        body = pred.get("body") or []
        checks["offsets"] = all(orig[b["start"]:b["end"]] == b["text"] for b in body)
        if full:
            checks["roles"] = [(a["name"], a["role"]) for a in want["authors"]] == \
                [(a.get("name"), a.get("role")) for a in pred.get("authors") or []]
            checks["paragraphs"] = len(body) == want["paragraphs"]
            checks["last_paragraph_ends"] = bool(body) and body[-1]["text"].endswith(want["last_paragraph_ends"])
            pred = dict(pred, paragraphs=len(body), roles=pred.get("authors"),
                        last_paragraph_ends=body[-1]["text"][-20:] if body else None)
        report(path, checks, pred, want)
    print("meta_check: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
