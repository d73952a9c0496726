"""selvedge serve: accounts, sessions, API tokens and organizations over HTTP (issue 12):
the cookies' flags, CSRF on cookie writes and not on bearer ones, 401/403/404/409/429 as the
library says, the login's rate limit with Retry-After, a password change ending the other
sessions, a revoked token refused, invitations. Every server here runs with
--insecure-fast-hash (the test cost of Argon2id, allowed on a loopback address only)."""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, check, expect_exit, main, run, test, tmpdir  # noqa: E402
from serve_harness import CookieJar, Server, expect_error  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"


def post(s, path, body, jar=None, csrf=None, token=None, method="POST"):
    h = {"Content-Type": "application/json"}
    if csrf is True and jar is not None:
        h["X-CSRF-Token"] = jar.cookies.get("csrf", "")
    elif csrf:
        h["X-CSRF-Token"] = csrf
    if token:
        h["Authorization"] = "Bearer " + token
    data = None if body is None else json.dumps(body)
    if data is None:
        del h["Content-Type"]
    return s.request(method, path, body=data, headers=h, jar=jar)


def get(s, path, jar=None, token=None):
    h = {"Authorization": "Bearer " + token} if token else {}
    return s.request("GET", path, headers=h, jar=jar)


def signup(s, email, org, kind="brand"):
    jar = CookieJar()
    r = post(s, "/api/signup", {"email": email, "password": PASSWORD, "org_name": org,
                                "org_kind": kind}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    return jar, r


def set_cookies(r):
    return [v for k, v in r.headers if k.lower() == "set-cookie"]


@test("serve auth: sign-up sets an HttpOnly session cookie and a script-readable csrf cookie")
def _():
    with Server(FAST) as s:
        jar, r = signup(s, "ana@example.com", "Northline")
        cookies = {c.split("=", 1)[0]: c for c in set_cookies(r)}
        sess, csrf = cookies.get("session", ""), cookies.get("csrf", "")
        for c in (sess, csrf):
            check("SameSite=Lax" in c and "Path=/" in c, "SameSite=Lax, Path=/", c)
            check("Secure" not in c, "no Secure without --secure-cookies", c)
        check("HttpOnly" in sess, "the session cookie is HttpOnly", sess)
        check("HttpOnly" not in csrf, "the csrf cookie is readable by scripts", csrf)
        j = r.json()
        check(j["role"] == "owner" and j["csrf"] == jar.cookies["csrf"], "owner, csrf", j)
        me = get(s, "/api/me", jar=jar)
        check(me.status == 200, "GET /api/me 200", me.describe())
        m = me.json()
        check(m["account"]["email"] == "ana@example.com" and m["role"] == "owner" and
              m["kind"] == "brand" and m["org"]["name"] == "Northline", "who I am", m)
        # the same email again: 409; a bad kind: 422 naming it
        r = post(s, "/api/signup", {"email": "ANA@example.com", "password": PASSWORD,
                                    "org_name": "X", "org_kind": "brand"})
        expect_error(r, 409, "conflict")
        r = post(s, "/api/signup", {"email": "b@example.com", "password": PASSWORD,
                                    "org_name": "X", "org_kind": "shop"})
        check(expect_error(r, 422).get("field") == "org_kind", "field org_kind", r.describe())
        r = post(s, "/api/signup", {"email": "b@example.com", "password": "short",
                                    "org_name": "X", "org_kind": "brand"})
        check(expect_error(r, 422).get("field") == "password", "field password", r.describe())
    with Server(FAST, "--secure-cookies") as s:
        jar, r = signup(s, "ana@example.com", "Northline")
        for c in set_cookies(r):
            check("; Secure" in c, "Secure with --secure-cookies", c)


@test("serve auth: 401 without a session; logout ends it; the cookie alone writes nothing")
def _():
    with Server(FAST) as s:
        expect_error(get(s, "/api/me"), 401, "unauthenticated")
        expect_error(get(s, "/api/me", token="nonsense"), 401, "unauthenticated")
        jar, _r = signup(s, "ana@example.com", "Northline")
        # a write by cookie without the header, or with another value: 403 csrf
        expect_error(post(s, "/api/logout", None, jar=jar), 403, "csrf")
        expect_error(post(s, "/api/logout", None, jar=jar, csrf="x" * 43), 403, "csrf")
        # the csrf cookie's value copied into the header is not enough when it is not the
        # session's own: a second session's csrf does not fit the first
        other = CookieJar()
        r = post(s, "/api/login", {"email": "ana@example.com", "password": PASSWORD},
                 jar=other)
        check(r.status == 200, "login 200", r.describe())
        expect_error(post(s, "/api/logout", None, jar=jar, csrf=other.cookies["csrf"]), 403,
                     "csrf")
        saved = dict(jar.cookies)
        r = post(s, "/api/logout", None, jar=jar, csrf=True)
        check(r.status == 204, "logout 204", r.describe())
        check(any(c.startswith("session=;") and "Max-Age=0" in c for c in set_cookies(r)),
              "the cookie cleared", r.headers)
        stale = CookieJar()
        stale.cookies = saved
        expect_error(get(s, "/api/me", jar=stale), 401, "unauthenticated")
        check(get(s, "/api/me", jar=other).status == 200, "the other session lives on")


@test("serve auth: five failed logins, then 429 with Retry-After, even for the right password")
def _():
    with Server(FAST) as s:
        signup(s, "ana@example.com", "Northline")
        for i in range(5):
            r = post(s, "/api/login", {"email": "ana@example.com", "password": "wrong pass " +
                                       str(i)})
            expect_error(r, 401, "unauthenticated")
        r = post(s, "/api/login", {"email": "ana@example.com", "password": PASSWORD})
        expect_error(r, 429, "too_many_attempts")
        ra = r.header("Retry-After")
        check(ra and ra.isdigit() and 0 < int(ra) <= 15 * 60, "Retry-After in seconds", ra)
        # the address is locked too: another account from here is refused untried
        signup(s, "bo@example.com", "Other")
        r = post(s, "/api/login", {"email": "bo@example.com", "password": PASSWORD})
        expect_error(r, 429, "too_many_attempts")


@test("serve auth: a password change ends the other sessions, keeps this one")
def _():
    with Server(FAST) as s:
        a, _r = signup(s, "ana@example.com", "Northline")
        b = CookieJar()
        check(post(s, "/api/login", {"email": "ana@example.com", "password": PASSWORD},
                   jar=b).status == 200, "a second session")
        new = "a new horse battery"
        r = post(s, "/api/password", {"old_password": "nope nope nope", "new_password": new},
                 jar=a, csrf=True)
        check(expect_error(r, 403).get("field") == "old_password", "old_password wrong",
              r.describe())
        expect_error(post(s, "/api/password", {"old_password": PASSWORD, "new_password": new},
                          jar=a), 403, "csrf")
        r = post(s, "/api/password", {"old_password": PASSWORD, "new_password": new}, jar=a,
                 csrf=True)
        check(r.status == 204, "changed: 204", r.describe())
        check(get(s, "/api/me", jar=a).status == 200, "this session lives on")
        expect_error(get(s, "/api/me", jar=b), 401, "unauthenticated")
        expect_error(post(s, "/api/login", {"email": "ana@example.com", "password": PASSWORD}),
                     401)
        check(post(s, "/api/login", {"email": "ana@example.com", "password": new}).status == 200,
              "the new password logs in")


@test("serve auth: an API token: shown once, Bearer without CSRF, listed, revoked stops it")
def _():
    with Server(FAST) as s:
        a, _r = signup(s, "ana@example.com", "Northline")
        r = post(s, "/api/tokens", {"name": "ci"}, jar=a, csrf=True)
        check(r.status == 201, "201", r.describe())
        tok = r.json()
        secret = tok["secret"]
        check(len(secret) == 43, "a 43-character secret", tok)
        me = get(s, "/api/me", token=secret)
        check(me.status == 200 and me.json()["by"] == "token", "the token is the caller",
              me.describe())
        # a write by token: no CSRF header asked for
        r = post(s, "/api/tokens", {"name": "second"}, token=secret)
        check(r.status == 201, "a write by bearer without X-CSRF-Token", r.describe())
        r = get(s, "/api/tokens", jar=a)
        check(r.status == 200, "list 200", r.describe())
        listed = r.json()["tokens"]
        check({t["name"] for t in listed} == {"ci", "second"}, "both listed", listed)
        check(all("secret" not in t for t in listed) and secret not in r.body.decode(),
              "no secret in the list", listed)
        # another organization's token: 404 as a missing one, same body
        other, _r = signup(s, "bo@example.com", "Other")
        theirs = post(s, "/api/tokens", {"name": "theirs"}, jar=other, csrf=True).json()
        r1 = post(s, f"/api/tokens/{theirs['id']}", None, jar=a, csrf=True, method="DELETE")
        r2 = post(s, "/api/tokens/999999", None, jar=a, csrf=True, method="DELETE")
        expect_error(r1, 404)
        check(r1.body == r2.body, "another org's token answers as a missing one", r1.body,
              r2.body)
        check(get(s, "/api/me", token=theirs["secret"]).status == 200, "theirs still works")
        r = post(s, f"/api/tokens/{tok['id']}", None, jar=a, csrf=True, method="DELETE")
        check(r.status == 204, "revoked: 204", r.describe())
        expect_error(get(s, "/api/me", token=secret), 401, "unauthenticated")
        expect_error(post(s, "/api/tokens", {"name": "x"}, token=secret), 401)


PROFILE_YAML = """currency: USD
factories:
  - id: my-profile
    name: Whatever We Call Ourselves
    country: PT
    categories: [t-shirt]
    constructions: [knit]
    moq: { per_style: 300 }
    prices:
      t-shirt: [4.50, 7.00]
    lead_days: { sampling: 12, production: 45 }
    certifications: [GOTS]
"""


def put_yaml(s, text, jar, csrf=True):
    h = {"Content-Type": "application/yaml"}
    if csrf:
        h["X-CSRF-Token"] = jar.cookies.get("csrf", "")
    return s.request("PUT", "/api/org/profile", body=text.encode(), headers=h, jar=jar)


def org_of(s, jar):
    return get(s, "/api/org", jar=jar).json()


@test("serve auth: invitations, roles: a viewer cannot write, another org's member is 404")
def _():
    with Server(FAST) as s:
        owner, _r = signup(s, "ana@example.com", "Northline")
        org = org_of(s, owner)
        check(org["kind"] == "brand" and org["name"] == "Northline", "GET /api/org", org)
        r = post(s, "/api/invitations", {"role": "viewer"}, jar=owner, csrf=True)
        check(r.status == 201, "invitation 201", r.describe())
        inv = r.json()
        # a newly signed-up account accepts: its browser session moves to the inviting org
        viewer, _r = signup(s, "vic@example.com", "Vic's own")
        r = post(s, "/api/invitations/accept", {"token": inv["token"]}, jar=viewer, csrf=True)
        check(r.status == 200 and r.json()["role"] == "viewer" and r.json()["org"] == org["id"],
              "accepted as viewer", r.describe())
        me = get(s, "/api/me", jar=viewer).json()
        check(me["org"]["id"] == org["id"] and me["role"] == "viewer", "the session moved", me)
        # used: refused; unknown: 404
        third, _r = signup(s, "tom@example.com", "Tom's")
        r = post(s, "/api/invitations/accept", {"token": inv["token"]}, jar=third, csrf=True)
        expect_error(r, 403)
        r = post(s, "/api/invitations/accept", {"token": "x" * 43}, jar=third, csrf=True)
        expect_error(r, 404)
        # expired: refused
        r = post(s, "/api/invitations", {"role": "member", "expires_in": 1}, jar=owner,
                 csrf=True)
        short = r.json()["token"]
        time.sleep(2.1)
        r = post(s, "/api/invitations/accept", {"token": short}, jar=third, csrf=True)
        check(expect_error(r, 403).get("field") == "token", "expired", r.describe())
        # the viewer reads, and writes nothing: 403
        members = get(s, "/api/org/members", jar=viewer)
        check(members.status == 200 and
              [m["role"] for m in members.json()["members"]] == ["owner", "viewer"],
              "the members listed", members.describe())
        vid = members.json()["members"][1]["account"]
        expect_error(post(s, "/api/invitations", {"role": "member"}, jar=viewer, csrf=True), 403)
        expect_error(post(s, f"/api/org/members/{vid}", {"role": "owner"}, jar=viewer,
                          csrf=True, method="PUT"), 403)
        tok = post(s, "/api/tokens", {"name": "v"}, jar=viewer, csrf=True)
        check(tok.status == 201, "a viewer may have a token (it reads as a viewer)",
              tok.describe())
        # a viewer revokes its own account's token (test_serve_org.py: not another's)
        r = post(s, f"/api/tokens/{tok.json()['id']}", None, jar=viewer, csrf=True,
                 method="DELETE")
        check(r.status == 204, "a viewer revokes its own token", r.describe())
        # the owner: another org's account is 404 as a missing one; the last owner stays
        tom = get(s, "/api/me", jar=third).json()["account"]["id"]
        r1 = post(s, f"/api/org/members/{tom}", {"role": "member"}, jar=owner, csrf=True,
                  method="PUT")
        r2 = post(s, "/api/org/members/999999", {"role": "member"}, jar=owner, csrf=True,
                  method="PUT")
        expect_error(r1, 404)
        check(r1.body == r2.body, "same body as a missing one", r1.body, r2.body)
        me_id = get(s, "/api/me", jar=owner).json()["account"]["id"]
        expect_error(post(s, f"/api/org/members/{me_id}", {"role": "member"}, jar=owner,
                          csrf=True, method="PUT"), 409)
        r = post(s, f"/api/org/members/{vid}", {"role": "member"}, jar=owner, csrf=True,
                 method="PUT")
        check(r.status == 200 and r.json()["role"] == "member", "promoted", r.describe())
        check(get(s, "/api/me", jar=viewer).json()["role"] == "member",
              "the new role at once")
        r = post(s, f"/api/org/members/{vid}", None, jar=owner, csrf=True, method="DELETE")
        check(r.status == 204, "removed", r.describe())
        expect_error(get(s, "/api/me", jar=viewer), 401)


@test("serve auth: a factory organization claims its factory once; a brand cannot")
def _():
    with tmpdir() as d:
        db = os.path.join(d, "reg.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        lst = run("--db", db, "factories", "list")
        ids = re.findall(r"^\s*(\d+)\s", lst.out, re.M)
        check(len(ids) >= 2, "factories listed", lst.describe())
        with Server(FAST, db=db) as s:
            f, _r = signup(s, "fa@example.com", "Dhaka Knits", kind="factory")
            g, _r = signup(s, "ga@example.com", "Other Knits", kind="factory")
            b, _r = signup(s, "br@example.com", "Northline")
            r = post(s, "/api/org/claim", {"factory": int(ids[0])}, jar=f, csrf=True)
            check(r.status == 200 and r.json()["factory_id"] == int(ids[0]), "claimed",
                  r.describe())
            expect_error(post(s, "/api/org/claim", {"factory": int(ids[0])}, jar=g, csrf=True),
                         409)
            expect_error(post(s, "/api/org/claim", {"factory": int(ids[1])}, jar=f, csrf=True),
                         409)
            expect_error(post(s, "/api/org/claim", {"factory": 999999}, jar=g, csrf=True), 404)
            expect_error(post(s, "/api/org/claim", {"factory": "no-such-handle"}, jar=g,
                              csrf=True), 404)
            expect_error(post(s, "/api/org/claim", {"factory": [1]}, jar=g, csrf=True), 422)
            r = post(s, "/api/org/claim", {"factory": int(ids[1])}, jar=b, csrf=True)
            check(expect_error(r, 422).get("field") == "org_kind", "a brand cannot claim",
                  r.describe())
            # the capability profile: the claimed factory's, written by its organization only
            before = get(s, "/api/org/profile", jar=f)
            check(before.status == 200 and before.json()["factory"]["id"] == int(ids[0]),
                  "GET the profile", before.describe())
            name = before.json()["factory"]["name"]
            expect_error(get(s, "/api/org/profile", jar=g), 404)
            expect_error(get(s, "/api/org/profile", jar=b), 404)
            r = put_yaml(s, PROFILE_YAML, f)
            check(r.status == 200, "PUT the profile", r.describe())
            p = r.json()
            check(p["moq"]["per_style"] == 300 and p["lead_days"]["production"] == 45 and
                  p["prices_usd_cents"]["t-shirt"] == [450, 700] and
                  p["certifications"] == ["GOTS"] and p["categories"] == ["t-shirt"],
                  "the capability written", p)
            check(p["factory"]["name"] == name and p["factory"]["id"] == int(ids[0]),
                  "the registry's identity kept", p)
            show = run("--db", db, "factories", "show", ids[0])
            check("300" in show.out, "the registry row has it", show.describe())
            expect_error(put_yaml(s, PROFILE_YAML, g), 404)
            expect_error(put_yaml(s, PROFILE_YAML, f, csrf=False), 403, "csrf")
            r = put_yaml(s, PROFILE_YAML.replace("moq: { per_style: 300 }",
                                                 "moq: { per_style: lots }"), f)
            e = expect_error(r, 422)
            check(e.get("line") == 8 and "moq" in e.get("field", ""), "line and field", e)
            r = put_yaml(s, PROFILE_YAML.replace("USD", "EUR"), f)
            check(expect_error(r, 422).get("field") == "currency", "USD only", r.describe())
            r = put_yaml(s, PROFILE_YAML + PROFILE_YAML.split("factories:\n")[1], f)
            expect_error(r, 422)
            second = PROFILE_YAML.split("factories:\n")[1].replace("my-profile", "my-other")
            e = expect_error(put_yaml(s, PROFILE_YAML + second, f), 422)
            check(e.get("field") == "factories" and "not 2" in e.get("message", ""),
                  "two factories: the count said, read before the list is freed", e)


@test("serve auth: --insecure-fast-hash is refused off a loopback address")
def _():
    with tmpdir() as d:
        r = run("serve", "--db", os.path.join(d, "s.db"), "--listen", "0.0.0.0:0", FAST)
    expect_exit(r, 2)
    check("loopback" in r.err, "says loopback", r.err)


@test("serve auth: a locked password change's 429 says the seconds left, not a fixed 900")
def _():
    with Server(FAST) as s:
        a, _r = signup(s, "ana@example.com", "Northline")
        for i in range(5):
            r = post(s, "/api/password", {"old_password": "wrong pass " + str(i),
                                          "new_password": "a new horse battery"}, jar=a,
                     csrf=True)
            expect_error(r, 403)
        time.sleep(2.2)
        r = post(s, "/api/password", {"old_password": PASSWORD,
                                      "new_password": "a new horse battery"}, jar=a, csrf=True)
        expect_error(r, 429, "too_many_attempts")
        ra = r.header("Retry-After")
        check(ra and ra.isdigit() and 15 * 60 - 30 < int(ra) < 15 * 60,
              "Retry-After: the lock's seconds left, under 900 two seconds on", ra)


@test("serve auth: ten sign-ups an hour from one address, then 429 with Retry-After, none made")
def _():
    with Server(FAST) as s:
        for i in range(10):
            signup(s, f"u{i}@example.com", f"Org {i}")
        r = post(s, "/api/signup", {"email": "late@example.com", "password": PASSWORD,
                                    "org_name": "Late", "org_kind": "brand"})
        check(expect_error(r, 429, "too_many_attempts").get("field") == "address",
              "field address", r.describe())
        ra = r.header("Retry-After")
        check(ra and ra.isdigit() and 3600 - 60 < int(ra) <= 3600,
              "Retry-After: the seconds until the first sign-up leaves the hour", ra)
        check("Set-Cookie" not in [k for k, _v in r.headers], "no session", r.headers)
        expect_error(post(s, "/api/login", {"email": "late@example.com", "password": PASSWORD}),
                     401, "unauthenticated")
        check(post(s, "/api/login", {"email": "u0@example.com", "password": PASSWORD}).status
              == 200, "the accounts made log in")


@test("serve auth: a token's principal is kept some seconds, yet a token revoked, a role "
      "lowered or a member removed holds from the very next request")
def _():
    with Server(FAST) as s:
        owner, _r = signup(s, "ana@example.com", "Northline")
        inv = post(s, "/api/invitations", {"role": "member"}, jar=owner, csrf=True).json()
        mem, _r = signup(s, "max@example.com", "Max's own")
        r = post(s, "/api/invitations/accept", {"token": inv["token"]}, jar=mem, csrf=True)
        check(r.status == 200, "accepted as member", r.describe())
        mid = get(s, "/api/me", jar=mem).json()["account"]["id"]
        made = [post(s, "/api/tokens", {"name": f"t{i}"}, jar=who, csrf=True).json()
                for i, who in enumerate((owner, mem, mem))]
        # each asked many times over: kept, each its own account's; a secret one character
        # off is no token, however often the true one was asked
        oid = get(s, "/api/me", jar=owner).json()["account"]["id"]
        for t, account in zip(made, (oid, mid, mid)):
            for _ in range(5):
                me = get(s, "/api/me", token=t["secret"])
                check(me.status == 200 and me.json()["account"]["id"] == account,
                      "by token: 200, its own account", me.describe())
            off = t["secret"][:-1] + ("A" if t["secret"][-1] != "A" else "B")
            expect_error(get(s, "/api/me", token=off), 401, "unauthenticated")
        # revoked: refused at once, the others still answer
        r = post(s, f"/api/tokens/{made[0]['id']}", None, jar=owner, csrf=True,
                 method="DELETE")
        check(r.status == 204, "revoked", r.describe())
        expect_error(get(s, "/api/me", token=made[0]["secret"]), 401, "unauthenticated")
        check(get(s, "/api/me", token=made[1]["secret"]).status == 200, "another still works")
        # the member lowered to viewer: its token reads as a viewer at once
        r = post(s, f"/api/org/members/{mid}", {"role": "viewer"}, jar=owner, csrf=True,
                 method="PUT")
        check(r.status == 200, "role set", r.describe())
        me = get(s, "/api/me", token=made[1]["secret"])
        check(me.status == 200 and me.json()["role"] == "viewer", "a viewer at once",
              me.describe())
        own = post(s, "/api/tokens", {"name": "own"}, jar=owner, csrf=True).json()
        expect_error(post(s, f"/api/tokens/{own['id']}", None, token=made[1]["secret"],
                          method="DELETE"), 403)  # the owner's: not the viewer's to revoke
        # removed: its tokens refused at once
        r = post(s, f"/api/org/members/{mid}", None, jar=owner, csrf=True, method="DELETE")
        check(r.status == 204, "removed", r.describe())
        for t in made[1:]:
            expect_error(get(s, "/api/me", token=t["secret"]), 401, "unauthenticated")


if __name__ == "__main__":
    sys.exit(main())
