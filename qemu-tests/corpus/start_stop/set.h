struct set_entry {
	const char *name;
	int value;
};
#define SET_ENTRY(n, v)                                                                          \
	__attribute__((section("corpus_set"), used, aligned(sizeof(void *)))) static const struct set_entry \
	entry_##n = { #n, v }
extern const struct set_entry __start_corpus_set[], __stop_corpus_set[];
