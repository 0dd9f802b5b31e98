/* Meta rules: parser and possessive pattern matcher (see meta_rules.h and
 * docs/meta-rules.md). */
#include "meta_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embedded.h"

#define MAX_RULES 4096
#define MAX_ITEMS 256
#define MAX_COUNT 255
#define MAX_PATTERN_LEN 1024 /* sum of item maxima: bounds one attempt */
#define MAX_LIMIT 100000     /* within=, max= */
#define MAX_TEXT 256         /* role=, value= in bytes */

int zhx_meta_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v' || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) ||
           c == 0x202F || c == 0x205F || c == 0xFEFF;
}

int zhx_meta_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
           c == 0x3007;
}

/* ---- matching ---------------------------------------------------------- */

static int value_char(uint32_t c)
{
    if (zhx_meta_is_space(c))
        return 0;
    switch (c) {
    case '|': case 0x4E28: /* 丨 */ case ')': case ']': case 0x3011: /* 】 */
    case '}': case ':': case ';': case ',': case 0x3002: /* 。 */ case '!':
    case '?': case 0x3001: /* 、 */ case 0x300B: /* 》 */
        return 0;
    }
    return 1;
}

static int in_set(const zhx_mrule *r, const zhx_mitem *it, uint32_t c)
{
    for (uint32_t i = 0; i < it->nset; i++)
        if (r->set[it->set + i] == c)
            return 1;
    return 0;
}

static int item_takes(const zhx_mrule *r, const zhx_mitem *it, uint32_t c)
{
    switch (it->cls) {
    case ZHX_PC_LIT: return c == it->cp;
    case ZHX_PC_DIGIT: return c >= '0' && c <= '9';
    case ZHX_PC_HAN: return zhx_meta_is_han(c);
    case ZHX_PC_SPACE: return zhx_meta_is_space(c) && c != '\n';
    case ZHX_PC_LATIN: return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    case ZHX_PC_ALNUM:
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
               zhx_meta_is_han(c);
    case ZHX_PC_ANY: return c != '\n';
    case ZHX_PC_VALUE: return value_char(c);
    case ZHX_PC_SET: return in_set(r, it, c);
    case ZHX_PC_NSET: return c != '\n' && !in_set(r, it, c);
    }
    return 0;
}

size_t zhx_mrule_match(const zhx_mrule *r, const uint32_t *t, size_t pos,
                       size_t end, zhx_mcap *caps)
{
    if (caps)
        for (int i = 0; i < ZHX_NCAP; i++)
            caps[i].s = caps[i].e = SIZE_MAX;
    size_t p = pos;
    for (size_t k = 0; k < r->n; k++) {
        const zhx_mitem *it = &r->items[k];
        size_t s = p, got = 0;
        if (it->cls == ZHX_PC_VALUE) {
            /* A value keeps a title mark it opened: 内蒙古新闻网-《内蒙古日报》. */
            int open = 0;
            while (p < end && got < it->max &&
                   (value_char(t[p]) || (t[p] == 0x300B && open))) {
                open += t[p] == 0x300A ? 1 : t[p] == 0x300B ? -1 : 0;
                p++, got++;
            }
        } else {
            while (p < end && got < it->max && item_takes(r, it, t[p]))
                p++, got++;
        }
        if (got < it->min)
            return SIZE_MAX;
        if (caps && it->cap) {
            caps[it->cap].s = s;
            caps[it->cap].e = p;
        }
    }
    return p;
}

size_t zhx_mrule_search(const zhx_mrule *r, const uint32_t *t, size_t from,
                        size_t to, size_t end, size_t *mend, zhx_mcap *caps)
{
    if (r->n == 0)
        return SIZE_MAX;
    const zhx_mitem *first = &r->items[0];
    /* Most patterns open with a literal: look for it before trying. */
    const int lit = first->cls == ZHX_PC_LIT && first->min;
    const uint32_t cp = first->cp;
    size_t last = to < end ? to : end - 1;
    if (end == 0)
        return SIZE_MAX;
    for (size_t p = from; p <= last; p++) {
        if (lit) {
            while (p <= last && t[p] != cp)
                p++;
            if (p > last)
                break;
        }
        size_t e = zhx_mrule_match(r, t, p, end, caps);
        if (e != SIZE_MAX) {
            *mend = e;
            return p;
        }
    }
    return SIZE_MAX;
}

void zhx_cpset_fill(zhx_cpset *set, const uint32_t *t, size_t s, size_t e)
{
    memset(set, 0, sizeof *set);
    for (size_t i = s; i < e; i++)
        set->bits[(t[i] >> 6) & 15] |= 1ULL << (t[i] & 63);
}

/* The code point a rule can be pruned by: a literal every match holds,
 * preferring a non-ASCII one (rarer in a line than punctuation). */
static uint32_t required_cp(const zhx_mrule *r)
{
    uint32_t any = 0;
    for (size_t k = 0; k < r->n; k++) {
        const zhx_mitem *it = &r->items[k];
        if (it->cls != ZHX_PC_LIT || it->min == 0)
            continue;
        if (it->cp >= 0x80)
            return it->cp;
        if (!any)
            any = it->cp;
    }
    return any;
}

/* Rebuild the per-kind index lists after rules were added or removed. */
static int index_kinds(zhx_meta_rules *rs, zhx_error *err)
{
    for (int k = 0; k < ZHX_MR_KINDS; k++) {
        uint32_t *ix = realloc(rs->of_kind[k], (rs->n ? rs->n : 1) * sizeof *ix);
        if (!ix)
            return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        rs->of_kind[k] = ix;
        rs->n_of_kind[k] = 0;
        for (size_t i = 0; i < rs->n; i++)
            if (rs->r[i].kind == k)
                ix[rs->n_of_kind[k]++] = (uint32_t)i;
    }
    return ZHX_OK;
}

/* ---- parsing ----------------------------------------------------------- */

typedef struct parser {
    zhx_meta_rules *rs;
    const char *name;
    unsigned long line;
    const uint32_t *cp; /* the line */
    size_t n;
    zhx_error *err;
} parser;

static int fail(parser *ps, size_t col, const char *fmt, const char *arg)
{
    char msg[400];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    return zhx_error_set(ps->err, ZHX_ESYNTAX, ps->name, ps->line, col + 1, "%s", msg);
}

static int oom(zhx_error *err)
{
    return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
}

static void rule_free(zhx_mrule *r)
{
    free(r->id);
    free(r->role);
    free(r->value);
    free(r->items);
    free(r->set);
    memset(r, 0, sizeof *r);
}

zhx_meta_rules *zhx_meta_rules_new(zhx_error *err)
{
    zhx_meta_rules *rs = calloc(1, sizeof *rs);
    if (!rs) {
        oom(err);
        return NULL;
    }
    rs->norm = zhx_norm_new(ZHX_NORM_DEFAULT, err);
    if (!rs->norm) {
        free(rs);
        return NULL;
    }
    return rs;
}

void zhx_meta_rules_free(zhx_meta_rules *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++)
        rule_free(&rs->r[i]);
    for (int k = 0; k < ZHX_MR_KINDS; k++)
        free(rs->of_kind[k]);
    free(rs->r);
    zhx_norm_free(rs->norm);
    free(rs);
}

size_t zhx_meta_rules_count(const zhx_meta_rules *rs)
{
    return rs ? rs->n : 0;
}

static char *utf8_of(const uint32_t *cp, size_t n)
{
    char *s = malloc(n * 4 + 1);
    if (!s)
        return NULL;
    zhx_cps_utf8(cp, 0, n, s, n * 4 + 1);
    return s;
}

static int add_item(parser *ps, zhx_mrule *r, size_t *cap, zhx_mitem it, size_t col)
{
    if (r->n >= MAX_ITEMS)
        return fail(ps, col, "pattern has more than 256 items", NULL);
    if (r->maxlen + it.max > MAX_PATTERN_LEN)
        return fail(ps, col, "pattern can match more than 1024 characters", NULL);
    if (ZHX_GROW(r->items, *cap, r->n + 1))
        return oom(ps->err);
    r->items[r->n++] = it;
    r->maxlen += it.max;
    return ZHX_OK;
}

/* Normalize a run of literal code points as the text is (NFKC, punctuation)
 * and append them as literal items. */
static int flush_literal(parser *ps, zhx_mrule *r, size_t *cap, uint32_t *lit,
                         size_t *nlit, size_t col)
{
    if (!*nlit)
        return ZHX_OK;
    const uint32_t *t, *map;
    size_t len;
    if (zhx_norm_run(ps->rs->norm, lit, *nlit, &t, &len, &map, ps->err))
        return ps->err->code;
    for (size_t i = 0; i < len; i++) {
        zhx_mitem it = {ZHX_PC_LIT, 0, 1, 1, t[i], 0, 0};
        if (zhx_meta_is_space(t[i]))
            it = (zhx_mitem){ZHX_PC_SPACE, 0, 1, 16, 0, 0, 0};
        int rc = add_item(ps, r, cap, it, col);
        if (rc)
            return rc;
    }
    *nlit = 0;
    return ZHX_OK;
}

static int parse_count(const uint32_t *cp, size_t n, size_t *i, uint16_t *min,
                       uint16_t *max)
{
    if (*i >= n || cp[*i] < '0' || cp[*i] > '9')
        return 0; /* no count: keep the class default */
    unsigned long a = 0, b;
    while (*i < n && cp[*i] >= '0' && cp[*i] <= '9' && a <= MAX_COUNT)
        a = a * 10 + (cp[(*i)++] - '0');
    b = a;
    if (*i < n && cp[*i] == '-') {
        (*i)++;
        if (*i >= n || cp[*i] < '0' || cp[*i] > '9')
            return -1;
        b = 0;
        while (*i < n && cp[*i] >= '0' && cp[*i] <= '9' && b <= MAX_COUNT)
            b = b * 10 + (cp[(*i)++] - '0');
    }
    if (a > b || b > MAX_COUNT || b == 0)
        return -1;
    *min = (uint16_t)a;
    *max = (uint16_t)b;
    return 1;
}

static const struct {
    const char *name;
    uint8_t cls, cap;
    uint16_t min, max;
} classes[] = {
    {"d", ZHX_PC_DIGIT, 0, 1, 1},     {"han", ZHX_PC_HAN, 0, 1, 1},
    {"sp", ZHX_PC_SPACE, 0, 0, 16},   {"latin", ZHX_PC_LATIN, 0, 1, 1},
    {"alnum", ZHX_PC_ALNUM, 0, 1, 1}, {"any", ZHX_PC_ANY, 0, 1, 1},
    {"Y", ZHX_PC_DIGIT, ZHX_CAP_Y, 4, 4}, {"M", ZHX_PC_DIGIT, ZHX_CAP_M, 1, 2},
    {"D", ZHX_PC_DIGIT, ZHX_CAP_D, 1, 2}, {"h", ZHX_PC_DIGIT, ZHX_CAP_H, 1, 2},
    {"m", ZHX_PC_DIGIT, ZHX_CAP_MI, 1, 2}, {"s", ZHX_PC_DIGIT, ZHX_CAP_S, 1, 2},
    {"V", ZHX_PC_VALUE, ZHX_CAP_V, 1, 64},
};

/* Parse {...} at cp[*i] == '{'. */
static int parse_class(parser *ps, zhx_mrule *r, size_t *cap, size_t *setcap,
                       size_t *i, unsigned *capsused)
{
    const uint32_t *cp = ps->cp;
    size_t n = ps->n, open = *i;
    (*i)++;
    zhx_mitem it = {0};
    if (*i < n && cp[*i] == '[') {
        (*i)++;
        it.cls = ZHX_PC_SET;
        if (*i < n && cp[*i] == '^') {
            it.cls = ZHX_PC_NSET;
            (*i)++;
        }
        it.set = (uint32_t)r->nset;
        while (*i < n && cp[*i] != ']') {
            if (cp[*i] == '\\' && *i + 1 < n)
                (*i)++;
            if (it.nset >= 64)
                return fail(ps, *i, "character set has more than 64 characters", NULL);
            if (ZHX_GROW(r->set, *setcap, r->nset + 1))
                return oom(ps->err);
            /* Sets hold normalized characters, as the text does. */
            const uint32_t *t, *map;
            size_t len;
            if (zhx_norm_run(ps->rs->norm, &cp[*i], 1, &t, &len, &map, ps->err))
                return ps->err->code;
            r->set[r->nset++] = len == 1 ? t[0] : cp[*i];
            it.nset++;
            (*i)++;
        }
        if (*i >= n)
            return fail(ps, open, "'[' is not closed by ']'", NULL);
        if (it.nset == 0)
            return fail(ps, *i, "empty character set", NULL);
        (*i)++;
        it.min = it.max = 1;
    } else {
        size_t s = *i;
        while (*i < n && ((cp[*i] | 0x20) >= 'a' && (cp[*i] | 0x20) <= 'z'))
            (*i)++;
        char name[16];
        size_t k = 0;
        for (size_t j = s; j < *i && k < sizeof name - 1; j++)
            name[k++] = (char)cp[j];
        name[k] = '\0';
        size_t c = 0, nc = sizeof classes / sizeof classes[0];
        while (c < nc && (*i - s >= sizeof name || strcmp(classes[c].name, name) != 0))
            c++;
        if (c == nc)
            return fail(ps, s, k ? "unknown class '%s' (d han sp latin alnum any Y M D h m s V, or [set])"
                                 : "a class name or [set] must follow '{'", name);
        it.cls = classes[c].cls;
        it.cap = classes[c].cap;
        it.min = classes[c].min;
        it.max = classes[c].max;
    }
    size_t at = *i;
    if (parse_count(cp, n, i, &it.min, &it.max) < 0)
        return fail(ps, at, "a count is N or N-M with N <= M, 1 <= M <= 255", NULL);
    if (*i >= n || cp[*i] != '}')
        return fail(ps, *i < n ? *i : open, "'{' is not closed by '}'", NULL);
    (*i)++;
    if (it.cap) {
        if (*capsused & (1u << it.cap))
            return fail(ps, open, "a capture class appears twice in one pattern", NULL);
        *capsused |= 1u << it.cap;
    }
    return add_item(ps, r, cap, it, open);
}

static int parse_pattern(parser *ps, zhx_mrule *r, size_t i)
{
    const uint32_t *cp = ps->cp;
    size_t n = ps->n, cap = 0, setcap = 0, nlit = 0, litcol = i;
    unsigned caps = 0;
    uint32_t lit[MAX_ITEMS];
    while (n > i && zhx_meta_is_space(cp[n - 1]))
        n--;
    ps->n = n;
    if (i >= n)
        return fail(ps, i, "a pattern must follow the rule id and options", NULL);
    while (i < n) {
        if (cp[i] == '{') {
            int rc = flush_literal(ps, r, &cap, lit, &nlit, litcol);
            if (!rc)
                rc = parse_class(ps, r, &cap, &setcap, &i, &caps);
            if (rc)
                return rc;
            continue;
        }
        if (cp[i] == '}')
            return fail(ps, i, "'}' without '{' (write \\} for the character)", NULL);
        if (cp[i] == '\\') {
            if (i + 1 >= n)
                return fail(ps, i, "'\\' at the end of the pattern", NULL);
            i++;
        }
        if (nlit == 0)
            litcol = i;
        if (nlit >= MAX_ITEMS)
            return fail(ps, i, "pattern has more than 256 items", NULL);
        lit[nlit++] = cp[i++];
    }
    int rc = flush_literal(ps, r, &cap, lit, &nlit, litcol);
    if (rc)
        return rc;
    if (r->n == 0)
        return fail(ps, i, "empty pattern", NULL);
    int can_empty = 1;
    for (size_t k = 0; k < r->n; k++)
        can_empty &= r->items[k].min == 0;
    if (can_empty)
        return fail(ps, i, "the pattern matches the empty text", NULL);
    if (r->kind == ZHX_MR_DATE && !((caps >> ZHX_CAP_Y) & (caps >> ZHX_CAP_M) &
                                    (caps >> ZHX_CAP_D) & 1))
        return fail(ps, i, "a date pattern needs {Y}, {M} and {D}", NULL);
    if (r->kind != ZHX_MR_DATE &&
        (caps & ((1u << ZHX_CAP_Y) | (1u << ZHX_CAP_M) | (1u << ZHX_CAP_D) |
                 (1u << ZHX_CAP_H) | (1u << ZHX_CAP_MI) | (1u << ZHX_CAP_S))))
        return fail(ps, i, "date captures ({Y} {M} {D} {h} {m} {s}) belong in date rules", NULL);
    if (r->kind == ZHX_MR_DATE && (caps >> ZHX_CAP_MI & 1) != (caps >> ZHX_CAP_H & 1))
        return fail(ps, i, "{h} and {m} go together", NULL);
    return ZHX_OK;
}

static const char *const kinds[] = {"boiler", "drop", "date", "source", "role", "stop", "lead"};

static int word_is(const uint32_t *cp, size_t s, size_t e, const char *w)
{
    size_t k = 0;
    for (; s < e && w[k]; s++, k++)
        if (cp[s] != (unsigned char)w[k])
            return 0;
    return s == e && !w[k];
}

static int parse_uint(const uint32_t *cp, size_t s, size_t e, unsigned *out)
{
    unsigned long v = 0;
    if (s == e)
        return -1;
    for (; s < e; s++) {
        if (cp[s] < '0' || cp[s] > '9')
            return -1;
        v = v * 10 + (cp[s] - '0');
        if (v > MAX_LIMIT)
            return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* One option key=value at [s, e) with '=' at eq. */
static int parse_option(parser *ps, zhx_mrule *r, size_t s, size_t eq, size_t e)
{
    const uint32_t *cp = ps->cp;
    size_t v = eq + 1;
    int k = r->kind;
    if (word_is(cp, s, eq, "at")) {
        if (k != ZHX_MR_BOILER && k != ZHX_MR_DROP && k != ZHX_MR_SOURCE)
            return fail(ps, s, "option 'at' applies to boiler, drop and source rules", NULL);
        if (word_is(cp, v, e, "line")) r->at = ZHX_AT_LINE;
        else if (word_is(cp, v, e, "start")) r->at = ZHX_AT_START;
        else if (word_is(cp, v, e, "end")) r->at = ZHX_AT_END;
        else if (word_is(cp, v, e, "any")) r->at = ZHX_AT_ANY;
        else return fail(ps, v, "at= takes line, start, end or any", NULL);
        if (k == ZHX_MR_DROP && r->at == ZHX_AT_LINE)
            return fail(ps, v, "a drop rule cuts a fragment: at=start, end or any (use boiler for whole lines)", NULL);
        return ZHX_OK;
    }
    if (word_is(cp, s, eq, "within") || word_is(cp, s, eq, "max")) {
        unsigned x;
        if (parse_uint(cp, v, e, &x) || x == 0)
            return fail(ps, v, "expected a number from 1 to 100000", NULL);
        if (cp[s] == 'w')
            r->within = x;
        else
            r->max = x;
        return ZHX_OK;
    }
    if (word_is(cp, s, eq, "rest")) {
        if (k != ZHX_MR_DATE)
            return fail(ps, s, "option 'rest' applies to date rules", NULL);
        if (!word_is(cp, v, e, "source"))
            return fail(ps, v, "rest= takes source", NULL);
        r->rest_source = 1;
        return ZHX_OK;
    }
    if (word_is(cp, s, eq, "field")) {
        if (k != ZHX_MR_ROLE)
            return fail(ps, s, "option 'field' applies to role rules", NULL);
        if (word_is(cp, v, e, "authors")) r->editors = 0;
        else if (word_is(cp, v, e, "editors")) r->editors = 1;
        else return fail(ps, v, "field= takes authors or editors", NULL);
        return ZHX_OK;
    }
    if (word_is(cp, s, eq, "pos")) {
        if (k != ZHX_MR_ROLE)
            return fail(ps, s, "option 'pos' applies to role rules", NULL);
        if (word_is(cp, v, e, "before")) r->after = 0;
        else if (word_is(cp, v, e, "after")) r->after = 1;
        else return fail(ps, v, "pos= takes before or after", NULL);
        return ZHX_OK;
    }
    if (word_is(cp, s, eq, "role") || word_is(cp, s, eq, "value")) {
        int is_role = cp[s] == 'r';
        if (is_role ? k != ZHX_MR_ROLE : (k != ZHX_MR_SOURCE && k != ZHX_MR_LEAD))
            return fail(ps, s, is_role ? "option 'role' applies to role rules"
                                       : "option 'value' applies to source and lead rules", NULL);
        if (v == e || e - v > MAX_TEXT / 4)
            return fail(ps, v, "expected a text of 1 to 64 characters", NULL);
        char *t = utf8_of(cp + v, e - v);
        if (!t)
            return oom(ps->err);
        char **dst = is_role ? &r->role : &r->value;
        free(*dst);
        *dst = t;
        return ZHX_OK;
    }
    char key[32];
    size_t n = 0;
    for (size_t i = s; i < eq && n < sizeof key - 1; i++)
        key[n++] = (char)cp[i];
    key[n] = '\0';
    return fail(ps, s, "unknown option '%s' (at within max rest field pos role value)", key);
}

static int is_id_char(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

/* Parse the current line into r (zeroed). 0 with r->kind < 0 for a blank or
 * comment line. */
static int parse_line(parser *ps, zhx_mrule *r)
{
    const uint32_t *cp = ps->cp;
    size_t n = ps->n, i = 0;
    r->kind = -1;
    while (i < n && zhx_meta_is_space(cp[i]))
        i++;
    if (i == n || cp[i] == '#')
        return ZHX_OK;
    size_t s = i;
    while (i < n && !zhx_meta_is_space(cp[i]))
        i++;
    int k = -1;
    for (int j = 0; j < (int)(sizeof kinds / sizeof kinds[0]); j++)
        if (word_is(cp, s, i, kinds[j]))
            k = j;
    if (k < 0) {
        char w[32];
        size_t m = 0;
        for (size_t j = s; j < i && m < sizeof w - 1; j++)
            w[m++] = cp[j] < 0x80 ? (char)cp[j] : '?';
        w[m] = '\0';
        return fail(ps, s, "unknown rule kind '%s' (boiler drop date source role stop lead)", w);
    }
    r->kind = k;
    r->at = k == ZHX_MR_BOILER ? ZHX_AT_LINE
          : k == ZHX_MR_LEAD || k == ZHX_MR_ROLE || k == ZHX_MR_STOP ? ZHX_AT_START
                                                                      : ZHX_AT_ANY;
    while (i < n && zhx_meta_is_space(cp[i]))
        i++;
    s = i;
    while (i < n && !zhx_meta_is_space(cp[i])) {
        if (!is_id_char(cp[i]))
            return fail(ps, i, "a rule id is made of A-Z a-z 0-9 - _ .", NULL);
        i++;
    }
    if (i == s)
        return fail(ps, i, "a rule id must follow the kind", NULL);
    if (i - s > 63)
        return fail(ps, s, "a rule id is at most 63 characters", NULL);
    if (!(r->id = utf8_of(cp + s, i - s)))
        return oom(ps->err);
    for (size_t j = 0; j < ps->rs->n; j++)
        if (strcmp(ps->rs->r[j].id, r->id) == 0)
            return fail(ps, s, "duplicate rule id '%s'", r->id);
    for (;;) {
        while (i < n && zhx_meta_is_space(cp[i]))
            i++;
        /* key=value with a lowercase key is an option; anything else starts
         * the pattern. */
        size_t t = i;
        while (t < n && cp[t] >= 'a' && cp[t] <= 'z')
            t++;
        if (t == i || t >= n || cp[t] != '=')
            break;
        size_t e = t;
        while (e < n && !zhx_meta_is_space(cp[e]))
            e++;
        int rc = parse_option(ps, r, i, t, e);
        if (rc)
            return rc;
        i = e;
    }
    int rc = parse_pattern(ps, r, i);
    if (rc)
        return rc;
    if (k == ZHX_MR_ROLE && !r->role) {
        /* The role is the keyword itself when the pattern is plain text. */
        uint32_t buf[MAX_ITEMS];
        size_t m = 0;
        for (size_t j = 0; j < r->n; j++) {
            if (r->items[j].cls != ZHX_PC_LIT)
                return fail(ps, i, "a role pattern with classes needs role=NAME", NULL);
            buf[m++] = r->items[j].cp;
        }
        if (!(r->role = utf8_of(buf, m)))
            return oom(ps->err);
    }
    return ZHX_OK;
}

/* Line and column (code points) of byte offset off in text. */
static void locate(const char *text, size_t off, unsigned long *line, unsigned long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            (*line)++;
            *col = 1;
        } else if ((c & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

int zhx_meta_rules_add(zhx_meta_rules *rs, const char *name, const char *text,
                       size_t len, zhx_error *err)
{
    zhx_error_clear(err);
    if (!rs || (!text && len))
        return zhx_error_set(err, ZHX_EINVAL, name, 0, 0, "no rule set or text");
    size_t valid = zhx_utf8_valid_prefix((const unsigned char *)text, len);
    const char *nul = memchr(text, '\0', valid);
    if (valid < len || nul) {
        size_t off = nul ? (size_t)(nul - text) : valid;
        unsigned long line, col;
        locate(text, off, &line, &col);
        return zhx_error_set(err, ZHX_ESYNTAX, name, line, col,
                             nul ? "NUL byte in a rules file" : "invalid UTF-8 byte 0x%02X",
                             (unsigned char)text[off]);
    }
    size_t first = rs->n;
    uint32_t *cp = NULL;
    size_t cap = 0;
    parser ps = {rs, name, 0, NULL, 0, err};
    int rc = ZHX_OK;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len && rc == ZHX_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t e = nl ? (size_t)(nl - text) : len;
        ps.line++;
        if (ZHX_GROW(cp, cap, e - pos + 1)) {
            rc = oom(err);
            break;
        }
        size_t n = 0;
        for (size_t i = pos; i < e;) {
            int l = zhx_utf8_decode((const unsigned char *)text + i, e - i, &cp[n]);
            i += l > 0 ? (size_t)l : 1;
            n++;
        }
        ps.cp = cp;
        ps.n = n;
        pos = e + 1;
        zhx_mrule r;
        memset(&r, 0, sizeof r);
        rc = parse_line(&ps, &r);
        if (rc || r.kind < 0) {
            rule_free(&r);
            continue;
        }
        if (rs->n >= MAX_RULES) {
            rule_free(&r);
            rc = fail(&ps, 0, "more than 4096 rules", NULL);
            break;
        }
        if (ZHX_GROW(rs->r, rs->cap, rs->n + 1)) {
            rule_free(&r);
            rc = oom(err);
            break;
        }
        r.req = required_cp(&r);
        rs->r[rs->n++] = r;
    }
    free(cp);
    if (!rc)
        rc = index_kinds(rs, err);
    if (rc) {
        while (rs->n > first)
            rule_free(&rs->r[--rs->n]);
        index_kinds(rs, NULL);
    }
    return rc;
}

int zhx_meta_rules_add_defaults(zhx_meta_rules *rs, zhx_error *err)
{
    const zhx_embedded_file *f = zhx_embedded_find("meta/meta.rules");
    if (!f)
        return zhx_error_set(err, ZHX_EINVAL, NULL, 0, 0, "meta.rules is not compiled in");
    return zhx_meta_rules_add(rs, "meta.rules", f->data, f->len, err);
}
