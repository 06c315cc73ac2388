#!/usr/bin/env bash
# run-oformat.sh: --oformat binary, ihex, srec and c, and -b binary inputs.
#
#  1. objcopy is the reference: a program (.text, .rodata, .data, .bss, the entry not
#     at the start) is linked by solder once as ELF and once per format; each
#     --oformat output must equal `objcopy -O <format>` of the ELF byte for byte. The
#     program is linked for riscv64 at its default address, at 0x100 (S1/S9, ihex with
#     no base records), at 0x80000000 (S3/S7, ihex type 04/05) and with a .rodata of
#     70000 bytes (ihex records split at 64 KiB; at 0xff000, across 1 MiB, where ihex
#     changes from segment to linear base records), and for x86_64 and i386 (ELF32).
#     The ihex and srec outputs read back by `objcopy -I ihex|srec -O binary` give the
#     binary output again.
#  2. --oformat c: the file compiles with `cc -std=c11 -Wall -Werror -c` and with
#     riscv64-unknown-elf-gcc -ffreestanding; a host harness linked with it checks that
#     its segments hold the binary output's bytes at their load addresses, and that the
#     entry and segment table match readelf's.
#  3. -b binary: a program prints a text file embedded with `-b binary`, under
#     qemu-riscv64 and qemu-x86_64; its output and the _binary_* symbols' sizes must be
#     those of the same objects linked by GNU ld.
#  4. Failures: an ihex image above 4 GiB is an error that names the section, and the
#     previous output file is left as it was, with no temporary file behind.
#
#   B=build qemu-tests/run-oformat.sh
set -uo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
S=${S:-$B/solder}
W=$B/oformat-tests
. qemu-tests/lib.sh

if [ ! -x "$S" ]; then
	echo "run-oformat: $S is missing: run 'make'" >&2
	exit 2
fi
S=$(cd "$(dirname "$S")" && pwd)/$(basename "$S")
rm -rf "$W"
mkdir -p "$W"
W=$(cd "$W" && pwd)

# ---- the test program

# A raw Linux program: .text (a helper before _start), .rodata, .data, .bss.
cat >"$W/prog.c" <<'EOF'
#ifndef BIG
#define BIG 1
#endif
static const char msg[] = "hello from rodata\n";
const unsigned char big[BIG] = { [0 ... BIG - 1] = 0x5a };
int counter = 5;
char buf[100];
extern long sys3(long n, long a, long b, long c);
void helper(void) { buf[0] = 'x'; }
void _start(void)
{
	helper();
	sys3(SYS_WRITE, 1, (long)msg, sizeof msg - 1);
	sys3(SYS_EXIT, counter + buf[0] - 'x' - 5 + big[BIG - 1] - 0x5a, 0, 0);
	for (;;)
		;
}
EOF
cat >"$W/sys_riscv.s" <<'EOF'
	.globl sys3
sys3:	mv a7, a0
	mv a0, a1
	mv a1, a2
	mv a2, a3
	ecall
	ret
EOF
cat >"$W/sys_x86_64.s" <<'EOF'
	.globl sys3
sys3:	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	syscall
	ret
EOF
cat >"$W/sys_i386.s" <<'EOF'
	.globl sys3
sys3:	push %ebx
	mov 8(%esp), %eax
	mov 12(%esp), %ebx
	mov 16(%esp), %ecx
	mov 20(%esp), %edx
	int $0x80
	pop %ebx
	ret
EOF

RV_CC="riscv64-unknown-elf-gcc -O2 -ffreestanding -nostdlib -mcmodel=medany -DSYS_WRITE=64 -DSYS_EXIT=93"
X64_CC="gcc -O2 -ffreestanding -nostdlib -fno-pic -fno-asynchronous-unwind-tables -fcf-protection=none -DSYS_WRITE=1 -DSYS_EXIT=60"
X32_CC="gcc -m32 -O2 -ffreestanding -nostdlib -fno-pic -fno-asynchronous-unwind-tables -fcf-protection=none -DSYS_WRITE=4 -DSYS_EXIT=1"

# build NAME "CC" SYS.s [CFLAGS...]: $W/NAME/prog.o and sys.o
build() {
	local name=$1 cc=$2 sys=$3
	shift 3
	mkdir -p "$W/$name"
	if ! $cc "$@" -c "$W/prog.c" -o "$W/$name/prog.o" 2>"$W/$name/cc.log" ||
		! $cc -c "$W/$sys" -o "$W/$name/sys.o" 2>>"$W/$name/cc.log"; then
		fail "$name: compile" "the test program compiles" "$(head -3 "$W/$name/cc.log")" "$cc $* -c $W/prog.c"
		return 1
	fi
}

# ---- 1. binary, ihex and srec against objcopy

# formats NAME OBJCOPY RUN [LDFLAGS...]: link $W/NAME's objects as ELF and in each
# format; compare with objcopy. RUN is the qemu to run the ELF with, or "".
formats() {
	local name=$1 objcopy=$2 run=$3
	shift 3
	local d=$W/$name
	mkdir -p "$d/solder" "$d/objcopy"
	if ! "$S" "$@" "$d/prog.o" "$d/sys.o" -o "$d/prog.elf" 2>"$d/link.log"; then
		fail "$name: link" "exit 0" "$(head -3 "$d/link.log")" "$S $* $d/prog.o $d/sys.o -o $d/prog.elf"
		return
	fi
	if [ -n "$run" ]; then
		local out
		out=$($run "$d/prog.elf")
		if [ $? -eq 0 ] && [ "$out" = "hello from rodata" ]; then
			pass "$name: the ELF runs"
		else
			fail "$name: the ELF runs" "'hello from rodata', exit 0" "'$out'" "$run $d/prog.elf"
		fi
	fi
	for f in binary ihex srec; do
		# Both written under the same relative name: S0 records hold it.
		local cmd="cd $d/solder && $S $* ../prog.o ../sys.o --oformat $f -o prog.$f"
		if ! (cd "$d/solder" && "$S" "$@" ../prog.o ../sys.o --oformat $f -o prog.$f) 2>"$d/link-$f.log"; then
			fail "$name: --oformat $f" "exit 0" "$(head -3 "$d/link-$f.log")" "$cmd"
			continue
		fi
		(cd "$d/objcopy" && $objcopy -O $f ../prog.elf prog.$f)
		if cmp -s "$d/solder/prog.$f" "$d/objcopy/prog.$f"; then
			pass "$name: --oformat $f is objcopy -O $f"
		else
			fail "$name: --oformat $f is objcopy -O $f" "$(head -c 300 "$d/objcopy/prog.$f" | od -c | head -3)" \
				"$(cmp "$d/solder/prog.$f" "$d/objcopy/prog.$f" 2>&1)" \
				"$cmd; cd $d/objcopy && $objcopy -O $f ../prog.elf prog.$f; diff $d/solder/prog.$f $d/objcopy/prog.$f"
		fi
	done
	for f in ihex srec; do
		[ -f "$d/solder/prog.$f" ] || continue
		$objcopy -I $f -O binary "$d/solder/prog.$f" "$d/back-$f.bin"
		if cmp -s "$d/back-$f.bin" "$d/solder/prog.binary"; then
			pass "$name: $f read back is the binary image"
		else
			fail "$name: $f read back is the binary image" "$d/solder/prog.binary" \
				"$(cmp "$d/back-$f.bin" "$d/solder/prog.binary" 2>&1)" \
				"$objcopy -I $f -O binary $d/solder/prog.$f $d/back-$f.bin"
		fi
	done
}

if build rv64 "$RV_CC" sys_riscv.s; then
	formats rv64 riscv64-unknown-elf-objcopy qemu-riscv64
fi
if build rv64-low "$RV_CC" sys_riscv.s; then
	formats rv64-low riscv64-unknown-elf-objcopy "" -Ttext=0x100
fi
if build rv64-high "$RV_CC" sys_riscv.s; then
	formats rv64-high riscv64-unknown-elf-objcopy "" -Ttext=0x80000000
fi
if build rv64-big "$RV_CC" sys_riscv.s -DBIG=70000; then
	formats rv64-big riscv64-unknown-elf-objcopy qemu-riscv64
fi
# .rodata from below 1 MiB to above it: ihex goes from segment (02) to linear (04) bases.
if build rv64-1m "$RV_CC" sys_riscv.s -DBIG=70000; then
	formats rv64-1m riscv64-unknown-elf-objcopy "" -Ttext=0xff000
fi
if build x86_64 "$X64_CC" sys_x86_64.s; then
	formats x86_64 x86_64-linux-gnu-objcopy qemu-x86_64
fi
if build i386 "$X32_CC" sys_i386.s; then
	formats i386 i686-linux-gnu-objcopy qemu-i386 -m elf_i386
fi

# ---- 2. --oformat c

cat >"$W/harness.c" <<'EOF'
/* harness IMAGE.bin LOW ENTRY NSEGS: the C image's segments hold the binary image's
 * bytes at their load addresses, every byte of the binary image is in a segment, and
 * the entry and the number of segments are readelf's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct solder_segment { uint64_t load_addr; uint64_t mem_size; const uint8_t *data; size_t file_size; };
extern const struct solder_segment solder_segments[];
extern const size_t solder_segment_count;
extern const uint64_t solder_entry;
extern const uint8_t solder_seg0[];
extern const uint64_t solder_seg0_load_addr;
extern const size_t solder_seg0_file_size;

int main(int argc, char **argv)
{
	if (argc != 5)
		return 2;
	FILE *f = fopen(argv[1], "rb");
	if (!f)
		return 2;
	static uint8_t bin[1 << 20];
	size_t n = fread(bin, 1, sizeof(bin), f);
	fclose(f);
	uint64_t low = strtoull(argv[2], NULL, 0), entry = strtoull(argv[3], NULL, 0);
	size_t nsegs = strtoull(argv[4], NULL, 0);
	static uint8_t covered[1 << 20];
	int bad = 0;
	if (solder_entry != entry) {
		printf("entry: expected 0x%llx, got 0x%llx\n", (unsigned long long)entry, (unsigned long long)solder_entry);
		bad = 1;
	}
	if (solder_segment_count != nsegs) {
		printf("segments: expected %zu, got %zu\n", nsegs, solder_segment_count);
		bad = 1;
	}
	if (solder_segments[0].data != solder_seg0 || solder_segments[0].load_addr != solder_seg0_load_addr ||
	    solder_segments[0].file_size != solder_seg0_file_size) {
		printf("solder_segments[0] is not solder_seg0\n");
		bad = 1;
	}
	for (size_t k = 0; k < solder_segment_count; k++) {
		const struct solder_segment *s = &solder_segments[k];
		if (s->file_size > s->mem_size || (s->file_size && !s->data)) {
			printf("segment %zu: file_size 0x%zx, mem_size 0x%llx, data %p\n", k, s->file_size,
			       (unsigned long long)s->mem_size, (const void *)s->data);
			bad = 1;
		}
		for (size_t i = 0; i < s->file_size; i++) {
			uint64_t a = s->load_addr + i;
			if (a < low || a - low >= n)
				continue;
			covered[a - low] = 1;
			if (s->data[i] != bin[a - low]) {
				printf("segment %zu: byte at 0x%llx is 0x%02x, the binary image has 0x%02x\n", k,
				       (unsigned long long)a, s->data[i], bin[a - low]);
				bad = 1;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (bin[i] && !covered[i]) {
			printf("the binary image's byte at 0x%llx is in no segment\n", (unsigned long long)(low + i));
			bad = 1;
			break;
		}
	}
	return bad;
}
EOF

# c_output NAME [LDFLAGS...]: for $W/NAME's objects, already linked by formats()
c_output() {
	local name=$1
	shift
	local d=$W/$name
	[ -f "$d/prog.elf" ] && [ -f "$d/solder/prog.binary" ] || return
	local cmd="$S $* $d/prog.o $d/sys.o --oformat c -o $d/image.c"
	if ! "$S" "$@" "$d/prog.o" "$d/sys.o" --oformat c -o "$d/image.c" 2>"$d/link-c.log"; then
		fail "$name: --oformat c" "exit 0" "$(head -3 "$d/link-c.log")" "$cmd"
		return
	fi
	local incs
	incs=$(grep '^#include' "$d/image.c" | tr '\n' ' ')
	if [ "$incs" = "#include <stddef.h> #include <stdint.h> " ]; then
		pass "$name: the C image includes only <stddef.h> and <stdint.h>"
	else
		fail "$name: the C image includes only <stddef.h> and <stdint.h>" "<stddef.h> <stdint.h>" "$incs" "$cmd"
	fi
	if cc -std=c11 -Wall -Wextra -Werror -pedantic -c "$d/image.c" -o "$d/image.o" 2>"$d/cc-c.log" &&
		riscv64-unknown-elf-gcc -std=c11 -ffreestanding -Wall -Werror -c "$d/image.c" -o "$d/image-rv.o" 2>>"$d/cc-c.log"; then
		pass "$name: the C image compiles (cc -std=c11 -Wall -Werror, gcc -ffreestanding)"
	else
		fail "$name: the C image compiles (cc -std=c11 -Wall -Werror, gcc -ffreestanding)" "no diagnostics" \
			"$(head -3 "$d/cc-c.log")" "cc -std=c11 -Wall -Wextra -Werror -pedantic -c $d/image.c"
		return
	fi
	local low entry nsegs out
	low=0x$(riscv64-unknown-elf-readelf -SW "$d/prog.elf" | awk '
		/^ *\[ *[0-9]+\]/ { sub(/^ *\[ *[0-9]+\] */, ""); if ($2 != "NULL" && $2 != "NOBITS" && $7 ~ /A/ && $5 != "000000") print $3 }' | sort | head -1)
	entry=$(riscv64-unknown-elf-readelf -hW "$d/prog.elf" | awk '/Entry point/ { print $4 }')
	nsegs=$(riscv64-unknown-elf-readelf -lW "$d/prog.elf" | grep -c '^ *LOAD')
	if ! cc -std=c11 -O1 "$W/harness.c" "$d/image.o" -o "$d/harness" 2>"$d/cc-h.log"; then
		fail "$name: C image harness builds" "exit 0" "$(head -3 "$d/cc-h.log")" "cc $W/harness.c $d/image.o"
		return
	fi
	out=$("$d/harness" "$d/solder/prog.binary" "$low" "$entry" "$nsegs")
	if [ $? -eq 0 ]; then
		pass "$name: the C image holds the binary image's bytes, entry and segments"
	else
		fail "$name: the C image holds the binary image's bytes, entry and segments" "harness exit 0" "$out" \
			"$cmd; $d/harness $d/solder/prog.binary $low $entry $nsegs"
	fi
}

c_output rv64
c_output rv64-high -Ttext=0x80000000
c_output x86_64
c_output i386 -m elf_i386

# ---- 3. -b binary

mkdir -p "$W/embed/data"
printf 'embedded text, line 1\nline 2: -b binary\n' >"$W/embed/data/greeting-1.txt"
cat >"$W/embed/main.c" <<'EOF'
extern const char _binary_data_greeting_1_txt_start[], _binary_data_greeting_1_txt_end[];
extern const char _binary_data_greeting_1_txt_size[];
extern long sys3(long n, long a, long b, long c);
void _start(void)
{
	long n = _binary_data_greeting_1_txt_end - _binary_data_greeting_1_txt_start;
	sys3(SYS_WRITE, 1, (long)_binary_data_greeting_1_txt_start, n);
	sys3(SYS_EXIT, n == (long)_binary_data_greeting_1_txt_size ? 0 : 1, 0, 0);
	for (;;)
		;
}
EOF
want=$(cat "$W/embed/data/greeting-1.txt")

# embed NAME "CC" SYS.s QEMU GNU-LD [LDFLAGS...]
embed() {
	local name=$1 cc=$2 sys=$3 run=$4 gnu=$5
	shift 5
	local d=$W/embed/$name
	mkdir -p "$d"
	# No gp-relative relaxation: _start sets up no gp.
	if ! $cc -c "$W/embed/main.c" -o "$d/main.o" || ! $cc -c "$W/$sys" -o "$d/sys.o"; then
		fail "$name: -b binary: compile" "exit 0" "errors" "$cc -c $W/embed/main.c"
		return
	fi
	local order
	for order in after before; do
		local args
		if [ $order = after ]; then
			args="$d/main.o $d/sys.o -b binary data/greeting-1.txt"
		else
			args="-b binary data/greeting-1.txt -b default $d/main.o $d/sys.o"
		fi
		local cmd="cd $W/embed && $S $* $args -o $d/solder-$order.elf"
		if ! (cd "$W/embed" && "$S" "$@" $args -o "$d/solder-$order.elf") 2>"$d/link-$order.log"; then
			fail "$name: -b binary $order the objects: link" "exit 0" "$(head -3 "$d/link-$order.log")" "$cmd"
			continue
		fi
		(cd "$W/embed" && $gnu "$@" $args -o "$d/gnu-$order.elf")
		local got ref rc grc
		got=$($run "$d/solder-$order.elf")
		rc=$?
		ref=$($run "$d/gnu-$order.elf")
		grc=$?
		if [ $rc -eq 0 ] && [ "$got" = "$want" ] && [ $grc -eq 0 ] && [ "$ref" = "$want" ]; then
			pass "$name: -b binary $order the objects: prints the embedded file, as GNU ld's image does"
		else
			fail "$name: -b binary $order the objects: prints the embedded file, as GNU ld's image does" \
				"'$want', exit 0 (GNU ld: '$ref', exit $grc)" "'$got', exit $rc" "$cmd; $run $d/solder-$order.elf"
		fi
		local syms gsyms
		syms=$(readelf -sW "$d/solder-$order.elf" | awk '$8 ~ /^_binary_/ { print $8, $2 - 0, $4, $5, ($7 == "ABS" ? "ABS" : "sec") }' | sort)
		gsyms=$(readelf -sW "$d/gnu-$order.elf" | awk '$8 ~ /^_binary_/ { print $8, $2 - 0, $4, $5, ($7 == "ABS" ? "ABS" : "sec") }' | sort)
		# The addresses differ with the layout; _size's value and every kind and binding may not.
		syms=$(echo "$syms" | awk '{ if ($1 !~ /_size$/) $2 = "addr"; print }')
		gsyms=$(echo "$gsyms" | awk '{ if ($1 !~ /_size$/) $2 = "addr"; print }')
		if [ "$syms" = "$gsyms" ] && [ -n "$syms" ]; then
			pass "$name: -b binary $order the objects: _binary_* symbols as GNU ld's"
		else
			fail "$name: -b binary $order the objects: _binary_* symbols as GNU ld's" "$gsyms" "$syms" \
				"readelf -sW $d/solder-$order.elf"
		fi
	done
}

embed riscv64 "$RV_CC" sys_riscv.s qemu-riscv64 "riscv64-unknown-elf-ld --no-relax"
embed x86_64 "$X64_CC" sys_x86_64.s qemu-x86_64 "ld -z noexecstack"

# ---- 4. failures

d=$W/fail
mkdir -p "$d"
if [ -f "$W/rv64/prog.o" ]; then
	echo "previous output" >"$d/high.hex"
	cmd="$S $W/rv64/prog.o $W/rv64/sys.o -Ttext=0x100000000 --oformat ihex -o $d/high.hex"
	got=$($cmd 2>&1)
	rc=$?
	want_err="solder: error: $d/high.hex: section .text at 0x100000000 (0x"
	left=$(cat "$d/high.hex")
	tmps=$(ls "$d" | grep -c solder-)
	if [ $rc -eq 1 ] && [ "${got#"$want_err"}" != "$got" ] && [ "$left" = "previous output" ] && [ "$tmps" -eq 0 ]; then
		pass "ihex above 4 GiB: an error naming the section; the previous output is untouched"
	else
		fail "ihex above 4 GiB: an error naming the section; the previous output is untouched" \
			"exit 1, '$want_err...', file 'previous output', no temporary file" \
			"exit $rc, '$got', file '$left', $tmps temporary files" "$cmd"
	fi
fi

echo "run-oformat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
