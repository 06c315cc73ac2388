/* ctor_prio: constructors and destructors with priorities (.init_array.NNNNN and
 * .fini_array.NNNNN, which the linker sorts by number before the plain .init_array),
 * .preinit_array, and atexit handlers, which run before the destructors. */
#include <stdio.h>
#include <stdlib.h>

static int step;

__attribute__((constructor)) static void plain(void) { printf("ctor plain (step %d)\n", step++); }
__attribute__((constructor(300))) static void prio300(void) { printf("ctor 300 (step %d)\n", step++); }
__attribute__((constructor(101))) static void prio101(void) { printf("ctor 101 (step %d)\n", step++); }
__attribute__((constructor(1000))) static void prio1000(void) { printf("ctor 1000 (step %d)\n", step++); }
__attribute__((constructor(200))) static void prio200(void) { printf("ctor 200 (step %d)\n", step++); }

__attribute__((destructor)) static void dplain(void) { printf("dtor plain\n"); }
__attribute__((destructor(101))) static void d101(void) { printf("dtor 101\n"); }
__attribute__((destructor(500))) static void d500(void) { printf("dtor 500\n"); }

static void pre(void) { printf("preinit (step %d)\n", step++); }
__attribute__((section(".preinit_array"), used)) static void (*const pre_entry)(void) = pre;

static void bye1(void) { printf("atexit 1\n"); }
static void bye2(void) { printf("atexit 2\n"); }

int main(void)
{
	printf("main (step %d)\n", step);
	atexit(bye1);
	atexit(bye2);
	return step == 6 ? 21 : 1;
}
