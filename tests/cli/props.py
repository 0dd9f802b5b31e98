#!/usr/bin/env python3
"""Properties that must hold for any input, checked over the test articles
and over generated text (random mixes of Chinese, digits, punctuation,
full-width forms and odd white space):

  - every record's text == original[start:end] (code points);
  - output is valid: CSV parses back with the header's width, every JSON
    Lines line parses;
  - zhx-norm is idempotent: normalizing its output changes nothing;
  - zhx-convert gives the same bytes with --jobs 1 and --jobs 3;
  - zhx-ents gives the same records from the build-time image of the
    built-in rules as from the same rules read as a user's file (compiled
    at start-up, every table made afresh).

    props.py BINDIR
Prints "props: N passed, N failed".
"""
import csv
import glob
import io
import json
import os
import random
import subprocess
import sys

from offsets import records  # every record with doc, start, end, text

BIN = sys.argv[1] if len(sys.argv) > 1 else "bin"
random.seed(20241127)

PIECES = ["呼和浩特市", "华中农业大学", "研究生张博", "投放贷款1.26亿元", "第30位", "15%以上",
          "“科技突围”工程", "《呼和浩特市吸引人才政策10条(试行)》", "２０２４年９月２８日",
          "，", "。", "！", "？", "……", "、", "：", "（", "）", "「", "」", "　", " ", "\t",
          "\n", "\r\n", "一万五千亿", "三分之一", "百分之三十", "约", "多", "陈十一", "欧阳明高院士",
          "Ｅ＝ｍｃ２", "e\u0301", "㈱", "…", "發展經濟", "臺灣", "=SUM(A1)", "\"quoted\"", ",",
          "\u00a0", "\u200b", "𠀀", "😀", "今年", "去年", "记者 郑学良", "编辑:贾小燕"]


def gen_doc():
    return "".join(random.choice(PIECES) for _ in range(random.randint(0, 60)))


def run(args, data=None):
    p = subprocess.run([os.path.join(BIN, args[0])] + args[1:], input=data,
                       capture_output=True, timeout=300)
    return p


def main():
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL props:", what)

    docs = {"gen-%03d" % i: gen_doc() for i in range(150)}
    for path in sorted(glob.glob("testdata/*.txt") + glob.glob("testdata/articles/*.txt")):
        docs[path] = open(path, encoding="utf-8").read()
    batch = "".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n"
                    for k, v in docs.items()).encode("utf-8")

    bins = [b for b in ("zhx-seg", "zhx-norm", "zhx-figs", "zhx-ents", "zhx-meta", "zhx-convert")
            if os.path.exists(os.path.join(BIN, b))]
    for b in bins:
        extra = [["-w"]] if b == "zhx-seg" else [[]]
        for x in extra + [[]]:
            # offsets, and JSONL validity
            p = run([b, "--input-format", "jsonl", "-f", "jsonl"] + x, batch)
            bad = n = 0
            try:
                for line in p.stdout.decode("utf-8").splitlines():
                    for doc, r in records(json.loads(line)):
                        if "edits" in r:
                            continue  # zhx-norm's lines: offsets.py checks their edits
                        n += 1
                        if docs.get(doc, "")[r["start"]:r["end"]] != r["text"]:
                            bad += 1
                ok = p.returncode == 0 and bad == 0
            except ValueError as e:
                ok = False
                bad = str(e)
            check(ok, "%s %s: %s bad of %d records, exit %d" % (b, x, bad, n, p.returncode))
            # CSV parses back with a constant width
            p = run([b, "--input-format", "jsonl", "-f", "csv"] + x, batch)
            try:
                rows = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
                ok = p.returncode == 0 and rows and all(len(r) == len(rows[0]) for r in rows)
            except (csv.Error, UnicodeDecodeError):
                ok = False
            check(ok, "%s %s: CSV does not parse back" % (b, x))

    if "zhx-norm" in bins:
        once = run(["zhx-norm", "-z", "--fold-space"], b"\0".join(v.encode() for v in docs.values()))
        twice = run(["zhx-norm", "-z", "--fold-space"], once.stdout)
        check(once.returncode == 0 and once.stdout == twice.stdout, "zhx-norm is not idempotent")

    if "zhx-convert" in bins:
        a = run(["zhx-convert", "--input-format", "jsonl", "-f", "jsonl", "--jobs", "1"], batch)
        b = run(["zhx-convert", "--input-format", "jsonl", "-f", "jsonl", "--jobs", "3"], batch)
        check(a.returncode == 0 and a.stdout and a.stdout == b.stdout,
              "zhx-convert --jobs 1 and --jobs 3 differ")

    if "zhx-ents" in bins:
        import tempfile
        ner = "".join(open(f, encoding="utf-8").read()
                      for f in sorted(glob.glob("testdata/ner/*.jsonl"))).encode("utf-8")
        with tempfile.NamedTemporaryFile("w", suffix=".rules", encoding="utf-8") as f:
            for path in sorted(glob.glob("rules/*.rules")):
                f.write(open(path, encoding="utf-8").read() + "\n")
            f.flush()
            for data in (batch, ner):
                a = run(["zhx-ents", "--input-format", "jsonl", "-f", "jsonl", "--explain"], data)
                b = run(["zhx-ents", "--rules-only", "--rules", f.name, "--input-format", "jsonl",
                         "-f", "jsonl", "--explain"], data)
                check(a.returncode == 0 and a.stdout and a.stdout == b.stdout,
                      "zhx-ents: the image and the rules read afresh differ")

    print("props: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
