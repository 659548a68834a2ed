/* hello.c - smallest semihosting program: one line on stdout, exit status 0. */
#include <stdio.h>

int main(void)
{
    printf("Hello from tinyemu!\n");
    return 0;
}
