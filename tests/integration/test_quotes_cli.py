#!/usr/bin/env python3
"""Integration tests for `selvedge quotes compare`, run the way a user runs it: the history
written by hand (tests/data/ledger/quotes.jsonl: RFQ Q1 of northline to four factories, two
quotes, one revised, one decline, one never answered) imported into a registry of
examples/factories.yaml, compared against its program (tests/data/ledger/quotes-program.yaml)
as text, JSON and XLSX; an RFQ sent with `rfq send` (its program frozen) and quoted with
`quote add`; bad input: an unknown RFQ, no quote standing, an imported RFQ without a program,
bad options.

Standard library only, with harness.py beside it. Prints TAP.
"""
import json
import os
import sqlite3
import sys
import zipfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (EXAMPLES, ROOT, check, expect_exit, main, run, test, tmpdir)  # noqa: E402

FACTORIES = os.path.join(EXAMPLES, "factories.yaml")
HISTORY = os.path.join(ROOT, "tests", "data", "ledger", "quotes.jsonl")
PROGRAM = os.path.join(ROOT, "tests", "data", "ledger", "quotes-program.yaml")
PT = "pt-barcelos-sportmalha"
TR = "tr-bursa-devinim"


def season(d):
    db = os.path.join(d, "r.db")
    expect_exit(run("--db", db, "factories", "import", FACTORIES, cwd=d), 0)
    r = run("--db", db, "ledger", "import", HISTORY, cwd=d)
    expect_exit(r, 0)
    check("8 events recorded" in r.out, "the history is recorded", r.describe())
    return db


def compare(db, d, *args):
    return run("--db", db, "quotes", "compare", *args, "--today", "2027-02-01", cwd=d)


@test("quotes compare: text, every answer said, ranked, the best fit and why")
def _():
    with tmpdir() as d:
        db = season(d)
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM)
        expect_exit(r, 0)
        for want in ("#1  " + TR + " TR", "#2  " + PT + " PT", "declined (capacity)",
                     "tr-bagcilar-esnekspor", "expired", "in the warehouse 2027-07-30 on the T&A plan, LATE by 15 days",
                     "the latest style QT01",
                     "in the warehouse 2027-06-25 on the T&A plan, 20 days to spare", "Best fit: " + PT,
                     "event 6, revising event 5", "of it refunded on a bulk order:",
                     "HARDER: a deposit of 50.00% against your 30.00%", "before shipment, as yours"):
            check(want in r.out, "says " + want, r.describe())
        check(all(len(line) <= 80 for line in r.out.splitlines()), "within 80 columns",
              r.describe())


@test("quotes compare --json: the figures counted by hand")
def _():
    with tmpdir() as d:
        db = season(d)
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM, "--json")
        expect_exit(r, 0)
        j = json.loads(r.out)
        check(j["currency"] == "USD" and j["destination"] == "US", "USD into the US", j)
        rows = {f["factory"]: f for f in j["factories"]}
        check(list(rows) == [PT, TR, "pt-santotirso-tirsomalha", "tr-bagcilar-esnekspor"],
              "in the order sent", list(rows))
        tr = rows[TR]
        check(tr["rank"] == 1 and rows[PT]["rank"] == 2, "ranked by landed total", tr["rank"])
        check([(s["fob"], s["landed"], s["extra_units"]) for s in tr["styles"]]
              == [(590, 734, 100), (1350, 1698, 100)], "devinim's styles", tr["styles"])
        check(tr["total_landed"] == 700 * 734 + 400 * 1698, "devinim's total", tr)
        check(tr["lead_days"] == 103 and tr["slack_days"] == -15
              and tr["in_warehouse"] == "2027-07-30" and tr["late_style"] == "QT01",
              "devinim is late, by its tee", tr)
        check([s["slack_days"] for s in tr["styles"]] == [-15, -14], "each style judged",
              tr["styles"])
        check(rows[PT]["quote_event"] == 6, "the revision stands", rows[PT])
        pt = rows[PT]
        check(pt["sample_fees_refunded"] == pt["styles"][0]["sample_fee"] > 0
              and pt["styles"][0]["fee_refunded"] and not pt["styles"][1]["fee_refunded"]
              and pt["sample_fees_kept"] == pt["sample_fees"] - pt["sample_fees_refunded"],
              "QT01's fee refunded on the order, paid up front all the same", pt)
        check(rows["pt-santotirso-tirsomalha"]["answer"] == "declined"
              and rows["pt-santotirso-tirsomalha"]["reason"] == "capacity", "the decline",
              rows["pt-santotirso-tirsomalha"])
        check(rows["tr-bagcilar-esnekspor"]["answer"] == "expired", "no answer",
              rows["tr-bagcilar-esnekspor"])
        check(j["best"] == PT, "the best fit meets the launch", j["best"], j["why"])


@test("quotes compare: landed equals `selvedge cost --origin TR` at the quoted FOB")
def _():
    with tmpdir() as d:
        db = season(d)
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM, "--json")
        expect_exit(r, 0)
        tr = {f["factory"]: f for f in json.loads(r.out)["factories"]}[TR]
        text = open(PROGRAM, encoding="utf-8").read()
        sheet = ("      cost: {{ fabric: {{ consumption_m: 0.001, price_per_m: 0 }}, trims: 0, "
                 "cmt: {}, wash_print: 0, packaging: 0, overhead_pct: 0, "
                 "factory_margin_pct: 0 }}\n")
        text = text.replace("        - { name: Oat, units: 100 }\n",
                            "        - { name: Oat, units: 100 }\n" + sheet.format("5.90"))
        text = text.replace("        - { name: Grey, units: 400 }\n",
                            "        - { name: Grey, units: 400 }\n" + sheet.format("13.50"))
        p = os.path.join(d, "at-fob.yaml")
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        c = run("cost", p, "--origin", "TR", "--today", "2027-02-01", "--json", cwd=d)
        expect_exit(c, 0)
        landed = [s["landed"]["landed"] for s in json.loads(c.out)["styles"]]
        check(landed == [s["landed"] for s in tr["styles"]], "the cost engine's landed",
              landed, tr["styles"])


@test("quotes compare --format xlsx -o FILE: a workbook; xlsx needs -o; -o a directory refused")
def _():
    with tmpdir() as d:
        db = season(d)
        out = os.path.join(d, "q.xlsx")
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM,
                    "--format", "xlsx", "-o", out)
        expect_exit(r, 0)
        with zipfile.ZipFile(out) as z:
            names = z.namelist()
            check("xl/worksheets/sheet1.xml" in names, "one sheet", names)
            strings = z.read("xl/sharedStrings.xml").decode()
        for want in (PT, TR, "declined (capacity): Fully booked until July", "Best fit"):
            check(want in strings, "the workbook says " + want, strings[:500])
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM, "--format", "xlsx")
        expect_exit(r, 2)
        check("-o" in r.err, "asks for -o", r.describe())
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM,
                    "--format", "xlsx", "-o", d)
        expect_exit(r, 1)
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM,
                    "--format", "csv")
        expect_exit(r, 2)


@test("quotes compare: the program frozen by `rfq send`, a quote from `quote add`")
def _():
    with tmpdir() as d:
        db = os.path.join(d, "s.db")
        expect_exit(run("--db", db, "factories", "import", FACTORIES, cwd=d), 0)
        expect_exit(run("--db", db, "rfq", "send", PROGRAM, "--brand", "northline",
                        "--to", PT + "," + TR, "--ref", "R7", "--reply-by", "2027-01-24",
                        "--at", "2027-01-10T09:00:00Z", cwd=d), 0)
        q = os.path.join(d, "q.yaml")
        with open(q, "w", encoding="utf-8") as f:
            f.write("currency: USD\nincoterm: FOB\ndeposit: 30\nbalance: Net 30\nstyles:\n"
                    "  - style: QT01\n    breaks:\n      - { qty: 500, price: 5.90 }\n"
                    "  - style: QT02\n    breaks:\n      - { qty: 300, price: 13.50 }\n")
        expect_exit(run("--db", db, "quote", "add", "--rfq", "R7", "--brand", "northline",
                        "--factory", TR, "--file", q, "--at", "2027-01-12T09:00:00Z",
                        cwd=d), 0)
        r = run("--db", db, "quotes", "compare", "R7", "--brand", "northline", "--json",
                "--today", "2027-01-13", cwd=d)
        expect_exit(r, 0)
        j = json.loads(r.out)
        rows = {f["factory"]: f for f in j["factories"]}
        check([s["landed"] for s in rows[TR]["styles"]] == [734, 1698],
              "costed from the frozen program", rows[TR])
        check(rows[PT]["answer"] == "unanswered", "sportmalha has not answered", rows[PT])
        check(rows[TR]["terms"] == "the balance net-30, later than your before-shipment"
              and not rows[TR]["terms_harder"], "a later balance is easier", rows[TR])


@test("quotes compare: unknown RFQ, no quote standing, no program, bad options")
def _():
    with tmpdir() as d:
        db = season(d)
        r = compare(db, d, "Q9", "--brand", "northline", "--program", PROGRAM)
        expect_exit(r, 1)
        check("no RFQ Q9 of northline" in r.err, "says the RFQ is unknown", r.describe())
        r = compare(db, d, "Q1", "--brand", "nobody", "--program", PROGRAM)
        expect_exit(r, 1)
        r = compare(db, d, "Q1", "--brand", "northline")
        expect_exit(r, 1)
        check("--program" in r.err, "asks for the program", r.describe())
        h = os.path.join(d, "declined.jsonl")
        with open(h, "w", encoding="utf-8") as f:
            f.write('{"at":"2027-02-10T09:00:00Z","by":"brand","kind":"rfq.sent",'
                    '"brand":"northline","factory":"pt-santotirso-tirsomalha","rfq":"Q2",'
                    '"due":"2027-02-24","lines":[{"style":"QT01","qty":700}]}\n'
                    '{"at":"2027-02-11T09:00:00Z","by":"factory","kind":"rfq.declined",'
                    '"brand":"northline","factory":"pt-santotirso-tirsomalha","rfq":"Q2",'
                    '"reason":"moq"}\n')
        expect_exit(run("--db", db, "ledger", "import", h, cwd=d), 0)
        r = compare(db, d, "Q2", "--brand", "northline", "--program", PROGRAM)
        expect_exit(r, 1)
        check("no quote stands on RFQ Q2" in r.err and "declined (moq)" in r.err,
              "says no quote stands and why", r.describe())
        expect_exit(run("--db", db, "quotes", "compare", "Q1", cwd=d), 2)
        expect_exit(run("--db", db, "quotes", "list", cwd=d), 2)
        r = run("quotes", "--help", cwd=d)
        expect_exit(r, 0)
        check("quotes compare RFQ --brand" in r.out, "help", r.describe())


@test("quotes compare reads the brand's events from their typed columns: only the RFQ's parsed")
def _():
    with tmpdir() as d:
        db = season(d)
        more = os.path.join(d, "more.jsonl")
        with open(more, "w", encoding="utf-8") as f:
            f.write('{"at":"2027-01-20T09:00:00Z","by":"brand","kind":"rfq.sent",'
                    '"brand":"northline","factory":"%s","rfq":"R9"}\n'
                    '{"at":"2027-01-21T09:00:00Z","by":"factory","kind":"message",'
                    '"brand":"northline","factory":"%s","rfq":"R9","text":"Hello"}\n'
                    % (PT, PT))
        expect_exit(run("--db", db, "ledger", "import", more, cwd=d), 0)
        # another RFQ's message with a body no reader takes: quotes compare Q1 never reads it
        con = sqlite3.connect(db)
        n = con.execute("UPDATE ledger_event SET body = 'not an event' "
                        "WHERE kind = 'message' AND rfq = 'R9'").rowcount
        con.commit()
        con.close()
        check(n == 1, "the message's body replaced", n)
        r = compare(db, d, "Q1", "--brand", "northline", "--program", PROGRAM)
        expect_exit(r, 0)
        for want in ("#1  " + TR + " TR", "declined (capacity): Fully booked until July",
                     "event 6, revising event 5", "before shipment, as yours"):
            check(want in r.out, "says " + want, r.describe())


if __name__ == "__main__":
    sys.exit(main())
