#!/usr/bin/env python3
"""Integration tests for `selvedge brief`, the brief a factory reads, as PDF: what the PDF
says (pdftotext), how many pages and of what size (pdfinfo), that nothing is drawn off the
page (pdftotext -bbox), names in other scripts, and the refusals: blockers without --force,
a program check refuses, an output that cannot be written. The northline brief's pages are
rendered (pdftoppm -png -r 60) under the build directory, test-artifacts/brief/, for a
person to look at.

Needs poppler-utils (pdftotext, pdfinfo, pdftoppm); skipped without them. Standard library
only, with harness.py beside it; prints TAP.
"""
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, EXAMPLES, Failure, Skip, check, expect_exit, main, run,  # noqa: E402
                     run_pty, test, tmpdir)

# under the sanitizers: cairo's own leak when it finishes a PDF with a CFF font (the file
# says), known by cairo_surface_finish in its stack: the full stack is taken at each malloc
# (cairo has no frame pointers for the fast unwinder to follow). LeakSanitizer reads one
# suppressions file: one given already (meson gives tests/lsan.supp) is joined with this one
# in a file of this run's.
SUPP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan-cairo.supp")


def lsan_options():
    opts = [x for x in os.environ.get("LSAN_OPTIONS", "").split(":") if x]
    given = [x[len("suppressions="):] for x in opts if x.startswith("suppressions=")]
    opts = [x for x in opts if not x.startswith(("suppressions=", "fast_unwind_on_malloc="))]
    supp = SUPP
    if given:
        fd, supp = tempfile.mkstemp(prefix="selvedge-lsan-", suffix=".supp")
        with os.fdopen(fd, "w") as out:
            for path in given + [SUPP]:
                with open(path) as f:
                    out.write(f.read() + "\n")
        atexit.register(os.unlink, supp)
    os.environ["LSAN_OPTIONS"] = ":".join(opts + ["fast_unwind_on_malloc=0",
                                                  "suppressions=" + supp])


lsan_options()

NORTHLINE = os.path.join(EXAMPLES, "northline.yaml")
ON_TRACK = "2026-09-01"  # northline's launch is reachable from this day: no blocker
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdftoppm"))
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def need_poppler():
    if not POPPLER:
        raise Skip("poppler-utils (pdftotext, pdfinfo, pdftoppm) not installed")


def tool(*argv):
    p = subprocess.run(argv, capture_output=True, timeout=60)
    if p.returncode != 0:
        raise Failure(f"{argv[0]} failed ({p.returncode}): {p.stderr.decode('utf-8', 'replace')}")
    return p.stdout.decode("utf-8", "replace")


def text_of(pdf, raw=False):
    return tool("pdftotext", *(["-raw"] if raw else []), "-enc", "UTF-8", pdf, "-")


def squeezed(s):
    """Text without its white space: a name wrapped over lines of a cell still reads."""
    return re.sub(r"\s+", "", s)


def info(pdf):
    out = tool("pdfinfo", pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    m = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
    return pages, (float(m.group(1)), float(m.group(2)))


def brief(program, out, *args):
    return run("brief", program, "-o", out, "--today", ON_TRACK, *args)


def make_brief(program, name, *args, tmp):
    out = os.path.join(tmp, name)
    r = brief(program, out, *args)
    expect_exit(r, 0)
    check(os.path.isfile(out), "no PDF written", r.describe())
    with open(out, "rb") as f:
        check(f.read(5) == b"%PDF-", "the output is not a PDF")
    return out


def words_off_page(pdf, inset=10.0):
    """Every word pdftotext -bbox finds outside its page, less inset points on each side."""
    html = tool("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-")
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html)
    html = html.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(html)
    off, n = [], 0
    for page in root.iter("page"):
        w, h = float(page.get("width")), float(page.get("height"))
        for word in page.iter("word"):
            n += 1
            x0, y0 = float(word.get("xMin")), float(word.get("yMin"))
            x1, y1 = float(word.get("xMax")), float(word.get("yMax"))
            if x0 < inset or y0 < inset or x1 > w - inset or y1 > h - inset:
                off.append(f"{word.text!r} at {x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f} on {w}x{h}")
    check(n > 0, "pdftotext -bbox found no words")
    return off


# the Gantt's milestone bars: one filled path a milestone, in colours nothing else is filled
# with (include/selvedge/chart.h, SV_CHART_FILL_*); pdftocairo -svg writes the PDF's fills
BAR_FILLS = {0x2f6fb2, 0x3a9a6a, 0x8c7bb8, 0xd9481c}


def gantt_bars(pdf, tmp):
    svg = os.path.join(tmp, "pages.svg")
    tool("pdftocairo", "-svg", pdf, svg)
    with open(svg, encoding="utf-8") as f:
        data = f.read()
    n = 0
    for m in re.finditer(r"fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)", data):
        v = 0
        for part in m.groups():
            v = v << 8 | round(float(part) * 255 / 100)
        n += v in BAR_FILLS or v in PHASE_FILLS
    return n


# the summary's phases (SV_CHART_FILL_DEVELOP, _FABRIC, _MAKE): a bar a phase of a style
PHASE_FILLS = {0x5a8fd0, 0xc58b3c, 0x2f8f5b}


def phase_of(kind):
    """The summary's phase of a style's milestone, as docs/charts.md gives it."""
    if kind.startswith("fabric_"):
        return "fabric"
    if kind.startswith("production") or kind.endswith("_inspection"):
        return "production"
    return "development"


def summary_expected(d):
    """(bars, styles) of the summary of plan --json's document d: a bar a phase a style has,
    a bar a milestone of the program's own (bookings, shipping)."""
    phases = {(m["style"], phase_of(m["kind"])) for m in d["milestones"] if m.get("style")}
    shared = sum(1 for m in d["milestones"] if not m.get("style"))
    return len(phases) + shared, len({k[0] for k in phases})


def plan_milestones(program_path):
    r = run("plan", program_path, "--today", ON_TRACK, "--format", "json")
    expect_exit(r, 0)
    return json.loads(r.out)["milestones"]


def artifacts_dir():
    d = os.path.join(os.path.dirname(BIN), "test-artifacts", "brief")
    os.makedirs(d, exist_ok=True)
    return d


# ---------------------------------------------------------------- programs

STYLE = """    - code: {code}
      name: {name}
      category: {category}
      gender: {gender}
      construction: knit
      fabric: {{ composition: "{composition}", weight_gsm: 180 }}
      retail_price: 40.00
      target_fob: 6.50
      sizes: [S, M, L]
      colors:
{colors}
      tech_pack: {{ sketch: true, bom: true, measurements: true, grading: true, construction: true, labels: true, packaging: true }}
"""


def program(styles, brand="Brand Test", program_name="SS27", contact=""):
    head = f"""brand:
  name: "{brand}"
  positioning: mid
  channels: [dtc, wholesale]
  currency: USD
  funding: self-funded
  team: {{ tech_design: in-house, production_experience_years: 5 }}
  sampling_budget: 3000.00
  payment_terms: {{ deposit_pct: 30, balance: before-shipment }}
  growth_plan:
    - {{ season: FW27, units: 9000 }}
{contact}program:
  name: "{program_name}"
  destination: US
  launch_date: 2027-06-15
  origin_preference: [PT]
  styles:
"""
    return head + "".join(styles)


def style(code, name, category="t-shirt", gender="unisex", colors=(("Black", 600),),
          composition="100% organic cotton"):
    cl = "".join(f'        - {{ name: "{c}", units: {u} }}\n' for c, u in colors)
    return STYLE.format(code=code, name=name, category=category, gender=gender, colors=cl,
                        composition=composition)


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ---------------------------------------------------------------- the northline brief

@test("northline: a PDF of 2-3 A4 pages with the style code, units, dates and terms")
def t_northline():
    need_poppler()
    with tmpdir() as tmp:
        pdf = make_brief(NORTHLINE, "brief.pdf", tmp=tmp)
        pages, size = info(pdf)
        check(2 <= pages <= 3, f"northline's brief has {pages} pages, not 2 or 3")
        check(abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1, f"not A4: {size}")
        txt = text_of(pdf)
        raw = squeezed(text_of(pdf, raw=True))
        for want in ("Northline Athletics", "SS27 launch", "NL-LEG-01", "High-rise 7/8",
                     "leggings", "Black 600", "Moss 300", "900", "18.50 USD", "98.00 USD",
                     "2027-03-15", "4,500.00 USD", "30% deposit, balance before shipment",
                     "OEKO-TEX 100", "FW27", "3,000", "SS28", "6,000", "lacks packaging",
                     "78% recycled nylon", f"page 1 of {pages}", f"page {pages} of {pages}"):
            # a cell's text may wrap: looked for without its white space too
            check(want in txt or squeezed(want) in raw, f"{want!r} is not in the brief's text",
                  txt[:3000])
        # the ex-factory date the launch needs, as plan gives it (latest start of ex-factory)
        csv = run("plan", NORTHLINE, "--today", ON_TRACK, "--format", "json")
        expect_exit(csv, 0)
        import json
        plan = json.loads(csv.out)
        ms = [m for m in plan["milestones"] if m["kind"] == "ex_factory"]
        check(ms, "plan --format json has no ex-factory milestone")
        latest = ms[0].get("latest_start")
        check(latest and latest in txt, f"the ex-factory date needed ({latest}) is not in the "
              "brief", txt[:3000])
        check(not words_off_page(pdf), "text off the page", *words_off_page(pdf)[:10])
        # the pages rendered, kept for a person to look at
        out = artifacts_dir()
        for old in os.listdir(out):
            if old.startswith("northline-"):
                os.remove(os.path.join(out, old))
        shutil.copy(pdf, os.path.join(out, "northline.pdf"))
        tool("pdftoppm", "-png", "-r", "60", pdf, os.path.join(out, "northline"))
        pngs = [f for f in os.listdir(out) if f.startswith("northline-") and f.endswith(".png")]
        check(len(pngs) == pages, f"{len(pngs)} pages rendered, not {pages}")


@test("--paper letter gives US Letter pages, a4 (the default) A4; another paper is refused")
def t_paper():
    need_poppler()
    with tmpdir() as tmp:
        a4 = make_brief(NORTHLINE, "a4.pdf", "--paper", "a4", tmp=tmp)
        letter = make_brief(NORTHLINE, "letter.pdf", "--paper", "letter", tmp=tmp)
        _, s4 = info(a4)
        _, sl = info(letter)
        check(abs(s4[0] - A4[0]) < 1 and abs(s4[1] - A4[1]) < 1, f"a4 is {s4}")
        check(abs(sl[0] - LETTER[0]) < 1 and abs(sl[1] - LETTER[1]) < 1, f"letter is {sl}")
        check(not words_off_page(letter), "text off the Letter page")
        r = brief(NORTHLINE, os.path.join(tmp, "x.pdf"), "--paper", "a3")
        expect_exit(r, 2)
        check("--paper is a4 or letter" in r.err, "no usage message", r.describe())
        check(not os.path.exists(os.path.join(tmp, "x.pdf")), "written anyway")


@test("--factory ID puts the factory's name from the registry on the cover")
def t_factory():
    need_poppler()
    with tmpdir() as tmp:
        db = os.path.join(tmp, "reg.db")
        r = run("--db", db, "factories", "import", os.path.join(EXAMPLES, "factories.yaml"))
        expect_exit(r, 0)
        lst = run("--db", db, "factories", "list")
        expect_exit(lst, 0)
        m = re.search(r"^\s*(\d+)\s+(\S.*?)\s{2,}", lst.out, re.M)
        check(m, "cannot read a factory from factories list", lst.describe())
        fid = m.group(1)
        show = run("--db", db, "factories", "show", fid)
        expect_exit(show, 0)
        name = show.out.split("\n")[0].strip()
        out = os.path.join(tmp, "f.pdf")
        r = run("--db", db, "brief", NORTHLINE, "-o", out, "--today", ON_TRACK, "--factory",
                fid, "--force")
        check(r.code in (0,), "brief --factory failed", r.describe())
        txt = squeezed(text_of(out, raw=True))
        check(squeezed("Prepared for") in txt, "no cover line", txt[:1500])
        check(squeezed(name)[:20] in txt, f"the factory's name ({name}) is not on the cover",
              txt[:1500])
        r = run("--db", db, "brief", NORTHLINE, "-o", os.path.join(tmp, "g.pdf"), "--today",
                ON_TRACK, "--factory", "no-such-factory")
        expect_exit(r, 1)
        check("no such factory" in r.err, "no message for an unknown factory", r.describe())
        check(not os.path.exists(os.path.join(tmp, "g.pdf")), "written for an unknown factory")


# ---------------------------------------------------------------- layout under load

LONG_WORD = "Superkalifragilistischexpialigetisch" * 2  # no break in it
LONG_NAME = ("Extraordinarily long technical performance running jacket name with many words "
             "that must wrap inside its cell " + LONG_WORD)


@test("50 styles and long names: every code and name in the text, nothing off the page, "
      "the range continued with its header")
def t_fifty():
    need_poppler()
    styles = []
    for i in range(50):
        name = LONG_NAME if i % 7 == 0 else f"Organic cotton tee number {i}"
        colors = [(f"Colourway {k} with a long descriptive name", 300) for k in range(6)] \
            if i % 9 == 0 else [("Black", 500), ("White", 300)]
        styles.append(style(f"LONG-{i:03d}", name, colors=colors,
                            composition="60% organic cotton, 35% recycled polyester, "
                                        "5% elastane, brushed back, enzyme washed"))
    brand = "The Very Long Brand Name Collective Of Independent Makers " + LONG_WORD
    text = program(styles, brand=brand, program_name="Autumn Winter Capsule " + LONG_WORD,
                   contact="  contact: { name: Ana, email: ana@example.com }\n")
    with tmpdir() as tmp:
        src = write(tmp, "fifty.yaml", text)
        c = run("check", src, "--today", ON_TRACK)
        check(c.code == 0, "the generated program does not pass check", c.describe())
        pdf = make_brief(src, "fifty.pdf", "--force", tmp=tmp)
        pages, _ = info(pdf)
        check(pages >= 3, f"50 styles fit on {pages} pages?")
        raw = squeezed(text_of(pdf, raw=True))
        for i in range(50):
            check(f"LONG-{i:03d}" in raw, f"LONG-{i:03d} is not in the text")
        check(squeezed(LONG_NAME) in raw, "the long style name is not in the text whole")
        check(squeezed("Organic cotton tee number 48") in raw, "the last style's name is missing")
        check(squeezed("Colourway 5 with a long descriptive name 300") in raw,
              "a long colour's units are missing")
        off = words_off_page(pdf)
        check(not off, f"{len(off)} words off the page", *off[:10])
        txt = text_of(pdf)
        pages_text = txt.split("\f")
        raw_pages = [squeezed(p) for p in text_of(pdf, raw=True).split("\f")]
        cont = [n for n, p in enumerate(raw_pages, 1) if "Therange(continued)" in p]
        check(cont, "the range is not said to continue", txt[:2000])
        head = squeezed("The range (continued) Code Name Category Fabric Sizes Colours (units) "
                        "Units Target FOB Tech pack LONG-")
        for n in cont:  # the header repeated on the page it continues on, then a style
            check(head in raw_pages[n - 1], f"page {n} continues the range without its header",
                  raw_pages[n - 1][:1500])
        for n in range(1, pages + 1):
            check(f"page {n} of {pages}" in pages_text[n - 1], f"page {n} is not numbered")
        check("ana@example.com" in txt, "the contact is not in the brief")
        # 50 styles: the Gantt a row a style, on a page of its own, and where the full one is
        check("Time-and-actionsummary" in raw, "no summary Gantt", raw[:3000])
        check("Time-and-actionchart" not in raw, "the full Gantt of 50 styles is in the brief")
        check(squeezed("The full calendar: selvedge plan --format svg") in raw,
              "the brief does not say where the full calendar is")
        d = json.loads(run("plan", src, "--today", ON_TRACK, "--format", "json").out)
        want, _ = summary_expected(d)
        bars = gantt_bars(pdf, tmp)
        check(bars == want, f"{bars} bars in the PDF, the summary has {want}")


@test("50 plain styles: a brief of at most 6 pages, every style code in it, the Gantt a row "
      "a style on one page; northline and ready keep the full Gantt")
def t_fifty_plain():
    need_poppler()
    styles = [style(f"SS27-{i:03d}", f"Organic tee {i}", colors=(("Black", 500), ("White", 300)))
              for i in range(50)]
    with tmpdir() as tmp:
        src = write(tmp, "plain50.yaml", program(styles))
        pdf = make_brief(src, "plain50.pdf", "--force", tmp=tmp)
        pages, _ = info(pdf)
        check(pages <= 6, f"the brief of 50 styles has {pages} pages")
        raw = squeezed(text_of(pdf, raw=True))
        for i in range(50):
            check(f"SS27-{i:03d}" in raw, f"SS27-{i:03d} is not in the text")
        caps = re.findall(r"Time-and-actionsummary[^:]*:rows", raw)
        check("Time-and-actionsummary" in raw and not caps,
              "the summary of 50 short rows is not on one page", raw[:3000])
        check(squeezed("The full calendar: selvedge plan --format svg") in raw,
              "the brief does not say where the full calendar is")
        d = json.loads(run("plan", src, "--today", ON_TRACK, "--format", "json").out)
        want, nstyles = summary_expected(d)
        check(nstyles == 50, f"{nstyles} styles in the plan")
        bars = gantt_bars(pdf, tmp)
        check(bars == want, f"{bars} bars in the PDF, the summary has {want}")
        check(not words_off_page(pdf), "text off the page", *words_off_page(pdf)[:10])
        # rendered for a person to look at
        out = artifacts_dir()
        for old in os.listdir(out):
            if old.startswith("fifty-"):
                os.remove(os.path.join(out, old))
        tool("pdftoppm", "-png", "-r", "70", pdf, os.path.join(out, "fifty"))
        # a few styles: the full chart, a bar a milestone
        for ex in (NORTHLINE, os.path.join(EXAMPLES, "ready.yaml")):
            pdf = make_brief(ex, "few.pdf", "--force", tmp=tmp)
            raw = squeezed(text_of(pdf, raw=True))
            name = os.path.basename(ex)
            check("Time-and-actionchart" in raw and "Time-and-actionsummary" not in raw,
                  f"{name}: not the full Gantt")
            check(gantt_bars(pdf, tmp) == len(plan_milestones(ex)),
                  f"{name}: not a bar a milestone")


@test("the time-and-action Gantt is in the timeline: a bar and a label per milestone of plan")
def t_gantt():
    need_poppler()
    with tmpdir() as tmp:
        pdf = make_brief(NORTHLINE, "gantt.pdf", tmp=tmp)
        ms = plan_milestones(NORTHLINE)
        check(len(ms) > 20, f"northline's plan has {len(ms)} milestones?")
        bars = gantt_bars(pdf, tmp)
        check(bars == len(ms), f"{bars} milestone bars in the PDF, plan has {len(ms)}")
        raw = squeezed(text_of(pdf, raw=True))
        for m in ms:
            check(squeezed(m["name"]) in raw, f"the chart's label {m['name']!r} is not in the text")
        check(squeezed("Time and action: Northline Athletics") in raw, "no chart title", raw[:2000])
        check("milestonesareinthetablesbelow" not in raw, "the placeholder box is still there")


@test("price points: retail and wholesale as given; a wholesale brand without one, at keystone")
def t_price_points():
    need_poppler()
    with tmpdir() as tmp:
        txt = squeezed(text_of(make_brief(NORTHLINE, "north.pdf", tmp=tmp)))
        check(squeezed("retail 98.00 USD; wholesale 49.00 USD (an estimate: the retail at the "
                       "keystone multiple)") in txt, "northline's price points", txt[:1500])
        styles = [style("PP-1", "Tee"), style("PP-2", "Hoodie")]
        text = program(styles).replace("retail_price: 40.00\n",
                                       "retail_price: 40.00\n      wholesale_price: 19.00\n", 1)
        src = write(tmp, "pp.yaml", text)
        txt = squeezed(text_of(make_brief(src, "pp.pdf", "--force", tmp=tmp)))
        check(squeezed("retail 40.00 USD; wholesale 19.00 USD to 20.00 USD") in txt,
              "a given wholesale price with an estimated one", txt[:1500])
        text = program([style("PP-1", "Tee")]).replace("channels: [dtc, wholesale]",
                                                       "channels: [dtc]")
        src = write(tmp, "dtc.yaml", text)
        txt = squeezed(text_of(make_brief(src, "dtc.pdf", "--force", tmp=tmp)))
        check(squeezed("Price points retail 40.00 USD") in txt and "wholesale" not in
              txt.split("Currency")[0].split("Pricepoints")[1], "a DTC brand has no wholesale "
              "price point estimated", txt[:1500])


@test("names in Chinese, Vietnamese, Bengali, Turkish and accented Latin are in the text")
def t_scripts():
    need_poppler()
    names = {"ZH-01": "高腰瑜伽裤", "VN-01": "Áo khoác gió chống nước",
             "BN-01": "সুতির টি-শার্ট", "TR-01": "Örgü kazak İğne işi",
             "FR-01": "Robe d'été à fleurs brodées"}
    styles = [style(code, name) for code, name in names.items()]
    text = program(styles, brand="Maison Éloïse Şahin", program_name="Été 2027 夏季",
                   contact="  contact: { name: Nguyễn Thị Hương, phone: \"+84 24 5550 100\" }\n")
    with tmpdir() as tmp:
        src = write(tmp, "scripts.yaml", text)
        pdf = make_brief(src, "scripts.pdf", "--force", tmp=tmp)
        raw = squeezed(text_of(pdf, raw=True))
        import unicodedata
        raw_nfc = unicodedata.normalize("NFC", raw)
        for want in [*names.values(), "Maison Éloïse Şahin", "Été 2027 夏季", "Nguyễn Thị Hương"]:
            w = unicodedata.normalize("NFC", squeezed(want))
            check(w in raw_nfc, f"{want!r} is not in the brief's text", raw_nfc[:2500])
        check(not words_off_page(pdf), "text off the page")
        # no glyph fell back to a missing-glyph box: every font is embedded
        fonts = tool("pdffonts", pdf) if shutil.which("pdffonts") else ""
        for line in fonts.split("\n")[2:]:
            if line.strip():
                check(" yes " in line, f"a font is not embedded: {line}")


# ---------------------------------------------------------------- refusals

@test("blockers: printed on stderr, nothing written (exit 1); --force writes and says so")
def t_blockers():
    need_poppler()
    prog = os.path.join(EXAMPLES, "fast-fashion-price.yaml")
    c = run("check", prog, "--today", ON_TRACK)
    blockers = re.findall(r"^BLOCKER (\S+)", c.out, re.M)
    check(blockers, "fast-fashion-price.yaml has no blockers to test with", c.describe())
    with tmpdir() as tmp:
        out = os.path.join(tmp, "b.pdf")
        r = brief(prog, out)
        expect_exit(r, 1)
        check(r.out == "", "something on stdout", r.describe())
        for code in blockers:
            check(code in r.err, f"blocker {code} not on stderr", r.describe())
        check("--force" in r.err, "stderr does not say how to insist", r.describe())
        check(not os.path.exists(out), "a brief was written despite the blockers")
        check(os.listdir(tmp) == [], f"left behind: {os.listdir(tmp)}")
        r = brief(prog, out, "--force")
        expect_exit(r, 0)
        check(os.path.isfile(out), "--force wrote nothing")
        check("written with" in r.err and "blocker" in r.err, "stderr does not say the brief "
              "carries blockers", r.describe())
        # northline from a day its launch cannot be reached: the timeline blocker
        r = run("brief", NORTHLINE, "-o", os.path.join(tmp, "late.pdf"), "--today", "2026-12-20")
        expect_exit(r, 1)
        check("timeline." in r.err, "no timeline blocker said", r.describe())


@test("a program check refuses is refused with check's message, nothing written")
def t_bad_program():
    with tmpdir() as tmp:
        bad = write(tmp, "bad.yaml", "brand:\n  name: X\n  currency: XYZ\nprogram:\n  name: P\n")
        c = run("check", bad)
        expect_exit(c, 1)
        out = os.path.join(tmp, "b.pdf")
        r = brief(bad, out)
        expect_exit(r, 1)
        check(r.err == c.err, "not check's message", f"check: {c.err}", f"brief: {r.err}")
        check(not os.path.exists(out), "written for a bad program")
        r = brief(os.path.join(tmp, "missing.yaml"), out)
        expect_exit(r, 1)
        check(not os.path.exists(out), "written for a missing program")


@test("-o is required; -o - to a pipe is the PDF on stdout; unwritable -o is an error")
def t_output():
    with tmpdir() as tmp:
        r = run("brief", NORTHLINE, "--today", ON_TRACK)
        expect_exit(r, 2)
        check("-o" in r.err, "no word about -o", r.describe())
        r = run("brief", NORTHLINE, "--today", ON_TRACK, "-o", "-")
        expect_exit(r, 0)
        check(r.raw.startswith(b"%PDF-"), "stdout is not a PDF", r.describe())
        # -o - on a terminal: refused, not a screenful of PDF
        r = run_pty("brief", NORTHLINE, "--today", ON_TRACK, "-o", "-")
        expect_exit(r, 2)
        check("%PDF" not in r.out, "a PDF on the terminal", r.describe())
        # a directory that does not exist, a directory, a read-only directory
        r = brief(NORTHLINE, os.path.join(tmp, "nope", "b.pdf"))
        expect_exit(r, 1)
        check("nope" in r.err, "the path is not named", r.describe())
        r = brief(NORTHLINE, tmp)
        expect_exit(r, 1)
        ro = os.path.join(tmp, "ro")
        os.mkdir(ro)
        os.chmod(ro, 0o555)
        try:
            # as root the directory is writable all the same: nothing to refuse there
            if not os.access(ro, os.W_OK):
                r = brief(NORTHLINE, os.path.join(ro, "b.pdf"))
                expect_exit(r, 1)
                check(os.listdir(ro) == [], f"left in the directory: {os.listdir(ro)}")
        finally:
            os.chmod(ro, 0o755)
        # a path through a regular file: no one can write there
        r = brief(NORTHLINE, os.path.join(NORTHLINE, "b.pdf"))
        expect_exit(r, 1)
        # an existing file is replaced whole: a failed brief leaves it as it was
        keep = write(tmp, "keep.pdf", "old")
        bad = write(tmp, "bad.yaml", "brand: [\n")
        r = brief(bad, keep)
        expect_exit(r, 1)
        with open(keep) as f:
            check(f.read() == "old", "the old file was touched")


@test("a full disk: the write fails with a message, nothing half-written")
def t_full():
    if not os.path.exists("/dev/full"):
        raise Skip("no /dev/full")
    r = brief(NORTHLINE, "/dev/full")
    expect_exit(r, 1)
    check("cannot write" in r.err or "No space" in r.err, "no message", r.describe())


if __name__ == "__main__":
    sys.exit(main())
