/* zhx/norm.h: normalization with an offset map back to the original.
 *
 * NFKC (ICU) folds full-width digits, Latin and punctuation to ASCII and
 * compatibility forms to their plain ones; punctuation variants are then
 * unified (「」 -> “”, ・ -> ·, dash variants -> —); optionally runs of
 * white space are folded and Traditional characters become Simplified
 * (ICU's Traditional-Simplified transliterator). Every output code point
 * remembers where its original segment started, so spans found in the
 * normalized text map back exactly (see zhx_chunk_span). */
#ifndef ZHX_NORM_H
#define ZHX_NORM_H

#include "common.h"

enum {
    ZHX_NORM_NFKC = 1u << 0,  /* NFKC */
    ZHX_NORM_PUNCT = 1u << 1, /* unify punctuation variants */
    ZHX_NORM_SPACE = 1u << 2, /* fold white-space runs, trim line ends */
    ZHX_NORM_T2S = 1u << 3,   /* Traditional -> Simplified */
    ZHX_NORM_DEFAULT = ZHX_NORM_NFKC | ZHX_NORM_PUNCT
};

typedef struct zhx_norm zhx_norm;

/* Open the ICU objects once. NULL on failure (err says why). */
zhx_norm *zhx_norm_new(unsigned flags, zhx_error *err);
void zhx_norm_free(zhx_norm *nm);

/* Normalize in[0..n). On success *text (*len code points) and *map (*len+1
 * entries, see zhx_chunk.map) are borrowed from nm and valid until the next
 * call. Returns ZHX_OK or an error code. */
int zhx_norm_run(zhx_norm *nm, const uint32_t *in, size_t n,
                 const uint32_t **text, size_t *len, const uint32_t **map,
                 zhx_error *err);

#endif
