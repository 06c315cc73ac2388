#!/usr/bin/env bash
# run-gdbindex.sh: --gdb-index and .debug_aranges in solder's images, checked with gdb.
#
# For each architecture a freestanding program of five units (four C files and a C++
# file with a namespace, a class, a static member and an anonymous namespace) is
# compiled with -O2 -g, as DWARF 5 with -ffunction-sections and --gc-sections (so some
# code is discarded) and as DWARF 4 without, and linked three times: by solder with
# --gdb-index, by solder without it, and by GNU ld. Then:
#  - the images run under qemu-user with GNU ld's exit status;
#  - `readelf -S` lists .gdb_index in the indexed image only, and gdb-multiarch 13
#    USES it: `maint print objfiles` says ".gdb_index: version 8" (gdb prints that only
#    for an index it accepted), `maint info sections` lists it, and loading the image
#    prints no warning;
#  - gdb answers the same with and without the index, each question in a fresh gdb
#    (so that no earlier answer has read the unit it needs): `info line *ADDR` (the
#    index's address area), `info line` and `break` by (C++ qualified) name,
#    `info address`, `break FILE:LINE`, `info scope`, `ptype`, `whatis`, `print` of
#    enumerators, `info functions|variables|types REGEX` (its symbol table);
#  - .debug_aranges is in solder's image, and each unit's tuples, named by the function
#    symbols where they start and end, are GNU ld's (a tuple of discarded code, at
#    address 0, reads "discarded"): each unit's ranges cover exactly its functions.
# With x86_64: type units and split DWARF give a warning naming the section and offset
# and an image without an index (with --fatal-warnings: an error and no image).
#
#   B=build ARCHES="riscv64 x86_64" qemu-tests/run-gdbindex.sh
set -euo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
S=$B/solder
ARCHES=${ARCHES:-riscv64 riscv32 x86_64 i386}
# Absolute: compiles run from inside per-case directories.
W=$(pwd)/$B/gdbindex-tests
[[ "$B" == /* ]] && W=$B/gdbindex-tests
. qemu-tests/lib.sh
check() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$@"; fi
}

if [ ! -x "$S" ]; then
	echo "run-gdbindex: $S is missing: run 'make'" >&2
	exit 2
fi
missing=()
for t in gdb-multiarch readelf nm riscv64-unknown-elf-gcc riscv64-unknown-elf-g++ riscv64-unknown-elf-ld \
	riscv64-unknown-elf-nm gcc g++ ld qemu-riscv64 qemu-riscv32 qemu-x86_64 qemu-i386; do
	command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if [ "${#missing[@]}" -ne 0 ]; then
	echo "run-gdbindex: not found: ${missing[*]}; run 'make deps'" >&2
	exit 2
fi
rm -rf "$W"
mkdir -p "$W/src"

# ---- the program (LINE:name marks the lines the breakpoints go to)

cat >"$W/src/common.h" <<'EOF'
struct point { int x, y; };
enum color { RED, GREEN, BLUE };
typedef unsigned long counter_t;
extern int shared_total;
int scale(int v);
int area(const struct point *p);
const char *color_name(enum color c);
int cxx_entry(int v);
void sys_exit(int code) __attribute__((noreturn));
static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
EOF
cat >"$W/src/main.c" <<'EOF'
#include "common.h"
int shared_total = 5;
static counter_t calls;
static int __attribute__((noinline)) twice(int v)
{
	calls++;                                          /* LINE:twice */
	return v * 2;
}
int main(void)
{
	struct point p = { 3, 4 };
	int r = area(&p) + twice(scale(7));               /* LINE:main */
	r += clamp(r, 0, 100) + (int)calls + cxx_entry(r);
	return color_name(BLUE)[0] == 'b' ? r & 0x7f : 1;
}
void _start(void)
{
#if defined(__riscv)
	/* GNU ld relaxes data accesses to gp: it must hold __global_pointer$ */
	__asm__ volatile(".option push\n.option norelax\nla gp, __global_pointer$\n.option pop");
#endif
	sys_exit(main());
}
EOF
cat >"$W/src/geometry.c" <<'EOF'
#include "common.h"
typedef struct { struct point a, b; } segment;
static const segment unit_seg = { { 0, 0 }, { 1, 1 } };
int area(const struct point *p)
{
	return p->x * p->y + unit_seg.b.x;                /* LINE:area */
}
int __attribute__((cold, noinline)) rarely(int v)
{
	return v - 1;
}
int scale(int v)
{
	if (__builtin_expect(v < 0, 0))
		return rarely(v);
	return v * 3 + shared_total;                      /* LINE:scale */
}
int unused_function(int v)
{
	return v + 42;                                    /* --gc-sections drops it */
}
EOF
cat >"$W/src/names.c" <<'EOF'
#include "common.h"
static const char *const names[] = { "red", "green", "blue" };
enum mode { MODE_IDLE = 1, MODE_BUSY = 2 };
static enum mode current_mode = MODE_BUSY;
const char *color_name(enum color c)
{
	return names[clamp((int)c, 0, 2)] + (current_mode == MODE_IDLE);   /* LINE:color_name */
}
EOF
cat >"$W/src/sys.c" <<'EOF'
#include "common.h"
void sys_exit(int code)
{
#if defined(__riscv)
	register long a0 __asm__("a0") = code;
	register long a7 __asm__("a7") = 93;
	__asm__ volatile("ecall" : : "r"(a0), "r"(a7));
#elif defined(__x86_64__)
	__asm__ volatile("syscall" : : "a"(60L), "D"((long)code));
#elif defined(__i386__)
	__asm__ volatile("int $0x80" : : "a"(1), "b"(code));
#endif
	for (;;)
		;
}
EOF
cat >"$W/src/cxx.cc" <<'EOF'
namespace geo {
struct Counter {
	static int instances;
	int value;
	int bump(int by);
};
int Counter::instances = 2;
int Counter::bump(int by)
{
	value += by;
	return value + instances;                         // LINE:bump
}
namespace {
int __attribute__((noinline)) hidden_helper(int v) { return v ^ 5; }
}
int twist(int v)
{
	Counter c = { v };
	return c.bump(hidden_helper(v));
}
}
extern "C" int cxx_entry(int v) { return geo::twist(v); }
EOF
line_of() { grep -n "LINE:$2\b" "$W/src/$1" | cut -d: -f1; }

arch_setup() {
	case $1 in
	riscv64) CC=(riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany)
		CXX=(riscv64-unknown-elf-g++ -march=rv64imac -mabi=lp64 -mcmodel=medany)
		EMU=elf64lriscv; REF_LD=riscv64-unknown-elf-ld; NM=riscv64-unknown-elf-nm; QEMU=qemu-riscv64 ;;
	riscv32) CC=(riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32)
		CXX=(riscv64-unknown-elf-g++ -march=rv32imac -mabi=ilp32)
		EMU=elf32lriscv; REF_LD=riscv64-unknown-elf-ld; NM=riscv64-unknown-elf-nm; QEMU=qemu-riscv32 ;;
	x86_64) CC=(gcc -m64 -fno-pie -fno-pic -fcf-protection=none)
		CXX=(g++ -m64 -fno-pie -fno-pic -fcf-protection=none)
		EMU=elf_x86_64; REF_LD=ld; NM=nm; QEMU=qemu-x86_64 ;;
	i386) CC=(gcc -m32 -fno-pie -fno-pic -fcf-protection=none)
		CXX=(g++ -m32 -fno-pie -fno-pic -fcf-protection=none)
		EMU=elf_i386; REF_LD=ld; NM=nm; QEMU=qemu-i386 ;;
	*) return 1 ;;
	esac
}

# The gdb questions whose answers must not depend on the index, one a line. Those by
# address (a function's start + 2, from image $1) find their unit through the index's
# address area; the others by name, through its symbol table.
write_questions() {
	local f a
	for f in main twice area rarely scale color_name sys_exit _start cxx_entry \
		_ZN3geo5twistEi _ZN3geo12_GLOBAL__N_113hidden_helperEi; do
		a=$("$NM" "$1" | awk -v f="$f" '$3 == f { print $1; exit }')
		[ -n "$a" ] && printf 'info line *0x%x\n' $((0x$a + 2))
	done
	cat <<EOF
info line main
info line twice
info line area
info line scale
info line rarely
info line color_name
info line sys_exit
info line _start
info line cxx_entry
info line geo::twist
info line geo::Counter::bump
info line 'geo::(anonymous namespace)::hidden_helper'
info address shared_total
info address calls
info address unit_seg
info address names
info address geo::Counter::instances
info address unused_function
break main.c:$(line_of main.c main)
break main.c:$(line_of main.c twice)
break geometry.c:$(line_of geometry.c area)
break geometry.c:$(line_of geometry.c scale)
break cxx.cc:$(line_of cxx.cc bump)
break names.c:color_name
break geo::twist
break clamp
info line geometry.c:$(line_of geometry.c scale)
info scope scale
info scope color_name
ptype struct point
ptype segment
ptype enum mode
ptype counter_t
ptype geo::Counter
whatis unit_seg
whatis RED
print MODE_BUSY
print (int)BLUE
print sizeof(segment)
info functions ^sca
info functions rarely
info functions unused_
info functions geo::
info variables ^shared_
info variables current_mode
info variables unit_seg
info types ^point\$
info types segment
info types ^mode\$
info types counter_t
EOF
}

# Standard input, gdb's answers each after its "(gdb) QUESTION" line, with the lines of
# each answer sorted.
sort_each_answer() {
	awk '/^\(gdb\) / { n++; printf "%08d 0 %s\n", n, $0; next }
		{ printf "%08d 1 %s\n", n, $0 }' | LC_ALL=C sort -k1,1 -k2,2 -k3 | cut -c12-
}

# A script that asks gdb each question about the image named by its argument, each in
# a fresh session: an earlier answer must not have read the unit a question needs.
write_ask_gdb() {
	printf '#!/usr/bin/env bash\n'
	printf 'while IFS= read -r q; do\n'
	printf '\techo "(gdb) $q"\n'
	printf '\tgdb-multiarch -nx -batch -ex "set width 0" -ex "$q" "$1" 2>&1\n'
	printf 'done <<'"'"'EOF'"'"'\n'
	cat
	printf 'EOF\n'
}

# "set N: START..END" for each .debug_aranges tuple of image, its ends named by the
# function symbols that start and end there ("?0x..." when none does).
aranges_by_symbol() {
	local img=$1 nm=$2
	"$nm" -S --defined-only "$img" >"$img.syms"
	readelf --debug-dump=aranges "$img" | awk -v syms="$img.syms" '
		function hex(s,   v, i, c) {
			v = 0; s = tolower(s); sub(/^0x/, "", s)
			for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
			return v
		}
		BEGIN {
			while ((getline line < syms) > 0) {
				n = split(line, f, " ")
				if (n != 4 || f[3] !~ /^[TtWw]$/ || f[4] ~ /^\$/) continue
				a = hex(f[1]); e = a + hex(f[2])
				if (!(a in start)) start[a] = f[4]
				if (!(e in end_) && hex(f[2]) > 0) end_[e] = f[4]
			}
		}
		/Offset into .debug_info:/ { set++ }
		/^ +[0-9a-f]+ +[0-9a-f]+ *$/ {
			lo = hex($1); len = hex($2)
			if (lo == 0 && len == 0) next
			if (lo == 0) { printf "set %d: discarded\n", set; next }
			s = (lo in start) ? start[lo] : sprintf("?0x%x", lo)
			e = ((lo + len) in end_) ? end_[lo + len] : sprintf("?0x%x", lo + len)
			printf "set %d: %s..%s\n", set, s, e
		}'
}

test_variant() {
	local arch=$1 variant=$2 d=$W/$1/$2
	mkdir -p "$d"
	local cflags=(-O2 -ffreestanding -fno-stack-protector -I"$W/src")
	local ldflags=(-m "$EMU" -static -e _start)
	case $variant in
	dwarf5) cflags+=(-g -ffunction-sections -fdata-sections); ldflags+=(--gc-sections) ;;
	dwarf4) cflags+=(-gdwarf-4) ;;
	esac
	local f objs=()
	for f in main.c geometry.c names.c sys.c cxx.cc; do
		local cc=("${CC[@]}")
		[ "${f##*.}" = cc ] && cc=("${CXX[@]}" -fno-exceptions -fno-rtti -fno-threadsafe-statics)
		if ! "${cc[@]}" "${cflags[@]}" -c "$W/src/$f" -o "$d/${f%.*}.o" 2>"$d/cc.err"; then
			fail "$arch $variant: compile $f" "success" "$(head -3 "$d/cc.err")" "${cc[*]} ${cflags[*]} -c $W/src/$f"
			return
		fi
		objs+=("$d/${f%.*}.o")
	done
	local link_gi="$S ${ldflags[*]} --gdb-index -o $d/gi.elf ${objs[*]}"
	local link_plain="$S ${ldflags[*]} -o $d/plain.elf ${objs[*]}"
	local link_gnu="$REF_LD ${ldflags[*]} -o $d/gnu.elf ${objs[*]}"
	local l
	for l in "$link_gi" "$link_plain" "$link_gnu"; do
		if ! $l >"$d/ld.out" 2>&1 || [ -s "$d/ld.out" ]; then
			fail "$arch $variant: link" "exit 0, no message" "$(head -3 "$d/ld.out")" "$l"
			return
		fi
	done
	pass "$arch $variant: three links"

	# The images run as GNU ld's does.
	local want got
	want=$(timeout 20 "$QEMU" "$d/gnu.elf" >/dev/null 2>&1; echo "exit $?")
	got=$(timeout 20 "$QEMU" "$d/gi.elf" >/dev/null 2>&1; echo "exit $?")
	check "$arch $variant: runs under $QEMU as GNU ld's image" "$want" "$got" "$QEMU $d/gi.elf; echo \$?"

	# The section, in the indexed image only.
	got=$(readelf -SW "$d/gi.elf" | grep -c ' \.gdb_index ' || true)/$(readelf -SW "$d/plain.elf" | grep -c ' \.gdb_index ' || true)
	check "$arch $variant: readelf -S lists .gdb_index (with/without the option)" "1/0" "$got" "readelf -SW $d/gi.elf"

	# gdb accepts the index and uses it.
	local gdb=(gdb-multiarch -nx -batch)
	"${gdb[@]}" -ex 'maint print objfiles' -ex 'maint info sections' "$d/gi.elf" >"$d/gi.objfiles" 2>"$d/gi.load.err" || true
	"${gdb[@]}" -ex 'maint print objfiles' "$d/plain.elf" >"$d/plain.objfiles" 2>&1 || true
	got=$(grep -c '^\.gdb_index: version 8$' "$d/gi.objfiles" || true)/$(grep -c '^\.gdb_index' "$d/plain.objfiles" || true)
	check "$arch $variant: gdb uses the index (maint print objfiles)" "1/0" "$got" \
		"gdb-multiarch -nx -batch -ex 'maint print objfiles' $d/gi.elf | grep gdb_index"
	got=$(grep -c '\.gdb_index' <(grep -v '^\.gdb_index: version' "$d/gi.objfiles") || true)
	check "$arch $variant: maint info sections lists .gdb_index" "1" "$got" \
		"gdb-multiarch -nx -batch -ex 'maint info sections' $d/gi.elf"
	check "$arch $variant: gdb loads the indexed image without a message" "" "$(head -3 "$d/gi.load.err")" \
		"gdb-multiarch -nx -batch -ex 'maint print objfiles' $d/gi.elf"

	# The same answers with and without the index. Without it, gdb must answer each
	# question (but where unused_function is, when --gc-sections removed it).
	# An answer with several places (an inlined function's copies) lists them in the
	# order gdb's worker threads read the units, which varies from run to run, so each
	# answer's lines are compared sorted.
	write_questions "$d/plain.elf" | write_ask_gdb >"$d/ask-gdb.sh"
	bash "$d/ask-gdb.sh" "$d/gi.elf" 2>&1 | sort_each_answer >"$d/gi.answers" &
	bash "$d/ask-gdb.sh" "$d/plain.elf" 2>&1 | sort_each_answer >"$d/plain.answers" || true
	wait $! || true
	local unanswered
	unanswered=$(grep -E 'No symbol|not defined|No line|No struct|No function' "$d/plain.answers" |
		grep -vc unused_function || true)
	check "$arch $variant: gdb answers every question without the index" "0" "$unanswered" \
		"bash $d/ask-gdb.sh $d/plain.elf"
	if diff -u "$d/plain.answers" "$d/gi.answers" >"$d/answers.diff"; then
		pass "$arch $variant: gdb's answers with the index are the ones without ($(wc -l <"$d/gi.answers") lines)"
	else
		fail "$arch $variant: gdb's answers with the index are the ones without" "$d/plain.answers" \
			"$(grep -m 4 '^[-+][^-+]' "$d/answers.diff" | tr '\n' '|')" \
			"bash $d/ask-gdb.sh $d/gi.elf (diff: $d/answers.diff)"
	fi

	# .debug_aranges: present, and each unit's tuples are GNU ld's, by symbol.
	got=$(readelf -SW "$d/gi.elf" | grep -c ' \.debug_aranges ' || true)
	check "$arch $variant: .debug_aranges is in the image" "1" "$got" "readelf -SW $d/gi.elf"
	aranges_by_symbol "$d/gi.elf" "$NM" >"$d/gi.aranges"
	aranges_by_symbol "$d/gnu.elf" "$NM" >"$d/gnu.aranges"
	got=$(grep -c '?' "$d/gi.aranges" || true)
	check "$arch $variant: every .debug_aranges tuple starts and ends at a function" "0" "$got" \
		"readelf --debug-dump=aranges $d/gi.elf (named: $d/gi.aranges)"
	check "$arch $variant: .debug_aranges by symbol is GNU ld's" "$(tr '\n' '|' <"$d/gnu.aranges")" \
		"$(tr '\n' '|' <"$d/gi.aranges")" "diff $d/gnu.aranges $d/gi.aranges"
}

# DWARF the index cannot cover: a warning that names the section and offset, and the
# image without an index; with --fatal-warnings, an error and no image.
test_refusals() {
	local d=$W/refusals
	mkdir -p "$d"
	arch_setup x86_64
	local kind flags want
	for kind in types split; do
		case $kind in
		types) flags=(-g -fdebug-types-section)
			want="solder: warning: $d/$kind.elf:(.debug_info+0x0): type units (-fdebug-types-section) cannot be indexed; no .gdb_index written" ;;
		split) flags=(-g -gsplit-dwarf)
			want="solder: warning: $d/$kind.elf:(.debug_info+0x0): split DWARF units cannot be indexed; no .gdb_index written" ;;
		esac
		(cd "$d" && "${CC[@]}" -O2 -ffreestanding -I"$W/src" "${flags[@]}" -c "$W/src/main.c" -o "$kind.o")
		local link="$S -m $EMU -static -e _start --gdb-index -o $d/$kind.elf $d/$kind.o $W/x86_64/dwarf4/geometry.o \
$W/x86_64/dwarf4/names.o $W/x86_64/dwarf4/sys.o $W/x86_64/dwarf4/cxx.o"
		local got rc=0
		rm -f "$d/$kind.elf"
		got=$($link 2>&1) || rc=$?
		check "refused $kind: one warning" "$want" "$got" "$link"
		got="exit $rc, $(readelf -SW "$d/$kind.elf" 2>&1 | grep -c ' \.gdb_index ' || true) .gdb_index"
		check "refused $kind: the image is written without an index" "exit 0, 0 .gdb_index" "$got" "$link"
		rm -f "$d/$kind.elf"
		rc=0
		$link --fatal-warnings >/dev/null 2>&1 || rc=$?
		got="exit $rc, $([ -e "$d/$kind.elf" ] && echo an image || echo no image)"
		check "refused $kind: with --fatal-warnings, an error and no image" "exit 1, no image" "$got" "$link --fatal-warnings"
	done
}

for arch in $ARCHES; do
	if ! arch_setup "$arch"; then
		fail "$arch" "one of riscv64 riscv32 x86_64 i386" "$arch" "ARCHES=$arch $0"
		continue
	fi
	for variant in dwarf5 dwarf4; do
		test_variant "$arch" "$variant"
	done
done

case " $ARCHES " in *" x86_64 "*) test_refusals ;; esac

echo "run-gdbindex: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
