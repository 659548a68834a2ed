/*
 * loadme.c - a second image for the GDB stub's flash test: gdb `load`s it into flash over
 * debugme.elf, resets and runs it.
 */
#include <stdio.h>

int main(void)
{
    printf("the loaded image runs\n");
    return 7;
}
