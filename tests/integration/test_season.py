#!/usr/bin/env python3
"""The example season (examples/season/), run the way `make demo` runs it: northline.sh
records Northline's SS27 season with the verbs into a fresh database, then both scorecards
as of the launch (2027-03-15) are checked against the figures counted by hand in
examples/season/README.md, each measure with the events it rests on, so the example cannot
silently rot: a verb that changes, a file the verbs refuse or a measure counted differently
fails here.

Standard library only, with harness.py beside it. Prints TAP.
"""
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, ROOT, base_env, check, expect_exit, main, run, test, tmpdir)  # noqa: E402

SCRIPT = os.path.join("examples", "season", "northline.sh")
SM = "pt-barcelos-sportmalha"
AS_OF = "2027-03-15"


def record(d):
    """Runs the season script from the top of the tree into d/season.db; returns the db."""
    db = os.path.join(d, "season.db")
    p = subprocess.run(["sh", SCRIPT, BIN, db], cwd=ROOT, env=base_env(),
                       capture_output=True, text=True, timeout=120)
    check(p.returncode == 0, "the season script runs to its end",
          f"exit {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    check(p.stdout.strip() == f"season recorded in {db}: 38 events",
          "38 events recorded", p.stdout)
    return db


def card(db, d, *args):
    r = run("--db", db, "scorecard", *args, "--as-of", AS_OF, "--json", cwd=d)
    expect_exit(r, 0)
    return json.loads(r.out)


def events(db, d):
    r = run("--db", db, "ledger", "export", cwd=d)
    expect_exit(r, 0)
    return r.out, {e["id"]: e for e in map(json.loads, r.out.splitlines())}


def check_measures(c, want, ev):
    m = {x["code"]: x for x in c["measures"]}
    check(sorted(m) == sorted(want), "the measures", sorted(m))
    for code, (value, kinds) in want.items():
        ids = sorted(kinds)
        check(m[code]["scored"] and m[code]["value"] == value, code + " value", m[code])
        check(m[code]["event_ids"] == ids and m[code]["n_events"] == len(ids),
              code + " events", m[code])
        got = {i: ev[i]["kind"] for i in ids}
        check(got == kinds, code + ": each event the kind counted", got, kinds)
    return m


@test("the season: the steps a user records, in order, RFQ to ex-factory")
def _():
    with tmpdir() as d:
        db = record(d)
        _, ev = events(db, d)
        kinds = [ev[i]["kind"] for i in sorted(ev)]
        check(kinds.count("rfq.sent") == 3 and kinds.count("quote") == 2
              and kinds.count("rfq.declined") == 1, "three RFQs: two quotes, one decline", kinds)
        check([ev[i]["result"] for i in sorted(ev) if ev[i]["kind"] == "inspection"]
              == ["fail", "pass"], "an inspection failed, the re-inspection passed")
        by = {ev[i]["by"] for i in sorted(ev) if ev[i]["kind"] == "message"}
        check(by == {"brand", "factory"}, "messages both ways", by)
        ats = [ev[i]["at"] for i in sorted(ev)]
        check(ats == sorted(ats), "recorded in the order it happened", ats)
        check(ats[-1] < AS_OF, "all before the launch", ats[-1])
        r = run("--db", db, "rfq", "show", "R1", "--brand", "northline", cwd=d)
        expect_exit(r, 0)
        check("SS27 launch" in r.out, "the program frozen with the RFQ", r.describe())


@test("the season's brand scorecard: the numbers of examples/season/README.md")
def _():
    with tmpdir() as d:
        db = record(d)
        _, ev = events(db, d)
        c = card(db, d, "--brand", "northline")
        m = check_measures(c, {
            "brand.pays_on_time": (50.0, {27: "payment.due", 31: "payment.paid",
                                          36: "payment.due", 37: "payment.paid"}),
            "brand.changes_after_signoff": (1.0, {21: "sample.reviewed",
                                                  22: "change.requested",
                                                  25: "order.issued"}),
            "brand.review_turnaround": (3.0, {13: "sample.received", 15: "sample.reviewed",
                                              20: "sample.received", 21: "sample.reviewed"}),
            "brand.sample_fees_paid": (100.0, {11: "sample.fee_invoiced",
                                               14: "sample.fee_paid"}),
            "brand.forecast_kept": (100.0, {1: "rfq.sent", 25: "order.issued"}),
            "brand.response_time": (30.0, {6: "message", 7: "message",
                                           28: "message", 29: "message", 34: "message"}),
            "brand.repeat_orders": (0.0, {25: "order.issued"}),
            "brand.price_agreed": (100.0, {8: "quote", 25: "order.issued"}),
            "brand.lead_time_allowed": (100.0, {8: "quote", 25: "order.issued"}),
        }, ev)
        check(m["brand.pays_on_time"]["mean_days_late"] == 2.0, "4 and 0 days late: 2.0")
        # 34, the factory's rework report, never answered: 943 h to the as-of, a lower bound
        r = m["brand.response_time"]
        check(r["unanswered"] == 1 and r["oldest_unanswered_hours"] == 943.0, "34 unanswered", r)
        # (20x50 + 15x50 + 10x100 + 5x100 + 15x100 + 10x80 + 5x0 + 10x100 + 10x100) / 100
        check(c["overall"] == 75.5, "overall 75.5", c["overall"])
        st = [(s["factory"], s["overall"], s["rank"], s["its_overall"], s["its_rank"])
              for s in c["standing"]]
        check(st == [("pt-santotirso-tirsomalha", 100.0, 1, 100.0, 1),
                     (SM, 67.993, 2, 57.5, 2),
                     ("tr-bursa-devinim", None, None, None, None)], "standing", st)


@test("the season's factory scorecard: the numbers of examples/season/README.md")
def _():
    with tmpdir() as d:
        db = record(d)
        _, ev = events(db, d)
        c = card(db, d, "--factory", SM)
        m = check_measures(c, {
            "factory.quote_turnaround": (5.0, {1: "rfq.sent", 8: "quote"}),
            "factory.samples_on_time": (50.0, {10: "sample.requested", 13: "sample.received",
                                               18: "sample.requested", 20: "sample.received"}),
            "factory.samples_right_first_time": (0.0, {15: "sample.reviewed"}),
            "factory.delivery_on_time": (100.0, {26: "order.confirmed",
                                                 38: "milestone.actual"}),
            "factory.inspection_pass_rate": (0.0, {33: "inspection"}),
            "factory.price_kept": (100.0, {8: "quote", 25: "order.issued"}),
            "factory.response_time": (13.0, {16: "message", 17: "message",
                                             29: "message", 30: "message"}),
        }, ev)
        check(m["factory.samples_on_time"]["mean_days_late"] == 1.5, "0 and 3 days late: 1.5")
        # (10x100 + 15x50 + 15x0 + 25x100 + 20x0 + 5x100 + 10x100) / 100
        check(c["overall"] == 57.5, "overall 57.5", c["overall"])
        st = [(s["brand"], s["overall"], s["rank"], s["its_overall"], s["its_rank"])
              for s in c["standing"]]
        check(st == [("northline", 57.5, 1, 67.993, 1)], "standing", st)


@test("the season's quotes compared: sportmalha lands cheaper and is the best fit; tirsomalha's "
      "40% deposit is harder, its '30 days after shipment' read as net-30; devinim declined")
def _():
    with tmpdir() as d:
        db = record(d)
        r = run("--db", db, "quotes", "compare", "R1", "--brand", "northline", "--today",
                "2026-09-16", "--json", cwd=d)
        expect_exit(r, 0)
        q = json.loads(r.out)
        f = {x["factory"]: x for x in q["factories"]}
        check(q["best"] == SM, "the best fit", q["best"], q["why"])
        check(f[SM]["rank"] == 1 and f["pt-santotirso-tirsomalha"]["rank"] == 2, "ranks", f)
        check(f[SM]["total_landed"] < f["pt-santotirso-tirsomalha"]["total_landed"],
              "ranked by landed total", f)
        tm = f["pt-santotirso-tirsomalha"]
        check(tm["terms_harder"] and "a deposit of 40.00% against your 30.00%" in tm["terms"]
              and "the balance net-30" in tm["terms"], "tirsomalha's terms", tm["terms"])
        check(f["tr-bursa-devinim"]["answer"] == "declined", "devinim declined", f)
        r = run("--db", db, "quotes", "compare", "R1", "--brand", "northline", "--today",
                "2026-09-16", cwd=d)
        expect_exit(r, 0)
        check(all(len(line) <= 80 for line in r.out.splitlines()), "text within 80 columns",
              r.out)


@test("a measure at full marks has nothing to fix; one below them says its fix (text)")
def _():
    with tmpdir() as d:
        db = record(d)
        r = run("--db", db, "scorecard", "--factory", SM, "--as-of", AS_OF, cwd=d)
        expect_exit(r, 0)
        blocks, cur = {}, None
        for line in r.out.splitlines():
            if line.startswith("  factory."):
                cur = line.split()[0]
                blocks[cur] = []
            elif cur and line.startswith("      "):
                blocks[cur].append(line)
            else:
                cur = None
        full = blocks["factory.quote_turnaround"]
        low = blocks["factory.samples_right_first_time"]
        check(not any("fix:" in x for x in full), "no fix at 100", full)
        check(any("fix:" in x for x in low), "a fix below 100", low)
        flat = " ".join(r.out.split())
        check("over 1 quote;" in flat and "(s)" not in flat, "counts said in words", r.out)


@test("the season recorded twice exports the same bytes; run from anywhere; make demo runs it")
def _():
    with tmpdir() as d:
        a, _ = events(record(d), d)
    with tmpdir() as d:
        b, _ = events(record(d), d)
    check(a == b, "the same season twice, the same ledger")
    with tmpdir() as d:
        p = subprocess.run(["sh", os.path.join(ROOT, SCRIPT), BIN, "s.db"], cwd=d,
                           env=base_env(), capture_output=True, text=True, timeout=120)
        check(p.returncode == 0 and p.stdout.strip() == "season recorded in s.db: 38 events"
              and os.path.isfile(os.path.join(d, "s.db")),
              "run from elsewhere, a relative database is where it was run",
              p.stdout, p.stderr)
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as f:
        mk = f.read()
    check("examples/season/northline.sh $(SELVEDGE) $(BUILD)/season.db" in mk,
          "make demo records the season into its own database")
    check("scorecard --brand northline" in mk and f"scorecard --factory {SM}" in mk,
          "make demo ends with both scorecards")
    check("quotes compare R1 --brand northline" in mk, "make demo compares the quotes")


if __name__ == "__main__":
    sys.exit(main())
