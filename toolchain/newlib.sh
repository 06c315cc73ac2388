#!/usr/bin/env bash
# newlib.sh: builds newlib (Debian's newlib-source tarball) for the boards' variants and
# caches the result, so a link test has a real C library to pull objects from.
#
#   toolchain/newlib.sh VARIANT [VARIANT...]     (B=build by default)
#
# VARIANT is rv64imac, rv64gc, rv32imac, x86_64 or i386. Each ends up at $B/newlib/VARIANT,
# a symlink to $B/newlib/cache/VARIANT-KEY holding include/ (newlib's headers) and
# lib/libc.a, lib/libm.a. KEY hashes everything the build depends on: the tarball, the
# variant's compiler, flags and configure options, and this script. A variant whose key is
# already built costs no configure; a changed key is rebuilt in a temporary directory and
# only then moved into place and linked, so an interrupted build never looks complete.
# The full build log is $B/newlib/logs/VARIANT.log.
#
# $B/newlib/VARIANT/cflags lists the flags code compiled against these headers must share
# with the library. For x86 they include more than the ABI: the host gcc builds the x86
# variants and believes it targets Linux, so they undefine the Linux and Unix macros,
# which would otherwise make newlib's headers pick the Linux port's reentrancy and
# jmp_buf layout.
set -euo pipefail

B=${B:-build}
TARBALL_DIR=/usr/src/newlib

usage() {
	echo "usage: toolchain/newlib.sh VARIANT [VARIANT...]  (rv64imac rv64gc rv32imac x86_64 i386)" >&2
	exit 2
}

# Sets the variant's TARGET (configure's --target), ABI_FLAGS (what every object linked
# with it must share), CC (the compiler with those flags), CFLAGS (code generation that is
# newlib's own business) and the binutils.
variant_settings() {
	local not_linux="-U__linux__ -U__linux -Ulinux -U__gnu_linux__ -U__unix__ -U__unix -Uunix"
	local common="-O2 -g -ffunction-sections -fdata-sections"
	# glibc's headers in /usr/include must not fill in for what newlib lacks.
	local no_host_headers="-nostdinc -isystem $(gcc -print-file-name=include)"
	case $1 in
	rv64imac | rv64gc | rv32imac)
		case $1 in
		rv64imac) ABI_FLAGS="-march=rv64imac -mabi=lp64 -mcmodel=medany" ;;
		rv64gc) ABI_FLAGS="-march=rv64gc -mabi=lp64d -mcmodel=medany" ;;
		rv32imac) ABI_FLAGS="-march=rv32imac -mabi=ilp32" ;;
		esac
		# riscv32 objects come from the riscv64 tools; the target name picks newlib's
		# 32-bit configuration.
		TARGET=riscv${1:2:2}-unknown-elf
		TOOL_PREFIX=riscv64-unknown-elf-
		CC="${TOOL_PREFIX}gcc $ABI_FLAGS"
		CFLAGS=$common
		AS="${TOOL_PREFIX}as"
		;;
	x86_64)
		TARGET=x86_64-elf
		TOOL_PREFIX=
		ABI_FLAGS="-m64 -mno-red-zone -fno-pie -fno-stack-protector $not_linux"
		CC="gcc $ABI_FLAGS $no_host_headers"
		CFLAGS="$common -ffreestanding -fno-asynchronous-unwind-tables -Wa,--noexecstack"
		AS="as --64"
		;;
	i386)
		TARGET=i686-elf
		TOOL_PREFIX=
		ABI_FLAGS="-m32 -fno-pie -fno-stack-protector $not_linux"
		CC="gcc $ABI_FLAGS $no_host_headers"
		CFLAGS="$common -ffreestanding -fno-asynchronous-unwind-tables -Wa,--noexecstack"
		AS="as --32"
		;;
	*)
		echo "newlib: unknown variant '$1'" >&2
		usage
		;;
	esac
	AR="${TOOL_PREFIX}ar"
	RANLIB="${TOOL_PREFIX}ranlib"
	NM="${TOOL_PREFIX}nm"
	OBJDUMP="${TOOL_PREFIX}objdump"
	READELF="${TOOL_PREFIX}readelf"
	CONFIGURE_FLAGS=(
		--target="$TARGET"
		--disable-multilib
		--disable-nls
		--disable-newlib-supplied-syscalls
		--enable-newlib-io-long-long
		--enable-newlib-io-c99-formats
	)
}

# The one tarball newlib-source installs; its name carries the upstream version.
find_tarball() {
	local found=("$TARBALL_DIR"/newlib-*.tar.xz)
	if [ ! -f "${found[0]}" ]; then
		echo "newlib: no $TARBALL_DIR/newlib-*.tar.xz; install Debian's newlib-source (make deps)" >&2
		exit 1
	fi
	if [ "${#found[@]}" -ne 1 ]; then
		echo "newlib: more than one tarball in $TARBALL_DIR: ${found[*]}" >&2
		exit 1
	fi
	TARBALL=${found[0]}
}

# newlib calls the system through _write, _sbrk and so on (newlib_syscalls.c defines
# those), with libc/syscalls supplying write() and the rest on top, only for targets
# configure.host lists; an x86 ELF target falls to its default, where libc calls plain
# write() and sbrk() and nothing defines them. This gives x86_64-elf and i686-elf the
# riscv arrangement.
x86_syscalls() {
	local host=$1
	sed -i 's/^  riscv\*-\*-\*)$/  x86_64-*-elf | i[34567]86-*-elf)\n\tsyscall_dir=syscalls\n\t;;\n&/' "$host"
	if ! grep -q '^  x86_64-\*-elf | ' "$host"; then
		echo "newlib: $host has no riscv*-*-* case to put the x86 one before"
		return 1
	fi
}

# Configures, builds and installs into $1/prefix, printing the whole log. It runs as the
# condition of an if, where set -e does not act, so every step is chained.
build_into() {
	local work=$1
	mkdir "$work/src" "$work/obj" &&
		tar -xJf "$TARBALL" -C "$work/src" --strip-components=1 &&
		x86_syscalls "$work/src/newlib/configure.host" &&
		cd "$work/obj" &&
		# The top-level configure only drives the target library here: nothing is built
		# for the host, and only newlib/ (not libgloss) is made and installed.
		"$work/src/configure" --prefix="$work/prefix" "${CONFIGURE_FLAGS[@]}" \
			CC_FOR_TARGET="$CC" CFLAGS_FOR_TARGET="$CFLAGS" \
			AS_FOR_TARGET="$AS" AR_FOR_TARGET="$AR" RANLIB_FOR_TARGET="$RANLIB" \
			NM_FOR_TARGET="$NM" OBJDUMP_FOR_TARGET="$OBJDUMP" READELF_FOR_TARGET="$READELF" &&
		make -j"$(nproc)" all-target-newlib &&
		make install-target-newlib
}

# A configure test that fails quietly (say, a tool it looks for under the target's name)
# leaves out a feature and still builds a libc that links; the boards' start-up code and
# the tests need these, so a build without them is refused.
check_symbols() {
	local lib=$1 sym missing=()
	local defined
	defined=$($NM -g --defined-only "$lib/libc.a" "$lib/libm.a" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
	for sym in __libc_init_array __libc_fini_array printf malloc setjmp longjmp sqrt; do
		grep -qxF "$sym" <<<"$defined" || missing+=("$sym")
	done
	if [ "${#missing[@]}" -ne 0 ]; then
		echo "newlib: libc.a and libm.a do not define: ${missing[*]}"
		return 1
	fi
}

# Builds VARIANT unless its key is cached, then points $B/newlib/VARIANT at it.
build_variant() {
	local variant=$1 key cache link tmp log start
	variant_settings "$variant"
	key=$(printf '%s\n' "$TARBALL_SHA" "$TARGET" "$CC" "$CFLAGS" "$AS" "$AR" "$RANLIB" \
		"${CONFIGURE_FLAGS[*]}" "$(${CC%% *} --version | head -n 1)" "$SCRIPT_SHA" |
		sha256sum | cut -c1-12)
	cache=$B/newlib/cache/$variant-$key
	link=$B/newlib/$variant
	log=$B/newlib/logs/$variant.log
	mkdir -p "$B/newlib/cache" "$B/newlib/logs" "$B/newlib/tmp"

	# Two builds of one variant at once (two make trees, two helpers) would race on the
	# link and the cache directory; the second waits and then finds the first's result.
	exec {lock}>"$B/newlib/tmp/$variant.lock"
	flock "$lock"

	if [ -f "$cache/lib/libc.a" ]; then
		echo "newlib: $variant cached"
	else
		# Leftovers of a build that was killed before it could clean up.
		rm -rf "$B/newlib/tmp/$variant".*.d
		tmp=$(mktemp -d "$(cd "$B/newlib/tmp" && pwd)/$variant.XXXXXX.d")
		trap 'rm -rf "$tmp"' EXIT
		# About a minute on this project's 2-core machines.
		echo "newlib: building $variant (about 1 minute)..."
		start=$SECONDS
		if ! (build_into "$tmp") >"$log" 2>&1; then
			# A parallel make's first error is seldom at the end of its log.
			echo "newlib: building $variant failed; its first errors and the end of $log:" >&2
			grep -m 5 -E 'error:|Error [0-9]' "$log" >&2 || true
			echo "..." >&2
			tail -n 15 "$log" >&2
			exit 1
		fi
		if ! check_symbols "$tmp/prefix/$TARGET/lib" >>"$log" 2>&1; then
			echo "newlib: $variant built, but is missing what the boards need; the end of $log:" >&2
			tail -n 5 "$log" >&2
			exit 1
		fi
		mkdir "$tmp/out"
		mv "$tmp/prefix/$TARGET/include" "$tmp/prefix/$TARGET/lib" "$tmp/out/"
		printf '%s\n' "$ABI_FLAGS" >"$tmp/out/cflags"
		rm -rf "$cache"
		mv "$tmp/out" "$cache"
		rm -rf "$tmp"
		trap - EXIT
		echo "newlib: built $variant in $((SECONDS - start)) s" >>"$log"
	fi

	# Swap the link in one rename, then drop the variant's builds of older keys.
	ln -sfn "cache/$variant-$key" "$link.new"
	mv -T "$link.new" "$link"
	local old
	for old in "$B/newlib/cache/$variant"-*; do
		[ "$old" = "$cache" ] || rm -rf "$old"
	done
	exec {lock}>&-
}

main() {
	[ $# -ge 1 ] || usage
	find_tarball
	TARBALL_SHA=$(sha256sum "$TARBALL" | cut -d' ' -f1)
	SCRIPT_SHA=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
	local v
	for v in "$@"; do
		build_variant "$v"
	done
}

# bash reads a script as it runs it; with the whole run on this last line, a build that
# is under way is not thrown off by an edit to this file.
main "$@"; exit
