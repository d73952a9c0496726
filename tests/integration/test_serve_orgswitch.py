"""selvedge serve: one account in several organizations (issue 12/13: consultants and sourcing
agents who prepare several brands). GET /api/me/orgs lists the caller's memberships; POST
/api/org/switch moves a browser's session to another of them (new session and csrf cookies,
the old session refused); an API token cannot switch (403: it belongs to one organization);
an organization the account is not a member of is 404 as a missing one; POST /api/login takes
"org" to open that one. After a switch the first organization's things are 404, and a member
removed cannot switch back. Every server here runs with --insecure-fast-hash."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, check, main, test  # noqa: E402
from serve_harness import CookieJar, Server, expect_error  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"


def post(s, path, body, jar=None, token=None, csrf=True):
    h = {}
    if jar is not None and csrf and jar.cookies.get("csrf"):
        h["X-CSRF-Token"] = jar.cookies["csrf"]
    if token:
        h["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    return s.request("POST", path, body=data, headers=h,
                     jar=jar)


def get(s, path, jar=None, token=None):
    h = {"Authorization": "Bearer " + token} if token else {}
    return s.request("GET", path, headers=h, jar=jar)


def signup(s, email, org, kind="brand"):
    jar = CookieJar()
    r = post(s, "/api/signup", {"email": email, "password": PASSWORD, "org_name": org,
                                "org_kind": kind}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    return jar


def invite(s, owner, jar, role="member"):
    """jar's account joins owner's organization (its session moves there); its org id."""
    inv = post(s, "/api/invitations", {"role": role}, jar=owner).json()
    r = post(s, "/api/invitations/accept", {"token": inv["token"]}, jar=jar)
    check(r.status == 200, "the invitation accepted", r.describe())
    return r.json()["org"]


def org_id(s, jar):
    return get(s, "/api/me", jar=jar).json()["org"]["id"]


def consultant(s):
    """Cleo, a consultant: her own agency (a brand organization), then a member of two brands
    (Northline and Southpeak), by invitation. Her session is in the last one joined."""
    cleo = signup(s, "cleo@agency.example", "Cleo Sourcing")
    agency = org_id(s, cleo)
    ana = signup(s, "ana@northline.example", "Northline")
    northline = invite(s, ana, cleo)
    bo = signup(s, "bo@southpeak.example", "Southpeak", "brand")
    southpeak = invite(s, bo, cleo, "viewer")
    return cleo, ana, bo, agency, northline, southpeak


@test("serve orgswitch: GET /api/me/orgs lists the account's memberships, the current one marked")
def _():
    with Server(FAST) as s:
        cleo, ana, bo, agency, northline, southpeak = consultant(s)
        r = get(s, "/api/me/orgs", jar=cleo)
        check(r.status == 200, "200", r.describe())
        orgs = r.json()["orgs"]
        check([o["id"] for o in orgs] == [agency, northline, southpeak],
              "the three, by when she joined", orgs)
        by = {o["id"]: o for o in orgs}
        check(by[agency]["name"] == "Cleo Sourcing" and by[agency]["role"] == "owner" and
              by[agency]["kind"] == "brand", "her agency, as owner", by[agency])
        check(by[northline]["name"] == "Northline" and by[northline]["role"] == "member",
              "Northline, as member", by[northline])
        check(by[southpeak]["role"] == "viewer", "Southpeak, as viewer", by[southpeak])
        check([o["current"] for o in orgs] == [False, False, True],
              "the session's organization is the current one", orgs)
        # Ana sees her own only: no word of Cleo's other brands
        r = get(s, "/api/me/orgs", jar=ana)
        check([o["id"] for o in r.json()["orgs"]] == [northline], "Ana's one", r.body)
        check(b"Southpeak" not in r.body and b"Cleo" not in r.body, "nothing of the others",
              r.body)
        expect_error(get(s, "/api/me/orgs"), 401, "unauthenticated")


@test("serve orgswitch: an API token lists its own organization only and cannot switch (403)")
def _():
    with Server(FAST) as s:
        cleo, ana, bo, agency, northline, southpeak = consultant(s)
        tok = post(s, "/api/tokens", {"name": "southpeak-ci"}, jar=cleo).json()["secret"]
        r = get(s, "/api/me/orgs", token=tok)
        check(r.status == 200, "200", r.describe())
        check([(o["id"], o["current"]) for o in r.json()["orgs"]] == [(southpeak, True)],
              "the token's organization alone", r.body)
        check(b"Northline" not in r.body and b"Cleo Sourcing" not in r.body,
              "no word of the account's other organizations", r.body)
        e = expect_error(post(s, "/api/org/switch", {"org": northline}, token=tok), 403,
                         "forbidden")
        check("token" in e["message"], "the refusal says a token belongs to one organization",
              e)
        check(get(s, "/api/me", token=tok).json()["org"]["id"] == southpeak,
              "the token still acts in its organization")


@test("serve orgswitch: a switch moves the session: new cookies, the old session refused")
def _():
    with Server(FAST) as s:
        cleo, ana, bo, agency, northline, southpeak = consultant(s)
        old = CookieJar()
        old.cookies = dict(cleo.cookies)
        r = post(s, "/api/org/switch", {"org": northline}, jar=cleo)
        check(r.status == 200, "200", r.describe())
        j = r.json()
        check(j["org"] == northline and j["role"] == "member" and j["csrf"], "the new org", j)
        set_cookies = [v for k, v in r.headers if k.lower() == "set-cookie"]
        check(any(c.startswith("session=") and "HttpOnly" in c for c in set_cookies) and
              any(c.startswith("csrf=") for c in set_cookies), "session and csrf cookies",
              set_cookies)
        check(cleo.cookies["session"] != old.cookies["session"] and
              cleo.cookies["csrf"] != old.cookies["csrf"] and cleo.cookies["csrf"] == j["csrf"],
              "both cookies new", cleo.cookies, old.cookies)
        me = get(s, "/api/me", jar=cleo).json()
        check(me["org"]["id"] == northline and me["role"] == "member", "/api/me: Northline", me)
        expect_error(get(s, "/api/me", jar=old), 401, "unauthenticated")
        orgs = get(s, "/api/me/orgs", jar=cleo).json()["orgs"]
        check([o["id"] for o in orgs if o["current"]] == [northline], "current moved", orgs)
        # and back to her agency, where she is the owner
        r = post(s, "/api/org/switch", {"org": agency}, jar=cleo)
        check(r.status == 200 and r.json()["role"] == "owner", "back to the agency",
              r.describe())
        check(get(s, "/api/me", jar=cleo).json()["org"]["name"] == "Cleo Sourcing", "agency")


@test("serve orgswitch: CSRF, the body, a stranger's organization and a missing one")
def _():
    with Server(FAST) as s:
        cleo, ana, bo, agency, northline, southpeak = consultant(s)
        other = signup(s, "zed@other.example", "Other Brand")
        other_id = org_id(s, other)
        expect_error(post(s, "/api/org/switch", {"org": northline}, jar=cleo, csrf=False), 403,
                     "csrf")
        expect_error(post(s, "/api/org/switch", {"org": northline}), 401, "unauthenticated")
        for bad in ({}, {"org": "northline"}, {"org": 0}, {"org": -3}, {"org": 1.5}):
            e = expect_error(post(s, "/api/org/switch", bad, jar=cleo), 422, "invalid")
            check(e.get("field") == "org", "field org", bad, e)
        expect_error(post(s, "/api/org/switch", {"org": northline, "x": 1}, jar=cleo), 400)
        r1 = post(s, "/api/org/switch", {"org": other_id}, jar=cleo)
        r0 = post(s, "/api/org/switch", {"org": 987654}, jar=cleo)
        expect_error(r1, 404, "not_found")
        check(r1.body == r0.body, "another's organization answers as a missing one",
              r1.body, r0.body)
        check(get(s, "/api/me", jar=cleo).json()["org"]["id"] == southpeak,
              "a refused switch leaves the session where it was")


@test("serve orgswitch: after a switch the first organization's things are 404")
def _():
    with Server(FAST) as s:
        cleo, ana, bo, agency, northline, southpeak = consultant(s)
        r = post(s, "/api/org/switch", {"org": northline}, jar=cleo)
        check(r.status == 200, "to Northline", r.describe())
        with open(os.path.join(EXAMPLES, "northline.yaml"), encoding="utf-8") as fh:
            yaml = fh.read()
        r = s.request("POST", "/api/programs", body=yaml, headers={
            "Content-Type": "application/yaml", "X-CSRF-Token": cleo.cookies["csrf"]}, jar=cleo)
        check(r.status == 201, "Cleo uploads Northline's program", r.describe())
        pid = r.json()["id"]
        check(get(s, f"/api/programs/{pid}", jar=ana).status == 200, "Ana reads it")
        r = post(s, "/api/org/switch", {"org": agency}, jar=cleo)
        check(r.status == 200, "to her agency", r.describe())
        r1 = get(s, f"/api/programs/{pid}", jar=cleo)
        r0 = get(s, "/api/programs/987654", jar=cleo)
        expect_error(r1, 404, "not_found")
        check(r1.body == r0.body, "Northline's program is as a missing one", r1.body)
        listing = get(s, "/api/programs", jar=cleo)
        check(listing.status == 200 and pid not in [p["id"] for p in
                                                   listing.json().get("programs", [])],
              "not in the agency's list", listing.body)
        members = get(s, "/api/org/members", jar=cleo).json()["members"]
        check([m["email"] for m in members] == ["cleo@agency.example"],
              "the agency's members, not Northline's", members)


@test("serve orgswitch: a member removed cannot switch back (404), nor keep a session there")
def _():
    with Server(FAST) as s:
        cleo, ana, bo, agency, northline, southpeak = consultant(s)
        r = post(s, "/api/org/switch", {"org": northline}, jar=cleo)
        check(r.status == 200, "to Northline", r.describe())
        me = get(s, "/api/me", jar=cleo).json()
        r = s.request("DELETE", f"/api/org/members/{me['account']['id']}",
                      headers={"X-CSRF-Token": ana.cookies["csrf"]}, jar=ana)
        check(r.status == 204, "Ana removes Cleo", r.describe())
        expect_error(get(s, "/api/me", jar=cleo), 401)
        # a fresh login, in the agency: Northline is no longer hers
        cleo = CookieJar()
        r = post(s, "/api/login", {"email": "cleo@agency.example", "password": PASSWORD},
                 jar=cleo)
        check(r.status == 200 and r.json()["org"] == agency, "login: the agency", r.describe())
        orgs = get(s, "/api/me/orgs", jar=cleo).json()["orgs"]
        check([o["id"] for o in orgs] == [agency, southpeak], "Northline gone", orgs)
        r1 = post(s, "/api/org/switch", {"org": northline}, jar=cleo)
        r0 = post(s, "/api/org/switch", {"org": 987654}, jar=cleo)
        expect_error(r1, 404, "not_found")
        check(r1.body == r0.body, "as a missing one", r1.body, r0.body)
        check(get(s, "/api/me", jar=cleo).json()["org"]["id"] == agency, "still the agency")


@test("serve orgswitch: POST /api/login with \"org\" opens that organization")
def _():
    with Server(FAST) as s:
        cleo, ana, bo, agency, northline, southpeak = consultant(s)
        other = org_id(s, signup(s, "zed@other.example", "Other Brand"))
        jar = CookieJar()
        r = post(s, "/api/login", {"email": "cleo@agency.example", "password": PASSWORD},
                 jar=jar)
        check(r.status == 200 and r.json()["org"] == agency, "no org: the first", r.describe())
        jar = CookieJar()
        r = post(s, "/api/login", {"email": "cleo@agency.example", "password": PASSWORD,
                                   "org": southpeak}, jar=jar)
        check(r.status == 200 and r.json()["org"] == southpeak and
              r.json()["role"] == "viewer", "org: Southpeak", r.describe())
        check(get(s, "/api/me", jar=jar).json()["org"]["id"] == southpeak, "/api/me agrees")
        jar = CookieJar()
        r1 = post(s, "/api/login", {"email": "cleo@agency.example", "password": PASSWORD,
                                    "org": other}, jar=jar)
        r0 = post(s, "/api/login", {"email": "cleo@agency.example", "password": PASSWORD,
                                    "org": 987654}, jar=jar)
        expect_error(r1, 404, "not_found")
        check(r1.body == r0.body, "another's organization as a missing one", r1.body)
        check("session" not in jar.cookies, "no session opened", jar.cookies)
        e = expect_error(post(s, "/api/login", {"email": "cleo@agency.example",
                                                "password": PASSWORD, "org": "southpeak"}),
                         422, "invalid")
        check(e.get("field") == "org", "field org", e)
        # a wrong password with an org is a failed login as any other (401)
        expect_error(post(s, "/api/login", {"email": "cleo@agency.example",
                                            "password": "wrong wrong wrong", "org": southpeak}),
                     401, "unauthenticated")


@test("serve orgswitch: the routes are in the OpenAPI document")
def _():
    with Server(FAST) as s:
        doc = get(s, "/api/openapi.json").json()["paths"]
        check("get" in doc.get("/api/me/orgs", {}), "GET /api/me/orgs", sorted(doc))
        op = doc.get("/api/org/switch", {}).get("post")
        check(op is not None, "POST /api/org/switch", sorted(doc))
        check(op.get("security") and "403" in op["responses"], "signed in, a write (403 CSRF)",
              op)
        props = op["requestBody"]["content"]["application/json"]["schema"]["properties"]
        check("org" in props, "its body names org", props)
        login = doc["/api/login"]["post"]["requestBody"]["content"]["application/json"]
        check("org" in login["schema"]["properties"], "login takes org", login)


if __name__ == "__main__":
    main()
