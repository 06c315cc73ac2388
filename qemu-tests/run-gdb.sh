#!/usr/bin/env bash
# run-gdb.sh: scripted gdb-multiarch sessions against QEMU's gdbstub on images built
# through the library API (run by `make gdbtest`).
#
# For each architecture, build/qemu-tests/gdb_images builds a program whose call chain
# is _start -> outer -> middle -> inner, with line rows and a signature for inner, and
# writes its C source beside it. Then:
#   1. session "initial": QEMU runs the image under `-g PORT`; gdb breaks on `middle` by
#      name, steps into `inner`, and `info line`, `bt`, `info symbol`, `ptype`, `print`,
#      `finish`, `next` must name
#      the right functions, files, lines and addresses (qemu-tests/gdb/break-inner.gdb,
#      checked against qemu-tests/gdb/break-inner.expect);
#   2. gdb_images --move resumes the image and grows inner past its block, so it moves;
#   3. session "moved": a new QEMU and gdb on the updated file must break at inner's new
#      address, with its new lines.
# Expected addresses come from `readelf -s` on the image, lines and offsets from the
# manifest gdb_images prints (what a compiler handed solder).
#
# Every check prints PASS or FAIL (with expected and got); the exit status is non-zero
# when any failed. Images, manifests and logs stay in $B/gdb/<arch>/.
#
#   B=build ARCHES="riscv64 x86_64" qemu-tests/run-gdb.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

B=${B:-build}
ARCHES=${ARCHES:-riscv64 riscv32 x86_64 i386}
tool=$B/qemu-tests/gdb_images
commands=qemu-tests/gdb/break-inner.gdb
expect=qemu-tests/gdb/break-inner.expect

if [ ! -x "$tool" ]; then
	echo "run-gdb: $tool is missing: run 'make $tool'" >&2
	exit 2
fi
missing=()
for t in timeout readelf gdb-multiarch qemu-riscv64 qemu-riscv32 qemu-x86_64 qemu-i386; do
	command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if [ "${#missing[@]}" -ne 0 ]; then
	echo "run-gdb: not found: ${missing[*]}; run 'make deps'" >&2
	exit 2
fi

# Every QEMU this script starts, so that none outlives it whatever happens.
qemu_pids=()
cleanup() {
	local p
	for p in "${qemu_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
}
trap cleanup EXIT

. qemu-tests/lib.sh

gdb_arch() {
	case $1 in
	riscv64) echo riscv:rv64 ;;
	riscv32) echo riscv:rv32 ;;
	x86_64) echo i386:x86-64 ;;
	i386) echo i386 ;;
	esac
}

# The TCP ports something listens on, in decimal, from /proc (no ss or netstat needed).
listening_ports() {
	local f
	for f in /proc/net/tcp /proc/net/tcp6; do
		[ -r "$f" ] || continue
		# local_address is ADDR:PORT in hex; state 0A is LISTEN.
		awk 'NR > 1 && $4 == "0A" { split($2, a, ":"); print a[2] }' "$f"
	done | while read -r hex; do echo $((16#$hex)); done
}

# start_qemu ARCH IMAGE OUT: starts qemu-ARCH -g PORT IMAGE in the background on a port
# nothing listens on, and waits until its gdbstub listens. Sets qemu_pid and port.
start_qemu() {
	local arch=$1 image=$2 out=$3
	for _ in 1 2 3 4 5 6 7 8; do
		port=$((20000 + RANDOM % 40000))
		if listening_ports | grep -x "$port" >/dev/null; then
			continue
		fi
		# The timeout ends a QEMU whose gdb never came or lost its way; qemu-user waiting
		# for gdb hands SIGTERM to its guest, so SIGKILL follows.
		timeout -k 5 90 "qemu-$arch" -g "$port" "$image" >"$out" 2>"$out.err" &
		qemu_pid=$!
		qemu_pids+=("$qemu_pid")
		for _ in $(seq 100); do
			if listening_ports | grep -x "$port" >/dev/null; then
				return 0
			fi
			kill -0 "$qemu_pid" 2>/dev/null || break
			sleep 0.05
		done
		# It died (the port was taken meanwhile) or never listened: try another port.
		kill "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null
	done
	return 1
}

# The value of the FUNC symbol NAME in IMAGE's .symtab, in hex without 0x; "" if absent.
sym_addr() {
	readelf -sW "$1" | awk -v n="$2" '$4 == "FUNC" && $8 == n { sub(/^0+/, "", $2); print ($2 == "" ? "0" : $2); exit }'
}

# Escapes a value for use inside an ERE.
ere_escape() {
	sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"
}

# session ARCH NAME IMAGE MANIFEST COPY: one QEMU + gdb session on IMAGE, checked. COPY
# is where the image as debugged stays once later steps change IMAGE.
session() {
	local arch=$1 name=$2 image=$3 manifest=$4 copy=$5 dir
	dir=$(dirname "$image")
	local what="$arch $name"
	local -A m=()
	local k v
	while IFS='=' read -r k v; do
		m[$k]=$v
	done <"$manifest"

	# The manifest's addresses (solder_symbol_addr) are the symbol table's.
	local -A addr=()
	local f sym bad=()
	for f in inner middle outer start; do
		sym=$f
		[ "$f" = start ] && sym=_start
		addr[$f]=$(sym_addr "$image" "$sym")
		if [ -z "${addr[$f]}" ] || [ $((16#${addr[$f]})) -ne $((m[${f}_addr])) ]; then
			bad+=("$sym: manifest ${m[${f}_addr]}, readelf -s 0x${addr[$f]:-(missing)}")
		fi
	done
	if [ "${#bad[@]}" -eq 0 ]; then
		pass "$what: readelf -s agrees with solder_symbol_addr"
	else
		fail_lines "$what: readelf -s agrees with solder_symbol_addr" "${bad[@]}"
		return
	fi

	local -A ph=(
		[BP]=$(printf '%x' $((16#${addr[inner]} + m[inner_prologue])))
		[MIDDLE_BP]=$(printf '%x' $((16#${addr[middle]} + m[middle_prologue])))
		[INNER_FILE]=${m[inner_file]}
		[INNER_LINE]=${m[inner_body_line]}
		[PROLOGUE]=${m[inner_prologue]}
		[DEPTH]=${m[depth_arg]}
		[RETURN]=${m[inner_return]}
		[EXIT]=$(printf '%02o' "${m[exit_status]}")
	)
	for f in middle outer start; do
		ph[${f^^}_RET]=$(printf '%x' $((16#${addr[$f]} + m[${f}_return] - m[${f}_addr])))
		ph[${f^^}_LINE]=${m[${f}_call_line]}
		ph[${f^^}_RETURN_LINE]=${m[${f}_return_line]}
	done

	local gdblog=$dir/$name.gdb.log qemuout=$dir/$name.qemu.out
	if ! start_qemu "$arch" "$image" "$qemuout"; then
		fail_lines "$what: QEMU's gdbstub listens" "qemu-$arch -g PORT $image never listened (see $qemuout.err)"
		return
	fi
	local ex=() line
	while IFS= read -r line; do
		[[ -z $line || $line == \#* ]] && continue
		ex+=(-ex "$line")
	done <"$commands"
	timeout 60 gdb-multiarch -batch -nx -ex "set architecture $(gdb_arch "$arch")" -ex "file $image" \
		-ex "target remote :$port" "${ex[@]}" >"$gdblog" 2>&1
	local gdb_rc=$?
	# The session ends with the program's exit; a QEMU still running lost its way.
	for _ in $(seq 40); do
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill "$qemu_pid" 2>/dev/null
	wait "$qemu_pid"
	local qemu_rc=$?

	local before=$failed
	if [ "$gdb_rc" -eq 0 ]; then
		pass "$what: gdb-multiarch ran"
	else
		fail_lines "$what: gdb-multiarch ran" "expected: exit status 0" "got: $gdb_rc$([ "$gdb_rc" -eq 124 ] && echo ' (timed out after 60 s)')"
	fi

	local check sel want got
	while IFS=$'\t' read -r check sel want; do
		[[ -z $check || $check == \#* ]] && continue
		for k in "${!ph[@]}"; do
			v=$(ere_escape "${ph[$k]}")
			sel=${sel//@$k@/$v}
			want=${want//@$k@/$v}
		done
		got=$(grep -E -- "$sel" "$gdblog")
		if [ "$want" = "!" ]; then
			if [ -z "$got" ]; then
				pass "$what: $check"
			else
				fail_lines "$what: $check" "expected: no line matching /$sel/" "got:" "$got"
			fi
		elif grep -qE -- "$want" <<<"$got"; then
			pass "$what: $check"
		else
			fail_lines "$what: $check" "expected: /$want/" "got: ${got:-(no line matching /$sel/)}"
		fi
	done <"$expect"

	# The program ran to its end under gdb: inner's message once per write, and the status.
	local want_out=""
	for _ in $(seq "${m[inner_writes]}"); do
		want_out+="${m[message]}"$'\n'
	done
	if [ "$(cat "$qemuout"; echo .)" = "$want_out." ] && [ "$qemu_rc" -eq "${m[exit_status]}" ]; then
		pass "$what: program output and exit status"
	else
		fail_lines "$what: program output and exit status" \
			"expected: ${m[inner_writes]} x '${m[message]}', status ${m[exit_status]}" \
			"got: '$(tr '\n' '|' <"$qemuout")', status $qemu_rc"
	fi

	if [ "$failed" -ne "$before" ]; then
		echo "    gdb log: $gdblog"
		echo "    reproduce: qemu-$arch -g 1234 $copy &"
		echo "               gdb-multiarch -nx -ex 'set architecture $(gdb_arch "$arch")' -ex 'file $copy' -ex 'target remote :1234' -x $commands"
	fi
}

for arch in $ARCHES; do
	dir=$B/gdb/$arch
	rm -rf "$dir"
	mkdir -p "$dir"
	image=$dir/prog.elf

	if ! "$tool" "$arch" "$image" >"$dir/initial.manifest" 2>"$dir/initial.err"; then
		fail_lines "$arch initial: build the image" "$(cat "$dir/initial.err")" "reproduce: $tool $arch $image"
		continue
	fi
	cp "$image" "$dir/prog.initial.elf"
	session "$arch" initial "$image" "$dir/initial.manifest" "$dir/prog.initial.elf"

	if ! "$tool" "$arch" "$image" --move >"$dir/moved.manifest" 2>"$dir/moved.err"; then
		fail_lines "$arch moved: update the image" "$(cat "$dir/moved.err")" \
			"reproduce: $tool $arch $image && $tool $arch $image --move"
		continue
	fi
	# inner moved, and nothing else did.
	bad=()
	for sym in inner middle outer _start; do
		old=$(sym_addr "$dir/prog.initial.elf" "$sym")
		new=$(sym_addr "$image" "$sym")
		if [ "$sym" = inner ] && [ "$old" = "$new" ]; then
			bad+=("inner: expected a new address, got the old one 0x$old")
		elif [ "$sym" != inner ] && [ "$old" != "$new" ]; then
			bad+=("$sym: expected 0x$old (unchanged), got 0x$new")
		fi
	done
	if [ "${#bad[@]}" -eq 0 ]; then
		pass "$arch moved: inner moved from 0x$(sym_addr "$dir/prog.initial.elf" inner) to 0x$(sym_addr "$image" inner), nothing else did"
	else
		fail_lines "$arch moved: only inner moved" "${bad[@]}"
	fi
	session "$arch" moved "$image" "$dir/moved.manifest" "$image"
done

echo "gdbtest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
