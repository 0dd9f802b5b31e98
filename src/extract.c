/* The whole pipeline for whole documents; see zhx/extract.h. */
#include "zhx/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhx/ents.h"
#include "zhx/figures.h"
#include "zhx/meta.h"
#include "zhx/writer.h"

struct zhx_extractor {
    zhx_extract_opts o;
    zhx_rules *rules;
    zhx_meta_rules *meta_rules;
    zhx_doc_context base;
    int has_base;
};

struct zhx_extract {
    const zhx_extractor *x;
    zhx_ents *ents;
    zhx_figs *figs;
    zhx_meta *meta;
    /* The document being read: records go through the same writers as the
     * single-stage binaries', as JSON lines into memory. */
    FILE *ent_f, *fig_f;
    char *ent_buf, *fig_buf;
    size_t ent_len, fig_len, n_ents, n_figs;
    zhx_writer *ent_w, *fig_w;
    char *buf;
    size_t cap;
    int failed;
};

static const char *const ent_cols[] = {"type", "text", "start", "end", "norm",
                                       "role", "sentence", "rule"};
static const char *const fig_cols[] = {"text", "start", "end", "value", "value_max",
                                       "unit", "kind", "approx", "subject",
                                       "sentence", "rule"};

zhx_extractor *zhx_extractor_new(const zhx_extract_opts *opts, zhx_error *err)
{
    zhx_extractor *x = calloc(1, sizeof *x);
    if (!x) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    x->o = *opts;
    if (opts->base_date) {
        if (zhx_ents_parse_date(opts->base_date, &x->base) != ZHX_OK) {
            zhx_error_set(err, ZHX_EINVAL, NULL, 0, 0,
                          "invalid base date '%s' (want YYYY-MM-DD)", opts->base_date);
            free(x);
            return NULL;
        }
        x->has_base = 1;
    }
    x->rules = zhx_ents_load_rules(opts->rules_name, opts->rules_text, opts->rules_len,
                                   opts->rules_only, 0, err);
    x->meta_rules = x->rules ? zhx_meta_rules_new(err) : NULL;
    if (!x->meta_rules || zhx_meta_rules_add_defaults(x->meta_rules, err) ||
        (opts->meta_rules_text &&
         zhx_meta_rules_add(x->meta_rules, opts->meta_rules_name, opts->meta_rules_text,
                            opts->meta_rules_len, err))) {
        zhx_extractor_free(x);
        return NULL;
    }
    return x;
}

void zhx_extractor_free(zhx_extractor *x)
{
    if (!x)
        return;
    zhx_rules_free(x->rules);
    zhx_meta_rules_free(x->meta_rules);
    free(x);
}

zhx_extract *zhx_extract_new(const zhx_extractor *x, zhx_error *err)
{
    zhx_extract *e = calloc(1, sizeof *e);
    if (!e) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    e->x = x;
    if (!(e->ents = zhx_ents_new(x->rules, NULL, err)) ||
        !(e->figs = zhx_figs_new(NULL, err)) ||
        !(e->meta = zhx_meta_new(x->meta_rules, 0, err))) {
        zhx_extract_free(e);
        return NULL;
    }
    return e;
}

void zhx_extract_free(zhx_extract *e)
{
    if (!e)
        return;
    zhx_ents_free(e->ents);
    zhx_figs_free(e->figs);
    zhx_meta_free(e->meta);
    free(e->buf);
    free(e);
}

/* The original text of document span [s, e) of c, in e->buf. */
static const char *orig(zhx_extract *e, const zhx_chunk *c, size_t s, size_t end)
{
    const char *t = zhx_chunk_orig_text(c, s, end, &e->buf, &e->cap);
    if (!t)
        e->failed = 1;
    return t ? t : "";
}

static cJSON *raw_int(size_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%zu", v);
    return cJSON_CreateRaw(b);
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* Add item to o; remember an allocation failure. */
static void put(zhx_extract *e, cJSON *o, const char *k, cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(o, k, item)) {
        cJSON_Delete(item);
        e->failed = 1;
    }
}

static int type_wanted(const char *types, const char *t)
{
    if (!types)
        return 1;
    size_t n = strlen(t);
    for (const char *p = types; (p = strstr(p, t)) != NULL; p += n)
        if ((p == types || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static int on_entity(void *ud, const zhx_chunk *c, const zhx_entity *en)
{
    zhx_extract *e = ud;
    if (!type_wanted(e->x->o.types, en->type))
        return 0;
    size_t s, end;
    zhx_chunk_span(c, en->start, en->end, &s, &end);
    zhx_value v[] = {ZHX_V_STR(en->type), ZHX_V_STR(orig(e, c, s, end)), ZHX_V_INT(s),
                     ZHX_V_INT(end), ZHX_V_STR(en->norm), ZHX_V_STR(en->role),
                     ZHX_V_INT(en->sentence), ZHX_V_STR(en->rule)};
    if (zhx_writer_row(e->ent_w, v) != ZHX_OK)
        e->failed = 1;
    e->n_ents++;
    return 0;
}

static int on_figure(void *ud, const zhx_chunk *c, const zhx_figure *f)
{
    zhx_extract *e = ud;
    size_t s, end;
    zhx_chunk_span(c, f->start, f->end, &s, &end);
    char value[64], vmax[64];
    zhx_decimal_format(&f->value, value, sizeof value);
    if (f->has_max)
        zhx_decimal_format(&f->value_max, vmax, sizeof vmax);
    zhx_value v[] = {ZHX_V_STR(orig(e, c, s, end)), ZHX_V_INT(s), ZHX_V_INT(end),
                     ZHX_V_NUM(value), ZHX_V_NUM(f->has_max ? vmax : NULL),
                     ZHX_V_STR(f->unit ? f->unit : ""), ZHX_V_STR(zhx_fig_kind_name(f->kind)),
                     ZHX_V_STR(zhx_approx_name(f->approx)), ZHX_V_STR(f->subject),
                     ZHX_V_INT(f->sentence), ZHX_V_STR(f->rule)};
    if (zhx_writer_row(e->fig_w, v) != ZHX_OK)
        e->failed = 1;
    e->n_figs++;
    return 0;
}

static cJSON *people(const zhx_meta_person *p, size_t n, int with_role)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *item;
        if (with_role) {
            item = cJSON_CreateObject();
            if (item) {
                cJSON_AddStringToObject(item, "name", p[i].name);
                cJSON_AddItemToObject(item, "role", str_or_null(p[i].role));
            }
        } else {
            item = cJSON_CreateString(p[i].name);
        }
        cJSON_AddItemToArray(a, item);
    }
    return a;
}

static cJSON *meta_json(zhx_extract *e, const zhx_meta_doc *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    put(e, o, "title", str_or_null(m->title));
    put(e, o, "published", str_or_null(m->published));
    put(e, o, "source", str_or_null(m->source));
    put(e, o, "authors", people(m->authors, m->n_authors, 1));
    put(e, o, "editors", people(m->editors, m->n_editors, 0));
    cJSON *sec = cJSON_CreateArray(), *spans = cJSON_CreateArray();
    for (size_t i = 0; sec && spans && i < m->n_sections; i++) {
        cJSON_AddItemToArray(sec, cJSON_CreateString(m->sections[i].text));
        cJSON *sp = cJSON_CreateObject();
        if (sp) {
            cJSON_AddStringToObject(sp, "text", m->sections[i].text);
            cJSON_AddItemToObject(sp, "start", raw_int(m->sections[i].start));
            cJSON_AddItemToObject(sp, "end", raw_int(m->sections[i].end));
        }
        cJSON_AddItemToArray(spans, sp);
    }
    put(e, o, "sections", sec);
    put(e, o, "section_spans", spans);
    cJSON *rules = cJSON_CreateArray();
    for (size_t i = 0; rules && i < m->n_rules; i++)
        cJSON_AddItemToArray(rules, cJSON_CreateString(m->rules[i]));
    put(e, o, "rules", rules);
    return o;
}

/* Open the in-memory record streams of a document. */
static int open_records(zhx_extract *e, zhx_error *err)
{
    e->ent_buf = e->fig_buf = NULL;
    e->ent_len = e->fig_len = e->n_ents = e->n_figs = 0;
    e->ent_f = open_memstream(&e->ent_buf, &e->ent_len);
    e->fig_f = open_memstream(&e->fig_buf, &e->fig_len);
    if (e->ent_f && e->fig_f &&
        (e->ent_w = zhx_writer_new(e->ent_f, ZHX_FMT_JSONL, ent_cols, 8, 0, err)) &&
        (e->fig_w = zhx_writer_new(e->fig_f, ZHX_FMT_JSONL, fig_cols, 11, 0, err)))
        return ZHX_OK;
    return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Close them; the texts stay in ent_buf/fig_buf unless discard. */
static int close_records(zhx_extract *e, int discard)
{
    zhx_error err;
    int bad = 0;
    if (e->ent_w)
        bad |= zhx_writer_finish(e->ent_w, &err) != ZHX_OK;
    if (e->fig_w)
        bad |= zhx_writer_finish(e->fig_w, &err) != ZHX_OK;
    zhx_writer_free(e->ent_w);
    zhx_writer_free(e->fig_w);
    e->ent_w = e->fig_w = NULL;
    if (e->ent_f)
        bad |= fclose(e->ent_f) != 0;
    if (e->fig_f)
        bad |= fclose(e->fig_f) != 0;
    e->ent_f = e->fig_f = NULL;
    if (discard || bad) {
        free(e->ent_buf);
        free(e->fig_buf);
        e->ent_buf = e->fig_buf = NULL;
    }
    return bad;
}

void zhx_doc_records_free(zhx_doc_records *d)
{
    if (!d)
        return;
    free(d->doc);
    free(d->meta);
    free(d->entities);
    free(d->figures);
    free(d);
}

/* Append the lines of recs to b as JSON array elements. */
static size_t join_lines(char *b, const char *recs)
{
    size_t n = 0;
    for (const char *p = recs; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            b[n++] = ',';
        memcpy(b + n, p, l);
        n += l;
        p += l + (nl != NULL);
    }
    return n;
}

char *zhx_doc_records_json(const zhx_doc_records *d)
{
    cJSON *id = cJSON_CreateString(d->doc);
    char *ids = id ? cJSON_PrintUnformatted(id) : NULL;
    cJSON_Delete(id);
    if (!ids)
        return NULL;
    size_t el = d->entities ? strlen(d->entities) : 0, fl = d->figures ? strlen(d->figures) : 0;
    size_t cap = strlen(ids) + strlen(d->meta) + el + fl + 64;
    char *b = malloc(cap);
    if (b) {
        size_t n = (size_t)sprintf(b, "{\"doc\":%s,\"meta\":%s,\"entities\":[", ids, d->meta);
        n += join_lines(b + n, d->entities);
        n += (size_t)sprintf(b + n, "],\"figures\":[");
        n += join_lines(b + n, d->figures);
        memcpy(b + n, "]}", 3);
    }
    free(ids);
    return b;
}

int zhx_extract_doc(zhx_extract *e, zhx_input *in, zhx_doc_records **out,
                    zhx_error *err)
{
    *out = NULL;
    e->failed = 0;
    const char *id = zhx_input_doc_id(in);
    int rc = open_records(e, err);
    if (!rc)
        rc = zhx_meta_begin(e->meta, id, err);
    zhx_ents_begin(e->ents, e->x->has_base ? &e->x->base : NULL);
    int dated = 0;
    const zhx_chunk *c;
    while (!rc && (rc = zhx_input_next_chunk(in, &c, err)) > 0) {
        zhx_line_kind kind;
        rc = zhx_meta_chunk(e->meta, c, &kind, err);
        if (rc)
            break;
        int y, mo, d;
        if (!dated && zhx_meta_date(e->meta, &y, &mo, &d)) {
            /* The article's own date is the base for 今年, 去年 from here on. */
            zhx_doc_context ctx = {y, mo, d, NULL};
            zhx_ents_set_context(e->ents, &ctx);
            dated = 1;
        }
        if (kind == ZHX_LINE_BLANK || (kind == ZHX_LINE_BOILERPLATE && !e->x->o.all_lines))
            continue;
        rc = zhx_ents_run(e->ents, c, on_entity, e, err);
        if (!rc)
            rc = zhx_figs_run(e->figs, c, 0, on_figure, e, err);
    }
    const zhx_meta_doc *m = NULL;
    if (rc == 0)
        rc = zhx_meta_end(e->meta, &m, err);
    int bad = close_records(e, rc != 0);
    if (rc)
        return rc;
    zhx_doc_records *d = calloc(1, sizeof *d);
    cJSON *mj = d && !bad && !e->failed ? meta_json(e, m) : NULL;
    if (d) {
        d->doc = strdup(id);
        d->meta = mj && !e->failed ? cJSON_PrintUnformatted(mj) : NULL;
        d->entities = e->ent_buf;
        d->figures = e->fig_buf;
        d->n_entities = e->n_ents;
        d->n_figures = e->n_figs;
    }
    cJSON_Delete(mj);
    if (!d || !d->doc || !d->meta) {
        if (d)
            zhx_doc_records_free(d);
        else
            free(e->ent_buf), free(e->fig_buf);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = d;
    return ZHX_OK;
}
