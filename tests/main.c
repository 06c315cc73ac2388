/*
 * main.c: runs every CUnit suite of the core. Each tests/test_*.c defines one
 * suite_<name>() that adds its suite; the weak declarations let a suite file come and
 * go without this list breaking the build.
 */
#include <CUnit/Basic.h>
#include <stdio.h>

#define SUITES(X) X(base) X(targets) X(dwarf) X(writer) X(blocks) X(api) X(state) X(symtab) \
	X(layout) X(input) X(resolve) X(riscv_ld) X(x86_ld) X(cli) \
	X(script) X(gc) X(oformat) X(map) X(ehframe) X(gdbindex)
#define DECLARE(name) __attribute__((weak)) void suite_##name(void);
SUITES(DECLARE)

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
#define ADD(name) if (suite_##name) suite_##name();
	SUITES(ADD)
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	unsigned run = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	if (run == 0) {
		fprintf(stderr, "unit: no tests ran\n");
		return 1;
	}
	return failed ? 1 : 0;
}
