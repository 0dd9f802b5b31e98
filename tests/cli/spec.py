#!/usr/bin/env python3
"""Run the CLI spec files (tests/cli/*.spec): transcripts of commands with
their input and the exact output, error text and exit status expected.

    spec.py [--regen] [--bindir DIR] FILE.spec...

A case:
    === title
    $ zhx-seg -f jsonl            command line; the first word is a binary in
                                  --bindir, the rest are split like a shell
    <<<                           standard input: the lines up to the next
    ...                           marker, each ending in a newline
                                  (<<<n: no final newline; <<<esc: Python
                                  escapes such as \\xff are decoded)
    >>>                           expected standard output
    >>>2                          expected standard error (optional: if
                                  absent, standard error must be empty)
    >>>= 1                        expected exit status (default 0)
Commands run in the repository root. With --regen, the expected sections
are rewritten from what the binaries print: review with `git diff`.
The last line printed is "spec: N passed, N failed".
"""
import argparse
import codecs
import os
import re
import shlex
import subprocess
import sys

MARK = re.compile(r"^(===|\$ |<<<|>>>)")


def parse(path):
    cases, cur, section = [], None, None
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    def drop_separator():
        # One blank line separates cases; it belongs to no section.
        if cur is not None and section and cur[section] and cur[section][-1] == "":
            cur[section].pop()

    for ln in lines:
        if ln.startswith("=== "):
            drop_separator()
            cur = {"title": ln[4:], "cmd": None, "stdin": None, "stdin_mode": "",
                   "stdout": [], "stderr": None, "status": 0}
            cases.append(cur)
            section = None
        elif cur is None:
            continue
        elif ln.startswith("$ ") and section is None:
            cur["cmd"] = ln[2:]
        elif ln.startswith("<<<"):
            cur["stdin"], cur["stdin_mode"], section = [], ln[3:], "stdin"
        elif ln.startswith(">>>="):
            cur["status"], section = int(ln[4:].strip()), None
        elif ln == ">>>2":
            cur["stderr"], section = [], "stderr"
        elif ln == ">>>":
            cur["stdout"], section = [], "stdout"
        elif section:
            cur[section].append(ln)
    drop_separator()
    return lines, cases


def stdin_bytes(case):
    if case["stdin"] is None:
        return b""
    text = "\n".join(case["stdin"])
    if case["stdin_mode"] != "n" and case["stdin"]:
        text += "\n"
    if case["stdin_mode"] == "esc":
        return codecs.escape_decode(text.encode("utf-8"))[0]
    return text.encode("utf-8")


def run(case, bindir):
    argv = shlex.split(case["cmd"])
    argv[0] = os.path.join(bindir, argv[0])
    env = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run(argv, input=stdin_bytes(case), capture_output=True, env=env, timeout=120)
    # Sanitizer builds put their binary path in messages; compare names only.
    err = p.stderr.decode("utf-8", "replace").replace(bindir + "/", "")
    return p.stdout.decode("utf-8", "replace"), err, p.returncode


def lines_of(text):
    if text == "":
        return []
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n") + ["<no newline at end>"]


def write_spec(path, cases, results):
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        head = f.read().split("\n=== ")[0]
    out.append(head.rstrip("\n"))
    for case, (so, se, rc) in zip(cases, results):
        out.append("")
        out.append("=== " + case["title"])
        out.append("$ " + case["cmd"])
        if case["stdin"] is not None:
            out.append("<<<" + case["stdin_mode"])
            out.extend(case["stdin"])
        out.append(">>>")
        out.extend(lines_of(so))
        if se:
            out.append(">>>2")
            out.extend(lines_of(se))
        if rc:
            out.append(">>>= %d" % rc)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--regen", action="store_true")
    ap.add_argument("--bindir", default="bin")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    bindir = os.path.abspath(a.bindir)
    passed = failed = 0
    for path in a.files:
        _, cases = parse(path)
        results = []
        for case in cases:
            so, se, rc = run(case, bindir)
            results.append((so, se, rc))
            want_out = case["stdout"]
            want_err = case["stderr"] or []
            ok = lines_of(so) == want_out and lines_of(se) == want_err and rc == case["status"]
            if ok:
                passed += 1
                continue
            failed += 1
            print("FAIL %s: %s\n  $ %s" % (path, case["title"], case["cmd"]))
            if lines_of(so) != want_out:
                print("  stdout:\n    got:  %r\n    want: %r" % (lines_of(so)[:8], want_out[:8]))
            if lines_of(se) != want_err:
                print("  stderr:\n    got:  %r\n    want: %r" % (lines_of(se)[:8], want_err[:8]))
            if rc != case["status"]:
                print("  status: got %d, want %d" % (rc, case["status"]))
        if a.regen:
            write_spec(path, cases, results)
    print("spec: %d passed, %d failed" % (passed, failed))
    return 1 if failed and not a.regen else 0


if __name__ == "__main__":
    sys.exit(main())
