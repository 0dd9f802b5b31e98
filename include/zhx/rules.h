/* zhx/rules.h: rules files, the compiled rule set, and the matcher.
 *
 * A rule set is built once (zhx_rules_new, zhx_rules_add for each rules
 * file, zhx_rules_compile) and is immutable afterwards, so one set can be
 * shared by many matchers and threads. A matcher holds the per-document
 * scratch: create it once, zhx_matcher_reset() between documents.
 *
 * Rules are data, not code: a rules file can name lexicons but never read
 * another file. Lexicons come from inline `lexicon` blocks and from the
 * lexicon files compiled into the library (rules/lex/NAME.txt and
 * rules/lex/NAME-seed.txt both feed @NAME). The format is in docs/rules.md. */
#ifndef ZHX_RULES_H
#define ZHX_RULES_H

#include "common.h"
#include "text.h"

typedef struct zhx_rules zhx_rules;
typedef struct zhx_matcher zhx_matcher;

/* An empty rule set, or NULL when out of memory. */
zhx_rules *zhx_rules_new(void);
void zhx_rules_free(zhx_rules *r);

/* Parse one rules file of len bytes (UTF-8). name is used in messages
 * ("name:LINE:COL: ..."). The text is copied. Fails once compiled. */
int zhx_rules_add(zhx_rules *r, const char *name, const char *text,
                  size_t len, zhx_error *err);

/* Add the entity rules compiled into the library: every top-level
 * rules file, NAME.rules (rules/meta/ and other folders are other
 * stages'). */
int zhx_rules_add_defaults(zhx_rules *r, zhx_error *err);

/* Resolve lexicon references (loading embedded lexicons by name), build the
 * lexicon automaton and compile every pattern. After this the set is
 * immutable and only matchers use it. */
int zhx_rules_compile(zhx_rules *r, zhx_error *err);

/* Run every rule's examples through a matcher on the whole set. The first
 * example that does not hold gives ZHX_EEXAMPLE with the example's file,
 * line and column. Returns the number checked in *n_checked if not NULL. */
int zhx_rules_check_examples(const zhx_rules *r, size_t *n_checked,
                             zhx_error *err);

/* Number of rules, and of lexicon entries in the automaton. */
size_t zhx_rules_count(const zhx_rules *r);
size_t zhx_rules_lexicon_entries(const zhx_rules *r);

/* One entity found by the matcher. Strings are borrowed from the matcher
 * and valid until its next run or reset. Spans are normalized code-point
 * indices of the chunk. */
typedef struct zhx_match {
    const char *type;   /* "person", "place", ... */
    size_t start, end;
    const char *norm;   /* NULL when the text is its own canonical form */
    const char *role;   /* NULL when no title was found next to it */
    const char *rule;   /* id of the rule that made it */
    const char *explain;/* NULL unless explain is on: how it was made */
    size_t sentence;    /* index of the sentence (zhx_sentence.index) */
    int priority;
    double score;
} zhx_match;

/* Per-document scratch for running r; r must outlive it. */
zhx_matcher *zhx_matcher_new(const zhx_rules *r);
void zhx_matcher_free(zhx_matcher *m);

/* Start a new document: forget the city and the base date. */
void zhx_matcher_reset(zhx_matcher *m);

/* Base date for relative dates (今年, 去年, 上半年, 昨天); year 0 = none. */
void zhx_matcher_set_base_date(zhx_matcher *m, int year, int month, int day);

/* The city the document is about (UTF-8), used for 首府; NULL clears it.
 * When unset, the first city the document names is used. */
void zhx_matcher_set_city(zhx_matcher *m, const char *city);

/* Fill zhx_match.explain (slower). */
void zhx_matcher_set_explain(zhx_matcher *m, int on);

/* Find the entities of c. Results replace those of the previous run. */
int zhx_matcher_run(zhx_matcher *m, const zhx_chunk *c, zhx_error *err);

/* Convenience: run on bare code points as one chunk with one sentence. */
int zhx_matcher_run_text(zhx_matcher *m, const uint32_t *text, size_t len,
                         zhx_error *err);

size_t zhx_matcher_count(const zhx_matcher *m);
/* The i-th match, in order of start (borrowed). */
const zhx_match *zhx_matcher_get(const zhx_matcher *m, size_t i);

#endif
