/* The figures stage: find the numerals of a chunk, read each in context
 * (figcand.c), join comparison bounds into ranges (大于10小于20), find
 * the subjects (figsubj.c), and hand the figures out in text order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embedded.h"
#include "figures_int.h"

#define CP_BAN 0x534A /* 半 */

const char *zhx_fig_kind_name(zhx_fig_kind k)
{
    static const char *const names[] = {"count", "money", "percent",
                                        "rank",  "year",  "other"};
    return (unsigned)k < 6 ? names[k] : "other";
}

const char *zhx_approx_name(zhx_approx a)
{
    switch (a) {
    case ZHX_APPROX_OVER: return "over";
    case ZHX_APPROX_UNDER: return "under";
    case ZHX_APPROX_ABOUT: return "about";
    default: return NULL;
    }
}

int zhx_figs_is_cjk(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

int zhx_figs_is_clause_punct(uint32_t c)
{
    switch (c) {
    case ',': case ';': case ':': case '!': case '?': case '\n':
    case 0x3002: /* 。 */
    case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0xFF01: case 0xFF1F:
    case 0x2026: /* … */
        return 1;
    default:
        return 0;
    }
}

int zhx_figs_is_punct(uint32_t c)
{
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                 (c >= 'A' && c <= 'Z'));
    return c == 0xA0 || c == 0xB7 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65);
}

static const char *const list_names[] = {"units.txt", "approx.txt",
                                         "words.txt", "subject.txt"};

static int load_list(zhx_figlex *lx, const char *dir, const char *name,
                     zhx_error *err)
{
    char path[1024];
    if (!dir) {
        snprintf(path, sizeof path, "figures/%s", name);
        const zhx_embedded_file *f = zhx_embedded_find(path);
        if (!f)
            return zhx_error_set(err, ZHX_EINVAL, path, 0, 0,
                                 "not compiled in");
        return zhx_figlex_load(lx, path, f->data, f->len, err);
    }
    snprintf(path, sizeof path, "%s/figures/%s", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return zhx_error_set(err, ZHX_EIO, path, 0, 0, "%s", strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (ZHX_GROW(data, cap, len + 4096)) {
            fclose(fp);
            free(data);
            return zhx_error_set(err, ZHX_ENOMEM, path, 0, 0,
                                 "out of memory");
        }
        size_t got = fread(data + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    int rc = bad ? zhx_error_set(err, ZHX_EIO, path, 0, 0, "read error")
                 : zhx_figlex_load(lx, path, data, len, err);
    free(data);
    return rc;
}

zhx_figs *zhx_figs_new(const char *rules_dir, zhx_error *err)
{
    zhx_figs *F = calloc(1, sizeof *F);
    if (!F) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    zhx_figlex *lists[] = {&F->units, &F->approx, &F->words, &F->subj};
    for (size_t i = 0; i < 4; i++)
        if (load_list(lists[i], rules_dir, list_names[i], err)) {
            zhx_figs_free(F);
            return NULL;
        }
    for (uint32_t c = 0; c < 0x10000; c++)
        if (zhx_numeral_may_start(c) || c == CP_BAN)
            F->start[c >> 3] |= (uint8_t)(1u << (c & 7));
    return F;
}

void zhx_figs_free(zhx_figs *F)
{
    if (!F)
        return;
    zhx_figlex_free(&F->units);
    zhx_figlex_free(&F->approx);
    zhx_figlex_free(&F->words);
    zhx_figlex_free(&F->subj);
    free(F->cands);
    free(F->buf);
    free(F);
}

/* Only connecting words between two bounds: 大于10小于20, 1000以上，1500以下,
 * 大于二十的同时小于等于三十五. */
static int bounds_gap(const uint32_t *t, size_t a, size_t b)
{
    if (b < a || b - a > 6)
        return 0;
    for (size_t i = a; i < b; i++) {
        switch (t[i]) {
        case ' ': case ',': case 0xFF0C: case 0x3001:
        case 0x5E76: /* 并 */
        case 0x4E14: /* 且 */
        case 0x800C: /* 而 */
        case 0x7684: /* 的 */
        case 0x540C: /* 同 */
        case 0x65F6: /* 时 */
            break;
        default:
            return 0;
        }
    }
    return 1;
}

static void merge_bounds(zhx_fig_cand *k, size_t n, const uint32_t *t)
{
    for (size_t i = 0; i < n; i++) {
        zhx_fig_cand *A = &k[i];
        if (!A->f.kept || A->dead || A->f.has_max)
            continue;
        size_t j = i + 1;
        while (j < n && (!k[j].f.kept || k[j].dead))
            j++;
        if (j >= n)
            break;
        zhx_fig_cand *B = &k[j];
        if (B->ss != A->ss || B->f.has_max ||
            !bounds_gap(t, A->f.end, B->f.start))
            continue;
        zhx_fig_cand *lo, *hi;
        if (A->f.approx == ZHX_APPROX_OVER && B->f.approx == ZHX_APPROX_UNDER)
            lo = A, hi = B;
        else if (A->f.approx == ZHX_APPROX_UNDER &&
                 B->f.approx == ZHX_APPROX_OVER)
            lo = B, hi = A;
        else
            continue;
        if (*A->f.unit && *B->f.unit && strcmp(A->f.unit, B->f.unit))
            continue;
        if (zhx_decimal_cmp(&lo->f.value, &hi->f.value) >= 0)
            continue;
        zhx_decimal v = lo->f.value, vmax = hi->f.value;
        A->f.value = v;
        A->f.value_max = vmax;
        A->f.has_max = 1;
        A->f.approx = ZHX_APPROX_NONE;
        A->f.end = B->f.end;
        A->f.num_end = B->f.num_end;
        A->f.rule = "fig.bounds";
        if (!*A->f.unit) {
            A->f.unit = B->f.unit;
            A->unit = B->unit;
            A->f.kind = B->f.kind;
        }
        B->dead = 1;
    }
}

static int emit(zhx_figs *F, const zhx_chunk *c, zhx_fig_cand *k,
                zhx_figure_fn fn, void *ctx, zhx_error *err)
{
    k->f.subject = NULL;
    k->f.subj_start = k->f.subj_end = SIZE_MAX;
    if (k->has_subj) {
        size_t need = zhx_cps_utf8(c->text, k->sa, k->sb, NULL, 0) +
                      zhx_cps_utf8(c->text, k->sc, k->sd, NULL, 0) + 1;
        if (ZHX_GROW(F->buf, F->buf_cap, need))
            return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
        size_t m = zhx_cps_utf8(c->text, k->sa, k->sb, F->buf, F->buf_cap);
        zhx_cps_utf8(c->text, k->sc, k->sd, F->buf + m, F->buf_cap - m);
        k->f.subject = F->buf;
        if (k->sc == k->sd) {
            k->f.subj_start = k->sa;
            k->f.subj_end = k->sb;
        }
    }
    return fn(ctx, c, &k->f);
}

/* 20，300 in the original is a list, not twenty thousand: a full-width
 * comma after an ASCII digit separates clauses (NFKC made it ','). */
static int list_comma(const zhx_chunk *c, size_t s, size_t e)
{
    for (size_t j = s; j < e; j++) {
        if (c->text[j] != ',' && c->text[j] != 0xFF0C)
            continue;
        size_t o = c->map[j];
        if (o < c->orig_len && c->orig[o] == 0xFF0C && o > 0 &&
            c->orig[o - 1] >= '0' && c->orig[o - 1] <= '9')
            return 1;
    }
    return 0;
}

/* 12千米, 2.3千克, 3万千瓦: a multiplier that begins a unit belongs to
 * the unit when an Arabic number stands before it. (两千米 stays two
 * thousand metres, as it is mostly read.) */
static size_t unit_prefix(const zhx_figs *F, const uint32_t *t, size_t n,
                          size_t e, size_t i, zhx_numeral *nm)
{
    if (e < i + 2)
        return e;
    uint32_t m = t[e - 1], d = t[e - 2];
    if (m != 0x5343 && m != 0x5146) /* 千 兆 */
        return e;
    int big = d == 0x4E07 || d == 0x4EBF; /* 3万千瓦 */
    if (!big && !((d >= '0' && d <= '9') && (nm->flags & ZHX_NUM_ARABIC)))
        return e;
    const zhx_figlex_ent *u = zhx_figlex_at(&F->units, t, n, e - 1);
    if (!u || u->n < 2)
        return e;
    zhx_numeral shorter;
    size_t e2 = zhx_numeral_scan(t, e - 1, i, 0, &shorter);
    if (e2 != e - 1)
        return e;
    *nm = shorter;
    return e2;
}

/* 半 before a unit of measure or time is 0.5 of it: 半斤, 半小时, 半个月,
 * 半成 (5 %). Not 半导体, 半数: those have no unit. */
static size_t half(const zhx_figs *F, const uint32_t *t, size_t n, size_t i,
                   zhx_numeral *nm)
{
    const zhx_figlex_ent *u = zhx_figlex_at(&F->units, t, n, i + 1);
    if (!u || u->kind == ZHX_LX_UNSET || u->kind == ZHX_FIG_COUNT ||
        u->kind == ZHX_FIG_MONEY || (u->flags & ZHX_LX_DISCOUNT))
        return i;
    memset(nm, 0, sizeof *nm);
    nm->start = i;
    nm->end = i + 1;
    nm->value = (zhx_decimal){0, 5, -1};
    nm->flags = ZHX_NUM_CHINESE | ZHX_NUM_DECIMAL;
    return i + 1;
}

int zhx_figs_run(zhx_figs *F, const zhx_chunk *c, unsigned flags,
                 zhx_figure_fn fn, void *ctx, zhx_error *err)
{
    const uint32_t *t = c->text;
    size_t n = c->len, si = 0;
    F->ncand = 0;
    for (size_t i = 0; i < n;) {
        uint32_t ch = t[i];
        if (ch >= 0x10000 || !(F->start[ch >> 3] >> (ch & 7) & 1)) {
            i++;
            continue;
        }
        zhx_numeral nm;
        size_t e = ch == CP_BAN ? half(F, t, n, i, &nm)
                                : zhx_numeral_scan(t, n, i, 0, &nm);
        if (e == i) {
            i++;
            continue;
        }
        if ((nm.flags & ZHX_NUM_GROUPED) && list_comma(c, i, e))
            e = zhx_numeral_scan(t, n, i, ZHX_NUMO_NOGROUP, &nm);
        e = unit_prefix(F, t, n, e, i, &nm);
        while (si < c->n_sents && c->sents[si].end <= i)
            si++;
        size_t ss = 0, se = n, sidx = SIZE_MAX;
        if (si < c->n_sents && c->sents[si].start <= i) {
            ss = c->sents[si].start;
            se = c->sents[si].end;
            sidx = c->sents[si].index;
        } else if (c->n_sents) {
            ss = si ? c->sents[si - 1].end : 0;
            se = si < c->n_sents ? c->sents[si].start : n;
        }
        if (ZHX_GROW(F->cands, F->cand_cap, F->ncand + 1))
            return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
        zhx_fig_cand *k = &F->cands[F->ncand];
        zhx_figs_analyze(F, c, ss, se, &nm, F->ncand ? k - 1 : NULL, k);
        k->f.sentence = sidx;
        F->ncand++;
        i = k->next > e ? k->next : e;
    }
    merge_bounds(F->cands, F->ncand, t);
    zhx_figs_subjects(F, c, F->cands, F->ncand);
    for (size_t i = 0; i < F->ncand; i++) {
        zhx_fig_cand *k = &F->cands[i];
        if (k->dead || (!k->f.kept && !(flags & ZHX_FIGS_ALL)))
            continue;
        int rc = emit(F, c, k, fn, ctx, err);
        if (rc)
            return rc;
    }
    return ZHX_OK;
}
