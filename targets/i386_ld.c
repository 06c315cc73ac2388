/*
 * i386_ld.c: linking i386 relocatable objects into a static, non-PIE executable, after
 * the System V i386 psABI ("Relocation") and its TLS supplement (Drepper's "ELF
 * Handling For Thread-Local Storage", the IA-32 sections), doing what GNU ld 2.40
 * does for the same objects, byte for byte.
 *
 * targets/i386.c already applies the plain formulas (32, PC32, PLT32, 16, 8); this
 * file adds what needs the link's layout:
 *
 *  - SHT_REL: the addend is the field's old contents, read once by implicit_addend
 *    when the object is parsed (32 bits for every 32-bit field, 16 for R_386_16/PC16,
 *    8 for R_386_8/PC8) and handed back in ld_rel.addend.
 *  - The GOT. _GLOBAL_OFFSET_TABLE_ (GOT below) is ctx->got_addr, the value PIC code
 *    keeps in %ebx. GOTPC is GOT + A - P (the `addl $_GLOBAL_OFFSET_TABLE_, %ebx`
 *    after the pc thunk), GOTOFF S + A - GOT, GOT32 the slot's offset from GOT plus A.
 *    A GOT32/GOT32X with no base register (`call *foo@GOT`, ModRM mod 00 rm 101, what
 *    -fno-pic -fno-plt emits) is an absolute address, so it gets the slot's address
 *    itself, as GNU ld does.
 *  - GOT32X relaxation. The psABI lets the linker rewrite these when the symbol is
 *    defined in the image; in a non-PIC link GNU ld turns every form into one with
 *    the symbol's address as an immediate (R_386_32), base register or not:
 *      mov foo@GOT(%reg1), %reg2   -> mov $foo, %reg2    (c7 /0)
 *      test %reg2, foo@GOT(%reg1)  -> test $foo, %reg2   (f7 /0)
 *      binop foo@GOT(%reg1), %reg2 -> binop $foo, %reg2  (81 /digit)
 *      call *foo@GOT(%reg1)        -> addr32 call foo    (67 e8: R_386_PC32)
 *      jmp *foo@GOT(%reg1)         -> jmp foo; nop       (e9 ... 90)
 *    The stored addend must be 0. Undefined weak symbols (0) are relaxed too. A
 *    memory operand with a SIB byte is left alone: GNU ld would read the SIB byte as
 *    the ModRM byte and write garbage, which is not worth matching.
 *  - TLS, variant II: %gs:0 holds the thread pointer, the end of the TLS block
 *    aligned up to its alignment. TLS_LE (@ntpoff) is S + A - tls_end, negative;
 *    TLS_LE_32 (@tpoff) its negation, computed like GNU ld as tls_end - S + A (the
 *    addend is not negated; GCC never writes one). Initial exec is rewritten to local
 *    exec, GNU ld's instruction patterns and values, the addend ignored:
 *      TLS_IE (@indntpoff, -fno-pic): movl foo, %eax -> movl $x, %eax (b8);
 *        movl/addl foo, %reg -> movl/addl $x, %reg           x = S - tls_end
 *      TLS_GOTIE (@gotntpoff, -fpie): movl/addl/subl foo(%reg1), %reg2 -> $x forms
 *      TLS_IE_32 (@gottpoff): the same forms with x = tls_end - S
 *    TLS_LDO_32 (@dtpoff, what -g writes for a __thread variable) is the offset in the
 *    block, S + A - tls_addr, or in code (local dynamic relaxed) S + A - tls_end, as
 *    GNU ld does.
 *  - General and local dynamic (-fpic) become local exec, GNU ld's rewrites:
 *      leal foo@tlsgd(,%ebx,1), %eax; call ___tls_get_addr@PLT   (or leal foo@tlsgd(%reg),
 *      %eax with call *___tls_get_addr@GOT(%reg), or with call ...@PLT; nop)
 *        -> movl %gs:0, %eax; subl $(tls_end - S), %eax           (12 bytes)
 *      leal foo@tlsldm(%reg), %eax; call ___tls_get_addr@PLT
 *        -> movl %gs:0, %eax; nop; leal 0(%esi,%eiz,1), %esi     (11 bytes)
 *      ... call *___tls_get_addr@GOT(%reg) -> movl %gs:0, %eax; leal 0(%esi), %esi
 *    The relocation of the call belongs to the sequence: the scan checks it and turns
 *    it into R_386_NONE, so it is never applied, asks for no GOT slot, and does not make
 *    ___tls_get_addr an undefined reference. Any other sequence is an error.
 *  - TLS descriptors (-mtls-dialect=gnu2): leal foo@tlsdesc(%reg1), %reg2 -> leal
 *    (S - tls_end), %reg2 (no base register); call *foo@tlscall(%eax) -> xchg %ax, %ax.
 *    For _TLS_MODULE_BASE_ (gnu2's local dynamic), which GNU ld defines at the thread
 *    pointer and solder does not define, the scan writes the offset 0 itself and
 *    consumes both relocations. The dynamic types are ld.so's; they are unknown here.
 *  - SIZE32 is Z + A, Z the symbol's st_size.
 *
 * i386 address arithmetic wraps at 4 GiB: a difference of two addresses (GOTOFF,
 * GOTPC, TLS offsets) may be anything in (-2^32, 2^32) and is written modulo 2^32.
 */
#include <stdio.h>
#include <string.h>

#include "../link/ld.h"

enum {
	R_386_NONE = 0, R_386_32 = 1, R_386_PC32 = 2, R_386_GOT32 = 3, R_386_PLT32 = 4,
	R_386_GOTOFF = 9, R_386_GOTPC = 10, R_386_TLS_IE = 15, R_386_TLS_GOTIE = 16,
	R_386_TLS_LE = 17, R_386_TLS_GD = 18, R_386_TLS_LDM = 19, R_386_16 = 20, R_386_PC16 = 21, R_386_8 = 22, R_386_PC8 = 23,
	R_386_TLS_LDO_32 = 32, R_386_TLS_IE_32 = 33, R_386_TLS_LE_32 = 34, R_386_SIZE32 = 38,
	R_386_TLS_GOTDESC = 39, R_386_TLS_DESC_CALL = 40, R_386_GOT32X = 43,
};

enum { SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4 };
enum { SHN_UNDEF = 0, SHN_COMMON = 0xfff2 };

static const char got_symbol[] = "_GLOBAL_OFFSET_TABLE_";

/* The field of a REL relocation holds its addend, sign-extended from the field. */
static int64_t i386_implicit_addend(uint32_t type, const uint8_t *loc, size_t avail)
{
	switch (type) {
	case R_386_NONE:
		return 0;
	case R_386_16:
	case R_386_PC16:
		return avail >= 2 ? (int16_t)get16(loc, 0) : 0;
	case R_386_8:
	case R_386_PC8:
		return avail >= 1 ? (int8_t)loc[0] : 0;
	default:
		return avail >= 4 ? (int32_t)get32(loc, 0) : 0;
	}
}

/* ---- the symbol behind a relocation */

/* Is the symbol defined in the image, or an undefined weak (0)? Either way a GOT load
 * of it can become an immediate. */
static int resolves_locally(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	if (sym >= f->nsyms)
		return 0;
	const struct ld_fsym *fs = &f->syms[sym];
	if (!fs->global)
		return fs->shndx != SHN_UNDEF;
	const struct ld_sym *y = &ctx->syms.v[fs->global];
	switch (y->def) {
	case LD_DEF_REGULAR: case LD_DEF_ABS: case LD_DEF_COMMON: case LD_DEF_LINKER:
		return 1;
	default:
		return (y->flags & LD_SYM_WEAK) != 0;
	}
}

static int sym_named(struct ld_ctx *ctx, uint32_t file, uint32_t sym, const char *want)
{
	const struct ld_file *f = &ctx->files.v[file];
	if (sym >= f->nsyms)
		return 0;
	const struct ld_fsym *fs = &f->syms[sym];
	const char *name = fs->global ? ctx->syms.v[fs->global].name : fs->name;
	return name && !strcmp(name, want);
}

/* The instruction bytes in front of a relocation's field: n of them and the 4 of the
 * field must lie in the section. */
static const uint8_t *field(const struct ld_isec *s, const struct ld_rel *r, unsigned n)
{
	if (!s->data || r->offset < n || r->offset > s->size || s->size - r->offset < 4)
		return NULL;
	return s->data + r->offset;
}

/* ModRM with no base register: mod 00, rm 101, a bare disp32. */
static int baseless(uint8_t modrm)
{
	return (modrm & 0xc7) == 0x05;
}

/* ---- GOT32X relaxation: the decision (scan and relocate share it) */

enum got32x_relax {
	GOT32X_KEEP,             /* stays a load through the GOT: the symbol needs a slot */
	GOT32X_MOV_IMM,
	GOT32X_TEST_IMM,
	GOT32X_BINOP_IMM,
	GOT32X_CALL,
	GOT32X_JMP,
};

static int is_binop(uint8_t opcode)
{
	/* the "op r, r/m" forms of add, or, adc, sbb, and, sub, xor, cmp: 00 ooo 011 */
	return (opcode & 0xc7) == 0x03;
}

static enum got32x_relax got32x_relax(struct ld_ctx *ctx, const struct ld_isec *s, const struct ld_rel *r)
{
	const uint8_t *p = field(s, r, 2);
	if (r->type != R_386_GOT32X || !p || r->addend != 0)
		return GOT32X_KEEP;
	const uint8_t opcode = p[-2], modrm = p[-1];
	/* disp32 alone, or disp32(%reg) without a SIB byte */
	if (!baseless(modrm) && !((modrm & 0xc0) == 0x80 && (modrm & 7) != 4))
		return GOT32X_KEEP;
	if (!resolves_locally(ctx, s->file, r->sym))
		return GOT32X_KEEP;
	switch (opcode) {
	case 0xff: {
		const uint8_t op = (modrm >> 3) & 7;
		return op == 2 ? GOT32X_CALL : op == 4 ? GOT32X_JMP : GOT32X_KEEP;
	}
	case 0x8b:
		return GOT32X_MOV_IMM;
	case 0x85:
		return GOT32X_TEST_IMM;
	default:
		return is_binop(opcode) ? GOT32X_BINOP_IMM : GOT32X_KEEP;
	}
}

/* The initial-exec forms GNU ld rewrites to local exec. */
static int tls_ie_relaxable(const struct ld_isec *s, const struct ld_rel *r)
{
	const uint8_t *p = field(s, r, 1);
	if (!p)
		return 0;
	if (p[-1] == 0xa1)                            /* movl foo, %eax */
		return 1;
	return r->offset >= 2 && (p[-2] == 0x8b || p[-2] == 0x03) && baseless(p[-1]);
}

static int tls_gotie_relaxable(const struct ld_isec *s, const struct ld_rel *r)
{
	const uint8_t *p = field(s, r, 2);
	/* foo(%reg1), %reg2: mod 10, no SIB; movl, subl or addl */
	return p && (p[-1] & 0xc0) == 0x80 && (p[-1] & 7) != 4 &&
	       (p[-2] == 0x8b || p[-2] == 0x2b || p[-2] == 0x03);
}

/* ---- general dynamic, local dynamic and TLS descriptors: the sequences GNU ld
 * rewrites to local exec */

static const char tls_get_addr[] = "___tls_get_addr";
static const char tls_module_base[] = "_TLS_MODULE_BASE_";

/* How ___tls_get_addr is called after a TLS_GD/TLS_LDM lea. */
enum tls_call {
	TLS_CALL_BAD,            /* not a sequence GNU ld rewrites */
	TLS_CALL_PLT,            /* call ___tls_get_addr@PLT: e8, PLT32 or PC32 */
	TLS_CALL_GOT,            /* -fno-plt: call *___tls_get_addr@GOT(%reg): ff /2, GOT32X or GOT32 */
};

/* One general- or local-dynamic sequence: the bytes the rewrite replaces and the
 * relocation of its call, which the rewrite consumes. */
struct tls_seq {
	enum tls_call call;
	uint64_t start, len;     /* offsets in the section */
	uint64_t call_off;       /* r_offset of the relocation against ___tls_get_addr */
};

/* The n bytes at off of s's contents, or NULL when they are not all there. */
static const uint8_t *bytes(const struct ld_isec *s, uint64_t off, uint64_t n)
{
	return s->data && off <= s->size && s->size - off >= n ? s->data + off : NULL;
}

/* leal disp32(%reg), %eax: 8d, mod 10, reg eax, no SIB. */
static int lea_disp32_eax(const uint8_t *p)
{
	return p[0] == 0x8d && (p[1] & 0xf8) == 0x80 && (p[1] & 7) != 4;
}

/* The sequence around a TLS_GD or TLS_LDM relocation, from its bytes alone:
 *   GD: leal foo@tlsgd(,%reg,1), %eax (8d 04 SIB); call ___tls_get_addr@PLT (e8)
 *       leal foo@tlsgd(%reg), %eax (8d 8x); call *___tls_get_addr@GOT(%reg) (ff 9x)
 *       leal foo@tlsgd(%reg), %eax; call ___tls_get_addr@PLT; nop
 *       all three 12 bytes
 *   LD: leal foo@tlsldm(%reg), %eax; call ___tls_get_addr@PLT (11 bytes) or
 *       call *___tls_get_addr@GOT(%reg) (12) */
static struct tls_seq tls_dynamic_seq(const struct ld_isec *s, const struct ld_rel *r)
{
	struct tls_seq q = { .call = TLS_CALL_BAD };
	const uint64_t o = r->offset;
	const uint8_t *call = bytes(s, o + 4, 1);
	if (o < 2 || !call)
		return q;
	const uint8_t *lea = s->data + o - 2;
	const uint8_t *sib = o >= 3 ? s->data + o - 3 : NULL;
	if (r->type == R_386_TLS_GD && sib && sib[0] == 0x8d && sib[1] == 0x04 && (sib[2] & 7) == 5 &&
	    call[0] == 0xe8 && bytes(s, o + 4, 5)) {
		q = (struct tls_seq){ TLS_CALL_PLT, o - 3, 12, o + 5 };
	} else if (lea_disp32_eax(lea)) {
		const uint8_t *c = bytes(s, o + 4, 6);
		const uint8_t *nop = bytes(s, o + 9, 1);
		if (c && c[0] == 0xff && (c[1] & 0xf8) == 0x90 && (c[1] & 7) != 4)
			q = (struct tls_seq){ TLS_CALL_GOT, o - 2, 12, o + 6 };
		else if (call[0] == 0xe8 && r->type == R_386_TLS_LDM && bytes(s, o + 4, 5))
			q = (struct tls_seq){ TLS_CALL_PLT, o - 2, 11, o + 5 };
		else if (call[0] == 0xe8 && nop && nop[0] == 0x90)
			q = (struct tls_seq){ TLS_CALL_PLT, o - 2, 12, o + 5 };
	}
	return q;
}

/* Is rel the call relocation sequence q expects? */
static int is_tls_call_rel(struct ld_ctx *ctx, const struct ld_isec *s, const struct tls_seq *q,
                           const struct ld_rel *rel)
{
	if (rel->offset != q->call_off || !sym_named(ctx, s->file, rel->sym, tls_get_addr))
		return 0;
	if (rel->type == R_386_NONE)
		return 1;     /* consumed by an earlier scan */
	if (q->call == TLS_CALL_PLT)
		return rel->type == R_386_PLT32 || rel->type == R_386_PC32;
	return rel->type == R_386_GOT32X || rel->type == R_386_GOT32;
}

/* leal foo@tlsdesc(%reg1), %reg2: 8d, mod 10, no SIB. */
static int tlsdesc_lea(const struct ld_isec *s, const struct ld_rel *r)
{
	const uint8_t *p = field(s, r, 2);
	return p && p[-2] == 0x8d && (p[-1] & 0xc0) == 0x80 && (p[-1] & 7) != 4;
}

/* call *foo@tlscall(%eax): ff 10, the relocation on its first byte. */
static int tlsdesc_call(const struct ld_isec *s, const struct ld_rel *r)
{
	const uint8_t *p = bytes(s, r->offset, 2);
	return p && p[0] == 0xff && p[1] == 0x10;
}

/* leal foo@tlsdesc(%reg1), %reg2 -> leal foo@ntpoff, %reg2 (no base register), at p,
 * the lea's displacement. */
static void write_tlsdesc_lea(uint8_t *p)
{
	p[-1] = (uint8_t)((p[-1] & 0x38) | 0x05);
}

/* call *foo@tlscall(%eax) -> xchg %ax, %ax (66 90), a two-byte nop. */
static void write_tlsdesc_nop(uint8_t *p)
{
	p[0] = 0x66;
	p[1] = 0x90;
}

/* ---- scanning */

static void scan_error(struct ld_ctx *ctx, uint32_t isec, const struct ld_rel *r, const char *what)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const char *name = ctx->t->reloc_name(r->type);
	char where[512];
	ld_error(ctx, "%s: relocation %s against '%s' %s", ld_where(ctx, isec, r->offset, where, sizeof(where)),
	         name ? name : "?", ld_sym_name(ctx, s->file, r->sym), what);
}

static void need_got_slot(struct ld_ctx *ctx, uint32_t isec, const struct ld_rel *r)
{
	const struct ld_file *f = &ctx->files.v[ctx->isecs.v[isec].file];
	if (r->sym < f->nsyms && f->syms[r->sym].global)
		ctx->syms.v[f->syms[r->sym].global].flags |= LD_SYM_NEEDS_GOT;
	else
		scan_error(ctx, isec, r, "needs a GOT slot, and solder gives GOT slots only to global symbols");
}

static void report_unknown(struct ld_ctx *ctx, uint32_t isec, const struct ld_rel *r)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	char where[512];
	struct diag d = { 0 };
	struct reloc_site site = {
		.type = r->type,
		.sym_name = ld_sym_name(ctx, s->file, r->sym),
		.where = ld_where(ctx, isec, r->offset, where, sizeof(where)),
	};
	tgt_unknown_reloc(ctx->t, &site, &d);
	ld_diag(ctx, &d);
}

/* A TLS_GD/TLS_LDM sequence (rels[i]) and the call after it become local exec: the
 * call's relocation is consumed here, turned into R_386_NONE, so that ___tls_get_addr
 * is neither applied nor counted as a reference (GNU ld does not need it defined). */
static void consume_tls_call(struct ld_ctx *ctx, uint32_t isec, uint32_t i)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_rel *r = &s->rels[i];
	const struct tls_seq q = tls_dynamic_seq(s, r);
	if (q.call == TLS_CALL_BAD) {
		scan_error(ctx, isec, r, r->type == R_386_TLS_GD ?
		           "cannot be relaxed to local exec: the instructions are not leal foo@tlsgd(,%ebx,1), %eax; "
		           "call ___tls_get_addr@PLT (or leal foo@tlsgd(%reg), %eax; call *___tls_get_addr@GOT(%reg))" :
		           "cannot be relaxed to local exec: the instructions are not leal foo@tlsldm(%reg), %eax; "
		           "call ___tls_get_addr@PLT (or call *___tls_get_addr@GOT(%reg))");
		return;
	}
	if (i + 1 >= s->nrels || !is_tls_call_rel(ctx, s, &q, &s->rels[i + 1])) {
		char what[160];
		snprintf(what, sizeof(what), "cannot be relaxed to local exec: no relocation against %s at 0x%llx",
		         tls_get_addr, (unsigned long long)q.call_off);
		scan_error(ctx, isec, r, what);
		return;
	}
	s->rels[i + 1].type = R_386_NONE;
}

/* A TLS descriptor sequence for _TLS_MODULE_BASE_ (-mtls-dialect=gnu2's local dynamic):
 * GNU ld places that symbol at the thread pointer, so its local-exec offset is 0 and the
 * rewrite needs no address. It is done here and the relocation consumed, since nothing
 * else defines the symbol. */
static void relax_module_base(struct ld_ctx *ctx, uint32_t isec, uint32_t i)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	uint8_t *p = ld_isec_writable(ctx, isec) + s->rels[i].offset;
	if (s->rels[i].type == R_386_TLS_GOTDESC) {
		write_tlsdesc_lea(p);
		put32(p, 0, 0);
	} else {
		write_tlsdesc_nop(p);
	}
	s->rels[i].type = R_386_NONE;
}

static const char ie_forms[] = "cannot be relaxed to local exec: the instruction is not ";

static void i386_scan_section(struct ld_ctx *ctx, uint32_t isec)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	for (uint32_t i = 0; i < s->nrels; i++) {
		const struct ld_rel *r = &s->rels[i];
		if (sym_named(ctx, s->file, r->sym, got_symbol))
			ctx->needs_got_base = 1;
		switch (r->type) {
		case R_386_NONE: case R_386_32: case R_386_PC32: case R_386_PLT32:
		case R_386_16: case R_386_PC16: case R_386_8: case R_386_PC8:
		case R_386_TLS_LE: case R_386_TLS_LE_32: case R_386_TLS_LDO_32: case R_386_SIZE32:
			break;
		case R_386_GOT32:
			need_got_slot(ctx, isec, r);
			ctx->needs_got_base = 1;
			break;
		case R_386_GOT32X:
			if (got32x_relax(ctx, s, r) == GOT32X_KEEP) {
				need_got_slot(ctx, isec, r);
				ctx->needs_got_base = 1;
			}
			break;
		case R_386_GOTOFF: case R_386_GOTPC:
			ctx->needs_got_base = 1;
			break;
		case R_386_TLS_IE:
			if (!tls_ie_relaxable(s, r)) {
				char what[160];
				snprintf(what, sizeof(what), "%smovl foo, %%eax or movl/addl foo, %%reg", ie_forms);
				scan_error(ctx, isec, r, what);
			}
			break;
		case R_386_TLS_GOTIE: case R_386_TLS_IE_32:
			if (!tls_gotie_relaxable(s, r)) {
				char what[160];
				snprintf(what, sizeof(what), "%smovl/addl/subl foo(%%reg1), %%reg2", ie_forms);
				scan_error(ctx, isec, r, what);
			}
			break;
		case R_386_TLS_GD: case R_386_TLS_LDM:
			consume_tls_call(ctx, isec, i);
			break;
		case R_386_TLS_GOTDESC: case R_386_TLS_DESC_CALL:
			if (r->type == R_386_TLS_GOTDESC ? !tlsdesc_lea(s, r) : !tlsdesc_call(s, r))
				scan_error(ctx, isec, r, r->type == R_386_TLS_GOTDESC ?
				           "cannot be relaxed to local exec: the instruction is not leal foo@tlsdesc(%reg1), %reg2" :
				           "cannot be relaxed to local exec: the instruction is not call *foo@tlscall(%eax)");
			else if (sym_named(ctx, s->file, r->sym, tls_module_base))
				relax_module_base(ctx, isec, i);
			break;
		default:
			report_unknown(ctx, isec, r);
			break;
		}
	}
}

/* ---- relocating */

/* One relocation being applied. Messages are formatted only for a place that fails:
 * naming every place up front would cost more than the relocation itself. */
struct i386_reloc {
	struct ld_ctx *ctx;
	uint32_t isec;
	const struct ld_rel *r;
	struct reloc_site site;
};

static void name_site(struct i386_reloc *x, char *where, size_t size)
{
	const struct ld_isec *s = &x->ctx->isecs.v[x->isec];
	x->site.where = ld_where(x->ctx, x->isec, x->r->offset, where, size);
	x->site.sym_name = ld_sym_name(x->ctx, s->file, x->r->sym);
}

/* Applies the site through the target's formulas (S already includes A). */
static void apply(struct i386_reloc *x)
{
	struct diag d = { 0 };
	if (!x->ctx->t->apply_reloc(x->ctx->t, &x->site, &d))
		return;
	char where[512];
	diag_reset(&d);
	name_site(x, where, sizeof(where));
	x->ctx->t->apply_reloc(x->ctx->t, &x->site, &d);
	ld_diag(x->ctx, &d);
}

static const int64_t two32 = (int64_t)1 << 32;

/* Writes a 32-bit value this file computed, checked against [lo, hi). */
static void put_checked(struct i386_reloc *x, uint64_t v, int64_t lo, int64_t hi)
{
	struct diag d = { 0 };
	char where[512];
	if (x->site.avail < 4 || tgt_check_range(x->ctx->t, &x->site, &d, (int64_t)v, lo, hi)) {
		diag_reset(&d);
		name_site(x, where, sizeof(where));
		if (tgt_check_room(x->ctx->t, &x->site, &d, 4) == 0)
			tgt_check_range(x->ctx->t, &x->site, &d, (int64_t)v, lo, hi);
		ld_diag(x->ctx, &d);
		return;
	}
	put32(x->site.loc, (uint32_t)v, 0);
}

/* An absolute address: written signed or unsigned. */
static void put_abs(struct i386_reloc *x, uint64_t v) { put_checked(x, v, -two32 / 2, two32); }
/* A difference of two addresses: anything a 32-bit wrap reaches. */
static void put_diff(struct i386_reloc *x, uint64_t v) { put_checked(x, v, -two32 + 1, two32); }

static void relax_got32x(struct i386_reloc *x, enum got32x_relax how, uint64_t S)
{
	uint8_t *p = x->site.loc;
	const uint8_t opcode = p[-2], modrm = p[-1];
	const uint8_t reg = (modrm >> 3) & 7;
	switch (how) {
	case GOT32X_KEEP:
		return;
	case GOT32X_CALL:
		p[-2] = 0x67;      /* addr32: a one-byte prefix that pads call rel32 to six */
		p[-1] = 0xe8;
		x->site.type = R_386_PC32;
		x->site.S = S - 4;
		apply(x);
		return;
	case GOT32X_JMP:
		/* jmp rel32 is five bytes: the field moves up by one and a nop fills the end */
		p[-2] = 0xe9;
		p[3] = 0x90;
		x->site.loc = p - 1;
		x->site.avail += 1;
		x->site.P -= 1;
		x->site.type = R_386_PC32;
		x->site.S = S - 4;
		apply(x);
		return;
	case GOT32X_MOV_IMM:
		p[-2] = 0xc7;
		p[-1] = (uint8_t)(0xc0 | reg);
		break;
	case GOT32X_TEST_IMM:
		p[-2] = 0xf7;
		p[-1] = (uint8_t)(0xc0 | reg);
		break;
	case GOT32X_BINOP_IMM:
		p[-2] = 0x81;
		p[-1] = (uint8_t)(0xc0 | reg | (opcode & 0x38));
		break;
	}
	x->site.type = R_386_32;
	x->site.S = S;
	apply(x);
}

/* TLS_IE: movl foo, %eax -> movl $x, %eax; movl/addl foo, %reg -> c7/81 /0 $x, %reg.
 * TLS_GOTIE, TLS_IE_32: movl/subl/addl foo(%reg1), %reg2 -> c7 /0, 81 /5, 81 /0. */
static void relax_ie(struct i386_reloc *x, uint64_t value)
{
	uint8_t *p = x->site.loc;
	const uint8_t reg = (p[-1] >> 3) & 7;
	if (x->r->type == R_386_TLS_IE && p[-1] == 0xa1) {
		p[-1] = 0xb8;
	} else if (p[-2] == 0x8b) {
		p[-2] = 0xc7;
		p[-1] = (uint8_t)(0xc0 | reg);
	} else if (p[-2] == 0x2b) {
		p[-2] = 0x81;
		p[-1] = (uint8_t)(0xe8 | reg);
	} else {
		p[-2] = 0x81;
		p[-1] = (uint8_t)(0xc0 | reg);
	}
	put_diff(x, value);
}

/* A general- or local-dynamic sequence becomes local exec, as GNU ld writes it:
 *   GD: movl %gs:0, %eax; subl $tpoff, %eax    (81 e8: the 6-byte form)
 *   LD: movl %gs:0, %eax, then a 5- or 6-byte nop
 * so %eax holds the variable's address (GD) or the thread pointer, which the
 * TLS_LDO_32 offsets that follow an LD sequence are relative to once relaxed. */
static void relax_tls_dynamic(struct i386_reloc *x, const struct tls_seq *q, uint8_t *dst, uint64_t tpoff)
{
	static const uint8_t mov_gs0[] = { 0x65, 0xa1, 0, 0, 0, 0 };
	static const uint8_t sub_eax[] = { 0x81, 0xe8 };
	static const uint8_t nop5[] = { 0x90, 0x8d, 0x74, 0x26, 0x00 };
	static const uint8_t nop6[] = { 0x8d, 0xb6, 0, 0, 0, 0 };
	uint8_t *p = dst + q->start;
	memcpy(p, mov_gs0, sizeof(mov_gs0));
	if (x->r->type == R_386_TLS_LDM) {
		if (q->len == 11)
			memcpy(p + 6, nop5, sizeof(nop5));
		else
			memcpy(p + 6, nop6, sizeof(nop6));
		return;
	}
	memcpy(p + 6, sub_eax, sizeof(sub_eax));
	x->site.loc = p + 8;
	x->site.P = x->site.P - x->r->offset + q->start + 8;
	x->site.avail = 4;
	put_diff(x, tpoff);
}

static uint64_t sym_size(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	if (sym >= f->nsyms)
		return 0;
	const struct ld_fsym *fs = &f->syms[sym];
	return fs->global ? ctx->syms.v[fs->global].size : fs->size;
}

static unsigned field_size(uint32_t type)
{
	switch (type) {
	case R_386_16: case R_386_PC16:
		return 2;
	case R_386_8: case R_386_PC8:
		return 1;
	default:
		return 4;
	}
}

/* A non-alloc (debug) section's reference to a symbol in a discarded section (the
 * other copy of a COMDAT function): GNU ld clears the field, addend included, and
 * writes 1 in .debug_ranges, where a 0/0 pair would end the list early. */
static void write_tombstone(const struct ld_isec *s, const struct ld_rel *r, uint8_t *loc, size_t avail)
{
	const unsigned size = field_size(r->type);
	if (avail < size)
		return;
	memset(loc, 0, size);
	if (!strcmp(s->name, ".debug_ranges"))
		loc[0] = 1;
}

static uint32_t i386_relocate_section(struct ld_ctx *ctx, uint32_t isec, uint8_t *dst)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const uint32_t errors = ctx->errors;
	const int alloc = (s->sh_flags & SHF_ALLOC) != 0;
	const int code = (s->sh_flags & SHF_EXECINSTR) != 0;
	const uint64_t base = ld_isec_addr(ctx, isec, 0);
	const uint64_t GOT = ctx->got_addr;
	const uint64_t tls_end = align_up(ctx->tls_addr + ctx->tls_memsz, ctx->tls_align);

	for (uint32_t i = 0; i < s->nrels; i++) {
		const struct ld_rel *r = &s->rels[i];
		if (r->type == R_386_NONE)
			continue;
		if (r->offset > s->size) {
			char where[512];
			ld_error(ctx, "%s: relocation offset 0x%llx is past the end of the section (0x%llx bytes)",
			         ld_where(ctx, isec, r->offset, where, sizeof(where)),
			         (unsigned long long)r->offset, (unsigned long long)s->size);
			continue;
		}
		int ok;
		const uint64_t SA = ld_reloc_target(ctx, s->file, r->sym, r->addend, &ok);
		const uint64_t S = SA - (uint64_t)r->addend;
		if (!ok && alloc)
			continue;    /* undefined (reported) or in a discarded section */
		struct i386_reloc x = {
			.ctx = ctx, .isec = isec, .r = r,
			.site = { .type = r->type, .loc = dst + r->offset, .avail = s->size - r->offset,
			          .P = base + r->offset, .S = SA, .A = 0 },
		};
		if (!ok) {
			write_tombstone(s, r, x.site.loc, x.site.avail);
			continue;
		}
		const uint64_t A = (uint64_t)r->addend;
		const uint64_t P = x.site.P;

		switch (r->type) {
		case R_386_GOT32X: {
			enum got32x_relax how = got32x_relax(ctx, s, r);
			if (how != GOT32X_KEEP) {
				relax_got32x(&x, how, S);
				break;
			}
		}
			/* fall through */
		case R_386_GOT32: {
			const uint64_t G = ld_got_addr(ctx, s->file, r->sym);   /* the slot, G + GOT */
			if (!G && alloc) {
				scan_error(ctx, isec, r, "has no GOT slot (the scan did not ask for one)");
				break;
			}
			/* no base register: the slot's absolute address */
			const int abs = r->offset >= 1 && s->data && baseless(s->data[r->offset - 1]);
			put_abs(&x, G + A - (abs ? 0 : GOT));
			break;
		}
		case R_386_GOTOFF:
			put_diff(&x, x.site.S - GOT);
			break;
		case R_386_GOTPC:
			put_diff(&x, GOT + A - P);
			break;
		case R_386_TLS_LE:
			put_diff(&x, x.site.S - tls_end);
			break;
		case R_386_TLS_LE_32:
			put_diff(&x, tls_end - S + A);
			break;
		case R_386_TLS_IE: case R_386_TLS_GOTIE:
			if (r->type == R_386_TLS_IE ? tls_ie_relaxable(s, r) : tls_gotie_relaxable(s, r))
				relax_ie(&x, S - tls_end);
			break;     /* otherwise reported by the scan */
		case R_386_TLS_IE_32:
			if (tls_gotie_relaxable(s, r))
				relax_ie(&x, tls_end - S);
			break;
		case R_386_TLS_GD: case R_386_TLS_LDM: {
			const struct tls_seq q = tls_dynamic_seq(s, r);
			if (q.call != TLS_CALL_BAD)
				relax_tls_dynamic(&x, &q, dst, tls_end - S);
			break;     /* otherwise reported by the scan */
		}
		case R_386_TLS_GOTDESC:
			if (tlsdesc_lea(s, r)) {
				write_tlsdesc_lea(x.site.loc);
				put_diff(&x, S - tls_end);
			}
			break;
		case R_386_TLS_DESC_CALL:
			if (tlsdesc_call(s, r))
				write_tlsdesc_nop(x.site.loc);
			break;
		case R_386_TLS_LDO_32:
			put_diff(&x, x.site.S - (code ? tls_end : ctx->tls_addr));
			break;
		case R_386_SIZE32:
			put_abs(&x, sym_size(ctx, s->file, r->sym) + A);
			break;
		default:
			/* the plain formulas, and the unknown types (reported there too) */
			apply(&x);
			break;
		}
	}
	return ctx->errors - errors;
}

const struct ld_target ld_i386 = {
	.t = &target_i386,
	.implicit_addend = i386_implicit_addend,
	.scan_section = i386_scan_section,
	.relocate_section = i386_relocate_section,
	.relax = NULL,
	.merge_e_flags = NULL,
	.fill_code = x86_fill_code,
};
