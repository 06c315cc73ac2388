int d(int x) { return x * x; }
