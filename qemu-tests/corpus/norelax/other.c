extern int strict_value;
int strict_twice(int);
int relaxed_value(int x) { return strict_twice(x) + strict_value; }
