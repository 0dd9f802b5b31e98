/* Normalization with an offset map.
 *
 * Most code points of Chinese text are NFKC-inert (unchanged, and never
 * combining with a neighbour), so they are copied with an identity map and
 * ICU is only called on the runs between inert code points. Within a run
 * that changes, each segment between normalization boundaries is
 * normalized alone, so every output code point knows its original segment. */
#include "zhx/norm.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "buf.h"

struct zhx_norm {
    unsigned flags;
    const UNormalizer2 *nfkc;
    UTransliterator *t2s;
    const uint8_t *inert; /* BMP code points the normalizer leaves alone */
    uint32_t *out, *map;
    size_t out_cap, map_cap, n;
    UChar *u16, *u16b;
    size_t u16_cap, u16b_cap;
};

static int is_inert(const zhx_norm *nm, uint32_t c)
{
    if (!nm->inert)
        return 1; /* no NFKC: every code point is copied as it is */
    if (c < 0x10000)
        return nm->inert[c >> 3] >> (c & 7) & 1;
    return unorm2_isInert(nm->nfkc, (UChar32)c);
}

/* Which BMP code points NFKC leaves alone: asked of ICU once per process
 * (65536 calls), then shared by every normalizer and thread. */
static uint8_t nfkc_inert[0x10000 / 8];
static pthread_once_t nfkc_inert_once = PTHREAD_ONCE_INIT;

static void fill_nfkc_inert(void)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&st);
    for (uint32_t c = 0; c < 0x10000; c++)
        if (U_FAILURE(st) || unorm2_isInert(n, (UChar32)c))
            nfkc_inert[c >> 3] |= (uint8_t)(1u << (c & 7));
}

zhx_norm *zhx_norm_new(unsigned flags, zhx_error *err)
{
    zhx_norm *nm = calloc(1, sizeof *nm);
    if (!nm) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    nm->flags = flags;
    UErrorCode st = U_ZERO_ERROR;
    nm->nfkc = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st)) {
        zhx_error_set(err, ZHX_EICU, NULL, 0, 0, "cannot open NFKC: %s",
                      u_errorName(st));
        free(nm);
        return NULL;
    }
    if (flags & ZHX_NORM_NFKC) {
        pthread_once(&nfkc_inert_once, fill_nfkc_inert);
        nm->inert = nfkc_inert;
    }
    if (flags & ZHX_NORM_T2S) {
        static const UChar id[] = u"Traditional-Simplified";
        nm->t2s = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
        if (U_FAILURE(st)) {
            zhx_error_set(err, ZHX_EICU, NULL, 0, 0,
                          "cannot open Traditional-Simplified: %s",
                          u_errorName(st));
            free(nm);
            return NULL;
        }
    }
    return nm;
}

void zhx_norm_free(zhx_norm *nm)
{
    if (!nm)
        return;
    if (nm->t2s)
        utrans_close(nm->t2s);
    free(nm->out);
    free(nm->map);
    free(nm->u16);
    free(nm->u16b);
    free(nm);
}

/* Punctuation variants that NFKC keeps apart but mean the same to every
 * downstream rule. One code point for one, so the map is unaffected. */
static inline uint32_t unify_punct(uint32_t c)
{
    /* all of them lie in U+2010..U+30FB or are U+FE63 */
    if (c < 0x2010 || (c > 0x30FB && c != 0xFE63))
        return c;
    switch (c) {
    case 0x300C: case 0x301D: case 0x201F: case 0x201E: return 0x201C; /* “ */
    case 0x300D: case 0x301E: case 0x301F: return 0x201D;              /* ” */
    case 0x300E: case 0x201B: return 0x2018;                           /* ‘ */
    case 0x300F: return 0x2019;                                        /* ’ */
    case 0x30FB: case 0x2027: case 0x2219: case 0x22C5: case 0x2022:
        return 0x00B7;                                                 /* · */
    case 0x2012: case 0x2013: case 0x2015: case 0x2500: case 0x2E3A:
        return 0x2014;                                                 /* — */
    case 0x2010: case 0x2011: case 0x2212: case 0xFE63: return '-';
    case 0x301C: case 0x223C: return '~';
    default: return c;
    }
}

static int emit(zhx_norm *nm, uint32_t c, uint32_t from)
{
    if (nm->flags & ZHX_NORM_PUNCT)
        c = unify_punct(c);
    if ((nm->n + 1 > nm->out_cap && ZHX_GROW(nm->out, nm->out_cap, nm->n + 1)) ||
        (nm->n + 2 > nm->map_cap && ZHX_GROW(nm->map, nm->map_cap, nm->n + 2)))
        return -1;
    nm->out[nm->n] = c;
    nm->map[nm->n] = from;
    nm->n++;
    return 0;
}

/* UTF-16 of in[0..n) into nm->u16; returns its length or -1. */
static int32_t to_u16(zhx_norm *nm, const uint32_t *in, size_t n)
{
    if (n > INT32_MAX / 2 || ZHX_GROW(nm->u16, nm->u16_cap, 2 * n + 1))
        return -1;
    int32_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = in[i];
        if (c >= 0x10000) {
            nm->u16[k++] = (UChar)(0xD7C0 + (c >> 10));
            nm->u16[k++] = (UChar)(0xDC00 | (c & 0x3FF));
        } else {
            nm->u16[k++] = (UChar)c;
        }
    }
    return k;
}

/* NFKC of in[0..n) into nm->u16b; returns its length or -1. */
static int32_t nfkc16(zhx_norm *nm, const uint32_t *in, size_t n)
{
    int32_t k = to_u16(nm, in, n);
    if (k < 0)
        return -1;
    for (;;) {
        UErrorCode st = U_ZERO_ERROR;
        int32_t cap = nm->u16b_cap > INT32_MAX ? INT32_MAX : (int32_t)nm->u16b_cap;
        int32_t m = unorm2_normalize(nm->nfkc, nm->u16, k, nm->u16b, cap, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR) {
            if (ZHX_GROW(nm->u16b, nm->u16b_cap, (size_t)m + 1))
                return -1;
            continue;
        }
        return U_FAILURE(st) ? -1 : m;
    }
}

static int emit16(zhx_norm *nm, const UChar *s, int32_t m, uint32_t from)
{
    for (int32_t i = 0; i < m;) {
        UChar32 c;
        U16_NEXT(s, i, m, c);
        if (emit(nm, (uint32_t)c, from))
            return -1;
    }
    return 0;
}

static int normalize_run(zhx_norm *nm, const uint32_t *in, size_t s, size_t e)
{
    int32_t m = nfkc16(nm, in + s, e - s);
    if (m < 0)
        return -1;
    int32_t k = to_u16(nm, in + s, e - s);
    if (k == m && memcmp(nm->u16, nm->u16b, (size_t)k * sizeof(UChar)) == 0) {
        for (size_t i = s; i < e; i++)
            if (emit(nm, in[i], (uint32_t)i))
                return -1;
        return 0;
    }
    size_t a = s;
    for (size_t i = s + 1; i <= e; i++) {
        if (i < e && !unorm2_hasBoundaryBefore(nm->nfkc, (UChar32)in[i]))
            continue;
        m = nfkc16(nm, in + a, i - a);
        if (m < 0 || emit16(nm, nm->u16b, m, (uint32_t)a))
            return -1;
        a = i;
    }
    return 0;
}

static int is_space(uint32_t c)
{
    if (c > 0x3000)
        return 0;
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0x3000 ||
           c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F;
}

/* Fold runs of spaces into one and drop them at the ends of the line
 * (before '\r'/'\n'). Deleting from out/map keeps the map valid. */
static void fold_space(zhx_norm *nm)
{
    size_t w = 0;
    for (size_t r = 0; r < nm->n; r++) {
        uint32_t c = nm->out[r];
        if (is_space(c)) {
            int at_start = w == 0 || nm->out[w - 1] == '\n';
            size_t k = r;
            while (k < nm->n && is_space(nm->out[k]))
                k++;
            int at_end = k == nm->n || nm->out[k] == '\n' || nm->out[k] == '\r';
            if (!at_start && !at_end) {
                nm->out[w] = ' ';
                nm->map[w++] = nm->map[r];
            }
            r = k - 1;
            continue;
        }
        nm->out[w] = c;
        nm->map[w++] = nm->map[r];
    }
    nm->n = w;
}

static int t2s(zhx_norm *nm)
{
    int32_t k = to_u16(nm, nm->out, nm->n);
    if (k < 0 || ZHX_GROW(nm->u16, nm->u16_cap, (size_t)k * 2 + 16))
        return -1;
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = k, limit = k;
    int32_t cap = nm->u16_cap > INT32_MAX ? INT32_MAX : (int32_t)nm->u16_cap;
    utrans_transUChars(nm->t2s, nm->u16, &len, cap, 0, &limit, &st);
    if (U_FAILURE(st))
        return -1;
    if (u_countChar32(nm->u16, len) == (int32_t)nm->n) {
        /* The usual case: one character for one; positions carry over. */
        size_t j = 0;
        for (int32_t i = 0; i < len; j++) {
            UChar32 c;
            U16_NEXT(nm->u16, i, len, c);
            nm->out[j] = (uint32_t)c;
        }
        return 0;
    }
    /* A phrase rule changed the length: redo it one character at a time
     * so each output character still maps to its source. Rare. */
    size_t n = nm->n;
    uint32_t *src = malloc(n * sizeof *src), *smap = malloc(n * sizeof *smap);
    if (!src || !smap) {
        free(src);
        free(smap);
        return -1;
    }
    memcpy(src, nm->out, n * sizeof *src);
    memcpy(smap, nm->map, n * sizeof *smap);
    nm->n = 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        UChar one[16];
        int32_t l = 0;
        U16_APPEND_UNSAFE(one, l, (UChar32)src[i]);
        int32_t lim = l;
        utrans_transUChars(nm->t2s, one, &l, 16, 0, &lim, &st);
        rc = U_FAILURE(st) ? -1 : emit16(nm, one, l, smap[i]);
    }
    free(src);
    free(smap);
    return rc;
}

int zhx_norm_run(zhx_norm *nm, const uint32_t *in, size_t n,
                 const uint32_t **text, size_t *len, const uint32_t **map,
                 zhx_error *err)
{
    nm->n = 0;
    int fail = ZHX_GROW(nm->out, nm->out_cap, n + 1) ||
               ZHX_GROW(nm->map, nm->map_cap, n + 2);
    const int punct = (nm->flags & ZHX_NORM_PUNCT) != 0;
    /* Punctuation is unified as it is written (here and in emit). */
    for (size_t i = 0; i < n && !fail;) {
        if (is_inert(nm, in[i])) {
            /* The common case, with room reserved above for a one-for-one
             * copy: no call per code point. */
            if (nm->n < n) {
                nm->out[nm->n] = punct ? unify_punct(in[i]) : in[i];
                nm->map[nm->n++] = (uint32_t)i;
            } else {
                fail = emit(nm, in[i], (uint32_t)i);
            }
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !is_inert(nm, in[j]))
            j++;
        fail = normalize_run(nm, in, i, j);
        i = j;
    }
    if (!fail && (nm->flags & ZHX_NORM_SPACE))
        fold_space(nm);
    if (!fail && nm->t2s && nm->n)
        fail = t2s(nm);
    if (!fail)
        fail = ZHX_GROW(nm->map, nm->map_cap, nm->n + 1);
    if (fail)
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                             "out of memory or ICU failure in normalization");
    nm->map[nm->n] = (uint32_t)n;
    *text = nm->out;
    *len = nm->n;
    *map = nm->map;
    return ZHX_OK;
}
