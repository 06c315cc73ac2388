# solder: the one entry point. Everything is built out of tree into $(B).
#
#   make            build/solder and build/libsolder.a (plus the freestanding check)
#   make unit       CUnit tests of the core
#   make e2e        end-to-end tests: images built by solder, run in QEMU
#   make gdbtest    scripted gdb-multiarch sessions against QEMU's gdbstub
#   make test       set-up + unit + e2e + gdbtest (what CI runs)
#   make demo       set-up, then build a newlib firmware with solder-cc and boot it on
#                   qemu-virt-rv64; then build an image through the API and update it in place
#   make newlib     newlib for every board (toolchain/newlib.sh; cached in $(B)/newlib)
#   make bench      incremental-update benchmark, link times against GNU ld, lld and mold,
#                   and gdb's load time with and without --gdb-index
#   make asan       unit + e2e under AddressSanitizer and UBSan

B ?= build
CC ?= cc
WERROR ?= -Werror
OPT ?= -O2
CFLAGS ?= $(OPT) -g
SOLDER_CFLAGS := -std=c11 -Wall -Wextra $(WERROR) -Iinclude $(CFLAGS)
LDLIBS_HOST :=

# The object linker (link/ld.h: inputs, resolution, layout, output, and the targets'
# *_ld.c halves) is hosted like host.c: it maps files and prints diagnostics. The rest
# is the freestanding engine behind solder.h.
LD_SRC := link/ld.c link/input.c link/resolve.c link/layout.c link/output.c targets/ld_target.c $(wildcard targets/*_ld.c) \
	$(wildcard link/script.c link/script_layout.c link/gc.c link/oformat.c link/binary_input.c link/map.c link/ehframe.c link/gdbindex.c)
ENGINE_SRC := $(sort $(wildcard link/*.c dwarf/*.c targets/*.c))
ENGINE_SRC := $(filter-out link/host.c $(LD_SRC),$(ENGINE_SRC))
HOST_SRC := link/host.c $(LD_SRC)
LIB_SRC := $(ENGINE_SRC) $(HOST_SRC)
HEADERS := $(wildcard include/*.h link/*.h dwarf/*.h targets/*.h toolchain/*.h)
TOOL_SRC := $(sort $(wildcard toolchain/*.c))
UNIT_SRC := $(sort $(wildcard tests/*.c))
# Each qemu-tests/NAME.c is one driver program: build/qemu-tests/NAME.
E2E_BINS := $(patsubst qemu-tests/%.c,$(B)/qemu-tests/%,$(sort $(wildcard qemu-tests/*.c)))
BENCH_SRC := $(sort $(wildcard bench/*.c))

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))

.SECONDARY:
.PHONY: all unit e2e gdbtest test demo bench asan deps newlib freestanding-check clean
all: $(B)/solder $(B)/libexec/solder/ld $(B)/libsolder.a freestanding-check

$(B)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(SOLDER_CFLAGS) -c $< -o $@

$(B)/libsolder.a: $(call obj,$(LIB_SRC))
	@rm -f $@
	ar rcs $@ $^

$(B)/solder: $(call obj,$(TOOL_SRC)) $(B)/libsolder.a
	$(CC) $(SOLDER_CFLAGS) -o $@ $^ $(LDLIBS_HOST)

# gcc -B$(B)/libexec/solder/ finds the linker there under the name `ld`.
$(B)/libexec/solder/ld: $(B)/solder
	@mkdir -p $(dir $@)
	ln -sf ../../solder $@

# The engine must stay freestanding: compile it with -ffreestanding and check that the
# only outside symbols it needs are the four the design allows.
FREESTANDING_ALLOWED := memcpy memset memcmp strlen memmove
$(B)/freestanding.ok: $(ENGINE_SRC) $(HEADERS)
	@mkdir -p $(B)/freestanding
	@for f in $(ENGINE_SRC); do \
	  o=$(B)/freestanding/$$(echo $$f | tr / _).o; \
	  $(CC) -std=c11 -Wall -Wextra $(WERROR) -Iinclude -O2 -ffreestanding -fno-stack-protector -c $$f -o $$o || exit 1; \
	done
	@ld -r -o $(B)/freestanding/engine.o $(B)/freestanding/*_*.o
	@bad=$$(nm -u $(B)/freestanding/engine.o | awk '{print $$2}' | grep -vxE '$(shell echo $(FREESTANDING_ALLOWED) | tr ' ' '|')' || true); \
	if [ -n "$$bad" ]; then echo "freestanding check: the engine calls outside symbols: $$bad"; exit 1; fi
	@touch $@
freestanding-check: $(B)/freestanding.ok

# ---- set-up: Debian packages (toolchain/deps.sh installs them as root, or prints the command)
deps:
	@toolchain/deps.sh

# ---- newlib, built from Debian's newlib-source for each board's ABI. newlib.sh keys its
# cache by the source, the flags and the compiler, so this costs nothing when it is there.
NEWLIB_VARIANTS := rv64imac rv64gc rv32imac x86_64 i386
newlib:
	B=$(B) toolchain/newlib.sh $(NEWLIB_VARIANTS)

# ---- tests
$(B)/unit-tests: $(call obj,$(UNIT_SRC) toolchain/ld_options.c) $(B)/libsolder.a
	$(CC) $(SOLDER_CFLAGS) -o $@ $^ -lcunit -lelf

unit: $(B)/unit-tests
	$(B)/unit-tests

$(B)/qemu-tests/%: $(B)/obj/qemu-tests/%.o $(B)/libsolder.a
	@mkdir -p $(dir $@)
	$(CC) $(SOLDER_CFLAGS) -o $@ $^

e2e: $(E2E_BINS) $(B)/solder $(B)/libexec/solder/ld newlib
	B=$(B) qemu-tests/run-e2e.sh
	B=$(B) qemu-tests/run-cli.sh
	B=$(B) qemu-tests/run-errors.sh
	B=$(B) qemu-tests/run-corpus.sh
	B=$(B) qemu-tests/run-dwarf.sh
	B=$(B) qemu-tests/run-scripts.sh
	B=$(B) qemu-tests/run-oformat.sh
	B=$(B) qemu-tests/run-map.sh
	B=$(B) qemu-tests/run-boards.sh
	B=$(B) qemu-tests/run-gdbindex.sh

gdbtest: $(E2E_BINS) $(B)/solder $(B)/libexec/solder/ld newlib
	B=$(B) qemu-tests/run-gdb.sh
	B=$(B) qemu-tests/run-gdb-boards.sh

test: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) e2e
	$(MAKE) gdbtest

$(B)/api-demo: $(call obj,toolchain/demo/api_demo.c) $(B)/libsolder.a
	$(CC) $(SOLDER_CFLAGS) -o $@ $^

demo: deps
	$(MAKE) all $(B)/api-demo
	B=$(B) toolchain/newlib.sh rv64imac
	B=$(B) toolchain/demo/run-demo.sh

$(B)/bench-api: $(call obj,$(BENCH_SRC)) $(B)/libsolder.a
	$(CC) $(SOLDER_CFLAGS) -o $@ $^

bench: $(B)/bench-api $(B)/solder
	$(B)/bench-api
	B=$(B) bench/run-ld-bench.sh
	B=$(B) bench/gdb-index-bench.sh

# AddressSanitizer and UBSan build of the library, unit tests and e2e driver, in its own tree.
# The sanitized tree links the boards' programs against the newlib of the main tree.
asan: deps newlib
	$(MAKE) B=$(B)/asan OPT=-O1 CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDLIBS_HOST="-fsanitize=address,undefined" SOLDER_NEWLIB=$(abspath $(B))/newlib unit-asan-run

unit-asan-run:
	$(MAKE) B=$(B) CFLAGS="$(CFLAGS)" $(B)/unit-tests $(E2E_BINS) $(B)/solder $(B)/libexec/solder/ld
	ASAN_OPTIONS=detect_leaks=1 $(B)/unit-tests
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-e2e.sh
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-cli.sh
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-errors.sh
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-corpus.sh
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-scripts.sh
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-oformat.sh
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-map.sh
	ASAN_OPTIONS=detect_leaks=1 SOLDER_NEWLIB=$(SOLDER_NEWLIB) B=$(B) qemu-tests/run-boards.sh
	ASAN_OPTIONS=detect_leaks=1 B=$(B) qemu-tests/run-gdbindex.sh

clean:
	rm -rf $(B)
