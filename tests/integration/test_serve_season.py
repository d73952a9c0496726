"""selvedge serve: the example season over the API (issue 12, done-when 1: "Two organizations,
a brand and a factory, can go through the example season entirely over the API, each seeing
only its side"). examples/season/northline.sh's steps are replayed over HTTP by a brand
organization (Northline) and three factory organizations, each claiming one of the three
factories; then the scorecards the API answers equal `selvedge scorecard --json` of the season
recorded by the CLI (northline.sh itself) measure by measure, and each factory sees only its
own pair (its RFQ's events, its orders, samples and changes, its one brand). Servers run with
--insecure-fast-hash."""
import csv
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, EXAMPLES, ROOT, base_env, check, expect_exit, main, run,  # noqa: E402
                     test, tmpdir)
from serve_harness import CookieJar, Server  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"
SM, TM, DV = "pt-barcelos-sportmalha", "pt-santotirso-tirsomalha", "tr-bursa-devinim"
HERE = os.path.join(EXAMPLES, "season")
INTS = {"qty", "moq_style", "moq_color", "sampling_days", "production_days"}


def jpost(s, path, body, jar):
    h = {"Content-Type": "application/json", "X-CSRF-Token": jar.cookies.get("csrf", "")}
    return s.request("POST", path, body=json.dumps(body), headers=h, jar=jar)


def signup(s, email, org, kind="brand", claim=None):
    jar = CookieJar()
    r = s.request("POST", "/api/signup", body=json.dumps(
        {"email": email, "password": PASSWORD, "org_name": org, "org_kind": kind}),
        headers={"Content-Type": "application/json"}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    if claim:
        r = jpost(s, "/api/org/claim", {"factory": claim}, jar)
        check(r.status == 200, f"{org} claims {claim}", r.describe())
    return jar


def quote(name):
    """A quote file of the season as the step's body (its decimals as written)."""
    import yaml
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        q = yaml.load(f, Loader=yaml.BaseLoader)

    def typed(x):
        if isinstance(x, dict):
            return {k: (int(v) if k in INTS else v == "true" if k == "fee_refunded"
                        else typed(v)) for k, v in x.items()}
        if isinstance(x, list):
            return [typed(v) for v in x]
        return x
    q = typed(q)
    q["quote"] = q.pop("styles")
    return q


def lines():
    with open(os.path.join(HERE, "po-1.csv"), encoding="utf-8") as f:
        return [{**row, "qty": int(row["qty"])} for row in csv.DictReader(f)]


def replay(s, b, fac):
    """northline.sh's steps, each by its side: (who, path, body)."""
    def fs(h):
        return {"factory": h}
    br = {"brand": "northline"}
    fit = {"style": "NL-LEG-01", "stage": "fit"}
    sm, tm, dv = fac[SM], fac[TM], fac[DV]
    steps = [
        (dv, "/api/rfqs/northline:R1/decline", {"reason": "moq", "text":
                                                "Our minimum is 1500 units per style",
                                                "at": "2026-09-08T07:30:00Z"}),
        (sm, "/api/rfqs/northline:R1/ack", {"at": "2026-09-08T08:15:00Z"}),
        (tm, "/api/messages", {**br, "rfq": "R1", "text": "Is the 250 gsm nylon your own "
                               "fabric or ours to source?", "at": "2026-09-10T10:00:00Z"}),
        (b, "/api/messages", {**fs(TM), "rfq": "R1", "text": "Yours to source, OEKO-TEX 100 "
                              "certified", "at": "2026-09-10T16:00:00Z"}),
        (sm, "/api/rfqs/northline:R1/quotes", {**quote("quote-sportmalha.yaml"),
                                               "at": "2026-09-12T11:00:00Z"}),
        (tm, "/api/rfqs/northline:R1/quotes", {**quote("quote-tirsomalha.yaml"),
                                               "at": "2026-09-15T14:00:00Z"}),
        (b, "/api/samples/request", {**fs(SM), **fit, "round": 1, "due": "2026-10-11",
                                     "rfq": "R1", "amount": "60.00", "currency": "EUR",
                                     "at": "2026-09-18T09:00:00Z"}),
        (sm, "/api/samples/invoice", {**br, **fit, "round": 1, "amount": "60.00",
                                      "currency": "EUR", "due": "2026-10-09",
                                      "at": "2026-09-25T09:00:00Z"}),
        (sm, "/api/samples/ship", {**br, **fit, "round": 1, "courier": "DHL",
                                   "tracking": "4411902231", "at": "2026-10-06T15:00:00Z"}),
        (b, "/api/samples/receive", {**fs(SM), **fit, "round": 1,
                                     "at": "2026-10-09T10:00:00Z"}),
        (b, "/api/samples/pay", {**fs(SM), **fit, "round": 1, "amount": "60.00",
                                 "currency": "EUR", "at": "2026-10-09T12:00:00Z"}),
        (b, "/api/samples/review", {**fs(SM), **fit, "round": 1, "verdict": "rejected",
                                    "text": "Waistband rolls at the side seams; rise 1 cm short",
                                    "at": "2026-10-12T14:00:00Z"}),
        (b, "/api/messages", {**fs(SM), **fit, "round": 1, "text": "Fit 1 rejected: comments on "
                              "the review. Can fit 2 ship by 3 November?",
                              "at": "2026-10-12T14:00:00Z"}),
        (sm, "/api/messages", {**br, **fit, "round": 1, "text": "Understood. New waistband "
                               "pattern cut; fit 2 ships around 3 November",
                               "at": "2026-10-13T14:00:00Z"}),
        (b, "/api/samples/request", {**fs(SM), **fit, "round": 2, "due": "2026-11-03",
                                     "rfq": "R1", "at": "2026-10-13T15:00:00Z"}),
        (sm, "/api/samples/ship", {**br, **fit, "round": 2, "courier": "DHL",
                                   "tracking": "4411907765", "at": "2026-11-03T16:00:00Z"}),
        (b, "/api/samples/receive", {**fs(SM), **fit, "round": 2,
                                     "at": "2026-11-06T10:00:00Z"}),
        (b, "/api/samples/review", {**fs(SM), **fit, "round": 2, "verdict": "approved",
                                    "at": "2026-11-09T11:00:00Z"}),
        (b, "/api/changes/request", {**fs(SM), "change": "CR-1", "style": "NL-LEG-01",
                                     "what": "waistband", "from": "single-layer",
                                     "to": "double-layer", "at": "2026-11-12T09:00:00Z"}),
        (sm, "/api/changes/answer", {**br, "change": "CR-1", "amount": "0.40", "currency": "EUR",
                                     "days": 5, "at": "2026-11-14T10:00:00Z"}),
        (b, "/api/changes/accept", {**fs(SM), "change": "CR-1", "at": "2026-11-15T09:00:00Z"}),
        (b, "/api/orders/issue", {**fs(SM), "order": "PO-1", "rfq": "R1", "currency": "EUR",
                                  "lines": lines(), "deposit": "30",
                                  "balance": "before shipment", "incoterm": "FOB",
                                  "ex_factory": "2027-02-12", "at": "2026-11-20T09:00:00Z"}),
        (sm, "/api/orders/confirm", {**br, "order": "PO-1", "ex_factory": "2027-02-12",
                                     "at": "2026-11-23T10:00:00Z"}),
        (sm, "/api/payments/due", {**br, "order": "PO-1", "milestone": "deposit",
                                   "due": "2026-11-30", "amount": "4023.00", "currency": "EUR",
                                   "at": "2026-11-23T10:05:00Z"}),
        (sm, "/api/messages", {**br, "order": "PO-1", "text": "The deposit was due on 30 "
                               "November; fabric is booked once it arrives",
                               "at": "2026-12-02T10:00:00Z"}),
        (b, "/api/messages", {**fs(SM), "order": "PO-1", "text": "Sorry: the transfer leaves "
                              "tomorrow", "at": "2026-12-03T16:00:00Z"}),
        (sm, "/api/messages", {**br, "order": "PO-1", "text": "Thank you, noted",
                               "at": "2026-12-03T18:00:00Z"}),
        (b, "/api/payments/paid", {**fs(SM), "order": "PO-1", "milestone": "deposit",
                                   "amount": "4023.00", "currency": "EUR",
                                   "at": "2026-12-04T09:00:00Z"}),
        (sm, "/api/progress", {**br, "order": "PO-1", "milestone": "fabric_in",
                               "planned": "2026-12-28", "at": "2026-12-30T08:00:00Z"}),
        (b, "/api/inspections", {**fs(SM), "order": "PO-1", "lot": 900,
                                 "defects": {"critical": 0, "major": 7, "minor": 5},
                                 "level": "II", "aql": {"critical": "0", "major": "2.5",
                                                        "minor": "4.0"},
                                 "at": "2027-02-03T13:00:00Z"}),
        (sm, "/api/messages", {**br, "order": "PO-1", "text": "Seven open seams found: the lot "
                               "is being reworked, ready for re-inspection on 8 February",
                               "at": "2027-02-03T17:00:00Z"}),
        (b, "/api/inspections", {**fs(SM), "order": "PO-1", "lot": 900,
                                 "defects": {"critical": 0, "major": 2, "minor": 3},
                                 "level": "II", "aql": {"critical": "0", "major": "2.5",
                                                        "minor": "4.0"},
                                 "at": "2027-02-08T13:00:00Z"}),
        (sm, "/api/payments/due", {**br, "order": "PO-1", "milestone": "balance",
                                   "due": "2027-02-10", "amount": "9387.00", "currency": "EUR",
                                   "at": "2027-02-08T16:00:00Z"}),
        (b, "/api/payments/paid", {**fs(SM), "order": "PO-1", "milestone": "balance",
                                   "amount": "9387.00", "currency": "EUR",
                                   "at": "2027-02-09T09:00:00Z"}),
        (sm, "/api/progress", {**br, "order": "PO-1", "milestone": "ex_factory",
                               "planned": "2027-02-12", "at": "2027-02-12T15:00:00Z"}),
    ]
    for who, path, body in steps:
        r = jpost(s, path, body, who)
        check(r.status == 201, f"{path} at {body.get('at')}: 201", r.describe())
    return len(steps)


def numbers(card):
    """A scorecard's numbers: every member but the event ids it rests on (the API's and the
    CLI's stores number their events apart)."""
    if isinstance(card, dict):
        return {k: numbers(v) for k, v in card.items() if k not in ("event_ids", "events")}
    if isinstance(card, list):
        return [numbers(v) for v in card]
    return card


def diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'API' if k in a else 'CLI'}")
            else:
                out += diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: API {a!r}, CLI {b!r}"]


def cli_scorecard(db, *args):
    p = subprocess.run([BIN, "--db", db, "scorecard", *args, "--json"], capture_output=True,
                       env=base_env(), timeout=60)
    check(p.returncode == 0, f"scorecard {args}", p.stderr.decode()[-1000:])
    return json.loads(p.stdout)


@test("serve season: northline.sh over the API by a brand and three factories; the scorecards "
      "are the CLI's and each factory sees only its pair")
def _():
    with tmpdir() as d:
        cli_db = os.path.join(d, "season.db")
        p = subprocess.run(["sh", os.path.join(HERE, "northline.sh"), BIN, cli_db],
                           capture_output=True, env=base_env(), cwd=ROOT, timeout=300)
        check(p.returncode == 0, "northline.sh records the season", p.stderr.decode()[-2000:])
        db = os.path.join(d, "store.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        with Server(FAST, db=db) as s:
            b = signup(s, "ana@northline.example", "Northline")
            handle = s.request("GET", "/api/me", jar=b).json()["org"]["handle"]
            check(handle == "northline", "the brand's handle is the CLI's", handle)
            fac = {SM: signup(s, "rui@sportmalha.example", "Sportmalha", "factory", SM),
                   TM: signup(s, "eva@tirsomalha.example", "Tirsomalha", "factory", TM),
                   DV: signup(s, "can@devinim.example", "Devinim", "factory", DV)}
            with open(os.path.join(EXAMPLES, "northline.yaml"), encoding="utf-8") as f:
                r = s.request("POST", "/api/programs", body=f.read(), headers={
                    "Content-Type": "application/yaml", "X-CSRF-Token": b.cookies["csrf"]},
                    jar=b)
            check(r.status == 201, "the program", r.describe())
            r = jpost(s, "/api/rfqs", {"ref": "R1", "program": r.json()["id"],
                                       "to": [SM, TM, DV], "reply_by": "2026-09-21",
                                       "at": "2026-09-07T09:00:00Z"}, b)
            check(r.status == 201, "R1 sent", r.describe())
            n = replay(s, b, fac)
            print(f"# {n + 1} steps over the API")
            # the brand's events are the CLI's season, kind by kind
            ev = s.request("GET", "/api/rfqs/R1", jar=b).json()["events"]
            check([e["kind"] for e in ev] == ["rfq.sent"] * 3 + [
                "rfq.declined", "rfq.acknowledged", "message", "message", "quote", "quote",
                "sample.requested", "sample.requested", "order.issued"],
                "the brand reads R1's events (and what names it) in the CLI's order",
                [e["kind"] for e in ev])
            # each factory sees only its pair
            for h, jar in fac.items():
                ev = s.request("GET", "/api/rfqs/northline:R1", jar=jar).json()["events"]
                check(ev and all(e["factory"] == h for e in ev), f"{h}: R1, its own pair only",
                      ev)
                for what in ("orders", "samples", "changes"):
                    items = s.request("GET", f"/api/{what}", jar=jar).json()["items"]
                    text = json.dumps(items)
                    check(all(o not in text for o in (SM, TM, DV) if o != h),
                          f"{h}: {what} name no other factory", items)
                    check(bool(items) == (h == SM), f"{h}: {what}: "
                          f"{'its own' if h == SM else 'none'}", items)
                sc = s.request("GET", "/api/scorecard", jar=jar).json()
                check([c["counterpart"] for c in sc["scorecards"]] == ["northline"],
                      f"{h}: one brand's scorecard", sc)
            # the scorecards: the API's and the CLI's, number by number
            diffs = []
            brand = s.request("GET", "/api/scorecard", jar=b).json()
            check(sorted(c["counterpart"] for c in brand["scorecards"]) == sorted([SM, TM, DV]),
                  "the brand: its three factories", brand)
            for c in brand["scorecards"]:
                cli = cli_scorecard(cli_db, "--factory", c["counterpart"])
                diffs += [f"brand's card of {c['counterpart']}: {x}"
                          for x in diff(numbers(c["with_you"]), numbers(cli))]
            for h, jar in fac.items():
                c = s.request("GET", "/api/scorecard", jar=jar).json()["scorecards"][0]
                cli = cli_scorecard(cli_db, "--brand", "northline", "--factory", h)
                if isinstance(cli, list):  # both: the brand's card and the factory's
                    cli = next(x for x in cli if x["side"] == "brand")
                diffs += [f"{h}'s card of northline: {x}"
                          for x in diff(numbers(c["with_you"]), numbers(cli))]
            for x in diffs:
                print(f"# differs: {x}")
            check(not diffs, "the API's scorecards are the CLI's", "\n".join(diffs[:30]))
        check(s.code == 0 and "Sanitizer" not in s.err and "runtime error" not in s.err,
              "the server exits 0 with no sanitizer report", s.code, s.err[-2000:])


if __name__ == "__main__":
    main()
