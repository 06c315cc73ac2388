/*
 * readers.c: how long it takes to read a link's inputs with libelf and with mmap and a
 * walk of the headers by hand, for the link benchmark (bench/run-ld-bench.sh). Issue 3
 * asks why the object linker does not use libelf; this gives the figures.
 *
 *   readers [-r RUNS] file.o...
 *
 * Each reader visits what a linker's input pass visits: the ELF header, every section
 * header and its name, every section's bytes, every symbol of .symtab and every entry
 * of every SHT_RELA section. Both fold the same fields into a checksum, which must
 * agree, so neither skips work the other does. Readers:
 *   libelf-mmap  elf_begin(ELF_C_READ_MMAP), elf_nextscn, gelf_getshdr, elf_strptr,
 *                elf_getdata, gelf_getsym, gelf_getrela
 *   libelf-read  the same with ELF_C_READ (libelf reads the file into its own memory)
 *   mmap         mmap, then Elf64_Ehdr/Shdr/Sym/Rela in place, every offset checked
 * Only ELF64 little-endian inputs are supported by the hand-written reader (that is
 * what the benchmark compiles); it runs on a little-endian host.
 * Prints one line per reader: the median over RUNS passes of total ms and µs per file.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 100

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Folds one value into the checksum both readers must agree on. */
static unsigned long long mix(unsigned long long sum, unsigned long long v)
{
	return (sum ^ v) * 0x100000001b3ull;
}

static unsigned long long name_sum(const char *name)
{
	unsigned long long h = 0;
	while (*name)
		h = h * 31 + (unsigned char)*name++;
	return h;
}

static int read_libelf(const char *path, Elf_Cmd cmd, unsigned long long *sum)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	Elf *elf = elf_begin(fd, cmd, NULL);
	size_t shstrndx;
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		fprintf(stderr, "%s: libelf: %s\n", path, elf_errmsg(-1));
		if (elf)
			elf_end(elf);
		close(fd);
		return 1;
	}
	int bad = 0;
	for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn && !bad; scn = elf_nextscn(elf, scn)) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr)) {
			bad = 1;
			break;
		}
		const char *name = elf_strptr(elf, shstrndx, shdr.sh_name);
		*sum = mix(*sum, name ? name_sum(name) : 0);
		*sum = mix(*sum, shdr.sh_size);
		if (shdr.sh_type == SHT_NOBITS)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data) {
			bad = 1;
			break;
		}
		*sum = mix(*sum, data->d_size ? ((const unsigned char *)data->d_buf)[0] : 0);
		if (shdr.sh_type == SHT_SYMTAB) {
			size_t n = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
			for (size_t i = 0; i < n; i++) {
				GElf_Sym sym;
				if (!gelf_getsym(data, (int)i, &sym)) {
					bad = 1;
					break;
				}
				*sum = mix(*sum, sym.st_value + sym.st_shndx + sym.st_name);
			}
		} else if (shdr.sh_type == SHT_RELA) {
			size_t n = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
			for (size_t i = 0; i < n; i++) {
				GElf_Rela rela;
				if (!gelf_getrela(data, (int)i, &rela)) {
					bad = 1;
					break;
				}
				*sum = mix(*sum, rela.r_offset + rela.r_info + (unsigned long long)rela.r_addend);
			}
		}
	}
	if (bad)
		fprintf(stderr, "%s: libelf: %s\n", path, elf_errmsg(-1));
	elf_end(elf);
	close(fd);
	return bad;
}

/* The hand-written reader: every offset and size is checked against the file. */
static int read_mmap(const char *path, unsigned long long *sum)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	size_t size = (size_t)st.st_size;
	const unsigned char *p = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "%s: cannot map the file\n", path);
		return 1;
	}
	int bad = 1;
	const Elf64_Ehdr *eh = (const void *)p;
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
	    eh->e_shnum > (size - eh->e_shoff) / sizeof(Elf64_Shdr) || eh->e_shstrndx >= eh->e_shnum)
		goto out;
	const Elf64_Shdr *sh = (const void *)(p + eh->e_shoff);
	const Elf64_Shdr *strsh = &sh[eh->e_shstrndx];
	if (strsh->sh_offset > size || strsh->sh_size > size - strsh->sh_offset)
		goto out;
	const char *shstr = (const char *)p + strsh->sh_offset;
	for (unsigned i = 1; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &sh[i];
		if (s->sh_name >= strsh->sh_size || !memchr(shstr + s->sh_name, 0, strsh->sh_size - s->sh_name))
			goto out;
		*sum = mix(*sum, name_sum(shstr + s->sh_name));
		*sum = mix(*sum, s->sh_size);
		if (s->sh_type == SHT_NOBITS)
			continue;
		if (s->sh_offset > size || s->sh_size > size - s->sh_offset)
			goto out;
		const unsigned char *data = p + s->sh_offset;
		*sum = mix(*sum, s->sh_size ? data[0] : 0);
		if (s->sh_type == SHT_SYMTAB) {
			if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_offset % 8)
				goto out;
			const Elf64_Sym *sym = (const void *)data;
			for (size_t j = 0, n = s->sh_size / sizeof(*sym); j < n; j++)
				*sum = mix(*sum, sym[j].st_value + sym[j].st_shndx + sym[j].st_name);
		} else if (s->sh_type == SHT_RELA) {
			if (s->sh_entsize != sizeof(Elf64_Rela) || s->sh_offset % 8)
				goto out;
			const Elf64_Rela *r = (const void *)data;
			for (size_t j = 0, n = s->sh_size / sizeof(*r); j < n; j++)
				*sum = mix(*sum, r[j].r_offset + r[j].r_info + (unsigned long long)r[j].r_addend);
		}
	}
	bad = 0;
out:
	if (bad)
		fprintf(stderr, "%s: not an ELF64 little-endian object the hand-written reader accepts\n", path);
	munmap((void *)p, size);
	return bad;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int runs = 5, opt;
	while ((opt = getopt(argc, argv, "r:")) != -1) {
		if (opt != 'r')
			goto usage;
		runs = atoi(optarg);
	}
	if (optind >= argc || runs < 1 || runs > MAX_RUNS)
		goto usage;
	char **files = argv + optind;
	int nfiles = argc - optind;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "readers: libelf is too old\n");
		return 1;
	}

	static const char *const names[] = { "libelf-mmap", "libelf-read", "mmap" };
	unsigned long long sums[3];
	double median[3];
	for (int m = 0; m < 3; m++) {
		double ms[MAX_RUNS];
		/* One pass first that is not counted, with the files in the page cache. */
		for (int r = -1; r < runs; r++) {
			unsigned long long sum = 0;
			double start = now_ms();
			for (int i = 0; i < nfiles; i++) {
				int bad = m == 0 ? read_libelf(files[i], ELF_C_READ_MMAP, &sum)
					: m == 1 ? read_libelf(files[i], ELF_C_READ, &sum)
						 : read_mmap(files[i], &sum);
				if (bad)
					return 1;
			}
			if (r >= 0)
				ms[r] = now_ms() - start;
			sums[m] = sum;
		}
		qsort(ms, (size_t)runs, sizeof(ms[0]), cmp_double);
		median[m] = ms[runs / 2];
	}
	for (int m = 0; m < 3; m++)
		printf("%-12s %9.2f ms  %7.2f us/file  %5.2fx mmap\n", names[m], median[m],
		       median[m] * 1e3 / nfiles, median[m] / median[2]);
	if (sums[0] != sums[2] || sums[1] != sums[2]) {
		fprintf(stderr, "readers: the readers disagree (checksums %llx %llx %llx)\n", sums[0],
			sums[1], sums[2]);
		return 1;
	}
	return 0;

usage:
	fprintf(stderr, "usage: readers [-r RUNS] file.o...\n");
	return 2;
}
