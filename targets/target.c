/*
 * target.c: what the targets share: finding a target's table, the one range check
 * and the other relocation messages, appending to a caller's solder_code, and the
 * public solder_emit_* functions, which only dispatch to the target's encoders.
 *
 * Messages follow lld: "<where>: relocation R_RISCV_JAL against 'foo' out of range:
 * 1048578 is not in [-1048576, 1048576)". The core supplies `where` (the input file
 * and section offset, or the API symbol) and the symbol's name in the reloc_site.
 */
#include "target.h"

const struct target *target_for(solder_arch arch)
{
	switch (arch) {
	case SOLDER_ARCH_RISCV64: return &target_riscv64;
	case SOLDER_ARCH_RISCV32: return &target_riscv32;
	case SOLDER_ARCH_X86_64: return &target_x86_64;
	case SOLDER_ARCH_I386: return &target_i386;
	}
	return NULL;
}

/* ---- relocation messages */

static const char *site_where(const struct reloc_site *r)
{
	return r->where && *r->where ? r->where : "(unknown place)";
}

static const char *site_sym(const struct reloc_site *r)
{
	return r->sym_name ? r->sym_name : "";
}

/* The relocation's name for a message; a type the target cannot name is shown by
 * number, which is what the user can look up in the psABI. */
static const char *site_reloc(const struct target *t, const struct reloc_site *r, char *tmp, size_t size)
{
	const char *name = t->reloc_name(r->type);
	if (name)
		return name;
	fmt(tmp, size, "type %u", r->type);
	return tmp;
}

int tgt_check_range(const struct target *t, const struct reloc_site *r, struct diag *d,
                    int64_t v, int64_t lo, int64_t hi)
{
	if (v >= lo && v < hi)
		return 0;
	char tmp[32];
	diag_error(d, SOLDER_ERR_RANGE, "%s: relocation %s against '%s' out of range: %lld is not in [%lld, %lld)",
	           site_where(r), site_reloc(t, r, tmp, sizeof(tmp)), site_sym(r),
	           (long long)v, (long long)lo, (long long)hi);
	return -1;
}

int tgt_unknown_reloc(const struct target *t, const struct reloc_site *r, struct diag *d)
{
	const char *name = t->reloc_name(r->type);
	if (name)
		diag_error(d, SOLDER_ERR_INVALID, "%s: unknown relocation type %u (%s) against '%s' for %s",
		           site_where(r), r->type, name, site_sym(r), t->name);
	else
		diag_error(d, SOLDER_ERR_INVALID, "%s: unknown relocation type %u against '%s' for %s",
		           site_where(r), r->type, site_sym(r), t->name);
	return -1;
}

/* Returns 0 when the place has need bytes; a place running past its section is bad
 * input (a corrupt or hand-made object), never something to write through. */
int tgt_check_room(const struct target *t, const struct reloc_site *r, struct diag *d, size_t need)
{
	if (r->avail >= need)
		return 0;
	char tmp[32];
	diag_error(d, SOLDER_ERR_INVALID,
	           "%s: relocation %s against '%s' needs %u bytes but only %u remain in the section",
	           site_where(r), site_reloc(t, r, tmp, sizeof(tmp)), site_sym(r),
	           (unsigned)need, (unsigned)(r->avail < UINT32_MAX ? r->avail : UINT32_MAX));
	return -1;
}

/* ---- appending to a solder_code: once anything does not fit, `overflow` stays set
 * and nothing more is appended, so a caller checks once after a whole sequence. */

void code_bytes(struct solder_code *c, const void *p, size_t n)
{
	if (c->overflow || c->len > c->cap || n > c->cap - c->len) {
		c->overflow = 1;
		return;
	}
	if (n == 0)
		return;
	memcpy(c->bytes + c->len, p, n);
	c->len += n;
}

void code_u32le(struct solder_code *c, uint32_t v)
{
	uint8_t b[4];
	put32(b, v, 0);
	code_bytes(c, b, 4);
}

/* The fixup's offset is the current end of the bytes: an encoder appends an
 * instruction's opcode bytes, records the fixup, then appends the field it patches. */
void code_fixup(struct solder_code *c, uint32_t type, solder_sym sym, uint32_t flags,
                int64_t addend, uint32_t hi_offset)
{
	if (c->overflow || c->nfixups >= c->fixups_cap) {
		c->overflow = 1;
		return;
	}
	c->fixups[c->nfixups++] = (struct solder_fixup){
		.offset = (uint32_t)c->len,
		.type = type,
		.sym = sym,
		.flags = flags,
		.addend = addend,
		.hi_offset = hi_offset,
	};
}

/* ---- the public encoders: an unknown architecture cannot produce code, which the
 * caller sees the same way as a full buffer. */

static const struct target *emit_target(solder_arch arch, struct solder_code *c)
{
	const struct target *t = target_for(arch);
	if (!t)
		c->overflow = 1;
	return t;
}

void solder_emit_call_got(solder_arch arch, struct solder_code *c, solder_sym callee)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_call_got(c, callee);
}

void solder_emit_load_imm(solder_arch arch, struct solder_code *c, enum solder_reg reg, uint64_t value)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_load_imm(c, reg, value);
}

void solder_emit_load_addr(solder_arch arch, struct solder_code *c, enum solder_reg reg, solder_sym sym, int64_t addend)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_load_addr(c, reg, sym, addend);
}

void solder_emit_enter(solder_arch arch, struct solder_code *c)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_enter(c);
}

void solder_emit_leave(solder_arch arch, struct solder_code *c)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_leave(c);
}

void solder_emit_ret(solder_arch arch, struct solder_code *c)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_ret(c);
}

void solder_emit_sys_write(solder_arch arch, struct solder_code *c, int fd, solder_sym buf, int64_t addend, uint64_t len)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_sys_write(c, fd, buf, addend, len);
}

void solder_emit_sys_exit(solder_arch arch, struct solder_code *c, int status)
{
	const struct target *t = emit_target(arch, c);
	if (t)
		t->emit_sys_exit(c, status);
}
