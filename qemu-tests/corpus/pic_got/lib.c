// corpus-file-cflags: -fpie
int lib_data = 10;
const char lib_text[] = "got";
int *lib_data_ptr = &lib_data;
extern int helper_value;
int helper_value = 5;

int lib_func(int x) { return x * lib_data + helper_value; }
