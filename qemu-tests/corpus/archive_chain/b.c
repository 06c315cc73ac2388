int c(int);
int b(int x) { return c(x) * 10 + 1; }
