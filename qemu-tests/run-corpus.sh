#!/usr/bin/env bash
# run-corpus.sh: GCC-compiled C programs linked twice with the same arguments, once by
# GNU ld (the reference) and once by solder, run under qemu-user; both runs must print
# the program's expected output and exit with its expected status.
#
#   B=build ARCHES="riscv64 x86_64" PROGS="hello tls_le" qemu-tests/run-corpus.sh
#   REF_ONLY=1 qemu-tests/run-corpus.sh      GNU ld as both linkers (tests the harness)
#   SOLDER=/path/to/linker qemu-tests/run-corpus.sh
#
# A program is qemu-tests/corpus/NAME.c, or a folder qemu-tests/corpus/NAME/ whose *.c
# and *.S files are all part of it; its expected output is NAME.expect (NAME/expect):
# stdout, a line "# exit N" for the exit status, and lines "@arch[,arch] text" that
# only the named architectures print. Source lines "// corpus-KEY: VALUE" say how to
# build (see qemu-tests/corpus/README.md):
#   corpus-arches: LIST         build for these architectures only
#   corpus-cflags[-ARCH]: F     compiler flags for every file of the program
#   corpus-file-cflags[-ARCH]: F  compiler flags for the file the line is in
#   corpus-abi-ARCH: F          -march/-mabi for the whole link (its own libc build)
#   corpus-archive: libX.a a.c b.c   these files become libX.a, not objects
#   corpus-link: TOKENS         the inputs between crt0.o and libcstub.a: x.o and
#                               libX.a name the program's own files, others pass as is
#   corpus-ldflags: F           linker options before the inputs
# The link line of both linkers is
#   -m EMU -static -o OUT -e _start LDFLAGS crt0.o INPUTS libcstub.a libgcc.a
# Everything lands in $B/corpus/ARCH/NAME/, with cmds.sh to reproduce it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

B=${B:-build}
ARCHES=${ARCHES:-riscv64 riscv32 x86_64 i386}
PROGS=${PROGS:-}
REF_ONLY=${REF_ONLY:-0}
SOLDER=${SOLDER:-$B/solder}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
CORPUS=qemu-tests/corpus
LIBC=$CORPUS/libc
OUT=$B/corpus

if [ "$REF_ONLY" != 1 ] && [ ! -x "$SOLDER" ]; then
	echo "run-corpus: $SOLDER is missing: run 'make' (or REF_ONLY=1 to test the harness)" >&2
	exit 2
fi
missing=()
for tool in timeout ar riscv64-unknown-elf-gcc riscv64-unknown-elf-ld gcc qemu-riscv64 qemu-riscv32 qemu-x86_64 qemu-i386; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -ne 0 ]; then
	echo "run-corpus: not found: ${missing[*]}; run 'make deps'" >&2
	exit 2
fi
if command -v x86_64-linux-gnu-ld >/dev/null 2>&1; then X86_LD=x86_64-linux-gnu-ld; else X86_LD=ld; fi

# ---- per-architecture settings: sets CC, ABI, CFLAGS_ARCH, EMU, REF_LD, QEMU, CRT0
arch_setup() {
	case $1 in
	riscv64)
		CC=(riscv64-unknown-elf-gcc); ABI=(-march=rv64imac -mabi=lp64 -mcmodel=medany)
		CFLAGS_ARCH=(); EMU=elf64lriscv; REF_LD=riscv64-unknown-elf-ld; QEMU=qemu-riscv64; CRT0=riscv ;;
	riscv32)
		CC=(riscv64-unknown-elf-gcc); ABI=(-march=rv32imac -mabi=ilp32)
		CFLAGS_ARCH=(); EMU=elf32lriscv; REF_LD=riscv64-unknown-elf-ld; QEMU=qemu-riscv32; CRT0=riscv ;;
	x86_64)
		CC=(gcc); ABI=(-m64)
		CFLAGS_ARCH=(-fno-pie -fno-pic -fcf-protection=none); EMU=elf_x86_64; REF_LD=$X86_LD; QEMU=qemu-x86_64; CRT0=x86_64 ;;
	i386)
		# SSE2 arithmetic: the same double results as the other targets (no x87 excess precision).
		CC=(gcc); ABI=(-m32)
		CFLAGS_ARCH=(-fno-pie -fno-pic -fcf-protection=none -msse2 -mfpmath=sse); EMU=elf_i386; REF_LD=$X86_LD; QEMU=qemu-i386; CRT0=i386 ;;
	*)
		return 1 ;;
	esac
}
CFLAGS_COMMON=(-std=gnu11 -O2 -g -Wall -Werror -ffreestanding -fno-stack-protector -ffp-contract=off -I"$LIBC/include")

# Appends a command to the reproduction script, then runs it; its stderr goes to $2.
run_logged() {
	local script=$1 err=$2
	shift 2
	printf '%q ' "$@" >>"$script"
	printf '\n' >>"$script"
	"$@" 2>"$err"
}

# Builds libcstub.a and crt0.o for one ABI into $1 (once: a .ok file marks it done).
build_libc() {
	local dir=$1 src obj
	[ -f "$dir/.ok" ] && return 0
	mkdir -p "$dir"
	rm -f "$dir"/*.o "$dir/libcstub.a" "$dir/cmds.sh"
	# No loop-to-memcpy rewriting: memcpy itself is such a loop.
	local flags=("${CFLAGS_COMMON[@]}" "${ABI[@]}" "${CFLAGS_ARCH[@]}" -fno-tree-loop-distribute-patterns)
	run_logged "$dir/cmds.sh" "$dir/crt0.err" "${CC[@]}" "${flags[@]}" -c "$LIBC/crt0-$CRT0.S" -o "$dir/crt0.o" || {
		cat "$dir/crt0.err"; return 1; }
	local members=()
	for src in "$LIBC"/*.c; do
		obj=$dir/$(basename "${src%.c}").o
		run_logged "$dir/cmds.sh" "$obj.err" "${CC[@]}" "${flags[@]}" -c "$src" -o "$obj" || {
			cat "$obj.err"; return 1; }
		members+=("$obj")
	done
	run_logged "$dir/cmds.sh" "$dir/ar.err" ar rcs "$dir/libcstub.a" "${members[@]}" || return 1
	touch "$dir/.ok"
}

# Each input line on a line of its own, indented under a problem (for $(...)).
indent() {
	local line
	while IFS= read -r line; do
		printf '\n      %s' "$line"
	done
}

# Prints the values of "// corpus-KEY: VALUE" lines in the given files, one a line.
directive() {
	local key=$1
	shift
	sed -n "s|^// corpus-$key: *||p" "$@"
}

# The expectation for one architecture: stdout into $3, exit status into $4.
expectation() {
	local file=$1 arch=$2 out=$3 status=$4
	awk -v arch="$arch" -v status="$status" '
		BEGIN { code = 0 }
		/^@[A-Za-z0-9_,]+ / {
			n = split(substr($1, 2), names, ","); ok = 0
			for (i = 1; i <= n; i++) if (names[i] == arch) ok = 1
			if (!ok) next
			sub(/^@[^ ]+ /, "")
		}
		/^# exit [0-9]+$/ { code = $3; next }
		{ print }
		END { print code > status }' "$file" >"$out"
}

# One program on one architecture: prints PASS, FAIL or SKIP lines.
run_program() {
	local arch=$1 prog=$2 srcdir name=$2 expect
	local srcs=()
	if [ -d "$CORPUS/$prog" ]; then
		srcdir=$CORPUS/$prog
		expect=$srcdir/expect
		local f
		for f in "$srcdir"/*.c "$srcdir"/*.S; do
			[ -e "$f" ] && srcs+=("$f")
		done
	else
		srcdir=$CORPUS
		expect=$CORPUS/$prog.expect
		srcs=("$CORPUS/$prog.c")
	fi
	local tag="corpus/$arch/$name"

	local arches
	arches=$(directive arches "${srcs[@]}")
	if [ -n "$arches" ] && ! grep -qw -- "$arch" <<<"$arches"; then
		return 0
	fi

	arch_setup "$arch"
	local abi_override
	abi_override=$(directive "abi-$arch" "${srcs[@]}")
	local abi_key=default
	if [ -n "$abi_override" ]; then
		read -r -a ABI <<<"$abi_override"
		abi_key=$(tr -c 'a-zA-Z0-9\n' '_' <<<"$abi_override")
	fi
	local libc_dir=$OUT/$arch/libc.$abi_key
	if ! build_libc "$libc_dir" >"$OUT/$arch/libc.$abi_key.log" 2>&1; then
		echo "FAIL $tag: the libc stub does not build (see $OUT/$arch/libc.$abi_key.log)"
		return 0
	fi
	local libgcc
	libgcc=$("${CC[@]}" "${ABI[@]}" -print-libgcc-file-name)
	local libgcc_args=("$libgcc")
	[ -f "$libgcc" ] || libgcc_args=()

	local dir=$OUT/$arch/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	local cmds=$dir/cmds.sh
	printf '# Run from the repository root. The libc stub: bash %s/cmds.sh\n' "$libc_dir" >"$cmds"

	local prog_cflags=() extra
	read -r -a extra <<<"$(directive cflags "${srcs[@]}") $(directive "cflags-$arch" "${srcs[@]}")"
	prog_cflags+=("${extra[@]}")

	# Compile every source; remember which object each one is.
	local src obj base file_flags
	declare -A obj_of=()
	for src in "${srcs[@]}"; do
		base=$(basename "$src")
		base=${base%.*}
		obj=$dir/$base.o
		read -r -a file_flags <<<"$(directive file-cflags "$src") $(directive "file-cflags-$arch" "$src")"
		if ! run_logged "$cmds" "$dir/$base.cc.err" "${CC[@]}" "${CFLAGS_COMMON[@]}" "${ABI[@]}" "${CFLAGS_ARCH[@]}" \
			-I"$srcdir" "${prog_cflags[@]}" "${file_flags[@]}" -c "$src" -o "$obj"; then
			echo "FAIL $tag: $src does not compile"
			sed 's/^/    /' "$dir/$base.cc.err"
			return 0
		fi
		obj_of[$base.o]=$obj
	done

	# Archives: "corpus-archive: libX.a a.c b.c"
	local line words ar archived=() archives=()
	declare -A ar_of=()
	while read -r line; do
		[ -n "$line" ] || continue
		read -r -a words <<<"$line"
		ar=$dir/${words[0]}
		local members=() m
		for m in "${words[@]:1}"; do
			m=${m%.*}.o
			members+=("${obj_of[$m]:-$dir/$m}")
			archived+=("$m")
		done
		rm -f "$ar"
		run_logged "$cmds" "$dir/ar.err" ar rcs "$ar" "${members[@]}" || {
			echo "FAIL $tag: ar failed"; sed 's/^/    /' "$dir/ar.err"; return 0; }
		ar_of[${words[0]}]=$ar
		archives+=("$ar")
	done < <(directive archive "${srcs[@]}")

	# The inputs between crt0.o and libcstub.a.
	local inputs=() link_spec tok
	link_spec=$(directive link "${srcs[@]}")
	if [ -n "$link_spec" ]; then
		read -r -a words <<<"$link_spec"
		for tok in "${words[@]}"; do
			if [ -n "${obj_of[$tok]:-}" ]; then inputs+=("${obj_of[$tok]}")
			elif [ -n "${ar_of[$tok]:-}" ]; then inputs+=("${ar_of[$tok]}")
			else inputs+=("$tok")
			fi
		done
	else
		local o
		for o in $(printf '%s\n' "${!obj_of[@]}" | sort); do
			[[ " ${archived[*]} " == *" $o "* ]] || inputs+=("${obj_of[$o]}")
		done
		inputs+=("${archives[@]}")
	fi
	local ldflags=()
	read -r -a ldflags <<<"$(directive ldflags "${srcs[@]}")"

	local args_tail=(-e _start "${ldflags[@]}" "$libc_dir/crt0.o" "${inputs[@]}" "$libc_dir/libcstub.a" "${libgcc_args[@]}")
	local ref_cmd=("$REF_LD" -m "$EMU" -static -o "$dir/ref.elf" "${args_tail[@]}")
	local sol_ld=$SOLDER
	[ "$REF_ONLY" = 1 ] && sol_ld=$REF_LD
	local sol_cmd=("$sol_ld" -m "$EMU" -static -o "$dir/solder.elf" "${args_tail[@]}")

	if ! run_logged "$cmds" "$dir/ref.ld.err" "${ref_cmd[@]}"; then
		if [ ${#libgcc_args[@]} -eq 0 ]; then
			echo "SKIP $tag: the reference link fails and $libgcc is missing (gcc-multilib?)"
		else
			echo "FAIL $tag: the reference link (GNU ld) fails"
			sed 's/^/    /' "$dir/ref.ld.err"
			printf '    %s\n' "$(printf '%q ' "${ref_cmd[@]}")"
		fi
		return 0
	fi

	local problems=()
	if [ -f "$expect" ]; then
		expectation "$expect" "$arch" "$dir/expect.out" "$dir/expect.status"
	else
		problems+=("no expected output: $expect is missing (what the reference printed is in $dir/ref.stdout)")
		: >"$dir/expect.out"
		echo 0 >"$dir/expect.status"
	fi
	local want_status
	want_status=$(cat "$dir/expect.status")

	local which elf got_status
	for which in ref solder; do
		elf=$dir/$which.elf
		if [ "$which" = solder ]; then
			if ! run_logged "$cmds" "$dir/solder.ld.err" "${sol_cmd[@]}"; then
				problems+=("solder's link fails:$(indent <"$dir/solder.ld.err")")
				continue
			fi
		fi
		printf '%q ' timeout 10 "$QEMU" "$elf" >>"$cmds"
		printf '\n' >>"$cmds"
		timeout 10 "$QEMU" "$elf" >"$dir/$which.stdout" 2>"$dir/$which.stderr"
		got_status=$?
		if ! cmp -s "$dir/expect.out" "$dir/$which.stdout"; then
			problems+=("$which output differs from $expect (- expected, + got):$(diff -u "$dir/expect.out" "$dir/$which.stdout" | tail -n +3 | head -n 20 | indent)")
		fi
		if [ "$got_status" != "$want_status" ]; then
			problems+=("$which exit status: expected $want_status, got $got_status$(head -n 5 "$dir/$which.stderr" | indent)")
		fi
	done

	if [ ${#problems[@]} -eq 0 ]; then
		echo "PASS $tag"
		return 0
	fi
	echo "FAIL $tag"
	local p
	for p in "${problems[@]}"; do
		printf '    %s\n' "$p"
	done
	printf '    reference: %s\n' "$(printf '%q ' "${ref_cmd[@]}")"
	printf '    solder:    %s\n' "$(printf '%q ' "${sol_cmd[@]}")"
	printf '    run:       timeout 10 %s %s\n' "$QEMU" "$dir/solder.elf"
	printf '    every command: bash %s\n' "$cmds"
}

# The programs: NAME.c files and NAME/ folders (libc/ is the stub, not a program).
programs=()
for p in "$CORPUS"/*.c "$CORPUS"/*/; do
	[ -e "$p" ] || continue
	p=${p%/}
	p=$(basename "${p%.c}")
	[ "$p" = libc ] && continue
	if [ -n "$PROGS" ] && ! grep -qw -- "$p" <<<"$PROGS"; then
		continue
	fi
	programs+=("$p")
done

run_arch() {
	local arch=$1 prog
	if ! arch_setup "$arch"; then
		echo "FAIL corpus/$arch: unknown architecture"
		return 0
	fi
	rm -rf "${OUT:?}/$arch"
	mkdir -p "$OUT/$arch"
	for prog in "${programs[@]}"; do
		run_program "$arch" "$prog"
	done
}

start=$SECONDS
running=0
for arch in $ARCHES; do
	mkdir -p "$OUT"
	run_arch "$arch" >"$OUT/$arch.log" 2>&1 &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

passed=0
failed=0
skipped=0
for arch in $ARCHES; do
	log=$OUT/$arch.log
	cat "$log"
	passed=$((passed + $(grep -c '^PASS ' "$log")))
	failed=$((failed + $(grep -c '^FAIL ' "$log")))
	skipped=$((skipped + $(grep -c '^SKIP ' "$log")))
done
mode=solder
[ "$REF_ONLY" = 1 ] && mode="REF_ONLY (GNU ld as both linkers)"
echo "corpus: $passed passed, $failed failed, $skipped skipped ($mode, $((SECONDS - start)) s)"
[ "$failed" -eq 0 ]
