/* Date norms (ISO 8601) and the check of every rule's examples. */
#include "rules_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cdigit(uint32_t c)
{
    switch (c) {
    case 0x3007: case 0x96F6: return 0;        /* 〇 零 */
    case 0x4E00: case 0x58F9: return 1;        /* 一 */
    case 0x4E8C: case 0x4E24: return 2;        /* 二 两 */
    case 0x4E09: return 3;
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    default: return -1;
    }
}

/* A run of ASCII or Chinese digits at t[*i]; returns the value or -1. */
static long number(const uint32_t *t, size_t n, size_t *i, int *ndig)
{
    size_t st = *i;
    long v = 0;
    if (t[st] >= '0' && t[st] <= '9') {
        while (*i < n && t[*i] >= '0' && t[*i] <= '9' && *i - st < 9)
            v = v * 10 + (long)(t[(*i)++] - '0');
        *ndig = (int)(*i - st);
        return v;
    }
    int ten = 0;
    size_t j = st;
    while (j < n && (cdigit(t[j]) >= 0 || t[j] == 0x5341) && j - st < 8) {
        if (t[j] == 0x5341)
            ten = 1;
        j++;
    }
    if (j == st)
        return -1;
    if (!ten) {
        for (size_t k = st; k < j; k++)
            v = v * 10 + cdigit(t[k]);
    } else {
        /* 十, 十二, 二十, 三十一 */
        long cur = 0;
        for (size_t k = st; k < j; k++) {
            if (t[k] == 0x5341) {
                v += (cur ? cur : 1) * 10;
                cur = 0;
            } else {
                cur = cur * 10 + cdigit(t[k]);
            }
        }
        v += cur;
    }
    *ndig = (int)(j - st);
    *i = j;
    return v;
}

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int starts(const uint32_t *t, size_t n, size_t i, const char *s)
{
    uint32_t c;
    size_t sl = strlen(s);
    for (size_t k = 0; k < sl;) {
        int l = zhx_utf8_decode((const unsigned char *)s + k, sl - k, &c);
        if (l <= 0 || i >= n || t[i] != c)
            return 0;
        i++;
        k += (size_t)l;
    }
    return 1;
}

int zhx_date_norm(const uint32_t *t, size_t n, int by, int bm, int bd,
                  char *out, size_t cap)
{
    int y = 0, mo = 0, d = 0, hh = -1, mi = -1, half = 0, any = 0;
    static const struct { const char *w; int dy; } years[] = {
        {"今年", 0}, {"本年", 0}, {"去年", -1}, {"前年", -2},
        {"明年", 1}, {"后年", 2}, {"当年", 0}};
    static const struct { const char *w; int dd; } days[] = {
        {"今天", 0}, {"今日", 0}, {"昨天", -1}, {"昨日", -1}, {"前天", -2},
        {"明天", 1}, {"明日", 1}, {"后天", 2}};
    for (size_t i = 0; i < n;) {
        int hit = 0;
        for (size_t k = 0; k < sizeof years / sizeof *years; k++)
            if (starts(t, n, i, years[k].w)) {
                if (!by)
                    return 0;
                y = by + years[k].dy;
                i += 2;
                hit = any = 1;
                break;
            }
        if (hit)
            continue;
        for (size_t k = 0; k < sizeof days / sizeof *days; k++)
            if (starts(t, n, i, days[k].w)) {
                if (!by || !bm || !bd)
                    return 0;
                int yy, mm, dd;
                civil_from_days(days_from_civil(by, bm, bd) + days[k].dd,
                                &yy, &mm, &dd);
                y = yy, mo = mm, d = dd;
                i += 2;
                hit = any = 1;
                break;
            }
        if (hit)
            continue;
        if (starts(t, n, i, "本月") || starts(t, n, i, "当月") ||
            starts(t, n, i, "上月") || starts(t, n, i, "下月")) {
            if (!by || !bm)
                return 0;
            int dm = t[i] == 0x4E0A ? -1 : t[i] == 0x4E0B ? 1 : 0;
            long mm = bm + dm;
            y = by + (mm < 1 ? -1 : mm > 12 ? 1 : 0);
            mo = (int)(mm < 1 ? 12 : mm > 12 ? 1 : mm);
            i += 2;
            any = 1;
            continue;
        }
        if (starts(t, n, i, "上半年") || starts(t, n, i, "下半年")) {
            half = t[i] == 0x4E0A ? 1 : 2;
            if (!y)
                y = by;
            if (!y)
                return 0;
            i += 3;
            any = 1;
            continue;
        }
        int nd = 0;
        size_t j = i;
        long v = number(t, n, &j, &nd);
        if (v < 0) {
            i++;
            continue;
        }
        uint32_t u = j < n ? t[j] : 0;
        if (u == 0x5E74) { /* 年 */
            y = (int)(nd == 2 ? (v < 50 ? 2000 + v : 1900 + v) : v);
            any = 1;
        } else if (u == 0x6708 && v >= 1 && v <= 12) { /* 月 */
            mo = (int)v;
            any = 1;
        } else if ((u == 0x65E5 || u == 0x53F7) && v >= 1 && v <= 31) {
            d = (int)v;
            any = 1;
        } else if ((u == 0x65F6 || u == 0x70B9) && v <= 24) {
            hh = (int)v;
            if (mi < 0)
                mi = 0;
        } else if (u == 0x5206 && v < 60 && hh >= 0) {
            mi = (int)v;
        } else if (u == ':' && j + 1 < n && v <= 24) {
            size_t k = j + 1;
            int nd2;
            long w = number(t, n, &k, &nd2);
            if (w >= 0 && w < 60) {
                hh = (int)v;
                mi = (int)w;
                j = k - 1;
            }
        }
        i = j + 1;
    }
    if (!any)
        return 0;
    if (half) {
        snprintf(out, cap, "%04d-%02d/%04d-%02d", y, half == 1 ? 1 : 7, y,
                 half == 1 ? 6 : 12);
        return 1;
    }
    if (!y && (mo || d) && by)
        y = by;
    if (!mo && d && bm)
        mo = bm;
    if (y && mo && d && hh >= 0)
        snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d", y, mo, d, hh, mi);
    else if (y && mo && d)
        snprintf(out, cap, "%04d-%02d-%02d", y, mo, d);
    else if (y && mo)
        snprintf(out, cap, "%04d-%02d", y, mo);
    else if (y && !d)
        snprintf(out, cap, "%04d", y);
    else if (mo && d)
        snprintf(out, cap, "--%02d-%02d", mo, d);
    else if (mo)
        snprintf(out, cap, "--%02d", mo);
    else
        return 0;
    return 1;
}

/* ---- examples ---------------------------------------------------------- */

static void utf8_cps(const char *s, uint32_t *w, size_t *n, size_t cap)
{
    size_t k = 0, sl = strlen(s);
    for (size_t i = 0; i < sl && k < cap;) {
        uint32_t c;
        int l = zhx_utf8_decode((const unsigned char *)s + i, sl - i, &c);
        if (l <= 0)
            break;
        w[k++] = zhx_fold_cp(c);
        i += (size_t)l;
    }
    *n = k;
}

static int found(const zhx_matcher *m, const uint32_t *w,
                 const zhx_expect *x)
{
    char txt[1024];
    for (size_t i = 0; i < zhx_matcher_count(m); i++) {
        const zhx_match *o = zhx_matcher_get(m, i);
        if (strcmp(o->type, x->type))
            continue;
        zhx_cps_utf8(w, o->start, o->end, txt, sizeof txt);
        if (strcmp(txt, x->text))
            continue;
        if (x->role && strcmp(x->role, o->role ? o->role : "null"))
            continue;
        if (x->norm && strcmp(x->norm, o->norm ? o->norm : "null"))
            continue;
        return 1;
    }
    return 0;
}

static void describe(const zhx_matcher *m, const uint32_t *w, char *buf,
                     size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < zhx_matcher_count(m) && k + 200 < cap; i++) {
        const zhx_match *o = zhx_matcher_get(m, i);
        char txt[256];
        zhx_cps_utf8(w, o->start, o->end, txt, sizeof txt);
        k += (size_t)snprintf(buf + k, cap - k, "%s%s %s", i ? "; " : "",
                              o->type, txt);
        if (o->role)
            k += (size_t)snprintf(buf + k, cap - k, " role %s", o->role);
        if (o->norm)
            k += (size_t)snprintf(buf + k, cap - k, " norm %s", o->norm);
        k += (size_t)snprintf(buf + k, cap - k, " (%s)", o->rule);
    }
    if (!k)
        snprintf(buf, cap, "nothing");
}

int zhx_rules_check_examples(const zhx_rules *r, size_t *n_checked,
                             zhx_error *err)
{
    if (n_checked)
        *n_checked = 0;
    zhx_matcher *m = zhx_matcher_new(r);
    uint32_t *w = malloc(4096 * sizeof *w);
    if (!m || !w) {
        zhx_matcher_free(m);
        free(w);
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int rc = ZHX_OK;
    for (size_t i = 0; i < r->n_rules && !rc; i++) {
        const zhx_rule *ru = &r->rules[i];
        for (size_t j = 0; j < ru->n_ex && !rc; j++) {
            const zhx_example *ex = &ru->ex[j];
            size_t n;
            utf8_cps(ex->text, w, &n, 4096);
            zhx_matcher_reset(m);
            /* examples are checked against a fixed date */
            zhx_matcher_set_base_date(m, 2024, 9, 28);
            rc = zhx_matcher_run_text(m, w, n, err);
            if (rc)
                break;
            if (n_checked)
                (*n_checked)++;
            const zhx_expect *bad = NULL;
            int none_bad = 0;
            if (!ex->n_want) {
                for (size_t k = 0; k < zhx_matcher_count(m); k++)
                    if (!strcmp(zhx_matcher_get(m, k)->type, ru->type))
                        none_bad = 1;
            }
            for (size_t k = 0; k < ex->n_want && !bad; k++)
                if (!found(m, w, &ex->want[k]))
                    bad = &ex->want[k];
            if (!bad && !none_bad)
                continue;
            char got[400];
            describe(m, w, got, sizeof got);
            if (bad)
                rc = zhx_error_set(err, ZHX_EEXAMPLE, ru->file, ex->line,
                                   ex->col, "example of rule '%s' does not "
                                   "hold: want %s %s%s%s%s%s; got %s", ru->id,
                                   bad->type, bad->text,
                                   bad->role ? " role " : "",
                                   bad->role ? bad->role : "",
                                   bad->norm ? " norm " : "",
                                   bad->norm ? bad->norm : "", got);
            else
                rc = zhx_error_set(err, ZHX_EEXAMPLE, ru->file, ex->line,
                                   ex->col, "example of rule '%s' does not "
                                   "hold: want no %s; got %s", ru->id,
                                   ru->type, got);
        }
    }
    zhx_matcher_free(m);
    free(w);
    return rc;
}
