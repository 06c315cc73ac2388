/*
 * ld_target.c: finding the object-linking half of a target (struct ld_target) from
 * what the inputs or the command line say: an object's e_machine and class, or
 * GNU ld's emulation name for -m.
 */
#include <string.h>

#include "../link/ld.h"

enum { EM_386_ = 3, EM_X86_64_ = 62, EM_RISCV_ = 243 };

static const struct {
	const char *emulation;    /* GNU ld's -m name */
	uint16_t e_machine;
	uint8_t elf_class;
	const struct ld_target *lt;
} ld_targets[] = {
	{ "elf64lriscv", EM_RISCV_, 64, &ld_riscv64 },
	{ "elf32lriscv", EM_RISCV_, 32, &ld_riscv32 },
	{ "elf_x86_64", EM_X86_64_, 64, &ld_x86_64 },
	{ "elf_i386", EM_386_, 32, &ld_i386 },
};

const struct ld_target *ld_target_for(uint16_t e_machine, uint8_t elf_class)
{
	for (size_t i = 0; i < sizeof(ld_targets) / sizeof(ld_targets[0]); i++)
		if (ld_targets[i].e_machine == e_machine && ld_targets[i].elf_class == elf_class)
			return ld_targets[i].lt;
	return NULL;
}

const struct ld_target *ld_target_for_emulation(const char *m)
{
	for (size_t i = 0; i < sizeof(ld_targets) / sizeof(ld_targets[0]); i++)
		if (!strcmp(ld_targets[i].emulation, m))
			return ld_targets[i].lt;
	return NULL;
}

const char *ld_emulation_name(const struct ld_target *lt)
{
	for (size_t i = 0; i < sizeof(ld_targets) / sizeof(ld_targets[0]); i++)
		if (ld_targets[i].lt == lt)
			return ld_targets[i].emulation;
	return "?";
}
