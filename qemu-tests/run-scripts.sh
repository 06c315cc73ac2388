#!/usr/bin/env bash
# run-scripts.sh: linker scripts, solder against GNU ld. Each script in
# qemu-tests/scripts/*.ld links the program in qemu-tests/scripts/prog with both
# linkers (--no-relax on both sides, so relaxation cannot change sizes); every
# allocated output section's VMA, LMA and size, and every symbol the script defines,
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

CC=(riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany -O2 -g -ffreestanding
	-fno-stack-protector -fcommon -ffunction-sections -fdata-sections)
for f in main helper plain; do
	"${CC[@]}" -c "qemu-tests/scripts/prog/$f.c" -o "$W/$f.o" || { echo "FAIL compiling $f.c"; exit 1; }
done

# Allocated sections as "name vma lma size", from objdump -h.
sections() {
	riscv64-unknown-elf-objdump -h "$1" | awk '
		/^ *[0-9]+ / { name = $2; size = $3; vma = $4; lma = $5; getline; if ($0 ~ /ALLOC/) print name, vma, lma, size }'
}
# Symbols the script assigns (names written before '=' in it), with their values.
script_symbols() {
	local script=$1 elf=$2
	grep -oE '[A-Za-z_.$][A-Za-z0-9_.$]* *=' "$script" | tr -d ' =' | grep -v '^\.$' | sort -u |
		while read -r sym; do
			v=$(riscv64-unknown-elf-nm "$elf" | awk -v s="$sym" '$3 == s { print $1 }')
			[ -n "$v" ] && echo "$sym $v"
		done
}

# picolibc's own script, from Debian's picolibc-riscv64-unknown-elf (make deps).
PICOLIBC_LD=/usr/lib/picolibc/riscv64-unknown-elf/lib/picolibc.ld
scripts=(qemu-tests/scripts/*.ld)
if [ -f "$PICOLIBC_LD" ]; then
	scripts+=("$PICOLIBC_LD")
else
	echo "FAIL scripts/picolibc: $PICOLIBC_LD is missing: run 'make deps'"
	failed=$((failed + 1))
fi

for script in "${scripts[@]}"; do
	name=$(basename "$script" .ld)
	objs=("$W/main.o" "$W/helper.o")
	[ "$script" = "$PICOLIBC_LD" ] && objs=("$W/plain.o" "$W/helper.o")
	ref=$W/$name-gnu.elf
	out=$W/$name-solder.elf
	rm -f "$ref" "$out"
	link=(-m elf64lriscv --no-relax -T "$script" "${objs[@]}")
	riscv64-unknown-elf-ld "${link[@]}" -o "$ref" 2>"$W/$name-gnu.err"
	rrc=$?
	"$S" "${link[@]}" -o "$out" 2>"$W/$name-solder.err"
	src=$?
	if [ "$rrc" -ne 0 ]; then
		echo "FAIL scripts/$name: GNU ld refused it: $(head -c 300 "$W/$name-gnu.err")"
		failed=$((failed + 1))
		continue
	fi
	want=$( { sections "$ref"; script_symbols "$script" "$ref"; } )
	got=$( { sections "$out" 2>/dev/null; script_symbols "$script" "$out" 2>/dev/null; } )
	if [ "$src" -eq 0 ] && [ "$want" = "$got" ]; then
		echo "PASS scripts/$name"
		passed=$((passed + 1))
	else
		echo "FAIL scripts/$name"
		[ "$src" -ne 0 ] && echo "    solder failed: $(head -c 500 "$W/$name-solder.err")"
		diff <(echo "$want") <(echo "$got") | sed 's/^/    /' | head -20
		echo "    (- GNU ld, + solder) reproduce: $S ${link[*]} -o $out"
		failed=$((failed + 1))
	fi
done

echo "scripts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
