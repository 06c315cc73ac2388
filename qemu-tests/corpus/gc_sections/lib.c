// corpus-cflags: -ffunction-sections -fdata-sections
int lib_counter = 41;
const char lib_name[] = "sections";
static int scale = 3;
int lib_compute(int x) { return x * scale + 1; }
int lib_unused(int x) { return x - scale; }
