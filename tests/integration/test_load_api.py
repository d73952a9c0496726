"""`make run`'s demo (issue 13, item 5): examples/season/load_api.py, run as a newcomer's
`make run` runs it, against a real server with a fresh store holding examples/factories.yaml;
then the demo logins it prints work and each side sees its side: Northline its two programs
(northline, and ready left unsent), R1 sent to three factories and its three factories'
scorecards; Sportmalha R1 in its inbox with the brand's readiness, order PO-1 and Northline's
scorecard. And tools/run.py, `make run` itself, on a free port for a second: it prints the
address and the logins, / and /api/health answer, and it stops with the server."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, EXAMPLES, ROOT, base_env, check, expect_exit, main, run, test, tmpdir  # noqa: E402,E501
from serve_harness import CookieJar, Server  # noqa: E402

sys.dont_write_bytecode = True  # nothing written beside examples/season/load_api.py
sys.path.insert(0, os.path.join(EXAMPLES, "season"))
import load_api  # noqa: E402

SCRIPT = os.path.join(EXAMPLES, "season", "load_api.py")
SM, TM, DV = load_api.SM, load_api.TM, load_api.DV


def login(s, account):
    jar = CookieJar()
    r = s.request("POST", "/api/login", body=json.dumps(
        {"email": account["email"], "password": account["password"]}),
        headers={"Content-Type": "application/json"}, jar=jar)
    check(r.status == 200, f"{account['email']} logs in with the printed password", r.describe())
    return jar


def get(s, path, jar, status=200):
    r = s.request("GET", path, jar=jar)
    check(r.status == status, f"GET {path}: {status}", r.describe())
    return r.json()


@test("load_api.py: the demo logins work; the brand sees its programs, R1 and its factories' "
      "scorecards; the factory its inbox, its order and the brand's scorecard")
def _():
    with tmpdir() as d:
        db = os.path.join(d, "store.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        with Server("--insecure-fast-hash", db=db) as s:
            p = subprocess.run([sys.executable, SCRIPT, f"http://{s.host}:{s.port}"],
                               capture_output=True, text=True, env=base_env(), timeout=300)
            check(p.returncode == 0, "load_api.py exits 0", p.stdout, p.stderr)
            for a in load_api.ACCOUNTS:
                check(re.search(rf"{re.escape(a['email'])}\s+password {re.escape(a['password'])}",
                                p.stdout), f"{a['email']} printed with its password", p.stdout)
            b = login(s, load_api.BRAND)
            me = get(s, "/api/me", b)
            check(me["org"]["handle"] == "northline" and me["org"]["kind"] == "brand",
                  "the brand's login is Northline's", me)
            programs = get(s, "/api/programs", b)["programs"]
            check(len(programs) == 2, "the brand: two programs (northline, ready)", programs)
            sent = get(s, "/api/rfqs", b)
            check(sent["kind"] == "sent" and
                  sorted(r["factory"] for r in sent["rfqs"]) == sorted([SM, TM, DV]) and
                  {r["ref"] for r in sent["rfqs"]} == {"R1"},
                  "the brand: R1 sent to the three factories, nothing else sent", sent)
            cards = get(s, "/api/scorecard", b)["scorecards"]
            check(sorted(c["counterpart"] for c in cards) == sorted([SM, TM, DV]),
                  "the brand: its three factories' scorecards", cards)
            orders = get(s, "/api/orders", b)["items"]
            check(len(orders) == 1 and "PO-1" in json.dumps(orders), "the brand: PO-1", orders)

            f = login(s, load_api.FACTORIES[SM])
            me = get(s, "/api/me", f)
            check(me["org"]["kind"] == "factory" and me["org"]["factory_id"],
                  "the factory's login is Sportmalha's, its factory claimed", me)
            inbox = get(s, "/api/rfqs", f)
            check(inbox["kind"] == "inbox" and len(inbox["rfqs"]) == 1 and
                  inbox["rfqs"][0]["ref"] == "R1" and inbox["rfqs"][0]["brand"] == "northline"
                  and inbox["rfqs"][0]["readiness"]["verdict"],
                  "the factory: R1 in its inbox, with the brand's readiness", inbox)
            orders = get(s, "/api/orders", f)["items"]
            check(len(orders) == 1 and "PO-1" in json.dumps(orders), "the factory: PO-1", orders)
            cards = get(s, "/api/scorecard", f)["scorecards"]
            check([c["counterpart"] for c in cards] == ["northline"],
                  "the factory: Northline's scorecard", cards)
            r = s.request("GET", "/api/programs", jar=f)
            check(r.status in (403, 404, 409), "the factory: no programs of the brand's",
                  r.describe())
            for h in (TM, DV):
                login(s, load_api.FACTORIES[h])
        check(s.code == 0, "the server exits 0", s.err[-2000:])


@test("load_api.py: a server without the registry's factories: refused, exit 1, said why")
def _():
    with Server("--insecure-fast-hash") as s:
        p = subprocess.run([sys.executable, SCRIPT, f"http://{s.host}:{s.port}"],
                           capture_output=True, text=True, env=base_env(), timeout=120)
    check(p.returncode == 1 and "refused" in p.stderr and "/api/org/claim" in p.stderr,
          "exit 1, the claim refused named", p.returncode, p.stdout, p.stderr)
    p = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True,
                       env=base_env(), timeout=60)
    check(p.returncode == 2 and "usage" in p.stderr, "no address: usage, exit 2", p.stderr)


@test("the README's quick start gives make run's logins as load_api.py makes them")
def _():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    quick = readme[readme.index("## Quick start"):readme.index("## What it does")]
    for a in load_api.ACCOUNTS:
        check(f"`{a['email']}`" in quick and f"`{a['password']}`" in quick,
              f"{a['email']} and its password in the quick start")
    check("make run" in quick and "make demo" in quick, "make run and make demo in it")


@test("make run (tools/run.py) on a free port for a second: the address and the logins "
      "printed, / and /api/health answer 200, the server stopped with exit 0")
def _():
    with tmpdir() as d:
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "run.py"), BIN, d, "0",
                            "1"], capture_output=True, text=True, env=base_env(), timeout=600)
        check(p.returncode == 0, "exit 0", p.stdout, p.stderr)
        check(re.search(r"running at http://127\.0\.0\.1:[0-9]+\n", p.stdout),
              "the address printed", p.stdout)
        for a in (load_api.BRAND, load_api.FACTORIES[SM]):
            check(a["email"] in p.stdout and a["password"] in p.stdout,
                  f"{a['email']} and its password printed", p.stdout)
        check("GET /: 200" in p.stdout and "GET /api/health: 200" in p.stdout,
              "/ and /api/health answered", p.stdout)
        check("the server exited 0" in p.stdout, "a clean stop", p.stdout)
        check(os.path.isfile(os.path.join(d, "web.db")) and
              not os.path.exists(os.path.join(d, "web-new.db")),
              "the store made beside, then moved", os.listdir(d))


if __name__ == "__main__":
    sys.exit(main())
