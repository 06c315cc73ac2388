# lib.sh: what the end-to-end scripts share (sourced, not run): the PASS/FAIL lines and
# their counts. A failure says what was expected, what came instead, and the command
# that reproduces it.
#
#   . qemu-tests/lib.sh
#   pass "NAME"
#   fail "NAME" "EXPECTED" "GOT" "COMMAND"
#   fail_lines "NAME" "LINE" ...      a failure told in lines of its own
#   ... [ "$failed" -eq 0 ]

passed=0
failed=0

pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL $1"
	echo "    expected: $2"
	echo "    got:      $3"
	echo "    reproduce: $4"
	failed=$((failed + 1))
}

fail_lines() {
	echo "FAIL $1"
	shift
	local l
	for l in "$@"; do
		printf '    %s\n' "$l"
	done
	failed=$((failed + 1))
}
