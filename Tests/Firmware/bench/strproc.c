/*
 * strproc.c - string processing benchmark: a line-oriented command parser
 * of the kind found in firmware consoles / config loaders.
 *
 * A deterministic text (LINES lines such as
 *     set gain=-12 mode=fast name="left mic" mask=0x3f
 *     # comment
 *     get rate
 * ) is generated once.  Each iteration:
 *   - splits it into lines (strchr), skips comments and blank lines,
 *   - tokenises every line with a hand-written state machine (identifiers,
 *     '=', signed decimal and hex numbers, quoted strings, errors),
 *   - looks commands and keys up in tables with strcmp (linear search),
 *   - keeps a small symbol table (strcpy/strlen/strcmp, chained hashing),
 *   - rebuilds a normalised line with strcpy/strcat and measures it (strlen),
 * folding everything into a checksum.
 */
#include "bench.h"
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 88
#endif

#define LINES 400
#define TEXT_SIZE 24000

static char text[TEXT_SIZE];

static const char *const commands[] = { "set", "get", "add", "del", "reset", "dump", "load", "save",
                                        "start", "stop", "calib", "status" };
static const char *const keys[] = { "gain", "mode", "name", "mask", "rate", "bias", "window", "hop",
                                    "threshold", "label", "channel", "scale", "offset", "level",
                                    "filter", "count" };
static const char *const words[] = { "fast", "slow", "auto", "off", "left", "right", "mic", "imu",
                                     "accel", "gyro", "low", "high" };

#define NCMD (sizeof commands / sizeof commands[0])
#define NKEY (sizeof keys / sizeof keys[0])
#define NWORD (sizeof words / sizeof words[0])

/* ---- text generation (once) ---- */
static size_t append(size_t pos, const char *s)
{
    size_t n = strlen(s);
    if (pos + n + 1 >= TEXT_SIZE) {
        bench_fail("strproc", "text buffer too small");
    }
    memcpy(text + pos, s, n + 1);
    return pos + n;
}

static void generate(void)
{
    uint32_t seed = 0xA5A5F00Du;
    size_t pos = 0;
    char tmp[64];
    for (int l = 0; l < LINES; l++) {
        uint32_t r = xorshift32(&seed);
        if (r % 11 == 0) {
            pos = append(pos, "# comment line, ignored by the parser\n");
            continue;
        }
        if (r % 13 == 1) {
            pos = append(pos, "\n");
            continue;
        }
        pos = append(pos, commands[(r >> 8) % NCMD]);
        int nargs = (int)((r >> 16) % 6);
        for (int a = 0; a < nargs; a++) {
            uint32_t q = xorshift32(&seed);
            pos = append(pos, " ");
            pos = append(pos, keys[q % NKEY]);
            pos = append(pos, "=");
            switch ((q >> 8) % 4) {
            case 0:
                snprintf(tmp, sizeof tmp, "%ld", (long)(int16_t)(q >> 12));
                break;
            case 1:
                snprintf(tmp, sizeof tmp, "0x%lx", (unsigned long)(q >> 20));
                break;
            case 2:
                snprintf(tmp, sizeof tmp, "%s", words[(q >> 12) % NWORD]);
                break;
            default:
                snprintf(tmp, sizeof tmp, "\"%s %s\"", words[(q >> 12) % NWORD],
                         words[(q >> 20) % NWORD]);
                break;
            }
            pos = append(pos, tmp);
        }
        if (r % 17 == 3) {
            pos = append(pos, " bad$token");     /* exercises the error state */
        }
        pos = append(pos, "\n");
    }
}

/* ---- tokenizer state machine ---- */
enum tok { T_END, T_IDENT, T_EQ, T_INT, T_STR, T_ERR };

struct lexer {
    const char *p;
    char text[64];
    int32_t value;
};

static enum tok next_token(struct lexer *lx)
{
    enum { S_START, S_IDENT, S_SIGN, S_DEC, S_ZERO, S_HEX, S_STR } state = S_START;
    size_t n = 0;
    int32_t v = 0;
    int neg = 0;
    for (;;) {
        char c = *lx->p;
        switch (state) {
        case S_START:
            if (c == ' ' || c == '\t') { lx->p++; break; }
            if (c == '\0' || c == '\n') return T_END;
            if (c == '=') { lx->p++; return T_EQ; }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') { state = S_IDENT; break; }
            if (c == '-') { neg = 1; lx->p++; state = S_SIGN; break; }
            if (c == '0') { lx->p++; state = S_ZERO; break; }
            if (c >= '1' && c <= '9') { state = S_DEC; break; }
            if (c == '"') { lx->p++; state = S_STR; break; }
            lx->p++;
            return T_ERR;
        case S_IDENT:
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
                if (n < sizeof lx->text - 1) lx->text[n++] = c;
                lx->p++;
                break;
            }
            lx->text[n] = '\0';
            if (c == '$') {                 /* identifier glued to junk: error */
                while (*lx->p && *lx->p != ' ' && *lx->p != '\n') lx->p++;
                return T_ERR;
            }
            return T_IDENT;
        case S_SIGN:
            if (c >= '0' && c <= '9') { state = S_DEC; break; }
            return T_ERR;
        case S_ZERO:
            if (c == 'x' || c == 'X') { lx->p++; state = S_HEX; break; }
            state = S_DEC;
            break;
        case S_DEC:
            if (c >= '0' && c <= '9') { v = v * 10 + (c - '0'); lx->p++; break; }
            lx->value = neg ? -v : v;
            return T_INT;
        case S_HEX:
            if (c >= '0' && c <= '9') { v = v * 16 + (c - '0'); lx->p++; break; }
            if (c >= 'a' && c <= 'f') { v = v * 16 + (c - 'a' + 10); lx->p++; break; }
            if (c >= 'A' && c <= 'F') { v = v * 16 + (c - 'A' + 10); lx->p++; break; }
            lx->value = v;
            return T_INT;
        case S_STR:
            if (c == '"') { lx->text[n] = '\0'; lx->p++; return T_STR; }
            if (c == '\0' || c == '\n') return T_ERR;
            if (n < sizeof lx->text - 1) lx->text[n++] = c;
            lx->p++;
            break;
        }
    }
}

static int lookup(const char *const *table, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(table[i], s) == 0) return (int)i;
    }
    return -1;
}

/* ---- small symbol table: string values by key, chained hashing ---- */
#define SYM_MAX 64
#define SYM_BUCKETS 16
struct sym {
    char key[16];
    char value[48];
    int next;
};
static struct sym syms[SYM_MAX];
static int buckets[SYM_BUCKETS];
static int nsyms;

static unsigned str_hash(const char *s)
{
    unsigned h = 5381;
    while (*s) h = h * 33 + (unsigned char)*s++;
    return h;
}

static uint32_t sym_set(const char *key, const char *value)
{
    unsigned b = str_hash(key) % SYM_BUCKETS;
    for (int i = buckets[b]; i >= 0; i = syms[i].next) {
        if (strcmp(syms[i].key, key) == 0) {
            uint32_t changed = strcmp(syms[i].value, value) != 0;
            strcpy(syms[i].value, value);
            return changed;
        }
    }
    if (nsyms == SYM_MAX) return 0;
    struct sym *s = &syms[nsyms];
    strcpy(s->key, key);
    strcpy(s->value, value);
    s->next = buckets[b];
    buckets[b] = nsyms++;
    return 2;
}

static uint32_t process(void)
{
    uint32_t h = 0;
    char line[160];
    char out[256];
    char val[48];
    const char *p = text;
    nsyms = 0;
    for (int i = 0; i < SYM_BUCKETS; i++) buckets[i] = -1;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len >= sizeof line) len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : p + len;
        if (line[0] == '#' || line[0] == '\0') {
            h = h * 3 + 1;
            continue;
        }
        struct lexer lx = { .p = line };
        if (next_token(&lx) != T_IDENT) { h ^= 0xBAD; continue; }
        int cmd = lookup(commands, NCMD, lx.text);
        if (cmd < 0) { h ^= 0xBADC; continue; }
        strcpy(out, commands[cmd]);
        for (;;) {
            enum tok t = next_token(&lx);
            if (t == T_END) break;
            if (t == T_ERR) { h = h * 31 + 0xE; strcat(out, " !err"); continue; }
            if (t != T_IDENT) { h = h * 31 + 0xF; continue; }
            int key = lookup(keys, NKEY, lx.text);
            if (next_token(&lx) != T_EQ) { h = h * 31 + 0x10; continue; }
            t = next_token(&lx);
            if (t == T_INT) {
                snprintf(val, sizeof val, "%ld", (long)lx.value);
                h = h * 31 + (uint32_t)lx.value;
            } else if (t == T_IDENT || t == T_STR) {
                strcpy(val, lx.text);
                h = h * 31 + (uint32_t)lookup(words, NWORD, lx.text) + strlen(val);
            } else {
                h = h * 31 + 0x11;
                continue;
            }
            if (key >= 0) {
                h += sym_set(keys[key], val);
                strcat(out, " ");
                strcat(out, keys[key]);
                strcat(out, ":");
                strcat(out, val);
            }
        }
        h = h * 7 + (uint32_t)strlen(out) + (uint32_t)cmd;
    }
    for (int i = 0; i < nsyms; i++) {
        h = h * 131 + str_hash(syms[i].key) + str_hash(syms[i].value);
    }
    return h;
}

int main(void)
{
    generate();
    uint32_t sum = 0;
    for (int it = 0; it < ITERATIONS; it++) {
        uint32_t h = process();
        sum = (sum << 1 | sum >> 31) ^ h;
        /* tweak one digit in the text so iterations differ */
        char *d = strpbrk(text + (size_t)(it * 97) % (TEXT_SIZE / 2), "123456789");
        if (d) *d = (char)('1' + (*d - '1' + 1) % 9);
    }
    return bench_done("strproc", sum);
}
