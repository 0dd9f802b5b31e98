/* Article lines for single-stage binaries; see article.h. */
#include "article.h"

#include <stdlib.h>

struct zhx_article {
    zhx_meta_rules *rules;
    zhx_meta *meta;
    int all_lines;
};

zhx_article *zhx_article_new(int all_lines, zhx_error *err)
{
    zhx_article *a = calloc(1, sizeof *a);
    if (!a) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    a->all_lines = all_lines;
    if (!(a->rules = zhx_meta_rules_new(err)) ||
        zhx_meta_rules_add_defaults(a->rules, err) ||
        !(a->meta = zhx_meta_new(a->rules, ZHX_META_NO_LINE_TEXT, err))) {
        zhx_article_free(a);
        return NULL;
    }
    return a;
}

void zhx_article_free(zhx_article *a)
{
    if (!a)
        return;
    zhx_meta_free(a->meta);
    zhx_meta_rules_free(a->rules);
    free(a);
}

int zhx_article_begin(zhx_article *a, const char *doc, zhx_error *err)
{
    return zhx_meta_begin(a->meta, doc, err);
}

int zhx_article_keep(zhx_article *a, const zhx_chunk *c, zhx_error *err)
{
    zhx_line_kind kind;
    int rc = zhx_meta_chunk(a->meta, c, &kind, err);
    if (rc)
        return rc;
    if (kind == ZHX_LINE_BLANK)
        return 0;
    return a->all_lines || kind != ZHX_LINE_BOILERPLATE;
}

int zhx_article_date(const zhx_article *a, int *year, int *month, int *day)
{
    return zhx_meta_date(a->meta, year, month, day);
}
