# SPDX-License-Identifier: MIT
#
# gntsim: the user-facing entry points.  CMake does the building; this file
# installs what is missing, picks the build directories and runs things.
#
#   make demo     build and run the demonstration
#   make check    both builds (RelWithDebInfo and clang ASan+UBSan), all tests,
#                 and the formatting check

CMAKE        ?= cmake
CTEST        ?= ctest
CLANG_FORMAT ?= clang-format
CTEST_JOBS   ?= 2

# Debian 12 packages, installed with --no-install-recommends, so every one
# the build or the tests use is named here (a recommended-only one is missing
# on a minimal system: `make fresh-check` proves these lists).
#   DEMO_PKGS   configure and build build/ (its tests link cmocka) and run gntsim:
#               gcc recommends libc6-dev (crt1.o, libc headers) but does not
#               depend on it; Debian's cmocka config file is enough without
#               pkg-config.
#   CHECK_PKGS  adds the clang ASan+UBSan and libFuzzer builds: clang, its
#               runtime libraries (libclang_rt.asan/ubsan/fuzzer*.a, only
#               recommended by clang), llvm for the unversioned llvm-symbolizer
#               that turns sanitizer reports into file:line; tcpdump and tshark
#               read the pcap captures back; clang-format for format-check;
#               zip and unzip pack and unpack the OSS-Fuzz seed corpora.
#   BENCH_PKGS  adds valgrind: make bench counts instructions with callgrind.
DEMO_PKGS  ?= cmake ninja-build gcc libc6-dev libxen-dev libcmocka-dev
CHECK_PKGS ?= $(DEMO_PKGS) clang libclang-rt-dev llvm tcpdump tshark clang-format zip unzip
BENCH_PKGS ?= $(DEMO_PKGS) valgrind
DEPS_PKGS  ?= $(sort $(CHECK_PKGS) $(BENCH_PKGS))

# The project's C sources: tracked files plus new ones not yet added (never
# anything .gitignore'd, such as build trees).  Outside git, find(1).
FORMAT_DIRS := src include tools tests bench
FORMAT_FILES = $(shell \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files --cached --others --exclude-standard -- \
			$(foreach d,$(FORMAT_DIRS),'$(d)/*.c' '$(d)/*.h'); \
	else \
		find $(FORMAT_DIRS) -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null; \
	fi | sort -u)

# One target at a time even under make -j: two deps-* targets must not run
# apt-get at once (dpkg's lock), and each build already runs ninja in parallel.
.NOTPARALLEL:

.PHONY: help deps deps-demo deps-check deps-bench debs fresh-check build build-asan build-fuzz check fuzz demo bench format format-check clean

help:
	@echo 'gntsim targets:'
	@echo '  make demo          build, then run ./build/gntsim demo'
	@echo '  make check         build, build-asan, build-fuzz: all tests, a fuzz smoke run, format-check'
	@echo '  make build         configure and build build/ (RelWithDebInfo, gcc)'
	@echo '  make build-asan    configure and build build-asan/ (Debug, clang, ASan+UBSan)'
	@echo '  make bench         Release build in build-bench/, run every bench_* program'
	@echo '  make fuzz          run every libFuzzer target for FUZZ_SECONDS (default 60)'
	@echo '  make deps          check all the Debian packages (demo, check, bench), install them as root'
	@echo '  make deps-demo     the same for make demo (build and run gntsim) only'
	@echo '  make deps-check    the same for make check (adds clang, sanitizer runtimes, test tools)'
	@echo '  make deps-bench    the same for make bench (adds valgrind)'
	@echo '  make fresh-check   (root) run the README'"'"'s first commands in a fresh minimal Debian 12 chroot'
	@echo '  make format        clang-format -i on all C sources'
	@echo '  make format-check  fail if any C source is not clang-format clean'
	@echo '  make clean         remove the build directories'

# deps_install(WHAT, PKGS): quiet when every package is installed.  As root,
# apt-get update and install the missing ones (non-interactively: tshark asks
# a debconf question); otherwise print a command that works as printed and fail.
define deps_install
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo '$(1): dpkg-query not found; not a Debian system, not checking' \
		     '(need: $(2))' >&2; \
		exit 0; \
	fi; \
	missing=''; \
	for p in $(2); do \
		s=$$(dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null || true); \
		[ "$$s" = 'install ok installed' ] || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "$(1): installing:$$missing"; \
		apt-get update || { echo '$(1): apt-get update failed (network? /etc/apt/sources.list*)' >&2; exit 1; }; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing || \
			{ echo "$(1): apt-get install failed:$$missing" >&2; exit 1; }; \
	else \
		echo "$(1): missing Debian packages:$$missing" >&2; \
		echo "$(1): install them as root, then run make again:" >&2; \
		if command -v sudo >/dev/null 2>&1; then \
			echo "    sudo sh -c '$$cmd'" >&2; \
		else \
			echo "    su -c '$$cmd'" >&2; \
		fi; \
		exit 1; \
	fi
endef

# Everything (demo, check and bench).
deps:
	$(call deps_install,deps,$(DEPS_PKGS))

deps-demo:
	$(call deps_install,deps-demo,$(DEMO_PKGS))

deps-check:
	$(call deps_install,deps-check,$(CHECK_PKGS))

deps-bench:
	$(call deps_install,deps-bench,$(BENCH_PKGS))

build: deps-demo
	@[ -f build/build.ninja ] || \
		$(CMAKE) -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	$(CMAKE) --build build

build-asan: deps-check
	@[ -f build-asan/build.ninja ] || \
		$(CMAKE) -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
			-DGNTSIM_SANITIZE=ON -DCMAKE_C_COMPILER=clang
	$(CMAKE) --build build-asan

# The libFuzzer targets (clang, coverage + ASan + UBSan everywhere).
build-fuzz: deps-check
	@[ -f build-fuzz/build.ninja ] || \
		$(CMAKE) -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
			-DGNTSIM_FUZZ=ON -DCMAKE_C_COMPILER=clang
	$(CMAKE) --build build-fuzz

# Debian binaries the user-space tests run unmodified against gntsimd: fetched with
# apt-get download (as root, after an apt-get update when the lists are empty) and
# extracted under build-debs/, never installed. A package that cannot be fetched
# leaves build-debs/PKG.failed with the reason, which its test prints when it fails.
TEST_DEBS ?= xenstore-utils xen-utils-4.17
debs:
	@mkdir -p build-debs; \
	for p in $(TEST_DEBS); do \
		[ -d "build-debs/$$p" ] && continue; \
		rm -f "build-debs/$$p.failed" build-debs/*.deb; \
		if (cd build-debs && { apt-get download "$$p" >/dev/null 2>dl.err || \
		      { [ "$$(id -u)" = 0 ] && apt-get update >/dev/null 2>&1 && \
		        apt-get download "$$p" >/dev/null 2>dl.err; }; } && \
		      dpkg-deb -x "$${p}"_*.deb "$$p.tmp" && mv "$$p.tmp" "$$p" && rm -f *.deb dl.err); then \
			echo "debs: $$p extracted into build-debs/$$p"; \
		else \
			echo "debs: cannot fetch $$p: $$(grep -v '^W:' build-debs/dl.err | tail -n 1)" | \
				tee "build-debs/$$p.failed" >&2; \
		fi; \
	done

# --no-tests=error: a check that ran nothing is a failure.
check: deps-check debs build build-asan build-fuzz
	$(CTEST) --test-dir build --output-on-failure --no-tests=error -j$(CTEST_JOBS)
	$(CTEST) --test-dir build-asan --output-on-failure --no-tests=error -j$(CTEST_JOBS)
	$(CTEST) --test-dir build-fuzz -L fuzz-smoke --output-on-failure --no-tests=error
	@$(MAKE) --no-print-directory format-check
	@tools/fresh-check.sh --print >/dev/null && \
		echo "fresh-check: README.md's command block is well-formed"

# README.md's first commands, as root in a chroot of a fresh debootstrapped
# minimal Debian 12 (cached in ~/.cache/gntsim): see tools/fresh-check.sh.
fresh-check:
	tools/fresh-check.sh

# Fuzz for FUZZ_SECONDS (default 60) per target; new inputs go to build-fuzz/.
FUZZ_SECONDS ?= 60
# Seeds, dictionaries and crash files: tests/fuzz/run.sh; long runs: tests/fuzz/README.md.
fuzz: build-fuzz
	@for f in build-fuzz/fuzz_*; do \
		[ -x "$$f" ] || continue; \
		n=$$(basename $$f); stem=$${n#fuzz_}; \
		echo "== $$n for $(FUZZ_SECONDS) s"; \
		sh tests/fuzz/run.sh build-fuzz $$stem -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

demo: build
	./build/gntsim demo

# Release at -O2: gcc's -O3 gives a false -Wmaybe-uninitialized in src/hw/mem.c.
# Link-time optimisation: the hot paths cross files (a guest's grant write goes
# linux/grant.c -> hw/cache.c -> hw/mem.h); LTO inlines across them (bench_net: 12%
# fewer instructions per packet, 7% less time, measured 2026-11-25).
# VALGRIND= (empty) skips the instruction counts (callgrind) of the benches.
BENCH_C_FLAGS ?= -O2 -DNDEBUG
VALGRIND      ?= valgrind

# SPIN (Debian's spin), bench_explore's baseline: fetched like the test binaries.
BENCH_DEBS ?= spin
bench: deps-bench
	@$(MAKE) --no-print-directory debs TEST_DEBS='$(BENCH_DEBS)'
	@$(CMAKE) -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DGNTSIM_WERROR=ON -DCMAKE_C_FLAGS_RELEASE='$(BENCH_C_FLAGS)' \
		-DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON >/dev/null
	$(CMAKE) --build build-bench
	@set -e; found=0; \
	for b in build-bench/bench_*; do \
		[ -f "$$b" ] && [ -x "$$b" ] || continue; \
		found=1; echo "== $$b"; \
		GNTSIM_BENCH_VALGRIND='$(VALGRIND)' "$$b" || exit 1; \
	done; \
	[ "$$found" = 1 ] || echo 'bench: no bench_* programs yet'

format:
	@files='$(FORMAT_FILES)'; \
	if [ -n "$$files" ]; then $(CLANG_FORMAT) -i $$files; fi

format-check:
	@files='$(FORMAT_FILES)'; \
	if [ -z "$$files" ]; then echo 'format-check: no C sources'; exit 0; fi; \
	$(CLANG_FORMAT) --dry-run --Werror $$files && \
		echo "format-check: $$(echo $$files | wc -w) files clean"

clean:
	rm -rf build build-asan build-bench build-fuzz
