"""selvedge serve: the web application's files (issue 13). Every file under web/ is served
from the binary with its type, a strong ETag and no-cache; If-None-Match answers 304; HEAD
answers the headers; every path outside /api/ and /assets/ is index.html (the app's routes);
a missing asset is 404, other methods 405; no path reaches anything but the embedded files;
the served HTML has no inline script, style attribute or on* handler, and the scripts build
the page without innerHTML; the modules' imports all resolve; the stylesheets are one set
(no selector in two sheets, a page's sheet scoped under its page's class, all linked by
index.html); the API's document stays the API's."""
import hashlib
import html.parser
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, check, main, test  # noqa: E402
from serve_harness import Server, expect_error  # noqa: E402

WEB = os.path.join(ROOT, "web")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
    ".woff2": "font/woff2",
}
SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def web_files():
    """(path under web/ with '/', bytes) of every file the build embeds."""
    out = []
    for here, dirs, names in os.walk(WEB):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            if n.startswith("."):
                continue
            full = os.path.join(here, n)
            with open(full, "rb") as f:
                out.append((os.path.relpath(full, WEB).replace(os.sep, "/"), f.read()))
    return sorted(out)


FILES = web_files()
INDEX = dict(FILES)["index.html"]


def headers_of(r):
    return {k.lower(): v for k, v in r.headers}


def check_static_headers(r, what, ctype):
    h = headers_of(r)
    csp = h.get("content-security-policy", "")
    check("default-src 'self'" in csp and "script-src 'self'" in csp and
          "unsafe-inline" not in csp and "unsafe-eval" not in csp and
          "frame-ancestors 'none'" in csp, f"{what}: the CSP", r.describe())
    for k, v in SECURITY.items():
        check(h.get(k) == v, f"{what}: {k}: {v}", r.describe())
    check(h.get("cache-control") == "no-cache", f"{what}: Cache-Control: no-cache", r.describe())
    check(h.get("content-type") == ctype, f"{what}: Content-Type {ctype}", r.describe())
    etag = h.get("etag", "")
    check(re.fullmatch(r'"[0-9a-f]{32}"', etag), f"{what}: a strong ETag", r.describe())
    return etag


@test("serve web: every file under web/ is served at /assets/ with its type, ETag, no-cache")
def _():
    check(len(FILES) >= 10, "the app's files are there", [p for p, _ in FILES])
    with Server() as s:
        tags = {}
        for path, data in FILES:
            ext = os.path.splitext(path)[1]
            check(ext in TYPES, f"{path}: a known extension")
            r = s.request("GET", "/assets/" + path)
            check(r.status == 200, f"{path}: 200", r.describe())
            check(r.body == data, f"{path}: the bytes of the file", r.describe())
            etag = check_static_headers(r, path, TYPES[ext])
            check(headers_of(r).get("content-length") == str(len(data)),
                  f"{path}: Content-Length", r.describe())
            tags.setdefault(etag, set()).add(hashlib.sha256(data).hexdigest())
            again = s.request("GET", "/assets/" + path)
            check(headers_of(again).get("etag") == etag, f"{path}: the same ETag again")
        # one tag per content: files that differ never share one
        check(all(len(v) == 1 for v in tags.values()), "an ETag per content", tags)
    check(s.code == 0, "exit 0", s.err)


@test("serve web: If-None-Match answers 304 with the ETag and no body; another tag 200")
def _():
    with Server() as s:
        for path in ("/assets/js/app.js", "/assets/css/app.css", "/", "/programs/7/cost"):
            r = s.request("GET", path)
            etag = headers_of(r)["etag"]
            for inm in (etag, "W/" + etag, f'"nope", {etag}', "*"):
                n = s.request("GET", path, headers={"If-None-Match": inm})
                check(n.status == 304, f"{path} If-None-Match {inm}: 304", n.describe())
                check(n.body == b"", f"{path}: 304 has no body", n.describe())
                check(headers_of(n).get("etag") == etag, f"{path}: 304 names the ETag",
                      n.describe())
            for inm in ('"0000"', etag[:-2] + '"', etag.strip('"')):
                n = s.request("GET", path, headers={"If-None-Match": inm})
                check(n.status == 200 and n.body == r.body, f"{path} If-None-Match {inm}: 200",
                      n.describe())
            h = s.request("HEAD", path, headers={"If-None-Match": etag})
            check(h.status == 304, f"HEAD {path} with its tag: 304", h.describe())


@test("serve web: HEAD answers the headers of GET and no body")
def _():
    with Server() as s:
        for path in ("/", "/assets/index.html", "/assets/js/ui.js", "/orders",
                     "/assets/favicon.svg"):
            g = s.request("GET", path)
            h = s.request("HEAD", path)
            check(h.status == 200, f"HEAD {path}: 200", h.describe())
            check(h.body == b"", f"HEAD {path}: no body", h.describe())
            gh, hh = headers_of(g), headers_of(h)
            for k in ("content-type", "etag", "cache-control", "content-length",
                      "content-security-policy"):
                check(gh.get(k) == hh.get(k), f"HEAD {path}: {k} as GET's", g.describe(),
                      h.describe())
        h = s.request("HEAD", "/assets/missing.css")
        check(h.status == 404 and h.body == b"", "HEAD of a missing asset: 404", h.describe())


@test("serve web: every path outside /api/ and /assets/ is index.html (the app's routes)")
def _():
    with Server() as s:
        for path in ("/", "/login", "/login?next=%2Fprograms", "/programs/3/plan",
                     "/rfqs/northline:R1/compare", "/a/b/c/d/e/f", "/index.html",
                     "/apis", "/api-docs", "/assets", "/favicon.ico", "/%C3%A9t%C3%A9",
                     "/programs/%00x"):
            r = s.request("GET", path)
            check(r.status == 200, f"{path}: 200", r.describe())
            check(r.body == INDEX, f"{path}: index.html", r.describe())
            check_static_headers(r, path, "text/html; charset=utf-8")
        # the API keeps its own answers and headers
        r = s.request("GET", "/api/nothing-here")
        expect_error(r, 404, "not_found")
        check(headers_of(r).get("cache-control") == "no-store", "the API: no-store")
        expect_error(s.request("GET", "/api"), 404, "not_found")


@test("serve web: a missing asset is 404 as the API's JSON error")
def _():
    with Server() as s:
        for path in ("/assets/", "/assets/nope.js", "/assets/js/", "/assets/js",
                     "/assets/JS/APP.JS", "/assets/js/app.js/", "/assets/js/app.js.map",
                     "/assets/.hidden", "/assets/index.html%00.js"):
            r = s.request("GET", path)
            check(r.status == 404 or (r.status == 200 and r.body in dict(FILES).values()),
                  f"{path}: 404 (or an embedded file)", r.describe())
            if r.status == 404:
                expect_error(r, 404, "not_found")
                h = headers_of(r)
                check("default-src 'self'" in h.get("content-security-policy", ""),
                      f"{path}: the CSP on the error", r.describe())


@test("serve web: no path reaches anything but the embedded files (traversal, encoded)")
def _():
    embedded = set(dict(FILES).values())
    with Server() as s:
        # the store's own file sits next to nothing the server reads, but try it and the rest
        paths = ["/assets/../store.db", "/assets/../../etc/passwd", "/assets/js/../../index.html",
                 "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/%2E%2E/store.db",
                 "/assets/..%2f..%2fetc%2fpasswd", "/assets/..%5c..%5cetc%5cpasswd",
                 "/assets//etc/passwd", "/assets/%2fetc%2fpasswd", "/assets/./index.html",
                 "/assets/js/./app.js", "/assets/%252e%252e/etc/passwd",
                 "/assets/" + "../" * 40 + "etc/passwd", "/../../etc/passwd",
                 "/assets/..", "/assets/.", "/assets/js/..", "/assets/%00",
                 "/assets/js%2fapp.js", "/assets/index.html?x=../../etc/passwd",
                 "/assets/index.html#../x"]
        for path in paths:
            r = s.request("GET", path)
            check(r.status in (404, 400) or (r.status == 200 and r.body in embedded),
                  f"{path}: 404 or an embedded file, nothing else", r.describe())
            check(b"root:" not in r.body and b"SQLite format" not in r.body,
                  f"{path}: no file of the machine", r.describe())
        # the same over a raw socket, the path exactly as written (no client tidying it up)
        for path in ("/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                     "/assets/....//....//etc/passwd"):
            got = s.raw(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            head, _, body = got.partition(b"\r\n\r\n")
            check(head.startswith(b"HTTP/1.1 404") or head.startswith(b"HTTP/1.1 400") or
                  (head.startswith(b"HTTP/1.1 200") and body in embedded),
                  f"raw {path}: 404 or an embedded file", got[:600])
            check(b"root:" not in got, f"raw {path}: no /etc/passwd", got[:600])
    check(s.code == 0, "exit 0", s.err)


@test("serve web: POST, PUT, DELETE outside /api/ are 405 with Allow: GET, HEAD")
def _():
    with Server() as s:
        for method, path in (("POST", "/"), ("POST", "/login"), ("PUT", "/assets/js/app.js"),
                             ("DELETE", "/programs/1"), ("PATCH", "/assets/index.html"),
                             ("POST", "/assets/nope.js")):
            r = s.request(method, path, body=b"{}", headers={"Content-Type": "application/json"})
            expect_error(r, 405, "method_not_allowed")
            check(headers_of(r).get("allow") == "GET, HEAD", f"{method} {path}: Allow",
                  r.describe())
            check("default-src 'self'" in headers_of(r).get("content-security-policy", ""),
                  f"{method} {path}: the CSP", r.describe())


class Scan(html.parser.HTMLParser):
    """What an HTML file must not hold under the CSP: an inline script body, a style=""
    attribute, an on*= handler, a javascript: URL, a <style> element."""

    def __init__(self):
        super().__init__()
        self.bad, self.in_script = [], False

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "style":
                self.bad.append(f"<{tag} style=...>")
            if k.startswith("on"):
                self.bad.append(f"<{tag} {k}=...>")
            if v and v.strip().lower().startswith("javascript:"):
                self.bad.append(f"<{tag} {k}=javascript:...>")
        if tag == "script":
            self.in_script = True
            if not dict(attrs).get("src"):
                self.bad.append("<script> without src")
        if tag == "style":
            self.bad.append("<style> element")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.bad.append(f"inline script body {data.strip()[:60]!r}")


# What no script may do: put markup (and so names from the API) into the page as HTML, or run
# text as code (the CSP refuses eval, so it would break anyway).
JS_FORBIDDEN = [
    (re.compile(r"\.innerHTML\s*[+]?="), "innerHTML ="),
    (re.compile(r"\.outerHTML\s*[+]?="), "outerHTML ="),
    (re.compile(r"insertAdjacentHTML\s*\("), "insertAdjacentHTML"),
    (re.compile(r"document\.write(ln)?\s*\("), "document.write"),
    (re.compile(r"\beval\s*\("), "eval"),
    (re.compile(r"\bnew\s+Function\s*\("), "new Function"),
    (re.compile(r"createContextualFragment|DOMParser"), "markup parsed"),
    (re.compile(r"setAttribute\(\s*['\"](style|on[a-z]+)['\"]"), "inline style or handler"),
]


@test("serve web: the served HTML has no inline script, style or handler; scripts no innerHTML")
def _():
    with Server() as s:
        for path, _ in FILES:
            r = s.request("GET", "/assets/" + path)
            text = r.body.decode("utf-8", "replace")
            if path.endswith(".html"):
                sc = Scan()
                sc.feed(text)
                check(not sc.bad, f"{path}: nothing inline", sc.bad)
            if path.endswith(".js"):
                for rx, what in JS_FORBIDDEN:
                    for m in rx.finditer(text):
                        line = text.count("\n", 0, m.start()) + 1
                        check(False, f"{path}:{line}: {what}", text.splitlines()[line - 1])
        idx = s.request("GET", "/").body.decode("utf-8")
        for ref in re.findall(r'(?:src|href)="(/assets/[^"]+)"', idx):
            check(s.request("GET", ref).status == 200, f"index.html's {ref} is served")


IMPORT = re.compile(r"""(?:^|[;\s])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|"""
                    r"""(?:^|[;\s])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)""",
                    re.M)


@test("serve web: every module's imports resolve to a served file")
def _():
    js = {p: d.decode("utf-8") for p, d in FILES if p.endswith(".js")}
    check("js/app.js" in js and "js/pages/index.js" in js, "the app's modules are there")
    with Server() as s:
        seen = 0
        for path, text in js.items():
            for m in IMPORT.finditer(text):
                spec = next(g for g in m.groups() if g)
                check(spec.startswith("./") or spec.startswith("../") or spec.startswith("/assets/"),
                      f"{path}: import {spec!r} is a path of the app (no bare module)")
                target = os.path.normpath(os.path.join("/assets/" + os.path.dirname(path), spec))
                r = s.request("GET", target)
                check(r.status == 200 and headers_of(r).get("content-type", "").startswith(
                    "text/javascript"), f"{path}: import {spec} -> {target} served", r.describe())
                seen += 1
        check(seen >= 8, "imports were found and followed", seen)


def css_rules(text):
    """(selector, line) of every style rule of a stylesheet, at the top or inside @media or
    @supports (a @keyframes' steps are not selectors)."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    out, stack, start = [], [], 0
    for i, c in enumerate(text):
        if c == "{":
            prelude = text[start:i].strip()
            inside_keyframes = any(p.startswith("@") and "keyframes" in p for p in stack)
            if not prelude.startswith("@") and not inside_keyframes:
                line = text.count("\n", 0, start + len(text[start:i]) - len(text[start:i].lstrip())) + 1
                for sel in prelude.split(","):
                    out.append((" ".join(sel.split()), line))
            stack.append(prelude)
            start = i + 1
        elif c == "}":
            if stack:
                stack.pop()
            start = i + 1
        elif c == ";" and not any(not p.startswith("@") for p in stack):
            start = i + 1
    return out


@test("serve web: one set of styles: no selector in two sheets, a page's sheet under its page")
def _():
    sheets = {p: d.decode("utf-8") for p, d in FILES if p.endswith(".css")}
    check("css/app.css" in sheets and len(sheets) > 1, "app.css and the pages' sheets", sorted(sheets))
    where = {}
    for path, text in sorted(sheets.items()):
        rules = css_rules(text)
        check(len(rules) > 5, f"{path}: its rules are read", len(rules))
        page = os.path.splitext(os.path.basename(path))[0] + "-page"
        for sel, line in rules:
            where.setdefault(sel, {}).setdefault(path, line)
            if path != "css/app.css":
                check(re.match(r"\." + re.escape(page) + r"(?![\w-])", sel) is not None,
                      f"{path}:{line}: {sel!r} is scoped under .{page} (what all pages share is app.css's)")
    for sel, paths in sorted(where.items()):
        check(len(paths) == 1, f"{sel!r} is defined in one sheet",
              ", ".join(f"{p}:{n}" for p, n in sorted(paths.items())))
    # the same component styled by two pages (.org-page .facts, .ledger-page .facts) is a
    # shared one: app.css's
    shared = {}
    for sel, paths in where.items():
        for path, line in paths.items():
            if path != "css/app.css":
                tail = re.sub(r"^\.[\w-]+-page(?![\w-])\s*", "", sel)
                if tail:
                    shared.setdefault(tail, {})[path] = line
    for tail, paths in sorted(shared.items()):
        check(len(paths) == 1, f"{tail!r} is styled by one page's sheet (else it is app.css's)",
              ", ".join(f"{p}:{n}" for p, n in sorted(paths.items())))
    idx = INDEX.decode("utf-8")
    for path in sheets:
        check(f'href="/assets/{path}"' in idx, f"index.html links {path} (loaded once, at start)")
    for path, data in FILES:
        if path.endswith(".js"):
            check(b"/assets/css/" not in data, f"{path} adds no stylesheet at run time")


@test("serve web: the OpenAPI document stays the API's (no path outside /api)")
def _():
    with Server() as s:
        doc = s.request("GET", "/api/openapi.json").json()
        paths = list(doc.get("paths", {}))
        check(paths and all(p.startswith("/api/") for p in paths), "only /api/ paths", paths)
        check(json.dumps(doc).find("/assets/") < 0, "no /assets/ in it")


if __name__ == "__main__":
    sys.exit(main())
