#!/usr/bin/env python3
"""Integration tests for `selvedge ledger import|export`, run the way a user runs them: a
history of events (tests/data/ledger/good.jsonl) imported into a registry of
examples/factories.yaml, exported, imported into another and exported again, byte for byte;
bad files refused with file:line and field, exit 1, and the store left as it was.

Standard library only, with harness.py beside it. Prints TAP.
"""
import hashlib
import os
import sqlite3
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (EXAMPLES, ROOT, check, expect_exit, main, run, test, tmpdir)  # noqa: E402

FACTORIES = os.path.join(EXAMPLES, "factories.yaml")
GOOD = os.path.join(ROOT, "tests", "data", "ledger", "good.jsonl")


def registry(d, name="r.db"):
    db = os.path.join(d, name)
    r = run("--db", db, "factories", "import", FACTORIES, cwd=d)
    expect_exit(r, 0)
    return db


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def rows(db, q):
    con = sqlite3.connect(db)
    try:
        return con.execute(q).fetchall()
    finally:
        con.close()


@test("ledger import: the example history is recorded, 24 events, and said so")
def _():
    with tmpdir() as d:
        db = registry(d)
        r = run("--db", db, "ledger", "import", GOOD, cwd=d)
        expect_exit(r, 0)
        check("24 events recorded" in r.out, "the count is said", r.describe())
        check(rows(db, "SELECT count(*) FROM ledger_event") == [(24,)], "24 rows")


@test("ledger export, import into another registry, export: the same bytes")
def _():
    with tmpdir() as d:
        a, b = registry(d, "a.db"), registry(d, "b.db")
        expect_exit(run("--db", a, "ledger", "import", GOOD, cwd=d), 0)
        x1, x2 = os.path.join(d, "x1.jsonl"), os.path.join(d, "x2.jsonl")
        expect_exit(run("--db", a, "ledger", "export", "-o", x1, cwd=d), 0)
        expect_exit(run("--db", b, "ledger", "import", x1, cwd=d), 0)
        r = run("--db", b, "ledger", "export", cwd=d)
        expect_exit(r, 0)
        with open(x2, "wb") as f:
            f.write(r.raw)
        check(digest(x1) == digest(x2), "the second export is the first, byte for byte")
        with open(x1, encoding="ascii") as f:
            lines = f.read().splitlines()
        check(len(lines) == 24, f"24 lines, not {len(lines)}")
        check(lines[5].startswith('{"id":6,"supersedes":5,'), "the revised quote names the first",
              lines[5])
        check(lines[4].startswith('{"id":5,'), "the first quote is still there", lines[4])


@test("ledger import: a bad date is refused at its line and field, exit 1, nothing kept")
def _():
    with tmpdir() as d:
        db = registry(d)
        with open(GOOD, encoding="utf-8") as f:
            lines = f.read().splitlines()
        lines[13] = lines[13].replace('"days":7', '"days":7,"due":"2027-13-01"')
        bad = os.path.join(d, "events.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        before = digest(db)
        r = run("--db", db, "ledger", "import", bad, cwd=d)
        expect_exit(r, 1)
        check("events.jsonl:14: due: not a date (2027-13-01)" in r.err, "file:line: field",
              r.describe())
        check(rows(db, "SELECT count(*) FROM ledger_event") == [(0,)], "no event kept")
        check(rows(db, "SELECT count(*) FROM brand") == [(0,)], "no brand kept")
        check(digest(db) == before, "the registry file is as it was")


@test("ledger import: a history that makes no sense is refused by line, nothing kept")
def _():
    with tmpdir() as d:
        db = registry(d)
        expect_exit(run("--db", db, "ledger", "import", GOOD, cwd=d), 0)
        cases = [
            ('{"at":"2027-01-20T09:00:00Z","by":"factory","kind":"quote","brand":"northline",'
             '"factory":"tr-bursa-devinim","rfq":"R1","currency":"EUR","quote":[{"style":"TS01",'
             '"breaks":[{"qty":500,"price":"7.00"}]}]}',
             "h.jsonl:2: rfq: no quote on RFQ R1: the factory declined it on 2027-01-12"),
            ('{"at":"2027-03-01T09:00:00Z","by":"brand","kind":"payment.paid","brand":"northline",'
             '"factory":"pt-barcelos-sportmalha","order":"PO-9","milestone":"deposit",'
             '"currency":"EUR","amount":"100.00"}',
             "h.jsonl:2: order: payment on order PO-9, which does not exist"),
            ('{"at":"2027-03-01T09:00:00Z","by":"brand","kind":"sample.reviewed",'
             '"brand":"northline","factory":"pt-barcelos-sportmalha","style":"HD02",'
             '"stage":"fit","round":1,"verdict":"approved"}',
             "h.jsonl:2: round: sample.reviewed of sample HD02 fit 1, which was never requested"),
            ('{"at":"2027-03-01T09:00:00Z","by":"brand","kind":"rfq.sent","brand":"northline",'
             '"factory":"xx-nowhere","rfq":"R2"}',
             "h.jsonl:2: factory: no factory with the handle xx-nowhere in the registry"),
        ]
        ok = ('{"at":"2027-03-01T08:00:00Z","by":"brand","kind":"message","brand":"northline",'
              '"factory":"pt-barcelos-sportmalha","order":"PO-1","text":"Any news?"}')
        for line, want in cases:
            h = os.path.join(d, "h.jsonl")
            with open(h, "w", encoding="utf-8") as f:
                f.write(ok + "\n" + line + "\n")
            before = rows(db, "SELECT count(*), max(id) FROM ledger_event")
            r = run("--db", db, "ledger", "import", h, cwd=d)
            expect_exit(r, 1)
            check(want in r.err, f"says: {want}", r.describe())
            check(rows(db, "SELECT count(*), max(id) FROM ledger_event") == before,
                  "the message of line 1 is not kept either")
            if "xx-nowhere" in want:
                check("`selvedge factories import FILE` adds it" in r.err,
                      "says how a factory gets into the registry", r.describe())


@test("ledger: names with control characters are refused, quoted escaped; usage errors exit 2")
def _():
    with tmpdir() as d:
        db = registry(d)
        h = os.path.join(d, "h.jsonl")
        with open(h, "w", encoding="utf-8") as f:
            f.write('{"at":"2027-01-10T09:00:00Z","by":"brand","kind":"rfq.sent",'
                    '"brand":"north\\u001b]0;x\\u0007line","factory":"tr-bursa-devinim",'
                    '"rfq":"R1"}\n')
        r = run("--db", db, "ledger", "import", h, cwd=d)
        expect_exit(r, 1)
        check("h.jsonl:1: brand:" in r.err and "\x1b" not in r.err, "refused, nothing raw",
              r.describe())
        expect_exit(run("--db", db, "ledger", "import", cwd=d), 2)
        expect_exit(run("--db", db, "ledger", "frobnicate", cwd=d), 2)
        expect_exit(run("--db", db, "ledger", "export", "--bogus", cwd=d), 2)
        r = run("ledger", "--help", cwd=d)
        expect_exit(r, 0)
        check("import FILE" in r.out and "export" in r.out, "help lists both", r.describe())


@test("ledger export of a registry without events is empty; of no registry, refused")
def _():
    with tmpdir() as d:
        db = registry(d)
        r = run("--db", db, "ledger", "export", cwd=d)
        expect_exit(r, 0)
        check(r.out == "", "nothing written", r.describe())
        r = run("--db", os.path.join(d, "none.db"), "ledger", "export", cwd=d)
        expect_exit(r, 1)
        check(not os.path.exists(os.path.join(d, "none.db")), "no registry made by an export")


if __name__ == "__main__":
    sys.exit(main())
