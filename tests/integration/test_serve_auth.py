"""selvedge serve: accounts, sessions, API tokens and organizations over HTTP (issue 12):
the cookies' flags, CSRF on cookie writes and not on bearer ones, 401/403/404/409/429 as the
library says, the login's rate limit with Retry-After, a password change ending the other
sessions, a revoked token refused, invitations. Every server here runs with
--insecure-fast-hash (the test cost of Argon2id, allowed on a loopback address only)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, expect_exit, main, run, test, tmpdir  # noqa: E402
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


@test("serve auth: --insecure-fast-hash is refused off a loopback address")
def _():
    with tmpdir() as d:
        r = run("serve", "--db", os.path.join(d, "s.db"), "--listen", "0.0.0.0:0", FAST)
    expect_exit(r, 2)
    check("loopback" in r.err, "says loopback", r.err)


if __name__ == "__main__":
    sys.exit(main())
