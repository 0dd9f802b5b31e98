/* The rule set: adding files, resolving lexicon names, compiling patterns
 * into programs for the matcher, and indexing rules by their anchors. */
#include "rules_int.h"
#include "embedded.h"

#include <stdlib.h>
#include <string.h>

void zhx_rule_free_fields(zhx_rule *ru);

zhx_rules *zhx_rules_new(void)
{
    return calloc(1, sizeof(zhx_rules));
}

void zhx_rules_free(zhx_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_rules; i++)
        zhx_rule_free_fields(&r->rules[i]);
    free(r->rules);
    for (size_t i = 0; i < r->n_files; i++)
        free(r->files[i]);
    free(r->files);
    for (size_t i = 0; i < r->n_lex; i++) {
        free(r->lex[i].name);
        free(r->lex[i].ents);
    }
    free(r->lex);
    if (!r->borrowed) {
        free(r->ent);
        zhx_buf_free(&r->cps);
        zhx_buf_free(&r->strs);
        free(r->node_pay);
        free(r->node_pay_n);
        free(r->hslots);
        free(r->ebloom);
        free(r->pay);
        free(r->pay_lex);
        free(r->node_cover);
        free(r->root);
        free(r->recs);
        free(r->rec_kind);
        free(r->nfwd);
        free(r->nbwd);
    }
    for (size_t i = 0; i < r->n_classes; i++) {
        free(r->classes[i].in.ranges);
        free(r->classes[i].minus.ranges);
    }
    free(r->classes);
    for (size_t i = 0; i < r->n_derived; i++) {
        zhx_derived *d = &r->derived[i];
        for (size_t j = 0; j < d->n_bases; j++)
            free(d->bases[j]);
        free(d->bases);
        for (size_t j = 0; j < d->n_conds; j++) {
            free(d->conds[j].key);
            free(d->conds[j].val);
        }
        free(d->conds);
        free(d->wfield);
    }
    free(r->derived);
    free(r->lexbit);
    free(r->fwd_off);
    free(r->fwd);
    free(r->bwd_off);
    free(r->bwd);
    free(r->scan);
    free(r);
}

int zhx_rules_add(zhx_rules *r, const char *name, const char *text,
                  size_t len, zhx_error *err)
{
    if (!r->adding_defaults)
        r->user_files = 1;
    if (r->compiled)
        return zhx_error_set(err, ZHX_EINVAL, name, 0, 0,
                             "rules already compiled");
    char **p = realloc(r->files, (r->n_files + 1) * sizeof *p);
    if (!p)
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    r->files = p;
    size_t nl = strlen(name);
    if (!(r->files[r->n_files] = malloc(nl + 1)))
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(r->files[r->n_files++], name, nl + 1);
    return zhx_rules_parse(r, name, text, len, err);
}

int zhx_rules_add_defaults(zhx_rules *r, zhx_error *err)
{
    /* the entity rules are the top-level files; rules/meta/ and other
     * folders belong to other stages */
    if (r->defaults)
        return ZHX_OK;
    r->adding_defaults = 1;
    for (const zhx_embedded_file *f = zhx_embedded_files; f->name; f++) {
        size_t n = strlen(f->name);
        if (n > 6 && strcmp(f->name + n - 6, ".rules") == 0 &&
            !strchr(f->name, '/')) {
            int rc = zhx_rules_add(r, f->name, f->data, f->len, err);
            if (rc) {
                r->adding_defaults = 0;
                return rc;
            }
        }
    }
    r->adding_defaults = 0;
    r->defaults = 1;
    return ZHX_OK;
}

size_t zhx_rules_count(const zhx_rules *r)
{
    return r->n_rules;
}

size_t zhx_rules_lexicon_entries(const zhx_rules *r)
{
    return r->n_pay;
}

/* ---- resolving names --------------------------------------------------- */

static int hidden_lex(zhx_rules *r, const uint32_t *s, size_t n,
                      zhx_error *err)
{
    char name[4 * ZHX_MAX_ENTRY + 2];
    size_t k = 0;
    name[k++] = '"';
    for (size_t i = 0; i < n; i++)
        k += (size_t)zhx_utf8_encode(s[i], name + k);
    name[k] = '\0';
    int id = zhx_lex_find(r, name);
    if (id >= 0)
        return id;
    id = zhx_lex_get(r, name, k, err);
    if (id < 0)
        return -1;
    r->lex[id].loaded = 3;
    if (zhx_lex_add_entry(r, (uint32_t)id, name + 1, k - 1, NULL, 0, err))
        return -1;
    return id;
}

int zhx_lex_resolve_name(zhx_rules *r, const char *name, const char *file,
                         unsigned long line, unsigned long col,
                         zhx_error *err);
int zhx_lex_resolve_name(zhx_rules *r, const char *name, const char *file,
                         unsigned long line, unsigned long col,
                         zhx_error *err)
{
    int id = zhx_lex_get(r, name, strlen(name), err);
    if (id < 0)
        return -1;
    for (size_t i = 0; i < r->n_derived; i++)
        if (r->derived[i].lex == (uint32_t)id &&
            zhx_lex_derive(r, &r->derived[i], err))
            return -1;
    if (zhx_lex_load_embedded(r, (uint32_t)id, err))
        return -1;
    if (!(r->lex[id].loaded & 2)) {
        /* known only if some embedded file fed it */
        if (!r->lex[id].n_entries) {
            zhx_error_set(err, ZHX_ESYNTAX, file, line, col,
                          "unknown lexicon @%s", name);
            return -1;
        }
        r->lex[id].loaded |= 2;
    }
    return id;
}

static int resolve_lex(zhx_rules *r, const char *name, const zhx_rule *ru,
                       unsigned long line, unsigned long col, zhx_error *err)
{
    return zhx_lex_resolve_name(r, name, ru->file, line, col, err);
}

static int resolve(zhx_rules *r, zhx_rule *ru, zhx_node *n, zhx_error *err)
{
    if (n->kind == ZHX_N_LEX) {
        int id = resolve_lex(r, n->name, ru, ru->pat_line,
                             ru->pat_col + n->col, err);
        if (id < 0)
            return err ? err->code : ZHX_ESYNTAX;
        n->id = (uint32_t)id;
    } else if (n->kind == ZHX_N_STR) {
        int id = hidden_lex(r, n->str, n->slen, err);
        if (id < 0)
            return err ? err->code : ZHX_ENOMEM;
        n->id = (uint32_t)id;
    }
    for (size_t i = 0; i < n->n_kids; i++) {
        int rc = resolve(r, ru, n->kids[i], err);
        if (rc)
            return rc;
    }
    return ZHX_OK;
}

/* Lexicons used inside classes must have their entries loaded too. */
static int resolve_cover(zhx_rules *r, zhx_error *err)
{
    for (size_t i = 0; i < r->n_lex; i++)
        if (r->lex[i].cover >= 0 &&
            zhx_lex_resolve_name(r, r->lex[i].name, r->lex[i].ref_file,
                                 r->lex[i].ref_line, r->lex[i].ref_col,
                                 err) < 0)
            return err ? err->code : ZHX_ENOMEM;
    return ZHX_OK;
}

/* ---- code generation --------------------------------------------------- */

typedef struct cctx {
    zhx_inst *p;
    size_t n, cap;
    int in_span;
    int overflow;
} cctx;

static size_t emit(cctx *c, uint8_t op, uint32_t a, uint32_t b)
{
    if (c->n >= ZHX_MAX_PROG) {
        c->overflow = 1;
        return c->n;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        zhx_inst *p = realloc(c->p, cap * sizeof *p);
        if (!p) {
            c->overflow = 2;
            return c->n;
        }
        c->p = p;
        c->cap = cap;
    }
    zhx_inst *in = &c->p[c->n];
    memset(in, 0, sizeof *in);
    in->op = op;
    in->a = a;
    in->b = b;
    return c->n++;
}

static void gen(cctx *c, const zhx_node *n, int back)
{
    if (c->overflow)
        return;
    switch (n->kind) {
    case ZHX_N_STR:
    case ZHX_N_LEX: {
        size_t i = emit(c, ZHX_OP_LEX, n->id, 0);
        if (!c->overflow)
            c->p[i].kind = (uint8_t)c->in_span;
        break;
    }
    case ZHX_N_ANY:
        emit(c, ZHX_OP_ANY, 0, 0);
        break;
    case ZHX_N_CLASS:
        emit(c, ZHX_OP_CLASS, n->id, 0);
        break;
    case ZHX_N_SEQ:
        for (size_t i = 0; i < n->n_kids; i++)
            gen(c, n->kids[back ? n->n_kids - 1 - i : i], back);
        break;
    case ZHX_N_ALT: {
        size_t jumps[256], nj = 0;
        for (size_t i = 0; i < n->n_kids; i++) {
            size_t split = 0;
            if (i + 1 < n->n_kids)
                split = emit(c, ZHX_OP_SPLIT, 0, 0);
            gen(c, n->kids[i], back);
            if (i + 1 < n->n_kids) {
                size_t j = emit(c, ZHX_OP_JMP, 0, 0);
                if (nj < 256)
                    jumps[nj++] = j;
                else
                    c->overflow = 1;
                if (c->overflow)
                    return;
                c->p[split].a = (uint32_t)split + 1;
                c->p[split].b = (uint32_t)c->n;
            }
        }
        if (c->overflow)
            return;
        for (size_t i = 0; i < nj; i++)
            c->p[jumps[i]].a = (uint32_t)c->n;
        break;
    }
    case ZHX_N_REP: {
        const zhx_node *k = n->kids[0];
        for (int i = 0; i < n->min; i++)
            gen(c, k, back);
        if (n->max < 0) {
            size_t split = emit(c, ZHX_OP_SPLIT, 0, 0);
            gen(c, k, back);
            emit(c, ZHX_OP_JMP, (uint32_t)split, 0);
            if (c->overflow)
                return;
            c->p[split].a = (uint32_t)split + 1;
            c->p[split].b = (uint32_t)c->n;
        } else {
            size_t splits[ZHX_MAX_REPEAT + 1], ns = 0;
            for (int i = n->min; i < n->max; i++) {
                splits[ns++] = emit(c, ZHX_OP_SPLIT, 0, 0);
                gen(c, k, back);
            }
            if (c->overflow)
                return;
            for (size_t i = 0; i < ns; i++) {
                c->p[splits[i]].a = (uint32_t)splits[i] + 1;
                c->p[splits[i]].b = (uint32_t)c->n;
            }
        }
        break;
    }
    case ZHX_N_CAP: {
        int save = c->in_span;
        uint32_t s0 = (uint32_t)(2 * n->slot), s1 = s0 + 1;
        emit(c, ZHX_OP_SAVE, back ? s1 : s0, 0);
        if (n->slot == 0)
            c->in_span = 1;
        gen(c, n->kids[0], back);
        c->in_span = save;
        emit(c, ZHX_OP_SAVE, back ? s0 : s1, 0);
        break;
    }
    case ZHX_N_TEST: {
        const zhx_node *k = n->kids[0];
        uint8_t kind = ZHX_T_ANY;
        uint32_t a = 0;
        if (k->kind == ZHX_N_STR || k->kind == ZHX_N_LEX)
            kind = ZHX_T_LEX, a = k->id;
        else if (k->kind == ZHX_N_CLASS)
            kind = ZHX_T_CLASS, a = k->id;
        size_t i = emit(c, ZHX_OP_TEST, a, 0);
        if (!c->overflow) {
            c->p[i].kind = kind;
            c->p[i].neg = (uint8_t)n->neg;
            c->p[i].behind = (uint8_t)n->behind;
        }
        break;
    }
    case ZHX_N_BOS:
    case ZHX_N_EOS: {
        size_t i = emit(c, ZHX_OP_TEST, 0, 0);
        if (!c->overflow)
            c->p[i].kind = n->kind == ZHX_N_BOS ? ZHX_T_BOS : ZHX_T_EOS;
        break;
    }
    }
}

/* First (or last) consuming elements: a set of lexicons, or "any" when a
 * class or '.' can come first. Returns nullable. */
typedef struct aset {
    uint32_t lex[64];
    size_t n;
    int any;
    int cls;               /* the one class that can come first, or -1 */
    int n_cls;
} aset;

static void aset_add(aset *s, uint32_t x)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->lex[i] == x)
            return;
    if (s->n < 64)
        s->lex[s->n++] = x;
    else
        s->any = 1;
}

static int firsts(const zhx_node *n, int last, aset *s)
{
    switch (n->kind) {
    case ZHX_N_STR:
    case ZHX_N_LEX:
        aset_add(s, n->id);
        return 0;
    case ZHX_N_ANY:
        s->any = 1;
        s->n_cls = 2; /* '.' is no single class */
        return 0;
    case ZHX_N_CLASS:
        s->any = 1;
        if (s->n_cls == 0 || s->cls != (int)n->id)
            s->n_cls++;
        s->cls = (int)n->id;
        return 0;
    case ZHX_N_TEST:
    case ZHX_N_BOS:
    case ZHX_N_EOS:
        return 1;
    case ZHX_N_SEQ:
        for (size_t i = 0; i < n->n_kids; i++)
            if (!firsts(n->kids[last ? n->n_kids - 1 - i : i], last, s))
                return 0;
        return 1;
    case ZHX_N_ALT: {
        int nullable = 0;
        for (size_t i = 0; i < n->n_kids; i++)
            nullable |= firsts(n->kids[i], last, s);
        return nullable;
    }
    case ZHX_N_REP:
        return firsts(n->kids[0], last, s) || n->min == 0;
    case ZHX_N_CAP:
        return firsts(n->kids[0], last, s);
    }
    return 1;
}

/* Lexicons that every match must consume: the literal and lexicon
 * elements of the top-level sequence (through captures). */
static void required(zhx_rule *ru, const zhx_node *n)
{
    if (n->kind == ZHX_N_CAP) {
        required(ru, n->kids[0]);
    } else if (n->kind == ZHX_N_SEQ) {
        for (size_t i = 0; i < n->n_kids; i++)
            required(ru, n->kids[i]);
    } else if ((n->kind == ZHX_N_STR || n->kind == ZHX_N_LEX) &&
               ru->n_req < 8) {
        ru->req[ru->n_req++] = n->id;
    } else if (n->kind == ZHX_N_REP && n->min > 0) {
        required(ru, n->kids[0]);
    }
}

/* Shortest and longest text a node can consume (lexicon entries are at
 * least one character; ZHX_WINDOW + 1 stands for "more than a match can
 * hold"). */
static void len_range(const zhx_rules *r, const zhx_node *n, int *lo, int *hi)
{
    int a = 0, b = 0;
    switch (n->kind) {
    case ZHX_N_STR:
        a = b = (int)n->slen;
        break;
    case ZHX_N_LEX:
        a = 1;
        b = r->lex[n->id].max_len > 1 ? (int)r->lex[n->id].max_len : 1;
        break;
    case ZHX_N_ANY:
    case ZHX_N_CLASS:
        a = b = 1;
        break;
    case ZHX_N_SEQ:
        for (size_t i = 0; i < n->n_kids; i++) {
            int x, y;
            len_range(r, n->kids[i], &x, &y);
            a += x;
            b += y;
        }
        break;
    case ZHX_N_ALT:
        for (size_t i = 0; i < n->n_kids; i++) {
            int x, y;
            len_range(r, n->kids[i], &x, &y);
            if (i == 0 || x < a)
                a = x;
            if (y > b)
                b = y;
        }
        break;
    case ZHX_N_REP: {
        int x, y;
        len_range(r, n->kids[0], &x, &y);
        a = n->min * x;
        b = n->max < 0 ? (y ? ZHX_WINDOW + 1 : 0) : n->max * y;
        break;
    }
    case ZHX_N_CAP:
        len_range(r, n->kids[0], &a, &b);
        break;
    default: /* tests and sentence bounds consume nothing */
        break;
    }
    if (a > ZHX_WINDOW + 1)
        a = ZHX_WINDOW + 1;
    if (b > ZHX_WINDOW + 1)
        b = ZHX_WINDOW + 1;
    *lo = a;
    *hi = b;
}

/* The offsets from the anchor at which each literal or lexicon of the
 * top-level sequence (the ones required() lists) must start, or for a
 * backward rule end, in every match. *lo, *hi: the range where n begins,
 * updated to where it ends. Narrow ranges are kept in ru->win. */
static void windows(const zhx_rules *r, zhx_rule *ru, const zhx_node *n,
                    int *lo, int *hi)
{
    int a, b;
    switch (n->kind) {
    case ZHX_N_CAP:
        windows(r, ru, n->kids[0], lo, hi);
        return;
    case ZHX_N_SEQ:
        for (size_t i = 0; i < n->n_kids; i++)
            windows(r, ru, n->kids[ru->backward ? n->n_kids - 1 - i : i], lo,
                    hi);
        return;
    case ZHX_N_REP:
        if (n->min > 0) {
            /* the rounds every match has follow each other from where
             * the repetition begins (a foreign name's second character
             * lies one on from the first) */
            int l = *lo, h = *hi;
            for (int k = 0; k < n->min && k < 4; k++)
                windows(r, ru, n->kids[0], &l, &h);
        }
        break;
    case ZHX_N_STR:
    case ZHX_N_LEX: {
        int h = *hi < ZHX_WINDOW - 1 ? *hi : ZHX_WINDOW - 1;
        if (*lo <= h && h - *lo <= 16 && ru->n_win < 8) {
            struct zhx_win *w = &ru->win[ru->n_win++];
            w->lex = n->id;
            w->bit = -1;
            w->lo = (uint8_t)*lo;
            w->hi = (uint8_t)h;
        }
        break;
    }
    default:
        break;
    }
    len_range(r, n, &a, &b);
    *lo += a;
    *hi += b;
    if (*lo > ZHX_WINDOW + 1)
        *lo = ZHX_WINDOW + 1;
    if (*hi > ZHX_WINDOW + 1)
        *hi = ZHX_WINDOW + 1;
}

int zhx_rule_compile(zhx_rules *r, zhx_rule *ru, zhx_error *err)
{
    required(ru, ru->ast);
    aset f, l;
    memset(&f, 0, sizeof f);
    memset(&l, 0, sizeof l);
    f.cls = l.cls = -1;
    ru->first_class = -1;
    int fnull = firsts(ru->ast, 0, &f);
    int lnull = firsts(ru->ast, 1, &l);
    const aset *use = NULL;
    if (ru->anchor_last && !lnull && !l.any && l.n) {
        use = &l;
        ru->backward = 1;
    } else if (!fnull && !f.any && f.n)
        use = &f;
    else if (!lnull && !l.any && l.n) {
        use = &l;
        ru->backward = 1;
    } else if (!fnull && !f.n && f.n_cls == 1) {
        /* tried only where the first character is in the class */
        ru->first_class = f.cls;
    }
    cctx c;
    memset(&c, 0, sizeof c);
    gen(&c, ru->ast, ru->backward);
    emit(&c, ZHX_OP_MATCH, 0, 0);
    if (c.overflow) {
        free(c.p);
        if (c.overflow == 2)
            return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
        return zhx_error_set(err, ZHX_ELIMIT, ru->file, ru->pat_line,
                             ru->pat_col, "pattern of rule '%s' compiles to "
                             "more than %d instructions", ru->id,
                             ZHX_MAX_PROG);
    }
    /* in-degrees: the entry, fall-throughs, jump and split targets */
    uint32_t *deg = calloc(c.n + 1, sizeof *deg);
    if (!deg) {
        free(c.p);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    deg[0]++;
    for (size_t i = 0; i < c.n; i++) {
        const zhx_inst *in = &c.p[i];
        if (in->op == ZHX_OP_SPLIT) {
            deg[in->a]++;
            deg[in->b]++;
        } else if (in->op == ZHX_OP_JMP) {
            deg[in->a]++;
        } else if (in->op != ZHX_OP_MATCH) {
            deg[i + 1]++;
        }
    }
    for (size_t i = 0; i < c.n; i++)
        c.p[i].join = deg[i] > 1;
    free(deg);
    ru->prog = c.p;
    ru->n_prog = c.n;
    /* a program that opens with ^ (after its saves) runs only there */
    size_t k = 0;
    while (k < c.n && c.p[k].op == ZHX_OP_SAVE)
        k++;
    ru->at_bos = !ru->backward && k < c.n && c.p[k].op == ZHX_OP_TEST &&
                 c.p[k].kind == ZHX_T_BOS && !c.p[k].neg;
    int wlo = 0, whi = 0;
    windows(r, ru, ru->ast, &wlo, &whi);
    if (c.n > r->max_prog)
        r->max_prog = c.n;
    if (use) {
        ru->anchors = malloc(use->n * sizeof *ru->anchors);
        if (!ru->anchors)
            return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
        memcpy(ru->anchors, use->lex, use->n * sizeof *ru->anchors);
        ru->n_anchors = use->n;
    }
    return ZHX_OK;
}

static int build_index(zhx_rules *r, int back, uint32_t **off_out,
                       uint32_t **idx_out)
{
    uint32_t *off = calloc(r->n_lex + 2, sizeof *off);
    if (!off)
        return ZHX_ENOMEM;
    size_t total = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ru = &r->rules[i];
        if (ru->backward != back)
            continue;
        for (size_t j = 0; j < ru->n_anchors; j++) {
            off[ru->anchors[j] + 1]++;
            total++;
        }
    }
    for (size_t i = 0; i < r->n_lex; i++)
        off[i + 1] += off[i];
    uint32_t *idx = malloc((total + 1) * sizeof *idx);
    uint32_t *fill = calloc(r->n_lex + 1, sizeof *fill);
    if (!idx || !fill) {
        free(off);
        free(idx);
        free(fill);
        return ZHX_ENOMEM;
    }
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ru = &r->rules[i];
        if (ru->backward != back)
            continue;
        for (size_t j = 0; j < ru->n_anchors; j++) {
            uint32_t L = ru->anchors[j];
            idx[off[L] + fill[L]++] = (uint32_t)i;
        }
    }
    free(fill);
    *off_out = off;
    *idx_out = idx;
    return ZHX_OK;
}

/* Give the lexicons the matcher asks about most (patterns, tests,
 * features) a bit each, up to ZHX_LEXBITS, and mark each record with the
 * bits of its lexicons (and the cover bits of its node): a miss is then
 * one bit test. */
static int lex_bits(zhx_rules *r)
{
    r->lexbit = malloc((r->n_lex + 1) * sizeof *r->lexbit);
    if (!r->lexbit)
        return ZHX_ENOMEM;
    for (size_t i = 0; i < r->n_lex; i++)
        r->lexbit[i] = -1;
    int next = 0;
    /* required lexicons first: they let whole rules be skipped */
    for (size_t i = 0; i < r->n_rules && next < ZHX_LEXBITS; i++)
        for (size_t j = 0; j < r->rules[i].n_req && next < ZHX_LEXBITS; j++)
            if (r->lexbit[r->rules[i].req[j]] < 0)
                r->lexbit[r->rules[i].req[j]] = (int16_t)next++;
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ru = &r->rules[i];
        for (size_t j = 0; j < ru->n_req; j++) {
            int b = r->lexbit[ru->req[j]];
            if (b >= 0)
                ru->req_mask[b >> 6] |= 1ULL << (b & 63);
        }
    }
    for (size_t i = 0; i < r->n_rules && next < ZHX_LEXBITS; i++)
        for (size_t j = 0; j < r->rules[i].n_win && next < ZHX_LEXBITS; j++)
            if (r->lexbit[r->rules[i].win[j].lex] < 0)
                r->lexbit[r->rules[i].win[j].lex] = (int16_t)next++;
    /* a window that holds everywhere the rule is tried (its anchor) is
     * dropped; the others keep their bit */
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ru = &r->rules[i];
        size_t k = 0;
        for (size_t j = 0; j < ru->n_win; j++) {
            struct zhx_win w = ru->win[j];
            w.bit = r->lexbit[w.lex];
            if (w.bit < 0)
                continue;
            if (w.lo == 0 && w.hi == 0 && ru->n_anchors == 1 &&
                ru->anchors[0] == w.lex)
                continue;
            ru->win[k++] = w;
        }
        ru->n_win = k;
    }
    for (size_t i = 0; i < r->n_rules && next < ZHX_LEXBITS; i++) {
        const zhx_rule *ru = &r->rules[i];
        for (size_t j = 0; j < ru->n_prog && next < ZHX_LEXBITS; j++) {
            const zhx_inst *in = &ru->prog[j];
            if ((in->op == ZHX_OP_LEX ||
                 (in->op == ZHX_OP_TEST && in->kind == ZHX_T_LEX)) &&
                r->lexbit[in->a] < 0)
                r->lexbit[in->a] = (int16_t)next++;
        }
        for (size_t j = 0; j < ru->n_feat && next < ZHX_LEXBITS; j++)
            if (!ru->feat[j].is_class && r->lexbit[ru->feat[j].lex] < 0)
                r->lexbit[ru->feat[j].lex] = (int16_t)next++;
    }
    /* LEX steps and lexicon tests carry their lexicon's bit + 1 (0: none)
     * in the otherwise unused b; features their bit */
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ru = &r->rules[i];
        for (size_t j = 0; j < ru->n_feat; j++)
            ru->feat[j].bit =
                ru->feat[j].is_class ? -1 : r->lexbit[ru->feat[j].lex];
        if (ru->n_feat &&
            !(ru->fop = calloc(ru->n_feat, sizeof *ru->fop)))
            return ZHX_ENOMEM;
        for (size_t j = 0; j < ru->n_feat; j++) {
            const zhx_feature *f = &ru->feat[j];
            zhx_fop *o = &ru->fop[j];
            o->w = f->w;
            o->where = (uint8_t)f->where;
            o->bit = (int16_t)f->bit;
            o->arg = f->lex;
            if (f->is_class)
                o->op = f->where == ZHX_F_BEFORE   ? ZHX_FOP_CBEFORE
                        : f->where == ZHX_F_AFTER  ? ZHX_FOP_CAFTER
                        : f->where == ZHX_F_INSIDE ? ZHX_FOP_CINSIDE
                                                   : ZHX_FOP_NONE;
            else if (f->bit < 0)
                o->op = ZHX_FOP_SEARCH;
            else
                switch (f->where) {
                case ZHX_F_BEFORE: o->op = ZHX_FOP_BEFORE; break;
                case ZHX_F_AFTER: o->op = ZHX_FOP_AFTER; break;
                case ZHX_F_INSIDE: o->op = ZHX_FOP_INSIDE; break;
                case ZHX_F_CROSS: o->op = ZHX_FOP_CROSS; break;
                case ZHX_F_CROSS_START: o->op = ZHX_FOP_CROSS_START; break;
                case ZHX_F_CROSS_END: o->op = ZHX_FOP_CROSS_END; break;
                default: o->op = ZHX_FOP_NONE; break;
                }
        }
        for (size_t j = 0; j < ru->n_prog; j++) {
            zhx_inst *in = &ru->prog[j];
            if (in->op == ZHX_OP_LEX ||
                (in->op == ZHX_OP_TEST && in->kind == ZHX_T_LEX))
                in->b = (uint32_t)(r->lexbit[in->a] + 1);
            if (in->op == ZHX_OP_LEX)
                in->one = r->lex[in->a].max_len <= 1;
        }
    }
    return ZHX_OK;
}

static int same_inst(const zhx_inst *x, const zhx_inst *y)
{
    return x->op == y->op && x->neg == y->neg && x->behind == y->behind &&
           x->kind == y->kind && x->a == y->a && x->b == y->b;
}

/* Twins (zhx_rule.twin): of the rules j before i in the same direction,
 * the one whose program shares the longest beginning with i's. If j fails
 * without branching, its states lie on straight paths whose last
 * instructions are those it failed at; when all of them are inside the
 * shared beginning, i reaches the same states and no others. (Joins may
 * differ, but a join inside the beginning is reached again only from
 * beyond it.) */
static void twins(zhx_rules *r)
{
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ri = &r->rules[i];
        ri->twin = -1;
        ri->twin_len = 0;
        /* rules that begin alike stand near each other; looking back a
         * bounded way keeps a file of thousands of rules linear */
        size_t from = i > 512 ? i - 512 : 0;
        for (size_t j = i; j-- > from;) {
            const zhx_rule *rj = &r->rules[j];
            if (rj->backward != ri->backward)
                continue;
            size_t x = 0;
            while (x < ri->n_prog && x < rj->n_prog &&
                   same_inst(&ri->prog[x], &rj->prog[x]))
                x++;
            if (x > ri->twin_len) {
                ri->twin = (int32_t)j;
                ri->twin_len = (uint32_t)x;
            }
        }
    }
}

/* Append the rules of lidx[loff[L] .. loff[L + 1]) to *idx unless seen at
 * this record (stamp). */
static int add_rules(const uint32_t *loff, const uint32_t *lidx, uint32_t L,
                     uint32_t *seen, uint32_t stamp, uint32_t **idx,
                     size_t *n, size_t *cap)
{
    for (uint32_t x = loff[L]; x < loff[L + 1]; x++) {
        uint32_t ri = lidx[x];
        if (seen[ri] == stamp)
            continue;
        seen[ri] = stamp;
        if (*n == *cap) {
            uint32_t *p = realloc(*idx, (*cap *= 2) * sizeof *p);
            if (!p)
                return -1;
            *idx = p;
        }
        (*idx)[(*n)++] = ri;
    }
    return 0;
}

/* In rule order (insertion sort: lists are short). */
static void sort_rules(uint32_t *idx, size_t st, size_t n)
{
    for (size_t a = st + 1; a < n; a++)
        for (size_t b = a; b > st && idx[b - 1] > idx[b]; b--) {
            uint32_t t = idx[b];
            idx[b] = idx[b - 1];
            idx[b - 1] = t;
        }
}

/* A record's kind: the lexicons there that have a bit or anchor rules,
 * and its cover bits. Everything the matcher asks of a record follows
 * from them, and most records share one with many others (all the plain
 * words, say). */
static uint64_t kind_hash(const uint32_t *l, size_t n, uint64_t cover)
{
    uint64_t h = cover * 0x9E3779B97F4A7C15ULL + n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ l[i]) * 0x100000001B3ULL;
    return h ^ h >> 29;
}

/* Double the kinds' table and put kinds 1..n back in it. */
static int regrow(const zhx_rules *r, uint32_t **table, size_t *tcap,
                  const uint32_t *klex, const uint32_t *koff, size_t n)
{
    size_t cap = *tcap * 2;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (uint32_t k = 1; k <= n; k++) {
        size_t i = kind_hash(klex + koff[k], koff[k + 1] - koff[k],
                             r->recs[k].cover) & (cap - 1);
        while (t[i])
            i = (i + 1) & (cap - 1);
        t[i] = k;
    }
    free(*table);
    *table = t;
    *tcap = cap;
    return 0;
}

/* Fill the kinds (after lex_bits): the bits and cover of each, and the
 * rules anchored on any of its lexicons, each once, in rule order,
 * forward (nfwd) and backward (nbwd): the matcher tries them straight
 * from a hit. One pass over the nodes, which finds each record's kind
 * (rec_kind) and fills a kind when it first comes up. */
static int index_nodes(zhx_rules *r)
{
    uint8_t *anch = calloc(r->n_lex + 1, 1);
    uint32_t *seen_f = calloc(r->n_rules + 1, sizeof *seen_f);
    uint32_t *seen_b = calloc(r->n_rules + 1, sizeof *seen_b);
    size_t cap_f = 1024, cap_b = 1024, nf = 0, nb = 0, rec = 0, kinds = 0;
    uint32_t *fwd = malloc(cap_f * sizeof *fwd);
    uint32_t *bwd = malloc(cap_b * sizeof *bwd);
    /* the kinds so far: their lexicons (klex from koff), by hash in an
     * open-addressing table of kind numbers, kept at most half full. It
     * grows with the kinds (hundreds), not the records (hundreds of
     * thousands): a small table stays cached, and a big one costs a page
     * fault per first touch at every start-up. */
    size_t tcap = 1024;
    uint32_t *table = calloc(tcap, sizeof *table);
    uint32_t *koff = malloc((r->n_recs + 2) * sizeof *koff);
    size_t cap_l = 1024, nl = 0;
    uint32_t *klex = malloc(cap_l * sizeof *klex);
    uint32_t *cur = malloc((r->n_lex + 1) * sizeof *cur);
    r->rec_kind = malloc((r->n_recs + 2) * sizeof *r->rec_kind);
    r->recs = calloc(r->n_recs + 2, sizeof *r->recs);
    int rc = ZHX_ENOMEM;
    if (!anch || !seen_f || !seen_b || !fwd || !bwd || !table || !koff ||
        !klex || !cur || !r->rec_kind || !r->recs)
        goto out;
    /* which lexicons have a bit or anchor rules: the others are passed
     * over at a glance */
    for (size_t L = 0; L < r->n_lex; L++)
        anch[L] = (r->fwd_off[L] != r->fwd_off[L + 1]) |
                  (r->bwd_off[L] != r->bwd_off[L + 1]) << 1 |
                  (r->lexbit[L] >= 0) << 2;
    r->rec_kind[0] = 0;
    koff[1] = 0;
    for (size_t node = 0; node < r->n_nodes; node++) {
        uint32_t np = r->node_pay_n[node];
        if (!np)
            continue;
        rec++;
        const uint32_t *pl = r->pay_lex + r->node_pay[node];
        size_t nc = 0;
        for (uint32_t k = 0; k < np; k++)
            if (anch[pl[k]])
                cur[nc++] = pl[k];
        uint64_t cover = r->node_cover[node];
        /* room for one more kind, so the probe below can end in a new one */
        if (2 * (kinds + 1) > tcap &&
            regrow(r, &table, &tcap, klex, koff, kinds))
            goto out;
        size_t t = kind_hash(cur, nc, cover) & (tcap - 1);
        for (; table[t]; t = (t + 1) & (tcap - 1)) {
            uint32_t k = table[t];
            if (r->recs[k].cover == cover && koff[k + 1] - koff[k] == nc &&
                !memcmp(klex + koff[k], cur, nc * sizeof *cur))
                break;
        }
        if (table[t]) {
            r->rec_kind[rec] = table[t];
            continue;
        }
        /* a new kind */
        uint32_t kd = (uint32_t)++kinds;
        table[t] = kd;
        r->rec_kind[rec] = kd;
        if (nl + nc > cap_l) {
            while (nl + nc > cap_l)
                cap_l *= 2;
            uint32_t *q = realloc(klex, cap_l * sizeof *q);
            if (!q)
                goto out;
            klex = q;
        }
        memcpy(klex + nl, cur, nc * sizeof *cur);
        nl += nc;
        koff[kd + 1] = (uint32_t)nl;
        struct zhx_nrec *nr = &r->recs[kd];
        nr->fwd = (uint32_t)nf;
        nr->bwd = (uint32_t)nb;
        nr->cover = cover;
        size_t sf = nf, sb = nb;
        for (size_t k = 0; k < nc; k++) {
            uint32_t L = cur[k];
            if (anch[L] & 4) {
                int b = r->lexbit[L];
                nr->bits[b >> 6] |= 1ULL << (b & 63);
            }
            if (((anch[L] & 1) &&
                 add_rules(r->fwd_off, r->fwd, L, seen_f, kd, &fwd, &nf,
                           &cap_f)) ||
                ((anch[L] & 2) &&
                 add_rules(r->bwd_off, r->bwd, L, seen_b, kd, &bwd, &nb,
                           &cap_b)))
                goto out;
        }
        sort_rules(fwd, sf, nf);
        sort_rules(bwd, sb, nb);
    }
    /* the kind after the last closes its lists */
    r->recs[kinds + 1].fwd = (uint32_t)nf;
    r->recs[kinds + 1].bwd = (uint32_t)nb;
    /* sized for a kind per record; far fewer came up */
    struct zhx_nrec *fit = realloc(r->recs, (kinds + 2) * sizeof *fit);
    if (fit)
        r->recs = fit;
    r->nfwd = fwd;
    r->nbwd = bwd;
    r->n_kinds = kinds;
    fwd = bwd = NULL;
    rc = ZHX_OK;
out:
    free(anch);
    free(seen_f);
    free(seen_b);
    free(fwd);
    free(bwd);
    free(table);
    free(koff);
    free(klex);
    free(cur);
    return rc;
}

int zhx_rules_compile(zhx_rules *r, zhx_error *err)
{
    if (r->compiled)
        return ZHX_OK;
    int rc;
    /* the embedded rules alone: their lexicons were compiled at build time
     * (src/rules_blob.c) */
    r->only_defaults = r->defaults && !r->user_files;
    int from_image = zhx_rules_blob_load(r);
    for (size_t i = 0; i < r->n_derived; i++)
        if ((rc = zhx_lex_derive(r, &r->derived[i], err)))
            return rc;
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ru = &r->rules[i];
        if ((rc = resolve(r, ru, ru->ast, err)))
            return rc;
        for (size_t j = 0; j < ru->n_feat; j++) {
            if (ru->feat[j].is_class)
                continue;
            int id = resolve_lex(r, ru->feat[j].lexname, ru, ru->feat[j].line,
                                 ru->feat[j].col, err);
            if (id < 0)
                return err ? err->code : ZHX_ESYNTAX;
            ru->feat[j].lex = (uint32_t)id;
        }
        /* most negative first: lets the matcher stop early */
        for (size_t a = 1; a < ru->n_feat; a++)
            for (size_t b = a; b > 0 && ru->feat[b - 1].w > ru->feat[b].w;
                 b--) {
                zhx_feature t = ru->feat[b];
                ru->feat[b] = ru->feat[b - 1];
                ru->feat[b - 1] = t;
            }
        ru->pos_sum = 0;
        for (size_t j = 0; j < ru->n_feat; j++)
            if (ru->feat[j].w > 0)
                ru->pos_sum += ru->feat[j].w;
        for (size_t j = 0; j < ru->n_norm; j++) {
            if (ru->norm[j].op != ZHX_NORM_LEX)
                continue;
            int id = resolve_lex(r, ru->norm[j].arg, ru, ru->line, 1, err);
            if (id < 0)
                return err ? err->code : ZHX_ESYNTAX;
            ru->norm[j].lex = (uint32_t)id;
        }
    }
    if ((rc = resolve_cover(r, err)))
        return rc;
    if (!from_image && (rc = zhx_lex_build(r, err)))
        return rc;
    size_t n_scan = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        zhx_rule *ru = &r->rules[i];
        if ((rc = zhx_rule_compile(r, ru, err)))
            return rc;
        zhx_node_free(ru->ast);
        ru->ast = NULL;
        if (!ru->n_anchors)
            n_scan++;
    }
    r->scan = malloc((n_scan + 1) * sizeof *r->scan);
    if (!r->scan)
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < r->n_rules; i++)
        if (!r->rules[i].n_anchors)
            r->scan[r->n_scan++] = (uint32_t)i;
    if (build_index(r, 0, &r->fwd_off, &r->fwd) ||
        build_index(r, 1, &r->bwd_off, &r->bwd) || lex_bits(r) ||
        (!from_image && index_nodes(r)))
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    twins(r); /* after lex_bits: it sets the lexicon bits in b */
    r->compiled = 1;
    return ZHX_OK;
}
