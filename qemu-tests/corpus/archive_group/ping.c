int pong(int);
int ping(int n) { return n <= 0 ? 0 : 2 + pong(n - 1); }
