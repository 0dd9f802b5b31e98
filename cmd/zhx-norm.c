/* zhx-norm: print normalized text, or records mapping it back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zhx/text.h"

static const char *const columns[] = {"doc", "line", "start", "end", "text", "edits", NULL};

enum { OPT_FOLD = ZHX_OPT_USER, OPT_NO_NFKC, OPT_NO_PUNCT };

static const struct option longopts[] = {
    {"fold-space", no_argument, 0, OPT_FOLD},
    {"no-nfkc", no_argument, 0, OPT_NO_NFKC},
    {"no-punct", no_argument, 0, OPT_NO_PUNCT},
    {0, 0, 0, 0},
};

static const zhx_cli_spec spec = {
    .name = "zhx-norm",
    .purpose = "Normalize Chinese text: NFKC, unified punctuation, optionally folded\n"
               "white space and Traditional -> Simplified.",
    .options = "Normalization:\n"
               "      --fold-space        fold runs of white space into one space and\n"
               "                          drop it at line ends\n"
               "      --no-nfkc           skip NFKC\n"
               "      --no-punct          keep punctuation variants (「」 ・ ― ...)\n"
               "Records (-f csv|tsv|json|jsonl) are one per line: its normalized text,\n"
               "the original span (start, end) and edits, a JSON list of\n"
               "[text_start, text_end, orig_start, orig_end] for every place where the\n"
               "text differs from the original (text positions within the record's\n"
               "text, original positions in the document).\n",
    .examples = "  zhx-norm --t2s article.txt > simplified.txt\n"
                "  zhx-norm -f jsonl article.txt | jq -c .edits\n",
    .default_format = ZHX_FMT_TEXT,
    .text_format = 1,
    .columns = columns,
    .longopts = longopts,
};

typedef struct state {
    zhx_cli cli;
    zhx_writer *w;
    char *buf, *edits;
    size_t buf_cap, edits_cap;
    int last; /* last byte written in text format */
} state;

static int own(void *ctx, int opt, const char *arg)
{
    (void)arg;
    zhx_cli *cli = &((state *)ctx)->cli;
    switch (opt) {
    case OPT_FOLD: cli->in.norm_flags |= ZHX_NORM_SPACE; return 0;
    case OPT_NO_NFKC: cli->in.norm_flags &= ~(unsigned)ZHX_NORM_NFKC; return 0;
    case OPT_NO_PUNCT: cli->in.norm_flags &= ~(unsigned)ZHX_NORM_PUNCT; return 0;
    }
    return -1;
}

static const char *utf8(state *st, const uint32_t *text, size_t s, size_t e)
{
    const char *t = zhx_cps_text(text, s, e, &st->buf, &st->buf_cap);
    if (!t)
        zhx_cli_die(&st->cli, "out of memory");
    return t;
}

static void append(state *st, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > st->edits_cap) {
        st->edits_cap = (*len + n + 1) * 2;
        st->edits = realloc(st->edits, st->edits_cap);
        if (!st->edits)
            zhx_cli_die(&st->cli, "out of memory");
    }
    memcpy(st->edits + *len, s, n + 1);
    *len += n;
}

/* The edits of text[0..n) as JSON: maximal runs where the text is not a
 * one-for-one copy of the original. */
static const char *edits(state *st, const zhx_chunk *c, size_t n)
{
    size_t len = 0;
    append(st, &len, "[");
    int first = 1;
    for (size_t i = 0; i < n;) {
        size_t o = c->map[i];
        int same = c->map[i + 1] == o + 1 && c->orig[o] == c->text[i];
        if (same) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && !(c->map[j + 1] == c->map[j] + 1 && c->orig[c->map[j]] == c->text[j]))
            j++;
        size_t os, oe;
        zhx_chunk_span(c, i, j, &os, &oe);
        char item[96];
        snprintf(item, sizeof item, "%s[%zu,%zu,%zu,%zu]", first ? "" : ",", i, j, os, oe);
        append(st, &len, item);
        first = 0;
        i = j;
    }
    append(st, &len, "]");
    return st->edits;
}

static int on_chunk(void *ctx, const zhx_chunk *c)
{
    state *st = ctx;
    if (st->cli.format == ZHX_FMT_TEXT) {
        const char *s = utf8(st, c->text, 0, c->len);
        size_t n = strlen(s);
        if (n)
            st->last = s[n - 1];
        return n && fwrite(s, 1, n, stdout) != n;
    }
    size_t n = c->len;
    while (n && (c->text[n - 1] == '\n' || c->text[n - 1] == '\r'))
        n--;
    size_t os, oe;
    zhx_chunk_span(c, 0, n, &os, &oe);
    zhx_value v[] = {ZHX_V_STR(c->doc), ZHX_V_INT(c->line), ZHX_V_INT(os),
                     ZHX_V_INT(oe), ZHX_V_STR(""), ZHX_V_JSON("")};
    v[5].s = edits(st, c, n);
    v[4].s = utf8(st, c->text, 0, n);
    return zhx_writer_row(st->w, v) != ZHX_OK;
}

static int on_doc_end(void *ctx, const char *doc, int failed)
{
    (void)doc, (void)failed;
    state *st = ctx;
    if (st->cli.format != ZHX_FMT_TEXT)
        return 0;
    /* Keep documents apart: NUL after each with -z, a newline after a
     * JSONL document that does not end in one. */
    int sep = st->cli.in.format == ZHX_IN_NUL ? '\0'
            : st->cli.in.format == ZHX_IN_JSONL && st->last != '\n' ? '\n' : -1;
    st->last = '\n';
    return sep >= 0 && putchar(sep) == EOF;
}

int main(int argc, char **argv)
{
    static state st;
    zhx_cli_parse(&st.cli, &spec, argc, argv, own, &st);
    st.cli.in.no_sentences = 1;
    if (st.cli.format != ZHX_FMT_TEXT)
        st.w = zhx_cli_writer(&st.cli, columns, 6);
    zhx_cli_hooks h = {NULL, on_chunk, on_doc_end};
    zhx_cli_run(&st.cli, &h, &st);
    int rc = zhx_cli_finish_output(&st.cli, st.w);
    zhx_writer_free(st.w);
    free(st.buf);
    free(st.edits);
    return rc;
}
