#!/usr/bin/env python3
"""Integration tests for certification names on the command line: spellings in the files a
user imports (an Open Supply Hub download's claim column, a capability CSV and YAML) reach
the registry as the certification they name, and a required certification selvedge does not
know is reported by `match` and `check --factory` as not checked instead of being ignored.

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
from harness import EXAMPLES, TODAY, check, check_plain_80, expect_exit, load_json, main, test  # noqa: E402

SCRATCH = tempfile.mkdtemp(prefix="selvedge-certs-cli-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
FACTORIES = os.path.join(EXAMPLES, "factories.yaml")
NORTHLINE = os.path.join(EXAMPLES, "northline.yaml")


def path(name):
    return os.path.join(SCRATCH, name)


def write(name, text):
    p = path(name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    return p


def run(*args):
    return harness.run(*args, cwd=SCRATCH, drop=("SELVEDGE_DB",))


def program_requiring(certs):
    """examples/northline.yaml with certifications_required set to certs."""
    with open(NORTHLINE, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    out, done = [], False
    for line in lines:
        if line.strip().startswith("certifications_required:"):
            continue
        out.append(line)
        if line.startswith("program:") and not done:
            out.append("  certifications_required: [" + ", ".join(certs) + "]")
            done = True
    check(done, "northline.yaml has no program: line")
    _n[0] += 1
    return write(f"requires-{_n[0]}.yaml", "\n".join(out))


_db = []
_n = [0]


def examples_db():
    if not _db:
        db = path("examples.db")
        r = run("--db", db, "factories", "import", FACTORIES)
        expect_exit(r, 0)
        _db.append(db)
    return _db[0]


@test("import: OEKO-TEX 100 spelled every way in a download's claims, a capability CSV and YAML")
def _():
    download = write("download.csv",
                     "os_id,name,address,country_code,claim_certifications_standards_regulations\n"
                     "CN1,Ningbo Knit,No. 8 Road,CN,\"OEKO-TEX 100, ZDHC\"\n"
                     "CN2,Shaoxing Dye,No. 9 Road,CN,Oeko-Tex Std. 100 and GOTS 7.0\n"
                     "CN3,Hangzhou Silk,No. 10 Road,CN,STANDARD 100 by OEKO-TEX\u00ae\n")
    capability = write("capability.csv",
                       "handle,name,country,certifications\n"
                       "porto-knit,Porto Knit Lda,PT,OEKO-TEX 100|Higg FEM\n")
    yaml = write("capability.yaml",
                 "currency: USD\nfactories:\n"
                 "  - id: braga-knit\n    name: Braga Knit\n    country: PT\n"
                 "    certifications: [oeko-tex standard 100, ISO 9001:2015]\n")
    db = path("spellings.db")
    r = run("--db", db, "factories", "import", download, capability, yaml)
    expect_exit(r, 0)
    r = run("--db", db, "factories", "list", "--certification", "OEKO-TEX 100", "--json")
    expect_exit(r, 0)
    d = load_json(r)
    rows = d if isinstance(d, list) else d.get("factories", d.get("items", []))
    names = sorted(x["name"] for x in rows)
    check(names == ["Braga Knit", "Hangzhou Silk", "Ningbo Knit", "Porto Knit Lda",
                    "Shaoxing Dye"], f"factories with OEKO-TEX 100: {names}", r.describe())
    # a name selvedge does not know is kept as written, in the store and in what show says
    r = run("--db", db, "factories", "list", "--json")
    ids = {x["name"]: x["id"] for x in load_json(r)}
    r = run("--db", db, "factories", "show", str(ids["Porto Knit Lda"]), "--json")
    expect_exit(r, 0)
    d = load_json(r)
    check(d.get("other_certifications") == ["Higg FEM"],
          f"other_certifications: {d.get('other_certifications')}", r.describe())
    r = run("--db", db, "factories", "show", str(ids["Ningbo Knit"]))
    expect_exit(r, 0)
    check_plain_80(r)
    check("also claims (not checked by selvedge): ZDHC" in r.out, "ZDHC not shown", r.describe())


NOT_HELD = ["applying for GOTS", "not GOTS", "GOTS pending", "GOTS (expired 2022)",
            "WRAP expired", "SA8000 in progress", "OEKO-TEX 100 (pending)", "no GOTS",
            "working towards BSCI", "GOTS in process"]


@test("import: a claim that a certification is applied for, pending or expired does not set it")
def _():
    rows = [f"CN{i},Mill {i},Road {i},CN,\"{t}\"" for i, t in enumerate(NOT_HELD)]
    rows += ["CN90,Held One,Road,CN,GOTS certified", "CN91,Held Two,Road,CN,GOTS (valid until 2027)",
             "CN92,Held Three,Road,CN,\"certified: GOTS, not yet BSCI\""]
    download = write("not-held.csv",
                     "os_id,name,address,country_code,claim_certifications_standards_regulations\n"
                     + "\n".join(rows) + "\n")
    db = path("not-held.db")
    r = run("--db", db, "factories", "import", download)
    expect_exit(r, 0)
    for cert, held in (("GOTS", ["Held One", "Held Three", "Held Two"]), ("WRAP", []),
                       ("SA8000", []), ("OEKO-TEX 100", []), ("BSCI", [])):
        r = run("--db", db, "factories", "list", "--certification", cert, "--json")
        expect_exit(r, 0)
        names = sorted(x["name"] for x in load_json(r))
        check(names == held, f"--certification {cert}: {names}", r.describe())
    # what the claim says is kept, as written
    r = run("--db", db, "factories", "list", "--json")
    ids = {x["name"]: x["id"] for x in load_json(r)}
    for i, t in enumerate(NOT_HELD):
        r = run("--db", db, "factories", "show", str(ids[f"Mill {i}"]), "--json")
        got = load_json(r).get("other_certifications")
        check(got == [t], f"{t!r}: other_certifications {got}", r.describe())


@test("match: a required certification selvedge does not know is said to be not checked")
def _():
    prog = program_requiring(["OEKO-TEX 100", "ZDHC"])
    r = run("--db", examples_db(), "match", prog, "--today", TODAY)
    expect_exit(r, 0)
    check_plain_80(r)
    flat = " ".join(r.out.split())
    check("Not checked: the program requires ZDHC, which selvedge does not know" in flat,
          "match does not say ZDHC is not checked", r.describe())
    r = run("--db", examples_db(), "match", prog, "--today", TODAY, "--json")
    expect_exit(r, 0)
    d = load_json(r)
    check(d.get("unchecked_certifications") == ["ZDHC"],
          f"unchecked_certifications: {d.get('unchecked_certifications')}", r.describe())
    # every name known: nothing said, and the list is empty
    prog = program_requiring(["Oeko-Tex Standard 100"])
    r = run("--db", examples_db(), "match", prog, "--today", TODAY)
    expect_exit(r, 0)
    check("Not checked" not in r.out, "a known certification reported as not checked",
          r.describe())
    r = run("--db", examples_db(), "match", prog, "--today", TODAY, "--json")
    check(load_json(r).get("unchecked_certifications") == [], "non-empty list", r.describe())


@test("match and check --factory: \"GOTS or OEKO-TEX 100\" is met by either, \"and\" by both")
def _():
    def matches(certs):
        r = run("--db", examples_db(), "match", program_requiring(certs), "--today", TODAY,
                "--json")
        expect_exit(r, 0)
        d = load_json(r)
        return sorted(m["name"] for m in d["matches"]), d

    alone, _d = matches(["OEKO-TEX 100"])
    check(len(alone) >= 2, f"OEKO-TEX 100 alone: {alone}")
    either, d = matches(['"GOTS or OEKO-TEX 100"'])
    check(either == alone, f"GOTS or OEKO-TEX 100: {either}, OEKO-TEX 100: {alone}")
    check(d["unchecked_certifications"] == [], "a known choice said to be unchecked")
    near = [n["change"] for n in d["near_misses"] if "lacks" in n["change"]]
    check(all("lacks GOTS or OEKO-TEX 100" in c for c in near), f"near misses: {near}")
    both, _d = matches(['"GOTS and OEKO-TEX 100"'])
    check(len(both) < len(alone), f"GOTS and OEKO-TEX 100: {both}")
    r = run("--db", examples_db(), "match", program_requiring(['"GOTS or OEKO-TEX 100 and BSCI"']),
            "--today", TODAY)
    expect_exit(r, 1)
    check("certifications_required[0]" in r.err and '"or" and "and"' in r.err,
          "a mixed entry not refused", r.describe())
    # check --factory: a factory with OEKO-TEX 100 and no GOTS meets the choice
    prog = program_requiring(['"GOTS or OEKO-TEX 100"'])
    r = run("--db", examples_db(), "check", prog, "--today", TODAY, "--factory",
            "pt-barcelos-sportmalha", "--json")
    expect_exit(r, 0)
    codes = [f.get("code") for f in load_json(r).get("findings", [])]
    check("factory.certification_missing" not in codes, f"codes: {codes}", r.describe())
    prog = program_requiring(['"GOTS and OEKO-TEX 100"'])
    r = run("--db", examples_db(), "check", prog, "--today", TODAY, "--factory",
            "pt-barcelos-sportmalha", "--json")
    codes = [f.get("code") for f in load_json(r).get("findings", [])]
    check("factory.certification_missing" in codes, f"codes: {codes}", r.describe())


@test("check --factory: a required certification selvedge does not know is a finding")
def _():
    prog = program_requiring(["OEKO-TEX 100", "ZDHC"])
    r = run("--db", examples_db(), "check", prog, "--today", TODAY, "--factory",
            "pt-barcelos-sportmalha", "--json")
    expect_exit(r, 0)
    d = load_json(r)
    codes = [f.get("code") for f in d.get("findings", [])]
    check("factory.certification_unchecked" in codes, f"codes: {codes}", r.describe())
    r = run("--db", examples_db(), "check", prog, "--today", TODAY, "--factory",
            "pt-barcelos-sportmalha")
    expect_exit(r, 0)
    check("cannot check whether" in " ".join(r.out.split()), "no message", r.describe())


@test("check --factory judges only the styles the file places with that factory, as match does")
def _():
    prog = os.path.join(EXAMPLES, "kids-two-origins.yaml")

    def elsewhere(factory):
        r = run("--db", examples_db(), "check", prog, "--today", TODAY, "--factory", factory,
                "--json")
        expect_exit(r, 0)
        got = [f for f in load_json(r).get("findings", [])
               if f.get("code") == "factory.styles_elsewhere"]
        check(len(got) == 1, f"{factory}: styles_elsewhere {got}", r.describe())
        return got[0]["message"]

    # the Indian unit the sleepsuit names: only the Turkish joggers are elsewhere
    m = elsewhere("tiruppur-organics")
    check("BR-JOG-01 is made in TR" in m and "BR-SLEEP-01" not in m, m)
    # the Izmir unit: the three Indian styles are elsewhere, the sleepsuit among them
    m = elsewhere("tr-izmir-pamukcuk")
    for code in ("BR-SLEEP-01", "BR-PJ-01", "BR-DRS-01"):
        check(code in m, f"{code} not in {m}")
    check("BR-JOG-01" not in m, m)


if __name__ == "__main__":
    sys.exit(main())
