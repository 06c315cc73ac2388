#!/usr/bin/env bash
# run-scripts.sh: linker scripts, solder against GNU ld. Each script in
# qemu-tests/scripts/*.ld links the program in qemu-tests/scripts/prog with both
# linkers (--no-relax on both sides, so relaxation cannot change sizes), for riscv64
# and x86_64 (ARCHES); every
# allocated output section's VMA, LMA, size and alignment, and every symbol the script defines,
# must be identical. Prints PASS/FAIL per script and exits non-zero on failure.
#
#   B=build qemu-tests/run-scripts.sh
set -uo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
S=${SOLDER:-$B/solder}
W=$B/script-tests
mkdir -p "$W"
passed=0
failed=0

if [ ! -x "$S" ]; then
	echo "run-scripts: $S is missing: run 'make'" >&2
	exit 2
fi

# Allocated sections as "name vma lma size alignment", from objdump -h.
sections() {
	"$OBJDUMP" -h "$1" | awk '
		/^ *[0-9]+ / { name = $2; size = $3; vma = $4; lma = $5; al = $7; getline; if ($0 ~ /ALLOC/) print name, vma, lma, size, al }'
}
# Symbols the script assigns (names written before '=' in it), with their values.
script_symbols() {
	local script=$1 elf=$2
	grep -oE '[A-Za-z_.$][A-Za-z0-9_.$]* *=' "$script" | tr -d ' =' | grep -v '^\.$' | sort -u |
		while read -r sym; do
			v=$("$NM" "$elf" | awk -v s="$sym" '$3 == s { print $1 }')
			[ -n "$v" ] && echo "$sym $v"
		done
}

# PICOLIBC_LD: picolibc's own script, from Debian's picolibc-riscv64-unknown-elf (make deps).
PICOLIBC_LD=/usr/lib/picolibc/riscv64-unknown-elf/lib/picolibc.ld

for arch in ${ARCHES:-riscv64 x86_64}; do
	case $arch in
	riscv64)
		CC=(riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany)
		GNU_LD=riscv64-unknown-elf-ld EMUL=elf64lriscv OBJDUMP=riscv64-unknown-elf-objdump NM=riscv64-unknown-elf-nm
		OBJCOPY=riscv64-unknown-elf-objcopy ;;
	x86_64)
		CC=(gcc -fno-pie -fno-pic -fcf-protection=none)
		GNU_LD=ld EMUL=elf_x86_64 OBJDUMP=objdump NM=nm OBJCOPY=objcopy ;;
	*) echo "run-scripts: unknown arch $arch" >&2; exit 2 ;;
	esac
	CC+=(-O2 -g -ffreestanding -fno-stack-protector -fcommon -ffunction-sections -fdata-sections)
	A=$W/$arch
	mkdir -p "$A"
	for f in main helper plain; do
		"${CC[@]}" -c "qemu-tests/scripts/prog/$f.c" -o "$A/$f.o" || { echo "FAIL compiling $f.c for $arch"; exit 1; }
	done

	scripts=(qemu-tests/scripts/*.ld)
	if [ "$arch" = riscv64 ]; then
		if [ -f "$PICOLIBC_LD" ]; then
			scripts+=("$PICOLIBC_LD")
		else
			echo "FAIL scripts/picolibc: $PICOLIBC_LD is missing: run 'make deps'"
			failed=$((failed + 1))
		fi
	fi

	for script in "${scripts[@]}"; do
		name=$(basename "$script" .ld)
		objs=("$A/main.o" "$A/helper.o")
		[ "$script" = "$PICOLIBC_LD" ] && objs=("$A/plain.o" "$A/helper.o")
		ref=$A/$name-gnu.elf
		out=$A/$name-solder.elf
		rm -f "$ref" "$out"
		link=(-m "$EMUL" --no-relax -T "$script" "${objs[@]}")
		"$GNU_LD" "${link[@]}" -o "$ref" 2>"$A/$name-gnu.err"
		rrc=$?
		"$S" "${link[@]}" -o "$out" 2>"$A/$name-solder.err"
		src=$?
		if [ "$rrc" -ne 0 ]; then
			# A script for another machine: solder must refuse it too, naming why.
			if [ "$src" -ne 0 ] && grep -q 'does not match the target' "$A/$name-solder.err"; then
				echo "PASS scripts/$arch/$name (refused like GNU ld: $(head -n 1 "$A/$name-solder.err" | sed 's/^solder: error: //'))"
				passed=$((passed + 1))
			else
				echo "FAIL scripts/$arch/$name: GNU ld refused it, solder did not say why: $(head -c 300 "$A/$name-gnu.err")"
				failed=$((failed + 1))
			fi
			continue
		fi
		want=$( { sections "$ref"; script_symbols "$script" "$ref"; } )
		got=$( { sections "$out" 2>/dev/null; script_symbols "$script" "$out" 2>/dev/null; } )
		# The bytes of code and data sections, relocated, filled and with BYTE/LONG
		# values, must be GNU ld's (both links are --no-relax, so nothing differs).
		if [ "$src" -eq 0 ]; then
			for sec in .text .rodata .data; do
				"$OBJCOPY" -O binary --only-section="$sec" "$ref" "$A/$name-gnu$sec.bin" 2>/dev/null
				"$OBJCOPY" -O binary --only-section="$sec" "$out" "$A/$name-solder$sec.bin" 2>/dev/null
				if ! cmp -s "$A/$name-gnu$sec.bin" "$A/$name-solder$sec.bin"; then
					want+=$'\n'"$sec bytes: $(cksum <"$A/$name-gnu$sec.bin")"
					got+=$'\n'"$sec bytes: $(cksum <"$A/$name-solder$sec.bin")"
				fi
			done
		fi
		# With MEMORY regions, --print-memory-usage must print GNU ld's table.
		if [ "$src" -eq 0 ] && grep -q '^ *MEMORY' "$script"; then
			"$GNU_LD" "${link[@]}" -o "$ref.mu" --print-memory-usage 2>/dev/null >"$A/$name-gnu.usage"
			"$S" "${link[@]}" -o "$out.mu" --print-memory-usage 2>/dev/null >"$A/$name-solder.usage"
			want+=$'\n'$(cat "$A/$name-gnu.usage")
			got+=$'\n'$(cat "$A/$name-solder.usage")
		fi
		if [ "$src" -eq 0 ] && [ "$want" = "$got" ]; then
			echo "PASS scripts/$arch/$name"
			passed=$((passed + 1))
		else
			echo "FAIL scripts/$arch/$name"
			[ "$src" -ne 0 ] && echo "    solder failed: $(head -c 500 "$A/$name-solder.err")"
			diff <(echo "$want") <(echo "$got") | sed 's/^/    /' | head -20
			echo "    (- GNU ld, + solder) reproduce: $S ${link[*]} -o $out"
			failed=$((failed + 1))
		fi
	done
done

# An image laid out by a script boots: kernel.ld at 0x80000000 on QEMU's virt board,
# relaxed this time (the default), printing through the UART and exiting through the
# SiFive test device. GNU ld's image of the same object must print the same.
A=$W/riscv64
if riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany -O2 -ffreestanding -nostdlib \
	-c qemu-tests/scripts/prog/boot.c -o "$A/boot.o"; then
	boot() { timeout 10 qemu-system-riscv64 -machine virt -bios none -kernel "$1" -nographic -monitor none -serial stdio 2>&1; }
	riscv64-unknown-elf-ld -m elf64lriscv -T qemu-tests/scripts/kernel.ld "$A/boot.o" -o "$A/boot-gnu.elf"
	"$S" -m elf64lriscv -T qemu-tests/scripts/kernel.ld "$A/boot.o" -o "$A/boot-solder.elf" 2>"$A/boot.err"
	src=$?
	want=$(boot "$A/boot-gnu.elf"; echo "exit $?")
	got=$(boot "$A/boot-solder.elf"; echo "exit $?")
	if [ "$src" -eq 0 ] && [ "$got" = "$want" ] && [ "$want" = $'booted from a linker script\nexit 0' ]; then
		echo "PASS scripts/riscv64/boot (kernel.ld image boots on qemu-system-riscv64 virt)"
		passed=$((passed + 1))
	else
		echo "FAIL scripts/riscv64/boot: want '$want', got '$got' $(head -c 300 "$A/boot.err")"
		echo "    reproduce: qemu-system-riscv64 -machine virt -bios none -kernel $A/boot-solder.elf -nographic"
		failed=$((failed + 1))
	fi
else
	echo "FAIL scripts/riscv64/boot: boot.c does not compile"
	failed=$((failed + 1))
fi

# Scripts given as inputs (implicit scripts): a GROUP script stands for the archives
# it names, as libc.a scripts do; a script with SECTIONS lays the image out as -T would.
A=$W/riscv64
riscv64-unknown-elf-ar rcs "$A/libhelper.a" "$A/helper.o"
printf 'GROUP(%s)\n' "$A/libhelper.a" >"$A/libgroup.ld"
"$S" -m elf64lriscv --no-relax "$A/main.o" "$A/libgroup.ld" -o "$A/implicit-group.elf" -e _start 2>"$A/implicit.err"
rc1=$?
"$S" -m elf64lriscv --no-relax "$A/main.o" "$A/helper.o" qemu-tests/scripts/stm32.ld -o "$A/implicit-sections.elf" 2>>"$A/implicit.err"
rc2=$?
OBJDUMP=riscv64-unknown-elf-objdump
if [ "$rc1" -eq 0 ] && riscv64-unknown-elf-nm "$A/implicit-group.elf" | grep -q ' T helper$' && [ "$rc2" -eq 0 ] &&
	[ "$(sections "$A/implicit-sections.elf")" = "$(sections "$A/stm32-solder.elf")" ] &&
	grep -q 'did you forget -T?' "$A/implicit.err"; then
	echo "PASS scripts/riscv64/implicit (GROUP script as an input; SECTIONS script as an input, with GNU ld's warning)"
	passed=$((passed + 1))
else
	echo "FAIL scripts/riscv64/implicit: exits $rc1 $rc2 $(head -c 400 "$A/implicit.err")"
	failed=$((failed + 1))
fi

# A region that overflows: the link fails with the region, the excess (GNU ld's
# figure) and the largest sections, and the previous output is left alone.
out=$A/overflow.elf
printf 'previous image\n' >"$out"
before=$(cksum <"$out")
"$S" -m elf64lriscv --no-relax -T qemu-tests/scripts/errors/tiny_ram.ld "$A/main.o" "$A/helper.o" -o "$out" 2>"$A/overflow.err"
rc=$?
want="solder: error: region 'RAM' overflowed by 708 bytes (1732 bytes used of 1024)
>>> .bss: 1212 bytes
>>> .data: 516 bytes"
if [ "$rc" -eq 1 ] && [ "$(cat "$A/overflow.err")" = "$want" ] && [ "$(cksum <"$out")" = "$before" ]; then
	echo "PASS scripts/riscv64/overflow (region overflow names the region, the excess and the largest sections)"
	passed=$((passed + 1))
else
	echo "FAIL scripts/riscv64/overflow"
	diff <(echo "$want") "$A/overflow.err" | sed 's/^/    /'
	echo "    exit $rc (want 1); output untouched: $([ "$(cksum <"$out")" = "$before" ] && echo yes || echo no)"
	failed=$((failed + 1))
fi

echo "scripts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
