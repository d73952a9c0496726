#!/usr/bin/env python3
"""The docs say what the code does (issue 9, item 6): every finding code `check` can emit is
in docs/internals/readiness.md's table with the severities it is emitted at, and every
option a message tells the user to use is in the command's --help.

Standard library only, with the helpers the scripts share in harness.py beside it. Prints
TAP. Reads the sources (lib/, docs/) from SELVEDGE_SOURCE_ROOT and runs the binary.
"""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import ROOT, check, main, test  # noqa: E402

SEVERITY_WORD = {"BLOCKER": "blocker", "WARNING": "warning", "INFO": "info"}


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def emitted():
    """code -> set of severity words it is added with, from every add(c, "code", SEV, ...)
    call of the readiness engine; a severity held in a variable gives no word (None)."""
    src = read("lib/engine/readiness.c")
    codes = {}
    for m in re.finditer(r'\badd\(\s*c\s*,\s*"([a-z_]+\.[a-z_]+)"\s*,', src):
        # the severity argument: up to the next top-level comma of the call
        rest = src[m.end():m.end() + 400]
        depth, arg = 0, ""
        for ch in rest:
            if ch in "([":
                depth += 1
            elif ch in ")]":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                break
            arg += ch
        words = {SEVERITY_WORD[w] for w in re.findall(r"SV_SEV_([A-Z]+)", arg)}
        codes.setdefault(m.group(1), set()).update(words or {None})
    return codes


def documented():
    """code -> the severity cell of its row in readiness.md's tables."""
    rows = {}
    for line in read("docs/internals/readiness.md").splitlines():
        m = re.match(r"^\|\s*`?([a-z_]+\.[a-z_]+)`?\s*\|", line)
        if m:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[m.group(1)] = cells[-1]
    return rows


@test("every finding code check emits has a row in docs/internals/readiness.md")
def _():
    codes, rows = emitted(), documented()
    check(len(codes) >= 30, f"only {len(codes)} codes read from readiness.c: the reader broke")
    missing = sorted(c for c in codes if c not in rows)
    check(not missing, "codes without a row: " + ", ".join(missing))


@test("each documented row names every severity its code is emitted at")
def _():
    codes, rows = emitted(), documented()
    wrong = []
    for code, sevs in sorted(codes.items()):
        cell = rows.get(code)
        if cell is None or "see below" in cell:
            continue
        for s in sevs - {None}:
            if s not in cell and not (s == "info" and "note" in cell):
                wrong.append(f"{code}: emitted as {s}, documented as '{cell}'")
    check(not wrong, "; ".join(wrong))


@test("no row documents a code the engine no longer emits")
def _():
    codes, rows = emitted(), documented()
    src = read("lib/engine/readiness.c")
    stale = sorted(c for c in rows if c not in codes and f'"{c}"' not in src)
    check(not stale, "documented but never emitted: " + ", ".join(stale))


@test("every --option a message or report tells the user of is in some command's --help")
def _():
    helptext = ""
    for argv in (["--help"], ["check", "--help"], ["cost", "--help"], ["plan", "--help"],
                 ["match", "--help"], ["aql", "--help"], ["factories", "--help"],
                 ["scorecard", "--help"],
                 ["ledger", "--help"], ["rfq", "--help"], ["sample", "--help"],
                 ["change", "--help"], ["order", "--help"], ["pay", "--help"],
                 ["progress", "--help"], ["inspect", "--help"], ["message", "--help"],
                 ["quote", "--help"], ["quotes", "--help"]):
        r = harness.run(*argv)
        helptext += r.out + r.err
    said = {}
    for d in ("lib/engine", "lib/report", "lib/io", "src"):
        for name in sorted(os.listdir(os.path.join(ROOT, d))):
            if not name.endswith(".c"):
                continue
            rel = os.path.join(d, name)
            for lit in re.findall(r'"((?:[^"\\\n]|\\.)*)"', read(rel)):
                for opt in re.findall(r"(?<![\w-])(--[a-z][a-z-]+[a-z])", lit):
                    said.setdefault(opt, rel)
    check(len(said) >= 10, f"only {len(said)} options found in the sources: the reader broke")
    missing = sorted(f"{o} ({f})" for o, f in said.items()
                     if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", helptext))
    check(not missing, "options the sources tell of that no --help lists: " + ", ".join(missing))


if __name__ == "__main__":
    sys.exit(main())
