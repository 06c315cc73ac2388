#!/usr/bin/env bash
# gdb-index-bench.sh: what --gdb-index buys a debugger, and what it costs the link.
#
# The link benchmark's program (bench/ld/gen.c: 10,000 functions in 300 objects, -g -O1,
# DWARF 5, as bench/run-ld-bench.sh builds it) is linked by solder with and without --gdb-index, and gdb-multiarch loads
# each image to answer one question, `info line f<N/2>` (-batch, no .gdbinit): without an
# index gdb reads every unit's DIEs first; with one it expands the one unit it needs.
# Printed per architecture: the medians of RUNS timed runs (after one warm-up) of that
# gdb session and of each link, wall and CPU time, the size of .gdb_index, and whether
# both sessions answered the same. Results also go to $B/bench/gdb-index/results.txt.
#
#   B=build ARCHES="x86_64 riscv64" SIZE=10k RUNS=5 JOBS=2 bench/gdb-index-bench.sh
#
# SIZE=100k makes it 100,000 functions in 1,000 objects (minutes of compiling, once).
# Generated sources and objects are cached in $B/bench/gdb-index/<arch>-<size>/, keyed by the
# checksum of bench/ld/gen.c, the compiler command and the compiler's version.
set -euo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
ARCHES=${ARCHES:-x86_64 riscv64}
RUNS=${RUNS:-5}
JOBS=${JOBS:-2}
SIZE=${SIZE:-10k}
case $SIZE in
10k) NFUNCS=10000 NOBJS=300 ;;
100k) NFUNCS=100000 NOBJS=1000 ;;
*) echo "gdb-index-bench: SIZE is 10k or 100k" >&2; exit 2 ;;
esac
HOSTCC=${HOSTCC:-cc}
mkdir -p "$B/bench/gdb-index/bin"
B=$(cd "$B" && pwd)
top=$B/bench/gdb-index
bin=$top/bin
src=$PWD/bench/ld
S=$B/solder
results=$top/results.txt
: >"$results"
say() { printf '%s\n' "$*" | tee -a "$results"; }

if [ ! -x "$S" ]; then
	echo "gdb-index-bench: $S is missing: run 'make'" >&2
	exit 2
fi
for t in gdb-multiarch /usr/bin/time readelf; do
	command -v "$t" >/dev/null || { echo "gdb-index-bench: $t not installed" >&2; exit 2; }
done
$HOSTCC -std=c11 -Wall -Wextra -Werror -O2 -o "$bin/gen" "$src/gen.c"

CFLAGS="-g -O1 -ffunction-sections -fdata-sections -ffreestanding -fno-builtin"
arch_setup() {
	case $1 in
	riscv64) CC_CMD="riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany $CFLAGS"
		EMUL=elf64lriscv ;;
	x86_64) CC_CMD="gcc -fno-pie -fno-pic -fno-stack-protector $CFLAGS"
		EMUL=elf_x86_64 ;;
	*) return 1 ;;
	esac
}

# Generates and compiles the program into $1 unless the cache there is current.
make_inputs() {
	local dir=$1 key cc=${CC_CMD%% *}
	key=$( { sha256sum <"$src/gen.c"; echo "$CC_CMD $NFUNCS $NOBJS"; $cc --version | head -n 1; } | sha256sum)
	if [ -f "$dir/.key" ] && [ "$(cat "$dir/.key")" = "$key" ]; then
		return 0
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	"$bin/gen" "$NFUNCS" "$NOBJS" "$dir"
	(cd "$dir" && printf '%s\n' o*.c | xargs -P "$JOBS" -n 4 $CC_CMD -c) >"$dir/compile.log" 2>&1 || {
		echo "gdb-index-bench: compiling failed, see $dir/compile.log" >&2
		return 1
	}
	echo "$key" >"$dir/.key"
}

# "WALL CPU": the medians, in ms, of the wall time and of the CPU time (user + system,
# every thread) of RUNS runs of a command, after one warm-up. gdb indexes DWARF with
# several threads, so on a loaded machine the CPU time is the steadier figure.
measure() {
	local t=$top/time.out i
	for i in $(seq 0 "$RUNS"); do
		/usr/bin/time -f '%e %U %S' -o "$t.$i" "$@" >/dev/null 2>&1 || { echo "failed failed"; return 0; }
	done
	for i in $(seq 1 "$RUNS"); do cat "$t.$i"; done | awk '
		{ wall[NR] = $1 * 1000; cpu[NR] = ($2 + $3) * 1000 }
		function median(a, n,   i, j, x) {
			for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END { printf "%.0f %.0f\n", median(wall, NR), median(cpu, NR) }'
}

status=0
for arch in $ARCHES; do
	if ! arch_setup "$arch"; then
		say "== $arch: unknown architecture (known: riscv64 x86_64)"
		status=2
		continue
	fi
	command -v "${CC_CMD%% *}" >/dev/null || { say "== $arch: ${CC_CMD%% *} not installed"; status=2; continue; }
	dir=$top/$arch-$SIZE
	make_inputs "$dir" || { status=2; continue; }
	cd "$dir"
	objs=(o*.o)
	link=("$S" -m "$EMUL" -static -e _start "${objs[@]}")
	"${link[@]}" -o plain.elf
	"${link[@]}" --gdb-index -o indexed.elf
	question="info line f$((NFUNCS / 2))"
	ask() { gdb-multiarch -nx -batch -ex "$question" "$1"; }
	same=no
	[ "$(ask plain.elf 2>&1)" = "$(ask indexed.elf 2>&1)" ] && same=yes
	used=no
	gdb-multiarch -nx -batch -ex 'maint print objfiles' indexed.elf 2>&1 | grep -q '^\.gdb_index: version' && used=yes
	[ "$same" = yes ] && [ "$used" = yes ] || status=1
	idx_size=$(readelf -SW indexed.elf | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '$1 == ".gdb_index" { print $5 }')
	idx_kib=$(awk -v n="$((0x${idx_size:-0}))" 'BEGIN { printf "%.1f", n / 1024 }')
	read -r gdb_wall gdb_cpu < <(measure gdb-multiarch -nx -batch -ex "$question" plain.elf)
	read -r gdbi_wall gdbi_cpu < <(measure gdb-multiarch -nx -batch -ex "$question" indexed.elf)
	read -r ld_wall ld_cpu < <(measure "${link[@]}" -o plain.elf)
	read -r ldi_wall ldi_cpu < <(measure "${link[@]}" --gdb-index -o indexed.elf)
	say ""
	say "== $arch: $NFUNCS functions in $NOBJS objects, -g -O1 (DWARF 5); medians of $RUNS runs, ms"
	say "$(printf '%-36s %16s %16s' "" "without" "--gdb-index")"
	say "$(printf '%-36s %16s %16s' "" "wall / CPU" "wall / CPU")"
	say "$(printf '%-36s %16s %16s' "gdb -batch -ex '$question'" "$gdb_wall / $gdb_cpu" "$gdbi_wall / $gdbi_cpu")"
	say "$(printf '%-36s %16s %16s' "solder link" "$ld_wall / $ld_cpu" "$ldi_wall / $ldi_cpu")"
	say "$(printf '%-36s %16s %16s' ".gdb_index KiB" "-" "$idx_kib")"
	say "gdb used the index: $used; same answer with and without it: $same"
	cd - >/dev/null
done
exit $status
