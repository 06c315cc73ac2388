/*
 * solder.c: the `solder` command.
 *
 * This milestone ships the engine and its library API (include/solder.h); the
 * command reports its version and targets. Reading relocatable objects and archives,
 * GNU ld's command line and linker scripts are the next milestones, and until they
 * land an input file is refused with a message that says so, never half-linked.
 */
#include <stdio.h>
#include <string.h>

#include "solder.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: solder [--version] [--help]\n"
	        "\n"
	        "solder " SOLDER_VERSION ": an incremental, statically placing ELF linker for firmware.\n"
	        "Targets: riscv64, riscv32, x86_64, i386 (ELF32 and ELF64).\n"
	        "This build provides the library API (include/solder.h, build/libsolder.a):\n"
	        "a compiler or JIT hands it code one symbol at a time and gets an image\n"
	        "updated in place. Linking object files from the command line is not in\n"
	        "this build yet.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-v") || !strcmp(argv[i], "-V")) {
			printf("solder " SOLDER_VERSION "\n");
			return 0;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		}
	}
	fprintf(stderr, "solder: error: %s: linking object files from the command line is not in this build; "
	                "use the library API (see README.md)\n", argv[1]);
	return 1;
}
