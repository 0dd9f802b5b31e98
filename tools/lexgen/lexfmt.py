#!/usr/bin/env python3
"""Normalize hand-written lexicon files in place: NFKC, entries sorted by
code point, duplicates merged (the first line's fields win, and a duplicate
with different fields is an error), header comments kept at the top.

  lexfmt.py FILE...
"""
import sys

from lexio import nfkc, order_header


def fmt(path):
    with open(path, encoding="utf-8") as f:
        lines = [nfkc(l.rstrip("\n")) for l in f]
    header, entries = [], {}
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if entries:
                raise SystemExit("%s:%d: comment after the entries" % (path, no))
            header.append(line)
            continue
        parts = [p.strip() for p in line.split("\t")]
        word, fields = parts[0], [p for p in parts[1:] if p]
        for fl in fields:
            if "=" not in fl:
                raise SystemExit("%s:%d: field without '=': %r" % (path, no, fl))
        if word in entries and entries[word] != fields:
            raise SystemExit("%s:%d: %s listed twice with different fields" % (path, no, word))
        entries[word] = fields
    with open(path, "w", encoding="utf-8") as f:
        for h in order_header(header):
            f.write(h + "\n")
        for w in sorted(entries):
            f.write("\t".join([w] + entries[w]) + "\n")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        fmt(p)
