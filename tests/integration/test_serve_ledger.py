"""selvedge serve: the ledger over HTTP (issue 12, items 4 and 5). A brand organization and a
factory organization go through a short season over the API (send, the factory's inbox with
the brand's readiness summary, ack, quote, decline, order, confirm, payments, inspection,
messages); each step's `by` is the organization's side (the other side's step is 403), the
history's refusals are the CLI's (409 with its message and field, 422 for a bad field); a
factory organization that claimed no factory is told to claim it first (409). Then another
brand and another factory read every object of the first pair and get 404, exactly as for a
missing one, and their lists are empty. Servers run with --insecure-fast-hash."""
import json
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, check, expect_exit, main, run, test, tmpdir  # noqa: E402
from serve_harness import CookieJar, Server, expect_error  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"
SM, TM, DV = "pt-barcelos-sportmalha", "pt-santotirso-tirsomalha", "tr-bursa-devinim"


def post(s, path, body, jar):
    h = {"Content-Type": "application/json", "X-CSRF-Token": jar.cookies.get("csrf", "")}
    return s.request("POST", path, body=json.dumps(body), headers=h, jar=jar)


def get(s, path, jar):
    return s.request("GET", path, jar=jar)


def signup(s, email, org, kind="brand", claim=None):
    jar = CookieJar()
    r = s.request("POST", "/api/signup", body=json.dumps(
        {"email": email, "password": PASSWORD, "org_name": org, "org_kind": kind}),
        headers={"Content-Type": "application/json"}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    if claim:
        r = post(s, "/api/org/claim", {"factory": claim}, jar)
        check(r.status == 200, f"{org} claims {claim}", r.describe())
    return jar


def store_program(s, jar, path):
    """The brand's program as POST /api/programs stores it; until that route is in this
    build, the same row written into the store (the program table of migration 9)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    h = {"Content-Type": "application/yaml", "X-CSRF-Token": jar.cookies.get("csrf", "")}
    r = s.request("POST", "/api/programs", body=text, headers=h, jar=jar)
    if r.status == 201:
        return r.json()["id"]
    org = get(s, "/api/me", jar).json()["org"]["id"]
    db = sqlite3.connect(s.db, timeout=30)
    with db:
        cur = db.execute("INSERT INTO program (org_id, name, yaml, created, updated) "
                         "VALUES (?, ?, ?, ?, ?)", (org, "northline", text, int(time.time()),
                                                    int(time.time())))
    pid = cur.lastrowid
    db.close()
    return pid


def clean(s):
    """The server stopped cleanly: exit 0, no sanitizer report."""
    check(s.code == 0 and "Sanitizer" not in s.err and "runtime error" not in s.err,
          "the server exits 0 with no sanitizer report", s.code, s.err[-3000:])


def registry(d):
    db = os.path.join(d, "store.db")
    expect_exit(run("--db", db, "factories", "import", os.path.join(EXAMPLES, "factories.yaml")), 0)
    return db


def created(r, what):
    check(r.status == 201, f"{what}: 201", r.describe())
    return r.json()


def state(r, what, status):
    j = created(r, what)
    check(j["states"][0]["status"] == status, f"{what}: {status}", j)
    return j


QUOTE = {"rfq": "R1", "currency": "EUR", "valid_until": "2027-03-31", "deposit": "30",
         "balance": "before shipment", "incoterm": "FOB",
         "at": "2026-09-12T11:00:00Z",
         "quote": [{"style": "NL-LEG-01", "breaks": [{"qty": 300, "price": "14.90"},
                                                     {"qty": 1000, "price": "13.60"}],
                    "moq_style": 300, "moq_color": 150, "sample_fee": "60.00",
                    "fee_refunded": True, "sampling_days": 21, "production_days": 60}]}
LINES = [{"style": "NL-LEG-01", "color": "Black", "size": s, "qty": q, "price": "14.90"}
         for s, q in (("S", 300), ("M", 300), ("L", 300))]


def season(s):
    """The first pair's season; returns the organizations' jars."""
    b = signup(s, "ana@northline.example", "Northline")
    f = signup(s, "rui@sportmalha.example", "Sportmalha", "factory", SM)
    t = signup(s, "eva@tirsomalha.example", "Tirsomalha", "factory", TM)
    brand = get(s, "/api/me", b).json()["org"]["handle"]
    pid = store_program(s, b, os.path.join(EXAMPLES, "northline.yaml"))
    j = created(post(s, "/api/rfqs", {"ref": "R1", "program": pid, "to": [SM, TM],
                                      "reply_by": "2027-06-30", "at": "2026-09-07T09:00:00Z"}, b),
                "rfq send")
    check(len(j["events"]) == 2 and all(e["kind"] == "rfq.sent" and e["brand"] == brand
                                        for e in j["events"]), "two rfq.sent as the brand", j)
    check(j["states"][0]["status"] == "sent", "sent", j)
    return b, f, t, brand, pid


@test("serve ledger: a brand and a factory go through a season over the API")
def _():
    with tmpdir() as d, Server(FAST, db=registry(d)) as s:
        b, f, t, brand, pid = season(s)
        # the factory's inbox: the inquiry with the brand's readiness summary
        r = get(s, "/api/rfqs", f)
        check(r.status == 200, "inbox 200", r.describe())
        inbox = r.json()
        check(inbox["kind"] == "inbox" and len(inbox["rfqs"]) == 1, "one inquiry", inbox)
        q = inbox["rfqs"][0]
        check(q["id"] == f"{brand}:R1" and q["factory"] == SM and q["sent"]["due"] == "2027-06-30",
              "its id, factory and reply-by", q)
        rd = q["readiness"]
        check(isinstance(rd["score"], int) and rd["verdict"] and isinstance(rd["blockers"], list)
              and "sampling_budget" in rd and "payment_terms" in rd
              and isinstance(rd["growth_plan"], list), "score, verdict, blockers, budget, terms, "
              "growth", rd)
        check(get(s, "/api/rfqs", b).json()["kind"] == "sent", "the brand's list is its sends")
        # the factory's steps
        state(post(s, f"/api/rfqs/{brand}:R1/ack", {"at": "2026-09-08T08:15:00Z"}, f), "ack", "acknowledged")
        state(post(s, f"/api/rfqs/{brand}:R1/quotes", QUOTE, f), "quote", "quoted")
        state(post(s, f"/api/rfqs/{brand}:R1/decline", {"reason": "moq",
                                                        "text": "Our minimum is 1500",
                                                        "at": "2026-09-08T07:30:00Z"}, t), "decline",
              "declined")
        # the brand compares the quotes, as quotes compare --json; a factory does not
        r = get(s, "/api/rfqs/R1/compare", b)
        check(r.status == 200, "compare 200", r.describe())
        cmp = r.json()
        check(cmp["rfq"] == "R1" and cmp["best"] == SM and
              {x["factory"]: x["answer"] for x in cmp["factories"]} == {SM: "quoted",
                                                                         TM: "declined"},
              "sportmalha quoted and best, tirsomalha declined", cmp)
        expect_error(get(s, f"/api/rfqs/{brand}:R1/compare", f), 403, "forbidden")
        # the brand sees every event of its RFQ; a factory only its own pair's
        ev = get(s, "/api/rfqs/R1", b).json()["events"]
        check([e["kind"] for e in ev] == ["rfq.sent", "rfq.sent", "rfq.acknowledged", "quote",
                                          "rfq.declined"], "the brand's RFQ", ev)
        r = get(s, f"/api/rfqs/{brand}:R1", f)
        check(r.status == 200 and all(e["factory"] == SM for e in r.json()["events"]) and
              len(r.json()["events"]) == 3, "the factory's RFQ: its own pair only", r.describe())
        # order, confirm, pay, inspect, message
        state(post(s, "/api/orders/issue", {"factory": SM, "order": "PO-1", "rfq": "R1",
                                            "currency": "EUR", "lines": LINES, "deposit": "30",
                                            "incoterm": "FOB", "ex_factory": "2027-02-12",
                                            "at": "2026-11-20T09:00:00Z"}, b), "order", "issued")
        state(post(s, "/api/orders/confirm", {"brand": brand, "order": "PO-1",
                                              "at": "2026-11-23T10:00:00Z"}, f), "confirm",
              "confirmed")
        state(post(s, "/api/payments/due", {"brand": brand, "order": "PO-1",
                                            "milestone": "deposit", "due": "2026-11-30",
                                            "amount": "4023.00", "currency": "EUR",
                                            "at": "2026-11-23T10:05:00Z"}, f), "pay due", "due")
        j = state(post(s, "/api/payments/paid", {"factory": SM, "order": "PO-1",
                                                 "milestone": "deposit", "amount": "4023.00",
                                                 "currency": "EUR", "at": "2026-12-04T09:00:00Z"},
                       b), "paid", "paid")
        check(j["events"][0]["by"] == "brand", "paid by the brand", j)
        j = created(post(s, "/api/inspections", {"factory": SM, "order": "PO-1", "lot": 900,
                                                 "defects": {"critical": 0, "major": 7,
                                                             "minor": 5},
                                                 "level": "II", "aql": {"critical": "0",
                                                                        "major": "2.5",
                                                                        "minor": "4"},
                                                 "at": "2027-02-03T13:00:00Z"}, b), "inspect")
        check(j["events"][0]["result"] == "fail" and j["events"][0]["by"] == "brand",
              "judged at its AQLs: 7 majors fail", j)
        j = created(post(s, "/api/messages", {"brand": brand, "order": "PO-1",
                                              "text": "Re-inspection on Friday"}, f), "message")
        check(j["events"][0]["by"] == "factory", "a factory's message", j)
        for who in (b, f):
            items = get(s, "/api/orders", who).json()["items"]
            check(len(items) == 1 and items[0]["key"] == "PO-1" and
                  items[0]["last"] == "inspection", "the order in the lists", items)
        check(get(s, "/api/orders", t).json()["items"] == [], "not in the other factory's")


    clean(s)
@test("serve ledger: by is the organization's side; the history's refusals are the CLI's")
def _():
    with tmpdir() as d, Server(FAST, db=registry(d)) as s:
        b, f, t, brand, pid = season(s)
        # the other side's step: 403
        expect_error(post(s, "/api/rfqs/R1/ack", {"factory": SM}, b), 403, "forbidden")
        expect_error(post(s, "/api/orders/issue", {"brand": brand, "order": "P", "currency":
                                                   "EUR", "lines": LINES}, f), 403, "forbidden")
        expect_error(post(s, "/api/rfqs", {"ref": "R2", "program": pid, "to": [SM]}, f), 403)
        # recording as someone else: 403
        expect_error(post(s, f"/api/rfqs/{brand}:R1/ack", {"factory": TM}, f), 403)
        e = expect_error(post(s, f"/api/rfqs/{brand}:R1/ack", {"rfq": "R2"}, f), 422)
        check(e["field"] == "rfq", "the path's RFQ", e)
        # an RFQ of the path never sent to this factory: 404, as a missing one
        q9 = dict(QUOTE)
        del q9["rfq"]
        r = post(s, f"/api/rfqs/{brand}:R9/quotes", q9, f)
        expect_error(r, 404, "not_found")
        # what the history refuses: 409 with the admission's message and field
        r = post(s, f"/api/rfqs/{brand}:R1/ack", {}, f)
        check(r.status == 201, "ack", r.describe())
        e = expect_error(post(s, f"/api/rfqs/{brand}:R1/ack", {}, f), 409)
        check("already acknowledged" in e["message"], "acknowledged once", e)
        # a bad field: 422 naming it; an unknown one: 400; the counterpart missing: 422
        e = expect_error(post(s, f"/api/rfqs/{brand}:R1/decline", {"reason": "bored"}, f), 422)
        check(e["field"] == "reason", "field reason", e)
        expect_error(post(s, f"/api/rfqs/{brand}:R1/ack", {"colour": "x"}, f), 400, "unknown_field")
        e = expect_error(post(s, "/api/messages", {"rfq": "R1", "text": "hello"}, f), 422)
        check(e["field"] == "brand", "which brand?", e)
        expect_error(post(s, "/api/rfqs/R1/ack", {}, f), 404, "not_found")
        e = expect_error(post(s, "/api/rfqs", {"ref": "R2", "program": pid, "to": ["nope"]}, b),
                         404)
        check(e["field"] == "factory", "a factory not in the registry", e)
        expect_error(post(s, "/api/rfqs", {"ref": "R2", "program": 99999, "to": [SM]}, b), 404)
        # a viewer of the factory reads but does not record
        inv = post(s, "/api/invitations", {"role": "viewer"}, f).json()
        v = signup(s, "vic@sportmalha.example", "Vic's own")
        r = post(s, "/api/invitations/accept", {"token": inv["token"]}, v)
        check(r.status == 200 and r.json()["role"] == "viewer", "a viewer", r.describe())
        check(get(s, "/api/rfqs", v).json()["kind"] == "inbox", "a viewer reads the inbox")
        expect_error(post(s, f"/api/rfqs/{brand}:R1/decline", {"reason": "moq"}, v), 403,
                     "forbidden")
        # a factory organization that claimed none
        u = signup(s, "new@factory.example", "New Factory", "factory")
        for path in ("/api/rfqs", "/api/orders"):
            e = expect_error(get(s, path, u), 409, "conflict")
            check("claim your factory first" in e["message"], "claim first", e)
        expect_error(post(s, f"/api/rfqs/{brand}:R1/ack", {}, u), 409)
        # nothing of the refused was written
        ev = get(s, "/api/rfqs/R1", b).json()["events"]
        check(len(ev) == 3, "two sends and one ack", ev)


    clean(s)
@test("serve ledger: another brand and another factory get 404 on every object of the first")
def _():
    with tmpdir() as d, Server(FAST, db=registry(d)) as s:
        b, f, t, brand, pid = season(s)
        post(s, f"/api/rfqs/{brand}:R1/ack", {}, f)
        post(s, "/api/orders/issue", {"factory": SM, "order": "PO-1", "rfq": "R1",
                                      "currency": "EUR", "lines": LINES}, b)
        b2 = signup(s, "zoe@otherbrand.example", "Other Brand")
        f2 = signup(s, "ali@devinim.example", "Devinim", "factory", DV)
        # reads: each object of the first pair, and a missing one, answer the same 404
        for who, name, paths, missing in (
                (b2, "other brand", ["/api/rfqs/R1", f"/api/rfqs/{brand}:R1"], "/api/rfqs/R404"),
                (b2, "other brand", ["/api/rfqs/R1/compare"], "/api/rfqs/R404/compare"),
                (f2, "other factory", [f"/api/rfqs/{brand}:R1", "/api/rfqs/R1"],
                 f"/api/rfqs/{brand}:R404")):
            gone = get(s, missing, who)
            expect_error(gone, 404, "not_found")
            for p in paths:
                r = get(s, p, who)
                check(r.status == 404 and r.json() == gone.json(),
                      f"{name}: {p} is 404 as a missing one", r.describe())
            for p in ("/api/rfqs", "/api/orders", "/api/samples", "/api/changes"):
                r = get(s, p, who)
                j = r.json()
                check(r.status == 200 and not j.get("rfqs") and not j.get("items"),
                      f"{name}: {p} holds none of the first pair's", r.describe())
        # writes on the first pair's things: refused as on a thing that does not exist, and
        # nothing recorded
        for who, body, missing in (
                (f2, f"{brand}:R1", f"{brand}:R404"),):
            a = post(s, f"/api/rfqs/{body}/ack", {}, who)
            m = post(s, f"/api/rfqs/{missing}/ack", {}, who)
            check(a.status == m.status == 404 and a.json() == m.json(),
                  "an RFQ sent to another factory is refused as a missing one", a.describe(),
                  m.describe())
        r = post(s, "/api/orders/confirm", {"brand": brand, "order": "PO-1"}, f2)
        m = post(s, "/api/orders/confirm", {"brand": brand, "order": "PO-404"}, f2)
        check(r.status == m.status == 409, "another pair's order: as a missing one",
              r.describe(), m.describe())
        r = post(s, "/api/payments/paid", {"factory": SM, "order": "PO-1", "milestone": "deposit",
                                           "amount": "1.00", "currency": "EUR"}, b2)
        check(r.status == 409, "another brand's order: refused", r.describe())
        # every step route, by the other factory (as itself, to the first brand) and the other
        # brand (as itself, to the first factory), on the first pair's things: refused
        fsteps = [
            (f"/api/rfqs/{brand}:R1/ack", {}),
            (f"/api/rfqs/{brand}:R1/decline", {"reason": "moq"}),
            (f"/api/rfqs/{brand}:R1/quotes", {k: v for k, v in QUOTE.items() if k != "rfq"}),
            ("/api/samples/ship", {"brand": brand, "style": "NL-LEG-01", "stage": "fit",
                                   "round": 1}),
            ("/api/samples/invoice", {"brand": brand, "style": "NL-LEG-01", "stage": "fit",
                                      "round": 1, "amount": "60.00", "currency": "EUR"}),
            ("/api/changes/answer", {"brand": brand, "change": "CR-1", "days": 5}),
            ("/api/orders/confirm", {"brand": brand, "order": "PO-1"}),
            ("/api/orders/counter", {"brand": brand, "order": "PO-1", "text": "no"}),
            ("/api/payments/due", {"brand": brand, "order": "PO-1", "milestone": "deposit",
                                   "due": "2027-01-10", "amount": "1.00", "currency": "EUR"}),
            ("/api/progress", {"brand": brand, "order": "PO-1", "milestone": "fabric_in"}),
            ("/api/inspections", {"brand": brand, "order": "PO-1", "lot": 900,
                                  "defects": {"critical": 0, "major": 0, "minor": 0},
                                  "result": "pass"}),
        ]
        bsteps = [
            ("/api/samples/request", {"factory": SM, "style": "NL-LEG-01", "stage": "fit",
                                      "round": 1, "rfq": "R1"}),
            ("/api/samples/receive", {"factory": SM, "style": "NL-LEG-01", "stage": "fit",
                                      "round": 1}),
            ("/api/samples/review", {"factory": SM, "style": "NL-LEG-01", "stage": "fit",
                                     "round": 1, "verdict": "approved"}),
            ("/api/samples/pay", {"factory": SM, "style": "NL-LEG-01", "stage": "fit",
                                  "round": 1, "amount": "60.00", "currency": "EUR"}),
            ("/api/changes/request", {"factory": SM, "change": "CR-1", "style": "NL-LEG-01",
                                      "what": "waistband", "order": "PO-1"}),
            ("/api/changes/accept", {"factory": SM, "change": "CR-1"}),
            ("/api/changes/withdraw", {"factory": SM, "change": "CR-1"}),
            ("/api/orders/issue", {"factory": SM, "order": "PO-2", "rfq": "R1",
                                   "currency": "EUR", "lines": LINES}),
            ("/api/payments/paid", {"factory": SM, "order": "PO-1", "milestone": "deposit",
                                    "amount": "1.00", "currency": "EUR"}),
            ("/api/inspections", {"factory": SM, "order": "PO-1", "lot": 900,
                                  "defects": {"critical": 0, "major": 0, "minor": 0},
                                  "result": "pass"}),
            ("/api/messages", {"factory": SM, "rfq": "R1", "text": "hello"}),
        ]
        for who, name, steps in ((f2, "other factory", fsteps), (b2, "other brand", bsteps)):
            for path, body in steps:
                r = post(s, path, body, who)
                check(r.status in (404, 409), f"{name}: POST {path} on the first pair's thing "
                      "refused", r.describe())
                check("PO-1" not in r.body.decode() or "does not exist" in r.body.decode() or
                      "never" in r.body.decode(), f"{name}: {path}: nothing of it told",
                      r.describe())
        ev = get(s, "/api/rfqs/R1", b).json()["events"]
        check(len(ev) == 4, "the first pair's history unchanged", ev)
        # the first brand's view of its RFQ never names the other factory
        check(all(e["factory"] in (SM, TM) for e in ev), "only the factories it sent to", ev)


    clean(s)
@test("serve ledger: scorecards of the counterparts; a record elsewhere only in aggregate, "
      "and only on three or more")
def _():
    with tmpdir() as d, Server(FAST, db=registry(d)) as s:
        b, f, t, brand, pid = season(s)
        post(s, f"/api/rfqs/{brand}:R1/ack", {"at": "2026-09-08T08:15:00Z"}, f)
        post(s, f"/api/rfqs/{brand}:R1/quotes", QUOTE, f)
        # the brand's history elsewhere rests on one factory (tirsomalha): hidden
        q = get(s, "/api/rfqs", f).json()["rfqs"][0]
        check(q["record_elsewhere"] is None, "one other factory: not shown", q)
        # two more factories: three others, shown in aggregate, naming none of them
        others = ["pt-barcelos-ecrumalha", DV]
        created(post(s, "/api/rfqs", {"ref": "R2", "program": pid, "to": others,
                                      "at": "2026-09-09T09:00:00Z"}, b), "R2 sent")
        q = get(s, "/api/rfqs", f).json()["rfqs"][0]
        rec = q["record_elsewhere"]
        check(rec and rec["counterparts"] == 3 and rec["scorecard"]["side"] == "brand",
              "three other factories: the brand's record in aggregate", q)
        text = json.dumps(rec)
        check(not any(h in text for h in others + [TM]) and "standing" not in text and
              "event_ids" not in text, "no factory named, no event ids", rec)
        # GET /api/scorecard: the factory sees its brand's; the brand its factories'
        r = get(s, "/api/scorecard", f)
        check(r.status == 200, "scorecard 200", r.describe())
        j = r.json()
        check(j["side"] == "brand" and [c["counterpart"] for c in j["scorecards"]] == [brand],
              "a factory sees the brands it dealt with", j)
        c = j["scorecards"][0]
        check(c["with_you"]["who"] == brand and c["with_you"]["side"] == "brand" and
              c["elsewhere"]["counterparts"] == 3, "with you, and elsewhere in aggregate", c)
        j = get(s, "/api/scorecard", b).json()
        check(j["side"] == "factory" and
              sorted(c["counterpart"] for c in j["scorecards"]) == sorted([SM, TM] + others),
              "a brand sees the factories it dealt with", j)
        check(all(c["elsewhere"] is None for c in j["scorecards"]),
              "no factory has three other brands: none shown", j)
        # another brand sees none of them
        b2 = signup(s, "zoe@otherbrand.example", "Other Brand")
        check(get(s, "/api/scorecard", b2).json()["scorecards"] == [], "another brand: none")
    clean(s)


@test("serve ledger: send, inbox, scorecards and compare use the process's reference data, "
      "not a load a request (SELVEDGE_DATA naming nothing does not reach them)")
def _():
    with tmpdir() as d, Server(FAST, db=registry(d),
                               env={"SELVEDGE_DATA": os.path.join(d, "no-such-dir")}) as s:
        b, f, t, brand, pid = season(s)
        post(s, f"/api/rfqs/{brand}:R1/ack", {"at": "2026-09-08T08:15:00Z"}, f)
        post(s, f"/api/rfqs/{brand}:R1/quotes", QUOTE, f)
        for who, path in ((f, "/api/rfqs"), (f, "/api/scorecard"), (b, "/api/scorecard"),
                          (b, "/api/rfqs/R1/compare")):
            r = get(s, path, who)
            check(r.status == 200, f"{path}: 200 from the shared reference data", r.describe())
    clean(s)


@test("serve ledger: an order issued or countered answers its prices against the quote, "
      "equal to order issue --json's")
def _():
    dear = [dict(line, price="15.50" if line["size"] == "L" else "14.90") for line in LINES]
    with tmpdir() as d:
        db = registry(d)
        with Server(FAST, db=db) as s:
            b, f, t, brand, pid = season(s)
            post(s, f"/api/rfqs/{brand}:R1/ack", {"at": "2026-09-08T08:15:00Z"}, f)
            quote = created(post(s, f"/api/rfqs/{brand}:R1/quotes", QUOTE, f), "quote")
            qid = quote["events"][0]["id"]
            j = state(post(s, "/api/orders/issue", {"factory": SM, "order": "PO-1", "rfq": "R1",
                                                    "currency": "EUR", "lines": dear,
                                                    "at": "2026-11-20T09:00:00Z"}, b),
                      "order", "issued")
            prices = j["states"][0].get("prices")
            want = [{"style": "NL-LEG-01", "color": "Black", "size": sz, "price": p,
                     "quoted": "14.90", "quoted_currency": "EUR", "break_qty": 300,
                     "quote_event": qid, "flagged": p != "14.90"}
                    for sz, p in (("S", "14.90"), ("M", "14.90"), ("L", "15.50"))]
            check(prices == want, "the order's prices against the quote, L flagged", j)
            j = state(post(s, "/api/orders/counter", {"brand": brand, "order": "PO-1",
                                                      "text": "14.90 for L too",
                                                      "currency": "EUR", "lines": LINES,
                                                      "at": "2026-11-21T09:00:00Z"}, f),
                      "counter", "countered")
            check([p["flagged"] for p in j["states"][0].get("prices", [])] == [False] * 3,
                  "the counter's prices, none flagged", j)
        clean(s)
        # the verb on the same store, the same lines: the same comparison
        lines = [a for line in dear for a in
                 ("--line", f"{line['style']}:{line['color']}:{line['size']}:{line['qty']}:"
                            f"{line['price']}")]
        r = run("--db", db, "order", "issue", "--brand", brand, "--factory", SM, "--order",
                "PO-2", "--rfq", "R1", "--currency", "EUR", *lines,
                "--at", "2026-11-22T09:00:00Z", "--json", cwd=d)
        expect_exit(r, 0)
        check(json.loads(r.out)["states"][0]["prices"] == prices,
              "order issue --json's prices are the server's", r.out, prices)


@test("serve ledger: the lists of orders, samples and changes give each thing's folded state, "
      "as the verbs' --json states")
def _():
    with tmpdir() as d, Server(FAST, db=registry(d)) as s:
        b, f, t, brand, pid = season(s)
        post(s, f"/api/rfqs/{brand}:R1/ack", {"at": "2026-09-08T08:15:00Z"}, f)
        created(post(s, f"/api/rfqs/{brand}:R1/quotes", QUOTE, f), "quote")
        last = {}
        last["samples"] = state(post(s, "/api/samples/request", {
            "factory": SM, "style": "NL-LEG-01", "stage": "fit", "round": 1, "rfq": "R1",
            "at": "2026-09-20T09:00:00Z"}, b), "sample request", "requested")
        state(post(s, "/api/orders/issue", {"factory": SM, "order": "PO-1", "rfq": "R1",
                                            "currency": "EUR", "lines": LINES,
                                            "at": "2026-11-20T09:00:00Z"}, b), "order", "issued")
        last["orders"] = state(post(s, "/api/orders/confirm", {
            "brand": brand, "order": "PO-1", "at": "2026-11-23T10:00:00Z"}, f), "confirm",
            "confirmed")
        last["changes"] = state(post(s, "/api/changes/request", {
            "factory": SM, "change": "CR-1", "style": "NL-LEG-01", "what": "waistband",
            "order": "PO-1", "at": "2026-11-24T10:00:00Z"}, b), "change", "requested")
        for path, j in last.items():
            for who in (b, f):
                items = get(s, "/api/" + path, who).json()["items"]
                check(len(items) == 1 and items[0].get("state") == j["states"][0],
                      f"/api/{path}: the thing's state, as the last step's answer", items, j)
            check(get(s, "/api/" + path, t).json()["items"] == [], "not the other factory's")
    clean(s)


if __name__ == "__main__":
    main()
