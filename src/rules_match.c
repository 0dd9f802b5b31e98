/* The matcher: lexicon hits of a chunk, anchored runs of each rule's
 * program (a backtracking VM that visits each (instruction, position) once,
 * so time is bounded by program size x window), scoring, and resolution of
 * overlapping candidates by priority, score, then length. */
#include "rules_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Chinese numerals of \c (〇 and 零 to 亿, with the financial forms),
 * by a perfect hash: the top 6 bits of c * 0x74B31BFB (mod 2^32) differ for
 * all 29, so one look-up in a 64-slot table decides (an empty slot holds
 * 0, and 0 hashes to a full one). */
static const uint32_t cnum_tab[64] = {
    0x56DB, 0, 0x4E94, 0x53C1, 0x58F9, 0x96F6,
    0, 0, 0, 0, 0, 0,
    0x4F0D, 0, 0x4EDF, 0, 0, 0,
    0, 0, 0x4F70, 0, 0x62FE, 0x516D,
    0, 0x4E8C, 0, 0, 0x516B, 0,
    0, 0, 0, 0x8D30, 0, 0,
    0x4E00, 0, 0, 0x5343, 0x8086, 0x4EBF,
    0, 0x4E09, 0x5341, 0, 0, 0,
    0x4E07, 0x3007, 0x67D2, 0, 0, 0x7396,
    0x9646, 0, 0, 0, 0x634C, 0,
    0x4E03, 0x4E5D, 0x4E24, 0x767E,
};

static inline int is_cnum(uint32_t c)
{
    return cnum_tab[(uint32_t)(c * 0x74B31BFBu) >> 26] == c;
}

unsigned zhx_cp_flags(uint32_t c)
{
    unsigned f = 0;
    /* the common case first: a Han character of the main block */
    if (c >= 0x4E00 && c <= 0x9FFF)
        return is_cnum(c) ? ZHX_CL_HAN | ZHX_CL_CNUM : ZHX_CL_HAN;
    if (c < 128) {
        if (c >= '0' && c <= '9')
            return ZHX_CL_DIGIT;
        if ((c | 32) >= 'a' && (c | 32) <= 'z')
            return ZHX_CL_LATIN;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return ZHX_CL_SPACE;
        if (c > 32 && c < 127)
            return ZHX_CL_PUNCT;
        return 0;
    }
    if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF) ||
        (c >= 0xF900 && c <= 0xFAFF))
        f |= ZHX_CL_HAN;
    if (is_cnum(c))
        f |= ZHX_CL_CNUM;
    if (c == 0xA0 || c == 0x3000)
        f |= ZHX_CL_SPACE;
    if ((c >= 0x3001 && c <= 0x303F && c != 0x3007) ||
        (c >= 0x2010 && c <= 0x205F) || (c >= 0xFE30 && c <= 0xFE4F) ||
        (c >= 0xFF01 && c <= 0xFF0F) || c == 0xB7 || c == 0xFF5E ||
        (c >= 0xFF1A && c <= 0xFF20))
        f |= ZHX_CL_PUNCT;
    if ((c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
        f |= ZHX_CL_LATIN;
    return f;
}

static inline int cset_has(const zhx_cset *s, uint32_t c, unsigned fl,
                           uint64_t cov)
{
    if (s->flags & fl)
        return 1;
    if (s->cover & cov)
        return 1;
    if (!(s->bloom & (1ULL << (c & 63))))
        return 0;
    for (size_t i = 0; i < s->n_ranges; i++)
        if (c >= s->ranges[2 * i] && c <= s->ranges[2 * i + 1])
            return 1;
    return 0;
}

static inline int class_has_fl(const zhx_class *k, uint32_t c, unsigned fl,
                               uint64_t cover)
{
    int in = cset_has(&k->in, c, fl, cover) &&
             !cset_has(&k->minus, c, fl, cover);
    return in != k->negate;
}

int zhx_class_has(const zhx_class *k, uint32_t c, uint64_t cover)
{
    return class_has_fl(k, c, zhx_cp_flags(c), cover);
}

/* A lexicon hit: text[start, end) is the string of trie node `node`,
 * whose record's kind is rec (HIT_REC of it; HIT_BWD: it anchors backward
 * rules); bits are the record's, the lexicons found there. */
typedef struct hit {
    uint32_t start, end, node, rec;
    uint64_t bits[ZHX_LEXW];
} hit;
#define HIT_BWD (1u << 31)
#define HIT_REC (HIT_BWD - 1)

/* A job resumes a branch at (pc, p) with its score and path length, or
 * (tag JOB_RESTORE + slot) puts capture slot back to the value in p. A
 * branch taken from a LEX alternative (JOB_LEX) records its step on the
 * path: the entry travels in e, the hit's other end in from. */
enum { JOB_RESUME, JOB_LEX, JOB_RESTORE };
typedef struct job {
    int32_t p, from, e;
    float score;
    uint16_t pc;
    uint8_t plen, tag;
} job;

typedef struct pstep {
    uint32_t entry, start, end;
} pstep;

typedef struct cand {
    uint32_t rule;
    int32_t s, e, rs, re;
    float score;
    uint32_t path, npath;
    int weak;              /* below threshold, kept for echo */
} cand;

/* A weighted step looks up its lexicon's entry at the hit's node; the
 * same few characters (surnames, given-name characters) come up again
 * and again, so the last answers are kept, by node and lexicon. */
#define ENT_MEMO 2048
struct ent_memo {
    uint32_t node, lex;
    int32_t e;
    float w;
};

/* Texts accepted per type in the current document, as 64-bit hashes in an
 * open-addressing set of fixed size (echo rules). */
#define ZHX_ECHO_SLOTS 8192

struct zhx_matcher {
    const zhx_rules *r;
    const uint32_t *text;
    size_t len;
    const zhx_sentence *sents;
    size_t n_sents;
    zhx_sentence one;
    size_t cap_len;
    hit *hits;
    size_t n_hits, cap_hits;
    uint32_t *hstart;      /* len + 2 */
    uint32_t *hend_off;    /* len + 2 */
    uint32_t *hend;        /* indices of hits by end */
    size_t cap_hend;
    uint32_t *fl, *bl;     /* hits that anchor forward rules, by start, and */
    size_t n_fl, n_bl;     /* backward rules, by end (as hend) */
    uint64_t *cover;
    uint64_t *sbits;       /* per position, ZHX_LEXW words: bits of the */
    uint64_t *ebits;       /* hits that start there, that end there */
    uint8_t *flags;        /* zhx_cp_flags of each character */
    uint8_t *bound;        /* 1: a sentence starts here, 2: one ends here */
    uint8_t *taken;
    uint32_t *visited;
    uint32_t stamp;
    job *jobs;
    size_t cap_jobs;
    struct ent_memo *ememo; /* ENT_MEMO slots (entry_of) */
    pstep *path;
    size_t npath;
    uint32_t *tried;
    uint32_t *pfail;       /* per rule: anchor + 1 where it failed without
                              branching (zhx_rule.twin), */
    uint32_t *pfail_pc;    /* and the last instruction it failed at */
    int branched;          /* the last run took a SPLIT or JMP */
    uint32_t fail_pc;      /* the last instruction a run failed at */
    uint8_t *skip;         /* per rule: a required lexicon is not in the chunk */
    uint32_t *scan;        /* the rules tried everywhere, less the skipped */
    uint64_t chunk_bits[ZHX_LEXW];
    cand *cands;
    size_t n_cands, cap_cands;
    pstep *cpath;          /* explain: steps of candidates */
    size_t n_cpath, cap_cpath;
    uint32_t *acc;
    uint32_t *idx;         /* resolution: candidate indices, 2 per candidate */
    size_t cap_idx;
    zhx_match *out;
    size_t n_out, cap_out;
    size_t *soff;          /* string offsets: norm, role, explain per match */
    zhx_buf strs;
    uint64_t echo[ZHX_ECHO_SLOTS];
    size_t n_echo;
    uint16_t echo_used[ZHX_ECHO_SLOTS / 2]; /* the slots filled, to clear */
    int by, bm, bd;
    char city[256];
    int city_fixed;
    int explain;
};

zhx_matcher *zhx_matcher_new(const zhx_rules *r)
{
    if (!r || !r->compiled)
        return NULL;
    zhx_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->r = r;
    size_t vis = (r->max_prog + 1) * (ZHX_WINDOW + 1);
    m->visited = calloc(vis, sizeof *m->visited);
    m->tried = calloc(r->n_rules + 1, sizeof *m->tried);
    m->pfail = calloc(r->n_rules + 1, sizeof *m->pfail);
    m->ememo = malloc(ENT_MEMO * sizeof *m->ememo);
    if (m->ememo)
        for (size_t i = 0; i < ENT_MEMO; i++)
            m->ememo[i].node = UINT32_MAX;
    m->pfail_pc = calloc(r->n_rules + 1, sizeof *m->pfail_pc);
    m->skip = calloc(r->n_rules + 1, 1);
    m->scan = calloc(r->n_scan + 1, sizeof *m->scan);
    m->path = malloc((ZHX_WINDOW * 2 + 4) * sizeof *m->path);
    if (!m->visited || !m->tried || !m->path || !m->skip || !m->scan ||
        !m->pfail || !m->pfail_pc || !m->ememo) {
        zhx_matcher_free(m);
        return NULL;
    }
    return m;
}

void zhx_matcher_free(zhx_matcher *m)
{
    if (!m)
        return;
    free(m->hits);
    free(m->hstart);
    free(m->hend_off);
    free(m->hend);
    free(m->fl);
    free(m->bl);
    free(m->cover);
    free(m->sbits);
    free(m->ebits);
    free(m->bound);
    free(m->flags);
    free(m->taken);
    free(m->visited);
    free(m->jobs);
    free(m->path);
    free(m->tried);
    free(m->pfail);
    free(m->ememo);
    free(m->pfail_pc);
    free(m->skip);
    free(m->scan);
    free(m->cands);
    free(m->cpath);
    free(m->acc);
    free(m->idx);
    free(m->out);
    free(m->soff);
    zhx_buf_free(&m->strs);
    free(m);
}

void zhx_matcher_reset(zhx_matcher *m)
{
    /* clear the slots filled (a short document fills few) */
    for (size_t i = 0; i < m->n_echo; i++)
        m->echo[m->echo_used[i]] = 0;
    m->n_echo = 0;
    m->by = m->bm = m->bd = 0;
    m->city[0] = '\0';
    m->city_fixed = 0;
    m->n_out = 0;
}

void zhx_matcher_set_base_date(zhx_matcher *m, int y, int mo, int d)
{
    m->by = y;
    m->bm = mo;
    m->bd = d;
}

void zhx_matcher_set_city(zhx_matcher *m, const char *city)
{
    if (!city) {
        m->city[0] = '\0';
        m->city_fixed = 0;
        return;
    }
    snprintf(m->city, sizeof m->city, "%s", city);
    m->city_fixed = 1;
}

void zhx_matcher_set_explain(zhx_matcher *m, int on)
{
    m->explain = on;
}

size_t zhx_matcher_count(const zhx_matcher *m)
{
    return m->n_out;
}

const zhx_match *zhx_matcher_get(const zhx_matcher *m, size_t i)
{
    return i < m->n_out ? &m->out[i] : NULL;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int ensure_len(zhx_matcher *m, size_t len)
{
    if (len + 2 <= m->cap_len)
        return 0;
    size_t c = m->cap_len ? m->cap_len : 256;
    while (c < len + 2)
        c *= 2;
    uint32_t *a = realloc(m->hstart, c * sizeof *a);
    if (a)
        m->hstart = a;
    uint32_t *b = realloc(m->hend_off, c * sizeof *b);
    if (b)
        m->hend_off = b;
    uint64_t *cv = realloc(m->cover, c * sizeof *cv);
    if (cv)
        m->cover = cv;
    uint64_t *sb = realloc(m->sbits, ZHX_LEXW * c * sizeof *sb);
    if (sb)
        m->sbits = sb;
    uint64_t *eb = realloc(m->ebits, ZHX_LEXW * c * sizeof *eb);
    if (eb)
        m->ebits = eb;
    uint8_t *bd = realloc(m->bound, c);
    if (bd)
        m->bound = bd;
    uint8_t *fl = realloc(m->flags, c);
    if (fl)
        m->flags = fl;
    uint8_t *tk = realloc(m->taken, c);
    if (tk)
        m->taken = tk;
    if (!a || !b || !cv || !bd || !tk || !fl || !sb || !eb)
        return -1;
    m->cap_len = c;
    return 0;
}

/* ---- lexicon hits ------------------------------------------------------ */

static int scan_hits(zhx_matcher *m)
{
    const zhx_rules *r = m->r;
    const uint32_t *t = m->text;
    size_t n = m->len;
    m->n_hits = 0;
    m->n_fl = 0;
    int cover = r->n_cover > 0;
    if (cover)
        memset(m->cover, 0, (n + 1) * sizeof *m->cover);
    memset(m->sbits, 0, ZHX_LEXW * (n + 1) * sizeof *m->sbits);
    memset(m->ebits, 0, ZHX_LEXW * (n + 1) * sizeof *m->ebits);
    for (size_t p = 0; p < n; p++) {
        m->hstart[p] = (uint32_t)m->n_hits;
        uint32_t c = t[p], rec;
        m->flags[p] = (uint8_t)zhx_cp_flags(c);
        uint32_t node;
        if (c < 65536) {
            node = r->root[2 * c];
            rec = r->root[2 * c + 1];
        } else {
            node = zhx_trie_step(r, 0, c, &rec);
        }
        size_t q = p;
        while (node) {
            q++;
            if (rec) {
                if (m->n_hits == m->cap_hits &&
                    (grow((void **)&m->hits, &m->cap_hits, m->n_hits + 1,
                          sizeof *m->hits) ||
                     !(m->fl = realloc(m->fl, m->cap_hits * sizeof *m->fl))))
                    return -1;
                uint32_t kd = r->rec_kind[rec];
                const struct zhx_nrec *nr = &r->recs[kd];
                if (nr->fwd != nr[1].fwd)
                    m->fl[m->n_fl++] = (uint32_t)m->n_hits;
                hit *h = &m->hits[m->n_hits++];
                h->start = (uint32_t)p;
                h->end = (uint32_t)q;
                h->node = node;
                h->rec = kd | (nr->bwd != nr[1].bwd ? HIT_BWD : 0);
                for (int w = 0; w < ZHX_LEXW; w++) {
                    h->bits[w] = nr->bits[w];
                    m->sbits[ZHX_LEXW * p + w] |= nr->bits[w];
                    m->ebits[ZHX_LEXW * q + w] |= nr->bits[w];
                }
                if (cover && nr->cover)
                    for (size_t k = p; k < q; k++)
                        m->cover[k] |= nr->cover;
            }
            if (q >= n || q - p >= ZHX_MAX_ENTRY)
                break;
            /* the filter answers most steps that find no child */
            if (zhx_ebloom_may(r, zhx_hkey(node, t[q])))
                node = zhx_trie_step(r, node, t[q], &rec);
            else
                node = 0;
        }
    }
    m->hstart[n] = m->hstart[n + 1] = (uint32_t)m->n_hits;
    /* which lexicons occur in the chunk at all: a rule that needs one that
     * does not is skipped for the whole chunk */
    memset(m->chunk_bits, 0, sizeof m->chunk_bits);
    for (size_t p = 0; p < n; p++)
        for (int w = 0; w < ZHX_LEXW; w++)
            m->chunk_bits[w] |= m->sbits[ZHX_LEXW * p + w];
    for (size_t i = 0; i < r->n_rules; i++) {
        const zhx_rule *ru = &r->rules[i];
        uint64_t miss = 0;
        for (int w = 0; w < ZHX_LEXW; w++)
            miss |= ru->req_mask[w] & ~m->chunk_bits[w];
        m->skip[i] = miss != 0;
    }
    /* by end: counting sort */
    memset(m->hend_off, 0, (n + 2) * sizeof *m->hend_off);
    for (size_t i = 0; i < m->n_hits; i++)
        m->hend_off[m->hits[i].end + 1]++;
    for (size_t i = 0; i <= n; i++)
        m->hend_off[i + 1] += m->hend_off[i];
    size_t cap = m->cap_hend;
    if (grow((void **)&m->hend, &m->cap_hend, m->n_hits + 1,
             sizeof *m->hend))
        return -1;
    if (cap != m->cap_hend || !m->bl) {
        uint32_t *b = realloc(m->bl, m->cap_hend * sizeof *b);
        if (!b)
            return -1;
        m->bl = b;
    }
    /* hend_off[e + 1] counts hits ending at e; fill each end's list in
     * start order, so it runs from the longest hit to the shortest */
    uint32_t *he = m->hend;
    for (size_t i = 0; i < m->n_hits; i++)
        he[m->hend_off[m->hits[i].end]++] = (uint32_t)i;
    for (size_t i = n + 1; i > 0; i--)
        m->hend_off[i] = m->hend_off[i - 1];
    m->hend_off[0] = 0;
    m->n_bl = 0;
    for (size_t i = 0; i < m->n_hits; i++)
        if (m->hits[he[i]].rec & HIT_BWD)
            m->bl[m->n_bl++] = he[i];
    return 0;
}

/* Entry of lexicon lex at trie node, or -1, without the bit test. */
static inline long node_find(const zhx_rules *r, uint32_t node, uint32_t lex)
{
    uint32_t off = r->node_pay[node];
    const uint32_t *pl = r->pay_lex + off;
    uint32_t lo = 0, hi = r->node_pay_n[node];
    /* payloads are sorted by lexicon: binary search */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        uint32_t L = pl[mid];
        if (L == lex)
            return r->pay[off + mid];
        if (L < lex)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static inline int bit_in(const uint64_t *w, int b)
{
    return (int)((w[b >> 6] >> (b & 63)) & 1);
}

/* Whether a hit of lexicon bit b starts at p (ends at p). */
static inline int starts_at(const zhx_matcher *m, long p, int b)
{
    return bit_in(m->sbits + ZHX_LEXW * p, b);
}

static inline int ends_at(const zhx_matcher *m, long p, int b)
{
    return bit_in(m->ebits + ZHX_LEXW * p, b);
}

/* Entry of lexicon lex at trie node (-1 if none) and its weight, through
 * the matcher's memo. */
static inline long entry_of(const zhx_matcher *m, uint32_t node, uint32_t lex,
                            float *w)
{
    struct ent_memo *k =
        &m->ememo[(node * 2654435761u ^ lex * 40503u) >> 16 & (ENT_MEMO - 1)];
    if (k->node != node || k->lex != lex) {
        long e = node_find(m->r, node, lex);
        k->node = node;
        k->lex = lex;
        k->e = (int32_t)e;
        k->w = e >= 0 ? m->r->ent[e].w : 0;
    }
    *w = k->w;
    return k->e;
}

static int has_hit(const zhx_matcher *m, size_t p, uint32_t lex, int behind)
{
    int b = m->r->lexbit[lex];
    if (b >= 0) /* the bits of a position are exact for their lexicons */
        return behind ? ends_at(m, p, b)
                      : p < m->len && starts_at(m, p, b);
    if (behind) {
        for (uint32_t i = m->hend_off[p]; i < m->hend_off[p + 1]; i++)
            if (node_find(m->r, m->hits[m->hend[i]].node, lex) >= 0)
                return 1;
    } else if (p < m->len) {
        for (uint32_t i = m->hstart[p]; i < m->hstart[p + 1]; i++)
            if (node_find(m->r, m->hits[i].node, lex) >= 0)
                return 1;
    }
    return 0;
}

/* ---- the VM ------------------------------------------------------------ */

static inline __attribute__((always_inline)) int
class_at(const zhx_matcher *m, uint32_t k, long p)
{
    if (p < 0 || (size_t)p >= m->len)
        return 0;
    return class_has_fl(&m->r->classes[k], m->text[p], m->flags[p],
                        m->r->n_cover ? m->cover[p] : 0);
}

static inline __attribute__((always_inline)) int
test(const zhx_matcher *m, const zhx_inst *in, long p)
{
    int ok = 0;
    size_t n = m->len;
    switch (in->kind) {
    case ZHX_T_ANY:
        ok = in->behind ? p > 0 : (size_t)p < n;
        break;
    case ZHX_T_CLASS: {
        long q = in->behind ? p - 1 : p;
        ok = q >= 0 && (size_t)q < n && class_at(m, in->a, q);
        break;
    }
    case ZHX_T_LEX:
        if (in->b) /* the lexicon's bit + 1 */
            ok = in->behind ? ends_at(m, p, (int)in->b - 1)
                            : (size_t)p < n && starts_at(m, p, (int)in->b - 1);
        else
            ok = has_hit(m, (size_t)p, in->a, in->behind);
        break;
    case ZHX_T_BOS:
        ok = (m->bound[p] & 1) != 0;
        break;
    case ZHX_T_EOS:
        ok = (m->bound[p] & 2) != 0;
        break;
    }
    return ok != in->neg;
}

/* Whether instruction in surely fails at p, going dir: a lexicon with no
 * hit there, a character outside the window or the class. */
static inline int dead(const zhx_matcher *m, const zhx_inst *in, long p,
                       const int dir, long lo, long hi)
{
    if (in->op == ZHX_OP_LEX) {
        if (!in->b)
            return 0;
        if (dir > 0)
            return (size_t)p >= m->len ||
                   !starts_at(m, p, (int)in->b - 1);
        return p <= 0 || !ends_at(m, p, (int)in->b - 1);
    }
    if (in->op == ZHX_OP_CLASS) {
        long q = dir > 0 ? p : p - 1;
        return q < lo || q >= hi || !class_at(m, in->a, q);
    }
    return 0;
}

/* A way a lexicon step can go: where it leads, the entry taken (-1 when
 * not wanted) and its weight inside the span. */
typedef struct lex_alt {
    int32_t to, e;
    float w;
} lex_alt;

/* Fill *alt with hit h of in's lexicon (bit b, -1: none, so searched),
 * which leads to `to`; 0 if a searched lexicon has no entry there. */
static inline __attribute__((always_inline)) int
alt_of(const zhx_matcher *m, const zhx_inst *in, const hit *h, long to, int b,
       int want_e, lex_alt *alt)
{
    float w = 0;
    long e = -1;
    if (b >= 0) {
        if (want_e)
            e = entry_of(m, h->node, in->a, &w);
    } else if ((e = entry_of(m, h->node, in->a, &w)) < 0) {
        return 0;
    }
    alt->to = (int32_t)to;
    alt->e = (int32_t)e;
    alt->w = in->kind ? w : 0;
    return 1;
}

/* The hits of in's lexicon at p going dir (ending at p going left), longest
 * first, within the window (bound: its end going right, its start going
 * left): where each leads, its entry (when weights or the path want it)
 * and its weight inside the span. Out of line: it keeps the VM loop's
 * registers free. */
static __attribute__((noinline)) size_t
lex_alts(const zhx_matcher *m, const zhx_inst *in, long p, int dir,
         long bound, int want_path, lex_alt *alt)
{
    const hit *hits = m->hits;
    size_t na = 0;
    const int b = (int)in->b - 1; /* the lexicon's bit */
    const int want_e = in->kind || want_path;
    if (dir > 0) {
        if ((size_t)p >= m->len || (b >= 0 && !starts_at(m, p, b)))
            return 0;
        if (in->one && b >= 0) {
            /* the bit is there, so the shortest hit, of one character,
             * has it: the first at p */
            const hit *h = &hits[m->hstart[p]];
            return (long)h->end <= bound &&
                   alt_of(m, in, h, h->end, b, want_e, alt);
        }
        for (uint32_t i = m->hstart[p + 1]; i-- > m->hstart[p];) {
            const hit *h = &hits[i];
            if ((long)h->end > bound || (b >= 0 && !bit_in(h->bits, b)))
                continue;
            if (alt_of(m, in, h, h->end, b, want_e, &alt[na]) &&
                ++na > ZHX_MAX_ENTRY)
                break;
        }
    } else {
        if (p <= 0 || (b >= 0 && !ends_at(m, p, b)))
            return 0;
        if (in->one && b >= 0) {
            /* the shortest hit ending at p is the last in its list */
            const hit *h = &hits[m->hend[m->hend_off[p + 1] - 1]];
            return (long)h->start >= bound &&
                   alt_of(m, in, h, h->start, b, want_e, alt);
        }
        for (uint32_t i = m->hend_off[p]; i < m->hend_off[p + 1]; i++) {
            const hit *h = &hits[m->hend[i]];
            if ((long)h->start < bound || (b >= 0 && !bit_in(h->bits, b)))
                continue;
            if (alt_of(m, in, h, h->start, b, want_e, &alt[na]) &&
                ++na > ZHX_MAX_ENTRY)
                break;
        }
    }
    return na;
}

/* Run rule ru anchored at position a, going dir (1 forward, -1 backward;
 * a constant where this is inlined, so each direction gets its own loop).
 * On a match fills caps (span start and end, role start and end; -1 when
 * unset), *score and, with explain on, the path. */
static inline __attribute__((always_inline)) int
run_dir(zhx_matcher *m, const zhx_rule *ru, long a, long caps[4],
        float *score, const int dir)
{
    const long n = (long)m->len;
    const long lo = dir > 0 ? a : (a > ZHX_WINDOW ? a - ZHX_WINDOW : 0);
    const long hi = dir > 0 ? (a + ZHX_WINDOW < n ? a + ZHX_WINDOW : n) : a;
    const size_t W = ZHX_WINDOW + 1;
    if (++m->stamp == 0) {
        memset(m->visited, 0,
               (m->r->max_prog + 1) * W * sizeof *m->visited);
        m->stamp = 1;
    }
    const uint32_t st = m->stamp;
    const zhx_inst *prog = ru->prog;
    uint32_t *visited = m->visited;
    /* the entries along the path are wanted for explain alone */
    const int want_path = m->explain;
    job *jobs = m->jobs;
    size_t sp = 0, cap = m->cap_jobs, npath = 0;
    int branched = 0;
    uint32_t fail_pc = 0;
#define PUSH(...)                                                            \
    do {                                                                     \
        if (sp == cap) {                                                     \
            if (grow((void **)&m->jobs, &m->cap_jobs, sp + 1, sizeof *jobs)) \
                return -1;                                                   \
            jobs = m->jobs;                                                  \
            cap = m->cap_jobs;                                               \
        }                                                                    \
        jobs[sp++] = (job){__VA_ARGS__};                                     \
    } while (0)
    caps[0] = caps[1] = caps[2] = caps[3] = -1;
    /* the first branch starts at (0, a) without a job */
    uint32_t pc = 0;
    long p = a;
    float sc = 0;
    goto start;
    while (sp) {
        job j = jobs[--sp];
        if (j.tag >= JOB_RESTORE) {
            caps[j.tag - JOB_RESTORE] = j.p;
            continue;
        }
        pc = j.pc;
        p = j.p;
        sc = j.score;
        npath = j.plen;
        if (j.tag == JOB_LEX && want_path && npath < ZHX_WINDOW * 2) {
            pstep *s = &m->path[npath++];
            s->entry = (uint32_t)j.e;
            s->start = (uint32_t)(dir > 0 ? j.from : j.p);
            s->end = (uint32_t)(dir > 0 ? j.p : j.from);
        }
    start:
        for (;;) {
            const zhx_inst *in = &prog[pc];
            if (in->join) {
                size_t vi = pc * W + (size_t)(dir > 0 ? p - a : a - p);
                if (visited[vi] == st)
                    break;
                visited[vi] = st;
            }
        dispatch:
            switch (in->op) {
            case ZHX_OP_ANY:
            case ZHX_OP_CLASS: {
                long q = dir > 0 ? p : p - 1;
                if (q < lo || q >= hi ||
                    (in->op == ZHX_OP_ANY ? m->text[q] == '\n'
                                          : !class_at(m, in->a, q)))
                    goto fail;
                p += dir;
                pc++;
                continue;
            }
            case ZHX_OP_LEX: {
                /* every hit of the lexicon here, longest first: take the
                 * first, leave the others as branches in that order */
                lex_alt alt[ZHX_MAX_ENTRY + 1];
                size_t na = lex_alts(m, in, p, dir, dir > 0 ? hi : lo,
                                     want_path, alt);
                if (!na)
                    goto fail;
                for (size_t k = na; k-- > 1;)
                    PUSH(alt[k].to, (int32_t)p, alt[k].e, sc + alt[k].w,
                         (uint16_t)(pc + 1), (uint8_t)npath, JOB_LEX);
                if (want_path && npath < ZHX_WINDOW * 2) {
                    pstep *s = &m->path[npath++];
                    s->entry = (uint32_t)alt[0].e;
                    s->start = (uint32_t)(dir > 0 ? p : alt[0].to);
                    s->end = (uint32_t)(dir > 0 ? alt[0].to : p);
                }
                p = alt[0].to;
                sc += alt[0].w;
                pc++;
                continue;
            }
            case ZHX_OP_SPLIT: {
                branched = 1;
                /* A branch that fails on its first step is not taken (its
                 * state would fail whenever reached, so leaving it
                 * unvisited changes nothing). A class that holds is taken
                 * at once when nothing else leads to it. */
                const zhx_inst *ta;
                int step;
                for (;;) {
                    ta = &prog[in->a];
                    step = 0;
                    int gone;
                    if (ta->op == ZHX_OP_CLASS) {
                        long q = dir > 0 ? p : p - 1;
                        gone = q < lo || q >= hi || !class_at(m, ta->a, q);
                        step = !gone && !ta->join;
                    } else {
                        gone = dead(m, ta, p, dir, lo, hi);
                    }
                    if (!gone)
                        break;
                    /* on to b, as the loop would go; a chain of splits
                     * (an alternation) is walked here */
                    pc = in->b;
                    in = &prog[pc];
                    if (in->join) {
                        size_t vi = pc * W + (size_t)(dir > 0 ? p - a : a - p);
                        if (visited[vi] == st)
                            goto fail;
                        visited[vi] = st;
                    }
                    if (in->op != ZHX_OP_SPLIT)
                        goto dispatch;
                }
                if (prog[in->b].op != ZHX_OP_LEX ||
                    !dead(m, &prog[in->b], p, dir, lo, hi))
                    PUSH((int32_t)p, 0, -1, sc, (uint16_t)in->b,
                         (uint8_t)npath, JOB_RESUME);
                if (step) {
                    p += dir;
                    pc = in->a + 1;
                } else {
                    pc = in->a;
                }
                continue;
            }
            case ZHX_OP_JMP:
                branched = 1;
                pc = in->a;
                continue;
            case ZHX_OP_SAVE:
                /* with no branch left to take, nothing needs the old value */
                if (sp)
                    PUSH((int32_t)caps[in->a], 0, -1, 0, 0, 0,
                         (uint8_t)(JOB_RESTORE + in->a));
                caps[in->a] = p;
                pc++;
                continue;
            case ZHX_OP_TEST:
                if (!test(m, in, p))
                    goto fail;
                pc++;
                continue;
            case ZHX_OP_MATCH:
                if (caps[0] < 0 || caps[1] < 0) {
                    caps[0] = dir > 0 ? a : p;
                    caps[1] = dir > 0 ? p : a;
                }
                *score = sc;
                m->npath = npath;
                return 1;
            default: /* the compiler makes no other op */
                __builtin_unreachable();
            }
        fail:
            if (pc > fail_pc)
                fail_pc = pc;
            break;
        }
    }
#undef PUSH
    m->npath = npath;
    m->branched = branched;
    m->fail_pc = fail_pc;
    return 0;
}

static int run(zhx_matcher *m, const zhx_rule *ru, long a, long caps[4],
               float *score)
{
    return ru->backward ? run_dir(m, ru, a, caps, score, -1)
                        : run_dir(m, ru, a, caps, score, 1);
}

static int add_cand(zhx_matcher *m, uint32_t rule, long caps[4], float sc,
                    int weak)
{
    if (caps[1] <= caps[0])
        return 0;
    if (grow((void **)&m->cands, &m->cap_cands, m->n_cands + 1,
             sizeof *m->cands))
        return -1;
    cand *c = &m->cands[m->n_cands++];
    c->rule = rule;
    c->s = (int32_t)caps[0];
    c->e = (int32_t)caps[1];
    c->rs = (int32_t)caps[2];
    c->re = (int32_t)caps[3];
    c->score = sc;
    c->weak = weak;
    c->path = (uint32_t)m->n_cpath;
    c->npath = 0;
    if (m->explain && m->npath) {
        if (grow((void **)&m->cpath, &m->cap_cpath, m->n_cpath + m->npath,
                 sizeof *m->cpath))
            return -1;
        memcpy(m->cpath + m->n_cpath, m->path, m->npath * sizeof *m->path);
        m->n_cpath += m->npath;
        c->npath = (uint32_t)m->npath;
    }
    return 0;
}


/* A hit of lexicon lex, which has no bit (its payloads are searched),
 * where the feature looks (zhx_feature.where) for span [s, e). */
static int any_hit_where(const zhx_matcher *m, uint32_t lex, int where,
                         long s, long e)
{
    switch (where) {
    case ZHX_F_BEFORE:
        return has_hit(m, (size_t)s, lex, 1);
    case ZHX_F_AFTER:
        return has_hit(m, (size_t)e, lex, 0);
    case ZHX_F_CROSS:
    case ZHX_F_CROSS_START:
    case ZHX_F_CROSS_END: {
        /* a hit that starts before s and ends inside the span, or starts
         * inside it and ends after e; one covering the span is no crossing */
        long ml = (long)m->r->lex[lex].max_len;
        long from = s > ml ? s - ml : 0;
        for (long p = from; p < e; p++)
            for (uint32_t i = m->hstart[p]; i < m->hstart[p + 1]; i++) {
                const hit *h = &m->hits[i];
                long he = (long)h->end;
                int crosses = (where != ZHX_F_CROSS_END && p < s && he > s &&
                               he <= e) ||
                              (where != ZHX_F_CROSS_START && p >= s && he > e);
                if (crosses && node_find(m->r, h->node, lex) >= 0)
                    return 1;
            }
        return 0;
    }
    case ZHX_F_INSIDE:
        for (long p = s; p < e; p++)
            for (uint32_t i = m->hstart[p]; i < m->hstart[p + 1]; i++) {
                const hit *h = &m->hits[i];
                if ((long)h->end <= e && node_find(m->r, h->node, lex) >= 0)
                    return 1;
            }
        return 0;
    }
    return 0;
}

/* Whether feature o holds for span [s, e). A feature tests a lexicon's
 * hits, or with a class the character just before (before), just after
 * (after) or any inside (inside) the span; the end of the text counts as
 * a class character for before and after. */
static inline int fop_holds(const zhx_matcher *m, const zhx_fop *o, long s,
                            long e)
{
    const int b = o->bit;
    switch (o->op) {
    case ZHX_FOP_BEFORE:
        return ends_at(m, s, b);
    case ZHX_FOP_AFTER:
        return (size_t)e < m->len && starts_at(m, e, b);
    case ZHX_FOP_INSIDE:
        for (long p = s; p < e; p++) {
            if (!starts_at(m, p, b))
                continue;
            for (uint32_t i = m->hstart[p]; i < m->hstart[p + 1]; i++) {
                const hit *h = &m->hits[i];
                if ((long)h->end <= e && bit_in(h->bits, b))
                    return 1;
            }
        }
        return 0;
    case ZHX_FOP_CROSS:
    case ZHX_FOP_CROSS_START:
    case ZHX_FOP_CROSS_END:
        /* a hit that starts before s and ends inside the span (by the ends
         * inside it), or starts inside it and ends after e */
        if (o->op != ZHX_FOP_CROSS_END)
            for (long q = s + 1; q <= e; q++) {
                if (!ends_at(m, q, b))
                    continue;
                for (uint32_t i = m->hend_off[q]; i < m->hend_off[q + 1]; i++) {
                    const hit *h = &m->hits[m->hend[i]];
                    if ((long)h->start < s && bit_in(h->bits, b))
                        return 1;
                }
            }
        if (o->op != ZHX_FOP_CROSS_START)
            for (long p = s; p < e; p++) {
                if (!starts_at(m, p, b))
                    continue;
                for (uint32_t i = m->hstart[p]; i < m->hstart[p + 1]; i++) {
                    const hit *h = &m->hits[i];
                    if ((long)h->end > e && bit_in(h->bits, b))
                        return 1;
                }
            }
        return 0;
    case ZHX_FOP_CBEFORE:
        return s == 0 || class_at(m, o->arg, s - 1);
    case ZHX_FOP_CAFTER:
        return (size_t)e >= m->len || class_at(m, o->arg, e);
    case ZHX_FOP_CINSIDE:
        for (long p = s; p < e; p++)
            if (class_at(m, o->arg, p))
                return 1;
        return 0;
    case ZHX_FOP_SEARCH:
        return any_hit_where(m, o->arg, o->where, s, e);
    }
    return 0;
}

/* Every required literal or lexicon has a hit where the rule's windows
 * put it (a necessary condition, checked before running the program). */
static inline int windows_hold(const zhx_matcher *m, const zhx_rule *ru,
                               long a)
{
    for (size_t i = 0; i < ru->n_win; i++) {
        const struct zhx_win *w = &ru->win[i];
        int found = 0;
        if (!ru->backward) {
            long from = a + w->lo, to = a + w->hi;
            if (to >= (long)m->len)
                to = (long)m->len - 1;
            for (long p = from; p <= to && !found; p++)
                found = starts_at(m, p, w->bit);
        } else {
            long from = a - w->hi, to = a - w->lo;
            if (from < 1)
                from = 1;
            for (long p = from; p <= to && !found; p++)
                found = ends_at(m, p, w->bit);
        }
        if (!found)
            return 0;
    }
    return 1;
}

static int try_rule(zhx_matcher *m, uint32_t ri, long a)
{
    if (m->skip[ri])
        return 0;
    const zhx_rule *ru = &m->r->rules[ri];
    if (ru->n_win && !windows_hold(m, ru, a))
        return 0;
    if (ru->twin >= 0 && m->pfail[ru->twin] == (uint32_t)a + 1 &&
        m->pfail_pc[ru->twin] < ru->twin_len) {
        /* it failed in the same states: a later twin of this one may ask */
        m->pfail[ri] = (uint32_t)a + 1;
        m->pfail_pc[ri] = m->pfail_pc[ru->twin];
        return 0;
    }
    long caps[4];
    float sc = 0;
    int k = run(m, ru, a, caps, &sc);
    if (k == 0 && !m->branched) {
        m->pfail[ri] = (uint32_t)a + 1;
        m->pfail_pc[ri] = m->fail_pc;
    }
    if (k <= 0)
        return k;
    if (ru->scored) {
        /* features come most negative first (sorted when compiled): stop
         * as soon as the bonuses left cannot lift the score to the lowest
         * score that is kept (threshold, less the echo margin) */
        double total = ru->base + sc;
        double floor = ru->threshold - (ru->echo ? 5 : 0);
        double pos = ru->pos_sum;
        const zhx_fop *fo = ru->fop;
        for (size_t i = 0; i < ru->n_feat; i++) {
            if (total + pos < floor)
                return 0;
            double w = fo[i].w;
            if (w > 0)
                pos -= w;
            if (fop_holds(m, &fo[i], caps[0], caps[1]))
                total += w;
        }
        sc = (float)total;
        /* echo rescues candidates up to 5 below the threshold */
        if (total < ru->threshold)
            return ru->echo && total >= ru->threshold - 5
                       ? add_cand(m, ri, caps, sc, 1)
                       : 0;
    }
    return add_cand(m, ri, caps, sc, 0);
}

static int collect(zhx_matcher *m)
{
    const zhx_rules *r = m->r;
    size_t n = m->len;
    m->n_cands = 0;
    m->n_cpath = 0;
    size_t n_scan = 0;
    for (size_t k = 0; k < r->n_scan; k++)
        if (!m->skip[r->scan[k]])
            m->scan[n_scan++] = r->scan[k];
    /* forward anchors: hits by start (and the rules tried everywhere) */
    memset(m->tried, 0, r->n_rules * sizeof *m->tried);
    memset(m->pfail, 0, r->n_rules * sizeof *m->pfail);
    size_t f = 0;
    for (size_t p = 0; p < n; p++) {
        if (!n_scan) {
            /* nothing to do where no hit anchors a rule */
            if (f == m->n_fl)
                break;
            p = m->hits[m->fl[f]].start;
        }
        for (; f < m->n_fl && m->hits[m->fl[f]].start == p; f++) {
            uint32_t rec = m->hits[m->fl[f]].rec & HIT_REC;
            for (uint32_t x = r->recs[rec].fwd; x < r->recs[rec + 1].fwd;
                 x++) {
                uint32_t ri = r->nfwd[x];
                if (m->tried[ri] == p + 1)
                    continue;
                m->tried[ri] = (uint32_t)p + 1;
                if (try_rule(m, ri, (long)p) < 0)
                    return -1;
            }
        }
        for (size_t k = 0; k < n_scan; k++) {
            const zhx_rule *ru = &r->rules[m->scan[k]];
            if (ru->n_win && !windows_hold(m, ru, (long)p))
                continue;
            if (ru->at_bos && !(m->bound[p] & 1))
                continue;
            if (ru->first_class >= 0 && !class_at(m, (uint32_t)ru->first_class,
                                                  (long)p))
                continue;
            if (try_rule(m, m->scan[k], (long)p) < 0)
                return -1;
        }
    }
    /* backward anchors: hits by end */
    memset(m->tried, 0, r->n_rules * sizeof *m->tried);
    memset(m->pfail, 0, r->n_rules * sizeof *m->pfail);
    for (size_t i = 0; i < m->n_bl; i++) {
        const hit *h = &m->hits[m->bl[i]];
        uint32_t e = h->end, rec = h->rec & HIT_REC;
        for (uint32_t x = r->recs[rec].bwd; x < r->recs[rec + 1].bwd; x++) {
            uint32_t ri = r->nbwd[x];
            if (m->tried[ri] == e)
                continue;
            m->tried[ri] = e;
            if (try_rule(m, ri, (long)e) < 0)
                return -1;
        }
    }
    return 0;
}

/* ---- resolution and output --------------------------------------------- */

static int cand_cmp(const zhx_matcher *m, uint32_t a, uint32_t b)
{
    const cand *x = &m->cands[a];
    const cand *y = &m->cands[b];
    const zhx_rule *rx = &m->r->rules[x->rule];
    const zhx_rule *ry = &m->r->rules[y->rule];
    if (x->weak != y->weak)
        return x->weak ? 1 : -1;
    if (rx->priority != ry->priority)
        return rx->priority > ry->priority ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->e - x->s != y->e - y->s)
        return x->e - x->s > y->e - y->s ? -1 : 1;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return 0;
}

static int start_cmp(const zhx_matcher *m, uint32_t a, uint32_t b)
{
    const cand *x = &m->cands[a];
    const cand *y = &m->cands[b];
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

/* A stable sort keeps equal keys in input order, so output never depends
 * on qsort's internals: merge sort on indices. */
typedef int (*cmp_fn)(const zhx_matcher *, uint32_t, uint32_t);
static void msort(const zhx_matcher *m, uint32_t *a, uint32_t *tmp, size_t n,
                  cmp_fn cmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    msort(m, a, tmp, h, cmp);
    msort(m, a + h, tmp, n - h, cmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp(m, a[j], a[i]) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

static size_t sentence_of(const zhx_matcher *m, size_t p)
{
    size_t lo = 0, hi = m->n_sents;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (m->sents[mid].start <= p)
            lo = mid;
        else
            hi = mid;
    }
    return m->n_sents ? m->sents[lo].index : 0;
}

static int is_quote(uint32_t c)
{
    switch (c) {
    case 0x201C: case 0x201D: case 0x2018: case 0x2019: case '"':
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0x300A:
    case 0x300B: case 0x3008: case 0x3009: case '\'':
        return 1;
    }
    return 0;
}

#define NORM_MAX 256

/* Replace the hits of lexicon lex in w[0..*n) by their norm field,
 * leftmost-longest. */
static void norm_lex(const zhx_rules *r, uint32_t lex, uint32_t *w, size_t *n)
{
    uint32_t out[NORM_MAX];
    size_t k = 0;
    for (size_t p = 0; p < *n && k < NORM_MAX;) {
        uint32_t node = 0;
        long best = -1;
        size_t bend = p;
        for (size_t q = p; q < *n; q++) {
            node = zhx_trie_child(r, node, w[q]);
            if (!node)
                break;
            long e = node_find(r, node, lex);
            if (e >= 0)
                best = e, bend = q + 1;
        }
        if (best < 0 || r->ent[best].norm < 0) {
            /* no entry, or the longest one is its own canonical form */
            size_t to = best < 0 ? p + 1 : bend;
            while (p < to && k < NORM_MAX)
                out[k++] = w[p++];
            continue;
        }
        const char *s = r->strs.p + r->ent[best].norm;
        size_t sl = strlen(s);
        for (size_t i = 0; i < sl && k < NORM_MAX;) {
            uint32_t c;
            int l = zhx_utf8_decode((const unsigned char *)s + i, sl - i, &c);
            if (l <= 0)
                break;
            out[k++] = c;
            i += (size_t)l;
        }
        p = bend;
    }
    memcpy(w, out, k * sizeof *w);
    *n = k;
}

static size_t utf8_to(const char *s, uint32_t *w, size_t cap)
{
    size_t k = 0, sl = strlen(s);
    for (size_t i = 0; i < sl && k < cap;) {
        uint32_t c;
        int l = zhx_utf8_decode((const unsigned char *)s + i, sl - i, &c);
        if (l <= 0)
            break;
        w[k++] = c;
        i += (size_t)l;
    }
    return k;
}

/* Apply the rule's norm operations; returns 1 with the norm in w, wn, 0 for
 * no norm, -1 when the entity needs context it lacks (drop it). */
static int make_norm(zhx_matcher *m, const zhx_rule *ru, const cand *c,
                     uint32_t *w, size_t *wn)
{
    size_t n = (size_t)(c->e - c->s);
    if (n > NORM_MAX)
        n = NORM_MAX;
    memcpy(w, m->text + c->s, n * sizeof *w);
    int changed = 0;
    for (size_t i = 0; i < ru->n_norm; i++) {
        const zhx_normop *op = &ru->norm[i];
        switch (op->op) {
        case ZHX_NORM_STRIP: {
            size_t k = 0;
            for (size_t j = 0; j < n; j++)
                if (!is_quote(w[j]))
                    w[k++] = w[j];
            n = k;
            break;
        }
        case ZHX_NORM_LEX:
            norm_lex(m->r, op->lex, w, &n);
            break;
        case ZHX_NORM_DATE: {
            char d[64];
            if (!zhx_date_norm(w, n, m->by, m->bm, m->bd, d, sizeof d))
                return 0;
            n = utf8_to(d, w, NORM_MAX);
            changed = 1;
            break;
        }
        case ZHX_NORM_CITY:
            if (!m->city[0])
                return -1;
            n = utf8_to(m->city, w, NORM_MAX);
            break;
        case ZHX_NORM_LIT:
            n = utf8_to(op->arg, w, NORM_MAX);
            break;
        }
    }
    *wn = n;
    if (!changed && n == (size_t)(c->e - c->s) &&
        !memcmp(w, m->text + c->s, n * sizeof *w))
        return 0;
    return 1;
}

static int put_str(zhx_matcher *m, const uint32_t *w, size_t n, size_t *off)
{
    char tmp[4 * 64 + 1];
    *off = m->strs.len;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (size_t j = 0; j < 64 && i < n; j++)
            k += (size_t)zhx_utf8_encode(w[i++], tmp + k);
        if (zhx_buf_add(&m->strs, tmp, k))
            return -1;
    }
    return zhx_buf_add(&m->strs, "", 1);
}

static int is_city_name(const uint32_t *w, size_t n)
{
    return n >= 2 && w[n - 1] == 0x5E02; /* 市 */
}

static int explain_str(zhx_matcher *m, const cand *c, size_t *off)
{
    const zhx_rules *r = m->r;
    char buf[2048];
    size_t k = 0;
    k += (size_t)snprintf(buf + k, sizeof buf - k, "rule %s",
                          r->rules[c->rule].id);
    for (uint32_t i = 0; i < c->npath && k < sizeof buf - 300; i++) {
        const pstep *s = &m->cpath[c->path + i];
        const zhx_entry *e = &r->ent[s->entry];
        const char *ln = r->lex[e->lex].name;
        char txt[4 * ZHX_MAX_ENTRY + 1];
        zhx_cps_utf8(m->text, s->start, s->end, txt, sizeof txt);
        if (ln[0] == '"')
            k += (size_t)snprintf(buf + k, sizeof buf - k, " \"%s\"", txt);
        else
            k += (size_t)snprintf(buf + k, sizeof buf - k, " @%s:%s", ln,
                                  txt);
    }
    if (r->rules[c->rule].scored && k < sizeof buf - 40)
        snprintf(buf + k, sizeof buf - k, " score %.2f", c->score);
    *off = m->strs.len;
    return zhx_buf_add(&m->strs, buf, strlen(buf) + 1);
}

static int is_joiner(uint32_t c)
{
    return c == 0x3001 || c == 0x548C || c == 0x4E0E || c == 0x53CA ||
           c == ',';
}

static uint64_t echo_hash(const char *type, const uint32_t *t, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = type; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ t[i]) * 1099511628211ULL;
    return h | 1;
}

static int echo_has(const zhx_matcher *m, uint64_t h)
{
    for (size_t i = h % ZHX_ECHO_SLOTS;; i = (i + 1) % ZHX_ECHO_SLOTS) {
        if (m->echo[i] == h)
            return 1;
        if (!m->echo[i])
            return 0;
    }
}

static void echo_add(zhx_matcher *m, uint64_t h)
{
    /* a full set stops learning: memory stays fixed per document */
    if (m->n_echo >= ZHX_ECHO_SLOTS / 2 || echo_has(m, h))
        return;
    size_t i = h % ZHX_ECHO_SLOTS;
    while (m->echo[i])
        i = (i + 1) % ZHX_ECHO_SLOTS;
    m->echo[i] = h;
    m->echo_used[m->n_echo++] = (uint16_t)i;
}

static int span_free(const zhx_matcher *m, const cand *c)
{
    for (long p = c->s; p < c->e; p++)
        if (m->taken[p])
            return 0;
    return 1;
}

/* what may follow the last item of a list: punctuation, a space, the end,
 * or a function character that starts what follows a noun phrase (等 和
 * 的 为 在 是 ...); another Han character, a letter or a digit says the
 * item runs on (李玉茹、万方发了 has no item 万方发) */
static int item_end(const zhx_matcher *m, size_t p)
{
    static const uint32_t fn[] = {0x7B49, 0x548C, 0x53CA, 0x4E0E, 0x7684,
                                  0x4E3A, 0x5728, 0x662F, 0x4E5F, 0x90FD,
                                  0x5C31, 0x5BF9, 0x5C06, 0x628A, 0x88AB,
                                  0x5411, 0x4ECE, 0x8BF4};
    if (p >= m->len)
        return 1;
    uint32_t u = m->text[p];
    for (size_t i = 0; i < sizeof fn / sizeof fn[0]; i++)
        if (u == fn[i])
            return 1;
    return !((u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) ||
             (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') ||
             (u >= 'a' && u <= 'z') || (u >= 0xFF10 && u <= 0xFF19) ||
             (u >= 0xFF21 && u <= 0xFF3A) || (u >= 0xFF41 && u <= 0xFF5A));
}

/* c is an item of a list (、, 和, 与, 及) next to a kept mention of its
 * type (idx[0..na)): the one before it, or the one after it */
static int in_list(const zhx_matcher *m, const uint32_t *idx, size_t na,
                   const cand *c)
{
    const char *ty = m->r->rules[c->rule].type;
    int before = c->s > 0 && is_joiner(m->text[c->s - 1]) &&
                 m->text[c->s - 1] != ',' && item_end(m, (size_t)c->e);
    int after = (size_t)c->e < m->len && is_joiner(m->text[c->e]) &&
                m->text[c->e] != ',';
    if (!before && !after)
        return 0;
    for (size_t k = 0; k < na; k++) {
        const cand *o = &m->cands[idx[k]];
        if (strcmp(m->r->rules[o->rule].type, ty))
            continue;
        if ((before && o->e == c->s - 1) || (after && o->s == c->e + 1))
            return 1;
    }
    return 0;
}

static int resolve_out(zhx_matcher *m)
{
    const zhx_rules *r = m->r;
    size_t nc = m->n_cands;
    m->n_out = 0;
    m->strs.len = 0;
    if (!nc)
        return 0;
    if (grow((void **)&m->idx, &m->cap_idx, nc * 2, sizeof *m->idx))
        return -1;
    uint32_t *idx = m->idx;
    /* A rule of type none vetoes every candidate with exactly its span
     * (高校, 全国): a longer name that contains the span is not touched. */
    size_t nv = 0;
    for (size_t i = 0; i < nc; i++)
        if (r->rules[m->cands[i].rule].type_none)
            idx[nc + nv++] = (uint32_t)i;
    size_t nk = 0;
    for (size_t i = 0; i < nc; i++) {
        const cand *c = &m->cands[i];
        if (r->rules[c->rule].type_none)
            continue;
        int vetoed = 0;
        for (size_t v = 0; v < nv && !vetoed; v++) {
            const cand *x = &m->cands[idx[nc + v]];
            vetoed = x->s == c->s && x->e == c->e;
        }
        if (!vetoed)
            idx[nk++] = (uint32_t)i;
    }
    nc = nk;
    msort(m, idx, idx + nc, nc, cand_cmp);
    memset(m->taken, 0, m->len + 1);
    size_t na = 0, nw = 0; /* kept; weak ones left, at idx[nc..] */
    for (size_t i = 0; i < nc; i++) {
        const cand *c = &m->cands[idx[i]];
        const char *ty = r->rules[c->rule].type;
        /* the text's hash, when echo asks for it */
        uint64_t h = 0;
        if ((c->weak &&
             !echo_has(m, h = echo_hash(ty, m->text + c->s,
                                        (size_t)(c->e - c->s)))) ||
            !span_free(m, c)) {
            if (c->weak)
                idx[nc + nw++] = idx[i];
            continue;
        }
        memset(m->taken + c->s, 1, (size_t)(c->e - c->s));
        if (!r->rules[c->rule].type_hide) {
            idx[na++] = idx[i];
            echo_add(m, h ? h : echo_hash(ty, m->text + c->s,
                                          (size_t)(c->e - c->s)));
        }
    }
    /* echo also rescues a candidate that stands in a list (、 和 与 及)
     * next to an accepted mention of its type (鲁迅、茅盾、郭沫若); a list
     * passes it on, so repeat while that finds any */
    for (int pass = 0, more = nw > 0; more && pass < 8; pass++) {
        more = 0;
        for (size_t k = 0; k < nw; k++) {
            if (idx[nc + k] == UINT32_MAX)
                continue;
            const cand *c = &m->cands[idx[nc + k]];
            if (r->rules[c->rule].type_hide || !span_free(m, c) ||
                !in_list(m, idx, na, c))
                continue;
            memset(m->taken + c->s, 1, (size_t)(c->e - c->s));
            echo_add(m, echo_hash(r->rules[c->rule].type, m->text + c->s,
                                  (size_t)(c->e - c->s)));
            idx[na++] = idx[nc + k];
            idx[nc + k] = UINT32_MAX;
            more = 1;
        }
    }
    msort(m, idx, idx + nc, na, start_cmp);
    size_t *so_new = grow((void **)&m->out, &m->cap_out, na + 1,
                          sizeof *m->out)
                         ? NULL
                         : realloc(m->soff, (na + 1) * 3 * sizeof *m->soff);
    if (!so_new)
        return -1;
    m->soff = so_new;
    uint32_t w[NORM_MAX];
    for (size_t i = 0; i < na; i++) {
        const cand *c = &m->cands[idx[i]];
        const zhx_rule *ru = &r->rules[c->rule];
        size_t wn = 0;
        int nk = make_norm(m, ru, c, w, &wn);
        if (nk < 0)
            continue;
        zhx_match *o = &m->out[m->n_out];
        size_t *so = &m->soff[m->n_out * 3];
        so[0] = so[1] = so[2] = (size_t)-1;
        if ((nk > 0 && put_str(m, w, wn, &so[0])) ||
            (c->rs >= 0 && c->re > c->rs &&
             put_str(m, m->text + c->rs, (size_t)(c->re - c->rs), &so[1])) ||
            (m->explain && explain_str(m, c, &so[2])))
            return -1;
        o->type = ru->type;
        o->start = (size_t)c->s;
        o->end = (size_t)c->e;
        o->rule = ru->id;
        o->priority = ru->priority;
        o->score = c->score;
        o->sentence = sentence_of(m, (size_t)c->s);
        m->n_out++;
        /* the first city named becomes the document's city */
        if (!m->city[0] && strcmp(ru->type, "place") == 0) {
            const uint32_t *cw = nk > 0 ? w : m->text + c->s;
            size_t cn = nk > 0 ? wn : (size_t)(c->e - c->s);
            if (is_city_name(cw, cn))
                zhx_cps_utf8(cw, 0, cn, m->city, sizeof m->city);
        }
    }
    /* a title after a list of names applies to each: 陈十一、欧阳明高院士 */
    for (size_t i = m->n_out; i-- > 1;) {
        size_t *so = &m->soff[i * 3];
        zhx_match *o = &m->out[i], *pv = &m->out[i - 1];
        size_t *ps = &m->soff[(i - 1) * 3];
        if (so[1] == (size_t)-1 || ps[1] != (size_t)-1 ||
            strcmp(o->type, "person") || strcmp(pv->type, "person") ||
            pv->end >= o->start || o->start - pv->end > 1 ||
            !is_joiner(m->text[pv->end]))
            continue;
        ps[1] = so[1];
    }
    for (size_t i = 0; i < m->n_out; i++) {
        size_t *so = &m->soff[i * 3];
        m->out[i].norm = so[0] == (size_t)-1 ? NULL : m->strs.p + so[0];
        m->out[i].role = so[1] == (size_t)-1 ? NULL : m->strs.p + so[1];
        m->out[i].explain = so[2] == (size_t)-1 ? NULL : m->strs.p + so[2];
    }
    return 0;
}

int zhx_matcher_run(zhx_matcher *m, const zhx_chunk *c, zhx_error *err)
{
    m->text = c->text;
    m->len = c->len;
    m->sents = c->sents;
    m->n_sents = c->n_sents;
    if (!c->n_sents) {
        m->one.start = 0;
        m->one.end = c->len;
        m->one.index = 0;
        m->sents = &m->one;
        m->n_sents = 1;
    }
    m->n_out = 0;
    if (ensure_len(m, c->len))
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    memset(m->bound, 0, c->len + 1);
    m->bound[0] |= 1;
    m->bound[c->len] |= 2;
    for (size_t i = 0; i < m->n_sents; i++) {
        const zhx_sentence *s = &m->sents[i];
        if (s->start <= c->len)
            m->bound[s->start] |= 1;
        if (s->end <= c->len)
            m->bound[s->end] |= 2;
    }
    if (scan_hits(m) || collect(m) || resolve_out(m))
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    return ZHX_OK;
}

int zhx_matcher_run_text(zhx_matcher *m, const uint32_t *text, size_t len,
                         zhx_error *err)
{
    zhx_chunk c;
    memset(&c, 0, sizeof c);
    c.doc = "";
    c.text = text;
    c.len = len;
    c.orig = text;
    c.orig_len = len;
    return zhx_matcher_run(m, &c, err);
}
