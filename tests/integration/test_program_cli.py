#!/usr/bin/env python3
"""Integration tests for what the program file can say since issue 9, through the binary:
numbers with thousands separators, the options suggested from the words of the trade, prices
in another currency than the brand's (converted with fx.tsv before the engines), payment terms
of the market, fabrics shared by styles, colours with washes and sizes, deliveries, and the
three examples written the way founders write them. Each mistake is refused with exit 1 and
file:line:column: field: message on stderr, nothing on stdout.

Standard library only, with the helpers the scripts share in harness.py beside it. Prints
TAP. Every run is in a scratch directory.
"""
import atexit
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import EXAMPLES, TODAY, check, expect_exit, load_json, main, test  # noqa: E402

SCRATCH = tempfile.mkdtemp(prefix="selvedge-program-cli-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


def write(name, text):
    p = os.path.join(SCRATCH, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    return p


def run(*args):
    return harness.run(*args, cwd=SCRATCH, drop=("SELVEDGE_DB",))


def fx(usd_from, usd_to, amount, exp_from=2, exp_to=2):
    """amount in minor units of one currency in minor units of another, rounded once, half
    away from zero, from the US dollars a unit of each (fx.tsv), as sv_price_convert does."""
    from decimal import ROUND_HALF_UP, Decimal
    v = Decimal(amount) * Decimal(usd_from) / Decimal(usd_to) * Decimal(10) ** (exp_to - exp_from)
    return int(v.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rate(code):
    with open(os.path.join(harness.DATA, "fx.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == code:
                return cols[1]
    raise harness.Failure(f"no {code} in data/fx.tsv")


GBP = "brand:\n  name: Acme\n  currency: GBP\nprogram:\n  name: P\n  destination: GB\n"
STYLE = "  styles:\n    - code: S1\n"  # lines 7-8


def refused(text, where, *phrases, cmd="check"):
    """The file is refused by cmd with exit 1, stderr naming where (file:line:col: field) and
    holding every phrase, stdout empty."""
    p = write("p.yaml", text)
    args = (cmd, p, "--today", TODAY) if cmd != "cost" else (cmd, p)
    r = run(*args)
    expect_exit(r, 1)
    check(f"p.yaml:{where}:" in r.err, f"the message does not name p.yaml:{where}", r.describe())
    for ph in phrases:
        check(ph in r.err, f"the message does not say {ph!r}", r.describe())
    check(r.out == "", "something on stdout", r.describe())


@test("numbers: '5,000' units read as 5000 (cost --json counts them), '5.000' refused as "
      "ambiguous, '1,5' refused saying to write a point")
def _():
    p = write("n.yaml", GBP + STYLE + "      colors:\n        - name: Black\n"
                                      "          units: 5,000\n        - name: Moss\n"
                                      "          units: 2 500\n")
    d = load_json(run("cost", p, "--json"))
    check(d["styles"][0]["units"] == 7500, f"units {d['styles'][0]['units']}, expected 7500")
    refused(GBP + STYLE + "      colors:\n        - name: Black\n          units: 5.000\n",
            "11:18: program.styles[S1].colors[0].units", '"5.000" is ambiguous', "5000")
    refused(GBP + STYLE + "      retail_price: 1,5\n      colors: [{ name: x, units: 1 }]\n",
            "9:21: program.styles[S1].retail_price", "write decimals with a point (1.5)")


@test("options: 'tee', 'womens', 'L/C' and 'free on board' are refused suggesting t-shirt, "
      "women, lc-at-sight and FOB")
def _():
    col = "      colors: [{ name: x, units: 1 }]\n"
    refused(GBP + STYLE + "      category: tee\n" + col, "9:17: program.styles[S1].category",
            'did you mean "t-shirt"')
    refused(GBP + STYLE + "      gender: womens\n" + col, "9:15: program.styles[S1].gender",
            'did you mean "women"')
    refused(GBP.replace("  currency: GBP\n", "  currency: GBP\n  payment_terms: { method: L/C }\n")
            + STYLE + col, "4:28: brand.payment_terms.method", 'did you mean "lc-at-sight"')
    refused(GBP + STYLE + "      target_price: 5\n      incoterm: free on board\n" + col,
            "10:17: program.styles[S1].incoterm", 'did you mean "FOB"')


@test("currency: a target of 4.20 USD and a cost sheet in USD in a GBP program are costed in "
      "pounds at the fx.tsv rates, one rounding a line")
def _():
    usd, gbp = rate("USD"), rate("GBP")
    lines = {"price_per_m": 274, "trims": 30, "cmt": 110, "packaging": 12}
    p = write("c.yaml", GBP + STYLE + "      target_fob: 4.20 USD\n"
                                      "      colors: [{ name: x, units: 1000 }]\n"
                                      "      cost:\n        currency: USD\n"
                                      "        fabric: { consumption_m: 1, price_per_m: 2.74, "
                                      "wastage_pct: 0 }\n"
                                      "        trims: 0.30\n        cmt: 1.10\n"
                                      "        packaging: 0.12\n        overhead_pct: 0\n"
                                      "        factory_margin_pct: 0\n")
    d = load_json(run("cost", p, "--json"))
    s = d["styles"][0]
    check(s["target_fob"] == fx(usd, gbp, 420),
          f"target_fob {s['target_fob']}, expected {fx(usd, gbp, 420)} pence", s)
    sheet = s["cost_sheet"]
    want = {k: fx(usd, gbp, v) for k, v in lines.items()}
    check(sheet["fabric"] == want["price_per_m"] and sheet["trims"] == want["trims"]
          and sheet["cmt"] == want["cmt"] and sheet["packaging"] == want["packaging"],
          f"sheet {sheet}, expected the lines {want} in pence")
    check(sheet["fob"] == sum(want.values()), f"FOB {sheet['fob']}, expected {sum(want.values())}")
    # the same sheet written in pounds by hand costs the same
    q = write("c2.yaml", GBP + STYLE + f"      target_fob: {fx(usd, gbp, 420) / 100:.2f}\n"
                                       "      colors: [{ name: x, units: 1000 }]\n"
                                       "      cost:\n"
              f"        fabric: {{ consumption_m: 1, price_per_m: {want['price_per_m'] / 100:.2f},"
              " wastage_pct: 0 }\n"
              f"        trims: {want['trims'] / 100:.2f}\n        cmt: {want['cmt'] / 100:.2f}\n"
              f"        packaging: {want['packaging'] / 100:.2f}\n        overhead_pct: 0\n"
              "        factory_margin_pct: 0\n")
    r1, r2 = run("cost", p), run("cost", q)
    check(r1.out == r2.out.replace("c2.yaml", "c.yaml"), "the two files cost differently",
          r1.describe(), r2.describe())


@test("currency: a currency fx.tsv has no rate for is refused naming its line and field; a "
      "retail price in another currency is refused")
def _():
    refused(GBP + STYLE + "      target_fob: 80 KES\n      colors: [{ name: x, units: 1 }]\n",
            "9: program.styles[S1].target_fob", "no exchange rate for KES", cmd="cost")
    refused(GBP + STYLE + "      retail_price: 98 EUR\n      colors: [{ name: x, units: 1 }]\n",
            "9:21: program.styles[S1].retail_price", "is in EUR, but this amount is in the "
            "brand's currency (GBP)")
    refused(GBP + STYLE + "      target_fob: $4.20\n      colors: [{ name: x, units: 1 }]\n",
            "9:19: program.styles[S1].target_fob", "write the currency's code")


@test("payment: an L/C at sight with no deposit is payment terms (no payment.undefined, no "
      "blocker); open "
      "account at 60 days is judged as balance net-60")
def _():
    base = open(os.path.join(EXAMPLES, "northline.yaml"), encoding="utf-8").read()
    old = "  payment_terms: { deposit_pct: 30, balance: before-shipment }"
    check(old in base, "examples/northline.yaml changed its payment terms")
    lc = write("lc.yaml", base.replace(old, "  payment_terms: { method: lc-at-sight }"))
    d = load_json(run("check", lc, "--today", TODAY, "--json"))
    codes = {f["code"] for f in d["findings"]}
    # judged by the origin's market (payment_terms.tsv): at most a warning, never a blocker
    pay = [f for f in d["findings"] if f["code"] == "payment.unrealistic"]
    check("payment.undefined" not in codes and all(f["severity"] != "blocker" for f in pay),
          f"an L/C at sight is judged as missing or unrealistic terms: {sorted(codes)}")
    oa = write("oa.yaml", base.replace(old, "  payment_terms: { method: open-account, days: 60 }"))
    d = load_json(run("check", oa, "--today", TODAY, "--json"))
    f = [f for f in d["findings"] if f["code"] == "payment.unrealistic"]
    check(f and f[0]["severity"] == "blocker", "open account at 60 days is not a blocker", d)
    refused(base.replace(old, "  payment_terms: { method: lc-usance }"),
            "11:18: brand.payment_terms.days", "lc-usance needs days")


@test("fabrics: an unknown id is refused naming the style's line and the nearest id")
def _():
    text = ("brand: { name: A, currency: EUR }\nfabrics:\n  - id: DEN-13\n"
            "program:\n  name: P\n  destination: NL\n  styles:\n    - code: J\n"
            "      fabric: DEN-31\n      colors: [{ name: x, units: 1 }]\n")
    refused(text, "9:15: program.styles[J].fabric", 'unknown fabric "DEN-31"',
            'did you mean "DEN-13"')


@test("colours: sizes that do not add up to the units are refused saying both numbers")
def _():
    refused(GBP + STYLE + "      colors:\n        - name: Black\n          units: 600\n"
                          "          sizes: { S: 100, M: 200, L: 180, XL: 100 }\n",
            "10:11: program.styles[S1].colors[0]", "units is 600 but its sizes add up to 580")


@test("deliveries: shares not adding up to 100% are refused; the launch is the first delivery")
def _():
    col = "      colors: [{ name: x, units: 1000 }]\n"
    refused(GBP + STYLE + col + "  deliveries:\n    - { date: 2027-03-01, share_pct: 60 }\n"
                                "    - { date: 2027-04-01, share_pct: 30 }\n",
            "11:5: program.deliveries", "the shares add up to 90%, not 100%")
    p = write("d.yaml", GBP + STYLE + col + "  deliveries:\n"
                                            "    - { date: 2027-03-01, share_pct: 60 }\n"
                                            "    - { date: 2027-04-01, share_pct: 40 }\n")
    r = run("plan", p, "--today", TODAY, "--json")
    expect_exit(r, 0)
    d = load_json(r)
    check(d.get("launch") == "2027-03-01", f"the plan's launch is {d.get('launch')}, not the "
                                           "first delivery 2027-03-01", d.get("launch"))


@test("examples: the BD basics program on an L/C, the UK kids' range over two origins and the "
      "premium denim program read, and their new keys hold what they say")
def _():
    for name in ("bd-basics-lc.yaml", "kids-two-origins.yaml", "denim-eu-premium.yaml"):
        path = os.path.join(EXAMPLES, name)
        for args in (("check", path, "--today", TODAY, "--json"), ("cost", path, "--json"),
                     ("plan", path, "--today", TODAY, "--json")):
            r = run(*args)
            expect_exit(r, 0)
            check(r.err == "", f"{' '.join(args)}: something on stderr", r.describe())
    d = load_json(run("check", os.path.join(EXAMPLES, "bd-basics-lc.yaml"), "--today", TODAY,
                      "--json"))
    codes = {f["code"] for f in d["findings"]}
    check("payment.undefined" not in codes and "payment.unrealistic" not in codes,
          f"the L/C at sight is judged as missing or unrealistic terms: {sorted(codes)}")
    c = load_json(run("cost", os.path.join(EXAMPLES, "bd-basics-lc.yaml"), "--json"))
    units = {s["code"]: s["units"] for s in c["styles"]}
    check(units.get("GF-TEE-01") == 10400 and units.get("GF-LST-01") == 3600,
          f"units read from '4,000' and the sizes: {units}")
    c = load_json(run("cost", os.path.join(EXAMPLES, "denim-eu-premium.yaml"), "--json"))
    jkt = [s for s in c["styles"] if s["code"] == "ND-JKT-01"][0]
    want = fx(rate("USD"), rate("EUR"), 980)  # the denim's 9.80 USD a metre, in cents of EUR
    check(jkt["cost_sheet"]["price_per_unit"] == want,
          f"the jacket's sheet takes the denim at {jkt['cost_sheet']['price_per_unit']}, "
          f"expected {want} (9.80 USD)")


if __name__ == "__main__":
    sys.exit(main())
