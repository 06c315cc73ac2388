const char *who(void) { return "strong override"; }
int weak_value = 2;
