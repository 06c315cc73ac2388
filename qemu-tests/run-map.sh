#!/usr/bin/env bash
# run-map.sh: solder's link map (-Map, -M) and cross reference table (--cref).
#
# For each architecture a small freestanding program is built the way the corpus
# builds its programs: two objects that share a COMDAT group (the second copy must be
# discarded) and -fcommon tentative definitions of different sizes, plus an archive
# with a member pulled directly, one pulled by that member, and one never pulled. It
# is linked by solder with -Map and --cref, and the map is checked against the image
# itself (readelf): every output section's address and size, every global symbol's
# address, the archive members and why they were pulled, the discarded COMDAT copy,
# the COMMON allocation, the cross reference, the address width (16 hex digits for
# ELF64, 8 for ELF32). The parts of the map that do not depend on addresses (archive
# members, COMMON, discarded sections, cross reference) must hold GNU ld's lines for
# the same inputs. Then -M (map on stdout), -Map DIR and -Map %.map, and an unwritable
# map path (an error, and the previous output left alone).
#
#   B=build ARCHES="riscv64 x86_64" qemu-tests/run-map.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

B=${B:-build}
S=$B/solder
ARCHES=${ARCHES:-riscv64 riscv32 x86_64 i386}
W=$B/map-tests
. qemu-tests/lib.sh
# check NAME EXPECTED GOT COMMAND: pass when GOT equals EXPECTED.
check() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$@"; fi
}

if [ ! -x "$S" ]; then
	echo "run-map: $S is missing: run 'make'" >&2
	exit 2
fi
READELF=
for r in readelf riscv64-unknown-elf-readelf x86_64-linux-gnu-readelf; do
	if command -v "$r" >/dev/null 2>&1; then READELF=$r; break; fi
done
if [ -z "$READELF" ]; then
	echo "run-map: no readelf found" >&2
	exit 2
fi
rm -rf "$W"
mkdir -p "$W/src"

# ---- the program

cat >"$W/src/group.h" <<'EOF'
/* shared_table in the COMDAT group "shared_table"; each file's copy differs. */
#define GROUP_STR(x) #x
#define DEFINE_GROUP(copy)                                                              \
	__asm__(".pushsection .rodata.shared_table, \"aG\", @progbits, shared_table, comdat\n" \
	        ".globl shared_table\n"                                                 \
	        ".type shared_table, @object\n"                                         \
	        ".p2align 2\n"                                                          \
	        "shared_table: .long " GROUP_STR(copy) ", 20, 30, 40\n"                 \
	        ".size shared_table, 16\n"                                              \
	        ".popsection\n");
extern const int shared_table[4];
EOF
cat >"$W/src/main.c" <<'EOF'
#include "group.h"
DEFINE_GROUP(1)
int common_buf[8];        /* tentative: other.c's is larger */
int common_small;
int initialised = 7;
extern int pulled_fn(int);
extern const char *greeting(void);
int main(void)
{
	common_small = greeting()[0];
	return pulled_fn(common_buf[1]) + shared_table[1] + initialised;
}
void _start(void)
{
	main();
	for (;;)
		;
}
EOF
cat >"$W/src/other.c" <<'EOF'
#include "group.h"
DEFINE_GROUP(2)
int common_buf[32];
const char *greeting(void) { return "hello from the map test"; }
int other_reads(void) { return shared_table[0]; }
EOF
cat >"$W/src/pulled.c" <<'EOF'
extern int lib_helper(void);
int pulled_fn(int x) { return x + lib_helper(); }
EOF
cat >"$W/src/helper.c" <<'EOF'
int lib_helper(void) { return 3; }
EOF
cat >"$W/src/unused.c" <<'EOF'
int never_pulled(void) { return 1; }
EOF

if command -v x86_64-linux-gnu-ld >/dev/null 2>&1; then X86_LD=x86_64-linux-gnu-ld; else X86_LD=ld; fi
arch_setup() {
	case $1 in
	riscv64) CC=(riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany); EMU=elf64lriscv; DIGITS=16
		REF_LD=riscv64-unknown-elf-ld ;;
	riscv32) CC=(riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32); EMU=elf32lriscv; DIGITS=8
		REF_LD=riscv64-unknown-elf-ld ;;
	x86_64) CC=(gcc -m64 -fno-pie -fno-pic -fcf-protection=none); EMU=elf_x86_64; DIGITS=16; REF_LD=$X86_LD ;;
	i386) CC=(gcc -m32 -fno-pie -fno-pic -fcf-protection=none); EMU=elf_i386; DIGITS=8; REF_LD=$X86_LD ;;
	*) return 1 ;;
	esac
}

# The lines of one top-level part of the map (from its heading to the next heading).
map_part() {
	awk -v h="$2" '
		$0 == h { on = 1; next }
		on && /^(Archive member included|Allocating common symbols|Discarded input sections|Memory Configuration|Linker script and memory map|Cross Reference Table)/ { exit }
		on { print }' "$1"
}

# "name addr size" for every output section line of the memory map (a long name
# stands on its own line, its address and size on the next).
map_output_sections() {
	map_part "$1" "Linker script and memory map" | awk '
		pending != "" { if ($1 ~ /^0x/) print pending, $1, $2; pending = ""; next }
		/^[^ ]/ && !/^(LOAD |OUTPUT\()/ { if (NF >= 3) print $1, $2, $3; else if (NF == 1) pending = $1 }'
}

# "name addr size" for each section of the image with contents or room, from readelf.
image_sections() {
	"$READELF" -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '
		$1 != "NULL" && $1 != ".symtab" && $1 != ".strtab" && $1 != ".shstrtab" && $1 != ".rela.dyn" {
			printf "%s 0x%s 0x%s\n", $1, $3, $5 }'
}

# "name value" for each global or weak symbol the image defines in a section.
image_globals() {
	"$READELF" -sW "$1" | awk '
		($5 == "GLOBAL" || $5 == "WEAK") && $7 != "UND" && $7 != "ABS" && $8 != "" { print $8, $2 }'
}

hexval() { printf '%d' "$1" 2>/dev/null || echo "bad:$1"; }

# "name addr" for every symbol line ("  0xADDR   name") and assignment line
# ("  0xADDR   name = expr") of the memory map.
map_symbols() {
	map_part "$1" "Linker script and memory map" | awk '
		/^ +0x/ && (NF == 2 || $3 == "=") { print $2, $1 }'
}

test_arch() {
	local arch=$1 d=$W/$arch
	arch_setup "$arch" || return
	mkdir -p "$d"
	local cflags=(-std=gnu11 -O2 -ffreestanding -fno-stack-protector -fcommon -ffunction-sections -I"$W/src")
	local f
	for f in main other pulled helper unused; do
		if ! "${CC[@]}" "${cflags[@]}" -c "$W/src/$f.c" -o "$d/$f.o" 2>"$d/$f.cc.err"; then
			fail "$arch: compile $f.c" "success" "$(head -3 "$d/$f.cc.err")" "${CC[*]} ${cflags[*]} -c $W/src/$f.c"
			return
		fi
	done
	rm -f "$d/libmap.a"
	ar rcs "$d/libmap.a" "$d/pulled.o" "$d/helper.o" "$d/unused.o"

	local inputs=(-m "$EMU" -static -e _start "$d/main.o" "$d/other.o" "$d/libmap.a")
	local repro="$S ${inputs[*]} -o $d/out.elf -Map $d/out.map --cref"
	if ! "$S" "${inputs[@]}" -o "$d/out.elf" -Map "$d/out.map" --cref 2>"$d/ld.err"; then
		fail "$arch: link with -Map --cref" "exit 0" "$(head -3 "$d/ld.err")" "$repro"
		return
	fi
	pass "$arch: link with -Map --cref"
	local map=$d/out.map

	# Every part of the map, in GNU ld's order.
	local got want
	got=$(grep -E '^(Archive member included|Allocating common symbols|Discarded input sections|Memory Configuration|Linker script and memory map|Cross Reference Table)' "$map" | tr '\n' '|')
	want="Archive member included to satisfy reference by file (symbol)|Allocating common symbols|Discarded input sections|Memory Configuration|Linker script and memory map|Cross Reference Table|"
	check "$arch: map parts in order" "$want" "$got" "$repro"

	# Output sections: address and size as in the image.
	local name addr size maddr msize bad=0 n=0
	map_output_sections "$map" >"$d/map.sections"
	while read -r name addr size; do
		n=$((n + 1))
		read -r maddr msize < <(awk -v n="$name" '$1 == n { print $2, $3; exit }' "$d/map.sections")
		if [ -z "${maddr:-}" ] || [ "$(hexval "$maddr")" != "$(hexval "$addr")" ] ||
			[ "$(hexval "$msize")" != "$(hexval "$size")" ]; then
			fail "$arch: output section $name in the map" "$name $addr $size" "${maddr:-(missing)} ${msize:-}" "$repro"
			bad=1
		fi
		maddr= msize=
	done < <(image_sections "$d/out.elf")
	[ "$bad" = 0 ] && [ "$n" -gt 3 ] && pass "$arch: $n output sections match readelf"

	# Global symbols: each on a symbol or assignment line with its address.
	map_symbols "$map" >"$d/map.symbols"
	bad=0 n=0
	local value
	while read -r name value; do
		n=$((n + 1))
		got=$(awk -v n="$name" '$1 == n { print $2 }' "$d/map.symbols" | while read -r a; do
			[ "$(hexval "$a")" = "$(hexval "0x$value")" ] && echo ok; done | head -1)
		if [ "$got" != ok ]; then
			fail "$arch: symbol $name in the map" "0x$value $name" \
				"$(awk -v n="$name" '$1 == n' "$d/map.symbols" | head -1)" "$repro"
			bad=1
		fi
	done < <(image_globals "$d/out.elf")
	[ "$bad" = 0 ] && [ "$n" -gt 5 ] && pass "$arch: $n global symbols at their readelf addresses"

	# Address width.
	got=$(map_output_sections "$map" | awk '$1 == ".text" { print length($2) - 2 }')
	check "$arch: addresses have $DIGITS hex digits" "$DIGITS" "$got" "$repro"

	# Archive members: pulled.o for main.o's reference, helper.o for pulled.o's.
	local members
	members=$(map_part "$map" "Archive member included to satisfy reference by file (symbol)" | awk 'NF' | tr -s ' ' | tr '\n' '|')
	want="$d/libmap.a(pulled.o)| $d/main.o (pulled_fn)|$d/libmap.a(helper.o)| $d/libmap.a(pulled.o) (lib_helper)|"
	check "$arch: archive members and why they were pulled" "$want" "$members" "$repro"

	# The COMDAT copy of other.o is discarded; both .group sections are.
	local disc
	disc=$(map_part "$map" "Discarded input sections" | awk 'NF' | tr -s ' ' | tr '\n' '|')
	case $disc in
	*" .rodata.shared_table| 0x"*" 0x10 $d/other.o|"*) pass "$arch: dropped COMDAT copy listed as discarded" ;;
	*) fail "$arch: dropped COMDAT copy listed as discarded" ".rodata.shared_table 0x10 $d/other.o" "$disc" "$repro" ;;
	esac
	got=$(map_part "$map" "Discarded input sections" | grep -c '^ \.group ')
	check "$arch: both .group sections discarded" "2" "$got" "$repro"
	# The kept copy is main.o's, with its symbol.
	got=$(map_part "$map" "Linker script and memory map" | awk '
		/^ \.rodata\.shared_table/ { want = 1; if (NF > 1) { print $NF; exit } next }
		want { print $NF; exit }')
	check "$arch: kept COMDAT copy is main.o's" "$d/main.o" "$got" "$repro"

	# COMMON: the larger tentative definition (other.o's 32 ints) wins.
	got=$(map_part "$map" "Allocating common symbols" | awk '$1 == "common_buf" { print $2, $3 }')
	check "$arch: common_buf allocated from other.o" "0x80 $d/other.o" "$got" "$repro"
	local caddr
	caddr=$(image_globals "$d/out.elf" | awk '$1 == "common_buf" { print $2 }')
	got=$(map_part "$map" "Linker script and memory map" | awk '/^ COMMON / && $NF ~ /other\.o$/ { print $2; exit }')
	check "$arch: COMMON input section of other.o at common_buf" "$(hexval "0x$caddr")" "$(hexval "${got:-none}")" "$repro"

	# Merged strings appear as their input sections.
	if grep -Eq '^ \.rodata\.str1\.[0-9]+' "$map"; then pass "$arch: merged string sections listed"
	else fail "$arch: merged string sections listed" "a ' .rodata.str1.N' line" "none" "$repro"; fi

	# Cross reference: the defining file first, then the files that refer to it.
	local cref
	cref=$(map_part "$map" "Cross Reference Table" | tr -s ' ')
	got=$(printf '%s\n' "$cref" | awk '/^pulled_fn / { print $2; getline; print $1 }' | tr '\n' ' ')
	check "$arch: --cref pulled_fn: definer then referrer" "$d/libmap.a(pulled.o) $d/main.o " "$got" "$repro"
	got=$(printf '%s\n' "$cref" | awk '/^shared_table / { print $2; getline; print $1 }' | tr '\n' ' ')
	check "$arch: --cref shared_table: kept copy then dropped one" "$d/main.o $d/other.o " "$got" "$repro"
	got=$(printf '%s\n' "$cref" | awk '/^never_pulled / { print "listed" }')
	check "$arch: --cref leaves out members not pulled" "" "$got" "$repro"

	# The parts that do not depend on addresses say what GNU ld's map says for the same
	# inputs (GNU's x86 emulation defines _GLOBAL_OFFSET_TABLE_ in the first object
	# even in a static link; solder makes it only when something needs a GOT).
	if command -v "$REF_LD" >/dev/null 2>&1 &&
		"$REF_LD" "${inputs[@]}" -o "$d/ref.elf" -Map "$d/ref.map" --cref 2>"$d/ref.err"; then
		local part
		for part in "Archive member included to satisfy reference by file (symbol)" "Allocating common symbols" \
			"Discarded input sections" "Cross Reference Table"; do
			want=$(map_part "$d/ref.map" "$part" | grep -v '^_GLOBAL_OFFSET_TABLE_ ' | sort)
			got=$(map_part "$map" "$part" | sort)
			check "$arch: '$part' as GNU ld's (sorted)" "$want" "$got" "diff <(sort of $d/ref.map) <(sort of $map)"
		done
	fi

	# -M: the same map on standard output, the same image.
	if "$S" "${inputs[@]}" -o "$d/out-M.elf" -M >"$d/stdout.map" 2>"$d/ldM.err" &&
		grep -q '^Linker script and memory map' "$d/stdout.map" && cmp -s "$d/out.elf" "$d/out-M.elf"; then
		pass "$arch: -M prints the map on stdout"
	else
		fail "$arch: -M prints the map on stdout" "exit 0, a map on stdout, the same image" \
			"$(head -2 "$d/ldM.err")" "$S ${inputs[*]} -o $d/out-M.elf -M"
	fi
}

for arch in $ARCHES; do
	test_arch "$arch"
done

# ---- a map file that cannot be written: an error, and the output is left alone
d=$W/${ARCHES%% *}
if [ -f "$d/main.o" ]; then
	arch_setup "${ARCHES%% *}"
	printf 'previous\n' >"$d/keep.elf"
	got=$("$S" -m "$EMU" -static -o "$d/keep.elf" -e _start "$d/main.o" "$d/other.o" "$d/libmap.a" \
		-Map "$W/no/such/dir/x.map" 2>&1)
	rc=$?
	check "unwritable map file is an error" \
		"1 solder: error: cannot open map file $W/no/such/dir/x.map: No such file or directory" "$rc $got" \
		"$S -m $EMU -static -o $d/keep.elf -e _start $d/main.o $d/other.o $d/libmap.a -Map $W/no/such/dir/x.map"
	if [ "$(head -c 9 "$d/keep.elf" | tr -d '\0')" = previous ]; then got=previous; else got="replaced ($(wc -c <"$d/keep.elf") bytes)"; fi
	check "unwritable map file leaves the output untouched" "previous" "$got" "(same)"

	# GNU ld 2.40's -Map arguments: a directory gets <output>.map, '%' is the output.
	mkdir -p "$d/mapdir"
	"$S" -m "$EMU" -static -o "$d/dir.elf" -e _start "$d/main.o" "$d/other.o" "$d/libmap.a" -Map "$d/mapdir" 2>/dev/null
	if [ -s "$d/mapdir/dir.elf.map" ]; then pass "-Map DIR writes DIR/<output>.map"
	else fail "-Map DIR writes DIR/<output>.map" "$d/mapdir/dir.elf.map" "missing" "$S ... -o $d/dir.elf -Map $d/mapdir"; fi
	"$S" -m "$EMU" -static -o "$d/pct.elf" -e _start "$d/main.o" "$d/other.o" "$d/libmap.a" -Map '%.map' 2>/dev/null
	if [ -s "$d/pct.elf.map" ]; then pass "-Map %.map writes <output>.map"
	else fail "-Map %.map writes <output>.map" "$d/pct.elf.map" "missing" "$S ... -o $d/pct.elf -Map %.map"; fi
fi

echo "run-map: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
