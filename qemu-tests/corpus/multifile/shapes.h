struct shape {
	const char *name;
	int w, h;
	int (*area)(const struct shape *);
};
struct shape make_square(int side);
struct shape make_rect(int w, int h);
struct shape make_tri(int b, int h);
int square_count(void);
int rect_count(void);
int tri_count(void);
