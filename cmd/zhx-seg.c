/* zhx-seg: sentences or words, as records or plain text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zhx/seg.h"

static const char *const columns[] = {"doc", "sentence", "start", "end", "text", NULL};

static const struct option longopts[] = {
    {"sentences", no_argument, 0, 's'},
    {"words", no_argument, 0, 'w'},
    {0, 0, 0, 0},
};

static const zhx_cli_spec spec = {
    .name = "zhx-seg",
    .purpose = "Split Chinese text into sentences or words.",
    .options = "Segmentation:\n"
               "  -s, --sentences         one record per sentence (the default): ends at\n"
               "                          。！？；… and line breaks, closing quotes kept\n"
               "  -w, --words             one record per word (ICU dictionary break\n"
               "                          iterator); white space is not a word\n"
               "With -f text: -s prints one sentence a line; -w prints the words of each\n"
               "input line separated by one space, keeping the lines (as SIGHAN gold).\n",
    .examples = "  zhx-seg article.txt                 # sentences as CSV\n"
                "  zhx-seg -w -f text corpus.txt > corpus.seg\n"
                "  find docs -name '*.txt' -print0 | zhx-seg --files0-from=- -f jsonl\n",
    .shortopts = "sw",
    .longopts = longopts,
    .default_format = ZHX_FMT_CSV,
    .text_format = 1,
    .columns = columns,
};

typedef struct state {
    zhx_cli cli;
    zhx_writer *w;
    zhx_words *words;
    int word_mode;
    char *buf;
    size_t buf_cap;
} state;

static int own(void *ctx, int opt, const char *arg)
{
    (void)arg;
    state *st = ctx;
    if (opt == 's' || opt == 'w') {
        st->word_mode = opt == 'w';
        return 0;
    }
    return -1;
}

/* Original text of the normalized span [s, e) of c, with its offsets. */
static const char *orig_text(state *st, const zhx_chunk *c, size_t s, size_t e,
                             size_t *os, size_t *oe)
{
    zhx_chunk_span(c, s, e, os, oe);
    const char *t = zhx_chunk_orig_text(c, *os, *oe, &st->buf, &st->buf_cap);
    if (!t)
        zhx_cli_die(&st->cli, "out of memory");
    return t;
}

/* Write one record (or word); *any tells whether a word was written on this
 * line already, for the separating space of -f text. */
static int emit(state *st, const zhx_chunk *c, size_t s, size_t e, size_t sent,
                int *any)
{
    size_t os, oe;
    const char *t = orig_text(st, c, s, e, &os, &oe);
    if (os == oe)
        return 0; /* a piece of an expansion whose original another piece has */
    if (st->cli.format == ZHX_FMT_TEXT) {
        if (*any && putchar(' ') == EOF)
            return 1;
        *any = 1;
        return fputs(t, stdout) == EOF;
    }
    zhx_value v[] = {ZHX_V_STR(c->doc), ZHX_V_INT(sent), ZHX_V_INT(os),
                     ZHX_V_INT(oe), ZHX_V_STR(t)};
    return zhx_writer_row(st->w, v) != ZHX_OK;
}

static int on_chunk(void *ctx, const zhx_chunk *c)
{
    state *st = ctx;
    int text = st->cli.format == ZHX_FMT_TEXT;
    if (!st->word_mode) {
        for (size_t i = 0; i < c->n_sents; i++) {
            const zhx_sentence *s = &c->sents[i];
            int one = 0;
            if (emit(st, c, s->start, s->end, s->index, &one) || (text && putchar('\n') == EOF))
                return 1;
        }
        return 0;
    }
    if (c->n_sents == 0)
        return text && c->len && c->text[c->len - 1] == '\n' && putchar('\n') == EOF;
    /* One break iterator pass over the whole line (fewer ICU resets than a
     * pass per sentence); a word belongs to the sentence it starts in. */
    const size_t *b;
    const unsigned char *keep;
    size_t n;
    zhx_error err;
    if (zhx_words_run(st->words, c->text, c->sents[0].start,
                      c->sents[c->n_sents - 1].end, &b, &keep, &n, &err))
        zhx_cli_die(&st->cli, "%s", err.message);
    int any = 0;
    size_t si = 0;
    for (size_t k = 0; k < n; k++) {
        if (!keep[k])
            continue;
        while (si + 1 < c->n_sents && b[k] >= c->sents[si].end)
            si++;
        if (emit(st, c, b[k], b[k + 1], c->sents[si].index, &any))
            return 1;
    }
    /* Word mode keeps the input's lines. */
    if (text && c->len && c->text[c->len - 1] == '\n')
        return putchar('\n') == EOF;
    return 0;
}

int main(int argc, char **argv)
{
    static state st;
    zhx_cli_parse(&st.cli, &spec, argc, argv, own, &st);
    zhx_error err;
    if (st.word_mode && !(st.words = zhx_words_new(&err)))
        zhx_cli_die(&st.cli, "%s", err.message);
    if (st.cli.format != ZHX_FMT_TEXT)
        st.w = zhx_cli_writer(&st.cli, columns, 5);
    zhx_cli_hooks h = {NULL, on_chunk, NULL};
    zhx_cli_run(&st.cli, &h, &st);
    int rc = zhx_cli_finish_output(&st.cli, st.w);
    zhx_writer_free(st.w);
    zhx_words_free(st.words);
    free(st.buf);
    return rc;
}
