/* One numeral in its context: markers before and after it, its unit, a
 * range it starts, and whether it is a figure at all (or a date, a name,
 * a word, an article). The order of the exclusions matters: a date is
 * recognised before anything else looks at 年 or 日. */
#include <string.h>

#include "figures_int.h"

enum {
    CP_DI = 0x7B2C,    /* 第 */
    CP_NIAN = 0x5E74,  /* 年 */
    CP_YUE = 0x6708,   /* 月 */
    CP_RI = 0x65E5,    /* 日 */
    CP_HAO = 0x53F7,   /* 号 */
    CP_SHI = 0x65F6,   /* 时 */
    CP_DIAN = 0x70B9,  /* 点 */
    CP_FEN = 0x5206,   /* 分 */
    CP_MIAO = 0x79D2,  /* 秒 */
    CP_BAN = 0x534A,   /* 半 */
    CP_DA = 0x5927,    /* 大 */
    CP_QIANG = 0x5F3A, /* 强 */
    CP_YI = 0x4E00,    /* 一 */
    CP_YOU = 0x53C8,   /* 又 */
    CP_LING = 0x96F6,  /* 零 */
    CP_ZHENG = 0x6574, /* 整 */
    CP_DAI = 0x4EE3,   /* 代 */
    CP_DU = 0x5EA6,    /* 度 */
    CP_JI = 0x5B63,    /* 季 */
    CP_ZHOU = 0x5468,  /* 周 */
    CP_XING = 0x661F,  /* 星 */
    CP_QI = 0x671F,    /* 期 */
    CP_LI = 0x793C,    /* 礼 */
    CP_BAI = 0x62DC,   /* 拜 */
    CP_ZHI = 0x81F3,   /* 至 */
    CP_DAO = 0x5230,   /* 到 */
    CP_HE = 0x548C,    /* 和 */
    CP_YU = 0x4E0E,    /* 与 */
    CP_JIAN = 0x95F4,  /* 间 */
    CP_ZHI2 = 0x4E4B,  /* 之 */
    CP_LQ = 0x201C,    /* “ */
    CP_RQ = 0x201D,    /* ” */
    CP_SHUL = 0x300A,  /* 《 */
    CP_SHUR = 0x300B,  /* 》 */
    CP_DUN = 0x3001,   /* 、 */
    CP_GE = 0x4E2A,    /* 个 */
    CP_SHI4 = 0x4E16,  /* 世 */
    CP_JI4 = 0x7EAA,   /* 纪 */
    CP_ZHONG = 0x949F, /* 钟 */
    CP_XU = 0x8BB8,    /* 许 */
    CP_QIAN = 0x524D,  /* 前 */
    CP_HOU = 0x540E,   /* 后 */
    CP_ZUO = 0x5DE6,   /* 左 */
    CP_ZAO = 0x65E9,   /* 早 */
    CP_WAN = 0x665A,   /* 晚 */
    CP_WU = 0x5348,    /* 午 */
    CP_YE = 0x591C,    /* 夜 */
    CP_CHEN = 0x6668,  /* 晨 */
    CP_TIAN = 0x5929,  /* 天 */
    CP_ZHENG2 = 0x6B63, /* 正 */
    CP_JI3 = 0x51E0,    /* 几 */
    CP_SHU = 0x6570     /* 数 */
};

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

/* The numeral's value as a small non-negative integer in [lo, hi]. */
static int small_int(const zhx_numeral *nm, long lo, long hi, long *out)
{
    if (nm->flags & (ZHX_NUM_DECIMAL | ZHX_NUM_PERCENT | ZHX_NUM_FRACTION |
                     ZHX_NUM_RANGE | ZHX_NUM_OVER | ZHX_NUM_NEGATIVE |
                     ZHX_NUM_OVERFLOW | ZHX_NUM_SCI))
        return 0;
    zhx_decimal d = nm->value;
    zhx_decimal_normalize(&d);
    if (d.exp < 0 || d.exp > 9 || d.mant > 1000000000ULL)
        return 0;
    long v = (long)d.mant;
    for (int i = 0; i < d.exp; i++)
        v *= 10;
    if (v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

/* 2024, 二〇二四: a year written as four digits. */
static int year_like(const zhx_numeral *nm)
{
    long v;
    if (!small_int(nm, 1000, 2999, &v))
        return 0;
    size_t n = nm->end - nm->start;
    if (nm->flags & ZHX_NUM_GROUPED)
        return 0;
    if ((nm->flags & ZHX_NUM_ARABIC) && !(nm->flags & ZHX_NUM_CHINESE))
        return n == 4;
    return (nm->flags & ZHX_NUM_DIGITWISE) && n == 4;
}

static int keep_unit(const zhx_figlex_ent *e, const void *arg)
{
    (void)arg;
    return !(e->flags & ZHX_LX_PREFIX);
}

static int keep_prefix(const zhx_figlex_ent *e, const void *arg)
{
    (void)arg;
    return (e->flags & ZHX_LX_PREFIX) != 0;
}

static int keep_pos(const zhx_figlex_ent *e, const void *arg)
{
    return !e->post && e->pos == *(const int *)arg;
}

/* The unit after position p: the longest entry, a Latin one (km) only if
 * no letter follows it. */
static const zhx_figlex_ent *unit_at(const zhx_figs *F, const uint32_t *t,
                                     size_t n, size_t p)
{
    const zhx_figlex_ent *u = zhx_figlex_at_if(&F->units, t, n, p,
                                               keep_unit, NULL);
    if (u && is_alpha(u->cp[u->n - 1]) && p + u->n < n &&
        (is_alpha(t[p + u->n]) || is_digit(t[p + u->n])))
        return NULL;
    return u;
}

static const zhx_figlex_ent *approx_at(const zhx_figs *F, const uint32_t *t,
                                       size_t n, size_t p, int pos)
{
    return zhx_figlex_at_if(&F->approx, t, n, p, keep_pos, &pos);
}

static void reject(zhx_fig_cand *k, const char *why)
{
    if (k->f.kept) {
        k->f.kept = 0;
        k->f.reason = why;
    }
}

/* Dates and times: 2024年, 09月, 28日, 9时, 下午3点, 09:16, 2024-09-28,
 * 1996-2024, 星期一, 一季度. Returns the reason and moves k->next past
 * the whole date where it is longer than the numeral. */
static const char *date_reason(const zhx_figs *F, const zhx_chunk *c,
                               size_t ss, zhx_fig_cand *k,
                               const zhx_fig_cand *prev)
{
    const uint32_t *t = c->text;
    size_t n = c->len, s = k->nm.start, e = k->nm.end;
    const zhx_numeral *nm = &k->nm;
    uint32_t a = e < n ? t[e] : 0, b = e + 1 < n ? t[e + 1] : 0;
    long v;
    /* 10日元, 3月份 ... a longer unit that is no date wins */
    const zhx_figlex_ent *u = unit_at(F, t, n, e);
    if (u && u->n > 1 && !(u->flags & ZHX_LX_TIME) &&
        (a == CP_RI || a == CP_YUE || a == CP_NIAN))
        return NULL;
    /* © 1996-2024 */
    int copyright = (s >= 1 && t[s - 1] == 0xA9) ||
                    (s >= 2 && t[s - 2] == 0xA9 && is_space(t[s - 1]));
    if (year_like(nm)) {
        if (a == CP_NIAN) {
            k->next = e + 1;
            return "date";
        }
        /* 2024-09-28, 2024/9/28, 2024.09 */
        if ((a == '-' || a == '/' || a == '.') && is_digit(b)) {
            size_t q = e + 1;
            while (q < n && is_digit(t[q]))
                q++;
            if (q - (e + 1) <= 2) { /* a month; 1996-2024 is below */
                if (q + 1 < n && t[q] == a && is_digit(t[q + 1])) {
                    size_t r = q + 1;
                    while (r < n && is_digit(t[r]))
                        r++;
                    if (r - (q + 1) <= 2)
                        q = r;
                }
                k->next = q;
                return "date";
            }
        }
        /* 1996-2024, 2020至2024年 */
        if (a == '-' || a == '~' || a == 0x2014 || a == 0x2013 ||
            a == CP_ZHI || a == CP_DAO) {
            zhx_numeral y;
            size_t q = e + 1;
            if (zhx_numeral_scan(t, n, q, ZHX_NUMO_NOSPACE, &y) > q &&
                year_like(&y)) {
                k->next = y.end + (y.end < n && t[y.end] == CP_NIAN);
                return "date";
            }
        }
    }
    if (copyright)
        return "date";
    /* ’97, '98: a year */
    if (s >= 1 && (t[s - 1] == 0x2019 || t[s - 1] == '\'') && e == s + 2 &&
        (nm->flags & ZHX_NUM_ARABIC) && small_int(nm, 0, 99, &v))
        return "date";
    /* 90年代, 2023年度 */
    if (a == CP_NIAN && (b == CP_DAI || b == CP_DU) &&
        small_int(nm, 0, 2999, &v))
        return "date";
    if (a == CP_YUE && small_int(nm, 1, 12, &v))
        return "date";
    if (a == CP_RI && small_int(nm, 1, 31, &v))
        return "date";
    if (a == CP_HAO && small_int(nm, 1, 31, &v)) {
        /* 9月28号 is a date; 3号线 and 1号文件 are names */
        for (size_t q = s; q > ss && q + 4 > s; q--)
            if (t[q - 1] == CP_YUE)
                return "date";
        return "name";
    }
    if (a == CP_SHI && small_int(nm, 0, 24, &v))
        return "time";
    if (a == CP_DIAN && small_int(nm, 0, 24, &v)) {
        /* 下午3点, 10点30分, 8点半; but 三点要求 counts points */
        if (b == CP_FEN || b == CP_BAN || b == CP_ZHONG || b == CP_ZHENG ||
            b == CP_XU || b == CP_QIAN || b == CP_HOU || b == CP_ZUO ||
            is_digit(b) || zhx_numeral_may_start(b))
            return "time";
        for (size_t q = s; q > ss && q + 3 > s; q--) {
            uint32_t x = t[q - 1];
            if (x == CP_WU || x == CP_WAN || x == CP_ZAO || x == CP_YE ||
                x == CP_CHEN || x == CP_RI || x == CP_HAO)
                return "time";
        }
    }
    if ((a == CP_FEN || a == CP_MIAO) && prev && prev->f.reason &&
        !strcmp(prev->f.reason, "time") && prev->next + 2 >= s &&
        small_int(nm, 0, 60, &v))
        return "time";
    /* 09:16, 9:16:05 */
    if (a == ':' && is_digit(b) && e + 2 < n && is_digit(t[e + 2]) &&
        small_int(nm, 0, 24, &v) && !(e + 3 < n && is_digit(t[e + 3]))) {
        size_t q = e + 3;
        if (q + 2 < n && t[q] == ':' && is_digit(t[q + 1]) &&
            is_digit(t[q + 2]))
            q += 3;
        k->next = q;
        return "time";
    }
    /* 星期一, 周三, 礼拜天 */
    if (s >= 1 && small_int(nm, 1, 7, &v) &&
        (t[s - 1] == CP_ZHOU ||
         (s >= 2 && ((t[s - 2] == CP_XING && t[s - 1] == CP_QI) ||
                     (t[s - 2] == CP_LI && t[s - 1] == CP_BAI)))))
        return "date";
    /* 一季度, 第三季度, 21世纪 */
    if ((a == CP_JI && b == CP_DU) || (a == CP_SHI4 && b == CP_JI4))
        return "date";
    return NULL;
}

/* Inside 《...》, or inside a short quotation “...” that is a name or a
 * label rather than speech (no sentence punctuation, at most 20 code
 * points): “六大产业集群”, “一对一”, “十万大学生留呼工程”. */
static int in_name(const zhx_chunk *c, size_t s, size_t e)
{
    const uint32_t *t = c->text;
    size_t n = c->len;
    /* titles are short: look 64 code points each way */
    for (size_t q = s; q > 0 && s - q < 64; q--) {
        uint32_t x = t[q - 1];
        if (x == CP_SHUR)
            break;
        if (x == CP_SHUL) {
            for (size_t r = e; r < n && r - e < 64; r++)
                if (t[r] == CP_SHUR)
                    return 1;
            break;
        }
    }
    size_t open = SIZE_MAX;
    for (size_t q = s; q > 0 && s - q < 20; q--) {
        uint32_t x = t[q - 1];
        if (x == CP_RQ || zhx_figs_is_clause_punct(x) || x == 0x3002)
            break;
        if (x == CP_LQ) {
            open = q - 1;
            break;
        }
    }
    if (open == SIZE_MAX)
        return 0;
    for (size_t r = e; r < n && r - open <= 21; r++) {
        uint32_t x = t[r];
        if (x == CP_RQ)
            return 1;
        if (zhx_figs_is_clause_punct(x) || x == 0x3002 || x == CP_LQ)
            return 0;
    }
    return 0;
}

/* A word from words.txt that reaches outside the numeral and its unit:
 * 一些, 统一, 长三角, 十分 (but not 十分钟). */
static const zhx_figlex_ent *in_word(const zhx_figs *F, const zhx_chunk *c,
                                     size_t s, size_t e, size_t unit_end,
                                     int has_unit)
{
    const uint32_t *t = c->text;
    size_t n = c->len, maxlen = F->words.maxlen;
    size_t q0 = s + 1 > maxlen ? s + 1 - maxlen : 0;
    for (size_t q = q0; q < e; q++) {
        for (const zhx_figlex_ent *w = zhx_figlex_first(&F->words, t[q]); w;
             w = w->next_first) {
            if (w->cp[0] != t[q] || q + w->n <= s ||
                !zhx_figlex_match(w, t, n, q))
                continue;
            size_t we = q + w->n;
            /* inside the numeral (三千万) or shorter than the figure
             * (十分钟); 四周 as a word is as long as 四 + 周 */
            if ((q > s && we <= e) || (q >= s && we < unit_end))
                continue;
            if ((w->flags & ZHX_LX_UNLESS_UNIT) && has_unit)
                continue;
            return w;
        }
    }
    return NULL;
}

/* 一 + classifier as an indefinite article: 一个缩影, 做一个...青年. Not
 * when something says it is a count: 仅一个, 第一批, 一个多月. */
static int indefinite(const zhx_chunk *c, const zhx_fig_cand *k)
{
    const uint32_t *t = c->text;
    size_t s = k->nm.start, p = k->f.end;
    /* 的一年, 这一天, 同一年: a determiner makes 一 + a span of time
     * "the year", no length of time (用一年时间 stays a figure). */
    if (k->nm.end == s + 1 && t[s] == CP_YI && k->unit && k->unit->n == 1 &&
        (k->unit->flags & ZHX_LX_TIME) && k->f.start == s && s > 0 &&
        k->f.approx == ZHX_APPROX_NONE && !k->f.has_max) {
        /* 的 这 那 同 */
        uint32_t d = t[s - 1];
        if (d == 0x7684 || d == 0x8FD9 || d == 0x90A3 || d == 0x540C)
            return 1;
    }
    if (k->nm.end != s + 1 || t[s] != CP_YI || !k->unit ||
        !(k->unit->flags & ZHX_LX_CL) || k->f.kind == ZHX_FIG_RANK ||
        k->f.approx != ZHX_APPROX_NONE || k->f.has_max)
        return 0;
    if (p < c->len && (t[p] == CP_BAN || t[p] == 0x591A || t[p] == 0x4F59))
        return 0;
    if (k->f.start > 0) {
        static const uint32_t cues[] = {0x4EC5, 0x53EA, 0x5171, 0x8FBE,
                                        0x7EA6, 0x6BCF, 0x552F, 0};
        /* 仅 只 共 达 约 每 唯 */
        for (const uint32_t *q = cues; *q; q++)
            if (t[k->f.start - 1] == *q)
                return 0;
    }
    return 1;
}

/* An enumeration marker at the start of a clause: 1、 (2) 一、 */
static int enum_marker(const zhx_chunk *c, size_t ss, const zhx_fig_cand *k)
{
    const uint32_t *t = c->text;
    size_t s = k->f.start, e = k->nm.end, n = c->len;
    long v;
    if (k->unit || e >= n || !small_int(&k->nm, 0, 99, &v))
        return 0;
    int open = s > ss && (t[s - 1] == '(' || t[s - 1] == 0xFF08);
    int at_start = s == ss || open || zhx_figs_is_clause_punct(t[s - 1]) ||
                   is_space(t[s - 1]);
    if (!at_start)
        return 0;
    uint32_t a = t[e];
    if (open)
        return a == ')' || a == 0xFF09;
    return a == CP_DUN ||
           (a == '.' && (e + 1 >= n || is_space(t[e + 1]) ||
                         zhx_figs_is_cjk(t[e + 1])));
}

/* Multiply the value by a unit's scale (成 = 10 %). */
static int scale_by(zhx_fig_cand *k, const zhx_decimal *sc)
{
    if (zhx_decimal_mul(&k->f.value, &k->f.value, sc) ||
        (k->f.has_max &&
         zhx_decimal_mul(&k->f.value_max, &k->f.value_max, sc))) {
        reject(k, "overflow");
        return -1;
    }
    return 0;
}

/* The unit and the markers after the numeral; p is where they start. */
static size_t right_context(const zhx_figs *F, const zhx_chunk *c,
                            zhx_fig_cand *k, size_t p)
{
    const uint32_t *t = c->text;
    size_t n = c->len;
    const zhx_figlex_ent *a = approx_at(F, t, n, p, ZHX_POS_INNER);
    if (a && (k->nm.flags & ZHX_NUM_PERCENT))
        a = NULL;
    /* 三十多 wants a unit after it (三十多岁); 闻一多 is a name */
    if (a && !(k->nm.flags & (ZHX_NUM_ARABIC | ZHX_NUM_BIG)) &&
        !unit_at(F, t, n, p + a->n))
        a = NULL;
    if (a) {
        /* 500多元, 1000余名: but 多 must not start the next word: 3个多
         * is handled after the unit; 10多家 here. */
        if (k->f.approx == ZHX_APPROX_NONE)
            k->f.approx = (zhx_approx)a->approx;
        p += a->n;
    }
    size_t up = p;
    while (up < n && is_space(t[up]) && up < p + 4)
        up++;
    const zhx_figlex_ent *u = k->nm.flags & ZHX_NUM_PERCENT
                                  ? NULL
                                  : unit_at(F, t, n, up);
    if (u && (u->flags & ZHX_LX_COMPOUND))
        u = NULL; /* 分 alone: 十分重要, 八点五十分 */
    if (u && (u->flags & ZHX_LX_DISCOUNT)) {
        /* 九折 = 90 %, 七五折 = 75 %, 9.5折 = 95 %; 十折 is nothing */
        zhx_decimal ten = {0, 1, 1}, hundred = {0, 1, 2};
        if (zhx_decimal_cmp(&k->f.value, &ten) < 0 && k->f.value.mant) {
            if (scale_by(k, &ten))
                return p;
        } else if (!(zhx_decimal_cmp(&k->f.value, &ten) > 0 &&
                     zhx_decimal_cmp(&k->f.value, &hundred) < 0 &&
                     zhx_decimal_is_int(&k->f.value))) {
            u = NULL;
        }
    }
    if (u) {
        k->unit = u;
        k->f.unit = u->unit;
        /* 一个多月: the marker sits inside the unit */
        if (u->approx != ZHX_LX_UNSET && k->f.approx == ZHX_APPROX_NONE)
            k->f.approx = (zhx_approx)u->approx;
        if (k->f.kind != ZHX_FIG_RANK)
            k->f.kind = u->kind == ZHX_LX_UNSET ? ZHX_FIG_COUNT
                                                : (zhx_fig_kind)u->kind;
        if (!strcmp(k->f.rule, "fig.num"))
            k->f.rule = "fig.num-unit";
        p = up + u->n;
        if (u->has_scale && !u->sub && scale_by(k, &u->scale))
            return p;
        if (u->flags & ZHX_LX_TAIL) {
            /* 七成六 = 76 %, 三成半 = 35 % */
            size_t q = p;
            while (q < n && is_space(t[q]) && q < p + 2)
                q++;
            zhx_numeral d;
            zhx_decimal add = {0, 0, 0};
            if (q < n && t[q] == CP_BAN) {
                add = (zhx_decimal){0, 5, 0};
                p = q + 1;
            } else if (zhx_numeral_scan(t, n, q, ZHX_NUMO_NOSPACE, &d) ==
                           q + 1 &&
                       d.value.mant < 10 && d.value.exp == 0) {
                add = d.value;
                p = q + 1;
            }
            zhx_decimal_add(&k->f.value, &k->f.value, &add);
        } else if (p < n && t[p] == CP_BAN && u->kind == ZHX_FIG_OTHER &&
                   !(u->flags & ZHX_LX_TIME)) {
            /* 一吨半, 两米半 */
            zhx_decimal half = {0, 5, -1};
            zhx_decimal_add(&k->f.value, &k->f.value, &half);
            p++;
        }
        if (u->kind == ZHX_FIG_MONEY && !u->sub) {
            /* 五元三毛, 50元6角三分, 两美元又三美分, 壹拾壹元壹角 */
            for (int round = 0; round < 3; round++) {
                size_t q = p;
                if (q < n && (t[q] == CP_YOU || t[q] == CP_LING))
                    q++;
                zhx_numeral d;
                size_t de = zhx_numeral_scan(t, n, q, ZHX_NUMO_NOSPACE, &d);
                if (de == q || (d.flags & ZHX_NUM_NEGATIVE))
                    break;
                const zhx_figlex_ent *v = unit_at(F, t, n, de);
                if (!v || !v->sub || strcmp(v->sub, u->unit) || !v->has_scale)
                    break;
                zhx_decimal part;
                if (zhx_decimal_mul(&part, &d.value, &v->scale) ||
                    zhx_decimal_add(&k->f.value, &k->f.value, &part))
                    break;
                p = de + v->n;
                k->f.rule = "fig.money";
            }
            /* 壹拾壹元整 */
            if (p < n && t[p] == CP_ZHENG)
                p++;
        }
    }
    a = approx_at(F, t, n, p, ZHX_POS_AFTER);
    /* 多 余 after a Chinese numeral need a unit: 闻一多 is a name */
    if (a && !k->unit && a->n == 1 && a->approx == ZHX_APPROX_OVER &&
        !(k->nm.flags & (ZHX_NUM_ARABIC | ZHX_NUM_BIG)))
        a = NULL;
    /* 80多个多用途: one 多 was the marker, the next starts a word */
    if (a && a->n == 1 && a->approx == ZHX_APPROX_OVER &&
        k->f.approx != ZHX_APPROX_NONE)
        a = NULL;
    if (a) {
        if (k->f.approx == ZHX_APPROX_NONE && a->approx != ZHX_APPROX_NONE)
            k->f.approx = (zhx_approx)a->approx;
        p += a->n;
    }
    return p;
}

/* Whether t[a..b) is only the units 十 百 千 万 亿 (数十, 数百万). */
static int units_only(const uint32_t *t, size_t a, size_t b)
{
    if (a >= b)
        return 0;
    for (size_t i = a; i < b; i++)
        if (t[i] != 0x5341 && t[i] != 0x767E && t[i] != 0x5343 &&
            t[i] != 0x4E07 && t[i] != 0x4EBF)
            return 0;
    return 1;
}

/* The markers before the numeral: 第, 约/超过/不到, $ and ¥. */
static size_t left_context(const zhx_figs *F, const zhx_chunk *c, size_t ss,
                           zhx_fig_cand *k)
{
    const uint32_t *t = c->text;
    size_t L = k->nm.start;
    if (L > ss && t[L - 1] == CP_JI3 && (k->nm.flags & ZHX_NUM_BARE)) {
        /* 几十个, 几百万: at least ten, a hundred */
        k->f.approx = ZHX_APPROX_OVER;
        return L - 1;
    }
    if (L > ss && t[L - 1] == CP_SHU && units_only(t, L, k->nm.end)) {
        /* 数十家, 数百名, 数十万: 数 as 几 (人数十分 has no unit alone) */
        k->f.approx = ZHX_APPROX_OVER;
        return L - 1;
    }
    if (L > ss && t[L - 1] == CP_DI) {
        k->f.kind = ZHX_FIG_RANK;
        k->f.rule = "fig.rank";
        return L - 1;
    }
    size_t q = L;
    if (q > ss && is_space(t[q - 1]))
        q--;
    int pos = ZHX_POS_BEFORE;
    const zhx_figlex_ent *a = zhx_figlex_before_if(&F->approx, t, ss, q,
                                                   keep_pos, &pos);
    if (a) {
        if (a->approx != ZHX_APPROX_NONE) {
            k->f.approx = (zhx_approx)a->approx;
            L = q - a->n;
        }
    }
    q = L;
    while (q > ss && is_space(t[q - 1]) && q + 2 > L)
        q--;
    const zhx_figlex_ent *u = zhx_figlex_before_if(&F->units, t, ss, q,
                                                   keep_prefix, NULL);
    if (u && !(is_alpha(u->cp[0]) && q - u->n > ss &&
               is_alpha(t[q - u->n - 1]))) {
        k->unit = u;
        k->f.unit = u->unit;
        k->f.kind = ZHX_FIG_MONEY;
        k->f.rule = "fig.num-unit";
        L = q - u->n;
    }
    return L;
}

/* 比170低: a comparison around the figure. */
static void circumfix(const zhx_figs *F, const zhx_chunk *c, size_t ss,
                      zhx_fig_cand *k)
{
    const uint32_t *t = c->text;
    size_t q = k->f.start;
    while (q > ss && is_space(t[q - 1]))
        q--;
    if (q <= ss)
        return;
    size_t p = k->f.end;
    while (p < c->len && is_space(t[p]))
        p++;
    for (const zhx_figlex_ent *a = zhx_figlex_last(&F->approx, t[q - 1]); a;
         a = a->next_last) {
        if (!a->post || a->n > q - ss || !zhx_figlex_match(a, t, q, q - a->n))
            continue;
        if (p + a->npost > c->len ||
            memcmp(t + p, a->post, a->npost * sizeof *t))
            continue;
        if (k->f.approx == ZHX_APPROX_NONE)
            k->f.approx = (zhx_approx)a->approx;
        k->f.start = q - a->n;
        k->f.end = p + a->npost;
        k->next = k->f.end;
        return;
    }
}

/* 三四个, 两三家, 第四五位: two neighbouring digits before a measure word
 * are a range (二三十 is the scanner's). */
static void pair_range(const zhx_chunk *c, zhx_fig_cand *k)
{
    const zhx_numeral *nm = &k->nm;
    if (!k->unit || (k->unit->flags & ZHX_LX_PREFIX) ||
        nm->end != nm->start + 2 || !(nm->flags & ZHX_NUM_DIGITWISE) ||
        (nm->flags & ZHX_NUM_ARABIC) || k->f.has_max)
        return;
    long v;
    if (!small_int(nm, 12, 89, &v) || v % 10 != v / 10 + 1)
        return;
    (void)c;
    zhx_decimal_from_int(&k->f.value, v / 10);
    zhx_decimal_from_int(&k->f.value_max, v % 10);
    if (k->unit->has_scale && !k->unit->sub) {
        /* 三四成 */
        zhx_decimal_mul(&k->f.value, &k->f.value, &k->unit->scale);
        zhx_decimal_mul(&k->f.value_max, &k->f.value_max, &k->unit->scale);
    }
    k->f.has_max = 1;
    k->f.rule = "fig.range";
}

static int is_connector(uint32_t x)
{
    return x == CP_ZHI || x == CP_DAO || x == '-' || x == '~' ||
           x == 0x2014 || x == 0x2013 || x == 0x301C || x == 0xFF5E;
}

/* 20万元至200万元, 3-5个, 两到三万, 20和30之间: k becomes the range. */
static void try_range(const zhx_figs *F, const zhx_chunk *c, size_t ss,
                      size_t se, zhx_fig_cand *k)
{
    const uint32_t *t = c->text;
    size_t n = c->len, p = k->f.end;
    int rank = k->f.kind == ZHX_FIG_RANK;
    if (k->f.has_max || (k->nm.flags & (ZHX_NUM_LEADZERO | ZHX_NUM_OVERFLOW)))
        return;
    while (p < se && is_space(t[p]))
        p++;
    if (p >= se)
        return;
    int between = t[p] == CP_HE || t[p] == CP_YU || t[p] == 0x53CA;
    if (!is_connector(t[p]) && !between)
        return;
    size_t q = p + 1;
    while (q < se && is_space(t[q]))
        q++;
    if (rank) {
        /* 第十和第十五之间 */
        if (q >= se || t[q] != CP_DI)
            return;
        q++;
    }
    zhx_fig_cand m;
    memset(&m, 0, sizeof m);
    if (zhx_numeral_scan(t, n, q, 0, &m.nm) == q)
        return;
    if (m.nm.flags & (ZHX_NUM_NEGATIVE | ZHX_NUM_LEADZERO | ZHX_NUM_RANGE |
                      ZHX_NUM_OVERFLOW))
        return;
    m.f.start = q;
    m.f.value = m.nm.value;
    m.f.unit = "";
    m.f.kind = ZHX_FIG_COUNT;
    m.f.rule = "fig.num";
    m.f.kept = 1;
    if (m.nm.flags & ZHX_NUM_PERCENT) {
        m.f.unit = "%";
        m.f.kind = ZHX_FIG_PERCENT;
    }
    m.next = m.nm.end;
    if (date_reason(F, c, ss, &m, NULL))
        return;
    if (rank && !between)
        return;
    size_t end;
    if (between) {
        /* X和Y之间, X与Y间: 间 is no unit here */
        size_t r = m.nm.end;
        if (r < se && t[r] == CP_ZHI2)
            r++;
        if (r >= se || t[r] != CP_JIAN) {
            end = right_context(F, c, &m, m.nm.end);
            r = end;
            if (r < se && t[r] == CP_ZHI2)
                r++;
            if (r >= se || t[r] != CP_JIAN)
                return;
        }
        end = r + 1;
    } else {
        end = right_context(F, c, &m, m.nm.end);
    }
    if (!m.f.kept)
        return;
    /* Units must agree; a missing first unit is the second one. */
    if (k->unit && m.unit && strcmp(k->f.unit, m.f.unit))
        return;
    if (k->unit && !m.unit && !(k->nm.flags & ZHX_NUM_PERCENT) &&
        !between)
        return;
    if ((k->nm.flags & ZHX_NUM_PERCENT) != (m.nm.flags & ZHX_NUM_PERCENT) &&
        k->unit)
        return;
    zhx_decimal lo = k->f.value, hi = m.f.value;
    /* 两到三万, 3-5千元: the first number takes the second's multiplier */
    if (!k->unit && !(k->nm.flags & ZHX_NUM_BIG) && m.nm.mult_exp > 0 &&
        !(k->nm.flags & ZHX_NUM_PERCENT)) {
        static const int tries[] = {0, 12, 8, 4, 3};
        for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
            int j = i ? tries[i] : m.nm.mult_exp;
            if (j > m.nm.mult_exp || j == 0)
                continue;
            zhx_decimal x = lo;
            if (zhx_decimal_scale(&x, j) == ZHX_OK &&
                zhx_decimal_cmp(&x, &hi) < 0) {
                lo = x;
                break;
            }
        }
    }
    if (!k->unit && m.unit && m.unit->has_scale && !m.unit->sub) {
        zhx_decimal x;
        if (zhx_decimal_mul(&x, &lo, &m.unit->scale) == ZHX_OK)
            lo = x;
    }
    if (zhx_decimal_cmp(&lo, &hi) >= 0)
        return;
    k->f.value = lo;
    k->f.value_max = hi;
    k->f.has_max = 1;
    if (!k->unit) {
        k->unit = m.unit;
        k->f.unit = m.f.unit;
        if (!rank)
            k->f.kind = m.f.kind;
    }
    if (k->f.approx == ZHX_APPROX_NONE)
        k->f.approx = m.f.approx;
    k->f.end = end;
    k->f.rule = "fig.range";
    k->next = end;
}

void zhx_figs_analyze(const zhx_figs *F, const zhx_chunk *c, size_t ss,
                      size_t se, const zhx_numeral *nm,
                      const zhx_fig_cand *prev, zhx_fig_cand *k)
{
    const uint32_t *t = c->text;
    size_t n = c->len;
    memset(k, 0, sizeof *k);
    k->nm = *nm;
    k->ss = ss;
    k->se = se;
    k->f.start = k->f.num_start = nm->start;
    k->f.end = k->f.num_end = nm->end;
    k->f.value = nm->value;
    k->f.has_max = (nm->flags & ZHX_NUM_RANGE) != 0;
    if (k->f.has_max)
        k->f.value_max = nm->value_max;
    k->f.unit = "";
    k->f.kind = ZHX_FIG_COUNT;
    k->f.approx = nm->flags & ZHX_NUM_OVER ? ZHX_APPROX_OVER : ZHX_APPROX_NONE;
    k->f.rule = "fig.num";
    k->f.num_flags = nm->flags;
    k->f.kept = 1;
    k->f.subj_start = k->f.subj_end = SIZE_MAX;
    k->next = nm->end;
    if (nm->flags & ZHX_NUM_PERCENT) {
        k->f.unit = "%";
        k->f.kind = ZHX_FIG_PERCENT;
        k->f.rule = "fig.percent";
    } else if (nm->flags & ZHX_NUM_FRACTION) {
        k->f.kind = ZHX_FIG_OTHER;
        k->f.rule = "fig.fraction";
    }
    if (nm->flags & ZHX_NUM_OVERFLOW) {
        reject(k, "overflow");
        return;
    }
    const char *d = date_reason(F, c, ss, k, prev);
    if (d) {
        reject(k, d);
        if (k->next < nm->end + 1 && nm->end < n &&
            (t[nm->end] == CP_NIAN || t[nm->end] == CP_YUE ||
             t[nm->end] == CP_RI || t[nm->end] == CP_HAO ||
             t[nm->end] == CP_SHI))
            k->next = nm->end + 1;
        return;
    }
    /* Markers before the numeral never reach into the figure before. */
    size_t lo = prev && prev->f.end > ss && prev->f.end <= nm->start
                    ? prev->f.end
                    : ss;
    if (prev && prev->next > lo && prev->next <= nm->start)
        lo = prev->next;
    k->f.start = left_context(F, c, lo, k);
    k->f.end = right_context(F, c, k, nm->end);
    k->next = k->f.end;
    circumfix(F, c, lo, k);
    if (!k->f.kept)
        return;
    pair_range(c, k);
    try_range(F, c, ss, se, k);

    /* What is no figure. */
    size_t s = nm->start, e = nm->end;
    uint32_t before = s > 0 ? t[s - 1] : 0;
    uint32_t after = e < n ? t[e] : 0;
    int arabic = (nm->flags & ZHX_NUM_ARABIC) != 0;
    if (!k->unit || !(k->unit->flags & ZHX_LX_PREFIX) || k->f.start == s) {
        /* G20, 5G, COVID-19, a URL's %2D, an e-mail's 163 */
        if (is_alpha(before) || before == '_' || before == '@' ||
            before == '/' || before == '=' || before == '#' ||
            before == '&' || before == '%' || before == '\\' ||
            (before == '-' && s >= 2 && is_alpha(t[s - 2])))
            reject(k, "code");
    }
    /* 406.4518.911: a piece of a dotted chain (a version, a stock row) */
    if ((before == '.' && s >= 2 && is_digit(t[s - 2])) ||
        (after == '.' && e + 1 < n && is_digit(t[e + 1])))
        reject(k, "code");
    if (!k->unit && (is_alpha(after) || after == '@' || after == '_' ||
                     (after == '.' && e + 1 < n && is_alpha(t[e + 1]))))
        reject(k, "code");
    if (arabic && (nm->flags & ZHX_NUM_LEADZERO) &&
        !(nm->flags & (ZHX_NUM_DECIMAL | ZHX_NUM_BIG)))
        reject(k, "code");
    if (arabic && !k->unit && !(nm->flags & (ZHX_NUM_GROUPED |
                                              ZHX_NUM_DECIMAL | ZHX_NUM_BIG |
                                              ZHX_NUM_PERCENT)) &&
        e - s >= 7)
        reject(k, "code"); /* a telephone or an id */
    /* 3:0, 1∶11: a score or a ratio */
    if (!k->unit && ((after == ':' || after == 0x2236) && e + 1 < n &&
                     zhx_numeral_may_start(t[e + 1])))
        reject(k, "ratio");
    if (!k->unit && s >= 2 && (before == ':' || before == 0x2236) &&
        zhx_numeral_may_start(t[s - 2]))
        reject(k, "ratio");
    if (in_name(c, s, e))
        reject(k, "name");
    if (!k->unit && !arabic && k->f.end == e && k->f.kind != ZHX_FIG_RANK &&
        (after == CP_DA || after == CP_QIANG) &&
        e + 1 < n && zhx_figs_is_cjk(t[e + 1])) {
        long v;
        if (small_int(nm, 1, 100, &v))
            reject(k, "name"); /* 六大产业集群, 世界五百强 */
    }
    if (!k->unit && arabic && after == CP_QIANG)
        reject(k, "name"); /* 500强 */
    const zhx_figlex_ent *w = in_word(F, c, s, e, k->f.end, k->unit != NULL);
    if (w)
        reject(k, w->reason ? w->reason : "word");
    if (indefinite(c, k))
        reject(k, "indefinite");
    if (enum_marker(c, ss, k))
        reject(k, "enum");
    if (!arabic && !k->unit && k->f.kind != ZHX_FIG_RANK &&
        k->f.approx == ZHX_APPROX_NONE && !k->f.has_max &&
        !(nm->flags & (ZHX_NUM_PERCENT | ZHX_NUM_FRACTION | ZHX_NUM_DECIMAL |
                       ZHX_NUM_BIG | ZHX_NUM_NEGATIVE)))
        reject(k, "bare"); /* 陈十一, 航天六院, 一应俱全 */
    if (k->f.kind == ZHX_FIG_RANK && !k->unit && e < n &&
        (after == ',' || after == CP_DUN || after == 0xFF0C) &&
        (k->f.start == ss || zhx_figs_is_clause_punct(t[k->f.start - 1])))
        reject(k, "enum"); /* 第一, ... */
}
