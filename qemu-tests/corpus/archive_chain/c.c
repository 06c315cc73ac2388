int d(int);
int c(int x) { return d(x) + 100; }
