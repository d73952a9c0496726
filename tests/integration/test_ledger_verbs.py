#!/usr/bin/env python3
"""Integration tests for the ledger's verbs (`selvedge rfq ack`, `sample ...`, `change ...`,
`order ...`, `pay ...`, `progress`, `inspect`, `message`): each step recorded by its verb is
exported byte for byte as `ledger import` records the same line; a step the history refuses
exits 1 with the admission's message and leaves the database file as it was (its bytes);
usage errors exit 2.

Standard library only, with harness.py beside it. Prints TAP.
"""
import hashlib
import json
import os
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (EXAMPLES, ROOT, check, expect_exit, load_json, main, run, test,  # noqa: E402
                     tmpdir)

FACTORIES = os.path.join(EXAMPLES, "factories.yaml")
GOOD = os.path.join(ROOT, "tests", "data", "ledger", "good.jsonl")

VERBS = {
    "rfq.acknowledged": ["rfq", "ack"],
    "rfq.declined": ["rfq", "decline"],
    "sample.requested": ["sample", "request"],
    "sample.shipped": ["sample", "ship"],
    "sample.received": ["sample", "receive"],
    "sample.reviewed": ["sample", "review"],
    "sample.fee_invoiced": ["sample", "invoice"],
    "sample.fee_paid": ["sample", "pay"],
    "change.requested": ["change", "request"],
    "change.answered": ["change", "answer"],
    "change.accepted": ["change", "accept"],
    "change.withdrawn": ["change", "withdraw"],
    "order.issued": ["order", "issue"],
    "order.confirmed": ["order", "confirm"],
    "order.countered": ["order", "counter"],
    "payment.due": ["pay", "due"],
    "payment.paid": ["pay", "paid"],
    "milestone.actual": ["progress"],
    "inspection": ["inspect"],
    "message": ["message"],
}
# the kinds either side records: the verb is told who
EITHER = {"payment.due", "inspection", "message"}


def registry(d, name="r.db"):
    db = os.path.join(d, name)
    expect_exit(run("--db", db, "factories", "import", FACTORIES, cwd=d), 0)
    return db


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def verb_args(ev):
    """The command line that records ev (a dict of the file's fields)."""
    kind = ev["kind"]
    args = list(VERBS[kind])
    for k, v in ev.items():
        if k in ("kind",) or (k == "by" and kind not in EITHER):
            continue
        if k == "lines":
            for ln in v:
                args += ["--line", "%s:%s:%s:%d:%s" % (ln["style"], ln["color"], ln["size"],
                                                       ln["qty"], ln["price"])]
        elif k == "defects":
            for c in ("critical", "major", "minor"):
                args += ["--" + c, str(v[c])]
        elif k == "aql":
            for c in ("critical", "major", "minor"):
                args += ["--aql-" + c, v[c]]
        elif k == "result" and "aql" in ev:
            continue  # the verb judges the lot by its plans
        else:
            args += ["--" + k.replace("_", "-"), str(v)]
    return args


def by_verbs(d, db):
    """Records good.jsonl into db: its RFQs sent and quotes by `ledger import` (their verbs
    are not built yet), every other line by its verb. Returns the verbs' results."""
    results = []
    with open(GOOD, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            ev = json.loads(text)
            if ev["kind"] in VERBS:
                r = run("--db", db, *verb_args(ev), cwd=d)
                expect_exit(r, 0)
                results.append((ev, r))
            else:
                one = os.path.join(d, "line%d.jsonl" % n)
                with open(one, "w", encoding="utf-8") as o:
                    o.write(text)
                expect_exit(run("--db", db, "ledger", "import", one, cwd=d), 0)
    return results


def seeded(d, upto):
    """A registry holding good.jsonl's first `upto` lines, by import."""
    db = registry(d)
    with open(GOOD, encoding="utf-8") as f:
        lines = f.readlines()[:upto]
    part = os.path.join(d, "part.jsonl")
    with open(part, "w", encoding="utf-8") as o:
        o.writelines(lines)
    expect_exit(run("--db", db, "ledger", "import", part, cwd=d), 0)
    return db


NL = ["--brand", "northline", "--factory", "pt-barcelos-sportmalha"]
TR = ["--brand", "northline", "--factory", "tr-bursa-devinim"]


@test("verbs: the example history recorded step by step exports the bytes its import does")
def _():
    with tmpdir() as d:
        a, b = registry(d, "a.db"), registry(d, "b.db")
        expect_exit(run("--db", a, "ledger", "import", GOOD, cwd=d), 0)
        results = by_verbs(d, b)
        check(len(results) == 20, "20 steps by their verbs", len(results))
        xa = run("--db", a, "ledger", "export", cwd=d)
        xb = run("--db", b, "ledger", "export", cwd=d)
        expect_exit(xa, 0)
        expect_exit(xb, 0)
        check(xa.out == xb.out, "the same export", xa.out[-600:], xb.out[-600:])


@test("verbs: each says what it recorded and the thing's new state")
def _():
    with tmpdir() as d:
        db = registry(d)
        results = by_verbs(d, db)
        said = {ev["kind"]: r.out for ev, r in results}
        check("rfq.declined: event 4 recorded (northline, tr-bursa-devinim): rfq R1: declined"
              in said["rfq.declined"], "the decline", said["rfq.declined"])
        check("sample TS01/fit/1: reviewed" in said["sample.reviewed"], "the review",
              said["sample.reviewed"])
        check("payment PO-1/deposit: paid" in said["payment.paid"], "the payment",
              said["payment.paid"])


@test("verbs --json: the event's canonical line and the thing's state")
def _():
    with tmpdir() as d:
        db = seeded(d, 2)
        r = run("--db", db, "rfq", "ack", *NL, "--rfq", "R1", "--at", "2027-01-11T08:00:00Z",
                "--json", cwd=d)
        expect_exit(r, 0)
        j = load_json(r)
        check(j["events"] == [{"id": 3, "at": "2027-01-11T08:00:00Z", "by": "factory",
                               "kind": "rfq.acknowledged", "brand": "northline",
                               "factory": "pt-barcelos-sportmalha", "rfq": "R1"}],
              "the event", j)
        check(j["states"] == [{"thing": "rfq", "key": "R1", "quotes": 0,
                               "status": "acknowledged"}], "its state", j)


@test("inspect: the verdict is the lot's ISO 2859-1 plans' (6 major in 80 at 2.5: fail)")
def _():
    with tmpdir() as d:
        db = seeded(d, 17)  # through the order's confirmation
        r = run("--db", db, "inspect", *NL, "--by", "brand", "--order", "PO-1", "--lot", "600",
                "--level", "II", "--aql-critical", "0", "--aql-major", "2.5", "--aql-minor",
                "4.0", "--critical", "0", "--major", "6", "--minor", "4",
                "--at", "2027-05-10T10:00:00Z", "--json", cwd=d)
        expect_exit(r, 0)
        j = load_json(r)
        check(j["events"][0]["result"] == "fail", "failed by its plan", j)
        check(j["states"][0]["last_inspection"] == "fail", "the order's last inspection", j)


def refused(d, db, args, words):
    before = digest(db)
    r = run("--db", db, *args, cwd=d)
    expect_exit(r, 1)
    check(words in r.err, "the admission's message", words, r.describe())
    check(digest(db) == before, "the database file unchanged", r.describe())


@test("verbs: steps that make no sense are refused with their message, exit 1, nothing written")
def _():
    with tmpdir() as d:
        db = seeded(d, 4)  # R1 sent to both; acknowledged by one, declined by the other
        refused(d, db, ["rfq", "ack", *TR, "--rfq", "R1", "--at", "2027-01-13T10:00:00Z"],
                "RFQ R1: the factory declined it on 2027-01-12")
        refused(d, db, ["rfq", "decline", *TR, "--rfq", "R9", "--reason", "price",
                        "--at", "2027-01-13T10:00:00Z"], "R9")
        refused(d, db, ["sample", "review", *NL, "--style", "TS01", "--stage", "fit",
                        "--round", "1", "--verdict", "approved",
                        "--at", "2027-02-11T15:00:00Z"], "never")
        refused(d, db, ["pay", "paid", *NL, "--order", "PO-9", "--milestone", "deposit",
                        "--amount", "10.00", "--currency", "EUR",
                        "--at", "2027-03-06T14:00:00Z"], "PO-9, which does not exist")
        refused(d, db, ["change", "accept", *NL, "--change", "CR-7",
                        "--at", "2027-03-06T14:00:00Z"], "CR-7")
        refused(d, db, ["order", "confirm", *NL, "--order", "PO-1",
                        "--at", "2027-03-06T14:00:00Z"], "PO-1")
        refused(d, db, ["progress", *NL, "--order", "PO-1", "--milestone", "fabric_in",
                        "--at", "2027-03-06T14:00:00Z"], "PO-1")
        refused(d, db, ["message", *NL, "--by", "brand", "--order", "PO-1", "--text", "hi",
                        "--at", "2027-03-06T14:00:00Z"], "PO-1")
        refused(d, db, ["sample", "ship", "--brand", "northline", "--factory", "xx-nowhere",
                        "--style", "TS01", "--stage", "fit", "--round", "1",
                        "--at", "2027-03-06T14:00:00Z"],
                "no factory with the handle xx-nowhere in the registry")


@test("verbs: usage errors exit 2 naming the option, nothing written")
def _():
    with tmpdir() as d:
        db = seeded(d, 4)
        before = digest(db)
        cases = [
            (["rfq", "ack", *NL, "--rfq", "R1", "--reason", "moq"], "--reason"),
            (["rfq", "ack", *NL], "--rfq"),
            (["rfq", "ack", "--factory", "tr-bursa-devinim", "--rfq", "R1"], "--brand"),
            (["rfq", "ack", *NL, "--rfq", "R1", "--at", "2027-13-01T00:00:00Z"], "--at"),
            (["rfq", "ack", *NL, "--rfq", "R1", "--by", "brand"], "--by"),
            (["rfq", "decline", *NL, "--rfq", "R1", "--reason", "cost"], "--reason"),
            (["message", *NL, "--rfq", "R1", "--text", "hi"], "--by"),
            (["sample", "request", *NL, "--style", "TS01", "--stage", "fit", "--round", "x"],
             "--round"),
            (["order", "issue", *NL, "--order", "PO-2", "--currency", "EUR",
              "--line", "TS01:navy:M:300"], "--line"),
            (["pay", "due", *NL, "--by", "factory", "--order", "PO-1", "--milestone", "d",
              "--due", "2027-02-28", "--amount", "1.001", "--currency", "EUR"], "--amount"),
            (["rfq", "ack", *NL, "--rfq", "R1", "--rfq", "R2"], "twice"),
            (["rfq", "frobnicate"], "unknown command"),
            (["rfq", "ack", *NL, "--rfq", "R1", "--colour", "x"], "unknown option"),
            (["sample"], "Usage"),
        ]
        for args, words in cases:
            r = run("--db", db, *args, cwd=d)
            expect_exit(r, 2)
            check(words in r.err, "the option named", words, r.describe())
        check(digest(db) == before, "the database file unchanged")
        r = run("sample", "--help")
        expect_exit(r, 0)
        check("sample.reviewed" in r.out, "the help lists the kinds", r.describe())


@test("order issue: a price that differs from the quote's break is FLAGGED, and recorded")
def _():
    with tmpdir() as d:
        db = seeded(d, 15)  # through the change accepted; quote revised to 6.70 from 500
        r = run("--db", db, "order", "issue", *NL, "--order", "PO-1", "--rfq", "R1",
                "--currency", "EUR", "--line", "TS01:Oat melange:M:300:6.70",
                "--line", "TS01:Oat melange:L:300:6.90", "--at", "2027-02-20T09:00:00Z", cwd=d)
        expect_exit(r, 0)
        check("FLAGGED: TS01 Oat melange L at 6.90 EUR, the quote says 6.70 EUR from 500 units "
              "(event 6, RFQ R1)" in r.out, "the line flagged", r.describe())
        check("Oat melange M" not in r.out, "the line at the quote not", r.describe())
        c = run("--db", db, "order", "counter", *NL, "--order", "PO-1", "--text", "6.70",
                "--currency", "EUR", "--line", "TS01:Oat melange:M:600:6.70",
                "--at", "2027-02-21T09:00:00Z", "--json", cwd=d)
        expect_exit(c, 0)
        p = load_json(c)["states"][0]["prices"]
        check(p == [{"style": "TS01", "color": "Oat melange", "size": "M", "price": "6.70",
                     "quoted": "6.70", "quoted_currency": "EUR", "break_qty": 500,
                     "quote_event": 6, "flagged": False}], "the comparison in JSON", p)


@test("order issue --lines FILE.csv: the same order as its --line options; errors by file:line")
def _():
    with tmpdir() as d:
        a, b = seeded(d, 15), os.path.join(d, "b.db")
        shutil.copy(a, b)
        po = os.path.join(d, "po.csv")
        with open(po, "w", encoding="utf-8") as f:
            f.write('style,color,size,qty,price\r\nTS01,"Oat melange",M,300,6.70\r\n\r\n'
                    'TS01,Oat melange,L,300,6.70\r\n')
        common = ["order", "issue", *NL, "--order", "PO-1", "--rfq", "R1", "--currency", "EUR",
                  "--at", "2027-02-20T09:00:00Z"]
        expect_exit(run("--db", a, *common, "--lines", po, cwd=d), 0)
        expect_exit(run("--db", b, *common, "--line", "TS01:Oat melange:M:300:6.70",
                        "--line", "TS01:Oat melange:L:300:6.70", cwd=d), 0)
        xa = run("--db", a, "ledger", "export", cwd=d).out
        check(xa == run("--db", b, "ledger", "export", cwd=d).out, "the same events", xa[-400:])
        db = os.path.join(d, "c.db")
        shutil.copy(a, db)
        common[7] = "PO-2"
        bad = os.path.join(d, "bad.csv")
        for text, words in [
            ("style,color,size,qty,price\nTS01,Oat,M,300,6.705\n",
             "bad.csv:2: price: 6.705 has more than 2 decimals"),
            ("style,color,size,qty,price\nTS01,Oat,M,3OO,6.70\n", "bad.csv:2: qty: not a whole"),
            ("style,colour,size,qty,price\nTS01,Oat,M,300,6.70\n", "bad.csv:1: the header is"),
            ("style,color,size,qty,price\nTS01,Oat,M,300\n", "bad.csv:2: 4 fields, not 5"),
            ("style,color,size,qty,price\nTS01,Oat,M,300,6.70\n\nTS01,Oat,M,1,6.70\n",
             "bad.csv:4: the same style, colour and size"),
            ("style,color,size,qty,price\n", "bad.csv:1: no lines"),
        ]:
            with open(bad, "w", encoding="utf-8") as f:
                f.write(text)
            refused(d, db, [*common, "--lines", bad], words)
        before = digest(db)
        r = run("--db", db, *common, "--lines", po, "--line", "TS01:Oat:M:1:6.70", cwd=d)
        expect_exit(r, 2)
        r = run("--db", db, "order", "issue", *NL, "--order", "PO-1", "--lines", po, cwd=d)
        expect_exit(r, 2)
        check("--currency" in r.err, "the currency first", r.describe())
        check(digest(db) == before, "the database file unchanged")


NORTHLINE = os.path.join(EXAMPLES, "northline.yaml")
SEND = ["rfq", "send", NORTHLINE, "--brand", "northline", "--ref", "R1",
        "--reply-by", "2027-01-24", "--at", "2027-01-10T09:00:00Z"]


QUOTE = os.path.join(EXAMPLES, "quotes", "northline-r1.yaml")
QUOTED = ('{"id":%d,%s"at":"%s","by":"factory","kind":"quote","brand":"northline",'
          '"factory":"pt-barcelos-sportmalha","rfq":"R1","currency":"EUR",'
          '"valid_until":"2027-03-31","deposit":"30.00","balance":"before shipment",'
          '"incoterm":"FOB","quote":[{"style":"NL-LEG-01","breaks":[{"qty":300,'
          '"price":"14.90"},{"qty":1000,"price":"13.60"}],"moq_style":300,"moq_color":150,'
          '"sample_fee":"60.00","fee_refunded":true,"sampling_days":21,'
          '"production_days":60}],"text":"Prices include hangtags and polybags"}\n')


def northline_sent(d):
    """A registry where examples/northline.yaml went to two factories as R1 (events 1, 2) and
    one of them declined it (event 3): the README's story."""
    db = registry(d)
    expect_exit(run("--db", db, *SEND, "--to", "pt-barcelos-sportmalha,tr-bursa-devinim",
                    cwd=d), 0)
    expect_exit(run("--db", db, "rfq", "decline", *TR, "--rfq", "R1", "--reason", "moq",
                    "--at", "2027-01-12T10:00:00Z", cwd=d), 0)
    return db


@test("quote add: the factory's file recorded as the line says; a revision supersedes")
def _():
    with tmpdir() as d:
        db = northline_sent(d)
        r = run("--db", db, "quote", "add", *NL, "--rfq", "R1", "--file", QUOTE,
                "--at", "2027-01-15T16:30:00Z", cwd=d)
        expect_exit(r, 0)
        check("quote: event 4 recorded (northline, pt-barcelos-sportmalha): rfq R1: quoted"
              in r.out, "said", r.describe())
        r = run("--db", db, "quote", "add", *NL, "--rfq", "R1", "--file", QUOTE,
                "--at", "2027-01-16T09:00:00Z", "--json", cwd=d)
        expect_exit(r, 0)
        check(load_json(r)["states"][0]["quotes"] == 1, "one quote stands", r.out)
        x = run("--db", db, "ledger", "export", cwd=d).out.splitlines(True)
        check(x[3] == QUOTED % (4, "", "2027-01-15T16:30:00Z"), "the quote", x[3])
        check(x[4] == QUOTED % (5, '"supersedes":4,', "2027-01-16T09:00:00Z"), "the revision",
              x[4])


@test("quote add: refused by file:line:field, or by the history, exit 1, nothing written")
def _():
    with tmpdir() as d:
        db = northline_sent(d)
        with open(QUOTE, encoding="utf-8") as f:
            text = f.read()
        bad = os.path.join(d, "bad.yaml")
        for old, new, words in [
            ("price: 13.60", "price: 13.605", "bad.yaml:15:29: styles[0].breaks[1].price: "
             "13.605 has more than 2 decimals"),
            ("qty: 1000", "qty: 200", "bad.yaml:15:16: styles[0].breaks[1].qty: breaks go up"),
            ("moq_color: 150", "moq_colour: 150",
             "bad.yaml:17:5: styles[0].moq_colour: unknown key"),
            ("currency: EUR", "currency: eur", "bad.yaml:5:11: currency"),
            ("style: NL-LEG-01", "style: XX99",
             "bad.yaml: styles[0].style: style XX99 is not in RFQ R1"),
        ]:
            with open(bad, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new))
            refused(d, db, ["quote", "add", *NL, "--rfq", "R1", "--file", bad,
                            "--at", "2027-01-15T16:30:00Z"], words)
        refused(d, db, ["quote", "add", *TR, "--rfq", "R1", "--file", QUOTE,
                        "--at", "2027-01-15T16:30:00Z"],
                "no quote on RFQ R1: the factory declined it on 2027-01-12")
        before = digest(db)
        for args, words in [
            (["quote", "add", *NL, "--rfq", "R1"], "--file"),
            (["quote", "add", *NL, "--file", QUOTE], "--rfq"),
            (["quote", "add", *NL, "--rfq", "R1", "--file", QUOTE, "--order", "PO-1"],
             "--order"),
        ]:
            r = run("--db", db, *args, cwd=d)
            expect_exit(r, 2)
            check(words in r.err, "the option named", words, r.describe())
        check(digest(db) == before, "the database file unchanged")


@test("rfq send: one rfq.sent per factory with the program's units, exported as imported")
def _():
    with tmpdir() as d:
        db = registry(d)
        r = run("--db", db, *SEND, "--to", "pt-barcelos-sportmalha,tr-bursa-devinim", cwd=d)
        expect_exit(r, 0)
        check("event 2 recorded (northline, tr-bursa-devinim): rfq R1: sent" in r.out,
              "both sent", r.describe())
        want = "".join(
            '{"id":%d,"at":"2027-01-10T09:00:00Z","by":"brand","kind":"rfq.sent",'
            '"brand":"northline","factory":"%s","rfq":"R1","due":"2027-01-24",'
            '"lines":[{"style":"NL-LEG-01","qty":900}]}\n' % (i + 1, f)
            for i, f in enumerate(["pt-barcelos-sportmalha", "tr-bursa-devinim"]))
        x = run("--db", db, "ledger", "export", cwd=d)
        got = x.out.splitlines(True)
        check(len(got) == 2, "two lines", x.out)
        for line, w in zip(got, want.splitlines(True)):
            # the event's line, then its snapshot: the program's text and its readiness
            check(line.startswith(w[:-2] + ',"program":"'), "the event, then the program", line)
            j = json.loads(line)
            check(list(j)[-2:] == ["program", "readiness"], "the snapshot last", list(j))
            check(isinstance(j["readiness"], dict), "the readiness an object")
        other = registry(d, "o.db")
        lines = os.path.join(d, "sent.jsonl")
        with open(lines, "w", encoding="utf-8") as f:
            f.write(want)
        expect_exit(run("--db", other, "ledger", "import", lines, cwd=d), 0)
        check(run("--db", other, "ledger", "export", cwd=d).out == want,
              "without a snapshot, as import records")


@test("rfq show: the program's text and its readiness as check --json gave it that day")
def _():
    with tmpdir() as d:
        db = registry(d)
        expect_exit(run("--db", db, *SEND, "--to", "pt-barcelos-sportmalha", cwd=d), 0)
        r = run("--db", db, "rfq", "show", "R1", "--brand", "northline", "--json", cwd=d)
        expect_exit(r, 0)
        j = load_json(r)
        with open(NORTHLINE, encoding="utf-8") as f:
            text = f.read()
        check(len(j["sent"]) == 1 and j["sent"][0]["program"] == text, "the program's text")
        c = run("check", NORTHLINE, "--today", "2027-01-10", "--json", cwd=d)
        check(j["sent"][0]["readiness"] == json.loads(c.out), "the readiness report")
        check(j["sent"][0]["event"]["kind"] == "rfq.sent", "the event", j)
        t = run("--db", db, "rfq", "show", "R1", "--brand", "northline", cwd=d)
        expect_exit(t, 0)
        check(text in t.out, "the text printed back", t.describe())
        n = run("--db", db, "rfq", "show", "R2", "--brand", "northline", cwd=d)
        expect_exit(n, 1)


@test("rfq send: refused for one factory, recorded for none; the file unchanged")
def _():
    with tmpdir() as d:
        db = registry(d)
        expect_exit(run("--db", db, *SEND, "--to", "pt-barcelos-sportmalha", cwd=d), 0)
        refused(d, db, [*SEND, "--to", "tr-bursa-devinim,pt-barcelos-sportmalha"],
                "RFQ R1 was already sent to this factory on 2027-01-10")
        refused(d, db, [*SEND[:-4], "--ref", "R2", "--at", "2027-01-10T09:00:00Z",
                        "--to", "tr-bursa-devinim,xx-nowhere"], "xx-nowhere")
        before = digest(db)
        for args, words in [
            (["rfq", "send", "--brand", "northline", "--to", "tr-bursa-devinim", "--ref", "R3"],
             "which program file"),
            ([*SEND[:2], NORTHLINE, "--brand", "northline", "--ref", "R3"], "--to"),
            ([*SEND, "--to", "tr-bursa-devinim,tr-bursa-devinim"], "named twice"),
            ([*SEND, "--to", "tr-bursa-devinim", "--factory", "x"], "--factory"),
            (["rfq", "send", NORTHLINE, "--brand", "northline", "--to", "tr-bursa-devinim",
              "--ref", "R3", "--reply-by", "2027-02-30"], "--reply-by: not a date"),
        ]:
            r = run("--db", db, *args, cwd=d)
            expect_exit(r, 2)
            check(words in r.err, "the option named", words, r.describe())
        check(digest(db) == before, "the database file unchanged")


def snapshot_line(program, readiness, **more):
    ev = {"at": "2027-01-10T09:00:00Z", "by": "brand", "kind": "rfq.sent",
          "brand": "northline", "factory": "pt-barcelos-sportmalha", "rfq": "R1",
          "due": "2027-01-24", "lines": [{"style": "NL-LEG-01", "qty": 900}]}
    ev.update(more)
    if program is not None:
        ev["program"] = program
    if readiness is not None:
        ev["readiness"] = readiness
    return json.dumps(ev, ensure_ascii=False) + "\n"


@test("ledger export/import: an RFQ's snapshot travels with it, byte for byte")
def _():
    with tmpdir() as d:
        db = northline_sent(d)
        x1 = os.path.join(d, "x1.jsonl")
        expect_exit(run("--db", db, "ledger", "export", "-o", x1, cwd=d), 0)
        other = registry(d, "o.db")
        expect_exit(run("--db", other, "ledger", "import", x1, cwd=d), 0)
        x2 = run("--db", other, "ledger", "export", cwd=d)
        with open(x1, encoding="utf-8") as f:
            check(x2.out == f.read(), "export -> import -> export: the same bytes")
        for where in (db, other):
            r = run("--db", where, "rfq", "show", "R1", "--brand", "northline", "--json", cwd=d)
            expect_exit(r, 0)
            j = load_json(r)
            with open(NORTHLINE, encoding="utf-8") as f:
                check([s["program"] for s in j["sent"]] == [f.read()] * 2, "the program back")
            c = run("check", NORTHLINE, "--today", "2027-01-10", "--json", cwd=d)
            check(j["sent"][0]["readiness"] == json.loads(c.out), "the readiness back")


@test("ledger import: a hostile program's text is kept and exported escaped")
def _():
    with tmpdir() as d:
        db = registry(d)
        hostile = "brand:\n  name: \u00c9lan \x1b[31mred\x1b[0m \u202e\u2028 \"q\" \\ end\n"
        f = os.path.join(d, "h.jsonl")
        with open(f, "w", encoding="utf-8") as fp:
            fp.write(snapshot_line(hostile, {"ready": False, "note": "\u00e9\x07"}))
        expect_exit(run("--db", db, "ledger", "import", f, cwd=d), 0)
        x = run("--db", db, "ledger", "export", cwd=d)
        expect_exit(x, 0)
        check(x.out.isascii() and "\x1b" not in x.out and "\x07" not in x.out,
              "nothing outside printable ASCII", repr(x.out))
        check("\\u001B[31m" in x.out and "\\u00C9" in x.out, "escaped", x.out)
        j = json.loads(x.out)
        check(j["program"] == hostile and j["readiness"] == {"ready": False, "note": "\u00e9\x07"},
              "the same text and report", j)


@test("ledger import: a bad RFQ snapshot refused by file:line and field, exit 1, nothing kept")
def _():
    with tmpdir() as d:
        db = registry(d)
        ok = snapshot_line("brand: {}\n", {"ready": True})
        quote = json.dumps({"at": "2027-01-11T09:00:00Z", "by": "factory", "kind": "rfq.acknowledged",
                            "brand": "northline", "factory": "pt-barcelos-sportmalha",
                            "rfq": "R1", "program": "x", "readiness": {}}) + "\n"
        f = os.path.join(d, "bad.jsonl")
        for text, words in [
            (snapshot_line("p", [1, 2]), "bad.jsonl:1: readiness: must be an object, not a list"),
            (snapshot_line("p", "{}"), "bad.jsonl:1: readiness: must be an object, not a string"),
            (snapshot_line(None, {}), "bad.jsonl:1: program: missing"),
            (snapshot_line("p", None), "bad.jsonl:1: readiness: missing"),
            (snapshot_line(7, {}), "bad.jsonl:1: program: must be a string, not a number"),
            (snapshot_line("p\u0000q", {}), "bad.jsonl:1:227: not JSON: \\u0000 is not allowed"),
            (snapshot_line("x" * (512 * 1024 + 1), {}),
             "bad.jsonl:1: program: longer than 524288 bytes"),
            (snapshot_line("p", {"k": "y" * (256 * 1024)}),
             "bad.jsonl:1: readiness: longer than 262144 bytes"),
            (ok + quote, "bad.jsonl:2: program: not part of rfq.acknowledged"),
        ]:
            with open(f, "w", encoding="utf-8") as fp:
                fp.write(text)
            refused(d, db, ["ledger", "import", f], words)
        check(run("--db", db, "ledger", "export", cwd=d).out == "", "nothing recorded")


QUOTE_CSV = os.path.join(EXAMPLES, "quotes", "northline-r1.csv")


@test("quote add --file QUOTE.csv: the spreadsheet recorded as the YAML is; --format csv")
def _():
    with tmpdir() as d:
        db = northline_sent(d)
        r = run("--db", db, "quote", "add", *NL, "--rfq", "R1", "--file", QUOTE_CSV,
                "--at", "2027-01-15T16:30:00Z", cwd=d)
        expect_exit(r, 0)
        x = run("--db", db, "ledger", "export", cwd=d).out.splitlines(True)
        check(x[3] == QUOTED % (4, "", "2027-01-15T16:30:00Z"), "the quote, as from YAML", x[3])
        # a spreadsheet's own export: columns in another order, CRLF, the terms filled down
        txt = os.path.join(d, "quote.txt")
        with open(txt, "w", encoding="utf-8", newline="") as f:
            f.write("currency,style,qty,price,moq_style,deposit\r\n"
                    "EUR,NL-LEG-01,300,\"14.90\",300,30\r\n\r\n"
                    "EUR,NL-LEG-01,1000,13.6,,30\r\n")
        refused(d, db, ["quote", "add", *NL, "--rfq", "R1", "--file", txt,
                        "--at", "2027-01-16T09:00:00Z"], "quote.txt")  # read as YAML
        r = run("--db", db, "quote", "add", *NL, "--rfq", "R1", "--file", txt, "--format", "csv",
                "--at", "2027-01-16T09:00:00Z", "--json", cwd=d)
        expect_exit(r, 0)
        ev = load_json(r)["events"][0]
        check(ev["supersedes"] == 4 and ev["deposit"] == "30.00" and ev["quote"] == [
            {"style": "NL-LEG-01", "breaks": [{"qty": 300, "price": "14.90"},
                                              {"qty": 1000, "price": "13.60"}],
             "moq_style": 300}], "the revision from the CSV", ev)


@test("quote add: a bad CSV quote refused by file:line and column, exit 1, nothing written")
def _():
    with tmpdir() as d:
        db = northline_sent(d)
        H = "style,qty,price,moq_style,fee_refunded,currency,valid_until\n"
        bad = os.path.join(d, "bad.csv")
        for text, words in [
            (H + "NL-LEG-01,300,14.905,,,EUR,\n", "bad.csv:2: price: 14.905 has more than 2 decimals"),
            (H + "NL-LEG-01,300,14.90,,,EUR,\nNL-LEG-01,200,13.60,,,,\n",
             "bad.csv:3: qty: breaks go up in quantity (200 after 300)"),
            (H + "NL-LEG-01,300,14.90,,,eur,\n", "bad.csv:2: currency: not a currency code"),
            (H + "NL-LEG-01,300,14.90,,,,\n", "bad.csv:2: currency: missing"),
            (H + "NL-LEG-01,300,14.90,,,EUR,\nNL-LEG-01,900,13.60,,,USD,\n",
             "bad.csv:3: currency: USD differs from the first row's (EUR)"),
            (H + "NL-LEG-01,300,14.90,300,,EUR,\nNL-LEG-01,900,13.60,200,,,\n",
             "bad.csv:3: moq_style: 200 differs from the style's earlier row (300)"),
            (H + "NL-LEG-01,300,14.90,,maybe,EUR,\n", "bad.csv:2: fee_refunded: true or false"),
            (H + "NL-LEG-01,3x0,14.90,,,EUR,\n", "bad.csv:2: qty: not a whole number"),
            (H + "NL-LEG-01,300,,,,EUR,\n", "bad.csv:2: price: missing"),
            (H + "NL-LEG-01,300,14.90,,,EUR,2027-02-30\n", "bad.csv:2: valid_until: not a date"),
            (H + "\"NL-LEG-01,300,14.90,,,EUR,\n", "bad.csv:2: not a CSV row"),
            ("style,qty,price,colour,currency\n", "bad.csv:1: unknown column colour"),
            ("style,qty,currency\n", "bad.csv:1: no column price"),
            (H, "bad.csv:1: no quote"),
            (H + "NL-LEG-01,300,14.90,,,EUR,\nXX99,300,1.00,,,,\n",
             "bad.csv: styles[1].style: style XX99 is not in RFQ R1"),
        ]:
            with open(bad, "w", encoding="utf-8") as f:
                f.write(text)
            refused(d, db, ["quote", "add", *NL, "--rfq", "R1", "--file", bad,
                            "--at", "2027-01-15T16:30:00Z"], words)
        before = digest(db)
        r = run("--db", db, "quote", "add", *NL, "--rfq", "R1", "--file", QUOTE_CSV,
                "--format", "xls", cwd=d)
        expect_exit(r, 2)
        check("--format: yaml or csv" in r.err, "the option named", r.describe())
        check(digest(db) == before, "the database file unchanged")


TYPED = ["--style", "NL-LEG-01", "--price", "14.90", "--qty", "300", "--moq-style", "300",
         "--moq-color", "150", "--sample-fee", "60.00", "--sampling-days", "21",
         "--production-days", "60", "--deposit", "30", "--balance", "before shipment",
         "--incoterm", "FOB", "--valid-until", "2027-03-31", "--currency", "EUR"]


@test("quote add --style --price --qty: one style's quote typed, recorded as a line holds it")
def _():
    with tmpdir() as d:
        db = northline_sent(d)
        r = run("--db", db, "quote", "add", *NL, "--rfq", "R1", *TYPED,
                "--at", "2027-01-15T16:30:00Z", cwd=d)
        expect_exit(r, 0)
        x = run("--db", db, "ledger", "export", cwd=d).out.splitlines(True)
        check(x[3] == '{"id":4,"at":"2027-01-15T16:30:00Z","by":"factory","kind":"quote",'
              '"brand":"northline","factory":"pt-barcelos-sportmalha","rfq":"R1",'
              '"currency":"EUR","valid_until":"2027-03-31","deposit":"30.00",'
              '"balance":"before shipment","incoterm":"FOB","quote":[{"style":"NL-LEG-01",'
              '"breaks":[{"qty":300,"price":"14.90"}],"moq_style":300,"moq_color":150,'
              '"sample_fee":"60.00","sampling_days":21,"production_days":60}]}\n',
              "the quote", x[3])
        r = run("--db", db, "quote", "add", *NL, "--rfq", "R1", "--style", "NL-LEG-01",
                "--price", "1500", "--qty", "500", "--currency", "JPY",
                "--at", "2027-01-16T09:00:00Z", "--json", cwd=d)
        expect_exit(r, 0)
        check(load_json(r)["events"][0]["supersedes"] == 4, "a revision supersedes", r.out)


@test("quote add typed: a bad value names its option (exit 2), the history refuses (exit 1)")
def _():
    with tmpdir() as d:
        db = northline_sent(d)
        base = ["quote", "add", *NL, "--rfq", "R1", "--style", "NL-LEG-01",
                "--at", "2027-01-15T16:30:00Z"]
        before = digest(db)
        for more, words in [
            (["--price", "14.905", "--qty", "300", "--currency", "EUR"], "--price: more decimals"),
            (["--price", "x", "--qty", "300", "--currency", "EUR"], "--price: not an amount"),
            (["--price", "1", "--qty", "0", "--currency", "EUR"], "--qty: must be from 1"),
            (["--price", "1", "--qty", "3x", "--currency", "EUR"], "--qty: not a whole number"),
            (["--price", "1", "--qty", "300", "--currency", "EUR", "--sampling-days", "4000"],
             "--sampling-days: must be from 0 to 3650"),
            (["--price", "1", "--qty", "300", "--currency", "EUR", "--deposit", "130"],
             "--deposit: not a percentage"),
            (["--price", "1", "--qty", "300", "--currency", "EUR", "--valid-until", "2027-02-30"],
             "--valid-until: not a date"),
            (["--price", "1", "--qty", "300"], "--currency"),
            (["--qty", "300", "--currency", "EUR"], "--price: a typed quote needs"),
            (["--price", "1", "--qty", "300", "--currency", "EUR", "--file", QUOTE], "not both"),
            (["--price", "1", "--price", "2", "--qty", "300", "--currency", "EUR"],
             "--price given twice"),
        ]:
            r = run("--db", db, *base, *more, cwd=d)
            expect_exit(r, 2)
            check(words in r.err, "the option named", words, r.describe())
        check(digest(db) == before, "the database file unchanged")
        refused(d, db, ["quote", "add", *NL, "--rfq", "R1", "--style", "XX99", "--price", "1",
                        "--qty", "300", "--currency", "EUR", "--at", "2027-01-15T16:30:00Z"],
                "--style: style XX99 is not in RFQ R1")
        refused(d, db, ["quote", "add", *TR, "--rfq", "R1", *TYPED,
                        "--at", "2027-01-15T16:30:00Z"],
                "no quote on RFQ R1: the factory declined it on 2027-01-12")


@test("--at: a date alone is 12:00 UTC that day, a time with an offset is turned to UTC")
def _():
    with tmpdir() as d:
        db = seeded(d, 2)  # R1 sent to both
        for args, at in [
            (["rfq", "ack", *NL, "--rfq", "R1", "--at", "2027-01-13"], "2027-01-13T12:00:00Z"),
            (["message", *NL, "--by", "brand", "--rfq", "R1", "--text", "a",
              "--at", "2027-01-13T10:00:00+02:00"], "2027-01-13T08:00:00Z"),
            (["message", *NL, "--by", "factory", "--rfq", "R1", "--text", "b",
              "--at", "2027-01-13T19:30:00-05:30"], "2027-01-14T01:00:00Z"),
            (["message", *NL, "--by", "brand", "--rfq", "R1", "--text", "c",
              "--at", "2027-01-15T00:30:00+01:00"], "2027-01-14T23:30:00Z"),
            (["message", *NL, "--by", "brand", "--rfq", "R1", "--text", "d",
              "--at", "2027-01-15T09:00:00Z"], "2027-01-15T09:00:00Z"),
        ]:
            r = run("--db", db, *args, "--json", cwd=d)
            expect_exit(r, 0)
            check(load_json(r)["events"][0]["at"] == at, "recorded at " + at, r.describe())
        before = digest(db)
        for bad in ["2027-01-16T10:00", "2027-01-16T10:00:00", "2027-01-16 10:00:00Z",
                    "yesterday", "2027-01-16T10:00:00+24:00", "2027-01-16T10:00:00+0200",
                    "2027-02-30", "2027-01-16T10:00:00+02:60", "2027-1-16", "2100-01-01",
                    "2027-01-16Z"]:
            r = run("--db", db, "rfq", "ack", *NL, "--rfq", "R1", "--at", bad, cwd=d)
            expect_exit(r, 2)
            check("--at: not a time (%s)" % bad in r.err, "--at and the value named", bad,
                  r.describe())
            check("YYYY-MM-DD" in r.err and "+HH:MM" in r.err, "the forms said", r.describe())
        check(digest(db) == before, "the database file unchanged")


@test("verbs: a step the history refuses names the option given, not the ledger's field")
def _():
    with tmpdir() as d:
        db = seeded(d, 4)  # R1 sent to both; acknowledged by one, declined by the other
        at = ["--at", "2027-03-06T14:00:00Z"]
        rnd = ["--style", "TS01", "--stage", "fit", "--round", "9"]
        money = ["--amount", "10.00", "--currency", "EUR"]
        cases = [
            (["rfq", "ack", *TR, "--rfq", "R1", *at], "--rfq: "),
            (["rfq", "ack", *NL, "--rfq", "R1", "--at", "2027-01-09T10:00:00Z"], "--at: "),
            (["rfq", "decline", *TR, "--rfq", "R9", "--reason", "price", *at], "--rfq: "),
            (["quote", "add", *NL, "--rfq", "R9", "--style", "TS01", "--price", "1",
              "--qty", "300", "--currency", "EUR", *at], "--rfq: "),
            (["quote", "add", *TR, "--rfq", "R1", "--file", QUOTE, *at], "--rfq: "),
            (["sample", "request", *NL, "--style", "TS01", "--stage", "fit", "--round", "2",
              *at], "--round: "),
            (["sample", "ship", *NL, *rnd, *at], "--round: "),
            (["sample", "receive", *NL, *rnd, *at], "--round: "),
            (["sample", "review", *NL, *rnd, "--verdict", "approved", *at], "--round: "),
            (["sample", "invoice", *NL, *rnd, *money, *at], "--round: "),
            (["sample", "pay", *NL, *rnd, *money, *at], "--round: "),
            (["change", "request", *NL, "--change", "CR-1", "--style", "TS01", "--what", "x",
              "--supersedes", "9999", *at], "--supersedes: "),
            (["change", "answer", *NL, "--change", "CR-9", *at], "--change: "),
            (["change", "accept", *NL, "--change", "CR-9", *at], "--change: "),
            (["change", "withdraw", *NL, "--change", "CR-9", *at], "--change: "),
            (["order", "issue", *NL, "--order", "PO-9", "--currency", "EUR",
              "--line", "TS01:navy:M:300:6.80", "--supersedes", "9999", *at], "--supersedes: "),
            (["order", "confirm", *NL, "--order", "PO-9", *at], "--order: "),
            (["order", "counter", *NL, "--order", "PO-9", "--text", "no", *at], "--order: "),
            (["pay", "due", *NL, "--by", "factory", "--order", "PO-9", "--milestone", "deposit",
              "--due", "2027-03-20", *money, *at], "--order: "),
            (["pay", "paid", *NL, "--order", "PO-9", "--milestone", "deposit", *money, *at],
             "--order: "),
            (["progress", *NL, "--order", "PO-9", "--milestone", "fabric_in", *at], "--order: "),
            (["inspect", *NL, "--by", "brand", "--order", "PO-9", "--lot", "100",
              "--critical", "0", "--major", "0", "--minor", "0", "--result", "pass", *at],
             "--order: "),
            (["message", *NL, "--by", "brand", "--order", "PO-9", "--text", "hi", *at],
             "--order: "),
            (["sample", "ship", "--brand", "northline", "--factory", "xx-nowhere", *rnd, *at],
             "--factory: no factory with the handle xx-nowhere"),
            ([*SEND, "--to", "pt-barcelos-sportmalha"], "--ref: RFQ R1 was already"),
            ([*SEND, "--to", "xx-nowhere"], "--to: no factory with the handle xx-nowhere"),
        ]
        for args, words in cases:
            refused(d, db, args, words)
            r = run("--db", db, *args, cwd=d)
            for field in ["selvedge: rfq:", "selvedge: round:", "selvedge: order:",
                          "selvedge: change:", "selvedge: factory:", "selvedge: at:",
                          "selvedge: supersedes:"]:
                check(field not in r.err, "no ledger field for an option", field, r.describe())


if __name__ == "__main__":
    main()
