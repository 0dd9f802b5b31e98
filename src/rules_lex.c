/* Lexicons: named lists of entries with optional fields, merged into one
 * trie over code points whose nodes list (lexicon, entry) payloads. */
#include "rules_int.h"
#include "embedded.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lex_push(zhx_rules *r, uint32_t lex, uint32_t entry)
{
    zhx_lexicon *L = &r->lex[lex];
    if (L->n_entries == L->cap_ents) {
        size_t cap = L->cap_ents ? L->cap_ents * 2 : 16;
        uint32_t *p = realloc(L->ents, cap * sizeof *p);
        if (!p)
            return ZHX_ENOMEM;
        L->ents = p;
        L->cap_ents = cap;
    }
    L->ents[L->n_entries++] = entry;
    return ZHX_OK;
}

int zhx_lex_find(const zhx_rules *r, const char *name)
{
    for (size_t i = 0; i < r->n_lex; i++)
        if (strcmp(r->lex[i].name, name) == 0)
            return (int)i;
    return -1;
}

int zhx_lex_get(zhx_rules *r, const char *name, size_t n, zhx_error *err)
{
    for (size_t i = 0; i < r->n_lex; i++)
        if (strlen(r->lex[i].name) == n && !memcmp(r->lex[i].name, name, n))
            return (int)i;
    if (r->n_lex >= ZHX_MAX_LEXICONS) {
        zhx_error_set(err, ZHX_ELIMIT, NULL, 0, 0, "more than %u lexicons",
                      ZHX_MAX_LEXICONS);
        return -1;
    }
    zhx_lexicon *p = realloc(r->lex, (r->n_lex + 1) * sizeof *p);
    char *s = malloc(n + 1);
    if (!p || !s) {
        if (p)
            r->lex = p;
        free(s);
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    memcpy(s, name, n);
    s[n] = '\0';
    r->lex = p;
    zhx_lexicon *L = &r->lex[r->n_lex];
    memset(L, 0, sizeof *L);
    L->name = s;
    L->w = 1.0;
    L->cover = -1;
    return (int)r->n_lex++;
}

/* "text<TAB>key=value<TAB>..." into an entry of lex. */
int zhx_lex_add_entry(zhx_rules *r, uint32_t lex, const char *line,
                      size_t len, const char *file, unsigned long lineno,
                      zhx_error *err)
{
    size_t te = 0;
    while (te < len && line[te] != '\t')
        te++;
    size_t ts = 0, tend = te;
    while (ts < tend && line[ts] == ' ')
        ts++;
    while (tend > ts && (line[tend - 1] == ' ' || line[tend - 1] == '\r'))
        tend--;
    if (ts == tend)
        return ZHX_OK;
    if (r->n_ent >= ZHX_MAX_ENTRIES)
        return zhx_error_set(err, ZHX_ELIMIT, file, lineno, 1,
                             "more than %u lexicon entries", ZHX_MAX_ENTRIES);
    zhx_entry e;
    memset(&e, 0, sizeof e);
    e.lex = lex;
    e.norm = -1;
    e.fields = -1;
    e.base = -1;
    e.w = NAN;
    e.seq = (uint32_t)r->n_ent;
    e.off = (uint32_t)(r->cps.len / sizeof(uint32_t));
    size_t n = 0;
    uint32_t cp[ZHX_MAX_ENTRY];
    for (size_t i = ts; i < tend;) {
        uint32_t c;
        int k = zhx_utf8_decode((const unsigned char *)line + i, tend - i, &c);
        if (k <= 0)
            return zhx_error_set(err, ZHX_ESYNTAX, file, lineno, 1,
                                 "invalid UTF-8 in lexicon entry");
        if (n >= ZHX_MAX_ENTRY)
            return zhx_error_set(err, ZHX_ELIMIT, file, lineno, 1,
                                 "lexicon entry longer than %d characters",
                                 ZHX_MAX_ENTRY);
        cp[n++] = zhx_fold_cp(c);
        i += (size_t)k;
    }
    if (zhx_buf_add(&r->cps, cp, n * sizeof *cp))
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    e.len = (uint32_t)n;
    if (te + 1 < len) {
        size_t fe = len;
        while (fe > te + 1 && (line[fe - 1] == '\r' || line[fe - 1] == ' '))
            fe--;
        e.fields = (int32_t)r->strs.len;
        if (zhx_buf_add(&r->strs, line + te + 1, fe - te - 1) ||
            zhx_buf_add(&r->strs, "", 1))
            return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
    }
    /* fields */
    size_t i = te;
    while (i < len) {
        i++; /* TAB */
        size_t fs = i;
        while (i < len && line[i] != '\t')
            i++;
        size_t fe = i;
        while (fe > fs && (line[fe - 1] == ' ' || line[fe - 1] == '\r'))
            fe--;
        if (fe > fs && line[fs] == '#')
            break;
        if (fe - fs > 5 && !memcmp(line + fs, "norm=", 5)) {
            e.norm = (int32_t)r->strs.len;
            if (zhx_buf_add(&r->strs, line + fs + 5, fe - fs - 5) ||
                zhx_buf_add(&r->strs, "", 1))
                return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                     "out of memory");
        } else if (fe - fs > 2 && !memcmp(line + fs, "w=", 2)) {
            char tmp[32];
            size_t L = fe - fs - 2 < 31 ? fe - fs - 2 : 31;
            memcpy(tmp, line + fs + 2, L);
            tmp[L] = '\0';
            char *end;
            double w = strtod(tmp, &end);
            if (end == tmp || *end || !(w > -1e6 && w < 1e6))
                return zhx_error_set(err, ZHX_ESYNTAX, file, lineno, 1,
                                     "bad weight in lexicon entry");
            e.w = (float)w;
        }
        /* other fields are data for other tools: ignored here */
    }
    if (r->n_ent == r->cap_ent) {
        size_t cap = r->cap_ent ? r->cap_ent * 2 : 1024;
        zhx_entry *p = realloc(r->ent, cap * sizeof *p);
        if (!p)
            return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        r->ent = p;
        r->cap_ent = cap;
    }
    r->ent[r->n_ent++] = e;
    if (lex_push(r, lex, (uint32_t)(r->n_ent - 1)))
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    return ZHX_OK;
}

int zhx_lex_parse_file(zhx_rules *r, uint32_t lex, const char *file,
                       const char *text, size_t len, zhx_error *err)
{
    size_t pos = 0;
    unsigned long ln = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
        ln++;
        const char *l = text + pos;
        pos += ll + 1;
        size_t i = 0;
        while (i < ll && (l[i] == ' ' || l[i] == '\t'))
            i++;
        if (i == ll || l[i] == '#')
            continue;
        int rc = zhx_lex_add_entry(r, lex, l, ll, file, ln, err);
        if (rc)
            return rc;
    }
    return ZHX_OK;
}

/* lex/NAME.txt and lex/NAME-seed.txt (a hand-made or generated starter
 * list kept beside a fuller one) both feed @NAME. */
int zhx_lex_load_embedded(zhx_rules *r, uint32_t lex, zhx_error *err)
{
    if (r->lex[lex].loaded & 1)
        return ZHX_OK;
    r->lex[lex].loaded |= 1;
    const char *name = r->lex[lex].name;
    size_t n = strlen(name);
    for (const zhx_embedded_file *f = zhx_embedded_files; f->name; f++) {
        const char *fn = f->name;
        size_t fl = strlen(fn);
        if (fl < 8 || strncmp(fn, "lex/", 4) != 0 ||
            strcmp(fn + fl - 4, ".txt") != 0)
            continue;
        const char *b = fn + 4;
        size_t bl = fl - 8;
        if (bl < n || memcmp(b, name, n) != 0)
            continue;
        if (bl != n && (bl != n + 5 || memcmp(b + n, "-seed", 5) != 0))
            continue;
        int rc = zhx_lex_parse_file(r, lex, fn, f->data, f->len, err);
        if (rc)
            return rc;
    }
    return ZHX_OK;
}

uint32_t zhx_trie_child(const zhx_rules *r, uint32_t node, uint32_t c)
{
    uint32_t rec;
    return zhx_trie_step(r, node, c, &rec);
}

typedef struct pnode {
    uint32_t entry, next;
} pnode;

static int cmp_u32lex(const void *a, const void *b, const zhx_rules *r)
{
    uint32_t x = r->ent[*(const uint32_t *)a].lex;
    uint32_t y = r->ent[*(const uint32_t *)b].lex;
    return x < y ? -1 : x > y;
}

int zhx_lex_build(zhx_rules *r, zhx_error *err)
{
    /* derived entries share their base's string: only the others add
     * nodes */
    size_t total = 0;
    for (size_t i = 0; i < r->n_ent; i++)
        if (r->ent[i].base < 0)
            total += r->ent[i].len;
    size_t max_nodes = total + 1;
    uint32_t *node_of = malloc((r->n_ent + 1) * sizeof *node_of);
    if (!node_of)
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    r->hcap = 64;
    while (r->hcap < max_nodes + max_nodes / 2)
        r->hcap *= 2;
    r->hslots = calloc(r->hcap, sizeof *r->hslots);
    uint32_t *head = malloc(max_nodes * sizeof *head);
    uint32_t *root = calloc(2 * 65536, sizeof *root);
    r->root = root;
    pnode *pl = malloc((r->n_ent + 1) * sizeof *pl);
    if (!r->hslots || !head || !pl || !root) {
        free(head);
        free(pl);
        free(node_of);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    const uint32_t *cps = (const uint32_t *)r->cps.p;
    size_t nodes = 1, npl = 1; /* pl[0] = end of list */
    head[0] = 0;
    size_t mask = r->hcap - 1;
    for (size_t i = 0; i < r->n_ent; i++) {
        zhx_entry *e = &r->ent[i];
        if (isnan(e->w))
            e->w = (float)r->lex[e->lex].w;
        uint32_t node = 0;
        if (e->base >= 0 && (size_t)e->base < i) {
            node = node_of[e->base];
            goto have_node;
        }
        for (uint32_t j = 0; j < e->len; j++) {
            uint64_t k = zhx_hkey(node, cps[e->off + j]);
            size_t s = zhx_hslot_of(k, mask);
            while (r->hslots[s].key && r->hslots[s].key != k)
                s = (s + 1) & mask;
            if (!r->hslots[s].key) {
                r->hslots[s].key = k;
                r->hslots[s].val = (uint32_t)nodes;
                head[nodes] = 0;
                if (node == 0 && cps[e->off + j] < 65536)
                    root[2 * cps[e->off + j]] = (uint32_t)nodes;
                nodes++;
            }
            node = r->hslots[s].val;
        }
    have_node:
        node_of[i] = node;
        if (e->len > r->lex[e->lex].max_len)
            r->lex[e->lex].max_len = e->len;
        /* The first entry of a lexicon for a string wins; a later one only
         * fills in a norm the first lacked. */
        uint32_t p = head[node];
        int dup = 0;
        for (; p; p = pl[p].next) {
            zhx_entry *o = &r->ent[pl[p].entry];
            if (o->lex == e->lex) {
                if (o->norm < 0)
                    o->norm = e->norm;
                dup = 1;
                break;
            }
        }
        if (dup)
            continue;
        pl[npl].entry = (uint32_t)i;
        pl[npl].next = head[node];
        head[node] = (uint32_t)npl++;
    }
    free(node_of);
    r->n_nodes = nodes;
    r->node_pay = malloc(nodes * sizeof *r->node_pay);
    r->node_pay_n = malloc(nodes * sizeof *r->node_pay_n);
    r->pay = malloc(npl * sizeof *r->pay);
    if (!r->node_pay || !r->node_pay_n || !r->pay) {
        free(head);
        free(pl);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    size_t np = 0;
    for (size_t n = 0; n < nodes; n++) {
        r->node_pay[n] = (uint32_t)np;
        size_t st = np;
        for (uint32_t p = head[n]; p; p = pl[p].next)
            r->pay[np++] = pl[p].entry;
        r->node_pay_n[n] = (uint32_t)(np - st);
        /* sort the few payloads of a node by lexicon (insertion sort) */
        for (size_t a = st + 1; a < np; a++)
            for (size_t b = a; b > st &&
                               cmp_u32lex(&r->pay[b - 1], &r->pay[b], r) > 0;
                 b--) {
                uint32_t t = r->pay[b];
                r->pay[b] = r->pay[b - 1];
                r->pay[b - 1] = t;
            }
    }
    r->n_pay = np;
    r->pay_lex = malloc((np + 1) * sizeof *r->pay_lex);
    r->node_cover = calloc(nodes, sizeof *r->node_cover);
    if (!r->node_cover || !r->pay_lex) {
        free(head);
        free(pl);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < np; i++)
        r->pay_lex[i] = r->ent[r->pay[i]].lex;
    /* records: the nodes that end entries, numbered in node order; the
     * trie hands them out with each step */
    uint32_t *node_rec = head; /* no longer needed as list heads */
    r->n_recs = 0;
    for (size_t n = 0; n < nodes; n++)
        node_rec[n] = r->node_pay_n[n] ? (uint32_t)++r->n_recs : 0;
    for (size_t s = 0; s < r->hcap; s++)
        if (r->hslots[s].key)
            r->hslots[s].rec = node_rec[r->hslots[s].val];
    size_t bits = 1024;
    while (bits < 16 * nodes && bits < ((size_t)1 << 31))
        bits *= 2;
    r->ebloom = calloc(bits / 64, sizeof *r->ebloom);
    if (!r->ebloom) {
        free(head);
        free(pl);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    r->ebloom_mask = bits - 1;
    for (size_t s = 0; s < r->hcap; s++)
        if (r->hslots[s].key) {
            size_t b1, b2;
            zhx_ebloom_bits(r->hslots[s].key, r->ebloom_mask, &b1, &b2);
            r->ebloom[b1 >> 6] |= 1ULL << (b1 & 63);
            r->ebloom[b2 >> 6] |= 1ULL << (b2 & 63);
        }
    for (size_t c = 0; c < 65536; c++)
        root[2 * c + 1] = node_rec[root[2 * c]];
    for (size_t n = 0; r->n_cover && n < nodes; n++)
        for (uint32_t j = 0; j < r->node_pay_n[n]; j++) {
            int cb = r->lex[r->ent[r->pay[r->node_pay[n] + j]].lex].cover;
            if (cb >= 0)
                r->node_cover[n] |= 1ULL << cb;
        }
    free(head);
    free(pl);
    return ZHX_OK;
}

const char *zhx_entry_field(const zhx_rules *r, const zhx_entry *e,
                            const char *key, size_t *len)
{
    if (e->fields < 0)
        return NULL;
    size_t kl = strlen(key);
    const char *f = r->strs.p + e->fields;
    while (*f) {
        const char *end = strchr(f, '\t');
        size_t fl = end ? (size_t)(end - f) : strlen(f);
        if (fl > kl && f[kl] == '=' && !memcmp(f, key, kl)) {
            *len = fl - kl - 1;
            return f + kl + 1;
        }
        if (!end)
            break;
        f = end + 1;
    }
    return NULL;
}

static int cond_holds(const zhx_rules *r, const zhx_entry *e,
                      const zhx_cond *c)
{
    size_t l;
    char num[16];
    const char *v;
    if (c->key[0] == 'l' && !strcmp(c->key, "len")) {
        /* the entry's length in characters, a field of every entry */
        unsigned x = e->len;
        l = 0;
        char tmp[16];
        do
            tmp[l++] = (char)('0' + x % 10);
        while ((x /= 10) && l < sizeof tmp);
        for (size_t i = 0; i < l; i++)
            num[i] = tmp[l - 1 - i];
        v = num;
    } else {
        v = zhx_entry_field(r, e, c->key, &l);
    }
    int eq = v && ((c->val[0] == '*' && !c->val[1]) ||
                   (l == strlen(c->val) && !memcmp(v, c->val, l)));
    return c->neg ? !eq : eq;
}

int zhx_lex_resolve_name(zhx_rules *r, const char *name, const char *file,
                         unsigned long line, unsigned long col,
                         zhx_error *err);

/* Fill a derived lexicon from its bases (built first; a cycle is an
 * error). */
int zhx_lex_derive(zhx_rules *r, zhx_derived *d, zhx_error *err)
{
    if (d->state == 2)
        return ZHX_OK;
    if (d->state == 1)
        return zhx_error_set(err, ZHX_ESYNTAX, d->file, d->line, 1,
                             "lexicon @%s is defined in terms of itself",
                             r->lex[d->lex].name);
    d->state = 1;
    for (size_t b = 0; b < d->n_bases; b++) {
        int base = zhx_lex_resolve_name(r, d->bases[b], d->file, d->line, 1,
                                        err);
        if (base < 0)
            return err ? err->code : ZHX_ESYNTAX;
        size_t n = r->lex[base].n_entries;
        for (size_t k = 0; k < n; k++) {
            size_t i = r->lex[base].ents[k];
            int ok = 1;
            for (size_t c = 0; c < d->n_conds && ok; c++)
                ok = cond_holds(r, &r->ent[i], &d->conds[c]);
            if (!ok)
                continue;
            if (r->n_ent >= ZHX_MAX_ENTRIES)
                return zhx_error_set(err, ZHX_ELIMIT, d->file, d->line, 1,
                                     "more than %u lexicon entries",
                                     ZHX_MAX_ENTRIES);
            if (r->n_ent == r->cap_ent) {
                size_t cap = r->cap_ent * 2;
                zhx_entry *p = realloc(r->ent, cap * sizeof *p);
                if (!p)
                    return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                         "out of memory");
                r->ent = p;
                r->cap_ent = cap;
            }
            zhx_entry e = r->ent[i];
            e.lex = d->lex;
            e.base = (int32_t)i;
            e.seq = (uint32_t)r->n_ent;
            if (d->wfield) {
                size_t l;
                const char *v = zhx_entry_field(r, &e, d->wfield, &l);
                double w = NAN;
                if (v) {
                    char tmp[32];
                    snprintf(tmp, sizeof tmp, "%.*s", (int)(l < 31 ? l : 31),
                             v);
                    char *end;
                    w = strtod(tmp, &end);
                    if (end == tmp)
                        w = NAN;
                    else if (d->wlog > 0)
                        w = w > 0 ? log(w * d->wlog) : NAN;
                }
                if (isnan(w))
                    w = d->has_default ? d->wdefault : r->lex[d->lex].w;
                e.w = (float)w;
            } else if (d->has_default) {
                e.w = (float)d->wdefault;
            }
            r->ent[r->n_ent++] = e;
            if (lex_push(r, d->lex, (uint32_t)(r->n_ent - 1)))
                return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0,
                                     "out of memory");
        }
    }
    d->state = 2;
    return ZHX_OK;
}
