/* UTF-8 coding and the chunk's offset map. */
#include "zhx/text.h"

#include <stdlib.h>
#include <string.h>

int zhx_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (n < (size_t)len)
        return -1;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return -1;
    *cp = v;
    return len;
}

int zhx_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t zhx_utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII runs dominate even Chinese text (spaces, digits, markup). */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        /* Three-byte sequences other than surrogates: most of Chinese,
         * in runs. */
        if (s[i] >= 0xE1 && s[i] <= 0xEC && i + 2 < n &&
            (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            while (i + 2 < n && s[i] >= 0xE1 && s[i] <= 0xEC &&
                   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
                i += 3;
            continue;
        }
        uint32_t cp;
        int k = zhx_utf8_decode(s + i, n - i, &cp);
        if (k <= 0)
            return i;
        i += (size_t)k;
    }
    return n;
}

/* Index of the first normalized code point after the original segment
 * that text[i] came from. */
static size_t segment_end(const zhx_chunk *c, size_t i)
{
    size_t k = i + 1;
    while (k < c->len && c->map[k] == c->map[i])
        k++;
    return k;
}

void zhx_chunk_span(const zhx_chunk *c, size_t s, size_t e, size_t *start,
                    size_t *end)
{
    if (s > c->len)
        s = c->len;
    if (e > c->len)
        e = c->len;
    if (e < s)
        e = s;
    /* A span that starts inside the output of one original segment (an
     * expansion such as … -> ...) begins after that segment, and one that
     * ends inside it ends after it. So the pieces of an expansion never
     * claim the same original text twice: one gets it all, the others are
     * empty. */
    size_t os = s > 0 && s < c->len && c->map[s] == c->map[s - 1]
                    ? c->map[segment_end(c, s)]
                    : c->map[s];
    size_t oe = e > 0 && e < c->len && c->map[e] == c->map[e - 1]
                    ? c->map[segment_end(c, e)]
                    : c->map[e];
    if (oe < os)
        oe = os;
    *start = c->offset + os;
    *end = c->offset + oe;
}

static size_t cps_utf8(const uint32_t *cp, size_t n, char *out, size_t cap)
{
    size_t need = 0, written = 0;
    char tmp[4];
    size_t i = 0;
    /* Fast path while everything fits: encode straight into out. */
    for (; i < n && written + 4 < cap; i++) {
        uint32_t c = cp[i];
        if (c < 0x80) {
            out[written++] = (char)c;
        } else if (c >= 0x800 && c < 0x10000) {
            out[written++] = (char)(0xE0 | (c >> 12));
            out[written++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[written++] = (char)(0x80 | (c & 0x3F));
        } else {
            written += (size_t)zhx_utf8_encode(c, out + written);
        }
    }
    need = written;
    for (; i < n; i++) {
        int k = zhx_utf8_encode(cp[i], tmp);
        /* Copy whole characters only, so a truncated result stays UTF-8. */
        if (need == written && written + (size_t)k < cap) {
            memcpy(out + written, tmp, (size_t)k);
            written += (size_t)k;
        }
        need += (size_t)k;
    }
    if (cap)
        out[written] = '\0';
    return need;
}

size_t zhx_chunk_orig_utf8(const zhx_chunk *c, size_t start, size_t end,
                           char *out, size_t cap)
{
    size_t s = start - c->offset, e = end - c->offset;
    if (s > c->orig_len)
        s = c->orig_len;
    if (e > c->orig_len)
        e = c->orig_len;
    if (e < s)
        e = s;
    return cps_utf8(c->orig + s, e - s, out, cap);
}

size_t zhx_cps_utf8(const uint32_t *text, size_t s, size_t e, char *out,
                    size_t cap)
{
    return cps_utf8(text + s, e > s ? e - s : 0, out, cap);
}

/* Run fill(out, cap) until what it needs fits in *buf. */
static const char *grow_text(char **buf, size_t *cap, size_t need0,
                             size_t (*fill)(const void *, size_t, size_t, char *, size_t),
                             const void *src, size_t s, size_t e)
{
    size_t need = need0;
    if (need < *cap && *buf)
        return *buf;
    char *b = realloc(*buf, need + 64);
    if (!b)
        return NULL;
    *buf = b;
    *cap = need + 64;
    fill(src, s, e, *buf, *cap);
    return *buf;
}

static size_t fill_orig(const void *c, size_t s, size_t e, char *out, size_t cap)
{
    return zhx_chunk_orig_utf8(c, s, e, out, cap);
}

static size_t fill_cps(const void *t, size_t s, size_t e, char *out, size_t cap)
{
    return zhx_cps_utf8(t, s, e, out, cap);
}

const char *zhx_chunk_orig_text(const zhx_chunk *c, size_t start, size_t end,
                                char **buf, size_t *cap)
{
    size_t need = zhx_chunk_orig_utf8(c, start, end, *buf, *buf ? *cap : 0);
    return grow_text(buf, cap, need, fill_orig, c, start, end);
}

const char *zhx_cps_text(const uint32_t *text, size_t s, size_t e, char **buf,
                         size_t *cap)
{
    size_t need = zhx_cps_utf8(text, s, e, *buf, *buf ? *cap : 0);
    return grow_text(buf, cap, need, fill_cps, text, s, e);
}
