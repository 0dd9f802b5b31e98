/* Which lines of a document are the article's own, for the binaries that
 * run one stage (zhx-figs, zhx-ents): the meta stage classifies each line,
 * and portal boilerplate (app banners, copyright lines, share links) is
 * skipped unless --all-lines asks for everything. It also hands on the
 * article's publication date as soon as its date line has been read. */
#ifndef ZHX_ARTICLE_H
#define ZHX_ARTICLE_H

#include "zhx/meta.h"

typedef struct zhx_article zhx_article;

/* all_lines: keep every line that is not blank. */
zhx_article *zhx_article_new(int all_lines, zhx_error *err);
void zhx_article_free(zhx_article *a);

int zhx_article_begin(zhx_article *a, const char *doc, zhx_error *err);

/* 1 when chunk c belongs to the article, 0 when it is to be skipped, or a
 * negative error code. Chunks must come in document order. */
int zhx_article_keep(zhx_article *a, const zhx_chunk *c, zhx_error *err);

/* The publication date once known: 1 and the numbers, else 0. */
int zhx_article_date(const zhx_article *a, int *year, int *month, int *day);

#endif
