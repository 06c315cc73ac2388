/*
 * init.c: the constructor and destructor arrays. The linker (GNU ld's default script,
 * and solder) defines the bounds as hidden symbols; .init_array.NNNNN sections come
 * first, sorted by priority, then plain .init_array.
 */
#include "libc.h"

typedef void (*init_fn)(int argc, char **argv, char **envp);
typedef void (*fini_fn)(void);

extern init_fn __preinit_array_start[] __attribute__((visibility("hidden")));
extern init_fn __preinit_array_end[] __attribute__((visibility("hidden")));
extern init_fn __init_array_start[] __attribute__((visibility("hidden")));
extern init_fn __init_array_end[] __attribute__((visibility("hidden")));
extern fini_fn __fini_array_start[] __attribute__((visibility("hidden")));
extern fini_fn __fini_array_end[] __attribute__((visibility("hidden")));

void __libc_init(int argc, char **argv, char **envp)
{
	for (init_fn *f = __preinit_array_start; f < __preinit_array_end; f++)
		(*f)(argc, argv, envp);
	for (init_fn *f = __init_array_start; f < __init_array_end; f++)
		(*f)(argc, argv, envp);
}

/* Destructors run in the reverse order of their constructors. */
void __libc_fini(void)
{
	for (fini_fn *f = __fini_array_end; f > __fini_array_start;)
		(*--f)();
}
