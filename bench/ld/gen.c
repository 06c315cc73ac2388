/*
 * gen.c: writes the C program that the link benchmark (bench/run-ld-bench.sh) compiles
 * and links. Usage: gen NFUNCS NOBJS DIR. It writes DIR/o0000.c .. DIR/o<NOBJS-1>.c.
 *
 * The program is shaped like firmware that a linker must take seriously:
 * - every function f<i> has its own .data word g<i>, .rodata table t<i> and .bss word
 *   b<i>, reads the .data word of a function in another file, and calls three others
 *   picked at random over the whole program, so most calls and data references cross
 *   objects and need symbol resolution and relocation;
 * - it hashes two string literals: one of its own and one of 64 shared by every file,
 *   so SHF_MERGE|SHF_STRINGS sections have duplicates to fold;
 * - each file has a const table of pointers to its functions (absolute 64-bit
 *   relocations in .rodata) and a runner o<k>_run that calls through it;
 * - o0000.c also holds _start, which calls every runner (so nothing is unreachable),
 *   prints the checksum of all calls in hex and exits with its low 7 bits. Two images
 *   linked from the same objects must print and return the same.
 * Call depth is bounded by an argument, so a run makes about 4 calls per function.
 * Compiled with -g, the objects carry DWARF for every function.
 *
 * The output depends only on the arguments: the generator uses its own PRNG.
 */
#include <stdio.h>
#include <stdlib.h>

#define SHARED_STRINGS 64
#define CALLEES 3

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

static unsigned rng(void)
{
	/* xorshift64*: deterministic on every host. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

/* Functions [first_fn(k), first_fn(k + 1)) live in file k: the sizes differ by at most one. */
static unsigned long first_fn(unsigned long k, unsigned long nfuncs, unsigned long nobjs)
{
	return k * nfuncs / nobjs;
}

static void write_start(FILE *f, unsigned long nobjs)
{
	fputs("\n/* The entry point: align the stack as the ABI wants at a call, and on RISC-V\n"
	      "   set gp, which the linker may have used to relax accesses. */\n"
	      "#if defined(__riscv)\n"
	      "__asm__(\".section .text._start,\\\"ax\\\",@progbits\\n\"\n"
	      "        \".globl _start\\n_start:\\n\"\n"
	      "        \".option push\\n.option norelax\\n\"\n"
	      "        \"la gp, __global_pointer$\\n\"\n"
	      "        \".option pop\\n\"\n"
	      "        \"andi sp, sp, -16\\n\"\n"
	      "        \"call bench_main\\n\");\n"
	      "#elif defined(__x86_64__)\n"
	      "__asm__(\".section .text._start,\\\"ax\\\",@progbits\\n\"\n"
	      "        \".globl _start\\n_start:\\n\"\n"
	      "        \"andq $-16, %rsp\\n\"\n"
	      "        \"call bench_main\\n\"\n"
	      "        \"hlt\\n\");\n"
	      "#else\n"
	      "#error \"unsupported target\"\n"
	      "#endif\n\n", f);
	fputs("static void sys_write(const char *buf, unsigned long len)\n{\n"
	      "#if defined(__riscv)\n"
	      "\tregister long a0 __asm__(\"a0\") = 1;\n"
	      "\tregister long a1 __asm__(\"a1\") = (long)buf;\n"
	      "\tregister long a2 __asm__(\"a2\") = (long)len;\n"
	      "\tregister long a7 __asm__(\"a7\") = 64;\n"
	      "\t__asm__ volatile(\"ecall\" : \"+r\"(a0) : \"r\"(a1), \"r\"(a2), \"r\"(a7) : \"memory\");\n"
	      "#else\n"
	      "\tlong ret;\n"
	      "\t__asm__ volatile(\"syscall\" : \"=a\"(ret) : \"a\"(1L), \"D\"(1L), \"S\"(buf), \"d\"(len)\n"
	      "\t\t\t : \"rcx\", \"r11\", \"memory\");\n"
	      "#endif\n}\n\n", f);
	fputs("static _Noreturn void sys_exit(int status)\n{\n"
	      "#if defined(__riscv)\n"
	      "\tregister long a0 __asm__(\"a0\") = status;\n"
	      "\tregister long a7 __asm__(\"a7\") = 93;\n"
	      "\t__asm__ volatile(\"ecall\" : : \"r\"(a0), \"r\"(a7));\n"
	      "#else\n"
	      "\t__asm__ volatile(\"syscall\" : : \"a\"(60L), \"D\"((long)status) : \"rcx\", \"r11\");\n"
	      "#endif\n"
	      "\tfor (;;)\n\t\t;\n}\n\n", f);
	fputs("unsigned bench_hash(const char *s)\n{\n"
	      "\tunsigned h = 2166136261u;\n"
	      "\twhile (*s)\n"
	      "\t\th = (h ^ (unsigned char)*s++) * 16777619u;\n"
	      "\treturn h;\n}\n\n", f);
	for (unsigned long k = 1; k < nobjs; k++)
		fprintf(f, "unsigned o%04lu_run(unsigned x);\n", k);
	fputs("\n_Noreturn void bench_main(void);\n"
	      "_Noreturn void bench_main(void)\n{\n"
	      "\tstatic const char hex[] = \"0123456789abcdef\";\n"
	      "\tchar line[9];\n"
	      "\tunsigned sum = 0;\n", f);
	for (unsigned long k = 0; k < nobjs; k++)
		fprintf(f, "\tsum = o%04lu_run(sum);\n", k);
	fputs("\tfor (int i = 0; i < 8; i++)\n"
	      "\t\tline[i] = hex[(sum >> (28 - 4 * i)) & 15];\n"
	      "\tline[8] = '\\n';\n"
	      "\tsys_write(line, sizeof(line));\n"
	      "\tsys_exit((int)(sum & 0x7f));\n}\n", f);
}

static int write_file(const char *dir, unsigned long k, unsigned long nfuncs, unsigned long nobjs)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/o%04lu.c", dir, k);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "/* Generated by bench/ld/gen.c: %lu functions over %lu files; this is file %lu. */\n",
		nfuncs, nobjs, k);
	fputs("unsigned bench_hash(const char *s);\n", f);
	unsigned long lo = first_fn(k, nfuncs, nobjs), hi = first_fn(k + 1, nfuncs, nobjs);
	for (unsigned long i = lo; i < hi; i++) {
		unsigned long callee[CALLEES];
		for (int c = 0; c < CALLEES; c++) {
			callee[c] = rng() % nfuncs;
			fprintf(f, "unsigned f%lu(unsigned x, unsigned d);\n", callee[c]);
		}
		unsigned long other = rng() % nfuncs;
		fprintf(f, "extern unsigned g%lu;\n", other);
		fprintf(f, "unsigned g%lu = %uu;\n", i, rng());
		fprintf(f, "const unsigned t%lu[4] = { %uu, %uu, %uu, %uu };\n", i, rng(), rng(), rng(),
			rng());
		fprintf(f, "unsigned b%lu;\n", i);
		fprintf(f, "unsigned f%lu(unsigned x, unsigned d);\n", i);
		fprintf(f, "unsigned f%lu(unsigned x, unsigned d)\n{\n", i);
		fprintf(f, "\tunsigned r = x * %uu + g%lu + t%lu[x & 3] + g%lu;\n", rng() | 1, i, i, other);
		fprintf(f, "\tr ^= bench_hash(\"function f%lu of file o%04lu says hello\");\n", i, k);
		fprintf(f, "\tr += bench_hash(\"a string shared by many files, number %lu\");\n",
			i % SHARED_STRINGS);
		fputs("\tif (d) {\n", f);
		fprintf(f, "\t\tr += f%lu(r, d - 1);\n", callee[0]);
		fprintf(f, "\t\tr ^= f%lu(x + 1, d - 1);\n", callee[1]);
		fprintf(f, "\t\tr += f%lu(r ^ x, d - 1);\n", callee[2]);
		fputs("\t}\n", f);
		fprintf(f, "\tb%lu += r;\n\tg%lu = r ^ %uu;\n\treturn r + b%lu;\n}\n\n", i, i, rng(), i);
	}
	fprintf(f, "static unsigned (*const run_table[])(unsigned, unsigned) = {\n");
	for (unsigned long i = lo; i < hi; i++)
		fprintf(f, "\tf%lu,\n", i);
	fprintf(f, "};\n\nunsigned o%04lu_run(unsigned x);\n", k);
	fprintf(f, "unsigned o%04lu_run(unsigned x)\n{\n", k);
	fputs("\tfor (unsigned long i = 0; i < sizeof(run_table) / sizeof(run_table[0]); i++)\n"
	      "\t\tx += run_table[i](x + (unsigned)i, 1);\n"
	      "\treturn x;\n}\n", f);
	if (k == 0)
		write_start(f, nobjs);
	if (fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: gen NFUNCS NOBJS DIR\n");
		return 2;
	}
	unsigned long nfuncs = strtoul(argv[1], NULL, 0), nobjs = strtoul(argv[2], NULL, 0);
	if (nobjs < 1 || nobjs > 10000 || nfuncs < nobjs) {
		fprintf(stderr, "gen: need 1 <= NOBJS <= 10000 and NFUNCS >= NOBJS\n");
		return 2;
	}
	for (unsigned long k = 0; k < nobjs; k++)
		if (write_file(argv[3], k, nfuncs, nobjs))
			return 1;
	return 0;
}
