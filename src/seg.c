/* Sentence splitting (our own rules) and word breaking (ICU). */
#include "zhx/seg.h"

#include <stdlib.h>
#include <unicode/ubrk.h>

#include "buf.h"

static int is_ender(uint32_t c)
{
    if (c < 0x80)
        return c == '!' || c == '?' || c == ';';
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B ||
           c == 0x2026 || c == 0xFF61;
}

static int is_closer(uint32_t c)
{
    return c == 0x201D || c == 0x2019 || c == '"' || c == '\'' ||
           c == 0x300D || c == 0x300F || c == ')' || c == ']' ||
           c == 0xFF09 || c == 0x3011 || c == 0x300B || c == 0x3009;
}

static int is_ws(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v' || c == 0x3000 || c == 0xA0 || c == 0xFEFF ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F;
}

/* Where the sentence that has an ender at i ends (exclusive), or 0 when
 * text[i] does not end a sentence. */
static size_t sentence_end(const uint32_t *t, size_t n, size_t i)
{
    size_t j;
    if (t[i] == '.') {
        /* "..." (NFKC of …) ends a sentence; a single '.' only before
         * white space, so 1.26 and www.gov.cn stay whole. */
        j = i;
        while (j < n && t[j] == '.')
            j++;
        if (j - i < 3 && !(j == n || is_ws(t[j])))
            return 0;
        if (j - i < 3 && i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9')
            return 0;
    } else if (t[i] == '\n') {
        return i + 1;
    } else if (is_ender(t[i])) {
        j = i + 1;
    } else {
        return 0;
    }
    while (j < n && (is_ender(t[j]) || t[j] == '.'))
        j++;
    while (j < n && is_closer(t[j]))
        j++;
    return j;
}

static int push(zhx_sentence **s, size_t *count, size_t *cap, const uint32_t *t,
                size_t a, size_t b, size_t index)
{
    while (a < b && is_ws(t[a]))
        a++;
    while (b > a && is_ws(t[b - 1]))
        b--;
    if (a == b)
        return 0;
    if (ZHX_GROW(*s, *cap, *count + 1))
        return -1;
    (*s)[*count] = (zhx_sentence){a, b, index};
    (*count)++;
    return 1;
}

int zhx_split_sentences(const uint32_t *text, size_t n, size_t first_index,
                        zhx_sentence **sents, size_t *count, size_t *cap)
{
    size_t start = 0, index = first_index;
    for (size_t i = 0; i < n; i++) {
        /* Ideographs never end a sentence: skip them cheaply. */
        if (text[i] >= 0x3400 && text[i] < 0xA000)
            continue;
        size_t e = sentence_end(text, n, i);
        if (!e)
            continue;
        int r = push(sents, count, cap, text, start, e, index);
        if (r < 0)
            return ZHX_ENOMEM;
        index += (size_t)r;
        start = e;
        i = e - 1;
    }
    if (push(sents, count, cap, text, start, n, index) < 0)
        return ZHX_ENOMEM;
    return ZHX_OK;
}

struct zhx_words {
    UBreakIterator *bi;
    UChar *u16;
    size_t *u16pos; /* UTF-16 index -> code point index */
    size_t *bounds;
    unsigned char *keep;
    size_t u16_cap, pos_cap, b_cap, k_cap;
};

zhx_words *zhx_words_new(zhx_error *err)
{
    zhx_words *w = calloc(1, sizeof *w);
    if (!w) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    w->bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
    if (U_FAILURE(st)) {
        zhx_error_set(err, ZHX_EICU, NULL, 0, 0,
                      "cannot open the word break iterator: %s",
                      u_errorName(st));
        free(w);
        return NULL;
    }
    return w;
}

void zhx_words_free(zhx_words *w)
{
    if (!w)
        return;
    ubrk_close(w->bi);
    free(w->u16);
    free(w->u16pos);
    free(w->bounds);
    free(w->keep);
    free(w);
}

static int is_digit_tok(const uint32_t *t, size_t a, size_t b)
{
    if (t[a] < '0' || t[a] > '9')
        return 0;
    for (size_t i = a; i < b; i++)
        if (!((t[i] >= '0' && t[i] <= '9') || t[i] == '.' || t[i] == ','))
            return 0;
    return 1;
}

/* Chinese digits read one by one, as in 二〇〇〇年. */
static int is_hanzi_digit(uint32_t c)
{
    static const uint32_t d[] = {0x3007, 0x25CB, 0x96F6, 0x4E00, 0x4E8C,
                                 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
                                 0x516B, 0x4E5D};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (c == d[i])
            return 1;
    return 0;
}

/* Units that form one word with the number before them (12月, 30%, 1.5万). */
static int is_num_unit(uint32_t c)
{
    return c == 0x5E74 || c == 0x6708 || c == 0x65E5 || c == 0x65F6 ||
           c == 0x4E07 || c == 0x4EBF || c == '%';
}

static int is_dash_like(uint32_t c)
{
    return c == 0x2014 || c == '.' || c == '-' || c == '~';
}

/* Merge ICU's tokens where the word conventions of Chinese corpora (GB/T
 * 13715, the PKU standard) make one word: a number with its date or
 * magnitude unit, a digit-by-digit year, and a run of one dash or dot. */
static size_t merge_tokens(const uint32_t *t, size_t *b, size_t m)
{
    size_t out = 0;
    for (size_t k = 0; k < m;) {
        size_t a = b[k], e = b[k + 1], j = k + 1;
        if (e - a == 1 && is_dash_like(t[a])) {
            while (j < m && b[j + 1] - b[j] == 1 && t[b[j]] == t[a])
                j++;
        } else if (is_digit_tok(t, a, e)) {
            while (j < m && b[j + 1] - b[j] == 1 && is_num_unit(t[b[j]]))
                j++;
        } else if (is_hanzi_digit(t[a])) {
            /* Tokens of digits only, then one that ends in 年. */
            for (size_t z = k; z < m; z++) {
                size_t i = b[z], ze = b[z + 1];
                while (i < ze && is_hanzi_digit(t[i]))
                    i++;
                if (i == ze)
                    continue;
                if (i == ze - 1 && t[i] == 0x5E74 && i - a >= 2)
                    j = z + 1;
                break;
            }
        }
        b[out++] = a;
        k = j;
    }
    b[out] = b[m];
    return out;
}

int zhx_words_run(zhx_words *w, const uint32_t *text, size_t s, size_t e,
                  const size_t **bounds, const unsigned char **keep,
                  size_t *count, zhx_error *err)
{
    size_t n = e - s;
    if (n > INT32_MAX / 2 || ZHX_GROW(w->u16, w->u16_cap, 2 * n + 1) ||
        ZHX_GROW(w->u16pos, w->pos_cap, 2 * n + 1) ||
        ZHX_GROW(w->bounds, w->b_cap, n + 1) || ZHX_GROW(w->keep, w->k_cap, n + 1))
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    int32_t k = 0;
    for (size_t i = s; i < e; i++) {
        uint32_t c = text[i];
        w->u16pos[k] = i;
        if (c >= 0x10000) {
            w->u16[k++] = (UChar)(0xD7C0 + (c >> 10));
            w->u16pos[k] = i;
            w->u16[k++] = (UChar)(0xDC00 | (c & 0x3FF));
        } else {
            w->u16[k++] = (UChar)c;
        }
    }
    w->u16pos[k] = e;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(w->bi, w->u16, k, &st);
    if (U_FAILURE(st))
        return zhx_error_set(err, ZHX_EICU, NULL, 0, 0, "ubrk_setText: %s",
                             u_errorName(st));
    size_t m = 0;
    w->bounds[0] = s;
    for (int32_t b = ubrk_next(w->bi); b != UBRK_DONE; b = ubrk_next(w->bi)) {
        w->bounds[++m] = w->u16pos[b];
    }
    m = merge_tokens(text, w->bounds, m);
    for (size_t i = 0; i < m; i++) {
        int any = 0;
        for (size_t j = w->bounds[i]; j < w->bounds[i + 1] && !any; j++)
            any = !is_ws(text[j]);
        w->keep[i] = (unsigned char)any;
    }
    *bounds = w->bounds;
    *keep = w->keep;
    *count = m;
    return ZHX_OK;
}
