#!/usr/bin/env bash
# deps.sh: makes sure the Debian packages solder builds and tests with are installed
# (run by `make deps`, which `make test` and `make demo` depend on).
#
# When everything is present it costs one dpkg-query call. When something is missing it
# installs it as root, or, for anyone else, prints the command to run and fails: the
# build never half-works on a machine that lacks a tool.
set -euo pipefail

# The one list of what the project needs. Later issues add their packages here.
PACKAGES=(
	# host compiler side: binutils' ld/readelf/nm, libelf and CUnit for the unit tests
	binutils
	libelf-dev
	libcunit1-dev
	# cross tools: GNU ld and GCC are the reference the tests compare solder against
	binutils-riscv64-unknown-elf
	gcc-riscv64-unknown-elf
	# running images: user mode (qemu-riscv64, ...) and system mode (virt, pc)
	qemu-user
	qemu-system-misc
	qemu-system-x86
	# debugging and checking DWARF: gdb over QEMU's gdbstub, llvm-dwarfdump, dwarfdump
	gdb-multiarch
	llvm
	dwarfdump
	# i386 builds: gcc -m32's libgcc.a and crt files
	gcc-multilib
	# newlib's source, built for each board by toolchain/newlib.sh
	newlib-source
	# linker-script tests: picolibc's picolibc.ld is one of the scripts compared with GNU ld
	picolibc-riscv64-unknown-elf
	# benchmark peers (make bench): lld and mold link the same inputs
	lld
	mold
)

# Prints the packages of PACKAGES that are not installed, one per line.
missing_packages() {
	local installed
	if ! command -v dpkg-query >/dev/null 2>&1; then
		printf '%s\n' "${PACKAGES[@]}"
		return
	fi
	# Unknown packages only complain on stderr (and make dpkg-query exit 1); the ones it
	# knows get a line each, with db:Status-Status "installed" when they are.
	installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null |
		awk '$2 == "installed" { print $1 }' || true)
	local p
	for p in "${PACKAGES[@]}"; do
		if ! grep -qxF "$p" <<<"$installed"; then
			echo "$p"
		fi
	done
}

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages: ${missing[*]}; this script installs them only on Debian (apt-get)" >&2
	exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
	echo "deps.sh: install them with:" >&2
	echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
install() {
	apt-get install -y --no-install-recommends "${missing[@]}"
}
# Package lists are fetched only when there are none yet, or when they are too old to
# know a package (the install fails): updating costs time on every other run.
if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
	apt-get update
fi
if ! install; then
	apt-get update
	install
fi

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -ne 0 ]; then
	echo "deps.sh: still missing after apt-get install: ${missing[*]}" >&2
	exit 1
fi
