/* zhx-meta: article metadata (title, time, source, credits, sections) and
 * the body paragraphs without portal boilerplate. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "zhx/meta.h"

static const char *const doc_columns[] = {"doc", "title", "published", "source", "authors",
                                          "editors", "sections", "paragraphs", "rules", NULL};
static const char *const body_columns[] = {"doc", "paragraph", "start", "end", "text", "rule", NULL};
static const char *const line_columns[] = {"doc", "line", "kind", "start", "end", "text", "rule", NULL};

enum { OPT_RULES = ZHX_OPT_USER, OPT_RULES_ONLY, OPT_BODY, OPT_LINES };

static const struct option longopts[] = {
    {"rules", required_argument, 0, OPT_RULES},
    {"rules-only", no_argument, 0, OPT_RULES_ONLY},
    {"body", no_argument, 0, OPT_BODY},
    {"lines", no_argument, 0, OPT_LINES},
    {0, 0, 0, 0},
};

static const zhx_cli_spec spec = {
    .name = "zhx-meta",
    .purpose = "Article metadata: title, publication time, source, authors, editors and\n"
               "section headings, and the body paragraphs without portal boilerplate.",
    .options = "Metadata:\n"
               "      --rules=FILE        add the meta rules in FILE (docs/meta-rules.md);\n"
               "                          may be repeated\n"
               "      --rules-only        use only --rules files, not the built-in rules\n"
               "      --body              one record per body paragraph: doc, paragraph,\n"
               "                          start, end, text, rule\n"
               "      --lines             one record per non-blank line with its kind\n"
               "                          (title head dateline source credit section body\n"
               "                          boilerplate): doc, line, kind, start, end, text,\n"
               "                          rule\n"
               "By default one record per document. In csv/tsv, authors are 'ROLE NAME'\n"
               "joined by '; ', editors and sections are joined by ';', paragraphs is the\n"
               "number of body paragraphs and rules lists the rules that fired. In\n"
               "json/jsonl the record is an object with authors [{name, role}], editors\n"
               "[...], sections [...], body [{start, end, text}] and rules [...]; -f json\n"
               "prints a single document's object bare, several as an array.\n",
    .examples = "  zhx-meta article.txt                       # one CSV record\n"
                "  zhx-meta -f json article.txt | jq .published\n"
                "  zhx-meta --body -f tsv article.txt         # the clean paragraphs\n"
                "  zhx-meta --lines --rules site.rules page.txt\n",
    .default_format = ZHX_FMT_CSV,
    .columns = doc_columns,
    .longopts = longopts,
};

typedef struct state {
    zhx_cli cli;
    zhx_writer *w;
    zhx_meta_rules *rules;
    zhx_meta *meta;
    const char **rule_files;
    int n_rule_files, rules_only, mode; /* mode: 0 documents, 'b' body, 'l' lines */
    size_t paragraph;
    char *buf;
    size_t buf_cap;
} state;

static int own(void *ctx, int opt, const char *arg)
{
    state *st = ctx;
    switch (opt) {
    case OPT_RULES: {
        const char **f = realloc(st->rule_files, (size_t)(st->n_rule_files + 1) * sizeof *f);
        if (!f)
            zhx_cli_die(&st->cli, "out of memory");
        st->rule_files = f;
        f[st->n_rule_files++] = arg;
        return 0;
    }
    case OPT_RULES_ONLY: st->rules_only = 1; return 0;
    case OPT_BODY: st->mode = 'b'; return 0;
    case OPT_LINES: st->mode = 'l'; return 0;
    }
    return -1;
}

static void load_rules(state *st)
{
    zhx_error err;
    if (!(st->rules = zhx_meta_rules_new(&err)))
        zhx_cli_die(&st->cli, "%s", err.message);
    if (!st->rules_only && zhx_meta_rules_add_defaults(st->rules, &err)) {
        zhx_cli_report(&st->cli, &err);
        exit(ZHX_EXIT_USAGE);
    }
    if (st->rules_only && !st->n_rule_files)
        zhx_cli_usage(&st->cli, "--rules-only needs at least one --rules FILE");
    for (int i = 0; i < st->n_rule_files; i++) {
        const char *path = st->rule_files[i];
        size_t len;
        char *text = zhx_cli_read_file(&st->cli, path, 64u << 20, &len);
        if (zhx_meta_rules_add(st->rules, path, text, len, &err)) {
            zhx_cli_report(&st->cli, &err);
            exit(ZHX_EXIT_USAGE);
        }
        free(text);
    }
}

static int emit_settled(state *st, const char *doc)
{
    if (!st->mode)
        return 0;
    size_t n;
    const zhx_meta_line *l = zhx_meta_settled(st->meta, &n);
    for (size_t i = 0; i < n; i++) {
        if (st->mode == 'b') {
            if (l[i].kind != ZHX_LINE_BODY)
                continue;
            zhx_value v[] = {ZHX_V_STR(doc), ZHX_V_INT(st->paragraph++), ZHX_V_INT(l[i].start),
                             ZHX_V_INT(l[i].end), ZHX_V_STR(l[i].text), ZHX_V_STR(l[i].rule)};
            if (zhx_writer_row(st->w, v))
                return 1;
        } else {
            zhx_value v[] = {ZHX_V_STR(doc), ZHX_V_INT(l[i].line),
                             ZHX_V_STR(zhx_line_kind_name(l[i].kind)), ZHX_V_INT(l[i].start),
                             ZHX_V_INT(l[i].end), ZHX_V_STR(l[i].text), ZHX_V_STR(l[i].rule)};
            if (zhx_writer_row(st->w, v))
                return 1;
        }
    }
    return 0;
}

static int on_begin(void *ctx, const char *doc)
{
    state *st = ctx;
    zhx_error err;
    st->paragraph = 0;
    if (zhx_meta_begin(st->meta, doc, &err))
        zhx_cli_die(&st->cli, "%s", err.message);
    return 0;
}

static int on_chunk(void *ctx, const zhx_chunk *c)
{
    state *st = ctx;
    zhx_error err;
    zhx_line_kind k;
    if (zhx_meta_chunk(st->meta, c, &k, &err))
        zhx_cli_die(&st->cli, "%s", err.message);
    return emit_settled(st, c->doc);
}

/* s joined to buf at *len with sep, growing buf. */
static void append(state *st, size_t *len, const char *sep, const char *a, const char *b)
{
    size_t need = *len + strlen(sep) + strlen(a) + (b ? strlen(b) + 1 : 0) + 1;
    if (need > st->buf_cap) {
        char *t = realloc(st->buf, need * 2);
        if (!t)
            zhx_cli_die(&st->cli, "out of memory");
        st->buf = t;
        st->buf_cap = need * 2;
    }
    *len += (size_t)sprintf(st->buf + *len, "%s%s%s%s", *len ? sep : "", a, b ? " " : "", b ? b : "");
}

static char *join_field(state *st, int which, const zhx_meta_doc *d)
{
    size_t len = 0;
    if (st->buf_cap)
        st->buf[0] = '\0';
    append(st, &len, "", "", NULL);
    if (which == 'a')
        for (size_t i = 0; i < d->n_authors; i++)
            append(st, &len, "; ", d->authors[i].role, d->authors[i].name);
    else if (which == 'e')
        for (size_t i = 0; i < d->n_editors; i++)
            append(st, &len, ";", d->editors[i].name, NULL);
    else if (which == 's')
        for (size_t i = 0; i < d->n_sections; i++)
            append(st, &len, ";", d->sections[i].text, NULL);
    else
        for (size_t i = 0; i < d->n_rules; i++)
            append(st, &len, ";", d->rules[i], NULL);
    char *s = strdup(st->buf);
    if (!s)
        zhx_cli_die(&st->cli, "out of memory");
    return s;
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static char *doc_json(const zhx_meta_doc *d)
{
    cJSON *o = cJSON_CreateObject(), *a;
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "doc", cJSON_CreateString(d->doc));
    cJSON_AddItemToObject(o, "title", str_or_null(d->title));
    cJSON_AddItemToObject(o, "published", str_or_null(d->published));
    cJSON_AddItemToObject(o, "source", str_or_null(d->source));
    cJSON_AddItemToObject(o, "authors", a = cJSON_CreateArray());
    for (size_t i = 0; a && i < d->n_authors; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddItemToObject(p, "name", cJSON_CreateString(d->authors[i].name));
        cJSON_AddItemToObject(p, "role", cJSON_CreateString(d->authors[i].role));
        cJSON_AddItemToArray(a, p);
    }
    cJSON_AddItemToObject(o, "editors", a = cJSON_CreateArray());
    for (size_t i = 0; a && i < d->n_editors; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(d->editors[i].name));
    cJSON_AddItemToObject(o, "sections", a = cJSON_CreateArray());
    for (size_t i = 0; a && i < d->n_sections; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(d->sections[i].text));
    cJSON_AddItemToObject(o, "body", a = cJSON_CreateArray());
    for (size_t i = 0; a && i < d->n_body; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddItemToObject(p, "start", cJSON_CreateNumber((double)d->body[i].start));
        cJSON_AddItemToObject(p, "end", cJSON_CreateNumber((double)d->body[i].end));
        cJSON_AddItemToObject(p, "text", str_or_null(d->body[i].text));
        cJSON_AddItemToArray(a, p);
    }
    cJSON_AddItemToObject(o, "rules", a = cJSON_CreateArray());
    for (size_t i = 0; a && i < d->n_rules; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(d->rules[i]));
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

static int on_end(void *ctx, const char *doc, int failed)
{
    state *st = ctx;
    zhx_error err;
    const zhx_meta_doc *d;
    if (zhx_meta_end(st->meta, &d, &err))
        zhx_cli_die(&st->cli, "%s", err.message);
    if (st->mode)
        return emit_settled(st, doc);
    if (failed)
        return 0; /* cut short by bad input: the document is skipped */
    if (st->cli.format == ZHX_FMT_JSON || st->cli.format == ZHX_FMT_JSONL) {
        char *s = doc_json(d);
        if (!s)
            zhx_cli_die(&st->cli, "out of memory");
        int rc = zhx_writer_json(st->w, s);
        free(s);
        return rc != ZHX_OK;
    }
    char *authors = join_field(st, 'a', d), *editors = join_field(st, 'e', d);
    char *sections = join_field(st, 's', d), *rules = join_field(st, 'r', d);
    zhx_value v[] = {ZHX_V_STR(d->doc), ZHX_V_STR(d->title), ZHX_V_STR(d->published),
                     ZHX_V_STR(d->source), ZHX_V_STR(authors), ZHX_V_STR(editors),
                     ZHX_V_STR(sections), ZHX_V_INT(d->n_body), ZHX_V_STR(rules)};
    int rc = zhx_writer_row(st->w, v) != ZHX_OK;
    free(authors);
    free(editors);
    free(sections);
    free(rules);
    return rc;
}

int main(int argc, char **argv)
{
    static state st;
    zhx_cli_parse(&st.cli, &spec, argc, argv, own, &st);
    load_rules(&st);
    int json = st.cli.format == ZHX_FMT_JSON || st.cli.format == ZHX_FMT_JSONL;
    zhx_error err;
    st.meta = zhx_meta_new(st.rules, !st.mode && json ? ZHX_META_KEEP_BODY : 0, &err);
    if (!st.meta)
        zhx_cli_die(&st.cli, "%s", err.message);
    if (!st.mode)
        st.cli.wflags |= ZHX_W_JSON_SINGLE;
    const char *const *cols = st.mode == 'b' ? body_columns : st.mode == 'l' ? line_columns : doc_columns;
    size_t ncols = 0;
    while (cols[ncols])
        ncols++;
    st.w = zhx_cli_writer(&st.cli, cols, ncols);
    zhx_cli_hooks h = {on_begin, on_chunk, on_end};
    zhx_cli_run(&st.cli, &h, &st);
    int rc = zhx_cli_finish_output(&st.cli, st.w);
    zhx_writer_free(st.w);
    zhx_meta_free(st.meta);
    zhx_meta_rules_free(st.rules);
    free(st.rule_files);
    free(st.buf);
    return rc;
}
