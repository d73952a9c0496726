"""selvedge serve: the quote comparison's workbook (GET /api/rfqs/{id}/compare.xlsx, issue 13).
A brand's RFQ quoted by one factory and declined by another: the brand downloads the
workbook, an attachment named after the RFQ (its ref made safe), whose sheet is the one
`quotes compare --format xlsx` writes from the same store on the same day; a factory is
refused (403), another brand gets the 404 of a missing RFQ. Servers run with
--insecure-fast-hash."""
import datetime
import io
import json
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, check, expect_exit, main, run, test, tmpdir  # noqa: E402
from serve_harness import CookieJar, Server, expect_error  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"
SM, TM = "pt-barcelos-sportmalha", "pt-santotirso-tirsomalha"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUOTE = {"currency": "EUR", "valid_until": "2027-03-31", "deposit": "30",
         "balance": "before shipment", "incoterm": "FOB", "at": "2026-09-12T11:00:00Z",
         "quote": [{"style": "NL-LEG-01", "breaks": [{"qty": 300, "price": "14.90"},
                                                     {"qty": 1000, "price": "13.60"}],
                    "moq_style": 300, "moq_color": 150, "sample_fee": "60.00",
                    "fee_refunded": True, "sampling_days": 21, "production_days": 60}]}


def post(s, path, body, jar, content="application/json"):
    h = {"Content-Type": content, "X-CSRF-Token": jar.cookies.get("csrf", "")}
    return s.request("POST", path, body=body if isinstance(body, str) else json.dumps(body),
                     headers=h, jar=jar)


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


def sheets(data):
    """The workbook's sheets and shared strings, the parts that say what it holds (not its
    document properties, which carry the time it was written)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()
            if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"}


@test("serve compare.xlsx: the brand's workbook is quotes compare --format xlsx's, an "
      "attachment with a safe name; a factory 403, another brand 404 as a missing RFQ")
def _():
    with tmpdir() as d:
        db = os.path.join(d, "store.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        with Server(FAST, db=db) as s:
            b = signup(s, "ana@northline.example", "Northline")
            f = signup(s, "rui@sportmalha.example", "Sportmalha", "factory", SM)
            t = signup(s, "eva@tirsomalha.example", "Tirsomalha", "factory", TM)
            b2 = signup(s, "zoe@other.example", "Other Brand")
            with open(os.path.join(EXAMPLES, "northline.yaml"), encoding="utf-8") as fh:
                r = post(s, "/api/programs", fh.read(), b, "application/yaml")
            check(r.status == 201, "the program", r.describe())
            ref = 'R "1";x'
            r = post(s, "/api/rfqs", {"ref": ref, "program": r.json()["id"], "to": [SM, TM],
                                      "reply_by": "2026-09-21", "at": "2026-09-07T09:00:00Z"}, b)
            check(r.status == 201, "sent", r.describe())
            path = "/api/rfqs/" + ref.replace(" ", "%20").replace('"', "%22").replace(";", "%3B")
            r = post(s, f"{path.replace('/api/rfqs/', '/api/rfqs/northline:')}/quotes",
                     QUOTE, f)
            check(r.status == 201, "quoted", r.describe())
            r = post(s, f"{path.replace('/api/rfqs/', '/api/rfqs/northline:')}/decline",
                     {"reason": "moq", "at": "2026-09-08T07:30:00Z"}, t)
            check(r.status == 201, "declined", r.describe())

            r = s.request("GET", path + "/compare.xlsx", jar=b)
            check(r.status == 200, "the workbook: 200", r.describe())
            check(r.header("Content-Type") == XLSX, "its type", r.header("Content-Type"))
            check(r.header("Content-Disposition") == 'attachment; filename="R1x-compare.xlsx"',
                  "an attachment named after the RFQ, made safe", r.header("Content-Disposition"))
            check(r.header("Content-Security-Policy") and r.header("Cache-Control") == "no-store",
                  "the API's headers", r.headers if hasattr(r, "headers") else None)
            got = sheets(r.body)
            check("xl/worksheets/sheet1.xml" in got, "a sheet", list(got))
            today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
            out = os.path.join(d, "cli.xlsx")
            expect_exit(run("--db", db, "quotes", "compare", ref, "--brand", "northline",
                            "--format", "xlsx", "-o", out, "--today", today), 0)
            with open(out, "rb") as fh:
                cli = sheets(fh.read())
            check(got == cli, "the sheets are the CLI's", sorted(got), sorted(cli))
            check(b"pt-barcelos-sportmalha" in got.get("xl/sharedStrings.xml", b""),
                  "the factory that quoted is in it")
            # the factory that quoted: 403; another brand: as a missing RFQ
            expect_error(s.request("GET", path.replace("/api/rfqs/", "/api/rfqs/northline:") +
                                   "/compare.xlsx", jar=f), 403, "forbidden")
            gone = s.request("GET", "/api/rfqs/R404/compare.xlsx", jar=b2)
            expect_error(gone, 404, "not_found")
            r = s.request("GET", path + "/compare.xlsx", jar=b2)
            check(r.status == 404 and r.body == gone.body and not r.header("Content-Disposition"),
                  "another brand: the 404 of a missing RFQ", r.describe())
            expect_error(s.request("GET", "/api/rfqs/R404/compare.xlsx", jar=CookieJar()), 401)
        check(s.code == 0 and "Sanitizer" not in s.err and "runtime error" not in s.err,
              "the server exits 0 with no sanitizer report", s.code, s.err[-2000:])


@test("serve events and messages: the caller's pairs' events, by kind or family, and its "
      "messages; another pair's none; an unknown kind 400")
def _():
    with tmpdir() as d:
        db = os.path.join(d, "store.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        with Server(FAST, db=db) as s:
            b = signup(s, "ana@northline.example", "Northline")
            f = signup(s, "rui@sportmalha.example", "Sportmalha", "factory", SM)
            t = signup(s, "eva@tirsomalha.example", "Tirsomalha", "factory", TM)
            with open(os.path.join(EXAMPLES, "northline.yaml"), encoding="utf-8") as fh:
                pid = post(s, "/api/programs", fh.read(), b, "application/yaml").json()["id"]
            check(post(s, "/api/rfqs", {"ref": "R1", "program": pid, "to": [SM, TM]}, b).status
                  == 201, "sent")
            for who, body in ((f, {"brand": "northline", "rfq": "R1", "text": "Own fabric?"}),
                              (b, {"factory": SM, "rfq": "R1", "text": "Yours"}),
                              (t, {"brand": "northline", "rfq": "R1", "text": "Tirso here"})):
                check(post(s, "/api/messages", body, who).status == 201, "a message")
            check(post(s, "/api/rfqs/northline:R1/ack", {}, f).status == 201, "ack")

            def get(path, jar):
                r = s.request("GET", path, jar=jar)
                check(r.status == 200, f"GET {path}", r.describe())
                return r.json()
            m = get("/api/messages", f)["messages"]
            check([x["text"] for x in m] == ["Own fabric?", "Yours"] and
                  all(x["kind"] == "message" and x["factory"] == SM for x in m),
                  "the factory: its pair's two messages, in order", m)
            m = get("/api/messages", b)["messages"]
            check(len(m) == 3, "the brand: all three", m)
            ev = get("/api/events", f)["events"]
            check([e["kind"] for e in ev] == ["rfq.sent", "message", "message",
                                              "rfq.acknowledged"], "the factory's events", ev)
            check([e["kind"] for e in get("/api/events?kind=rfq.", b)["events"]] ==
                  ["rfq.sent", "rfq.sent", "rfq.acknowledged"], "a family", ev)
            check(get("/api/events?kind=rfq.acknowledged", t)["events"] == [],
                  "another pair's ack: none")
            r = s.request("GET", "/api/events?kind=rfq.bogus", jar=b)
            e = expect_error(r, 400, "bad_query")
            check(e.get("field") == "kind", "the field", e)
            o = signup(s, "zoe@other.example", "Other Brand")
            check(get("/api/events", o)["events"] == [] and get("/api/messages", o)["messages"]
                  == [], "another brand: nothing")
            expect_error(s.request("GET", "/api/events", jar=CookieJar()), 401)
        check(s.code == 0 and "Sanitizer" not in s.err and "runtime error" not in s.err,
              "the server exits 0 with no sanitizer report", s.code, s.err[-2000:])


if __name__ == "__main__":
    main()
