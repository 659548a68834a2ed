/*
 * stdin_echo.c - reads lines from stdin (semihosting SYS_READ on the console
 * handle, or SYS_READC with picolibc) with fgets until EOF and prints each
 * one upper-cased.  Lines longer than the buffer are handled in pieces.
 * Ends with "stdin_echo: <n> lines, <m> bytes" and exit status 0.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char line[128];
    unsigned lines = 0, bytes = 0;
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t n = strlen(line);
        bytes += (unsigned)n;
        if (n > 0 && line[n - 1] == '\n') {
            lines++;
        }
        for (size_t i = 0; i < n; i++) {
            line[i] = (char)toupper((unsigned char)line[i]);
        }
        fputs(line, stdout);
    }
    printf("stdin_echo: %u lines, %u bytes\n", lines, bytes);
    return 0;
}
