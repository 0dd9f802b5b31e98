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
 * Numbers that must stay exact (value, value_max, offsets) are printed from
 * exact decimals. A document's records are kept as compact JSON text, one
 * object a line, not as a tree: a few hundred bytes a record. */
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

/* One document's results. Everything is the caller's once returned. */
typedef struct zhx_doc_records {
    char *doc;        /* the document's id */
    char *meta;       /* the meta object, JSON */
    char *entities;   /* entity objects, JSON, each ending in '\n' */
    char *figures;    /* figure objects, likewise */
    size_t n_entities, n_figures;
} zhx_doc_records;

void zhx_doc_records_free(zhx_doc_records *d);

/* The whole document object {"doc", "meta", "entities", "figures"} as one
 * line of JSON (no newline), in a new string. */
char *zhx_doc_records_json(const zhx_doc_records *d);

/* Read the current document of in (after zhx_input_next_doc returned 1) to
 * its end. On success *doc is new (free it with zhx_doc_records_free). If
 * the document turns out to be bad part-way (invalid UTF-8 on a pipe),
 * nothing is returned and err says where. */
int zhx_extract_doc(zhx_extract *e, zhx_input *in, zhx_doc_records **doc,
                    zhx_error *err);

#endif
