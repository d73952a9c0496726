"""Running `selvedge serve` for a test: a server on a free port (port 0, the printed
address read back) with a fresh store in a temporary directory, requests with http.client,
raw sockets for what http.client will not send, and a stop by SIGTERM that reports the exit
code and what the server wrote on stderr. Standard library only.

    with Server() as s:
        r = s.request("GET", "/api/health")
        r.status, r.headers, r.json()
    s.code, s.err                      # after the with: exit code, stderr
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time

from harness import BIN, Failure, base_env, check

START_TIMEOUT = 15.0


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def describe(self):
        return f"status {self.status}\nheaders {self.headers}\nbody {self.body[:800]!r}"


class CookieJar:
    """The cookies a server set (Set-Cookie), sent back on the next requests: enough for a
    session and a csrf cookie (no domains, paths or expiry)."""

    def __init__(self):
        self.cookies = {}

    def take(self, response):
        for k, v in response.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


class Server:
    """A server on 127.0.0.1, port 0, with a store in a fresh temporary directory (or db)."""

    def __init__(self, *args, db=None, env=None):
        self.args, self.db, self.env = list(args), db, env
        self.code, self.err, self.out = None, "", ""
        self.proc, self.tmp = None, None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        if self.db is None:
            self.tmp = tempfile.TemporaryDirectory(prefix="selvedge-serve-")
            self.db = os.path.join(self.tmp.name, "store.db")
        self.errfile = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:0", *self.args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.errfile,
            env=base_env(self.env))
        line = self._first_line()
        m = re.match(r"listening on http://([0-9.]+):([0-9]+)$", line)
        if not m:
            self.stop()
            raise Failure(f"no address printed: {line!r}\nstderr:\n{self.err}")
        self.host, self.port = m.group(1), int(m.group(2))
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if self.request("GET", "/api/health").status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise Failure("the server never answered /api/health")
            time.sleep(0.05)

    def _first_line(self):
        got = []

        def read():
            got.append(self.proc.stdout.readline().decode("utf-8", "replace").strip())
        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(START_TIMEOUT)
        return got[0] if got else ""

    def stop(self, sig=signal.SIGTERM, timeout=40):
        """Sends sig and waits: the exit code in self.code, stderr in self.err."""
        if self.proc and self.code is None:
            if self.proc.poll() is None:
                self.proc.send_signal(sig)
            try:
                self.code = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.code = self.proc.wait()
            self.out = self.proc.stdout.read().decode("utf-8", "replace")
            self.proc.stdout.close()
            self.errfile.seek(0)
            self.err = self.errfile.read().decode("utf-8", "replace")
            self.errfile.close()
        if self.tmp:
            self.tmp.cleanup()
            self.tmp = None
        return self.code

    def connection(self, timeout=10):
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, jar=None, timeout=10):
        h = dict(headers or {})
        if jar and jar.cookies:
            h["Cookie"] = jar.header()
        c = self.connection(timeout)
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            resp = Response(r.status, r.getheaders(), r.read())
        finally:
            c.close()
        if jar:
            jar.take(resp)
        return resp

    def raw(self, data, timeout=5, read=True):
        """Sends bytes on a fresh socket; returns what came back until the server closed or
        the timeout passed (b"" when nothing)."""
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        got = b""
        try:
            s.sendall(data)
            if read:
                while True:
                    part = s.recv(65536)
                    if not part:
                        break
                    got += part
        except OSError:
            pass
        finally:
            s.close()
        return got


def expect_error(r, status, code=None):
    """r is a JSON error {"error": {"code", "message"}} with the status (and code)."""
    check(r.status == status, f"status {status}", r.describe())
    try:
        j = r.json()
    except ValueError:
        raise Failure("not JSON:\n" + r.describe())
    e = j.get("error") if isinstance(j, dict) else None
    check(isinstance(e, dict) and isinstance(e.get("code"), str) and
          isinstance(e.get("message"), str) and e["message"], "an error object", j)
    if code:
        check(e["code"] == code, f"code {code}", j)
    return e
