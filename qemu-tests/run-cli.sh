#!/usr/bin/env bash
# run-cli.sh: solder as GNU ld's drop-in, from the outside.
#
#  1. The command line's own messages, exactly: unknown option, missing argument, -pie,
#     no inputs, an unknown emulation.
#  2. `solder -v` says what configure scripts look for: libtool's `$LD -v` test
#     matches *GNU* or *'with BFD'*, and `ld --help` must contain
#     ": supported targets:.* elf" and list what solder does (--gc-sections).
#  3. gcc and riscv64-unknown-elf-gcc, pointed at $B/libexec/solder/ with -B, really run
#     solder (its version line shows up for -Wl,-v) and the image they produce runs
#     under qemu-user: a _start that exits with status 42 through a system call.
#  4. GNU ld's number rules: "-Ttext 20000" is hex, as GNU ld reads it; the entry
#     address must match what riscv64-unknown-elf-ld makes of the same line. @FILE
#     response files give the same image as the arguments themselves.
#
#   B=build qemu-tests/run-cli.sh
set -uo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
S=$B/solder
LD_DIR=$B/libexec/solder
W=$B/cli-tests
. qemu-tests/lib.sh

if [ ! -x "$S" ]; then
	echo "run-cli: $S is missing: run 'make'" >&2
	exit 2
fi
rm -rf "$W"
mkdir -p "$W"

# ---- 1. messages

# expect_error NAME "EXPECTED STDERR" ARGS...: solder must exit 1 printing exactly that.
expect_error() {
	local name=$1 want=$2
	shift 2
	local got rc
	got=$("$S" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "exit 1, stderr '$want'" "exit $rc, stderr '$got'" "$S $*"
	fi
}

printf 'void _start(void) {}\n' >"$W/empty.c"
: >"$W/x.o"
expect_error "unknown option" "solder: error: unknown argument '--frobnicate'" --frobnicate "$W/x.o"
expect_error "missing argument" "solder: error: -o: missing argument" "$W/x.o" -o
expect_error "missing argument (long)" "solder: error: --entry: missing argument" "$W/x.o" --entry
expect_error "-pie refused" \
	"solder: error: -pie: solder makes static, fixed-address images; link with -static or -no-pie" -pie "$W/x.o"
expect_error "-shared refused" \
	"solder: error: -shared: solder makes static, fixed-address images; shared libraries are not supported" \
	-shared "$W/x.o"
expect_error "no input files" "solder: error: no input files"
expect_error "unknown emulation" \
	"solder: error: -m elf_foo: unknown emulation; supported emulations: elf64lriscv elf32lriscv elf_x86_64 elf_i386" \
	-m elf_foo "$W/x.o"
expect_error "-Ttext is hex" "solder: error: -Ttext: invalid hex number '12g'" -Ttext 12g "$W/x.o"
expect_error "ambiguous abbreviation" "solder: error: unknown argument '-st'" -st "$W/x.o"

# ---- 2. what configure scripts see

for cmd in "$S" "$LD_DIR/ld"; do
	if [ ! -x "$cmd" ]; then
		fail "$cmd -v" "an executable" "missing (make builds it)" "make $cmd"
		continue
	fi
	first=$("$cmd" -v </dev/null 2>&1 | head -n 1)
	rc=$("$cmd" -v </dev/null >/dev/null 2>&1; echo $?)
	case $first in
	solder\ *\(compatible\ with\ GNU\ linkers\))
		# libtool's _LT_PATH_LD_GNU, word for word in its effect.
		case $first in
		*GNU* | *'with BFD'*) if [ "$rc" -eq 0 ]; then pass "$cmd -v"; else
			fail "$cmd -v" "exit 0" "exit $rc" "$cmd -v"; fi ;;
		*) fail "$cmd -v" "a line libtool takes for GNU ld" "'$first'" "$cmd -v" ;;
		esac
		;;
	*) fail "$cmd -v" "'solder <version> (compatible with GNU linkers)'" "'$first'" "$cmd -v" ;;
	esac
done
first=$("$S" --version 2>&1 | head -n 1)
[ "${first#solder }" != "$first" ] && pass "--version" || fail "--version" "solder <version> ..." "'$first'" "$S --version"

help=$("$S" --help 2>&1)
if printf '%s\n' "$help" | grep -q ': supported targets:.* elf'; then pass "--help lists ELF targets"
else fail "--help lists ELF targets" "a line matching ': supported targets:.* elf'" "none" "$S --help"; fi
if printf '%s\n' "$help" | grep -q -- '--gc-sections'; then pass "--help lists --gc-sections"
else fail "--help lists --gc-sections" "--gc-sections listed" "missing" "$S --help"; fi
if printf '%s\n' "$help" | grep -q -- '--build-id'; then pass "--help lists --build-id"
else fail "--help lists --build-id" "--build-id listed" "missing" "$S --help"; fi

# ---- 3. gcc runs solder; the image runs

cat >"$W/exit42.c" <<'EOF'
/* Exits with status 42 through the system call, with no C library. */
void _start(void)
{
#if defined(__riscv)
	register long a0 __asm__("a0") = 42;
	register long a7 __asm__("a7") = 93; /* exit */
	__asm__ volatile("ecall" : : "r"(a0), "r"(a7));
#elif defined(__x86_64__)
	__asm__ volatile("mov $60, %eax\n\tmov $42, %edi\n\tsyscall");
#else
	__asm__ volatile("mov $1, %eax\n\tmov $42, %ebx\n\tint $0x80");
#endif
	for (;;)
		;
}
EOF

# gcc_case NAME QEMU COMPILER FLAGS...
gcc_case() {
	local name=$1 qemu=$2 cc=$3
	shift 3
	local elf=$W/$name.elf
	if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$qemu" >/dev/null 2>&1; then
		fail "gcc $name" "$cc and $qemu installed" "missing" "make deps"
		return
	fi
	local cmd=("$cc" "-B$LD_DIR/" "$@" -O2 "$W/exit42.c" -o "$elf" -Wl,-v)
	local out rc
	out=$("${cmd[@]}" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "gcc $name: link" "exit 0" "exit $rc: $(printf '%s' "$out" | grep -v '^collect2 version\|^ *[^ ]*/ld ' | head -n 5)" "${cmd[*]}"
		return
	fi
	if printf '%s\n' "$out" | grep -q '(compatible with GNU linkers)'; then
		pass "gcc $name: -B runs solder"
	else
		fail "gcc $name: -B runs solder" "solder's version line for -Wl,-v" "$(printf '%s' "$out" | head -n 3)" "${cmd[*]}"
	fi
	timeout 10 "$qemu" "$elf"
	rc=$?
	if [ "$rc" -eq 42 ]; then pass "gcc $name: image exits 42 under $qemu"
	else fail "gcc $name: image exits 42 under $qemu" "status 42" "status $rc" "${cmd[*]} && $qemu $elf"; fi
}

gcc_case riscv64 qemu-riscv64 riscv64-unknown-elf-gcc -nostdlib
gcc_case riscv32 qemu-riscv32 riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 -nostdlib
gcc_case x86_64 qemu-x86_64 gcc -static -nostdlib -fno-pie -no-pie
gcc_case i386 qemu-i386 gcc -m32 -static -nostdlib -fno-pie -no-pie -ffreestanding

# gcc's default (PIE) line reaches solder and gets the -pie message.
out=$(gcc "-B$LD_DIR/" -nostdlib "$W/exit42.c" -o "$W/pie.elf" 2>&1)
if printf '%s\n' "$out" | grep -qx 'solder: error: -pie: solder makes static, fixed-address images; link with -static or -no-pie'; then
	pass "gcc default PIE: refused with the -pie message"
else
	fail "gcc default PIE: refused with the -pie message" "solder's -pie error" "$(printf '%s' "$out" | head -n 3)" \
		"gcc -B$LD_DIR/ -nostdlib $W/exit42.c"
fi

# ---- 4. GNU ld's number rules and response files

if riscv64-unknown-elf-gcc -O2 -c "$W/exit42.c" -o "$W/exit42-rv.o" 2>/dev/null; then
	"$S" -m elf64lriscv -Ttext 20000 "$W/exit42-rv.o" -o "$W/ttext.elf" 2>"$W/ttext.err"
	rc=$?
	riscv64-unknown-elf-ld -m elf64lriscv -Ttext 20000 "$W/exit42-rv.o" -o "$W/ttext-gnu.elf"
	want=$(readelf -h "$W/ttext-gnu.elf" | awk '/Entry point/ {print $4}')
	got=$(readelf -h "$W/ttext.elf" 2>/dev/null | awk '/Entry point/ {print $4}')
	if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then pass "-Ttext 20000 is 0x20000, as GNU ld reads it"
	else fail "-Ttext 20000 is 0x20000, as GNU ld reads it" "entry $want" "exit $rc, entry '$got' $(head -c 300 "$W/ttext.err")" \
		"$S -m elf64lriscv -Ttext 20000 $W/exit42-rv.o -o $W/ttext.elf"; fi

	# --build-id: a GNU note that depends only on the image's bytes, in a PT_NOTE.
	build_id() { readelf -n "$1" 2>/dev/null | awk '/Build ID:/ {print $3}'; }
	"$S" -m elf64lriscv --build-id "$W/exit42-rv.o" -o "$W/bid1.elf" &&
		"$S" -m elf64lriscv --build-id "$W/exit42-rv.o" -o "$W/bid2.elf" &&
		"$S" -m elf64lriscv --build-id -Ttext 30000 "$W/exit42-rv.o" -o "$W/bid3.elf"
	rc=$?
	id1=$(build_id "$W/bid1.elf"); id2=$(build_id "$W/bid2.elf"); id3=$(build_id "$W/bid3.elf")
	timeout 10 qemu-riscv64 "$W/bid1.elf"
	status=$?
	if [ "$rc" -eq 0 ] && [ "${#id1}" -eq 40 ] && [ "$id1" = "$id2" ] && [ "$id1" != "$id3" ] &&
		readelf -lW "$W/bid1.elf" | grep -q '^ *NOTE ' && [ "$status" -eq 42 ]; then
		pass "--build-id: 20-byte note in a PT_NOTE, same for the same image, different for another"
	else fail "--build-id note" "40 hex digits, equal for equal links, different for -Ttext 30000, PT_NOTE, exit 42" \
		"exit $rc, ids '$id1' '$id2' '$id3', image status $status" "$S -m elf64lriscv --build-id $W/exit42-rv.o -o $W/bid1.elf"; fi

	printf -- '-m elf64lriscv\n-o "%s"\n"%s"\n' "$W/rsp out.elf" "$W/exit42-rv.o" >"$W/args.rsp"
	"$S" "@$W/args.rsp" 2>"$W/rsp.err"
	rc=$?
	timeout 10 qemu-riscv64 "$W/rsp out.elf"
	status=$?
	if [ "$rc" -eq 0 ] && [ "$status" -eq 42 ]; then pass "@FILE response file (quoted output name)"
	else fail "@FILE response file (quoted output name)" "exit 0, image exits 42" \
		"exit $rc, image status $status $(head -c 300 "$W/rsp.err")" "$S @$W/args.rsp"; fi
else
	fail "riscv64 object for -Ttext and @FILE" "riscv64-unknown-elf-gcc compiles" "it did not" "make deps"
fi

# ---- 4b. gp-relative relaxation reaches data from the gp a script defines

# The script sets __global_pointer$ between .data and .sdata, not where solder's
# default would put it; relaxed accesses must be relative to the script's value.
# gp_start.h: a _start that loads gp from the script (not relaxed itself) and exits
# with 42 when its check holds.
cat >"$W/gp_start.h" <<'EOF'
#define GP_START(ok) \
	void _start(void) \
	{ \
		__asm__ volatile(".option push\n.option norelax\nlla gp, __global_pointer$\n.option pop"); \
		register long a0 __asm__("a0") = (ok) ? 42 : 1; \
		register long a7 __asm__("a7") = 93; \
		__asm__ volatile("ecall" : : "r"(a0), "r"(a7)); \
	}
EOF
cat >"$W/gp.c" <<'EOF'
long table[300] = { 1 };   /* .data, ahead of the small data */
long small_a = 5;          /* .sdata */
long small_b;              /* .sbss */

__attribute__((noinline)) static long compute(void)
{
	small_b = small_a * 2 + table[0];
	return small_b;
}

#include "gp_start.h"
GP_START(compute() == 11)
EOF
cat >"$W/gp.ld" <<'EOF'
ENTRY(_start)
SECTIONS
{
  . = 0x10000;
  .text : { *(.text .text.*) }
  . = ALIGN(0x1000);
  .data : { *(.data .data.*) __global_pointer$ = . + 0x100; *(.sdata .sdata.*) }
  .bss : { *(.sbss .sbss.*) *(.bss .bss.*) }
}
EOF
if riscv64-unknown-elf-gcc -O2 -mcmodel=medlow -msmall-data-limit=8 -c "$W/gp.c" -o "$W/gp.o" 2>"$W/gp.err" &&
	"$S" -m elf64lriscv -T "$W/gp.ld" "$W/gp.o" -o "$W/gp.elf" 2>>"$W/gp.err"; then
	timeout 10 qemu-riscv64 "$W/gp.elf"
	status=$?
	relaxed=$(riscv64-unknown-elf-objdump -d "$W/gp.elf" | grep -c '(gp)')
	if [ "$status" -eq 42 ] && [ "$relaxed" -gt 0 ]; then pass "gp-relative relaxation uses the script's __global_pointer\$"
	else fail "gp from the script" "exit 42, accesses through gp" "exit $status, $relaxed gp accesses" "$S -m elf64lriscv -T $W/gp.ld $W/gp.o -o $W/gp.elf"; fi
else
	fail "gp from the script" "compiles and links" "$(head -c 300 "$W/gp.err")" "$S -m elf64lriscv -T $W/gp.ld $W/gp.o -o $W/gp.elf"
fi

# gp defined in .sdata (as board scripts do): GNU ld's margin for data in that same
# output section is the section's alignment, not the largest one in the image (here
# .rodata's 64), so `edge`, 2024 bytes below gp, is reached through gp by both.
cat >"$W/gp2.c" <<'EOF'
long pad[3] __attribute__((section(".sdata.a")));
long edge __attribute__((section(".sdata.b"))) = 5;
long big[260] __attribute__((section(".sdata.c"))) = { 1 };
const char banner[] = "gp";

__attribute__((noinline)) static long read_edge(void) { return edge + big[0] + banner[1]; }

#include "gp_start.h"
GP_START(read_edge() == 5 + 1 + 'p')
EOF
cat >"$W/gp2.ld" <<'EOF'
ENTRY(_start)
SECTIONS
{
  . = 0x10000;
  .text : { *(.text .text.*) }
  .rodata : ALIGN(64) { *(.rodata .rodata.* .srodata .srodata.*) }
  . = ALIGN(0x1000);
  .sdata : { __global_pointer$ = . + 0x800; *(.sdata.a) *(.sdata.b) *(.sdata.c) *(.sdata .sdata.*) }
  .bss : { *(.sbss .sbss.*) *(.bss .bss.*) }
}
EOF
edge_through_gp() {
	riscv64-unknown-elf-objdump -d "$1" | grep -c '(gp).*<edge>\|gp,.*<edge>'
}
if riscv64-unknown-elf-gcc -O2 -mcmodel=medany -c "$W/gp2.c" -o "$W/gp2.o" 2>"$W/gp2.err" &&
	"$S" -m elf64lriscv -T "$W/gp2.ld" "$W/gp2.o" -o "$W/gp2.elf" 2>>"$W/gp2.err" &&
	riscv64-unknown-elf-ld -T "$W/gp2.ld" "$W/gp2.o" -o "$W/gp2.gnu" 2>>"$W/gp2.err"; then
	timeout 10 qemu-riscv64 "$W/gp2.elf"
	status=$?
	got=$(edge_through_gp "$W/gp2.elf")
	want=$(edge_through_gp "$W/gp2.gnu")
	if [ "$status" -eq 42 ] && [ "$got" = "$want" ] && [ "$got" -gt 0 ]; then
		pass "gp in .sdata: data of that section is reached through gp with its own alignment as margin, as GNU ld"
	else fail "gp in .sdata margin" "exit 42, $want access(es) to edge through gp (GNU ld)" "exit $status, $got" \
		"$S -m elf64lriscv -T $W/gp2.ld $W/gp2.o -o $W/gp2.elf"; fi
else
	fail "gp in .sdata margin" "compiles and links" "$(head -c 300 "$W/gp2.err")" "$S -m elf64lriscv -T $W/gp2.ld $W/gp2.o -o $W/gp2.elf"
fi

# ---- 4c. constants merged across objects are read where they went

# b.c's second constant (2.5) is a's first: merged, it lives in a's piece, so b's
# RIP-relative load of it (.LC1-4) must follow the piece, not the bytes before it.
cat >"$W/merge-a.c" <<'EOF'
double scale_a(double x) { return x * 2.5; }
EOF
cat >"$W/merge-b.c" <<'EOF'
double scale_a(double x);
__attribute__((noinline)) double scale_b(double x, double y) { return x * 1.25 + y * 2.5; }
void _start(void)
{
	volatile double one = 1.0;
	int ok = scale_a(one) == 2.5 && scale_b(one, one) == 3.75;
	__asm__ volatile("mov $60, %%eax\n\tsyscall" : : "D"(ok ? 42 : 1));
}
EOF
if gcc -O2 -fno-pie -c "$W/merge-a.c" -o "$W/merge-a.o" 2>"$W/merge.err" &&
	gcc -O2 -fno-pie -c "$W/merge-b.c" -o "$W/merge-b.o" 2>>"$W/merge.err" &&
	"$S" -m elf_x86_64 "$W/merge-a.o" "$W/merge-b.o" -o "$W/merge.elf" 2>>"$W/merge.err"; then
	timeout 10 qemu-x86_64 "$W/merge.elf"
	status=$?
	size=$(readelf -SW "$W/merge.elf" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".rodata" { print $5 }')
	if [ "$status" -eq 42 ] && [ "$size" = 000020 ]; then pass "merged constants: 5 constants, 4 distinct, in 32 bytes; each load finds its own"
	else fail "merged constants" "exit 42, .rodata 000020" "exit $status, .rodata '$size'" "$S -m elf_x86_64 $W/merge-a.o $W/merge-b.o -o $W/merge.elf"; fi
else
	fail "merged constants" "compiles and links" "$(head -c 300 "$W/merge.err")" "$S -m elf_x86_64 $W/merge-a.o $W/merge-b.o -o $W/merge.elf"
fi

# A non-allocated section of merged strings stays one in the image: .comment's flags
# and entry size are GNU ld's ("MS", 1).
comment_flags() {
	readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".comment" { print $6, $7 }'
}
if [ -f "$W/merge.elf" ] && ld -m elf_x86_64 "$W/merge-a.o" "$W/merge-b.o" -o "$W/merge.gnu" 2>/dev/null; then
	check_flags="$(comment_flags "$W/merge.elf")"
	if [ -n "$check_flags" ] && [ "$check_flags" = "$(comment_flags "$W/merge.gnu")" ]; then
		pass "merged .comment keeps GNU ld's flags and entry size ($check_flags)"
	else fail "merged .comment flags" "$(comment_flags "$W/merge.gnu")" "$check_flags" "readelf -SW $W/merge.elf"; fi
fi

# ---- 4d. the command line's addresses win over a script's, as in GNU ld

if [ -f "$W/gp.o" ]; then
	"$S" -m elf64lriscv -T "$W/gp.ld" --section-start=.data=0x40000 -Ttext=0x20000 "$W/gp.o" -o "$W/ss.elf" 2>"$W/ss.err"
	rc=$?
	timeout 10 qemu-riscv64 "$W/ss.elf"
	status=$?
	placed=$(readelf -SW "$W/ss.elf" 2>/dev/null | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".text" || $1 == ".data" { printf "%s=%s ", $1, $3 }')
	if [ "$rc" -eq 0 ] && [ "$status" -eq 42 ] && [ "$placed" = ".text=0000000000020000 .data=0000000000040000 " ]; then
		pass "-Ttext and --section-start move a script's sections"
	else fail "-Ttext/--section-start under -T" "exit 0, image exits 42, .text at 0x20000, .data at 0x40000" \
		"exit $rc, status $status, '$placed' $(head -c 300 "$W/ss.err")" \
		"$S -m elf64lriscv -T $W/gp.ld --section-start=.data=0x40000 -Ttext=0x20000 $W/gp.o -o $W/ss.elf"; fi
	if riscv64-unknown-elf-gcc -O2 -fPIC -c "$W/gp.c" -o "$W/gp-pic.o" 2>"$W/got.err" &&
		"$S" -m elf64lriscv -T "$W/gp.ld" --got-address=0x50000 "$W/gp-pic.o" -o "$W/got.elf" 2>>"$W/got.err"; then
		timeout 10 qemu-riscv64 "$W/got.elf"
		status=$?
		got=$(readelf -SW "$W/got.elf" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".got" { print $3 }')
		if [ "$status" -eq 42 ] && [ "$got" = 0000000000050000 ]; then pass "--got-address places a script's GOT"
		else fail "--got-address under -T" ".got at 0x50000, exit 42" ".got at '$got', exit $status" \
			"$S -m elf64lriscv -T $W/gp.ld --got-address=0x50000 $W/gp-pic.o -o $W/got.elf"; fi
	else
		fail "--got-address under -T" "compiles and links" "$(head -c 300 "$W/got.err")" \
			"$S -m elf64lriscv -T $W/gp.ld --got-address=0x50000 $W/gp-pic.o -o $W/got.elf"
	fi
fi

# ---- 4e. --orphan-handling, against GNU ld

# .tag is in no description of the script, nor are .comment, .riscv.attributes and
# the debug sections: they are the orphans both linkers must name (warn, error) or
# drop (discard); place is the default.
cat >"$W/orphan.c" <<'EOF'
__attribute__((section(".tag"), used)) static const char tag[] = "board-rev-b";
void _start(void)
{
	register long a0 __asm__("a0") = 42;
	register long a7 __asm__("a7") = 93;
	__asm__ volatile("ecall" : : "r"(a0), "r"(a7));
}
EOF
printf 'ENTRY(_start)\nSECTIONS {\n  . = 0x10000;\n  .text : { *(.text .text.*) }\n  .data : { *(.data .data.*) }\n  .bss : { *(.bss .bss.*) }\n}\n' >"$W/orphan.ld"
# The input sections a linker's diagnostics name, sorted: solder's "o.o:(.x) is being
# placed in '.y'", GNU ld's "orphan section `.x' from `o.o' ...".
orphans_named() {
	sed -n -e "s/.*orphan\.o:(\([^)]*\)) is being placed.*/\1/p" -e "s/.*orphan section \`\([^']*\)' from .*/\1/p" "$1" | LC_ALL=C sort | tr '\n' ' '
}
section_names() {
	readelf -SW "$1" 2>/dev/null | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p' | tr '\n' ' '
}
if riscv64-unknown-elf-gcc -g -O2 -c "$W/orphan.c" -o "$W/orphan.o" 2>"$W/orphan.err"; then
	for mode in warn error discard place; do
		rm -f "$W/orphan-$mode.elf" "$W/orphan-$mode.gnu"
		"$S" -m elf64lriscv --orphan-handling=$mode -T "$W/orphan.ld" "$W/orphan.o" -o "$W/orphan-$mode.elf" 2>"$W/orphan-$mode.err"
		rc=$?
		riscv64-unknown-elf-ld --no-warn-rwx-segments --orphan-handling=$mode -T "$W/orphan.ld" "$W/orphan.o" \
			-o "$W/orphan-$mode.gnu" 2>"$W/orphan-$mode.gnu.err"
		grc=$?
		repro="$S -m elf64lriscv --orphan-handling=$mode -T $W/orphan.ld $W/orphan.o -o $W/orphan-$mode.elf"
		status=none
		if [ -f "$W/orphan-$mode.elf" ]; then
			timeout 10 qemu-riscv64 "$W/orphan-$mode.elf"
			status=$?
		fi
		named=$(orphans_named "$W/orphan-$mode.err")
		gnamed=$(orphans_named "$W/orphan-$mode.gnu.err")
		case $mode in
		warn | error)
			want_rc=0 want_status=42
			[ $mode = error ] && want_rc=1 want_status=none
			if [ "$rc/$grc" = "$want_rc/$want_rc" ] && [ "$status" = "$want_status" ] && [ -n "$named" ] &&
				[ "$named" = "$gnamed" ] && [ "$(grep -c "^solder: $mode" "$W/orphan-$mode.err")" = "$(echo "$named" | wc -w)" ]; then
				pass "--orphan-handling=$mode names GNU ld's $(echo "$named" | wc -w) orphans, one $mode each"
			else fail "--orphan-handling=$mode" "exit $want_rc (GNU $want_rc), image $want_status, orphans: $gnamed" \
				"exit $rc (GNU $grc), image $status, orphans: $named" "$repro"; fi ;;
		discard)
			if [ "$rc" = 0 ] && [ "$status" = 42 ] && [ "$(section_names "$W/orphan-$mode.elf")" = "$(section_names "$W/orphan-$mode.gnu")" ]; then
				pass "--orphan-handling=discard leaves GNU ld's sections: $(section_names "$W/orphan-$mode.elf")"
			else fail "--orphan-handling=discard" "exit 0, image 42, sections $(section_names "$W/orphan-$mode.gnu")" \
				"exit $rc, image $status, sections $(section_names "$W/orphan-$mode.elf")" "$repro"; fi ;;
		place)
			"$S" -m elf64lriscv -T "$W/orphan.ld" "$W/orphan.o" -o "$W/orphan-default.elf" 2>/dev/null
			if [ "$rc" = 0 ] && [ "$status" = 42 ] && [ ! -s "$W/orphan-$mode.err" ] &&
				cmp -s "$W/orphan-$mode.elf" "$W/orphan-default.elf"; then
				pass "--orphan-handling=place is the default, silent"
			else fail "--orphan-handling=place" "exit 0, image 42, no message, the default's image" \
				"exit $rc, image $status, $(head -c 200 "$W/orphan-$mode.err")" "$repro"; fi ;;
		esac
	done
	# Without -T, the orphans are what GNU ld's default script does not name.
	"$S" -m elf64lriscv --orphan-handling=warn "$W/orphan.o" -o "$W/orphan-nos.elf" 2>"$W/orphan-nos.err"
	rc=$?
	riscv64-unknown-elf-ld --orphan-handling=warn "$W/orphan.o" -o "$W/orphan-nos.gnu" 2>"$W/orphan-nos.gnu.err"
	named=$(orphans_named "$W/orphan-nos.err")
	gnamed=$(orphans_named "$W/orphan-nos.gnu.err")
	if [ "$rc" = 0 ] && [ -n "$named" ] && [ "$named" = "$gnamed" ]; then
		pass "--orphan-handling=warn without a script names GNU ld's orphans: $named"
	else fail "--orphan-handling=warn without a script" "exit 0, orphans: $gnamed" "exit $rc, orphans: $named" \
		"$S -m elf64lriscv --orphan-handling=warn $W/orphan.o -o $W/orphan-nos.elf"; fi
	expect_error "orphan-handling mode" "solder: error: --orphan-handling: unknown mode 'keep' (place, warn, error or discard)" \
		--orphan-handling=keep -T "$W/orphan.ld" "$W/orphan.o" -o "$W/orphan-bad.elf"
else
	fail "--orphan-handling" "compiles" "$(head -c 300 "$W/orphan.err")" "riscv64-unknown-elf-gcc -g -O2 -c $W/orphan.c"
fi

# ---- 4f. archive members are laid out in the order the link pulled them, as GNU ld does

# libfirst.a holds a.o then b.o; main calls b_fn, which calls a_fn: b.o is pulled first.
# In the group, libsecond.a's c.o needs d_fn from libfirst.a's d.o, pulled on the
# second pass, after c.o.
mkdir -p "$W/order"
printf 'int a_fn(int x) { return x + 1; }\n' >"$W/order/a.c"
printf 'int a_fn(int);\nint b_fn(int x) { return a_fn(x) * 2; }\n' >"$W/order/b.c"
printf 'int d_fn(int);\nint c_fn(int x) { return d_fn(x) - 3; }\n' >"$W/order/c.c"
printf 'int d_fn(int x) { return x * 5; }\n' >"$W/order/d.c"
cat >"$W/order/main.c" <<'EOF'
int b_fn(int);
int c_fn(int);
void _start(void)
{
	register long a0 __asm__("a0") = b_fn(20) + c_fn(0);   /* 42 + -3 + 3 */
	a0 += 3;
	register long a7 __asm__("a7") = 93;
	__asm__ volatile("ecall" : : "r"(a0), "r"(a7));
}
EOF
order_ok=1
for f in a b c d main; do
	riscv64-unknown-elf-gcc -O2 -c "$W/order/$f.c" -o "$W/order/$f.o" 2>>"$W/order/cc.err" || order_ok=0
done
rm -f "$W/order/libfirst.a" "$W/order/libsecond.a"
ar rc "$W/order/libfirst.a" "$W/order/a.o" "$W/order/b.o" "$W/order/d.o" && ar rc "$W/order/libsecond.a" "$W/order/c.o" || order_ok=0
text_order() {
	riscv64-unknown-elf-nm -n "$1" | awk '$2 == "T" && $3 ~ /^(_start|._fn)$/ { printf "%s ", $3 }'
}
if [ "$order_ok" = 1 ]; then
	args=(-m elf64lriscv "$W/order/main.o" --start-group "$W/order/libfirst.a" "$W/order/libsecond.a" --end-group)
	"$S" "${args[@]}" -o "$W/order/solder.elf" 2>"$W/order/ld.err"
	rc=$?
	riscv64-unknown-elf-ld "${args[@]}" -o "$W/order/gnu.elf" 2>>"$W/order/ld.err"
	timeout 10 qemu-riscv64 "$W/order/solder.elf"
	status=$?
	got=$(text_order "$W/order/solder.elf")
	want=$(text_order "$W/order/gnu.elf")
	if [ "$rc" = 0 ] && [ "$status" = 42 ] && [ "$got" = "$want" ] && [ "$got" = "_start b_fn a_fn c_fn d_fn " ]; then
		pass "archive members in the order they were pulled, as GNU ld: $got"
	else fail "archive member order" "exit 0, image 42, functions '$want'" "exit $rc, image $status, functions '$got'" \
		"$S ${args[*]} -o $W/order/solder.elf"; fi
else
	fail "archive member order" "compiles" "$(head -c 300 "$W/order/cc.err")" "riscv64-unknown-elf-gcc -O2 -c $W/order/a.c"
fi

# ---- 5. layout options: each image still runs, and its headers say what was asked

cat >"$W/layout.c" <<'EOF'
/* Exits with 42 computed from .data, .rodata and .bss, so a misplaced segment shows. */
int counter = 40;
const int two = 2;
int zeros[1000];
void _start(void)
{
	long v = counter + two + zeros[999];
	__asm__ volatile("mov $60, %%eax\n\tmov %0, %%rdi\n\tsyscall" : : "r"(v) : "rax", "rdi");
	for (;;)
		;
}
EOF
if gcc -O2 -fno-pie -fno-pic -ffreestanding -fno-stack-protector -fcf-protection=none -c "$W/layout.c" -o "$W/layout.o" 2>/dev/null; then
	# layout_case NAME PATTERN OPTIONS...: PATTERN must match `readelf -lhW` of the image.
	layout_case() {
		local name=$1 check=$2
		shift 2
		"$S" -m elf_x86_64 "$@" "$W/layout.o" -o "$W/layout.elf" 2>"$W/layout.err"
		local rc=$?
		timeout 10 qemu-x86_64 "$W/layout.elf"
		local status=$?
		local headers
		headers=$(readelf -lhW "$W/layout.elf" 2>&1)
		if [ "$rc" -eq 0 ] && [ "$status" -eq 42 ] && printf '%s\n' "$headers" | grep -qE "$check"; then
			pass "$name"
		else
			fail "$name" "exit 0, image exits 42, headers match /$check/" \
				"exit $rc, image status $status $(head -c 300 "$W/layout.err")" "$S -m elf_x86_64 $* $W/layout.o -o $W/layout.elf"
		fi
	}
	layout_case "-N: one RWX segment" '^ *LOAD .* RWE ' -N
	layout_case "-n: one RWX segment" '^ *LOAD .* RWE ' -n
	layout_case "-Tdata=0x600000 places .data" '^ *LOAD +0x[0-9a-f]+ 0x0+600000 ' -Tdata=0x600000
	layout_case "--image-base=0x800000 moves the image" '^ *LOAD +0x0+ 0x0+800000 ' --image-base=0x800000
	layout_case "-z execstack makes PT_GNU_STACK executable" 'GNU_STACK .* RWE' -z execstack
	layout_case "-z max-page-size=0x10000 aligns segments to 64 KiB" '^ *LOAD .* 0x10000$' -z max-page-size=0x10000
	# qemu-x86_64 runs only ELF64; the ELF32 container is for QEMU's multiboot loader
	# (system mode, the boards), so here the headers are what is checked.
	# The ELF32 container multiboot loaders take: ELFCLASS32 and EM_386 (QEMU refuses
	# EM_X86_64 there), from --elf-class=32 or from GNU ld's --oformat=elf32-i386.
	for how in --elf-class=32 --oformat=elf32-i386; do
		"$S" -m elf_x86_64 "$how" "$W/layout.o" -o "$W/layout32.elf" 2>"$W/layout32.err"
		rc=$?
		headers=$(readelf -lhW "$W/layout32.elf" 2>&1)
		if [ "$rc" -eq 0 ] && printf '%s\n' "$headers" | grep -qE 'Class: +ELF32' &&
			printf '%s\n' "$headers" | grep -qE 'Machine: +Intel 80386' &&
			printf '%s\n' "$headers" | grep -qE '^ *LOAD .* R E '; then
			pass "$how writes x86_64 code in an ELF32 EM_386 container"
		else fail "$how writes x86_64 code in an ELF32 EM_386 container" "ELF32, EM_386, an R E PT_LOAD" \
			"exit $rc $(printf '%s\n' "$headers" | grep -E 'Class|Machine' | tr '\n' ' ') $(head -c 300 "$W/layout32.err")" \
			"$S -m elf_x86_64 $how $W/layout.o -o $W/layout32.elf"; fi
	done
	expect_error "--oformat of another machine" \
		"solder: error: --oformat elf64-littleriscv: the inputs are for another machine (e_machine 62)" \
		-m elf_x86_64 --oformat=elf64-littleriscv "$W/layout.o" -o "$W/bad.elf"

	# --board: a non-allocated note solder-run reads; it changes nothing that is loaded.
	"$S" -m elf_x86_64 --board qemu-x86_64/multiboot "$W/layout.o" -o "$W/board.elf" 2>"$W/board.err"
	rc=$?
	name=$(readelf -p .note.solder.board "$W/board.elf" 2>/dev/null | sed -n 's/^ *\[ *[0-9a-f]*\]  //p' | tr '\n' ' ')
	# "[Nr] name type addr off size es [flags] lk inf al": no flags, so 9 fields
	flags=$(readelf -SW "$W/board.elf" 2>/dev/null | sed 's/^ *\[ *[0-9]*\] *//' |
		awk '$1 == ".note.solder.board" { print $2, (NF == 9 ? "unallocated" : "flags " $7), $NF }')
	if [ "$rc" -eq 0 ] && [ "$name" = "solder qemu-x86_64/multiboot " ] && [ "$flags" = "NOTE unallocated 4" ] &&
		! readelf -lW "$W/board.elf" | grep -q '^ *NOTE '; then
		pass "--board writes a non-allocated note 'solder' naming the board"
	else fail "--board note" "strings 'solder qemu-x86_64/multiboot', type NOTE, no flags, align 4, no PT_NOTE" \
		"exit $rc, strings '$name', section '$flags' $(head -c 300 "$W/board.err")" \
		"$S -m elf_x86_64 --board qemu-x86_64/multiboot $W/layout.o -o $W/board.elf"; fi
	expect_error "--board needs a name" "solder: error: --board: a board name is 1 to 255 characters" --board= "$W/layout.o"

	# An allocated note (a PVH entry, say) is found by loaders through a PT_NOTE of its own.
	printf '.section .note.Xen,"a",@note\n.balign 4\n.long 4, 4, 18\n.asciz "Xen"\n.long _start\n' >"$W/pvh.s"
	if as --64 "$W/pvh.s" -o "$W/pvh.o" && "$S" -m elf_x86_64 "$W/layout.o" "$W/pvh.o" -o "$W/pvh.elf" 2>"$W/pvh.err"; then
		note=$(readelf -lW "$W/pvh.elf" | awk '$1 == "NOTE" { print $2, $3, $5 }')
		sec=$(readelf -SW "$W/pvh.elf" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".note.Xen" { print "0x" $4, "0x" $3, "0x" $5 }')
		sec=$(printf '%s\n' "$sec" | sed -E 's/0x0+([0-9a-f])/0x\1/g')
		note=$(printf '%s\n' "$note" | sed -E 's/0x0+([0-9a-f])/0x\1/g')
		if [ -n "$note" ] && [ "$note" = "$sec" ]; then pass "an allocated note section gets a PT_NOTE"
		else fail "PT_NOTE for .note.Xen" "PT_NOTE offset/vaddr/size '$sec'" "'$note'" "$S -m elf_x86_64 $W/layout.o $W/pvh.o -o $W/pvh.elf"; fi
	else
		fail "PT_NOTE for .note.Xen" "links" "$(head -c 300 "$W/pvh.err")" "$S -m elf_x86_64 $W/layout.o $W/pvh.o -o $W/pvh.elf"
	fi
else
	fail "x86_64 object for the layout options" "gcc compiles" "it did not" "make deps"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
