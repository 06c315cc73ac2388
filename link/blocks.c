/*
 * blocks.c: placement of blocks inside a section, Zig's Elf.zig allocator in C.
 *
 * Blocks of a section form a list ordered by offset. A block's capacity is the
 * distance to the next block (the last block's is unbounded until the section's
 * segment meets its neighbour). A new block is given its ideal capacity, size * 4/3,
 * so it can grow in place; when it cannot, it moves. Blocks whose surplus over their
 * ideal capacity could hold a new minimum-size block sit on the section's free list,
 * and a new block is carved from the end of such a surplus before the section is
 * extended. The free list is a heuristic: stale entries are dropped when met.
 *
 * Offsets are relative to the section, so the same code places code and data (whose
 * address is sh_addr + off) and DWARF pieces (whose file offset is sh_offset + off).
 * What the bytes in a gap must be is the caller's business (debug.c pads them).
 */
#include "link.h"

uint32_t blk_new(struct solder_link *l, uint32_t sec, uint32_t owner)
{
	uint32_t b;
	if (l->free_blocks.len) {
		b = l->free_blocks.v[--l->free_blocks.len];
	} else {
		if (!l->blocks.len && VEC_PUSH(&l->alloc, l->blocks, (struct block){ 0 }))
			return 0;
		if (VEC_PUSH(&l->alloc, l->blocks, (struct block){ 0 }))
			return 0;
		b = l->blocks.len - 1;
	}
	l->blocks.v[b] = (struct block){ .sec = sec, .owner = owner };
	return b;
}

static int is_placed(const struct solder_link *l, uint32_t b)
{
	const struct block *k = &l->blocks.v[b];
	return k->prev || k->next || l->secs.v[k->sec].first_block == b;
}

uint64_t blk_capacity(const struct solder_link *l, uint32_t b)
{
	const struct block *k = &l->blocks.v[b];
	return k->next ? l->blocks.v[k->next].off - k->off : UINT64_MAX - k->off;
}

static uint64_t ideal_end(const struct block *k)
{
	uint64_t e = k->off + sat_scale(k->size, ALLOC_NUM, ALLOC_DEN);
	return e < k->off ? UINT64_MAX : e;
}

static int free_list_eligible(const struct solder_link *l, uint32_t b)
{
	const struct block *k = &l->blocks.v[b];
	if (!k->next)
		return 0;   /* the last block's surplus is the section's free tail */
	uint64_t cap = l->blocks.v[k->next].off - k->off;
	uint64_t ideal = sat_scale(k->size, ALLOC_NUM, ALLOC_DEN);
	return cap > ideal && cap - ideal >= MIN_BLOCK_CAPACITY;
}

static void free_list_remove(struct osec *s, uint32_t b)
{
	for (uint32_t i = 0; i < s->free_list.len;) {
		if (s->free_list.v[i] == b)
			s->free_list.v[i] = s->free_list.v[--s->free_list.len];
		else
			i++;
	}
}

static void free_list_offer(struct solder_link *l, uint32_t b)
{
	struct osec *s = &l->secs.v[l->blocks.v[b].sec];
	if (!free_list_eligible(l, b))
		return;
	for (uint32_t i = 0; i < s->free_list.len; i++)
		if (s->free_list.v[i] == b)
			return;
	/* The free list is a heuristic: losing a node to memory exhaustion only wastes space. */
	(void)VEC_PUSH(&l->alloc, s->free_list, b);
}

uint64_t blk_section_end(const struct solder_link *l, uint32_t sec)
{
	const struct osec *s = &l->secs.v[sec];
	if (!s->last_block)
		return s->head_reserve + s->tail;
	const struct block *k = &l->blocks.v[s->last_block];
	return k->off + k->size + s->tail;
}

/* Takes b out of its section's list; its space joins its predecessor's capacity. */
static void unlink_block(struct solder_link *l, uint32_t b)
{
	struct block *k = &l->blocks.v[b];
	struct osec *s = &l->secs.v[k->sec];
	free_list_remove(s, b);
	if (k->prev)
		l->blocks.v[k->prev].next = k->next;
	else if (s->first_block == b)
		s->first_block = k->next;
	if (k->next)
		l->blocks.v[k->next].prev = k->prev;
	else if (s->last_block == b)
		s->last_block = k->prev;
	uint32_t prev = k->prev;
	k->prev = k->next = 0;
	if (prev)
		free_list_offer(l, prev);
}

int blk_place(struct solder_link *l, uint32_t b, uint64_t size, uint64_t align, int *moved)
{
	struct block *k = &l->blocks.v[b];
	uint32_t sec = k->sec;
	struct osec *s = &l->secs.v[sec];
	*moved = 0;
	if (is_placed(l, b) && align_down(k->off, align) == k->off && size <= blk_capacity(l, b)) {
		/* Grows or shrinks in place. */
		k->size = size;
		if (s->last_block == b && elfw_ensure_size(l, sec, blk_section_end(l, sec)))
			return -1;
		free_list_offer(l, b);
		return 0;
	}
	if (is_placed(l, b))
		unlink_block(l, b);
	k = &l->blocks.v[b];

	uint64_t new_ideal = sat_scale(size, ALLOC_NUM, ALLOC_DEN);
	uint32_t after = 0;      /* the block to place after; 0: at the section's start */
	uint64_t off = 0;
	int found = 0;
	/* First, a free-list node with room at the end of its surplus. */
	for (uint32_t i = 0; i < s->free_list.len;) {
		uint32_t big = s->free_list.v[i];
		const struct block *bk = &l->blocks.v[big];
		if (!bk->next) {
			s->free_list.v[i] = s->free_list.v[--s->free_list.len];
			continue;
		}
		uint64_t cap_end = l->blocks.v[bk->next].off;
		uint64_t start = cap_end > new_ideal ? align_down(cap_end - new_ideal, align) : 0;
		if (cap_end <= new_ideal || start < ideal_end(bk) || start + size > cap_end) {
			if (!free_list_eligible(l, big))
				s->free_list.v[i] = s->free_list.v[--s->free_list.len];
			else
				i++;
			continue;
		}
		after = big;
		off = start;
		found = 1;
		/* Keep the node only while the surplus left before the new block still holds
		 * another minimum-size block. */
		if (start - ideal_end(bk) < MIN_BLOCK_CAPACITY)
			s->free_list.v[i] = s->free_list.v[--s->free_list.len];
		break;
	}
	if (!found && s->last_block) {
		after = s->last_block;
		off = align_up(ideal_end(&l->blocks.v[after]), align);
	} else if (!found) {
		off = align_up(s->head_reserve, align);
	}

	k->off = off;
	k->size = size;
	k->prev = after;
	if (after) {
		k->next = l->blocks.v[after].next;
		l->blocks.v[after].next = b;
	} else {
		k->next = s->first_block;
		s->first_block = b;
	}
	if (k->next)
		l->blocks.v[k->next].prev = b;
	else
		s->last_block = b;
	*moved = 1;
	if (s->last_block == b && elfw_ensure_size(l, sec, blk_section_end(l, sec)))
		return -1;
	return 0;
}

void blk_release(struct solder_link *l, uint32_t b)
{
	struct block *k = &l->blocks.v[b];
	uint32_t sec = k->sec;
	int was_last = l->secs.v[sec].last_block == b;
	if (is_placed(l, b))
		unlink_block(l, b);
	if (was_last) {
		/* The section ends earlier now; the file space stays reserved. */
		struct osec *s = &l->secs.v[sec];
		uint64_t end = blk_section_end(l, sec);
		if (end < s->sh_size)
			(void)elfw_ensure_size(l, sec, end);
	}
	l->blocks.v[b] = (struct block){ 0 };
	(void)VEC_PUSH(&l->alloc, l->free_blocks, b);
}

int blk_move_to_end(struct solder_link *l, uint32_t b, uint64_t align)
{
	struct block *k = &l->blocks.v[b];
	uint32_t sec = k->sec;
	struct osec *s = &l->secs.v[sec];
	if (s->last_block == b) {
		k->off = align_up(k->off > s->head_reserve ? k->off : s->head_reserve, align);
	} else {
		unlink_block(l, b);
		k = &l->blocks.v[b];
		uint32_t last = s->last_block;
		k->off = align_up(last ? ideal_end(&l->blocks.v[last]) : s->head_reserve, align);
		if (k->off < s->head_reserve)
			k->off = align_up(s->head_reserve, align);
		k->prev = last;
		k->next = 0;
		if (last)
			l->blocks.v[last].next = b;
		else
			s->first_block = b;
		s->last_block = b;
	}
	return elfw_ensure_size(l, sec, blk_section_end(l, sec));
}
