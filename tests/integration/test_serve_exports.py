"""selvedge serve: the downloads of what the command line exports (issue 13, item 4): a
program's cost workbook and charts, its calendar as iCalendar, CSV, workbook and Gantt chart,
and its brief as PDF, each made by the library function the command line uses (the same bytes
as the CLI's file where the format has no time in it), with its Content-Type and an attachment
named after the program with only safe characters; another organization's program and a
factory organization's caller 404 as a missing one; a program with blockers has no brief
(409 listing them) unless ?force=1. Servers run with --insecure-fast-hash."""
import io
import json
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, check, main, run, test, tmpdir  # noqa: E402
from serve_harness import CookieJar, Server, expect_error  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"
NORTHLINE = os.path.join(EXAMPLES, "northline.yaml")
HOBBY = os.path.join(EXAMPLES, "hobby.yaml")  # blockers: no brief without force
TODAY = "2026-03-01"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send(s, method, path, body=None, jar=None, ctype="application/json"):
    h = {}
    if body is not None:
        h["Content-Type"] = ctype
    if jar is not None and method != "GET":
        h["X-CSRF-Token"] = jar.cookies.get("csrf", "")
    if isinstance(body, dict):
        body = json.dumps(body)
    return s.request(method, path, body=body, headers=h, jar=jar)


def signup(s, email, org, kind="brand"):
    jar = CookieJar()
    r = send(s, "POST", "/api/signup", {"email": email, "password": PASSWORD, "org_name": org,
                                        "org_kind": kind}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    return jar


def upload(s, jar, text):
    r = send(s, "POST", "/api/programs", text.encode("utf-8"), jar=jar,
             ctype="application/yaml")
    check(r.status == 201, "upload: 201", r.describe())
    return r.json()["id"]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def download(r, ctype, filename):
    """r is a 200 download of this type named filename; its bytes."""
    check(r.status == 200, f"200 for {filename}", r.describe())
    got = r.header("Content-Type") or ""
    check(got.split(";")[0].strip() == ctype, f"Content-Type {ctype}", got)
    disp = r.header("Content-Disposition")
    check(disp == f'attachment; filename="{filename}"', f"attachment named {filename}", disp)
    check(r.header("Cache-Control") == "no-store", "not kept by caches", r.headers)
    return r.body


def cli_file(*args):
    """What the command line writes with -o, as bytes."""
    with tmpdir() as d:
        out = os.path.join(d, "out")
        r = run(*args, "-o", out)
        check(r.code == 0, f"selvedge {' '.join(args)}: exit 0", r.err)
        with open(out, "rb") as f:
            return f.read()


def sheets(data):
    """The sheet names of an .xlsx workbook, and every text of its shared strings."""
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    check("xl/workbook.xml" in names, "a workbook", names)
    book = z.read("xl/workbook.xml").decode("utf-8")
    strings = z.read("xl/sharedStrings.xml").decode("utf-8") \
        if "xl/sharedStrings.xml" in names else ""
    return re.findall(r'<sheet name="([^"]*)"', book), strings


def same_svg(data):
    """An SVG with cairo's surface ids (a counter of the process's surfaces, so the server's
    tenth chart is surface10 where the command line's only one is surface1) made one."""
    return re.sub(rb"surface\d+", b"surface", data)


def svg(data, what):
    root = ET.fromstring(data)
    check(root.tag.endswith("svg"), f"{what} is an SVG document", root.tag)
    return root


@test("serve exports: the calendar as iCalendar, CSV, workbook and Gantt chart, each typed, "
      "named after the program and made as the command line makes it")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, read(NORTHLINE))
        q = f"?today={TODAY}"
        ics = download(send(s, "GET", f"/api/programs/{pid}/plan.ics{q}", jar=a),
                       "text/calendar", "SS27-launch-plan.ics")
        text = ics.decode("utf-8")
        check(text.startswith("BEGIN:VCALENDAR\r\n") and text.rstrip().endswith("END:VCALENDAR"),
              "a VCALENDAR", text[:200])
        events = text.count("BEGIN:VEVENT")
        check(events > 5 and events == text.count("END:VEVENT"), "its VEVENTs", events)
        check(ics == cli_file("plan", NORTHLINE, "--today", TODAY, "--format", "ics"),
              "the bytes of plan --format ics", text[:300])
        csv = download(send(s, "GET", f"/api/programs/{pid}/plan.csv{q}", jar=a), "text/csv",
                       "SS27-launch-plan.csv")
        check(csv == cli_file("plan", NORTHLINE, "--today", TODAY, "--format", "csv"),
              "the bytes of plan --format csv", csv[:300])
        check(len(csv.decode("utf-8").strip().splitlines()) == events + 1,
              "a row a milestone, as many as the calendar's events", csv[:300])
        xlsx = download(send(s, "GET", f"/api/programs/{pid}/plan.xlsx{q}", jar=a), XLSX,
                        "SS27-launch-plan.xlsx")
        got = sheets(xlsx)
        want = sheets(cli_file("plan", NORTHLINE, "--today", TODAY, "--format", "xlsx"))
        check(got[0] and got == want, "the sheets and texts of plan --format xlsx", (got, want))
        full = download(send(s, "GET", f"/api/programs/{pid}/plan.svg{q}", jar=a),
                        "image/svg+xml", "SS27-launch-plan.svg")
        svg(full, "the Gantt chart")
        summary = download(send(s, "GET", f"/api/programs/{pid}/plan.svg{q}&summary=1", jar=a),
                           "image/svg+xml", "SS27-launch-plan-summary.svg")
        svg(summary, "the summary")
        check(summary != full, "?summary=1 is the summary", len(summary))
        # the options read as the JSON calendar reads them
        expect_error(send(s, "GET", f"/api/programs/{pid}/plan.ics?today=tomorrow", jar=a), 400,
                     "bad_query")
        expect_error(send(s, "GET", f"/api/programs/{pid}/plan.ics?mode=boat", jar=a), 400,
                     "bad_query")
        expect_error(send(s, "GET", f"/api/programs/{pid}/plan.svg?summary=yes", jar=a), 400,
                     "bad_query")
        air = send(s, "GET", f"/api/programs/{pid}/plan.csv{q}&mode=air", jar=a)
        check(air.status == 200 and air.body == cli_file(
            "plan", NORTHLINE, "--today", TODAY, "--mode", "air", "--format", "csv"),
            "?mode=air as --mode air", air.describe())
    check(s.code == 0, "the server stops with exit 0", s.err)


@test("serve exports: the cost workbook (its sheets and figures) and the cost charts")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, read(NORTHLINE))
        q = f"?today={TODAY}"
        cost = send(s, "GET", f"/api/programs/{pid}/cost{q}", jar=a).json()
        xlsx = download(send(s, "GET", f"/api/programs/{pid}/cost.xlsx{q}", jar=a), XLSX,
                        "SS27-launch-cost.xlsx")
        names, strings = sheets(xlsx)
        check(names == ["Cost", "Small runs"], "the sheets Cost and Small runs", names)
        for st in cost["styles"]:
            check(st["code"] in strings, f"a row for {st['code']}", strings[:400])
        sheet = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml").decode()
        values = set(re.findall(r"<v>([^<]*)</v>", sheet))
        landed = cost["styles"][0]["landed"]["landed"] / 10 ** cost["minor_unit_exponent"]
        check(any(abs(float(v) - landed) < 1e-9 for v in values if re.match(r"^-?[\d.]+$", v)),
              f"the landed cost {landed}", sorted(values)[:40])
        chart = download(send(s, "GET", f"/api/programs/{pid}/cost.svg{q}", jar=a),
                         "image/svg+xml", "SS27-launch-cost.svg")
        svg(chart, "the cost charts")
        with tmpdir() as d:
            out = os.path.join(d, "c.svg")
            r = run("cost", NORTHLINE, "--today", TODAY, "--chart", "svg", "-o", out)
            check(r.code == 0, "cost --chart svg", r.err)
            with open(out, "rb") as f:
                check(same_svg(f.read()) == same_svg(chart), "the bytes of cost --chart svg",
                      len(chart))
        expect_error(send(s, "GET", f"/api/programs/{pid}/cost.xlsx?origin=ZZ", jar=a), 400,
                     "bad_query")
    check(s.code == 0, "the server stops with exit 0", s.err)


@test("serve exports: the brief as PDF holds the program's name; a program with blockers is "
      "409 listing them, and ?force=1 has it anyway; ?paper=letter is letter")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        good = upload(s, a, read(NORTHLINE))
        bad = upload(s, a, read(HOBBY))
        q = f"?today={TODAY}"
        pdf = download(send(s, "GET", f"/api/programs/{good}/brief.pdf{q}", jar=a),
                       "application/pdf", "SS27-launch-brief.pdf")
        check(pdf.startswith(b"%PDF-"), "a PDF", pdf[:20])
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout
        check(b"SS27 launch" in text and b"Northline Athletics" in text,
              "the brief names the program and the brand", text[:400])
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.decode()
        check("595.276 x 841.89" in info or "A4" in info, "A4 by default", info)
        letter = send(s, "GET", f"/api/programs/{good}/brief.pdf{q}&paper=letter", jar=a)
        info = subprocess.run(["pdfinfo", "-"], input=letter.body,
                              capture_output=True).stdout.decode()
        check(letter.status == 200 and "612 x 792" in info, "?paper=letter", info)
        expect_error(send(s, "GET", f"/api/programs/{good}/brief.pdf?paper=a5", jar=a), 400,
                     "bad_query")
        # blockers: none written, each named as check --json names it
        r = send(s, "GET", f"/api/programs/{bad}/brief.pdf{q}", jar=a)
        e = expect_error(r, 409, "blockers")
        check(r.header("Content-Disposition") is None, "no attachment", r.headers)
        ck = json.loads(run("check", HOBBY, "--today", TODAY, "--json").out)
        want = [f for f in ck["findings"] if f["severity"] == "blocker"]
        check(e.get("blockers") == want and want, "the blockers as check --json lists them",
              (e.get("blockers"), want))
        expect_error(send(s, "GET", f"/api/programs/{bad}/brief.pdf?force=yes", jar=a), 400,
                     "bad_query")
        pdf = download(send(s, "GET", f"/api/programs/{bad}/brief.pdf{q}&force=1", jar=a),
                       "application/pdf", "First-drop-brief.pdf")
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout
        check(b"First drop" in text, "forced: the brief of the program", text[:300])
    check(s.code == 0, "the server stops with exit 0", s.err)


EXPORTS = ["cost.xlsx", "cost.svg", "plan.ics", "plan.csv", "plan.xlsx", "plan.svg",
           "brief.pdf"]


@test("serve exports: another organization's program, a factory's caller and no session: "
      "404 as a missing one, 404, 401; a hostile name makes a safe file name")
def _():
    with Server(FAST) as s:
        a = signup(s, "ana@example.com", "Northline")
        b = signup(s, "bo@example.com", "Other brand")
        f = signup(s, "fa@example.com", "A mill", kind="factory")
        pid = upload(s, a, read(NORTHLINE))
        for what in EXPORTS:
            path = f"/api/programs/{pid}/{what}"
            missing = send(s, "GET", f"/api/programs/987654/{what}", jar=b)
            other = send(s, "GET", path, jar=b)
            expect_error(other, 404, "not_found")
            check(other.body == missing.body and b"SS27" not in other.body,
                  f"{what}: the same answer as a missing program", other.describe())
            check(other.header("Content-Disposition") is None, "no attachment", other.headers)
            expect_error(send(s, "GET", path, jar=f), 404, "not_found")
            expect_error(s.request("GET", path), 401, "unauthenticated")
            expect_error(send(s, "GET", f"/api/programs/x1/{what}", jar=a), 404)
        hostile = read(NORTHLINE).replace("  name: SS27 launch",
                                          '  name: "Ünïcode \\"q\\" ../../etc; x=<b>; Set"', 1)
        hid = upload(s, a, hostile)
        r = send(s, "GET", f"/api/programs/{hid}/plan.ics?today={TODAY}", jar=a)
        disp = r.header("Content-Disposition")
        check(r.status == 200 and
              disp == 'attachment; filename="n-code-q-etc-x-b-Set-plan.ics"',
              "the name reduced to letters, digits, - and _", disp)
    check(s.code == 0, "the server stops with exit 0", s.err)


@test("serve exports: the OpenAPI document says each download's media type")
def _():
    with Server(FAST) as s:
        doc = s.request("GET", "/api/openapi.json").json()
        want = {"cost.xlsx": XLSX, "cost.svg": "image/svg+xml", "plan.ics": "text/calendar",
                "plan.csv": "text/csv", "plan.xlsx": XLSX, "plan.svg": "image/svg+xml",
                "brief.pdf": "application/pdf"}
        for what, ctype in want.items():
            op = doc["paths"].get(f"/api/programs/{{id}}/{what}", {}).get("get")
            check(op is not None, f"GET /api/programs/{{id}}/{what} documented", list(doc["paths"]))
            check(list(op["responses"]["200"]["content"]) == [ctype], f"{what}: {ctype}",
                  op["responses"]["200"])


@test("serve exports: charts and briefs drawn by several workers at once are each whole and "
      "the same as one drawn alone")
def _():
    with Server(FAST, "--threads", "4") as s:
        a = signup(s, "ana@example.com", "Northline")
        pid = upload(s, a, read(HOBBY))
        paths = [f"/api/programs/{pid}/{w}?today={TODAY}" for w in
                 ("plan.svg", "cost.svg", "plan.svg", "cost.svg")]
        alone = {p: send(s, "GET", p, jar=a).body for p in set(paths)}
        brief = f"/api/programs/{pid}/brief.pdf?today={TODAY}&force=1"
        got, errors = [], []

        def get(path):
            try:
                got.append((path, send(s, "GET", path, jar=a)))
            except Exception as e:  # noqa: BLE001 (said below)
                errors.append(repr(e))
        threads = [threading.Thread(target=get, args=(p,)) for p in paths * 3 + [brief] * 4]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(not errors and len(got) == len(threads), "every request answered", errors)
        for path, r in got:
            check(r.status == 200, f"{path}: 200", r.describe())
            if path in alone:
                check(same_svg(r.body) == same_svg(alone[path]),
                      f"{path}: the same bytes as alone (but the surface's id)", len(r.body))
            else:
                text = subprocess.run(["pdftotext", "-", "-"], input=r.body,
                                      capture_output=True).stdout
                check(b"First drop" in text, "a whole brief", text[:200])
    check(s.code == 0, "the server stops with exit 0", s.err)


@test("serve exports: the web editor's example format is examples/northline.yaml as it is")
def _():
    with Server(FAST) as s:
        r = s.request("GET", "/assets/js/pages/programs-example.js")
        check(r.status == 200, "the example module is served", r.describe())
        m = re.search(r"export const EXAMPLE_YAML = (\".*\");", r.body.decode("utf-8"), re.S)
        check(m is not None, "it exports the example as one JSON string", r.body[:300])
        check(json.loads(m.group(1)) == read(NORTHLINE),
              "the same text as examples/northline.yaml (regenerate the module when it changes)",
              m.group(1)[:200])


if __name__ == "__main__":
    main()
