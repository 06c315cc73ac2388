/*
 * got.c: the global offset table at its fixed virtual address.
 *
 * Slot i (1-based) of a symbol lives at got_addr + (i - 1) * ptr_size for the
 * symbol's whole life, so code that calls through it never needs re-patching when the
 * callee moves: only the slot is rewritten. Freed slots are reused first.
 */
#include "link.h"

uint32_t got_alloc(struct solder_link *l)
{
	if (l->free_got.len)
		return l->free_got.v[--l->free_got.len];
	uint32_t slot = l->got_slots + 1;
	if (elfw_ensure_size(l, l->sec_got, (uint64_t)slot * l->t->ptr_size))
		return 0;
	l->got_slots = slot;
	return slot;
}

void got_free(struct solder_link *l, uint32_t slot)
{
	(void)got_write(l, slot, 0);
	(void)VEC_PUSH(&l->alloc, l->free_got, slot);
}

uint64_t got_slot_addr(const struct solder_link *l, uint32_t slot)
{
	return l->got_addr + (uint64_t)(slot - 1) * l->t->ptr_size;
}

int got_write(struct solder_link *l, uint32_t slot, uint64_t value)
{
	uint8_t b[8];
	unsigned n = l->t->ptr_size;
	put_word(b, value, n, l->t->big_endian);
	return elfw_pwrite(l, b, n, l->secs.v[l->sec_got].sh_offset + (uint64_t)(slot - 1) * n);
}
