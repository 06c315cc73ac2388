/*
 * ld_options.h: GNU ld 2.40's command line, parsed into struct ld_options.
 *
 * The parser is separate from solder.c's main() so that the unit tests can drive it
 * with an argv of their own and look at what it filled in.
 */
#ifndef SOLDER_LD_OPTIONS_H
#define SOLDER_LD_OPTIONS_H

#include <stdio.h>

#include "solder.h"
#include "../link/ld.h"

/* A parsed command line: the options for ld_link, and the strings the parser made
 * (response-file words, --defsym halves, sysroot-prefixed directories) that the
 * options point into. */
struct ldopt_cmdline {
	struct ld_options opt;
	LD_VEC(char *) owned;
};

enum ldopt_result {
	LDOPT_LINK,    /* link with cl->opt */
	LDOPT_EXIT_OK, /* --help, --version, or -v with no inputs: printed, nothing to link */
	LDOPT_ERROR,   /* errors were reported on stderr: exit 1 */
};

/* Parses argv[1 .. argc-1] as GNU ld does: "-opt value", "-opt=value", single-dash
 * long options, unique abbreviations, @FILE response files. Help and version text go
 * to out; prog (argv[0]'s base name) names the program in them. Diagnostics go to
 * stderr as "solder: error: ...". cl is always initialized: release it with
 * ldopt_free whatever the result. */
enum ldopt_result ldopt_parse(struct ldopt_cmdline *cl, int argc, char *const *argv, const char *prog,
                              FILE *out);
void ldopt_free(struct ldopt_cmdline *cl);

/* The version line `solder -v` prints. Autoconf and libtool decide that a linker is
 * GNU-compatible when `$LD -v` says "GNU" (or "with BFD"), as lld's line does. */
#define LDOPT_VERSION_LINE "solder " SOLDER_VERSION " (compatible with GNU linkers)"

#endif
