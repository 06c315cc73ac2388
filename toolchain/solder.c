/*
 * solder.c: the `solder` command, a drop-in for GNU ld's command line.
 *
 * It links relocatable ELF objects and archives into a static, fixed-address image:
 * ld_options.c reads the command line (GNU ld 2.40's options), ld_link (link/ld.c)
 * does the link. gcc runs it as its linker when it is installed as "ld" in a
 * directory given to gcc -B; the name it was run under only changes the program name
 * --help shows.
 */
#include <stdio.h>
#include <string.h>

#include "ld_options.h"

int main(int argc, char **argv)
{
	const char *prog = argc > 0 && argv[0][0] ? argv[0] : "solder";
	const char *slash = strrchr(prog, '/');
	if (slash && slash[1])
		prog = slash + 1;

	struct ldopt_cmdline cl;
	int rc;
	switch (ldopt_parse(&cl, argc, argv, prog, stdout)) {
	case LDOPT_LINK:
		fflush(stdout);
		rc = ld_link(&cl.opt);
		break;
	case LDOPT_EXIT_OK:
		rc = 0;
		break;
	default:
		rc = 1;
		break;
	}
	ldopt_free(&cl);
	if (fflush(stdout) != 0 && rc == 0) {
		fprintf(stderr, "solder: error: cannot write to standard output\n");
		rc = 1;
	}
	return rc;
}
