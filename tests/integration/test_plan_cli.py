#!/usr/bin/env python3
"""Integration tests for `selvedge plan`, the time-and-action calendar: they run the built
binary the way a user does and check what comes out in every format (text, JSON, CSV,
iCalendar, Excel), the exit statuses, the files written with -o, and that `selvedge check`
judges the timeline the way `selvedge plan` schedules it.

Standard library only (the .ics is read with a small RFC 5545 unfolder, the .xlsx with
zipfile and xml.etree), with the helpers the scripts share in harness.py beside it. Prints
TAP: "1..N", then "ok N - ..." or "not ok N - ..." with diagnostics as "# ..." lines; exits
1 if any test failed.

Environment:
  SELVEDGE              the binary (default build/selvedge)
  SELVEDGE_SOURCE_ROOT  the source tree, for examples/, data/ and docs/ (default .)

Every subprocess runs with a timeout, with NO_COLOR and SELVEDGE_DATA removed from its
environment, and with stdout a pipe, so no colour is expected. Every run passes --today, so
results do not age.
"""
import csv
import datetime
import glob
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, DATA, DOCS, EXAMPLES, ROOT, TESTS, TIMEOUT,  # noqa: E402
                     TODAY, Failure, Skip, base_env, check, check_plain_80, expect_exit,
                     is_int, is_program_file, load_json, main, run, run_cached, run_pty, test,
                     tmpdir)

FORMATS = ("text", "json", "csv", "ics")
VERDICTS = {"on_track", "tight", "infeasible", "no_launch_date"}
SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# A new casual woven jacket, 800 units. With --today 2026-10-10, production in China runs
# across Chinese New Year 2027. LAUNCH is replaced per test.
JACKET = """brand:
  name: Test Outerwear
  currency: USD
  positioning: mid
program:
  name: SS27
  destination: US
  launch_date: LAUNCH
  origin_preference: [CN]
  styles:
    - code: JK-01
      name: Casual jacket
      category: jacket-casual
      construction: woven
      colors:
        - { name: Navy, units: 800 }
"""
JACKET_TODAY = "2026-10-10"
READY = os.path.join(EXAMPLES, "ready.yaml")


# ---------------------------------------------------------------- checks

def day(s):
    return datetime.date.fromisoformat(s)


def plan_json(path, *args):
    r = run_cached("plan", path, "--format", "json", *args)
    expect_exit(r, 0)
    check(r.err == "", "something on stderr", r.describe())
    return load_json(r)


def check_plan_json(d):
    """The plan's JSON holds together: ids, dependencies, dates, critical path, closures."""
    for key in ("program", "brand", "origin", "destination", "mode", "today", "ready",
                "latest_start", "verdict", "critical_path", "closures", "milestones",
                "ways_out"):
        check(key in d, f"the plan has no {key!r}", json.dumps(d)[:500])
    check(d["verdict"] in VERDICTS, f"verdict {d['verdict']!r}")
    ms = d["milestones"]
    check(ms, "no milestones")
    for i, m in enumerate(ms):
        where = f"milestones[{i}] ({m.get('name')!r})"
        check(m["id"] == i, f"{where}: id {m['id']}")
        check(is_int(m["days"]) and m["days"] >= 0, f"{where}: days {m['days']!r}")
        start, end = day(m["start"]), day(m["end"])
        check(start >= day(d["today"]), f"{where} starts before today")
        if m["days"] == 0:
            check(end == start, f"{where}: a 0-day milestone ending {m['end']}")
        else:
            check((end - start).days + 1 >= m["days"],
                  f"{where}: {m['days']} days of work between {m['start']} and {m['end']}")
        for dep in m["waits_for"]:
            check(is_int(dep) and 0 <= dep < i, f"{where} waits for {dep}")
            dep_end = day(ms[dep]["end"]) + datetime.timedelta(days=1 if ms[dep]["days"] else 0)
            check(start >= dep_end, f"{where} starts {m['start']} before {ms[dep]['name']!r} "
                                    f"is done ({ms[dep]['end']})")
        check(m["owner"] in ("brand", "factory"), f"{where}: owner {m['owner']!r}")
        check(is_int(m["pushed_days"]) and m["pushed_days"] >= 0, f"{where}: pushed_days")
        check((m["pushed_days"] > 0) == (m["pushed_by"] is not None),
              f"{where}: pushed_days {m['pushed_days']} but pushed_by {m['pushed_by']!r}")
    last = ms[-1]
    check(last["kind"] == "launch", f"the last milestone is {last['kind']!r}, not the launch")
    # the launch is on its date when the goods are in early, else on the ready day
    expect_launch = max(d["ready"], d["launch"]) if d["launch"] else d["ready"]
    check(last["start"] == expect_launch, f"the launch milestone starts {last['start']}, "
                                          f"expected {expect_launch} (ready {d['ready']})")
    # the critical path ends at the delivery that binds: the launch, or a later delivery
    binding = [x for x in d.get("deliveries", []) if x["binding"]]
    end = ms[binding[0]["milestone"]] if binding else last
    check(end["critical"], f"{end['name']!r}, the binding delivery, is not on the critical path")
    if d["launch"] is not None:
        check(d["slack_days"] == (day(d["launch"]) - day(d["ready"])).days,
              f"slack_days {d['slack_days']} is not launch - ready")
    # the critical path is one chain from the binding delivery back
    crit = {m["id"] for m in ms if m["critical"]}
    chain, i = [], end["id"]
    while True:
        chain.append(i)
        deps = [k for k in ms[i]["waits_for"] if k in crit]
        if not ms[i]["waits_for"]:
            break
        check(len(deps) == 1, f"{ms[i]['name']!r} has {len(deps)} critical dependencies")
        i = deps[0]
    check(set(chain) == crit, f"{len(crit)} critical milestones, a chain of {len(chain)}")
    # every closure listed is on a milestone it pushed
    for c in d["closures"]:
        m = ms[c["milestone"]]
        check(m["pushed_by"] == c["holiday"], f"closure {c} on {m['name']!r}, pushed by "
                                              f"{m['pushed_by']!r}")
        check(c["days_added"] == m["pushed_days"], f"closure {c}: days_added")
        check(c["critical"] == m["critical"], f"closure {c}: critical")
        check(day(c["closure_first"]) <= day(c["closure_last"]), f"closure {c}: window")
    check(len(d["closures"]) == sum(1 for m in ms if m["pushed_days"]),
          "closures do not list every pushed milestone")
    cp = d["critical_path"]
    check(cp["brand_reviews"] == sum(1 for m in ms if m["critical"] and m["owner"] == "brand"
                                     and ("review" in m["kind"] or "approval" in m["kind"])),
          f"critical_path.brand_reviews {cp['brand_reviews']}")
    check(cp["launch_delay_days"] == cp["brand_reviews"] *
          cp["delay_if_each_review_takes_days_longer"], "launch_delay_days")
    # ways out only when the launch is not met comfortably
    if d["verdict"] in ("on_track", "no_launch_date"):
        check(d["ways_out"] == [], f"ways out for a plan that is {d['verdict']}")
    for w in d["ways_out"]:
        check(w["code"] in ("air_freight", "stock_fabric", "fewer_fit_rounds",
                            "air_and_stock_fabric", "nearer_origin", "later_launch"),
              f"unknown way out {w['code']!r}")
        check(isinstance(w["text"], str) and w["text"].strip(), f"way out {w['code']}: no text")
        # weighed on the binding delivery's warehouse date (the launch's with one)
        base = binding[0]["ready"] if binding else d["ready"]
        if w["code"] != "later_launch":
            check(day(w["ready"]) < day(base),
                  f"way out {w['code']} {w.get('origin') or ''}: ready {w['ready']}, not before "
                  f"the plan's {base}")
            check(w["days_saved"] == (day(base) - day(w["ready"])).days,
                  f"way out {w['code']}: days_saved {w['days_saved']}")


# ---------------------------------------------------------------- iCalendar, by hand

def ics_lines(text):
    """RFC 5545 content lines: CRLF line ends, a line starting with a space or tab
    continues the one before (its first character dropped)."""
    check(text.endswith("\r\n"), "the calendar does not end with CRLF")
    raw = text.split("\r\n")[:-1]
    for i, l in enumerate(raw):
        check("\n" not in l and "\r" not in l, f"line {i + 1}: a bare LF or CR")
        check(len(l.encode("utf-8")) <= 75, f"line {i + 1} is {len(l.encode())} octets "
                                             f"(RFC 5545 folds at 75): {l!r}")
    out = []
    for l in raw:
        if l[:1] in (" ", "\t"):
            check(out, "the calendar starts with a continuation line")
            out[-1] += l[1:]
        else:
            out.append(l)
    return out


def ics_split(line):
    """NAME;PARAM=V;...:VALUE -> (NAME, {PARAM: V}, VALUE); quoted parameter values kept."""
    quoted, colon = False, -1
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            colon = i
            break
    check(colon > 0, f"a content line without a name and a value: {line!r}")
    head, value = line[:colon], line[colon + 1:]
    parts = head.split(";")
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.upper()] = v
    return parts[0].upper(), params, value


def ics_unescape(v):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), v)


def read_ics(text):
    """Returns the list of VEVENTs, each a dict NAME -> [(params, value)]; checks that
    BEGIN and END balance and nest."""
    stack, events, cur = [], [], None
    for line in ics_lines(text):
        name, params, value = ics_split(line)
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                cur = {}
        elif name == "END":
            check(stack and stack[-1] == value, f"END:{value} closes {stack[-1:] or 'nothing'}")
            stack.pop()
            if value == "VEVENT":
                events.append(cur)
                cur = None
        elif cur is not None:
            cur.setdefault(name, []).append((params, value))
    check(not stack, f"unclosed components: {stack}")
    return events


def ics_date(s):
    return datetime.date.fromisoformat(f"{s[:4]}-{s[4:6]}-{s[6:8]}")


def check_ics(text, d):
    """The calendar against the plan's JSON: one all-day event per milestone."""
    check(text.startswith("BEGIN:VCALENDAR\r\n"), "does not begin with BEGIN:VCALENDAR")
    events = read_ics(text)
    ms = d["milestones"]
    check(len(events) == len(ms), f"{len(events)} VEVENTs for {len(ms)} milestones")
    uids = [e.get("UID", [({}, None)])[0][1] for e in events]
    check(all(uids), "an event without a UID")
    check(len(set(uids)) == len(uids), "UIDs repeat: a calendar would drop events",
          *sorted(u for u in uids if uids.count(u) > 1)[:6])
    left = list(range(len(ms)))
    for e in events:
        for key in ("DTSTART", "DTEND", "SUMMARY", "DTSTAMP"):
            check(key in e, f"an event without {key}: {e}")
        summary = ics_unescape(e["SUMMARY"][0][1])
        match = [i for i in left
                 if summary == (f"{ms[i]['style']}: {ms[i]['name']}" if ms[i]["style"]
                                else ms[i]["name"])]
        check(match, f"event {summary!r} matches no milestone")
        m = ms[match[0]]
        left.remove(match[0])
        for key in ("DTSTART", "DTEND"):
            params, value = e[key][0]
            check(params.get("VALUE") == "DATE", f"{summary}: {key} is not VALUE=DATE")
            check(re.fullmatch(r"\d{8}", value), f"{summary}: {key} {value!r} is not a date")
        start, end = ics_date(e["DTSTART"][0][1]), ics_date(e["DTEND"][0][1])
        check(start == day(m["start"]), f"{summary}: DTSTART {start}, the plan says "
                                        f"{m['start']}")
        check(end == day(m["end"]) + datetime.timedelta(days=1),
              f"{summary}: DTEND {end}, expected the day after {m['end']} (exclusive)")
    check(not left, f"milestones without an event: {[ms[i]['name'] for i in left]}")


# ---------------------------------------------------------------- CSV, Excel

def documented_csv_header():
    """The CSV columns as docs/internals/plan_exports.md lists them."""
    path = os.path.join(DOCS, "internals", "plan_exports.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"## CSV.*?```\n(.*?)```", text, re.S)
    check(m, f"{path}: no column list in the CSV section")
    return "".join(m.group(1).split()).split(",")


def check_csv(r, d):
    check(r.out.endswith("\r\n"), "CSV lines do not end with CRLF (RFC 4180)")
    rows = list(csv.reader(io.StringIO(r.out, newline="")))
    header = documented_csv_header()
    check(rows and rows[0] == header, "the header is not the documented one",
          f"got:      {rows[0] if rows else None}", f"expected: {header}")
    body = [dict(zip(header, row)) for row in rows[1:]]
    check(all(len(row) == len(header) for row in rows[1:]), "a row with the wrong column count")
    ms = d["milestones"]
    check(len(body) == len(ms), f"{len(body)} rows for {len(ms)} milestones")
    for row, m in zip(body, ms):
        where = f"row {m['id'] + 2} ({m['name']!r})"
        check(row["milestone"] == m["name"], f"{where}: milestone {row['milestone']!r}")
        check(row["style"] == (m["style"] or ""), f"{where}: style {row['style']!r}")
        check(row["kind"] == m["kind"] and row["owner"] == m["owner"], f"{where}: kind/owner")
        check(row["start"] == m["start"] and row["end"] == m["end"],
              f"{where}: {row['start']}..{row['end']}, JSON {m['start']}..{m['end']}")
        check(row["critical"] == ("yes" if m["critical"] else "no"), f"{where}: critical")
        check(row["pushed_by"] == (m["pushed_by"] or ""), f"{where}: pushed_by")
        span = (day(m["end"]) - day(m["start"])).days + 1 if m["days"] else 0
        check(row["calendar_days"] == str(span),
              f"{where}: calendar_days {row['calendar_days']}, the calendar span is {span} "
              f"(end - start, documented)")
        check(row["work_days"] == str(m["work_days"]) == str(m["days"]),
              f"{where}: work_days {row['work_days']}, JSON {m['work_days']}")


def xml_of(z, name):
    try:
        return ET.fromstring(z.read(name))
    except KeyError:
        raise Failure(f"the workbook has no {name}")
    except ET.ParseError as e:
        raise Failure(f"{name} is not well-formed XML: {e}")


def check_xlsx(path, d):
    check(zipfile.is_zipfile(path), f"{path} is not a zip file")
    with zipfile.ZipFile(path) as z:
        check(z.testzip() is None, "a member of the workbook is corrupt")
        names = set(z.namelist())
        xml_of(z, "[Content_Types].xml")
        wb = xml_of(z, "xl/workbook.xml")
        xml_of(z, "xl/worksheets/sheet1.xml")
        sheets = [s.get("name") for s in wb.iter(f"{SML}sheet")]
        check("T&A" in sheets, f"sheets {sheets}: no 'T&A'")
        check("xl/sharedStrings.xml" in names, f"no shared strings: {sorted(names)}")
        sst = xml_of(z, "xl/sharedStrings.xml")
        strings = {"".join(t.text or "" for t in si.iter(f"{SML}t"))
                   for si in sst.iter(f"{SML}si")}
        missing = sorted({m["name"] for m in d["milestones"]} - strings)
        check(not missing, f"milestone names not in the workbook: {missing}")


# ---------------------------------------------------------------- the tests

def example_files():
    return [p for p in sorted(glob.glob(os.path.join(EXAMPLES, "*.yaml"))) if is_program_file(p)]


def write(dirname, name, text):
    path = os.path.join(dirname, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def add_example_tests(path):
    rel = os.path.relpath(path, ROOT)

    def formats_exit_0():
        for fmt in FORMATS:
            r = run_cached("plan", path, "--today", TODAY, "--format", fmt)
            expect_exit(r, 0)
            check(r.out.strip(), f"--format {fmt}: empty output", r.describe())
            check(r.err == "", f"--format {fmt}: something on stderr", r.describe())

    def text_plain():
        r = run_cached("plan", path, "--today", TODAY, "--format", "text")
        check_plain_80(r)
        d = plan_json(path, "--today", TODAY)
        check(d["verdict"].replace("_", " ").upper() in r.out,
              f"the text does not say {d['verdict']}", r.describe())
        for m in d["milestones"]:
            check(m["name"] in r.out, f"milestone {m['name']!r} is not in the text")

    def json_ok():
        check_plan_json(plan_json(path, "--today", TODAY))

    def csv_ok():
        r = run_cached("plan", path, "--today", TODAY, "--format", "csv")
        check_csv(r, plan_json(path, "--today", TODAY))

    def ics_ok():
        r = run_cached("plan", path, "--today", TODAY, "--format", "ics")
        check_ics(r.out, plan_json(path, "--today", TODAY))

    def xlsx_ok():
        with tmpdir() as tmp:
            out = os.path.join(tmp, "plan.xlsx")
            r = run("plan", path, "--today", TODAY, "--format", "xlsx", "-o", out)
            expect_exit(r, 0)
            check(r.out == "", "output on stdout when writing a workbook", r.describe())
            check(os.listdir(tmp) == ["plan.xlsx"], f"files left: {os.listdir(tmp)}")
            check_xlsx(out, plan_json(path, "--today", TODAY))

    def deterministic():
        for fmt in FORMATS:
            a = run("plan", path, "--today", TODAY, "--format", fmt)
            b = run("plan", path, "--today", TODAY, "--format", fmt)
            check((a.code, a.raw, a.err) == (b.code, b.raw, b.err),
                  f"two runs of --format {fmt} differ", a.describe(), b.describe())
        with tmpdir() as tmp:
            outs = []
            for n in ("a.xlsx", "b.xlsx"):
                r = run("plan", path, "--today", TODAY, "--format", "xlsx", "-o",
                        os.path.join(tmp, n))
                expect_exit(r, 0)
                with open(os.path.join(tmp, n), "rb") as f:
                    outs.append(f.read())
            check(outs[0] == outs[1], "two workbooks of the same plan differ")

    TESTS.extend([
        (f"{rel}: plan exits 0 in text, json, csv and ics", formats_exit_0),
        (f"{rel}: plan text is plain, within 80 columns, names every milestone", text_plain),
        (f"{rel}: plan json holds together (graph, dates, critical chain, closures)", json_ok),
        (f"{rel}: plan csv has the documented header and one row per milestone", csv_ok),
        (f"{rel}: plan ics reads back: balanced, one all-day VEVENT per milestone", ics_ok),
        (f"{rel}: plan xlsx -o is a valid workbook with a T&A sheet", xlsx_ok),
        (f"{rel}: plan gives identical output twice in every format", deterministic),
    ])


for _path in example_files():
    add_example_tests(_path)


@test("examples/: there are programs to plan")
def _():
    check(len(example_files()) >= 5, f"only {len(example_files())} example programs")


# --- acceptance: Chinese New Year

def jacket(tmp, launch):
    return write(tmp, f"jacket-{launch}.yaml", JACKET.replace("LAUNCH", launch))


@test("acceptance: made in CN across Chinese New Year, production is pushed by "
      "lunar-new-year and the plan says so; from PT it is not")
def _():
    with tmpdir() as tmp:
        path = jacket(tmp, "2027-05-01")
        cn = plan_json(path, "--today", JACKET_TODAY)
        check(cn["origin"] == "CN", f"origin {cn['origin']}")
        pushed = [m for m in cn["milestones"]
                  if m["kind"] == "production" and m["pushed_by"] == "lunar-new-year"]
        check(pushed, "no production milestone pushed by lunar-new-year",
              json.dumps([(m["name"], m["pushed_by"]) for m in cn["milestones"]]))
        hits = [c for c in cn["closures"] if c["holiday"] == "lunar-new-year"]
        check(hits, "no lunar-new-year entry in closures", json.dumps(cn["closures"]))
        check(any(c["milestone"] == pushed[0]["id"] for c in hits),
              "the closure entry is not on the pushed production milestone")
        c = hits[0]
        check(c["closure_first"] <= "2027-02-06" <= c["closure_last"],
              f"the closure {c['closure_first']}..{c['closure_last']} does not hold "
              f"Chinese New Year 2027 (6 February)")
        check(c["days_added"] > 0, f"days_added {c['days_added']}")
        check_plan_json(cn)
        text = run("plan", path, "--today", JACKET_TODAY)
        expect_exit(text, 0)
        check("Chinese New Year" in text.out, "the text report does not name Chinese New Year",
              text.describe())
        check_plain_80(text)

        pt = plan_json(path, "--today", JACKET_TODAY, "--origin", "PT")
        check(pt["origin"] == "PT", f"origin {pt['origin']}")
        bad = [m["name"] for m in pt["milestones"] if m["pushed_by"] == "lunar-new-year"]
        check(not bad, f"made in PT, pushed by lunar-new-year: {bad}")
        check(not [c for c in pt["closures"] if c["holiday"] == "lunar-new-year"],
              "made in PT, a lunar-new-year closure is listed")
        check_plan_json(pt)


@test("every duration says what it counts: 'work days' in the text calendar (closed days left "
      "out), calendar_days and work_days in CSV, both in the workbook, both in the ICS")
def _():
    with tmpdir() as tmp:
        path = jacket(tmp, "2027-05-01")
        d = plan_json(path, "--today", JACKET_TODAY)
        pushed = [m for m in d["milestones"] if m["pushed_days"] > 0]
        check(pushed, "nothing crosses Chinese New Year: the test needs a pushed milestone")
        m = pushed[0]
        span = (day(m["end"]) - day(m["start"])).days + 1
        check(span > m["work_days"], f"{m['name']}: {span} calendar days for {m['work_days']} "
                                     f"work days, the closure should be in between")
        text = run("plan", path, "--today", JACKET_TODAY)
        expect_exit(text, 0)
        check(re.search(r"^  milestone +owner +start +end +work days +slack$", text.out, re.M),
              "the text calendar's header does not say 'work days'", text.describe())
        row = [l for l in text.out.split("\n")
               if l.startswith("  " + m["name"]) and m["start"] in l]
        check(len(row) == 1, f"no single text row for {m['name']}", text.describe())
        check(re.search(rf"{m['end']} +{m['work_days']} +-?\d+", row[0]),
              f"the text row does not give {m['work_days']} work days: {row[0]!r}")
        check("work days leave out" in text.out, "no note on what work days count")
        r = run("plan", path, "--today", JACKET_TODAY, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(r.out)))
        got = [x for x in rows if x["milestone"] == m["name"] and x["start"] == m["start"]]
        check(got and got[0]["calendar_days"] == str(span) and
              got[0]["work_days"] == str(m["work_days"]), f"csv row {got}")
        r = run("plan", path, "--today", JACKET_TODAY, "--format", "ics")
        unfolded = r.out.replace("\r\n ", "")
        check(f"{m['work_days']} work days on the factory's calendar ({span} calendar days"
              in unfolded.replace("\\,", ","), "the ICS description does not give both counts")


# --- the examples' calendars, read as a merchandiser would (issue 9), pinned

# origin, warehouse date, verdict, door-to-door days, customs cleared, customs union, courier
# days a sample round, and the first closure met with what it costs the warehouse date
EXAMPLE_CALENDARS = {
    "eu-knitwear.yaml": ("PT", "2027-03-05", "on_track", 4, False, "EU", 0,
                         ("christmas", "2026-12-24", 10)),
    "fast-fashion-price.yaml": ("CN", "2027-05-24", "on_track", 30, True, None, 4,
                                ("lunar-new-year", "2027-01-30", 24)),
    "hobby.yaml": ("CN", "2027-05-09", "infeasible", 30, True, None, 4,
                   ("lunar-new-year", "2027-01-30", 27)),
    "kids-basics-gbp.yaml": ("PT", "2027-03-06", "tight", 5, True, None, 0,
                             ("christmas", "2026-12-24", 10)),
    "northline.yaml": ("PT", "2027-04-10", "infeasible", 28, True, None, 3,
                       ("christmas", "2026-12-24", 5)),
    "ready.yaml": ("PT", "2027-03-31", "on_track", 28, True, None, 3,
                   ("christmas", "2026-12-24", 4)),
}


@test("the examples' calendars: warehouse dates, customs, sample couriers and what the first "
      "closure costs, pinned (transit counted once, no customs inside the EU, couriers to a "
      "brand in another region)")
def _():
    for name, want in EXAMPLE_CALENDARS.items():
        origin, ready, verdict, d2d, cleared, union, courier, (hol, first, delay) = want
        d = plan_json(os.path.join(EXAMPLES, name), "--today", TODAY)
        got = (d["origin"], d["ready"], d["verdict"], d["shipping"]["door_to_door_days"],
               d["shipping"]["customs_cleared"], d["shipping"]["customs_union"],
               d["samples"]["courier_days"])
        check(got == want[:7], f"{name}: {got}, expected {want[:7]}")
        c = d["closures"][0]
        check((c["holiday"], c["closure_first"], c["delay_days"]) == (hol, first, delay),
              f"{name}: first closure {c}")
        kinds = [m["kind"] for m in d["milestones"]]
        check(("customs" in kinds) == cleared, f"{name}: customs milestone {'customs' in kinds}")
        check(("sample_courier" in kinds) == (courier > 0), f"{name}: couriers")
        check(d["samples"]["brand_location_assumed"], f"{name}: the brand's place is assumed")
        # transit counted once: freight and clearance add up to the door-to-door figure
        legs = sum(m["work_days"] for m in d["milestones"] if m["kind"] in ("transit", "customs"))
        check(legs == d2d, f"{name}: freight and clearance {legs} days, door to door {d2d}")
        text = run("plan", os.path.join(EXAMPLES, name), "--today", TODAY)
        check("taken to be in" in text.out, f"{name}: the text does not say the brand's place "
                                            f"is assumed", text.describe())



@test("samples go where brand.location says: a brand in DE buying from BD gets them by courier, "
      "a brand in NL buying in the EU gets none, and neither is said to be assumed")
def _():
    for name, where, courier in (("bd-basics-lc.yaml", "DE", True),
                                 ("denim-eu-premium.yaml", "NL", False),
                                 ("kids-two-origins.yaml", "GB", True)):
        d = plan_json(os.path.join(EXAMPLES, name), "--today", TODAY)
        smp = d["samples"]
        check(smp["brand_location"] == where and not smp["brand_location_assumed"],
              f"{name}: samples {smp}")
        check((smp["courier_days"] > 0) == courier, f"{name}: courier {smp}")
        text = run("plan", os.path.join(EXAMPLES, name), "--today", TODAY)
        check("taken to be in" not in text.out, f"{name}: the text calls the brand's place "
                                                 f"assumed", text.describe())

BD_BASICS = """brand:
  name: Test BD
  currency: USD
program:
  name: SS27
  destination: US
  launch_date: 2027-07-01
  origin_preference: [BD]
  styles:
    - code: TEE
      category: t-shirt
      colors:
        - { name: Navy, units: 3000 }
    - code: SHIRT
      category: shirt-woven
      construction: woven
      colors:
        - { name: White, units: 3000 }
"""


@test("a Bangladeshi program: knit fabric at home at knit speed; woven fabric at a Chinese mill "
      "that stops for Chinese New Year (with reduced output after it) while the factory works")
def _():
    with tmpdir() as tmp:
        path = write(tmp, "bd.yaml", BD_BASICS)
        d = plan_json(path, "--today", "2026-12-10")
        ms = {(m["style"], m["kind"]): m for m in d["milestones"]}
        tee, shirt = ms[("TEE", "fabric_dyeing")], ms[("SHIRT", "fabric_dyeing")]
        check(tee["work_days"] == 15 and tee["pushed_days"] == 0, f"knit fabric {tee}")
        check(shirt["name"] == "Greige and dyeing, CN mill" and shirt["start"] == "2027-01-23" and
              shirt["end"] == "2027-03-11", f"woven fabric {shirt}")
        check(("SHIRT", "fabric_shipment") in ms and
              ms[("SHIRT", "fabric_shipment")]["end"] == "2027-04-02",
              f"shipment {ms.get(('SHIRT', 'fabric_shipment'))}")
        cny = [c for c in d["closures"] if c["holiday"] == "lunar-new-year"]
        check(len(cny) == 1 and cny[0]["country"] == "CN" and cny[0]["name"] == shirt["name"] and
              cny[0]["closed_days"] == 22 and cny[0]["slow_days"] == 6 and
              cny[0]["capacity_pct"] == 60, f"Chinese New Year: {cny}")
        check(d["ready"] == "2027-06-28" and d["verdict"] == "tight", f"{d['ready']} {d['verdict']}")
        text = run("plan", path, "--today", "2026-12-10")
        check("closes the mills in CN" in text.out, "the mill's closure is not told apart",
              text.describe())


# --- acceptance: the verdict and the ways out

@test("acceptance: a new woven jacket from Asia 8 weeks before launch is infeasible, with "
      "air freight, nearer origins and a later launch priced; 9 months out it is on_track")
def _():
    launch = (day(JACKET_TODAY) + datetime.timedelta(weeks=8)).isoformat()
    with tmpdir() as tmp:
        d = plan_json(jacket(tmp, launch), "--today", JACKET_TODAY)
        check(d["verdict"] == "infeasible", f"verdict {d['verdict']} with {launch}")
        check(d["slack_days"] < 0, f"slack_days {d['slack_days']}")
        ways = d["ways_out"]
        codes = [w["code"] for w in ways]
        air = [w for w in ways if w["code"] == "air_freight"]
        check(len(air) == 1, f"ways out {codes}: expected one air_freight")
        check(is_int(air[0]["extra_per_unit"]) and air[0]["extra_per_unit"] > 0,
              f"air freight extra_per_unit {air[0]['extra_per_unit']!r}")
        check(air[0]["days_saved"] > 0, f"air freight days_saved {air[0]['days_saved']}")
        nearer = [w for w in ways if w["code"] == "nearer_origin"]
        check(1 <= len(nearer) <= 3, f"{len(nearer)} nearer origins: {codes}")
        for w in nearer:
            check(w["extra_per_unit"] is not None, f"nearer origin {w['origin']} is not priced",
                  json.dumps(w))
            check(w["origin"] and w["origin"] != "CN", f"nearer origin {w['origin']!r}")
        later = [w for w in ways if w["code"] == "later_launch"]
        check(len(later) == 1 and later[0]["fits"], f"later_launch: {later}")
        check_plan_json(d)
        r = run("plan", os.path.join(tmp, f"jacket-{launch}.yaml"), "--today", JACKET_TODAY)
        expect_exit(r, 0)
        check("INFEASIBLE" in r.out, "the text does not say INFEASIBLE", r.describe())
        check_plain_80(r)

        launch = (day(JACKET_TODAY) + datetime.timedelta(days=273)).isoformat()
        d = plan_json(jacket(tmp, launch), "--today", JACKET_TODAY)
        check(d["verdict"] == "on_track", f"verdict {d['verdict']} with {launch}",
              f"ready {d['ready']}, slack {d['slack_days']}")
        check(d["ways_out"] == [], f"ways out for an on-track plan: {d['ways_out']}")


@test("plan --mode air: no air-freight way out, transit by air")
def _():
    launch = (day(JACKET_TODAY) + datetime.timedelta(weeks=8)).isoformat()
    with tmpdir() as tmp:
        path = jacket(tmp, launch)
        d = plan_json(path, "--today", JACKET_TODAY, "--mode", "air")
        check(d["mode"] == "air", f"mode {d['mode']}")
        codes = [w["code"] for w in d["ways_out"]]
        check("air_freight" not in codes and "air_and_stock_fabric" not in codes,
              f"already by air, yet offered {codes}")
        sea = plan_json(path, "--today", JACKET_TODAY)
        check(day(d["ready"]) < day(sea["ready"]), f"by air {d['ready']}, by sea {sea['ready']}")
        check_plan_json(d)


# --- check agrees with plan

def preferred_origins(path):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^\s*origin_preference:\s*\[([^\]]*)\]", f.read(), re.M)
    if m:
        return [o.strip() for o in m.group(1).split(",") if o.strip()]
    return None


def all_origins():
    out = []
    with open(os.path.join(DATA, "origins.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(cols) < 2 or cols[0] == "country":
                continue
            out.append(cols[0])
    return out


def best_plan(path, origins, today):
    best = None
    for o in origins:
        d = plan_json(path, "--today", today, "--origin", o)
        if best is None or day(d["ready"]) < day(best["ready"]):
            best = d
    return best


def check_agrees(path, today, origin=None):
    args = ["--today", today] + (["--origin", origin] if origin else [])
    r = run_cached("check", path, *args, "--json")
    expect_exit(r, 0)
    findings = load_json(r)["findings"]
    codes = [f["code"] for f in findings]
    if origin:
        judged = [origin]
    else:
        judged = preferred_origins(path) or all_origins()
    best = best_plan(path, judged, today)
    what = (f"{os.path.relpath(path, ROOT)} {' '.join(args)}: best plan from {best['origin']} "
            f"is {best['verdict']} (ready {best['ready']}, slack {best['slack_days']})")
    check(("timeline.too_short" in codes) == (best["verdict"] == "infeasible"),
          f"{what}, but check says {[c for c in codes if c.startswith('timeline')]}")
    check(("timeline.tight" in codes) == (best["verdict"] == "tight"),
          f"{what}, but check says {[c for c in codes if c.startswith('timeline')]}")
    pushes = [c for c in best["closures"] if c["critical"]]
    conflicts = [f for f in findings if f["code"] == "timeline.closure_conflict"]
    check(len(conflicts) == len(pushes),
          f"{what}: {len(pushes)} closures push the critical path, check reports "
          f"{len(conflicts)} timeline.closure_conflict", json.dumps(pushes))
    for f in findings:
        if f["code"] == "timeline.too_short":
            slack = f["numbers"].get("slack_days", {}).get("value")
            check(slack == best["slack_days"], f"{what}: check's slack_days {slack}")


for _path in example_files():
    def _agree(path=_path):
        check_agrees(path, TODAY)
        for o in ("CN", "PT"):
            check_agrees(path, TODAY, o)
    TESTS.append((f"{os.path.relpath(_path, ROOT)}: check's timeline findings agree with plan "
                  f"(too_short iff infeasible, closure_conflict iff a closure pushes the "
                  f"critical path)", _agree))


@test("check agrees with plan on the jacket: closure_conflict for Chinese New Year from CN, "
      "too_short iff infeasible at several launch dates")
def _():
    with tmpdir() as tmp:
        for launch in ("2026-12-05", "2027-04-01", "2027-04-20", "2027-05-01", "2027-08-01"):
            path = jacket(tmp, launch)
            for o in (None, "CN", "PT", "VN"):
                check_agrees(path, JACKET_TODAY, o)
        path = jacket(tmp, "2027-05-01")
        d = load_json(run_cached("check", path, "--today", JACKET_TODAY, "--json"))
        conflicts = [f for f in d["findings"] if f["code"] == "timeline.closure_conflict"]
        check(conflicts, "no timeline.closure_conflict for a CN jacket across Chinese New Year",
              [f["code"] for f in d["findings"]])
        check("Chinese New Year" in conflicts[0]["message"], conflicts[0]["message"])


# --- output files

ALIKE_CODES = ("A-1", "A_1", "A 1", "款式-1", "裤子-1", "Жакет-1",
               "A-1 with a code long enough that its slug is cut to keep the UID on one line")


@test("plan --format ics: style codes whose slugs are alike (A-1, A_1, 款式-1, 裤子-1) keep an "
      "event each, every UID unique and on one line; two runs give the same UIDs")
def _():
    styles = "".join(f"""    - code: '{code}'
      name: Casual jacket
      category: jacket-casual
      construction: woven
      colors:
        - {{ name: Navy, units: 800 }}
""" for code in ALIKE_CODES)
    program = (JACKET.replace("LAUNCH", "2027-06-01")
               .replace("name: SS27", "name: A program name long enough to fill a UID by itself")
               .split("  styles:\n")[0] + "  styles:\n" + styles)
    with tmpdir() as tmp:
        path = write(tmp, "alike.yaml", program)
        runs = []
        for _ in range(2):
            r = run("plan", path, "--today", JACKET_TODAY, "--format", "ics")
            expect_exit(r, 0)
            check_ics(r.out, plan_json(path, "--today", JACKET_TODAY))
            check(not re.search(r"\r\nUID:[^\r]*\r\n[ \t]", r.out), "a UID folded over lines")
            runs.append([e["UID"][0][1] for e in read_ics(r.out)])
        uids = runs[0]
        check(len(uids) > 6 * len(ALIKE_CODES), f"only {len(uids)} events")
        check(len(set(uids)) == len(uids), f"{len(uids)} events, {len(set(uids))} UIDs",
              *sorted(u for u in uids if uids.count(u) > 1)[:6])
        check(runs[0] == runs[1], "the UIDs changed from one run to the next")
        for u in uids:
            check(re.fullmatch(r"[a-z0-9_-]+-[0-9a-f]{16}@selvedge", u) and len(u) <= 68,
                  f"UID {u!r}")


@test("--format xlsx without -o: exit 2, nothing on stdout, nothing written")
def _():
    with tmpdir() as tmp:
        path = os.path.join(EXAMPLES, "ready.yaml")
        r = run("plan", path, "--today", TODAY, "--format", "xlsx", cwd=tmp)
        expect_exit(r, 2)
        check(r.out == "", "output on stdout", r.describe())
        check(r.err.strip(), "no message on stderr", r.describe())
        check(os.listdir(tmp) == [], f"files written: {os.listdir(tmp)}")


@test("-o - is standard output, in every format (xlsx too, through a pipe); no file named "
      "'-' appears; -o ./- names that file")
def _():
    with tmpdir() as tmp:
        for fmt in FORMATS:
            r = run("plan", READY, "--today", TODAY, "--format", fmt, "-o", "-", cwd=tmp)
            expect_exit(r, 0)
            want = run_cached("plan", READY, "--today", TODAY, "--format", fmt)
            check(r.raw == want.raw, f"--format {fmt} -o -: not what stdout gets", r.describe())
        p = subprocess.run([BIN, "plan", READY, "--today", TODAY, "--format", "xlsx", "-o", "-"],
                           capture_output=True, cwd=tmp, env=base_env(), timeout=TIMEOUT)
        check(p.returncode == 0, f"xlsx -o -: exit {p.returncode}", p.stderr.decode())
        names = zipfile.ZipFile(io.BytesIO(p.stdout)).namelist()
        check("xl/workbook.xml" in names, f"xlsx -o -: not a whole workbook: {names}")
        check(os.listdir(tmp) == [], f"files written: {os.listdir(tmp)}")
        r = run("plan", READY, "--today", TODAY, "--format", "csv", "-o", "./-", cwd=tmp)
        expect_exit(r, 0)
        check(os.listdir(tmp) == ["-"] and r.out == "", f"-o ./-: {os.listdir(tmp)}")


@test("--format xlsx -o - on a terminal: refused (exit 2), no workbook on the screen")
def _():
    with tmpdir() as tmp:
        r = run_pty("plan", READY, "--today", TODAY, "--format", "xlsx", "-o", "-",
                    stream="stdout", cwd=tmp)
        expect_exit(r, 2)
        check("PK" not in r.out, "the workbook went to the terminal", r.out[:200])
        check(os.listdir(tmp) == [], f"files written: {os.listdir(tmp)}")


@test("-o - with stdout closed: exit 1, 'cannot write to standard output', in every format")
def _():
    with tmpdir() as tmp:
        for fmt in (*FORMATS, "xlsx"):
            p = subprocess.run([BIN, "plan", READY, "--today", TODAY, "--format", fmt, "-o",
                                "-"], stdin=subprocess.DEVNULL, stdout=None,
                               stderr=subprocess.PIPE, env=base_env(), timeout=TIMEOUT,
                               cwd=tmp, preexec_fn=lambda: os.close(1))
            err = p.stderr.decode("utf-8", "replace")
            check(p.returncode == 1 and err.count("cannot write to standard output") == 1,
                  f"--format {fmt}: exit {p.returncode}", err)
        check(os.listdir(tmp) == [], f"files written: {os.listdir(tmp)}")


@test("-o into a directory that does not exist: exit 1, the path named, nothing left behind")
def _():
    with tmpdir() as tmp:
        for fmt in ("ics", "csv", "json", "text", "xlsx"):
            out = os.path.join(tmp, "no-such-dir", f"plan.{fmt}")
            r = run("plan", os.path.join(EXAMPLES, "ready.yaml"), "--today", TODAY,
                    "--format", fmt, "-o", out)
            expect_exit(r, 1)
            check(out in r.err, f"stderr does not name {out}", r.describe())
            check(r.out == "", "output on stdout", r.describe())
            check(os.listdir(tmp) == [], f"left behind: {os.listdir(tmp)}")


@test("-o into a directory that cannot be written: exit 1, nothing left behind")
def _():
    if os.geteuid() == 0:
        raise Skip("running as root, which can write into any directory")
    with tmpdir() as tmp:
        locked = os.path.join(tmp, "locked")
        os.mkdir(locked, 0o555)
        try:
            for fmt in ("ics", "xlsx"):
                out = os.path.join(locked, f"plan.{fmt}")
                r = run("plan", os.path.join(EXAMPLES, "ready.yaml"), "--today", TODAY,
                        "--format", fmt, "-o", out)
                expect_exit(r, 1)
                check(out in r.err, f"stderr does not name {out}", r.describe())
                check(os.listdir(locked) == [], f"left behind: {os.listdir(locked)}")
        finally:
            os.chmod(locked, 0o755)


@test("-o naming an existing directory: exit 1, the path named, the temporary file removed")
def _():
    with tmpdir() as tmp:
        target = os.path.join(tmp, "target")
        os.mkdir(target)
        for fmt in ("ics", "csv", "json", "text", "xlsx"):
            r = run("plan", READY, "--today", TODAY, "--format", fmt, "-o", target)
            expect_exit(r, 1)
            check(target in r.err, f"stderr does not name {target}", r.describe())
            check(os.listdir(tmp) == ["target"] and os.listdir(target) == [],
                  f"left behind: {os.listdir(tmp)} {os.listdir(target)}", r.describe())


@test("stdout that cannot be written (/dev/full): exit 1 with a message, in every format")
def _():
    if not os.path.exists("/dev/full"):
        raise Skip("no /dev/full")
    for fmt in FORMATS:
        with open("/dev/full", "w") as full:
            p = subprocess.run([BIN, "plan", READY, "--today", TODAY, "--format", fmt],
                               stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE,
                               env=base_env(), timeout=TIMEOUT)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 1, f"--format {fmt} into /dev/full: exit {p.returncode}", err)
        check(err.strip(), f"--format {fmt} into /dev/full: no message")


@test("-o FILE holds exactly what stdout gets, in text, json, csv and ics; no temporary "
      "file left")
def _():
    with tmpdir() as tmp:
        for path in (os.path.join(EXAMPLES, "ready.yaml"), jacket(tmp, "2027-05-01")):
            for fmt in FORMATS:
                out = os.path.join(tmp, f"out.{fmt}")
                r = run("plan", path, "--today", TODAY, "--format", fmt, "-o", out)
                expect_exit(r, 0)
                check(r.out == "", "output on stdout with -o", r.describe())
                with open(out, "rb") as f:
                    written = f.read()
                direct = run_cached("plan", path, "--today", TODAY, "--format", fmt)
                check(written == direct.raw, f"--format {fmt}: the file differs from stdout",
                      f"file: {len(written)} bytes, stdout: {len(direct.raw)} bytes")
                left = [n for n in os.listdir(tmp) if ".tmp" in n]
                check(not left, f"temporary files left: {left}")
        # and -o replaces an existing file whole
        out = os.path.join(tmp, "out.ics")
        with open(out, "w") as f:
            f.write("old content that is longer than nothing\n" * 1000)
        r = run("plan", os.path.join(EXAMPLES, "ready.yaml"), "--today", TODAY,
                "--format", "ics", "-o", out)
        expect_exit(r, 0)
        with open(out, "rb") as f:
            check(f.read() == run_cached("plan", os.path.join(EXAMPLES, "ready.yaml"),
                                         "--today", TODAY, "--format", "ics").raw,
                  "an existing file is not replaced whole")


@test("the jacket across Chinese New Year: csv, ics and xlsx agree with the JSON")
def _():
    with tmpdir() as tmp:
        path = jacket(tmp, "2027-05-01")
        d = plan_json(path, "--today", JACKET_TODAY)
        check_csv(run("plan", path, "--today", JACKET_TODAY, "--format", "csv"), d)
        check_ics(run("plan", path, "--today", JACKET_TODAY, "--format", "ics").out, d)
        out = os.path.join(tmp, "jacket.xlsx")
        expect_exit(run("plan", path, "--today", JACKET_TODAY, "--format", "xlsx", "-o", out), 0)
        check_xlsx(out, d)
        with zipfile.ZipFile(out) as z:
            sheets = [s.get("name") for s in xml_of(z, "xl/workbook.xml").iter(f"{SML}sheet")]
        check("Closures" in sheets, f"sheets {sheets}: no Closures sheet")


# --- usage and input errors

USAGE = [
    ("--format pdf", ["--format", "pdf"]),
    ("--format with no value", ["--format"]),
    ("--mode rail", ["--mode", "rail"]),
    ("--mode with no value", ["--mode"]),
    ("--today 2026-02-30", ["--today", "2026-02-30"]),
    ("--today 25/11/2026", ["--today", "25/11/2026"]),
    ("--today with no value", ["--today"]),
    ("--origin XX", ["--origin", "XX"]),
    ("--origin Narnia", ["--origin", "Narnia"]),
    ("--origin with no value", ["--origin"]),
    ("an unknown option", ["--bogus"]),
]
for _desc, _args in USAGE:
    def _usage(args=_args):
        r = run("plan", READY, "--today", TODAY, *args) if "--today" not in args else \
            run("plan", READY, *args)
        expect_exit(r, 2)
        check(r.err.strip(), "no message on stderr", r.describe())
        check(r.out == "", "output on stdout for a usage error", r.describe())
    TESTS.append((f"plan {_desc}: usage error, exit 2, message on stderr", _usage))


@test("plan with no file, or two files: usage error, exit 2")
def _():
    for args in ([], [READY, READY]):
        r = run("plan", *args)
        expect_exit(r, 2)
        check(r.err.strip() and r.out == "", "expected a message on stderr only", r.describe())


@test("plan --origin FR (a country with no reference figures): usage error, exit 2, as "
      "check does")
def _():
    c = run("check", READY, "--today", TODAY, "--origin", "FR")
    r = run("plan", READY, "--today", TODAY, "--origin", "FR")
    check(r.out == "", "output on stdout", r.describe())
    check("FR" in r.err, "stderr does not name FR", r.describe())
    check(r.code == 2, f"plan exits {r.code}, check exits {c.code} for the same --origin FR",
          r.describe(), c.describe())


@test("plan --help: exit 0, on stdout, within 80 columns")
def _():
    r = run("plan", "--help")
    expect_exit(r, 0)
    check(r.out.strip() and r.err == "", "expected help on stdout only", r.describe())
    check_plain_80(r)
    for word in ("--origin", "--mode", "--today", "--format", "-o"):
        check(word in r.out, f"--help does not mention {word}")


@test("plan --json is the same as --format json")
def _():
    a = run_cached("plan", READY, "--today", TODAY, "--format", "json")
    b = run("plan", READY, "--today", TODAY, "--json")
    expect_exit(b, 0)
    check(a.raw == b.raw, "--json and --format json differ")


BAD_TIMELINES = [
    ("an unknown stage in program.timeline.days", "program",
     "  timeline:\n    days: { proto: 10, protto: 3 }\n", "protto", "proto"),
    ("an unknown stage in a style's timeline.days", "style",
     "      timeline:\n        days: { fit_smaple: 3 }\n", "fit_smaple", "fit_sample"),
    ("an unknown stage, block style", "program",
     "  timeline:\n    days:\n      sample_reviw: 3\n", "sample_reviw", "sample_review"),
]
for _desc, _where, _block, _bad, _good in BAD_TIMELINES:
    def _bad_timeline(where=_where, block=_block, bad=_bad, good=_good):
        text = JACKET.replace("LAUNCH", "2027-05-01")
        if where == "program":
            text = text.replace("  styles:\n", block + "  styles:\n")
        else:
            text = text + block
        lines = text.split("\n")
        line = next(i for i, l in enumerate(lines) if bad in l) + 1
        col = lines[line - 1].index(bad) + 1
        with tmpdir() as tmp:
            path = write(tmp, "bad-timeline.yaml", text)
            for fmt in FORMATS:
                r = run("plan", path, "--today", JACKET_TODAY, "--format", fmt)
                expect_exit(r, 1)
                check(r.out == "", "output on stdout for a refused file", r.describe())
                m = re.search(rf"{re.escape(path)}:(\d+):(\d+): ", r.err)
                check(m, f"stderr does not point at {path}:LINE:COLUMN", r.describe())
                check(int(m.group(1)) == line, f"line {m.group(1)}, expected {line}",
                      r.describe())
                check(int(m.group(2)) == col, f"column {m.group(2)}, expected {col}",
                      r.describe())
                check(bad in r.err, f"stderr does not name {bad!r}", r.describe())
                check("did you mean" in r.err and good in r.err,
                      f"no 'did you mean \"{good}\"'", r.describe())
            r = run("check", path, "--today", JACKET_TODAY)
            expect_exit(r, 1)
    TESTS.append((f"a program with {_desc}: exit 1, file:line:column and a did-you-mean",
                  _bad_timeline))


@test("a program file that does not exist: exit 1, the path on stderr")
def _():
    with tmpdir() as tmp:
        path = os.path.join(tmp, "no-such-program.yaml")
        r = run("plan", path, "--today", TODAY)
        expect_exit(r, 1)
        check(path in r.err and r.out == "", "expected the path on stderr only", r.describe())


@test("a program with no styles: exit 1, nothing to plan")
def _():
    with tmpdir() as tmp:
        path = write(tmp, "empty.yaml", "brand:\n  name: T\n  currency: USD\nprogram:\n"
                                        "  name: P\n  destination: US\n"
                                        "  launch_date: 2027-05-01\n")
        r = run("plan", path, "--today", TODAY)
        expect_exit(r, 1)
        check("styles" in r.err and r.out == "", "expected a message about styles",
              r.describe())


@test("a program without a launch date: exit 0, verdict no_launch_date, no ways out")
def _():
    with tmpdir() as tmp:
        path = write(tmp, "nolaunch.yaml",
                     JACKET.replace("  launch_date: LAUNCH\n", ""))
        d = plan_json(path, "--today", JACKET_TODAY)
        check(d["verdict"] == "no_launch_date", f"verdict {d['verdict']}")
        check(d["launch"] is None and d["slack_days"] is None,
              f"launch {d['launch']!r}, slack {d['slack_days']!r}")
        check(d["ways_out"] == [], f"ways out: {d['ways_out']}")
        check_plan_json(d)
        for fmt in ("text", "csv", "ics"):
            r = run("plan", path, "--today", JACKET_TODAY, "--format", fmt)
            expect_exit(r, 0)
        check_plain_80(run("plan", path, "--today", JACKET_TODAY))


# ---------------------------------------------------------------- the supported dates

@test("quantities no calendar holds (200 colours of 10,000,000 units at one a day): plan is "
      "refused in every format, exit 1, the style and the range "
      "named, no file written; check reports it as a blocker")
def _():
    colours = "".join(f"        - {{ name: C{k}, units: 10000000 }}\n" for k in range(200))
    text = JACKET.replace("LAUNCH", "2027-05-01").replace(
        "      colors:\n        - { name: Navy, units: 800 }\n",
        "      timeline: { output_per_day: 1 }\n      colors:\n" + colours)
    with tmpdir() as tmp:
        path = write(tmp, "vast.yaml", text)
        for fmt in ("ics", "csv", "xlsx", "json", "text"):
            out = os.path.join(tmp, f"plan.{fmt}")
            r = run("plan", path, "--today", JACKET_TODAY, "--format", fmt, "-o", out,
                    timeout=20)
            expect_exit(r, 1)
            check("program.styles[JK-01]" in r.err and "2099-12-31" in r.err,
                  "stderr does not name the style and the last supported day", r.describe())
            check(not os.path.exists(out), f"{out} was written")
            check(sorted(os.listdir(tmp)) == ["vast.yaml"], f"left behind: {os.listdir(tmp)}")
        r = run("check", path, "--today", JACKET_TODAY, "--json", timeout=20)
        expect_exit(r, 0)
        f = [x for x in load_json(r)["findings"] if x["code"] == "timeline.too_short"]
        check(len(f) == 1 and f[0]["severity"] == "blocker" and "2099-12-31" in f[0]["message"],
              f"timeline.too_short: {f}")


@test("dates outside 2001-01-01 to 2099-12-31: a launch date is refused at load (exit 1), "
      "--today is a usage error (exit 2), each message gives the range")
def _():
    with tmpdir() as tmp:
        for launch in ("9999-12-31", "2100-01-01", "2000-12-31"):
            path = write(tmp, "far.yaml", JACKET.replace("LAUNCH", launch))
            for cmd in ("plan", "check", "cost"):
                args = [cmd, path] + (["--today", JACKET_TODAY] if cmd != "cost" else [])
                r = run(*args)
                expect_exit(r, 1)
                check(f"{launch} is outside the dates selvedge plans in (2001-01-01 to "
                      "2099-12-31)" in r.err and "not a date that exists" not in r.err,
                      "expected the range in the message", r.describe())
        path = write(tmp, "ok.yaml", JACKET.replace("LAUNCH", "2027-05-01"))
        for cmd in ("plan", "check", "match"):
            r = run(cmd, path, "--today", "9999-12-31")
            expect_exit(r, 2)
            check("2001-01-01 to 2099-12-31" in r.err, "expected the range", r.describe())


@test("a trucked lane is road in every plan output: eu-knitwear.yaml (PT to DE) says road freight "
      "in the text's Shipping line and the workbook's Mode cell, not sea")
def _():
    path = os.path.join(EXAMPLES, "eu-knitwear.yaml")
    r = run("plan", path, "--today", TODAY)
    check(r.code == 0, r.describe())
    ship = [l for l in r.out.splitlines() if l.startswith("Shipping:")]
    check(ship and ship[0].startswith("Shipping: road freight PT to DE"), f"{ship}")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "plan.xlsx")
        r = run("plan", path, "--today", TODAY, "--format", "xlsx", "-o", out)
        check(r.code == 0, r.describe())
        with zipfile.ZipFile(out) as z:
            sst = xml_of(z, "xl/sharedStrings.xml")
            strings = {"".join(t.text or "" for t in si.iter(f"{SML}t"))
                       for si in sst.iter(f"{SML}si")}
        check("road freight" in strings and "sea freight" not in strings,
              f"{sorted(s for s in strings if 'freight' in s)}")


# --- a style's own origin (issue 9, the calendar)

@test("examples/kids-two-origins.yaml: the joggers made in Turkey are planned there (their own "
      "lead times, capacity booking, road lane and clearance), the other styles in India; text, "
      "JSON, CSV and ICS say where each milestone is made")
def _():
    path = os.path.join(EXAMPLES, "kids-two-origins.yaml")
    d = plan_json(path, "--today", "2026-11-25")
    check_plan_json(d)
    check(d["origin"] == "IN", f"origin {d['origin']}")
    got = [(o["origin"], o["styles"], o["mode"]) for o in d["origins"]]
    check(got == [("IN", ["BR-SLEEP-01", "BR-PJ-01", "BR-DRS-01"], "sea"),
                  ("TR", ["BR-JOG-01"], "road")], f"origins {got}")
    # two deliveries (70% on 15 April, 30% on 1 June), each shipped from both origins
    dels = [(x["date"], x["units"]) for x in d["deliveries"]]
    check([x[0] for x in dels] == ["2027-04-15", "2027-06-01"], f"deliveries {dels}")
    check(d["deliveries"][0]["ready"] == d["ready"], "the first delivery is the launch's")
    check(max(x["ready"] for x in d["deliveries"]) == max(o["ready"] for o in d["origins"]),
          f"deliveries {d['deliveries']}, origins {[o['ready'] for o in d['origins']]}")
    for m in d["milestones"]:
        want = ("TR" if m["style"] == "BR-JOG-01" else "IN") if m["style"] else m["origin"]
        check(m["origin"] == want, f"{m['style']} {m['name']}: made in {m['origin']}")
    ship = [m["name"] for m in d["milestones"] if m["style"] is None]
    for name in ("Capacity booking TR, 1st order", "Ex-factory TR (1 of 2)",
                 "Road freight TR to GB (2 of 2)", "Customs clearance (TR, 1 of 2)",
                 "Warehouse receipt (TR, 2 of 2)", "Sea freight IN to GB (1 of 2)",
                 "Delivery 2 of 2"):
        check(name in ship, f"no {name!r} among {ship}")
    jog = [m for m in d["milestones"] if m["style"] == "BR-JOG-01"]
    check(not [m for m in jog if m["kind"] == "sample_courier"],
          "samples from Turkey to a brand in Great Britain go by courier across regions")
    text = run("plan", path, "--today", "2026-11-25")
    expect_exit(text, 0)
    check_plain_80(text)
    for want in ("BR-JOG-01, made in TR", "1 style made in TR, road", "road freight TR to GB",
                 "sea freight IN to GB"):
        check(want in " ".join(text.out.split()), f"the text does not say {want!r}",
              text.describe())
    r = run("plan", path, "--today", "2026-11-25", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    check({x["origin"] for x in rows if x["style"] == "BR-JOG-01"} == {"TR"}, "csv origin")
    check({x["origin"] for x in rows if x["style"] == "BR-PJ-01"} == {"IN"}, "csv origin")
    r = run("plan", path, "--today", "2026-11-25", "--format", "ics")
    check("Made in: TR" in r.out.replace("\r\n ", ""), "the ICS does not say Made in: TR")


# --- deliveries after the first (issue 9, the calendar)

TWO_DROPS = """brand:
  name: Test Drops
  currency: USD
  location: US
program:
  name: SS27
  destination: US
  origin_preference: [CN]
  timeline: { output_per_day: 5 }
  deliveries:
    - { date: 2027-07-20, share_pct: 70 }
    - { date: 2027-07-21, share_pct: 30 }
  styles:
    - code: JK-01
      category: jacket-casual
      construction: woven
      colors:
        - { name: Navy, units: 800 }
"""


@test("a second delivery is planned from its own date: made and shipped after the first, it "
      "is late a day after the first's date, and plan and check say so, naming it")
def _():
    with tmpdir() as tmp:
        path = write(tmp, "drops.yaml", TWO_DROPS)
        d = plan_json(path, "--today", JACKET_TODAY)
        check_plan_json(d)
        dels = d["deliveries"]
        check([(x["date"], x["units"]) for x in dels] == [("2027-07-20", 560),
                                                          ("2027-07-21", 240)], f"{dels}")
        check(dels[0]["slack_days"] >= 0 and dels[1]["slack_days"] < 0 and dels[1]["binding"],
              f"{dels}")
        check(d["verdict"] == "infeasible", f"verdict {d['verdict']}")
        runs = [m["name"] for m in d["milestones"] if m["kind"] == "production"]
        check(runs == ["Production, first 40% (1 of 2)", "Production, the rest (1 of 2)",
                       "Production, first 40% (2 of 2)", "Production, the rest (2 of 2)"],
              f"{runs}")
        check(len([m for m in d["milestones"] if m["kind"] == "proto"]) == 1, "two protos")
        text = run("plan", path, "--today", JACKET_TODAY)
        expect_exit(text, 0)
        check_plain_80(text)
        flat = " ".join(text.out.split())
        check("Delivery 2 of 2, 2027-07-21, 240 units" in flat and "days late: the delivery "
              "that decides the verdict" in flat, "the text does not name the late delivery",
              text.describe())
        r = run("plan", path, "--today", JACKET_TODAY, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(r.out)))
        check({x["delivery"] for x in rows if x["kind"] == "final_inspection"} == {"1", "2"},
              "csv delivery column")
        c = run("check", path, "--today", JACKET_TODAY, "--json")
        findings = json.loads(c.out)["findings"]
        late = [f for f in findings if f["code"] == "timeline.too_short"]
        check(late and "2027-07-21 (delivery 2 of 2)" in late[0]["message"],
              f"check does not name the late delivery: {late}")


if __name__ == "__main__":
    sys.exit(main())
