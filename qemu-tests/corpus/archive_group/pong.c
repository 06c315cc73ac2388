int ping_tail(int);
int pong(int n) { return n <= 0 ? 0 : 3 + ping_tail(n - 1); }
