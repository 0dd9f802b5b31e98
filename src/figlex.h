/* The word lists of the figures stage (rules/figures/, one file a list).
 *
 * One entry per line: the word, then white-space separated key=value
 * fields or bare flags; # starts a comment line. A word written A…B is a
 * circumfix (比…大): A before the number, B after it. Lookups find the
 * longest entry that starts (or ends) at a position; entries are bucketed
 * by their first and by their last code point. */
#ifndef ZHX_FIGLEX_H
#define ZHX_FIGLEX_H

#include "zhx/numeral.h"

/* Flags (bare words in a line). */
enum {
    ZHX_LX_CL = 1u << 0,       /* classifier: 一个 can be an article */
    ZHX_LX_PREFIX = 1u << 1,   /* written before the number: $ ¥ */
    ZHX_LX_DISCOUNT = 1u << 2, /* 折: 九折 = 90 %, 七五折 = 75 % */
    ZHX_LX_TIME = 1u << 3,     /* a span of time: 年 天 小时 */
    ZHX_LX_UNLESS_UNIT = 1u << 4, /* words: not when a unit follows */
    ZHX_LX_TAIL = 1u << 5,     /* unit takes a trailing digit: 七成六 */
    ZHX_LX_COMPOUND = 1u << 6  /* only inside money: 五元三角二分 */
};

enum { ZHX_LX_UNSET = -1 };

/* Values of pos= and role=. */
enum { ZHX_POS_BEFORE, ZHX_POS_AFTER, ZHX_POS_INNER };
enum {
    ZHX_ROLE_SPLIT, /* verb between a subject and its figure: 达到, 是 */
    ZHX_ROLE_LEAD,  /* starts a clause, not part of a subject: 其中, 累计 */
    ZHX_ROLE_STOP,  /* ends a noun phrase after a figure: 作为, 已 */
    ZHX_ROLE_TAIL,  /* dropped from a subject's end: 的, 中 */
    ZHX_ROLE_ETC,   /* 等: the subject is the noun after it */
    ZHX_ROLE_KEEP   /* a word that only looks like one of the above: 达成 */
};

typedef struct zhx_figlex_ent {
    uint32_t *cp; /* the word (its part before … for a circumfix) */
    size_t n;
    uint32_t *post; /* the part after …, or NULL */
    size_t npost;
    char *text;     /* the word, UTF-8 */
    int kind;       /* zhx_fig_kind, or ZHX_LX_UNSET */
    int approx;     /* zhx_approx, or ZHX_LX_UNSET */
    int pos, role;  /* or ZHX_LX_UNSET */
    const char *reason; /* static */
    unsigned flags;
    char *unit;     /* unit= (default: the word) */
    char *sub;      /* sub=: a fraction of this money unit (角 of 元) */
    zhx_decimal scale;
    int has_scale;
    struct zhx_figlex_ent *next_first, *next_last;
} zhx_figlex_ent;

typedef struct zhx_figlex {
    zhx_figlex_ent *ents;
    size_t n, cap;
    size_t maxlen;
    zhx_figlex_ent *by_first[256], *by_last[256];
} zhx_figlex;

/* Parse a list (name is for messages) into lx, which starts zeroed. */
int zhx_figlex_load(zhx_figlex *lx, const char *name, const char *data,
                    size_t len, zhx_error *err);
void zhx_figlex_free(zhx_figlex *lx);

/* Longest entry whose word is t[p..p+n) (n <= len - p). */
const zhx_figlex_ent *zhx_figlex_at(const zhx_figlex *lx, const uint32_t *t,
                                    size_t len, size_t p);

/* Longest entry whose word is t[p-n..p), not reaching before lo. */
const zhx_figlex_ent *zhx_figlex_before(const zhx_figlex *lx,
                                        const uint32_t *t, size_t lo,
                                        size_t p);

/* The same, taking only entries for which keep(e, arg) is nonzero. */
typedef int (*zhx_figlex_keep)(const zhx_figlex_ent *e, const void *arg);
const zhx_figlex_ent *zhx_figlex_at_if(const zhx_figlex *lx,
                                       const uint32_t *t, size_t len,
                                       size_t p, zhx_figlex_keep keep,
                                       const void *arg);
const zhx_figlex_ent *zhx_figlex_before_if(const zhx_figlex *lx,
                                           const uint32_t *t, size_t lo,
                                           size_t p, zhx_figlex_keep keep,
                                           const void *arg);

/* Entries starting with code point c, longest first (walk next_first). */
const zhx_figlex_ent *zhx_figlex_first(const zhx_figlex *lx, uint32_t c);

/* Entries ending with code point c, longest first (walk next_last). */
const zhx_figlex_ent *zhx_figlex_last(const zhx_figlex *lx, uint32_t c);

/* Whether e's word is t[p..p+e->n). */
int zhx_figlex_match(const zhx_figlex_ent *e, const uint32_t *t, size_t len,
                     size_t p);

#endif
