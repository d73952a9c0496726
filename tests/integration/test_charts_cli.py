#!/usr/bin/env python3
"""Integration tests for the charts: `selvedge plan FILE --format svg` (the T&A Gantt) and
`selvedge cost FILE --chart svg -o OUT` (the cost breakdown and the small-run curves). They
run the built binary and parse what it writes with xml.etree.

How bars are counted: cairo's SVG carries no classes or ids, so the Gantt fills its milestone
bars, and nothing else, with four reserved colours (include/selvedge/chart.h,
SV_CHART_FILL_*); a milestone is one <path> filled with one of them. The count is checked
against the milestones of `plan --json`.

Standard library only, with the helpers the scripts share in harness.py beside it. Prints
TAP; every run passes --today so that results do not age.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (EXAMPLES, ROOT, TODAY, check, expect_exit, load_json, main,  # noqa: E402
                     run, test, tmpdir)

SVG = "{http://www.w3.org/2000/svg}"
BAR_FILLS = {0x2f6fb2, 0x3a9a6a, 0x8c7bb8, 0xd9481c}  # brand, factory, other, late
LATE = 0xd9481c
EXAMPLE_FILES = ("northline.yaml", "kids-two-origins.yaml", "bd-basics-lc.yaml", "hobby.yaml",
                 "eu-knitwear.yaml")


def example(name):
    return os.path.join(EXAMPLES, name)


def fill_of(el):
    m = re.search(r"fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)", el.get("style", ""))
    if not m:
        return None
    v = 0
    for part in m.groups():
        v = v << 8 | round(float(part) * 255 / 100)
    return v


def parse_svg(path):
    """The document's root, checked to be an <svg> element that parses as XML."""
    with open(path, "rb") as f:
        data = f.read()
    check(data.startswith(b"<?xml"), f"{path}: no XML declaration", data[:200])
    root = ET.fromstring(data)
    check(root.tag == SVG + "svg", f"{path}: root is {root.tag}, not svg")
    return root


def fills(root):
    return [fill_of(p) for p in root.iter(SVG + "path")]


@test("plan --format svg: well-formed SVG with one bar per milestone of plan --json, late "
      "ones in the warning colour")
def _():
    with tmpdir() as tmp:
        for name in EXAMPLE_FILES:
            for today in (TODAY, "2026-01-05"):
                out = os.path.join(tmp, "plan.svg")
                r = run("plan", example(name), "--today", today, "--format", "svg", "-o", out)
                expect_exit(r, 0)
                check(r.out == "", "output on stdout", r.describe())
                root = parse_svg(out)
                d = load_json(run("plan", example(name), "--today", today, "--json"))
                f = fills(root)
                bars = sum(1 for v in f if v in BAR_FILLS)
                check(bars == len(d["milestones"]),
                      f"{name} --today {today}: {bars} bars for {len(d['milestones'])} "
                      "milestones")
                late = sum(1 for m in d["milestones"]
                           if d.get("launch") and m.get("slack_days", 0) < 0)
                check(f.count(LATE) == late,
                      f"{name} --today {today}: {f.count(LATE)} late bars, {late} late "
                      "milestones")
                os.unlink(out)


@test("plan --format svg without -o: the SVG on standard output, the same document")
def _():
    r = run("plan", example("northline.yaml"), "--today", TODAY, "--format", "svg")
    expect_exit(r, 0)
    root = ET.fromstring(r.raw)
    check(root.tag == SVG + "svg", "not an svg document", r.out[:300])


# the summary's phases (include/selvedge/chart.h, SV_CHART_FILL_DEVELOP, _FABRIC, _MAKE)
PHASE_FILLS = {0x5a8fd0, 0xc58b3c, 0x2f8f5b}


def phase_of(kind):
    """The summary's phase of a style's milestone, as docs/charts.md gives it."""
    if kind.startswith("fabric_"):
        return "fabric"
    if kind.startswith("production") or kind.endswith("_inspection"):
        return "production"
    return "development"


def summary_expected(d):
    """(bars, late bars, styles) the summary draws for plan --json's document d."""
    has_launch = bool(d.get("launch"))
    phases, late, bars, nlate = {}, set(), 0, 0
    for m in d["milestones"]:
        is_late = has_launch and m.get("slack_days", 0) < 0
        if not m.get("style"):
            bars += 1
            nlate += is_late
            continue
        key = (m["style"], phase_of(m["kind"]))
        phases[key] = True
        if is_late:
            late.add(key)
    styles = {k[0] for k in phases}
    return bars + len(phases), nlate + len(late), len(styles)


@test("plan --format svg --summary: a bar a phase of each style and a bar a milestone of the "
      "program's, late ones in the warning colour; fewer bars than the full chart")
def _():
    with tmpdir() as tmp:
        for name in EXAMPLE_FILES:
            for today in (TODAY, "2026-01-05"):
                out = os.path.join(tmp, "sum.svg")
                r = run("plan", example(name), "--today", today, "--format", "svg",
                        "--summary", "-o", out)
                expect_exit(r, 0)
                root = parse_svg(out)
                d = load_json(run("plan", example(name), "--today", today, "--json"))
                want, want_late, styles = summary_expected(d)
                f = fills(root)
                bars = sum(1 for v in f if v in BAR_FILLS or v in PHASE_FILLS)
                check(bars == want, f"{name} --today {today}: {bars} bars, {want} expected")
                check(bars < len(d["milestones"]), f"{name}: the summary is not shorter")
                check(f.count(LATE) == want_late,
                      f"{name} --today {today}: {f.count(LATE)} late bars, {want_late} expected")
                check(sum(1 for v in f if v in PHASE_FILLS) + f.count(LATE) >= styles,
                      f"{name}: fewer phase bars than styles")
                os.unlink(out)


@test("--summary without --format svg is a usage error (exit 2), nothing written")
def _():
    with tmpdir() as tmp:
        out = os.path.join(tmp, "x.txt")
        for fmt in ((), ("--format", "json"), ("--format", "csv")):
            r = run("plan", example("northline.yaml"), "--today", TODAY, *fmt, "--summary",
                    "-o", out)
            expect_exit(r, 2)
            check("--summary" in r.err and "--format svg" in r.err, "no usage message",
                  r.describe())
            check(not os.path.exists(out), "written anyway")
        r = run("plan", "--help")
        expect_exit(r, 0)
        check("--summary" in r.out, "--help does not say --summary", r.out)


@test("cost --chart svg -o: well-formed SVG; the breakdown and a curve for every style")
def _():
    with tmpdir() as tmp:
        for name in EXAMPLE_FILES:
            out = os.path.join(tmp, "cost.svg")
            r = run("cost", example(name), "--today", TODAY, "--chart", "svg", "-o", out)
            expect_exit(r, 0)
            check(r.out == "", "output on stdout", r.describe())
            root = parse_svg(out)
            d = load_json(run("cost", example(name), "--today", TODAY, "--json"))
            styles = d["styles"]
            # the curve marks the planned run with one filled dot in its own colour
            planned = sum(1 for v in fills(root) if v == 0xc0174b)
            want = sum(1 for s in styles if s.get("costed")
                       for row in s.get("small_runs") or [] if row.get("planned"))
            check(want > 0 and planned == want,
                  f"{name}: {planned} planned marks for {want} planned runs")
            os.unlink(out)


@test("cost --chart without -o, -o without --chart, --chart png: usage errors (exit 2), "
      "nothing written")
def _():
    with tmpdir() as tmp:
        for args in (("--chart", "svg"), ("-o", os.path.join(tmp, "x.svg")),
                     ("--chart", "png", "-o", os.path.join(tmp, "x.png")),
                     ("--chart", "svg", "--json", "-o", os.path.join(tmp, "x.svg"))):
            r = run("cost", example("northline.yaml"), "--today", TODAY, *args, cwd=tmp)
            expect_exit(r, 2)
            check(r.out == "", "output on stdout", r.describe())
            check(os.listdir(tmp) == [], f"written: {os.listdir(tmp)}")


@test("a program check's parser refuses: plan --format svg and cost --chart svg refuse it "
      "with the same message; the file that was there is kept")
def _():
    with tmpdir() as tmp:
        bad = os.path.join(tmp, "bad.yaml")
        with open(bad, "w") as f:
            f.write("program:\n  name: x\n  bogus: [\n")
        want = run("check", bad, "--today", TODAY)
        check(want.code == 1 and want.err, "check does not refuse it", want.describe())
        out = os.path.join(tmp, "chart.svg")
        with open(out, "w") as f:
            f.write("kept")
        for args in (("plan", bad, "--format", "svg", "-o", out),
                     ("cost", bad, "--chart", "svg", "-o", out)):
            r = run(*args, "--today", TODAY)
            expect_exit(r, 1)
            check(r.err == want.err, "not check's message", r.describe(), want.err)
            with open(out) as f:
                check(f.read() == "kept", f"{args[0]}: the file was replaced")
        check(sorted(os.listdir(tmp)) == ["bad.yaml", "chart.svg"],
              f"left behind: {os.listdir(tmp)}")


@test("-o where nothing can be written (a missing directory, under a file, /dev/full): exit 1, "
      "the path named, nothing left behind")
def _():
    with tmpdir() as tmp:
        plain = os.path.join(tmp, "file")
        with open(plain, "w") as f:
            f.write("x")
        targets = [os.path.join(tmp, "no-such-dir", "c.svg"), os.path.join(plain, "c.svg")]
        if os.path.exists("/dev/full"):
            targets.append("/dev/full")
        for out in targets:
            for args in (("plan", example("northline.yaml"), "--format", "svg", "-o", out),
                         ("cost", example("northline.yaml"), "--chart", "svg", "-o", out)):
                r = run(*args, "--today", TODAY)
                expect_exit(r, 1)
                check(out in r.err, f"{args[0]}: stderr does not name {out}", r.describe())
                check(r.out == "", "output on stdout", r.describe())
        check(os.listdir(tmp) == ["file"], f"left behind: {os.listdir(tmp)}")


@test("a program with no styles: plan --format svg and cost --chart svg refuse it, nothing "
      "written")
def _():
    with tmpdir() as tmp:
        src = open(example("northline.yaml"), encoding="utf-8").read()
        cut = src.index("\n  styles:")
        empty = os.path.join(tmp, "empty.yaml")
        with open(empty, "w", encoding="utf-8") as f:
            f.write(src[:cut] + "\n  styles: []\n")
        out = os.path.join(tmp, "c.svg")
        for args in (("plan", empty, "--format", "svg", "-o", out),
                     ("cost", empty, "--chart", "svg", "-o", out)):
            r = run(*args, "--today", TODAY)
            check(r.code != 0, f"{args[0]}: accepted", r.describe())
            check(not os.path.exists(out), f"{args[0]}: wrote {out}")


if __name__ == "__main__":
    main()
