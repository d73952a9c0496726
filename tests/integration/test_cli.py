#!/usr/bin/env python3
"""Integration tests for the selvedge command line: they run the built binary the way a
user does and check what comes out (exit status, stdout, stderr, JSON, colour, width).

Standard library only, with the helpers the scripts share in harness.py beside it.
Prints TAP: "1..N", then "ok N - ..." or "not ok N - ..." with diagnostics as "# ..."
lines; exits 1 if any test failed.

Environment:
  SELVEDGE              the binary (default build/selvedge)
  SELVEDGE_SOURCE_ROOT  the source tree, for examples/ and data/ (default .)

Every subprocess runs with a timeout, with NO_COLOR and SELVEDGE_DATA removed from its
environment, and (except in the colour tests, which use a pseudo-terminal) with stdout a
pipe, so no colour is expected.
"""
import glob
import json
import os
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_pty  # noqa: E402
from harness import (ANSI, BIN, DATA, EXAMPLES, ROOT, TESTS, TIMEOUT, TODAY,  # noqa: E402
                     Failure, Run, base_env, check, check_plain_80, expect_exit, is_int,
                     is_program_file, load_json, main, run, run_cached, test, tmpdir)

AREAS = {"clarity", "numbers", "budget", "timeline", "documentation", "commitment"}
SEVERITIES = {"blocker", "warning", "info"}
VERDICTS = {"ready", "nearly", "not_ready"}
VERDICT_TEXT = {"ready": "READY", "nearly": "NEARLY READY", "not_ready": "NOT READY"}

# What each example is written to teach. Examples not listed here get the generic tests only.
EXPECTED = {
    "ready.yaml": {
        "verdict": "ready",
        "max_blockers": 0,
        "codes": [],
    },
    "hobby.yaml": {
        "verdict": "not_ready",
        "min_blockers": 5,
        "codes": ["positioning.undefined", "range.too_broad", "budget.sampling_unfunded",
                  "techpack.incomplete", "payment.unrealistic", "timeline.too_short",
                  "plan.single_season", "moq.per_color_below_typical",
                  "commitment.experience_missing", "commitment.hobby_signals"],
        "blockers": ["budget.sampling_unfunded", "techpack.incomplete", "timeline.too_short"],
    },
    "fast-fashion-price.yaml": {
        "verdict": "not_ready",
        "codes": ["price.target_below_floor", "positioning.price_mismatch"],
        "blockers": ["price.target_below_floor"],
    },
    "eu-knitwear.yaml": {
        "verdict": "nearly",
        "max_blockers": 0,
        "codes": ["price.target_below_cost", "moq.per_color_below_typical",
                  "techpack.incomplete"],
    },
    "kids-basics-gbp.yaml": {
        "verdict": "nearly",
        "max_blockers": 0,
        "codes": ["budget.sampling_unfunded", "payment.unrealistic", "timeline.tight",
                  "plan.growth_unrealistic"],
    },
}


# ---------------------------------------------------------------- on a terminal

# ---------------------------------------------------------------- checks

def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_readiness_json(d):
    check(isinstance(d, dict), f"expected a JSON object, got {type(d).__name__}")
    check(is_int(d.get("score")) and 0 <= d["score"] <= 100,
          f"score must be an integer 0..100, got {d.get('score')!r}")
    check(d.get("verdict") in VERDICTS, f"verdict {d.get('verdict')!r} not in {sorted(VERDICTS)}")
    areas = d.get("areas")
    check(isinstance(areas, dict) and set(areas) == AREAS,
          f"areas must be exactly {sorted(AREAS)}, got {areas!r}")
    for name, v in areas.items():
        check(is_int(v) and 0 <= v <= 100, f"area {name} must be an integer 0..100, got {v!r}")
    findings = d.get("findings")
    check(isinstance(findings, list), f"findings must be a list, got {findings!r}")
    tally = {s: 0 for s in SEVERITIES}
    for i, f in enumerate(findings):
        where = f"findings[{i}] ({f.get('code') if isinstance(f, dict) else f!r})"
        check(isinstance(f, dict), f"{where} is not an object")
        for key in ("code", "severity", "style", "message", "fix", "numbers"):
            check(key in f, f"{where} has no {key!r}", json.dumps(f, indent=2))
        check(isinstance(f["code"], str) and re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", f["code"]),
              f"{where}: code {f['code']!r} is not a dotted lower-case name")
        check(f["severity"] in SEVERITIES, f"{where}: severity {f['severity']!r}")
        check(f["style"] is None or (isinstance(f["style"], str) and f["style"]),
              f"{where}: style must be null or a style code, got {f['style']!r}")
        for key in ("message", "fix"):
            check(isinstance(f[key], str) and f[key].strip(), f"{where}: empty {key}")
        check(isinstance(f["numbers"], dict), f"{where}: numbers must be an object")
        for name, n in f["numbers"].items():
            check(isinstance(n, dict) and is_number(n.get("value")) and
                  isinstance(n.get("unit"), str),
                  f"{where}: numbers.{name} must be {{value: number, unit: text}}, got {n!r}")
        tally[f["severity"]] += 1
    if "counts" in d:
        check(d["counts"] == tally, f"counts {d['counts']} do not match the findings {tally}")
    if tally["blocker"]:
        check(d["verdict"] == "not_ready",
              f"{tally['blocker']} blocker(s) but the verdict is {d['verdict']}")


MONEY_SHEET = ("fabric", "trims", "cmt", "wash_print", "packaging", "overhead",
               "factory_margin", "fob", "price_per_unit", "price", "origin_charges", "in_price")
MONEY_LANDED = ("fob", "freight", "insurance", "customs_value", "duty", "additional_duty",
                "customs_fees", "brokerage", "agent_commission", "testing", "development",
                "landed")
MONEY_RUN = ("unit_fob", "setup_per_unit", "unused_fabric_per_unit")


def check_cost_json(d):
    check(isinstance(d, dict), "expected a JSON object")
    for key in ("total_fob", "total_landed", "program_units"):
        check(is_int(d.get(key)), f"{key} must be an integer, got {d.get(key)!r}")
    check(isinstance(d.get("currency"), str) and len(d["currency"]) == 3,
          f"currency must be an ISO 4217 code, got {d.get('currency')!r}")
    check(isinstance(d.get("styles"), list), "styles must be a list")
    sum_fob = sum_landed = 0
    for s in d["styles"]:
        code = s.get("code")
        if not s.get("costed"):
            continue
        sheet, landed = s.get("cost_sheet", {}), s.get("landed", {})
        for k in MONEY_SHEET:
            check(is_int(sheet.get(k)), f"{code}: cost_sheet.{k} must be an integer amount in "
                                        f"minor units, got {sheet.get(k)!r}")
        for k in MONEY_LANDED:
            check(is_int(landed.get(k)), f"{code}: landed.{k} must be an integer amount in "
                                         f"minor units, got {landed.get(k)!r}")
        check(s.get("target_fob") is None or is_int(s["target_fob"]),
              f"{code}: target_fob must be an integer or null, got {s.get('target_fob')!r}")
        for k in ("retail_price", "wholesale_price"):
            v = s.get("margins", {}).get(k)
            check(v is None or is_int(v), f"{code}: margins.{k} must be an integer or null, "
                                          f"got {v!r}")
        for run_ in s.get("small_runs", []):
            for k in MONEY_RUN:
                check(is_int(run_.get(k)), f"{code}: small_runs[units={run_.get('units')}].{k} "
                                           f"must be an integer, got {run_.get(k)!r}")
        direct = sum(sheet[k] for k in ("fabric", "trims", "cmt", "wash_print", "packaging"))
        check(sheet["price"] == direct + sheet["overhead"] + sheet["factory_margin"],
              f"{code}: the cost sheet lines do not add up to its price {sheet['price']}")
        check(sheet["fob"] == sheet["price"] + sheet["origin_charges"] - sheet["in_price"],
              f"{code}: the FOB {sheet['fob']} is not the price on {sheet['incoterm']} worked "
              f"to FOB")
        # landed, margins and totals are on the FOB at the units planned: the sheet as written
        # (basis order), else the small-run model's planned row (an estimate, basis bulk)
        check(landed["fob"] == s["fob_planned"],
              f"{code}: landed.fob differs from the FOB at the units planned")
        planned = [r for r in s.get("small_runs", []) if r["planned"]]
        if planned:
            check(planned[0]["unit_fob"] == s["fob_planned"],
                  f"{code}: the planned small-run row is not fob_planned")
        if sheet.get("quantity_basis") == "order":
            check(s["fob_planned"] == sheet["fob"],
                  f"{code}: a sheet priced for the order is not its own FOB at the units planned")
        else:
            check(s["fob_planned_from_model"] or not planned,
                  f"{code}: a bulk figure not brought to the units planned")
        parts = sum(landed[k] for k in ("fob", "freight", "insurance", "duty", "additional_duty",
                                        "customs_fees", "brokerage", "agent_commission", "testing",
                                        "development"))
        check(landed["landed"] == parts,
              f"{code}: landed cost {landed['landed']} is not the sum of its parts {parts}")
        sum_fob += s["fob_planned"] * s["units"]
        sum_landed += landed["landed"] * s["units"]
    check(d["total_fob"] == sum_fob, f"total_fob {d['total_fob']} != sum of FOB x units {sum_fob}")
    check(d["total_landed"] == sum_landed,
          f"total_landed {d['total_landed']} != sum of landed x units {sum_landed}")


# ---------------------------------------------------------------- the tests

def example_files():
    return sorted(glob.glob(os.path.join(EXAMPLES, "*.yaml")))


def add_example_tests(path):
    name = os.path.basename(path)
    rel = os.path.relpath(path, ROOT)
    if not is_program_file(path):
        TESTS.append((f"{rel} # SKIP not a program file (no top-level brand:)", None))
        return

    def check_human():
        r = run_cached("check", path, "--today", TODAY)
        expect_exit(r, 0)
        check(r.out.strip(), "empty report", r.describe())
        check(r.err == "", "something on stderr", r.describe())

    def check_json():
        r = run_cached("check", path, "--today", TODAY, "--json")
        expect_exit(r, 0)
        check_readiness_json(load_json(r))

    def human_matches_json():
        r = run_cached("check", path, "--today", TODAY)
        d = load_json(run_cached("check", path, "--today", TODAY, "--json"))
        check_plain_80(r)
        headline = re.search(r"Readiness (\d+)/100 +([A-Z ]+?) +\(", r.out)
        check(headline, "no 'Readiness N/100  VERDICT' line", r.describe())
        check(int(headline.group(1)) == d["score"],
              f"text says {headline.group(1)}/100, JSON says {d['score']}")
        check(headline.group(2) == VERDICT_TEXT[d["verdict"]],
              f"text says {headline.group(2)!r}, JSON verdict is {d['verdict']}")
        fixes = len(re.findall(r"^\s*Fix: \S", r.out, re.M))
        check(fixes == len(d["findings"]),
              f"{len(d['findings'])} findings but {fixes} 'Fix:' lines", r.describe())
        for f in d["findings"]:
            check(f["code"] in r.out, f"finding {f['code']} is missing from the text report")

    def cost_human():
        r = run_cached("cost", path)
        expect_exit(r, 0)
        check(r.err == "", "something on stderr", r.describe())
        check_plain_80(r)

    def cost_json():
        r = run_cached("cost", path, "--json")
        expect_exit(r, 0)
        check_cost_json(load_json(r))

    def deterministic():
        for args in (("check", path, "--today", TODAY), ("check", path, "--today", TODAY,
                     "--json"), ("cost", path), ("cost", path, "--json")):
            a, b = run(*args), run(*args)
            check((a.code, a.out, a.err) == (b.code, b.out, b.err),
                  f"two runs of {' '.join(args)} differ", a.describe(), b.describe())

    TESTS.extend([
        (f"{rel}: check --today {TODAY} exits 0 with a report", check_human),
        (f"{rel}: check --json has score, verdict, areas and well-formed findings", check_json),
        (f"{rel}: check text is plain, at most 80 columns, and agrees with --json",
         human_matches_json),
        (f"{rel}: cost exits 0, plain text at most 80 columns", cost_human),
        (f"{rel}: cost --json money is integer minor units and adds up", cost_json),
        (f"{rel}: check and cost give identical output twice", deterministic),
    ])

    exp = EXPECTED.get(name)
    if exp:
        def expectations():
            d = load_json(run_cached("check", path, "--today", TODAY, "--json"))
            codes = {f["code"] for f in d["findings"]}
            blockers = {f["code"] for f in d["findings"] if f["severity"] == "blocker"}
            n_blockers = sum(1 for f in d["findings"] if f["severity"] == "blocker")
            summary = f"score {d['score']}, verdict {d['verdict']}, codes {sorted(codes)}"
            check(d["verdict"] == exp["verdict"],
                  f"verdict {d['verdict']}, expected {exp['verdict']}", summary)
            missing = [c for c in exp.get("codes", []) if c not in codes]
            check(not missing, f"missing findings: {missing}", summary)
            not_blocking = [c for c in exp.get("blockers", []) if c not in blockers]
            check(not not_blocking, f"expected as blockers: {not_blocking}", summary)
            if "max_blockers" in exp:
                check(n_blockers <= exp["max_blockers"],
                      f"{n_blockers} blockers, expected at most {exp['max_blockers']}", summary)
            if "min_blockers" in exp:
                check(n_blockers >= exp["min_blockers"],
                      f"{n_blockers} blockers, expected at least {exp['min_blockers']}", summary)
        what = ", ".join([exp["verdict"]] + exp.get("codes", []))
        TESTS.append((f"{rel}: teaches what it says ({what})", expectations))


for _path in example_files():
    add_example_tests(_path)


@test("examples/: the four teaching examples besides northline exist")
def _():
    names = {os.path.basename(p) for p in example_files()}
    missing = sorted(set(EXPECTED) - names)
    check(not missing, f"missing examples: {missing}")


@test("examples/hobby.yaml (no origin_preference): no message speaks of origins 'you prefer'")
def _():
    d = load_json(run_cached("check", os.path.join(EXAMPLES, "hobby.yaml"), "--today", TODAY,
                             "--json"))
    bad = [f"{f['code']}: {f['message']}" for f in d["findings"] if "you prefer" in f["message"]]
    check(not bad, "the program names no preferred origins, yet findings say 'you prefer':", *bad)


@test("examples/eu-knitwear.yaml: made in PT or IT for an EU destination pays no import duty")
def _():
    path = os.path.join(EXAMPLES, "eu-knitwear.yaml")
    for origin in ("PT", "IT"):
        d = load_json(run_cached("cost", path, "--origin", origin, "--json"))
        dutiable = [f"{s['code']}: duty {s['landed']['duty']} ({s['landed']['duty_pct']}%)"
                    for s in d["styles"] if s.get("costed") and s["landed"]["duty"] != 0]
        check(not dutiable, f"goods moving {origin} -> {d['destination']} stay inside the EU "
                            f"customs union, but duty is charged:", *dutiable)


# --- aql

def aql_json(*args):
    r = run_cached("aql", *args)
    expect_exit(r, 0)
    check(r.err == "", "something on stderr", r.describe())
    return load_json(r)


def check_plan(p, letter, n, ac, re_):
    got = (p.get("code_letter"), p.get("sample_size"), p.get("accept"), p.get("reject"))
    check(got == (letter, n, ac, re_), f"expected {letter} {n} {ac}/{re_}, got {got}",
          json.dumps(p, indent=2))


@test("aql --lot 3000 --aql 2.5: code K, sample 125, accept 7, reject 8")
def _():
    check_plan(aql_json("--lot", "3000", "--json", "--aql", "2.5"), "K", 125, 7, 8)


@test("aql --lot 3000 --aql 4.0: code K, sample 125, accept 10, reject 11")
def _():
    check_plan(aql_json("--lot", "3000", "--json", "--aql", "4.0"), "K", 125, 10, 11)


@test("aql --lot 3000 --json without --aql: critical 0/1, major 7/8, minor 10/11")
def _():
    d = aql_json("--lot", "3000", "--json")
    check(isinstance(d, list) and len(d) == 3, f"expected a list of three plans, got {d!r}")
    check([p.get("defect_class") for p in d] == ["critical", "major", "minor"],
          f"defect classes {[p.get('defect_class') for p in d]}")
    check_plan(d[0], "K", 125, 0, 1)
    check_plan(d[1], "K", 125, 7, 8)
    check_plan(d[2], "K", 125, 10, 11)


@test("aql --lot 3000 (text): three plans, plain, at most 80 columns")
def _():
    r = run_cached("aql", "--lot", "3000")
    expect_exit(r, 0)
    for cls in ("critical", "major", "minor"):
        check(re.search(rf"^{cls}\b", r.out, re.M), f"no {cls} line", r.describe())
    check_plain_80(r)


for _args in (["--lot", "0"], ["--lot", "abc"], ["--lot", "3000", "--aql", "3.0"],
              ["--lot", "3000", "--level", "IV"], []):
    def _aql_usage(args=_args):
        for extra in ([], ["--json"]):
            r = run("aql", *args, *extra)
            expect_exit(r, 2)
            check(r.err.strip(), "no message on stderr", r.describe())
            check(r.out == "", "output on stdout for a usage error", r.describe())
    TESTS.append((f"aql {' '.join(_args) or '(no --lot)'}: usage error, exit 2, stderr only",
                  _aql_usage))


# --- bad program files

GOOD_BRAND = "brand:\n  name: Test\n  currency: USD\n"
BAD_FILES = [
    # (name, description, text, line, field, words in the message)
    ("unknown-key", "an unknown key",
     GOOD_BRAND + "  colour: red\nprogram:\n  name: P\n  destination: US\n",
     4, "brand.colour", ["unknown key"]),
    ("negative-units", "a negative unit count",
     GOOD_BRAND + "program:\n  name: P\n  destination: US\n  styles:\n    - code: A\n"
     "      category: t-shirt\n      colors:\n        - { name: Black, units: -5 }\n",
     11, "units", ["-5"]),
    ("unknown-currency", "an unknown currency",
     "brand:\n  name: Test\n  currency: XYZ\nprogram:\n  name: P\n  destination: US\n",
     3, "brand.currency", ["XYZ"]),
    ("no-such-date", "a date that does not exist",
     GOOD_BRAND + "program:\n  name: P\n  destination: US\n  launch_date: 2027-02-30\n",
     7, "program.launch_date", ["2027-02-30"]),
    ("syntax", "a YAML syntax error",
     "brand:\n  name: Test\n  currency: [USD\nprogram:\n  name: P\n", None, None, []),
    ("empty", "an empty file", "", 1, None, ["empty"]),
]

for _name, _desc, _text, _line, _field, _words in BAD_FILES:
    def _bad_file(name=_name, text=_text, line=_line, field=_field, words=_words):
        with tmpdir() as tmp:
            path = os.path.join(tmp, f"{name}.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            for cmd in (["check", path, "--today", TODAY], ["cost", path],
                        ["check", path, "--json"]):
                r = run(*cmd)
                expect_exit(r, 1)
                check(r.out == "", "output on stdout for a refused file", r.describe())
                at = rf"{re.escape(path)}:{line if line else r'[0-9]+'}:[0-9]+: "
                check(re.search(at, r.err),
                      f"stderr does not point at {path}:{line or 'LINE'}:COLUMN", r.describe())
                if field:
                    check(field in r.err, f"stderr does not name the field {field}",
                          r.describe())
                for w in words:
                    check(w in r.err, f"stderr does not mention {w!r}", r.describe())
                check(r.err.count("\n") <= 3, "more than one error reported", r.describe())
    TESTS.append((f"a program file with {_desc}: exit 1, file:line:column on stderr",
                  _bad_file))


@test("a missing program file: exit 1, the path on stderr, nothing on stdout")
def _():
    with tmpdir() as tmp:
        path = os.path.join(tmp, "no-such-program.yaml")
        for cmd in ("check", "cost"):
            r = run(cmd, path)
            expect_exit(r, 1)
            check(path in r.err, "stderr does not name the file", r.describe())
            check(r.out == "", "output on stdout", r.describe())


# --- usage errors

READY = os.path.join(EXAMPLES, "ready.yaml")
USAGE = [
    ("check with no file", ["check"]),
    ("check with an unknown option", ["check", READY, "--bogus"]),
    ("check with two files", ["check", READY, READY]),
    ("check --today 2026-02-30", ["check", READY, "--today", "2026-02-30"]),
    ("check --today with no value", ["check", READY, "--today"]),
    ("cost with no file", ["cost"]),
    ("cost --mode rail", ["cost", READY, "--mode", "rail"]),
    ("an unknown command", ["frobnicate"]),
    ("no command at all", []),
]
for _desc, _args in USAGE:
    def _usage(args=_args):
        r = run(*args)
        expect_exit(r, 2)
        check(r.err.strip(), "no message on stderr", r.describe())
        check(r.out == "", "output on stdout for a usage error", r.describe())
    TESTS.append((f"usage error, {_desc}: exit 2, message on stderr", _usage))


@test("--help and --version exit 0 on stdout")
def _():
    for args in (["--help"], ["--version"], ["check", "--help"], ["cost", "--help"],
                 ["aql", "--help"]):
        r = run(*args)
        expect_exit(r, 0)
        check(r.out.strip() and r.err == "", "expected output on stdout only", r.describe())
        check_plain_80(r)


# --- reference data overrides

def params_with(value):
    """A copy of data/params.tsv with dtc_min_multiple set to value, and its line number."""
    with open(os.path.join(DATA, "params.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("dtc_min_multiple\t"):
            cols = line.split("\t")
            cols[1] = value
            lines[i] = "\t".join(cols)
            return "\n".join(lines), i + 1
    raise Failure("data/params.tsv has no dtc_min_multiple row")


@test("SELVEDGE_DATA with dtc_min_multiple raised to 99: price.margin_too_thin appears")
def _():
    base = load_json(run_cached("check", READY, "--today", TODAY, "--json"))
    check("price.margin_too_thin" not in {f["code"] for f in base["findings"]},
          "examples/ready.yaml already has price.margin_too_thin without the override")
    text, _ = params_with("99")
    with tmpdir("selvedge-data-") as tmp:
        with open(os.path.join(tmp, "params.tsv"), "w", encoding="utf-8") as f:
            f.write(text)
        for how, args, env in (("SELVEDGE_DATA", [], {"SELVEDGE_DATA": tmp}),
                               ("--data", ["--data", tmp], None)):
            r = run(*args, "check", READY, "--today", TODAY, "--json", env=env)
            expect_exit(r, 0)
            d = load_json(r)
            thin = [f for f in d["findings"] if f["code"] == "price.margin_too_thin"]
            check(thin, f"no price.margin_too_thin with {how}",
                  f"codes: {[f['code'] for f in d['findings']]}")
            mins = {f["numbers"].get("minimum_multiple", {}).get("value") for f in thin}
            check(99 in mins or 99.0 in mins, f"minimum_multiple {mins}, expected 99")


@test("--data or SELVEDGE_DATA naming no directory (missing, a file): exit 1 naming it and "
      "where it came from, nothing on stdout; --data '' is a usage error; an empty "
      "SELVEDGE_DATA is as unset")
def _():
    base = run_cached("check", READY, "--today", TODAY, "--json")
    with tmpdir("selvedge-data-") as tmp:
        a_file = os.path.join(tmp, "params.tsv")
        with open(a_file, "w", encoding="utf-8") as f:
            f.write("")
        missing = os.path.join(tmp, "no-such-dir")
        for bad in (missing, a_file):
            for how, args, env in (("--data", ["--data", bad], None),
                                   ("--data=", [f"--data={bad}"], None),
                                   ("SELVEDGE_DATA", [], {"SELVEDGE_DATA": bad})):
                for cmd in (["check", READY, "--today", TODAY], ["cost", READY],
                            ["plan", READY, "--today", TODAY]):
                    r = run(*args, *cmd, env=env)
                    expect_exit(r, 1)
                    check(r.err.startswith(f"selvedge: {bad}: ") and "reference data" in r.err,
                          f"{how} {bad}: the directory is not named", r.describe())
                    check(how.rstrip("=") in r.err, f"{how}: does not say where it came from",
                          r.describe())
                    check(r.out == "", "output on stdout", r.describe())
    for args in (["--data", ""], ["--data="]):
        r = run(*args, "check", READY, "--today", TODAY)
        expect_exit(r, 2)
        check("--data" in r.err and "--help" in r.err, "no usage message", r.describe())
    r = run("check", READY, "--today", TODAY, "--json", env={"SELVEDGE_DATA": ""})
    expect_exit(r, 0)
    check(r.out == base.out, "an empty SELVEDGE_DATA is not the built-in data")


@test("--db or --data without a value: a usage error in the usual words (exit 2)")
def _():
    for opt in ("--db", "--data"):
        r = run(opt)
        expect_exit(r, 2)
        check(r.err == f"selvedge: {opt} needs a value\nTry 'selvedge --help'.\n",
              "not the usual usage message", r.describe())


@test("a broken override (params.tsv with a bad number): exit 1, file:line on stderr")
def _():
    text, line = params_with("abc")
    with tmpdir("selvedge-data-") as tmp:
        path = os.path.join(tmp, "params.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        for cmd in (["check", READY, "--today", TODAY], ["cost", READY]):
            r = run(*cmd, env={"SELVEDGE_DATA": tmp})
            expect_exit(r, 1)
            check(f"{path}:{line}" in r.err, f"stderr does not point at {path}:{line}",
                  r.describe())
            check(r.out == "", "output on stdout", r.describe())


def data_with(name, key, column, value):
    """A copy of data/<name> with the row starting with key given value in its column
    (0-based), and the row's line number."""
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith(key):
            cols = line.split("\t")
            cols[column] = value
            lines[i] = "\t".join(cols)
            return "\n".join(lines), i + 1
    raise Failure(f"data/{name} has no row {key!r}")


ABSURD = [
    ("params.tsv", "production_min_days\t", 1, "1000000000"),
    ("params.tsv", "plan_tight_slack_days\t", 1, "1000000000"),
    ("params.tsv", "insurance_pct\t", 1, "1000000000000"),
    ("lead_times.tsv", "production_setup\t*\t*\t", 3, "-5"),
    ("fx.tsv", "EUR\t", 1, "0"),
    ("fx.tsv", "EUR\t", 1, "-1.2"),
    ("closure_rules.tsv", "CN\tlunar-new-year\t", 3, "1000000000"),
]
for _name, _key, _col, _value in ABSURD:
    def _absurd(name=_name, key=_key, col=_col, value=_value):
        text, line = data_with(name, key, col, value)
        with tmpdir("selvedge-data-") as tmp:
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            for cmd in (["check", READY, "--today", TODAY], ["plan", READY, "--today", TODAY],
                        ["cost", READY]):
                r = run("--data", tmp, *cmd, timeout=10)
                expect_exit(r, 1)
                check(f"{path}:{line}" in r.err and "outside" in r.err,
                      f"stderr does not point at {path}:{line} with the range", r.describe())
                check(r.out == "", "output on stdout", r.describe())
    TESTS.append((f"an absurd override ({_name}: {_key.strip().replace(chr(9), ' ')} {_value}): check, plan and cost "
                  "exit 1 at once, file:line and the range on stderr", _absurd))


# --- colour

@test("colour: on a terminal the check report is coloured")
def _():
    r = run_pty("check", READY, "--today", TODAY)
    expect_exit(r, 0)
    check(ANSI.search(r.out), "no escape sequences on a terminal", r.describe())
    check("READY" in ANSI.sub("", r.out), "no verdict in the coloured report", r.describe())


@test("colour: NO_COLOR=1 on a terminal gives plain output")
def _():
    r = run_pty("check", READY, "--today", TODAY, env={"NO_COLOR": "1"})
    expect_exit(r, 0)
    check("\x1b" not in r.out, "escape sequences despite NO_COLOR=1", r.describe())
    check("READY" in r.out, "no verdict", r.describe())


@test("colour: --no-color on a terminal gives plain output")
def _():
    r = run_pty("--no-color", "check", READY, "--today", TODAY)
    expect_exit(r, 0)
    check("\x1b" not in r.out, "escape sequences despite --no-color", r.describe())


@test("colour: an empty NO_COLOR does not turn colour off (no-color.org)")
def _():
    r = run_pty("check", READY, "--today", TODAY, env={"NO_COLOR": ""})
    expect_exit(r, 0)
    check(ANSI.search(r.out), "no escape sequences with NO_COLOR set to the empty string",
          r.describe())


if __name__ == "__main__":
    sys.exit(main())
