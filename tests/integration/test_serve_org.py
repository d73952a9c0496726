"""selvedge serve: what the web app's team, invitation, account and token pages need of the
API (issue 13, on issue 12's): a token revoked once (a second revoke is 404), a viewer
revoking its own account's tokens and not another's, the pending invitations listed and
revoked, an invitation looked at before it is accepted (public), and the other sessions of an
account logged out. Every server here runs with --insecure-fast-hash."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, main, test  # noqa: E402
from serve_harness import CookieJar, Server, expect_error  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"


def post(s, path, body, jar=None, token=None, method="POST"):
    h = {}
    if jar is not None and jar.cookies.get("csrf"):
        h["X-CSRF-Token"] = jar.cookies["csrf"]
    if token:
        h["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    return s.request(method, path, body=data, headers=h, jar=jar)


def delete(s, path, jar=None, token=None):
    return post(s, path, None, jar=jar, token=token, method="DELETE")


def get(s, path, jar=None, token=None):
    h = {"Authorization": "Bearer " + token} if token else {}
    return s.request("GET", path, headers=h, jar=jar)


def signup(s, email, org, kind="brand"):
    jar = CookieJar()
    r = post(s, "/api/signup", {"email": email, "password": PASSWORD, "org_name": org,
                                "org_kind": kind}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    return jar


def login(s, email):
    jar = CookieJar()
    r = post(s, "/api/login", {"email": email, "password": PASSWORD}, jar=jar)
    check(r.status == 200, f"login {email}", r.describe())
    return jar


def join(s, owner, email, role):
    inv = post(s, "/api/invitations", {"role": role}, jar=owner).json()
    jar = signup(s, email, f"{email} alone")
    r = post(s, "/api/invitations/accept", {"token": inv["token"]}, jar=jar)
    check(r.status == 200, f"{email} joins as {role}", r.describe())
    return jar, r.json()["account"]


@test("serve org: a token revoked twice: 204 then 404, and the list keeps its first revocation")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        t = post(s, "/api/tokens", {"name": "ci"}, jar=a).json()
        r = delete(s, f"/api/tokens/{t['id']}", jar=a)
        check(r.status == 204, "the first revoke: 204", r.describe())
        first = next(x for x in get(s, "/api/tokens", jar=a).json()["tokens"]
                     if x["id"] == t["id"])["revoked"]
        e = expect_error(delete(s, f"/api/tokens/{t['id']}", jar=a), 404, "not_found")
        missing = delete(s, "/api/tokens/999999", jar=a)
        check(missing.status == 404 and missing.json()["error"]["message"] == e["message"],
              "a revoked token answers as a missing one", e, missing.body)
        again = next(x for x in get(s, "/api/tokens", jar=a).json()["tokens"]
                     if x["id"] == t["id"])["revoked"]
        check(first is not None and again == first, "the revocation's time stays", first, again)


@test("serve org: a viewer revokes its own account's token, not another member's (403)")
def _():
    with Server(FAST) as s:
        owner = signup(s, "ana@example.com", "Northline")
        viewer, vid = join(s, owner, "vera@example.com", "viewer")
        mine = post(s, "/api/tokens", {"name": "vera-ci"}, jar=viewer)
        check(mine.status == 201, "a viewer makes a token", mine.describe())
        mine = mine.json()
        theirs = post(s, "/api/tokens", {"name": "ana-ci"}, jar=owner).json()
        e = expect_error(delete(s, f"/api/tokens/{theirs['id']}", jar=viewer), 403, "forbidden")
        check("own" in e["message"], "the refusal says a viewer revokes its own only", e)
        check(get(s, "/api/me", token=theirs["secret"]).status == 200, "the owner's token works")
        # by its own token, a viewer is still a viewer: its own, yes; the owner's, no
        expect_error(delete(s, f"/api/tokens/{theirs['id']}", token=mine["secret"]), 403)
        r = delete(s, f"/api/tokens/{mine['id']}", jar=viewer)
        check(r.status == 204, "the viewer's own token revoked: 204", r.describe())
        expect_error(get(s, "/api/me", token=mine["secret"]), 401)
        expect_error(delete(s, f"/api/tokens/{mine['id']}", jar=viewer), 404)
        expect_error(delete(s, "/api/tokens/999999", jar=viewer), 404)
        # the owner revokes anyone's in the organization
        made = post(s, "/api/tokens", {"name": "vera-2"}, jar=viewer).json()
        check(delete(s, f"/api/tokens/{made['id']}", jar=owner).status == 204,
              "the owner revokes the viewer's token")
        check(vid > 0, "the viewer's account id", vid)


@test("serve org: pending invitations listed to members (no token), revoked by the owner")
def _():
    with Server(FAST) as s:
        owner = signup(s, "ana@example.com", "Northline")
        member, _ = join(s, owner, "max@example.com", "member")
        viewer, _ = join(s, owner, "vera@example.com", "viewer")
        r = post(s, "/api/invitations", {"role": "member", "expires_in": 3600}, jar=owner)
        check(r.status == 201, "an invitation", r.describe())
        inv = r.json()
        r2 = post(s, "/api/invitations", {"role": "viewer"}, jar=owner).json()
        for jar, who in ((owner, "owner"), (member, "member"), (viewer, "viewer")):
            r = get(s, "/api/invitations", jar=jar)
            check(r.status == 200, f"the {who} reads the list", r.describe())
            items = r.json()["invitations"]
            check([x["id"] for x in items] == [r2["id"], inv["id"]],
                  "the two pending ones, newest first (the accepted ones are not pending)",
                  items)
            check(inv["token"] not in r.body.decode() and "token" not in items[0],
                  "no token in the list", items)
        one = next(x for x in get(s, "/api/invitations", jar=owner).json()["invitations"]
                   if x["id"] == inv["id"])
        check(one["role"] == "member" and one["expires"] == inv["expires"] and
              one["created_by"] == "ana@example.com" and one["created"] > 0,
              "role, expiry, who made it, when", one)
        # another organization sees none of them and cannot revoke them
        other = signup(s, "bo@example.com", "Other")
        check(get(s, "/api/invitations", jar=other).json()["invitations"] == [],
              "another organization's list is empty")
        r1 = delete(s, f"/api/invitations/{inv['id']}", jar=other)
        r0 = delete(s, "/api/invitations/999999", jar=other)
        expect_error(r1, 404, "not_found")
        check(r1.body == r0.body, "another organization's invitation answers as a missing one",
              r1.body, r0.body)
        # a member or a viewer may not revoke
        expect_error(delete(s, f"/api/invitations/{inv['id']}", jar=member), 403)
        expect_error(delete(s, f"/api/invitations/{inv['id']}", jar=viewer), 403)
        r = delete(s, f"/api/invitations/{inv['id']}", jar=owner)
        check(r.status == 204, "the owner revokes it: 204", r.describe())
        expect_error(delete(s, f"/api/invitations/{inv['id']}", jar=owner), 404)
        items = get(s, "/api/invitations", jar=owner).json()["invitations"]
        check([x["id"] for x in items] == [r2["id"]], "no longer pending", items)
        late = signup(s, "lu@example.com", "Lu alone")
        e = expect_error(post(s, "/api/invitations/accept", {"token": inv["token"]}, jar=late),
                         403)
        check(e.get("field") == "token", "a revoked invitation is refused as expired", e)
        # an accepted one cannot be revoked
        acc = post(s, "/api/invitations", {"role": "viewer"}, jar=owner).json()
        post(s, "/api/invitations/accept", {"token": acc["token"]}, jar=late)
        expect_error(delete(s, f"/api/invitations/{acc['id']}", jar=owner), 404)


@test("serve org: an invitation looked at before accepting it (public): organization, role, "
      "state")
def _():
    with Server(FAST) as s:
        owner = signup(s, "ana@example.com", "Northline <Athletics>")
        inv = post(s, "/api/invitations", {"role": "member"}, jar=owner).json()
        r = post(s, "/api/invitations/preview", {"token": inv["token"]})
        check(r.status == 200, "anonymous: 200", r.describe())
        j = r.json()
        check(j["org"]["name"] == "Northline <Athletics>" and j["org"]["kind"] == "brand" and
              j["role"] == "member" and j["expires"] == inv["expires"] and j["state"] == "open",
              "its organization, role, expiry, open", j)
        check("member" not in j, "no membership said without a session", j)
        check(inv["token"] not in (r.header("Set-Cookie") or ""), "no cookie set")
        # logged in: whether the caller is a member already
        check(post(s, "/api/invitations/preview", {"token": inv["token"]},
                   jar=owner).json()["member"] is True, "the owner is a member already")
        other = signup(s, "bo@example.com", "Other")
        check(post(s, "/api/invitations/preview", {"token": inv["token"]},
                   jar=other).json()["member"] is False, "another account is not")
        post(s, "/api/invitations/accept", {"token": inv["token"]}, jar=other)
        j = post(s, "/api/invitations/preview", {"token": inv["token"]}).json()
        check(j["state"] == "accepted", "used: accepted", j)
        short = post(s, "/api/invitations", {"role": "viewer", "expires_in": 1}, jar=owner).json()
        import time
        time.sleep(2.1)
        j = post(s, "/api/invitations/preview", {"token": short["token"]}).json()
        check(j["state"] == "expired", "expired", j)
        expect_error(post(s, "/api/invitations/preview", {"token": "x" * 43}), 404, "not_found")
        e = expect_error(post(s, "/api/invitations/preview", {}), 422)
        check(e.get("field") == "token", "a missing token names the field", e)
        log = s.stop()
        check(log == 0, "the server stops")
        check(inv["token"] not in s.err, "the token is not in the log")


@test("serve org: the invitation page's address (/invite/TOKEN) is logged without its token")
def _():
    with Server(FAST) as s:
        owner = signup(s, "ana@example.com", "Northline")
        inv = post(s, "/api/invitations", {"role": "member"}, jar=owner).json()
        r = s.request("GET", f"/invite/{inv['token']}")
        check(r.status == 200, "the page is served", r.describe())
        s.request("GET", f"/invite/{inv['token']}?x=1")
        s.stop()
        check(inv["token"] not in s.err, "no token in the log", s.err[-2000:])
        check(s.err.count("GET /invite/[token] 200") == 2, "the page's requests logged",
              s.err[-2000:])


@test("serve org: log out everywhere else: the other sessions end, this one and the tokens stay")
def _():
    with Server(FAST) as s:
        here = signup(s, "ana@example.com", "Northline")
        there = login(s, "ana@example.com")
        third = login(s, "ana@example.com")
        tok = post(s, "/api/tokens", {"name": "ci"}, jar=here).json()
        bob = signup(s, "bo@example.com", "Other")
        expect_error(post(s, "/api/logout/others", None, jar=CookieJar()), 401)
        nocsrf = CookieJar()
        nocsrf.cookies = {"session": here.cookies["session"]}
        expect_error(post(s, "/api/logout/others", None, jar=nocsrf), 403, "csrf")
        r = post(s, "/api/logout/others", None, jar=here)
        check(r.status == 204, "204", r.describe())
        check(get(s, "/api/me", jar=here).status == 200, "this session stays")
        expect_error(get(s, "/api/me", jar=there), 401)
        expect_error(get(s, "/api/me", jar=third), 401)
        check(get(s, "/api/me", token=tok["secret"]).status == 200, "the API token stays")
        check(get(s, "/api/me", jar=bob).status == 200, "another account's session stays")
        # by a token: every session of the account (it has none of its own to keep)
        r = post(s, "/api/logout/others", None, token=tok["secret"])
        check(r.status == 204, "by token: 204", r.describe())
        expect_error(get(s, "/api/me", jar=here), 401)
        check(get(s, "/api/me", token=tok["secret"]).status == 200, "the token still works")


@test("serve org: the new routes are in the OpenAPI document")
def _():
    with Server(FAST) as s:
        doc = get(s, "/api/openapi.json").json()["paths"]
        for method, path in (("get", "/api/invitations"), ("delete", "/api/invitations/{id}"),
                             ("post", "/api/invitations/preview"),
                             ("post", "/api/logout/others")):
            check(method in doc.get(path, {}), f"{method.upper()} {path} documented",
                  sorted(doc))
        check("security" not in doc["/api/invitations/preview"]["post"],
              "the preview is public")


if __name__ == "__main__":
    main()
