int needed(void) { return 40; }
