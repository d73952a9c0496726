# selvedge: a thin wrapper around meson so that the quick start is two commands.
#   make run    install missing Debian packages, build, start the web app on 127.0.0.1:$(PORT)
#               with the example season loaded (RUN_SECONDS=N: stop after N seconds)
#   make demo   build, then a tour of the command line on the examples
#   make test   the whole suite, plain and under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench  the matcher and import benchmark (bench/run.sh), results in bench/RESULTS.md
#   make fuzz   a long fuzzing campaign (docs/internals/fuzzing.md); FUZZ_TIME seconds a harness

BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 20
FUZZ_TIME  ?= 3600
SELVEDGE   := $(BUILD)/selvedge
TODAY      ?= 2026-11-25
SEASON_AS_OF ?= 2027-03-15
# make run: the server's port on 127.0.0.1 (0: any free one), and RUN_SECONDS=N to stop it
# after N seconds, once / and /api/health have answered (CI), instead of at Ctrl-C.
PORT       ?= 8080
RUN_SECONDS ?=

# Every Debian package the project needs to build and test; `make deps` installs the missing ones.
# libxlsxwriter links with zlib, whose headers and linker name come with zlib1g-dev.
# cairo and pango draw the charts and the brief; the Noto fonts render names in any script
# (Latin, Vietnamese, Turkish, Bengali: core; Chinese: cjk); poppler-utils reads PDFs in tests.
DEB_PACKAGES := gcc make meson ninja-build pkg-config python3 python3-yaml \
                libyaml-dev libjansson-dev libcmocka-dev libical-dev libxlsxwriter-dev \
                zlib1g-dev libsqlite3-dev libcsv-dev libutf8proc-dev sqlite3 \
                clang libclang-rt-14-dev \
                libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk poppler-utils \
                libmicrohttpd-dev libsodium-dev

# The browser tests (tests/browser/) drive Debian's chromium with playwright-core from npm,
# pinned in tests/browser/package-lock.json; a `node` and `npm` already on PATH count.
BROWSER_PACKAGES := chromium nodejs npm

# What `make bench` needs besides: the server's benchmark (bench/serve.sh) loads it with wrk
# against nginx serving the same document (any nginx already installed does). Not in DEB_PACKAGES: `make test` does not need them.
BENCH_PACKAGES := wrk nginx-light curl

# The example programs (examples/factories.yaml is a factory list, not a program).
PROGRAMS := $(filter-out examples/factories.yaml,$(wildcard examples/*.yaml))

.PHONY: all deps build run demo test clean format bench fuzz

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@missing=""; for p in $(BROWSER_PACKAGES); do \
	  case $$p in nodejs) command -v node >/dev/null && continue;; npm) command -v npm >/dev/null && continue;; esac; \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages for the browser tests:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@[ -f tests/browser/node_modules/playwright-core/package.json ] || \
	  (cd tests/browser && npm ci --no-audit --no-fund)

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(BUILD_SAN)/build.ninja:
	meson setup $(BUILD_SAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# libFuzzer is clang's: the fuzz build holds the harnesses only (tests/fuzz/meson.build).
$(BUILD_FUZZ)/build.ninja:
	CC=clang meson setup $(BUILD_FUZZ) --buildtype=debugoptimized -Dfuzz=true \
	  -Dfuzz_seconds=$(FUZZ_SECONDS) -Db_sanitize=address,undefined -Db_lundef=false

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The web app with the example season (examples/season/load_api.py) in a fresh store,
# $(BUILD)/web.db: the address and the demo logins are printed; Ctrl-C stops it.
run: build
	@python3 tools/run.py $(SELVEDGE) $(BUILD) $(PORT) $(RUN_SECONDS)

# The command line's tour of the examples.
demo: build
	@echo "== selvedge check examples/northline.yaml =="
	@$(SELVEDGE) check examples/northline.yaml --today $(TODAY)
	@echo
	@echo "== selvedge cost examples/northline.yaml =="
	@$(SELVEDGE) cost examples/northline.yaml
	@echo
	@echo "== selvedge plan examples/northline.yaml =="
	@$(SELVEDGE) plan examples/northline.yaml --today $(TODAY)
	@echo
	@echo "== selvedge brief: the ready example's, then northline's (a blocker at $(TODAY): refused, then --force) =="
	@$(SELVEDGE) brief examples/ready.yaml -o $(BUILD)/brief-ready.pdf --today $(TODAY) && \
	  echo "wrote $(BUILD)/brief-ready.pdf"
	@$(SELVEDGE) brief examples/northline.yaml -o $(BUILD)/brief-northline.pdf --today $(TODAY); \
	  echo "(exit $$?: nothing written)"
	@$(SELVEDGE) brief examples/northline.yaml -o $(BUILD)/brief-northline.pdf --today $(TODAY) --force
	@echo
	@echo "== selvedge factories import examples/factories.yaml, then match =="
	@$(SELVEDGE) --db $(BUILD)/run.db factories import examples/factories.yaml
	@$(SELVEDGE) --db $(BUILD)/run.db match examples/northline.yaml --today $(TODAY)
	@echo
	@echo "== selvedge check, every example =="
	@for f in $(PROGRAMS); do \
	  printf '%-34s ' "$$f"; out=$$($(SELVEDGE) check "$$f" --today $(TODAY)) || exit 1; \
	  printf '%s\n' "$$out" | grep -m1 '^Readiness'; done
	@echo
	@echo "== selvedge aql --lot 3000 =="
	@$(SELVEDGE) aql --lot 3000
	@echo
	@echo "== the Northline season (examples/season/README.md), into $(BUILD)/season.db =="
	@examples/season/northline.sh $(SELVEDGE) $(BUILD)/season.db
	@echo
	@echo "== selvedge quotes compare R1 --brand northline (the day after the second quote) =="
	@$(SELVEDGE) --db $(BUILD)/season.db quotes compare R1 --brand northline --today 2026-09-16
	@echo
	@echo "== selvedge scorecard --brand northline =="
	@$(SELVEDGE) --db $(BUILD)/season.db scorecard --brand northline --as-of $(SEASON_AS_OF)
	@echo
	@echo "== selvedge scorecard --factory pt-barcelos-sportmalha =="
	@$(SELVEDGE) --db $(BUILD)/season.db scorecard --factory pt-barcelos-sportmalha --as-of $(SEASON_AS_OF)

test: deps $(BUILD)/build.ninja $(BUILD_SAN)/build.ninja $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD)
	ninja -C $(BUILD_SAN)
	ninja -C $(BUILD_FUZZ)
	@python3 tests/run.py $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)

# The matcher and import benchmark (bench/README.md): builds its own targets, which `make
# test` never builds. N=100000 make bench for a quick run.
bench: deps $(BUILD)/build.ninja
	@missing=""; for p in $(BENCH_PACKAGES); do \
	  case $$p in nginx*) { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null && continue;; esac; \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages for the benchmarks:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	BUILD=$(BUILD) bench/run.sh

# Each harness for FUZZ_TIME seconds from its seeds (tests/fuzz/corpus/NAME) and what earlier
# campaigns kept ($(BUILD_FUZZ)/corpus/NAME, grown here, never committed); findings land in
# $(BUILD_FUZZ)/findings. A finding's input goes into the seeds with its fix.
fuzz: deps $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD_FUZZ)
	@for h in program osh_csv factories_yaml ledger ledger_files; do \
	  mkdir -p $(BUILD_FUZZ)/corpus/$$h $(BUILD_FUZZ)/findings; \
	  echo "== fuzz_$$h for $(FUZZ_TIME) s"; \
	  $(BUILD_FUZZ)/tests/fuzz/fuzz_$$h -max_total_time=$(FUZZ_TIME) -timeout=30 \
	    -rss_limit_mb=2048 -dict=tests/fuzz/$$h.dict -print_final_stats=1 \
	    -artifact_prefix=$(BUILD_FUZZ)/findings/$$h- $(BUILD_FUZZ)/corpus/$$h tests/fuzz/corpus/$$h \
	    || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')
