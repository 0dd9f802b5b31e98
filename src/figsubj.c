/* Subjects: the noun phrase a figure measures, when its sentence makes it
 * clear.
 *
 * - The words right after the figure, when it counts them: 汇聚10名院士
 *   -> 院士; 288个地级及以上城市中 -> 地级及以上城市. They end at
 *   punctuation, 的, another number, or a verb of subject.txt (作为, 已).
 * - Otherwise the clause before the figure: 投放贷款1.26亿元 -> 投放贷款,
 *   cut at a verb between it and the figure (人才总数达到1.09万人 ->
 *   人才总数) and after 等 (黄维、任发政等院士30名 -> 院士).
 * - A modifier alone borrows the noun it leaves out from the figure before
 *   it: 国家级高技能人才培训基地2个、自治区级7个 -> 自治区级高技能人才培训基地.
 * - A figure with nothing of its own shares the one before it:
 *   科技型企业占比从去年的36%提升至42%. */
#include "figures_int.h"

#include <string.h>

enum { CP_DE = 0x7684, CP_LQ = 0x201C, CP_RQ = 0x201D, CP_DUN = 0x3001 };

#define MAX_SUBJ 24

static int is_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* The longest word of subject.txt at p, whatever its role. */
static const zhx_figlex_ent *word_at(const zhx_figs *F, const uint32_t *t,
                                     size_t n, size_t p)
{
    return zhx_figlex_at(&F->subj, t, n, p);
}

/* A set of roles, for role_at() and role_before(); the words that run a
 * clause, never a noun of it (是, 达到, 其中, 已). */
#define ROLE(r) (1u << (r))
#define CLAUSE_WORDS                                                         \
    (ROLE(ZHX_ROLE_STOP) | ROLE(ZHX_ROLE_SPLIT) | ROLE(ZHX_ROLE_LEAD))

static int role_at(const zhx_figs *F, const uint32_t *t, size_t n, size_t p,
                   unsigned roles, size_t *len)
{
    /* Entries of equal length may differ in role (是 splits and stops):
     * any entry of the longest length with one of these roles counts. */
    const zhx_figlex_ent *w = word_at(F, t, n, p);
    if (!w)
        return 0;
    for (const zhx_figlex_ent *e = w; e; e = e->next_first) {
        if (e->n != w->n)
            break;
        if ((roles & ROLE(e->role)) && zhx_figlex_match(e, t, n, p)) {
            *len = e->n;
            return 1;
        }
    }
    return 0;
}

static int role_before(const zhx_figs *F, const uint32_t *t, size_t lo,
                       size_t p, unsigned roles, size_t *len)
{
    const zhx_figlex_ent *w = zhx_figlex_before(&F->subj, t, lo, p);
    if (!w)
        return 0;
    for (const zhx_figlex_ent *e = w; e; e = e->next_last) {
        if (e->n != w->n)
            break;
        if ((roles & ROLE(e->role)) && zhx_figlex_match(e, t, p, p - e->n)) {
            *len = e->n;
            return 1;
        }
    }
    return 0;
}

static int has_cjk(const uint32_t *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (zhx_figs_is_cjk(t[i]))
            return 1;
    return 0;
}

static int starts_number(const zhx_figs *F, const uint32_t *t, size_t n,
                         size_t p)
{
    zhx_numeral nm;
    (void)F;
    return zhx_numeral_may_start(t[p]) &&
           zhx_numeral_scan(t, n, p, ZHX_NUMO_NOSPACE, &nm) > p;
}

/* Drop lead words and punctuation at the start, tail words at the end. */
static void trim(const zhx_figs *F, const uint32_t *t, size_t *a, size_t *b)
{
    for (int changed = 1; changed && *a < *b;) {
        changed = 0;
        size_t len;
        while (*a < *b && (zhx_figs_is_punct(t[*a]) && t[*a] != CP_LQ))
            (*a)++, changed = 1;
        if (*a < *b && role_at(F, t, *b, *a, ROLE(ZHX_ROLE_LEAD), &len))
            *a += len, changed = 1;
    }
    for (int changed = 1; changed && *a < *b;) {
        changed = 0;
        size_t len;
        while (*b > *a && zhx_figs_is_punct(t[*b - 1]) && t[*b - 1] != CP_RQ)
            (*b)--, changed = 1;
        if (*b > *a && role_before(F, t, *a, *b, ROLE(ZHX_ROLE_TAIL), &len))
            *b -= len, changed = 1;
    }
    /* a quote left open or closed by the cut */
    if (*b > *a && t[*b - 1] == CP_LQ)
        (*b)--;
}

/* The noun phrase right after figure k. */
static int following(const zhx_figs *F, const zhx_chunk *c,
                     const zhx_fig_cand *k, size_t *pa, size_t *pb)
{
    const uint32_t *t = c->text;
    size_t n = c->len, se = k->se, p = k->f.end;
    if (p < se && t[p] == CP_DE)
        p++; /* 80%的企业 */
    if (p >= se || !(zhx_figs_is_cjk(t[p]) || t[p] == CP_LQ))
        return 0;
    size_t len;
    if (role_at(F, t, n, p, CLAUSE_WORDS, &len))
        return 0; /* 500多元就可以, 36%提升至 */
    if (starts_number(F, t, n, p))
        return 0;
    size_t q = p;
    while (q < se && q - p < MAX_SUBJ) {
        uint32_t x = t[q];
        if (x != CP_LQ && x != CP_RQ && !zhx_figs_is_cjk(x) && !is_alnum(x))
            break;
        if (q > p) {
            if (x == CP_DE || role_at(F, t, n, q, ROLE(ZHX_ROLE_STOP), &len) ||
                starts_number(F, t, n, q))
                break;
            /* 和超过5000名: a marker of the next figure */
            const zhx_figlex_ent *a = zhx_figlex_at(&F->approx, t, n, q);
            if (a && a->pos == ZHX_POS_BEFORE && q + a->n < n &&
                starts_number(F, t, n, q + a->n))
                break;
        }
        q++;
    }
    size_t a = p, b = q;
    trim(F, t, &a, &b);
    if (b <= a || !has_cjk(t, a, b))
        return 0;
    *pa = a, *pb = b;
    return 1;
}

/* Where a subject before a figure starts at the latest: clause punctuation,
 * and also a closing bracket or a space, since what comes before them is a
 * credit or a heading (本报讯(记者 周杰)亚运会闭幕一年). */
static int subject_edge(uint32_t c)
{
    return zhx_figs_is_clause_punct(c) || c == ')' || c == 0xFF09 ||
           c == 0x3011 || c == ' ' || c == 0x3000;
}

/* The subject in the clause before figure k, back to punctuation or the
 * figure before it (lo). */
static int preceding(const zhx_figs *F, const zhx_chunk *c,
                     const zhx_fig_cand *k, size_t lo, size_t *pa,
                     size_t *pb)
{
    const uint32_t *t = c->text;
    size_t q = k->f.start, p = q;
    while (p > lo && !subject_edge(t[p - 1]) && q - p < 48)
        p--;
    size_t a = p, b = q;
    trim(F, t, &a, &b);
    if (b <= a)
        return 0;
    /* Cut at the verb between the subject and the figure. */
    size_t first = SIZE_MAX, first_len = 0, last_end = a;
    for (size_t i = a; i < b;) {
        const zhx_figlex_ent *w = word_at(F, t, b, i);
        size_t len;
        if (w && role_at(F, t, b, i, ROLE(ZHX_ROLE_SPLIT), &len)) {
            if (first == SIZE_MAX)
                first = i, first_len = len;
            last_end = i + len;
            i += len;
        } else {
            i += w ? w->n : 1;
        }
    }
    (void)first_len;
    if (first != SIZE_MAX) {
        size_t x = a, y = first;
        trim(F, t, &x, &y);
        if (y > x + 1 && has_cjk(t, x, y)) {
            a = x, b = y;
        } else {
            a = last_end;
        }
    }
    /* 黄维、任发政等院士: the noun after the last 等 */
    size_t etc = SIZE_MAX;
    for (size_t i = a; i < b;) {
        const zhx_figlex_ent *w = word_at(F, t, b, i);
        size_t len;
        if (w && role_at(F, t, b, i, ROLE(ZHX_ROLE_ETC), &len) && i + len < b)
            etc = i + len;
        i += w ? w->n : 1;
    }
    if (etc != SIZE_MAX)
        a = etc;
    trim(F, t, &a, &b);
    if (b <= a || !has_cjk(t, a, b))
        return 0;
    if (b - a > MAX_SUBJ)
        a = b - MAX_SUBJ;
    *pa = a, *pb = b;
    return 1;
}

/* A subject of one character that is a function word (李铁映等向第一批...
 * leaves 向) says nothing about what the figure measures. */
static int bare_function_word(const zhx_figs *F, const uint32_t *t, size_t a,
                              size_t b)
{
    size_t len;
    if (b - a != 1)
        return 0;
    return role_at(F, t, b, a, CLAUSE_WORDS | ROLE(ZHX_ROLE_TAIL), &len);
}

void zhx_figs_subjects(const zhx_figs *F, const zhx_chunk *c,
                       zhx_fig_cand *k, size_t n)
{
    const uint32_t *t = c->text;
    zhx_fig_cand *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        zhx_fig_cand *x = &k[i];
        if (!x->f.kept || x->dead)
            continue;
        if (prev && prev->ss != x->ss)
            prev = NULL;
        size_t a, b;
        if (following(F, c, x, &a, &b)) {
            x->has_subj = 1;
            x->sa = a, x->sb = b, x->sc = x->sd = b;
        } else {
            size_t lo = x->ss;
            if (prev && prev->f.end > lo && prev->f.end <= x->f.start)
                lo = prev->f.end;
            if (preceding(F, c, x, lo, &a, &b) &&
                !bare_function_word(F, t, a, b)) {
                x->has_subj = 1;
                x->sa = a, x->sb = b, x->sc = x->sd = b;
                /* 自治区级7个 after 国家级...基地2个: fill the noun in */
                if (prev && prev->has_subj && prev->sc == prev->sd &&
                    b - a <= 5 && lo == prev->f.end) {
                    uint32_t last = t[b - 1];
                    for (size_t j = prev->sb - 1; j > prev->sa; j--)
                        if (t[j - 1] == last && j < prev->sb) {
                            x->sc = j, x->sd = prev->sb;
                            break;
                        }
                }
            } else if (prev && prev->has_subj) {
                x->has_subj = 1;
                x->sa = prev->sa, x->sb = prev->sb;
                x->sc = prev->sc, x->sd = prev->sd;
            }
        }
        prev = x;
    }
}
