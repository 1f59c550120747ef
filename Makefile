# CLVLab — `make demo` runs the bundled scenario, `make test` runs the test suite.
# Both install GSL (libgsl-dev) first when it is missing.

SWIFT        ?= swift
CONFIG       ?= release
BIN          := .build/$(CONFIG)/clvlab
DEMO         ?= scenarios/demo.yaml
DEMO_OUT     ?= results/demo
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup build demo test test-debug bench notebooks fuzz fuzz-build fuzz-ci clean

all: build

# GSL through pkg-config; apt-get on Debian/Ubuntu when it is missing.
setup:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
	  echo "Installing GSL (libgsl-dev) and pkg-config…" >&2; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config >/dev/null; \
	fi
	@pkg-config --exists gsl || { echo "error: GSL not found; install libgsl-dev (Debian/Ubuntu) or gsl (Homebrew)" >&2; exit 1; }

build: setup
	$(SWIFT) build -c $(CONFIG) --product clvlab

demo: build
	$(BIN) simulate $(DEMO) --output $(DEMO_OUT)

# Statistical tests draw many samples: they run optimised, with @testable imports enabled.
# A single-node Slurm runs while they do (deploy/slurm/testing/slurm-up.sh: root only; installs
# slurm-wlm and munge when missing) for Tests/clvlabTests/SlurmTests.swift, and is stopped by
# slurm-down.sh whatever the tests' outcome, keeping their exit status. Without it the Slurm tests
# are skipped with a warning — and fail under CI=true.
test: setup
	$(SWIFT) build -c release --build-tests -Xswiftc -enable-testing
	@if slurm_env=$$(bash deploy/slurm/testing/slurm-up.sh); then eval "$$slurm_env"; \
	  trap 'bash deploy/slurm/testing/slurm-down.sh "$$CLVLAB_SLURM_STATE"' EXIT; trap 'exit 130' INT TERM; \
	else echo "*** make test: WARNING: no live Slurm (slurm-up.sh said why above): the Slurm tests are SKIPPED (and fail under CI=true) ***" >&2; fi; \
	echo "$(SWIFT) test -c release -Xswiftc -enable-testing --skip-build"; \
	$(SWIFT) test -c release -Xswiftc -enable-testing --skip-build

# Speed against the C+GSL and numpy references (Benchmarks/reference/README.md); needs numpy.
# Then the BG/NBD fit against lifetimes on a 1M-customer summary (skipped when no python3, nor
# $(LIFETIMES_PYTHON) or /tmp/lt/bin/python, imports lifetimes), and the package-benchmark suite
# (Benchmarks/README.md): a nested package with its own build folder, unseen by the root build.
bench: build
	CLVLAB=$(BIN) bash Benchmarks/reference/run.sh
	@py=""; for p in $(LIFETIMES_PYTHON) python3 /tmp/lt/bin/python; do \
	  if "$$p" -c 'import lifetimes' >/dev/null 2>&1; then py="$$p"; break; fi; done; \
	if [ -n "$$py" ]; then echo "$$py Benchmarks/reference/lifetimes_fit_1m.py --clvlab $(BIN)"; "$$py" Benchmarks/reference/lifetimes_fit_1m.py --clvlab $(BIN); \
	else echo "bench: lifetimes cannot be imported: BG/NBD fit comparison skipped (set-up in Benchmarks/reference/lifetimes_fit_1m.py)" >&2; fi
	$(SWIFT) package --package-path Benchmarks --scratch-path $(CURDIR)/.build-bench benchmark --no-progress

# Re-execute the notebooks and refresh their outputs in place.
notebooks: build
	$(BIN) notebook run notebooks-md/*.md

# libFuzzer over the scenario loader, the CSV readers and the engine on the scenarios the loader
# accepts (Fuzz/README.md). Each target keeps what it finds in .build-fuzz/corpus/TARGET, starting
# from its seeds in Fuzz/Corpus. -timeout=10: an input that runs longer (a hang, as in defect 3 of
# #23) is a failure, like a crash or a leak; the input is saved in .build-fuzz/artifacts/.
SECONDS ?= 60
FUZZ_CI_SECONDS ?= 60
FUZZ_TARGETS := FuzzScenario FuzzCSV FuzzEngine
FUZZ_SEEDS_FuzzScenario := Fuzz/Corpus/scenario Fuzz/Corpus/scenario-found
FUZZ_SEEDS_FuzzCSV := Fuzz/Corpus/csv
FUZZ_SEEDS_FuzzEngine := Fuzz/Corpus/scenario $(wildcard Fuzz/Corpus/engine-found)
# The scenario keys and numbers at the loader's limits, so mutations reach the engine's corners.
FUZZ_OPTS_FuzzScenario := -dict=Fuzz/scenario.dict
FUZZ_OPTS_FuzzEngine := -dict=Fuzz/scenario.dict
# $(call fuzz-run,TARGET,SECONDS)
fuzz-run = mkdir -p .build-fuzz/corpus/$(1) .build-fuzz/artifacts && \
  .build-fuzz/debug/$(1) -max_total_time=$(2) -timeout=10 -print_final_stats=1 $(FUZZ_OPTS_$(1)) \
    -artifact_prefix=.build-fuzz/artifacts/$(1)- .build-fuzz/corpus/$(1) $(FUZZ_SEEDS_$(1))

fuzz-build: setup
	$(SWIFT) build --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address

fuzz: fuzz-build
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz-run,$(t),$(SECONDS)) && ) true

# CI-sized run (.ci/run, after `make test`): FUZZ_CI_SECONDS per target, each target's output in
# .build-fuzz/logs/ and only its final stats shown; the first failure stops it with its log's tail.
fuzz-ci: fuzz-build
	@mkdir -p .build-fuzz/logs
	@$(foreach t,$(FUZZ_TARGETS),echo "== fuzz $(t) for $(FUZZ_CI_SECONDS) s"; \
	  if ($(call fuzz-run,$(t),$(FUZZ_CI_SECONDS))) >.build-fuzz/logs/$(t).log 2>&1; then \
	    grep -E '^(Done|stat::(number_of_executed_units|peak_rss_mb|new_units_added))|(INITED|DONE) +cov:' .build-fuzz/logs/$(t).log; \
	  else tail -n 60 .build-fuzz/logs/$(t).log; \
	    echo "*** make fuzz-ci: $(t) failed; input saved as:" .build-fuzz/artifacts/$(t)-* >&2; exit 1; fi;)

test-debug: setup
	$(SWIFT) test

clean:
	rm -rf .build results
