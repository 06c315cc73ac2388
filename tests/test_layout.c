/*
 * test_layout.c: the object linker's layout helpers on hand-built link contexts:
 * what relaxation's byte deletion does to symbols, relocations and section-symbol
 * addends, and how SHF_MERGE string sections are deduplicated into one block.
 * Reproduce a failure with `make unit`.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "../link/ld.h"

enum { SHF_ALLOC = 2, SHF_EXECINSTR = 4, SHF_MERGE = 0x10, SHF_STRINGS = 0x20 };

/* One object file with `nsec` sections (index 0 unused) and room for symbols. */
static void one_file(struct ld_ctx *ctx, struct ld_options *opt, uint32_t nsec, struct ld_fsym *syms, uint32_t nsyms)
{
	memset(ctx, 0, sizeof(*ctx));
	memset(opt, 0, sizeof(*opt));
	ctx->opt = opt;
	ctx->lt = &ld_riscv64;
	ctx->t = ctx->lt->t;
	ctx->elf_class = 64;
	LD_PUSH(ctx->files, ((struct ld_file){ 0 }));
	LD_PUSH(ctx->isecs, ((struct ld_isec){ 0 }));
	struct ld_file f = { .name = "a.o", .is_object = 1, .first_isec = 0, .nsec = nsec,
	                     .syms = syms, .nsyms = nsyms, .first_global = nsyms };
	LD_PUSH(ctx->files, f);
	for (uint32_t i = 1; i < nsec; i++)
		LD_PUSH(ctx->isecs, ((struct ld_isec){ .file = 1, .shndx = i, .live = 1 }));
}

static void free_ctx(struct ld_ctx *ctx)
{
	lay_free(ctx);
	LD_FREE(ctx->files);
	LD_FREE(ctx->isecs);
	LD_FREE(ctx->syms);
}

/* Deleting 4 bytes at 8 of a 16-byte section: what follows moves down, a symbol that
 * spans the cut shrinks, relocations after it move, and section+addend references
 * to original offsets land on the moved bytes. */
static void test_delete_bytes_moves_symbols_relocs_addends(void)
{
	struct ld_ctx ctx;
	struct ld_options opt;
	struct ld_fsym syms[4] = {
		{ 0 },
		{ .name = "", .type = 3 /* STT_SECTION */, .shndx = 1 },
		{ .name = "f", .type = 2, .shndx = 1, .value = 0, .size = 12 },
		{ .name = "g", .type = 2, .shndx = 1, .value = 12, .size = 4 },
	};
	one_file(&ctx, &opt, 2, syms, 4);
	static const uint8_t bytes[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	struct ld_rel rels[2] = { { .offset = 4, .type = 17, .sym = 3 }, { .offset = 12, .type = 17, .sym = 2 } };
	struct ld_isec *s = &ctx.isecs.v[1];
	s->name = ".text";
	s->sh_type = 1;
	s->sh_flags = SHF_ALLOC | SHF_EXECINSTR;
	s->sh_addralign = 4;
	s->data = bytes;
	s->size = 16;
	s->rels = rels;
	s->nrels = 2;
	lay_create_sections(&ctx);
	lay_assign_addresses(&ctx);

	ld_delete_bytes(&ctx, 1, 8, 4);
	s = &ctx.isecs.v[1];
	CU_ASSERT_EQUAL(s->size, 12);
	CU_ASSERT_EQUAL(s->data[8], 12);
	CU_ASSERT_EQUAL(bytes[8], 8);               /* the input mapping is never written */
	CU_ASSERT_EQUAL(syms[2].size, 8);           /* f spanned the cut */
	CU_ASSERT_EQUAL(syms[3].value, 8);          /* g moved down */
	CU_ASSERT_EQUAL(rels[0].offset, 4);
	CU_ASSERT_EQUAL(rels[1].offset, 8);

	lay_assign_addresses(&ctx);
	int ok;
	uint64_t base = ld_isec_addr(&ctx, 1, 0);
	CU_ASSERT_EQUAL(ld_reloc_target(&ctx, 1, 1, 12, &ok), base + 8);   /* .text+12 was g */
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(ld_reloc_target(&ctx, 1, 1, 4, &ok), base + 4);    /* before the cut */
	CU_ASSERT_EQUAL(ld_reloc_target(&ctx, 1, 3, 0, &ok), base + 8);
	/* a second cut before the first: original offsets still map */
	ld_delete_bytes(&ctx, 1, 2, 2);
	CU_ASSERT_EQUAL(ld_reloc_target(&ctx, 1, 1, 12, &ok), base + 6);
	CU_ASSERT_EQUAL(ld_reloc_target(&ctx, 1, 1, 1, &ok), base + 1);
	free_ctx(&ctx);
}

/* Two string sections with a common string: the output holds it once and both
 * inputs' offsets map into the one block. */
static void test_merge_strings_deduplicates(void)
{
	struct ld_ctx ctx;
	struct ld_options opt;
	struct ld_fsym syms[2] = { { 0 }, { .name = "", .type = 3, .shndx = 2 } };
	one_file(&ctx, &opt, 3, syms, 2);
	static const char a[] = "hello\0world";          /* 12 bytes with both NULs */
	static const char b[] = "world\0hello\0again";   /* 18 bytes */
	for (int i = 1; i <= 2; i++) {
		struct ld_isec *s = &ctx.isecs.v[i];
		s->name = ".rodata.str1.1";
		s->sh_type = 1;
		s->sh_flags = SHF_ALLOC | SHF_MERGE | SHF_STRINGS;
		s->sh_entsize = 1;
		s->sh_addralign = 1;
		s->is_merge = 1;
		s->data = (const uint8_t *)(i == 1 ? a : b);
		s->size = i == 1 ? sizeof(a) : sizeof(b);
	}
	lay_create_sections(&ctx);
	lay_scan_relocs(&ctx);
	lay_assign_addresses(&ctx);
	/* one synthetic block: "hello\0world\0again\0" */
	uint32_t synth = ctx.isecs.len - 1;
	CU_ASSERT_EQUAL(ctx.isecs.v[synth].size, 18);
	CU_ASSERT_EQUAL(memcmp(ctx.isecs.v[synth].data, "hello\0world\0again", 18), 0);
	uint64_t base = ld_isec_addr(&ctx, synth, 0);
	CU_ASSERT_EQUAL(ld_isec_addr(&ctx, 2, 0), base + 6);    /* b's "world" is a's */
	CU_ASSERT_EQUAL(ld_isec_addr(&ctx, 2, 6), base + 0);    /* b's "hello" */
	CU_ASSERT_EQUAL(ld_isec_addr(&ctx, 2, 14), base + 14);  /* inside "again" */
	int ok;
	CU_ASSERT_EQUAL(ld_reloc_target(&ctx, 1, 1, 8, &ok), base + 2);   /* "llo" of b's hello */
	free_ctx(&ctx);
}

void suite_layout(void)
{
	CU_pSuite s = CU_add_suite("layout", NULL, NULL);
	CU_add_test(s, "delete_bytes moves symbols, relocations and addends", test_delete_bytes_moves_symbols_relocs_addends);
	CU_add_test(s, "merge strings deduplicates", test_merge_strings_deduplicates);
}
