#!/usr/bin/env bash
# run-demo.sh: the second half of `make demo` (the Makefile has already installed the
# Debian packages, built solder, build/api-demo and newlib for rv64imac).
#
# Part 1: a firmware in C against newlib (toolchain/demo/firmware.c), built with
# solder-cc for the qemu-virt-rv64 board, linked by solder, and booted by solder-run on
# qemu-system-riscv64; it prints, allocates, computes in floating point and exits 7.
#
# Part 2: a small riscv64 program built through solder's library API, booted under
# qemu-riscv64, two of its functions updated in the same file, and booted again.
#
# It says at each step what happens.
#
#   B=build toolchain/demo/run-demo.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

B=${B:-build}
demo=$B/api-demo
dir=$B/demo
image=$dir/demo.elf

for t in "$demo" "$B/libsolder.a"; do
	if [ ! -e "$t" ]; then
		echo "run-demo: $t is missing: run 'make demo'" >&2
		exit 2
	fi
done
if ! command -v qemu-riscv64 >/dev/null 2>&1; then
	echo "run-demo: qemu-riscv64 not found: run 'make deps'" >&2
	exit 2
fi
mkdir -p "$dir"

step() {
	printf '\n== %s\n' "$1"
}

# Indents a command's output under its step.
indent() {
	sed 's/^/   /'
}

# Boots the image under qemu-riscv64 (user mode: the program makes Linux system calls)
# and prints its output and exit status.
boot() {
	echo "   \$ qemu-riscv64 $image"
	local rc=0
	timeout 10 qemu-riscv64 "$image" 2>&1 | sed 's/^/   | /' || rc=${PIPESTATUS[0]}
	echo "   exit status: $rc"
	if [ "$rc" -ne 7 ]; then
		echo "run-demo: the program should exit with status 7" >&2
		exit 1
	fi
}

echo "solder demo, part 1: a newlib firmware for the qemu-virt-rv64 board"
step "1. Set up: make checked the Debian packages (toolchain/deps.sh), built solder, and built newlib for rv64imac from Debian's newlib-source ($B/newlib/rv64imac)"

firmware=$dir/firmware.elf
step "2. solder-cc compiles toolchain/demo/firmware.c for the board and links it with solder, the board's crt0, script and syscalls, and newlib"
echo "   \$ toolchain/solder-cc --board qemu-virt-rv64 -O2 -g toolchain/demo/firmware.c -o $firmware"
SOLDER_BUILD=$B toolchain/solder-cc --board qemu-virt-rv64 -O2 -g toolchain/demo/firmware.c -o "$firmware" 2>&1 | indent
readelf -lW "$firmware" | sed -n '/Program Headers/,/^$/p' | indent

step "3. solder-run boots it on qemu-system-riscv64 (the board comes from the note solder wrote into the image)"
echo "   \$ toolchain/solder-run --timeout 30 $firmware"
rc=0
toolchain/solder-run --timeout 30 "$firmware" </dev/null 2>&1 | sed 's/^/   | /' || rc=${PIPESTATUS[0]}
echo "   exit status: $rc (the firmware's main returned 7; the SiFive test device handed it to QEMU)"
if [ "$rc" -ne 7 ]; then
	echo "run-demo: the firmware should exit with status 7" >&2
	exit 1
fi

echo
echo "solder demo, part 2: the engine of an incremental ELF linker, driven through include/solder.h"
step "1. make built $B/libsolder.a, the engine, and $demo, which calls it"

step "2. $demo hands solder four functions and three strings for riscv64, one at a time"
"$demo" "$image" | indent

step "3. The image runs under QEMU"
boot

step "4. An incremental update in the same file: greet() gets new code, report() grows and moves"
"$demo" "$image" --update | indent

step "5. The updated image runs under QEMU"
boot

echo
echo "The image is $image: readelf -a -W or riscv64-unknown-elf-objdump -d show what solder wrote."
