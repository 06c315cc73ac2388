/*
 * binary_input.c: -b binary: a raw file linked in as data, as GNU ld does.
 *
 * The file becomes an object of its own with one section, .data (SHT_PROGBITS,
 * SHF_ALLOC | SHF_WRITE, byte-aligned), holding its bytes as they are, and three
 * global symbols named after the file as it was given on the command line, every
 * character that is not a letter or a digit turned into '_' ("data/foo.txt" gives
 * _binary_data_foo_txt_*):
 *   _binary_<name>_start   the first byte, in .data
 *   _binary_<name>_end     one past the last byte, in .data
 *   _binary_<name>_size    the size, absolute (SHN_ABS)
 * in that order, after the null symbol, as BFD's binary reader makes them; there is
 * no STT_FILE symbol, as in GNU ld's output.
 *
 * The object does not depend on the target: it can come before any ELF object, and
 * the target is then taken from -m or from a later object. It has no e_flags of its
 * own and takes no part in merging them.
 *
 * What it leaves to others: input.c maps the file and calls bin_make_object instead
 * of parsing ELF when -b binary was in force; from then on it is an ordinary object.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"

enum {
	BIN_SHT_PROGBITS = 1,
	BIN_SHF_WRITE = 1,
	BIN_SHF_ALLOC = 2,
	BIN_SHN_ABS = 0xfff1,
	BIN_STB_LOCAL = 0,
	BIN_STB_GLOBAL = 1,
	BIN_STT_NOTYPE = 0,
	BIN_NSYMS = 4,           /* null, _start, _end, _size */
};

/* Contents of an empty file: a section always has data to point at. */
static const uint8_t empty_contents[1];

int bin_make_object(struct ld_ctx *ctx, uint32_t file)
{
	if (file == 0 || file >= ctx->files.len) {
		ld_error(ctx, "internal error: -b binary: no input file %u", file);
		return -1;
	}
	if (ctx->isecs.len == 0)
		LD_PUSH(ctx->isecs, (struct ld_isec){ 0 });
	if ((uint64_t)ctx->isecs.len + 1 >= UINT32_MAX) {
		ld_error(ctx, "%s: too many input sections in the link", ctx->files.v[file].name);
		return -1;
	}

	struct ld_file *f = &ctx->files.v[file];
	const char *name = f->name ? f->name : "";
	uint64_t size = f->data ? f->size : 0;

	/* The symbol names live in the same block as the symbols: in_free frees both. */
	size_t nlen = strlen(name);
	size_t one = sizeof("_binary__start") + nlen;
	size_t names_at = BIN_NSYMS * sizeof(struct ld_fsym);
	char *block = ld_xrealloc(NULL, names_at + 3 * one);
	struct ld_fsym *syms = (struct ld_fsym *)(void *)block;
	char *mangled = block + names_at;
	static const char *const suffix[3] = { "start", "end", "size" };
	for (int k = 0; k < 3; k++) {
		char *s = mangled + (size_t)k * one;
		memcpy(s, "_binary_", 8);
		for (size_t i = 0; i < nlen; i++)
			s[8 + i] = isalnum((unsigned char)name[i]) ? name[i] : '_';
		s[8 + nlen] = '_';
		strcpy(s + 9 + nlen, suffix[k]);
	}

	f->first_isec = ctx->isecs.len - 1;  /* section 1 of the file is the next isec */
	f->nsec = 2;
	struct ld_isec data = {
		.file = file,
		.shndx = 1,
		.name = ".data",
		.sh_type = BIN_SHT_PROGBITS,
		.sh_flags = BIN_SHF_ALLOC | BIN_SHF_WRITE,
		.sh_addralign = 1,
		.data = size ? f->data : empty_contents,
		.size = size,
		.live = 1,
	};
	LD_PUSH(ctx->isecs, data);
	f = &ctx->files.v[file];

	syms[0] = (struct ld_fsym){ .name = "", .bind = BIN_STB_LOCAL, .type = BIN_STT_NOTYPE };
	syms[1] = (struct ld_fsym){ .name = mangled, .value = 0, .shndx = 1, .bind = BIN_STB_GLOBAL };
	syms[2] = (struct ld_fsym){ .name = mangled + one, .value = size, .shndx = 1, .bind = BIN_STB_GLOBAL };
	syms[3] = (struct ld_fsym){ .name = mangled + 2 * one, .value = size, .shndx = BIN_SHN_ABS,
	                            .bind = BIN_STB_GLOBAL };
	f->syms = syms;
	f->nsyms = BIN_NSYMS;
	f->first_global = 1;
	f->elf_class = ctx->elf_class;
	f->e_flags = 0;
	f->loaded = 1;
	f->is_object = 1;
	return 0;
}
