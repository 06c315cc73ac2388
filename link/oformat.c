/*
 * oformat.c: --oformat binary, ihex, srec and c: the finished ELF image turned into the
 * forms firmware is flashed, programmed or compiled in from.
 *
 * The reference is `objcopy -O binary|ihex|srec` of the same ELF image, byte for byte.
 * objcopy works on sections, not segments, and so does this file for the three
 * objcopy formats:
 *  - The bytes written are those of every SHF_ALLOC section that has contents
 *    (not SHT_NOBITS) and a size; padding between sections is not a section and is
 *    written as zeros (binary) or not at all (ihex, srec).
 *  - A section's address is its load address (LMA): BFD derives it from the PT_LOAD
 *    that holds the section's file bytes, as p_paddr + (sh_offset - p_offset); a
 *    section in no segment is loaded at its sh_addr.
 *  - ihex and srec records never span two sections: a section's last record is short
 *    and the next section starts a new one. Records hold 16 data bytes.
 *  - binary: a flat image from the lowest LMA to the end of the highest section.
 *  - ihex: a record never crosses a 64 KiB boundary; below 1 MiB the base is set with
 *    type 02 (extended segment address) records, above with type 04 (extended linear
 *    address); the entry, when it is not 0, is a type 03 (CS:IP, below 1 MiB) or 05
 *    (linear) record; type 01 ends the file. Lines end in CR LF.
 *  - srec: S0 holds the output path as given (at most 40 bytes); data records are S1,
 *    S2 or S3 for all of the file, the narrowest that holds the highest data address;
 *    the entry ends the file in the matching S9, S8 or S7 (truncated to its width, as
 *    objcopy does); no S5 count record. Lines end in CR LF.
 * Addresses above 4 GiB cannot be written in ihex or srec: that is an error naming the
 * section (objcopy reports the ihex case and truncates silently in srec).
 *
 * The C output has no objcopy counterpart. It is made from the program headers: each
 * PT_LOAD becomes an array of its file bytes with its load address and sizes, for a
 * boot loader, a test harness or a simulator that compiles the image in. The comment
 * at the top of the generated file documents its names (see c_preamble).
 *
 * Every format is written to a temporary file next to the output, which replaces the
 * output only once it is complete.
 */
#define _POSIX_C_SOURCE 200809L /* fdopen, fseeko, mkstemp */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "ld.h"

typedef unsigned long long ull;

enum {
	OF_PT_LOAD = 1,
	OF_SHT_NOBITS = 8,
	OF_SHF_ALLOC = 2,
	OF_PF_X = 1,
	OF_PF_W = 2,
	OF_PF_R = 4,
	OF_RECORD_LEN = 16,      /* data bytes per ihex/srec record: objcopy's default */
	OF_SREC_HEADER_MAX = 40, /* objcopy's limit on the S0 record's name */
};

/* ---- reading the image */

struct of_elf {
	const uint8_t *d;
	uint64_t size;
	int is64, be;
	uint64_t entry;
	uint64_t phoff, shoff;
	uint32_t phnum, phentsize, shnum, shentsize, shstrndx;
};

struct of_seg {
	uint64_t offset, vaddr, paddr, filesz, memsz;
	uint32_t type, flags;
};

/* A run of bytes to load: one section's contents (or, without section headers, one
 * segment's file bytes). */
struct of_chunk {
	uint64_t lma, size;
	const uint8_t *data;
	const char *name;        /* the section's name, for messages */
	uint32_t order;          /* in the section header table: keeps the sort stable */
};

static uint64_t rd(const struct of_elf *e, uint64_t off, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned shift = e->be ? 8 * (n - 1 - i) : 8 * i;
		v |= (uint64_t)e->d[off + i] << shift;
	}
	return v;
}

/* The image is solder's own output, so a failed check here is an internal error; it is
 * still checked, as everything read is. */
static int read_elf(struct ld_ctx *ctx, const uint8_t *d, uint64_t size, const char *path, struct of_elf *e)
{
	memset(e, 0, sizeof(*e));
	e->d = d;
	e->size = size;
	if (size < 52 || memcmp(d, "\177ELF", 4) || (d[4] != 1 && d[4] != 2) || (d[5] != 1 && d[5] != 2)) {
		ld_error(ctx, "%s: internal error: the image to convert is not an ELF file", path);
		return -1;
	}
	e->is64 = d[4] == 2;
	e->be = d[5] == 2;
	if (e->is64 && size < 64) {
		ld_error(ctx, "%s: internal error: the image to convert is truncated (0x%llx bytes)", path, (ull)size);
		return -1;
	}
	if (e->is64) {
		e->entry = rd(e, 24, 8);
		e->phoff = rd(e, 32, 8);
		e->shoff = rd(e, 40, 8);
		e->phentsize = (uint32_t)rd(e, 54, 2);
		e->phnum = (uint32_t)rd(e, 56, 2);
		e->shentsize = (uint32_t)rd(e, 58, 2);
		e->shnum = (uint32_t)rd(e, 60, 2);
		e->shstrndx = (uint32_t)rd(e, 62, 2);
	} else {
		e->entry = rd(e, 24, 4);
		e->phoff = rd(e, 28, 4);
		e->shoff = rd(e, 32, 4);
		e->phentsize = (uint32_t)rd(e, 42, 2);
		e->phnum = (uint32_t)rd(e, 44, 2);
		e->shentsize = (uint32_t)rd(e, 46, 2);
		e->shnum = (uint32_t)rd(e, 48, 2);
		e->shstrndx = (uint32_t)rd(e, 50, 2);
	}
	uint32_t phsize = e->is64 ? 56 : 32, shsize = e->is64 ? 64 : 40;
	if (e->phnum && (e->phentsize < phsize || e->phoff > size ||
	                 (size - e->phoff) / e->phentsize < e->phnum)) {
		ld_error(ctx, "%s: internal error: the image's program headers at 0x%llx (%u x %u bytes) run past its end (0x%llx bytes)",
		         path, (ull)e->phoff, e->phnum, e->phentsize, (ull)size);
		return -1;
	}
	if (e->shnum && (e->shentsize < shsize || e->shoff > size ||
	                 (size - e->shoff) / e->shentsize < e->shnum)) {
		ld_error(ctx, "%s: internal error: the image's section headers at 0x%llx (%u x %u bytes) run past its end (0x%llx bytes)",
		         path, (ull)e->shoff, e->shnum, e->shentsize, (ull)size);
		return -1;
	}
	return 0;
}

static struct of_seg read_phdr(const struct of_elf *e, uint32_t i)
{
	uint64_t p = e->phoff + (uint64_t)i * e->phentsize;
	struct of_seg s;
	s.type = (uint32_t)rd(e, p, 4);
	if (e->is64) {
		s.flags = (uint32_t)rd(e, p + 4, 4);
		s.offset = rd(e, p + 8, 8);
		s.vaddr = rd(e, p + 16, 8);
		s.paddr = rd(e, p + 24, 8);
		s.filesz = rd(e, p + 32, 8);
		s.memsz = rd(e, p + 40, 8);
	} else {
		s.offset = rd(e, p + 4, 4);
		s.vaddr = rd(e, p + 8, 4);
		s.paddr = rd(e, p + 12, 4);
		s.filesz = rd(e, p + 16, 4);
		s.memsz = rd(e, p + 20, 4);
		s.flags = (uint32_t)rd(e, p + 24, 4);
	}
	return s;
}

/* The load address BFD gives a section with contents: through the first PT_LOAD whose
 * file bytes and memory both hold it, else its own address. */
static uint64_t section_lma(const struct of_elf *e, uint64_t sh_addr, uint64_t sh_offset, uint64_t sh_size)
{
	for (uint32_t i = 0; i < e->phnum; i++) {
		struct of_seg s = read_phdr(e, i);
		if (s.type != OF_PT_LOAD)
			continue;
		if (sh_offset < s.offset || sh_offset - s.offset >= s.filesz || s.filesz - (sh_offset - s.offset) < sh_size)
			continue;
		if (sh_addr < s.vaddr || sh_addr - s.vaddr >= s.memsz || s.memsz - (sh_addr - s.vaddr) < sh_size)
			continue;
		return s.paddr + (sh_offset - s.offset);
	}
	return sh_addr;
}

static const char *section_name(const struct of_elf *e, uint32_t name_off)
{
	if (!e->shstrndx || e->shstrndx >= e->shnum)
		return "?";
	uint64_t h = e->shoff + (uint64_t)e->shstrndx * e->shentsize;
	uint64_t off = rd(e, h + (e->is64 ? 24 : 16), e->is64 ? 8 : 4);
	uint64_t size = rd(e, h + (e->is64 ? 32 : 20), e->is64 ? 8 : 4);
	if (off > e->size || e->size - off < size || name_off >= size)
		return "?";
	const char *s = (const char *)e->d + off + name_off;
	return memchr(s, 0, size - name_off) ? s : "?";
}

static int chunk_cmp(const void *a, const void *b)
{
	const struct of_chunk *x = a, *y = b;
	if (x->lma != y->lma)
		return x->lma < y->lma ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The bytes to load, sorted by load address. Returns the count (0 is possible: an
 * empty image), or -1 after reporting. *out is to be freed. */
static int64_t load_chunks(struct ld_ctx *ctx, const struct of_elf *e, const char *path, struct of_chunk **out)
{
	struct of_chunk *c = ld_xrealloc(NULL, (size_t)(e->shnum + e->phnum + 1) * sizeof(*c));
	uint32_t n = 0;
	for (uint32_t i = 1; i < e->shnum; i++) {
		uint64_t h = e->shoff + (uint64_t)i * e->shentsize;
		uint32_t w = e->is64 ? 8 : 4;
		uint32_t type = (uint32_t)rd(e, h + 4, 4);
		uint64_t flags = rd(e, h + 8, w);
		uint64_t addr = rd(e, h + 8 + w, w);
		uint64_t offset = rd(e, h + 8 + 2 * w, w);
		uint64_t size = rd(e, h + 8 + 3 * w, w);
		if (!(flags & OF_SHF_ALLOC) || type == OF_SHT_NOBITS || size == 0)
			continue;
		const char *name = section_name(e, (uint32_t)rd(e, h, 4));
		if (offset > e->size || e->size - offset < size) {
			ld_error(ctx, "%s: internal error: section %s at 0x%llx (0x%llx bytes) runs past the image's end (0x%llx bytes)",
			         path, name, (ull)offset, (ull)size, (ull)e->size);
			free(c);
			return -1;
		}
		c[n++] = (struct of_chunk){ .lma = section_lma(e, addr, offset, size), .size = size,
		                            .data = e->d + offset, .name = name, .order = i };
	}
	/* No section headers: the segments' file bytes are all there is to go by. */
	for (uint32_t i = 0; i < e->phnum && e->shnum == 0; i++) {
		struct of_seg s = read_phdr(e, i);
		if (s.type != OF_PT_LOAD || s.filesz == 0)
			continue;
		if (s.offset > e->size || e->size - s.offset < s.filesz) {
			ld_error(ctx, "%s: internal error: segment %u at 0x%llx (0x%llx bytes) runs past the image's end (0x%llx bytes)",
			         path, i, (ull)s.offset, (ull)s.filesz, (ull)e->size);
			free(c);
			return -1;
		}
		c[n++] = (struct of_chunk){ .lma = s.paddr, .size = s.filesz, .data = e->d + s.offset,
		                            .name = "PT_LOAD", .order = i };
	}
	qsort(c, n, sizeof(*c), chunk_cmp);
	*out = c;
	return n;
}

/* ---- text records */

/* Appends b as two upper-case hex digits (printf per byte is slow on big images). */
static char *hex2(char *out, unsigned b)
{
	static const char digits[] = "0123456789ABCDEF";
	out[0] = digits[(b >> 4) & 15];
	out[1] = digits[b & 15];
	return out + 2;
}

/* ---- binary */

static int write_binary(struct ld_ctx *ctx, FILE *f, const char *path, const struct of_chunk *c, uint32_t n)
{
	uint64_t low = n ? c[0].lma : 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t pos = c[i].lma - low;
		if (pos > INT64_MAX - c[i].size) {
			ld_error(ctx, "%s: section %s at 0x%llx is 0x%llx bytes past the lowest load address 0x%llx: too far for a flat binary",
			         path, c[i].name, (ull)c[i].lma, (ull)pos, (ull)low);
			return -1;
		}
		/* Seeking past the end leaves a hole that reads as zeros: the gap fill. */
		if (fseeko(f, (off_t)pos, SEEK_SET) != 0 || fwrite(c[i].data, 1, c[i].size, f) != c[i].size) {
			ld_error(ctx, "cannot write output file %s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* ---- Intel HEX */

/* One record: ':', the data length, the 16-bit address, the type, the data, and the
 * two's complement of the sum of them all; len is at most OF_RECORD_LEN. */
static void ihex_record(FILE *f, uint32_t type, uint32_t addr, const uint8_t *data, uint32_t len)
{
	char line[16 + 2 * OF_RECORD_LEN], *p = line;
	unsigned sum = len + (addr >> 8) + (addr & 0xff) + type;
	*p++ = ':';
	p = hex2(p, len);
	p = hex2(p, addr >> 8);
	p = hex2(p, addr);
	p = hex2(p, type);
	for (uint32_t i = 0; i < len; i++) {
		p = hex2(p, data[i]);
		sum += data[i];
	}
	p = hex2(p, 0x100 - (sum & 0xff));
	*p++ = '\r';
	*p++ = '\n';
	fwrite(line, 1, (size_t)(p - line), f);
}

/* The base of the records (type 02 segment or 04 linear) is moved only when a record
 * would not reach its address from the current one. */
static int write_ihex(struct ld_ctx *ctx, FILE *f, const char *path, const struct of_chunk *c, uint32_t n,
                      uint64_t entry)
{
	for (uint32_t i = 0; i < n; i++) {
		if (c[i].lma > 0xffffffffu || 0xffffffffu - c[i].lma < c[i].size - 1) {
			ld_error(ctx, "%s: section %s at 0x%llx (0x%llx bytes) is out of range for Intel HEX, whose addresses are 32-bit",
			         path, c[i].name, (ull)c[i].lma, (ull)c[i].size);
			return -1;
		}
	}
	uint64_t segbase = 0, extbase = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t where = c[i].lma, left = c[i].size;
		const uint8_t *p = c[i].data;
		while (left) {
			uint64_t now = left < OF_RECORD_LEN ? left : OF_RECORD_LEN;
			if (where > segbase + extbase + 0xffff) {
				uint8_t base[2];
				if (extbase == 0 && where <= 0xfffff) {
					segbase = where & 0xf0000;
					base[0] = (uint8_t)(segbase >> 12);
					base[1] = 0;
					ihex_record(f, 2, 0, base, 2);
				} else {
					/* Readers may add a segment base to a linear one: clear it first. */
					if (segbase) {
						base[0] = base[1] = 0;
						ihex_record(f, 2, 0, base, 2);
						segbase = 0;
					}
					extbase = where & 0xffff0000u;
					base[0] = (uint8_t)(extbase >> 24);
					base[1] = (uint8_t)(extbase >> 16);
					ihex_record(f, 4, 0, base, 2);
				}
			}
			uint64_t rec_addr = where - (extbase + segbase);
			if (rec_addr + now > 0xffff)
				now = 0x10000 - rec_addr;
			ihex_record(f, 0, (uint32_t)rec_addr, p, (uint32_t)now);
			where += now;
			left -= now;
			p += now;
		}
	}
	if (entry) {
		uint8_t start[4];
		if (entry <= 0xfffff) {
			start[0] = (uint8_t)((entry & 0xf0000) >> 12);
			start[1] = 0;
			start[2] = (uint8_t)(entry >> 8);
			start[3] = (uint8_t)entry;
			ihex_record(f, 3, 0, start, 4);
		} else {
			for (int k = 0; k < 4; k++)
				start[k] = (uint8_t)(entry >> (24 - 8 * k));
			ihex_record(f, 5, 0, start, 4);
		}
	}
	ihex_record(f, 1, 0, NULL, 0);
	return 0;
}

/* ---- Motorola S-records */

/* One record: "S<type>", the count (address, data and checksum bytes), the address in
 * addr_len bytes, the data, and the ones' complement of the sum of them all. */
static void srec_record(FILE *f, unsigned type, unsigned addr_len, uint64_t addr, const uint8_t *data,
                        uint32_t len)
{
	char line[16 + 2 * (4 + OF_SREC_HEADER_MAX)], *p = line;
	unsigned count = addr_len + len + 1;
	unsigned sum = count;
	*p++ = 'S';
	*p++ = (char)('0' + type);
	p = hex2(p, count);
	for (unsigned k = 0; k < addr_len; k++) {
		unsigned b = (unsigned)(addr >> (8 * (addr_len - 1 - k))) & 0xff;
		p = hex2(p, b);
		sum += b;
	}
	for (uint32_t i = 0; i < len; i++) {
		p = hex2(p, data[i]);
		sum += data[i];
	}
	p = hex2(p, ~sum);
	*p++ = '\r';
	*p++ = '\n';
	fwrite(line, 1, (size_t)(p - line), f);
}

static int write_srec(struct ld_ctx *ctx, FILE *f, const char *path, const struct of_chunk *c, uint32_t n,
                      uint64_t entry)
{
	/* S1 (16-bit addresses) unless some data byte needs S2 (24) or S3 (32). */
	unsigned type = 1;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t last = c[i].lma + c[i].size - 1;
		if (c[i].lma > 0xffffffffu || last > 0xffffffffu || last < c[i].lma) {
			ld_error(ctx, "%s: section %s at 0x%llx (0x%llx bytes) is out of range for S-records, whose addresses are 32-bit",
			         path, c[i].name, (ull)c[i].lma, (ull)c[i].size);
			return -1;
		}
		if (last > 0xffffff)
			type = 3;
		else if (last > 0xffff && type < 2)
			type = 2;
	}
	size_t name_len = strlen(path);
	if (name_len > OF_SREC_HEADER_MAX)
		name_len = OF_SREC_HEADER_MAX;
	srec_record(f, 0, 2, 0, (const uint8_t *)path, (uint32_t)name_len);
	for (uint32_t i = 0; i < n; i++) {
		for (uint64_t off = 0; off < c[i].size; off += OF_RECORD_LEN) {
			uint64_t now = c[i].size - off < OF_RECORD_LEN ? c[i].size - off : OF_RECORD_LEN;
			srec_record(f, type, type + 1, c[i].lma + off, c[i].data + off, (uint32_t)now);
		}
	}
	srec_record(f, 10 - type, type + 1, entry, NULL, 0);
	return 0;
}

/* ---- C source */

/* Text for a C comment: a path cannot end it early. */
static void c_comment_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		fputc(*s, f);
		if (s[0] == '*' && s[1] == '/')
			fputc(' ', f);
	}
}

static void c_preamble(FILE *f, const char *path)
{
	fputs("/*\n * ", f);
	c_comment_text(f, path);
	fputs(": a linked image as C data, written by solder --oformat c.\n"
	      " *\n"
	      " * Freestanding: it includes only <stdint.h> and <stddef.h>, so a boot loader, a\n"
	      " * test harness or a host-side simulator can compile the image in. Each PT_LOAD\n"
	      " * segment N of the ELF image, in program header order, gives:\n"
	      " *   const uint8_t solder_segN[]           its bytes as they are in the file\n"
	      " *                                         (absent when the segment has none)\n"
	      " *   const uint64_t solder_segN_load_addr  where they are loaded (p_paddr, the LMA)\n"
	      " *   const uint64_t solder_segN_mem_size   bytes it takes in memory (p_memsz); those\n"
	      " *                                         past file_size are zero (.bss)\n"
	      " *   const size_t solder_segN_file_size    bytes in solder_segN (p_filesz)\n"
	      " * and for the whole image:\n"
	      " *   const uint64_t solder_entry           the entry point (e_entry)\n"
	      " *   const struct solder_segment solder_segments[]   every segment, in order;\n"
	      " *                                         data is NULL when file_size is 0\n"
	      " *   const size_t solder_segment_count     the number of entries in solder_segments\n"
	      " * To load the image: for each segment, copy file_size bytes of data to load_addr\n"
	      " * and zero the rest up to mem_size; then jump to solder_entry.\n"
	      " * Declarations for code that uses it:\n"
	      " *   struct solder_segment { uint64_t load_addr; uint64_t mem_size;\n"
	      " *                           const uint8_t *data; size_t file_size; };\n"
	      " *   extern const struct solder_segment solder_segments[];\n"
	      " *   extern const size_t solder_segment_count;\n"
	      " *   extern const uint64_t solder_entry;\n"
	      " */\n"
	      "#include <stddef.h>\n"
	      "#include <stdint.h>\n\n"
	      "struct solder_segment {\n"
	      "\tuint64_t load_addr;\n"
	      "\tuint64_t mem_size;\n"
	      "\tconst uint8_t *data;\n"
	      "\tsize_t file_size;\n"
	      "};\n\n",
	      f);
}

/* The bytes as an initializer list, 16 to a line: "\t0x7f, 0x45, ...,\n". */
static void c_bytes(FILE *f, const uint8_t *d, uint64_t n)
{
	static const char digits[] = "0123456789abcdef";
	char line[2 + 6 * 16], *p = line;
	for (uint64_t i = 0; i < n; i++) {
		*p++ = i % 16 ? ' ' : '\t';
		*p++ = '0';
		*p++ = 'x';
		*p++ = digits[d[i] >> 4];
		*p++ = digits[d[i] & 15];
		*p++ = ',';
		if (i % 16 == 15 || i + 1 == n) {
			*p++ = '\n';
			fwrite(line, 1, (size_t)(p - line), f);
			p = line;
		}
	}
}

static int write_c(struct ld_ctx *ctx, FILE *f, const char *path, const struct of_elf *e)
{
	struct of_seg *segs = ld_xrealloc(NULL, (size_t)(e->phnum + 1) * sizeof(*segs));
	uint32_t n = 0;
	for (uint32_t i = 0; i < e->phnum; i++) {
		struct of_seg s = read_phdr(e, i);
		if (s.type != OF_PT_LOAD)
			continue;
		if (s.offset > e->size || e->size - s.offset < s.filesz) {
			ld_error(ctx, "%s: internal error: segment %u at 0x%llx (0x%llx bytes) runs past the image's end (0x%llx bytes)",
			         path, i, (ull)s.offset, (ull)s.filesz, (ull)e->size);
			free(segs);
			return -1;
		}
		segs[n++] = s;
	}

	c_preamble(f, path);
	for (uint32_t k = 0; k < n; k++) {
		const struct of_seg *s = &segs[k];
		fprintf(f, "/* segment %u: PT_LOAD %c%c%c, vaddr 0x%llx, paddr 0x%llx */\n", k,
		        s->flags & OF_PF_R ? 'R' : '-', s->flags & OF_PF_W ? 'W' : '-', s->flags & OF_PF_X ? 'X' : '-',
		        (ull)s->vaddr, (ull)s->paddr);
		fprintf(f, "const uint64_t solder_seg%u_load_addr = 0x%llxu;\n", k, (ull)s->paddr);
		fprintf(f, "const uint64_t solder_seg%u_mem_size = 0x%llxu;\n", k, (ull)s->memsz);
		fprintf(f, "const size_t solder_seg%u_file_size = 0x%llxu;\n", k, (ull)s->filesz);
		if (s->filesz == 0) {
			fputc('\n', f);
			continue;
		}
		fprintf(f, "const uint8_t solder_seg%u[0x%llxu] = {\n", k, (ull)s->filesz);
		c_bytes(f, e->d + s->offset, s->filesz);
		fputs("};\n\n", f);
	}
	fprintf(f, "const uint64_t solder_entry = 0x%llxu;\n\n", (ull)e->entry);
	fputs("const struct solder_segment solder_segments[] = {\n", f);
	for (uint32_t k = 0; k < n; k++) {
		if (segs[k].filesz)
			fprintf(f, "\t{ 0x%llxu, 0x%llxu, solder_seg%u, 0x%llxu },\n", (ull)segs[k].paddr,
			        (ull)segs[k].memsz, k, (ull)segs[k].filesz);
		else
			fprintf(f, "\t{ 0x%llxu, 0x%llxu, NULL, 0 },\n", (ull)segs[k].paddr, (ull)segs[k].memsz);
	}
	/* An image without segments still needs an element: C has no empty arrays. */
	if (n == 0)
		fputs("\t{ 0, 0, NULL, 0 },\n", f);
	fputs("};\n", f);
	fprintf(f, "const size_t solder_segment_count = %u;\n", n);
	free(segs);
	return 0;
}

/* ---- the pass */

int of_write(struct ld_ctx *ctx, const uint8_t *image, uint64_t size, const char *path)
{
	enum ld_oformat fmt = ctx->opt->oformat;
	if (fmt == LD_OFORMAT_ELF) {
		ld_error(ctx, "internal error: %s: of_write called for ELF output", path);
		return -1;
	}
	struct of_elf e;
	if (read_elf(ctx, image, size, path, &e))
		return -1;
	struct of_chunk *chunks = NULL;
	int64_t nchunks = 0;
	if (fmt != LD_OFORMAT_C) {
		nchunks = load_chunks(ctx, &e, path, &chunks);
		if (nchunks < 0)
			return -1;
	}

	size_t plen = strlen(path);
	char *tmp = ld_xrealloc(NULL, plen + 32);
	snprintf(tmp, plen + 32, "%s.solder-XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (!f) {
		ld_error(ctx, "cannot open output file %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		free(chunks);
		return -1;
	}

	int rc = -1;
	uint32_t n = (uint32_t)nchunks;
	switch (fmt) {
	case LD_OFORMAT_BINARY:
		rc = write_binary(ctx, f, path, chunks, n);
		break;
	case LD_OFORMAT_IHEX:
		rc = write_ihex(ctx, f, path, chunks, n, e.entry);
		break;
	case LD_OFORMAT_SREC:
		rc = write_srec(ctx, f, path, chunks, n, e.entry);
		break;
	case LD_OFORMAT_C:
		rc = write_c(ctx, f, path, &e);
		break;
	case LD_OFORMAT_ELF:
		break;
	}
	free(chunks);
	/* Executable like the ELF output would be, as GNU ld leaves these formats. */
	mode_t mask = umask(0);
	umask(mask);
	if (rc == 0 && (fflush(f) != 0 || ferror(f) || fchmod(fd, 0777 & ~mask) != 0)) {
		ld_error(ctx, "cannot write output file %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (fclose(f) != 0 && rc == 0) {
		ld_error(ctx, "cannot write output file %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		ld_error(ctx, "cannot create output file %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}
