/*
 * test_cli.c: GNU ld's command line, parsed by toolchain/ld_options.c into struct
 * ld_options.
 *
 * The argument lists are the ones gcc's collect2 passes (gcc -v shows them) and the
 * spellings GNU ld 2.40 accepts; what each must mean was checked against GNU ld
 * itself (ld, riscv64-unknown-elf-ld): "-Ttext 1000" places .text at 0x1000, "-omagic"
 * writes a file named "magic", "-st" is refused as ambiguous. Diagnostics are captured
 * from stderr and compared whole. Reproduce a failure with `make unit`.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream, dup */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../toolchain/ld_options.h"

/* ---- helpers */

static struct ldopt_cmdline cl;
static enum ldopt_result result;
static char out_text[8192];   /* what the parser printed on stdout (help, version) */
static char err_text[4096];   /* what it printed on stderr */

/* Parses argv (NULL-terminated, argv[0] included) into cl, capturing both streams. */
static void parse(const char *const *argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	ldopt_free(&cl);

	char *out_buf = NULL;
	size_t out_len = 0;
	FILE *out = open_memstream(&out_buf, &out_len);
	FILE *err = tmpfile();
	fflush(stderr);
	int saved = dup(2);
	dup2(fileno(err), 2);
	result = ldopt_parse(&cl, argc, (char *const *)argv, "ld", out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	fclose(out);
	snprintf(out_text, sizeof(out_text), "%s", out_buf ? out_buf : "");
	free(out_buf);
	rewind(err);
	size_t n = fread(err_text, 1, sizeof(err_text) - 1, err);
	err_text[n] = '\0';
	fclose(err);
}
#define PARSE(...) parse((const char *const[]){ "ld", __VA_ARGS__, NULL })

static void expect_str_at(int line, const char *what, const char *got, const char *want)
{
	int ok = got && want ? !strcmp(got, want) : got == want;
	if (!ok)
		printf("\n  test_cli.c:%d: %s: expected '%s', got '%s'\n", line, what, want ? want : "(null)",
		       got ? got : "(null)");
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_STR(what, got, want) expect_str_at(__LINE__, what, got, want)

static void expect_u64_at(int line, const char *what, uint64_t got, uint64_t want)
{
	if (got != want)
		printf("\n  test_cli.c:%d: %s: expected 0x%llx, got 0x%llx\n", line, what, (unsigned long long)want,
		       (unsigned long long)got);
	CU_ASSERT_EQUAL(got, want);
}
#define EXPECT_U64(what, got, want) expect_u64_at(__LINE__, what, got, want)

static void expect_result_at(int line, enum ldopt_result want)
{
	if (result != want)
		printf("\n  test_cli.c:%d: result %d, expected %d; stderr: %s\n", line, result, want, err_text);
	CU_ASSERT_EQUAL(result, want);
}
#define EXPECT_RESULT(want) expect_result_at(__LINE__, want)

/* The inputs as one string: "F:x.o L:c ( ) W N" for file, library, group start and
 * end, whole-archive on and off. */
static const char *inputs(void)
{
	static char buf[1024];
	buf[0] = '\0';
	for (uint32_t i = 0; i < cl.opt.inputs.len; i++) {
		const struct ld_input *in = &cl.opt.inputs.v[i];
		size_t n = strlen(buf);
		const char *sep = i ? " " : "";
		switch (in->kind) {
		case LD_IN_FILE: snprintf(buf + n, sizeof(buf) - n, "%sF:%s", sep, in->arg); break;
		case LD_IN_LIB: snprintf(buf + n, sizeof(buf) - n, "%sL:%s", sep, in->arg); break;
		case LD_IN_GROUP_START: snprintf(buf + n, sizeof(buf) - n, "%s(", sep); break;
		case LD_IN_GROUP_END: snprintf(buf + n, sizeof(buf) - n, "%s)", sep); break;
		case LD_IN_WHOLE_ARCHIVE: snprintf(buf + n, sizeof(buf) - n, "%sW", sep); break;
		case LD_IN_NO_WHOLE_ARCHIVE: snprintf(buf + n, sizeof(buf) - n, "%sN", sep); break;
		}
	}
	return buf;
}

/* ---- defaults and gcc's lines */

static void test_defaults_for_a_lone_object(void)
{
	PARSE("x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("output", cl.opt.output, "a.out");
	EXPECT_STR("entry", cl.opt.entry, "_start");
	EXPECT_STR("inputs", inputs(), "F:x.o");
	CU_ASSERT_PTR_NULL(cl.opt.target);
	CU_ASSERT_EQUAL(cl.opt.relax, 1);
	CU_ASSERT_EQUAL(cl.opt.discard_locals, 1);
	CU_ASSERT_EQUAL(cl.opt.unresolved, LD_UNRES_REPORT_ALL);
	CU_ASSERT_EQUAL(cl.opt.build_id, 0);
	EXPECT_STR("stderr", err_text, "");
}

static void test_gcc_static_x86_64_line(void)
{
	/* gcc -v -static -nostdlib x.o -o t, Debian gcc 12 */
	PARSE("-plugin", "/usr/lib/gcc/x86_64-linux-gnu/12/liblto_plugin.so",
	      "-plugin-opt=/usr/lib/gcc/x86_64-linux-gnu/12/lto-wrapper", "-plugin-opt=-fresolution=/tmp/cc.res",
	      "-plugin-opt=-pass-through=-lgcc", "--build-id", "-m", "elf_x86_64", "--hash-style=gnu", "--as-needed",
	      "-static", "-o", "t", "crt1.o", "-L/usr/lib/gcc/x86_64-linux-gnu/12", "-L/lib/x86_64-linux-gnu", "x.o",
	      "--start-group", "-lgcc", "-lgcc_eh", "-lc", "--end-group", "crtend.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_PTR_EQUAL(cl.opt.target, ld_target_for_emulation("elf_x86_64"));
	CU_ASSERT_PTR_NOT_NULL(cl.opt.target);
	EXPECT_STR("output", cl.opt.output, "t");
	CU_ASSERT_EQUAL(cl.opt.build_id, 1);
	EXPECT_STR("inputs", inputs(), "F:crt1.o F:x.o ( L:gcc L:gcc_eh L:c ) F:crtend.o");
	CU_ASSERT_EQUAL(cl.opt.lib_dirs.len, 2);
	if (cl.opt.lib_dirs.len == 2)
		EXPECT_STR("second -L", cl.opt.lib_dirs.v[1], "/lib/x86_64-linux-gnu");
	EXPECT_STR("stderr", err_text, "");
}

static void test_riscv_line_with_attached_emulation(void)
{
	/* riscv64-unknown-elf-gcc -v -nostdlib rv.o: "-melf64lriscv" in one word */
	PARSE("-plugin", "liblto_plugin.so", "-plugin-opt=lto-wrapper", "-melf64lriscv", "-o", "t", "-L/usr/lib/gcc",
	      "rv.o", "--relax", "-s");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_PTR_EQUAL(cl.opt.target, ld_target_for_emulation("elf64lriscv"));
	CU_ASSERT_PTR_NOT_NULL(cl.opt.target);
	CU_ASSERT_EQUAL(cl.opt.strip_all, 1);
	EXPECT_STR("inputs", inputs(), "F:rv.o");
}

static void test_default_pie_line_is_refused(void)
{
	PARSE("--eh-frame-hdr", "-m", "elf_x86_64", "-dynamic-linker", "/lib64/ld-linux-x86-64.so.2", "-pie", "Scrt1.o",
	      "x.o", "--push-state", "--as-needed", "-lgcc_s", "--pop-state", "-lc");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text,
	           "solder: error: -pie: solder makes static, fixed-address images; link with -static or -no-pie\n");
}

static void test_pie_then_no_pie_links(void)
{
	PARSE("-pie", "x.o", "-no-pie");
	EXPECT_RESULT(LDOPT_LINK);
}

static void test_shared_and_relocatable_are_refused(void)
{
	PARSE("-shared", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text,
	           "solder: error: -shared: solder makes static, fixed-address images; shared libraries are not supported\n");
	PARSE("-r", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
}

/* ---- spellings */

static void test_ttext_and_section_start_are_hex_with_or_without_0x(void)
{
	PARSE("-Ttext", "1000", "-Tdata=0x2000", "--Tbss", "3000", "--section-start=.vectors=10",
	      "--section-start", ".boot = 0x20", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL_FATAL(cl.opt.section_starts.len, 5);
	const struct ld_section_start *s = cl.opt.section_starts.v;
	EXPECT_STR("-Ttext name", s[0].name, ".text");
	EXPECT_U64("-Ttext 1000", s[0].addr, 0x1000);
	EXPECT_STR("-Tdata name", s[1].name, ".data");
	EXPECT_U64("-Tdata=0x2000", s[1].addr, 0x2000);
	EXPECT_STR("-Tbss name", s[2].name, ".bss");
	EXPECT_U64("--Tbss 3000", s[2].addr, 0x3000);
	EXPECT_STR("--section-start name", s[3].name, ".vectors");
	EXPECT_U64("--section-start .vectors=10", s[3].addr, 0x10);
	EXPECT_STR("spaced --section-start name", s[4].name, ".boot");
	EXPECT_U64("spaced --section-start", s[4].addr, 0x20);
}

static void test_ttext_refuses_a_non_hex_digit(void)
{
	PARSE("-Ttext", "12g", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: -Ttext: invalid hex number '12g'\n");
}

static void test_image_base_and_got_address_are_decimal_unless_0x(void)
{
	PARSE("--image-base", "4096", "--got-address=0x80000000", "--elf-class=32", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL(cl.opt.has_image_base, 1);
	EXPECT_U64("--image-base 4096", cl.opt.image_base, 4096);
	CU_ASSERT_EQUAL(cl.opt.has_got_addr, 1);
	EXPECT_U64("--got-address", cl.opt.got_addr, 0x80000000);
	CU_ASSERT_EQUAL(cl.opt.elf_class, 32);

	PARSE("-Ttext-segment=400000", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_U64("-Ttext-segment (hex)", cl.opt.image_base, 0x400000);
}

static void test_library_spellings(void)
{
	PARSE("-lfoo", "-l", "bar", "-l:libx.a", "--library=baz", "--library", "qux", "-library");
	EXPECT_RESULT(LDOPT_LINK);
	/* GNU ld reads "-library" as -l ibrary, never as --library. */
	EXPECT_STR("inputs", inputs(), "L:foo L:bar L::libx.a L:baz L:qux L:ibrary");
}

static void test_groups_and_whole_archive_markers_keep_their_order(void)
{
	PARSE("-(", "a.a", "-)", "--whole-archive", "w.a", "--push-state", "--no-whole-archive", "n.a", "--pop-state",
	      "w2.a", "--no-whole-archive", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("inputs", inputs(), "( F:a.a ) W F:w.a N F:n.a W F:w2.a N F:x.o");
}

static void test_unclosed_group_is_closed_with_a_warning(void)
{
	PARSE("--start-group", "a.a", "b.a");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("inputs", inputs(), "( F:a.a F:b.a )");
	EXPECT_STR("stderr", err_text, "solder: warning: missing --end-group; added as last command line option\n");
}

static void test_group_and_state_misuse_is_reported(void)
{
	PARSE("--end-group", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: --end-group: group ended before it began\n");
	PARSE("--pop-state", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: --pop-state: no state pushed before popping\n");
}

static void test_one_dash_long_options_and_abbreviations(void)
{
	PARSE("-static", "-Bstatic", "-nostdlib", "-ent", "main", "--no-rel", "--strip-d", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("-ent is --entry", cl.opt.entry, "main");
	CU_ASSERT_EQUAL(cl.opt.relax, 0);
	CU_ASSERT_EQUAL(cl.opt.strip_debug, 1);
}

static void test_omagic_needs_two_dashes(void)
{
	PARSE("-omagic", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("-omagic is -o magic", cl.opt.output, "magic");
	CU_ASSERT_EQUAL(cl.opt.omagic, 0);
	PARSE("--omagic", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL(cl.opt.omagic, 1);
	EXPECT_STR("output", cl.opt.output, "a.out");
}

static void test_ambiguous_abbreviation_is_unknown(void)
{
	PARSE("-st", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: unknown argument '-st'\n");
}

static void test_unknown_argument_message(void)
{
	PARSE("--frobnicate", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: unknown argument '--frobnicate'\n");
}

static void test_missing_argument_message(void)
{
	PARSE("x.o", "-o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: -o: missing argument\n");
	PARSE("x.o", "--defsym");
	EXPECT_STR("stderr", err_text, "solder: error: --defsym: missing argument\n");
}

static void test_no_argument_option_refuses_a_value(void)
{
	PARSE("--strip-all=1", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: --strip-all: takes no argument\n");
}

static void test_double_dash_ends_the_options(void)
{
	PARSE("--", "-weird.o", "-");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("inputs", inputs(), "F:-weird.o F:-");
}

static void test_unknown_emulation_lists_the_supported_ones(void)
{
	PARSE("-m", "elf_foo", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text,
	           "solder: error: -m elf_foo: unknown emulation; supported emulations: "
	           "elf64lriscv elf32lriscv elf_x86_64 elf_i386\n");
}

/* ---- values */

static void test_defsym_wrap_and_undefined(void)
{
	PARSE("--defsym=foo=0x10", "--defsym", "bar = foo+4", "--wrap=malloc", "--wrap", "free", "-u", "a",
	      "--undefined=b", "-uc", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL_FATAL(cl.opt.defsyms.len, 2);
	EXPECT_STR("defsym name", cl.opt.defsyms.v[0].name, "foo");
	EXPECT_STR("defsym expr", cl.opt.defsyms.v[0].expr, "0x10");
	EXPECT_STR("spaced defsym name", cl.opt.defsyms.v[1].name, "bar");
	EXPECT_STR("spaced defsym expr", cl.opt.defsyms.v[1].expr, "foo+4");
	CU_ASSERT_EQUAL_FATAL(cl.opt.wrap.len, 2);
	EXPECT_STR("wrap", cl.opt.wrap.v[1], "free");
	CU_ASSERT_EQUAL_FATAL(cl.opt.undefined.len, 3);
	EXPECT_STR("-uc", cl.opt.undefined.v[2], "c");

	PARSE("--defsym", "foo", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: --defsym: 'foo' is not SYMBOL=EXPRESSION\n");
}

static void test_z_keywords(void)
{
	PARSE("-z", "max-page-size=0x1000", "-z", "relro", "-znow", "-z", "execstack", "-z", "separate-code", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_U64("max-page-size", cl.opt.max_page_size, 0x1000);
	CU_ASSERT_EQUAL(cl.opt.execstack, 1);
	EXPECT_STR("stderr", err_text, "");

	PARSE("-z", "execstack", "-z", "noexecstack", "-z", "frob", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL(cl.opt.execstack, 0);
	EXPECT_STR("stderr", err_text, "solder: warning: -z frob ignored\n");

	PARSE("--fatal-warnings", "-z", "frob", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);

	PARSE("-z", "max-page-size=3000", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text, "solder: error: -z max-page-size: invalid page size '3000' (a power of two)\n");
}

static void test_build_id_styles(void)
{
	PARSE("--build-id", "x.o");
	CU_ASSERT_EQUAL(cl.opt.build_id, 1);
	PARSE("--build-id=sha1", "--build-id=none", "x.o");
	CU_ASSERT_EQUAL(cl.opt.build_id, 0);
	PARSE("--build-id=0x1234abcd", "x.o");
	CU_ASSERT_EQUAL(cl.opt.build_id, 1);
	/* "--build-id sha1": the style can only follow '=', so sha1 is an input. */
	PARSE("--build-id", "sha1");
	EXPECT_STR("inputs", inputs(), "F:sha1");
}

static void test_unresolved_symbols_settings(void)
{
	PARSE("--unresolved-symbols=ignore-all", "x.o");
	CU_ASSERT_EQUAL(cl.opt.unresolved, LD_UNRES_IGNORE_ALL);
	PARSE("--unresolved-symbols=ignore-all", "--no-undefined", "x.o");
	CU_ASSERT_EQUAL(cl.opt.unresolved, LD_UNRES_IGNORE_IN_SHARED_LIBS);
	PARSE("--unresolved-symbols=ignore-in-object-files", "x.o");
	CU_ASSERT_EQUAL(cl.opt.unresolved, LD_UNRES_IGNORE_IN_OBJECT_FILES);
	PARSE("--allow-shlib-undefined", "x.o");
	CU_ASSERT_EQUAL(cl.opt.unresolved, LD_UNRES_IGNORE_IN_SHARED_LIBS);
	PARSE("--unresolved-symbols=some", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
}

static void test_orphan_handling_modes(void)
{
	PARSE("x.o");
	CU_ASSERT_EQUAL(cl.opt.orphan_handling, LD_ORPHAN_PLACE);
	PARSE("--orphan-handling=warn", "x.o");
	CU_ASSERT_EQUAL(cl.opt.orphan_handling, LD_ORPHAN_WARN);
	PARSE("--orphan-handling", "error", "x.o");
	CU_ASSERT_EQUAL(cl.opt.orphan_handling, LD_ORPHAN_ERROR);
	EXPECT_STR("inputs", inputs(), "F:x.o");
	PARSE("--orphan-handling=discard", "--orphan-handling=place", "x.o");
	CU_ASSERT_EQUAL(cl.opt.orphan_handling, LD_ORPHAN_PLACE);
	PARSE("--orphan-handling=keep", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
}

static void test_flags(void)
{
	PARSE("-N", "-x", "-S", "--eh-frame-hdr", "--noinhibit-exec", "-t", "--fatal-warnings", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL(cl.opt.omagic, 1);
	CU_ASSERT_EQUAL(cl.opt.discard_locals, 1);
	CU_ASSERT_EQUAL(cl.opt.strip_debug, 1);
	CU_ASSERT_EQUAL(cl.opt.eh_frame_hdr, 1);
	CU_ASSERT_EQUAL(cl.opt.noinhibit_exec, 1);
	CU_ASSERT_EQUAL(cl.opt.trace, 1);
	CU_ASSERT_EQUAL(cl.opt.fatal_warnings, 1);
	PARSE("-n", "--discard-none", "x.o");
	CU_ASSERT_EQUAL(cl.opt.nmagic, 1);
	CU_ASSERT_EQUAL(cl.opt.discard_locals, 0);
}

static void test_dynamic_only_options_are_accepted(void)
{
	PARSE("-rpath", "/x", "-rpath-link=/y", "--dynamic-linker=/lib/ld.so", "--enable-new-dtags", "-O2", "-O", "1",
	      "-g", "-EL", "--sort-common", "-Bdynamic", "--no-gc-sections", "--no-warn-rwx-segments", "-flto",
	      "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("stderr", err_text, "");
	EXPECT_STR("inputs", inputs(), "F:x.o");
}

static void test_next_milestone_options_are_refused(void)
{
	PARSE("--oformat", "elf64-littleriscv", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	PARSE("-T", "link.ld", "-Tother.ld", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL_FATAL(cl.opt.scripts.len, 2);
	EXPECT_STR("-Tother.ld", cl.opt.scripts.v[1], "other.ld");
}

static void test_gc_options_set_the_gc_flags(void)
{
	PARSE("--gc-sections", "--print-gc-sections", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("stderr", err_text, "");
	CU_ASSERT_EQUAL(cl.opt.gc_sections, 1);
	CU_ASSERT_EQUAL(cl.opt.print_gc_sections, 1);
	PARSE("-gc-sections", "--no-gc-sections", "--print-gc-sections", "--no-print-gc-sections", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL(cl.opt.gc_sections, 0);
	CU_ASSERT_EQUAL(cl.opt.print_gc_sections, 0);
	PARSE("x.o");
	CU_ASSERT_EQUAL(cl.opt.gc_sections, 0);
}

static void test_map_options_set_map_file_and_cref(void)
{
	PARSE("-Map=out.map", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("-Map=", cl.opt.map_file, "out.map");
	CU_ASSERT_EQUAL(cl.opt.cref, 0);
	PARSE("--Map", "other.map", "--cref", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("--Map", cl.opt.map_file, "other.map");
	CU_ASSERT_EQUAL(cl.opt.cref, 1);
	PARSE("-M", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("-M", cl.opt.map_file, "-");
	PARSE("--print-map", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("--print-map", cl.opt.map_file, "-");
	EXPECT_STR("stderr", err_text, "");
}

static void test_oformat_names_the_output_format(void)
{
	static const struct {
		const char *name;
		enum ld_oformat want;
	} cases[] = {
		{ "binary", LD_OFORMAT_BINARY }, { "ihex", LD_OFORMAT_IHEX }, { "srec", LD_OFORMAT_SREC },
		{ "c", LD_OFORMAT_C }, { "elf64-littleriscv", LD_OFORMAT_ELF }, { "elf32-i386", LD_OFORMAT_ELF },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		PARSE("--oformat", cases[i].name, "x.o");
		EXPECT_RESULT(LDOPT_LINK);
		EXPECT_U64(cases[i].name, cl.opt.oformat, cases[i].want);
	}
	PARSE("--oformat=ihex", "--oformat", "elf64-x86-64", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_U64("the last --oformat wins", cl.opt.oformat, LD_OFORMAT_ELF);
	PARSE("--oformat", "tekhex", "x.o");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text,
	           "solder: error: --oformat tekhex: unsupported output format: solder writes elf64-littleriscv, "
	           "elf32-littleriscv, elf64-x86-64, elf32-i386, binary, ihex, srec and c\n");
}

/* GNU ld's -b applies to the input files after it, up to the next -b. */
static void test_b_binary_marks_the_files_that_follow(void)
{
	PARSE("a.o", "-b", "binary", "x.txt", "--format=binary", "y.bin", "-b", "elf64-littleriscv", "b.o",
	      "-bbinary", "z.bin", "-b", "default", "c.o");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("inputs", inputs(), "F:a.o F:x.txt F:y.bin F:b.o F:z.bin F:c.o");
	char marks[16] = "";
	for (uint32_t i = 0; i < cl.opt.inputs.len && i < sizeof(marks) - 1; i++)
		marks[i] = cl.opt.inputs.v[i].binary ? 'B' : '-';
	EXPECT_STR("binary marks", marks, "-BB-B-");
	PARSE("-b", "ihex", "x.hex");
	EXPECT_RESULT(LDOPT_ERROR);
	EXPECT_STR("stderr", err_text,
	           "solder: error: -b ihex: unsupported input format: solder reads elf64-littleriscv, "
	           "elf32-littleriscv, elf64-x86-64, elf32-i386, default and binary\n");
}

static void test_sysroot_prefixes_equals_dirs(void)
{
	PARSE("-L=/lib", "--sysroot=/sr", "-L$SYSROOT/usr/lib", "-L/plain", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_EQUAL_FATAL(cl.opt.lib_dirs.len, 3);
	EXPECT_STR("-L=/lib", cl.opt.lib_dirs.v[0], "/sr/lib");
	EXPECT_STR("-L$SYSROOT", cl.opt.lib_dirs.v[1], "/sr/usr/lib");
	EXPECT_STR("-L/plain", cl.opt.lib_dirs.v[2], "/plain");
}

static void test_response_file_words_and_quotes(void)
{
	char dir[] = "/tmp/solder-cli-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char outer[64], inner[64], outer_arg[80], inner_arg[80];
	snprintf(outer, sizeof(outer), "%s/outer", dir);
	snprintf(inner, sizeof(inner), "%s/inner", dir);
	snprintf(outer_arg, sizeof(outer_arg), "@%s", outer);
	snprintf(inner_arg, sizeof(inner_arg), "@%s", inner);
	FILE *f = fopen(outer, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fprintf(f, "-o \"out file\"\n  --defsym 'a = 1' %s x\\ y.o\n", inner_arg);
	fclose(f);
	f = fopen(inner, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fprintf(f, "-lm\n");
	fclose(f);

	PARSE(outer_arg, "@/nonexistent/rsp");
	EXPECT_RESULT(LDOPT_LINK);
	EXPECT_STR("output", cl.opt.output, "out file");
	/* An @FILE that cannot be read stays an argument, then an input of that name. */
	EXPECT_STR("inputs", inputs(), "L:m F:x y.o F:@/nonexistent/rsp");
	CU_ASSERT_EQUAL_FATAL(cl.opt.defsyms.len, 1);
	EXPECT_STR("defsym expr", cl.opt.defsyms.v[0].expr, "1");
	remove(outer);
	remove(inner);
	rmdir(dir);
}

/* ---- version and help */

static void test_version_line_passes_libtools_gnu_check(void)
{
	PARSE("-v");
	EXPECT_RESULT(LDOPT_EXIT_OK);
	EXPECT_STR("-v", out_text, "solder " SOLDER_VERSION " (compatible with GNU linkers)\n");
	/* libtool: case `$LD -v 2>&1 </dev/null` in *GNU* | *'with BFD'*) gnu ld */
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "GNU"));

	PARSE("--version", "--frobnicate");
	EXPECT_RESULT(LDOPT_EXIT_OK);

	PARSE("-v", "x.o");
	EXPECT_RESULT(LDOPT_LINK);
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "compatible with GNU linkers"));
}

static void test_help_reflects_what_solder_does(void)
{
	PARSE("--help");
	EXPECT_RESULT(LDOPT_EXIT_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "Usage: ld [options] file..."));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "\nld: supported targets: elf64-littleriscv elf32-littleriscv "
	                                        "elf64-x86-64 elf32-i386\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "\nld: supported emulations: elf64lriscv"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "--build-id"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "--whole-archive"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "-Map FILE"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "--cref"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "--gc-sections"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out_text, "--print-gc-sections"));
	CU_ASSERT_PTR_NULL(strstr(out_text, " -pie"));
	CU_ASSERT_PTR_NULL(strstr(out_text, " -shared"));
}

static int cleanup(void)
{
	ldopt_free(&cl);
	return 0;
}

void suite_cli(void)
{
	CU_pSuite s = CU_add_suite("cli", NULL, cleanup);
	CU_add_test(s, "defaults for a lone object", test_defaults_for_a_lone_object);
	CU_add_test(s, "gcc -static x86_64 collect2 line", test_gcc_static_x86_64_line);
	CU_add_test(s, "riscv line with -melf64lriscv attached", test_riscv_line_with_attached_emulation);
	CU_add_test(s, "gcc's default PIE line is refused", test_default_pie_line_is_refused);
	CU_add_test(s, "-pie then -no-pie links", test_pie_then_no_pie_links);
	CU_add_test(s, "-shared and -r are refused", test_shared_and_relocatable_are_refused);
	CU_add_test(s, "-Ttext and --section-start are hex", test_ttext_and_section_start_are_hex_with_or_without_0x);
	CU_add_test(s, "-Ttext refuses a non-hex digit", test_ttext_refuses_a_non_hex_digit);
	CU_add_test(s, "--image-base and --got-address are decimal unless 0x",
	            test_image_base_and_got_address_are_decimal_unless_0x);
	CU_add_test(s, "library spellings", test_library_spellings);
	CU_add_test(s, "group and whole-archive markers keep their order",
	            test_groups_and_whole_archive_markers_keep_their_order);
	CU_add_test(s, "unclosed group is closed with a warning", test_unclosed_group_is_closed_with_a_warning);
	CU_add_test(s, "group and state misuse is reported", test_group_and_state_misuse_is_reported);
	CU_add_test(s, "one-dash long options and abbreviations", test_one_dash_long_options_and_abbreviations);
	CU_add_test(s, "--omagic needs two dashes", test_omagic_needs_two_dashes);
	CU_add_test(s, "ambiguous abbreviation is unknown", test_ambiguous_abbreviation_is_unknown);
	CU_add_test(s, "unknown argument message", test_unknown_argument_message);
	CU_add_test(s, "missing argument message", test_missing_argument_message);
	CU_add_test(s, "an option without a value refuses one", test_no_argument_option_refuses_a_value);
	CU_add_test(s, "-- ends the options", test_double_dash_ends_the_options);
	CU_add_test(s, "unknown emulation lists the supported ones", test_unknown_emulation_lists_the_supported_ones);
	CU_add_test(s, "--defsym, --wrap and -u", test_defsym_wrap_and_undefined);
	CU_add_test(s, "-z keywords", test_z_keywords);
	CU_add_test(s, "--build-id styles", test_build_id_styles);
	CU_add_test(s, "--unresolved-symbols settings", test_unresolved_symbols_settings);
	CU_add_test(s, "--orphan-handling modes", test_orphan_handling_modes);
	CU_add_test(s, "flags", test_flags);
	CU_add_test(s, "dynamic-only options are accepted", test_dynamic_only_options_are_accepted);
	CU_add_test(s, "next-milestone options are refused", test_next_milestone_options_are_refused);
	CU_add_test(s, "--gc-sections and --print-gc-sections set the gc flags", test_gc_options_set_the_gc_flags);
	CU_add_test(s, "-Map, -M and --cref set the map options", test_map_options_set_map_file_and_cref);
	CU_add_test(s, "--oformat names the output format", test_oformat_names_the_output_format);
	CU_add_test(s, "-b binary marks the files that follow", test_b_binary_marks_the_files_that_follow);
	CU_add_test(s, "--sysroot prefixes -L=DIR", test_sysroot_prefixes_equals_dirs);
	CU_add_test(s, "@FILE words and quotes", test_response_file_words_and_quotes);
	CU_add_test(s, "version line passes libtool's GNU check", test_version_line_passes_libtools_gnu_check);
	CU_add_test(s, "--help reflects what solder does", test_help_reflects_what_solder_does);
}
