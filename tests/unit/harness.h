/* A tiny unit-test harness: each tests/unit/test_*.c is one program whose
 * main() calls TEST(fn) for each case and returns harness_done(). The last
 * line it prints is "NAME: N passed, N failed", which tests/run.sh adds up. */
#ifndef ZHX_HARNESS_H
#define ZHX_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int harness_pass, harness_fail, harness_case_failed;
static const char *harness_case;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__,      \
                    __LINE__, harness_case, #cond);                         \
            harness_case_failed = 1;                                        \
        }                                                                   \
    } while (0)

#define CHECK_STR(got, want)                                                \
    do {                                                                    \
        const char *g_ = (got), *w_ = (want);                               \
        if (!g_ || strcmp(g_, w_) != 0) {                                   \
            fprintf(stderr, "%s:%d: %s: got \"%s\", want \"%s\"\n",         \
                    __FILE__, __LINE__, harness_case, g_ ? g_ : "(null)",   \
                    w_);                                                    \
            harness_case_failed = 1;                                        \
        }                                                                   \
    } while (0)

#define CHECK_INT(got, want)                                                \
    do {                                                                    \
        long long g_ = (long long)(got), w_ = (long long)(want);            \
        if (g_ != w_) {                                                     \
            fprintf(stderr, "%s:%d: %s: %s is %lld, want %lld\n", __FILE__, \
                    __LINE__, harness_case, #got, g_, w_);                  \
            harness_case_failed = 1;                                        \
        }                                                                   \
    } while (0)

#define TEST(fn)                                                            \
    do {                                                                    \
        harness_case = #fn;                                                 \
        harness_case_failed = 0;                                            \
        fn();                                                               \
        if (harness_case_failed)                                            \
            harness_fail++;                                                 \
        else                                                                \
            harness_pass++;                                                 \
    } while (0)

static int harness_done(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, harness_pass, harness_fail);
    return harness_fail ? 1 : 0;
}

/* A whole file as a NUL-terminated string (its length in *len when len is
 * not NULL), or NULL if it cannot be read. For test data, not for input. */
static inline char *harness_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    if (!b)
        return NULL;
    b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

#endif
