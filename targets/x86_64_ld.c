/*
 * x86_64_ld.c: linking x86-64 relocatable objects into a static, non-PIE executable,
 * after the System V x86-64 psABI (chapter 4.4 "Relocation", and the TLS chapter that
 * follows Drepper's "ELF Handling For Thread-Local Storage"), doing what GNU ld 2.40
 * does for the same objects, byte for byte.
 *
 * targets/x86_64.c already applies the plain formulas (64, PC32, PLT32, 32, 32S, the
 * GOTPCREL family with S = the slot); this file adds what needs the link's layout:
 *
 *  - The GOT. _GLOBAL_OFFSET_TABLE_ (GOT below) is ctx->got_addr; a symbol's slot is
 *    ld_got_addr (G + GOT in the psABI's letters). GOTPC32/64 are GOT + A - P, GOTOFF64
 *    and PLTOFF64 (no PLT in a static image) S + A - GOT, GOT32/GOT64/GOTPLT64 the slot's
 *    offset from GOT plus A, GOTPCREL64 the slot + A - P. Only global symbols get slots
 *    (ld.h's GOT holds globals); a local symbol whose GOT reference cannot be relaxed
 *    away is an error. GCC never emits one: it addresses locals directly.
 *  - GOTPCRELX relaxation, which the psABI allows and GNU ld does whenever the symbol
 *    is defined in the image (or is an undefined weak, which is 0), so PIE-compiled
 *    objects lose their GOT loads in a static link:
 *      mov  foo@GOTPCREL(%rip), %reg -> mov $foo, %reg (c7 /0; R_X86_64_32S with REX.W,
 *                                       else R_X86_64_32 with REX.W cleared)
 *      call *foo@GOTPCREL(%rip)      -> addr32 call foo (67 e8)
 *      jmp  *foo@GOTPCREL(%rip)      -> jmp foo; nop    (e9 ... 90)
 *      test %reg, foo@GOTPCREL(%rip) -> test $foo, %reg (f7 /0)
 *      binop foo@GOTPCREL(%rip), %reg-> binop $foo, %reg (81 /digit)
 *    A REX.R in the prefix moves to REX.B, since the register moves from ModRM.reg to
 *    ModRM.rm. Plain GOTPCREL (no X: the assembler promises nothing about the
 *    instruction) is relaxed only for mov, and to `lea foo(%rip), %reg`, as GNU ld has
 *    done "for a while". The addend must be -4 (the field ends the instruction), the
 *    symbol not in an SHF_X86_64_LARGE section, and an absolute symbol must fit the
 *    immediate. --no-relax keeps every GOT load except those of undefined weak
 *    symbols, again like GNU ld. The scan (which asks for slots) and the relocation
 *    make the decision from the same input bytes and resolution; the one difference,
 *    a symbol layout defines in between (_end), costs a slot that goes unused.
 *  - TLS, variant II: %fs points at the end of the TLS block, aligned up to the block's
 *    alignment, so a local-exec offset (TPOFF32/64) is S + A - tls_end and negative.
 *    Initial-exec loads (GOTTPOFF) are rewritten to local exec, since a static image
 *    knows every offset:  movq foo@gottpoff(%rip), %reg -> movq $tpoff, %reg;
 *    addq foo@gottpoff(%rip), %reg -> leaq tpoff(%reg), %reg (addq $tpoff for %rsp and
 *    %r12, whose ModRM.rm encoding means "SIB follows"). GNU ld ignores the addend
 *    there (it is the -4 of the RIP-relative form) and so does this file.
 *    DTPOFF32/64 (what -g writes for a __thread variable's location) are offsets in
 *    the TLS block, S + A - tls_addr; in code (the local-dynamic model relaxed to local
 *    exec) GNU ld makes DTPOFF32 a TP offset and so does this file. DTPOFF64 in code
 *    (movabs $foo@dtpoff) stops GNU ld with an assertion; here it stays a block offset.
 *  - General and local dynamic (-fpic) become local exec too, as GNU ld rewrites them:
 *      data16 leaq foo@tlsgd(%rip), %rdi; data16 data16 rex64 call __tls_get_addr
 *        -> movq %fs:0, %rax; leaq tpoff(%rax), %rax                    (16 bytes)
 *      leaq foo@tlsld(%rip), %rdi; call __tls_get_addr
 *        -> data16 data16 data16 movq %fs:0, %rax                        (12 bytes)
 *    and the -fno-plt forms (call *__tls_get_addr@GOTPCREL(%rip): data16 rex64 ff 15 for
 *    GD, ff 15 and four data16 prefixes for LD) and the large model's movabs/add/call
 *    *%rax (22 bytes, padded with a nop). The relocation of the call belongs to the
 *    sequence: the scan checks it is there and against __tls_get_addr, then turns it
 *    into R_X86_64_NONE, so it is never applied, asks for no GOT slot, and does not make
 *    __tls_get_addr an undefined reference (res_report_undefined skips NONE). Any other
 *    instruction sequence is an error naming the relocation, as in GNU ld.
 *  - TLS descriptors (-mtls-dialect=gnu2): leaq foo@tlsdesc(%rip), %reg -> movq $tpoff,
 *    %reg; call *foo@tlscall(%rax) -> xchg %ax, %ax. Local dynamic in that dialect goes
 *    through _TLS_MODULE_BASE_, which GNU ld defines at the thread pointer (TP offset 0);
 *    solder does not define it, so the scan rewrites that pair itself, with 0, and
 *    consumes both relocations.
 *  - SIZE32/64 are Z + A, Z the symbol's st_size.
 *
 * Every value goes through tgt_check_range with the relocation GNU ld would name (after
 * relaxation, the relaxed type: R_X86_64_32S for a `mov $foo`), so a value out of range
 * says which relocation, symbol, place and bounds.
 */
#include <stdio.h>
#include <string.h>

#include "../link/ld.h"

enum {
	R_X86_64_NONE = 0, R_X86_64_64 = 1, R_X86_64_PC32 = 2, R_X86_64_GOT32 = 3,
	R_X86_64_PLT32 = 4, R_X86_64_GOTPCREL = 9, R_X86_64_32 = 10, R_X86_64_32S = 11,
	R_X86_64_16 = 12, R_X86_64_PC16 = 13, R_X86_64_8 = 14, R_X86_64_PC8 = 15,
	R_X86_64_DTPOFF64 = 17, R_X86_64_TPOFF64 = 18, R_X86_64_TLSGD = 19, R_X86_64_TLSLD = 20,
	R_X86_64_DTPOFF32 = 21,
	R_X86_64_GOTTPOFF = 22, R_X86_64_TPOFF32 = 23, R_X86_64_PC64 = 24,
	R_X86_64_GOTOFF64 = 25, R_X86_64_GOTPC32 = 26, R_X86_64_GOT64 = 27,
	R_X86_64_GOTPCREL64 = 28, R_X86_64_GOTPC64 = 29, R_X86_64_GOTPLT64 = 30,
	R_X86_64_PLTOFF64 = 31, R_X86_64_SIZE32 = 32, R_X86_64_SIZE64 = 33,
	R_X86_64_GOTPC32_TLSDESC = 34, R_X86_64_TLSDESC_CALL = 35,
	R_X86_64_GOTPCRELX = 41, R_X86_64_REX_GOTPCRELX = 42, R_X86_64_CODE_4_GOTPCRELX = 43,
	R_X86_64_CODE_5_GOTPCRELX = 46, R_X86_64_CODE_6_GOTPCRELX = 49,
};

enum { SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_X86_64_LARGE = 0x10000000 };
enum { SHN_UNDEF = 0, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2 };
enum { REX_B = 0x1, REX_R = 0x4, REX_W = 0x8 };

static const char got_symbol[] = "_GLOBAL_OFFSET_TABLE_";

/* ---- the symbol behind a relocation, as the relaxations see it */

enum sym_kind { SYM_UNDEF, SYM_UNDEF_WEAK, SYM_DEFINED, SYM_ABS };

struct sym_facts {
	enum sym_kind kind;
	uint64_t abs_value;      /* SYM_ABS: the address */
	uint8_t large;           /* defined in an SHF_X86_64_LARGE section */
};

static struct sym_facts sym_facts(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	struct sym_facts sf = { .kind = SYM_UNDEF };
	if (sym >= f->nsyms)
		return sf;
	const struct ld_fsym *fs = &f->syms[sym];
	uint32_t isec = 0;
	if (fs->global) {
		const struct ld_sym *y = &ctx->syms.v[fs->global];
		switch (y->def) {
		case LD_DEF_REGULAR:
			sf.kind = SYM_DEFINED;
			isec = y->isec;
			break;
		case LD_DEF_ABS:
			/* --defsym a=b+4 is only known after layout: treat it like b */
			sf.kind = y->alias ? SYM_DEFINED : SYM_ABS;
			sf.abs_value = y->value;
			break;
		case LD_DEF_COMMON:
		case LD_DEF_LINKER:
			sf.kind = SYM_DEFINED;
			break;
		default:
			sf.kind = y->flags & LD_SYM_WEAK ? SYM_UNDEF_WEAK : SYM_UNDEF;
			break;
		}
	} else if (fs->shndx == SHN_ABS) {
		sf.kind = SYM_ABS;
		sf.abs_value = fs->value;
	} else if (fs->shndx == SHN_COMMON) {
		sf.kind = SYM_DEFINED;
	} else if (fs->shndx != SHN_UNDEF) {
		sf.kind = SYM_DEFINED;
		if (fs->shndx < f->nsec)
			isec = f->first_isec + fs->shndx;
	}
	if (isec && isec < ctx->isecs.len)
		sf.large = (ctx->isecs.v[isec].sh_flags & SHF_X86_64_LARGE) != 0;
	return sf;
}

static int is_global(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	return sym < f->nsyms && f->syms[sym].global != 0;
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

/* ---- GOTPCRELX relaxation: the decision (scan and relocate share it) */

enum gotpcrel_relax {
	GOTPCREL_KEEP,           /* stays a load through the GOT: the symbol needs a slot */
	GOTPCREL_LEA,            /* mov -> lea foo(%rip): R_X86_64_PC32 */
	GOTPCREL_MOV_IMM,        /* mov -> mov $foo: R_X86_64_32S or 32 */
	GOTPCREL_CALL,           /* call * -> addr32 call foo: R_X86_64_PC32 */
	GOTPCREL_JMP,            /* jmp * -> jmp foo; nop: R_X86_64_PC32 one byte earlier */
	GOTPCREL_TEST_IMM,       /* test -> test $foo */
	GOTPCREL_BINOP_IMM,      /* adc/add/and/cmp/or/sbb/sub/xor -> 81 /digit $foo */
};

static int is_binop(uint8_t opcode)
{
	/* the "op r, r/m" forms of add, or, adc, sbb, and, sub, xor, cmp: 00 ooo 011 */
	return (opcode & 0xc7) == 0x03;
}

/* Does an absolute value fit the immediate the relaxed instruction sign-extends
 * (REX.W: 32S) or zero-extends (32)? */
static int imm_fits(uint64_t v, int rex_w)
{
	return rex_w ? v + 0x80000000u <= 0xffffffffu : v <= 0xffffffffu;
}

static enum gotpcrel_relax gotpcrel_relax(struct ld_ctx *ctx, const struct ld_isec *s, const struct ld_rel *r)
{
	const int relocx = r->type == R_X86_64_GOTPCRELX || r->type == R_X86_64_REX_GOTPCRELX;
	const int rex_form = r->type == R_X86_64_REX_GOTPCRELX;
	if (!relocx && r->type != R_X86_64_GOTPCREL)
		return GOTPCREL_KEEP;
	if (!s->data || r->offset < (rex_form ? 3u : 2u) || r->offset > s->size || s->size - r->offset < 4)
		return GOTPCREL_KEEP;
	if (r->addend != -4)
		return GOTPCREL_KEEP;
	const uint8_t *p = s->data + r->offset;
	const uint8_t opcode = p[-2], modrm = p[-1];
	const uint8_t rex = rex_form ? p[-3] : 0;
	if ((modrm & 0xc7) != 0x05)                 /* disp32(%rip) */
		return GOTPCREL_KEEP;
	if (rex_form && (rex & 0xf0) != 0x40)
		return GOTPCREL_KEEP;
	if (!relocx && opcode != 0x8b)
		return GOTPCREL_KEEP;

	const struct sym_facts sf = sym_facts(ctx, s->file, r->sym);
	/* A local symbol cannot have a GOT slot here: its loads are relaxed even under
	 * --no-relax, which only changes bytes GNU ld would have left alone. */
	const int no_relax = ctx->opt && !ctx->opt->relax && is_global(ctx, s->file, r->sym);
	if (sf.kind == SYM_UNDEF || sf.large)
		return GOTPCREL_KEEP;
	if (sf.kind == SYM_UNDEF_WEAK) {
		/* resolves to 0: loads become immediates even under --no-relax, a branch
		 * to 0 might not reach */
		if (opcode == 0xff && no_relax)
			return GOTPCREL_KEEP;
	} else if (no_relax) {
		return GOTPCREL_KEEP;
	}

	if (opcode == 0xff)
		return modrm == 0x15 ? GOTPCREL_CALL : modrm == 0x25 ? GOTPCREL_JMP : GOTPCREL_KEEP;
	if (opcode == 0x8b && !relocx)
		return GOTPCREL_LEA;
	if (opcode != 0x8b && opcode != 0x85 && !is_binop(opcode))
		return GOTPCREL_KEEP;
	if (sf.kind == SYM_ABS && !imm_fits(sf.abs_value, (rex & REX_W) != 0))
		return GOTPCREL_KEEP;
	return opcode == 0x8b ? GOTPCREL_MOV_IMM : opcode == 0x85 ? GOTPCREL_TEST_IMM : GOTPCREL_BINOP_IMM;
}

/* movq/addq foo@gottpoff(%rip), %reg: the only initial-exec forms GNU ld rewrites to
 * local exec (the x86-64 psABI's TLS chapter lists them). */
static int gottpoff_relaxable(const struct ld_isec *s, const struct ld_rel *r)
{
	if (!s->data || r->offset < 3 || r->offset > s->size || s->size - r->offset < 4)
		return 0;
	const uint8_t *p = s->data + r->offset;
	return (p[-3] == 0x48 || p[-3] == 0x4c) && (p[-2] == 0x8b || p[-2] == 0x03) && (p[-1] & 0xc7) == 0x05;
}

/* ---- general dynamic, local dynamic and TLS descriptors: the sequences GNU ld
 * rewrites to local exec (the psABI's TLS chapter lists them) */

static const char tls_get_addr[] = "__tls_get_addr";
static const char tls_module_base[] = "_TLS_MODULE_BASE_";

/* How the call to __tls_get_addr after a TLSGD/TLSLD lea is made. */
enum tls_call {
	TLS_CALL_BAD,            /* not a sequence GNU ld rewrites */
	TLS_CALL_PLT,            /* call __tls_get_addr@PLT: e8, PLT32 or PC32 */
	TLS_CALL_GOT,            /* -fno-plt: call *__tls_get_addr@GOTPCREL(%rip): ff 15 */
	TLS_CALL_LARGE,          /* -mcmodel=large: movabs $__tls_get_addr@PLTOFF, %rax;
	                            add %reg, %rax; call *%rax */
};

/* One general- or local-dynamic sequence: the bytes the rewrite replaces and the
 * relocation of its call, which the rewrite consumes. */
struct tls_seq {
	enum tls_call call;
	uint64_t start, len;     /* offsets in the section */
	uint64_t call_off;       /* r_offset of the relocation against __tls_get_addr */
};

/* Are the n bytes at off of s's contents exactly want? */
static int bytes_at(const struct ld_isec *s, uint64_t off, const uint8_t *want, size_t n)
{
	return s->data && off <= s->size && s->size - off >= n && !memcmp(s->data + off, want, n);
}

/* The call after the lea, its first byte at off. */
static enum tls_call tls_call_at(const struct ld_isec *s, uint64_t off, int gd)
{
	static const uint8_t gd_plt[] = { 0x66, 0x66, 0x48, 0xe8 }, gd_got[] = { 0x66, 0x48, 0xff, 0x15 };
	static const uint8_t ld_plt[] = { 0xe8 }, ld_got[] = { 0xff, 0x15 };
	static const uint8_t movabs[] = { 0x48, 0xb8 }, call_rax[] = { 0xff, 0xd0 };
	if (gd ? bytes_at(s, off, gd_plt, 4) : bytes_at(s, off, ld_plt, 1))
		return TLS_CALL_PLT;
	if (gd ? bytes_at(s, off, gd_got, 4) : bytes_at(s, off, ld_got, 2))
		return TLS_CALL_GOT;
	/* movabs (10 bytes); add %reg, %rax (REX.W 01 /r, rm = rax); call *%rax */
	if (bytes_at(s, off, movabs, 2) && bytes_at(s, off + 13, call_rax, 2)) {
		const uint8_t *add = s->data + off + 10;
		if ((add[0] == 0x48 || add[0] == 0x4c) && add[1] == 0x01 && (add[2] & 0xc7) == 0xc0)
			return TLS_CALL_LARGE;
	}
	return TLS_CALL_BAD;
}

/* The sequence around a TLSGD or TLSLD relocation, from its bytes alone:
 *   GD: 66 48 8d 3d  data16 leaq foo@tlsgd(%rip), %rdi, then 66 66 48 e8 (data16
 *       data16 rex.W call) or 66 48 ff 15 (data16 rex.W call *): 16 bytes;
 *       -mcmodel=large: 48 8d 3d, then the 15-byte movabs/add/call: 22 bytes
 *   LD: 48 8d 3d  leaq foo@tlsld(%rip), %rdi, then e8 (12 bytes), ff 15 (13) or the
 *       large model's movabs/add/call (22) */
static struct tls_seq tls_dynamic_seq(const struct ld_isec *s, const struct ld_rel *r)
{
	static const uint8_t gd_lea[] = { 0x66, 0x48, 0x8d, 0x3d }, lea[] = { 0x48, 0x8d, 0x3d };
	const int gd = r->type == R_X86_64_TLSGD;
	struct tls_seq q = { .call = TLS_CALL_BAD };
	if (r->offset < 3 || r->offset > s->size || s->size - r->offset < 4)
		return q;
	const uint64_t call = r->offset + 4;
	if (gd && r->offset >= 4 && bytes_at(s, r->offset - 4, gd_lea, 4)) {
		q.call = tls_call_at(s, call, 1);
		q.start = r->offset - 4;
		if (q.call == TLS_CALL_LARGE)
			q.call = TLS_CALL_BAD;
	} else if (bytes_at(s, r->offset - 3, lea, 3)) {
		q.call = tls_call_at(s, call, 0);
		q.start = r->offset - 3;
		if (gd && q.call != TLS_CALL_LARGE)
			q.call = TLS_CALL_BAD;
	}
	switch (q.call) {
	case TLS_CALL_BAD:
		break;
	case TLS_CALL_PLT:
		q.call_off = call + (gd ? 4 : 1);
		q.len = gd ? 16 : 12;
		break;
	case TLS_CALL_GOT:
		q.call_off = call + (gd ? 4 : 2);
		q.len = gd ? 16 : 13;
		break;
	case TLS_CALL_LARGE:
		q.call_off = call + 2;
		q.len = 22;
		break;
	}
	return q;
}

/* Is rel the call relocation sequence q expects? */
static int is_tls_call_rel(struct ld_ctx *ctx, const struct ld_isec *s, const struct tls_seq *q,
                           const struct ld_rel *rel)
{
	if (rel->offset != q->call_off || !sym_named(ctx, s->file, rel->sym, tls_get_addr))
		return 0;
	if (rel->type == R_X86_64_NONE)
		return 1;     /* consumed by an earlier scan */
	switch (q->call) {
	case TLS_CALL_PLT:
		return rel->type == R_X86_64_PLT32 || rel->type == R_X86_64_PC32;
	case TLS_CALL_GOT:
		return rel->type == R_X86_64_GOTPCRELX || rel->type == R_X86_64_REX_GOTPCRELX ||
		       rel->type == R_X86_64_GOTPCREL;
	case TLS_CALL_LARGE:
		return rel->type == R_X86_64_PLTOFF64;
	default:
		return 0;
	}
}

/* leaq foo@tlsdesc(%rip), %reg: REX.W 8d /r with a RIP-relative operand. */
static int tlsdesc_lea(const struct ld_isec *s, const struct ld_rel *r)
{
	if (!s->data || r->offset < 3 || r->offset > s->size || s->size - r->offset < 4)
		return 0;
	const uint8_t *p = s->data + r->offset;
	return (p[-3] == 0x48 || p[-3] == 0x4c) && p[-2] == 0x8d && (p[-1] & 0xc7) == 0x05;
}

/* call *foo@tlscall(%rax): ff 10, the relocation on its first byte. */
static int tlsdesc_call(const struct ld_isec *s, const struct ld_rel *r)
{
	static const uint8_t call[] = { 0xff, 0x10 };
	return bytes_at(s, r->offset, call, 2);
}

/* leaq foo@tlsdesc(%rip), %reg -> movq $tpoff, %reg (REX.R moves to REX.B), at p,
 * the lea's displacement. */
static void write_tlsdesc_mov(uint8_t *p)
{
	const uint8_t reg = (p[-1] >> 3) & 7;
	p[-3] = p[-3] == 0x4c ? 0x49 : 0x48;
	p[-2] = 0xc7;
	p[-1] = (uint8_t)(0xc0 | reg);
}

/* call *foo@tlscall(%rax) -> xchg %ax, %ax (66 90), a two-byte nop. */
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

/* A TLSGD/TLSLD sequence (rels[i]) and the call after it become local exec: the call's
 * relocation is consumed here, turned into R_X86_64_NONE, so that __tls_get_addr is
 * neither applied nor counted as a reference (GNU ld does not need it defined). */
static void consume_tls_call(struct ld_ctx *ctx, uint32_t isec, uint32_t i)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_rel *r = &s->rels[i];
	const struct tls_seq q = tls_dynamic_seq(s, r);
	if (q.call == TLS_CALL_BAD) {
		scan_error(ctx, isec, r, r->type == R_X86_64_TLSGD ?
		           "cannot be relaxed to local exec: the instructions are not data16 leaq foo@tlsgd(%rip), "
		           "%rdi; data16 data16 rex64 call __tls_get_addr@PLT (or call *__tls_get_addr@GOTPCREL(%rip))" :
		           "cannot be relaxed to local exec: the instructions are not leaq foo@tlsld(%rip), %rdi; "
		           "call __tls_get_addr@PLT (or call *__tls_get_addr@GOTPCREL(%rip))");
		return;
	}
	if (i + 1 >= s->nrels || !is_tls_call_rel(ctx, s, &q, &s->rels[i + 1])) {
		char what[160];
		snprintf(what, sizeof(what), "cannot be relaxed to local exec: no relocation against %s at 0x%llx",
		         tls_get_addr, (unsigned long long)q.call_off);
		scan_error(ctx, isec, r, what);
		return;
	}
	s->rels[i + 1].type = R_X86_64_NONE;
}

/* A TLS descriptor sequence for _TLS_MODULE_BASE_ (-mtls-dialect=gnu2's local dynamic):
 * GNU ld places that symbol at the thread pointer, so its local-exec offset is 0 and the
 * rewrite needs no address. It is done here and the relocation consumed, since nothing
 * else defines the symbol. */
static void relax_module_base(struct ld_ctx *ctx, uint32_t isec, uint32_t i)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	uint8_t *p = ld_isec_writable(ctx, isec) + s->rels[i].offset;
	if (s->rels[i].type == R_X86_64_GOTPC32_TLSDESC) {
		write_tlsdesc_mov(p);
		put32(p, 0, 0);
	} else {
		write_tlsdesc_nop(p);
	}
	s->rels[i].type = R_X86_64_NONE;
}

static void x86_64_scan_section(struct ld_ctx *ctx, uint32_t isec)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	for (uint32_t i = 0; i < s->nrels; i++) {
		const struct ld_rel *r = &s->rels[i];
		if (sym_named(ctx, s->file, r->sym, got_symbol))
			ctx->needs_got_base = 1;
		switch (r->type) {
		case R_X86_64_NONE: case R_X86_64_64: case R_X86_64_PC32: case R_X86_64_PLT32:
		case R_X86_64_32: case R_X86_64_32S: case R_X86_64_16: case R_X86_64_PC16:
		case R_X86_64_8: case R_X86_64_PC8: case R_X86_64_PC64:
		case R_X86_64_TPOFF32: case R_X86_64_TPOFF64:
		case R_X86_64_DTPOFF32: case R_X86_64_DTPOFF64:
		case R_X86_64_SIZE32: case R_X86_64_SIZE64:
			break;
		case R_X86_64_GOTPCREL: case R_X86_64_GOTPCRELX: case R_X86_64_REX_GOTPCRELX:
			if (gotpcrel_relax(ctx, s, r) == GOTPCREL_KEEP)
				need_got_slot(ctx, isec, r);
			break;
		case R_X86_64_CODE_4_GOTPCRELX: case R_X86_64_CODE_5_GOTPCRELX:
		case R_X86_64_CODE_6_GOTPCRELX: case R_X86_64_GOTPCREL64:
			need_got_slot(ctx, isec, r);
			break;
		case R_X86_64_GOT32: case R_X86_64_GOT64: case R_X86_64_GOTPLT64:
			need_got_slot(ctx, isec, r);
			ctx->needs_got_base = 1;
			break;
		case R_X86_64_GOTOFF64: case R_X86_64_PLTOFF64:
		case R_X86_64_GOTPC32: case R_X86_64_GOTPC64:
			ctx->needs_got_base = 1;
			break;
		case R_X86_64_GOTTPOFF:
			if (!gottpoff_relaxable(s, r))
				scan_error(ctx, isec, r, "cannot be relaxed to local exec: the instruction is not "
				           "movq or addq foo@gottpoff(%rip), %reg");
			break;
		case R_X86_64_TLSGD: case R_X86_64_TLSLD:
			consume_tls_call(ctx, isec, i);
			break;
		case R_X86_64_GOTPC32_TLSDESC: case R_X86_64_TLSDESC_CALL:
			if (r->type == R_X86_64_GOTPC32_TLSDESC ? !tlsdesc_lea(s, r) : !tlsdesc_call(s, r))
				scan_error(ctx, isec, r, r->type == R_X86_64_GOTPC32_TLSDESC ?
				           "cannot be relaxed to local exec: the instruction is not leaq foo@tlsdesc(%rip), %reg" :
				           "cannot be relaxed to local exec: the instruction is not call *foo@tlscall(%rax)");
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
struct x64_reloc {
	struct ld_ctx *ctx;
	uint32_t isec;
	const struct ld_rel *r;
	struct reloc_site site;
};

static void name_site(struct x64_reloc *x, char *where, size_t size)
{
	const struct ld_isec *s = &x->ctx->isecs.v[x->isec];
	x->site.where = ld_where(x->ctx, x->isec, x->r->offset, where, size);
	x->site.sym_name = ld_sym_name(x->ctx, s->file, x->r->sym);
}

/* Applies the site through the target's formulas (S already includes A). */
static void apply(struct x64_reloc *x)
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

/* Writes a value this file computed: size bytes, checked against [lo, hi) unless the
 * field is 64 bits wide. */
static void put_checked(struct x64_reloc *x, uint64_t v, unsigned size, int64_t lo, int64_t hi)
{
	struct diag d = { 0 };
	char where[512];
	if (x->site.avail < size || (size < 8 && tgt_check_range(x->ctx->t, &x->site, &d, (int64_t)v, lo, hi))) {
		diag_reset(&d);
		name_site(x, where, sizeof(where));
		if (tgt_check_room(x->ctx->t, &x->site, &d, size) == 0)
			tgt_check_range(x->ctx->t, &x->site, &d, (int64_t)v, lo, hi);
		ld_diag(x->ctx, &d);
		return;
	}
	if (size == 8)
		put64(x->site.loc, v, 0);
	else
		put32(x->site.loc, (uint32_t)v, 0);
}

static const int64_t two31 = (int64_t)1 << 31;

static void put_s32(struct x64_reloc *x, uint64_t v) { put_checked(x, v, 4, -two31, two31); }
static void put_u32(struct x64_reloc *x, uint64_t v) { put_checked(x, v, 4, 0, 2 * two31); }
static void put_64(struct x64_reloc *x, uint64_t v) { put_checked(x, v, 8, 0, 0); }

/* Rewrites a GOTPCRELX instruction in dst as decided, and applies the relaxed
 * relocation. S is the symbol's address (no addend). */
static void relax_gotpcrel(struct x64_reloc *x, enum gotpcrel_relax how, uint64_t S)
{
	uint8_t *p = x->site.loc;
	const uint8_t opcode = p[-2], modrm = p[-1];
	const int rex_form = x->r->type == R_X86_64_REX_GOTPCRELX;
	uint8_t rex = rex_form ? p[-3] : 0;
	uint8_t rex_clear = REX_R;
	const uint8_t reg = (modrm >> 3) & 7;

	/* The scan decided before addresses were known. An address that does not fit the
	 * immediate stops GNU ld ("failed to convert GOTPCREL relocation"); a mov can still
	 * become a lea, the rest need the GOT slot they were promised not to need. */
	if ((how == GOTPCREL_MOV_IMM || how == GOTPCREL_TEST_IMM || how == GOTPCREL_BINOP_IMM) &&
	    !imm_fits(S, (rex & REX_W) != 0)) {
		const int64_t pcrel = (int64_t)(S + (uint64_t)x->r->addend - x->site.P);
		if (how == GOTPCREL_MOV_IMM && pcrel >= INT32_MIN && pcrel <= INT32_MAX) {
			how = GOTPCREL_LEA;
		} else {
			char what[160];
			snprintf(what, sizeof(what), "cannot be relaxed: 0x%llx fits neither the instruction's "
			         "32-bit immediate nor its displacement; relink with --no-relax",
			         (unsigned long long)S);
			scan_error(x->ctx, x->isec, x->r, what);
			return;
		}
	}
	switch (how) {
	case GOTPCREL_KEEP:
		return;
	case GOTPCREL_LEA:
		p[-2] = 0x8d;
		x->site.type = R_X86_64_PC32;
		x->site.S = S + (uint64_t)x->r->addend;
		apply(x);
		return;
	case GOTPCREL_CALL:
		p[-2] = 0x67;      /* addr32: a one-byte prefix that pads call rel32 to six */
		p[-1] = 0xe8;
		x->site.type = R_X86_64_PC32;
		x->site.S = S + (uint64_t)x->r->addend;
		apply(x);
		return;
	case GOTPCREL_JMP:
		/* jmp rel32 is five bytes: the field moves up by one and a nop fills the end */
		p[-2] = 0xe9;
		p[3] = 0x90;
		x->site.loc = p - 1;
		x->site.avail += 1;
		x->site.P -= 1;
		x->site.type = R_X86_64_PC32;
		x->site.S = S + (uint64_t)x->r->addend;
		apply(x);
		return;
	case GOTPCREL_MOV_IMM:
		p[-2] = 0xc7;
		p[-1] = (uint8_t)(0xc0 | reg);
		/* without REX.W, mov $imm32 sign-extends nothing: clear a stray W too */
		if (!(rex & REX_W))
			rex_clear |= REX_W;
		break;
	case GOTPCREL_TEST_IMM:
		p[-2] = 0xf7;
		p[-1] = (uint8_t)(0xc0 | reg);
		break;
	case GOTPCREL_BINOP_IMM:
		p[-2] = 0x81;
		p[-1] = (uint8_t)(0xc0 | reg | (opcode & 0x38));
		break;
	}
	x->site.type = rex & REX_W ? R_X86_64_32S : R_X86_64_32;
	if (rex_form)
		p[-3] = (uint8_t)((rex & ~rex_clear) | (rex & REX_R ? REX_B : 0));
	x->site.S = S;
	apply(x);
}

/* movq foo@gottpoff(%rip), %reg -> movq $tpoff, %reg;
 * addq foo@gottpoff(%rip), %reg -> leaq tpoff(%reg), %reg, or addq $tpoff, %reg for
 * %rsp/%r12 (rm = 100 would mean a SIB byte follows). */
static void relax_gottpoff(struct x64_reloc *x, int64_t tpoff)
{
	uint8_t *p = x->site.loc;
	const uint8_t reg = (p[-1] >> 3) & 7;
	const int rex_r = p[-3] == 0x4c;
	if (p[-2] == 0x8b) {
		p[-3] = rex_r ? 0x49 : 0x48;
		p[-2] = 0xc7;
		p[-1] = (uint8_t)(0xc0 | reg);
	} else if (reg == 4) {
		p[-3] = rex_r ? 0x49 : 0x48;
		p[-2] = 0x81;
		p[-1] = (uint8_t)(0xc0 | reg);
	} else {
		p[-3] = rex_r ? 0x4d : 0x48;
		p[-2] = 0x8d;
		p[-1] = (uint8_t)(0x80 | reg << 3 | reg);
	}
	x->site.type = R_X86_64_TPOFF32;
	put_s32(x, (uint64_t)tpoff);
}

/* A general- or local-dynamic sequence becomes local exec, as GNU ld writes it:
 *   GD: movq %fs:0, %rax; leaq tpoff(%rax), %rax  (then a 6-byte nop in the large model)
 *   LD: movq %fs:0, %rax, padded with data16 prefixes to 12 or 13 bytes (the large
 *       model: a 13-byte nop first)
 * so %rax holds the variable's address (GD) or the thread pointer, which the DTPOFF32
 * offsets that follow an LD sequence are relative to once relaxed. */
static void relax_tls_dynamic(struct x64_reloc *x, const struct tls_seq *q, uint8_t *dst, int64_t tpoff)
{
	static const uint8_t mov_fs0[] = { 0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0 };
	static const uint8_t lea_rax[] = { 0x48, 0x8d, 0x80 };
	static const uint8_t nop6[] = { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	static const uint8_t nop13[] = { 0x66, 0x66, 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0 };
	uint8_t *p = dst + q->start;
	if (x->r->type == R_X86_64_TLSLD) {
		if (q->call == TLS_CALL_LARGE) {
			memcpy(p, nop13, sizeof(nop13));
			memcpy(p + sizeof(nop13), mov_fs0, sizeof(mov_fs0));
		} else {
			const size_t pad = q->len - sizeof(mov_fs0);
			memset(p, 0x66, pad);
			memcpy(p + pad, mov_fs0, sizeof(mov_fs0));
		}
		return;
	}
	memcpy(p, mov_fs0, sizeof(mov_fs0));
	memcpy(p + 9, lea_rax, sizeof(lea_rax));
	if (q->call == TLS_CALL_LARGE)
		memcpy(p + 16, nop6, sizeof(nop6));
	x->site.type = R_X86_64_TPOFF32;
	x->site.loc = p + 12;
	x->site.P = x->site.P - x->r->offset + q->start + 12;
	x->site.avail = 4;
	put_s32(x, (uint64_t)tpoff);
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
	case R_X86_64_64: case R_X86_64_PC64: case R_X86_64_DTPOFF64: case R_X86_64_TPOFF64:
	case R_X86_64_GOTOFF64: case R_X86_64_GOT64: case R_X86_64_GOTPCREL64: case R_X86_64_GOTPC64:
	case R_X86_64_GOTPLT64: case R_X86_64_PLTOFF64: case R_X86_64_SIZE64:
		return 8;
	case R_X86_64_16: case R_X86_64_PC16:
		return 2;
	case R_X86_64_8: case R_X86_64_PC8:
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

static uint32_t x86_64_relocate_section(struct ld_ctx *ctx, uint32_t isec, uint8_t *dst)
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
		if (r->type == R_X86_64_NONE)
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
		struct x64_reloc x = {
			.ctx = ctx, .isec = isec, .r = r,
			.site = { .type = r->type, .loc = dst + r->offset, .avail = s->size - r->offset,
			          .P = base + r->offset, .S = SA, .A = 0 },
		};
		if (!ok) {
			write_tombstone(s, r, x.site.loc, x.site.avail);
			continue;
		}
		const uint64_t P = x.site.P;
		const uint64_t G = ld_got_addr(ctx, s->file, r->sym);   /* the slot, G + GOT */

		switch (r->type) {
		case R_X86_64_GOTPCREL: case R_X86_64_GOTPCRELX: case R_X86_64_REX_GOTPCRELX: {
			enum gotpcrel_relax how = gotpcrel_relax(ctx, s, r);
			if (how != GOTPCREL_KEEP) {
				relax_gotpcrel(&x, how, S);
				break;
			}
		}
			/* fall through */
		case R_X86_64_CODE_4_GOTPCRELX: case R_X86_64_CODE_5_GOTPCRELX:
		case R_X86_64_CODE_6_GOTPCRELX:
			if (!G && alloc)
				goto no_slot;
			x.site.S = G + (uint64_t)r->addend;
			apply(&x);
			break;
		case R_X86_64_GOTPCREL64:
			if (!G && alloc)
				goto no_slot;
			put_64(&x, G + (uint64_t)r->addend - P);
			break;
		case R_X86_64_GOT32:
			if (!G && alloc)
				goto no_slot;
			put_s32(&x, G - GOT + (uint64_t)r->addend);
			break;
		case R_X86_64_GOT64: case R_X86_64_GOTPLT64:
			if (!G && alloc)
				goto no_slot;
			put_64(&x, G - GOT + (uint64_t)r->addend);
			break;
		case R_X86_64_GOTOFF64: case R_X86_64_PLTOFF64:
			put_64(&x, x.site.S - GOT);
			break;
		case R_X86_64_GOTPC32:
			put_s32(&x, GOT + (uint64_t)r->addend - P);
			break;
		case R_X86_64_GOTPC64:
			put_64(&x, GOT + (uint64_t)r->addend - P);
			break;
		case R_X86_64_TPOFF32:
			put_s32(&x, x.site.S - tls_end);
			break;
		case R_X86_64_TPOFF64:
			put_64(&x, x.site.S - tls_end);
			break;
		case R_X86_64_GOTTPOFF:
			if (gottpoff_relaxable(s, r))
				relax_gottpoff(&x, (int64_t)(S - tls_end));
			break;     /* otherwise reported by the scan */
		case R_X86_64_TLSGD: case R_X86_64_TLSLD: {
			const struct tls_seq q = tls_dynamic_seq(s, r);
			if (q.call != TLS_CALL_BAD)
				relax_tls_dynamic(&x, &q, dst, (int64_t)(S - tls_end));
			break;     /* otherwise reported by the scan */
		}
		case R_X86_64_GOTPC32_TLSDESC:
			if (tlsdesc_lea(s, r)) {
				write_tlsdesc_mov(x.site.loc);
				x.site.type = R_X86_64_TPOFF32;
				put_s32(&x, S - tls_end);
			}
			break;
		case R_X86_64_TLSDESC_CALL:
			if (tlsdesc_call(s, r))
				write_tlsdesc_nop(x.site.loc);
			break;
		case R_X86_64_DTPOFF32:
			put_s32(&x, x.site.S - (code ? tls_end : ctx->tls_addr));
			break;
		case R_X86_64_DTPOFF64:
			put_64(&x, x.site.S - ctx->tls_addr);
			break;
		case R_X86_64_SIZE32:
			put_u32(&x, sym_size(ctx, s->file, r->sym) + (uint64_t)r->addend);
			break;
		case R_X86_64_SIZE64:
			put_64(&x, sym_size(ctx, s->file, r->sym) + (uint64_t)r->addend);
			break;
		default:
			/* the plain formulas, and the unknown types (reported there too) */
			apply(&x);
			break;
		}
		continue;
	no_slot:
		scan_error(ctx, isec, r, "has no GOT slot (the scan did not ask for one)");
	}
	return ctx->errors - errors;
}

/* Gaps between input sections in code get NOPs, as GNU ld fills them: the longest
 * of the recommended multi-byte NOP forms (Intel SDM, "NOP"), up to 10 bytes, then
 * the rest with the form of that length. Disassemblers and debuggers stay in step
 * across the padding. Shared with i386, where these forms decode the same. */
void x86_fill_code(uint8_t *p, uint64_t n)
{
	static const uint8_t nops[10][10] = {
		{ 0x90 },
		{ 0x66, 0x90 },
		{ 0x0f, 0x1f, 0x00 },
		{ 0x0f, 0x1f, 0x40, 0x00 },
		{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
		{ 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	};
	while (n) {
		unsigned k = n > 10 ? 10 : (unsigned)n;
		memcpy(p, nops[k - 1], k);
		p += k;
		n -= k;
	}
}

const struct ld_target ld_x86_64 = {
	.t = &target_x86_64,
	.implicit_addend = NULL,
	.scan_section = x86_64_scan_section,
	.relocate_section = x86_64_relocate_section,
	.relax = NULL,
	.merge_e_flags = NULL,
	.fill_code = x86_fill_code,
};
