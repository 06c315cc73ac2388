int near_square(int x);

__attribute__((noinline)) static int far_local(int x) { return x + 1000; }
int far_function(int x) { return far_local(x) * 3; }
int far_calls_back(int x) { return near_square(x) + far_function(x); }
