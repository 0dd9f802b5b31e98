/* libFuzzer target: the meta stage over arbitrary documents, read through
 * zhx_input from memory. The first byte picks the chunk size (so long lines
 * come in pieces) and whether body texts are kept. Checks that every
 * settled line lies inside the document, in order, and that the fields are
 * well formed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhx/input.h"
#include "zhx/norm.h"
#include "zhx/meta.h"

#include "fuzz.h"

static zhx_meta_rules *rules;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    zhx_error err;
    if (!rules) {
        rules = zhx_meta_rules_new(&err);
        must(rules && zhx_meta_rules_add_defaults(rules, &err) == ZHX_OK);
    }
    if (size < 1)
        return 0;
    unsigned char mode = data[0];
    data++, size--;
    zhx_input_opts o = {.format = ZHX_IN_TEXT, .lossy = 1, .norm_flags = ZHX_NORM_DEFAULT,
                        .max_chunk = (mode & 1) ? 64 + (mode >> 2) : 0};
    zhx_input *in = zhx_input_new(&o, &err);
    zhx_meta *m = zhx_meta_new(rules, (mode & 2) ? ZHX_META_KEEP_BODY : 0, &err);
    must(in && m);
    FILE *f = fmemopen((void *)data, size ? size : 1, "rb");
    must(f != NULL);
    if (!size)
        fgetc(f);
    must(zhx_input_open_stream(in, f, "fuzz", &err) == ZHX_OK);
    size_t doc_len = 0, last_start = 0;
    unsigned long last_line = 0;
    if (zhx_input_next_doc(in, &err) == 1 && zhx_meta_begin(m, "fuzz", &err) == ZHX_OK) {
        const zhx_chunk *c;
        int rc;
        for (int pass = 0;; pass++) {
            if ((rc = zhx_input_next_chunk(in, &c, &err)) > 0) {
                zhx_line_kind k;
                must(zhx_meta_chunk(m, c, &k, &err) == ZHX_OK);
                must(k <= ZHX_LINE_BOILERPLATE);
                doc_len = c->offset + c->orig_len;
            } else {
                const zhx_meta_doc *d;
                must(zhx_meta_end(m, &d, &err) == ZHX_OK);
                must(d->n_body == 0 || d->body[d->n_body - 1].end <= doc_len);
                for (size_t i = 0; i < d->n_authors; i++)
                    must(d->authors[i].name && d->authors[i].role && d->authors[i].start < d->authors[i].end);
                for (size_t i = 0; i < d->n_sections; i++)
                    must(d->sections[i].text != NULL);
                if (d->published)
                    must(strlen(d->published) >= 10 && d->published[4] == '-');
            }
            size_t n;
            const zhx_meta_line *l = zhx_meta_settled(m, &n);
            for (size_t i = 0; i < n; i++) {
                must(l[i].start <= l[i].end && l[i].end <= doc_len && l[i].text && l[i].rule);
                must(l[i].line >= last_line && l[i].start >= last_start);
                last_line = l[i].line;
                last_start = l[i].start;
            }
            if (rc <= 0)
                break;
        }
    }
    fclose(f);
    zhx_meta_free(m);
    zhx_input_free(in);
    return 0;
}
