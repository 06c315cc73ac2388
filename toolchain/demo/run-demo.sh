#!/usr/bin/env bash
# run-demo.sh: the second half of `make demo` (the Makefile has already installed the
# Debian packages and built solder and build/api-demo). It builds a small riscv64
# program through solder's library API, boots it under qemu-riscv64, updates two of
# its functions in the same file, and boots it again, saying at each step what happens.
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

echo "solder demo: the engine of an incremental ELF linker, driven through include/solder.h"
step "1. Set up: make checked the Debian packages (toolchain/deps.sh) and built $B/libsolder.a, the engine, and $demo, which calls it"

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
