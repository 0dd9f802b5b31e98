/* libFuzzer target: the matcher under the default rules. The first byte
 * picks the options (explain, a base date, a city, sentence splitting);
 * the rest is text, decoded leniently. Every match must lie in the chunk,
 * be non-empty, in order and without overlap, with valid strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhx/ents.h"

#include "fuzz.h"

static zhx_rules *rules;
static zhx_matcher *m;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    zhx_error err;
    if (!rules) {
        rules = zhx_ents_load_rules(NULL, NULL, 0, 0, 0, &err);
        must(rules != NULL);
        m = zhx_matcher_new(rules);
        must(m != NULL);
    }
    if (size < 1)
        return 0;
    unsigned bits = data[0];
    data++, size--;
    static uint32_t cps[1 << 16];
    static zhx_sentence sents[1 << 12];
    static uint32_t map[(1 << 16) + 1];
    size_t n = 0;
    for (size_t i = 0; i < size && n < (1 << 16);) {
        int k = zhx_utf8_decode(data + i, size - i, &cps[n]);
        if (k <= 0) {
            cps[n] = data[i];
            k = 1;
        }
        map[n] = (uint32_t)n;
        n++;
        i += (size_t)k;
    }
    map[n] = (uint32_t)n;
    size_t ns = 0, st = 0;
    if (bits & 1)
        for (size_t i = 0; i < n && ns + 1 < (1 << 12); i++)
            if (cps[i] == 0x3002 || cps[i] == '\n') {
                sents[ns].start = st;
                sents[ns].end = i + 1;
                sents[ns].index = ns;
                ns++;
                st = i + 1;
            }
    zhx_chunk c;
    memset(&c, 0, sizeof c);
    c.doc = "fuzz";
    c.orig = c.text = cps;
    c.orig_len = c.len = n;
    c.map = map;
    c.sents = ns ? sents : NULL;
    c.n_sents = ns;
    zhx_matcher_reset(m);
    zhx_matcher_set_explain(m, (bits >> 1) & 1);
    if (bits & 4)
        zhx_matcher_set_base_date(m, 2024, 9, 28);
    if (bits & 8)
        zhx_matcher_set_city(m, "呼和浩特市");
    must(zhx_matcher_run(m, &c, &err) == ZHX_OK);
    size_t last = 0;
    for (size_t i = 0; i < zhx_matcher_count(m); i++) {
        const zhx_match *x = zhx_matcher_get(m, i);
        must(x->start < x->end && x->end <= n && x->start >= last);
        must(x->type && x->rule && x->type[0]);
        if (x->norm)
            must(strlen(x->norm) < 4096);
        if (x->role)
            must(strlen(x->role) < 4096);
        last = x->end;
    }
    return 0;
}
