#!/usr/bin/env python3
"""Integration tests for the readers of input files on the command line, against hostile
files: control characters from YAML escapes and in CSV cells, a cell far over its limit, a NUL
byte past the first MiB, a quote left open, a handle given twice. Each is refused the way the
docs say (a program or YAML factory file as a whole with exit 1, a CSV row skipped and
reported, a CSV file with a repeated handle as a whole), naming file, line and field, and no
control character reaches the terminal.

Standard library only, with the helpers the scripts share in harness.py beside it. Prints
TAP. Every run is in a scratch directory, without SELVEDGE_DB in its environment.
"""
import atexit
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, expect_exit, main, test  # noqa: E402

SCRATCH = tempfile.mkdtemp(prefix="selvedge-readers-cli-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
_n = [0]


def write(name, data):
    p = os.path.join(SCRATCH, name)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def run(*args):
    return harness.run(*args, cwd=SCRATCH, drop=("SELVEDGE_DB",))


def fresh_db():
    _n[0] += 1
    return os.path.join(SCRATCH, f"t{_n[0]}.db")


def no_raw_controls(r):
    for stream, text in (("stdout", r.out), ("stderr", r.err)):
        bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f]
        check(not bad, f"{stream} carries control characters {bad!r}", r.describe())


PROGRAM = ("brand:\n  name: {name}\n  currency: USD\nprogram:\n  name: P\n  destination: US\n"
           "  styles:\n    - code: S1\n      colors:\n        - {{ name: Black, units: 10 }}\n")


@test("check: a program whose name holds \\e, \\x1b or \\u009b is refused, exit 1, file:line:col")
def _():
    for esc, what in (("\\e[31m", "U+001B"), ("\\x1b]8;;http://x.test\\x1b\\\\", "U+001B"),
                      ("\\u009b2J", "U+009B")):
        p = write("p.yaml", PROGRAM.format(name=f'"Acme{esc}"'))
        r = run("check", p)
        expect_exit(r, 1)
        check("p.yaml:2:9: name:" in r.err and what in r.err and "control character" in r.err,
              "unclear message", r.describe())
        no_raw_controls(r)


@test("factories import: a YAML factory file with an escape is refused, nothing imported")
def _():
    p = write("f.yaml", 'currency: USD\nfactories:\n  - name: "Evil\\e[2J"\n    country: PT\n')
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 1)
    check("f.yaml:3:11: name:" in r.err and "U+001B" in r.err, "unclear message", r.describe())
    no_raw_controls(r)


@test("factories import: a CSV row with ESC, BEL, CR or C1 in a cell is skipped and reported")
def _():
    rows = ["CN,Good,Road", "CN,Evil\x1b[31mRed,Road", "CN,Bell\x07,Road", 'CN,"Car\rriage",Road',
            "CN,Csi\u009b1m,Road", "CN,Name,Road\x1b]8;;x\x07", "CN,After,Road"]
    p = write("c.csv", "country,name,address\n" + "\n".join(rows) + "\n")
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 0)
    # the quoted CR is a line end for the line count: the rows after it are a line further
    for line, field in ((3, "name"), (4, "name"), (5, "name"), (7, "name"), (8, "address")):
        check(f"c.csv:{line}: {field}: holds a control character" in r.err,
              f"line {line} not reported", r.describe())
    no_raw_controls(r)
    r = run("--db", db, "factories", "list")
    expect_exit(r, 0)
    check("Good" in r.out and "After" in r.out and "Evil" not in r.out, "wrong rows kept",
          r.describe())


@test("factories import: a 20 MB name is a bad row, the rest imports")
def _():
    p = write("huge.csv", b"country,name,address\nCN," + b"N" * (20 << 20) + b",Road\nCN,Next,Road\n")
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 0)
    check("huge.csv:2: name: is longer than 4096 bytes" in r.err, "not reported", r.describe())
    check("1 new" in r.out, "the next row was not imported", r.describe())


@test("factories import: a NUL byte past the first MiB refuses the file, naming the line")
def _():
    rows = b"".join(b"CN,Factory %d,Road %d\n" % (i, i) for i in range(60000))
    line = 60000 + 2
    p = write("nul.csv", b"country,name,address\n" + rows + b"CN,Cut\x00Here,Road\n")
    check(len(rows) > (1 << 20), "the file is not over 1 MiB")
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 1)
    check(f"nul.csv:{line}:" in r.err and "NUL" in r.err, "unclear message", r.describe())


@test("factories import: a quote left open is reported on its line, naming the quote")
def _():
    p = write("q.csv", 'country,name,address\nCN,"Acme Ltd,Road 1\nCN,Beta,Road 2\n'
                       'CN,Gamma,"Road 3"\nCN,Delta,Road 4\n')
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 0)
    check("q.csv:2: name:" in r.err and "quote" in r.err, "not reported", r.describe())


@test("factories import: rows swallowed by a quote are reported; a long address is not")
def _():
    # issue 8: the three files of the acceptance test, as given
    uq = ('country,name,address,sector\nCN,Alpha Garment,"12 Road, Ningbo,Apparel\n'
          'CN,Bravo Garment,5 Street Wuxi,Apparel\nCN,Charlie Knit,7 Lane Suzhou,Apparel\n'
          'CN,Delta Weaving,"9 Avenue, Hangzhou",Apparel\n')
    uqc = ('name,country,address,categories\nAlpha,CN,"12 Road, Ningbo,t-shirt\n'
           'Bravo,CN,5 Wuxi,t-shirt\nCharlie,CN,7 Suzhou,hoodie\n'
           'Delta,CN,"9 Hangzhou",shirt-woven\n')
    ml = ('country,name,address,sector,lat,lng\nCN,Foxtrot Garment,"Foxtrot Industrial Park\n'
          'Room 101, Block A, No. 5, Lane 88, Xinzhuang Road, Minhang District\n'
          'Shanghai 201100",Apparel,31.1,121.4\n')
    for name, text in (("uq.csv", uq), ("uqc.csv", uqc)):
        db = fresh_db()
        r = run("--db", db, "factories", "import", write(name, text))
        expect_exit(r, 0)
        check(f"{name}:2: address: line 3, inside the cell, reads like a row" in r.err
              and "quote" in r.err, "not reported", r.describe())
        check("0 new" in r.out and "1 skipped" in r.out, "a row was imported", r.describe())
        r = run("--db", db, "factories", "list")
        check("Alpha" not in r.out and "Delta" not in r.out, "the swallowed row was kept",
              r.describe())
    db = fresh_db()
    r = run("--db", db, "factories", "import", write("ml.csv", ml))
    expect_exit(r, 0)
    check("1 new" in r.out and r.err == "", "the address was refused", r.describe())
    r = run("--db", db, "factories", "show", "1")
    check("Minhang District" in r.out and "Shanghai 201100" in r.out, "the address was cut",
          r.describe())


@test("factories import: a capability CSV figure out of range is a bad row; match never sees it")
def _():
    p = write("r.csv", "handle,name,country,categories,production_days,sample_fee\n"
                       "huge,Huge Days,PT,leggings,99999999,25.00\n"
                       "rich,Rich Fee,PT,leggings,45,92233720368547758.07\n"
                       "fine,Fine Knit,PT,leggings,365,100000000.00\n")
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 0)
    check('r.csv:2: production_days: "99999999" is outside 1 to 365 days' in r.err,
          "the days not reported", r.describe())
    check('r.csv:3: sample_fee: "92233720368547758.07" is outside 0.00 to 100,000,000.00' in r.err,
          "the fee not reported", r.describe())
    check("1 new" in r.out and "2 skipped" in r.out, "wrong rows kept", r.describe())
    prog = write("p.yaml", PROGRAM.format(name="Acme").replace(
        "code: S1\n", "code: S1\n      category: leggings\n"))
    r = run("--db", db, "match", prog, "--today", "2026-01-05")
    check("32767" not in r.out and "Huge" not in r.out and "Rich" not in r.out,
          "an absurd figure reached match", r.describe())


@test("factories import: the same handle twice in a capability CSV refuses the file")
def _():
    p = write("d.csv", "handle,name,country,categories\nporto,Porto Knit,PT,t-shirt\n"
                       "braga,Braga Knit,PT,t-shirt\nporto,Porto Two,PT,hoodie\n")
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 1)
    check("d.csv:4: handle:" in r.err and "first on line 2" in r.err, "unclear message",
          r.describe())
    r = run("--db", db, "factories", "list")
    check("Porto" not in r.out and "Braga" not in r.out, "part of the file was kept",
          r.describe())


@test("factories import: the same OS ID twice in a capability CSV or YAML refuses the file")
def _():
    p = write("o.csv", "handle,name,country,os_id\nporto,Porto Knit,PT,PT2020ABC\n"
                       "braga,Braga Knit,PT,PT2020XYZ\nporto-two,Porto Two,PT,pt2020abc\n")
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 1)
    check("o.csv:4: os_id:" in r.err and "twice" in r.err and "first on line 2" in r.err,
          "unclear message", r.describe())
    y = write("o.yaml", "currency: USD\nfactories:\n"
                        "  - { id: porto, name: Porto Knit, country: PT, os_id: PT2020ABC }\n"
                        "  - { id: porto-two, name: Porto Two, country: PT, os_id: PT2020ABC }\n")
    r = run("--db", db, "factories", "import", y)
    expect_exit(r, 1)
    check("o.yaml:4:" in r.err and "os_id" in r.err and "first on line 3" in r.err,
          "unclear message", r.describe())
    r = run("--db", db, "factories", "list")
    check("Porto" not in r.out and "Braga" not in r.out, "part of a file was kept", r.describe())


@test("factories import: a CSV handle keeps the YAML id's rule: Porto-Knit is a bad row")
def _():
    p = write("h.csv", "handle,name,country\nporto-knit,Porto Knit,PT\n"
                       "Porto-Knit,Porto Knit Two,PT\n")
    db = fresh_db()
    r = run("--db", db, "factories", "import", p)
    expect_exit(r, 0)
    check("h.csv:3: handle:" in r.err and "lower-case" in r.err, "not reported", r.describe())
    check("1 new" in r.out, "wrong rows kept", r.describe())


if __name__ == "__main__":
    sys.exit(main())
