int table[100];
int shared = 1234;
int counter;

void fill_table(void)
{
	for (int i = 0; i < 100; i++)
		table[i] = i;
}

int table_sum(void)
{
	int s = 0;
	for (int i = 0; i < 100; i++)
		s += table[i];
	return s;
}
