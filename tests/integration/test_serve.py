"""selvedge serve: the server's core (issue 12): health, the OpenAPI document against the
routes, the JSON errors, the security headers, the log line, the graceful stop, bad
options, and garbage thrown at it."""
import os
import re
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, expect_exit, main, run, test, tmpdir  # noqa: E402
from serve_harness import Server, expect_error  # noqa: E402

SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def check_headers(r, path):
    h = {k.lower(): v for k, v in r.headers}
    csp = h.get("content-security-policy", "")
    check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp and
          "unsafe-inline" not in csp, f"{path}: the CSP", r.describe())
    for k, v in SECURITY.items():
        check(h.get(k) == v, f"{path}: {k}: {v}", r.describe())
    if path.startswith("/api"):
        check(h.get("cache-control") == "no-store", f"{path}: no-store", r.describe())
    check(h.get("content-type", "").startswith("application/json"), f"{path}: JSON",
          r.describe())


@test("serve: prints its address, answers /api/health with the store reachable")
def _():
    with Server() as s:
        r = s.request("GET", "/api/health")
        check(r.status == 200, "200", r.describe())
        j = r.json()
        check(j["status"] == "ok" and j["store"] == "ok" and j["schema"] >= 1, "ok", j)
        check_headers(r, "/api/health")
    check(s.code == 0, "exit 0 on SIGTERM", s.err)


def fits(pattern, path):
    """Whether path fits the route pattern ({param} is one segment)."""
    return re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", pattern), path) is not None


def operations(doc):
    return {(m.upper(), p) for p, item in doc["paths"].items() for m in item}


@test("serve: GET /api/openapi.json is OpenAPI 3 and matches the routes both ways")
def _():
    with Server() as s:
        r = s.request("GET", "/api/openapi.json")
        check(r.status == 200, "200", r.describe())
        doc = r.json()
        check(doc["openapi"].startswith("3."), "OpenAPI 3", doc.get("openapi"))
        ops = operations(doc)
        check(("GET", "/api/health") in ops and ("GET", "/api/openapi.json") in ops,
              "the two routes of today", ops)
        for method, path in ops:
            op = doc["paths"][path][method.lower()]
            check(op.get("summary") and op.get("responses"), f"{method} {path} documented", op)
            # every documented route exists: it answers, never 404 or 405
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            got = s.request(method, concrete)
            check(got.status not in (404, 405), f"{method} {path} exists", got.describe())
        # every route is documented: a route not in the document is found by asking the
        # paths next to those documented with every method (405 names the methods a path has)
        for path in {p for _, p in ops}:
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                got = s.request(method, concrete)
                if got.status == 405:
                    allow = {m.strip() for m in got.header("Allow").split(",")}
                    # the methods of every documented pattern the path fits (GET
                    # /api/factories/{id} and POST /api/factories/import both fit the latter)
                    check(allow == {m for m, p in ops if fits(p, concrete)},
                          f"Allow of {path} is the documented methods", allow, ops)
                elif got.status != 404:
                    check(any(m == method and fits(p, concrete) for m, p in ops),
                          f"{method} {path} answers: documented",
                          got.describe())
        check(s.request("GET", "/api/healthz").status == 404, "no route there")


@test("serve: 404, 405 with Allow, 413, 415 as JSON errors with the headers")
def _():
    with Server("--max-body", "1000") as s:
        r = s.request("GET", "/api/nothing-here")
        expect_error(r, 404, "not_found")
        check_headers(r, "/api/nothing-here")
        r = s.request("GET", "/api")
        expect_error(r, 404)
        check_headers(r, "/api")
        r = s.request("DELETE", "/api/health")
        expect_error(r, 405, "method_not_allowed")
        check(r.header("Allow") == "GET", "Allow: GET", r.describe())
        check_headers(r, "/api/health")
        # over the limit: refused from its Content-Length, before the body is read
        r = s.request("GET", "/api/health", body=b"x" * 5000,
                      headers={"Content-Type": "application/json"})
        e = expect_error(r, 413, "body_too_large")
        check(e.get("limit") == 1000, "the limit named", e)
        check_headers(r, "/api/health")
        # chunked, with no length: refused when it passes the limit, nothing kept
        c = s.connection()
        c.putrequest("GET", "/api/health")
        c.putheader("Transfer-Encoding", "chunked")
        c.putheader("Content-Type", "application/json")
        c.endheaders()
        for _ in range(4):
            c.send(b"200\r\n" + b"y" * 512 + b"\r\n")
        c.send(b"0\r\n\r\n")
        resp = c.getresponse()
        check(resp.status == 413, "413 for a chunked body over the limit", resp.status)
        resp.read()
        c.close()
        # a body where the route takes none
        r = s.request("GET", "/api/health", body=b"{}",
                      headers={"Content-Type": "application/json"})
        expect_error(r, 415, "unsupported_media_type")
        check_headers(r, "/api/health")
        check(s.request("GET", "/api/health").status == 200, "still well")


@test("serve: one log line per request, with no query string, cookie or token")
def _():
    with Server() as s:
        s.request("GET", "/api/health?token=sekrit-query",
                  headers={"Cookie": "session=sekrit-cookie",
                           "Authorization": "Bearer sekrit-token"})
        s.request("GET", "/api/missing")
    check(s.code == 0, "exit 0", s.err)
    lines = [l for l in s.err.splitlines() if re.match(r"\d{4}-\d\d-\d\dT", l)]
    check(any(re.match(r"\S+Z GET /api/health 200 \d+ [0-9.]+ms$", l) for l in lines),
          "time, method, path, status, bytes, ms", s.err)
    check(any(re.match(r"\S+Z GET /api/missing 404 \d+ [0-9.]+ms$", l) for l in lines),
          "the 404 logged", s.err)
    check("sekrit" not in s.err, "no secret in the log", s.err)


@test("serve: SIGTERM lets a request in flight finish, then exits 0")
def _():
    s = Server()
    s.start()
    try:
        sock = socket.create_connection((s.host, s.port), timeout=10)
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")  # headers not finished
        time.sleep(0.3)
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        check(s.proc.poll() is None, "still running while the request is in flight")
        # no new connection is accepted once stopping
        try:
            c2 = socket.create_connection((s.host, s.port), timeout=2)
            c2.close()
            refused = False
        except OSError:
            refused = True
        check(refused, "new connections refused while stopping")
        sock.sendall(b"Connection: close\r\n\r\n")
        got = b""
        while True:
            part = sock.recv(65536)
            if not part:
                break
            got += part
        sock.close()
        check(got.startswith(b"HTTP/1.1 200") and b'"status":"ok"' in got,
              "the request in flight answered", got)
    finally:
        code = s.stop()
    check(code == 0, "exit 0", code, s.err)
    check("stopped" in s.err, "says it stopped", s.err)


@test("serve: SIGINT stops it too, exit 0")
def _():
    with Server("--threads", "2") as s:
        s.request("GET", "/api/health")
    # Server.stop sent SIGTERM; now SIGINT on another
    s2 = Server()
    s2.start()
    check(s2.stop(signal.SIGINT) == 0, "exit 0 on SIGINT", s2.err)


@test("serve: bad --listen, --db, --threads, --max-body are usage errors (exit 2)")
def _():
    with tmpdir() as d:
        db = os.path.join(d, "s.db")
        for args, words in [
            (["--listen", "nonsense"], "HOST:PORT"),
            (["--listen", "127.0.0.1:99999"], "port"),
            (["--listen", "127.0.0.1:http"], "port"),
            (["--listen", "[::1:80"], "bracket"),
            (["--listen", "no-such-host.invalid:80"], "resolve"),
            (["--listen", "127.0.0.1:0", "--threads", "0"], "--threads"),
            (["--listen", "127.0.0.1:0", "--max-body", "-5"], "--max-body"),
            ([], "--listen is required"),
            (["--listen", "127.0.0.1:0", "--bogus"], "--bogus"),
        ]:
            r = run("serve", "--db", db, *args, timeout=20)
            expect_exit(r, 2)
            check(words in r.err and r.out == "", f"{args}: a clear message", r.describe())
        with open(os.path.join(d, "junk.db"), "w") as f:
            f.write("this is not a database, it is a text file of some length\n" * 20)
        for bad in [d, os.path.join(d, "no", "such", "dir", "s.db"),
                    os.path.join(d, "junk.db")]:
            r = run("serve", "--db", bad, "--listen", "127.0.0.1:0", timeout=20)
            expect_exit(r, 2)
            check("--db" in r.err and r.out == "", f"{bad}: names --db", r.describe())
        r = run("serve", "--db", db, "--listen", "127.0.0.1:0", "--help")
        expect_exit(r, 0)
        check("--listen HOST:PORT" in r.out, "--help", r.describe())


@test("serve: a port in use is refused clearly (exit 1)")
def _():
    with Server() as s:
        with tmpdir() as d:
            r = run("serve", "--db", os.path.join(d, "s.db"), "--listen",
                    f"127.0.0.1:{s.port}", timeout=20)
            expect_exit(r, 1)
            check("cannot listen on" in r.err and "in use" in r.err, "says so", r.describe())


@test("serve: garbage on the wire, then the server still answers health")
def _():
    with Server() as s:
        for junk in [
            b"\x00\x01\x02\x03garbage\r\n\r\n",
            b"GET\r\n\r\n",
            b"GET / HTTP/9.9\r\n\r\n",
            b"NOT A REQUEST LINE AT ALL\r\n\r\n",
            b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n",
            b"GET /api/health HTTP/1.1\r\n" + b"H: v\r\n" * 20000 + b"\r\n",
            b"POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort",
            b"POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            b"POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999"
            b"\r\n\r\nx",
            b"POST /api/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"zz\r\nbad\r\n",
            b"GET /api/\xff\xfe%00%zz/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
            b"Content-Length: 4\r\n\r\nabcd",
        ]:
            s.raw(junk, timeout=3)
        # slowloris-lite: a few connections that send a byte now and then, then drop
        socks = []
        for _ in range(8):
            c = socket.create_connection((s.host, s.port), timeout=5)
            c.sendall(b"GET /api/health HTTP/1.1\r\n")
            socks.append(c)
        for _ in range(3):
            for c in socks:
                try:
                    c.sendall(b"X-a: b\r\n")
                except OSError:
                    pass
            r = s.request("GET", "/api/health")
            check(r.status == 200, "health answers while they dribble", r.describe())
            time.sleep(0.1)
        for c in socks:
            c.close()
        # many at once
        errors = []

        def hit():
            try:
                if s.request("GET", "/api/health").status != 200:
                    errors.append("status")
            except OSError as e:
                errors.append(str(e))
        ts = [threading.Thread(target=hit) for _ in range(32)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        check(not errors, "32 at once all answered", errors)
        r = s.request("GET", "/api/health")
        check(r.status == 200, "still answers health", r.describe())
    check(s.code == 0, "exit 0 after all that", s.err)


if __name__ == "__main__":
    sys.exit(main())
