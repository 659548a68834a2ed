/* exitcode.c - prints one line and exits with status 42 through exit()
 * (semihosting SYS_EXIT / SYS_EXIT_EXTENDED).  The emulator's test checks
 * that it reports exit status 42. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("exitcode: exiting with status 42\n");
    exit(42);
}
