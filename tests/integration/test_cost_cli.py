#!/usr/bin/env python3
"""Integration tests for `selvedge cost`: the rules of the trade behind the landed cost, each
pinned on one example the way a merchandiser reads it (text and JSON agree).

  - freight is charged by the shipment, with the lane's minimum (a small LCL shipment pays
    for 1 CBM), and trucked lanes say road;
  - duty is on the customs value each destination uses (CIF in the EU, the UK and Japan;
    FOB in the US, Canada and Australia);
  - US additional duties by origin (Section 301 on China in the rate, the 2025-2026
    surcharges as named, dated lines the user can switch), and the US MPF and HMF;
  - duty by gender and the fibre, said when assumed;
  - preferences with their rule of origin, and agreements signed but not in force;
  - margins on retail prices net of VAT/GST where shelf prices include it, and the
    exchange rate with its date.

Standard library only, with the helpers the scripts share in harness.py beside it.
Environment: SELVEDGE (the binary), SELVEDGE_SOURCE_ROOT (the source tree).
"""
import io
import json
import os
import re
import sys
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (EXAMPLES, check, check_plain_80, expect_exit, load_json,  # noqa: E402
                     main, run, run_cached, test, tmpdir)


def example(name):
    return os.path.join(EXAMPLES, name)


def cost_text(path, *args):
    r = run_cached("cost", path, *args)
    expect_exit(r, 0)
    check_plain_80(r)
    return r.out


def cost_json(path, *args):
    r = run_cached("cost", path, "--json", *args)
    expect_exit(r, 0)
    return load_json(r)


def style(report, code):
    for s in report["styles"]:
        if s["code"] == code:
            return s
    raise AssertionError(f"no style {code} in the report")


def block(text, code):
    """The lines of one style's block in the text report."""
    out, on = [], False
    for line in text.splitlines():
        if line.startswith(code + " ") or line == code:
            on = True
        elif on and line and not line.startswith(" "):
            break
        if on:
            out.append(line)
    return "\n".join(out)


def flat(text):
    """The text with runs of whitespace made one space: wrapped notes read as one line."""
    return " ".join(text.split())


def line_amount(text, label):
    """The amount at the end of the first line starting (after spaces) with label."""
    for line in text.splitlines():
        if line.strip().startswith(label):
            return line.split()[-1]
    raise AssertionError(f"no line '{label}' in:\n{text}")


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ---------------------------------------------------------------- freight

@test("freight: hobby.yaml ships 111 kg from China (its kids' shorts at the kids' size factor), "
      "under the 1 CBM LCL minimum; it pays for 200 kg, so the tee's freight is 0.43 a unit, "
      "not the 0.24 of the per-kg rate alone")
def _():
    text = cost_text(example("hobby.yaml"))
    check("under the sea lane's minimum of 200 kg" in text, "no freight-minimum note",
          text[:600])
    tee = block(text, "LT-TEE")
    check(line_amount(tee, "freight") == "0.43", "LT-TEE freight", tee)
    d = cost_json(example("hobby.yaml"))
    fs = d["freight_shipment"]
    check(fs["minimum_applies"] is True, f"freight_shipment {fs}")
    check(fs["minimum_kg"] == 200 and fs["chargeable_kg"] == 200, f"freight_shipment {fs}")
    check(abs(fs["shipment_kg"] - 111.13) < 0.01, f"freight_shipment {fs}")
    check(style(d, "LT-TEE")["landed"]["freight"] == 43, "LT-TEE freight in JSON")


@test("freight: ready.yaml ships 940 kg from Portugal to the US, over the minimum: "
      "charged per kg, no note")
def _():
    text = cost_text(example("ready.yaml"))
    check("lane's minimum" not in text, "a minimum note on a program over the minimum")
    check(cost_json(example("ready.yaml"))["freight_shipment"]["minimum_applies"] is False,
          "minimum_applies on ready.yaml")


@test("freight: Portugal to the UK (kids-basics-gbp.yaml) and to Germany (eu-knitwear.yaml) "
      "go by road, and both reports say so")
def _():
    for name, dest in (("kids-basics-gbp.yaml", "GB"), ("eu-knitwear.yaml", "DE")):
        text = cost_text(example(name))
        check(f"shipped by road to {dest}" in text, f"{name}: not road", text[:300])
        d = cost_json(example(name))
        check(d["mode"] == "road" and d["mode_requested"] == "sea",
              f"{name}: mode {d['mode']}, requested {d['mode_requested']}")
    # and China to the US is still a ship
    check("shipped by sea to US" in cost_text(example("fast-fashion-price.yaml")),
          "fast-fashion-price.yaml not by sea")


# ---------------------------------------------------------------- customs value

@test("customs value: the cashmere crew of eu-knitwear.yaml made in China pays the EU's 12% on "
      "its CIF value 94.85 (FOB 94.04 + freight + insurance), 11.38, not 11.28 on FOB")
def _():
    text = cost_text(example("eu-knitwear.yaml"), "--origin", "CN")
    crew = block(text, "KO-CREW-01")
    check("Landed at DE (duty on the CIF value" in crew, "no CIF basis line", crew)
    check("customs value 94.85" in crew, "customs value", crew)
    check(line_amount(crew, "duty 12.00% of CIF") == "11.38", "duty on CIF", crew)
    d = cost_json(example("eu-knitwear.yaml"), "--origin", "CN")
    check(d["customs_valuation"]["basis"] == "CIF", f"basis {d['customs_valuation']}")
    land = style(d, "KO-CREW-01")["landed"]
    check(land["customs_value"] == 9485 and land["duty"] == 1138, f"landed {land}")


@test("customs value: the US charges duty on FOB: fast-fashion-price.yaml's merino crew pays "
      "16% of its FOB, freight and insurance left out")
def _():
    d = cost_json(example("fast-fashion-price.yaml"))
    check(d["customs_valuation"]["basis"] == "FOB", f"basis {d['customs_valuation']}")
    for s in d["styles"]:
        land = s["landed"]
        # the goods at the units planned (an estimate brought there by the small-run model)
        check(land["customs_value"] == s["fob_planned"] == land["fob"], f"{s['code']}: {land}")
    check("(duty on the FOB value" in cost_text(example("fast-fashion-price.yaml")),
          "no FOB basis line")


# ---------------------------------------------------------------- duty by gender and fibre

@test("gender: ready.yaml's unisex cotton jogger pays the US women's line (6104.62.20, 14.9%), "
      "not the men's 16.1%, and the report says why (HS chapter 61 note 9)")
def _():
    jog = flat(block(cost_text(example("ready.yaml")), "FW-JOG-01"))
    check("duty 14.90% of FOB" in jog, "jogger rate", jog)
    check("women's line" in jog and "unisex: women's lines" in jog, "gender note", jog)
    land = style(cost_json(example("ready.yaml")), "FW-JOG-01")["landed"]
    check(land["duty_pct"] == 14.9 and land["tariff_gender"] == "women", f"landed {land}")
    check(land["gender_note"] and "note 9" in land["gender_note"], f"landed {land}")
    # the unisex tee and hoodie: 6109 and 6110 do not split, nothing to say
    tee = block(cost_text(example("ready.yaml")), "FW-TEE-01")
    check("duty 16.50% of FOB" in tee and "unisex" not in tee, "tee", tee)


@test("fibre: hobby.yaml's kids' shorts name no composition: the cotton rate is used and the "
      "report says so, with what another fibre could pay")
def _():
    short = flat(block(cost_text(example("hobby.yaml")), "LT-KIDS-SHORT"))
    check("fibre unknown: cotton rate assumed (16.60%)" in short, "fibre note", short)
    check("up to 28.60%" in short, "the risk", short)
    land = style(cost_json(example("hobby.yaml")), "LT-KIDS-SHORT")["landed"]
    check(land["fiber_unknown"] is True and land["fiber_assumed"] is True, f"landed {land}")
    check(land["fiber_rate_of"] == "cotton" and land["fiber_max_pct"] == 28.6, f"landed {land}")
    # the linen dress: a fibre with no rate of its own
    dress = flat(block(cost_text(example("hobby.yaml")), "LT-DRESS"))
    check("no rate on file for this fibre: cotton rate assumed" in dress, "dress", dress)


# ---------------------------------------------------------------- preferences

@test("preferences: kids-basics-gbp.yaml made in Vietnam enters the UK at 0% in March 2027 "
      "(UKVFTA, last staging cut 1 Jan 2027) with the fabric rule said; CN pays the MFN 12%")
def _():
    text = cost_text(example("kids-basics-gbp.yaml"), "--origin", "VN")
    check("Duty rules as in force on 2027-03-08 (the launch date)" in text, "entry date",
          text[:400])
    tee = flat(block(text, "LF-TEE-01"))
    check("duty 0.00% of CIF" in tee and "UK-Vietnam FTA" in tee, "VN rate", tee)
    check("rule of origin: fabric woven or knitted in Vietnam" in tee, "caveat", tee)
    d = cost_json(example("kids-basics-gbp.yaml"), "--origin", "VN")
    land = style(d, "LF-TEE-01")["landed"]
    check(land["duty_caveat"] and "double transformation" in land["duty_caveat"], f"{land}")
    check(d["entry_date"] == "2027-03-08" and d["entry_date_basis"] == "the launch date",
          f"entry {d['entry_date']} {d['entry_date_basis']}")
    cn = flat(block(cost_text(example("kids-basics-gbp.yaml"), "--origin", "CN"), "LF-TEE-01"))
    check("duty 12.00% of CIF" in cn, "CN rate", cn)


@test("preferences: a launch in 2026 still pays the EVFTA's last B7 step, 1.5%, from Vietnam "
      "into Germany; a user can move the day with --today when there is no launch date")
def _():
    with tmpdir() as tmp:
        src = open(example("eu-knitwear.yaml"), encoding="utf-8").read()
        prog = write(tmp, "vn.yaml", src.replace("launch_date: 2027-07-15", "launch_date: 2026-09-15"))
        crew = flat(block(cost_text(prog, "--origin", "VN"), "KO-CREW-01"))
        check("duty 1.50% of CIF" in crew and "staging B7" in crew, "2026 rate", crew)
        nodate = write(tmp, "nodate.yaml", "\n".join(
            l for l in src.splitlines() if not l.strip().startswith("launch_date:")) + "\n")
        crew = flat(block(cost_text(nodate, "--origin", "VN", "--today", "2026-09-15"),
                          "KO-CREW-01"))
        check("duty 1.50% of CIF" in crew, "--today 2026", crew)
        crew = flat(block(cost_text(nodate, "--origin", "VN", "--today", "2027-01-02"),
                          "KO-CREW-01"))
        check("duty 0.00% of CIF" in crew, "--today 2027", crew)


@test("preferences: India into the UK: the CETA is signed, not in force: MFN 12%, and the "
      "report says what it would be; --with-pending applies it")
def _():
    text = cost_text(example("kids-basics-gbp.yaml"), "--origin", "IN")
    check("Not applied: UK-India CETA" in flat(text), "pending note", text[:500])
    check("duty 12.00% of CIF" in block(text, "LF-TEE-01"), "MFN", block(text, "LF-TEE-01"))
    d = cost_json(example("kids-basics-gbp.yaml"), "--origin", "IN")
    check(d["pending_agreement"] and d["pending_agreement"]["applied"] is False,
          f"pending {d['pending_agreement']}")
    w = cost_text(example("kids-basics-gbp.yaml"), "--origin", "IN", "--with-pending")
    check("duty 0.00% of CIF" in block(w, "LF-TEE-01"), "with pending",
          block(w, "LF-TEE-01"))


@test("preferences: a Mexican origin costs duty-free into the US under USMCA, with the "
      "yarn-forward rule beside the number, and the plan's nearer-origin way out says it too")
def _():
    crew = flat(block(cost_text(example("northline.yaml"), "--origin", "MX"), "NL-LEG-01"))
    check("USMCA" in crew and "rule of origin: yarn-forward" in crew, "caveat", crew)
    r = run_cached("plan", example("northline.yaml"), "--today", "2026-11-25", "--json")
    expect_exit(r, 0)
    ways = [w for w in load_json(r)["ways_out"] if w["code"] == "nearer_origin"]
    mx = [w for w in ways if w.get("origin") == "MX"]
    check(mx and "yarn-forward" in mx[0]["text"], "MX way out", json.dumps(ways)[:800])


# ---------------------------------------------------------------- US additional duties

def no_launch(tmp, name):
    src = open(example(name), encoding="utf-8").read()
    return write(tmp, "nodate-" + name, "\n".join(
        l for l in src.splitlines() if not l.strip().startswith("launch_date:")) + "\n")


@test("US additional duties: fast-fashion-price.yaml made in China pays Section 301 List 4A "
      "(+7.5%) on its FOB as a line of its own; the 2025-2026 surcharges are listed, not "
      "applied, with why (ended before the goods enter in August 2027, struck down)")
def _():
    text = cost_text(example("fast-fashion-price.yaml"))
    head = flat(text.split("\n\n")[0])
    check("applied: Section 301 List 4A (China), +7.50%" in head, "301 listed", head)
    check("not applied: Section 122 import surcharge, +10.00%, 2026-02-24 to 2026-07-23: "
          "ended before the goods enter (2027-08-15)" in head, "122 listed", head)
    check("IEEPA reciprocal tariff" in head and "struck down" in head, "IEEPA listed", head)
    check("watch: Section 301 excess-capacity investigation" in head, "watch", head)
    shell = flat(block(text, "AR-SHELL-01"))
    # on the FOB at the 1,000 units planned (62.71: the estimate is a bulk 60.00)
    check("additional +7.50% 4.70 (Section 301 List 4A (China))" in shell, "301 line", shell)
    check("(duty in all: 14.60% of FOB)" in shell, "total rate", shell)
    d = cost_json(example("fast-fashion-price.yaml"))
    names = {x["name"]: x for x in d["additional_duties"]}
    check(names["Section 301 List 4A (China)"]["applied"] is True, f"{names}")
    check(names["Section 122 import surcharge"]["why"] == "ended", f"{names}")
    land = style(d, "AR-SHELL-01")["landed"]
    check(land["additional_duty"] == 470 and land["duty_rate_total_pct"] == 14.6, f"{land}")
    check(land["landed"] == land["fob"] + land["freight"] + land["insurance"] + land["duty"]
          + land["additional_duty"] + land["brokerage"] + land.get("customs_fees", 0),
          f"landed is not the sum: {land}")


@test("US additional duties: goods entering in May 2026 pay the Section 122 surcharge too; "
      "--us-surcharges=off leaves it out and says so, Section 301 stays")
def _():
    with tmpdir() as tmp:
        prog = no_launch(tmp, "fast-fashion-price.yaml")
        on = cost_json(prog, "--today", "2026-05-01")
        off = cost_json(prog, "--today", "2026-05-01", "--us-surcharges=off")
        n_on = {x["name"]: x for x in on["additional_duties"]}
        n_off = {x["name"]: x for x in off["additional_duties"]}
        check(n_on["Section 122 import surcharge"]["applied"] is True, f"{n_on}")
        check(n_off["Section 122 import surcharge"]["why"] == "switched_off", f"{n_off}")
        check(n_off["Section 301 List 4A (China)"]["applied"] is True, f"{n_off}")
        a, b = style(on, "AR-SHELL-01")["landed"], style(off, "AR-SHELL-01")["landed"]
        # 10% of the FOB at the 1,000 units planned, 62.71
        check(a["additional_duty"] - b["additional_duty"] == 627, f"{a} {b}")
        text = flat(cost_text(prog, "--today", "2026-05-01", "--us-surcharges=off"))
        check("switched off (--us-surcharges=off)" in text, "off said", text[:900])
        r = run_cached("cost", prog, "--us-surcharges=maybe")
        expect_exit(r, 2)
        check("--us-surcharges" in r.err, "usage message", r.err)


def tee_only(tmp):
    """hobby.yaml with its logo tee alone: 96 units, one small entry."""
    src = open(example("hobby.yaml"), encoding="utf-8").read()
    head, rest = src.split("    - code: LT-HOOD", 1)
    return write(tmp, "tee-only.yaml", head)


@test("US fees: fast-fashion-price.yaml's one entry pays the MPF at 0.3464% of what it enters at "
      "the quantities planned (some 88,000 USD, over the minimum); hobby.yaml's whole first drop "
      "(about 5,900 USD at its small-run estimates on stock fabric) pays the minimum (33.58 USD, "
      "FY2026), and so does its logo tee alone (920.64 USD); the HMF on the sea freight; each "
      "unit carries its share, and the report says so")
def _():
    d = cost_json(example("fast-fashion-price.yaml"))
    text = flat(cost_text(example("fast-fashion-price.yaml")))
    value = sum(s["units"] * s["landed"]["customs_value"] for s in d["styles"] if s["costed"])
    check(value == d["total_fob"] and value > 969400, f"entered value {value}, {d['total_fob']}")
    mpf = (value * 3464 + 500000) // 1000000
    check(3358 < mpf < 65150, f"MPF {mpf} at a bound")
    check("Customs fee MPF: 0.3464% of the entered value, 33.58 to 651.50 USD an entry: "
          f"{mpf // 100}.{mpf % 100:02d} USD an entry." in text, "MPF line", text[:1500])
    check("Customs fee HMF: 0.125% of the entered value, by sea only" in text, "HMF line")
    fees = {f["name"]: f for f in d["customs_fees"]}
    check(fees["MPF"]["per_entry"] == mpf and fees["MPF"]["at_minimum"] is False, f"{fees}")
    units = sum(s["units"] for s in d["styles"])
    shared = sum(s["units"] * s["landed"]["customs_fees"] for s in d["styles"])
    whole = fees["MPF"]["per_entry"] + fees["HMF"]["per_entry"]
    check(abs(shared - whole) <= units // 2 + 1, f"fees shared {shared}, entry {whole}")
    h = cost_json(example("hobby.yaml"))
    # under 9,700 USD entered, 0.3464% is under the minimum (the total moves with the estimates)
    check(0 < h["total_fob"] * 3464 // 1000000 < 3358, f"hobby total FOB {h['total_fob']}")
    hf = {f["name"]: f for f in h["customs_fees"]}
    check(hf["MPF"]["per_entry"] == 3358 and hf["MPF"]["at_minimum"] is True, f"{hf}")
    with tmpdir() as tmp:
        tee = cost_json(tee_only(tmp))
        check(tee["total_fob"] == 92064, f"tee total FOB {tee['total_fob']}")
        tf = {f["name"]: f for f in tee["customs_fees"]}
        check(tf["MPF"]["per_entry"] == 3358 and tf["MPF"]["at_minimum"] is True, f"{tf}")
        check("33.58 USD an entry (the minimum)." in flat(cost_text(tee_only(tmp))), "minimum said")
    # into the UK there is no such fee
    check(cost_json(example("kids-basics-gbp.yaml"))["customs_fees"] == [], "GB fees")


# ---------------------------------------------------------------- prices, VAT, exchange rate

@test("prices: eu-knitwear.yaml sells in Germany, where the 495.00 shelf price holds 19% VAT: "
      "the margin is on 415.97, and the keystone wholesale (207.99) is worked back from it")
def _():
    text = cost_text(example("eu-knitwear.yaml"))
    check("Prices: DE shelf prices include VAT (19%): margins are on the retail price net of it"
          in flat(text), "basis line", text[:600])
    crew = flat(block(text, "KO-CREW-01"))
    check("Margin at retail 495.00 (415.97 net of 19% VAT)" in crew, "net retail", crew)
    check("Margin at wholesale 207.99 (keystone on the net retail)" in crew, "wholesale", crew)
    m = style(cost_json(example("eu-knitwear.yaml")), "KO-CREW-01")["margins"]
    check(m["retail_price_net"] == 41597 and m["sales_tax_pct"] == 19.0 and
          m["wholesale_price"] == 20799 and m["margin_basis"] == "net of sales tax", f"{m}")


@test("prices: kids-basics-gbp.yaml's kids' styles are zero-rated children's clothing in the "
      "UK: no VAT comes off their 16.00; the US (ready.yaml) adds sales tax at the till")
def _():
    text = cost_text(example("kids-basics-gbp.yaml"))
    check("children's clothing 0%" in flat(text), "basis line", text[:600])
    tee = flat(block(text, "LF-TEE-01"))
    check("Margin at retail 16.00 (zero-rated children's clothing)" in tee, "kids", tee)
    m = style(cost_json(example("kids-basics-gbp.yaml")), "LF-TEE-01")["margins"]
    check(m["retail_price_net"] == 1600 and m["sales_tax_pct"] == 0, f"{m}")
    us = flat(cost_text(example("ready.yaml")))
    check("Prices: US shelf prices exclude sales tax (added at the till)" in us, "US basis")


@test("exchange rate: a GBP program says the rate it converted the USD reference figures at, "
      "with its date (fx.tsv as_of), in text and JSON")
def _():
    text = flat(cost_text(example("kids-basics-gbp.yaml")))
    check("Exchange rate: 1 GBP = 1.370251 USD (fx.tsv, as of 2025-07-02)" in text, "fx line",
          text[:600])
    fx = cost_json(example("kids-basics-gbp.yaml"))["fx"]
    check(fx["currency"] == "GBP" and fx["as_of"] == "2025-07-02" and
          abs(fx["usd_per_unit"] - 1.370251) < 1e-9, f"fx {fx}")



# ---------------------------------------------------------------- the sheet's incoterm

INCOTERM_PROGRAM = """brand:
  name: Incoterm Test
  currency: EUR
program:
  name: SS27
  destination: DE
  origin_preference: [CN]
  styles:
    - code: TEE
      category: t-shirt
      colors: [{ name: Navy, units: 1000 }]
      cost:
        fabric: { consumption_m: 1.2, price_per_m: 2.00 }
        trims: 0.30
        cmt: 1.50
        incoterm: %s
"""


@test("a sheet on CIF is not costed as FOB: the freight and insurance inside it are taken out, "
      "not added again; DDP is landed already; EXW gets the origin's charges; the text and "
      "JSON say which basis the price is on")
def _():
    with tmpdir() as tmp:
        got = {}
        for term in ("FOB", "CIF", "DDP", "EXW"):
            path = write(tmp, f"{term}.yaml", INCOTERM_PROGRAM % term)
            s = style(cost_json(path), "TEE")
            sheet, landed = s["cost_sheet"], s["landed"]
            check(sheet["incoterm"] == term, f"{term}: basis {sheet['incoterm']}")
            got[term] = (sheet["price"], sheet["fob"], landed["landed"])
            text = block(cost_text(path), "TEE")
            if term != "FOB":
                check(f"price ({term})" in text and "FOB equivalent" in text,
                      f"{term}: the text does not give the price's basis", text)
        price = got["FOB"][0]
        check(all(g[0] == price for g in got.values()), f"the same sheet's price: {got}")
        check(got["CIF"][2] < got["FOB"][2], f"CIF landed above FOB's: {got}")
        check(got["CIF"][1] < price, f"CIF's FOB equivalent not below its price: {got}")
        check(got["DDP"][2] == price, f"DDP landed {got['DDP'][2]}, its price {price}")
        check(got["EXW"][1] > price and got["EXW"][2] > got["FOB"][2], f"EXW: {got}")


@test("a style's own origin: kids-two-origins.yaml's joggers are costed from Turkey (0% under "
      "the UK-Turkey agreement, with its rule of origin) while the Indian styles pay the MFN "
      "rate; the program's total is the sum of what is shown")
def _():
    d = cost_json(example("kids-two-origins.yaml"))
    jog = style(d, "BR-JOG-01")
    check(jog["origin"] == "TR", f"joggers costed from {jog['origin']}")
    check(jog["landed"]["duty"] == 0 and "Turkey" in (jog["landed"]["duty_scheme"] or ""),
          f"joggers' duty {jog['landed']}")
    for s in d["styles"]:
        if s["code"] != "BR-JOG-01":
            check(s["origin"] == "IN", f"{s['code']} costed from {s['origin']}")
    total = sum(s["landed"]["landed"] * s["units"] for s in d["styles"])
    check(d["total_landed"] == total, f"total {d['total_landed']}, the styles add up to {total}")
    text = block(cost_text(example("kids-two-origins.yaml")), "BR-JOG-01")
    check("Made in TR, its own origin" in text, "the text does not say where it is made", text)

@test("knit fabric by the kilo is fabric: bd-basics-lc.yaml's jersey tee (a sheet by kg) reads "
      "'fabric', not 'yarn', text and --json alike")
def _():
    tee = block(cost_text(example("bd-basics-lc.yaml")), "GF-TEE-01")
    check("    fabric " in tee and "    yarn " not in tee, tee)
    d = cost_json(example("bd-basics-lc.yaml"))
    sheet = style(d, "GF-TEE-01")["cost_sheet"]
    check(sheet["fabric_unit"] == "kg" and sheet["bought"] == "fabric", f"{sheet}")


@test("a style with its own origin says how it travels: kids-two-origins.yaml's joggers made in "
      "TR go to GB by road, the Indian styles by sea, text and --json alike")
def _():
    text = cost_text(example("kids-two-origins.yaml"))
    jog = block(text, "BR-JOG-01")
    check("Made in TR, its own origin: costed from there, sent by road" in jog, jog)
    d = cost_json(example("kids-two-origins.yaml"))
    check(style(d, "BR-JOG-01")["mode"] == "road" and style(d, "BR-DRS-01")["mode"] == "sea",
          f"{[(s['code'], s['origin'], s.get('mode')) for s in d['styles']]}")


# ---------------------------------------------------------------- check and cost agree

@test("check and cost give the same FOB and landed cost for every style of every example: "
      "the estimate check quotes (cost_sheet_missing, target_undefined, target_below_estimate), "
      "its own sheet (target_below_cost) and the landed cost of price.margin_too_thin are what "
      "cost shows at the units planned")
def _():
    seen = 0
    for name in sorted(os.listdir(EXAMPLES)):
        if not name.endswith(".yaml") or name == "factories.yaml":
            continue
        co = cost_json(example(name), "--today", "2026-11-25")
        r = run_cached("check", example(name), "--json", "--today", "2026-11-25")
        ch = load_json(r)
        cost = {s["code"]: s for s in co["styles"] if s.get("costed")}
        for f in ch["findings"]:
            parts = f.get("styles") or [{"style": f.get("style"), "numbers": f.get("numbers", {})}]
            for part in parts:
                code, nums = part["style"], part.get("numbers", {})
                if code not in cost:
                    continue
                s = cost[code]
                for k in ("estimated_fob", "estimated_fob_at_planned_units", "cost_sheet_fob"):
                    if k in nums:
                        seen += 1
                        got = round(nums[k]["value"] * 10 ** co["minor_unit_exponent"])
                        check(got == s["fob_planned"],
                              f"{name} {f['code']} {code}: check says {k} {nums[k]['value']}, "
                              f"cost shows {s['fob_planned']} at {s['fob_planned_units']} units")
                if "planned_units" in nums:
                    check(nums["planned_units"]["value"] == s["fob_planned_units"],
                          f"{name} {f['code']} {code}: planned units")
                if (f["code"] == "price.margin_too_thin" and "landed_cost" in nums
                        and "at your target FOB" not in f["message"]
                        and "lowest FOB" not in f["message"]):
                    seen += 1
                    got = round(nums["landed_cost"]["value"] * 10 ** co["minor_unit_exponent"])
                    check(got == s["landed"]["landed"],
                          f"{name} {code}: check's landed {got}, cost's {s['landed']['landed']}")
    check(seen >= 10, f"only {seen} figures compared")


@test("the brand's sheet is the price at the units planned unless it says basis: bulk: "
      "northline.yaml's legging costs its sheet's 18.72 at its 900 units and says so; the same "
      "sheet as a bulk figure costs the small-run model's figure at 900 units, in the text, the "
      "JSON and the total; a misspelt basis is refused at its line with the nearest value")
def _():
    src = open(example("northline.yaml"), encoding="utf-8").read()
    text = flat(cost_text(example("northline.yaml")))
    check("(your sheet is the price for the 900 units planned, basis: order;" in text,
          "order basis said", text[:3000])
    d = cost_json(example("northline.yaml"))
    leg = style(d, "NL-LEG-01")
    check(leg["cost_sheet"]["quantity_basis"] == "order" and leg["fob_planned"] == 1872
          and leg["fob_planned_units"] == 900, f"{leg['cost_sheet']} {leg['fob_planned']}")
    head = "      cost:                        # optional: the brand's own cost sheet, per unit\n"
    check(head in src, "northline.yaml has no cost: block")
    with tmpdir() as tmp:
        bulk = write(tmp, "bulk.yaml", src.replace(head, head + "        basis: bulk\n", 1))
        b = cost_json(bulk)
        bl = style(b, "NL-LEG-01")
        planned = [r for r in bl["small_runs"] if r["planned"]][0]
        check(bl["cost_sheet"]["quantity_basis"] == "bulk" and bl["fob_planned_from_model"]
              and bl["fob_planned"] == planned["unit_fob"] > 1872, f"{bl['fob_planned']} {planned}")
        check(b["total_fob"] == bl["fob_planned"] * 900, f"total {b['total_fob']}")
        bt = flat(cost_text(bulk))
        check(f"FOB at 900 units {planned['unit_fob'] // 100}.{planned['unit_fob'] % 100:02d}" in bt,
              "bulk FOB line", bt[:3000])
        check("your sheet says it is a bulk price, basis: bulk" in bt, "bulk basis said")
        bad = write(tmp, "bad.yaml", src.replace(head, head + "        basis: bluk\n", 1))
        r = run_cached("cost", bad)
        check(r.code != 0, f"exit {r.code}")
        check("cost.basis" in r.err and 'did you mean "bulk"' in r.err and "bad.yaml:" in r.err,
              "refusal", r.err)


def example_programs():
    return sorted(os.path.join(EXAMPLES, f) for f in os.listdir(EXAMPLES)
                  if f.endswith(".yaml") and f != "factories.yaml")


@test("no cent of drift in the small-run table: at the bulk quantity (3,000 units, where "
      "small_run.tsv's multipliers reach 100%) the row of every example style costed from a bulk "
      "figure (an estimate, or basis: bulk) is that bulk figure exactly, with no set-up or unused "
      "fabric on top (the bulk price already carries its set-up), not the cent or two a rounded "
      "per-metre or per-kilo price made it, nor the set-up counted a second time")
def _():
    seen = 0
    for path in example_programs():
        d = cost_json(path)
        for s in d["styles"]:
            if not s.get("costed") or s["cost_sheet"]["quantity_basis"] == "order":
                continue
            rows = [r for r in s["small_runs"] if r["units"] == 3000]
            check(len(rows) == 1, f"{path} {s['code']}: no 3000 row")
            r = rows[0]
            check(r["unit_fob"] == s["cost_sheet"]["fob"] and r["setup_per_unit"] == 0
                  and r["unused_fabric_per_unit"] == 0,
                  f"{os.path.basename(path)} {s['code']}: 3000 row {r}, bulk "
                  f"{s['cost_sheet']['fob']}")
            seen += 1
    check(seen >= 10, f"only {seen} styles compared")


@test("an estimate too small for a dye lot buys from stock, and says so: hobby.yaml's 30 kids' "
      "shorts paid for 200 m of custom-dyed cloth (21.50 USD a unit unused on a 2.37 fabric "
      "line), now stock fabric at the stock premium; its 48 pairs of socks stock-service yarn; "
      "the text marks the rows and says the premium, the JSON has stock_fabric, and check's "
      "margin finding says what it assumed")
def _():
    d = cost_json(example("hobby.yaml"))
    short = style(d, "LT-KIDS-SHORT")
    planned = [r for r in short["small_runs"] if r["planned"]][0]
    check(short["fob_planned_stock_fabric"] is True and planned["stock_fabric"] is True,
          f"{planned}")
    check(planned["unused_fabric_per_unit"] <= short["cost_sheet"]["fabric"] * 30 // 100 + 2,
          f"premium {planned['unused_fabric_per_unit']} on fabric {short['cost_sheet']['fabric']}")
    bulk = [r for r in short["small_runs"] if r["units"] == 3000][0]
    check(bulk["stock_fabric"] is False, f"{bulk}")
    sock = style(d, "LT-SOCK")
    check(sock["fob_planned_stock_fabric"] is True and sock["fob_planned"] < 600,
          f"socks {sock['fob_planned']}")
    text = cost_text(example("hobby.yaml"))
    sb = flat(block(text, "LT-SOCK"))
    check("stock <- planned" in sb.replace("  ", " ") and "buys stock-service yarn, no minimum, "
          "at 30% over the mill's price" in sb, "sock rows", sb[-900:])
    kb = flat(block(text, "LT-KIDS-SHORT"))
    check("buys stock fabric, no minimum, at 30% over the mill's price" in kb, "short note",
          kb[-900:])
    # a brand's own sheet names its fabric: no stock assumed anywhere in northline.yaml
    n = cost_json(example("northline.yaml"))
    check(not any(r["stock_fabric"] for s in n["styles"] if s["costed"]
                  for r in s["small_runs"]), "northline stock")
    r = run_cached("check", example("hobby.yaml"), "--today", "2026-11-25")
    out = flat(r.out)
    check("at the reference estimate at the 30 units planned, on fabric from stock at 30% over "
          "the mill's price: a run this small buys no dye lot" in out, "check's message",
          out[:3000])



@test("cost --format xlsx -o: the workbook (Cost, Small runs), a row a style with the JSON's "
      "landed cost; refused without -o, with --chart or --json; a failed write keeps the file")
def _():
    prog = example("northline.yaml")
    d = cost_json(prog)
    with tmpdir() as t:
        out = os.path.join(t, "cost.xlsx")
        r = run("cost", prog, "--format", "xlsx", "-o", out)
        check(r.code == 0 and r.out == "" and r.err == "", "a quiet exit 0", r.describe())
        z = zipfile.ZipFile(out)
        book = z.read("xl/workbook.xml").decode("utf-8")
        check(re.findall(r'<sheet name="([^"]*)"', book) == ["Cost", "Small runs"],
              "the sheets", book[:300])
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        values = [float(v) for v in re.findall(r"<v>(-?[\d.]+)</v>", sheet)]
        scale = 10 ** d["minor_unit_exponent"]
        for st in d["styles"]:
            check(st["code"] in strings, f"a row for {st['code']}")
            landed = st["landed"]["landed"] / scale
            check(any(abs(v - landed) < 1e-9 for v in values), f"{st['code']} landed {landed}")
        # refusals: usage errors, nothing written
        for args, says in ((["--format", "xlsx"], "give -o FILE.xlsx"),
                           (["--format", "xlsx", "--chart", "svg", "-o", out], "give one of"),
                           (["--format", "xlsx", "--json", "-o", out], "give one of"),
                           (["--format", "xml"], "text, json or xlsx"),
                           (["-o", out], "--format xlsx")):
            r = run("cost", prog, *args)
            expect_exit(r, 2)
            check(says in r.err, f"cost {' '.join(args)}: says {says!r}", r.err)
        # a directory that is not there: exit 1, the path named, no libxlsxwriter line
        r = run("cost", prog, "--format", "xlsx", "-o", os.path.join(t, "no", "c.xlsx"))
        expect_exit(r, 1)
        check("c.xlsx" in r.err and "[ERROR]" not in r.err, "the error in selvedge's words",
              r.err)
        # a program that does not read: the file already there is kept as it was
        with open(out, "rb") as f:
            before = f.read()
        bad = os.path.join(t, "bad.yaml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("brand: [\n")
        expect_exit(run("cost", bad, "--format", "xlsx", "-o", out), 1)
        with open(out, "rb") as f:
            check(f.read() == before, "the workbook already there untouched")
        # -o - writes the workbook's bytes to a pipe
        r = run("cost", prog, "--format", "xlsx", "-o", "-")
        check(r.code == 0, "-o - to a pipe", r.err)

if __name__ == "__main__":
    main()
