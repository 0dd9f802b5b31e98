/* Development driver for the entity stage, for the shared scorers.
 *   ents_dump [--rules FILE] [--explain] DEV.jsonl   > PRED.jsonl
 *   ents_dump [--rules FILE] --article TEXT [--base-date D] > PRED.json
 *   ents_dump --bench FILE   (throughput on a text file, to stderr)
 * Until the normalizer is merged it folds full-width ASCII one-to-one (as
 * NFKC does), so normalized and original offsets coincide. Build with
 * tools/ents_eval.sh. */
#include "zhx/ents.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    if (c == 0x3000)
        return ' ';
    return c;
}

typedef struct doc {
    uint32_t *orig, *text, *map;
    size_t n, cap;
    zhx_sentence *s;
    size_t ns, caps;
} doc;

static void load(doc *d, const char *u, size_t len)
{
    if (d->cap < len + 1) {
        d->cap = len + 1;
        d->orig = realloc(d->orig, d->cap * 4);
        d->text = realloc(d->text, d->cap * 4);
        d->map = realloc(d->map, (d->cap + 1) * 4);
    }
    d->n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int l = zhx_utf8_decode((const unsigned char *)u + i, len - i, &c);
        if (l <= 0)
            l = 1, c = 0xFFFD;
        d->orig[d->n] = c;
        d->text[d->n] = fold(c);
        d->map[d->n] = (uint32_t)d->n;
        d->n++;
        i += (size_t)l;
    }
    d->map[d->n] = (uint32_t)d->n;
    d->ns = 0;
    size_t st = 0;
    for (size_t i = 0; i <= d->n; i++) {
        uint32_t c = i < d->n ? d->text[i] : '\n';
        int end = c == 0x3002 || c == '!' || c == '?' || c == ';' ||
                  c == '\n';
        if (!end)
            continue;
        size_t e = i < d->n ? i + 1 : d->n;
        /* closing quotes stay with their sentence */
        while (e < d->n && (d->text[e] == 0x201D || d->text[e] == 0x2019))
            e++;
        if (e > st) {
            if (d->ns == d->caps) {
                d->caps = d->caps ? d->caps * 2 : 64;
                d->s = realloc(d->s, d->caps * sizeof *d->s);
            }
            d->s[d->ns].start = st;
            d->s[d->ns].end = e;
            d->s[d->ns].index = d->ns;
            d->ns++;
        }
        st = e;
        if (i >= d->n)
            break;
        i = e - 1;
    }
}

static void chunk_of(const doc *d, zhx_chunk *c, const char *id)
{
    memset(c, 0, sizeof *c);
    c->doc = id;
    c->orig = d->orig;
    c->orig_len = d->n;
    c->text = d->text;
    c->len = d->n;
    c->map = d->map;
    c->sents = d->s;
    c->n_sents = d->ns;
    c->line = 1;
}

typedef struct out {
    cJSON *arr;
    int explain;
} out;

static int emit(void *ud, const zhx_chunk *c, const zhx_entity *e)
{
    out *o = ud;
    size_t s, en;
    zhx_chunk_span(c, e->start, e->end, &s, &en);
    char txt[2048];
    zhx_chunk_orig_utf8(c, s, en, txt, sizeof txt);
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "type", e->type);
    cJSON_AddStringToObject(x, "text", txt);
    cJSON_AddNumberToObject(x, "start", (double)s);
    cJSON_AddNumberToObject(x, "end", (double)en);
    if (e->norm)
        cJSON_AddStringToObject(x, "norm", e->norm);
    else
        cJSON_AddNullToObject(x, "norm");
    if (e->role)
        cJSON_AddStringToObject(x, "role", e->role);
    else
        cJSON_AddNullToObject(x, "role");
    cJSON_AddStringToObject(x, "rule", e->rule);
    if (o->explain && e->explain)
        cJSON_AddStringToObject(x, "explain", e->explain);
    cJSON_AddItemToArray(o->arr, x);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t k;
    while ((k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    b[n] = '\0';
    *len = n;
    return b;
}

/* Portal lines that the meta stage will strip (gold/DECISIONS.md scope):
 * emulated here until the stages are wired together. */
static int boilerplate(const char *l, size_t n)
{
    static const char *pre[] = {"新浪新闻客户端", "举报邮箱", "Copyright",
                                "All Rights Reserved"};
    while (n && (*l == ' ' || *l == '\t'))
        l++, n--;
    for (size_t i = 0; i < sizeof pre / sizeof *pre; i++)
        if (n >= strlen(pre[i]) && !memcmp(l, pre[i], strlen(pre[i])))
            return 1;
    return 0;
}

/* The article's own date line: the first YYYY年MM月DD日. */
static void base_from_text(const char *t, zhx_doc_context *ctx)
{
    const char *p = strstr(t, "年");
    while (p) {
        if (p - t >= 4) {
            int y, m, d;
            if (sscanf(p - 4, "%4d年%d月%d日", &y, &m, &d) == 3 && y > 1900) {
                ctx->year = y, ctx->month = m, ctx->day = d;
                return;
            }
        }
        p = strstr(p + 1, "年");
    }
}

int main(int argc, char **argv)
{
    const char *rules = NULL, *article = NULL, *base = NULL, *bench = NULL;
    const char *in = NULL;
    int explain = 0, check = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules = argv[++i];
        else if (!strcmp(argv[i], "--article") && i + 1 < argc)
            article = argv[++i];
        else if (!strcmp(argv[i], "--base-date") && i + 1 < argc)
            base = argv[++i];
        else if (!strcmp(argv[i], "--bench") && i + 1 < argc)
            bench = argv[++i];
        else if (!strcmp(argv[i], "--explain"))
            explain = 1;
        else if (!strcmp(argv[i], "--check-rules"))
            check = 1;
        else
            in = argv[i];
    }
    zhx_error err;
    zhx_error_clear(&err);
    size_t ulen = 0;
    char *user = rules ? slurp(rules, &ulen) : NULL;
    if (rules && !user) {
        perror(rules);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    zhx_rules *r = zhx_ents_load_rules(rules, user, ulen, 0, check, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!r) {
        fprintf(stderr, "ents_dump: %s:%lu:%lu: %s\n", err.file, err.line,
                err.col, err.message);
        return 2;
    }
    if (check) {
        fprintf(stderr, "rules ok: %zu rules, %zu lexicon entries, %.1f ms\n",
                zhx_rules_count(r), zhx_rules_lexicon_entries(r),
                ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                 (double)(t1.tv_nsec - t0.tv_nsec) / 1e6));
        if (!in && !article && !bench)
            return 0;
    }
    zhx_ents_opts opts = {explain};
    zhx_ents *E = zhx_ents_new(r, &opts, &err);
    doc d;
    memset(&d, 0, sizeof d);
    zhx_chunk c;
    if (bench) {
        size_t len;
        char *t = slurp(bench, &len);
        if (!t)
            return 2;
        out o = {cJSON_CreateArray(), 0};
        clock_gettime(CLOCK_MONOTONIC, &t0);
        size_t nents = 0, pos = 0;
        zhx_ents_begin(E, NULL);
        while (pos < len) {
            const char *nl = memchr(t + pos, '\n', len - pos);
            size_t ll = nl ? (size_t)(nl - t) - pos : len - pos;
            load(&d, t + pos, ll);
            chunk_of(&d, &c, "bench");
            zhx_ents_run(E, &c, emit, &o, &err);
            nents += (size_t)cJSON_GetArraySize(o.arr);
            cJSON_Delete(o.arr);
            o.arr = cJSON_CreateArray();
            pos += ll + 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) +
                   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr, "%zu bytes, %zu entities, %.3f s, %.1f MB/s\n", len,
                nents, s, (double)len / s / 1e6);
        return 0;
    }
    if (article) {
        size_t len;
        char *t = slurp(article, &len);
        if (!t) {
            perror(article);
            return 2;
        }
        zhx_doc_context ctx = {0, 0, 0, NULL};
        if (base)
            zhx_ents_parse_date(base, &ctx);
        else
            base_from_text(t, &ctx);
        zhx_ents_begin(E, &ctx);
        out o = {cJSON_CreateArray(), explain};
        /* one chunk per line, as the input layer will hand them over */
        size_t pos = 0, off = 0;
        unsigned long line = 1;
        while (pos <= len) {
            const char *nl = memchr(t + pos, '\n', len - pos);
            size_t ll = nl ? (size_t)(nl - t) - pos : len - pos;
            load(&d, t + pos, ll);
            if (boilerplate(t + pos, ll)) {
                /* the meta stage drops these lines: no records */
                off += d.n + 1;
                line++;
                if (!nl)
                    break;
                pos += ll + 1;
                continue;
            }
            chunk_of(&d, &c, article);
            c.offset = off;
            c.line = line++;
            zhx_ents_run(E, &c, emit, &o, &err);
            off += d.n + 1;
            if (!nl)
                break;
            pos += ll + 1;
        }
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "doc", article);
        cJSON_AddItemToObject(root, "entities", o.arr);
        char *s = cJSON_Print(root);
        puts(s);
        return 0;
    }
    FILE *f = in ? fopen(in, "r") : stdin;
    if (!f) {
        perror(in);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        cJSON *j = cJSON_Parse(line);
        if (!j)
            continue;
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(j, "id"));
        const char *text =
            cJSON_GetStringValue(cJSON_GetObjectItem(j, "text"));
        if (!id || !text) {
            cJSON_Delete(j);
            continue;
        }
        load(&d, text, strlen(text));
        chunk_of(&d, &c, id);
        zhx_doc_context ctx = {0, 0, 0, NULL};
        if (base)
            zhx_ents_parse_date(base, &ctx);
        zhx_ents_begin(E, &ctx);
        out o = {cJSON_CreateArray(), explain};
        zhx_ents_run(E, &c, emit, &o, &err);
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "id", id);
        cJSON_AddItemToObject(root, "entities", o.arr);
        char *s = cJSON_PrintUnformatted(root);
        puts(s);
        free(s);
        cJSON_Delete(root);
        cJSON_Delete(j);
    }
    free(line);
    zhx_ents_free(E);
    zhx_rules_free(r);
    return 0;
}
