"""selvedge serve: the authorization matrix (issue 12, items 5 and 8). Every endpoint of GET
/api/openapi.json (so a new route is in the matrix without editing this test), by each of:
anonymous, the brand's owner, member and viewer, the factory's owner and viewer, a second
brand, a second factory, an API token of the brand's owner, and the brand owner's cookie sent
without its CSRF header, against the FIRST brand's and factory's things (the program, the RFQ
as REF and BRAND:REF, the order, sample and change, the token, the member). What is expected
of each route's class (public, reads and writes of the caller's organization, brand-only,
factory-only, operator-only):
  anonymous 401; a write by cookie without CSRF 403 (csrf); a viewer's write 403; another
  organization's access to the first's thing 404 with the same body as a missing id; and no
  answer to another organization holds any of the first's identifying strings (its program's
  name, its RFQ and order refs, its handle, its names and emails) it did not send itself.
The matrix's counts are printed (TAP comments). Servers run with --insecure-fast-hash."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, check, expect_exit, main, run, test, tmpdir  # noqa: E402
from serve_harness import CookieJar, Server  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"
SM, DV = "pt-barcelos-sportmalha", "tr-bursa-devinim"
REF, PO, CR = "NLMX-RFQ-7731", "NLMX-PO-4410", "NLMX-CR-0921"
QUOTE = {"currency": "EUR", "valid_until": "2027-03-31", "deposit": "30",
         "balance": "before shipment", "incoterm": "FOB",
         "quote": [{"style": "NL-LEG-01", "breaks": [{"qty": 300, "price": "14.90"}],
                    "moq_style": 300, "moq_color": 150, "sample_fee": "60.00",
                    "fee_refunded": True, "sampling_days": 21, "production_days": 60}]}
MISSING = {"program": "987654", "rfq": "NLMX-RFQ-0404", "token": "987654", "account": "987654"}

# The routes' classes, by "METHOD pattern"; a route not named here is classed from the
# document alone (public without security, a write with a 403 response, else a read).
BRAND_ONLY = {"POST /api/programs", "PUT /api/programs/{id}", "POST /api/rfqs",
              "GET /api/rfqs/{id}/compare", "GET /api/rfqs/{id}/compare.xlsx",
              "POST /api/samples/request",
              "POST /api/samples/receive", "POST /api/samples/review", "POST /api/samples/pay",
              "POST /api/changes/request", "POST /api/changes/accept",
              "POST /api/changes/withdraw", "POST /api/orders/issue", "POST /api/payments/paid"}
FACTORY_ONLY = {"POST /api/rfqs/{id}/ack", "POST /api/rfqs/{id}/decline",
                "POST /api/rfqs/{id}/quotes", "POST /api/samples/ship",
                "POST /api/samples/invoice", "POST /api/changes/answer",
                "POST /api/orders/confirm", "POST /api/orders/counter", "POST /api/progress"}
OPERATOR_ONLY = {"POST /api/factories/import"}
OWNER_ONLY = {"PUT /api/org/members/{account}", "DELETE /api/org/members/{account}",
              "DELETE /api/invitations/{id}"}
# the caller's own account, not its organization's: a viewer may
# (a viewer's token reads as a viewer: test_serve_auth.py)
ACCOUNT = {"POST /api/logout", "POST /api/password", "POST /api/invitations/accept",
           "POST /api/tokens", "POST /api/logout/others",
           "POST /api/org/switch"}
# run by the first organization's writers only at the end (they revoke what the matrix uses)
LAST = {"DELETE /api/tokens/{id}", "DELETE /api/org/members/{account}"}
# never run by a signed-in principal but the no-CSRF one (it would end the session)
NEVER = {"POST /api/logout", "POST /api/logout/others"}

PRINCIPALS = ["anonymous", "no-csrf", "brand2", "factory2", "brand-viewer", "factory-viewer",
              "brand-member", "token", "brand-owner", "factory-owner"]
OTHER = {"brand2", "factory2"}
VIEWERS = {"brand-viewer", "factory-viewer"}
BRANDS = {"brand-owner", "brand-member", "brand-viewer", "token", "no-csrf"}
FACTORIES = {"factory-owner", "factory-viewer"}


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


def join(s, owner, email, role):
    inv = jpost(s, "/api/invitations", {"role": role}, owner).json()
    jar = signup(s, email, f"{email} alone")
    r = jpost(s, "/api/invitations/accept", {"token": inv["token"]}, jar)
    check(r.status == 200 and r.json()["role"] == role, f"{email} joins as {role}", r.describe())
    return jar, r.json()["account"]


class World:
    """The first brand and factory with every kind of thing, and the other principals."""

    def __init__(self, s):
        self.s = s
        b = signup(s, "ana@nlmx-brand.example", "Nlmxbrand Athletica")
        f = signup(s, "rui@nlmx-factory.example", "Nlmxfactory Malhas", "factory", SM)
        self.brand = s.request("GET", "/api/me", jar=b).json()["org"]["handle"]
        self.brand_org = s.request("GET", "/api/me", jar=b).json()["org"]["id"]
        bm, self.member = join(s, b, "max@nlmx-brand.example", "member")
        bv, _ = join(s, b, "vera@nlmx-brand.example", "viewer")
        fv, _ = join(s, f, "fay@nlmx-factory.example", "viewer")
        b2 = signup(s, "zoe@otherbrand.example", "Other Brand")
        f2 = signup(s, "ali@devinim.example", "Devinim", "factory", DV)
        r = jpost(s, "/api/tokens", {"name": "nlmx-ci-token"}, b)
        check(r.status == 201, "a token", r.describe())
        self.token_id, secret = r.json()["id"], r.json()["secret"]
        with open(os.path.join(EXAMPLES, "northline.yaml"), encoding="utf-8") as fh:
            self.yaml = fh.read()
        r = s.request("POST", "/api/programs", body=self.yaml, headers={
            "Content-Type": "application/yaml", "X-CSRF-Token": b.cookies["csrf"]}, jar=b)
        check(r.status == 201, "the program", r.describe())
        self.pid = r.json()["id"]
        self.program_name = r.json().get("name") or "Northline Athletics"
        steps = [
            (b, "/api/rfqs", {"ref": REF, "program": self.pid, "to": [SM]}),
            (f, f"/api/rfqs/{self.brand}:{REF}/ack", {}),
            (b, "/api/orders/issue", {"factory": SM, "order": PO, "rfq": REF, "currency": "EUR",
                                      "lines": [{"style": "NL-LEG-01", "color": "Black",
                                                 "size": "M", "qty": 300, "price": "14.90"}]}),
            (b, "/api/samples/request", {"factory": SM, "style": "NL-LEG-01", "stage": "fit",
                                         "round": 1, "rfq": REF}),
            (b, "/api/changes/request", {"factory": SM, "change": CR, "style": "NL-LEG-01",
                                         "what": "waistband", "order": PO}),
        ]
        for jar, path, body in steps:
            r = jpost(s, path, body, jar)
            check(r.status == 201, f"the first pair's {path}", r.describe())
        r = s.request("GET", f"/api/factories?q={SM}", jar=b)
        check(r.status == 200 and SM in r.body.decode(), "the first factory in the registry",
              r.describe())
        items = r.json()
        items = items.get("factories") or items.get("items") or items.get("results") or []
        self.factory_id = next(x["id"] for x in items if x.get("handle") == SM)
        self.jars = {"brand-owner": b, "brand-member": bm, "brand-viewer": bv,
                     "factory-owner": f, "factory-viewer": fv, "brand2": b2, "factory2": f2}
        self.secret = secret
        # what no other organization may read
        self.secrets = [self.brand, "Nlmxbrand", "Nlmxfactory", "nlmx-brand.example",
                        "nlmx-factory.example", REF, PO, CR, "nlmx-ci-token", self.program_name]

    def fill(self, pattern, who, missing=False):
        """The pattern's parameters: the first organization's things (or missing ones)."""
        def one(m):
            name = m.group(1)
            if name == "account":
                return MISSING["account"] if missing else str(self.member)
            if pattern.startswith("/api/programs/"):
                return MISSING["program"] if missing else str(self.pid)
            if pattern.startswith("/api/tokens/"):
                return MISSING["token"] if missing else str(self.token_id)
            if pattern.startswith("/api/factories/"):
                return str(self.factory_id)
            if pattern.startswith("/api/rfqs/"):
                ref = MISSING["rfq"] if missing else REF
                return ref if who in BRANDS or who == "brand2" else f"{self.brand}:{ref}"
            return "1"
        return re.sub(r"\{([a-z_]+)\}", one, pattern)

    def body(self, key):
        """A body for the route: the first pair's thing, as each side names it."""
        b, f = {"brand": self.brand}, {"factory": SM}
        bodies = {
            "POST /api/programs": self.yaml, "PUT /api/programs/{id}": self.yaml,
            "POST /api/factories/import": "factories: []\n",
            "POST /api/signup": {}, "POST /api/login": {},
            "POST /api/password": {"old_password": "not the password", "new_password":
                                   "another long password"},
            "POST /api/tokens": {"name": "matrix"},
            "POST /api/invitations": {"role": "viewer"},
            "POST /api/invitations/accept": {"token": "0" * 43},
            "PUT /api/org/members/{account}": {"role": "member"},
            "POST /api/org/claim": {"factory": SM},
            # the first brand: its own members stay in it, the others are not members (404)
            "POST /api/org/switch": {"org": self.brand_org},
            "PUT /api/org/profile": {},
            "POST /api/rfqs": {"ref": REF, "program": self.pid, "to": [SM]},
            "POST /api/rfqs/{id}/ack": {}, "POST /api/rfqs/{id}/decline": {"reason": "moq"},
            "POST /api/rfqs/{id}/quotes": QUOTE,
            "POST /api/samples/request": {**f, "style": "NL-LEG-01", "stage": "fit",
                                          "round": 1, "rfq": REF},
            "POST /api/samples/ship": {**b, "style": "NL-LEG-01", "stage": "fit", "round": 1},
            "POST /api/samples/receive": {**f, "style": "NL-LEG-01", "stage": "fit",
                                          "round": 1},
            "POST /api/samples/review": {**f, "style": "NL-LEG-01", "stage": "fit", "round": 1,
                                         "verdict": "approved"},
            "POST /api/samples/invoice": {**b, "style": "NL-LEG-01", "stage": "fit",
                                          "round": 1, "amount": "60.00", "currency": "EUR"},
            "POST /api/samples/pay": {**f, "style": "NL-LEG-01", "stage": "fit", "round": 1,
                                      "amount": "60.00", "currency": "EUR"},
            "POST /api/changes/request": {**f, "change": CR, "style": "NL-LEG-01",
                                          "what": "waistband", "order": PO},
            "POST /api/changes/answer": {**b, "change": CR, "days": 5},
            "POST /api/changes/accept": {**f, "change": CR},
            "POST /api/changes/withdraw": {**f, "change": CR},
            "POST /api/orders/issue": {**f, "order": PO, "rfq": REF, "currency": "EUR",
                                       "lines": [{"style": "NL-LEG-01", "color": "Black",
                                                  "size": "S", "qty": 300,
                                                  "price": "14.90"}]},
            "POST /api/orders/confirm": {**b, "order": PO},
            "POST /api/orders/counter": {**b, "order": PO, "text": "no"},
            "POST /api/payments/due": {**b, "order": PO, "milestone": "deposit",
                                       "due": "2027-01-10", "amount": "1.00",
                                       "currency": "EUR"},
            "POST /api/payments/paid": {**f, "order": PO, "milestone": "deposit",
                                        "amount": "1.00", "currency": "EUR"},
            "POST /api/progress": {**b, "order": PO, "milestone": "fabric_in"},
            "POST /api/inspections": {**f, "order": PO, "lot": 900, "defects": {
                "critical": 0, "major": 0, "minor": 0}, "result": "pass"},
            "POST /api/messages": {**f, "order": PO, "text": "hello"},
        }
        return bodies.get(key, {})

    def send(self, who, method, path, body, content):
        h = {}
        jar = self.jars.get(who)
        if who == "token":
            h["Authorization"] = f"Bearer {self.secret}"
        elif who == "no-csrf":
            jar = CookieJar()
            jar.cookies = dict(self.jars["brand-owner"].cookies)
        elif jar is not None and method != "GET":
            h["X-CSRF-Token"] = jar.cookies.get("csrf", "")
        data = None
        if method in ("POST", "PUT"):
            if content == "application/yaml":
                data = body if isinstance(body, str) else ""
            else:
                data = json.dumps(body)
            h["Content-Type"] = content
        return self.s.request(method, path, body=data, headers=h, jar=jar)


def routes(doc):
    out = []
    for pattern, item in sorted(doc["paths"].items()):
        for method, op in sorted(item.items()):
            m = method.upper()
            key = f"{m} {pattern}"
            rb = op.get("requestBody", {}).get("content", {})
            content = next(iter(rb), "application/json")
            if not op.get("security"):
                cls = "public"
            elif key in OPERATOR_ONLY:
                cls = "operator-only"
            elif key in BRAND_ONLY:
                cls = "brand-only"
            elif key in FACTORY_ONLY:
                cls = "factory-only"
            elif "403" in op.get("responses", {}):
                cls = "write"
            else:
                cls = "read"
            out.append((key, m, pattern, cls, content))
    return out


def error_code(r):
    try:
        return r.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def expect(w, key, m, pattern, cls, who, r, missing):
    """The failures of one cell, as strings (none: the cell holds)."""
    bad = []
    body = r.body.decode("utf-8", "replace")
    if r.status >= 500:
        bad.append(f"status {r.status}")
    if cls == "public":
        return bad
    write = m != "GET"
    if who == "anonymous":
        if r.status != 401:
            bad.append(f"anonymous: {r.status}, not 401")
        return bad
    if who == "no-csrf":
        if write and (r.status != 403 or error_code(r) != "csrf"):
            bad.append(f"no CSRF: {r.status} {error_code(r)}, not 403 csrf")
        return bad
    if who in OTHER:
        sent = (w.fill(pattern, who) + json.dumps(w.body(key))).lower()
        for sec in w.secrets:
            if sec.lower() in body.lower() and sec.lower() not in sent:
                bad.append(f"leaks {sec!r}: {body[:300]}")
        if "{" in pattern and not pattern.startswith("/api/factories/") and missing is not None:
            norm = lambda t: t.replace(REF, "X").replace(MISSING["rfq"], "X")  # noqa: E731
            same = norm(body) == norm(missing.body.decode("utf-8", "replace")) and \
                r.status == missing.status
            # a read, a change or a removal of the thing: 404; a step on it may be refused
            # before (the other side's step 403, the history's 409) but as on a missing one
            step = m == "POST" or cls in ("brand-only", "factory-only")
            if not same or (r.status != 404 and (not step or r.status not in (403, 409, 422))):
                bad.append(f"not 404 as a missing id: {r.status} {body[:200]} / "
                           f"{missing.status} {missing.body[:200]!r}")
        elif cls == "operator-only" and r.status != 403:
            bad.append(f"operator-only: {r.status}")
        # a step naming the first pair's thing (its RFQ, order, change, program) is never
        # recorded for another organization
        named = json.dumps(w.body(key))
        if write and key != "POST /api/programs" and r.status < 300 and \
                any(x in named for x in (REF, PO, CR, f'"program": {w.pid}')):
            bad.append(f"recorded on the first pair's thing: {r.status} {body[:200]}")
        return bad
    # (a viewer may revoke its own account's tokens: the brand's token is 403 to the brand's
    # viewer, and 404 to the factory's, to whom it is another organization's)
    if who in VIEWERS and write and key not in ACCOUNT and r.status != 403 and \
            not (cls == "brand-only" and who in FACTORIES and r.status == 404) and \
            not (key == "DELETE /api/tokens/{id}" and who in FACTORIES and r.status == 404):
        bad.append(f"viewer write: {r.status}, not 403")
    if cls == "operator-only" and r.status != 403:
        bad.append(f"operator-only: {r.status}, not 403")
    if cls == "brand-only" and who in FACTORIES and r.status not in (403, 404):
        bad.append(f"brand-only by a factory: {r.status}")
    if cls == "factory-only" and who in BRANDS and r.status != 403:
        bad.append(f"factory-only by a brand: {r.status}")
    if who == "brand-member" and key in OWNER_ONLY and r.status != 403:
        bad.append(f"owner-only by a member: {r.status}")
    # the organization's own: its reads answer (a brand has no profile, a factory no
    # programs), its writers' writes are not refused for who they are
    side_less = pattern.startswith("/api/org/profile") if who in BRANDS else \
        pattern.startswith("/api/programs")
    # (a brief of a program with blockers is 409 "blockers" for anyone: the program's, not the
    # caller's; test_serve_exports.py has it with ?force=1)
    blocked = key == "GET /api/programs/{id}/brief.pdf" and r.status == 409 and \
        error_code(r) == "blockers"
    if not write and cls in ("read", "brand-only" if who in BRANDS else "factory-only") and \
            not side_less and r.status != 200 and not blocked:
        bad.append(f"its own organization's read: {r.status} {body[:200]}")
    if write and who in ("brand-owner", "token") and key not in ACCOUNT and \
            cls in ("write", "brand-only") and r.status in (401, 403):
        bad.append(f"the owner's write refused: {r.status} {body[:200]}")
    return bad


@test("serve matrix: every endpoint of the OpenAPI document by every kind of caller")
def _():
    with tmpdir() as d:
        db = os.path.join(d, "store.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        with Server(FAST, db=db) as s:
            w = World(s)
            doc = s.request("GET", "/api/openapi.json").json()
            table = routes(doc)
            counts, failures, classes = {}, [], {}
            later = []
            for key, m, pattern, cls, content in table:
                classes[cls] = classes.get(cls, 0) + 1
                for who in PRINCIPALS:
                    if cls == "public" and m != "GET":
                        continue  # signup and login: test_serve_auth.py
                    if key in NEVER and who not in ("anonymous", "no-csrf"):
                        continue
                    if key in LAST and who in ("brand-member", "token", "brand-owner",
                                               "factory-owner"):
                        later.append((key, m, pattern, cls, content, who))
                        continue
                    cell(w, key, m, pattern, cls, content, who, counts, failures)
            for key, m, pattern, cls, content, who in later:
                cell(w, key, m, pattern, cls, content, who, counts, failures)
            print(f"# matrix: {len(table)} endpoints, " +
                  ", ".join(f"{n} {c}" for c, n in sorted(classes.items())))
            print(f"# matrix: {sum(counts.values())} requests: " +
                  ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
            print(f"# matrix: {len(failures)} failing cells")
            for f in failures:
                print(f"# FAIL {f}")
            check(not failures, "every cell of the matrix holds", "\n".join(failures[:40]))
        check(s.code == 0 and "Sanitizer" not in s.err and "runtime error" not in s.err,
              "the server exits 0 with no sanitizer report", s.code, s.err[-2000:])


def cell(w, key, m, pattern, cls, content, who, counts, failures):
    path = w.fill(pattern, who)
    r = w.send(who, m, path, w.body(key), content)
    missing = None
    if who in OTHER and "{" in pattern:
        missing = w.send(who, m, w.fill(pattern, who, missing=True), w.body(key), content)
    counts[who] = counts.get(who, 0) + 1 + (missing is not None)
    if os.environ.get("MATRIX_VERBOSE"):
        print(f"# {key:45} {who:15} {r.status}")
    for b in expect(w, key, m, pattern, cls, who, r, missing):
        failures.append(f"{key} by {who} ({path}): {b}")


if __name__ == "__main__":
    main()
