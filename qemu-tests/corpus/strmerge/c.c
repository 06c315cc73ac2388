const char *c_greeting(void) { return "merged greeting"; }
