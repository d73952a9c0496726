#!/bin/sh
# The Northline season: examples/northline.yaml sent to three factories of
# examples/factories.yaml, recorded one step at a time with selvedge's verbs, the way a
# brand and its factories would. examples/season/README.md walks through it.
#
#   examples/season/northline.sh [SELVEDGE [DB]]
#
# SELVEDGE is the binary (default build/selvedge), DB the database it records into
# (default build/season.db), made afresh each run; both relative to where it is run from,
# the defaults to the top of the repository.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SELVEDGE=${1:-$ROOT/build/selvedge}
DB=${2:-$ROOT/build/season.db}
case $SELVEDGE in /*) ;; */*) SELVEDGE=$PWD/$SELVEDGE ;; esac
case $DB in /*) ;; *) DB=$PWD/$DB ;; esac
cd "$ROOT"
HERE=examples/season

rm -f "$DB"
sv() {
  "$SELVEDGE" --db "$DB" "$@" >/dev/null || { echo "northline.sh: refused: selvedge $*" >&2; exit 1; }
}
B="--brand northline"
SM="$B --factory pt-barcelos-sportmalha"
TM="$B --factory pt-santotirso-tirsomalha"
DV="$B --factory tr-bursa-devinim"

sv factories import examples/factories.yaml

# September 2026: the RFQ, to three factories that make leggings; the program is frozen with it.
sv rfq send examples/northline.yaml $B --ref R1 --reply-by 2026-09-21 \
  --to pt-barcelos-sportmalha,pt-santotirso-tirsomalha,tr-bursa-devinim --at 2026-09-07T09:00:00Z
sv rfq decline --rfq R1 $DV --reason moq --text "Our minimum is 1500 units per style" \
  --at 2026-09-08T07:30:00Z
sv rfq ack --rfq R1 $SM --at 2026-09-08T08:15:00Z
sv message --by factory --rfq R1 $TM --text "Is the 250 gsm nylon your own fabric or ours to source?" \
  --at 2026-09-10T10:00:00Z
sv message --by brand --rfq R1 $TM --text "Yours to source, OEKO-TEX 100 certified" \
  --at 2026-09-10T16:00:00Z
sv quote add --rfq R1 $SM --file $HERE/quote-sportmalha.yaml --at 2026-09-12T11:00:00Z
sv quote add --rfq R1 $TM --file $HERE/quote-tirsomalha.yaml --at 2026-09-15T14:00:00Z

# The two quotes side by side, at landed cost (`make demo` prints it):
#   selvedge --db DB quotes compare R1 --brand northline --today 2026-09-16

# Fit samples with sportmalha: round 1 on time but rejected, round 2 late and approved.
sv sample request --style NL-LEG-01 --stage fit --round 1 --due 2026-10-11 --rfq R1 $SM \
  --amount 60.00 --currency EUR --at 2026-09-18T09:00:00Z
sv sample invoice --style NL-LEG-01 --stage fit --round 1 --amount 60.00 --currency EUR \
  --due 2026-10-09 $SM --at 2026-09-25T09:00:00Z
sv sample ship --style NL-LEG-01 --stage fit --round 1 --courier DHL --tracking 4411902231 $SM \
  --at 2026-10-06T15:00:00Z
sv sample receive --style NL-LEG-01 --stage fit --round 1 $SM --at 2026-10-09T10:00:00Z
sv sample pay --style NL-LEG-01 --stage fit --round 1 --amount 60.00 --currency EUR $SM \
  --at 2026-10-09T12:00:00Z
sv sample review --style NL-LEG-01 --stage fit --round 1 --verdict rejected \
  --text "Waistband rolls at the side seams; rise 1 cm short" $SM --at 2026-10-12T14:00:00Z
sv message --by brand --style NL-LEG-01 --stage fit --round 1 $SM \
  --text "Fit 1 rejected: comments on the review. Can fit 2 ship by 3 November?" \
  --at 2026-10-12T14:00:00Z
sv message --by factory --style NL-LEG-01 --stage fit --round 1 $SM \
  --text "Understood. New waistband pattern cut; fit 2 ships around 3 November" \
  --at 2026-10-13T14:00:00Z
sv sample request --style NL-LEG-01 --stage fit --round 2 --due 2026-11-03 --rfq R1 $SM \
  --at 2026-10-13T15:00:00Z
sv sample ship --style NL-LEG-01 --stage fit --round 2 --courier DHL --tracking 4411907765 $SM \
  --at 2026-11-03T16:00:00Z
sv sample receive --style NL-LEG-01 --stage fit --round 2 $SM --at 2026-11-06T10:00:00Z
sv sample review --style NL-LEG-01 --stage fit --round 2 --verdict approved $SM \
  --at 2026-11-09T11:00:00Z

# A change after the fit was approved: a double-layer waistband.
sv change request --change CR-1 --style NL-LEG-01 --what waistband --from single-layer \
  --to double-layer $SM --at 2026-11-12T09:00:00Z
sv change answer --change CR-1 --amount 0.40 --currency EUR --days 5 $SM --at 2026-11-14T10:00:00Z
sv change accept --change CR-1 $SM --at 2026-11-15T09:00:00Z

# The order, its lines from a CSV at the quote's price, ex-factory 2027-02-12 for the launch.
sv order issue --order PO-1 --rfq R1 --currency EUR --lines $HERE/po-1.csv --deposit 30 \
  --balance "before shipment" --incoterm FOB --ex-factory 2027-02-12 $SM --at 2026-11-20T09:00:00Z
sv order confirm --order PO-1 --ex-factory 2027-02-12 $SM --at 2026-11-23T10:00:00Z

# The deposit (30% of 900 x 14.90 = 13,410.00) falls due and is paid four days late.
sv pay due --by factory --order PO-1 --milestone deposit --due 2026-11-30 --amount 4023.00 \
  --currency EUR $SM --at 2026-11-23T10:05:00Z
sv message --by factory --order PO-1 $SM \
  --text "The deposit was due on 30 November; fabric is booked once it arrives" \
  --at 2026-12-02T10:00:00Z
sv message --by brand --order PO-1 $SM --text "Sorry: the transfer leaves tomorrow" \
  --at 2026-12-03T16:00:00Z
sv message --by factory --order PO-1 $SM --text "Thank you, noted" --at 2026-12-03T18:00:00Z
sv pay paid --order PO-1 --milestone deposit --amount 4023.00 --currency EUR $SM \
  --at 2026-12-04T09:00:00Z
sv progress --order PO-1 --milestone fabric_in --planned 2026-12-28 $SM --at 2026-12-30T08:00:00Z

# Final inspection: 900 units at level II, AQL 2.5 major / 4.0 minor (80 inspected).
# 7 major defects fail it; the re-inspection after rework passes.
sv inspect --by brand --order PO-1 --lot 900 --critical 0 --major 7 --minor 5 --level II \
  --aql-critical 0 --aql-major 2.5 --aql-minor 4.0 $SM --at 2027-02-03T13:00:00Z
sv message --by factory --order PO-1 $SM \
  --text "Seven open seams found: the lot is being reworked, ready for re-inspection on 8 February" \
  --at 2027-02-03T17:00:00Z
sv inspect --by brand --order PO-1 --lot 900 --critical 0 --major 2 --minor 3 --level II \
  --aql-critical 0 --aql-major 2.5 --aql-minor 4.0 $SM --at 2027-02-08T13:00:00Z
sv pay due --by factory --order PO-1 --milestone balance --due 2027-02-10 --amount 9387.00 \
  --currency EUR $SM --at 2027-02-08T16:00:00Z
sv pay paid --order PO-1 --milestone balance --amount 9387.00 --currency EUR $SM \
  --at 2027-02-09T09:00:00Z
sv progress --order PO-1 --milestone ex_factory --planned 2027-02-12 $SM --at 2027-02-12T15:00:00Z

echo "season recorded in ${2:-build/season.db}: $("$SELVEDGE" --db "$DB" ledger export | wc -l) events"
