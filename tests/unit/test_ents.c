/* The entity stage: API behaviour (context, callbacks, explain) and
 * accuracy floors measured on the seed article and on small samples of the
 * MSRA and People's Daily dev sets (testdata/, see the READMEs there). The
 * F1 figures are computed here; no expected record is copied from gold.
 * Run from the repository root. */
#include "harness.h"
#include "zhx/ents.h"

#include <cJSON.h>
#include <stdlib.h>

static zhx_rules *rules;

/* A chunk over UTF-8 text: full-width ASCII folded one to one (as NFKC
 * does), so normalized and original offsets coincide; sentences end at
 * 。！？!?; and line ends. */
typedef struct tchunk {
    uint32_t orig[65536], text[65536], map[65537];
    zhx_sentence s[4096];
    zhx_chunk c;
} tchunk;

static void make_chunk(tchunk *t, const char *u, size_t len, size_t offset)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < 65536;) {
        uint32_t c;
        int l = zhx_utf8_decode((const unsigned char *)u + i, len - i, &c);
        if (l <= 0)
            l = 1, c = 0xFFFD;
        t->orig[n] = c;
        t->text[n] = c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0
                     : c == 0x3000             ? ' '
                                               : c;
        t->map[n] = (uint32_t)n;
        n++;
        i += (size_t)l;
    }
    t->map[n] = (uint32_t)n;
    size_t ns = 0, st = 0;
    for (size_t i = 0; i < n && ns < 4095; i++) {
        uint32_t c = t->text[i];
        if (c == 0x3002 || c == '!' || c == '?' || c == ';' || c == '\n') {
            t->s[ns].start = st;
            t->s[ns].end = i + 1;
            t->s[ns].index = ns;
            ns++;
            st = i + 1;
        }
    }
    if (st < n) {
        t->s[ns].start = st;
        t->s[ns].end = n;
        t->s[ns].index = ns;
        ns++;
    }
    memset(&t->c, 0, sizeof t->c);
    t->c.doc = "test";
    t->c.orig = t->orig;
    t->c.orig_len = n;
    t->c.text = t->text;
    t->c.len = n;
    t->c.map = t->map;
    t->c.sents = t->s;
    t->c.n_sents = ns;
    t->c.offset = offset;
}

/* Collected entities: type, original span, text, norm, role. */
typedef struct rec {
    char type[16];
    size_t start, end;
    char text[256], norm[256], role[64];
} rec;

typedef struct recs {
    rec *r;
    size_t n, cap;
    int stop_after;
} recs;

static int collect(void *ud, const zhx_chunk *c, const zhx_entity *e)
{
    recs *rs = ud;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rs->r = realloc(rs->r, rs->cap * sizeof *rs->r);
    }
    rec *x = &rs->r[rs->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->type, sizeof x->type, "%s", e->type);
    zhx_chunk_span(c, e->start, e->end, &x->start, &x->end);
    zhx_chunk_orig_utf8(c, x->start, x->end, x->text, sizeof x->text);
    snprintf(x->norm, sizeof x->norm, "%s", e->norm ? e->norm : "");
    snprintf(x->role, sizeof x->role, "%s", e->role ? e->role : "");
    return rs->stop_after && (int)rs->n >= rs->stop_after ? 7 : 0;
}

static tchunk tc;

static void run_text(zhx_ents *E, const char *text, recs *out)
{
    make_chunk(&tc, text, strlen(text), 0);
    zhx_error err;
    out->n = 0;
    zhx_ents_run(E, &tc.c, collect, out, &err);
}

static const rec *find(const recs *rs, const char *type, const char *text)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->r[i].type, type) && !strcmp(rs->r[i].text, text))
            return &rs->r[i];
    return NULL;
}

static void context_and_norms(void)
{
    zhx_error err;
    zhx_ents *E = zhx_ents_new(rules, NULL, &err);
    recs rs = {0};
    zhx_doc_context ctx = {0, 0, 0, NULL};
    CHECK_INT(zhx_ents_parse_date("2021-03-04", &ctx), ZHX_OK);
    CHECK_INT(ctx.year, 2021);
    CHECK_INT(ctx.day, 4);
    CHECK_INT(zhx_ents_parse_date("March", &ctx), ZHX_EINVAL);
    zhx_ents_begin(E, &ctx);
    run_text(E, "今年和去年,2023年1月5日", &rs);
    const rec *x = find(&rs, "date", "今年");
    CHECK(x && !strcmp(x->norm, "2021"));
    x = find(&rs, "date", "去年");
    CHECK(x && !strcmp(x->norm, "2020"));
    x = find(&rs, "date", "2023年1月5日");
    CHECK(x && !strcmp(x->norm, "2023-01-05"));
    /* 首府 needs the city: none named, none given -> no place */
    zhx_ents_begin(E, NULL);
    run_text(E, "首府的发展需要人才。", &rs);
    CHECK(find(&rs, "place", "首府") == NULL);
    zhx_doc_context city = {2024, 9, 28, "呼和浩特市"};
    zhx_ents_begin(E, &city);
    run_text(E, "首府的发展需要人才。", &rs);
    x = find(&rs, "place", "首府");
    CHECK(x && !strcmp(x->norm, "呼和浩特市"));
    /* full-width digits are matched through the normalized text */
    zhx_ents_begin(E, NULL);
    run_text(E, "１９９８年新年讲话", &rs);
    x = find(&rs, "date", "１９９８年");
    CHECK(x && !strcmp(x->norm, "1998"));
    /* roles, quoted and book-title names */
    run_text(E, "由陈润生院士牵头,实施科技“突围”工程", &rs);
    x = find(&rs, "person", "陈润生");
    CHECK(x && !strcmp(x->role, "院士"));
    x = find(&rs, "program", "科技“突围”工程");
    CHECK(x && !strcmp(x->norm, "科技突围工程"));
    free(rs.r);
    zhx_ents_free(E);
}

static void callback_stops_and_explains(void)
{
    zhx_error err;
    zhx_ents_opts o = {1};
    zhx_ents *E = zhx_ents_new(rules, &o, &err);
    recs rs = {0};
    rs.stop_after = 1;
    make_chunk(&tc, "呼和浩特市和北京市", strlen("呼和浩特市和北京市"), 0);
    CHECK_INT(zhx_ents_run(E, &tc.c, collect, &rs, &err), 7);
    CHECK_INT(rs.n, 1);
    free(rs.r);
    zhx_ents_free(E);
    CHECK(zhx_ents_new(NULL, NULL, &err) == NULL);
    CHECK_INT(err.code, ZHX_EINVAL);
}

/* Precision/recall/F1 of predicted against gold keys. */
typedef struct prf {
    double p, r, f;
} prf;

static prf score(size_t tp, size_t npred, size_t ngold)
{
    prf x = {0, 0, 0};
    x.p = npred ? (double)tp / npred : 0;
    x.r = ngold ? (double)tp / ngold : 0;
    x.f = x.p + x.r > 0 ? 2 * x.p * x.r / (x.p + x.r) : 0;
    return x;
}

static int boilerplate(const char *l, size_t n)
{
    /* portal lines the meta stage drops (gold/DECISIONS.md: scope) */
    static const char *pre[] = {"新浪新闻客户端", "举报邮箱", "Copyright",
                                "All Rights Reserved"};
    for (size_t i = 0; i < 4; i++)
        if (n >= strlen(pre[i]) && !memcmp(l, pre[i], strlen(pre[i])))
            return 1;
    return 0;
}

/* The key score_article.py compares at doc level: the text without
 * enclosing quotes. */
static void doc_key(const char *t, char *out, size_t cap)
{
    static const char *q[] = {"“", "”", "\"", "‘", "’", "「", "」"};
    snprintf(out, cap, "%s", t);
    for (int again = 1; again;) {
        again = 0;
        size_t n = strlen(out);
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++) {
                size_t a = strlen(q[i]), b = strlen(q[j]);
                if (n >= a + b + 1 && !memcmp(out, q[i], a) &&
                    !memcmp(out + n - b, q[j], b)) {
                    memmove(out, out + a, n - a - b);
                    out[n - a - b] = '\0';
                    again = 1;
                    i = j = 7;
                }
            }
    }
}

static void seed_article_floor(void)
{
    size_t len;
    char *text = harness_slurp("testdata/hohhot-talent-2024.txt", &len);
    char *gj = harness_slurp("testdata/gold/hohhot-talent-2024.json", NULL);
    CHECK(text && gj);
    if (!text || !gj) {
        free(text);
        free(gj);
        return;
    }
    cJSON *gold = cJSON_Parse(gj);
    cJSON *gents = cJSON_GetObjectItem(gold, "entities");
    zhx_error err;
    zhx_ents *E = zhx_ents_new(rules, NULL, &err);
    zhx_doc_context ctx = {2024, 9, 28, NULL};
    zhx_ents_begin(E, &ctx);
    recs rs = {0};
    size_t pos = 0, off = 0;
    while (pos <= len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - text) - pos : len - pos;
        make_chunk(&tc, text + pos, ll, off);
        if (!boilerplate(text + pos, ll))
            zhx_ents_run(E, &tc.c, collect, &rs, &err);
        off += tc.c.len + 1;
        if (!nl)
            break;
        pos += ll + 1;
    }
    static const char *types[] = {"person", "institution", "program", "place",
                                  "date"};
    /* mention level: (type, start, end) */
    size_t ng = (size_t)cJSON_GetArraySize(gents), tp = 0;
    for (size_t i = 0; i < rs.n; i++) {
        cJSON *g;
        cJSON_ArrayForEach(g, gents)
        {
            if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(g, "type")),
                        rs.r[i].type) &&
                cJSON_GetObjectItem(g, "start")->valueint ==
                    (int)rs.r[i].start &&
                cJSON_GetObjectItem(g, "end")->valueint == (int)rs.r[i].end) {
                tp++;
                break;
            }
        }
    }
    prf m = score(tp, rs.n, ng);
    printf("seed mention P %.3f R %.3f F1 %.3f\n", m.p, m.r, m.f);
    CHECK(m.f >= 0.90);
    /* doc level per type: distinct (type, key) sets */
    for (int t = 0; t < 5; t++) {
        char gk[128][256], pk[128][256];
        size_t ngk = 0, npk = 0, tpk = 0;
        cJSON *g;
        cJSON_ArrayForEach(g, gents)
        {
            if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(g, "type")),
                       types[t]))
                continue;
            char k[256];
            doc_key(cJSON_GetStringValue(cJSON_GetObjectItem(g, "text")), k,
                    sizeof k);
            int dup = 0;
            for (size_t j = 0; j < ngk; j++)
                dup |= !strcmp(gk[j], k);
            if (!dup && ngk < 128)
                snprintf(gk[ngk++], 256, "%s", k);
        }
        for (size_t i = 0; i < rs.n; i++) {
            if (strcmp(rs.r[i].type, types[t]))
                continue;
            char k[256];
            doc_key(rs.r[i].text, k, sizeof k);
            int dup = 0;
            for (size_t j = 0; j < npk; j++)
                dup |= !strcmp(pk[j], k);
            if (!dup && npk < 128)
                snprintf(pk[npk++], 256, "%s", k);
        }
        for (size_t i = 0; i < npk; i++)
            for (size_t j = 0; j < ngk; j++)
                if (!strcmp(pk[i], gk[j]))
                    tpk++;
        prf d = score(tpk, npk, ngk);
        printf("seed doc %-12s P %.3f R %.3f F1 %.3f\n", types[t], d.p, d.r,
               d.f);
        CHECK(d.f >= 0.95);
    }
    free(rs.r);
    cJSON_Delete(gold);
    free(text);
    free(gj);
    zhx_ents_free(E);
}

/* Mention-level micro F1 over person, place, institution of a dev sample. */
static double dev_f1(const char *path)
{
    size_t len;
    char *all = harness_slurp(path, &len);
    CHECK(all != NULL);
    if (!all)
        return 0;
    zhx_error err;
    zhx_ents *E = zhx_ents_new(rules, NULL, &err);
    size_t ng = 0, np = 0, tp = 0;
    recs rs = {0};
    for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *j = cJSON_Parse(line);
        if (!j)
            continue;
        const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(j, "text"));
        cJSON *gents = cJSON_GetObjectItem(j, "entities");
        zhx_ents_begin(E, NULL);
        rs.n = 0;
        make_chunk(&tc, text, strlen(text), 0);
        zhx_ents_run(E, &tc.c, collect, &rs, &err);
        ng += (size_t)cJSON_GetArraySize(gents);
        for (size_t i = 0; i < rs.n; i++) {
            const rec *x = &rs.r[i];
            if (strcmp(x->type, "person") && strcmp(x->type, "place") &&
                strcmp(x->type, "institution"))
                continue;
            np++;
            cJSON *g;
            cJSON_ArrayForEach(g, gents)
            {
                if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(g, "type")),
                            x->type) &&
                    cJSON_GetObjectItem(g, "start")->valueint == (int)x->start &&
                    cJSON_GetObjectItem(g, "end")->valueint == (int)x->end) {
                    tp++;
                    break;
                }
            }
        }
        cJSON_Delete(j);
    }
    prf f = score(tp, np, ng);
    printf("%s: P %.3f R %.3f F1 %.3f\n", path, f.p, f.r, f.f);
    free(rs.r);
    free(all);
    zhx_ents_free(E);
    return f.f;
}

static void dev_sample_floors(void)
{
    /* floors a little under what the rules reach now (0.584 and 0.906; the
     * first 300 MSRA sentences are harder than the set), so a regression
     * fails; the goal, 0.80 on the whole dev sets, is tracked with
     * shared/eval/score_ents.py (tools/eval/ents_dev.sh) */
    CHECK(dev_f1("testdata/ner/msra-dev-300.jsonl") >= 0.57);
    CHECK(dev_f1("testdata/ner/pd1998-dev-40.jsonl") >= 0.89);
}

int main(void)
{
    zhx_error err;
    rules = zhx_ents_load_rules(NULL, NULL, 0, 0, 1, &err);
    if (!rules) {
        fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line, err.col,
                err.message);
        printf("test_ents: 0 passed, 1 failed\n");
        return 1;
    }
    TEST(context_and_norms);
    TEST(callback_stops_and_explains);
    TEST(seed_article_floor);
    TEST(dev_sample_floors);
    zhx_rules_free(rules);
    return harness_done("test_ents");
}
