#!/usr/bin/env python3
"""The demo of `make run`: the example season loaded over the API into a running server.

    python3 examples/season/load_api.py http://127.0.0.1:8080

Against a server with a fresh store whose factory registry holds examples/factories.yaml
(`selvedge --db STORE factories import examples/factories.yaml` before it starts), it signs
up a brand organization, Northline, and one factory organization for each of the season's
three factories (each claiming its registry factory), uploads examples/northline.yaml, sends
RFQ R1 and replays every step of examples/season/northline.sh over the API, each by its side
(examples/season/README.md walks through them); then uploads examples/ready.yaml and leaves
it unsent, for a newcomer to send. The accounts and their passwords are ACCOUNTS below, and
printed at the end.

tests/integration/test_serve_season.py replays the same steps (steps() below) and checks the
scorecards they make are the command line's; tests/integration/test_load_api.py runs this
script. Python's standard library only.
"""
import csv
import http.client
import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.dirname(HERE)

SM, TM, DV = "pt-barcelos-sportmalha", "pt-santotirso-tirsomalha", "tr-bursa-devinim"

# Demo accounts: fixed passwords, for a demo on this machine only.
BRAND = {"email": "founder@northline.example", "password": "northline-season",
         "org_name": "Northline", "org_kind": "brand"}
FACTORIES = {
    SM: {"email": "merch@sportmalha.example", "password": "sportmalha-season",
         "org_name": "Sportmalha", "org_kind": "factory"},
    TM: {"email": "merch@tirsomalha.example", "password": "tirsomalha-season",
         "org_name": "Tirsomalha", "org_kind": "factory"},
    DV: {"email": "merch@devinim.example", "password": "devinim-season",
         "org_name": "Devinim", "org_kind": "factory"},
}
ACCOUNTS = [BRAND] + list(FACTORIES.values())

# The season's two quote files (quote-sportmalha.yaml, quote-tirsomalha.yaml) as the API's
# body: the standard library reads no YAML. test_serve_season.py checks they are the files.
QUOTES = {
    SM: {"currency": "EUR", "deposit": "30", "balance": "before shipment", "incoterm": "FOB",
         "valid_until": "2027-03-31", "text": "Prices include hangtags and polybags",
         "quote": [{"style": "NL-LEG-01",
                    "breaks": [{"qty": 300, "price": "14.90"}, {"qty": 1000, "price": "13.60"}],
                    "moq_style": 300, "moq_color": 150, "sample_fee": "60.00",
                    "fee_refunded": True, "sampling_days": 21, "production_days": 60}]},
    TM: {"currency": "EUR", "deposit": "40", "balance": "30 days after shipment",
         "incoterm": "FOB", "valid_until": "2027-02-28",
         "quote": [{"style": "NL-LEG-01",
                    "breaks": [{"qty": 500, "price": "15.80"}, {"qty": 1500, "price": "14.20"}],
                    "moq_style": 500, "moq_color": 200, "sample_fee": "80.00",
                    "fee_refunded": False, "sampling_days": 25, "production_days": 45}]},
}


def lines():
    """PO-1's lines, from po-1.csv."""
    with open(os.path.join(HERE, "po-1.csv"), encoding="utf-8") as f:
        return [{**row, "qty": int(row["qty"])} for row in csv.DictReader(f)]


def rfq(program_id):
    """R1, from the brand: (path, body)."""
    return ("/api/rfqs", {"ref": "R1", "program": program_id, "to": [SM, TM, DV],
                          "reply_by": "2026-09-21", "at": "2026-09-07T09:00:00Z"})


def steps(b, fac):
    """northline.sh's steps after the RFQ, each by its side: (who, path, body), who being b
    (the brand) or fac[factory handle], whatever the caller uses for a session."""
    def fs(h):
        return {"factory": h}
    br = {"brand": "northline"}
    fit = {"style": "NL-LEG-01", "stage": "fit"}
    sm, tm, dv = fac[SM], fac[TM], fac[DV]
    return [
        (dv, "/api/rfqs/northline:R1/decline", {"reason": "moq", "text":
                                                "Our minimum is 1500 units per style",
                                                "at": "2026-09-08T07:30:00Z"}),
        (sm, "/api/rfqs/northline:R1/ack", {"at": "2026-09-08T08:15:00Z"}),
        (tm, "/api/messages", {**br, "rfq": "R1", "text": "Is the 250 gsm nylon your own "
                               "fabric or ours to source?", "at": "2026-09-10T10:00:00Z"}),
        (b, "/api/messages", {**fs(TM), "rfq": "R1", "text": "Yours to source, OEKO-TEX 100 "
                              "certified", "at": "2026-09-10T16:00:00Z"}),
        (sm, "/api/rfqs/northline:R1/quotes", {**QUOTES[SM], "at": "2026-09-12T11:00:00Z"}),
        (tm, "/api/rfqs/northline:R1/quotes", {**QUOTES[TM], "at": "2026-09-15T14:00:00Z"}),
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


class Refused(Exception):
    pass


class Session:
    """One account's session on the server: its cookies, the CSRF header on writes."""

    def __init__(self, url, who):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "http" or not u.hostname:
            raise Refused(f"{url}: not an http://HOST:PORT address")
        self.host, self.port = u.hostname, u.port or 80
        self.who, self.cookies = who, {}

    def request(self, method, path, body=None, content_type="application/json"):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
            body = body.encode("utf-8")
        if method != "GET" and "csrf" in self.cookies:
            headers["X-CSRF-Token"] = self.cookies["csrf"]
        c = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            status, text = r.status, r.read().decode("utf-8", "replace")
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    name, _, rest = v.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
        finally:
            c.close()
        try:
            answer = json.loads(text) if text else None
        except ValueError:
            answer = text
        return status, answer

    def must(self, method, path, body=None, content_type="application/json", want=(200, 201)):
        status, answer = self.request(method, path, body, content_type)
        if status not in want:
            raise Refused(f"{self.who}: {method} {path}: {status} {answer}")
        return answer


def signup(url, account, claim=None):
    s = Session(url, account["email"])
    s.must("POST", "/api/signup", account)
    if claim:
        s.must("POST", "/api/org/claim", {"factory": claim})
    return s


def upload(s, name):
    """examples/NAME as a program of the session's brand: (id, the program's name)."""
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        p = s.must("POST", "/api/programs", f.read(), "application/yaml")
    return p["id"], p.get("name", name)


def load(url, say=print):
    """Makes the demo on the server at url; returns what it made: {"steps": the ledger steps
    recorded (the RFQ and the steps after it), "season": (id, name) of the season's program,
    "unsent": (id, name) of the program left for the newcomer to send}."""
    status, health = Session(url, "health").request("GET", "/api/health")
    if status != 200:
        raise Refused(f"{url}/api/health: {status} {health}")
    b = signup(url, BRAND)
    fac = {h: signup(url, a, h) for h, a in FACTORIES.items()}
    names = [a["org_name"] for a in FACTORIES.values()]
    say(f"signed up {BRAND['org_name']}, a brand, and {', '.join(names[:-1])} and {names[-1]}, "
        f"factories each claiming its own")
    season = upload(b, "northline.yaml")
    path, body = rfq(season[0])
    b.must("POST", path, body)
    n = 1
    for who, path, body in steps(b, fac):
        who.must("POST", path, body)
        n += 1
    say(f"examples/northline.yaml uploaded as \"{season[1]}\", RFQ R1 sent, and the "
        f"{n - 1} steps after it (examples/season/README.md)")
    unsent = upload(b, "ready.yaml")
    say(f"examples/ready.yaml uploaded as \"{unsent[1]}\", not sent yet")
    return {"steps": n, "season": season, "unsent": unsent}


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: load_api.py http://HOST:PORT   (a running selvedge serve, a fresh store "
              "with examples/factories.yaml imported)", file=sys.stderr)
        return 2
    url = argv[1].rstrip("/")
    try:
        load(url)
    except Refused as e:
        print(f"load_api.py: refused: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"load_api.py: {url}: {e}", file=sys.stderr)
        return 1
    for a in ACCOUNTS:
        print(f"  {a['org_name']:<11} {a['email']:<27} password {a['password']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
