# board.sh: reading a board, shared by solder-cc and solder-run (sourced, not run).
#
# A board is boards/NAME/board.conf, or for a variant NAME/VARIANT, board.conf followed
# by VARIANT.conf, whose fields override it (boards/README.md lists the fields).
#
# Callers set TOOL (their name, for messages) and SOLDER_ROOT (the source tree) first.

SOLDER_BOARDS=${SOLDER_BOARDS:-$SOLDER_ROOT/boards}

die() {
	echo "$TOOL: error: $*" >&2
	exit 2
}

# The known boards and variants, one per line, sorted.
list_boards() {
	local conf dir name v
	for conf in "$SOLDER_BOARDS"/*/board.conf; do
		[ -e "$conf" ] || continue
		dir=$(dirname "$conf")
		name=$(basename "$dir")
		echo "$name"
		for v in "$dir"/*.conf; do
			[ "$(basename "$v")" = board.conf ] && continue
			echo "$name/$(basename "$v" .conf)"
		done
	done | sort
}

# Reads board NAME's fields into the BOARD_* variables and sets BOARD (the name) and
# BOARD_DIR (its folder). An unknown name is an error that lists the known ones.
load_board() {
	local name=$1 base variant=
	base=${name%%/*}
	[ "$base" != "$name" ] && variant=${name#*/}
	if [ -z "$base" ] || [ ! -f "$SOLDER_BOARDS/$base/board.conf" ] ||
		{ [ -n "$variant" ] && [ ! -f "$SOLDER_BOARDS/$base/$variant.conf" ]; } ||
		[[ "$name" == *..* ]]; then
		die "unknown board '$name'; the boards are: $(list_boards | tr '\n' ' ' | sed 's/ $//')"
	fi
	BOARD_LDFLAGS= BOARD_GNU_LDFLAGS= BOARD_EXIT=status
	# shellcheck source=/dev/null
	. "$SOLDER_BOARDS/$base/board.conf"
	if [ -n "$variant" ]; then
		# shellcheck source=/dev/null
		. "$SOLDER_BOARDS/$base/$variant.conf"
	fi
	BOARD=$name
	BOARD_DIR=$SOLDER_BOARDS/$base
	local f
	for f in BOARD_ARCH BOARD_MODE BOARD_CC BOARD_NEWLIB BOARD_SOURCES BOARD_SCRIPT BOARD_QEMU BOARD_GDB_ARCH; do
		[ -n "${!f:-}" ] || die "board '$name': $f is not set in $BOARD_DIR/board.conf"
	done
}
