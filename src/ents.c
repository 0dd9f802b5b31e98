/* The entity stage: a matcher per stage, document context, callbacks. */
#include "zhx/ents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct zhx_ents {
    const zhx_rules *rules;
    zhx_matcher *m;
    zhx_ents_opts opts;
};

zhx_ents *zhx_ents_new(const zhx_rules *rules, const zhx_ents_opts *opts,
                       zhx_error *err)
{
    zhx_ents *e = calloc(1, sizeof *e);
    if (!e || !(e->m = zhx_matcher_new(rules))) {
        free(e);
        zhx_error_set(err, rules ? ZHX_ENOMEM : ZHX_EINVAL, NULL, 0, 0,
                      rules ? "out of memory" : "no compiled rules");
        return NULL;
    }
    e->rules = rules;
    if (opts)
        e->opts = *opts;
    zhx_matcher_set_explain(e->m, e->opts.explain);
    return e;
}

void zhx_ents_free(zhx_ents *e)
{
    if (!e)
        return;
    zhx_matcher_free(e->m);
    free(e);
}

void zhx_ents_begin(zhx_ents *e, const zhx_doc_context *ctx)
{
    zhx_matcher_reset(e->m);
    if (ctx) {
        zhx_matcher_set_base_date(e->m, ctx->year, ctx->month, ctx->day);
        if (ctx->city && ctx->city[0])
            zhx_matcher_set_city(e->m, ctx->city);
    }
}

int zhx_ents_run(zhx_ents *e, const zhx_chunk *c, zhx_entity_fn fn, void *ud,
                 zhx_error *err)
{
    int rc = zhx_matcher_run(e->m, c, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < zhx_matcher_count(e->m); i++) {
        const zhx_match *x = zhx_matcher_get(e->m, i);
        zhx_entity en = {x->type, x->start, x->end, x->norm, x->role,
                         x->sentence, x->rule, x->explain};
        if ((rc = fn(ud, c, &en)))
            return rc;
    }
    return ZHX_OK;
}

int zhx_ents_parse_date(const char *s, zhx_doc_context *ctx)
{
    int y = 0, m = 0, d = 0;
    char tail;
    int n = sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail);
    if (n < 1 || n > 3 || y < 1 || (n >= 2 && (m < 1 || m > 12)) ||
        (n == 3 && (d < 1 || d > 31)))
        return ZHX_EINVAL;
    ctx->year = y;
    ctx->month = n >= 2 ? m : 0;
    ctx->day = n == 3 ? d : 0;
    return ZHX_OK;
}

zhx_rules *zhx_ents_load_rules(const char *name, const char *user,
                               size_t len, int only_user, int check,
                               zhx_error *err)
{
    zhx_rules *r = zhx_rules_new();
    if (!r) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    if ((!only_user && zhx_rules_add_defaults(r, err)) ||
        (user && zhx_rules_add(r, name ? name : "rules", user, len, err)) ||
        zhx_rules_compile(r, err) ||
        (check && zhx_rules_check_examples(r, NULL, err))) {
        zhx_rules_free(r);
        return NULL;
    }
    return r;
}

void zhx_ents_set_context(zhx_ents *e, const zhx_doc_context *ctx)
{
    zhx_matcher_set_base_date(e->m, ctx->year, ctx->month, ctx->day);
    if (ctx->city && ctx->city[0])
        zhx_matcher_set_city(e->m, ctx->city);
}
