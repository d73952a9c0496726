#!/usr/bin/env python3
"""Integration tests for `selvedge scorecard`, run the way a user runs it: the history written
by hand (tests/data/ledger/scorecard.jsonl) imported with `selvedge ledger import` into a
registry of examples/factories.yaml, then both scorecards, text and JSON, against the figures
counted by hand (docs/internals/scorecard.md, "The worked example"); a measure with no events
said and left out; the period; bad arguments.

Standard library only, with harness.py beside it. Prints TAP.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (EXAMPLES, ROOT, check, expect_exit, main, run, test, tmpdir)  # noqa: E402

FACTORIES = os.path.join(EXAMPLES, "factories.yaml")
HISTORY = os.path.join(ROOT, "tests", "data", "ledger", "scorecard.jsonl")
A = "pt-barcelos-sportmalha"


def season(d):
    db = os.path.join(d, "r.db")
    expect_exit(run("--db", db, "factories", "import", FACTORIES, cwd=d), 0)
    r = run("--db", db, "ledger", "import", HISTORY, cwd=d)
    expect_exit(r, 0)
    check("55 events recorded" in r.out, "the history is recorded", r.describe())
    return db


def card(db, d, *args):
    r = run("--db", db, "scorecard", *args, "--as-of", "2027-06-30", "--json", cwd=d)
    expect_exit(r, 0)
    return json.loads(r.out)


def measures(c):
    return {m["code"]: m for m in c["measures"]}


@test("scorecard --brand: every measure counted by hand, with its events")
def _():
    with tmpdir() as d:
        db = season(d)
        c = card(db, d, "--brand", "northline")
        check(c["side"] == "brand" and c["who"] == "northline", "northline as its factories see it")
        m = measures(c)
        want = {
            "brand.pays_on_time": (50.0, [27, 30, 33, 38]),
            "brand.changes_after_signoff": (1.0, [19, 20, 25, 28]),
            "brand.review_turnaround": (5.0, [8, 9, 11, 13, 18, 19]),
            "brand.sample_fees_paid": (0.0, [12]),
            "brand.forecast_kept": (73.333, [1, 25]),
            "brand.response_time": (30.0, [2, 3, 34, 35, 55]),
            "brand.repeat_orders": (50.0, [25, 39]),
            "brand.price_agreed": (100.0, [4, 25]),
            "brand.lead_time_allowed": (0.0, [4, 25]),
        }
        check(sorted(m) == sorted(want), "the nine brand measures", sorted(m))
        for code, (value, ids) in want.items():
            check(m[code]["value"] == value, code + " value", m[code])
            check(m[code]["event_ids"] == ids and m[code]["n_events"] == len(ids),
                  code + " events", m[code])
        check(m["brand.pays_on_time"]["mean_days_late"] == 2.5, "2.5 days late on average")
        check(m["brand.pays_on_time"]["category"] == "payment and terms", "PPI category")
        check(m["brand.lead_time_allowed"]["mean_days_late"] == 1.0, "a day short")
        # 55, the factory's question on PO-2, never answered: as answered at the as-of
        r = m["brand.response_time"]
        check(r["unanswered"] == 1 and r["oldest_unanswered_hours"] == 686.0
              and r["items"] == 3 and r["score"] == 80.0, "one unanswered, 686 h", r)
        cats = {x["category"] for x in c["measures"]}
        check(len(cats) == 7, "the seven purchasing-practice categories", cats)
        check(c["overall"] == 57.0, "overall 57", c["overall"])
        st = c["standing"]
        check(st[0] == {"factory": A, "overall": 57.0, "rank": 1, "its_overall": 40.0,
                        "its_rank": 1}, "ranked with sportmalha", st)
        check(st[1] == {"factory": "tr-bursa-devinim", "overall": None, "rank": None,
                        "its_overall": None, "its_rank": None},
              "devinim only declined: not scored", st)


@test("scorecard --factory: every measure counted by hand, and its standing with each brand")
def _():
    with tmpdir() as d:
        db = season(d)
        c = card(db, d, "--factory", A)
        m = measures(c)
        want = {
            "factory.quote_turnaround": (3.5, [1, 4, 40, 41]),
            "factory.samples_on_time": (75.0, [5, 6, 8, 11, 16, 18, 42, 44]),
            "factory.samples_right_first_time": (66.667, [9, 13, 45]),
            "factory.delivery_on_time": (50.0, [26, 37, 47, 51]),
            "factory.inspection_pass_rate": (50.0, [31, 50]),
            "factory.price_kept": (66.667, [4, 25, 41, 46]),
            "factory.response_time": (19.5, [14, 15, 35, 36]),
        }
        check(sorted(m) == sorted(want), "the seven factory measures", sorted(m))
        for code, (value, ids) in want.items():
            check(m[code]["value"] == value, code + " value", m[code])
            check(m[code]["event_ids"] == ids, code + " events", m[code])
        check(m["factory.delivery_on_time"]["mean_days_late"] == 2.0, "2 days late on average")
        check(m["factory.response_time"]["unanswered"] == 0
              and m["factory.response_time"]["oldest_unanswered_hours"] is None,
              "northline's 3 replies to 2: awaits nothing", m["factory.response_time"])
        check(c["overall"] == 67.083, "overall", c["overall"])
        check([(s["brand"], s["overall"], s["rank"], s["its_overall"], s["its_rank"])
               for s in c["standing"]]
              == [("kestrel", 100.0, 1, 82.353, 1), ("northline", 40.0, 2, 57.0, 2)],
              "standing", c["standing"])


@test("scorecard text: value, how many events and which, and a measure with no events said")
def _():
    with tmpdir() as d:
        db = season(d)
        r = run("--db", db, "scorecard", "--brand", "kestrel", "--as-of", "2027-06-30", cwd=d)
        expect_exit(r, 0)
        check("brand.pays_on_time" in r.out and "3 events: 48 49 52" in r.out,
              "the events of a measure", r.describe())
        check("brand.response_time: no events in the period: not scored" in r.out,
              "no messages: said", r.describe())
        check("payment and terms" in r.out and "win-win partnership" in r.out,
              "the purchasing-practice categories", r.describe())
        c = card(db, d, "--brand", "kestrel")
        m = measures(c)
        check(m["brand.response_time"]["scored"] is False
              and m["brand.response_time"]["value"] is None
              and m["brand.response_time"]["score"] is None, "not a 0, not a 100", m)
        # pays 50 (20), changes 0/style 100 (15), review 100 (10), forecast 100 (15), repeat 0
        # (5), price agreed 100 (10), lead time allowed 100 (10): the 15 of response time and
        # sample fees left out
        check(c["overall"] == round((20 * 50 + 15 * 100 + 10 * 100 + 15 * 100 + 10 * 100
                                     + 10 * 100) / 85, 3),
              "overall over the measures scored", c["overall"])


@test("scorecard --from/--to: each thing counted by its own day")
def _():
    with tmpdir() as d:
        db = season(d)
        m = measures(card(db, d, "--brand", "northline", "--from", "2027-05-01"))
        check(m["brand.pays_on_time"]["event_ids"] == [33, 38], "the balance only", m)
        check(m["brand.review_turnaround"]["scored"] is False, "no review in May", m)
        m = measures(card(db, d, "--brand", "northline", "--to", "2027-03-01"))
        check(m["brand.pays_on_time"]["scored"] is False, "no payment due before March", m)


@test("scorecard --data: the weights of an override scorecard_weights.tsv are used")
def _():
    with tmpdir() as d:
        db = season(d)
        data = os.path.join(d, "data")
        os.mkdir(data)
        with open(os.path.join(ROOT, "data", "scorecard_weights.tsv")) as f:
            rows = f.read().split("\n")
        out = []
        for row in rows:
            f = row.split("\t")
            if len(f) == 4 and f[0].startswith("brand."):
                f[1] = "100" if f[0] == "brand.pays_on_time" else "0"
            out.append("\t".join(f))
        with open(os.path.join(data, "scorecard_weights.tsv"), "w") as f:
            f.write("\n".join(out))
        r = run("--data", data, "--db", db, "scorecard", "--brand", "northline", "--as-of",
                "2027-06-30", "--json", cwd=d)
        expect_exit(r, 0)
        c = json.loads(r.out)
        check(c["overall"] == 50.0, "pays on time alone", c["overall"])
        check(measures(c)["brand.repeat_orders"]["weight"] == 0, "weight 0 shown", c)
        with open(os.path.join(data, "scorecard_weights.tsv"), "a") as f:
            f.write("\nbrand.nothing\t5\t0\tmine\n")
        r = run("--data", data, "--db", db, "scorecard", "--brand", "northline", cwd=d)
        expect_exit(r, 1)
        check("scorecard_weights.tsv:" in r.err and "unknown measure" in r.err,
              "the file, line and what is wrong", r.describe())


@test("scorecard --brand --factory: both scorecards of the pair")
def _():
    with tmpdir() as d:
        db = season(d)
        c = card(db, d, "--brand", "northline", "--factory", A)
        check(isinstance(c, list) and [x["side"] for x in c] == ["brand", "factory"], "two", c)
        check(c[0]["overall"] == 57.0 and c[1]["overall"] == 40.0, "the pair's", c)


@test("scorecard: bad arguments are usage errors; a party never seen is an error naming it")
def _():
    with tmpdir() as d:
        db = season(d)
        expect_exit(run("--db", db, "scorecard", cwd=d), 2)
        expect_exit(run("--db", db, "scorecard", "--brand", "northline", "--from", "2027-13-01",
                        cwd=d), 2)
        expect_exit(run("--db", db, "scorecard", "--brand", "northline", "--from",
                        "2027-05-01", "--to", "2027-04-01", cwd=d), 2)
        expect_exit(run("--db", db, "scorecard", "--brand", "x", "--bogus", cwd=d), 2)
        for args, words in [
            (["--brand", "nobody"], "brand: no events of brand nobody in the ledger"),
            (["--factory", "xx-nowhere"], "factory: no events of factory xx-nowhere"),
            (["--brand", "northline", "--factory", "xx-nowhere"],
             "factory: no events of factory xx-nowhere"),
            (["--brand", "nobody", "--factory", "pt-barcelos-sportmalha", "--json"],
             "brand: no events of brand nobody"),
        ]:
            r = run("--db", db, "scorecard", *args, cwd=d)
            expect_exit(r, 1)
            check(words in r.err and r.out == "", "an error naming it, no card", r.describe())


if __name__ == "__main__":
    sys.exit(main())
