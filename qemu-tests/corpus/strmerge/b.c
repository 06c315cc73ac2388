// corpus-file-cflags: -ffunction-sections -fdata-sections
const char *b_greeting(void) { return "merged greeting"; }
const char *b_tail(void) { return "greeting"; }
