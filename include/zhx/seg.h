/* zhx/seg.h: sentences and words.
 *
 * Sentences end at 。！？；… (and their ASCII forms after NFKC: ! ? ; ...),
 * at a full stop followed by space, and at line breaks; closing quotes and
 * brackets right after an ender stay with their sentence. Leading and
 * trailing white space is not part of a sentence; empty ones are skipped.
 * Words come from ICU's dictionary-based word BreakIterator. */
#ifndef ZHX_SEG_H
#define ZHX_SEG_H

#include "text.h"

/* Split text[0..n) into sentences, appending to a buffer owned by the
 * caller: *sents (capacity *cap, grown with realloc) gets *count entries
 * whose index starts at first_index. Returns ZHX_OK or ZHX_ENOMEM. */
int zhx_split_sentences(const uint32_t *text, size_t n, size_t first_index,
                        zhx_sentence **sents, size_t *count, size_t *cap);

typedef struct zhx_words zhx_words;

/* Open the ICU word BreakIterator once (locale "zh"). */
zhx_words *zhx_words_new(zhx_error *err);
void zhx_words_free(zhx_words *w);

/* Break text[s..e) into words. On success *bounds (borrowed, valid until
 * the next call) holds *count + 1 boundaries in code points of text, from s
 * to e; tokens made only of white space are dropped, so a token is
 * [bounds[i], bounds[i+1]) only where keep[i] is nonzero. */
int zhx_words_run(zhx_words *w, const uint32_t *text, size_t s, size_t e,
                  const size_t **bounds, const unsigned char **keep,
                  size_t *count, zhx_error *err);

#endif
