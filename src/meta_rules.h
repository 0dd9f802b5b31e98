/* Meta rules (internal): the compiled form of rules/meta/meta.rules and the
 * pattern matcher. The format is in docs/meta-rules.md.
 *
 * A pattern is a sequence of items: a literal code point, or a character
 * class with a repeat count. Matching is possessive: each item takes as many
 * characters as its class and maximum allow and never gives any back. So a
 * match attempt is one left-to-right pass, at most the pattern's maximum
 * length long, and no pattern can make matching slow. */
#ifndef ZHX_META_RULES_H
#define ZHX_META_RULES_H

#include <stdint.h>

#include "zhx/meta.h"
#include "zhx/norm.h"

enum zhx_mkind {
    ZHX_MR_BOILER, /* the whole line is boilerplate */
    ZHX_MR_DROP,   /* a boilerplate fragment inside a line */
    ZHX_MR_DATE,   /* a publication date (captures Y M D, h m s) */
    ZHX_MR_SOURCE, /* a source key; the value follows or is {V} */
    ZHX_MR_ROLE,   /* a credit role keyword (记者, 编辑) */
    ZHX_MR_STOP,   /* a word that ends a name (报道) */
    ZHX_MR_LEAD    /* the lead of a news paragraph (新华社北京1月15日电) */
};

enum zhx_mat { ZHX_AT_LINE, ZHX_AT_START, ZHX_AT_END, ZHX_AT_ANY };

enum zhx_mclass {
    ZHX_PC_LIT, ZHX_PC_DIGIT, ZHX_PC_HAN, ZHX_PC_SPACE, ZHX_PC_LATIN,
    ZHX_PC_ALNUM, ZHX_PC_ANY, ZHX_PC_VALUE, ZHX_PC_SET, ZHX_PC_NSET
};

enum zhx_mcapture {
    ZHX_CAP_NONE, ZHX_CAP_Y, ZHX_CAP_M, ZHX_CAP_D, ZHX_CAP_H, ZHX_CAP_MI,
    ZHX_CAP_S, ZHX_CAP_V, ZHX_NCAP
};

typedef struct zhx_mitem {
    uint8_t cls, cap;
    uint16_t min, max;
    uint32_t cp;       /* ZHX_PC_LIT */
    uint32_t set, nset; /* ZHX_PC_SET/NSET: zhx_mrule.set[set .. set+nset) */
} zhx_mitem;

typedef struct zhx_mrule {
    int kind, at;
    char *id;
    unsigned within;  /* a match must start within this many code points */
    unsigned max;     /* the rule applies to lines up to this long */
    int rest_source;  /* date: the text after the date is the source */
    int editors;      /* role: names go to editors, not authors */
    int after;        /* role: the names come before the keyword (张三 摄) */
    char *role;       /* role: the role's name */
    char *value;      /* source, lead: a fixed source text */
    zhx_mitem *items;
    size_t n;
    uint32_t *set;
    size_t nset;
    size_t maxlen;    /* longest text the pattern can match */
    uint32_t req;     /* a code point every match contains, or 0 */
} zhx_mrule;

#define ZHX_MR_KINDS 7

struct zhx_meta_rules {
    zhx_mrule *r;
    size_t n, cap;
    zhx_norm *norm;
    /* The indexes of each kind's rules in file order: a line is checked
     * against one kind at a time. */
    uint32_t *of_kind[ZHX_MR_KINDS];
    size_t n_of_kind[ZHX_MR_KINDS];
};

/* Loop over the rules of kind K of rule set RS in file order, each in turn
 * in R (a const zhx_mrule * declared by the caller); break and continue
 * work as in any loop. */
#define ZHX_MRULES_OF(RS, K, R)                                               \
    for (const uint32_t *zhx_ix_ = (RS)->of_kind[K],                          \
                        *zhx_end_ = zhx_ix_ + (RS)->n_of_kind[K];             \
         zhx_ix_ < zhx_end_ ? ((R) = &(RS)->r[*zhx_ix_], 1) : 0; zhx_ix_++)

/* Capture i of a match is [s, e); s == e == SIZE_MAX when it did not take
 * part. */
typedef struct zhx_mcap {
    size_t s, e;
} zhx_mcap;

/* Match r anchored at t[pos], reading no further than t[end]. Returns the
 * end of the match, or SIZE_MAX. caps (ZHX_NCAP entries) may be NULL. */
size_t zhx_mrule_match(const zhx_mrule *r, const uint32_t *t, size_t pos,
                       size_t end, zhx_mcap *caps);

/* The first match of r starting in [from, to] (to < end), as its start;
 * *mend gets its end. SIZE_MAX when there is none. */
size_t zhx_mrule_search(const zhx_mrule *r, const uint32_t *t, size_t from,
                        size_t to, size_t end, size_t *mend, zhx_mcap *caps);

/* A small set of the code points of one line, so that rules whose required
 * code point (zhx_mrule.req) is not in the line are skipped without a scan.
 * False positives only cost a scan. */
typedef struct zhx_cpset {
    uint64_t bits[16];
} zhx_cpset;

void zhx_cpset_fill(zhx_cpset *set, const uint32_t *t, size_t s, size_t e);

static inline int zhx_mrule_may_match(const zhx_mrule *r, const zhx_cpset *set)
{
    return !r->req || (set->bits[(r->req >> 6) & 15] >> (r->req & 63) & 1);
}

/* Character classes shared with the stage. */
int zhx_meta_is_space(uint32_t c);
int zhx_meta_is_han(uint32_t c);

#endif
