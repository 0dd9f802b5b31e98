/* The meta stage: line classification and article metadata (zhx/meta.h).
 *
 * Each line is looked at once, in order: whole-line boilerplate, fragments
 * to cut (drop rules), then, on short lines, a date line, a source line or
 * a credit line; what is left is content. Content before the title has been
 * decided is held (at most HEAD_LINES lines / HEAD_BYTES bytes) until a date
 * line or the first body paragraph shows where the head ends; short lines
 * between body paragraphs are held until the next line shows whether they
 * are headings. Nothing else is kept, so memory follows the held lines and
 * the collected fields, not the document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "meta_rules.h"

#define HEAD_LINES 30
#define HEAD_BYTES (16 * 1024)
#define SHORT_LINE 120      /* longest line that can be a date/source line */
#define CREDIT_LINE 80      /* longest credit line */
#define HEADING_MAX 30      /* longest section heading */
#define HEADING_RUN 3       /* more short lines in a row than this are a list */
#define BODY_SCAN 200       /* default max= of boiler and drop rules */
#define CREDIT_PREFIX 12    /* 草原云·内蒙古新闻网 before 记者 on a credit line */
#define GROUP_SCAN 80       /* how far a credit group (记者 X) may reach */

typedef struct pool {
    char *p;
    size_t n, cap;
} pool;

typedef struct held {
    unsigned long line;
    size_t start, end;  /* document offsets */
    size_t text, key;   /* offsets in hold */
    size_t len;         /* normalized length */
    size_t han;         /* Han characters in it */
    int dash;           /* starts with a dash: a subtitle */
    const char *rule;
} held;

typedef struct settled {
    zhx_meta_line l;
    size_t text;        /* offset in out_pool */
} settled;

typedef struct person {
    size_t name;        /* offset in doc_pool */
    const char *role;   /* borrowed from the rules */
    size_t start, end;
    int editor;
} person;

typedef struct dspan {
    size_t text;        /* offset in doc_pool, or SIZE_MAX */
    size_t start, end;
} dspan;

struct zhx_meta {
    const zhx_meta_rules *rs;
    unsigned flags;

    uint32_t *w; /* the line being classified, with dropped fragments blanked */
    size_t w_cap;
    zhx_cpset cps; /* the code points of the line: rules that cannot match are skipped */

    /* Per document. */
    int in_line;            /* the previous chunk did not end the line */
    zhx_line_kind cont_kind;
    const char *cont_rule;
    int head_open, body_started, short_run;
    held *head, *pend;
    size_t n_head, head_cap, n_pend, pend_cap, head_bytes;
    pool hold;

    int year, month, day;
    char published[32];
    int have_date;
    size_t title, source;   /* offsets in doc_pool, SIZE_MAX if none */
    size_t title_start, title_end;
    person *people;
    size_t n_people, people_cap;
    dspan *sections, *body;
    size_t n_sections, sections_cap, n_body, body_cap;
    const char **used;
    size_t n_used, used_cap;
    pool doc_pool;
    size_t doc_id;

    settled *out;
    size_t n_out, out_cap;
    pool out_pool;
    zhx_meta_line *out_lines; /* what zhx_meta_settled hands out */
    size_t out_lines_cap, n_released;

    /* zhx_meta_end's result. */
    zhx_meta_doc doc;
    zhx_meta_person *authors, *editors;
    zhx_meta_span *sec_out, *body_out;
    size_t authors_cap, editors_cap, sec_out_cap, body_out_cap;
};

static const char *const kind_names[] = {"blank", "body", "head", "title", "dateline",
                                         "source", "credit", "section", "boilerplate"};

const char *zhx_line_kind_name(zhx_line_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

static int oom(zhx_error *err)
{
    return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
}

/* ---- small helpers ------------------------------------------------------ */

/* Append the original text of document span [os, oe) of c, NUL-ended.
 * Returns its offset, or SIZE_MAX when out of memory. */
static size_t pool_orig(pool *pl, const zhx_chunk *c, size_t os, size_t oe)
{
    size_t need = (oe - os) * 4 + 1;
    if (zhx_grow((void **)&pl->p, &pl->cap, pl->n + need, 1))
        return SIZE_MAX;
    size_t at = pl->n;
    pl->n += zhx_chunk_orig_utf8(c, os, oe, pl->p + at, need) + 1;
    return at;
}

static size_t pool_str(pool *pl, const char *s)
{
    size_t len = strlen(s) + 1;
    if (zhx_grow((void **)&pl->p, &pl->cap, pl->n + len, 1))
        return SIZE_MAX;
    memcpy(pl->p + pl->n, s, len);
    pl->n += len;
    return pl->n - len;
}

/* The normalized text without white space, for comparing head lines. */
static size_t pool_key(pool *pl, const uint32_t *t, size_t s, size_t e)
{
    if (zhx_grow((void **)&pl->p, &pl->cap, pl->n + (e - s) * 4 + 1, 1))
        return SIZE_MAX;
    size_t at = pl->n;
    for (size_t i = s; i < e; i++)
        if (!zhx_meta_is_space(t[i]))
            pl->n += (size_t)zhx_utf8_encode(t[i], pl->p + pl->n);
    pl->p[pl->n++] = '\0';
    return at;
}

static void trim(const uint32_t *t, size_t *s, size_t *e)
{
    while (*s < *e && zhx_meta_is_space(t[*s]))
        (*s)++;
    while (*e > *s && zhx_meta_is_space(t[*e - 1]))
        (*e)--;
}

static int has_cp(const uint32_t *t, size_t s, size_t e, uint32_t c)
{
    for (size_t i = s; i < e; i++)
        if (t[i] == c)
            return 1;
    return 0;
}

static int has_word_char(const uint32_t *t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++) {
        uint32_t c = t[i];
        if (zhx_meta_is_han(c) || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return 1;
    }
    return 0;
}

static void use_rule(zhx_meta *m, const char *id)
{
    for (size_t i = 0; i < m->n_used; i++)
        if (m->used[i] == id)
            return;
    if (ZHX_GROW(m->used, m->used_cap, m->n_used + 1) == 0)
        m->used[m->n_used++] = id;
}

/* ---- settled lines ------------------------------------------------------ */

static int settle_text(zhx_meta *m, zhx_line_kind k, unsigned long line,
                       size_t os, size_t oe, const char *text, const char *rule)
{
    if (ZHX_GROW(m->out, m->out_cap, m->n_out + 1))
        return ZHX_ENOMEM;
    size_t off = pool_str(&m->out_pool, text);
    if (off == SIZE_MAX)
        return ZHX_ENOMEM;
    m->out[m->n_out++] = (settled){{k, line, os, oe, NULL, rule}, off};
    return ZHX_OK;
}

static int settle_chunk(zhx_meta *m, zhx_line_kind k, const zhx_chunk *c,
                        size_t s, size_t e, const char *rule)
{
    size_t os, oe;
    zhx_chunk_span(c, s, e, &os, &oe);
    if (ZHX_GROW(m->out, m->out_cap, m->n_out + 1))
        return ZHX_ENOMEM;
    int text = !(m->flags & ZHX_META_NO_LINE_TEXT) ||
               (k == ZHX_LINE_BODY && (m->flags & ZHX_META_KEEP_BODY));
    size_t off = text ? pool_orig(&m->out_pool, c, os, oe) : pool_str(&m->out_pool, "");
    if (off == SIZE_MAX)
        return ZHX_ENOMEM;
    m->out[m->n_out++] = (settled){{k, c->line, os, oe, NULL, rule}, off};
    if (k == ZHX_LINE_BODY) {
        if (ZHX_GROW(m->body, m->body_cap, m->n_body + 1))
            return ZHX_ENOMEM;
        size_t t = SIZE_MAX;
        if (m->flags & ZHX_META_KEEP_BODY) {
            t = pool_str(&m->doc_pool, m->out_pool.p + off);
            if (t == SIZE_MAX)
                return ZHX_ENOMEM;
        }
        m->body[m->n_body++] = (dspan){t, os, oe};
    }
    return ZHX_OK;
}

/* ---- held lines ----------------------------------------------------------- */

static int hold_line(zhx_meta *m, held **arr, size_t *n, size_t *cap,
                     const zhx_chunk *c, size_t s, size_t e, const char *rule)
{
    if (ZHX_GROW(*arr, *cap, *n + 1))
        return ZHX_ENOMEM;
    held h = {c->line, 0, 0, 0, 0, e - s, 0, c->text[s] == 0x2014, rule};
    for (size_t i = s; i < e; i++)
        h.han += zhx_meta_is_han(c->text[i]) != 0;
    zhx_chunk_span(c, s, e, &h.start, &h.end);
    size_t before = m->hold.n;
    h.text = pool_orig(&m->hold, c, h.start, h.end);
    h.key = h.text == SIZE_MAX ? SIZE_MAX : pool_key(&m->hold, c->text, s, e);
    if (h.key == SIZE_MAX)
        return ZHX_ENOMEM;
    m->head_bytes += m->hold.n - before;
    (*arr)[(*n)++] = h;
    return ZHX_OK;
}

static int record_span(zhx_meta *m, dspan **arr, size_t *n, size_t *cap, const held *h)
{
    if (ZHX_GROW(*arr, *cap, *n + 1))
        return ZHX_ENOMEM;
    size_t t = pool_str(&m->doc_pool, m->hold.p + h->text);
    if (t == SIZE_MAX)
        return ZHX_ENOMEM;
    (*arr)[(*n)++] = (dspan){t, h->start, h->end};
    return ZHX_OK;
}

/* Decide the pending short lines: headings when a body paragraph follows,
 * else body (a signature, a list). */
static int flush_pending(zhx_meta *m, int headings)
{
    if (!m->n_pend)
        return ZHX_OK;
    for (size_t i = 0; i < m->n_pend; i++) {
        held *h = &m->pend[i];
        zhx_line_kind k = headings ? ZHX_LINE_SECTION : ZHX_LINE_BODY;
        const char *rule = headings ? "heading" : "short-line";
        if (settle_text(m, k, h->line, h->start, h->end, m->hold.p + h->text, rule))
            return ZHX_ENOMEM;
        int rc = headings ? record_span(m, &m->sections, &m->n_sections, &m->sections_cap, h)
                          : record_span(m, &m->body, &m->n_body, &m->body_cap, h);
        if (rc)
            return rc;
        if (!headings && !(m->flags & ZHX_META_KEEP_BODY))
            m->body[m->n_body - 1].text = SIZE_MAX;
    }
    m->n_pend = 0;
    m->hold.n = 0;
    return ZHX_OK;
}

/* The title is the head line the portal repeats, else the head line with
 * the most Han characters that is not a dashed subtitle; the other head
 * lines stay HEAD. */
static int resolve_head(zhx_meta *m)
{
    if (!m->head_open)
        return ZHX_OK;
    m->head_open = 0;
    size_t t = SIZE_MAX;
    const char *why = "title";
    for (size_t i = 0; i < m->n_head && t == SIZE_MAX; i++)
        for (size_t j = i + 1; j < m->n_head; j++)
            if (strcmp(m->hold.p + m->head[i].key, m->hold.p + m->head[j].key) == 0) {
                t = i;
                why = "title-repeated";
                break;
            }
    /* Site names and channel labels are short; a title is rarely shorter
     * than a line above or below it that is no subtitle. */
    int repeated = t != SIZE_MAX;
    for (size_t i = 0; i < m->n_head && !repeated; i++)
        if (!m->head[i].dash && m->head[i].han >= 4 &&
            (t == SIZE_MAX || m->head[i].han > m->head[t].han))
            t = i;
    if (t == SIZE_MAX && m->n_head)
        t = 0;
    if (t != SIZE_MAX) {
        held *h = &m->head[t];
        m->title = pool_str(&m->doc_pool, m->hold.p + h->text);
        if (m->title == SIZE_MAX)
            return ZHX_ENOMEM;
        m->title_start = h->start;
        m->title_end = h->end;
    }
    for (size_t i = 0; i < m->n_head; i++) {
        held *h = &m->head[i];
        int is_title = t != SIZE_MAX &&
                       strcmp(m->hold.p + h->key, m->hold.p + m->head[t].key) == 0;
        if (settle_text(m, is_title ? ZHX_LINE_TITLE : ZHX_LINE_HEAD, h->line, h->start,
                        h->end, m->hold.p + h->text, is_title ? why : "head"))
            return ZHX_ENOMEM;
    }
    m->n_head = 0;
    m->hold.n = 0;
    m->head_bytes = 0;
    return ZHX_OK;
}

/* ---- fields --------------------------------------------------------------- */

static int days_in(int y, int mo)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mo == 2 && leap ? 29 : d[mo - 1];
}

static int num(const uint32_t *t, zhx_mcap c)
{
    int v = 0;
    for (size_t i = c.s; i < c.e; i++)
        v = v * 10 + (int)(t[i] - '0');
    return v;
}

/* Set the publication time from a date match; 0 when the numbers are no
 * date. */
static int take_date(zhx_meta *m, const uint32_t *t, const zhx_mcap *cap)
{
    int y = num(t, cap[ZHX_CAP_Y]), mo = num(t, cap[ZHX_CAP_M]), d = num(t, cap[ZHX_CAP_D]);
    if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo))
        return 0;
    int hh = -1, mi = -1, ss = -1;
    if (cap[ZHX_CAP_H].s != SIZE_MAX) {
        hh = num(t, cap[ZHX_CAP_H]);
        mi = num(t, cap[ZHX_CAP_MI]);
        if (hh > 23 || mi > 59)
            return 0;
        if (cap[ZHX_CAP_S].s != SIZE_MAX && (ss = num(t, cap[ZHX_CAP_S])) > 59)
            return 0;
    }
    if (m->have_date)
        return 1;
    m->have_date = 1;
    m->year = y, m->month = mo, m->day = d;
    int n = snprintf(m->published, sizeof m->published, "%04d-%02d-%02d", y, mo, d);
    if (hh >= 0)
        n += snprintf(m->published + n, sizeof m->published - (size_t)n, "T%02d:%02d", hh, mi);
    if (ss >= 0)
        snprintf(m->published + n, sizeof m->published - (size_t)n, ":%02d", ss);
    return 1;
}

/* The end of a source value starting at t[s]: up to white space or a
 * separator; a title mark it opens may close it. */
static size_t value_end(const uint32_t *t, size_t s, size_t e)
{
    static const zhx_mitem v = {ZHX_PC_VALUE, ZHX_CAP_V, 1, 64, 0, 0, 0};
    zhx_mrule r = {0};
    r.items = (zhx_mitem *)&v;
    r.n = 1;
    size_t q = zhx_mrule_match(&r, t, s, e, NULL);
    return q == SIZE_MAX ? s : q;
}

static int set_source_span(zhx_meta *m, const zhx_chunk *c, size_t s, size_t e,
                           const char *fixed)
{
    if (m->source != SIZE_MAX)
        return ZHX_OK;
    if (fixed) {
        m->source = pool_str(&m->doc_pool, fixed);
    } else {
        size_t os, oe;
        zhx_chunk_span(c, s, e, &os, &oe);
        m->source = pool_orig(&m->doc_pool, c, os, oe);
    }
    return m->source == SIZE_MAX ? ZHX_ENOMEM : ZHX_OK;
}

/* Source rules over w[s, e): the first key found gives the value after it.
 * *at_start tells whether the key opened the line. */
static int find_source(zhx_meta *m, const zhx_chunk *c, size_t s, size_t e, int *found,
                       int *at_start)
{
    const uint32_t *w = m->w;
    *found = 0;
    const zhx_mrule *r;
    ZHX_MRULES_OF(m->rs, ZHX_MR_SOURCE, r) {
        if ((r->max && e - s > r->max) ||
            !zhx_mrule_may_match(r, &m->cps))
            continue;
        size_t to = r->at == ZHX_AT_START ? s : e - 1;
        if (r->within && s + r->within - 1 < to)
            to = s + r->within - 1;
        zhx_mcap cap[ZHX_NCAP];
        size_t me, p = zhx_mrule_search(r, w, s, to, e, &me, cap);
        if (p == SIZE_MAX)
            continue;
        size_t vs, ve;
        if (cap[ZHX_CAP_V].s != SIZE_MAX) {
            vs = cap[ZHX_CAP_V].s, ve = cap[ZHX_CAP_V].e;
        } else {
            vs = me;
            while (vs < e && zhx_meta_is_space(w[vs]))
                vs++;
            ve = value_end(w, vs, e);
        }
        if (ve == vs && !r->value)
            continue;
        *found = 1;
        size_t b = s;
        while (b < p && (w[b] == '(' || w[b] == '[' || w[b] == 0x3010))
            b++;
        *at_start = p == b;
        use_rule(m, r->id);
        return set_source_span(m, c, vs, ve, r->value);
    }
    return ZHX_OK;
}

/* ---- credits -------------------------------------------------------------- */

/* A role rule (pos=before) matching at w[p], longest first; NULL if none. */
static const zhx_mrule *role_at(const zhx_meta *m, size_t p, size_t e, size_t *end, int after)
{
    const zhx_mrule *best = NULL;
    const zhx_mrule *r;
    ZHX_MRULES_OF(m->rs, ZHX_MR_ROLE, r) {
        if (r->after != after || !zhx_mrule_may_match(r, &m->cps))
            continue;
        size_t q = zhx_mrule_match(r, m->w, p, e, NULL);
        if (q != SIZE_MAX && (!best || q > *end)) {
            best = r;
            *end = q;
        }
    }
    return best;
}

/* A stop word or role at w[p]. Inside a name only words of two or more
 * characters count: 李从军 is a name, 记者从 is not. */
static int stop_at(const zhx_meta *m, size_t p, size_t e, int inside)
{
    const zhx_mrule *r;
    ZHX_MRULES_OF(m->rs, ZHX_MR_STOP, r) {
        if ((!inside || r->maxlen > 1) &&
            zhx_mrule_may_match(r, &m->cps) &&
            zhx_mrule_match(r, m->w, p, e, NULL) != SIZE_MAX)
            return 1;
    }
    size_t q;
    return role_at(m, p, e, &q, 0) || role_at(m, p, e, &q, 1);
}

static int add_person(zhx_meta *m, const zhx_chunk *c, size_t s, size_t e, const zhx_mrule *r)
{
    size_t os, oe;
    zhx_chunk_span(c, s, e, &os, &oe);
    size_t mark = m->doc_pool.n;
    size_t name = pool_orig(&m->doc_pool, c, os, oe);
    if (name == SIZE_MAX)
        return ZHX_ENOMEM;
    for (size_t i = 0; i < m->n_people; i++)
        if (m->people[i].editor == r->editors &&
            strcmp(m->doc_pool.p + m->people[i].name, m->doc_pool.p + name) == 0) {
            m->doc_pool.n = mark; /* named twice (byline and lead): once */
            return ZHX_OK;
        }
    if (ZHX_GROW(m->people, m->people_cap, m->n_people + 1))
        return ZHX_ENOMEM;
    m->people[m->n_people++] = (person){name, r->role, os, oe, r->editors};
    use_rule(m, r->id);
    return ZHX_OK;
}

static int name_sep(uint32_t c)
{
    return zhx_meta_is_space(c) || c == 0x3001 /* 、 */ || c == '/' || c == ';' || c == 0xFF0F;
}

static int name_end_ok(uint32_t c)
{
    return name_sep(c) || c == ')' || c == ']' || c == 0x3011 || c == '|' || c == 0x4E28 ||
           c == ',' || c == 0x3002;
}

/* A name at w[p]: 2-4 Han characters, or Han words joined by ·, ending
 * before a separator, a role or stop word, or the end. Returns its end, or
 * p when there is none. */
static size_t name_at(const zhx_meta *m, size_t p, size_t e)
{
    const uint32_t *w = m->w;
    size_t q = p, han = 0;
    int dot = 0;
    if (p < e && stop_at(m, p, e, 0))
        return p; /* 记者从..., 记者了解到... */
    while (q < e && q - p < 16) {
        if (zhx_meta_is_han(w[q])) {
            if (q > p && stop_at(m, q, e, 1))
                break;
            han++, q++;
        } else if ((w[q] == 0xB7 || w[q] == 0x2022) && q > p && q + 1 < e && zhx_meta_is_han(w[q + 1])) {
            dot = 1, q++;
        } else {
            break;
        }
    }
    if (han < 2 || (!dot && han > 4) || q - p >= 16)
        return p;
    if (q < e && !name_end_ok(w[q]) && !stop_at(m, q, e, 1))
        return p;
    return q;
}

/* Credits in w[s, e): every role keyword followed by names; also names
 * followed by a pos=after role (张三 摄). Returns the number of names. */
static int scan_credits(zhx_meta *m, const zhx_chunk *c, size_t s, size_t e, size_t *count)
{
    const uint32_t *w = m->w;
    size_t p = s;
    *count = 0;
    while (p < e) {
        size_t q;
        const zhx_mrule *r = role_at(m, p, e, &q, 0);
        if (!r) {
            size_t ne = (p == s || !zhx_meta_is_han(w[p - 1])) ? name_at(m, p, e) : p;
            if (ne > p) {
                size_t k = ne;
                while (k < e && zhx_meta_is_space(w[k]))
                    k++;
                size_t ae;
                const zhx_mrule *ar = role_at(m, k, e, &ae, 1);
                if (ar) {
                    if (add_person(m, c, p, ne, ar))
                        return ZHX_ENOMEM;
                    (*count)++;
                    p = ae;
                    continue;
                }
            }
            p++;
            continue;
        }
        /* Skip the colon and spaces, then names separated by 、 / ; or space. */
        p = q;
        while (p < e && (w[p] == ':' || zhx_meta_is_space(w[p])))
            p++;
        for (;;) {
            size_t ne = name_at(m, p, e);
            if (ne == p)
                break;
            size_t k = ne;
            while (k < e && zhx_meta_is_space(w[k]))
                k++;
            size_t ae;
            const zhx_mrule *ar = role_at(m, k, e, &ae, 1);
            /* 记者 张三 摄: a photographer's credit. */
            if (add_person(m, c, p, ne, ar ? ar : r))
                return ZHX_ENOMEM;
            (*count)++;
            p = ar ? ae : ne;
            if (ar)
                break;
            size_t t = p;
            while (t < e && name_sep(w[t]))
                t++;
            if (t == p || (t < e && role_at(m, t, e, &ae, 0)))
                break;
            p = t;
        }
    }
    return ZHX_OK;
}

/* A credit line starts with a role, perhaps after an organization (本报,
 * 新华社, 草原云·内蒙古新闻网) and a bracket. */
static int credit_line(zhx_meta *m, const zhx_chunk *c, size_t s, size_t e, int *is)
{
    const uint32_t *w = m->w;
    *is = 0;
    size_t b = s;
    while (b < e && (w[b] == '(' || w[b] == '[' || w[b] == 0x3010 || zhx_meta_is_space(w[b])))
        b++;
    size_t p = b, q;
    while (p < e && p - b <= CREDIT_PREFIX) {
        if (role_at(m, p, e, &q, 0))
            break;
        if (!zhx_meta_is_han(w[p]) && w[p] != 0xB7 && !zhx_meta_is_space(w[p]))
            return ZHX_OK;
        p++;
    }
    if (p >= e || p - b > CREDIT_PREFIX)
        return ZHX_OK;
    size_t n;
    if (scan_credits(m, c, p, e, &n))
        return ZHX_ENOMEM;
    *is = n > 0;
    return ZHX_OK;
}

/* Credits in a body paragraph: after a news lead (新华社北京1月15日电), in a
 * bracket group near its start, and in a group that closes it. */
static int body_credits(zhx_meta *m, const zhx_chunk *c, size_t s, size_t e)
{
    const uint32_t *w = m->w;
    size_t n, from = s;
    const zhx_mrule *r;
    ZHX_MRULES_OF(m->rs, ZHX_MR_LEAD, r) {
        if (!zhx_mrule_may_match(r, &m->cps))
            continue;
        size_t q = zhx_mrule_match(r, w, s, e, NULL);
        if (q == SIZE_MAX)
            continue;
        use_rule(m, r->id);
        if (r->value && set_source_span(m, c, 0, 0, r->value))
            return ZHX_ENOMEM;
        while (q < e && zhx_meta_is_space(w[q]))
            q++;
        if (q < e && w[q] != '(') {
            size_t lim = q + GROUP_SCAN < e ? q + GROUP_SCAN : e;
            if (scan_credits(m, c, q, lim, &n))
                return ZHX_ENOMEM;
        }
        from = q;
        break;
    }
    /* The first group, if it opens within the lead. */
    for (size_t p = from; p < e && p < from + 4; p++) {
        if (w[p] != '(')
            continue;
        size_t q = p + 1;
        while (q < e && q < p + GROUP_SCAN && w[q] != ')' && w[q] != '(')
            q++;
        if (q < e && w[q] == ')' && scan_credits(m, c, p + 1, q, &n))
            return ZHX_ENOMEM;
        break;
    }
    /* A photo credit that ends a caption: 图为丰收节现场。 李强 摄 */
    for (size_t p = e > s + 4 ? e - 4 : s; p < e; p++) {
        size_t q;
        if (!role_at(m, p, e, &q, 1) || q != e)
            continue;
        size_t ne = p, ns;
        while (ne > s && zhx_meta_is_space(w[ne - 1]))
            ne--;
        for (ns = ne; ns > s && ne - ns < 5 && zhx_meta_is_han(w[ns - 1]); ns--)
            ;
        if (ne - ns >= 2 && ne - ns <= 4 && (ns == s || !zhx_meta_is_han(w[ns - 1])) &&
            scan_credits(m, c, ns, e, &n))
            return ZHX_ENOMEM;
        break;
    }
    /* The group that ends the paragraph: ...(草原云·内蒙古新闻网记者 郑学良) */
    size_t t = e;
    while (t > s && (w[t - 1] == 0x3002 || w[t - 1] == '.'))
        t--;
    if (t > s && w[t - 1] == ')') {
        size_t p = t - 1;
        while (p > s && p + GROUP_SCAN > t && w[p - 1] != '(' && w[p - 1] != ')')
            p--;
        if (p > s && w[p - 1] == '(' && scan_credits(m, c, p, t - 1, &n))
            return ZHX_ENOMEM;
    }
    return ZHX_OK;
}

/* ---- classification --------------------------------------------------------- */

static int boiler_match(const zhx_mrule *r, const uint32_t *w, size_t s, size_t e)
{
    size_t len = e - s, me;
    if (len > (r->max ? r->max : BODY_SCAN))
        return 0;
    switch (r->at) {
    case ZHX_AT_LINE: return zhx_mrule_match(r, w, s, e, NULL) == e;
    case ZHX_AT_START: return zhx_mrule_match(r, w, s, e, NULL) != SIZE_MAX;
    case ZHX_AT_END:
        for (size_t p = e > r->maxlen ? e - r->maxlen : s; p < e; p++)
            if (p >= s && zhx_mrule_match(r, w, p, e, NULL) == e)
                return 1;
        return 0;
    default: {
        size_t to = r->within && s + r->within - 1 < e - 1 ? s + r->within - 1 : e - 1;
        return zhx_mrule_search(r, w, s, to, e, &me, NULL) != SIZE_MAX;
    }
    }
}

/* Cut drop fragments: in the middle they are blanked in w (they only change
 * how the line is classified); at the ends they also narrow *cs, *ce. */
static const char *apply_drops(zhx_meta *m, size_t *cs, size_t *ce)
{
    const char *last = NULL;
    uint32_t *w = m->w;
    size_t len = *ce - *cs;
    const zhx_mrule *r;
    ZHX_MRULES_OF(m->rs, ZHX_MR_DROP, r) {
        if (!zhx_mrule_may_match(r, &m->cps))
            continue;
        size_t lim = r->max ? r->max : (r->at == ZHX_AT_ANY ? BODY_SCAN : SIZE_MAX);
        if (len > lim || *cs >= *ce)
            continue;
        size_t s = *cs, e = *ce;
        if (r->at == ZHX_AT_START) {
            size_t q = zhx_mrule_match(r, w, s, e, NULL);
            if (q == SIZE_MAX)
                continue;
            for (size_t k = s; k < q; k++)
                w[k] = ' ';
            *cs = q;
        } else if (r->at == ZHX_AT_END) {
            size_t p = e > r->maxlen ? e - r->maxlen : s;
            if (p < s)
                p = s;
            for (; p < e; p++)
                if (zhx_mrule_match(r, w, p, e, NULL) == e)
                    break;
            if (p >= e)
                continue;
            for (size_t k = p; k < e; k++)
                w[k] = ' ';
            *ce = p;
        } else {
            size_t p = s, me, hits = 0;
            size_t to = r->within && s + r->within - 1 < e - 1 ? s + r->within - 1 : e - 1;
            while (p <= to && (p = zhx_mrule_search(r, w, p, to, e, &me, NULL)) != SIZE_MAX) {
                for (size_t k = p; k < me; k++)
                    w[k] = ' ';
                hits++;
                p = me > p ? me : p + 1;
            }
            if (!hits)
                continue;
        }
        use_rule(m, r->id);
        last = r->id;
        trim(w, cs, ce);
    }
    return last;
}

/* A date line: a date rule matching near the start of a short line that is
 * no sentence. Sets the date, the source and the credits on it. */
static int date_line(zhx_meta *m, const zhx_chunk *c, size_t s, size_t e, int *is)
{
    const uint32_t *w = m->w;
    *is = 0;
    const zhx_mrule *r;
    ZHX_MRULES_OF(m->rs, ZHX_MR_DATE, r) {
        if (e - s > (r->max ? r->max : SHORT_LINE) ||
            !zhx_mrule_may_match(r, &m->cps))
            continue;
        size_t within = r->within ? r->within : 40;
        size_t to = s + within - 1 < e - 1 ? s + within - 1 : e - 1;
        zhx_mcap cap[ZHX_NCAP];
        size_t me, p = s;
        /* Another rule may fit where the first match was no real date. */
        while (p <= to && (p = zhx_mrule_search(r, w, p, to, e, &me, cap)) != SIZE_MAX) {
            if (take_date(m, w, cap))
                break;
            p++;
        }
        if (p == SIZE_MAX || p > to)
            continue;
        *is = 1;
        use_rule(m, r->id);
        int found = 0, at_start = 0;
        if (find_source(m, c, s, e, &found, &at_start))
            return ZHX_ENOMEM;
        if (!found && r->rest_source) {
            size_t vs = me;
            while (vs < e && (zhx_meta_is_space(w[vs]) || w[vs] == '|' || w[vs] == 0x4E28))
                vs++;
            size_t ve = value_end(w, vs, e);
            /* A key (浏览次数: 12) is no source. */
            if (ve > vs && (ve >= e || w[ve] != ':')) {
                size_t q;
                if (!role_at(m, vs, e, &q, 0) && set_source_span(m, c, vs, ve, NULL))
                    return ZHX_ENOMEM;
            }
        }
        size_t n;
        return scan_credits(m, c, s, e, &n);
    }
    return ZHX_OK;
}

static int closing(uint32_t c)
{
    return c == 0x201D || c == 0x2019 || c == '"' || c == '\'' || c == ')' || c == 0x300B ||
           c == 0x3011 || c == 0x300D || c == ']';
}

/* A line that may be a section heading: short, not a sentence. */
static int heading_like(const uint32_t *w, size_t s, size_t e)
{
    if (e - s > HEADING_MAX || e - s < 2)
        return 0;
    size_t han = 0;
    for (size_t i = s; i < e; i++) {
        uint32_t c = w[i];
        if (c == 0x3002 || c == '!' || c == '?' || c == ';')
            return 0;
        han += zhx_meta_is_han(c) != 0;
    }
    size_t t = e;
    while (t > s + 1 && closing(w[t - 1]))
        t--;
    uint32_t last = w[t - 1];
    if (last == ':' || last == ',' || last == 0x3001 || last == '.' || last == 0x2026)
        return 0;
    return han >= 2;
}

/* A line that cannot be a title: a sentence, or too long. */
static int body_like(const uint32_t *w, size_t s, size_t e)
{
    size_t n = e - s;
    if (n > 100 || has_cp(w, s, e, 0x3002) || w[e - 1] == ':')
        return 1;
    return n > 40 && (has_cp(w, s, e, '!') || has_cp(w, s, e, '?'));
}

static int classify(zhx_meta *m, const zhx_chunk *c, zhx_line_kind *kind)
{
    size_t s = 0, e = c->len;
    trim(c->text, &s, &e);
    *kind = ZHX_LINE_BLANK;
    m->cont_kind = ZHX_LINE_BLANK;
    m->cont_rule = "blank";
    if (s == e)
        return ZHX_OK;
    if (ZHX_GROW(m->w, m->w_cap, c->len + 1))
        return ZHX_ENOMEM;
    memcpy(m->w, c->text, c->len * sizeof *m->w);
    zhx_cpset_fill(&m->cps, c->text, s, e);
    uint32_t *w = m->w;
    const char *rule = NULL;
    int rc;

    const zhx_mrule *r;
    ZHX_MRULES_OF(m->rs, ZHX_MR_BOILER, r) {
        if (!rule && zhx_mrule_may_match(r, &m->cps) && boiler_match(r, w, s, e))
            rule = r->id;
    }
    size_t cs = s, ce = e;
    if (!rule) {
        const char *dropped = apply_drops(m, &cs, &ce);
        if (cs == ce || !has_word_char(w, cs, ce))
            rule = dropped ? dropped : "no-words";
    }
    if (rule) {
        use_rule(m, rule);
        /* Boilerplate ends a run of short lines: they were no headings. */
        if ((rc = flush_pending(m, 0)))
            return rc;
        *kind = m->cont_kind = ZHX_LINE_BOILERPLATE;
        m->cont_rule = rule;
        return settle_chunk(m, ZHX_LINE_BOILERPLATE, c, s, e, rule);
    }

    size_t n = ce - cs;
    int sentence = has_cp(w, cs, ce, 0x3002);
    zhx_line_kind k = ZHX_LINE_BLANK;
    int is = 0, found = 0, at_start = 0;
    if (n <= SHORT_LINE && !sentence && (!m->body_started || !m->have_date)) {
        if ((rc = date_line(m, c, cs, ce, &is)))
            return rc;
        if (is)
            k = ZHX_LINE_DATELINE, rule = "date";
    }
    if (!k && n <= SHORT_LINE && !sentence) {
        size_t mark = m->source;
        if ((rc = find_source(m, c, cs, ce, &found, &at_start)))
            return rc;
        if (found && at_start) {
            size_t cn;
            if ((rc = scan_credits(m, c, cs, ce, &cn)))
                return rc;
            k = ZHX_LINE_SOURCE, rule = "source";
        } else if (found && mark == SIZE_MAX && m->source != SIZE_MAX) {
            /* A key inside a content line is not this line's kind; keep
             * the source only if the line turns out to be a credit line. */
            m->doc_pool.n = m->source;
            m->source = SIZE_MAX;
        }
    }
    if (!k && n <= CREDIT_LINE && !sentence) {
        if ((rc = credit_line(m, c, cs, ce, &is)))
            return rc;
        if (is) {
            k = ZHX_LINE_CREDIT, rule = "credit";
            if (found && (rc = find_source(m, c, cs, ce, &found, &at_start)))
                return rc;
        }
    }
    if (k) {
        if ((rc = flush_pending(m, 0)))
            return rc;
        if (k == ZHX_LINE_DATELINE && m->n_head && (rc = resolve_head(m)))
            return rc;
        *kind = m->cont_kind = k;
        m->cont_rule = rule;
        return settle_chunk(m, k, c, cs, ce, rule);
    }

    /* Content. */
    if (m->head_open) {
        if (!body_like(w, cs, ce) && m->n_head < HEAD_LINES && m->head_bytes < HEAD_BYTES) {
            if ((rc = hold_line(m, &m->head, &m->n_head, &m->head_cap, c, cs, ce, "head")))
                return rc;
            *kind = m->cont_kind = ZHX_LINE_HEAD;
            m->cont_rule = "head";
            return ZHX_OK;
        }
        if ((rc = resolve_head(m)))
            return rc;
    }
    if (heading_like(w, cs, ce)) {
        m->short_run++;
        if (m->body_started && m->short_run <= HEADING_RUN) {
            if ((rc = hold_line(m, &m->pend, &m->n_pend, &m->pend_cap, c, cs, ce, "heading")))
                return rc;
            *kind = m->cont_kind = ZHX_LINE_SECTION;
            m->cont_rule = "heading";
            return ZHX_OK;
        }
        if ((rc = flush_pending(m, 0)))
            return rc;
        rule = "short-line";
    } else {
        m->short_run = 0;
        if ((rc = flush_pending(m, 1)))
            return rc;
        rule = "body";
    }
    if ((rc = body_credits(m, c, cs, ce)))
        return rc;
    m->body_started = 1;
    *kind = m->cont_kind = ZHX_LINE_BODY;
    m->cont_rule = rule;
    return settle_chunk(m, ZHX_LINE_BODY, c, cs, ce, rule);
}

/* The held line just before a continuation chunk was the first piece of a
 * long line: take it back and make it body. */
static int piece_is_body(zhx_meta *m)
{
    int head = m->cont_kind == ZHX_LINE_HEAD;
    held h = head ? m->head[--m->n_head] : m->pend[--m->n_pend];
    char *text = strdup(m->hold.p + h.text);
    if (!text)
        return ZHX_ENOMEM;
    int rc = head ? resolve_head(m) : flush_pending(m, 1);
    if (!rc && !head && !m->n_pend)
        m->hold.n = 0;
    if (!rc)
        rc = settle_text(m, ZHX_LINE_BODY, h.line, h.start, h.end, text, "body");
    if (!rc && !ZHX_GROW(m->body, m->body_cap, m->n_body + 1)) {
        size_t t = m->flags & ZHX_META_KEEP_BODY ? pool_str(&m->doc_pool, text) : SIZE_MAX;
        m->body[m->n_body++] = (dspan){t, h.start, h.end};
    } else if (!rc) {
        rc = ZHX_ENOMEM;
    }
    free(text);
    m->body_started = 1;
    m->short_run = 0;
    m->cont_kind = ZHX_LINE_BODY;
    m->cont_rule = "body";
    return rc;
}

/* ---- public ----------------------------------------------------------------- */

zhx_meta *zhx_meta_new(const zhx_meta_rules *rules, unsigned flags, zhx_error *err)
{
    if (!rules) {
        zhx_error_set(err, ZHX_EINVAL, NULL, 0, 0, "no meta rules");
        return NULL;
    }
    zhx_meta *m = calloc(1, sizeof *m);
    if (!m) {
        oom(err);
        return NULL;
    }
    m->rs = rules;
    m->flags = flags;
    if (zhx_meta_begin(m, "-", err)) {
        zhx_meta_free(m);
        return NULL;
    }
    return m;
}

void zhx_meta_free(zhx_meta *m)
{
    if (!m)
        return;
    free(m->w);
    free(m->head);
    free(m->pend);
    free(m->hold.p);
    free(m->people);
    free(m->sections);
    free(m->body);
    free(m->used);
    free(m->doc_pool.p);
    free(m->out);
    free(m->out_pool.p);
    free(m->out_lines);
    free(m->authors);
    free(m->editors);
    free(m->sec_out);
    free(m->body_out);
    free(m);
}

int zhx_meta_begin(zhx_meta *m, const char *doc, zhx_error *err)
{
    zhx_error_clear(err);
    m->in_line = 0;
    m->head_open = 1;
    m->body_started = m->short_run = 0;
    m->n_head = m->n_pend = m->head_bytes = 0;
    m->hold.n = 0;
    m->have_date = 0;
    m->year = m->month = m->day = 0;
    m->published[0] = '\0';
    m->title = m->source = SIZE_MAX;
    m->n_people = m->n_sections = m->n_body = m->n_used = 0;
    m->doc_pool.n = 0;
    m->n_out = m->n_released = 0;
    m->out_pool.n = 0;
    m->doc_id = pool_str(&m->doc_pool, doc ? doc : "-");
    if (m->doc_id == SIZE_MAX)
        return oom(err);
    return ZHX_OK;
}

/* Forget the lines handed out by the previous call. */
static void unrelease(zhx_meta *m)
{
    if (m->n_released) {
        m->n_out = m->n_released = 0;
        m->out_pool.n = 0;
    }
}

static int by_start(const void *a, const void *b)
{
    const settled *x = a, *y = b;
    return x->l.start < y->l.start ? -1 : x->l.start > y->l.start;
}

/* Hand out the settled lines once no earlier line is still held, so they
 * come in document order. Lines decided behind a held head wait with it;
 * when too many wait, the head is decided now. */
static int release(zhx_meta *m)
{
    if (m->head_open && m->n_head &&
        (m->n_out > 2 * HEAD_LINES || m->out_pool.n > 2 * HEAD_BYTES)) {
        int rc = resolve_head(m);
        if (rc)
            return rc;
    }
    if (m->n_head || m->n_pend || !m->n_out)
        return ZHX_OK;
    if (ZHX_GROW(m->out_lines, m->out_lines_cap, m->n_out))
        return ZHX_ENOMEM;
    qsort(m->out, m->n_out, sizeof *m->out, by_start);
    for (size_t i = 0; i < m->n_out; i++) {
        m->out_lines[i] = m->out[i].l;
        m->out_lines[i].text = m->out_pool.p + m->out[i].text;
    }
    m->n_released = m->n_out;
    return ZHX_OK;
}

int zhx_meta_chunk(zhx_meta *m, const zhx_chunk *c, zhx_line_kind *kind, zhx_error *err)
{
    zhx_error_clear(err);
    unrelease(m);
    int rc;
    zhx_line_kind k;
    if (m->in_line) {
        /* A line longer than a chunk is body, whatever its first piece
         * looked like; the rest of it keeps that kind. */
        if ((m->cont_kind == ZHX_LINE_HEAD || m->cont_kind == ZHX_LINE_SECTION) &&
            (rc = piece_is_body(m)))
            return oom(err);
        k = m->cont_kind;
        size_t s = 0, e = c->len;
        trim(c->text, &s, &e);
        rc = ZHX_OK;
        if (s < e && k != ZHX_LINE_BLANK && k != ZHX_LINE_HEAD && k != ZHX_LINE_SECTION)
            rc = settle_chunk(m, k, c, s, e, m->cont_rule);
        else if (s < e && k == ZHX_LINE_BLANK)
            rc = classify(m, c, &k);
    } else {
        rc = classify(m, c, &k);
    }
    m->in_line = !(c->len && c->text[c->len - 1] == '\n');
    if (kind)
        *kind = k;
    if (!rc)
        rc = release(m);
    return rc ? oom(err) : ZHX_OK;
}

const zhx_meta_line *zhx_meta_settled(const zhx_meta *m, size_t *n)
{
    *n = m->n_released;
    return m->out_lines;
}

const char *zhx_meta_published(const zhx_meta *m)
{
    return m->have_date ? m->published : NULL;
}

int zhx_meta_date(const zhx_meta *m, int *year, int *month, int *day)
{
    if (!m->have_date)
        return 0;
    *year = m->year, *month = m->month, *day = m->day;
    return 1;
}

int zhx_meta_end(zhx_meta *m, const zhx_meta_doc **out, zhx_error *err)
{
    zhx_error_clear(err);
    unrelease(m);
    m->in_line = 0;
    if (resolve_head(m) || flush_pending(m, 0) || release(m))
        return oom(err);
    size_t na = 0, ne = 0;
    for (size_t i = 0; i < m->n_people; i++)
        m->people[i].editor ? ne++ : na++;
    if (ZHX_GROW(m->authors, m->authors_cap, na + 1) || ZHX_GROW(m->editors, m->editors_cap, ne + 1) ||
        ZHX_GROW(m->sec_out, m->sec_out_cap, m->n_sections + 1) ||
        ZHX_GROW(m->body_out, m->body_out_cap, m->n_body + 1))
        return oom(err);
    const char *P = m->doc_pool.p;
    na = ne = 0;
    for (size_t i = 0; i < m->n_people; i++) {
        person *p = &m->people[i];
        zhx_meta_person x = {P + p->name, p->role, p->start, p->end};
        if (p->editor)
            m->editors[ne++] = x;
        else
            m->authors[na++] = x;
    }
    for (size_t i = 0; i < m->n_sections; i++)
        m->sec_out[i] = (zhx_meta_span){P + m->sections[i].text, m->sections[i].start,
                                        m->sections[i].end};
    for (size_t i = 0; i < m->n_body; i++)
        m->body_out[i] = (zhx_meta_span){m->body[i].text == SIZE_MAX ? NULL : P + m->body[i].text,
                                         m->body[i].start, m->body[i].end};
    zhx_meta_doc *d = &m->doc;
    memset(d, 0, sizeof *d);
    d->doc = P + m->doc_id;
    d->title = m->title == SIZE_MAX ? NULL : P + m->title;
    d->title_start = m->title_start;
    d->title_end = m->title_end;
    d->published = zhx_meta_published(m);
    d->source = m->source == SIZE_MAX ? NULL : P + m->source;
    d->authors = m->authors;
    d->n_authors = na;
    d->editors = m->editors;
    d->n_editors = ne;
    d->sections = m->sec_out;
    d->n_sections = m->n_sections;
    d->body = m->body_out;
    d->n_body = m->n_body;
    d->rules = m->used;
    d->n_rules = m->n_used;
    *out = d;
    return ZHX_OK;
}
