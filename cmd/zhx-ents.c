/* zhx-ents: people (with roles), institutions, programs, places and dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "cli.h"
#include "zhx/ents.h"

static const char *const columns[] = {
    "doc", "type", "text", "start", "end", "norm", "role", "sentence", "rule",
    "explain", NULL};
static const char *const unique_columns[] = {
    "doc", "type", "text", "norm", "role", "count", "start", "end", "sentence",
    "rule", NULL};

enum {
    OPT_TYPES = ZHX_OPT_USER, OPT_UNIQUE, OPT_EXPLAIN, OPT_RULES, OPT_RULES_ONLY,
    OPT_CHECK, OPT_BASE_DATE, OPT_ALL_LINES
};

static const struct option longopts[] = {
    {"types", required_argument, 0, OPT_TYPES},
    {"unique", no_argument, 0, OPT_UNIQUE},
    {"explain", no_argument, 0, OPT_EXPLAIN},
    {"rules", required_argument, 0, OPT_RULES},
    {"rules-only", no_argument, 0, OPT_RULES_ONLY},
    {"check-rules", no_argument, 0, OPT_CHECK},
    {"base-date", required_argument, 0, OPT_BASE_DATE},
    {"all-lines", no_argument, 0, OPT_ALL_LINES},
    {0, 0, 0, 0},
};

static const zhx_cli_spec spec = {
    .name = "zhx-ents",
    .purpose = "Find the people (with their roles), institutions, programs, places and dates\n"
               "named in Chinese text.",
    .options =
        "Entities:\n"
        "      --types=LIST        keep only these types (person,institution,program,\n"
        "                          place,date)\n"
        "      --unique            one row per distinct entity of a document, with its\n"
        "                          mention count and first mention\n"
        "      --explain           add an explain column: the rule and the lexicon\n"
        "                          entries that made each record\n"
        "      --base-date=DATE    YYYY-MM-DD that 今年, 去年, 上半年 are resolved\n"
        "                          against when the article has no date line\n"
        "      --all-lines         also look in portal boilerplate lines\n"
        "Rules (docs/rules.md):\n"
        "      --rules=FILE        add the rules and lexicons of FILE to the built-in ones\n"
        "      --rules-only        use only FILE's rules (built-in lexicons stay usable)\n"
        "      --check-rules       load the rules, check every rule's examples, report\n"
        "                          and exit (0 if all hold, 2 if not)\n"
        "norm carries the canonical form: quotes and 《》 removed, aliases resolved\n"
        "(上海交大 -> 上海交通大学), dates as ISO 8601 (今年 -> 2024).\n",
    .examples = "  zhx-ents article.txt\n"
                "  zhx-ents --types person --unique -f tsv article.txt\n"
                "  zhx-ents --rules my.rules --check-rules\n",
    .longopts = longopts,
    .default_format = ZHX_FMT_CSV,
    .columns = columns,
};

/* One distinct entity of a document, for --unique. */
typedef struct uent {
    char *type, *text, *norm, *role, *rule;
    size_t count, start, end, sentence;
} uent;

typedef struct state {
    zhx_cli cli;
    zhx_writer *w;
    zhx_rules *rules;
    zhx_ents *ents;
    zhx_article *article;
    const char *types, *base_date, *rules_name;
    char *rules_text;
    size_t rules_len;
    int unique, explain, rules_only, check, all_lines, dated;
    zhx_doc_context base;
    char *buf;
    size_t cap;
    uent *u;
    size_t nu, ucap;
    const char *doc;
} state;

static int own(void *ctx, int opt, const char *arg)
{
    state *st = ctx;
    switch (opt) {
    case OPT_TYPES: st->types = arg; return 0;
    case OPT_UNIQUE: st->unique = 1; return 0;
    case OPT_EXPLAIN: st->explain = 1; return 0;
    case OPT_RULES:
        if (st->rules_text)
            zhx_cli_usage(&st->cli, "only one --rules file");
        st->rules_name = arg;
        st->rules_text = zhx_cli_read_file(&st->cli, arg, 64u << 20, &st->rules_len);
        return 0;
    case OPT_RULES_ONLY: st->rules_only = 1; return 0;
    case OPT_CHECK: st->check = 1; return 0;
    case OPT_BASE_DATE: st->base_date = arg; return 0;
    case OPT_ALL_LINES: st->all_lines = 1; return 0;
    }
    return -1;
}

static int wanted(const state *st, const char *t)
{
    if (!st->types)
        return 1;
    size_t n = strlen(t);
    for (const char *p = st->types; (p = strstr(p, t)) != NULL; p += n)
        if ((p == st->types || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static const char *orig(state *st, const zhx_chunk *c, size_t s, size_t e)
{
    const char *t = zhx_chunk_orig_text(c, s, e, &st->buf, &st->cap);
    if (!t)
        zhx_cli_die(&st->cli, "out of memory");
    return t;
}

static char *dup_or_null(state *st, const char *s)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        zhx_cli_die(&st->cli, "out of memory");
    return d;
}

/* --unique: count a mention of its (type, canonical form). */
static void tally(state *st, const zhx_entity *en, const char *text, size_t s, size_t e)
{
    const char *key = en->norm ? en->norm : text;
    for (size_t i = 0; i < st->nu; i++) {
        uent *u = &st->u[i];
        if (strcmp(u->type, en->type) == 0 && strcmp(u->norm ? u->norm : u->text, key) == 0) {
            u->count++;
            if (!u->role && en->role)
                u->role = dup_or_null(st, en->role);
            return;
        }
    }
    if (st->nu == st->ucap) {
        st->ucap = st->ucap ? st->ucap * 2 : 64;
        if (!(st->u = realloc(st->u, st->ucap * sizeof *st->u)))
            zhx_cli_die(&st->cli, "out of memory");
    }
    uent *u = &st->u[st->nu++];
    *u = (uent){dup_or_null(st, en->type), dup_or_null(st, text), dup_or_null(st, en->norm),
                dup_or_null(st, en->role), dup_or_null(st, en->rule), 1, s, e, en->sentence};
}

static int on_entity(void *ud, const zhx_chunk *c, const zhx_entity *en)
{
    state *st = ud;
    if (!wanted(st, en->type))
        return 0;
    size_t s, e;
    zhx_chunk_span(c, en->start, en->end, &s, &e);
    const char *text = orig(st, c, s, e);
    if (st->unique) {
        tally(st, en, text, s, e);
        return 0;
    }
    zhx_value v[] = {ZHX_V_STR(c->doc), ZHX_V_STR(en->type), ZHX_V_STR(text),
                     ZHX_V_INT(s), ZHX_V_INT(e), ZHX_V_STR(en->norm),
                     ZHX_V_STR(en->role), ZHX_V_INT(en->sentence), ZHX_V_STR(en->rule),
                     ZHX_V_STR(en->explain)};
    return zhx_writer_row(st->w, v) != ZHX_OK;
}

static int on_doc(void *ctx, const char *doc)
{
    state *st = ctx;
    zhx_error err;
    st->doc = doc;
    st->dated = 0;
    if (zhx_article_begin(st->article, doc, &err))
        zhx_cli_die(&st->cli, "%s", err.message);
    zhx_ents_begin(st->ents, st->base_date ? &st->base : NULL);
    return 0;
}

static int on_chunk(void *ctx, const zhx_chunk *c)
{
    state *st = ctx;
    zhx_error err;
    int keep = zhx_article_keep(st->article, c, &err);
    if (keep < 0)
        zhx_cli_die(&st->cli, "%s", err.message);
    int y, m, d;
    if (!st->dated && zhx_article_date(st->article, &y, &m, &d)) {
        /* The article's own date resolves 今年 from its date line on. */
        zhx_doc_context ctx2 = {y, m, d, NULL};
        zhx_ents_set_context(st->ents, &ctx2);
        st->dated = 1;
    }
    if (!keep)
        return 0;
    int rc = zhx_ents_run(st->ents, c, on_entity, st, &err);
    if (rc == ZHX_ENOMEM)
        zhx_cli_die(&st->cli, "%s", err.message);
    return rc != ZHX_OK;
}

static int on_doc_end(void *ctx, const char *doc, int failed)
{
    state *st = ctx;
    int rc = 0;
    for (size_t i = 0; i < st->nu; i++) {
        uent *u = &st->u[i];
        if (!failed && !rc) {
            zhx_value v[] = {ZHX_V_STR(doc), ZHX_V_STR(u->type), ZHX_V_STR(u->text),
                             ZHX_V_STR(u->norm), ZHX_V_STR(u->role), ZHX_V_INT(u->count),
                             ZHX_V_INT(u->start), ZHX_V_INT(u->end), ZHX_V_INT(u->sentence),
                             ZHX_V_STR(u->rule)};
            rc = zhx_writer_row(st->w, v) != ZHX_OK;
        }
        free(u->type), free(u->text), free(u->norm), free(u->role), free(u->rule);
    }
    st->nu = 0;
    return rc;
}

int main(int argc, char **argv)
{
    static state st;
    zhx_cli_parse(&st.cli, &spec, argc, argv, own, &st);
    zhx_error err;
    if (st.base_date && zhx_ents_parse_date(st.base_date, &st.base) != ZHX_OK)
        zhx_cli_usage(&st.cli, "invalid base date '%s' (want YYYY-MM-DD)", st.base_date);
    if (st.rules_only && !st.rules_text)
        zhx_cli_usage(&st.cli, "--rules-only needs --rules FILE");
    st.rules = zhx_ents_load_rules(st.rules_name, st.rules_text, st.rules_len,
                                   st.rules_only, st.check, &err);
    if (!st.rules) {
        zhx_cli_report(&st.cli, &err);
        return ZHX_EXIT_USAGE;
    }
    if (st.check) {
        printf("%s: %zu rules, %zu lexicon entries: every example holds\n", spec.name,
               zhx_rules_count(st.rules), zhx_rules_lexicon_entries(st.rules));
        zhx_rules_free(st.rules);
        free(st.rules_text);
        return zhx_cli_finish_output(&st.cli, NULL);
    }
    zhx_ents_opts eo = {st.explain};
    if (!(st.ents = zhx_ents_new(st.rules, &eo, &err)) ||
        !(st.article = zhx_article_new(st.all_lines, &err))) {
        zhx_cli_report(&st.cli, &err);
        return ZHX_EXIT_USAGE;
    }
    if (st.unique)
        st.w = zhx_cli_writer(&st.cli, unique_columns, 10);
    else
        st.w = zhx_cli_writer(&st.cli, columns, st.explain ? 10 : 9);
    zhx_cli_hooks h = {on_doc, on_chunk, on_doc_end};
    zhx_cli_run(&st.cli, &h, &st);
    int rc = zhx_cli_finish_output(&st.cli, st.w);
    zhx_writer_free(st.w);
    zhx_ents_free(st.ents);
    zhx_rules_free(st.rules);
    zhx_article_free(st.article);
    free(st.rules_text);
    free(st.buf);
    free(st.u);
    return rc;
}
