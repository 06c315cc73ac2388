#!/usr/bin/env bash
# run-ld-bench.sh: the link benchmark of issue 3. The same generated objects are linked
# by solder, GNU ld, lld and mold; for each architecture and size it prints each
# linker's wall time (median of RUNS runs after one warm-up), peak RSS and time relative
# to mold, checks that every image runs under qemu-user like GNU ld's, and times reading
# the inputs with libelf against mmap (bench/ld/readers.c). See bench/README.md.
#
#   B=build SIZES="1k 10k 100k" ARCHES="riscv64 x86_64" RUNS=5 JOBS=2 bench/run-ld-bench.sh
#
# Generated sources and objects are cached in $B/bench/ld/<arch>/<size>/, keyed by the
# checksum of bench/ld/gen.c, the compiler command and the compiler's version, so only
# the first run pays for compiling them. A linker that is not installed, or that fails,
# is reported and skipped; the script exits non-zero only when it cannot produce the
# inputs or when an image runs differently from GNU ld's.
set -uo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
SIZES=${SIZES:-1k 10k 100k}
ARCHES=${ARCHES:-riscv64 x86_64}
RUNS=${RUNS:-5}
JOBS=${JOBS:-2}
mkdir -p "$B/bench/ld/bin" || exit 2
B=$(cd "$B" && pwd)
top=$B/bench/ld
bin=$top/bin
src=$PWD/bench/ld
HOSTCC=${HOSTCC:-cc}
results=$top/results.txt
: >"$results"

# Everything the tables show also goes to $results.
say() { printf '%s\n' "$*" | tee -a "$results"; }

t_script=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- the three host programs
for prog in gen runstat; do
	if ! $HOSTCC -std=c11 -Wall -Wextra -Werror -O2 -o "$bin/$prog" "$src/$prog.c"; then
		echo "run-ld-bench: cannot build bench/ld/$prog.c" >&2
		exit 2
	fi
done
have_readers=1
if ! $HOSTCC -std=c11 -Wall -Wextra -Werror -O2 -o "$bin/readers" "$src/readers.c" -lelf 2>"$bin/readers.log"; then
	have_readers=0
fi

# ---- sizes: functions and objects
size_funcs() { case $1 in 1k) echo 1000 ;; 10k) echo 10000 ;; 100k) echo 100000 ;; *) return 1 ;; esac; }
size_objs() { case $1 in 1k) echo 100 ;; 10k) echo 300 ;; 100k) echo 1000 ;; *) return 1 ;; esac; }

# ---- architectures: compiler, emulation for -m, GNU ld, qemu-user
COMMON_CFLAGS="-g -O1 -ffunction-sections -fdata-sections -ffreestanding -fno-builtin"
arch_setup() {
	case $1 in
	riscv64)
		CC_CMD="riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany $COMMON_CFLAGS"
		EMUL=elf64lriscv
		GNU_LD=riscv64-unknown-elf-ld
		SIZE_TOOL=riscv64-unknown-elf-size
		QEMU=qemu-riscv64 ;;
	x86_64)
		CC_CMD="gcc -fno-pie -fno-pic -fno-stack-protector $COMMON_CFLAGS"
		EMUL=elf_x86_64
		GNU_LD=ld
		SIZE_TOOL=size
		[ "$(uname -m)" = x86_64 ] || { GNU_LD=x86_64-linux-gnu-ld; SIZE_TOOL=x86_64-linux-gnu-size; }
		QEMU=qemu-x86_64 ;;
	*) return 1 ;;
	esac
}

LINKERS="solder ld lld mold"
# The command line that links the objects in the current directory into $2.
link_cmd() {
	local objs=(o*.o)
	case $1 in
	solder) echo "$B/solder -m $EMUL -static -o $2 -e _start ${objs[*]}" ;;
	ld) echo "$GNU_LD -m $EMUL -static -o $2 -e _start ${objs[*]}" ;;
	lld) echo "ld.lld -m $EMUL -static -o $2 -e _start ${objs[*]}" ;;
	mold) echo "mold --no-fork -m $EMUL -static -o $2 -e _start ${objs[*]}" ;;
	esac
}
linker_missing() {
	case $1 in
	solder) [ -x "$B/solder" ] || echo "$B/solder not built (make)" ;;
	ld) command -v "$GNU_LD" >/dev/null || echo "$GNU_LD not installed" ;;
	lld) command -v ld.lld >/dev/null || echo "ld.lld not installed (apt install lld)" ;;
	mold) command -v mold >/dev/null || echo "mold not installed (apt install mold)" ;;
	esac
}

# ---- inputs: generate and compile unless the cache is current
# Prints how they were obtained; returns non-zero when they cannot be made.
make_inputs() {
	local dir=$1 nfuncs=$2 nobjs=$3 key
	local cc=${CC_CMD%% *}
	command -v "$cc" >/dev/null || { echo "$cc not installed"; return 1; }
	key=$( { sha256sum <"$src/gen.c"; echo "$CC_CMD $nfuncs $nobjs"; $cc --version | head -n 1; } | sha256sum)
	if [ -f "$dir/.key" ] && [ "$(cat "$dir/.key")" = "$key" ]; then
		echo "cached"
		return 0
	fi
	local t0
	t0=$(date +%s.%N)
	rm -rf "$dir" && mkdir -p "$dir" || return 1
	"$bin/gen" "$nfuncs" "$nobjs" "$dir" || return 1
	# One compiler process per 4 files, JOBS at a time, as make -jJOBS would.
	(cd "$dir" && printf '%s\n' o*.c | xargs -P "$JOBS" -n 4 $CC_CMD -c) >"$dir/compile.log" 2>&1 || {
		echo "compiling failed, see $dir/compile.log"
		return 1
	}
	echo "$key" >"$dir/.key"
	echo "generated and compiled in $(elapsed "$t0") s with $JOBS jobs"
}

status=0
for arch in $ARCHES; do
	if ! arch_setup "$arch"; then
		say "== $arch: unknown architecture (known: riscv64 x86_64)"
		status=2
		continue
	fi
	for size in $SIZES; do
		if ! nfuncs=$(size_funcs "$size") || ! nobjs=$(size_objs "$size"); then
			say "== $size: unknown size (known: 1k 10k 100k)"
			status=2
			continue
		fi
		dir=$top/$arch/$size
		how=$(make_inputs "$dir" "$nfuncs" "$nobjs")
		if [ $? -ne 0 ]; then
			say "== $arch $size: cannot make the inputs: $how"
			status=2
			continue
		fi
		mib=$(du -sk --apparent-size "$dir"/o*.o | awk '{ s += $1 } END { printf "%.1f", s / 1024 }')
		say ""
		say "== $arch $size: $nfuncs functions in $nobjs objects ($mib MiB), $how"
		say "$(printf '%-7s %10s %19s %8s %7s %9s %8s  %s' linker "wall ms" "(min - max)" "RSS MiB" "vs mold" \
			"file MiB" "load KiB" "image under $QEMU")"

		cd "$dir" || exit 2
		mkdir -p out
		declare -A wall=() rss=() range=() note=() fsize=() load=()
		for l in $LINKERS; do
			rm -f "out/$l"
			why=$(linker_missing "$l")
			if [ -n "$why" ]; then
				note[$l]="skipped: $why"
				continue
			fi
			if ! res=$("$bin/runstat" -w 1 -r "$RUNS" -- $(link_cmd "$l" "out/$l") 2>"out/$l.log"); then
				note[$l]="failed: $(grep -v '^runstat:' "out/$l.log" | head -n 1)"
				[ -n "${note[$l]#failed: }" ] || note[$l]="failed: $(head -n 1 "out/$l.log")"
				rm -f "out/$l"
				continue
			fi
			if [ ! -s "out/$l" ]; then
				note[$l]="failed: exited 0 but wrote no out/$l"
				continue
			fi
			read -r med lo hi kib <<<"$res"
			wall[$l]=$med
			range[$l]="($lo - $hi)"
			rss[$l]=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
			fsize[$l]=$(du -k --apparent-size "out/$l" | awk '{ printf "%.1f", $1 / 1024 }')
			load[$l]=$($SIZE_TOOL "out/$l" 2>/dev/null | awk 'NR == 2 { printf "%.1f", $4 / 1024 }')
		done

		# Run every image; GNU ld's is the reference.
		ref=""
		declare -A ran=()
		if command -v "$QEMU" >/dev/null; then
			for l in $LINKERS; do
				[ -n "${wall[$l]:-}" ] || continue
				out=$(timeout 120 "$QEMU" "out/$l" 2>&1)
				ran[$l]="prints $out, exit $?"
			done
			ref=${ran[ld]:-}
		fi
		for l in $LINKERS; do
			if [ -z "${wall[$l]:-}" ]; then
				say "$(printf '%-7s %s' "$l" "${note[$l]}")"
				continue
			fi
			ratio=-
			[ -n "${wall[mold]:-}" ] && ratio=$(awk -v a="${wall[$l]}" -v b="${wall[mold]}" 'BEGIN { printf "%.2f", a / b }')
			if [ -z "${ran[$l]:-}" ]; then
				image="not run ($QEMU missing)"
			elif [ "$l" = ld ]; then
				image="${ran[$l]} (reference)"
			elif [ -z "$ref" ]; then
				image="${ran[$l]} (no GNU ld image to compare)"
			elif [ "${ran[$l]}" = "$ref" ]; then
				image="same as GNU ld"
			else
				image="DIFFERS: ${ran[$l]}, GNU ld's ${ref}"
				status=1
			fi
			say "$(printf '%-7s %10s %19s %8s %7s %9s %8s  %s' "$l" "${wall[$l]}" "${range[$l]}" "${rss[$l]}" \
				"$ratio" "${fsize[$l]}" "${load[$l]:--}" "$image")"
		done
		unset wall rss range note ran fsize load

		if [ "$have_readers" = 1 ]; then
			say "reading the $nobjs objects, median of $RUNS passes:"
			"$bin/readers" -r "$RUNS" o*.o 2>&1 | sed 's/^/  /' | tee -a "$results"
		else
			say "readers: not built (libelf-dev missing?): $(head -n 1 "$bin/readers.log")"
		fi
		cd - >/dev/null || exit 2
	done
done
say ""
say "run-ld-bench: done in $(elapsed "$t_script") s; results in $results"
exit $status
