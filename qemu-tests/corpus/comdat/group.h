/* shared_table in the COMDAT group "shared_table", contents depend on the copy. */
#define GROUP_STR(x) #x
#define DEFINE_GROUP(copy)                                                              \
	__asm__(".pushsection .rodata.shared_table, \"aG\", @progbits, shared_table, comdat\n" \
	        ".globl shared_table\n"                                                 \
	        ".type shared_table, @object\n"                                         \
	        ".p2align 2\n"                                                          \
	        "shared_table: .long " GROUP_STR(copy) ", 20, 30, 40\n"                 \
	        ".size shared_table, 16\n"                                              \
	        ".popsection\n");
extern const int shared_table[4];
