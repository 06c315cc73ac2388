/* bitfields: signed and unsigned bit-fields, a packed structure, and a union. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct flags {
	unsigned a : 3;
	signed b : 5;
	unsigned c : 1;
	unsigned long long d : 40;
	int e : 7;
};

struct __attribute__((packed)) wire {
	uint8_t tag;
	uint32_t length;
	uint16_t port;
};

union pun {
	uint32_t word;
	uint8_t bytes[4];
};

static volatile int src = 200;

int main(void)
{
	struct flags f = { 0 };
	f.a = (unsigned)src;
	f.b = src;
	f.c = 1;
	f.d = 0xfedcba9876ULL;
	f.e = -src / 4;
	printf("a %u b %d c %u d %llx e %d\n", f.a, f.b, f.c, (unsigned long long)f.d, f.e);
	f.d += 0x10000000000ULL - 0xfedcba9876ULL;
	printf("d wraps to %llx\n", (unsigned long long)f.d);
	struct wire w = { 7, 0x01020304, 8080 };
	unsigned char raw[sizeof(w)];
	memcpy(raw, &w, sizeof(w));
	printf("packed size %d tag %d length %x port %d\n", (int)sizeof(w), raw[0], (unsigned)w.length, w.port);
	union pun p = { .word = 0x11223344 };
	printf("little-endian low byte %x\n", p.bytes[0]);
	return 45;
}
