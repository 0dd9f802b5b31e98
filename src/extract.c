/* The whole pipeline for whole documents; see zhx/extract.h. */
#include "zhx/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhx/ents.h"
#include "zhx/figures.h"
#include "zhx/meta.h"

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
    cJSON *entities, *figures; /* of the document being read */
    char *buf;
    size_t cap;
    int failed;
};

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
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(e->entities, o)) {
        cJSON_Delete(o);
        e->failed = 1;
        return 0;
    }
    put(e, o, "type", cJSON_CreateString(en->type));
    put(e, o, "text", cJSON_CreateString(orig(e, c, s, end)));
    put(e, o, "start", raw_int(s));
    put(e, o, "end", raw_int(end));
    put(e, o, "norm", str_or_null(en->norm));
    put(e, o, "role", str_or_null(en->role));
    put(e, o, "sentence", raw_int(en->sentence));
    put(e, o, "rule", cJSON_CreateString(en->rule));
    return 0;
}

static cJSON *decimal(const zhx_decimal *d)
{
    char b[64];
    zhx_decimal_format(d, b, sizeof b);
    return cJSON_CreateRaw(b);
}

static int on_figure(void *ud, const zhx_chunk *c, const zhx_figure *f)
{
    zhx_extract *e = ud;
    size_t s, end;
    zhx_chunk_span(c, f->start, f->end, &s, &end);
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(e->figures, o)) {
        cJSON_Delete(o);
        e->failed = 1;
        return 0;
    }
    put(e, o, "text", cJSON_CreateString(orig(e, c, s, end)));
    put(e, o, "start", raw_int(s));
    put(e, o, "end", raw_int(end));
    put(e, o, "value", decimal(&f->value));
    put(e, o, "value_max", f->has_max ? decimal(&f->value_max) : cJSON_CreateNull());
    put(e, o, "unit", cJSON_CreateString(f->unit ? f->unit : ""));
    put(e, o, "kind", cJSON_CreateString(zhx_fig_kind_name(f->kind)));
    put(e, o, "approx", str_or_null(zhx_approx_name(f->approx)));
    put(e, o, "subject", str_or_null(f->subject));
    put(e, o, "sentence", raw_int(f->sentence));
    put(e, o, "rule", cJSON_CreateString(f->rule));
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

int zhx_extract_doc(zhx_extract *e, zhx_input *in, cJSON **out, zhx_error *err)
{
    *out = NULL;
    e->failed = 0;
    const char *id = zhx_input_doc_id(in);
    cJSON *doc = cJSON_CreateObject();
    e->entities = cJSON_CreateArray();
    e->figures = cJSON_CreateArray();
    if (!doc || !e->entities || !e->figures) {
        cJSON_Delete(doc), cJSON_Delete(e->entities), cJSON_Delete(e->figures);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int rc = zhx_meta_begin(e->meta, id, err);
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
    if (rc == 0 && e->failed)
        rc = zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc) {
        cJSON_Delete(doc), cJSON_Delete(e->entities), cJSON_Delete(e->figures);
        return rc;
    }
    put(e, doc, "doc", cJSON_CreateString(id));
    put(e, doc, "meta", meta_json(e, m));
    put(e, doc, "entities", e->entities);
    put(e, doc, "figures", e->figures);
    if (e->failed) {
        cJSON_Delete(doc);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *out = doc;
    return ZHX_OK;
}
