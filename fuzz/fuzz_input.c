/* libFuzzer target: the text layer. Bytes go through the reader (UTF-8
 * validation, chunking), the normalizer with its offset map and the sentence
 * splitter and the word breaker, under option bits taken from the first
 * byte. The invariants that
 * every record relies on are checked, so a wrong map is a crash. */
#include <stdio.h>
#include <stdlib.h>

#include "zhx/input.h"
#include "zhx/norm.h"
#include "zhx/seg.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned bits = data[0];
    zhx_input_opts o = {
        .format = bits & 1 ? ZHX_IN_NUL : (bits & 2 ? ZHX_IN_JSONL : ZHX_IN_TEXT),
        .lossy = (bits >> 2) & 1,
        .norm_flags = ZHX_NORM_DEFAULT | (bits & 8 ? ZHX_NORM_SPACE : 0) |
                      (bits & 16 ? ZHX_NORM_T2S : 0),
        .max_chunk = bits & 32 ? 64 : 0,
    };
    static zhx_input *cache[64];
    static zhx_words *words;
    zhx_error err;
    if (!words && !(words = zhx_words_new(&err)))
        abort();
    /* One reader per option set, reused like a real process would. */
    zhx_input *in = cache[bits & 63];
    if (!in && !(in = cache[bits & 63] = zhx_input_new(&o, &err)))
        abort();
    FILE *f = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "rb");
    if (!f)
        return 0;
    if (size == 1)
        fgetc(f); /* an empty stream */
    if (zhx_input_open_stream(in, f, "fuzz", &err) != ZHX_OK)
        abort();
    int rc;
    while ((rc = zhx_input_next_doc(in, &err)) != 0) {
        if (rc < 0)
            continue;
        const zhx_chunk *c;
        size_t next = 0;
        while (zhx_input_next_chunk(in, &c, &err) > 0) {
            if (c->offset != next || c->map[c->len] != c->orig_len)
                abort();
            next += c->orig_len;
            for (size_t i = 0; i < c->len; i++)
                if (c->map[i] > c->map[i + 1])
                    abort();
            for (size_t i = 0; i < c->n_sents; i++) {
                const zhx_sentence *s = &c->sents[i];
                if (s->start >= s->end || s->end > c->len ||
                    (i && s->start < c->sents[i - 1].end))
                    abort();
                size_t a, b;
                zhx_chunk_span(c, s->start, s->end, &a, &b);
                if (a > b || a < c->offset || b > c->offset + c->orig_len)
                    abort();
                char buf[64];
                zhx_chunk_orig_utf8(c, a, b, buf, sizeof buf);
                /* Words tile their sentence. */
                const size_t *wb;
                const unsigned char *keep;
                size_t nw;
                if (zhx_words_run(words, c->text, s->start, s->end, &wb, &keep, &nw, &err))
                    abort();
                if (wb[0] != s->start || wb[nw] != s->end)
                    abort();
                for (size_t k = 0; k < nw; k++)
                    if (wb[k] >= wb[k + 1])
                        abort();
            }
        }
    }
    fclose(f);
    return 0;
}
