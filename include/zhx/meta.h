/* zhx/meta.h: article metadata, and which lines of a document are article.
 *
 * The meta stage reads a document line by line (zhx_chunk) and classifies
 * each line: title, date line, source, credit (byline, editor), section
 * heading, body paragraph, portal boilerplate or blank. From those lines it
 * collects the document's title, publication time (ISO 8601), source,
 * authors with their roles, editors and section headings.
 *
 * What counts as boilerplate, which date formats make a date line, which
 * words introduce a source or a credit: all of that is data, in rules files
 * (docs/meta-rules.md; the defaults are rules/meta/meta.rules, compiled into the
 * library). A rule set is built once and is read-only afterwards, so many
 * zhx_meta stages (threads) may share one.
 *
 * Streaming: zhx_meta_chunk() returns each line's kind at once, so later
 * stages can skip boilerplate while the document streams. BOILERPLATE,
 * BLANK, DATELINE, SOURCE, CREDIT and BODY are final when returned. HEAD (a
 * line before the title has been decided) and SECTION (a short line that
 * becomes a heading only if a body paragraph follows) are provisional:
 * neither is ever boilerplate, and their final kind is reported later by
 * zhx_meta_settled(). The publication date is known from the call that saw
 * the date line on (zhx_meta_published()), so it can serve as the base date
 * for relative dates (今年, 去年) in the stages that run after meta. */
#ifndef ZHX_META_H
#define ZHX_META_H

#include "common.h"
#include "text.h"

typedef enum zhx_line_kind {
    ZHX_LINE_BLANK,
    ZHX_LINE_BODY,
    ZHX_LINE_HEAD,     /* provisional: a title candidate; final: a kicker,
                          subtitle or other head line that is not the title */
    ZHX_LINE_TITLE,    /* the title, and its repeats in the head */
    ZHX_LINE_DATELINE, /* a line carrying the publication date */
    ZHX_LINE_SOURCE,   /* a line that starts with a source key (来源:) */
    ZHX_LINE_CREDIT,   /* byline or credit line (记者 ..., 编辑: ...) */
    ZHX_LINE_SECTION,  /* an in-text heading */
    ZHX_LINE_BOILERPLATE
} zhx_line_kind;

/* "blank", "body", "head", "title", "dateline", "source", "credit",
 * "section", "boilerplate". */
const char *zhx_line_kind_name(zhx_line_kind kind);

typedef struct zhx_meta_rules zhx_meta_rules;

/* An empty rule set (opens the normalizer used for rule literals once). */
zhx_meta_rules *zhx_meta_rules_new(zhx_error *err);
void zhx_meta_rules_free(zhx_meta_rules *r);

/* Parse rules text of len bytes (UTF-8) and add its rules. name is used in
 * messages: a syntax error gives ZHX_ESYNTAX with err->file = name and the
 * line and column (code points) of the fault. On error nothing of this text
 * is added. Rules never name files: parsing reads only text. */
int zhx_meta_rules_add(zhx_meta_rules *r, const char *name, const char *text,
                       size_t len, zhx_error *err);

/* Add the rules compiled into the library (rules/meta/meta.rules). */
int zhx_meta_rules_add_defaults(zhx_meta_rules *r, zhx_error *err);

size_t zhx_meta_rules_count(const zhx_meta_rules *r);

/* A line whose kind is final. Strings are borrowed from the stage and valid
 * until its next call. A line longer than one chunk comes in pieces, each
 * reported on its own with the same line number. */
typedef struct zhx_meta_line {
    zhx_line_kind kind;
    unsigned long line;  /* 1-based line number in the document */
    size_t start, end;   /* document offsets (original code points) of the
                            line without its surrounding white space and
                            without boilerplate cut from its ends (完) */
    const char *text;    /* original text of [start, end), UTF-8 */
    const char *rule;    /* id of the rule, or built-in reason, that decided */
} zhx_meta_line;

typedef struct zhx_meta_person {
    const char *name;
    const char *role;    /* 记者, 通讯员, 编辑, 责任编辑, ... */
    size_t start, end;   /* document offsets of the name */
} zhx_meta_person;

typedef struct zhx_meta_span {
    const char *text;    /* original text (NULL for body paragraphs unless
                            ZHX_META_KEEP_BODY) */
    size_t start, end;
} zhx_meta_span;

/* The fields of one document; everything is borrowed from the stage until
 * its next zhx_meta_begin() or zhx_meta_free(). Missing fields are NULL. */
typedef struct zhx_meta_doc {
    const char *doc;
    const char *title;
    size_t title_start, title_end;
    const char *published;  /* 2024-09-28T09:16, 2024-09-28T10:23:45, 2024-09-28 */
    const char *source;
    const zhx_meta_person *authors;
    size_t n_authors;
    const zhx_meta_person *editors;
    size_t n_editors;
    const zhx_meta_span *sections;
    size_t n_sections;
    const zhx_meta_span *body;
    size_t n_body;
    const char *const *rules; /* ids of the rules that fired, first use first */
    size_t n_rules;
} zhx_meta_doc;

enum {
    ZHX_META_KEEP_BODY = 1u << 0, /* keep body paragraph texts in zhx_meta_doc */
    ZHX_META_NO_LINE_TEXT = 1u << 1 /* settled lines come with text "" (for
                                       callers that want the kinds only) */
};

typedef struct zhx_meta zhx_meta;

/* A stage using rules (borrowed: it must outlive the stage). flags:
 * ZHX_META_*. NULL when out of memory. */
zhx_meta *zhx_meta_new(const zhx_meta_rules *rules, unsigned flags,
                       zhx_error *err);
void zhx_meta_free(zhx_meta *m);

/* Start a document (forgets the previous one). doc is copied. */
int zhx_meta_begin(zhx_meta *m, const char *doc, zhx_error *err);

/* Classify the next chunk of the document (chunks in order, as zhx_input
 * hands them out). *kind gets the line's kind as known now (see above).
 * Returns ZHX_OK or ZHX_ENOMEM. */
int zhx_meta_chunk(zhx_meta *m, const zhx_chunk *c, zhx_line_kind *kind,
                   zhx_error *err);

/* Lines whose kind is final, handed out by the last zhx_meta_chunk() or
 * zhx_meta_end() call (borrowed until the next call). Every non-blank line
 * is handed out once, in document order: lines decided while an earlier
 * line is still held (a title candidate, a possible heading) wait for it. */
const zhx_meta_line *zhx_meta_settled(const zhx_meta *m, size_t *n);

/* The publication time as ISO 8601 once a date line has been seen, else
 * NULL (borrowed). */
const char *zhx_meta_published(const zhx_meta *m);

/* The publication date as numbers: 1 when known, else 0. */
int zhx_meta_date(const zhx_meta *m, int *year, int *month, int *day);

/* End the document: decide what is still pending and fill *doc. */
int zhx_meta_end(zhx_meta *m, const zhx_meta_doc **doc, zhx_error *err);

#endif
