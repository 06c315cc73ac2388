/* 2.5 MiB of zeros in .text, between a.o's code and far.o's. */
__asm__(".pushsection .text, \"ax\", @progbits\n"
        "\t.skip 0x280000\n"
        "\t.popsection\n");
