#!/usr/bin/env bash
# run-gdb-boards.sh: gdb-multiarch sessions on every board, over QEMU's gdbstub, on
# newlib programs built with solder-cc (part of `make gdbtest`).
#
# For each board `solder-cc --list-boards` names, and each of -O0 and -Og (with -g),
# qemu-tests/gdb/boards/{prog,util,align}.c are compiled once and linked twice: by
# solder, and by GNU ld (solder-cc --gnu-ld) as the reference. align.c is compiled with
# -falign-labels=16, which on RISC-V leaves R_RISCV_ALIGN padding inside a function for
# the linker's relaxation to delete. Each image runs under `solder-run --gdb PORT`
# (system-mode QEMU waits at its reset vector) and gdb-multiarch -batch runs
# qemu-tests/gdb/boards/session.gdb against it: breakpoints by function and file:line,
# continue, next, step, finish, bt, info locals, print, info line, list, watch, x,
# info registers pc.
#
# The session's output is cut into checks (the `@ NAME` lines of session.gdb). Each
# check must
#   - match the patterns of session.expect, on solder's image and on GNU ld's (so that
#     both linkers being equally wrong does not pass), with line numbers taken from
#     the L:NAME marker comments in the sources, and
#   - on solder's image, print the same as on GNU ld's once code and data addresses are
#     masked (mask() below; the words `x` prints are data and stay).
# Besides: the pc gdb reports is the ELF symbol's value plus the offset gdb names; the
# program prints its result under gdb; on RISC-V, align.o has R_RISCV_ALIGN, and
# relaxation shrank aligned_sum, to the same size in both images.
# Where GNU ld's image is known to answer wrongly (qemu-tests/gdb/boards/reference.known),
# its failure is reported as KNOWN and solder's answer is held to the patterns alone.
#
# Every check prints PASS or FAIL with board, linker and optimization level; a failure
# prints expected, got and a script that reproduces the session. Logs, images and
# those scripts stay in $B/gdb-boards/<board>/. Boards run JOBS (2) at a time; every
# QEMU and gdb is bounded by a timeout and killed when the script ends, however it ends.
#
#   B=build qemu-tests/run-gdb-boards.sh
#   B=build BOARDS="qemu-virt-rv64 linux-user-rv64" OPTS=-O0 qemu-tests/run-gdb-boards.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=$PWD
B=${B:-build}
[ -d "$B" ] || { echo "run-gdb-boards: build folder $B is missing: run 'make'" >&2; exit 2; }
B=$(cd "$B" && pwd)
export SOLDER_BUILD=$B
CC=$ROOT/toolchain/solder-cc
RUN=$ROOT/toolchain/solder-run
SRC=$ROOT/qemu-tests/gdb/boards
COMMANDS=$SRC/session.gdb
EXPECT=$SRC/session.expect
KNOWN=$SRC/reference.known
SOURCES="prog.c util.c align.c"
W=$B/gdb-boards
OPTS=${OPTS:--O0 -Og}
JOBS=${JOBS:-2}
GDB_TIMEOUT=${GDB_TIMEOUT:-90}
STUB_WAIT=${STUB_WAIT:-30}
# What prog.c prints when it ends.
PROGRAM_OUTPUT="result 38 total 30 counter 21"

for t in timeout readelf gdb-multiarch; do
	command -v "$t" >/dev/null 2>&1 || { echo "run-gdb-boards: $t not found; run 'make deps'" >&2; exit 2; }
done
[ -x "$B/libexec/solder/ld" ] || { echo "run-gdb-boards: $B/libexec/solder/ld is missing: run 'make'" >&2; exit 2; }
BOARDS=${BOARDS:-$("$CC" --list-boards)}

# The line of each `/* L:NAME */` marker in the sources; a name must be unique.
declare -A LINE=()
for f in $SOURCES; do
	while IFS=: read -r n m; do
		m=${m#/\* L:}
		m=${m% \*/}
		if [ -n "${LINE[$m]:-}" ]; then
			echo "run-gdb-boards: marker L:$m appears twice in $SRC" >&2
			exit 2
		fi
		LINE[$m]=$n
	done < <(grep -on '/\* L:[A-Za-z0-9_-]* \*/' "$SRC/$f")
done

# Replaces every @MARKER@ in its argument with the marker's line; an unknown one is an
# error, so a renamed marker cannot leave a check matching nothing.
subst_lines() {
	local s=$1 m
	while [[ $s =~ @([A-Za-z0-9_-]+)@ ]]; do
		m=${BASH_REMATCH[1]}
		if [ -z "${LINE[$m]:-}" ]; then
			echo "run-gdb-boards: @$m@: no marker L:$m in $SRC/{${SOURCES// /,}}" >&2
			return 1
		fi
		s=${s//@$m@/${LINE[$m]}}
	done
	printf '%s\n' "$s"
}

# Does something listen on TCP port PORT? From /proc: local_address is ADDR:PORT in
# hex, state 0A is LISTEN.
port_listens() {
	local f
	for f in /proc/net/tcp /proc/net/tcp6; do
		[ -r "$f" ] || continue
		awk -v port="$(printf '%04X' "$1")" \
			'NR > 1 && $4 == "0A" { split($2, a, ":"); if (a[2] == port) found = 1 } END { exit !found }' "$f" &&
			return 0
	done
	return 1
}

# The gdb commands of session.gdb for a board of MODE, one per line, rendered.
render_commands() {
	local mode=$1 line
	while IFS= read -r line; do
		[[ -z $line || $line == \#* ]] && continue
		case $line in
		"@ "*) line="echo @@ ${line#@ }\\n" ;;
		user:* | system:*)
			[ "${line%%:*}" = "$mode" ] || continue
			line=${line#*:}
			line=${line# }
			;;
		esac
		subst_lines "$line" || return 1
	done <"$COMMANDS"
}

# The command file for both modes and every pattern name only markers that exist.
for mode in user system; do
	render_commands "$mode" >/dev/null || exit 2
done
while IFS=$'\t' read -r check when pat; do
	[[ -z $check || $check == \#* ]] && continue
	subst_lines "$pat" >/dev/null || exit 2
done <"$EXPECT"

# The output of check NAME in a gdb log: the lines after its marker, up to the next.
section() {
	awk -v name="@@ $2" '/^@@ / { on = ($0 == name); next } on' "$1"
}

# Code and data addresses become ADDR: a hex number that gdb names a symbol after
# (0x... <sym+off>), or that no tab precedes. What stays are the words `x` prints, which
# follow a tab and name no symbol: data.
mask() {
	sed -E 's/0x[0-9a-f]+ </ADDR </g; s/(^|[^\t])0x[0-9a-f]+/\1ADDR/g'
}

# Does condition list WHEN (comma-separated, all must hold; !C: C does not) apply to
# this session?
applies() {
	local when=$1 c
	[ "$when" = "*" ] && return 0
	for c in ${when//,/ }; do
		if [[ $c == !* ]]; then
			! holds "${c#!}" || return 1
		else
			holds "$c" || return 1
		fi
	done
}
holds() {
	case $1 in
	"$S_OPT" | "$S_MODE" | "$S_ARCH" | "$S_FAMILY") return 0 ;;
	*) return 1 ;;
	esac
}

# One board, run in its own subshell: builds, sessions, checks. Prints PASS and FAIL
# lines; the caller collects them.
board_worker() {
	local board=$1 slot=$2
	local dir=$W/${board//\//-}
	mkdir -p "$dir"
	# shellcheck disable=SC2034 # board.sh reads them
	TOOL=run-gdb-boards SOLDER_ROOT=$ROOT
	# shellcheck source=toolchain/board.sh
	. "$ROOT/toolchain/board.sh"
	load_board "$board"
	S_MODE=$BOARD_MODE
	S_ARCH=$BOARD_ARCH
	case $BOARD_ARCH in
	riscv*) S_FAMILY=riscv ;;
	*) S_FAMILY=x86 ;;
	esac

	# Every solder-run and gdb this board starts, killed however the worker ends (a
	# global of this subshell, for the EXIT trap).
	live=()
	# OPT:CHECK for the checks GNU ld's image failed as reference.known foresees.
	declare -gA ref_wrong=()
	worker_cleanup() {
		local p
		for p in "${live[@]}"; do stop_tree "$p"; done
	}
	trap worker_cleanup EXIT
	trap 'exit 143' TERM INT

	local ex=() line
	while IFS= read -r line; do ex+=(-ex "$line"); done < <(render_commands "$BOARD_MODE")

	local opt linker
	for opt in $OPTS; do
		S_OPT=${opt#-}
		local tag=${opt#-}
		local what="$board ${opt}"
		# One set of objects, linked twice.
		local objs=() f built=1 cmd
		for f in $SOURCES; do
			local o=$dir/${f%.c}.$tag.o extra=
			[ "$f" = align.c ] && extra=-falign-labels=16
			cmd="cd $SRC && SOLDER_BUILD=$B $CC --board $board -g $opt $extra -c $f -o $o"
			if ! (cd "$SRC" && "$CC" --board "$board" -g "$opt" $extra -c "$f" -o "$o") >"$o.log" 2>&1; then
				fail_check "$what: compile $f" "solder-cc succeeds" "$(head -c 800 "$o.log")" "$cmd"
				built=0
			fi
			objs+=("$o")
		done
		[ "$built" = 1 ] || continue
		for linker in solder gnu; do
			local flag=
			[ "$linker" = gnu ] && flag=--gnu-ld
			local image=$dir/prog.$tag.$linker.elf
			cmd="SOLDER_BUILD=$B $CC --board $board $flag ${objs[*]} -o $image"
			if ! "$CC" --board "$board" $flag "${objs[@]}" -o "$image" >"$image.log" 2>&1; then
				fail_check "$board $linker $opt: link" "solder-cc succeeds" "$(head -c 800 "$image.log")" "$cmd"
				built=0
			fi
		done
		[ "$built" = 1 ] || continue

		if [ "$S_FAMILY" = riscv ]; then
			local n
			n=$(readelf -rW "$dir/align.$tag.o" | grep -c R_RISCV_ALIGN || true)
			if [ "$n" -gt 0 ]; then
				pass_check "$what: align.o has $n R_RISCV_ALIGN relocations"
			else
				fail_check "$what: align.o has R_RISCV_ALIGN relocations" "at least one" "none" \
					"readelf -rW $dir/align.$tag.o | grep R_RISCV_ALIGN"
			fi
			# Relaxation shrinks aligned_sum (the padding, and gp-relative accesses to
			# counter): both linkers alike, and GNU ld at all, or the test of line tables
			# after deleted bytes has nothing to test.
			local os ss gs
			os=$(sym_field "$dir/align.$tag.o" aligned_sum 3)
			ss=$(sym_field "$dir/prog.$tag.solder.elf" aligned_sum 3)
			gs=$(sym_field "$dir/prog.$tag.gnu.elf" aligned_sum 3)
			if [ -n "$ss" ] && [ "$ss" = "$gs" ] && [ -n "$os" ] && [ "$gs" -lt "$os" ]; then
				pass_check "$what: aligned_sum relaxed from $os bytes (align.o) to $ss in both images"
			else
				fail_check "$what: aligned_sum relaxed alike" \
					"smaller than in align.o (${os:-?} bytes), the same in both images; GNU ld: ${gs:-?}" \
					"solder: ${ss:-?}" \
					"readelf -sW $dir/align.$tag.o $dir/prog.$tag.solder.elf $dir/prog.$tag.gnu.elf | grep aligned_sum"
			fi
		fi

		for linker in solder gnu; do
			run_session "$board" "$opt" "$linker" "$dir" "$slot" "${ex[@]}"
		done
		compare_sessions "$board" "$opt" "$dir"
	done
}

# Ends process P (a solder-run, or a timeout running gdb) and its children. The
# children get SIGKILL: qemu-user passes SIGTERM on to the guest, which never sees it
# while QEMU waits for gdb, so QEMU would outlive solder-run's own cleanup.
stop_tree() {
	local p=$1 c
	kill -0 "$p" 2>/dev/null || return 0
	for c in $(pgrep -P "$p" 2>/dev/null); do kill -KILL "$c" 2>/dev/null || true; done
	kill "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
}

pass_check() { echo "PASS $1"; }
fail_check() {
	echo "FAIL $1"
	printf '    expected: %s\n' "$2" | sed '2,$s/^/              /'
	printf '    got:      %s\n' "$3" | sed '2,$s/^/              /'
	printf '    reproduce: %s\n' "$4"
}

# Field F (readelf -s column: 2 value, 3 size) of symbol NAME in IMAGE.
sym_field() {
	readelf -sW "$1" | awk -v n="$2" -v f="$3" '$8 == n { print $f; exit }'
}

# run_session BOARD OPT LINKER DIR SLOT GDB-ARGS...: QEMU waits for gdb on a free port;
# gdb runs the session. Writes DIR/prog.TAG.LINKER.{gdb.log,out,repro.sh}.
run_session() {
	local board=$1 opt=$2 linker=$3 dir=$4 slot=$5
	shift 5
	local tag=${opt#-}
	local image=$dir/prog.$tag.$linker.elf base=$dir/prog.$tag.$linker
	local log=$base.gdb.log out=$base.out repro=$base.repro.sh
	local what="$board $linker $opt"

	{
		echo "#!/usr/bin/env bash"
		echo "# Re-runs the gdb session of run-gdb-boards.sh on $image."
		echo "cd $(printf %q "$ROOT") && export SOLDER_BUILD=$(printf %q "$B")"
		echo "$(printf %q "$RUN") --board $board --timeout 120 --gdb 1234 $(printf %q "$image") &"
		echo "sleep 1"
		printf 'gdb-multiarch -batch -nx -ex %q -ex %q -ex %q' "set architecture $BOARD_GDB_ARCH" \
			"file $image" "target remote :1234"
		# "$@" is gdb's arguments: -ex COMMAND pairs.
		local a
		for a in "$@"; do
			if [ "$a" = -ex ]; then printf ' \\\n\t-ex'; else printf ' %q' "$a"; fi
		done
		echo
		echo 'kill %1 2>/dev/null'
	} >"$repro"

	# A port nothing listens on; each board its own residue mod 100, so that two
	# boards at once never pick the same one.
	local port run_pid='' up
	for _ in 1 2 3 4 5 6; do
		port=$((20000 + (RANDOM % 400) * 100 + slot % 100))
		port_listens "$port" && continue
		"$RUN" --board "$board" --timeout $((GDB_TIMEOUT + 30)) --gdb "$port" "$image" \
			>"$out" 2>"$out.err" </dev/null &
		run_pid=$!
		live+=("$run_pid")
		# QEMU listens within a moment, or dies because the port was taken meanwhile
		# (then the listener is not ours, and another port is tried); a loaded
		# machine gets STUB_WAIT seconds.
		up=0
		for _ in $(seq $((STUB_WAIT * 10))); do
			kill -0 "$run_pid" 2>/dev/null || break
			if port_listens "$port"; then
				sleep 0.1
				kill -0 "$run_pid" 2>/dev/null && up=1
				break
			fi
			sleep 0.1
		done
		[ "$up" = 1 ] && break
		stop_tree "$run_pid"
		run_pid=
	done
	if [ -z "$run_pid" ]; then
		fail_check "$what: QEMU's gdbstub listens" "a gdbstub on a free port" "$(head -c 800 "$out.err")" "bash $repro"
		return
	fi

	# In the background, so that a TERM to this worker is handled at once.
	local gdb_rc=0 run_rc=0
	timeout "$GDB_TIMEOUT" gdb-multiarch -batch -nx -ex "set architecture $BOARD_GDB_ARCH" \
		-ex "file $image" -ex "target remote :$port" "$@" >"$log" 2>&1 </dev/null &
	local gdb_pid=$!
	live+=("$gdb_pid")
	wait "$gdb_pid" || gdb_rc=$?
	# The session ends with the program's exit, and solder-run's with it; one that
	# is still running after a moment is stopped (and its status is not the program's).
	for _ in $(seq 40); do
		kill -0 "$run_pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$run_pid" 2>/dev/null; then
		stop_tree "$run_pid"
		run_rc=125
	else
		wait "$run_pid" || run_rc=$?
	fi

	# gdb -batch exits with 1 when its last command failed: on a system-mode board the
	# last `continue` ends with QEMU exiting under it ("Remote connection closed").
	local gdb_ok=0
	[ "$BOARD_MODE" = system ] && gdb_ok=1
	if [ "$gdb_rc" -eq 0 ] || [ "$gdb_rc" -eq "$gdb_ok" ]; then
		pass_check "$what: gdb session ran"
	else
		fail_check "$what: gdb session ran" "gdb-multiarch exits with 0$([ "$gdb_ok" = 1 ] && echo ' or 1')" \
			"status $gdb_rc$([ "$gdb_rc" -eq 124 ] && echo " (timed out after $GDB_TIMEOUT s)"); log $log" "bash $repro"
	fi
	if [ "$(cat "$out")" = "$PROGRAM_OUTPUT" ] && [ "$run_rc" -eq 0 ]; then
		pass_check "$what: program output under gdb, exit status 0"
	else
		fail_check "$what: program output under gdb" "'$PROGRAM_OUTPUT', status 0" \
			"'$(head -c 300 "$out")', status $run_rc $(head -c 300 "$out.err")" "bash $repro"
	fi

	check_patterns "$what" "$linker" "$log" "$repro"
	check_pc "$what" "$log" "$image" "$repro"
}

# Every check's output against session.expect's patterns. Lines there:
#   CHECK <tab> WHEN <tab> PATTERN
# CHECK names a section of the log (* the whole log). WHEN is * or conditions joined
# by commas that must all hold: O0 or Og, system or user, riscv or x86, riscv64,
# riscv32, x86_64, i386, or !one of them. PATTERN is an ERE that one line of the
# section must match; !ERE means no line may match it; =lines ERE means the numbers of
# the source lines gdb showed (lines starting NUMBER<tab>), joined by spaces, match ERE
# as a whole. @MARKER@ is a marker's line.
#
# A check reference.known lists for this board fails on GNU ld's image as KNOWN, not
# FAIL, and is then not compared with solder's (whose answer must still match).
check_patterns() {
	local what=$1 linker=$2 log=$3 repro=$4
	local check when pat cur='' curfail=() text got nums why
	flush() {
		[ -n "$cur" ] || return 0
		if [ "${#curfail[@]}" -eq 0 ]; then
			pass_check "$what: $cur"
		elif [ "$linker" = gnu ] && why=$(known_defect "$cur") && [ -n "$why" ]; then
			echo "KNOWN $what: $cur: GNU ld's image answers wrongly here: $why"
			ref_wrong[$S_OPT:$cur]=1
		else
			local sec
			if [ "$cur" = "*" ]; then sec=$(cat "$log"); else sec=$(section "$log" "$cur"); fi
			fail_check "$what: $cur" "$(printf '%s\n' "${curfail[@]}")" "${sec:-(no output)}" \
				"bash $repro   # log: $log"
		fi
	}
	while IFS=$'\t' read -r check when pat; do
		[[ -z $check || $check == \#* ]] && continue
		applies "$when" || continue
		pat=$(subst_lines "$pat")
		if [ "$check" != "$cur" ]; then
			flush
			cur=$check
			curfail=()
			if [ "$check" = "*" ]; then text=$(cat "$log"); else text=$(section "$log" "$check"); fi
		fi
		case $pat in
		'!'*)
			got=$(grep -E -- "${pat#!}" <<<"$text" || true)
			[ -z "$got" ] || curfail+=("no line matching /${pat#!}/")
			;;
		'=lines '*)
			nums=$(grep -oE $'^[0-9]+\t' <<<"$text" | tr -d '\t' | tr '\n' ' ' | sed 's/ $//' || true)
			[[ $nums =~ ^(${pat#=lines })$ ]] || curfail+=("source lines /${pat#=lines }/ (got: $nums)")
			;;
		*)
			grep -qE -- "$pat" <<<"$text" || curfail+=("a line matching /$pat/")
			;;
		esac
	done <"$EXPECT"
	flush
}

# The pc gdb shows at compute's breakpoint is compute's value in .symtab plus the
# offset gdb names, and `info address compute` agrees with .symtab.
check_pc() {
	local what=$1 log=$2 image=$3 repro=$4 sec pc fn off sym addr
	sec=$(section "$log" pc)
	pc=$(awk '$1 == "pc" { print $2; exit }' <<<"$sec")
	# "compute + 14 in section .text", or "compute in section .text" at offset 0.
	fn=$(sed -nE 's/^([A-Za-z_][A-Za-z0-9_]*)( \+ [0-9]+)? in section .*/\1/p' <<<"$sec" | head -1)
	off=$(sed -nE 's/^[A-Za-z_][A-Za-z0-9_]*( \+ ([0-9]+))? in section .*/\2/p' <<<"$sec" | head -1)
	off=${off:-0}
	addr=$(sed -nE 's/^Symbol "compute" is a function at address (0x[0-9a-f]+)\.$/\1/p' <<<"$sec")
	sym=$(sym_field "$image" compute 2)
	if [ -n "$pc" ] && [ "$fn" = compute ] && [ -n "$sym" ] && [ -n "$addr" ] &&
		[ $((pc)) -eq $((16#$sym + off)) ] && [ $((addr)) -eq $((16#$sym)) ]; then
		pass_check "$what: pc $pc = compute (0x$sym in .symtab) + $off"
	else
		fail_check "$what: pc matches .symtab" \
			"pc = compute's .symtab value 0x${sym:-?} + the offset info symbol names; info address compute = 0x${sym:-?}" \
			"pc ${pc:-?}, info symbol '${fn:-?} + ${off:-?}', info address ${addr:-?}" "bash $repro"
	fi
}

# Why reference.known says GNU ld's image answers check CHECK wrongly on this board
# (empty if it does not).
known_defect() {
	local board when check why
	while IFS=$'\t' read -r board when check why; do
		[[ -z $board || $board == \#* ]] && continue
		if [ "$board" = "$BOARD" ] && [ "$check" = "$1" ] && applies "$when"; then
			echo "$why"
			return
		fi
	done <"$KNOWN"
}

# solder's answers are GNU ld's, addresses masked, check by check.
compare_sessions() {
	local board=$1 opt=$2 dir=$3 tag=${2#-} check
	local slog=$dir/prog.$tag.solder.gdb.log glog=$dir/prog.$tag.gnu.gdb.log
	[ -f "$slog" ] && [ -f "$glog" ] || return 0
	for check in $(sed -n 's/^@@ //p' "$glog" | awk '!seen[$0]++'); do
		local s g
		if [ -n "${ref_wrong[$S_OPT:$check]:-}" ]; then
			echo "KNOWN $board solder=gnu $opt: $check: not compared (GNU ld's answer is wrong)"
			continue
		fi
		s=$(section "$slog" "$check" | mask)
		g=$(section "$glog" "$check" | mask)
		if [ "$s" = "$g" ]; then
			pass_check "$board solder=gnu $opt: $check"
		else
			fail_check "$board solder=gnu $opt: $check" "GNU ld's image: $g" \
				"solder's image: $s
diff: $(diff <(echo "$g") <(echo "$s") | sed -n '2,$p' | head -20)" \
				"bash $dir/prog.$tag.solder.repro.sh; bash $dir/prog.$tag.gnu.repro.sh"
		fi
	done
}

# The boards, JOBS at a time, each in a subshell whose report is printed whole, in
# board order, as soon as it and the boards before it are done.
rm -rf "$W"
mkdir -p "$W"
# shellcheck disable=SC2206 # board names are words, one a line or space-separated
boards=($BOARDS)
pids=()
printed=0
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

flush_reports() {
	while [ "$printed" -lt "${#boards[@]}" ] && [ -f "$W/.done.$printed" ]; do
		cat "$W/.report.$printed"
		printed=$((printed + 1))
	done
}
for i in "${!boards[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n || true
		flush_reports
	done
	(
		board_worker "${boards[$i]}" "$i" >"$W/.report.$i" 2>&1 || true
		touch "$W/.done.$i"
	) &
	pids+=($!)
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
	wait -n || true
	flush_reports
done
flush_reports

passed=$(cat "$W"/.report.* | grep -c '^PASS' || true)
failed=$(cat "$W"/.report.* | grep -c '^FAIL' || true)
known=$(cat "$W"/.report.* | grep -c '^KNOWN' || true)
echo "gdb-boards: $passed passed, $failed failed, $known known wrong in GNU ld's image (reference.known)"
[ "$failed" -eq 0 ]
