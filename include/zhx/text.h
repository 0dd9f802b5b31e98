/* zhx/text.h: UTF-8, code points, and the chunk: the unit of text every
 * stage (figures, entities, meta) works on.
 *
 * A document is read a line at a time (a giant line in bounded pieces). Each
 * piece becomes a zhx_chunk holding both the original code points and the
 * normalized ones, with a map from normalized positions back to original
 * ones. Stages find spans in the normalized text; zhx_chunk_span() turns
 * them into document offsets once, so no stage handles original offsets. */
#ifndef ZHX_TEXT_H
#define ZHX_TEXT_H

#include "common.h"

/* Decode one code point from s[0..n). Returns its length in bytes (1-4), or
 * 0 when n == 0, or -1 for an invalid sequence (overlong, surrogate, above
 * U+10FFFF, truncated, stray continuation byte). */
int zhx_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Encode cp into out (at least 4 bytes). Returns the byte count. */
int zhx_utf8_encode(uint32_t cp, char *out);

/* Length in bytes of the longest valid UTF-8 prefix of s[0..n). */
size_t zhx_utf8_valid_prefix(const unsigned char *s, size_t n);

/* A sentence inside a chunk: [start, end) in normalized code points of the
 * chunk; index counts sentences from 0 across the whole document. */
typedef struct zhx_sentence {
    size_t start, end;
    size_t index;
} zhx_sentence;

/* A piece of one document, normalized and split into sentences.
 * Everything here is borrowed from the zhx_input that produced it and stays
 * valid until the next zhx_input call. */
typedef struct zhx_chunk {
    const char *doc;          /* document id: the path, "-", or a JSONL id */
    const uint32_t *orig;     /* original code points of this chunk */
    size_t orig_len;
    size_t offset;            /* document offset (code points) of orig[0] */
    unsigned long line;       /* 1-based line of orig[0] in the document */
    const uint32_t *text;     /* normalized code points */
    size_t len;
    /* len + 1 entries: map[i] is the chunk-relative original index of the
     * start of the original segment that text[i] came from;
     * map[len] == orig_len. Non-decreasing. */
    const uint32_t *map;
    const zhx_sentence *sents;
    size_t n_sents;
    size_t index;             /* 0-based chunk number in the document */
} zhx_chunk;

/* Map a normalized span [s, e) of c to original document offsets, widening
 * to whole original segments where normalization merged or split them. */
void zhx_chunk_span(const zhx_chunk *c, size_t s, size_t e,
                    size_t *start, size_t *end);

/* UTF-8 of the original text under document span [start, end) of c (the
 * span must lie within c), written to out (cap bytes, NUL-terminated,
 * truncated if needed). Returns the full length needed, without the NUL. */
size_t zhx_chunk_orig_utf8(const zhx_chunk *c, size_t start, size_t end,
                           char *out, size_t cap);

/* UTF-8 of normalized code points text[s..e) into out, as above. */
size_t zhx_cps_utf8(const uint32_t *text, size_t s, size_t e, char *out,
                    size_t cap);

/* The same two into a buffer that grows as needed: *buf (capacity *cap,
 * owned by the caller, realloc'd; both may start as NULL, 0). Returns *buf,
 * or NULL when out of memory. */
const char *zhx_chunk_orig_text(const zhx_chunk *c, size_t start, size_t end,
                                char **buf, size_t *cap);
const char *zhx_cps_text(const uint32_t *text, size_t s, size_t e, char **buf,
                         size_t *cap);

#endif
