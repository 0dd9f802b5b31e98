/* libFuzzer target: the numeral scanner and the figures stage.
 *
 * The first byte picks options (bit 0: scanner without white space, bit 1:
 * without digit groups, bit 2: the stage in --all mode, bits 3-7: where
 * sentences break); the rest is text, invalid UTF-8 becoming U+FFFD. Every
 * position is scanned and the invariants of both layers are checked.
 *
 * Built and run by `make fuzz` / `make fuzz-smoke` (corpus: fuzz/corpus/numeral). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zhx/figures.h"
#include "zhx/numeral.h"
#include "zhx/text.h"

#define MAX_CP 4096

static zhx_figs *F;

static void check(int ok)
{
    if (!ok)
        abort();
}

static int check_fig(void *ctx, const zhx_chunk *c, const zhx_figure *f)
{
    size_t *last = ctx;
    check(f->start <= f->num_start && f->num_start < f->num_end);
    check(f->num_end <= f->end && f->end <= c->len);
    check(f->start >= *last || !f->kept); /* kept figures do not overlap */
    if (f->kept)
        *last = f->end;
    check(f->kept ? f->reason == NULL : f->reason != NULL);
    check(f->unit != NULL && f->rule != NULL);
    if (f->has_max)
        check(zhx_decimal_cmp(&f->value, &f->value_max) < 0);
    if (f->subject && f->subj_start != SIZE_MAX)
        check(f->subj_start < f->subj_end && f->subj_end <= c->len);
    char buf[160];
    check(zhx_decimal_format(&f->value, buf, sizeof buf) < sizeof buf);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!F) {
        zhx_error err;
        F = zhx_figs_new(NULL, &err);
        check(F != NULL);
    }
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    data++, size--;
    static uint32_t cp[MAX_CP], map[MAX_CP + 1];
    size_t n = 0;
    while (size && n < MAX_CP) {
        int k = zhx_utf8_decode(data, size, &cp[n]);
        if (k <= 0) {
            cp[n] = 0xFFFD;
            k = 1;
        }
        map[n] = (uint32_t)n;
        n++, data += k, size -= (size_t)k;
    }
    map[n] = (uint32_t)n;
    unsigned sopts = (opt & 1 ? ZHX_NUMO_NOSPACE : 0) |
                     (opt & 2 ? ZHX_NUMO_NOGROUP : 0);
    for (size_t i = 0; i <= n; i++) {
        zhx_numeral nm;
        size_t e = zhx_numeral_scan(cp, n, i, sopts, &nm);
        check(e == i || (e > i && e <= n));
        if (e == i)
            continue;
        check(nm.start == i && nm.end == e);
        check(nm.value.mant <= ZHX_DECIMAL_MANT_MAX);
        check(nm.value.exp >= -ZHX_DECIMAL_EXP_MAX &&
              nm.value.exp <= ZHX_DECIMAL_EXP_MAX);
        if (nm.flags & ZHX_NUM_OVERFLOW)
            check(nm.value.mant == 0);
        if ((nm.flags & ZHX_NUM_RANGE) && !(nm.flags & ZHX_NUM_NEGATIVE))
            check(zhx_decimal_cmp(&nm.value, &nm.value_max) < 0);
        char buf[160];
        size_t need = zhx_decimal_format(&nm.value, buf, sizeof buf);
        check(need < sizeof buf && strlen(buf) == need);
        zhx_decimal back;
        check(zhx_decimal_parse(buf, need, &back) == ZHX_OK);
        check(zhx_decimal_cmp(&back, &nm.value) == 0);
    }
    /* Sentences of a fixed stride, so their edges fall anywhere. */
    zhx_sentence sents[64];
    size_t ns = 0, stride = (opt >> 3) ? (opt >> 3) * 7 : n + 1;
    for (size_t s = 0; s < n && ns < 64; s += stride, ns++) {
        sents[ns].start = s;
        sents[ns].end = s + stride < n ? s + stride : n;
        sents[ns].index = ns;
    }
    if (ns == 64)
        sents[63].end = n;
    zhx_chunk c = {"fuzz", cp, n, 0, 1, cp, n, map, sents, ns, 0};
    size_t last = 0;
    zhx_error err;
    check(zhx_figs_run(F, &c, opt & 4 ? ZHX_FIGS_ALL : 0, check_fig, &last,
                       &err) == ZHX_OK);
    return 0;
}
