"""selvedge serve: the example season over the API (issue 12, done-when 1: "Two organizations,
a brand and a factory, can go through the example season entirely over the API, each seeing
only its side"). examples/season/northline.sh's steps are replayed over HTTP by a brand
organization (Northline) and three factory organizations, each claiming one of the three
factories; then the scorecards the API answers equal `selvedge scorecard --json` of the season
recorded by the CLI (northline.sh itself) measure by measure, and each factory sees only its
own pair (its RFQ's events, its orders, samples and changes, its one brand). Servers run with
--insecure-fast-hash."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, EXAMPLES, ROOT, base_env, check, expect_exit, main, run,  # noqa: E402
                     test, tmpdir)
from serve_harness import CookieJar, Server  # noqa: E402

sys.dont_write_bytecode = True  # nothing written beside examples/season/load_api.py
sys.path.insert(0, os.path.join(EXAMPLES, "season"))
import load_api  # noqa: E402

FAST = "--insecure-fast-hash"
PASSWORD = "correct horse battery"
SM, TM, DV = "pt-barcelos-sportmalha", "pt-santotirso-tirsomalha", "tr-bursa-devinim"
HERE = os.path.join(EXAMPLES, "season")
INTS = {"qty", "moq_style", "moq_color", "sampling_days", "production_days"}


def jpost(s, path, body, jar):
    h = {"Content-Type": "application/json", "X-CSRF-Token": jar.cookies.get("csrf", "")}
    return s.request("POST", path, body=json.dumps(body), headers=h, jar=jar)


def signup(s, email, org, kind="brand", claim=None):
    jar = CookieJar()
    r = s.request("POST", "/api/signup", body=json.dumps(
        {"email": email, "password": PASSWORD, "org_name": org, "org_kind": kind}),
        headers={"Content-Type": "application/json"}, jar=jar)
    check(r.status == 201, f"sign-up {email}: 201", r.describe())
    if claim:
        r = jpost(s, "/api/org/claim", {"factory": claim}, jar)
        check(r.status == 200, f"{org} claims {claim}", r.describe())
    return jar


def quote(name):
    """A quote file of the season as the step's body (its decimals as written)."""
    import yaml
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        q = yaml.load(f, Loader=yaml.BaseLoader)

    def typed(x):
        if isinstance(x, dict):
            return {k: (int(v) if k in INTS else v == "true" if k == "fee_refunded"
                        else typed(v)) for k, v in x.items()}
        if isinstance(x, list):
            return [typed(v) for v in x]
        return x
    q = typed(q)
    q["quote"] = q.pop("styles")
    return q


def replay(s, b, fac):
    """northline.sh's steps (examples/season/load_api.py's, which `make run` loads), each by
    its side."""
    steps = load_api.steps(b, fac)
    for who, path, body in steps:
        r = jpost(s, path, body, who)
        check(r.status == 201, f"{path} at {body.get('at')}: 201", r.describe())
    return len(steps)


def numbers(card):
    """A scorecard's numbers: every member but the event ids it rests on (the API's and the
    CLI's stores number their events apart)."""
    if isinstance(card, dict):
        return {k: numbers(v) for k, v in card.items() if k not in ("event_ids", "events")}
    if isinstance(card, list):
        return [numbers(v) for v in card]
    return card


def diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'API' if k in a else 'CLI'}")
            else:
                out += diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: API {a!r}, CLI {b!r}"]


def cli_scorecard(db, *args):
    p = subprocess.run([BIN, "--db", db, "scorecard", *args, "--json"], capture_output=True,
                       env=base_env(), timeout=60)
    check(p.returncode == 0, f"scorecard {args}", p.stderr.decode()[-1000:])
    return json.loads(p.stdout)


@test("load_api.py's quotes are the season's quote files")
def _():
    for h, name in ((SM, "quote-sportmalha.yaml"), (TM, "quote-tirsomalha.yaml")):
        check(load_api.QUOTES[h] == quote(name), f"{h}: load_api.QUOTES is {name}",
              load_api.QUOTES[h], quote(name))


@test("serve season: northline.sh over the API by a brand and three factories; the scorecards "
      "are the CLI's and each factory sees only its pair")
def _():
    with tmpdir() as d:
        cli_db = os.path.join(d, "season.db")
        p = subprocess.run(["sh", os.path.join(HERE, "northline.sh"), BIN, cli_db],
                           capture_output=True, env=base_env(), cwd=ROOT, timeout=300)
        check(p.returncode == 0, "northline.sh records the season", p.stderr.decode()[-2000:])
        db = os.path.join(d, "store.db")
        expect_exit(run("--db", db, "factories", "import",
                        os.path.join(EXAMPLES, "factories.yaml")), 0)
        with Server(FAST, db=db) as s:
            b = signup(s, "ana@northline.example", "Northline")
            handle = s.request("GET", "/api/me", jar=b).json()["org"]["handle"]
            check(handle == "northline", "the brand's handle is the CLI's", handle)
            fac = {SM: signup(s, "rui@sportmalha.example", "Sportmalha", "factory", SM),
                   TM: signup(s, "eva@tirsomalha.example", "Tirsomalha", "factory", TM),
                   DV: signup(s, "can@devinim.example", "Devinim", "factory", DV)}
            with open(os.path.join(EXAMPLES, "northline.yaml"), encoding="utf-8") as f:
                r = s.request("POST", "/api/programs", body=f.read(), headers={
                    "Content-Type": "application/yaml", "X-CSRF-Token": b.cookies["csrf"]},
                    jar=b)
            check(r.status == 201, "the program", r.describe())
            r = jpost(s, *load_api.rfq(r.json()["id"]), b)
            check(r.status == 201, "R1 sent", r.describe())
            n = replay(s, b, fac)
            print(f"# {n + 1} steps over the API")
            # the brand's events are the CLI's season, kind by kind
            ev = s.request("GET", "/api/rfqs/R1", jar=b).json()["events"]
            check([e["kind"] for e in ev] == ["rfq.sent"] * 3 + [
                "rfq.declined", "rfq.acknowledged", "message", "message", "quote", "quote",
                "sample.requested", "sample.requested", "order.issued"],
                "the brand reads R1's events (and what names it) in the CLI's order",
                [e["kind"] for e in ev])
            # each factory sees only its pair
            for h, jar in fac.items():
                ev = s.request("GET", "/api/rfqs/northline:R1", jar=jar).json()["events"]
                check(ev and all(e["factory"] == h for e in ev), f"{h}: R1, its own pair only",
                      ev)
                for what in ("orders", "samples", "changes"):
                    items = s.request("GET", f"/api/{what}", jar=jar).json()["items"]
                    text = json.dumps(items)
                    check(all(o not in text for o in (SM, TM, DV) if o != h),
                          f"{h}: {what} name no other factory", items)
                    check(bool(items) == (h == SM), f"{h}: {what}: "
                          f"{'its own' if h == SM else 'none'}", items)
                sc = s.request("GET", "/api/scorecard", jar=jar).json()
                check([c["counterpart"] for c in sc["scorecards"]] == ["northline"],
                      f"{h}: one brand's scorecard", sc)
            # the scorecards: the API's and the CLI's, number by number
            diffs = []
            brand = s.request("GET", "/api/scorecard", jar=b).json()
            check(sorted(c["counterpart"] for c in brand["scorecards"]) == sorted([SM, TM, DV]),
                  "the brand: its three factories", brand)
            for c in brand["scorecards"]:
                cli = cli_scorecard(cli_db, "--factory", c["counterpart"])
                diffs += [f"brand's card of {c['counterpart']}: {x}"
                          for x in diff(numbers(c["with_you"]), numbers(cli))]
            for h, jar in fac.items():
                c = s.request("GET", "/api/scorecard", jar=jar).json()["scorecards"][0]
                cli = cli_scorecard(cli_db, "--brand", "northline", "--factory", h)
                if isinstance(cli, list):  # both: the brand's card and the factory's
                    cli = next(x for x in cli if x["side"] == "brand")
                diffs += [f"{h}'s card of northline: {x}"
                          for x in diff(numbers(c["with_you"]), numbers(cli))]
            for x in diffs:
                print(f"# differs: {x}")
            check(not diffs, "the API's scorecards are the CLI's", "\n".join(diffs[:30]))
        check(s.code == 0 and "Sanitizer" not in s.err and "runtime error" not in s.err,
              "the server exits 0 with no sanitizer report", s.code, s.err[-2000:])


if __name__ == "__main__":
    main()
