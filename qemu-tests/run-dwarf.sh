#!/usr/bin/env bash
# run-dwarf.sh: the debug information of solder's images is as good as GNU ld's. It runs
# after qemu-tests/run-corpus.sh, on the two images that left for every program and
# architecture ($B/corpus/ARCH/PROG/ref.elf from GNU ld, solder.elf from solder, both
# linked from the same GCC -g objects), and compares what the tools make of them:
#
#   1. dwarfdump -ka (Debian's dwarfdump package): for each of its checks, no more errors
#      for solder.elf than for ref.elf, whose DWARF already fails some (.debug_line
#      end_sequence rows that do not meet a function's high_pc, for example).
#      llvm-dwarfdump --verify likewise, for .debug_line only: LLVM 14 takes minutes to
#      verify .debug_info on these images (GNU ld's too; the libc stub's DWARF).
#   2. every code address in the DWARF (line rows, CFA rows, FDE ranges, DIE pcs, address
#      ranges, location lists) that lies in a function must be where an instruction
#      starts in that image (objdump's view): relaxation that deleted bytes without
#      moving the debug addresses past them shows here, however each linker relaxed.
#   3. gdb-multiarch, in batch mode without running anything: a breakpoint on every line
#      of the program's own sources (not the libc stub's), with all its locations; for
#      every function of those files info line, info scope, list and info address; for
#      every variable info address, ptype and print; for every line with one location
#      info line FILE:L and info scope FILE:L; and the files' info functions / info
#      variables listings.
#   4. the decoded line table (readelf -wL) and the call frame information (readelf -wF,
#      .debug_frame or .eh_frame) of the whole image, the libc stub's units included;
#      units and FDEs are compared as sets (archive members may come in another order).
#
# The two images have different layouts, and RISC-V relaxation may delete different
# bytes in each, so addresses are compared as places: qemu-tests/dwarf/mask.awk turns
# each one into SYMBOL+OFFSET. The offset is kept when the symbol has the same size and
# the same instructions (lengths and mnemonics) in both images: then an offset names the
# same instruction in both. Otherwise it becomes OFF. So a line that maps into the wrong
# function, a row, location or scope one image lacks, or a wrong offset shows up.
#
# Output: PASS dwarf/ARCH/PROG, or FAIL with each difference (- GNU ld, + solder) and the
# commands that reproduce it; SKIP when solder's link of the program failed in
# run-corpus.sh. Work files are in $B/dwarf/ARCH/PROG/. Exit status 2 when the images
# or the tools are missing, 1 when a program fails.
#
#   B=build qemu-tests/run-corpus.sh && B=build qemu-tests/run-dwarf.sh
#   ARCHES="riscv64 riscv32" PROGS="align far_call norelax" qemu-tests/run-dwarf.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

B=${B:-build}
ARCHES=${ARCHES:-riscv64 riscv32 x86_64 i386}
PROGS=${PROGS:-}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
CORPUS=qemu-tests/corpus
IMAGES=$B/corpus
OUT=$B/dwarf
MASK=qemu-tests/dwarf/mask.awk

missing=()
for tool in gdb-multiarch dwarfdump llvm-dwarfdump readelf objdump riscv64-unknown-elf-objdump awk diff; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -ne 0 ]; then
	echo "run-dwarf: not found: ${missing[*]}; run 'make deps' (dwarfdump is Debian's dwarfdump package)" >&2
	exit 2
fi
found=0
for arch in $ARCHES; do
	for elf in "$IMAGES/$arch"/*/ref.elf; do
		[ -f "$elf" ] && found=1
	done
done
if [ "$found" = 0 ]; then
	echo "run-dwarf: no images in $IMAGES: run 'B=$B qemu-tests/run-corpus.sh' first" >&2
	exit 2
fi

# Each input line on a line of its own, indented under a problem (for $(...)).
indent() {
	local line
	while IFS= read -r line; do
		printf '\n      %s' "$line"
	done
}

# The symbols of image $1 with an address: "ADDR SIZE TYPE NAME" sorted by address
# (not thread-local ones: their values are offsets in the TLS block).
symbols() {
	readelf -sW "$1" 2>/dev/null | awk '
		$1 ~ /^[0-9]+:$/ && NF >= 8 && $7 ~ /^[0-9]+$/ && $4 ~ /^(FUNC|OBJECT|NOTYPE)$/ && $8 !~ /^[$.]/ {
			print $2, $3, $4, $8
		}' | LC_ALL=C sort
}

# The allocated sections of image $1: "ADDR SIZE NAME".
sections() {
	readelf -SW "$1" 2>/dev/null | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk '$7 ~ /A/ && $3 !~ /^0+$/ { print $3, $5, $1 }'
}

# Each function's code as "NAME SIGNATURE": the length and mnemonic of each instruction
# within its size ($3: the image's symbols), so that two copies of a function compare
# equal when the linkers relaxed it alike; the padding after it does not count.
code_signatures() {
	local objdump=objdump
	case $2 in riscv*) objdump=riscv64-unknown-elf-objdump ;; esac
	"$objdump" -d "$1" 2>/dev/null | awk -F '\t' -v syms="$3" '
		function key(a) { a = tolower(a); sub(/^0+/, "", a); return a }
		BEGIN {
			while ((getline line < syms) > 0) {
				split(line, f, " ")
				if (f[2] !~ /^0x/ && f[2] > 0)
					size[key(f[1])] = f[2] + 0
			}
		}
		function flush() { if (fn != "") print fn, sig; fn = "" }
		/^[0-9a-f]+ <[^>]*>:$/ {
			flush(); fn = $0; sub(/^[^<]*</, "", fn); sub(/>:$/, "", fn); sig = ""
			a = $0; sub(/ .*/, "", a); left = (key(a) in size) ? size[key(a)] : -1
			next
		}
		fn != "" && /^ *[0-9a-f]+:/ && NF >= 2 && left != 0 {
			b = $2; gsub(/[^0-9a-f]/, "", b)
			m = NF >= 3 ? $3 : ""; sub(/ .*/, "", m)
			sig = sig " " length(b) / 2 m
			if (left > 0)
				left = left > length(b) / 2 ? left - length(b) / 2 : 0
		}
		END { flush() }' | LC_ALL=C sort
}

# The code addresses in image $1's DWARF (line rows, CFA rows and FDE ranges, DIE pcs,
# address ranges and location lists) that are not where an instruction starts: one a
# line, "WHAT ADDRESS". Only addresses inside functions count ($3: the image's symbols),
# since objdump loses step in the zero bytes solder pads code with. A function's end is
# fine, and so is a call's end minus 1 (where GCC ends some location ranges). Relaxation
# that deleted bytes without moving the debug addresses past them shows here, even where
# the two linkers relaxed a function differently.
misplaced() {
	local objdump=objdump
	case $2 in riscv*) objdump=riscv64-unknown-elf-objdump ;; esac
	{
		"$objdump" -d "$1" 2>/dev/null | awk -F '\t' '/^ *[0-9a-f]+:\t/ { a = $1; sub(/^ */, "", a); sub(/:$/, "", a); print "insn", a }'
		awk '$3 == "FUNC" { print "function", $1, $2 }' "$3"
		echo dwarf
		llvm-dwarfdump --debug-info --debug-line --debug-frame "$1" 2>/dev/null
	} | awk '
		function hexval(s,    i, v, c) {
			v = 0; s = tolower(s); sub(/^0x/, "", s)
			for (i = 1; i <= length(s); i++) {
				c = index("0123456789abcdef", substr(s, i, 1))
				if (c == 0) break
				v = v * 16 + c - 1
			}
			return v
		}
		function code(a,    i) {
			for (i = 1; i <= nfn; i++)
				if (a >= flo[i] && a <= fhi[i]) return 1
			return 0
		}
		function check(what, tok,    a) {
			a = hexval(tok)
			if (code(a) && !(a in insn) && !((a + 1) in insn))
				bad[++nbad] = what " " tok
		}
		# GNU as writes the DW_AT_high_pc of a .S unit as a constant: the size before
		# relaxation, for GNU ld as for solder. Its units are left out.
		function unit_end(    i) {
			if (!from_as)
				for (i = 1; i <= nbad; i++) print bad[i]
			nbad = 0; from_as = 0
		}
		dwarf && (/ Compile Unit: / || /^debug_line\[/ || /^\.(debug|eh)_frame contents:/) { unit_end() }
		dwarf && /DW_AT_producer.*"GNU AS / { from_as = 1 }
		END { unit_end() }
		!dwarf && $1 == "insn" { insn[hexval($2)]; next }
		!dwarf && $1 == "function" {
			n = $3 ~ /^0x/ ? hexval($3) : $3 + 0
			if (n > 0) { nfn++; flo[nfn] = hexval($2); fhi[nfn] = flo[nfn] + n; insn[fhi[nfn]] }
			next
		}
		!dwarf && $1 == "dwarf" { dwarf = 1; next }
		!dwarf { next }
		/^0x[0-9a-f]+ +[0-9]+ / { check("line-row", $1); next }
		/^ +0x[0-9a-f]+: CFA=/ { t = $1; sub(/:$/, "", t); check("cfa-row", t); next }
		/ FDE .* pc=/ {
			t = $0; sub(/.* pc=/, "", t); split(t, r, /\.\.\./)
			check("fde-begin", r[1]); check("fde-end", r[2]); next
		}
		/DW_AT_(low_pc|high_pc|call_return_pc|call_pc|entry_pc)/ && match($0, /\(0x[0-9a-f]+\)/) {
			t = $0; sub(/^ *DW_AT_/, "", t); sub(/[ \t].*/, "", t)
			check(t, substr($0, RSTART + 1, RLENGTH - 2)); next
		}
		match($0, /\[0x[0-9a-f]+, 0x[0-9a-f]+\)/) {
			t = substr($0, RSTART + 1, RLENGTH - 2); split(t, r, /, /)
			check("range-begin", r[1]); check("range-end", r[2])
		}'
}

# Sorts blank-line separated paragraphs, so that units and FDEs compare as sets.
paragraph_sort() {
	awk 'BEGIN { RS = ""; ORS = "\n\n" } { gsub(/\n/, "\001"); print }' | LC_ALL=C sort | tr '\001' '\n'
}

# Addresses of an image as places ($1: its work file prefix, $2: the stable names).
masked() {
	awk -v syms="$1.syms" -v sections="$1.sections" -v stable="$2" -f "$MASK"
}

# The decoded line table of image $1, masked ($2, $3: as for masked); end_sequence rows
# name the end of a function.
line_table() {
	readelf -wL "$1" 2>/dev/null | awk '
		# rows at the address of their sequence'"'"'s end (GCC puts one there) are ends too
		function flush(end,    i, f) {
			for (i = 1; i <= n; i++) {
				split(row[i], f, " ")
				if (end != "" && f[3] == end)
					sub(/ 0x/, " end:0x", row[i])
				print row[i]
			}
			n = 0
		}
		$2 == "-" && $3 ~ /^0x/ { flush($3); sub(/ 0x/, " end:0x"); print; next }
		$3 ~ /^0x/ { row[++n] = $0; next }
		{ flush(""); print }
		END { flush("") }' |
		masked "$2" "$3" | paragraph_sort
}

# Every FDE of image $1 with its CIE's contents and its rows, masked and sorted.
frame_table() {
	readelf -wF "$1" 2>/dev/null |
		sed -E -e '/ (CIE|FDE) /!s/^([0-9a-f]{8,16}) /0x\1 /' \
			-e 's/ pc=([0-9a-f]+)\.\.([0-9a-f]+)/ pc=0x\1..end:0x\2/' |
		masked "$2" "$3" |
		awk '
			function flush() { if (rec != "") print rec "\n"; rec = "" }
			{ gsub(/ +/, " "); sub(/ $/, "") }
			/ CIE / { flush(); mode = "cie"; off = $1; sub(/^.* CIE /, "CIE "); cie[off] = $0; next }
			/ FDE / {
				flush(); mode = "fde"
				c = $0; sub(/.* cie=/, "", c); sub(/ .*/, "", c)
				pc = $0; sub(/.* pc=/, "pc=", pc)
				rec = "FDE " pc "\n  " cie[c]
				next
			}
			/^$/ || /^Contents of/ { next }
			mode == "cie" { cie[off] = cie[off] " | " $0; next }
			mode == "fde" { rec = rec "\n  " $0 }
			END { flush() }' | paragraph_sort
}

# dwarfdump -ka's error count for each check of image $1: "CHECK ERRORS" lines.
dwarfdump_counts() {
	dwarfdump -ka "$1" 2>&1 | awk '
		/^DWARF CHECK RESULT/ { on = 1; next }
		on && NF >= 3 && $(NF) ~ /^[0-9]+$/ && $(NF - 1) ~ /^[0-9]+$/ {
			name = $0; sub(/ +[0-9]+ +[0-9]+$/, "", name); gsub(/ /, "_", name)
			print name, $(NF)
		}'
}

# dwarfdump -ka's problem messages for image $1, masked, without the offsets of frame
# entries, each once.
dwarfdump_problems() {
	dwarfdump -ka "$1" 2>&1 | grep '\*\*\* DWARF CHECK:' |
		sed -E -e 's/(Address |high function addr: +)(0x[0-9a-fA-F]+)/\1end:\2/g' \
			-e 's/ in (cie|fde), offset 0x[0-9a-fA-F]+/ in \1/' |
		masked "$2" "$3" | LC_ALL=C sort -u
}

# The sections of gdb's "info functions" or "info variables" output ($2) for the
# program's files (paths matching the extended regex $1).
program_sections() {
	awk -v re="^File ($1):\$" '
		/^File / { on = ($0 ~ re) }
		/^Non-debugging symbols:/ { on = 0 }
		on' "$2"
}

# The names declared in such sections: "FILE NAME" lines. Functions: the first identifier
# right before a "(" (not "int" in "int (*f(void))(int)"); variables: the first one
# right before "[", ";" or ")".
declared() {
	awk -v kind="$1" '
		/^File / { file = $2; sub(/:$/, "", file); next }
		/^[0-9]*:?\t/ {
			d = $0; sub(/^[0-9]*:?\t/, "", d)
			re = kind == "functions" ? "[A-Za-z_][A-Za-z0-9_]*\\(" : "[A-Za-z_][A-Za-z0-9_]*[[;)]"
			if (match(d, re)) {
				n = substr(d, RSTART, RLENGTH - 1)
				print file, n
			}
		}' "$2" | LC_ALL=C sort -u
}

# Whether NAME ($1) is declared once in gdb's info $2 of GNU ld's image ($work/ref.$2,
# every file, the libc stub's too):
# gdb may find either of two functions "who" (a weak one and its override), in an order
# that depends on the layout, so info address and print are for unique names only.
unique() {
	[ "$(awk -v n="$1" '/^[0-9]*:?\t/ && index($0, n) { d = $0; sub(/^[0-9]*:?\t/, "", d)
		if (match(d, "(^|[^A-Za-z0-9_])" n "[^A-Za-z0-9_]")) c++ } END { print c + 0 }' "$work/ref.$2")" = 1 ]
}

# info breakpoints with the locations of each breakpoint sorted and unnumbered.
breakpoint_table() {
	awk '
		function flush(    i, j, t) {
			for (i = 2; i <= nloc; i++)
				for (j = i; j > 1 && loc[j - 1] > loc[j]; j--) { t = loc[j]; loc[j] = loc[j - 1]; loc[j - 1] = t }
			for (i = 1; i <= nloc; i++)
				print "    " loc[i]
			nloc = 0
		}
		/^[0-9]+\.[0-9]+ / { $1 = ""; sub(/^ +/, ""); loc[++nloc] = $0; next }
		{ flush(); print }
		END { flush() }'
}

# Writes a script ($1) that asks image $2 (or its argument) the gdb questions $3...
script() {
	local file=$1 image=$2
	shift 2
	{
		printf '# gdb questions of qemu-tests/run-dwarf.sh. To mask the addresses as it does:\n'
		printf '#   | awk -v syms=%q -v sections=%q -v stable=%q -f %q\n' \
			"${file%/*}/ref.syms" "${file%/*}/ref.sections" "${file%/*}/stable" "$MASK"
		printf 'gdb-multiarch -nx -batch'
		printf ' %q' "$@"
		printf ' "$%s"\n' "{1:-$image}"
	} >"$file"
}

# Compares expected ($2, GNU ld) and got ($3, solder) under a heading ($1): adds a problem.
compare() {
	local what=$1 want=$2 got=$3
	if ! cmp -s "$want" "$got"; then
		problems+=("$what differs (- GNU ld, + solder):$(diff -U1 "$want" "$got" | tail -n +3 | head -n 40 | indent)")
	fi
}

# One program on one architecture: prints PASS, FAIL or SKIP.
check_program() {
	local arch=$1 prog=$2
	local dir=$IMAGES/$arch/$prog tag="dwarf/$arch/$prog"
	local ref=$dir/ref.elf sol=$dir/solder.elf
	[ -f "$ref" ] || return 0 # not built for this architecture (corpus-arches)
	if [ ! -f "$sol" ]; then
		echo "SKIP $tag: no solder.elf (solder's link failed in run-corpus.sh)"
		return 0
	fi
	local work=$OUT/$arch/$prog
	rm -rf "$work"
	mkdir -p "$work"
	problems=()

	# Symbols both images define. Names with the same size(s) and code in both are stable.
	local which
	for which in ref solder; do
		symbols "$dir/$which.elf" >"$work/$which.all"
		sections "$dir/$which.elf" >"$work/$which.sections"
		awk '{ print $4 }' "$work/$which.all" | LC_ALL=C sort -u >"$work/$which.names"
	done
	LC_ALL=C comm -12 "$work/ref.names" "$work/solder.names" >"$work/names"
	for which in ref solder; do
		awk 'NR == FNR { both[$1]; next } $4 in both' "$work/names" "$work/$which.all" >"$work/$which.syms"
		{
			awk '{ print $4, $2 }' "$work/$which.syms"
			code_signatures "$dir/$which.elf" "$arch" "$work/$which.syms"
		} | LC_ALL=C sort >"$work/$which.shapes"
	done
	LC_ALL=C comm -3 "$work/ref.shapes" "$work/solder.shapes" | awk '{ print $1 }' | LC_ALL=C sort -u >"$work/unstable"
	LC_ALL=C comm -23 "$work/names" "$work/unstable" >"$work/stable"

	# 1. dwarfdump -ka and llvm-dwarfdump --verify --debug-line
	for which in ref solder; do
		dwarfdump_counts "$dir/$which.elf" >"$work/$which.dwarfdump"
		dwarfdump_problems "$dir/$which.elf" "$work/$which" "$work/stable" >"$work/$which.dwarfdump.msgs"
		llvm-dwarfdump --verify --debug-line "$dir/$which.elf" 2>&1 | grep -i 'error:' | masked "$work/$which" "$work/stable" >"$work/$which.verify"
	done
	local worse
	# harmless_errors (libdwarf's DW_DLE_ messages) counts each CIE and FDE whose length is
	# not a multiple of the address size, as GCC's objects have them: solder keeps the
	# copies of a CIE that GNU ld merges, so it has more of the same. These compare as
	# sets of messages; the other checks by count (their messages name layout-dependent
	# places: which function a CU's last line-table row meets).
	worse=$(awk 'NR == FNR { ref[$1] = $2; next }
		$1 != "harmless_errors" && $1 != "**_Summarize_**" && $2 > ref[$1] + 0 {
			print $1 ": " ref[$1] + 0 " errors for GNU ld, " $2 " for solder"
		}' "$work/ref.dwarfdump" "$work/solder.dwarfdump")
	# DEBUG_FRAME_LENGTH_NOT_MULTIPLE is left out of the set comparison: GNU ld grows
	# some .eh_frame records' lengths to a multiple of 8 when it rewrites the section,
	# solder keeps them as the compiler wrote them (the psABI asks only for 4-byte
	# alignment), so which records draw this warning depends on the layout. The
	# records themselves are still compared: readelf -wF below, and gdb's unwinding.
	worse+=$(LC_ALL=C comm -13 "$work/ref.dwarfdump.msgs" "$work/solder.dwarfdump.msgs" | grep DW_DLE_ |
		grep -v DW_DLE_DEBUG_FRAME_LENGTH_NOT_MULTIPLE | head -n 20)
	if [ ! -s "$work/solder.dwarfdump" ]; then
		problems+=("dwarfdump -ka printed no check summary for solder.elf:$(dwarfdump -ka "$sol" 2>&1 | tail -n 5 | indent)")
	elif [ -n "$worse" ]; then
		problems+=("dwarfdump -ka finds more problems in solder.elf (counts, or messages GNU ld's image has not):$(indent <<<"$worse")")
	fi
	if [ "$(wc -l <"$work/solder.verify")" -gt "$(wc -l <"$work/ref.verify")" ]; then
		problems+=("llvm-dwarfdump --verify --debug-line finds more errors in solder.elf:$(head -n 20 "$work/solder.verify" | indent)")
	fi

	# 2. Debug addresses inside code that are no instruction's start (whole images).
	for which in ref solder; do
		misplaced "$dir/$which.elf" "$arch" "$work/$which.all" >"$work/$which.misplaced"
	done
	if [ "$(wc -l <"$work/solder.misplaced")" -gt "$(wc -l <"$work/ref.misplaced")" ]; then
		problems+=("solder.elf has debug addresses between instructions ($(wc -l <"$work/solder.misplaced"); GNU ld's image has $(wc -l <"$work/ref.misplaced")):$(
			masked "$work/solder" "$work/stable" <"$work/solder.misplaced" | head -n 20 | indent)")
	fi

	# 3. gdb. The program's own source files, as the compiler named them.
	local srcs=() src file_re
	if [ -d "$CORPUS/$prog" ]; then
		for src in "$CORPUS/$prog"/*.c "$CORPUS/$prog"/*.S; do
			[ -e "$src" ] && srcs+=("$src")
		done
		file_re="$CORPUS/$prog/[^ ]*"
	else
		srcs=("$CORPUS/$prog.c")
		file_re="$CORPUS/$prog\\.c"
	fi
	# gdb's listings of functions and variables, then a breakpoint on every line of the
	# program's sources: all the places of each line.
	local ex=(-ex 'set pagination off' -ex 'set width 0' -ex 'info functions' -ex 'info variables') n line
	for src in "${srcs[@]}"; do
		n=$(wc -l <"$src")
		for ((line = 1; line <= n; line++)); do
			ex+=(-ex "echo === $src:$line\\n" -ex "break $src:$line")
		done
	done
	ex+=(-ex 'echo === info breakpoints\n' -ex 'info breakpoints')
	for which in ref solder; do
		gdb-multiarch -nx -batch "${ex[@]}" "$dir/$which.elf" >"$work/$which.break.raw" 2>&1
		sed -n '/^All defined functions:/,/^All defined variables:/p' "$work/$which.break.raw" >"$work/$which.functions"
		sed -n '/^All defined variables:/,/^=== /{/^=== /!p}' "$work/$which.break.raw" >"$work/$which.variables"
		program_sections "$file_re" "$work/$which.functions" >"$work/$which.functions.own"
		program_sections "$file_re" "$work/$which.variables" >"$work/$which.variables.own"
		sed '1,/^=== info breakpoints$/d' "$work/$which.break.raw" | masked "$work/$which" "$work/stable" |
			breakpoint_table >"$work/$which.breaks"
	done
	script "$work/breaks.sh" "$ref" "${ex[@]}"
	compare "gdb 'info functions' (the program's files)" "$work/ref.functions.own" "$work/solder.functions.own"
	compare "gdb 'info variables' (the program's files)" "$work/ref.variables.own" "$work/solder.variables.own"
	compare "gdb's breakpoint on each line (info breakpoints)" "$work/ref.breaks" "$work/solder.breaks"

	# The questions, from GNU ld's image (what solder's must answer the same way). info
	# line and info scope show one place of a line: only for lines that have one, since
	# gdb picks the lowest address and the images may order the places differently.
	local file name multi=" "
	multi+=$(awk '/^=== / { at = $2 } /^Breakpoint [0-9]+ at .*locations\)$/ { printf "%s ", at }' "$work/ref.break.raw")
	ex=(-ex 'set pagination off' -ex 'set width 0' -ex 'set print elements 64')
	while read -r file name; do
		ex+=(-ex "echo === $file:$name\\n" -ex "info line $file:$name" -ex "info scope $file:$name"
			-ex "list $file:$name")
		unique "$name" functions && ex+=(-ex "info address $name")
	done < <(declared functions "$work/ref.functions.own")
	while read -r file name; do
		unique "$name" variables || continue
		ex+=(-ex "echo === $file:$name\\n" -ex "info address $name" -ex "ptype $name"
			-ex "with output-radix 16 -- print $name")
	done < <(declared variables "$work/ref.variables.own")
	for src in "${srcs[@]}"; do
		n=$(wc -l <"$src")
		for ((line = 1; line <= n; line++)); do
			[[ $multi == *" $src:$line "* ]] && continue
			ex+=(-ex "echo === $src:$line\\n" -ex "info line $src:$line" -ex "info scope $src:$line")
		done
	done
	for which in ref solder; do
		gdb-multiarch -nx -batch "${ex[@]}" "$dir/$which.elf" 2>&1 |
			sed -E -e 's/ends at 0x/ends at end:0x/' -e 's/(0x[0-9a-fA-F]+)-0x/\1-end:0x/g' \
				-e "s|\`$dir/$which.elf'|IMAGE|g" |
			masked "$work/$which" "$work/stable" >"$work/$which.gdb"
	done
	script "$work/gdb.sh" "$ref" "${ex[@]}"
	compare "gdb's answers" "$work/ref.gdb" "$work/solder.gdb"

	# 4. line table and call frame information, whole images.
	for which in ref solder; do
		line_table "$dir/$which.elf" "$work/$which" "$work/stable" >"$work/$which.lines"
		frame_table "$dir/$which.elf" "$work/$which" "$work/stable" >"$work/$which.frames"
	done
	compare "decoded line table (readelf -wL)" "$work/ref.lines" "$work/solder.lines"
	compare "call frame information (readelf -wF)" "$work/ref.frames" "$work/solder.frames"

	if [ ${#problems[@]} -eq 0 ]; then
		echo "PASS $tag"
		return 0
	fi
	echo "FAIL $tag"
	local p
	for p in "${problems[@]}"; do
		printf '    %s\n' "$p"
	done
	printf '    images:  %s %s\n' "$ref" "$sol"
	printf '    gdb:     bash %s [IMAGE]; bash %s [IMAGE]\n' "$work/gdb.sh" "$work/breaks.sh"
	printf '    files:   %s/{ref,solder}.{gdb,breaks,lines,frames,dwarfdump.msgs}\n' "$work"
	printf '    again:   B=%s ARCHES=%s PROGS=%s qemu-tests/run-dwarf.sh\n' "$B" "$arch" "$prog"
}

# The programs: those run-corpus.sh built.
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
	for prog in "${programs[@]}"; do
		check_program "$arch" "$prog"
	done
}

start=$SECONDS
mkdir -p "$OUT"
running=0
for arch in $ARCHES; do
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
echo "dwarf: $passed passed, $failed failed, $skipped skipped ($((SECONDS - start)) s)"
[ "$failed" -eq 0 ]
