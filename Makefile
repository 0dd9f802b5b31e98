# zhx: see README.md. `make` builds bin/ and build/libzhx.a; `make test`
# runs everything CI runs; `make bench` measures speed and memory.

CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
BUILD ?= build
BINDIR ?= bin
STD = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L
PKGS = icu-uc icu-i18n libcjson
# Evaluated on first use, not when the Makefile is read: on a fresh machine
# the packages (and pkg-config itself) arrive with deps-stamp, after parsing.
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(PKGS) xlsxwriter))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $$(shell pkg-config --libs $(PKGS)) -lcsv)$(PKG_LIBS)
XLSX_LIBS = $(eval XLSX_LIBS := $$(shell pkg-config --libs xlsxwriter))$(XLSX_LIBS)
ALL_CFLAGS = $(STD) -Iinclude -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS)

SRCS := $(wildcard src/*.c)
OBJS := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded_data.o
LIB := $(BUILD)/libzhx.a
CMDS := $(wildcard cmd/zhx-*.c)
# A binary is cmd/zhx-NAME.c, or a folder cmd/zhx-NAME/ of sources.
CMD_DIRS := $(patsubst cmd/%/,%,$(wildcard cmd/zhx-*/))
BINS := $(CMDS:cmd/%.c=$(BINDIR)/%) $(CMD_DIRS:%=$(BINDIR)/%)
CONVERT_OBJS := $(patsubst cmd/%.c,$(BUILD)/obj/cmd/%.o,$(wildcard cmd/zhx-convert/*.c))
RULE_FILES := $(sort $(shell find rules -type f \( -name '*.txt' -o -name '*.rules' \) 2>/dev/null))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNITS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all lib fuzzlib deps deps-test demo test unit bench fuzz \
        fuzz-smoke valgrind stress install clean regen
all: $(LIB) $(BINS)

deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

$(BUILD)/obj/%.o: src/%.c | deps-stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/cmd/%.o: cmd/%.c | deps-stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

# The list of rules files is a prerequisite too: adding, moving or
# removing one must rebuild the table even when no file is newer.
$(BUILD)/gen/rules.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(RULE_FILES)' | cmp -s - $@ || echo '$(RULE_FILES)' > $@

.PHONY: FORCE
FORCE:

$(BUILD)/gen/embedded_data.c: $(BUILD)/embed $(RULE_FILES) $(BUILD)/gen/rules.list
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ $(foreach f,$(RULE_FILES),$(f:rules/%=%)=$(f))

$(BUILD)/obj/embedded_data.o: $(BUILD)/gen/embedded_data.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The default entity rules' lexicon automaton, built once here by
# tools/rulesc.c (linked without it) and included by src/rules_blob.c.
$(BUILD)/obj/rules_blob0.o: src/rules_blob.c | deps-stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DZHX_NO_BLOB -c $< -o $@

$(BUILD)/rulesc: tools/rulesc.c $(filter-out $(BUILD)/obj/rules_blob.o,$(OBJS)) $(BUILD)/obj/rules_blob0.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/gen/rules_blob.inc: $(BUILD)/rulesc
	$(BUILD)/rulesc $(BUILD)/gen/rules.bin $@

$(BUILD)/obj/rules_blob.o: $(BUILD)/gen/rules_blob.inc

$(LIB): $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BINDIR)/%: $(BUILD)/obj/cmd/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lm

$(BINDIR)/zhx-convert: $(CONVERT_OBJS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -pthread -o $@ $(CONVERT_OBJS) $(LIB) $(PKG_LIBS) $(XLSX_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lm

# deps-stamp: install packages once per build dir, not on every object.
.PHONY: deps-stamp
deps-stamp:
	@[ -f $(BUILD)/.deps-ok ] || { sh tools/deps.sh build && mkdir -p $(BUILD) && touch $(BUILD)/.deps-ok; }

demo: deps
	@$(MAKE) --no-print-directory all
	$(BINDIR)/zhx-convert testdata/hohhot-talent-2024.txt

unit: $(UNITS)

regen: all
	python3 tests/cli/spec.py --regen tests/cli/*.spec

test: deps-test
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory BUILD=build/asan BINDIR=build/asan/bin \
	    CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    all unit
	@sh tests/run.sh

BENCH_TOOLS := $(BUILD)/bench/rss $(BUILD)/bench/bare_icu

$(BUILD)/bench/rss: bench/rss.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

$(BUILD)/bench/bare_icu: bench/bare_icu.c | deps-stamp
	@mkdir -p $(dir $@)
	$(CC) -O2 $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

bench: all $(BENCH_TOOLS)
	@sh bench/run.sh

# Fuzzing (clang libFuzzer): `make fuzz FUZZ_SECONDS=600` runs every target;
# `make fuzz-smoke` runs each for a few seconds (part of make test). New
# inputs go to build/fuzz/new-<target>; the seed corpora in fuzz/corpus stay
# as committed.
FUZZ_SRCS := $(wildcard fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined

lib: $(LIB)

fuzzlib:
	@$(MAKE) -s --no-print-directory BUILD=build/fuzzlib CC=clang CFLAGS="$(FUZZ_FLAGS)" lib

build/fuzz/%: fuzz/%.c fuzz/fuzz.h fuzzlib
	@mkdir -p $(dir $@)
	clang $(STD) -Iinclude -Isrc $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
	    -o $@ $< build/fuzzlib/libzhx.a $(PKG_LIBS) -lm

fuzz: $(FUZZ_BINS)
	@for t in $(FUZZ_BINS); do n=$$(basename $$t); mkdir -p build/fuzz/new-$$n; \
	    echo "== $$n ($(FUZZ_SECONDS) s)"; \
	    $$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	        build/fuzz/new-$$n fuzz/corpus/$${n#fuzz_} 2>&1 | grep -E '^(stat::number_of_executed_units|==|SUMMARY|Done)' || exit 1; done

fuzz-smoke: $(FUZZ_BINS)
	@pass=0; fail=0; for t in $(FUZZ_BINS); do n=$$(basename $$t); mkdir -p build/fuzz/new-$$n; \
	    if $$t -max_total_time=5 -timeout=10 -rss_limit_mb=2048 build/fuzz/new-$$n fuzz/corpus/$${n#fuzz_} \
	        >build/fuzz/$$n.log 2>&1; then pass=$$((pass+1)); \
	    else fail=$$((fail+1)); echo "FAIL $$n:"; tail -30 build/fuzz/$$n.log; fi; done; \
	    echo "fuzz-smoke: $$pass passed, $$fail failed"

valgrind: all unit
	@sh tests/valgrind.sh

stress: all
	@sh tests/stress.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/zhx \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib
	install -m 644 include/zhx/*.h $(DESTDIR)$(PREFIX)/include/zhx
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/.*ZHX_VERSION "\(.*\)"/\1/p' include/zhx/common.h)|' \
	    zhx.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/zhx.pc

clean:
	rm -rf build bin

-include $(OBJS:.o=.d) $(wildcard $(BUILD)/obj/cmd/*.d $(BUILD)/obj/cmd/*/*.d)
