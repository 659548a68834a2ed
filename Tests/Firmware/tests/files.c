/*
 * files.c - host file I/O through semihosting.
 *
 * Usage: files <path>   (argv comes from SYS_GET_CMDLINE)
 * Without a file argument it prints "no file" and exits with status 3
 * (see file_argument() for how the argument is picked).
 *
 * Creates/truncates <path> (SYS_OPEN mode "w+b"), writes 1000 pattern bytes
 * in uneven chunks (SYS_WRITE), seeks back and reads them (SYS_SEEK,
 * SYS_READ), checks ftell after seeks including SEEK_END (SYS_FLEN), closes
 * it (SYS_CLOSE), reopens it for appending ("ab") to add a text line, then
 * reopens read-only ("rb") and verifies the whole file, checks that fopen of
 * a missing file fails, and exits 0.
 *
 * The file is left on the host afterwards: 1000 bytes with byte i equal to
 * (i * 7 + 3) & 0xFF, followed by the 20 bytes "appended by tinyemu\n"
 * (1020 bytes in total).
 */
#define TEST_NAME "files"
#include "check.h"

#define N 1000
static const char tail[] = "appended by tinyemu\n";

static unsigned char pattern(long i)
{
    return (unsigned char)((i * 7 + 3) & 0xFF);
}

/*
 * The file name is the LAST command-line argument, unless that names a
 * firmware image (ends in ".elf" or ".hex").  newlib's crt0 splits the whole
 * SYS_GET_CMDLINE string into argv, so with a host that includes the image
 * name (as QEMU does) argv[0] is the image.  picolibc's crt0 instead sets
 * argv[0] = "program-name" and puts every word of the command line after it,
 * so on such a host argv[1] is the image itself -- which must never be
 * overwritten.  (A picolibc run with an image name without such a suffix and
 * no file argument would still pick the image: don't do that.)
 */
static int is_image_name(const char *s)
{
    size_t n = strlen(s);
    return n >= 4 && (strcmp(s + n - 4, ".elf") == 0 || strcmp(s + n - 4, ".hex") == 0);
}

static const char *file_argument(int argc, char **argv)
{
    if (argc < 2 || is_image_name(argv[argc - 1])) {
        return NULL;
    }
    return argv[argc - 1];
}

int main(int argc, char **argv)
{
    printf("files: argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("files: argv[%d]='%s'\n", i, argv[i]);
    }
    const char *path = file_argument(argc, argv);
    if (path == NULL) {
        printf("no file\n");
        return 3;
    }
    printf("files: using '%s'\n", path);

    static unsigned char buf[N + 64];
    for (long i = 0; i < N; i++) {
        buf[i] = pattern(i);
    }

    FILE *f = fopen(path, "w+b");
    CHECK(f != NULL, "fopen w+b");
    size_t off = 0, chunk = 1;
    while (off < N) {                 /* chunks of 1, 4, 13, 40, 121, 364, ... */
        size_t n = chunk < N - off ? chunk : N - off;
        CHECK(fwrite(buf + off, 1, n, f) == n, "fwrite");
        off += n;
        chunk = chunk * 3 + 1;
    }
    CHECK(fflush(f) == 0, "fflush");
    CHECK(ftell(f) == N, "ftell after writes");
    section("write");

    CHECK(fseek(f, 0, SEEK_SET) == 0, "fseek SEEK_SET 0");
    CHECK(ftell(f) == 0, "ftell after rewind");
    static unsigned char rd[N + 64];
    memset(rd, 0, sizeof rd);
    CHECK(fread(rd, 1, N, f) == N, "fread all");
    CHECK(memcmp(rd, buf, N) == 0, "read back matches");
    CHECK(fread(rd, 1, 10, f) == 0 && feof(f), "fread at EOF");

    CHECK(fseek(f, 500, SEEK_SET) == 0, "fseek 500");
    CHECK(ftell(f) == 500, "ftell 500");
    CHECK(fread(rd, 1, 10, f) == 10, "fread 10 at 500");
    for (int i = 0; i < 10; i++) {
        CHECK(rd[i] == pattern(500 + i), "data at 500");
    }
    CHECK(fseek(f, -100, SEEK_END) == 0, "fseek SEEK_END");
    CHECK(ftell(f) == N - 100, "ftell after SEEK_END");
    CHECK(fgetc(f) == pattern(N - 100), "fgetc after SEEK_END");
    CHECK(fseek(f, 50, SEEK_CUR) == 0, "fseek SEEK_CUR");
    CHECK(ftell(f) == N - 100 + 1 + 50, "ftell after SEEK_CUR");
    CHECK(fgetc(f) == pattern(N - 100 + 1 + 50), "fgetc after SEEK_CUR");
    CHECK(fclose(f) == 0, "fclose");
    section("seek/read");

    f = fopen(path, "ab");
    CHECK(f != NULL, "fopen ab");
    CHECK(fwrite(tail, 1, sizeof tail - 1, f) == sizeof tail - 1, "fwrite append");
    CHECK(fclose(f) == 0, "fclose append");
    section("append");

    f = fopen(path, "rb");
    CHECK(f != NULL, "fopen rb");
    memset(rd, 0, sizeof rd);
    size_t total = fread(rd, 1, sizeof rd, f);
    printf("files: read %u bytes back\n", (unsigned)total);
    CHECK(total == N + sizeof tail - 1, "final file size");
    CHECK(memcmp(rd, buf, N) == 0, "final file data");
    CHECK(memcmp(rd + N, tail, sizeof tail - 1) == 0, "final file tail");
    CHECK(fclose(f) == 0, "fclose rb");
    section("reopen/verify");

    f = fopen("tinyemu-this-file-does-not-exist.txt", "rb");
    CHECK(f == NULL, "fopen of a missing file fails");
    section("missing file");

    pass();
    return 0;
}
