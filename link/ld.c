/*
 * ld.c: the object linker's pass list, its diagnostics and the small helpers every
 * pass shares. Each pass lives in its own file (see ld.h) and only this file calls
 * them, in this order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"
#include "script.h"

void *ld_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		ld_fatal("out of memory (asked for %zu bytes)", size);
	return q;
}

static void vreport(const char *kind, const char *fmt, va_list ap)
{
	char line[4096];
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "solder: %s: %s\n", kind, line);
}

void ld_error(struct ld_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	ctx->errors++;
}

void ld_warn(struct ld_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(ctx->opt->fatal_warnings ? "error" : "warning", fmt, ap);
	va_end(ap);
	if (ctx->opt->fatal_warnings)
		ctx->errors++;
	else
		ctx->warnings++;
}

_Noreturn void ld_fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	exit(1);
}

void ld_diag(struct ld_ctx *ctx, struct diag *d)
{
	if (!d->count)
		return;
	fprintf(stderr, "solder: error: %s\n", d->msg);
	ctx->errors += d->count;
	diag_reset(d);
}

const char *ld_where(struct ld_ctx *ctx, uint32_t isec, uint64_t off, char *buf, size_t size)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	snprintf(buf, size, "%s:(%s+0x%llx)", ctx->files.v[s->file].name, s->name, (unsigned long long)off);
	return buf;
}

/* Stops the link after a pass that reported errors: later passes would only repeat
 * them or trip over what is missing. --noinhibit-exec goes on to write the image. */
static int checkpoint(struct ld_ctx *ctx)
{
	return ctx->errors && !ctx->opt->noinhibit_exec;
}

static void free_ctx(struct ld_ctx *ctx)
{
	/* an implicit script that became the script is freed with the others */
	for (uint32_t i = 0; i < ctx->implicit_scripts.len; i++)
		if (ctx->implicit_scripts.v[i] == ctx->script)
			ctx->script = NULL;
	sl_free(ctx);
	if (ctx->script)
		ls_free(ctx->script);
	for (uint32_t i = 0; i < ctx->implicit_scripts.len; i++)
		ls_free(ctx->implicit_scripts.v[i]);
	LD_FREE(ctx->implicit_scripts);
	eh_frame_free(ctx);
	lay_free(ctx);
	res_free(ctx);
	in_free(ctx);
}

enum { EM_386_ = 3, EM_X86_64_ = 62 };

/* The output's ELF class and machine: the target's, unless --elf-class or an ELF
 * --oformat asks for another container. */
static void choose_container(struct ld_ctx *ctx)
{
	const struct ld_options *opt = ctx->opt;
	uint16_t m = ctx->t->e_machine;
	if (opt->oformat_name && opt->oformat_machine != m && !(m == EM_X86_64_ && opt->oformat_machine == EM_386_))
		ld_error(ctx, "--oformat %s: the inputs are for another machine (e_machine %u)", opt->oformat_name, m);
	else if (opt->oformat_name && !opt->elf_class)
		ctx->elf_class = opt->oformat_class;
	if (opt->elf_class)
		ctx->elf_class = opt->elf_class;
	ctx->e_machine = m == EM_X86_64_ && ctx->elf_class == 32 ? EM_386_ : m;
}

int ld_link(struct ld_options *opt)
{
	struct ld_ctx ctx = { .opt = opt };
	int rc = 1;

	// Map and parse every input; archives are indexed, their members wait to be pulled.
	// -T: the script's ENTRY, INPUT, GROUP, SEARCH_DIR and EXTERN act as options.
	if (opt->scripts.len) {
		if (opt->scripts.len > 1)
			ld_error(&ctx, "%s: only one -T script is supported", opt->scripts.v[1]);
		ctx.script = ls_parse_file(&ctx, opt->scripts.v[0]);
		if (!ctx.script)
			goto out;
		sl_commands(&ctx);
	}
	in_read_inputs(&ctx);
	if (!ctx.errors && !ctx.lt)
		ld_error(&ctx, "no input files");
	if (checkpoint(&ctx) || !ctx.lt)
		goto out;
	// --build-id and --board: notes the linker makes, as an input of their own.
	in_add_linker_notes(&ctx);
	// --elf-class 32 or --oformat elf32-i386: x86_64 code in an ELF32 container for
	// loaders that take only ELF32 with EM_386 (QEMU's and GRUB's multiboot loaders).
	choose_container(&ctx);
	if (ctx.script)
		sl_check_target(&ctx);

	// One global symbol table: pull archive members on demand, pick the winning
	// definitions, drop duplicate COMDAT groups, apply --wrap, --defsym and -u.
	res_resolve(&ctx);
	if (checkpoint(&ctx))
		goto out;

	// A script's SECTIONS decide where each input section goes (and which are
	// discarded or kept) before dead sections are collected.
	if (ctx.script && ctx.script->has_sections)
		sl_prepare(&ctx);
	if (opt->gc_sections)
		gc_sections(&ctx);
	if (checkpoint(&ctx))
		goto out;

	// Group input sections into output sections (the script's, or the default layout).
	lay_create_sections(&ctx);
	// .eh_frame as GNU ld makes it: identical CIEs merged, FDEs of discarded
	// functions dropped, records trimmed and padded (before the scan sees relocations).
	eh_frame_prepare(&ctx);
	// Let the target look at every relocation: GOT slots, unknown types.
	lay_scan_relocs(&ctx);
	if (checkpoint(&ctx))
		goto out;

	// Addresses, then relaxation until nothing shrinks (R_RISCV_ALIGN is honoured
	// even with --no-relax); every round of deletions needs fresh addresses.
	lay_assign_addresses(&ctx);
	if (ctx.lt->relax) {
		int round = 0;
		while (round < 32 && ctx.lt->relax(&ctx, !opt->relax)) {
			lay_assign_addresses(&ctx);
			round++;
		}
		// Still shrinking after 32 rounds: stop optional relaxation, but alignment
		// is not optional, so one last mandatory round.
		if (round == 32 && ctx.lt->relax(&ctx, 1))
			lay_assign_addresses(&ctx);
	}
	if (checkpoint(&ctx))
		goto out;

	// ASSERTs, memory regions that overflowed, --print-memory-usage.
	if (ctx.sl)
		sl_finish(&ctx);
	if (checkpoint(&ctx))
		goto out;

	// Undefined symbols, and symbols whose section was discarded, are reported once,
	// with the places that refer to them.
	res_report_undefined(&ctx);
	res_report_discarded(&ctx);
	if (checkpoint(&ctx))
		goto out;

	// Relocate and write the image into a temporary file that replaces the output
	// only when everything succeeded.
	// The map first: every address is final, and a map that cannot be written
	// stops the link before the output is replaced, as in GNU ld.
	if (opt->map_file && map_write(&ctx) != 0 && !opt->noinhibit_exec)
		goto out;
	if (out_write(&ctx) == 0 && (!ctx.errors || opt->noinhibit_exec))
		rc = ctx.errors ? 1 : 0;
out:
	free_ctx(&ctx);
	return rc;
}
