/* zhx/writer.h: records out, as CSV, TSV, JSON or JSON Lines.
 *
 * Every binary writes rows of one fixed column list. CSV goes through
 * libcsv (RFC 4180, a header row unless ZHX_W_NO_HEADER); with
 * ZHX_W_EXCEL it starts with a UTF-8 byte-order mark, ends lines with CR LF
 * and guards text cells that begin with = + - @ (formula injection) with a
 * leading apostrophe. TSV escapes tab, newline, CR and backslash as \t \n
 * \r \\. JSON Lines puts one object per line; JSON wraps the same objects
 * in one array (or, with ZHX_W_JSON_SINGLE, prints a lone element bare).
 * JSON goes through cJSON. Output is streamed, never held back, except the
 * first element under ZHX_W_JSON_SINGLE. */
#ifndef ZHX_WRITER_H
#define ZHX_WRITER_H

#include <stdio.h>

#include "common.h"

typedef enum zhx_format {
    ZHX_FMT_CSV,
    ZHX_FMT_TSV,
    ZHX_FMT_JSON,
    ZHX_FMT_JSONL,
    ZHX_FMT_TEXT /* binary-specific plain text; the writer does not handle it */
} zhx_format;

/* Parse "csv", "tsv", "json", "jsonl" or "text". Returns ZHX_OK or ZHX_EINVAL. */
int zhx_format_parse(const char *name, zhx_format *fmt);

enum {
    ZHX_W_NO_HEADER = 1u << 0,
    ZHX_W_EXCEL = 1u << 1,
    ZHX_W_JSON_SINGLE = 1u << 2
};

typedef enum zhx_vtype {
    ZHX_NULL,
    ZHX_STR,  /* s: UTF-8 text */
    ZHX_INT,  /* i */
    ZHX_NUM,  /* s: an exact decimal literal such as 1.57 */
    ZHX_BOOL, /* i */
    ZHX_JSON  /* s: a JSON value (array/object), written raw in JSON
                 formats and as its text in CSV/TSV */
} zhx_vtype;

typedef struct zhx_value {
    zhx_vtype type;
    const char *s;
    long long i;
} zhx_value;

/* Cell constructors; a NULL string makes a null cell. */
static inline zhx_value zhx_v(zhx_vtype t, const char *s, long long i)
{
    zhx_value v = {t, s, i};
    if ((t == ZHX_STR || t == ZHX_NUM || t == ZHX_JSON) && !s)
        v.type = ZHX_NULL;
    return v;
}
#define ZHX_V_NULL zhx_v(ZHX_NULL, NULL, 0)
#define ZHX_V_STR(x) zhx_v(ZHX_STR, (x), 0)
#define ZHX_V_INT(x) zhx_v(ZHX_INT, NULL, (long long)(x))
#define ZHX_V_NUM(x) zhx_v(ZHX_NUM, (x), 0)
#define ZHX_V_BOOL(x) zhx_v(ZHX_BOOL, NULL, (x) ? 1 : 0)
#define ZHX_V_JSON(x) zhx_v(ZHX_JSON, (x), 0)

typedef struct zhx_writer zhx_writer;

/* cols: ncols column names, borrowed for the writer's life. */
zhx_writer *zhx_writer_new(FILE *out, zhx_format fmt, const char *const *cols,
                           size_t ncols, unsigned flags, zhx_error *err);

/* One row of ncols values. Returns ZHX_OK or ZHX_EIO / ZHX_ENOMEM. */
int zhx_writer_row(zhx_writer *w, const zhx_value *vals);

/* One element already printed as JSON (JSON and JSONL formats only). */
int zhx_writer_json(zhx_writer *w, const char *json);

/* Close the JSON array, flush, and report any write error. */
int zhx_writer_finish(zhx_writer *w, zhx_error *err);

void zhx_writer_free(zhx_writer *w);

#endif
