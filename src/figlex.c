/* Word lists of the figures stage: parsing and longest-match lookup. */
#include "figlex.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "zhx/figures.h"
#include "zhx/text.h"

#define ELLIPSIS 0x2026 /* … */

static unsigned bucket(uint32_t c)
{
    return (c * 2654435761u) >> 24;
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Decode UTF-8 s[0..n) into a new array. */
static uint32_t *decode(const char *s, size_t n, size_t *out_n)
{
    uint32_t *cp = malloc((n + 1) * sizeof *cp);
    size_t k = 0;
    if (!cp)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    while (n) {
        int len = zhx_utf8_decode(p, n, &cp[k]);
        if (len <= 0) {
            free(cp);
            return NULL;
        }
        k++, p += len, n -= (size_t)len;
    }
    *out_n = k;
    return cp;
}

static int keyis(const char *f, size_t n, const char *key)
{
    size_t k = strlen(key);
    return n >= k && memcmp(f, key, k) == 0 && (n == k || f[k] == '=');
}

static int pick(const char *v, size_t n, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strlen(names[i]) == n && memcmp(v, names[i], n) == 0)
            return i;
    return ZHX_LX_UNSET;
}

static const char *const kinds[] = {"count", "money", "percent", "rank",
                                    "year",  "other", NULL};
static const char *const approxes[] = {"none", "over", "under", "about",
                                       NULL};
static const char *const poses[] = {"before", "after", "inner", NULL};
static const char *const roles[] = {"split", "lead", "stop",
                                    "tail",  "etc",  "keep", NULL};
static const char *const reasons[] = {"word", "date", "name", "idiom",
                                      "code", NULL};

/* One key=value field (or a bare flag) of entry e. */
static int field(zhx_figlex_ent *e, const char *f, size_t n)
{
    const char *eq = memchr(f, '=', n);
    const char *v = eq ? eq + 1 : f + n;
    size_t vn = eq ? (size_t)(f + n - v) : 0;
    if (!eq) {
        static const struct {
            const char *name;
            unsigned flag;
        } flags[] = {{"cl", ZHX_LX_CL},
                     {"prefix", ZHX_LX_PREFIX},
                     {"discount", ZHX_LX_DISCOUNT},
                     {"time", ZHX_LX_TIME},
                     {"unless-unit", ZHX_LX_UNLESS_UNIT},
                     {"tail", ZHX_LX_TAIL},
                     {"compound", ZHX_LX_COMPOUND}};
        for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
            if (strlen(flags[i].name) == n && !memcmp(f, flags[i].name, n)) {
                e->flags |= flags[i].flag;
                return 0;
            }
        return -1;
    }
    if (vn == 0)
        return -1;
    if (keyis(f, n, "kind"))
        return (e->kind = pick(v, vn, kinds)) == ZHX_LX_UNSET ? -1 : 0;
    if (keyis(f, n, "approx"))
        return (e->approx = pick(v, vn, approxes)) == ZHX_LX_UNSET ? -1 : 0;
    if (keyis(f, n, "pos"))
        return (e->pos = pick(v, vn, poses)) == ZHX_LX_UNSET ? -1 : 0;
    if (keyis(f, n, "role"))
        return (e->role = pick(v, vn, roles)) == ZHX_LX_UNSET ? -1 : 0;
    if (keyis(f, n, "reason")) {
        int r = pick(v, vn, reasons);
        e->reason = r == ZHX_LX_UNSET ? NULL : reasons[r];
        return e->reason ? 0 : -1;
    }
    if (keyis(f, n, "unit")) {
        free(e->unit);
        return (e->unit = dupn(v, vn)) ? 0 : -2;
    }
    if (keyis(f, n, "sub")) {
        free(e->sub);
        return (e->sub = dupn(v, vn)) ? 0 : -2;
    }
    if (keyis(f, n, "scale")) {
        e->has_scale = 1;
        return zhx_decimal_parse(v, vn, &e->scale) == ZHX_OK ? 0 : -1;
    }
    return -1;
}

static void ent_free(zhx_figlex_ent *e)
{
    free(e->cp);
    free(e->post);
    free(e->text);
    free(e->unit);
    free(e->sub);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static void link_sorted(zhx_figlex_ent **head, zhx_figlex_ent *e, int last)
{
    while (*head && (*head)->n >= e->n)
        head = last ? &(*head)->next_last : &(*head)->next_first;
    if (last) {
        e->next_last = *head;
    } else {
        e->next_first = *head;
    }
    *head = e;
}

int zhx_figlex_load(zhx_figlex *lx, const char *name, const char *data,
                    size_t len, zhx_error *err)
{
    unsigned long lineno = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && data[j] != '\n')
            j++;
        const char *line = data + i;
        size_t n = j - i;
        i = j + 1;
        lineno++;
        size_t a = 0;
        while (a < n && is_blank(line[a]))
            a++;
        if (a == n || line[a] == '#')
            continue;
        size_t b = a;
        while (b < n && !is_blank(line[b]))
            b++;
        if (ZHX_GROW(lx->ents, lx->cap, lx->n + 1))
            return zhx_error_set(err, ZHX_ENOMEM, name, lineno, 0,
                                 "out of memory");
        zhx_figlex_ent *e = &lx->ents[lx->n];
        memset(e, 0, sizeof *e);
        e->kind = e->approx = e->pos = e->role = ZHX_LX_UNSET;
        e->text = dupn(line + a, b - a);
        size_t ncp = 0;
        uint32_t *cp = e->text ? decode(line + a, b - a, &ncp) : NULL;
        if (!cp) {
            ent_free(e);
            return zhx_error_set(err, e->text ? ZHX_ESYNTAX : ZHX_ENOMEM,
                                 name, lineno, 1, "bad word");
        }
        size_t k = 0;
        while (k < ncp && cp[k] != ELLIPSIS)
            k++;
        if (k < ncp) {
            e->npost = ncp - k - 1;
            e->post = malloc((e->npost + 1) * sizeof *e->post);
            if (e->post)
                memcpy(e->post, cp + k + 1, e->npost * sizeof *cp);
            ncp = k;
        }
        e->cp = cp;
        e->n = ncp;
        if (e->n == 0 || (e->post && e->npost == 0)) {
            ent_free(e);
            return zhx_error_set(err, ZHX_ESYNTAX, name, lineno, 1,
                                 "empty word");
        }
        while (b < n) {
            while (b < n && is_blank(line[b]))
                b++;
            if (b == n || line[b] == '#')
                break;
            size_t f = b;
            while (b < n && !is_blank(line[b]))
                b++;
            int rc = field(e, line + f, b - f);
            if (rc) {
                ent_free(e);
                if (rc == -2)
                    return zhx_error_set(err, ZHX_ENOMEM, name, lineno, 0,
                                         "out of memory");
                return zhx_error_set(err, ZHX_ESYNTAX, name, lineno,
                                     (unsigned long)f + 1,
                                     "bad field '%.*s'", (int)(b - f),
                                     line + f);
            }
        }
        if (!e->unit && !(e->unit = dupn(e->text, strlen(e->text)))) {
            ent_free(e);
            return zhx_error_set(err, ZHX_ENOMEM, name, lineno, 0,
                                 "out of memory");
        }
        lx->n++;
    }
    /* Link only now: the array no longer moves. */
    memset(lx->by_first, 0, sizeof lx->by_first);
    memset(lx->by_last, 0, sizeof lx->by_last);
    lx->maxlen = 0;
    for (size_t k = 0; k < lx->n; k++) {
        zhx_figlex_ent *e = &lx->ents[k];
        e->next_first = e->next_last = NULL;
        link_sorted(&lx->by_first[bucket(e->cp[0])], e, 0);
        link_sorted(&lx->by_last[bucket(e->cp[e->n - 1])], e, 1);
        if (e->n > lx->maxlen)
            lx->maxlen = e->n;
    }
    return ZHX_OK;
}

void zhx_figlex_free(zhx_figlex *lx)
{
    if (!lx)
        return;
    for (size_t k = 0; k < lx->n; k++)
        ent_free(&lx->ents[k]);
    free(lx->ents);
    memset(lx, 0, sizeof *lx);
}

int zhx_figlex_match(const zhx_figlex_ent *e, const uint32_t *t, size_t len,
                     size_t p)
{
    if (p > len || e->n > len - p)
        return 0;
    return memcmp(t + p, e->cp, e->n * sizeof *t) == 0;
}

const zhx_figlex_ent *zhx_figlex_first(const zhx_figlex *lx, uint32_t c)
{
    const zhx_figlex_ent *e = lx->by_first[bucket(c)];
    while (e && e->cp[0] != c)
        e = e->next_first;
    return e;
}

const zhx_figlex_ent *zhx_figlex_last(const zhx_figlex *lx, uint32_t c)
{
    const zhx_figlex_ent *e = lx->by_last[bucket(c)];
    while (e && e->cp[e->n - 1] != c)
        e = e->next_last;
    return e;
}

const zhx_figlex_ent *zhx_figlex_at_if(const zhx_figlex *lx,
                                       const uint32_t *t, size_t len,
                                       size_t p, zhx_figlex_keep keep,
                                       const void *arg)
{
    if (p >= len)
        return NULL;
    for (const zhx_figlex_ent *e = lx->by_first[bucket(t[p])]; e;
         e = e->next_first)
        if (zhx_figlex_match(e, t, len, p) && (!keep || keep(e, arg)))
            return e;
    return NULL;
}

const zhx_figlex_ent *zhx_figlex_before_if(const zhx_figlex *lx,
                                           const uint32_t *t, size_t lo,
                                           size_t p, zhx_figlex_keep keep,
                                           const void *arg)
{
    if (p <= lo)
        return NULL;
    for (const zhx_figlex_ent *e = lx->by_last[bucket(t[p - 1])]; e;
         e = e->next_last)
        if (e->n <= p - lo && zhx_figlex_match(e, t, p, p - e->n) &&
            (!keep || keep(e, arg)))
            return e;
    return NULL;
}

const zhx_figlex_ent *zhx_figlex_at(const zhx_figlex *lx, const uint32_t *t,
                                    size_t len, size_t p)
{
    return zhx_figlex_at_if(lx, t, len, p, NULL, NULL);
}

const zhx_figlex_ent *zhx_figlex_before(const zhx_figlex *lx,
                                        const uint32_t *t, size_t lo,
                                        size_t p)
{
    return zhx_figlex_before_if(lx, t, lo, p, NULL, NULL);
}
