/*
 * writer.c: the output file. Sections and segments, the search for free file space,
 * the ELF, program and section headers, and every positioned write.
 *
 * The file is never rewritten whole once it exists: a section that outgrows the
 * file space it owns is copied to free space found by collision search over the
 * headers and the other sections (Zig's findFreeSpace/allocatedSize), and only the
 * headers that changed are written again, the ELF header last. Every field goes out
 * through put16/32/64 in the target's byte order, whatever the host.
 *
 * It leaves placement inside a section to blocks.c and the state blob to state.c.
 */
#include "link.h"

#include <elf.h>

static unsigned ehdr_size(const struct solder_link *l) { return l->word == 8 ? 64 : 52; }
static unsigned phent_size(const struct solder_link *l) { return l->word == 8 ? 56 : 32; }
static unsigned shent_size(const struct solder_link *l) { return l->word == 8 ? 64 : 40; }

int elfw_mark_unfinished(struct solder_link *l)
{
	if (l->marked_unfinished)
		return 0;
	/* Set first: the mark itself is written through elfw_pwrite. */
	l->marked_unfinished = 1;
	return l->resumed ? state_mark_unfinished(l) : 0;
}

int elfw_pwrite(struct solder_link *l, const void *p, uint64_t len, uint64_t off)
{
	if (!len)
		return 0;
	if (elfw_mark_unfinished(l))
		return -1;
	if (len > SIZE_MAX || l->file.pwrite(l->file.handle, p, (size_t)len, off)) {
		l->io_failed = 1;
		diag_error(&l->diag, SOLDER_ERR_IO, "cannot write %llu bytes at offset 0x%llx of the output",
		           (unsigned long long)len, (unsigned long long)off);
		return -1;
	}
	l->stats.bytes_written += len;
	l->stats.write_calls++;
	return 0;
}

int elfw_pread(struct solder_link *l, void *p, uint64_t len, uint64_t off)
{
	if (!len)
		return 0;
	if (len > SIZE_MAX)
		return -1;
	int64_t n = l->file.pread(l->file.handle, p, (size_t)len, off);
	if (n < 0)
		diag_error(&l->diag, SOLDER_ERR_IO, "cannot read %llu bytes at offset 0x%llx of the output",
		           (unsigned long long)len, (unsigned long long)off);
	return n == (int64_t)len ? 0 : -1;
}

uint64_t elfw_sec_addr(const struct solder_link *l, uint32_t sec)
{
	return l->secs.v[sec].sh_addr;
}

int elfw_check_addr(struct solder_link *l, uint64_t addr, const char *what)
{
	if (l->elf_class == 32 && addr > UINT32_MAX) {
		diag_error(&l->diag, SOLDER_ERR_RANGE, "%s 0x%llx does not fit in ELF32", what,
		           (unsigned long long)addr);
		return -1;
	}
	return 0;
}

/* ---- file space */

/* The end of the first thing that overlaps [start, start + size * 4/3), or 0. Existing
 * things count with their own 4/3 allowance, so neighbours keep room to grow. */
static uint64_t alloc_collision(struct solder_link *l, uint64_t start, uint64_t size)
{
	uint64_t eh = ehdr_size(l);
	if (start < eh)
		return eh;
	uint64_t end = start + sat_scale(size, ALLOC_NUM, ALLOC_DEN);
	if (end < start)
		end = UINT64_MAX;
	struct { uint64_t off, len; } tables[2] = {
		{ l->phdr_off, (uint64_t)PHDR_CAPACITY * phent_size(l) },
		{ l->shdr_off, sat_scale((uint64_t)l->shdr_cap * shent_size(l), ALLOC_NUM, ALLOC_DEN) },
	};
	for (int i = 0; i < 2; i++) {
		uint64_t te = tables[i].off + tables[i].len;
		if (tables[i].off && end > tables[i].off && start < te)
			return te;
	}
	for (uint32_t i = 1; i < l->secs.len; i++) {
		const struct osec *s = &l->secs.v[i];
		if (s->sh_type == SHT_NOBITS || !s->sh_offset)
			continue;
		uint64_t te = s->sh_offset + sat_scale(s->sh_size, ALLOC_NUM, ALLOC_DEN);
		if (end > s->sh_offset && start < te)
			return te;
	}
	return 0;
}

uint64_t elfw_find_free_space(struct solder_link *l, uint64_t size, uint64_t align)
{
	uint64_t start = 0, end;
	while ((end = alloc_collision(l, start, size)) != 0)
		start = align_up(end, align);
	return start;
}

uint64_t elfw_allocated_size(struct solder_link *l, uint64_t start)
{
	if (!start)
		return 0;
	uint64_t min = UINT64_MAX;
	if (l->phdr_off > start)
		min = l->phdr_off;
	if (l->shdr_off > start && l->shdr_off < min)
		min = l->shdr_off;
	for (uint32_t i = 1; i < l->secs.len; i++) {
		const struct osec *s = &l->secs.v[i];
		if (s->sh_type != SHT_NOBITS && s->sh_offset > start && s->sh_offset < min)
			min = s->sh_offset;
	}
	return min - start;
}

/* The segment's virtual range must stay clear of every other segment's start and
 * range: the layout gives each a window, and growing past it is an error, never an
 * overlap written silently. */
static int check_segment_room(struct solder_link *l, uint32_t segi, uint64_t memsz)
{
	const struct seg *g = &l->segs.v[segi];
	uint64_t lo = g->p_vaddr, hi = g->p_vaddr + memsz;
	if (hi < lo || elfw_check_addr(l, hi ? hi - 1 : 0, "segment end"))
		return -1;
	for (uint32_t i = 1; i < l->segs.len; i++) {
		const struct seg *o = &l->segs.v[i];
		if (i == segi || o->p_type != PT_LOAD)
			continue;
		uint64_t olo = o->p_vaddr, ohi = o->p_vaddr + (o->p_memsz ? o->p_memsz : 1);
		if (lo < ohi && olo < hi) {
			diag_error(&l->diag, SOLDER_ERR_LAYOUT,
			           "segment of section %s [0x%llx, 0x%llx) would overlap the segment of section %s at 0x%llx; "
			           "place the segments further apart",
			           elfw_sec_name(l, g->sec), (unsigned long long)lo, (unsigned long long)hi,
			           elfw_sec_name(l, o->sec), (unsigned long long)olo);
			return -1;
		}
	}
	return 0;
}

int elfw_ensure_size(struct solder_link *l, uint32_t sec, uint64_t size)
{
	struct osec *s = &l->secs.v[sec];
	if (s->seg && check_segment_room(l, s->seg, size))
		return -1;
	if (s->sh_type != SHT_NOBITS && size > elfw_allocated_size(l, s->sh_offset)) {
		/* It does not fit where it is: copy what it holds to free space. */
		uint64_t used = s->sh_size;
		s->sh_size = 0;
		uint64_t off = elfw_find_free_space(l, size, s->file_align);
		s->sh_size = used;
		if (used) {
			if (elfw_mark_unfinished(l))
				return -1;
			if (l->file.copy_range(l->file.handle, s->sh_offset, off, used)) {
				l->io_failed = 1;
				diag_error(&l->diag, SOLDER_ERR_IO, "cannot move section %s to offset 0x%llx of the output",
				           elfw_sec_name(l, sec), (unsigned long long)off);
				return -1;
			}
			l->stats.bytes_copied += used;
		}
		s->sh_offset = off;
		if (s->seg)
			l->segs.v[s->seg].p_offset = off;
		l->phdrs_dirty = 1;
	}
	if (s->sh_size != size) {
		s->sh_size = size;
		if (s->seg) {
			l->segs.v[s->seg].p_filesz = size;
			l->segs.v[s->seg].p_memsz = size;
			l->phdrs_dirty = 1;
		}
	}
	s->dirty = 1;
	return 0;
}

const char *elfw_sec_name(const struct solder_link *l, uint32_t sec)
{
	return (const char *)l->shstrtab.p + l->secs.v[sec].name;
}

/* ---- creation */

uint32_t elfw_add_section(struct solder_link *l, const char *name, uint32_t type, uint64_t flags,
                            uint64_t addralign, uint64_t entsize, uint64_t reserve)
{
	struct osec s;
	memset(&s, 0, sizeof(s));
	s.name = (uint32_t)l->shstrtab.len;
	buf_str(&l->shstrtab, name);
	s.sh_type = type;
	s.sh_flags = flags;
	s.sh_addralign = addralign;
	s.sh_entsize = entsize;
	s.file_align = (flags & SHF_ALLOC) ? l->t->page_size : 8;
	s.dirty = 1;
	/* The reserve is claimed now so that sections start apart and can grow in place;
	 * sh_size drops back to 0 once every section has its place. */
	s.sh_offset = elfw_find_free_space(l, reserve, s.file_align);
	s.sh_size = reserve;
	if (VEC_PUSH(&l->alloc, l->secs, s) || l->shstrtab.failed) {
		diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
		return 0;
	}
	return l->secs.len - 1;
}

static uint32_t add_load_segment(struct solder_link *l, uint32_t sec, uint64_t vaddr, uint32_t flags)
{
	struct seg g;
	memset(&g, 0, sizeof(g));
	g.p_type = PT_LOAD;
	g.p_flags = flags;
	g.p_vaddr = g.p_paddr = vaddr;
	g.p_offset = l->secs.v[sec].sh_offset;
	g.p_align = l->t->page_size;
	g.sec = sec;
	if (VEC_PUSH(&l->alloc, l->segs, g)) {
		diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
		return 0;
	}
	l->secs.v[sec].seg = l->segs.len - 1;
	l->secs.v[sec].sh_addr = vaddr;
	return l->segs.len - 1;
}

int elfw_create(struct solder_link *l)
{
	if (l->file.truncate(l->file.handle, 0)) {
		diag_error(&l->diag, SOLDER_ERR_IO, "cannot truncate the output");
		return -1;
	}
	struct osec null_sec;
	struct seg null_seg;
	memset(&null_sec, 0, sizeof(null_sec));
	memset(&null_seg, 0, sizeof(null_seg));
	buf_init(&l->shstrtab, &l->alloc, l->t->big_endian);
	buf_u8(&l->shstrtab, 0);
	if (VEC_PUSH(&l->alloc, l->secs, null_sec) || VEC_PUSH(&l->alloc, l->segs, null_seg))
		goto nomem;
	l->phdr_off = ehdr_size(l);
	l->shdr_cap = 24;
	l->shdr_off = elfw_find_free_space(l, (uint64_t)l->shdr_cap * shent_size(l), 8);

	uint32_t page = l->t->page_size;
	l->sec_text = elfw_add_section(l, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, l->t->func_align, 0, 4 * page);
	l->sec_rodata = elfw_add_section(l, ".rodata", SHT_PROGBITS, SHF_ALLOC, 16, 0, page);
	l->sec_data = elfw_add_section(l, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 16, 0, page);
	l->sec_got = elfw_add_section(l, ".got", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, l->t->ptr_size, l->t->ptr_size, page);
	l->sec_symtab = elfw_add_section(l, ".symtab", SHT_SYMTAB, 0, l->word, l->word == 8 ? 24 : 16, 2 * page);
	l->sec_strtab = elfw_add_section(l, ".strtab", SHT_STRTAB, 0, 1, 0, 2 * page);
	if (l->debug_info && dbg_init(l))
		return -1;
	l->sec_state = elfw_add_section(l, STATE_SECTION, SHT_PROGBITS, 0, 8, 0, page);
	l->sec_shstrtab = elfw_add_section(l, ".shstrtab", SHT_STRTAB, 0, 1, 0, 512);
	if (l->diag.count)
		return -1;
	for (uint32_t i = 1; i < l->secs.len; i++)
		l->secs.v[i].sh_size = 0;

	if (!add_load_segment(l, l->sec_text, l->image_base, PF_R | PF_X) ||
	    !add_load_segment(l, l->sec_rodata, l->rodata_addr, PF_R) ||
	    !add_load_segment(l, l->sec_data, l->data_addr, PF_R | PF_W) ||
	    !add_load_segment(l, l->sec_got, l->got_addr, PF_R | PF_W))
		return -1;

	struct osec *sym = &l->secs.v[l->sec_symtab];
	sym->sh_link = l->sec_strtab;

	/* .shstrtab never changes after creation: write it now. */
	struct osec *shs = &l->secs.v[l->sec_shstrtab];
	if (elfw_ensure_size(l, l->sec_shstrtab, l->shstrtab.len) ||
	    elfw_pwrite(l, l->shstrtab.p, l->shstrtab.len, shs->sh_offset))
		return -1;
	l->ehdr_dirty = l->phdrs_dirty = l->shdrs_dirty = 1;
	return 0;
nomem:
	diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
	return -1;
}

/* ---- headers */

static int write_ehdr(struct solder_link *l, uint64_t entry, uint16_t phnum)
{
	uint8_t h[64];
	int be = l->t->big_endian;
	unsigned w = l->word;
	memset(h, 0, sizeof(h));
	memcpy(h, ELFMAG, SELFMAG);
	h[EI_CLASS] = w == 8 ? ELFCLASS64 : ELFCLASS32;
	h[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
	h[EI_VERSION] = EV_CURRENT;
	h[EI_OSABI] = ELFOSABI_NONE;
	put16(h + 16, ET_EXEC, be);
	put16(h + 18, l->t->e_machine, be);
	put32(h + 20, EV_CURRENT, be);
	uint8_t *p = h + 24;
	put_word(p, entry, w, be);
	put_word(p + w, l->phdr_off, w, be);
	put_word(p + 2 * w, l->shdr_off, w, be);
	p += 3 * w;
	put32(p, l->t->e_flags, be);
	put16(p + 4, (uint16_t)ehdr_size(l), be);
	put16(p + 6, (uint16_t)phent_size(l), be);
	put16(p + 8, phnum, be);
	put16(p + 10, (uint16_t)shent_size(l), be);
	put16(p + 12, (uint16_t)l->secs.len, be);
	put16(p + 14, (uint16_t)l->sec_shstrtab, be);
	return elfw_pwrite(l, h, ehdr_size(l), 0);
}

static void encode_phdr(const struct solder_link *l, uint8_t *p, const struct seg *g)
{
	int be = l->t->big_endian;
	if (l->word == 8) {
		put32(p, g->p_type, be);
		put32(p + 4, g->p_flags, be);
		put64(p + 8, g->p_offset, be);
		put64(p + 16, g->p_vaddr, be);
		put64(p + 24, g->p_paddr, be);
		put64(p + 32, g->p_filesz, be);
		put64(p + 40, g->p_memsz, be);
		put64(p + 48, g->p_align, be);
	} else {
		put32(p, g->p_type, be);
		put32(p + 4, (uint32_t)g->p_offset, be);
		put32(p + 8, (uint32_t)g->p_vaddr, be);
		put32(p + 12, (uint32_t)g->p_paddr, be);
		put32(p + 16, (uint32_t)g->p_filesz, be);
		put32(p + 20, (uint32_t)g->p_memsz, be);
		put32(p + 24, g->p_flags, be);
		put32(p + 28, (uint32_t)g->p_align, be);
	}
}

static void encode_shdr(const struct solder_link *l, uint8_t *p, const struct osec *s)
{
	int be = l->t->big_endian;
	unsigned w = l->word;
	put32(p, s->name, be);
	put32(p + 4, s->sh_type, be);
	put_word(p + 8, s->sh_flags, w, be);
	put_word(p + 8 + w, s->sh_addr, w, be);
	put_word(p + 8 + 2 * w, s->sh_offset, w, be);
	put_word(p + 8 + 3 * w, s->sh_size, w, be);
	put32(p + 8 + 4 * w, s->sh_link, be);
	put32(p + 12 + 4 * w, s->sh_info, be);
	put_word(p + 16 + 4 * w, s->sh_addralign, w, be);
	put_word(p + 16 + 5 * w, s->sh_entsize, w, be);
}

/* Loaders map every PT_LOAD, so empty segments are left out of the table. */
static uint16_t write_phdrs(struct solder_link *l, int write)
{
	uint8_t tab[PHDR_CAPACITY * 56];
	unsigned n = 0, es = phent_size(l);
	for (uint32_t i = 1; i < l->segs.len && n < PHDR_CAPACITY - 1; i++) {
		struct seg *g = &l->segs.v[i];
		if (g->p_type == PT_LOAD && !g->p_memsz)
			continue;
		g->p_offset = l->secs.v[g->sec].sh_offset;
		encode_phdr(l, tab + n++ * es, g);
	}
	/* A non-executable stack, as GNU ld marks images built from code that asks for none. */
	struct seg stack;
	memset(&stack, 0, sizeof(stack));
	stack.p_type = PT_GNU_STACK;
	stack.p_flags = PF_R | PF_W;
	stack.p_align = 16;
	encode_phdr(l, tab + n++ * es, &stack);
	if (write && elfw_pwrite(l, tab, (uint64_t)n * es, l->phdr_off))
		return 0;
	return (uint16_t)n;
}

int elfw_write_headers(struct solder_link *l)
{
	unsigned es = shent_size(l);
	if (l->secs.len > l->shdr_cap) {
		/* The section header table outgrew its space: find it a new home. */
		l->shdr_off = 0;
		l->shdr_cap = l->secs.len * 2;
		l->shdr_off = elfw_find_free_space(l, (uint64_t)l->shdr_cap * es, 8);
		l->shdrs_dirty = l->ehdr_dirty = 1;
	}
	for (uint32_t i = 0; i < l->secs.len; i++) {
		struct osec *s = &l->secs.v[i];
		if (!l->shdrs_dirty && !s->dirty)
			continue;
		uint8_t h[64];
		encode_shdr(l, h, s);
		if (elfw_pwrite(l, h, es, l->shdr_off + (uint64_t)i * es))
			return -1;
		s->dirty = 0;
	}
	uint16_t phnum = write_phdrs(l, l->phdrs_dirty);
	if (!phnum)
		return -1;
	uint64_t entry = l->entry_resolved;
	if (l->ehdr_dirty || l->phdrs_dirty || l->shdrs_dirty || entry != l->entry_written) {
		if (write_ehdr(l, entry, phnum))
			return -1;
		l->entry_written = entry;
	}
	l->ehdr_dirty = l->phdrs_dirty = l->shdrs_dirty = 0;
	return 0;
}
