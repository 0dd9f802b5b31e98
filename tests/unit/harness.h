/* A tiny unit-test harness: each tests/unit/test_*.c is one program whose
 * main() calls TEST(fn) for each case and returns harness_done(). The last
 * line it prints is "NAME: N passed, N failed", which tests/run.sh adds up. */
#ifndef ZHX_HARNESS_H
#define ZHX_HARNESS_H

#include <stdio.h>
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

#endif
