/* zhx/extract.h: the whole pipeline for whole documents.
 *
 * For each document the meta stage runs first and classifies its lines;
 * entities and figures are then found on the article's own lines (portal
 * boilerplate skipped), with the article's publication date as the base for
 * relative dates. The result is one JSON object per document:
 *   {"doc", "meta": {title, published, source, authors [{name, role}],
 *    editors, sections, section_spans [{text, start, end}], rules},
 *    "entities": [{type, text, start, end, norm, role, sentence, rule}],
 *    "figures": [{text, start, end, value, value_max, unit, kind, approx,
 *    subject, sentence, rule}]}
 * Numbers that must stay exact (value, value_max, offsets) are cJSON raw
 * items printed from exact decimals. */
#ifndef ZHX_EXTRACT_H
#define ZHX_EXTRACT_H

#include <cjson/cJSON.h>

#include "input.h"

typedef struct zhx_extract_opts {
    const char *rules_name;   /* a user rules file for entities, or NULL */
    const char *rules_text;
    size_t rules_len;
    int rules_only;           /* drop the built-in entity rules */
    const char *meta_rules_name; /* user rules for the meta stage, or NULL */
    const char *meta_rules_text;
    size_t meta_rules_len;
    const char *base_date;    /* YYYY-MM-DD for 今年/去年 when the article has
                                 no date of its own, or NULL */
    const char *types;        /* "person,place": entity types kept; NULL all */
    int all_lines;            /* also look in boilerplate lines */
} zhx_extract_opts;

/* What every thread shares: compiled rules. Immutable once made. */
typedef struct zhx_extractor zhx_extractor;

zhx_extractor *zhx_extractor_new(const zhx_extract_opts *opts, zhx_error *err);
void zhx_extractor_free(zhx_extractor *x);

/* One per thread: the stages and their scratch. */
typedef struct zhx_extract zhx_extract;

zhx_extract *zhx_extract_new(const zhx_extractor *x, zhx_error *err);
void zhx_extract_free(zhx_extract *e);

/* Read the current document of in (after zhx_input_next_doc returned 1) to
 * its end. On success *doc is a new object the caller frees with
 * cJSON_Delete. If the document turns out to be bad part-way (invalid UTF-8
 * on a pipe), nothing is returned and err says where. */
int zhx_extract_doc(zhx_extract *e, zhx_input *in, cJSON **doc, zhx_error *err);

#endif
