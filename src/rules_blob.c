/* The default rule set's lexicons, compiled at build time.
 *
 * Building the lexicon automaton of the embedded lexicons takes tens of
 * milliseconds; the build runs it once (tools/rulesc.c) and stores the
 * result (lexicon table, entries, code points, norms, trie) as one binary
 * image that the library includes with .incbin (build/gen/rules_blob.inc).
 * zhx_rules_compile() on the embedded rules alone then points into that
 * image instead of building. Any other rule set is built as before. */
#include "rules_int.h"
#include "embedded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(ZHX_NO_BLOB) && defined(__has_include)
#if __has_include("rules_blob.inc")
#include "rules_blob.inc"
#define ZHX_HAVE_BLOB 1
#endif
#endif
#ifndef ZHX_HAVE_BLOB
static const unsigned char *zhx_blob_start(void)
{
    return NULL;
}
static size_t zhx_blob_size(void)
{
    return 0;
}
#endif

#define MAGIC 0x3552544C58485AULL /* "ZHXLTR5" */

/* What the image was made from: the embedded files' count and bytes. */
static uint64_t embedded_sig(void)
{
    uint64_t n = 0, bytes = 0;
    for (const zhx_embedded_file *f = zhx_embedded_files; f->name; f++)
        n++, bytes += f->len;
    return n << 40 | bytes;
}

typedef struct wr {
    FILE *f;
    uint64_t off;
    int err;
} wr;

static void put(wr *w, const void *p, size_t n)
{
    static const unsigned char zero[8];
    if (n && fwrite(p, 1, n, w->f) != n)
        w->err = 1;
    w->off += n;
    size_t pad = (size_t)((8 - w->off % 8) % 8);
    if (pad && fwrite(zero, 1, pad, w->f) != pad)
        w->err = 1;
    w->off += pad;
}

static void put64(wr *w, uint64_t x)
{
    put(w, &x, sizeof x);
}

/* Write the compiled lexicons of r (built from the embedded rules alone).
 * Norms are kept; the raw fields, needed only to derive lexicons, are not. */
int zhx_rules_blob_write(const zhx_rules *r, FILE *f);
int zhx_rules_blob_write(const zhx_rules *r, FILE *f)
{
    wr w = {f, 0, 0};
    zhx_entry *ent = malloc((r->n_ent + 1) * sizeof *ent);
    char *strs = malloc(r->strs.len + 1);
    if (!ent || !strs) {
        free(ent);
        free(strs);
        return ZHX_ENOMEM;
    }
    size_t sl = 0;
    for (size_t i = 0; i < r->n_ent; i++) {
        ent[i] = r->ent[i];
        ent[i].fields = -1;
        ent[i].base = -1;
        if (ent[i].norm >= 0) {
            const char *s = r->strs.p + ent[i].norm;
            size_t n = strlen(s) + 1;
            memcpy(strs + sl, s, n);
            ent[i].norm = (int32_t)sl;
            sl += n;
        }
    }
    put64(&w, MAGIC);
    put64(&w, embedded_sig());
    put64(&w, r->n_lex);
    put64(&w, r->n_ent);
    put64(&w, r->cps.len);
    put64(&w, sl);
    put64(&w, r->n_nodes);
    put64(&w, r->hcap);
    put64(&w, r->n_pay);
    put64(&w, (uint64_t)r->n_cover);
    put64(&w, r->n_recs);
    put64(&w, r->ebloom_mask);
    for (size_t i = 0; i < r->n_lex; i++) {
        const zhx_lexicon *L = &r->lex[i];
        uint64_t nl = strlen(L->name);
        put64(&w, nl);
        put(&w, L->name, nl + 1);
        put(&w, &L->w, sizeof L->w);
        int64_t v[4] = {L->cover, L->loaded, L->n_entries, L->max_len};
        put(&w, v, sizeof v);
    }
    put(&w, ent, r->n_ent * sizeof *ent);
    put(&w, r->cps.p, r->cps.len);
    put(&w, strs, sl);
    put(&w, r->node_pay, r->n_nodes * sizeof *r->node_pay);
    put(&w, r->node_pay_n, r->n_nodes * sizeof *r->node_pay_n);
    put(&w, r->pay, r->n_pay * sizeof *r->pay);
    put(&w, r->pay_lex, r->n_pay * sizeof *r->pay_lex);
    put(&w, r->node_cover, r->n_nodes * sizeof *r->node_cover);
    put(&w, r->hslots, r->hcap * sizeof *r->hslots);
    put(&w, r->ebloom, (r->ebloom_mask + 1) / 8);
    put(&w, r->root, 2 * 65536 * sizeof *r->root);
    /* the kinds (record 0 is none; the kind after the last closes the
     * rule lists) */
    put64(&w, r->n_kinds);
    put(&w, r->rec_kind, (r->n_recs + 1) * sizeof *r->rec_kind);
    put(&w, r->recs, (r->n_kinds + 2) * sizeof *r->recs);
    put(&w, r->nfwd, r->recs[r->n_kinds + 1].fwd * sizeof *r->nfwd);
    put(&w, r->nbwd, r->recs[r->n_kinds + 1].bwd * sizeof *r->nbwd);
    free(ent);
    free(strs);
    return w.err ? ZHX_EIO : ZHX_OK;
}

typedef struct rd {
    const unsigned char *p;
    size_t n, off;
    int bad;
} rd;

static const void *get(rd *d, size_t n)
{
    if (d->bad || n > d->n - d->off) {
        d->bad = 1;
        return NULL;
    }
    const void *p = d->p + d->off;
    d->off += n + (8 - n % 8) % 8;
    if (d->off > d->n)
        d->off = d->n;
    return p;
}

static uint64_t get64(rd *d)
{
    const void *p = get(d, 8);
    uint64_t x = 0;
    if (p)
        memcpy(&x, p, 8);
    return x;
}

/* Replace r's lexicons by the image when r holds exactly the embedded
 * rules and the image was made from the same embedded files. Returns 1
 * when the image is used (the automaton is then ready), 0 when not. */
int zhx_rules_blob_load(zhx_rules *r);
int zhx_rules_blob_load(zhx_rules *r)
{
    rd d = {zhx_blob_start(), zhx_blob_size(), 0, 0};
    if (!d.p || d.n < 80 || !r->only_defaults)
        return 0;
    if (get64(&d) != MAGIC || get64(&d) != embedded_sig())
        return 0;
    uint64_t n_lex = get64(&d), n_ent = get64(&d), cps_len = get64(&d),
             strs_len = get64(&d), n_nodes = get64(&d), hcap = get64(&d),
             n_pay = get64(&d), n_cover = get64(&d), n_recs = get64(&d),
             ebloom_mask = get64(&d);
    /* the lexicons the parser made must come first, in the same order */
    if (n_lex < r->n_lex || (int)n_cover != r->n_cover || d.bad)
        return 0;
    zhx_lexicon *lex = calloc(n_lex + 1, sizeof *lex);
    if (!lex)
        return 0;
    for (uint64_t i = 0; i < n_lex; i++) {
        uint64_t nl = get64(&d);
        const char *name = get(&d, nl + 1);
        const double *w = get(&d, sizeof(double));
        const int64_t *v = get(&d, 4 * sizeof(int64_t));
        if (d.bad || name[nl] || (i < r->n_lex && strcmp(name, r->lex[i].name)) ||
            !(lex[i].name = malloc(nl + 1))) {
            for (uint64_t j = 0; j <= i; j++)
                free(lex[j].name);
            free(lex);
            return 0;
        }
        memcpy(lex[i].name, name, nl + 1);
        lex[i].w = *w;
        lex[i].cover = (int)v[0];
        lex[i].loaded = (int)v[1];
        lex[i].n_entries = (uint32_t)v[2];
        lex[i].max_len = (uint32_t)v[3];
    }
    const void *ent = get(&d, n_ent * sizeof(zhx_entry));
    const void *cps = get(&d, cps_len);
    const void *strs = get(&d, strs_len);
    const void *npay = get(&d, n_nodes * sizeof(uint32_t));
    const void *npayn = get(&d, n_nodes * sizeof(uint32_t));
    const void *pay = get(&d, n_pay * sizeof(uint32_t));
    const void *pay_lex = get(&d, n_pay * sizeof(uint32_t));
    const void *ncov = get(&d, n_nodes * sizeof(uint64_t));
    const void *hs = get(&d, hcap * sizeof(struct zhx_hslot));
    const void *eb = get(&d, (ebloom_mask + 1) / 8);
    const void *root = get(&d, 2 * 65536 * sizeof(uint32_t));
    uint64_t n_kinds = get64(&d);
    const void *rk = get(&d, (n_recs + 1) * sizeof(uint32_t));
    const struct zhx_nrec *recs =
        get(&d, (n_kinds + 2) * sizeof(struct zhx_nrec));
    const void *nfwd = NULL, *nbwd = NULL;
    if (!d.bad) {
        nfwd = get(&d, recs[n_kinds + 1].fwd * sizeof(uint32_t));
        nbwd = get(&d, recs[n_kinds + 1].bwd * sizeof(uint32_t));
    }
    if (d.bad) {
        for (uint64_t j = 0; j < n_lex; j++)
            free(lex[j].name);
        free(lex);
        return 0;
    }
    for (size_t i = 0; i < r->n_lex; i++) {
        free(r->lex[i].name);
        free(r->lex[i].ents);
    }
    free(r->lex);
    r->lex = lex;
    r->n_lex = (size_t)n_lex;
    free(r->ent);
    zhx_buf_free(&r->cps);
    zhx_buf_free(&r->strs);
    /* borrowed from the image: read-only from here on, never freed */
    r->borrowed = 1;
    r->ent = (zhx_entry *)ent;
    r->n_ent = r->cap_ent = (size_t)n_ent;
    r->cps.p = (char *)cps;
    r->cps.len = (size_t)cps_len;
    r->strs.p = (char *)strs;
    r->strs.len = (size_t)strs_len;
    r->node_pay = (uint32_t *)npay;
    r->node_pay_n = (uint32_t *)npayn;
    r->pay = (uint32_t *)pay;
    r->pay_lex = (uint32_t *)pay_lex;
    r->n_pay = (size_t)n_pay;
    r->node_cover = (uint64_t *)ncov;
    r->hslots = (struct zhx_hslot *)hs;
    r->ebloom = (uint64_t *)eb;
    r->ebloom_mask = (size_t)ebloom_mask;
    r->hcap = (size_t)hcap;
    r->root = (uint32_t *)root;
    r->n_recs = (size_t)n_recs;
    r->n_nodes = (size_t)n_nodes;
    r->rec_kind = (uint32_t *)rk;
    r->recs = (struct zhx_nrec *)recs;
    r->nfwd = (uint32_t *)nfwd;
    r->nbwd = (uint32_t *)nbwd;
    r->n_kinds = (size_t)n_kinds;
    for (size_t i = 0; i < r->n_derived; i++)
        r->derived[i].state = 2;
    return 1;
}
