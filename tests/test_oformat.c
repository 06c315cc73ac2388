/*
 * test_oformat.c: --oformat binary/ihex/srec/c (link/oformat.c) on small ELF images
 * built here, and -b binary objects (link/binary_input.c).
 *
 * The expected ihex and srec texts are what `objcopy -O ihex|srec` writes for the same
 * images (they were made by dumping each image and running objcopy on it).
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../link/ld.h"

/* ---- a small ELF32 little-endian image: sections grouped into PT_LOAD segments */

struct t_sec {
	const char *name;
	uint32_t type;           /* 1 PROGBITS, 8 NOBITS */
	uint32_t addr, size;
	uint8_t fill;            /* contents: fill, fill+1, ... */
	uint32_t seg;            /* 1-based PT_LOAD, or 0 */
	uint32_t offset;         /* (computed) */
};
struct t_seg {
	uint32_t vaddr, paddr;   /* the segment starts at its first section's address */
	uint32_t offset, filesz, memsz; /* (computed) */
};

static void le16(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v, 0); }
static void le32(uint8_t *p, uint32_t v) { put32(p, v, 0); }

/* Builds the image into buf (zeroed, large enough) and returns its size. */
static uint32_t build_elf32(uint8_t *buf, uint32_t entry, struct t_sec *secs, uint32_t nsec, struct t_seg *segs,
                            uint32_t nseg)
{
	uint32_t off = 52 + 32 * nseg;
	off = (off + 15) & ~15u;
	for (uint32_t g = 0; g < nseg; g++) {
		struct t_seg *s = &segs[g];
		s->offset = off + (s->vaddr & 15);  /* p_offset = p_vaddr mod the alignment */
		s->filesz = s->memsz = 0;
		for (uint32_t i = 0; i < nsec; i++) {
			if (secs[i].seg != g + 1)
				continue;
			uint32_t end = secs[i].addr + secs[i].size - s->vaddr;
			secs[i].offset = s->offset + (secs[i].addr - s->vaddr);
			if (end > s->memsz)
				s->memsz = end;
			if (secs[i].type != 8 && end > s->filesz)
				s->filesz = end;
		}
		off = s->offset + s->filesz + 16;
	}
	for (uint32_t i = 0; i < nsec; i++) {
		if (!secs[i].seg) {
			secs[i].offset = off;
			off += secs[i].type == 8 ? 0 : secs[i].size;
		}
		if (secs[i].type != 8)
			for (uint32_t k = 0; k < secs[i].size; k++)
				buf[secs[i].offset + k] = (uint8_t)(secs[i].fill + k);
	}
	uint32_t strtab = off, stroff = 1;
	uint32_t names[16];
	for (uint32_t i = 0; i < nsec; i++) {
		names[i] = stroff;
		strcpy((char *)buf + strtab + stroff, secs[i].name);
		stroff += (uint32_t)strlen(secs[i].name) + 1;
	}
	uint32_t shstr_name = stroff;
	strcpy((char *)buf + strtab + stroff, ".shstrtab");
	stroff += 10;
	uint32_t shoff = (strtab + stroff + 3) & ~3u;

	memcpy(buf, "\177ELF\1\1\1", 7);
	le16(buf + 16, 2);      /* ET_EXEC */
	le16(buf + 18, 243);    /* EM_RISCV */
	le32(buf + 20, 1);
	le32(buf + 24, entry);
	le32(buf + 28, 52);
	le32(buf + 32, shoff);
	le16(buf + 40, 52);
	le16(buf + 42, 32);
	le16(buf + 44, (uint16_t)nseg);
	le16(buf + 46, 40);
	le16(buf + 48, (uint16_t)(nsec + 2));
	le16(buf + 50, (uint16_t)(nsec + 1));
	for (uint32_t g = 0; g < nseg; g++) {
		uint8_t *p = buf + 52 + 32 * g;
		le32(p, 1);
		le32(p + 4, segs[g].offset);
		le32(p + 8, segs[g].vaddr);
		le32(p + 12, segs[g].paddr);
		le32(p + 16, segs[g].filesz);
		le32(p + 20, segs[g].memsz);
		le32(p + 24, 6);
		le32(p + 28, 16);
	}
	for (uint32_t i = 0; i < nsec; i++) {
		uint8_t *p = buf + shoff + 40 * (i + 1);
		le32(p, names[i]);
		le32(p + 4, secs[i].type);
		le32(p + 8, 2 | 4);      /* SHF_ALLOC | SHF_EXECINSTR */
		le32(p + 12, secs[i].addr);
		le32(p + 16, secs[i].offset);
		le32(p + 20, secs[i].size);
		le32(p + 32, 1);
	}
	uint8_t *p = buf + shoff + 40 * (nsec + 1);
	le32(p, shstr_name);
	le32(p + 4, 3);
	le32(p + 16, strtab);
	le32(p + 20, stroff);
	le32(p + 32, 1);
	return shoff + 40 * (nsec + 2);
}

/* ---- running of_write */

static char dir[64];
static struct ld_options opt;
static struct ld_ctx ctx;

static void reset(enum ld_oformat fmt)
{
	memset(&opt, 0, sizeof(opt));
	memset(&ctx, 0, sizeof(ctx));
	opt.oformat = fmt;
	ctx.opt = &opt;
	if (!dir[0]) {
		strcpy(dir, "/tmp/solder-oformat-XXXXXX");
		CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	}
}

/* Reads a whole file; *size gets its length. */
static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	if (size)
		*size = n;
	return buf;
}

static char path[128];

/* of_write of the image to dir/name; returns the file's text (NUL-terminated). */
static char *convert(const uint8_t *img, uint32_t size, const char *name, size_t *out_size)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	CU_ASSERT_EQUAL(of_write(&ctx, img, size, path), 0);
	CU_ASSERT_EQUAL(ctx.errors, 0);
	char *text = slurp(path, out_size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	return text;
}

static void expect_text(const char *what, const char *got, const char *want)
{
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want))
		printf("\n%s:\nexpected:\n%s\ngot:\n%s\n", what, want, got);
}

/* A .text at 0x100 and a .data whose LMA (0x180) follows it while it runs at 0x8000,
 * a .bss after .data; the entry is not at the start. */
static uint32_t lma_image(uint8_t *buf)
{
	struct t_sec secs[] = {
		{ .name = ".text", .type = 1, .addr = 0x100, .size = 0x22, .fill = 0x10, .seg = 1 },
		{ .name = ".rodata", .type = 1, .addr = 0x128, .size = 5, .fill = 0xa0, .seg = 1 },
		{ .name = ".data", .type = 1, .addr = 0x8000, .size = 0x14, .fill = 0x40, .seg = 2 },
		{ .name = ".bss", .type = 8, .addr = 0x8014, .size = 0x100, .seg = 2 },
	};
	struct t_seg segs[] = { { .vaddr = 0x100, .paddr = 0x100 }, { .vaddr = 0x8000, .paddr = 0x180 } };
	return build_elf32(buf, 0x110, secs, 4, segs, 2);
}

/* binary: from the lowest LMA, sections at their LMAs, the gap between .rodata's end
 * (0x12d) and .data's LMA (0x180) zero, and nothing for .bss. */
static void test_binary_places_sections_at_their_lma(void)
{
	static uint8_t img[4096];
	memset(img, 0, sizeof(img));
	uint32_t size = lma_image(img);
	reset(LD_OFORMAT_BINARY);
	size_t n;
	const uint8_t *b = (const uint8_t *)convert(img, size, "lma.bin", &n);
	CU_ASSERT_EQUAL_FATAL(n, 0x180 + 0x14 - 0x100);
	CU_ASSERT_EQUAL(b[0], 0x10);
	CU_ASSERT_EQUAL(b[0x21], 0x31);
	CU_ASSERT_EQUAL(b[0x22], 0);            /* padding between .text and .rodata */
	CU_ASSERT_EQUAL(b[0x28], 0xa0);
	CU_ASSERT_EQUAL(b[0x2d], 0);
	CU_ASSERT_EQUAL(b[0x7f], 0);
	CU_ASSERT_EQUAL(b[0x80], 0x40);
	CU_ASSERT_EQUAL(b[0x93], 0x53);
}

/* ihex: one record run per section, no base record below 64 KiB, the entry as a type
 * 03 (CS:IP) record. */
static void test_ihex_is_objcopys(void)
{
	static uint8_t img[4096];
	memset(img, 0, sizeof(img));
	uint32_t size = lma_image(img);
	reset(LD_OFORMAT_IHEX);
	expect_text("ihex", convert(img, size, "lma.hex", NULL),
	            ":10010000101112131415161718191A1B1C1D1E1F77\r\n"
	            ":10011000202122232425262728292A2B2C2D2E2F67\r\n"
	            ":0201200030317C\r\n"
	            ":05012800A0A1A2A3A4A8\r\n"
	            ":10018000404142434445464748494A4B4C4D4E4FF7\r\n"
	            ":040190005051525325\r\n"
	            ":0400000300000110E8\r\n"
	            ":00000001FF\r\n");
}

/* A section across 64 KiB: the record is cut at the boundary and a segment base (02)
 * record follows; an entry above 1 MiB is a linear (05) start record. */
static void test_ihex_splits_at_64k(void)
{
	static uint8_t img[4096];
	memset(img, 0, sizeof(img));
	struct t_sec secs[] = { { .name = ".text", .type = 1, .addr = 0xfff8, .size = 0x14, .fill = 1, .seg = 1 } };
	struct t_seg segs[] = { { .vaddr = 0xfff8, .paddr = 0xfff8 } };
	uint32_t size = build_elf32(img, 0x123456, secs, 1, segs, 1);
	reset(LD_OFORMAT_IHEX);
	expect_text("ihex at 64 KiB", convert(img, size, "split.hex", NULL),
	            ":08FFF8000102030405060708DD\r\n"
	            ":020000021000EC\r\n"
	            ":0C000000090A0B0C0D0E0F101112131446\r\n"
	            ":04000005001234565B\r\n"
	            ":00000001FF\r\n");
}

/* srec: S0 holds the path (at most 40 bytes); addresses up to 0xffff are S1 with an S9
 * end record. */
static void test_srec_is_objcopys(void)
{
	static uint8_t img[4096];
	memset(img, 0, sizeof(img));
	uint32_t size = lma_image(img);
	reset(LD_OFORMAT_SREC);
	char *text = convert(img, size, "image-with-a-long-name-cut-at-forty.srec", NULL);
	char *body = strchr(text, '\n');
	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	expect_text("srec", body + 1,
	            "S1130100101112131415161718191A1B1C1D1E1F73\r\n"
	            "S1130110202122232425262728292A2B2C2D2E2F63\r\n"
	            "S1050120303178\r\n"
	            "S1080128A0A1A2A3A4A4\r\n"
	            "S1130180404142434445464748494A4B4C4D4E4FF3\r\n"
	            "S10701905051525321\r\n"
	            "S9030110EB\r\n");
	/* The header: the path, cut at 40 bytes. */
	size_t plen = strlen(path) < 40 ? strlen(path) : 40;
	char want[128];
	unsigned sum = (unsigned)plen + 3;
	int n = snprintf(want, sizeof(want), "S0%02X0000", (unsigned)plen + 3);
	for (size_t i = 0; i < plen; i++) {
		n += snprintf(want + n, sizeof(want) - (size_t)n, "%02X", (unsigned char)path[i]);
		sum += (unsigned char)path[i];
	}
	snprintf(want + n, sizeof(want) - (size_t)n, "%02X\r", ~sum & 0xff);
	CU_ASSERT_EQUAL(strncmp(text, want, strlen(want)), 0);
}

/* The C image: one array per segment with its LMA and sizes, the entry, the table. */
static void test_c_output_has_segments_and_entry(void)
{
	static uint8_t img[4096];
	memset(img, 0, sizeof(img));
	uint32_t size = lma_image(img);
	reset(LD_OFORMAT_C);
	char *text = convert(img, size, "image.c", NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "#include <stddef.h>\n#include <stdint.h>\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "const uint64_t solder_seg1_load_addr = 0x180u;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "const uint64_t solder_seg1_mem_size = 0x114u;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "const size_t solder_seg1_file_size = 0x14u;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "const uint8_t solder_seg1[0x14u] = {\n\t0x40, 0x41,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "const uint64_t solder_entry = 0x110u;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\t{ 0x100u, 0x2du, solder_seg0, 0x2du },\n"
	                                    "\t{ 0x180u, 0x114u, solder_seg1, 0x14u },\n};\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "const size_t solder_segment_count = 2;\n"));
	int includes = 0;
	for (const char *p = text; (p = strstr(p, "#include")) != NULL; p++)
		includes++;
	CU_ASSERT_EQUAL(includes, 2);
}

/* An address that does not fit in 32 bits is an error, and the file that was there
 * stays as it was, with no temporary file left. */
static void test_ihex_above_4g_fails_and_keeps_the_old_file(void)
{
	static uint8_t img[4096];
	memset(img, 0, sizeof(img));
	struct t_sec secs[] = { { .name = ".text", .type = 1, .addr = 0xfffffff0u, .size = 0x20, .seg = 1 } };
	struct t_seg segs[] = { { .vaddr = 0xfffffff0u, .paddr = 0xfffffff0u } };
	uint32_t size = build_elf32(img, 0, secs, 1, segs, 1);
	reset(LD_OFORMAT_IHEX);
	snprintf(path, sizeof(path), "%s/keep.hex", dir);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("old\n", f);
	fclose(f);
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	int rc = of_write(&ctx, img, size, path);
	fclose(stderr);
	stderr = saved;
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(ctx.errors, 1);
	expect_text("the old file", slurp(path, NULL), "old\n");
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "ls %s | grep -q solder-", dir);
	CU_ASSERT_NOT_EQUAL(system(cmd), 0);
}

/* ---- -b binary */

static void test_bin_make_object_mangles_the_path(void)
{
	reset(LD_OFORMAT_ELF);
	static const uint8_t bytes[5] = "hello";
	LD_PUSH(ctx.files, ((struct ld_file){ 0 }));
	LD_PUSH(ctx.isecs, ((struct ld_isec){ 0 }));
	/* An object before it: its sections are isecs 1 and 2. */
	LD_PUSH(ctx.files, ((struct ld_file){ .name = "a.o", .first_isec = 0, .nsec = 3, .is_object = 1 }));
	LD_PUSH(ctx.isecs, ((struct ld_isec){ .file = 1, .shndx = 1 }));
	LD_PUSH(ctx.isecs, ((struct ld_isec){ .file = 1, .shndx = 2 }));
	LD_PUSH(ctx.files, ((struct ld_file){ .name = "data/foo-1.txt", .path = "data/foo-1.txt", .data = bytes,
	                                      .size = sizeof(bytes) }));
	CU_ASSERT_EQUAL_FATAL(bin_make_object(&ctx, 2), 0);
	const struct ld_file *f = &ctx.files.v[2];
	CU_ASSERT_EQUAL(f->is_object, 1);
	CU_ASSERT_EQUAL(f->nsec, 2);
	CU_ASSERT_EQUAL_FATAL(f->first_isec + 1, 3);
	CU_ASSERT_EQUAL_FATAL(ctx.isecs.len, 4);
	const struct ld_isec *s = &ctx.isecs.v[3];
	CU_ASSERT_STRING_EQUAL(s->name, ".data");
	CU_ASSERT_EQUAL(s->file, 2);
	CU_ASSERT_EQUAL(s->shndx, 1);
	CU_ASSERT_EQUAL(s->sh_type, 1);          /* SHT_PROGBITS */
	CU_ASSERT_EQUAL(s->sh_flags, 3);         /* SHF_WRITE | SHF_ALLOC */
	CU_ASSERT_EQUAL(s->sh_addralign, 1);
	CU_ASSERT_EQUAL(s->size, 5);
	CU_ASSERT_PTR_EQUAL(s->data, bytes);
	CU_ASSERT_EQUAL(s->live, 1);
	CU_ASSERT_EQUAL_FATAL(f->nsyms, 4);
	CU_ASSERT_EQUAL(f->first_global, 1);
	CU_ASSERT_STRING_EQUAL(f->syms[1].name, "_binary_data_foo_1_txt_start");
	CU_ASSERT_STRING_EQUAL(f->syms[2].name, "_binary_data_foo_1_txt_end");
	CU_ASSERT_STRING_EQUAL(f->syms[3].name, "_binary_data_foo_1_txt_size");
	CU_ASSERT_EQUAL(f->syms[1].shndx, 1);
	CU_ASSERT_EQUAL(f->syms[1].value, 0);
	CU_ASSERT_EQUAL(f->syms[2].shndx, 1);
	CU_ASSERT_EQUAL(f->syms[2].value, 5);
	CU_ASSERT_EQUAL(f->syms[3].shndx, 0xfff1); /* SHN_ABS */
	CU_ASSERT_EQUAL(f->syms[3].value, 5);
	for (int i = 1; i < 4; i++)
		CU_ASSERT_EQUAL(f->syms[i].bind, 1); /* STB_GLOBAL */
	free(ctx.files.v[2].syms);
	LD_FREE(ctx.files);
	LD_FREE(ctx.isecs);
}

static int cleanup(void)
{
	if (dir[0]) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return 0;
}

void suite_oformat(void)
{
	CU_pSuite s = CU_add_suite("oformat", NULL, cleanup);
	CU_add_test(s, "binary places sections at their LMA", test_binary_places_sections_at_their_lma);
	CU_add_test(s, "ihex is objcopy's", test_ihex_is_objcopys);
	CU_add_test(s, "ihex splits records at 64 KiB", test_ihex_splits_at_64k);
	CU_add_test(s, "srec is objcopy's", test_srec_is_objcopys);
	CU_add_test(s, "C output has segments and the entry", test_c_output_has_segments_and_entry);
	CU_add_test(s, "ihex above 4 GiB fails and keeps the old file", test_ihex_above_4g_fails_and_keeps_the_old_file);
	CU_add_test(s, "-b binary mangles the path into symbol names", test_bin_make_object_mangles_the_path);
}
