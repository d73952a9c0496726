"""The web app's factory profile form (web/js/pages/org-yaml.js, issue 13): the capability file
it writes from what a person typed is read by the real server (PUT /api/org/profile) as that
person meant, whatever the strings hold (quotes, colons, '#', "yes", a leading dash, YAML
flow characters, non-ASCII): no string changes the file's structure. A figure that is not one
is refused at its field (422 naming it), never misread. The module runs under node (no DOM);
without node the test is skipped."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import EXAMPLES, ROOT, Skip, check, expect_exit, main, run, test, tmpdir  # noqa: E402
from serve_harness import CookieJar, Server  # noqa: E402

FAST = "--insecure-fast-hash"
MODULE = os.path.join(ROOT, "web", "js", "pages", "org-yaml.js")
HANDLE = "pt-barcelos-sportmalha"

# (no commas: the form splits its names on them, and the reader of a certification list
# too; no leading '-' nor '&', which the reader of certifications takes as a bullet or an "and")
HOSTILE = ['a "quoted": cert', "# not a comment", "yes", "x - dash", "[flow] {map}",
           "x *alias !tag", "Zürich Öko ✓", "trailing\\backslash\\", "'single'", "%TAG ! x",
           "  spaces  "]


def node():
    exe = shutil.which("node") or shutil.which("nodejs")
    if not exe:
        raise Skip("node is not installed (make deps)")
    return exe


def yaml_of(exe, profile, d):
    """profileYaml(profile) and fieldOfError of some fields, by node."""
    mod = os.path.join(d, "org-yaml.mjs")
    shutil.copyfile(MODULE, mod)
    script = os.path.join(d, "run.mjs")
    with open(script, "w", encoding="utf-8") as f:
        f.write("import {profileYaml, fieldOfError} from './org-yaml.mjs';\n"
                "const p = JSON.parse(process.argv[2]);\n"
                "process.stdout.write(JSON.stringify({yaml: profileYaml(p), fields: "
                "['factories[x].moq.per_color', 'factories[0].prices.t-shirt', "
                "'certifications[1]', 'currency'].map(fieldOfError)}));\n")
    r = subprocess.run([exe, script, json.dumps(profile)], capture_output=True, text=True,
                       timeout=30)
    check(r.returncode == 0, "node runs the module", r.stderr)
    return json.loads(r.stdout)


def put(s, jar, text):
    return s.request("PUT", "/api/org/profile", body=text.encode("utf-8"), headers={
        "Content-Type": "application/yaml", "X-CSRF-Token": jar.cookies["csrf"]}, jar=jar)


def factory(s):
    jar = CookieJar()
    r = s.request("POST", "/api/signup", body=json.dumps(
        {"email": "rui@example.com", "password": "correct horse battery",
         "org_name": "Sportmalha", "org_kind": "factory"}),
        headers={"Content-Type": "application/json"}, jar=jar)
    check(r.status == 201, "sign-up", r.describe())
    r = s.request("POST", "/api/org/claim", body=json.dumps({"factory": HANDLE}), headers={
        "Content-Type": "application/json", "X-CSRF-Token": jar.cookies["csrf"]}, jar=jar)
    check(r.status == 200, "claim", r.describe())
    return jar


@test("web profile form: hostile strings reach the server as typed, figures as figures")
def _():
    exe = node()
    with tmpdir() as d:
        db = os.path.join(d, "store.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        with Server(FAST, db=db) as s:
            jar = factory(s)
            profile = {"handle": HANDLE, "name": 'Name: "x" # y', "country": "PT",
                       "categories": ["t-shirt", "leggings"], "constructions": ["knit"],
                       "tiers": ["mid"], "moq": {"per_style": "300", "per_color": " 150 ",
                                                  "per_order": ""},
                       "prices": {"t-shirt": ["4.50", "7"], "leggings": ["14.5", "21.00"]},
                       "lead_days": {"sampling": "12", "production": "45"},
                       "monthly_capacity": "22000", "sample_fee": "60", "deposit_pct": "30",
                       "certifications": ["GOTS", *HOSTILE], "new_brands": False}
            out = yaml_of(exe, profile, d)
            check(out["fields"] == ["moq.per_color", "prices.t-shirt.low", "certifications",
                                    "currency"], "errors' fields to the form's names",
                  out["fields"])
            r = put(s, jar, out["yaml"])
            check(r.status == 200, "the file is read", r.describe(), out["yaml"])
            j = r.json()
            check(j["factory"]["name"] == "Sportmalha Cávado, Lda",
                  "the registry's name stays", j)
            check(j["moq"] == {"per_style": 300, "per_color": 150, "per_order": None},
                  "the minimums as figures, the empty one unknown", j["moq"])
            check(j["prices_usd_cents"] == {"t-shirt": [450, 700], "leggings": [1450, 2100]},
                  "the price bands", j["prices_usd_cents"])
            check(j["lead_days"] == {"sampling": 12, "production": 45} and
                  j["monthly_capacity"] == 22000 and j["sample_fee_usd_cents"] == 6000 and
                  j["deposit_bp"] == 3000 and j["new_brands"] is False,
                  "lead days, capacity, fee, deposit, new brands", j)
            others = j["other_certifications"].split("|")
            check(j["certifications"] == ["GOTS"] and
                  others == [x.strip() for x in HOSTILE if x.strip()],
                  "every hostile name kept as typed, as a name", j["certifications"], others)
            # a figure that is not one: refused at its field, nothing written
            for key, value, field in (("monthly_capacity", "22k", "monthly_capacity"),
                                      ("sample_fee", "1e3", "sample_fee"),
                                      ("deposit_pct", "30%", "deposit_pct")):
                bad = dict(profile, **{key: value})
                out = yaml_of(exe, bad, d)
                r = put(s, jar, out["yaml"])
                check(r.status == 422, f"{key} {value!r}: 422", r.describe(), out["yaml"])
                check(r.json()["error"]["field"].endswith(field), f"{key}: the field named",
                      r.json())
            bad = dict(profile, moq={"per_color": "150: 3"})
            r = put(s, jar, yaml_of(exe, bad, d)["yaml"])
            check(r.status == 422 and r.json()["error"]["field"].endswith("moq.per_color"),
                  "a colon in a figure is refused at its field", r.describe())
            after = s.request("GET", "/api/org/profile", jar=jar).json()
            check(after == j, "nothing written by the refused ones", after)


if __name__ == "__main__":
    main()
