# Shekara: `make run` starts the workstation on the demo database, `make check` runs
# every test. Both install missing Debian packages first (make deps).

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR      = $(PREFIX)/bin
MANDIR      = $(PREFIX)/share/man/man1
LOCALEDIR   = $(PREFIX)/share/locale

CC         ?= cc
CFLAGS     ?= -O2 -g
WARNINGS    = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wpointer-arith -Wvla -Wno-missing-field-initializers
PKGS        = ncursesw sqlite3 libcrypto json-c libxml-2.0 libpcsclite libjpeg libopenjp2 chafa \
              zbar libpng libdmtx libzstd libcurl
SHEKARA_CPPFLAGS = -I. -D_GNU_SOURCE -DSHEKARA_VERSION='"$(VERSION)"' \
              -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK \
              -DLOCALEDIR='"$(LOCALEDIR)"' -DNCURSES_WIDECHAR=1
SHEKARA_CFLAGS = -std=c11 $(WARNINGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS        = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lm

# Everything but screens/ and app/main.c is testable without a terminal.
CORE_SRCS   = $(wildcard scanners/*.c) $(wildcard db/*.c) $(filter-out app/main.c,$(wildcard app/*.c))
UI_SRCS     = $(wildcard screens/*.c)
CORE_OBJS   = $(CORE_SRCS:%.c=build/obj/%.o)
UI_OBJS     = $(UI_SRCS:%.c=build/obj/%.o) build/obj/app/main.o
LINGUAS     = $(shell cat i18n/LINGUAS)
MOS         = $(LINGUAS:%=build/locale/%/LC_MESSAGES/shekara.mo)

UNIT_SRCS   = $(wildcard tests/unit/test_*.c)
UNIT_BINS   = $(UNIT_SRCS:tests/unit/%.c=build/unit/%)
ASAN_BINS   = $(UNIT_SRCS:tests/unit/%.c=build/asan/%)
ASAN_FLAGS  = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_SRCS   = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS   = $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)

DATA_HOME  ?= $(if $(XDG_DATA_HOME),$(XDG_DATA_HOME),$(HOME)/.local/share)
DEMO_DB    ?= $(DATA_HOME)/shekara/demo.db
TRAIN_DB   ?= $(DATA_HOME)/shekara/demo-training.db
SCENARIODIR = $(PREFIX)/share/shekara/scenarios

.PHONY: all deps run train check unit unit-asan e2e fuzz i18n-check checksrc install-test bench eval \
        pot install uninstall clean format deps-test

all: shekara $(MOS)

deps:
	@sh tests/deps.sh

# what the tests need besides (a virtual card reader, tmux, clang's fuzzer runtime)
deps-test:
	@sh tests/deps.sh --test

shekara: $(CORE_OBJS) $(UI_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(CPPFLAGS) $(SHEKARA_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

build/locale/%/LC_MESSAGES/shekara.mo: i18n/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

run: deps all
	@if [ ! -f "$(DEMO_DB)" ]; then ./shekara --db "$(DEMO_DB)" init --demo; fi
	./shekara --db "$(DEMO_DB)"

# the trainers' demo: its own database (never the live or demo one) and scenarios/
train: deps all
	@if [ ! -f "$(TRAIN_DB)" ]; then ./shekara --db "$(DEMO_DB)" --training-db "$(TRAIN_DB)" --training init --demo; fi
	./shekara --db "$(DEMO_DB)" --training-db "$(TRAIN_DB)" --training

# --- tests ----------------------------------------------------------------------------
check: deps-test
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory -j2 all build/libcore.a build/libcore-asan.a $(UNIT_BINS) $(ASAN_BINS) $(FUZZ_BINS) build/eval/eval \
	  && $(MAKE) --no-print-directory checksrc unit unit-asan i18n-check fuzz e2e install-test eval \
	  && echo "make check: all suites passed in $$(( $$(date +%s) - start )) s"

# The unit tests link the core (everything but the UI) as a library, once built
# normally and once instrumented with AddressSanitizer and UBSan.
ASAN_OBJS   = $(CORE_SRCS:%.c=build/asan-obj/%.o)

build/libcore.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

build/libcore-asan.a: $(ASAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

build/asan-obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) $(ASAN_FLAGS) -MMD -MP -c -o $@ $<

build/unit/%: tests/unit/%.c $(wildcard tests/unit/*testutil.h) build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O1 -g -o $@ $< build/libcore.a $(LIBS) -lcmocka

build/asan/%: tests/unit/%.c $(wildcard tests/unit/*testutil.h) build/libcore-asan.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) $(ASAN_FLAGS) -o $@ $< build/libcore-asan.a $(LIBS) -lcmocka

unit: $(UNIT_BINS) $(MOS)
	@SHEKARA_LOCALEDIR=$(CURDIR)/build/locale sh tests/run-unit.sh $(UNIT_BINS)

unit-asan: $(ASAN_BINS) $(MOS)
	@SHEKARA_LOCALEDIR=$(CURDIR)/build/locale ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  sh tests/run-unit.sh $(ASAN_BINS)

# libFuzzer targets, run over their seed corpus and then for a fixed number of inputs
FUZZ_OBJS   = $(CORE_SRCS:%.c=build/fuzz-obj/%.o)
FUZZ_FLAGS  = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all

build/fuzz-obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(SHEKARA_CPPFLAGS) -std=c11 $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/libcore-fuzz.a: $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/libcore-fuzz.a
	@mkdir -p $(dir $@)
	clang $(SHEKARA_CPPFLAGS) -std=c11 $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< build/libcore-fuzz.a $(LIBS)

fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_BINS)

e2e: all
	@sh tests/e2e/run.sh

i18n-check:
	@sh tests/i18n-check.sh

checksrc:
	@sh tests/checksrc.sh

install-test: all
	@sh tests/install-test.sh

bench: deps-test all
	@bash tests/bench/bench.sh

# The virtual ePassport checked against ICAO 9303-11 Appendix D (tests/e2e/test_chip.sh
# runs it too, before any chip test); chip-bench: APDUs and time of a full chip read.
.PHONY: chip-selftest chip-bench
chip-selftest:
	@/usr/bin/python3 tests/chip/selftest.py

chip-bench: all
	@bash tests/chip/bench.sh

# --- translations ---------------------------------------------------------------------
pot:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=C_:1c,2 \
	  --add-comments=TRANSLATORS: --package-name=shekara --package-version=$(VERSION) \
	  --msgid-bugs-address=shekara-i18n --sort-by-file --add-location=file \
	  -o i18n/shekara.pot $(sort $(CORE_SRCS) $(UI_SRCS) app/main.c)
	@for l in $(LINGUAS); do msgmerge --quiet --update --backup=none i18n/$$l.po i18n/shekara.pot; done

# --- install --------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	install -m 0755 shekara $(DESTDIR)$(BINDIR)/shekara
	install -m 0644 docs/shekara.1 $(DESTDIR)$(MANDIR)/shekara.1
	install -d $(DESTDIR)$(SCENARIODIR)
	install -m 0644 scenarios/*.scn $(DESTDIR)$(SCENARIODIR)/
	@for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 0644 build/locale/$$l/LC_MESSAGES/shekara.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/shekara.mo; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shekara $(DESTDIR)$(MANDIR)/shekara.1
	rm -f $(addprefix $(DESTDIR)$(SCENARIODIR)/,$(notdir $(wildcard scenarios/*.scn)))
	-rmdir $(DESTDIR)$(SCENARIODIR) $(DESTDIR)$(PREFIX)/share/shekara 2>/dev/null
	@for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/shekara.mo; done

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build shekara

-include $(CORE_OBJS:.o=.d) $(UI_OBJS:.o=.d) $(ASAN_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)

build/bench/bench_audit: tests/bench/bench_audit.c $(CORE_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< $(CORE_SRCS) $(LIBS)

build/bench/bench_mrz: tests/bench/bench_mrz.c build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< build/libcore.a $(LIBS)

build/bench/bench_screen: tests/bench/bench_screen.c tests/bench/synthetic_names.h tests/bench/bench_util.h build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< build/libcore.a $(LIBS) -lm

build/bench/bench_decide: tests/bench/bench_decide.c tests/bench/synthetic_names.h tests/bench/bench_util.h tests/bench/bench_people.h build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< build/libcore.a $(LIBS) -lm

build/eval/eval: tests/eval/eval.c tests/bench/synthetic_names.h build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< build/libcore.a $(LIBS)

eval: build/eval/eval
	@build/eval/eval ../shared/data/un-sc-consolidated-2020-11-30.xml build/eval

build/bench/bench_barcode: tests/bench/bench_barcode.c tests/bench/bench_util.h build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< build/libcore.a $(LIBS)

build/bench/bench_changeset: tests/bench/bench_changeset.c tests/bench/synthetic_names.h tests/bench/bench_util.h build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< build/libcore.a $(LIBS) -lm

build/bench/bench_pax: tests/bench/bench_pax.c tests/bench/synthetic_names.h tests/bench/bench_util.h tests/bench/bench_people.h build/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(SHEKARA_CPPFLAGS) $(SHEKARA_CFLAGS) -O2 -o $@ $< build/libcore.a $(LIBS) -lm
