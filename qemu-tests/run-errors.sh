#!/usr/bin/env bash
# run-errors.sh: links that must fail. For each case solder must print exactly the
# expected diagnostic on stderr, exit with status 1, and leave the output file that
# was there before byte for byte as it was.
#
#   B=build qemu-tests/run-errors.sh
#   CASES="undefined duplicate" qemu-tests/run-errors.sh
#   REF_ONLY=1 qemu-tests/run-errors.sh   GNU ld in solder's place: only checks that each
#                                        link fails, and shows what GNU ld says
#
# Inputs are the assembly files in qemu-tests/errors/, assembled at test time; the
# corrupt objects and archives are made from good ones by overwriting bytes with
# printf and dd. Every case runs in $B/errors/CASE/ with short relative file names,
# which are the names the messages carry; cmd.sh there reproduces it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

B=${B:-build}
REF_ONLY=${REF_ONLY:-0}
SOLDER=${SOLDER:-$B/solder}
CASES=${CASES:-undefined duplicate range_jal range_x86_64 truncated shoff_beyond bad_sh_link bad_rela_link bad_member_size unknown_reloc missing_file missing_library unknown_option discarded}
SRC=$PWD/qemu-tests/errors
OUT=$B/errors

if [ "$REF_ONLY" != 1 ] && [ ! -x "$SOLDER" ]; then
	echo "run-errors: $SOLDER is missing: run 'make' (or REF_ONLY=1 to test the harness)" >&2
	exit 2
fi
missing=()
for tool in riscv64-unknown-elf-as riscv64-unknown-elf-ld riscv64-unknown-elf-readelf dd od ar cmp; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -ne 0 ]; then
	echo "run-errors: not found: ${missing[*]}; run 'make deps'" >&2
	exit 2
fi
if command -v x86_64-linux-gnu-as >/dev/null 2>&1; then X86_AS=x86_64-linux-gnu-as; else X86_AS=as; fi
if command -v x86_64-linux-gnu-ld >/dev/null 2>&1; then X86_LD=x86_64-linux-gnu-ld; else X86_LD=ld; fi
case $SOLDER in /*) ;; *) SOLDER=$PWD/$SOLDER ;; esac

# ---- helpers; they run inside the case's folder

asm_rv64() { riscv64-unknown-elf-as -march=rv64imac -mabi=lp64 "$SRC/$1.s" -o "$1.o"; }
asm_x86_64() { "$X86_AS" --64 "$SRC/$1.s" -o "$1.o"; }

# The value of an ELF header field of a 64-bit little-endian file: offset, size.
read_le() {
	od -A n -t "u$3" -j "$2" -N "$3" "$1" | tr -d ' '
}

# Overwrites bytes of a file in place: file, offset, bytes as printf escapes.
patch_bytes() {
	# shellcheck disable=SC2059 # the escapes are the point
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# A little-endian value as printf escapes: value, size in bytes.
le_bytes() {
	local v=$1 n=$2 out=
	for ((i = 0; i < n; i++)); do
		out+=$(printf '\\x%02x' $((v & 255)))
		v=$((v >> 8))
	done
	printf '%s' "$out"
}

# Index, file offset and size of the section named $2 in ELF64 object $1.
section_info() {
	local idx name off size
	while read -r idx name off size; do
		if [ "$name" = "$2" ]; then
			echo "$idx $name $((16#$off)) $((16#$size))"
			return 0
		fi
	done < <(riscv64-unknown-elf-readelf -SW "$1" |
		sed -n 's/^ *\[ *\([0-9]*\)\] \([^ ]*\) *[A-Z_]* *[0-9a-f]* \([0-9a-f]*\) \([0-9a-f]*\).*/\1 \2 \3 \4/p')
	return 1
}

# ---- the cases: each sets emu (the -m emulation), args (inputs and options, no -o)
# and want (the whole expected stderr)

case_undefined() {
	asm_rv64 undef || return 1
	emu=elf64lriscv
	args=(undef.o)
	want="solder: error: undefined symbol: missing_fn
>>> referenced by undef.o:(.data+0x0)
>>> referenced by undef.o:(.data+0x8)
>>> referenced by undef.o:(.data+0x10)
>>> referenced 2 more times"
}

case_duplicate() {
	asm_rv64 dup_a && asm_rv64 dup_b || return 1
	emu=elf64lriscv
	args=(dup_a.o dup_b.o)
	want="solder: error: duplicate symbol: dup_sym
>>> defined at dup_a.o:(.text+0x4)
>>> defined at dup_b.o:(.text.dup+0x8)"
}

case_range_jal() {
	asm_rv64 range_jal_a && asm_rv64 range_jal_b || return 1
	emu=elf64lriscv
	args=(range_jal_a.o range_jal_b.o)
	want="solder: error: range_jal_a.o:(.text+0x0): relocation R_RISCV_JAL against 'target' out of range: 1048578 is not in [-1048576, 1048576)"
}

case_range_x86_64() {
	asm_x86_64 range_x86 || return 1
	emu=elf_x86_64
	args=(--defsym=high_sym=0x100000000 range_x86.o)
	want="solder: error: range_x86.o:(.text+0x1): relocation R_X86_64_32 against 'high_sym' out of range: 4294967296 is not in [0, 4294967296)"
}

# The section header table cut short: the file ends 10 bytes into it.
case_truncated() {
	asm_rv64 good || return 1
	local shoff shnum
	shoff=$(read_le good.o 40 8)
	shnum=$(read_le good.o 60 2)
	head -c $((shoff + 10)) good.o >truncated.o
	emu=elf64lriscv
	args=(truncated.o)
	want=$(printf 'solder: error: truncated.o: truncated file: section header table at 0x%x (%d x 64 bytes) runs past the end of the file (0x%x bytes)' \
		"$shoff" "$shnum" $((shoff + 10)))
}

# e_shoff pointing 1 MiB into a file of a few hundred bytes.
case_shoff_beyond() {
	asm_rv64 good || return 1
	cp good.o shoff.o
	local shnum size
	shnum=$(read_le good.o 60 2)
	size=$(wc -c <good.o)
	patch_bytes shoff.o 40 "$(le_bytes $((0x100000)) 8)"
	emu=elf64lriscv
	args=(shoff.o)
	want=$(printf 'solder: error: shoff.o: truncated file: section header table at 0x100000 (%d x 64 bytes) runs past the end of the file (0x%x bytes)' \
		"$shnum" "$size")
}

# Sets sh_link of section $1 of good.o to 40, past the last section, in bad_link.o;
# prints that section's index.
patch_sh_link() {
	local shoff idx
	shoff=$(read_le good.o 40 8)
	read -r idx _ < <(section_info good.o "$1")
	[ -n "$idx" ] || return 1
	cp good.o bad_link.o
	# Elf64_Shdr: sh_link is at +40 in each 64-byte header.
	patch_bytes bad_link.o $((shoff + idx * 64 + 40)) "$(le_bytes 40 4)"
	echo "$idx"
}

# .symtab's sh_link (its string table) out of range.
case_bad_sh_link() {
	asm_rv64 good || return 1
	local idx shnum
	idx=$(patch_sh_link .symtab) || return 1
	shnum=$(read_le good.o 60 2)
	emu=elf64lriscv
	args=(bad_link.o)
	want="solder: error: bad_link.o: corrupt section header table: section $idx (.symtab) has sh_link 40, but there are $shnum sections"
}

# .rela.text's sh_link (the symbol table its entries index) out of range: the message
# names the section it has to be.
case_bad_rela_link() {
	asm_rv64 good || return 1
	local idx symtab
	idx=$(patch_sh_link .rela.text) || return 1
	read -r symtab _ < <(section_info good.o .symtab)
	emu=elf64lriscv
	args=(bad_link.o)
	want="solder: error: bad_link.o: corrupt section header table: relocation section $idx (.rela.text) has sh_link 40, but the symbol table is section $symtab"
}

# lib.a(member.o)'s header says its size is "12x4".
case_bad_member_size() {
	asm_rv64 archive_main && asm_rv64 member || return 1
	rm -f lib.a
	ar rcs lib.a member.o || return 1
	local hdr
	hdr=$(grep -boa 'member.o/' lib.a | head -n 1 | cut -d: -f1)
	[ -n "$hdr" ] || return 1
	# ar member header: name[16] date[12] uid[6] gid[6] mode[8] size[10] "`\n"
	patch_bytes lib.a $((hdr + 48)) '12x4      '
	emu=elf64lriscv
	args=(archive_main.o lib.a)
	want=$(printf "solder: error: lib.a: corrupt archive: member header at 0x%x: size field '12x4' is not a number" "$hdr")
}

# The one relocation of unknown_reloc.o rewritten to type 200.
case_unknown_reloc() {
	asm_rv64 unknown_reloc || return 1
	local off
	read -r _ _ off _ < <(section_info unknown_reloc.o .rela.text)
	[ -n "$off" ] || return 1
	# Elf64_Rela: r_offset, r_info (type in its low 32 bits), r_addend.
	patch_bytes unknown_reloc.o $((off + 8)) "$(le_bytes 200 4)"
	emu=elf64lriscv
	args=(unknown_reloc.o)
	want="solder: error: unknown_reloc.o:(.text+0x4): unknown relocation type 200 against 'foo' for riscv64"
	# GNU ld 2.40 says "unsupported relocation type 0xc8" but exits 0 with an image.
	ref_may_succeed=1
}

case_missing_file() {
	asm_rv64 good || return 1
	emu=elf64lriscv
	args=(good.o nonexistent.o)
	want="solder: error: cannot open nonexistent.o: No such file or directory"
}

case_missing_library() {
	asm_rv64 good || return 1
	emu=elf64lriscv
	args=(good.o -L. -lnosuchlib)
	want="solder: error: unable to find library -lnosuchlib"
}

case_unknown_option() {
	asm_rv64 good || return 1
	emu=elf64lriscv
	args=(--frobnicate good.o)
	want="solder: error: unknown argument '--frobnicate'"
}

case_discarded() {
	asm_rv64 discarded || return 1
	printf 'SECTIONS {\n  .text 0x10000 : { *(.text) }\n  .data : { *(.data) }\n  /DISCARD/ : { *(.data.gone) }\n}\n' >discard.ld
	emu=elf64lriscv
	args=(-T discard.ld discarded.o)
	want="solder: error: relocation refers to a discarded section: .data.gone
>>> defined in discarded.o
>>> referenced by discarded.o:(.text+0x4)
solder: error: relocation refers to a symbol in a discarded section: gone_var
>>> defined in discarded.o:(.data.gone)
>>> referenced by discarded.o:(.data+0x0)
>>> referenced by discarded.o:(.data+0x8)
>>> referenced by discarded.o:(.data+0x10)
>>> referenced 1 more times"
}

# ---- the driver

passed=0
failed=0
for name in $CASES; do
	dir=$OUT/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	emu=
	args=()
	want=
	ref_may_succeed=0
	if ! declare -F "case_$name" >/dev/null; then
		echo "FAIL errors/$name: no such case"
		failed=$((failed + 1))
		continue
	fi
	pushd "$dir" >/dev/null || exit 2
	"case_$name" >prepare.log 2>&1
	prepared=$?
	popd >/dev/null || exit 2
	if [ "$prepared" -ne 0 ]; then
		echo "FAIL errors/$name: preparing the inputs failed"
		sed 's/^/    /' "$dir/prepare.log"
		failed=$((failed + 1))
		continue
	fi
	printf '%s\n' "$want" >"$dir/want.stderr"

	linker=$SOLDER
	if [ "$REF_ONLY" = 1 ]; then
		case $emu in elf_x86_64 | elf_i386) linker=$X86_LD ;; *) linker=riscv64-unknown-elf-ld ;; esac
	fi
	cmd=("$linker" -m "$emu" -static -e _start -o out.elf "${args[@]}")
	printf 'cd %q && %s\n' "$dir" "$(printf '%q ' "${cmd[@]}")" >"$dir/cmd.sh"
	# What a previous successful link left: it must survive the failed one.
	printf 'previous output of an earlier link\n' >"$dir/out.elf"
	cp "$dir/out.elf" "$dir/previous.elf"
	(cd "$dir" && "${cmd[@]}" >stdout 2>stderr)
	status=$?

	problems=()
	if [ "$REF_ONLY" = 1 ]; then
		[ "$status" -ne 0 ] || [ "$ref_may_succeed" = 1 ] || problems+=("the link succeeded")
	else
		[ "$status" -eq 1 ] || problems+=("exit status: expected 1, got $status")
		if ! cmp -s "$dir/stderr" "$dir/want.stderr"; then
			problems+=("stderr differs (- expected, + got):")
			while IFS= read -r line; do
				problems+=("  $line")
			done < <(diff -u "$dir/want.stderr" "$dir/stderr" | tail -n +3)
		fi
		cmp -s "$dir/out.elf" "$dir/previous.elf" || problems+=("the previous out.elf was changed or removed")
	fi
	if [ ${#problems[@]} -eq 0 ]; then
		echo "PASS errors/$name"
		[ "$REF_ONLY" = 1 ] && sed 's/^/    GNU ld: /' "$dir/stderr"
		passed=$((passed + 1))
	else
		echo "FAIL errors/$name"
		printf '    %s\n' "${problems[@]}"
		printf '    reproduce: sh %s\n' "$dir/cmd.sh"
		failed=$((failed + 1))
	fi
done

echo "errors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
