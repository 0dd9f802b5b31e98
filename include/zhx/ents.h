/* zhx/ents.h: the entity stage: people (with roles), institutions,
 * programs, places and dates, found by a compiled rule set (zhx/rules.h).
 *
 * One zhx_ents per thread; it keeps per-document scratch and context.
 * Call zhx_ents_begin() at the start of each document, then
 * zhx_ents_run() for each of its chunks in order. */
#ifndef ZHX_ENTS_H
#define ZHX_ENTS_H

#include "common.h"
#include "rules.h"
#include "text.h"

typedef struct zhx_ents zhx_ents;

typedef struct zhx_ents_opts {
    int explain;         /* fill zhx_entity.explain */
} zhx_ents_opts;

/* What the stage needs to know about a document: the base date for
 * relative dates (今年, 去年; year 0: unknown) and the city it is about
 * (for 首府; NULL: the first city the document names). The meta stage
 * fills this from the article's date line when it runs first. */
typedef struct zhx_doc_context {
    int year, month, day;
    const char *city;
} zhx_doc_context;

/* One entity. Spans are normalized code-point indices of the chunk; the
 * record layer maps them to original offsets (zhx_chunk_span). Strings are
 * borrowed, valid during the callback. */
typedef struct zhx_entity {
    const char *type;
    size_t start, end;
    const char *norm;    /* NULL: none */
    const char *role;    /* NULL: none */
    size_t sentence;     /* zhx_sentence.index */
    const char *rule;    /* id of the rule that made it */
    const char *explain; /* NULL unless opts.explain */
} zhx_entity;

/* Return nonzero from the callback to stop; zhx_ents_run returns it. */
typedef int (*zhx_entity_fn)(void *ud, const zhx_chunk *c,
                             const zhx_entity *e);

/* rules must be compiled and outlive the stage. opts may be NULL. */
zhx_ents *zhx_ents_new(const zhx_rules *rules, const zhx_ents_opts *opts,
                       zhx_error *err);
void zhx_ents_free(zhx_ents *e);

/* Start a document; ctx may be NULL. */
void zhx_ents_begin(zhx_ents *e, const zhx_doc_context *ctx);

/* Change the context in the middle of a document (the date line has just
 * been read), keeping what the document has named so far. */
void zhx_ents_set_context(zhx_ents *e, const zhx_doc_context *ctx);

/* Find the entities of c and hand each to fn, in order of start. */
int zhx_ents_run(zhx_ents *e, const zhx_chunk *c, zhx_entity_fn fn, void *ud,
                 zhx_error *err);

/* Parse YYYY-MM-DD (or YYYY-MM, YYYY) into ctx's date. Returns ZHX_OK or
 * ZHX_EINVAL. */
int zhx_ents_parse_date(const char *s, zhx_doc_context *ctx);

/* A rule set of the embedded defaults plus, when user is not NULL, a user
 * rules file (name for messages); only_user drops the embedded rules (the
 * embedded lexicons stay available by name). Examples are checked when
 * check is nonzero. Returns NULL with err filled on failure. */
zhx_rules *zhx_ents_load_rules(const char *name, const char *user,
                               size_t len, int only_user, int check,
                               zhx_error *err);

#endif
