/*
 * test_ehframe.c: .eh_frame merging (link/ehframe.c) on hand-made records, against
 * what GNU ld 2.40 makes of the same inputs (checked with ld, i686-linux-gnu-ld and
 * riscv64-unknown-elf-ld on GCC and GAS output: readelf -wf of both images).
 *
 * Each test builds objects as input.c leaves them (a .text and an .eh_frame each, the
 * .eh_frame's relocations sorted), places them in output sections as layout does,
 * runs eh_frame_prepare, and checks the bytes, sizes and relocations of each
 * .eh_frame block, then the CIE pointers eh_frame_write puts in once blocks have
 * addresses. Reproduce a failure with `make unit`.
 */
#include <CUnit/CUnit.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "../link/ld.h"

struct tb {
	struct ld_ctx ctx;
	struct ld_options opt;
};

static void tb_init(struct tb *t)
{
	memset(t, 0, sizeof(*t));
	t->ctx.opt = &t->opt;
	LD_PUSH(t->ctx.files, ((struct ld_file){ .name = "" }));
	LD_PUSH(t->ctx.isecs, ((struct ld_isec){ .name = "" }));
	LD_PUSH(t->ctx.osecs, ((struct ld_osec){ .name = "" }));
	LD_PUSH(t->ctx.osecs, ((struct ld_osec){ .name = ".text", .sh_addralign = 1, .addr = 0x1000 }));
	LD_PUSH(t->ctx.osecs, ((struct ld_osec){ .name = ".eh_frame", .sh_addralign = 1, .addr = 0x2000 }));
}

static void tb_free(struct tb *t)
{
	eh_frame_free(&t->ctx);
	for (uint32_t i = 0; i < t->ctx.files.len; i++) {
		free(t->ctx.files.v[i].syms);
		free(t->ctx.files.v[i].sec_syms);
		free(t->ctx.files.v[i].sec_syms_start);
	}
	for (uint32_t i = 0; i < t->ctx.isecs.len; i++) {
		struct ld_isec *s = &t->ctx.isecs.v[i];
		free(s->rels);
		free(s->deletes);
		if (s->owned_data)
			free((void *)s->data);
	}
	for (uint32_t i = 0; i < t->ctx.osecs.len; i++)
		LD_FREE(t->ctx.osecs.v[i].isecs);
	LD_FREE(t->ctx.files);
	LD_FREE(t->ctx.isecs);
	LD_FREE(t->ctx.osecs);
}

/* An object: section 1 is .text (in the output when text_live), section 2 .eh_frame
 * holding eh (copied, so the test owns nothing), symbol 1 .text's section symbol, 2 a
 * global named personality when given. Returns the .eh_frame's isec. */
static uint32_t tb_object(struct tb *t, const uint8_t *eh, uint32_t size, int text_live)
{
	uint32_t fi = t->ctx.files.len;
	struct ld_file f = { .name = "x.o", .is_object = 1, .elf_class = 64, .nsec = 3,
	                     .first_isec = t->ctx.isecs.len, .nsyms = 2, .first_global = 2 };
	f.syms = calloc(3, sizeof(struct ld_fsym));
	f.syms[1] = (struct ld_fsym){ .name = "", .shndx = 1, .type = STT_SECTION };
	LD_PUSH(t->ctx.files, f);
	LD_PUSH(t->ctx.isecs, ((struct ld_isec){ .name = "", .file = fi }));
	uint32_t text = t->ctx.isecs.len;
	LD_PUSH(t->ctx.isecs, ((struct ld_isec){ .file = fi, .shndx = 1, .name = ".text", .sh_type = SHT_PROGBITS,
	                                         .sh_flags = SHF_ALLOC | SHF_EXECINSTR, .sh_addralign = 1,
	                                         .size = 16, .live = (uint8_t)text_live,
	                                         .osec = text_live ? 1 : 0 }));
	if (text_live)
		LD_PUSH(t->ctx.osecs.v[1].isecs, text);
	uint8_t *copy = malloc(size);
	memcpy(copy, eh, size);
	uint32_t ehs = t->ctx.isecs.len;
	LD_PUSH(t->ctx.isecs, ((struct ld_isec){ .file = fi, .shndx = 2, .name = ".eh_frame", .sh_type = SHT_PROGBITS,
	                                         .sh_flags = SHF_ALLOC, .sh_addralign = 8, .data = copy,
	                                         .owned_data = 1, .size = size, .live = 1, .osec = 2 }));
	LD_PUSH(t->ctx.osecs.v[2].isecs, ehs);
	return ehs;
}

/* A global symbol of ehs's file (its personality routine), resolved to global g. */
static uint32_t tb_global(struct tb *t, uint32_t ehs, uint32_t g)
{
	struct ld_file *f = &t->ctx.files.v[t->ctx.isecs.v[ehs].file];
	f->syms[2] = (struct ld_fsym){ .name = "pers", .bind = STB_GLOBAL, .global = g };
	f->nsyms = 3;
	return 2;
}

static void tb_rel(struct tb *t, uint32_t ehs, uint64_t off, uint32_t sym, int64_t addend)
{
	struct ld_isec *s = &t->ctx.isecs.v[ehs];
	s->rels = realloc(s->rels, (s->nrels + 1) * sizeof(struct ld_rel));
	s->rels[s->nrels++] = (struct ld_rel){ .offset = off, .type = R_X86_64_PC32, .sym = sym, .addend = addend };
}

/* GCC's x86_64 CIE: "zR", pcrel sdata4 FDE pointers, two DW_CFA_nop of padding. */
static const uint8_t CIE[24] = { 0x14, 0, 0, 0, 0, 0, 0, 0, 1, 'z', 'R', 0, 1, 0x78, 0x10, 1, 0x1b,
                                 0x0c, 0x07, 0x08, 0x90, 0x01, 0, 0 };
/* A CIE with a personality routine ("zPR"): its pointer at offset 0x13. */
static const uint8_t CIE_P[32] = { 0x1c, 0, 0, 0, 0, 0, 0, 0, 1, 'z', 'P', 'R', 0, 1, 0x78, 0x10, 6, 0x9b,
                                   0, 0, 0, 0, 0x1b, 0x0c, 0x07, 0x08, 0x90, 0x01, 0, 0, 0, 0 };

/* An FDE at offset `at` of its section for the CIE at cie_at, with `nops` bytes of
 * padding after DW_CFA_advance_loc 4, DW_CFA_def_cfa_offset 16 (3 bytes). */
static uint32_t put_fde(uint8_t *p, uint32_t at, uint32_t cie_at, uint32_t nops)
{
	uint32_t len = 4 + 4 + 4 + 1 + 3 + nops;
	uint8_t *q = p + at;
	memset(q, 0, 4 + len);
	q[0] = (uint8_t)len;
	uint32_t ptr = at + 4 - cie_at;
	q[4] = (uint8_t)ptr;
	q[5] = (uint8_t)(ptr >> 8);
	q[12] = 0x10;                   /* pc_range */
	q[17] = 0x44;                   /* advance_loc 4 */
	q[18] = 0x0e;                   /* def_cfa_offset 16 */
	q[19] = 0x10;
	return at + 4 + len;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Two objects, each a CIE and one FDE (20 bytes, 8-aligned at the end): the second
 * CIE goes, its FDE points back into the first section after layout. */
static void test_identical_cie_in_a_later_section_is_merged(void)
{
	struct tb t;
	tb_init(&t);
	uint8_t eh[48];
	memcpy(eh, CIE, sizeof(CIE));
	CU_ASSERT_EQUAL(put_fde(eh, 24, 0, 4), 48);
	uint32_t a = tb_object(&t, eh, sizeof(eh), 1);
	tb_rel(&t, a, 32, 1, 0);
	uint32_t b = tb_object(&t, eh, sizeof(eh), 1);
	tb_rel(&t, b, 32, 1, 0);

	eh_frame_prepare(&t.ctx);
	const struct ld_isec *sa = &t.ctx.isecs.v[a], *sb = &t.ctx.isecs.v[b];
	CU_ASSERT_EQUAL(sa->size, 48);
	/* b: only its FDE, trimmed to 20 bytes (length 0x10), placed at 8 (last: no pad) */
	CU_ASSERT_EQUAL(sb->size, 20);
	CU_ASSERT_EQUAL(rd32(sb->data), 0x10);
	CU_ASSERT_EQUAL(sb->nrels, 1);
	CU_ASSERT_EQUAL(sb->rels[0].offset, 8);
	CU_ASSERT_EQUAL(sa->sh_addralign, 8);

	/* after layout: b right after a */
	((struct ld_isec *)sb)->off = 48;
	uint8_t out[20];
	memcpy(out, sb->data, 20);
	eh_frame_write(&t.ctx, b, out);
	CU_ASSERT_EQUAL(rd32(out + 4), 48 + 4);   /* back to a's CIE at 0 */
	tb_free(&t);
}

/* The FDE of a function whose section is not in the output goes with its
 * relocation; a CIE left without FDEs goes too, and an emptied section takes no
 * alignment padding. */
static void test_fde_of_discarded_function_and_unused_cie_go(void)
{
	struct tb t;
	tb_init(&t);
	uint8_t eh[48];
	memcpy(eh, CIE, sizeof(CIE));
	put_fde(eh, 24, 0, 4);
	uint32_t a = tb_object(&t, eh, sizeof(eh), 1);
	tb_rel(&t, a, 32, 1, 0);
	uint32_t b = tb_object(&t, eh, sizeof(eh), 0);   /* a discarded COMDAT copy */
	tb_rel(&t, b, 32, 1, 0);

	eh_frame_prepare(&t.ctx);
	const struct ld_isec *sb = &t.ctx.isecs.v[b];
	CU_ASSERT_EQUAL(sb->size, 0);
	CU_ASSERT_EQUAL(sb->nrels, 0);
	CU_ASSERT_EQUAL(sb->sh_addralign, 1);
	/* a is now the last non-empty section: trimmed, not padded */
	CU_ASSERT_EQUAL(t.ctx.isecs.v[a].size, 44);
	tb_free(&t);
}

/* CIEs whose personality relocations name different globals stay apart; the same
 * global in two files is one CIE. */
static void test_cie_personality_decides_merging(void)
{
	struct tb t;
	tb_init(&t);
	uint8_t eh[56];
	memcpy(eh, CIE_P, sizeof(CIE_P));
	CU_ASSERT_EQUAL(put_fde(eh, 32, 0, 4), 56);
	eh[32 + 16] = 0;   /* 'z' data length of the FDE: already 0 */
	uint32_t ehs[3];
	for (int i = 0; i < 3; i++) {
		ehs[i] = tb_object(&t, eh, sizeof(eh), 1);
		uint32_t p = tb_global(&t, ehs[i], i == 2 ? 7 : 5);
		tb_rel(&t, ehs[i], 0x12, p, 0);
		tb_rel(&t, ehs[i], 40, 1, 0);
	}
	eh_frame_prepare(&t.ctx);
	/* the CIE loses 4 of its 6 nops: 28 + 20 */
	CU_ASSERT_EQUAL(t.ctx.isecs.v[ehs[0]].size, 48);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[ehs[1]].size, 24);   /* FDE only, padded to 8 */
	CU_ASSERT_EQUAL(rd32(t.ctx.isecs.v[ehs[1]].data), 0x14);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[ehs[1]].nrels, 1);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[ehs[2]].size, 48);   /* its own CIE */
	CU_ASSERT_EQUAL(t.ctx.isecs.v[ehs[2]].nrels, 2);
	tb_free(&t);
}

/* Trailing DW_CFA_nop are trimmed to a 4-byte multiple in every record, and a section
 * that is not the last is padded to the first one's alignment by its last record. */
static void test_padding_is_trimmed_and_sections_padded_to_alignment(void)
{
	struct tb t;
	tb_init(&t);
	uint8_t eh[24 + 20 + 28];
	memcpy(eh, CIE, sizeof(CIE));
	uint32_t end = put_fde(eh, 24, 0, 0);      /* 20 bytes */
	CU_ASSERT_EQUAL(put_fde(eh, end, 0, 8), sizeof(eh));   /* 28 bytes, 8 of them nops */
	uint32_t a = tb_object(&t, eh, sizeof(eh), 1);
	tb_rel(&t, a, 32, 1, 0);
	tb_rel(&t, a, 52, 1, 8);
	uint32_t b = tb_object(&t, eh, sizeof(eh), 1);
	tb_rel(&t, b, 32, 1, 0);
	tb_rel(&t, b, 52, 1, 8);

	eh_frame_prepare(&t.ctx);
	const struct ld_isec *sa = &t.ctx.isecs.v[a], *sb = &t.ctx.isecs.v[b];
	/* a: 24 + 20 + 20 = 64, already 8-aligned */
	CU_ASSERT_EQUAL(sa->size, 64);
	CU_ASSERT_EQUAL(rd32(sa->data + 44), 0x10);
	CU_ASSERT_EQUAL(rd32(sa->data + 48), 48);   /* CIE pointer of the moved FDE */
	/* b: 20 + 20, last section, not padded */
	CU_ASSERT_EQUAL(sb->size, 40);
	CU_ASSERT_EQUAL(sb->rels[1].offset, 28);
	tb_free(&t);

	/* a section of 44 bytes before another is padded to 48 by its last FDE */
	tb_init(&t);
	a = tb_object(&t, eh, 44, 1);           /* CIE + one 20-byte FDE: 44, not 8-aligned */
	tb_rel(&t, a, 32, 1, 0);
	b = tb_object(&t, eh, sizeof(eh), 1);
	tb_rel(&t, b, 32, 1, 0);
	eh_frame_prepare(&t.ctx);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[a].size, 48);
	CU_ASSERT_EQUAL(rd32(t.ctx.isecs.v[a].data + 24), 0x14);   /* the FDE took the 4 bytes */
	CU_ASSERT_EQUAL(t.ctx.isecs.v[a].data[44], 0);
	tb_free(&t);
}

/* A section it cannot read (a length past the end) is left as it is, and its CIE is
 * not shared with the next section. */
static void test_unreadable_section_is_left_alone(void)
{
	struct tb t;
	tb_init(&t);
	uint8_t bad[48];
	memcpy(bad, CIE, sizeof(CIE));
	put_fde(bad, 24, 0, 4);
	bad[24] = 0x40;
	uint32_t a = tb_object(&t, bad, sizeof(bad), 0);
	tb_rel(&t, a, 32, 1, 0);
	uint8_t eh[48];
	memcpy(eh, CIE, sizeof(CIE));
	put_fde(eh, 24, 0, 4);
	uint32_t b = tb_object(&t, eh, sizeof(eh), 1);
	tb_rel(&t, b, 32, 1, 0);

	eh_frame_prepare(&t.ctx);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[a].size, 48);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[a].nrels, 1);
	CU_ASSERT_EQUAL(memcmp(t.ctx.isecs.v[a].data, bad, 48), 0);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[b].size, 44);   /* its own CIE, FDE trimmed */
	tb_free(&t);
}

void suite_ehframe(void)
{
	CU_pSuite s = CU_add_suite("ehframe", NULL, NULL);
	CU_add_test(s, "an identical CIE in a later section is merged", test_identical_cie_in_a_later_section_is_merged);
	CU_add_test(s, "the FDE of a discarded function and an unused CIE go",
	            test_fde_of_discarded_function_and_unused_cie_go);
	CU_add_test(s, "the personality relocation decides CIE merging", test_cie_personality_decides_merging);
	CU_add_test(s, "padding is trimmed, sections padded to the alignment",
	            test_padding_is_trimmed_and_sections_padded_to_alignment);
	CU_add_test(s, "an unreadable section is left alone", test_unreadable_section_is_left_alone);
}
