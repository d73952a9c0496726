"""selvedge serve: programs and the registry over HTTP (issue 12, item 4): an upload that
does not read is a 422 naming its line and field and nothing is stored; another
organization's program is a 404 as a missing one; a factory organization has none; a viewer
cannot replace one; readiness, cost, plan and matches are the JSON the command line's --json
prints; matches see an import made while the server runs. Every server here runs with
--insecure-fast-hash (the test cost of Argon2id, allowed on a loopback address only)."""
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, check, main, run, test  # noqa: E402
from serve_harness import CookieJar, Server, expect_error  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"
NORTHLINE = os.path.join(EXAMPLES, "northline.yaml")
TODAY = "2026-03-01"
YAML = "application/yaml"


def send(s, method, path, body=None, jar=None, ctype="application/json"):
    h = {}
    if body is not None:
        h["Content-Type"] = ctype
    if jar is not None and method != "GET":
        h["X-CSRF-Token"] = jar.cookies.get("csrf", "")
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    return s.request(method, path, body=body, headers=h, jar=jar)


def signup(s, email, org, kind="brand"):
    jar = CookieJar()
    r = send(s, "POST", "/api/signup", {"email": email, "password": PASSWORD, "org_name": org,
                                        "org_kind": kind}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    return jar


def northline():
    with open(NORTHLINE, encoding="utf-8") as f:
        return f.read()


def upload(s, jar, text):
    r = send(s, "POST", "/api/programs", text.encode("utf-8"), jar=jar, ctype=YAML)
    check(r.status == 201, "upload: 201", r.describe())
    return r.json()["id"]


def cli_json(*args, db=None):
    pre = ("--db", db) if db else ()
    r = run(*pre, *args, "--json")
    check(r.code == 0, f"selvedge {' '.join(args)} --json: exit 0", r.err)
    return json.loads(r.out)


@test("serve programs: an upload with an error is 422 naming line and field, nothing "
      "stored; fixed, 201 with its verdict and score; listed; read back as uploaded")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        good = northline()
        line = next(i for i, t in enumerate(good.splitlines(), 1) if t.startswith("  currency:"))
        bad = good.replace("  currency: ", "  curency: ", 1)
        r = send(s, "POST", "/api/programs", bad.encode(), jar=a, ctype=YAML)
        expect_error(r, 422)
        e = r.json()["error"]
        check(e["line"] == line and "curency" in e["field"] and e["column"] >= 1,
              f"names line {line} and the field", e)
        r = send(s, "GET", "/api/programs", jar=a)
        check(r.status == 200 and r.json()["programs"] == [], "nothing stored", r.describe())
        # not YAML: 415; no session: 401
        expect_error(send(s, "POST", "/api/programs", good.encode(), jar=a,
                          ctype="application/json"), 415, "unsupported_media_type")
        expect_error(s.request("GET", "/api/programs"), 401, "unauthenticated")
        pid = upload(s, a, good)
        check_json = cli_json("check", NORTHLINE)  # today, as the upload judged it
        r = send(s, "GET", "/api/programs", jar=a)
        rows = r.json()["programs"]
        check(len(rows) == 1 and rows[0]["id"] == pid and rows[0]["name"] == "SS27 launch"
              and rows[0]["verdict"] == check_json["verdict"]
              and rows[0]["score"] == check_json["score"] and "updated" in rows[0]
              and "yaml" not in rows[0], "listed with the verdict and score of check", rows)
        r = send(s, "GET", f"/api/programs/{pid}", jar=a)
        check(r.status == 200 and r.json()["yaml"] == good, "read back as uploaded",
              r.describe())


@test("serve programs: another organization's program is 404 as a missing one; a factory "
      "organization gets 404; a viewer reads but cannot PUT; the owner replaces")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        b = signup(s, "bo@example.com", "Other brand")
        f = signup(s, "fa@example.com", "Sportmalha", kind="factory")
        good = northline()
        pid = upload(s, a, good)
        missing = send(s, "GET", f"/api/programs/{pid + 100}", jar=a)
        expect_error(missing, 404, "not_found")
        for tail in ("", "/readiness", "/cost", "/plan", "/matches"):
            r = send(s, "GET", f"/api/programs/{pid}{tail}", jar=b)
            check(r.status == 404 and r.body == missing.body,
                  f"another org: GET {tail or '/'} is the missing one's 404", r.describe())
        r = send(s, "PUT", f"/api/programs/{pid}", good.encode(), jar=b, ctype=YAML)
        check(r.status == 404 and r.body == missing.body, "another org: PUT 404", r.describe())
        check(send(s, "GET", "/api/programs", jar=b).json()["programs"] == [],
              "another org lists none", "")
        for method, path in (("GET", "/api/programs"), ("GET", f"/api/programs/{pid}")):
            expect_error(send(s, method, path, jar=f), 404, "not_found")
        expect_error(send(s, "POST", "/api/programs", good.encode(), jar=f, ctype=YAML), 404)
        # a viewer of Northline, invited
        r = send(s, "POST", "/api/invitations", {"role": "viewer"}, jar=a)
        check(r.status == 201, "invitation", r.describe())
        v = signup(s, "vic@example.com", "Vic's own")
        r = send(s, "POST", "/api/invitations/accept", {"token": r.json()["token"]}, jar=v)
        check(r.status == 200, "accepted", r.describe())
        check(send(s, "GET", f"/api/programs/{pid}", jar=v).status == 200, "a viewer reads", "")
        renamed = good.replace("name: SS27 launch", "name: SS27 relaunch", 1)
        expect_error(send(s, "PUT", f"/api/programs/{pid}", renamed.encode(), jar=v,
                          ctype=YAML), 403)
        expect_error(send(s, "POST", "/api/programs", good.encode(), jar=v, ctype=YAML), 403)
        r = send(s, "GET", f"/api/programs/{pid}", jar=a)
        check(r.json()["yaml"] == good, "unchanged by the viewer", "")
        r = send(s, "PUT", f"/api/programs/{pid}", renamed.encode(), jar=a, ctype=YAML)
        check(r.status == 200 and r.json()["name"] == "SS27 relaunch", "the owner replaces",
              r.describe())
        check(send(s, "GET", f"/api/programs/{pid}", jar=v).json()["yaml"] == renamed,
              "replaced", "")


@test("serve programs: readiness, cost and plan are the JSON of check, cost and plan --json "
      "for examples/northline.yaml")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, northline())
        cases = [
            (f"/readiness?today={TODAY}", ("check", NORTHLINE, "--today", TODAY)),
            (f"/readiness?today={TODAY}&origin=TR",
             ("check", NORTHLINE, "--today", TODAY, "--origin", "TR")),
            (f"/cost?today={TODAY}", ("cost", NORTHLINE, "--today", TODAY)),
            (f"/cost?today={TODAY}&origin=TR&mode=air",
             ("cost", NORTHLINE, "--today", TODAY, "--origin", "TR", "--mode", "air")),
            (f"/plan?today={TODAY}", ("plan", NORTHLINE, "--today", TODAY)),
        ]
        for tail, args in cases:
            r = send(s, "GET", f"/api/programs/{pid}{tail}", jar=a)
            check(r.status == 200, f"GET {tail}: 200", r.describe())
            check(r.json() == cli_json(*args), f"GET {tail} equals {' '.join(args)} --json",
                  r.body[:400])
        expect_error(send(s, "GET", f"/api/programs/{pid}/cost?mode=rail", jar=a), 400)
        expect_error(send(s, "GET", f"/api/programs/{pid}/plan?today=2026-02-30", jar=a), 400)


@test("serve programs: matches are match --json over the store's registry, and see an "
      "import made while the server runs; the registry is searched and shown as the CLI does")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, northline())
        path = f"/api/programs/{pid}/matches?today={TODAY}"
        r = send(s, "GET", path, jar=a)
        check(r.status == 200 and r.json()["factories"] == 0 and r.json()["matches"] == [],
              "no factories yet", r.describe())
        r = run("--db", s.db, "factories", "import", os.path.join(EXAMPLES, "factories.yaml"))
        check(r.code == 0, "factories import", r.err)
        r = send(s, "GET", path, jar=a)
        got = r.json()
        check(r.status == 200 and got["factories"] > 0 and got["matches"],
              "the import is seen", r.describe())
        want = cli_json("match", NORTHLINE, "--today", TODAY, db=s.db)
        check(got == want, "equals match --json", json.dumps(got)[:400])
        r = send(s, "GET", "/api/factories?country=PT&limit=3", jar=a)
        want = cli_json("factories", "search", "malha", "--country", "PT", "--limit", "3",
                        db=s.db)
        r = send(s, "GET", "/api/factories?q=malha&country=PT&limit=3", jar=a)
        check(r.status == 200 and r.json()["factories"] == want, "search as factories search",
              r.describe())
        fid = want[0]["id"]
        r = send(s, "GET", f"/api/factories/{fid}", jar=a)
        show = cli_json("factories", "show", str(fid), db=s.db)
        show.pop("merged_from", None)
        check(r.status == 200 and r.json() == show, "show as factories show --json",
              r.describe())
        expect_error(send(s, "GET", "/api/factories/999999", jar=a), 404, "not_found")
        expect_error(send(s, "GET", "/api/factories?country=Atlantis", jar=a), 400, "bad_query")


@test("serve registry: POST /api/factories/import is the operator's (serve --operator): "
      "another account 403; a file that does not read is 422 naming line and field and "
      "nothing is imported; then imported whole, and matches see it")
def _():
    with Server(FAST, "--operator", "Op@Example.com") as s:
        op = signup(s, "op@example.com", "Operator's brand")
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, northline())
        with open(os.path.join(EXAMPLES, "factories.yaml"), encoding="utf-8") as f:
            text = f.read()
        line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith("moq:"))
        path = "/api/factories/import?name=mills.yaml"
        expect_error(send(s, "POST", path, text.encode(), jar=a, ctype=YAML), 403)
        expect_error(send(s, "POST", path, b"[]", jar=op, ctype="text/csv"), 415)
        bad = text.replace("moq:", "moqq:", 1)
        r = send(s, "POST", path, bad.encode(), jar=op, ctype=YAML)
        expect_error(r, 422, "schema")
        e = r.json()["error"]
        check(e["file"] == "mills.yaml" and e["line"] == line and e["field"].endswith("moqq"),
              "names the file, line and field", e)
        r = send(s, "GET", "/api/factories", jar=a)
        check(r.json()["factories"] == [], "nothing imported", r.describe())
        r = send(s, "POST", path, text.encode(), jar=op, ctype=YAML)
        check(r.status == 200 and r.json()["added"] > 0 and r.json()["skipped"] == [],
              "imported", r.describe())
        added = r.json()["added"]
        r = send(s, "GET", f"/api/programs/{pid}/matches?today={TODAY}", jar=a)
        check(r.status == 200 and r.json()["factories"] == added and r.json()["matches"],
              "matches see the import", r.describe())
        want = cli_json("match", NORTHLINE, "--today", TODAY, db=s.db)
        check(r.json() == want, "equals match --json", r.body[:300])
    r = run("serve", "--listen", "127.0.0.1:0", "--operator", "not an email")
    check(r.code == 2 and "--operator" in r.err, "a bad --operator is a usage error", r.err)


@test("serve programs: workers answering at once share the reference data and the factory "
      "table: every answer the same as one alone, and an import between them seen")
def _():
    with Server(FAST, "--threads", "4", "--operator", "op@example.com") as s:
        op = signup(s, "op@example.com", "Operator's brand")
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, northline())
        paths = [f"/api/programs/{pid}/matches?today={TODAY}",
                 f"/api/programs/{pid}/readiness?today={TODAY}",
                 f"/api/programs/{pid}/cost?today={TODAY}"]
        with open(os.path.join(EXAMPLES, "factories.yaml"), encoding="utf-8") as f:
            text = f.read()
        r = send(s, "POST", "/api/factories/import", text.encode(), jar=op, ctype=YAML)
        check(r.status == 200, "imported", r.describe())
        alone = {p: send(s, "GET", p, jar=a).body for p in paths}
        bad = []

        def worker(k):
            for i in range(6):
                p = paths[(k + i) % len(paths)]
                r = send(s, "GET", p, jar=a)
                if r.status != 200 or r.body != alone[p]:
                    bad.append((p, r.status, r.body[:200]))

        ts = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        check(not bad, "every answer as one alone", bad[:3])


@test("serve programs: a readiness asked again is the same document; a program replaced "
      "in the same second, another day or origin, answer their own (the server keeps the "
      "documents it made, by the program's text, day and origin)")
def _():
    import tempfile
    with Server(FAST) as s, tempfile.TemporaryDirectory() as tmp:
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, northline())
        path = f"/api/programs/{pid}/readiness?today={TODAY}"
        first = send(s, "GET", path, jar=a)
        again = send(s, "GET", path, jar=a)
        want = cli_json("check", NORTHLINE, "--today", TODAY)
        check(first.status == again.status == 200 and first.json() == want == again.json(),
              "asked twice: check --json both times", again.body[:300])
        # the second is the kept document's bytes as written: byte for byte the first's
        check(first.body == again.body and
              first.header("Content-Type") == again.header("Content-Type"),
              "asked twice: the same bytes and Content-Type", again.describe())
        other = northline().replace("launch_date: 2027-03-15", "launch_date: 2026-04-01", 1)
        check(other != northline(), "the launch moved", "")
        r = send(s, "PUT", f"/api/programs/{pid}", other.encode(), jar=a, ctype=YAML)
        check(r.status == 200, "replaced: 200", r.describe())
        f = os.path.join(tmp, "northline.yaml")
        with open(f, "w", encoding="utf-8") as out:
            out.write(other)
        r = send(s, "GET", path, jar=a)
        got, want2 = r.json(), cli_json("check", f, "--today", TODAY)
        check(got == want2 and got != want, "the replaced program's document, not the first's",
              r.body[:300])
        for q, args in ((f"?today=2026-05-01", ("--today", "2026-05-01")),
                        (f"?today={TODAY}&origin=TR", ("--today", TODAY, "--origin", "TR"))):
            r = send(s, "GET", f"/api/programs/{pid}/readiness{q}", jar=a)
            check(r.json() == cli_json("check", f, *args), f"readiness{q}: its own document",
                  r.body[:300])
        # another organization's program of the same text: its own, and nothing of the first's
        b = signup(s, "bo@example.com", "Other")
        qid = upload(s, b, other)
        r = send(s, "GET", f"/api/programs/{qid}/readiness?today={TODAY}", jar=b)
        check(r.json() == want2, "the same text elsewhere: the same document", r.body[:300])
        expect_error(send(s, "GET", path, jar=b), 404, "not_found")



@test("serve programs: a readiness kept by the workers (two, each asked over kept-alive "
      "connections by token) is the same bytes and headers each time; a program replaced "
      "over the API and a token revoked are seen by every connection's next request, a "
      "program replaced in the store by another process within a second")
def _():
    import sqlite3
    import tempfile
    with Server(FAST, "--threads", "2") as s, tempfile.TemporaryDirectory() as tmp:
        a = signup(s, "ana@example.com", "Northline")
        r = send(s, "POST", "/api/tokens", {"name": "bench"}, jar=a)
        check(r.status == 201, "a token: 201", r.describe())
        tok = r.json()
        pid = upload(s, a, northline())
        path = f"/api/programs/{pid}/readiness?today={TODAY}"
        conns = [s.connection() for _ in range(6)]

        def ask_all(secret=tok["secret"]):
            got = []
            for rounds in range(3):
                for c in conns:
                    c.request("GET", path, headers={"Authorization": "Bearer " + secret})
                    r = c.getresponse()
                    got.append((r.status, sorted((k.lower(), v) for k, v in r.getheaders()
                                                 if k.lower() != "date"), r.read()))
            return got

        def doc_of(text, name):
            f = os.path.join(tmp, name)
            with open(f, "w", encoding="utf-8") as out:
                out.write(text)
            return cli_json("check", f, "--today", TODAY)

        first = ask_all()
        want = cli_json("check", NORTHLINE, "--today", TODAY)
        check(all(g == first[0] for g in first) and first[0][0] == 200 and
              json.loads(first[0][2]) == want, "every answer the same: status, headers, bytes",
              [(g[0], g[2][:100]) for g in first if g != first[0]][:3])
        # the headers every answer carries, as a document made for the request has them
        c = s.connection()
        c.request("GET", f"/api/programs/{pid}", headers={"Authorization": "Bearer " + tok["secret"]})
        r = c.getresponse()
        r.read()
        c.close()
        plain = sorted((k.lower(), v) for k, v in r.getheaders()
                       if k.lower() not in ("date", "content-length"))
        kept = [h for h in first[0][1] if h[0] != "content-length"]
        check(r.status == 200 and kept == plain, "the same headers as another answer's",
              kept, plain)
        check(("content-length", str(len(first[0][2]))) in first[0][1], "its Content-Length",
              first[0][1])
        # replaced over the API: every connection's next request
        other = northline().replace("launch_date: 2027-03-15", "launch_date: 2026-04-01", 1)
        r = send(s, "PUT", f"/api/programs/{pid}", other.encode(), jar=a, ctype=YAML)
        check(r.status == 200, "replaced: 200", r.describe())
        want2 = doc_of(other, "put.yaml")
        check(want2 != want, "the launch moved", "")
        got = ask_all()
        check(all(g[0] == 200 and json.loads(g[2]) == want2 for g in got),
              "after the PUT: the new document on every connection",
              [(g[0], g[2][:100]) for g in got if json.loads(g[2]) != want2][:3])
        # replaced in the store by another process (no request to the server)
        third = northline().replace("launch_date: 2027-03-15", "launch_date: 2026-06-01", 1)
        db = sqlite3.connect(s.db, timeout=10)
        db.execute("UPDATE program SET yaml = ? WHERE id = ?", (third, pid))
        db.commit()
        db.close()
        want3 = doc_of(third, "other.yaml")
        check(want3 not in (want, want2), "the launch moved again", "")
        # within a second (the store asked again when a kept answer is a second old)
        time.sleep(1.2)
        got = ask_all()
        check(all(g[0] == 200 and json.loads(g[2]) == want3 for g in got),
              "a second after another process's write: the new document on every connection",
              [(g[0], g[2][:100]) for g in got if json.loads(g[2]) != want3][:3])
        # the token revoked: refused on every connection's next request
        r = send(s, "DELETE", f"/api/tokens/{tok['id']}", None, jar=a)
        check(r.status == 204, "revoked: 204", r.describe())
        got = ask_all()
        check(all(g[0] == 401 for g in got), "the revoked token refused on every connection",
              [g[0] for g in got])
        for c in conns:
            c.close()
    check(s.code == 0 and "Sanitizer" not in s.err and "runtime error" not in s.err,
          "the server exits 0 with no sanitizer report", s.code, s.err[-2000:])


if __name__ == "__main__":
    sys.exit(main())
