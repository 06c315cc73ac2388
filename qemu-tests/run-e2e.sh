#!/usr/bin/env bash
# run-e2e.sh: the end-to-end tests of the library API, for every target, under
# qemu-user. build/qemu-tests/api_e2e does the work for one architecture (see
# qemu-tests/api_e2e.c) and prints one PASS or FAIL line per step; this script runs it
# for each one, counts, and exits non-zero when anything failed.
#
#   B=build ARCHES="riscv64 x86_64" qemu-tests/run-e2e.sh
set -uo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
ARCHES=${ARCHES:-riscv64 riscv32 x86_64 i386}
driver=$B/qemu-tests/api_e2e

if [ ! -x "$driver" ]; then
	echo "run-e2e: $driver is missing: run 'make $driver'" >&2
	exit 2
fi
missing=()
for tool in timeout readelf llvm-dwarfdump qemu-riscv64 qemu-riscv32 qemu-x86_64 qemu-i386; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -ne 0 ]; then
	echo "run-e2e: not found: ${missing[*]}; run 'make deps'" >&2
	exit 2
fi

passed=0
failed=0
for arch in $ARCHES; do
	dir=$B/e2e/$arch
	mkdir -p "$dir"
	rm -f "$dir"/*.elf
	log=$dir/api-e2e.log
	# The driver times out each QEMU run itself; this bounds the driver as a whole.
	timeout 600 "$driver" "$arch" "$dir/api.elf" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $arch api_e2e: exited with status $rc without naming a failed step (log: $log)"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
