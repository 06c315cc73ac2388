/*
 * ld_options.c: GNU ld 2.40's command line, as gcc's collect2 and build systems write
 * it, parsed into struct ld_options (link/ld.h).
 *
 * GNU ld reads its arguments with getopt_long_only plus a few rules of its own
 * (ld/lexsup.c); this parser follows them so that a line GNU ld accepts means the same
 * thing here:
 *  - "-lNAME" is always the library NAME, even when "lNAME" spells a long option.
 *  - A long option may be written with one dash or two ("-static", "--static"), except
 *    --output, --omagic, --no-omagic and --oformat, which need two: "-omagic" is
 *    "-o magic". A value follows '=' or is the next argument; an optional value
 *    (--build-id=sha1) can only follow '='.
 *  - A long option may be abbreviated to a prefix that names only one option ("--verb").
 *    With one dash, a word that is no long option, or a prefix of several, is a short
 *    option with its value attached: "-Tlink.ld", "-melf_i386", "-znow", "-L/lib".
 *  - "--" ends the options. "@FILE" is replaced by FILE's words (quotes and backslashes
 *    honoured, nested @FILEs expanded); a FILE that cannot be read leaves "@FILE" as it
 *    was, which then fails as an input of that name.
 *  - Addresses for -Ttext, -Tdata, -Tbss, -Ttext-segment and --section-start are hex
 *    with or without 0x ("-Ttext 1000" is 0x1000); other numbers are decimal unless
 *    they start with 0x.
 *  - Of -pie, -no-pie, -shared and -r the last one given wins.
 *
 * What solder does not do is refused with a message that says why: shared libraries,
 * PIE and relocatable output (solder makes static, fixed-address images).
 * Options that only matter to dynamic linking (-rpath, --hash-style, --as-needed,
 * -z relro, -dynamic-linker, ...) are accepted: a static image has nothing for them
 * to change. Diagnostics go through ld_error/ld_warn, like the rest of the linker's.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ld_options.h"

/* ---- the option table */

enum opt_id {
	OPT_IGNORE = 1,      /* accepted; nothing to do in a static image */
	OPT_OUTPUT, OPT_ENTRY, OPT_EMULATION, OPT_LIBRARY_PATH, OPT_LIBRARY, OPT_SCRIPT,
	OPT_START_GROUP, OPT_END_GROUP, OPT_WHOLE_ARCHIVE, OPT_NO_WHOLE_ARCHIVE,
	OPT_UNDEFINED, OPT_DEFSYM, OPT_WRAP,
	OPT_TTEXT, OPT_TDATA, OPT_TBSS, OPT_TTEXT_SEGMENT, OPT_SECTION_START,
	OPT_IMAGE_BASE, OPT_GOT_ADDRESS, OPT_ELF_CLASS, OPT_BOARD,
	OPT_OMAGIC, OPT_NO_OMAGIC, OPT_NMAGIC, OPT_RELAX, OPT_NO_RELAX, OPT_Z,
	OPT_BUILD_ID, OPT_HASH_STYLE, OPT_EH_FRAME_HDR, OPT_NO_EH_FRAME_HDR,
	OPT_DISCARD_LOCALS, OPT_DISCARD_ALL, OPT_DISCARD_NONE, OPT_STRIP_ALL, OPT_STRIP_DEBUG,
	OPT_PUSH_STATE, OPT_POP_STATE,
	OPT_PIE, OPT_NO_PIE, OPT_SHARED, OPT_RELOCATABLE, OPT_EMIT_RELOCS,
	OPT_UNRESOLVED, OPT_NO_UNDEFINED, OPT_ALLOW_SHLIB_UNDEFINED, OPT_NO_ALLOW_SHLIB_UNDEFINED,
	OPT_NOINHIBIT_EXEC, OPT_FATAL_WARNINGS, OPT_NO_FATAL_WARNINGS, OPT_SORT_COMMON,
	OPT_JUST_SYMBOLS, OPT_SYSROOT, OPT_EB, OPT_VERBOSE, OPT_TRACE,
	OPT_V, OPT_V_EMULATIONS, OPT_VERSION, OPT_HELP,
	OPT_PRINT_MEMORY_USAGE, OPT_ORPHAN_HANDLING,
	OPT_MAP, OPT_PRINT_MAP, OPT_CREF, OPT_FORMAT, OPT_OFORMAT,
	OPT_GC_SECTIONS, OPT_NO_GC_SECTIONS, OPT_PRINT_GC_SECTIONS, OPT_NO_PRINT_GC_SECTIONS,
	OPT_GDB_INDEX, OPT_NO_GDB_INDEX,
};

enum { NO_ARG, REQ_ARG, OPT_ARG };
/* How --help shows a long option; EXACTLY_TWO_DASHES also means "-name" is not it. */
enum { TWO_DASHES, ONE_DASH, EXACTLY_TWO_DASHES };

struct opt_def {
	const char *name;    /* the long name, or NULL for a short option only */
	char short_name;     /* or 0 */
	uint8_t arg;
	uint8_t dashes;
	uint8_t id;          /* enum opt_id */
	const char *meta;    /* the value's name in --help */
	const char *help;    /* NULL: another spelling of the entry above; HIDDEN: not listed */
};
#define HIDDEN ""

/* --help lists an option only when solder really does what it says: configure scripts
 * probe with `ld --help | grep -- --gc-sections`. */
static const struct opt_def options[] = {
	{ "output", 'o', REQ_ARG, EXACTLY_TWO_DASHES, OPT_OUTPUT, "FILE", "Set output file name (default a.out)" },
	{ "entry", 'e', REQ_ARG, TWO_DASHES, OPT_ENTRY, "SYMBOL", "Set the entry point (default _start)" },
	{ NULL, 'm', REQ_ARG, ONE_DASH, OPT_EMULATION, "EMULATION", "Set emulation (see the list below)" },
	{ "library-path", 'L', REQ_ARG, TWO_DASHES, OPT_LIBRARY_PATH, "DIRECTORY", "Add DIRECTORY to library search path" },
	{ "library", 'l', REQ_ARG, TWO_DASHES, OPT_LIBRARY, "LIBNAME", "Search for libLIBNAME.a (-l:FILE: for FILE)" },
	{ "script", 'T', REQ_ARG, TWO_DASHES, OPT_SCRIPT, "FILE", "Read linker script" },
	{ "default-script", 0, REQ_ARG, TWO_DASHES, OPT_SCRIPT, "FILE", HIDDEN },
	{ "dT", 0, REQ_ARG, ONE_DASH, OPT_SCRIPT, "FILE", NULL },
	{ "start-group", '(', NO_ARG, TWO_DASHES, OPT_START_GROUP, NULL, "Start a group" },
	{ "end-group", ')', NO_ARG, TWO_DASHES, OPT_END_GROUP, NULL, "End a group" },
	{ "whole-archive", 0, NO_ARG, TWO_DASHES, OPT_WHOLE_ARCHIVE, NULL, "Include all objects from following archives" },
	{ "no-whole-archive", 0, NO_ARG, TWO_DASHES, OPT_NO_WHOLE_ARCHIVE, NULL, "Turn off --whole-archive" },
	{ "undefined", 'u', REQ_ARG, TWO_DASHES, OPT_UNDEFINED, "SYMBOL", "Start with undefined reference to SYMBOL" },
	{ "defsym", 0, REQ_ARG, TWO_DASHES, OPT_DEFSYM, "SYMBOL=EXPRESSION", "Define a symbol" },
	{ "wrap", 0, REQ_ARG, TWO_DASHES, OPT_WRAP, "SYMBOL", "Use wrapper functions for SYMBOL" },
	{ "section-start", 0, REQ_ARG, TWO_DASHES, OPT_SECTION_START, "SECTION=ADDRESS", "Set address of named section" },
	{ "Tbss", 0, REQ_ARG, ONE_DASH, OPT_TBSS, "ADDRESS", "Set address of .bss section" },
	{ "Tdata", 0, REQ_ARG, ONE_DASH, OPT_TDATA, "ADDRESS", "Set address of .data section" },
	{ "Ttext", 0, REQ_ARG, ONE_DASH, OPT_TTEXT, "ADDRESS", "Set address of .text section" },
	{ "Ttext-segment", 0, REQ_ARG, ONE_DASH, OPT_TTEXT_SEGMENT, "ADDRESS", "Set address of text segment" },
	{ "image-base", 0, REQ_ARG, TWO_DASHES, OPT_IMAGE_BASE, "ADDRESS", "Set the address of the first segment" },
	{ "got-address", 0, REQ_ARG, TWO_DASHES, OPT_GOT_ADDRESS, "ADDRESS", "Place the GOT at ADDRESS (solder)" },
	{ "elf-class", 0, REQ_ARG, TWO_DASHES, OPT_ELF_CLASS, "32|64", "Write an ELF32 or ELF64 image (solder)" },
	{ "board", 0, REQ_ARG, TWO_DASHES, OPT_BOARD, "NAME", "Name the board in a note solder-run reads (solder)" },
	{ "omagic", 'N', NO_ARG, EXACTLY_TWO_DASHES, OPT_OMAGIC, NULL, "Do not page align data, do not make text readonly" },
	{ "no-omagic", 0, NO_ARG, EXACTLY_TWO_DASHES, OPT_NO_OMAGIC, NULL, "Page align data, make text readonly" },
	{ "nmagic", 'n', NO_ARG, TWO_DASHES, OPT_NMAGIC, NULL, "Do not page align data" },
	{ "relax", 0, NO_ARG, TWO_DASHES, OPT_RELAX, NULL, "Reduce code size by using target specific optimizations" },
	{ "no-relax", 0, NO_ARG, TWO_DASHES, OPT_NO_RELAX, NULL, "Do not use relaxation techniques to reduce code size" },
	{ NULL, 'z', REQ_ARG, ONE_DASH, OPT_Z, "KEYWORD", HIDDEN },  /* its keywords are listed */
	{ "build-id", 0, OPT_ARG, TWO_DASHES, OPT_BUILD_ID, "STYLE", "Generate build ID note (STYLE: sha1, md5, uuid, 0xHEX, none)" },
	{ "hash-style", 0, REQ_ARG, TWO_DASHES, OPT_HASH_STYLE, "STYLE", "Set hash style to sysv/gnu/both (no dynamic section: accepted)" },
	{ "eh-frame-hdr", 0, NO_ARG, TWO_DASHES, OPT_EH_FRAME_HDR, NULL, "Create .eh_frame_hdr section" },
	{ "no-eh-frame-hdr", 0, NO_ARG, TWO_DASHES, OPT_NO_EH_FRAME_HDR, NULL, "Do not create .eh_frame_hdr section" },
	{ "discard-all", 'x', NO_ARG, TWO_DASHES, OPT_DISCARD_ALL, NULL, "Discard local symbols (solder: as -X does)" },
	{ "discard-locals", 'X', NO_ARG, TWO_DASHES, OPT_DISCARD_LOCALS, NULL, "Discard temporary local symbols (default)" },
	{ "discard-none", 0, NO_ARG, TWO_DASHES, OPT_DISCARD_NONE, NULL, "Don't discard any local symbols" },
	{ "strip-all", 's', NO_ARG, TWO_DASHES, OPT_STRIP_ALL, NULL, "Strip all symbols" },
	{ "strip-debug", 'S', NO_ARG, TWO_DASHES, OPT_STRIP_DEBUG, NULL, "Strip debugging symbols" },
	{ "as-needed", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, "Accepted (no shared libraries: no DT_NEEDED)" },
	{ "no-as-needed", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, "Accepted" },
	{ "push-state", 0, NO_ARG, TWO_DASHES, OPT_PUSH_STATE, NULL, "Push state of flags governing input file handling" },
	{ "pop-state", 0, NO_ARG, TWO_DASHES, OPT_POP_STATE, NULL, "Pop state of flags governing input file handling" },
	{ "Bstatic", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, "Do not link against shared libraries" },
	{ "dn", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, NULL },
	{ "non_shared", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, NULL },
	{ "static", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, NULL },
	{ "Bdynamic", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, HIDDEN },
	{ "dy", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, NULL },
	{ "call_shared", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, NULL },
	{ "no-pie", 0, NO_ARG, ONE_DASH, OPT_NO_PIE, NULL, HIDDEN },
	{ "pie", 0, NO_ARG, ONE_DASH, OPT_PIE, NULL, HIDDEN },
	{ "pic-executable", 0, NO_ARG, TWO_DASHES, OPT_PIE, NULL, NULL },
	{ "shared", 0, NO_ARG, ONE_DASH, OPT_SHARED, NULL, HIDDEN },
	{ "Bshareable", 0, NO_ARG, ONE_DASH, OPT_SHARED, NULL, NULL },
	{ "relocatable", 'r', NO_ARG, TWO_DASHES, OPT_RELOCATABLE, NULL, HIDDEN },
	{ "emit-relocs", 'q', NO_ARG, TWO_DASHES, OPT_EMIT_RELOCS, NULL, HIDDEN },
	{ "unresolved-symbols", 0, REQ_ARG, TWO_DASHES, OPT_UNRESOLVED, "METHOD",
	  "How to handle unresolved symbols: ignore-all, report-all,\n"
	  "                                ignore-in-object-files, ignore-in-shared-libs" },
	{ "no-undefined", 0, NO_ARG, TWO_DASHES, OPT_NO_UNDEFINED, NULL, "Do not allow unresolved references in object files" },
	{ "allow-shlib-undefined", 0, NO_ARG, TWO_DASHES, OPT_ALLOW_SHLIB_UNDEFINED, NULL, HIDDEN },
	{ "no-allow-shlib-undefined", 0, NO_ARG, TWO_DASHES, OPT_NO_ALLOW_SHLIB_UNDEFINED, NULL, HIDDEN },
	{ "noinhibit-exec", 0, NO_ARG, TWO_DASHES, OPT_NOINHIBIT_EXEC, NULL, "Create an output file even if errors occur" },
	{ "noinhibit_exec", 0, NO_ARG, TWO_DASHES, OPT_NOINHIBIT_EXEC, NULL, HIDDEN },
	{ "fatal-warnings", 0, NO_ARG, TWO_DASHES, OPT_FATAL_WARNINGS, NULL, "Treat warnings as errors" },
	{ "no-fatal-warnings", 0, NO_ARG, TWO_DASHES, OPT_NO_FATAL_WARNINGS, NULL, "Do not treat warnings as errors (default)" },
	{ "sort-common", 0, OPT_ARG, TWO_DASHES, OPT_SORT_COMMON, "ascending|descending", HIDDEN },
	{ "sort_common", 0, NO_ARG, TWO_DASHES, OPT_SORT_COMMON, NULL, HIDDEN },
	{ "just-symbols", 'R', REQ_ARG, TWO_DASHES, OPT_JUST_SYMBOLS, "FILE", HIDDEN },
	{ "sysroot", 0, REQ_ARG, TWO_DASHES, OPT_SYSROOT, "DIRECTORY", "Prefix for -L=DIR and -L$SYSROOT/DIR" },
	{ "nostdlib", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, "Only use library directories specified on the command line" },
	{ "EL", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, "Link little-endian objects" },
	{ "EB", 0, NO_ARG, ONE_DASH, OPT_EB, NULL, HIDDEN },
	{ "trace", 't', NO_ARG, TWO_DASHES, OPT_TRACE, NULL, "Trace file opens" },
	{ "verbose", 0, OPT_ARG, TWO_DASHES, OPT_VERBOSE, "NUMBER", "Output lots of information during link" },
	{ NULL, 'v', NO_ARG, ONE_DASH, OPT_V, NULL, "Print version information" },
	{ NULL, 'V', NO_ARG, ONE_DASH, OPT_V_EMULATIONS, NULL, "Print version and emulation information" },
	{ "version", 0, NO_ARG, TWO_DASHES, OPT_VERSION, NULL, "Print version information and exit" },
	{ "help", 0, NO_ARG, TWO_DASHES, OPT_HELP, NULL, "Print option help" },

	/* The linker-script milestone: parsed, then refused with a message that says so. */
	{ "Map", 0, REQ_ARG, ONE_DASH, OPT_MAP, "FILE", "Write a link map to FILE (\"-\": standard output)" },
	{ "print-map", 'M', NO_ARG, TWO_DASHES, OPT_PRINT_MAP, NULL, "Print the link map on standard output" },
	{ "gc-sections", 0, NO_ARG, TWO_DASHES, OPT_GC_SECTIONS, NULL, "Remove unused sections" },
	{ "no-gc-sections", 0, NO_ARG, TWO_DASHES, OPT_NO_GC_SECTIONS, NULL, "Don't remove unused sections (default)" },
	{ "print-gc-sections", 0, NO_ARG, TWO_DASHES, OPT_PRINT_GC_SECTIONS, NULL, "List removed unused sections on stderr" },
	{ "no-print-gc-sections", 0, NO_ARG, TWO_DASHES, OPT_NO_PRINT_GC_SECTIONS, NULL, "Do not list removed unused sections" },
	{ "print-memory-usage", 0, NO_ARG, TWO_DASHES, OPT_PRINT_MEMORY_USAGE, NULL, "Print how full each MEMORY region is" },
	{ "orphan-handling", 0, REQ_ARG, TWO_DASHES, OPT_ORPHAN_HANDLING, "MODE",
	  "Sections the linker script does not place: place (default), warn,\n"
	  "                                error or discard" },
	{ "cref", 0, NO_ARG, TWO_DASHES, OPT_CREF, NULL, "Add a cross reference table to the link map" },
	{ "gdb-index", 0, NO_ARG, TWO_DASHES, OPT_GDB_INDEX, NULL, "Generate .gdb_index section" },
	{ "no-gdb-index", 0, NO_ARG, TWO_DASHES, OPT_NO_GDB_INDEX, NULL, "Do not generate .gdb_index section (default)" },
	{ "format", 'b', REQ_ARG, TWO_DASHES, OPT_FORMAT, "TARGET", "Specify target for following input files (binary: raw data)" },
	{ "oformat", 0, REQ_ARG, EXACTLY_TWO_DASHES, OPT_OFORMAT, "TARGET", "Specify target of output file (binary, ihex, srec, c)" },

	/* Accepted because compilers and build systems pass them; nothing to do in a
	 * static image (no dynamic section, no plugin: LTO objects are refused as inputs). */
	{ "dynamic-linker", 0, REQ_ARG, TWO_DASHES, OPT_IGNORE, "PROGRAM", HIDDEN },
	{ "no-dynamic-linker", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "rpath", 0, REQ_ARG, ONE_DASH, OPT_IGNORE, "PATH", HIDDEN },
	{ "rpath-link", 0, REQ_ARG, ONE_DASH, OPT_IGNORE, "PATH", HIDDEN },
	{ "soname", 'h', REQ_ARG, ONE_DASH, OPT_IGNORE, "NAME", HIDDEN },
	{ "export-dynamic", 'E', NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "no-export-dynamic", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "enable-new-dtags", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "disable-new-dtags", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "plugin", 0, REQ_ARG, ONE_DASH, OPT_IGNORE, "PLUGIN", HIDDEN },
	{ "plugin-opt", 0, REQ_ARG, ONE_DASH, OPT_IGNORE, "ARG", HIDDEN },
	{ "flto", 0, OPT_ARG, ONE_DASH, OPT_IGNORE, NULL, HIDDEN },
	{ "flto-partition", 0, REQ_ARG, ONE_DASH, OPT_IGNORE, NULL, HIDDEN },
	{ "fuse-ld", 0, REQ_ARG, ONE_DASH, OPT_IGNORE, NULL, HIDDEN },
	{ NULL, 'O', REQ_ARG, ONE_DASH, OPT_IGNORE, "LEVEL", HIDDEN },
	{ NULL, 'g', NO_ARG, ONE_DASH, OPT_IGNORE, NULL, HIDDEN },
	{ "warn-execstack", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "no-warn-execstack", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "warn-rwx-segments", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "no-warn-rwx-segments", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "no-warn-mismatch", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "check-sections", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "no-check-sections", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "demangle", 0, OPT_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "no-demangle", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "stats", 0, NO_ARG, TWO_DASHES, OPT_IGNORE, NULL, HIDDEN },
	{ "Qy", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, HIDDEN },
	{ "qmagic", 0, NO_ARG, ONE_DASH, OPT_IGNORE, NULL, HIDDEN },
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

/* The emulations (-m) and their BFD names (--oformat, -b, --help), in --help's order. */
static const struct {
	const char *emulation, *bfd_name;
	uint16_t e_machine;
	uint8_t elf_class;
} emulations[] = {
	{ "elf64lriscv", "elf64-littleriscv", 243 /* EM_RISCV */, 64 },
	{ "elf32lriscv", "elf32-littleriscv", 243, 32 },
	{ "elf_x86_64", "elf64-x86-64", 62 /* EM_X86_64 */, 64 },
	{ "elf_i386", "elf32-i386", 3 /* EM_386 */, 32 },
};
#define NEMULATIONS (sizeof(emulations) / sizeof(emulations[0]))

#define STATIC_IMAGES "solder makes static, fixed-address images"

/* ---- the parser's state */

/* What --push-state saves: of the flags that govern how later inputs are read, the
 * one that matters to a static link. (-Bstatic/-Bdynamic and --as-needed change
 * nothing: only archives are searched for -l, and a shared library named as an input
 * is refused by input.c.) */
struct input_state {
	uint8_t whole_archive;
};

enum link_type { LINK_EXEC, LINK_PIE, LINK_SHARED, LINK_RELOCATABLE };

struct parser {
	struct ldopt_cmdline *cl;
	struct ld_options *opt;
	struct ld_ctx ctx;              /* for ld_error: counts the errors */
	const char *prog;
	FILE *out;
	LD_VEC(const char *) args;      /* argv after @FILE expansion */
	uint32_t next;                  /* index of the next argument in args */
	uint32_t response_files;        /* @FILEs read so far */
	char spelled[80];               /* the option being handled, as written: messages */
	uint32_t group_depth;
	struct input_state state;
	uint8_t binary_input;           /* -b binary is in force for the files that follow */
	LD_VEC(struct input_state) pushed;
	enum link_type link_type;       /* the last of -pie, -no-pie, -shared, -r */
	char link_type_spelled[80];
	uint8_t ignore_in_objects, ignore_in_shlibs; /* --unresolved-symbols and friends */
	uint8_t version_printed, done;
	const char *sysroot;
	LD_VEC(char *) warnings;        /* reported after parsing, once --fatal-warnings is known */
};

static char *own(struct parser *p, char *s)
{
	LD_PUSH(p->cl->owned, s);
	return s;
}

static char *own_copy(struct parser *p, const char *s, size_t len)
{
	char *c = ld_xrealloc(NULL, len + 1);
	memcpy(c, s, len);
	c[len] = '\0';
	return own(p, c);
}

__attribute__((format(printf, 2, 3))) static void warn_later(struct parser *p, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	LD_PUSH(p->warnings, own_copy(p, line, strlen(line)));
}

/* ---- @FILE response files */

/* Bounds for a response file that names itself: nesting, and files read in all. */
enum { MAX_RESPONSE_DEPTH = 32, MAX_RESPONSE_FILES = 2000 };

/* Reads the whole of path into a NUL-terminated buffer, or returns NULL. */
static char *read_text_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t len = 0, cap = 4096;
	char *buf = ld_xrealloc(NULL, cap);
	for (;;) {
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
		if (cap - len - 1 == 0)
			buf = ld_xrealloc(buf, cap *= 2);
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static void expand_arg(struct parser *p, const char *arg, int depth);

/* Splits text into words the way libiberty's buildargv does (GNU ld reads @FILE with
 * it): white space separates words; '...' and "..." quote; a backslash takes the next
 * character as it is, inside quotes too. Each word is expanded in turn. The words are
 * written over text, which the caller owns. */
static void expand_words(struct parser *p, char *text, int depth)
{
	char *in = text;
	for (;;) {
		while (isspace((unsigned char)*in))
			in++;
		if (!*in)
			return;
		char *word = in, *w = in;
		char quote = 0;
		while (*in && (quote || !isspace((unsigned char)*in))) {
			if (*in == '\\' && in[1]) {
				*w++ = in[1];
				in += 2;
			} else if (quote && *in == quote) {
				quote = 0;
				in++;
			} else if (!quote && (*in == '\'' || *in == '"')) {
				quote = *in++;
			} else {
				*w++ = *in++;
			}
		}
		int more = *in != '\0';
		if (more)
			in++;
		*w = '\0';
		expand_arg(p, word, depth);
		if (!more)
			return;
	}
}

static void expand_arg(struct parser *p, const char *arg, int depth)
{
	if (arg[0] != '@' || !arg[1]) {
		LD_PUSH(p->args, arg);
		return;
	}
	if (depth >= MAX_RESPONSE_DEPTH || p->response_files >= MAX_RESPONSE_FILES) {
		if (!p->ctx.errors)
			ld_error(&p->ctx, "%s: response files nested more than %d deep, or more than %d of them",
			         arg, MAX_RESPONSE_DEPTH, MAX_RESPONSE_FILES);
		return;
	}
	p->response_files++;
	char *text = read_text_file(arg + 1);
	if (!text) {
		LD_PUSH(p->args, arg);  /* GNU ld: then an input file named "@FILE" */
		return;
	}
	expand_words(p, own(p, text), depth + 1);
}

/* ---- values */

/* Reads text as an unsigned number: hex when hex (GNU's -Ttext and --section-start,
 * where a 0x prefix is optional), else decimal unless it starts with 0x. Returns 0, or
 * -1 when text is not such a number or does not fit in 64 bits. */
static int read_number(const char *text, int hex, uint64_t *out)
{
	const char *s = text;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		hex = 1;
		s += 2;
	}
	if (!*s)
		return -1;
	unsigned base = hex ? 16 : 10;
	uint64_t v = 0;
	for (; *s; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (hex && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (hex && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

static int number_arg(struct parser *p, const char *text, int hex, uint64_t *out)
{
	if (read_number(text, hex, out) == 0)
		return 0;
	ld_error(&p->ctx, "%s: invalid %snumber '%s'", p->spelled, hex ? "hex " : "", text);
	return -1;
}

/* -z max-page-size=N and common-page-size=N: a power of two. */
static int page_size_arg(struct parser *p, const char *kw, const char *text, uint64_t *out)
{
	if (read_number(text, 0, out) == 0 && *out && !(*out & (*out - 1)))
		return 0;
	ld_error(&p->ctx, "-z %s: invalid page size '%s' (a power of two)", kw, text);
	return -1;
}

/* Splits "NAME=VALUE" (the first '='), trimming blanks around both halves, into
 * strings the parser owns. Returns -1 when either half is empty. */
static int split_assignment(struct parser *p, const char *text, const char **name, const char **value)
{
	const char *eq = strchr(text, '=');
	if (!eq)
		return -1;
	const char *n0 = text, *n1 = eq, *v0 = eq + 1, *v1 = eq + 1 + strlen(eq + 1);
	while (n0 < n1 && isspace((unsigned char)*n0))
		n0++;
	while (n1 > n0 && isspace((unsigned char)n1[-1]))
		n1--;
	while (v0 < v1 && isspace((unsigned char)*v0))
		v0++;
	while (v1 > v0 && isspace((unsigned char)v1[-1]))
		v1--;
	if (n0 == n1 || v0 == v1)
		return -1;
	*name = own_copy(p, n0, (size_t)(n1 - n0));
	*value = own_copy(p, v0, (size_t)(v1 - v0));
	return 0;
}

static void add_input(struct parser *p, enum ld_input_kind kind, const char *arg)
{
	struct ld_input in = { .kind = kind, .arg = arg, .binary = kind == LD_IN_FILE && p->binary_input };
	LD_PUSH(p->opt->inputs, in);
}

static void set_whole_archive(struct parser *p, uint8_t on)
{
	add_input(p, on ? LD_IN_WHOLE_ARCHIVE : LD_IN_NO_WHOLE_ARCHIVE, NULL);
	p->state.whole_archive = on;
}

static void add_section_start(struct parser *p, const char *name, const char *addr_text)
{
	struct ld_section_start s = { .name = name };
	if (number_arg(p, addr_text, 1, &s.addr) == 0)
		LD_PUSH(p->opt->section_starts, s);
}

static void set_link_type(struct parser *p, enum link_type type)
{
	p->link_type = type;
	snprintf(p->link_type_spelled, sizeof(p->link_type_spelled), "%s", p->spelled);
}

static const char *emulation_list(void)
{
	static char list[128];
	if (!list[0]) {
		for (size_t i = 0; i < NEMULATIONS; i++) {
			strcat(list, i ? " " : "");
			strcat(list, emulations[i].emulation);
		}
	}
	return list;
}

/* --oformat and -b name a BFD target. The ELF ones solder writes and reads are
 * accepted ("default" too for -b). As in GNU ld, -b binary makes the files that follow
 * raw data (link/binary_input.c) until another -b names an ELF target or "default".
 * --oformat binary, ihex and srec are objcopy's formats, and c is solder's own: the
 * image as C source (link/oformat.c). */
static void bfd_target_arg(struct parser *p, const char *name, int input)
{
	static const struct {
		const char *name;
		enum ld_oformat oformat;
	} oformats[] = {
		{ "binary", LD_OFORMAT_BINARY }, { "ihex", LD_OFORMAT_IHEX }, { "srec", LD_OFORMAT_SREC },
		{ "c", LD_OFORMAT_C },
	};
	int elf = input && !strcmp(name, "default");
	size_t em = 0;
	for (; em < NEMULATIONS && !elf; em++)
		elf = !strcmp(name, emulations[em].bfd_name);
	if (input) {
		if (elf || !strcmp(name, "binary")) {
			p->binary_input = !elf;
			return;
		}
	} else if (elf) {
		/* An ELF target names the container: elf32-i386 over x86_64 objects is GNU ld's
		 * way to an ELF32 multiboot image. */
		p->opt->oformat = LD_OFORMAT_ELF;
		p->opt->oformat_name = name;
		p->opt->oformat_machine = emulations[em - 1].e_machine;
		p->opt->oformat_class = emulations[em - 1].elf_class;
		return;
	} else {
		for (size_t i = 0; i < sizeof(oformats) / sizeof(oformats[0]); i++) {
			if (!strcmp(name, oformats[i].name)) {
				p->opt->oformat = oformats[i].oformat;
				return;
			}
		}
	}
	char known[256] = "";
	for (size_t i = 0; i < NEMULATIONS; i++) {
		strcat(known, emulations[i].bfd_name);
		strcat(known, ", ");
	}
	ld_error(&p->ctx, "%s %s: unsupported %s format: solder %s %s%s", p->spelled, name, input ? "input" : "output",
	         input ? "reads" : "writes", known, input ? "default and binary" : "binary, ihex, srec and c");
}

/* ---- -z KEYWORD */

/* Keywords that matter to dynamic linking, or that only name GNU ld's default:
 * accepted, nothing to do in a static image. */
static const char *const z_accepted[] = {
	"relro", "norelro", "now", "lazy", "separate-code", "noseparate-code", "text", "notext",
	"textoff", "nodelete", "defs", "nodefs", "combreloc", "nocombreloc", "origin", "global",
	"initfirst", "interpose", "nodlopen", "nodump", "nocopyreloc", "noexecheap",
};

static void z_keyword(struct parser *p, const char *kw)
{
	uint64_t n;
	if (!strncmp(kw, "max-page-size=", 14)) {
		if (page_size_arg(p, "max-page-size", kw + 14, &n) == 0)
			p->opt->max_page_size = n;
		return;
	}
	if (!strncmp(kw, "common-page-size=", 17)) {
		page_size_arg(p, "common-page-size", kw + 17, &n);
		return;
	}
	if (!strcmp(kw, "execstack") || !strcmp(kw, "noexecstack")) {
		p->opt->execstack = kw[0] == 'e';
		return;
	}
	for (size_t i = 0; i < sizeof(z_accepted) / sizeof(z_accepted[0]); i++)
		if (!strcmp(kw, z_accepted[i]))
			return;
	warn_later(p, "-z %s ignored", kw);  /* GNU ld's answer to a keyword it does not know */
}

/* ---- version and help */

static void print_version(struct parser *p, int with_emulations)
{
	if (!p->version_printed)
		fprintf(p->out, "%s\n", LDOPT_VERSION_LINE);
	p->version_printed = 1;
	if (with_emulations) {
		fprintf(p->out, "  Supported emulations:\n");
		for (size_t i = 0; i < NEMULATIONS; i++)
			fprintf(p->out, "   %s\n", emulations[i].emulation);
	}
}

/* Appends one spelling of option d to buf: "-o FILE", "--output FILE", "-Map FILE". */
static void help_spelling(char *buf, size_t size, const struct opt_def *d, int use_short)
{
	size_t n = strlen(buf);
	const char *meta = d->meta ? d->meta : "";
	if (use_short)
		snprintf(buf + n, size - n, "-%c%s%s", d->short_name, d->meta ? " " : "", meta);
	else if (d->arg == OPT_ARG)
		snprintf(buf + n, size - n, "%s%s%s%s%s", d->dashes == ONE_DASH ? "-" : "--", d->name,
		         d->meta ? "[=" : "", meta, d->meta ? "]" : "");
	else
		snprintf(buf + n, size - n, "%s%s%s%s", d->dashes == ONE_DASH ? "-" : "--", d->name,
		         d->meta ? " " : "", meta);
}

static void help_line(FILE *out, const char *left, const char *text)
{
	if (strlen(left) <= 28)
		fprintf(out, "  %-30s%s\n", left, text);
	else
		fprintf(out, "  %s\n  %-30s%s\n", left, "", text);
}

static void print_help(struct parser *p)
{
	FILE *out = p->out;
	fprintf(out, "Usage: %s [options] file...\n", p->prog);
	fprintf(out, "solder links relocatable ELF objects and archives into a static, fixed-address\n"
	             "image for riscv64, riscv32, x86_64 and i386, taking GNU ld's options.\n");
	fprintf(out, "Options:\n");
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct opt_def *d = &options[i];
		if (!d->help || !d->help[0])
			continue;
		char left[160] = "";
		if (d->short_name)
			help_spelling(left, sizeof(left), d, 1);
		if (d->name) {
			if (left[0])
				strcat(left, ", ");
			help_spelling(left, sizeof(left), d, 0);
		}
		for (size_t j = i + 1; j < NOPTIONS && !options[j].help; j++) {
			strcat(left, ", ");
			help_spelling(left, sizeof(left), &options[j], 0);
		}
		help_line(out, left, d->help);
	}
	help_line(out, "@FILE", "Read options from FILE");
	help_line(out, "-z max-page-size=SIZE", "Set maximum page size to SIZE");
	help_line(out, "-z common-page-size=SIZE", "Accepted (a power of two)");
	help_line(out, "-z execstack", "Mark executable as requiring executable stack");
	help_line(out, "-z noexecstack", "Mark executable as not requiring executable stack (default)");
	help_line(out, "-z relro, -z norelro", "Accepted (a static image has no dynamic relocations)");
	help_line(out, "-z now, -z lazy", "Accepted (a static image has no PLT)");
	help_line(out, "-z separate-code", "Accepted");
	help_line(out, "-z noseparate-code", "Accepted");
	fprintf(out, "%s: supported targets:", p->prog);
	for (size_t i = 0; i < NEMULATIONS; i++)
		fprintf(out, " %s", emulations[i].bfd_name);
	fprintf(out, "\n%s: supported emulations: %s\n", p->prog, emulation_list());
}

/* ---- options */

static void handle(struct parser *p, const struct opt_def *d, const char *v)
{
	struct ld_options *opt = p->opt;
	uint64_t n;
	const char *name, *value;

	switch ((enum opt_id)d->id) {
	case OPT_IGNORE:
		break;
	case OPT_OUTPUT:
		opt->output = v;
		break;
	case OPT_ENTRY:
		opt->entry = v;
		break;
	case OPT_EMULATION: {
		const struct ld_target *lt = ld_target_for_emulation(v);
		if (lt)
			opt->target = lt;
		else
			ld_error(&p->ctx, "-m %s: unknown emulation; supported emulations: %s", v, emulation_list());
		break;
	}
	case OPT_LIBRARY_PATH:
		LD_PUSH(opt->lib_dirs, v);
		break;
	case OPT_LIBRARY:
		add_input(p, LD_IN_LIB, v);
		break;
	case OPT_SCRIPT:
		LD_PUSH(opt->scripts, v);
		break;
	case OPT_START_GROUP:
		if (p->group_depth)
			ld_error(&p->ctx, "%s: groups may not be nested", p->spelled);
		else {
			p->group_depth++;
			add_input(p, LD_IN_GROUP_START, NULL);
		}
		break;
	case OPT_END_GROUP:
		if (!p->group_depth)
			ld_error(&p->ctx, "%s: group ended before it began", p->spelled);
		else {
			p->group_depth--;
			add_input(p, LD_IN_GROUP_END, NULL);
		}
		break;
	case OPT_WHOLE_ARCHIVE:
		set_whole_archive(p, 1);
		break;
	case OPT_NO_WHOLE_ARCHIVE:
		set_whole_archive(p, 0);
		break;
	case OPT_UNDEFINED:
		LD_PUSH(opt->undefined, v);
		break;
	case OPT_DEFSYM:
		if (split_assignment(p, v, &name, &value) == 0) {
			struct ld_defsym ds = { .name = name, .expr = value };
			LD_PUSH(opt->defsyms, ds);
		} else {
			ld_error(&p->ctx, "%s: '%s' is not SYMBOL=EXPRESSION", p->spelled, v);
		}
		break;
	case OPT_WRAP:
		LD_PUSH(opt->wrap, v);
		break;
	case OPT_TTEXT:
		add_section_start(p, ".text", v);
		break;
	case OPT_TDATA:
		add_section_start(p, ".data", v);
		break;
	case OPT_TBSS:
		add_section_start(p, ".bss", v);
		break;
	case OPT_SECTION_START:
		if (split_assignment(p, v, &name, &value) == 0)
			add_section_start(p, name, value);
		else
			ld_error(&p->ctx, "%s: '%s' is not SECTION=ADDRESS", p->spelled, v);
		break;
	case OPT_TTEXT_SEGMENT:
		/* The text segment is the first one, headers included: the image base. */
		if (number_arg(p, v, 1, &n) == 0) {
			opt->image_base = n;
			opt->has_image_base = 1;
		}
		break;
	case OPT_IMAGE_BASE:
		if (number_arg(p, v, 0, &n) == 0) {
			opt->image_base = n;
			opt->has_image_base = 1;
		}
		break;
	case OPT_GOT_ADDRESS:
		if (number_arg(p, v, 0, &n) == 0) {
			opt->got_addr = n;
			opt->has_got_addr = 1;
		}
		break;
	case OPT_BOARD:
		if (!*v || strlen(v) > 255)
			ld_error(&p->ctx, "%s: a board name is 1 to 255 characters", p->spelled);
		else
			opt->board = v;
		break;
	case OPT_ELF_CLASS:
		if (!strcmp(v, "32") || !strcmp(v, "64"))
			opt->elf_class = (uint8_t)atoi(v);
		else
			ld_error(&p->ctx, "%s: '%s' is not 32 or 64", p->spelled, v);
		break;
	case OPT_OMAGIC:
		opt->omagic = 1;
		opt->nmagic = 0;
		break;
	case OPT_NO_OMAGIC:
		opt->omagic = opt->nmagic = 0;
		break;
	case OPT_NMAGIC:
		opt->nmagic = 1;
		opt->omagic = 0;
		break;
	case OPT_RELAX:
		opt->relax = 1;
		break;
	case OPT_NO_RELAX:
		opt->relax = 0;
		break;
	case OPT_Z:
		z_keyword(p, v);
		break;
	case OPT_BUILD_ID:
		if (!v || !strcmp(v, "sha1") || !strcmp(v, "md5") || !strcmp(v, "uuid") || !strcmp(v, "tree")) {
			opt->build_id = 1;
		} else if (!strcmp(v, "none")) {
			opt->build_id = 0;
		} else if ((v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) && v[2] &&
		           strspn(v + 2, "0123456789abcdefABCDEF") == strlen(v + 2)) {
			opt->build_id = 1;
		} else {
			warn_later(p, "unrecognized --build-id style '%s' ignored", v);
		}
		break;
	case OPT_HASH_STYLE:
		if (strcmp(v, "sysv") && strcmp(v, "gnu") && strcmp(v, "both"))
			ld_error(&p->ctx, "%s: invalid hash style '%s' (sysv, gnu or both)", p->spelled, v);
		break;
	case OPT_EH_FRAME_HDR:
		opt->eh_frame_hdr = 1;
		break;
	case OPT_NO_EH_FRAME_HDR:
		opt->eh_frame_hdr = 0;
		break;
	case OPT_DISCARD_LOCALS:
	case OPT_DISCARD_ALL:
		/* ld_options has one knob: -x drops the .L locals as -X does and keeps the
		 * other locals (the image's symbols stay useful in a debugger). */
		opt->discard_locals = 1;
		break;
	case OPT_DISCARD_NONE:
		opt->discard_locals = 0;
		break;
	case OPT_STRIP_ALL:
		opt->strip_all = 1;
		break;
	case OPT_STRIP_DEBUG:
		opt->strip_debug = 1;
		break;
	case OPT_PUSH_STATE:
		LD_PUSH(p->pushed, p->state);
		break;
	case OPT_POP_STATE:
		if (!p->pushed.len) {
			ld_error(&p->ctx, "%s: no state pushed before popping", p->spelled);
		} else {
			struct input_state s = p->pushed.v[--p->pushed.len];
			if (s.whole_archive != p->state.whole_archive)
				set_whole_archive(p, s.whole_archive);
			p->state = s;
		}
		break;
	case OPT_PIE:
		set_link_type(p, LINK_PIE);
		break;
	case OPT_NO_PIE:
		set_link_type(p, LINK_EXEC);
		break;
	case OPT_SHARED:
		set_link_type(p, LINK_SHARED);
		break;
	case OPT_RELOCATABLE:
		set_link_type(p, LINK_RELOCATABLE);
		break;
	case OPT_EMIT_RELOCS:
		ld_error(&p->ctx, "%s: " STATIC_IMAGES "; relocations are not kept in the output", p->spelled);
		break;
	case OPT_UNRESOLVED:
		if (!strcmp(v, "ignore-all"))
			p->ignore_in_objects = p->ignore_in_shlibs = 1;
		else if (!strcmp(v, "report-all"))
			p->ignore_in_objects = p->ignore_in_shlibs = 0;
		else if (!strcmp(v, "ignore-in-object-files"))
			p->ignore_in_objects = 1, p->ignore_in_shlibs = 0;
		else if (!strcmp(v, "ignore-in-shared-libs"))
			p->ignore_in_objects = 0, p->ignore_in_shlibs = 1;
		else
			ld_error(&p->ctx, "%s: unknown method '%s' (ignore-all, report-all, "
			         "ignore-in-object-files or ignore-in-shared-libs)", p->spelled, v);
		break;
	case OPT_NO_UNDEFINED:
		p->ignore_in_objects = 0;
		break;
	case OPT_ALLOW_SHLIB_UNDEFINED:
		p->ignore_in_shlibs = 1;
		break;
	case OPT_NO_ALLOW_SHLIB_UNDEFINED:
		p->ignore_in_shlibs = 0;
		break;
	case OPT_NOINHIBIT_EXEC:
		opt->noinhibit_exec = 1;
		break;
	case OPT_FATAL_WARNINGS:
		opt->fatal_warnings = 1;
		break;
	case OPT_NO_FATAL_WARNINGS:
		opt->fatal_warnings = 0;
		break;
	case OPT_SORT_COMMON:
		if (v && strcmp(v, "ascending") && strcmp(v, "descending"))
			ld_error(&p->ctx, "%s: invalid common section sorting option '%s' (ascending or descending)",
			         p->spelled, v);
		break;
	case OPT_JUST_SYMBOLS: {
		/* GNU ld reads -R DIRECTORY as -rpath (nothing to do here). */
		struct stat st;
		if (stat(v, &st) != 0 || !S_ISDIR(st.st_mode))
			ld_error(&p->ctx, "%s %s: symbols-only inputs are not supported", p->spelled, v);
		break;
	}
	case OPT_SYSROOT:
		p->sysroot = v;
		break;
	case OPT_EB:
		ld_error(&p->ctx, "%s: solder links little-endian targets only", p->spelled);
		break;
	case OPT_VERBOSE:
		if (v && read_number(v, 0, &n) != 0)
			ld_error(&p->ctx, "%s: invalid number '%s'", p->spelled, v);
		print_version(p, 1);
		opt->verbose = 1;
		break;
	case OPT_TRACE:
		opt->trace = 1;
		break;
	case OPT_V:
		print_version(p, 0);
		break;
	case OPT_V_EMULATIONS:
		print_version(p, 1);
		break;
	case OPT_VERSION:
		print_version(p, 0);
		p->done = 1;
		break;
	case OPT_HELP:
		print_help(p);
		p->done = 1;
		break;
	case OPT_ORPHAN_HANDLING:
		if (!strcmp(v, "place"))
			opt->orphan_handling = LD_ORPHAN_PLACE;
		else if (!strcmp(v, "warn"))
			opt->orphan_handling = LD_ORPHAN_WARN;
		else if (!strcmp(v, "error"))
			opt->orphan_handling = LD_ORPHAN_ERROR;
		else if (!strcmp(v, "discard"))
			opt->orphan_handling = LD_ORPHAN_DISCARD;
		else
			ld_error(&p->ctx, "%s: unknown mode '%s' (place, warn, error or discard)", p->spelled, v);
		break;
	case OPT_PRINT_MEMORY_USAGE:
		opt->print_memory_usage = 1;
		break;
	case OPT_MAP:
		opt->map_file = v;
		break;
	case OPT_PRINT_MAP:
		opt->map_file = "-";
		break;
	case OPT_CREF:
		opt->cref = 1;
		break;
	case OPT_GDB_INDEX:
		opt->gdb_index = 1;
		break;
	case OPT_NO_GDB_INDEX:
		opt->gdb_index = 0;
		break;
	case OPT_GC_SECTIONS:
		opt->gc_sections = 1;
		break;
	case OPT_NO_GC_SECTIONS:
		opt->gc_sections = 0;
		break;
	case OPT_PRINT_GC_SECTIONS:
		opt->print_gc_sections = 1;
		break;
	case OPT_NO_PRINT_GC_SECTIONS:
		opt->print_gc_sections = 0;
		break;
	case OPT_FORMAT:
		bfd_target_arg(p, v, 1);
		break;
	case OPT_OFORMAT:
		bfd_target_arg(p, v, 0);
		break;
	}
}

static const struct opt_def *find_short(char c)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

/* Two table entries are spellings of one option when they do the same thing; the
 * catch-all id (accepted and ignored) does not make
 * different options one. */
static int same_option(const struct opt_def *a, const struct opt_def *b)
{
	return a->id == b->id && a->id != OPT_IGNORE;
}

/* The long option named by the first len characters of body: an exact name, else the
 * only option (see same_option) that it abbreviates. With one dash, the
 * EXACTLY_TWO_DASHES options are out of reach. NULL when there is none; *ambiguous is
 * set when body abbreviates several (GNU ld refuses those, "-st" too). */
static const struct opt_def *find_long(const char *body, size_t len, int one_dash, int *ambiguous)
{
	const struct opt_def *found = NULL;
	*ambiguous = 0;
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct opt_def *d = &options[i];
		if (!d->name || (one_dash && d->dashes == EXACTLY_TWO_DASHES) || strncmp(d->name, body, len))
			continue;
		if (!d->name[len]) {
			*ambiguous = 0;
			return d;
		}
		if (found && !same_option(found, d))
			*ambiguous = 1;
		found = d;
	}
	return *ambiguous ? NULL : found;
}

/* The next argument, as the value of the option just read; NULL after reporting when
 * there is none. */
static const char *next_value(struct parser *p)
{
	if (p->next < p->args.len)
		return p->args.v[p->next++];
	ld_error(&p->ctx, "%s: missing argument", p->spelled);
	return NULL;
}

static void spell(struct parser *p, const char *text, size_t len)
{
	snprintf(p->spelled, sizeof(p->spelled), "%.*s", (int)len, text);
}

static void parse_option(struct parser *p, const char *a)
{
	// GNU ld reads "-lNAME" as --library=NAME before anything else, so that a NAME
	// like "ibrary" is not taken for the long option.
	if (a[1] == 'l' && a[2]) {
		spell(p, a, 2);
		handle(p, find_short('l'), a + 2);
		return;
	}

	int two = a[1] == '-';
	const char *body = a + 1 + two;
	const char *eq = strchr(body, '=');
	size_t len = eq ? (size_t)(eq - body) : strlen(body);

	// A long option: "--name", "--name=value", and with one dash unless that is a
	// lone short option ("-s").
	if (two || a[2]) {
		int ambiguous;
		const struct opt_def *d = find_long(body, len, !two, &ambiguous);
		if (d) {
			spell(p, a, (size_t)(body - a) + len);
			if (d->arg == NO_ARG && eq) {
				ld_error(&p->ctx, "%s: takes no argument", p->spelled);
				return;
			}
			const char *v = eq ? eq + 1 : d->arg == REQ_ARG ? next_value(p) : NULL;
			if (d->arg != REQ_ARG || v)
				handle(p, d, v);
			return;
		}
		if (two || ambiguous) {
			ld_error(&p->ctx, "unknown argument '%s'", a);
			return;
		}
	}

	// A short option, its value attached ("-Tlink.ld") or the next argument.
	const struct opt_def *d = find_short(a[1]);
	if (!d || (d->arg == NO_ARG && a[2])) {
		ld_error(&p->ctx, "unknown argument '%s'", a);
		return;
	}
	spell(p, a, 2);
	const char *v = d->arg == NO_ARG ? NULL : a[2] ? a + 2 : next_value(p);
	if (d->arg == NO_ARG || v)
		handle(p, d, v);
}

/* ---- after the last argument */

/* -L=DIR and -L$SYSROOT/DIR name DIR under --sysroot (or under / without one). */
static void apply_sysroot(struct parser *p)
{
	const char *root = p->sysroot ? p->sysroot : "";
	for (uint32_t i = 0; i < p->opt->lib_dirs.len; i++) {
		const char *dir = p->opt->lib_dirs.v[i], *rest;
		if (dir[0] == '=')
			rest = dir + 1;
		else if (!strncmp(dir, "$SYSROOT", 8))
			rest = dir + 8;
		else
			continue;
		size_t n = strlen(root) + strlen(rest) + 1;
		char *full = own(p, ld_xrealloc(NULL, n));
		snprintf(full, n, "%s%s", root, rest);
		p->opt->lib_dirs.v[i] = full;
	}
}

static void finish(struct parser *p)
{
	if (p->group_depth) {
		warn_later(p, "missing --end-group; added as last command line option");
		add_input(p, LD_IN_GROUP_END, NULL);
	}
	switch (p->link_type) {
	case LINK_EXEC:
		break;
	case LINK_PIE:
		ld_error(&p->ctx, "%s: " STATIC_IMAGES "; link with -static or -no-pie", p->link_type_spelled);
		break;
	case LINK_SHARED:
		ld_error(&p->ctx, "%s: " STATIC_IMAGES "; shared libraries are not supported", p->link_type_spelled);
		break;
	case LINK_RELOCATABLE:
		ld_error(&p->ctx, "%s: " STATIC_IMAGES "; relocatable output is not supported", p->link_type_spelled);
		break;
	}
	static const enum ld_unresolved unresolved[2][2] = {
		{ LD_UNRES_REPORT_ALL, LD_UNRES_IGNORE_IN_SHARED_LIBS },
		{ LD_UNRES_IGNORE_IN_OBJECT_FILES, LD_UNRES_IGNORE_ALL },
	};
	p->opt->unresolved = unresolved[p->ignore_in_objects][p->ignore_in_shlibs];
	apply_sysroot(p);
	if (!p->opt->inputs.len && !p->version_printed && !p->ctx.errors)
		ld_error(&p->ctx, "no input files");
}

/* ---- entry points */

enum ldopt_result ldopt_parse(struct ldopt_cmdline *cl, int argc, char *const *argv, const char *prog,
                              FILE *out)
{
	memset(cl, 0, sizeof(*cl));
	struct ld_options *opt = &cl->opt;
	opt->output = "a.out";
	opt->entry = "_start";
	opt->relax = 1;
	opt->discard_locals = 1;
	opt->unresolved = LD_UNRES_REPORT_ALL;

	struct parser p = { .cl = cl, .opt = opt, .ctx = { .opt = opt }, .prog = prog, .out = out };
	for (int i = 1; i < argc; i++)
		expand_arg(&p, argv[i], 0);

	int only_inputs = 0;
	while (p.next < p.args.len && !p.done) {
		const char *a = p.args.v[p.next++];
		if (only_inputs || a[0] != '-' || !a[1])
			add_input(&p, LD_IN_FILE, a);
		else if (!strcmp(a, "--"))
			only_inputs = 1;
		else
			parse_option(&p, a);
	}
	if (!p.done)
		finish(&p);

	for (uint32_t i = 0; i < p.warnings.len; i++)
		ld_warn(&p.ctx, "%s", p.warnings.v[i]);
	LD_FREE(p.warnings);
	LD_FREE(p.pushed);
	LD_FREE(p.args);

	if (p.ctx.errors)
		return LDOPT_ERROR;
	if (p.done || !opt->inputs.len)
		return LDOPT_EXIT_OK;
	return LDOPT_LINK;
}

void ldopt_free(struct ldopt_cmdline *cl)
{
	struct ld_options *opt = &cl->opt;
	LD_FREE(opt->inputs);
	LD_FREE(opt->lib_dirs);
	LD_FREE(opt->undefined);
	LD_FREE(opt->wrap);
	LD_FREE(opt->defsyms);
	LD_FREE(opt->section_starts);
	LD_FREE(opt->scripts);
	for (uint32_t i = 0; i < cl->owned.len; i++)
		free(cl->owned.v[i]);
	LD_FREE(cl->owned);
}
