#!/usr/bin/env python3
"""Every record of every CLI over all of testdata/ must point into the
original text: text == original[start:end] (code points, half-open).

    offsets.py BINDIR

Runs each zhx binary that exists in BINDIR with -f jsonl over every
testdata/**/*.txt file, and over every testdata/**/*.jsonl file whose lines
are {"id", "text"} documents (with --input-format jsonl). Any JSON object in
the output with integer start/end and a string text is a record; its
document is the nearest enclosing "doc". zhx-norm's text is normalized, so
there the check is that the edits explain every difference.
Prints "offsets: N passed, N failed" (one check per binary and file).
"""
import glob
import json
import os
import subprocess
import sys

RUNS = {
    "zhx-seg": [[], ["-w"]],
    "zhx-norm": [[]],
    "zhx-figs": [[], ["--all"]],
    "zhx-ents": [[]],
    "zhx-meta": [[]],
    "zhx-convert": [[]],
}


def records(obj, doc=None):
    if isinstance(obj, dict):
        doc = obj.get("doc", doc) if isinstance(obj.get("doc"), str) else doc
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) \
                and isinstance(obj.get("text"), str):
            yield doc, obj
        for v in obj.values():
            yield from records(v, doc)
    elif isinstance(obj, list):
        for v in obj:
            yield from records(v, doc)


def check_norm(orig, r):
    """Outside the edits the normalized text copies the original."""
    text = r["text"]
    # Rebuild the original line from text and edits.
    out, i = [], 0
    for ts, te, os_, oe in r.get("edits", []):
        out.append(text[i:ts])
        out.append(orig[os_:oe])
        i = te
    out.append(text[i:])
    return "".join(out) == orig[r["start"]:r["end"]]


def main():
    bindir = sys.argv[1]
    docs = []
    for path in sorted(glob.glob("testdata/**/*.txt", recursive=True)):
        with open(path, encoding="utf-8-sig", newline="") as f:
            docs.append((path, [], {path: f.read()}))
    for path in sorted(glob.glob("testdata/**/*.jsonl", recursive=True)):
        texts = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    o = json.loads(line)
                except ValueError:
                    continue
                if isinstance(o, dict) and isinstance(o.get("text"), str) and isinstance(o.get("id"), str):
                    texts[o["id"]] = o["text"]
        if texts:
            docs.append((path, ["--input-format", "jsonl"], texts))
    passed = failed = 0
    for name, variants in RUNS.items():
        exe = os.path.join(bindir, name)
        if not os.path.exists(exe):
            continue
        for extra in variants:
            for path, inopts, texts in docs:
                argv = [exe, "-f", "jsonl"] + extra + inopts + [path]
                p = subprocess.run(argv, capture_output=True, timeout=600)
                bad, n = [], 0
                for line in p.stdout.decode("utf-8").splitlines():
                    for doc, r in records(json.loads(line)):
                        n += 1
                        orig = texts.get(doc)
                        if orig is None:
                            bad.append("unknown doc %r" % doc)
                        elif name == "zhx-norm":
                            if not check_norm(orig, r):
                                bad.append(r)
                        elif orig[r["start"]:r["end"]] != r["text"]:
                            bad.append(r)
                if bad or p.returncode not in (0, 1):
                    failed += 1
                    print("FAIL offsets: %s: %d of %d records disagree (exit %d): %s"
                          % (" ".join(argv), len(bad), n, p.returncode, bad[:3]))
                else:
                    passed += 1
    print("offsets: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
