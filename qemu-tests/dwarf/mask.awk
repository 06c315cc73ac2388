# mask.awk: rewrites every 0x address in a debugger's or dumper's output as a place that
# both linkers' images share, so that the output of one image can be compared with the
# other's (used by qemu-tests/run-dwarf.sh).
#
#   awk -v syms=FILE -v sections=FILE -v stable=FILE -f mask.awk [input...]
#
# syms holds the image's symbols, "ADDR SIZE TYPE NAME" a line (as readelf prints them:
# the address in hex without 0x, the size in decimal or 0x hex), only names that both images define; sections its allocated
# sections, "ADDR SIZE NAME". stable holds the names whose code (or size) is the same in
# both images: inside those an offset means the same instruction in both, so it is kept;
# inside the others (RISC-V relaxation deleted different bytes) it becomes OFF.
#   0x10244 inside f2 (stable)           -> f2+0x4
#   0x10244 inside main (not stable)     -> main+OFF
#   0x12010 in .rodata, in no symbol     -> .rodata+OFF (merged strings, say)
# An end address (one past the last byte) is written "end:0x10240" in the input: it
# becomes f1+END when a symbol ends there, not f2+0x0 for the symbol that starts there.
# A function without a size (an assembler label) reaches to the next symbol or the end of
# its section. Numbers outside every section stay as they are (sizes, offsets, small
# constants). gdb's own "<name+N>" after an address is dropped: the address says it.

function hexval(s,    i, v, c) {
	v = 0
	s = tolower(s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1))
		if (c == 0)
			break
		v = v * 16 + c - 1
	}
	return v
}

function hexstr(v,    s, d) {
	if (v == 0)
		return "0x0"
	s = ""
	while (v > 0) {
		d = v % 16
		s = substr("0123456789abcdef", d + 1, 1) s
		v = (v - d) / 16
	}
	return "0x" s
}

# The section holding address a (0 if none).
function section_of(a,    i) {
	for (i = 1; i <= nsec; i++)
		if (a >= sstart[i] && a < sstart[i] + ssize[i])
			return i
	return 0
}

# The innermost symbol holding address a (0 if none).
function symbol_of(a,    i, best) {
	best = 0
	for (i = 1; i <= nsym && start[i] <= a; i++)
		if (a < start[i] + span[i] && (best == 0 || start[i] >= start[best]))
			best = i
	return best
}

function offset(i, off) {
	if (name[i] in keep)
		return name[i] "+" hexstr(off)
	return name[i] "+OFF"
}

function place(a, hex, is_end,    i, s) {
	if (is_end) {
		for (i = 1; i <= nsym && start[i] < a; i++)
			if (size[i] > 0 && start[i] + size[i] == a)
				return name[i] "+END"
		i = a > 0 ? symbol_of(a - 1) : 0
		if (i != 0)
			return offset(i, a - start[i])
		s = a > 0 ? section_of(a - 1) : 0
		if (s != 0)
			return sname[s] "+OFF"
		return hex
	}
	i = symbol_of(a)
	if (i != 0)
		return offset(i, a - start[i])
	s = section_of(a)
	if (s != 0)
		return sname[s] "+OFF"
	return hex
}

BEGIN {
	nsym = 0
	while ((getline line < syms) > 0) {
		split(line, f, " ")
		nsym++
		start[nsym] = hexval(f[1])
		size[nsym] = f[2] ~ /^0x/ ? hexval(substr(f[2], 3)) : f[2] + 0
		type[nsym] = f[3]
		name[nsym] = f[4]
	}
	close(syms)
	nsec = 0
	while ((getline line < sections) > 0) {
		split(line, f, " ")
		nsec++
		sstart[nsec] = hexval(f[1])
		ssize[nsec] = hexval(f[2])
		sname[nsec] = f[3]
	}
	close(sections)
	# sorted by address (the input is; make sure with an insertion sort)
	for (i = 2; i <= nsym; i++) {
		for (j = i; j > 1 && start[j - 1] > start[j]; j--) {
			t = start[j]; start[j] = start[j - 1]; start[j - 1] = t
			t = size[j]; size[j] = size[j - 1]; size[j - 1] = t
			t = type[j]; type[j] = type[j - 1]; type[j - 1] = t
			t = name[j]; name[j] = name[j - 1]; name[j - 1] = t
		}
	}
	# what a symbol covers: its size, or for a function label up to the next symbol
	for (i = 1; i <= nsym; i++) {
		span[i] = size[i]
		if (size[i] > 0 || type[i] != "FUNC")
			continue
		s = section_of(start[i])
		lim = s ? sstart[s] + ssize[s] : start[i]
		for (j = i + 1; j <= nsym; j++)
			if (start[j] > start[i]) {
				if (start[j] < lim)
					lim = start[j]
				break
			}
		span[i] = lim - start[i]
	}
	while ((getline line < stable) > 0)
		keep[line] = 1
	close(stable)
}

{
	out = ""
	rest = $0
	# gdb names the image in some answers (thread-local storage "for `.../ref.elf'")
	gsub(/[^ `']*\/(ref|solder)\.elf/, "IMAGE", rest)
	while (match(rest, /(end:)?0x[0-9a-fA-F]+( <[^>]*>)?/)) {
		tok = substr(rest, RSTART, RLENGTH)
		sub(/ <.*/, "", tok)
		is_end = sub(/^end:/, "", tok)
		out = out substr(rest, 1, RSTART - 1) place(hexval(substr(tok, 3)), tok, is_end)
		rest = substr(rest, RSTART + RLENGTH)
	}
	print out rest
}
