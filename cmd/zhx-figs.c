/* zhx-figs: every figure in an article, with exact normalized values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "cli.h"
#include "zhx/figures.h"

static const char *const columns[] = {
    "doc", "text", "start", "end", "value", "value_max", "unit", "kind",
    "approx", "subject", "sentence", "rule", "kept", "reason", NULL};
#define NCOLS 12 /* kept and reason only with --all */

enum { OPT_ALL = ZHX_OPT_USER, OPT_ALL_LINES };

static const struct option longopts[] = {
    {"all", no_argument, 0, OPT_ALL},
    {"all-lines", no_argument, 0, OPT_ALL_LINES},
    {0, 0, 0, 0},
};

static const zhx_cli_spec spec = {
    .name = "zhx-figs",
    .purpose = "Find every figure in Chinese text: numbers with their exact value, unit,\n"
               "kind (money, percent, count, rank, year, other), approximation and subject.",
    .options = "Figures:\n"
               "      --all               also list numerals that are not figures (parts of\n"
               "                          dates, names, idioms), with kept and reason columns\n"
               "      --all-lines         also look in portal boilerplate lines\n"
               "Values are exact decimals with multipliers applied (1.26亿元 is 126000000\n"
               "元); ranges have value_max (20万元至200万元); approx is over (多, 余, 以上,\n"
               "超过), under (以下, 不到, 最高) or about (约, 近, 左右).\n",
    .examples = "  zhx-figs article.txt\n"
                "  zhx-figs -f jsonl article.txt | jq 'select(.kind == \"money\")'\n",
    .longopts = longopts,
    .default_format = ZHX_FMT_CSV,
    .columns = columns,
};

typedef struct state {
    zhx_cli cli;
    zhx_writer *w;
    zhx_figs *figs;
    zhx_article *article;
    int all, all_lines;
    char *buf;
    size_t cap;
} state;

static int own(void *ctx, int opt, const char *arg)
{
    (void)arg;
    state *st = ctx;
    if (opt == OPT_ALL)
        st->all = 1;
    else if (opt == OPT_ALL_LINES)
        st->all_lines = 1;
    else
        return -1;
    return 0;
}

static const char *orig(state *st, const zhx_chunk *c, size_t s, size_t e)
{
    const char *t = zhx_chunk_orig_text(c, s, e, &st->buf, &st->cap);
    if (!t)
        zhx_cli_die(&st->cli, "out of memory");
    return t;
}

static int on_figure(void *ctx, const zhx_chunk *c, const zhx_figure *f)
{
    state *st = ctx;
    size_t s, e;
    zhx_chunk_span(c, f->start, f->end, &s, &e);
    char value[64], vmax[64];
    zhx_decimal_format(&f->value, value, sizeof value);
    if (f->has_max)
        zhx_decimal_format(&f->value_max, vmax, sizeof vmax);
    zhx_value v[] = {
        ZHX_V_STR(c->doc), ZHX_V_STR(orig(st, c, s, e)), ZHX_V_INT(s), ZHX_V_INT(e),
        ZHX_V_NUM(value), ZHX_V_NUM(f->has_max ? vmax : NULL),
        ZHX_V_STR(f->unit ? f->unit : ""), ZHX_V_STR(zhx_fig_kind_name(f->kind)),
        ZHX_V_STR(zhx_approx_name(f->approx)), ZHX_V_STR(f->subject),
        ZHX_V_INT(f->sentence), ZHX_V_STR(f->rule),
        ZHX_V_BOOL(f->kept), ZHX_V_STR(f->reason)};
    return zhx_writer_row(st->w, v) != ZHX_OK;
}

static int on_doc(void *ctx, const char *doc)
{
    state *st = ctx;
    zhx_error err;
    if (zhx_article_begin(st->article, doc, &err))
        zhx_cli_die(&st->cli, "%s", err.message);
    return 0;
}

static int on_chunk(void *ctx, const zhx_chunk *c)
{
    state *st = ctx;
    zhx_error err;
    int keep = zhx_article_keep(st->article, c, &err);
    if (keep < 0)
        zhx_cli_die(&st->cli, "%s", err.message);
    if (!keep)
        return 0;
    int rc = zhx_figs_run(st->figs, c, st->all ? ZHX_FIGS_ALL : 0, on_figure, st, &err);
    if (rc == ZHX_ENOMEM)
        zhx_cli_die(&st->cli, "%s", err.message);
    return rc != ZHX_OK;
}

int main(int argc, char **argv)
{
    static state st;
    zhx_cli_parse(&st.cli, &spec, argc, argv, own, &st);
    zhx_error err;
    if (!(st.figs = zhx_figs_new(NULL, &err)) ||
        !(st.article = zhx_article_new(st.all_lines || st.all, &err))) {
        zhx_cli_report(&st.cli, &err);
        return ZHX_EXIT_USAGE;
    }
    st.w = zhx_cli_writer(&st.cli, columns, st.all ? NCOLS + 2 : NCOLS);
    zhx_cli_hooks h = {on_doc, on_chunk, NULL};
    zhx_cli_run(&st.cli, &h, &st);
    int rc = zhx_cli_finish_output(&st.cli, st.w);
    zhx_writer_free(st.w);
    zhx_figs_free(st.figs);
    zhx_article_free(st.article);
    free(st.buf);
    return rc;
}
