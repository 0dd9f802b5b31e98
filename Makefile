# zhx: see README.md. `make` builds bin/ and build/libzhx.a; `make test`
# runs everything CI runs; `make bench` measures speed and memory.

CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
BUILD ?= build
BINDIR ?= bin
STD = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L
PKGS = icu-uc icu-i18n libcjson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) xlsxwriter 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv
XLSX_LIBS := $(shell pkg-config --libs xlsxwriter 2>/dev/null)
ALL_CFLAGS = $(STD) -Iinclude -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) $(CFLAGS)

SRCS := $(wildcard src/*.c)
OBJS := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded_data.o
LIB := $(BUILD)/libzhx.a
CMDS := $(wildcard cmd/zhx-*.c)
BINS := $(CMDS:cmd/%.c=$(BINDIR)/%)
CLI_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard cmd/common/*.c))
RULE_FILES := $(sort $(shell find rules -type f \( -name '*.txt' -o -name '*.rules' \) 2>/dev/null))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNITS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps deps-test demo test unit cli-test asan-test bench fuzz \
        fuzz-smoke valgrind install clean regen
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
	$(CC) $(ALL_CFLAGS) -Icmd/common -MMD -MP -c $< -o $@

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/embedded_data.c: $(BUILD)/embed $(RULE_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ $(foreach f,$(RULE_FILES),$(f:rules/%=%)=$(f))

$(BUILD)/obj/embedded_data.o: $(BUILD)/gen/embedded_data.c
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

$(BINDIR)/%: $(BUILD)/obj/cmd/%.o $(CLI_OBJS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(CLI_OBJS) $(LIB) $(PKG_LIBS) $(if $(findstring convert,$@),$(XLSX_LIBS)) -lm

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lm

# deps-stamp: install packages once per build dir, not on every object.
.PHONY: deps-stamp
deps-stamp:
	@[ -f $(BUILD)/.deps-ok ] || { sh tools/deps.sh build && mkdir -p $(BUILD) && touch $(BUILD)/.deps-ok; }

demo: all
	$(BINDIR)/zhx-seg -s testdata/hohhot-talent-2024.txt | head -20

unit: $(UNITS)

test: deps-test
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory BUILD=build/asan BINDIR=build/asan/bin \
	    CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    all unit
	@sh tests/run.sh

bench: all
	@sh bench/run.sh

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

-include $(OBJS:.o=.d) $(wildcard $(BUILD)/obj/cmd/*.d)
