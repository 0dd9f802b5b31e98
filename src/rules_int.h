/* Internals of the rule engine shared by rules_*.c (not installed). */
#ifndef ZHX_RULES_INT_H
#define ZHX_RULES_INT_H

#include "zhx/rules.h"

#include <stdint.h>

/* Limits that keep hostile rules files bounded in time and memory. */
#define ZHX_WINDOW 64            /* code points a rule can consume */
#define ZHX_MAX_ENTRY 64         /* code points in one lexicon entry */
/* Lexicons the matcher asks about get a bit each in the per-position and
 * per-hit sets, in ZHX_LEXW 64-bit words; the rest are searched. The
 * built-in rules use about 180. */
#define ZHX_LEXW 4
#define ZHX_LEXBITS (64 * ZHX_LEXW)
#define ZHX_MAX_ENTRIES 4000000u /* lexicon entries in one rule set */
#define ZHX_MAX_LEXICONS 60000u
#define ZHX_MAX_RULES 20000u
#define ZHX_MAX_PROG 4096        /* instructions in one compiled pattern */
#define ZHX_MAX_DEPTH 32         /* nesting of groups in a pattern */
#define ZHX_MAX_REPEAT 64        /* largest {n,m} bound */
#define ZHX_MAX_COVER 64         /* lexicons usable inside [...] classes */
#define ZHX_MAX_LINE 65536       /* bytes in one line of a rules file */

/* A growable array of bytes (strings) or code points. */
typedef struct zhx_buf {
    char *p;
    size_t len, cap;
} zhx_buf;
int zhx_buf_add(zhx_buf *b, const void *data, size_t n);
void zhx_buf_free(zhx_buf *b);

/* Classes: built-in sets plus ranges, lexicon coverage and a difference. */
enum {
    ZHX_CL_HAN = 1, ZHX_CL_DIGIT = 2, ZHX_CL_CNUM = 4, ZHX_CL_LATIN = 8,
    ZHX_CL_SPACE = 16, ZHX_CL_PUNCT = 32
};
typedef struct zhx_cset {
    unsigned flags;
    uint32_t *ranges;   /* pairs lo, hi inclusive */
    size_t n_ranges;
    uint64_t bloom;     /* bit (c & 63) of every c in a range: quick miss */
    uint64_t cover;     /* bits of lexicons: char lies inside one of their hits */
} zhx_cset;
typedef struct zhx_class {
    zhx_cset in, minus;
    int negate;
} zhx_class;
unsigned zhx_cp_flags(uint32_t c);
int zhx_class_has(const zhx_class *k, uint32_t c, uint64_t cover);

/* Pattern syntax tree (freed after compiling). */
enum {
    ZHX_N_STR, ZHX_N_ANY, ZHX_N_CLASS, ZHX_N_LEX, ZHX_N_SEQ, ZHX_N_ALT,
    ZHX_N_REP, ZHX_N_CAP, ZHX_N_TEST, ZHX_N_BOS, ZHX_N_EOS
};
typedef struct zhx_node {
    int kind;
    int min, max;          /* REP; max < 0: unbounded */
    int slot;              /* CAP: 0 span, 1 role */
    int neg, behind;       /* TEST */
    uint32_t *str;         /* STR code points */
    size_t slen;
    char *name;            /* LEX name */
    uint32_t id;           /* CLASS index, LEX id after resolving */
    unsigned long col;     /* for messages */
    struct zhx_node **kids;
    size_t n_kids;
} zhx_node;

/* Compiled pattern instructions. */
enum {
    ZHX_OP_ANY, ZHX_OP_CLASS, ZHX_OP_LEX, ZHX_OP_SPLIT, ZHX_OP_JMP,
    ZHX_OP_SAVE, ZHX_OP_TEST, ZHX_OP_MATCH
};
enum { ZHX_T_ANY, ZHX_T_CLASS, ZHX_T_LEX, ZHX_T_BOS, ZHX_T_EOS };
typedef struct zhx_inst {
    uint8_t op;
    uint8_t neg, behind, kind; /* TEST; LEX: kind 1 = inside the span */
    /* More than one way leads here (a jump or split target that can also
     * be reached otherwise, or a loop head). Only here can a state
     * (instruction, position) come up twice, so only here does the matcher
     * keep its visited set: a state of any other instruction is reached
     * from its one predecessor's, which comes up once. */
    uint8_t join;
    uint8_t one;           /* LEX: every entry is one code point */
    uint8_t pad[2];
    uint32_t a, b;
} zhx_inst;

enum { ZHX_F_BEFORE, ZHX_F_AFTER, ZHX_F_CROSS, ZHX_F_INSIDE, ZHX_F_CROSS_START,
       ZHX_F_CROSS_END };
typedef struct zhx_feature {
    double w;
    int where;
    char *lexname;         /* NULL for a class */
    uint32_t lex;          /* lexicon, or class index */
    int is_class;
    int bit;               /* the lexicon's zhx_rules.lexbit, -1 */
    unsigned long line, col;
} zhx_feature;

/* A feature as the matcher evaluates it: one op for where it looks and
 * how (a lexicon's bit, a class, or the general search), kept small. */
enum { ZHX_FOP_BEFORE, ZHX_FOP_AFTER, ZHX_FOP_INSIDE, ZHX_FOP_CROSS,
       ZHX_FOP_CROSS_START, ZHX_FOP_CROSS_END, ZHX_FOP_CBEFORE,
       ZHX_FOP_CAFTER, ZHX_FOP_CINSIDE, ZHX_FOP_SEARCH, ZHX_FOP_NONE };
typedef struct zhx_fop {
    double w;
    uint8_t op;
    uint8_t where;         /* ZHX_FOP_SEARCH: the feature's where */
    int16_t bit;
    uint32_t arg;          /* lexicon or class */
} zhx_fop;

enum { ZHX_NORM_STRIP, ZHX_NORM_LEX, ZHX_NORM_DATE, ZHX_NORM_CITY,
       ZHX_NORM_LIT };
typedef struct zhx_normop {
    int op;
    char *arg;             /* lexicon name or literal */
    uint32_t lex;
} zhx_normop;

typedef struct zhx_expect {
    char *type, *text, *role, *norm; /* role/norm NULL: not checked */
} zhx_expect;
typedef struct zhx_example {
    char *text;
    zhx_expect *want;
    size_t n_want;         /* 0: "none", no entity of the rule's type */
    unsigned long line, col;
} zhx_example;

typedef struct zhx_rule {
    /* Compiled: what the matcher reads at every anchor first, together
     * (a rule is tried millions of times a run). */
    zhx_inst *prog;
    size_t n_prog;
    int backward;          /* anchored on the last element, run leftwards */
    int scored;
    int echo;              /* below threshold: kept if the document already
                              has this text as this type */
    double base, threshold;
    zhx_fop *fop;          /* the features as the matcher runs them */
    double pos_sum;        /* sum of the positive feature weights */
    size_t n_feat;
    /* The earlier rule in the same direction (of the 512 before) whose
     * program shares the longest beginning with this one's (twin_len
     * instructions); -1 if none. When it failed at an anchor without
     * branching and without passing that beginning, this rule fails
     * there too, so it is not run. */
    int32_t twin;
    uint32_t twin_len;
    size_t n_win;
    /* Where a required element must lie, from the anchor: a hit of the
     * lexicon starts (forward rules) or ends (backward) lo..hi characters
     * away from it. Only narrow ranges are kept: the matcher checks them
     * with a few bit tests before running the program. */
    struct zhx_win {
        uint32_t lex;
        int16_t bit;       /* zhx_rules.lexbit, -1: not checked */
        uint8_t lo, hi;
    } win[8];
    /* the rest */
    char *id, *type;
    int priority;
    const char *file;      /* borrowed from zhx_rules.files */
    unsigned long line;
    char *pattern;
    unsigned long pat_line, pat_col;
    zhx_node *ast;         /* until compiled */
    zhx_feature *feat;     /* sorted most negative first when compiled */
    zhx_normop *norm;
    size_t n_norm;
    zhx_example *ex;
    size_t n_ex;
    int anchor_last;       /* 'anchor last': prefer the last element */
    uint32_t *anchors;     /* lexicons that can start (or end) a match */
    size_t n_anchors;      /* 0: tried at every position */
    int first_class;       /* no anchors: a class the first character must
                              be in (forward rules), or -1 */
    int at_bos;            /* no anchors: the program starts by testing
                              for a sentence start (^), so it is tried
                              only there */
    uint32_t req[8];       /* lexicons every match consumes */
    size_t n_req;
    uint64_t req_mask[ZHX_LEXW]; /* their bits (zhx_rules.lexbit) */
    int type_none;         /* vetoes candidates with exactly its span */
    int type_hide;         /* claims its span, reported to no one */
} zhx_rule;

typedef struct zhx_lexicon {
    char *name;
    double w;              /* weight of entries without w= */
    int cover;             /* bit for class coverage, -1 */
    int loaded;            /* 1: embedded files merged; 2: inline block */
    uint32_t n_entries;
    uint32_t max_len;      /* longest entry, for feature scans */
    uint32_t *ents;        /* its entries (indices), for deriving */
    size_t cap_ents;
    const char *ref_file;  /* first use inside a class, for messages */
    unsigned long ref_line, ref_col;
} zhx_lexicon;

typedef struct zhx_entry {
    uint32_t lex;
    uint32_t off, len;     /* in cps */
    float w;
    int32_t norm;          /* offset into strs, -1 */
    int32_t fields;        /* raw "k=v<TAB>k=v" in strs, -1 */
    int32_t base;          /* entry it was derived from (same string), -1 */
    uint32_t seq;
} zhx_entry;

/* lexicon NAME = BASE + BASE... where K=V where K!=V weight F log S default W */
typedef struct zhx_cond {
    char *key, *val;
    int neg;
} zhx_cond;
typedef struct zhx_derived {
    uint32_t lex;
    char **bases;
    size_t n_bases;
    zhx_cond *conds;
    size_t n_conds;
    char *wfield;
    double wlog;           /* 0: the field's value as is; else ln(v * wlog) */
    double wdefault;
    int has_default;
    int state;             /* 0 new, 1 being built (cycle check), 2 built */
    const char *file;
    unsigned long line;
} zhx_derived;

struct zhx_rules {
    int compiled;
    int adding_defaults, defaults, user_files;
    int only_defaults;     /* the embedded rules alone: the image applies */
    int borrowed;          /* lexicon arrays point into the build's image */
    char **files;          /* names of added files, for messages */
    size_t n_files;
    zhx_rule *rules;
    size_t n_rules;
    zhx_lexicon *lex;
    size_t n_lex;
    zhx_entry *ent;
    size_t n_ent, cap_ent;
    zhx_buf cps;           /* uint32_t code points of entries */
    zhx_buf strs;          /* NUL-terminated norm strings */
    zhx_class *classes;
    size_t n_classes;
    zhx_derived *derived;
    size_t n_derived;
    int n_cover;
    /* trie */
    uint32_t *node_pay;    /* per node: offset into pay, count in pay_n */
    uint32_t *node_pay_n;
    size_t n_nodes;
    struct zhx_hslot {     /* open addressing: key (node << 21 | cp) + 1, */
        uint64_t key;      /* 0 empty; key and child share a cache line */
        uint32_t val;
        uint32_t rec;      /* the child's record, 0: it ends no entry */
    } *hslots;
    size_t hcap;
    /* A Bloom filter of the table's keys (two bits a key, at least 16
     * bits a node): most steps find no child, and the filter, small
     * enough to stay in cache, says so without touching the table. */
    uint64_t *ebloom;
    size_t ebloom_mask;    /* bits - 1 */
    uint32_t *pay;         /* entry indices, grouped per node, by lexicon */
    uint32_t *pay_lex;     /* the lexicon of each: searched without
                              touching the entries */
    uint64_t *node_cover;  /* per node: cover bits of its lexicons */
    uint32_t *root;        /* per BMP code point c: the root's child by c
                              (root[2c], 0: none) and its record
                              (root[2c + 1]), side by side */
    size_t n_recs;         /* nodes that end entries, numbered 1.. in node
                              order: their records */
    size_t n_pay;
    /* anchors: lexicon -> rules */
    uint32_t *fwd_off, *fwd;  /* CSR, n_lex + 1 offsets */
    uint32_t *bwd_off, *bwd;
    int16_t *lexbit;       /* per lexicon: a bit of zhx_nrec.bits, or -1 */
    /* What the matcher asks of a hit, in one place per kind of record
     * (numbered from 1, and one past the last closes the lists; rec_kind
     * maps a record to its kind): the bits of the lexicons that have an
     * entry there, its class cover bits, and where its rules begin in
     * nfwd and nbwd (rules anchored on any of its lexicons, forward and
     * backward; a kind's list ends where the next one's begins). Records
     * of the same lexicons are one kind, so the table is small and stays
     * cached. */
    uint32_t *rec_kind;
    struct zhx_nrec {
        uint64_t bits[ZHX_LEXW];
        uint64_t cover;
        uint32_t fwd, bwd;
    } *recs;
    uint32_t *nfwd, *nbwd;
    /* For the embedded rules alone the kinds (rec_kind, recs, nfwd, nbwd)
     * come from the build-time image like the lexicon arrays (borrowed):
     * found afresh, they would cost a pass over every node of the trie at
     * each start-up. */
    size_t n_kinds;
    uint32_t *scan;        /* rules tried at every position */
    size_t n_scan;
    size_t max_prog;
};

/* rules_parse.c */
int zhx_rules_parse(zhx_rules *r, const char *file, const char *text,
                    size_t len, zhx_error *err);
int zhx_pattern_parse(zhx_rules *r, const zhx_rule *rule, zhx_node **out,
                      zhx_error *err);
void zhx_node_free(zhx_node *n);
uint32_t zhx_fold_cp(uint32_t c);

/* The trie's hash: a key per (node, code point), Fibonacci hashing (the
 * top bits of the product spread the keys; mask + 1 is a power of two). */
static inline uint64_t zhx_hkey(uint32_t node, uint32_t c)
{
    return (((uint64_t)node << 21) | c) + 1;
}

static inline size_t zhx_hslot_of(uint64_t k, size_t mask)
{
    k *= 0x9E3779B97F4A7C15ULL;
    k ^= k >> 32;
    return (size_t)(k >> 20) & mask;
}

/* The two filter bits of key k, in one 64-bit word: a miss costs one
 * cache line, not two (the filter of the built-in lexicons is 512 KB). */
static inline void zhx_ebloom_bits(uint64_t k, size_t mask, size_t *b1,
                                   size_t *b2)
{
    k *= 0xC2B2AE3D27D4EB4FULL;
    k ^= k >> 29;
    *b1 = (size_t)k & mask;
    *b2 = (*b1 & ~(size_t)63) | ((size_t)(k >> 40) & 63);
}

/* Whether the table may hold key k (no: it does not). */
static inline int zhx_ebloom_may(const zhx_rules *r, uint64_t k)
{
    size_t b1, b2;
    zhx_ebloom_bits(k, r->ebloom_mask, &b1, &b2);
    return (r->ebloom[b1 >> 6] >> (b1 & 63) & 1) &&
           (r->ebloom[b2 >> 6] >> (b2 & 63) & 1);
}

/* Child of node by c, or 0; *rec gets the child's record. */
static inline uint32_t zhx_trie_step(const zhx_rules *r, uint32_t node,
                                     uint32_t c, uint32_t *rec)
{
    uint64_t k = zhx_hkey(node, c);
    size_t mask = r->hcap - 1;
    for (size_t s = zhx_hslot_of(k, mask);; s = (s + 1) & mask) {
        if (r->hslots[s].key == k) {
            *rec = r->hslots[s].rec;
            return r->hslots[s].val;
        }
        if (!r->hslots[s].key) {
            *rec = 0;
            return 0;
        }
    }
}

/* rules_lex.c */
int zhx_lex_find(const zhx_rules *r, const char *name);
int zhx_lex_get(zhx_rules *r, const char *name, size_t name_len,
                zhx_error *err);
int zhx_lex_add_entry(zhx_rules *r, uint32_t lex, const char *line,
                      size_t len, const char *file, unsigned long lineno,
                      zhx_error *err);
int zhx_lex_parse_file(zhx_rules *r, uint32_t lex, const char *file,
                       const char *text, size_t len, zhx_error *err);
int zhx_lex_load_embedded(zhx_rules *r, uint32_t lex, zhx_error *err);
int zhx_lex_build(zhx_rules *r, zhx_error *err);
uint32_t zhx_trie_child(const zhx_rules *r, uint32_t node, uint32_t c);

int zhx_lex_derive(zhx_rules *r, zhx_derived *d, zhx_error *err);
const char *zhx_entry_field(const zhx_rules *r, const zhx_entry *e,
                            const char *key, size_t *len);

/* rules_blob.c */
int zhx_rules_blob_load(zhx_rules *r);

/* rules_compile.c */
int zhx_rule_compile(zhx_rules *r, zhx_rule *rule, zhx_error *err);

/* rules_norm.c */
int zhx_date_norm(const uint32_t *t, size_t n, int by, int bm, int bd,
                  char *out, size_t cap);

#endif
