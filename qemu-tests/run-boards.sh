#!/usr/bin/env bash
# run-boards.sh: newlib programs built with solder-cc and run with solder-run on every
# board (part of `make e2e`).
#
# For each board that `solder-cc --list-boards` names, each program of qemu-tests/boards/
# (printf in all its formats, malloc to exhaustion, string/setjmp/qsort/math, constructors
# and destructors with main returning 3) is built twice from the same objects' sources:
# linked by solder, and by GNU ld with the same board script (solder-cc --gnu-ld). Both
# images run on the board's QEMU; each must print PROGRAM.expect and exit with the
# program's status (3 for ctors, else 0) as the board reports it. Then the errors a user
# meets: an unknown board, a program too big for RAM, a missing cross compiler, and a
# firmware that never exits.
#
# Every check prints PASS or FAIL, with expected, got and the command to reproduce.
# Images and outputs stay in $B/boards-tests/.
#
#   B=build BOARDS="qemu-virt-rv64 linux-user-rv64" qemu-tests/run-boards.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

B=${B:-build}
export SOLDER_BUILD=$B
CC=toolchain/solder-cc
RUN=toolchain/solder-run
SRC=qemu-tests/boards
W=$B/boards-tests
PROGRAMS="printf malloc libc ctors"
BOARDS=${BOARDS:-$($CC --list-boards)}
. qemu-tests/lib.sh

if [ ! -x "$B/solder" ]; then
	echo "run-boards: $B/solder is missing: run 'make'" >&2
	exit 2
fi
rm -rf "$W"
mkdir -p "$W"

status_of() {
	case $1 in
	ctors) echo 3 ;;
	*) echo 0 ;;
	esac
}

for board in $BOARDS; do
	dir=$W/${board//\//-}
	mkdir -p "$dir"
	for prog in $PROGRAMS; do
		want_status=$(status_of "$prog")
		for linker in solder gnu; do
			flag=
			[ "$linker" = gnu ] && flag=--gnu-ld
			image=$dir/$prog-$linker.elf
			build="$CC --board $board $flag -O2 -g $SRC/$prog.c -o $image"
			if ! $build >"$dir/$prog-$linker.build" 2>&1; then
				fail "$board $prog ($linker): builds" "solder-cc succeeds" "$(head -c 600 "$dir/$prog-$linker.build")" "SOLDER_BUILD=$B $build"
				continue
			fi
			run="$RUN --board $board --timeout 60 $image"
			$run >"$dir/$prog-$linker.out" 2>"$dir/$prog-$linker.err" </dev/null
			status=$?
			if [ "$status" -eq "$want_status" ] && cmp -s "$SRC/$prog.expect" "$dir/$prog-$linker.out"; then
				pass "$board $prog ($linker): output and exit status $status"
			else
				fail "$board $prog ($linker)" "$SRC/$prog.expect, exit $want_status" \
					"exit $status, diff: $(diff "$SRC/$prog.expect" "$dir/$prog-$linker.out" | head -8 | tr '\n' '|') $(head -c 300 "$dir/$prog-$linker.err")" \
					"SOLDER_BUILD=$B $build && $run"
			fi
		done
	done
	# The board note: solder-run finds the board in solder's image with no --board.
	image=$dir/ctors-solder.elf
	if [ -f "$image" ]; then
		$RUN --timeout 60 "$image" >/dev/null 2>&1 </dev/null
		status=$?
		if [ "$status" -eq 3 ]; then pass "$board: solder-run takes the board from the image's note"
		else fail "$board: board from the note" "exit 3" "exit $status" "$RUN $image"; fi
	fi
done

# -c and -S behave as in gcc: an object and an assembly file, then a link of the object.
first=$(set -- $BOARDS; echo "$1")
if [ -n "$first" ]; then
	d=$W/compile-only
	mkdir -p "$d"
	if $CC --board "$first" -O2 -c "$SRC/ctors.c" -o "$d/ctors.o" 2>"$d/c.err" &&
		$CC --board "$first" -O2 -S "$SRC/ctors.c" -o "$d/ctors.s" 2>>"$d/c.err" &&
		$CC --board "$first" "$d/ctors.o" -o "$d/ctors.elf" 2>>"$d/c.err"; then
		kind=$(readelf -h "$d/ctors.o" | awk '/Type:/ { print $2 }')
		$RUN --timeout 60 "$d/ctors.elf" >"$d/out" 2>&1 </dev/null
		status=$?
		if [ "$kind" = REL ] && grep -q 'main' "$d/ctors.s" && [ "$status" -eq 3 ] && cmp -s "$SRC/ctors.expect" "$d/out"; then
			pass "$first: -c makes an object, -S assembly, and the object links and runs"
		else fail "$first: -c and -S" "a REL object, assembly naming main, the linked object exits 3 printing ctors.expect" \
			"type '$kind', status $status" "$CC --board $first -O2 -c $SRC/ctors.c -o $d/ctors.o"; fi
	else
		fail "$first: -c and -S" "gcc-like compile-only steps succeed" "$(head -c 300 "$d/c.err")" \
			"$CC --board $first -O2 -c $SRC/ctors.c -o $d/ctors.o"
	fi
fi

# .data loaded in flash and copied to RAM by crt0: qemu-virt-rv64's script turned into
# a flash board's (code, read-only data and .data's load image > FLASH; .data, .got and
# .sdata > RAM AT> FLASH), as its comment tells a port to do.
if [[ " $BOARDS " == *" qemu-virt-rv64 "* ]]; then
	d=$W/flash
	mkdir -p "$d"
	awk '/RAM \(rwx\) : ORIGIN/ { print "\tFLASH (rx) : ORIGIN = 0x80000000, LENGTH = 32M"; print "\tRAM (rwx) : ORIGIN = 0x82000000, LENGTH = 32M"; next }
		/^\t\.data :/ { part = 1 } /^\t\.sbss :/ { part = 2 }
		/^\t} > RAM$/ && part == 0 { print "\t} > FLASH"; next }
		/^\t} > RAM$/ && part == 1 { print "\t} > RAM AT> FLASH"; next }
		{ print }' boards/qemu-virt-rv64/board.ld >"$d/flash.ld"
	for linker in solder gnu; do
		flag=
		[ "$linker" = gnu ] && flag=--gnu-ld
		build="$CC --board qemu-virt-rv64 $flag -T $d/flash.ld -O2 -g $SRC/ctors.c -o $d/ctors-$linker.elf"
		if $build >"$d/$linker.build" 2>&1; then
			vma=$(readelf -SW "$d/ctors-$linker.elf" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".data" { print $3 }')
			load=$(readelf -sW "$d/ctors-$linker.elf" | awk '$8 == "__data_load" { print $2 }')
			$RUN --board qemu-virt-rv64 --timeout 60 "$d/ctors-$linker.elf" >"$d/$linker.out" 2>&1 </dev/null
			status=$?
			if [ "$status" -eq 3 ] && cmp -s "$SRC/ctors.expect" "$d/$linker.out" && [[ "$vma" == 0000000082* ]] &&
				[[ "$load" == 0000000080* ]]; then
				pass "flash board ($linker): crt0 copies .data from its load address in FLASH to RAM"
			else fail "flash board ($linker)" ".data at 0x82..., __data_load at 0x80..., ctors.expect, exit 3" \
				".data $vma, __data_load $load, exit $status, $(diff "$SRC/ctors.expect" "$d/$linker.out" | head -4 | tr '\n' '|')" "SOLDER_BUILD=$B $build"; fi
		else
			fail "flash board ($linker): builds" "solder-cc succeeds" "$(head -c 400 "$d/$linker.build")" "SOLDER_BUILD=$B $build"
		fi
	done
fi

# The ELF32 container: x86_64 code that QEMU's multiboot loader accepts.
image=$W/qemu-x86_64-multiboot/ctors-solder.elf
if [[ " $BOARDS " == *" qemu-x86_64/multiboot "* ]]; then
	header=$(readelf -h "$image" 2>&1)
	if grep -qE 'Class: +ELF32' <<<"$header" && grep -qE 'Machine: +Intel 80386' <<<"$header"; then
		pass "qemu-x86_64/multiboot: the image is x86_64 code in an ELF32 (EM_386) container"
	else fail "qemu-x86_64/multiboot container" "ELF32, Intel 80386" "$(grep -E 'Class|Machine' <<<"$header" | tr '\n' ' ')" "readelf -h $image"; fi
fi

# ---- errors

# expect_fail NAME WANT-STATUS PATTERN COMMAND...: the command fails with WANT-STATUS and
# its stderr matches the extended regular expression PATTERN.
expect_fail() {
	local name=$1 want=$2 pattern=$3
	shift 3
	local err rc
	err=$("$@" 2>&1 >/dev/null </dev/null)
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -qE -- "$pattern" <<<"$err"; then pass "$name"
	else fail "$name" "exit $want, stderr matching '$pattern'" "exit $rc, '$(head -c 400 <<<"$err")'" "$*"; fi
}

expect_fail "unknown board lists the boards" 2 \
	"^solder-cc: error: unknown board 'qemu-virt-rv65'; the boards are: .*qemu-virt-rv64.*linux-user-i386|linux-user-i386.*qemu-virt-rv64" \
	$CC --board qemu-virt-rv65 "$SRC/ctors.c" -o "$W/x.elf"
: >"$W/empty.elf"
expect_fail "solder-run: unknown board" 2 "^solder-run: error: unknown board 'nope'; the boards are: " \
	$RUN --board nope "$W/empty.elf"

if [ -n "$first" ]; then
	expect_fail "$first: a program too big for RAM names the region and the sizes" 1 \
		"error: region '[A-Za-z_]+' overflowed by [0-9]+ bytes \([0-9]+ bytes used of [0-9]+\)" \
		$CC --board "$first" -O2 "$SRC/toobig.c" -o "$W/toobig.elf"
	if [ ! -e "$W/toobig.elf" ]; then pass "$first: no image is left behind by the failed link"
	else fail "$first: no image after overflow" "no $W/toobig.elf" "it exists" "$CC --board $first $SRC/toobig.c -o $W/toobig.elf"; fi

	if $CC --board "$first" -O2 "$SRC/hang.c" -o "$W/hang.elf" >"$W/hang.build" 2>&1; then
		start=$SECONDS
		expect_fail "$first: --timeout stops a firmware that never exits, status 124" 124 \
			"^solder-run: .*hang.elf did not exit within 3 seconds on board '$first'; stopped it" \
			$RUN --timeout 3 "$W/hang.elf"
		if [ $((SECONDS - start)) -le 8 ]; then pass "$first: --timeout 3 returns within 8 seconds"
		else fail "$first: --timeout promptly" "at most 8 s" "$((SECONDS - start)) s" "$RUN --timeout 3 $W/hang.elf"; fi
	else
		fail "$first: hang.c builds" "solder-cc succeeds" "$(head -c 300 "$W/hang.build")" "$CC --board $first $SRC/hang.c -o $W/hang.elf"
	fi
	cc_missing_board=
	for b in $BOARDS; do
		case $b in qemu-virt-* | linux-user-rv*) cc_missing_board=$b; break ;; esac
	done
	if [ -n "$cc_missing_board" ]; then
		# A PATH with the tools solder-cc needs but no cross compiler.
		mkdir -p "$W/bin"
		for t in bash dirname readlink basename sort tr sed mktemp mkdir mv rm cat; do
			ln -sf "$(command -v "$t")" "$W/bin/$t"
		done
		expect_fail "a missing cross compiler names the Debian package" 2 \
			"^solder-cc: error: riscv64-unknown-elf-gcc not found: board '$cc_missing_board' needs the Debian package gcc-riscv64-unknown-elf" \
			env PATH="$W/bin" bash "$CC" --board "$cc_missing_board" "$SRC/ctors.c" -o "$W/x.elf"
	fi
	printf 'int main(void) { return 0; }\n' >"$W/nonote.c"
	riscv64-unknown-elf-gcc -c "$W/nonote.c" -o "$W/nonote.o" 2>/dev/null
	printf 'ENTRY(main)\n' >"$W/nonote.ld"
	if "$B/solder" -T "$W/nonote.ld" "$W/nonote.o" -o "$W/nonote.elf" 2>/dev/null; then
		expect_fail "solder-run without a note or --board says what to do" 2 \
			"^solder-run: error: .*nonote.elf: no board note \(it was not linked by 'solder --board'\); give --board NAME" \
			$RUN "$W/nonote.elf"
	fi
fi

echo "boards: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
