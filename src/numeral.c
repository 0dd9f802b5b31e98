/* The numeral scanner.
 *
 * Two layers. The lexer turns the text after pos into tokens (a Chinese
 * digit, an Arabic number such as 15,472.5, a unit 十百千, a multiplier
 * 万亿兆, 点, 分之, 又, %, ...), on demand, skipping white space between
 * them. The evaluator reads tokens left to right with the usual section
 * rule of Chinese numerals (digits times units add up to a section below
 * 万; 万, 亿, 兆 close a section) and records a checkpoint after every
 * token where a complete numeral ends; when a token does not fit, the last
 * checkpoint is the answer. So 五十千 gives 五十, 两百点两 gives 两百, and
 * 二分之 gives 二: the longest prefix that is a numeral. */
#include "zhx/numeral.h"

#include <string.h>

enum tok_kind {
    T_NONE,
    T_DIG,   /* Chinese digit: val */
    T_ARAB,  /* Arabic number: d */
    T_UNIT,  /* 十 百 千: val = power of ten */
    T_BIG,   /* 万 亿 兆, k M after Arabic: val = power of ten */
    T_TENS,  /* 廿 卅 卌: val tens */
    T_POINT, /* 点 */
    T_NEG,   /* 负, '-', 零下 */
    T_MORE,  /* 多 余 before a multiplier: 十多万 */
    T_JI,    /* 几 in a digit's place: 十几 */
    T_AND,   /* 又: 一又三分之一 */
    T_FEN,   /* 分 not followed by 之: never part of a numeral */
    T_FRAC,  /* 分之 */
    T_PCT,   /* % */
    T_PERMILLE,
    T_SLASH, /* / between Arabic integers */
    T_POW,   /* ^ */
    T_START, /* evaluator states only */
    T_ZERO
};

/* Character classes of the table. */
enum {
    C_FIN = 1,   /* financial (大写) form */
    C_ALONE = 2, /* alone it is another word: 陆 (大陆), 伍 (队伍), 拾 */
    C_TWO = 4    /* 两: not in digit-by-digit readings or decimals */
};

typedef struct cjk_num {
    uint32_t cp;
    unsigned char kind, val, cls;
} cjk_num;

/* Sorted by code point for bsearch. */
static const cjk_num cjk_table[] = {
    {0x3007, T_DIG, 0, 0},               /* 〇 */
    {0x4E00, T_DIG, 1, 0},               /* 一 */
    {0x4E03, T_DIG, 7, 0},               /* 七 */
    {0x4E07, T_BIG, 4, 0},               /* 万 */
    {0x4E09, T_DIG, 3, 0},               /* 三 */
    {0x4E24, T_DIG, 2, C_TWO},           /* 两 */
    {0x4E5D, T_DIG, 9, 0},               /* 九 */
    {0x4E8C, T_DIG, 2, 0},               /* 二 */
    {0x4E94, T_DIG, 5, 0},               /* 五 */
    {0x4EBF, T_BIG, 8, 0},               /* 亿 */
    {0x4EDF, T_UNIT, 3, C_FIN},          /* 仟 */
    {0x4F0D, T_DIG, 5, C_FIN | C_ALONE}, /* 伍 */
    {0x4F59, T_MORE, 0, 0},              /* 余 */
    {0x4F70, T_UNIT, 2, C_FIN},          /* 佰 */
    {0x5006, T_DIG, 2, C_TWO},           /* 倆 */
    {0x5104, T_BIG, 8, 0},               /* 億 */
    {0x5146, T_BIG, 12, 0},              /* 兆 */
    {0x5169, T_DIG, 2, C_TWO},           /* 兩 */
    {0x516B, T_DIG, 8, 0},               /* 八 */
    {0x516D, T_DIG, 6, 0},               /* 六 */
    {0x51E0, T_JI, 0, 0},                /* 几 */
    {0x5206, T_FEN, 0, 0},               /* 分 */
    {0x5341, T_UNIT, 1, 0},              /* 十 */
    {0x5343, T_UNIT, 3, 0},              /* 千 */
    {0x5345, T_TENS, 3, 0},              /* 卅 */
    {0x534C, T_TENS, 4, 0},              /* 卌 */
    {0x53C1, T_DIG, 3, C_FIN},           /* 叁 */
    {0x53C3, T_DIG, 3, C_FIN},           /* 參 */
    {0x53C8, T_AND, 0, 0},               /* 又 */
    {0x56DB, T_DIG, 4, 0},               /* 四 */
    {0x58F9, T_DIG, 1, C_FIN},           /* 壹 */
    {0x591A, T_MORE, 0, 0},              /* 多 */
    {0x5E7A, T_DIG, 1, C_ALONE},         /* 幺 */
    {0x5E7E, T_JI, 0, 0},                /* 幾 */
    {0x5EFF, T_TENS, 2, 0},              /* 廿 */
    {0x62FE, T_UNIT, 1, C_FIN | C_ALONE}, /* 拾 */
    {0x634C, T_DIG, 8, C_FIN},           /* 捌 */
    {0x67D2, T_DIG, 7, C_FIN},           /* 柒 */
    {0x70B9, T_POINT, 0, 0},             /* 点 */
    {0x7396, T_DIG, 9, C_FIN},           /* 玖 */
    {0x767E, T_UNIT, 2, 0},              /* 百 */
    {0x8086, T_DIG, 4, C_FIN | C_ALONE}, /* 肆 */
    {0x842C, T_BIG, 4, 0},               /* 萬 */
    {0x8CA0, T_NEG, 0, 0},               /* 負 */
    {0x8CB3, T_DIG, 2, C_FIN},           /* 貳 */
    {0x8D1F, T_NEG, 0, 0},               /* 负 */
    {0x8D30, T_DIG, 2, C_FIN},           /* 贰 */
    {0x9646, T_DIG, 6, C_FIN | C_ALONE}, /* 陆 */
    {0x9678, T_DIG, 6, C_FIN | C_ALONE}, /* 陸 */
    {0x96F6, T_DIG, 0, 0},               /* 零 */
    {0x9918, T_MORE, 0, 0},              /* 餘 */
    {0x9EDE, T_POINT, 0, 0},             /* 點 */
};

#define CP_ZERO_LING 0x96F6 /* 零 */
#define CP_XIA 0x4E0B       /* 下 */
#define CP_ZHI 0x4E4B       /* 之 */

static const cjk_num *cjk_find(uint32_t c)
{
    size_t lo = 0, hi = sizeof cjk_table / sizeof cjk_table[0];
    if (c < 0x3007 || c > 0x9EDE)
        return NULL;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cjk_table[mid].cp < c)
            lo = mid + 1;
        else if (cjk_table[mid].cp > c)
            hi = mid;
        else
            return &cjk_table[mid];
    }
    return NULL;
}

/* Full-width ASCII and minus signs to ASCII, for input not normalized. */
static uint32_t fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    if (c == 0x2212 || c == 0xFE63)
        return '-';
    return c;
}

static int is_digit(uint32_t c)
{
    c = fold(c);
    return c >= '0' && c <= '9';
}

static int is_alpha(uint32_t c)
{
    c = fold(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

int zhx_numeral_may_start(uint32_t c)
{
    uint32_t f = fold(c);
    if ((f >= '0' && f <= '9') || f == '-' || f == '.')
        return 1;
    const cjk_num *n = cjk_find(c);
    return n && (n->kind == T_DIG || n->kind == T_UNIT ||
                 n->kind == T_TENS || n->kind == T_NEG || n->kind == T_BIG);
}

#define MAX_TOKS 64

typedef struct tok {
    unsigned char kind, val, cls;
    unsigned char gap;      /* white space before it */
    unsigned char arab_int; /* T_ARAB without point or exponent */
    unsigned char arab_nd;  /* T_ARAB: digits before the point */
    unsigned fl;            /* ZHX_NUM_* it brings */
    size_t s, e;
    zhx_decimal d; /* T_ARAB */
} tok;

typedef struct scan {
    const uint32_t *s;
    size_t len, pos;
    unsigned opts;
    tok t[MAX_TOKS];
    size_t n;
    int done;
} scan;

/* An Arabic number at p: digits with optional thousands groups, decimal
 * part and exponent. 1.2.3 is not a decimal (a version or a date): only
 * the 1 is taken. */
static int lex_arabic(const scan *S, size_t p, tok *t)
{
    const uint32_t *s = S->s;
    size_t len = S->len, q = p;
    uint64_t m = 0;
    long e = 0;
    int lost = 0, nint = 0;
    unsigned fl = ZHX_NUM_ARABIC;
#define ACC(ch, frac)                                                       \
    do {                                                                    \
        unsigned d_ = fold(ch) - '0';                                       \
        if (m <= (ZHX_DECIMAL_MANT_MAX - 9) / 10) {                         \
            m = m * 10 + d_;                                                \
            if (frac)                                                       \
                e--;                                                        \
        } else {                                                            \
            lost |= d_ != 0;                                                \
            if (!(frac))                                                    \
                e++;                                                        \
        }                                                                   \
    } while (0)
    while (q < len && is_digit(s[q])) {
        ACC(s[q], 0);
        q++, nint++;
    }
    if (nint >= 2 && fold(s[p]) == '0')
        fl |= ZHX_NUM_LEADZERO;
    /* 15,472: groups of exactly three digits after 1-3 leading ones. */
    if (nint >= 1 && nint <= 3 && !(S->opts & ZHX_NUMO_NOGROUP)) {
        while (q + 3 < len + 0 && fold(s[q]) == ',' && is_digit(s[q + 1]) &&
               is_digit(s[q + 2]) && is_digit(s[q + 3]) &&
               !(q + 4 < len && is_digit(s[q + 4]))) {
            for (int k = 1; k <= 3; k++)
                ACC(s[q + k], 0);
            q += 4, nint += 3;
            fl |= ZHX_NUM_GROUPED;
            fl &= ~(unsigned)ZHX_NUM_LEADZERO;
        }
    }
    /* A decimal point; 13·4 as some newspapers print it. */
    uint32_t pt = q + 1 < len ? fold(s[q]) : 0;
    if (pt == 0xB7 || pt == 0x30FB)
        pt = nint ? '.' : 0;
    if (pt == '.' && is_digit(s[q + 1])) {
        size_t r = q + 1;
        while (r < len && is_digit(s[r]))
            r++;
        /* 1.2.3 and the 3 of it */
        int dotted = (r + 1 < len && fold(s[r]) == fold(s[q]) &&
                      is_digit(s[r + 1])) ||
                     (p >= 2 && fold(s[p - 1]) == '.' && is_digit(s[p - 2]));
        if (!dotted) {
            for (size_t k = q + 1; k < r; k++)
                ACC(s[k], 1);
            fl |= ZHX_NUM_DECIMAL;
            q = r;
        }
    }
#undef ACC
    if (q == p || (nint == 0 && !(fl & ZHX_NUM_DECIMAL)))
        return 0;
    /* 2e5, 12.32e+14: an exponent not followed by a letter (2em is not). */
    if (q < len && (fold(s[q]) == 'e' || fold(s[q]) == 'E')) {
        size_t r = q + 1;
        int neg = 0;
        if (r < len && (fold(s[r]) == '-' || fold(s[r]) == '+'))
            neg = fold(s[r++]) == '-';
        size_t r0 = r;
        long x = 0;
        while (r < len && is_digit(s[r])) {
            if (x < 100000)
                x = x * 10 + (fold(s[r]) - '0');
            r++;
        }
        if (r > r0 && !(r < len && is_alpha(s[r]))) {
            e += neg ? -x : x;
            fl |= ZHX_NUM_SCI;
            q = r;
        }
    }
    zhx_decimal d = {0, m, 0};
    while (d.mant && d.mant % 10 == 0)
        d.mant /= 10, e++;
    if (d.mant && (e > ZHX_DECIMAL_EXP_MAX || e < -ZHX_DECIMAL_EXP_MAX)) {
        fl |= ZHX_NUM_OVERFLOW;
        d.mant = 0, e = 0;
    }
    d.exp = (int)e;
    zhx_decimal_normalize(&d);
    if (lost)
        fl |= ZHX_NUM_ROUNDED;
    t->kind = T_ARAB;
    t->d = d;
    t->fl = fl;
    t->arab_int = !(fl & (ZHX_NUM_DECIMAL | ZHX_NUM_SCI));
    t->arab_nd = (unsigned char)(nint > 255 ? 255 : nint);
    t->e = q;
    return 1;
}

/* Whether the character before pos lets a '-' or '.' there start a
 * number: not inside 3-5, a-1, 1.2.3 or --9. */
static int sign_ok(const scan *S)
{
    if (S->pos == 0)
        return 1;
    uint32_t c = fold(S->s[S->pos - 1]);
    if (is_digit(c) || is_alpha(c) || c == '-' || c == '.')
        return 0;
    const cjk_num *n = cjk_find(S->s[S->pos - 1]);
    return !n || (n->kind != T_DIG && n->kind != T_UNIT && n->kind != T_BIG);
}

static int lex(const scan *S, size_t p, int first, int prev, tok *t)
{
    const uint32_t *s = S->s;
    size_t len = S->len;
    uint32_t c = fold(s[p]);
    memset(t, 0, sizeof *t);
    t->s = p;
    t->e = p + 1;
    if (c >= '0' && c <= '9')
        return lex_arabic(S, p, t);
    switch (c) {
    case '.':
        /* .5 and -.5, but not the .2 of 1.2.3 */
        return (first ? sign_ok(S) : prev == T_NEG) && p + 1 < len &&
               is_digit(s[p + 1]) && lex_arabic(S, p, t);
    case '-':
        if ((!first && prev != T_FRAC) || p + 1 >= len || (first && !sign_ok(S)))
            return 0;
        if (!is_digit(s[p + 1]) &&
            !(fold(s[p + 1]) == '.' && p + 2 < len && is_digit(s[p + 2])))
            return 0;
        t->kind = T_NEG;
        return 1;
    case '%':
        t->kind = T_PCT;
        return 1;
    case 0x2030: /* ‰ */
        t->kind = T_PERMILLE;
        return 1;
    case '/':
        if (prev != T_ARAB || p + 1 >= len || !is_digit(s[p + 1]))
            return 0;
        t->kind = T_SLASH;
        return 1;
    case '^':
        if (prev != T_ARAB)
            return 0;
        t->kind = T_POW;
        return 1;
    case 'k':
    case 'K':
    case 'M':
        /* 40k, 2.5M; but 5km, 3Mb are units. */
        if (prev != T_ARAB || (p + 1 < len && is_alpha(s[p + 1])))
            return 0;
        t->kind = T_BIG;
        t->val = c == 'M' ? 6 : 3;
        t->fl = ZHX_NUM_BIG;
        return 1;
    default:
        break;
    }
    if (first && c == CP_ZERO_LING && p + 1 < len && s[p + 1] == CP_XIA) {
        t->kind = T_NEG; /* 零下四摄氏度 */
        t->e = p + 2;
        return 1;
    }
    const cjk_num *n = cjk_find(c);
    if (!n)
        return 0;
    t->kind = n->kind;
    t->val = n->val;
    t->cls = n->cls;
    t->fl = ZHX_NUM_CHINESE | (n->cls & C_FIN ? ZHX_NUM_FINANCIAL : 0);
    if (n->kind == T_NEG && !first && prev != T_FRAC)
        return 0;
    if (n->kind == T_FEN) {
        /* 分之, also spelled out with spaces: 三 分  之 一. */
        size_t q = p + 1;
        while (q < len && is_space(s[q]) && !(S->opts & ZHX_NUMO_NOSPACE))
            q++;
        if (q >= len || s[q] != CP_ZHI)
            return 0;
        t->kind = T_FRAC;
        t->e = q + 1;
    }
    return 1;
}

/* Token i, lexed on first use; NULL past the end of the numeral. */
static const tok *peek(scan *S, size_t i)
{
    while (S->n <= i && !S->done) {
        if (S->n == MAX_TOKS) {
            S->done = 1;
            break;
        }
        size_t p = S->n ? S->t[S->n - 1].e : S->pos;
        int gap = 0;
        if (S->n && !(S->opts & ZHX_NUMO_NOSPACE))
            while (p < S->len && is_space(S->s[p]))
                p++, gap = 1;
        int prev = S->n ? S->t[S->n - 1].kind : T_NONE;
        if (p >= S->len || !lex(S, p, S->n == 0, prev, &S->t[S->n])) {
            S->done = 1;
            break;
        }
        S->t[S->n].gap = (unsigned char)gap;
        S->n++;
    }
    return i < S->n ? &S->t[i] : NULL;
}

/* A numeral read by the evaluator. */
typedef struct num {
    size_t ti; /* tokens used */
    size_t end;
    zhx_decimal v, vmax;
    unsigned fl;
    int mult_exp;
    int digitless;   /* only units and multipliers: 百, 千, 百万 */
    int lead_big;    /* begins with 万 or 亿: only a fraction's base */
    int bare_exp;    /* digitless: its power of ten */
    int ntok;        /* tokens in it */
} num;

/* Evaluator state for one integer (with decimals and multipliers). */
typedef struct ev {
    zhx_decimal total, section, number, acc;
    int has_total, has_section, has_num;
    int cur_big;   /* power of the multiplier last applied to total */
    int last_unit; /* units inside a section strictly decrease */
    int last_exp;  /* power of the last unit or multiplier token */
    int prev;      /* kind of the last token (T_START, T_ZERO, ...) */
    int zero;      /* a 零 since the last unit */
    int dw, dw_first, dw_last, dw_two; /* digit-by-digit run */
    int elide;     /* lone digit after a unit: its power (一百二), or -1 */
    int digits;    /* digit tokens seen */
    int lead_unit; /* the numeral began with a unit or multiplier */
    int lead_ten;  /* ... and that unit is 十 */
    int lead_big;  /* ... a multiplier: 万分之 */
    int point;     /* decimal part read: acc holds the value */
    int range, r_d1, r_d2;
    int mult_exp;
    int ovf;
    size_t t0; /* first token */
    unsigned fl;
} ev;

static void ev_add(ev *E, zhx_decimal *r, const zhx_decimal *x)
{
    if (zhx_decimal_add(r, r, x))
        E->ovf = 1;
}

/* Two neighbouring digits read one by one before a unit or a multiplier
 * (二三十, 两三万) are a range from the first to the second; any other
 * digit run there ends the numeral (returns 0). */
static int digit_range(ev *E)
{
    if (E->dw != 2 || E->dw_last != E->dw_first + 1 || E->dw_first == 0 ||
        E->has_section || E->has_total)
        return 0;
    E->range = 1;
    E->r_d1 = E->dw_first;
    E->r_d2 = E->dw_last;
    E->fl &= ~(unsigned)ZHX_NUM_DIGITWISE;
    return 1;
}

static void ev_scale(ev *E, zhx_decimal *r, int k)
{
    if (zhx_decimal_scale(r, k))
        E->ovf = 1;
}

static zhx_decimal dec(int64_t v)
{
    zhx_decimal d;
    zhx_decimal_from_int(&d, v);
    return d;
}

/* The value of the integer read so far, with a lone last digit elided
 * (一百二 = 120, 三万五 = 35000). */
static zhx_decimal ev_int(ev *E)
{
    zhx_decimal v = E->total;
    ev_add(E, &v, &E->section);
    if (E->has_num) {
        zhx_decimal n = E->number;
        if (E->elide > 0)
            ev_scale(E, &n, E->elide);
        ev_add(E, &v, &n);
    }
    return v;
}

static void ev_save(ev *E, scan *S, size_t ti, num *best)
{
    num r;
    memset(&r, 0, sizeof r);
    r.ti = ti;
    r.end = S->t[ti - 1].e;
    r.v = E->point ? E->acc : ev_int(E);
    r.fl = E->fl;
    r.mult_exp = E->mult_exp;
    r.ntok = (int)(ti - E->t0);
    r.digitless = E->digits == 0;
    r.lead_big = E->lead_big;
    if (r.digitless) {
        /* A numeral of units only is 十 or a base for 分之 (百分之) or
         * 百万; its value is its power of ten. */
        r.bare_exp = 0;
        zhx_decimal v = r.v;
        zhx_decimal_normalize(&v);
        r.bare_exp = v.mant == 1 ? v.exp : -1;
        if (E->lead_ten)
            r.digitless = 0;
    }
    if (E->range) {
        zhx_decimal t;
        int rounded = 0;
        r.vmax = r.v;
        if (zhx_decimal_mul(&t, &r.v, &(zhx_decimal){0, (uint64_t)E->r_d2, 0}) ||
            zhx_decimal_div(&r.vmax, &t, &(zhx_decimal){0, (uint64_t)E->r_d1, 0},
                            &rounded))
            E->ovf = 1;
        r.fl |= ZHX_NUM_RANGE;
    }
    if (E->ovf) {
        r.fl |= ZHX_NUM_OVERFLOW;
        r.v = r.vmax = (zhx_decimal){0, 0, 0};
    }
    *best = r;
}

/* Whether white space may separate prev and next inside a numeral:
 * 一百 五 十, 7 万, but not 1 234 (two numbers). */
static int gap_ok(int prev, int next)
{
    if (prev == T_ARAB && (next == T_ARAB || next == T_DIG || next == T_POINT))
        return 0;
    if ((prev == T_DIG || prev == T_JI) && next == T_ARAB)
        return 0;
    return 1;
}

/* Read an integer-like numeral from token ti: the longest valid prefix. */
static int parse_int(scan *S, size_t ti, num *best)
{
    ev E;
    memset(&E, 0, sizeof E);
    E.t0 = ti;
    E.prev = T_START;
    E.last_unit = 4;
    E.elide = -1;
    int found = 0;
    size_t t0 = ti;
    for (;; ti++) {
        const tok *t = peek(S, ti);
        if (!t)
            break;
        if (ti > t0 && t->gap && !gap_ok(E.prev, t->kind))
            break;
        if (E.point && t->kind != T_BIG)
            break;
        if (E.range && t->kind != T_BIG && t->kind != T_MORE)
            break;
        if (E.lead_big && (t->kind != T_BIG || E.cur_big + t->val > 16))
            break; /* 万 leads only 万分之, 万万分之 */
        int k = t->val;
        switch (t->kind) {
        case T_DIG:
            if (E.prev == T_ARAB || E.prev == T_JI)
                goto stop;
            if ((t->cls & C_TWO) && E.prev != T_START) {
                /* 两 is a digit only before a unit (两百, 一千两百):
                 * 三十两 is thirty liang, 一百零两 no numeral */
                const tok *nx = peek(S, ti + 1);
                if (!nx || (nx->kind != T_UNIT && nx->kind != T_BIG) ||
                    (nx->gap && !gap_ok(T_DIG, nx->kind)))
                    goto stop;
            }
            if (k == 0 && (E.has_section || E.has_total)) {
                /* 零 between units: 一百零一; never at the end. */
                if (E.prev == T_DIG)
                    goto stop;
                E.zero = 1;
                E.prev = T_ZERO;
                E.fl |= t->fl;
                continue;
            }
            if (E.prev == T_DIG) {
                /* Digit by digit: 二〇二四, 一九九八; 两 only in 两三. */
                if (E.has_section || E.has_total)
                    goto stop;
                if (t->cls & C_TWO)
                    goto stop;
                if (E.dw_two && !(E.dw == 1 && k == 3))
                    goto stop;
                if (E.dw >= 19)
                    E.ovf = 1;
                E.dw++;
                E.dw_last = k;
                E.fl |= ZHX_NUM_DIGITWISE;
            } else {
                E.number = dec(k);
                E.has_num = 1;
                E.dw = 1;
                E.dw_first = E.dw_last = k;
                E.dw_two = (t->cls & C_TWO) != 0;
                E.elide = (E.prev == T_UNIT || E.prev == T_BIG) && !E.zero
                              ? E.last_exp - 1
                              : -1;
            }
            E.mult_exp = 0;
            /* Keep the digit-by-digit value exact: rebuild from text. */
            if (E.dw > 1 && !E.ovf) {
                uint64_t m = 0;
                for (size_t j = ti + 1 - (size_t)E.dw; j <= ti; j++)
                    m = m * 10 + S->t[j].val;
                E.number = (zhx_decimal){0, m, 0};
                zhx_decimal_normalize(&E.number);
            }
            E.zero = 0;
            E.digits++;
            E.prev = T_DIG;
            break;
        case T_ARAB:
            if (E.prev == T_DIG || E.prev == T_ARAB || E.prev == T_JI ||
                E.prev == T_TENS)
                goto stop;
            E.number = t->d;
            E.has_num = 1;
            E.dw = 0;
            E.elide = (E.prev == T_UNIT || E.prev == T_BIG) && !E.zero &&
                              t->arab_int && t->arab_nd == 1
                          ? E.last_exp - 1
                          : -1;
            E.zero = 0;
            E.digits++;
            E.mult_exp = 0;
            E.prev = T_ARAB;
            break;
        case T_UNIT:
        case T_TENS: {
            int tens = t->kind == T_TENS;
            if (tens)
                k = 1;
            if (k >= E.last_unit)
                goto stop;
            zhx_decimal part;
            if (tens) {
                if (E.has_num)
                    goto stop;
                part = dec(t->val);
                E.digits++;
            } else if (E.has_num && !(E.dw == 1 && E.number.mant == 0 &&
                                      E.prev == T_DIG)) {
                if (E.dw >= 2) {
                    /* 二三十: 20 to 30 */
                    if (!digit_range(&E))
                        goto stop;
                    part = dec(E.dw_first);
                } else {
                    part = E.number;
                }
            } else {
                /* A unit with no digit: 十五, 百三, 一百十一, 零十. */
                if (E.prev == T_START) {
                    E.lead_unit = 1;
                    E.lead_ten = k == 1;
                    E.fl |= ZHX_NUM_BARE;
                } else if (!(E.prev == T_ZERO || E.prev == T_BIG ||
                             (E.prev == T_UNIT && k == 1) ||
                             (E.prev == T_DIG && E.number.mant == 0))) {
                    goto stop;
                }
                part = dec(1);
            }
            ev_scale(&E, &part, k);
            ev_add(&E, &E.section, &part);
            E.has_section = 1;
            E.has_num = 0;
            E.number = dec(0);
            E.last_unit = k;
            E.last_exp = k;
            E.zero = 0;
            E.dw = 0;
            E.elide = -1;
            E.mult_exp = tens ? 0 : E.mult_exp + k;
            E.fl |= t->fl | (tens ? 0 : ZHX_NUM_UNIT);
            E.prev = T_UNIT;
            break;
        }
        case T_BIG: {
            if (E.point) {
                /* 三点五万: the decimal number times the multiplier. */
                if (E.cur_big && k <= E.cur_big)
                    goto stop;
                ev_scale(&E, &E.acc, k);
                E.mult_exp += k;
                E.cur_big = k;
                E.fl |= t->fl | ZHX_NUM_BIG;
                break;
            }
            if (E.dw >= 2) {
                /* 两三万: 20,000 to 30,000 */
                if (!digit_range(&E))
                    goto stop;
                E.number = dec(E.dw_first);
            }
            int group = E.has_section || E.has_num;
            if (!group && E.prev == T_START) {
                /* 万分之三: only as the base of a fraction */
                E.lead_big = 1;
                E.lead_unit = 1;
                E.fl |= ZHX_NUM_BARE;
                E.section = dec(1);
                group = 1;
            }
            if (!group) {
                /* 四万万, 五十万亿, 三十万多亿: multiply what we have. */
                if (E.prev != T_BIG || !E.has_total)
                    goto stop;
                ev_scale(&E, &E.total, k);
                E.cur_big += k;
            } else {
                zhx_decimal g = E.section;
                if (E.has_num)
                    ev_add(&E, &g, &E.number);
                if (!E.has_total) {
                    ev_scale(&E, &g, k);
                    E.total = g;
                } else if (k > E.cur_big) {
                    ev_add(&E, &E.total, &g);
                    ev_scale(&E, &E.total, k);
                } else if (k < E.cur_big) {
                    ev_scale(&E, &g, k);
                    ev_add(&E, &E.total, &g);
                } else {
                    goto stop;
                }
                E.cur_big = k;
            }
            E.mult_exp += k;
            E.has_total = 1;
            E.has_section = E.has_num = 0;
            E.section = E.number = dec(0);
            E.last_unit = 4;
            E.last_exp = k;
            E.zero = 0;
            E.dw = 0;
            E.elide = -1;
            E.fl |= t->fl | ZHX_NUM_BIG;
            E.prev = T_BIG;
            break;
        }
        case T_MORE: {
            /* 十多万, 五百余万, 三十万多亿: only right before a
             * multiplier; 500多元 is the figures stage's business. */
            const tok *nx = peek(S, ti + 1);
            if (!nx || nx->kind != T_BIG || !(nx->fl & ZHX_NUM_CHINESE) ||
                E.prev == T_START || E.point)
                goto stop;
            if (!(E.has_section || E.has_num || E.prev == T_BIG))
                goto stop;
            E.fl |= ZHX_NUM_OVER;
            continue; /* no checkpoint: 十多 is not a numeral here */
        }
        case T_JI:
            /* 十几, 二十几, 一百零几: a digit we do not know. */
            if (!(E.prev == T_UNIT || E.prev == T_ZERO) || E.has_num)
                goto stop;
            E.number = dec(0);
            E.has_num = 1;
            E.elide = -1;
            E.dw = 0;
            E.fl |= ZHX_NUM_OVER;
            E.prev = T_JI;
            E.digits++;
            break;
        case T_POINT: {
            if (E.prev == T_START || E.prev == T_ZERO || E.prev == T_JI)
                goto stop;
            /* 10点30 is a time; 1.5 never reaches here */
            if (E.prev == T_ARAB)
                goto stop;
            if (E.prev == T_DIG && E.dw_two && E.dw == 1 && !E.has_section &&
                !E.has_total)
                goto stop; /* 两点: a time, never 2.x */
            /* The fraction: Chinese digits (not 两) or one Arabic run. */
            size_t j = ti + 1;
            zhx_decimal frac = dec(0);
            int nd = 0;
            const tok *f = peek(S, j);
            if (f && f->kind == T_ARAB && f->arab_int && !f->gap) {
                frac = f->d;
                ev_scale(&E, &frac, -(int)f->arab_nd);
                nd = f->arab_nd;
                j++;
            } else {
                while ((f = peek(S, j)) && f->kind == T_DIG &&
                       !(f->cls & C_TWO) && (nd == 0 || !f->gap)) {
                    zhx_decimal dd = dec(f->val);
                    ev_scale(&E, &dd, -(nd + 1));
                    ev_add(&E, &frac, &dd);
                    nd++, j++;
                }
            }
            if (nd == 0)
                goto stop;
            /* 八点五十分 is a time: digits then a unit are no decimal. */
            const tok *after = peek(S, j);
            if (after && (after->kind == T_UNIT || after->kind == T_TENS))
                goto stop;
            E.acc = ev_int(&E);
            ev_add(&E, &E.acc, &frac);
            E.point = 1;
            E.mult_exp = 0;
            E.fl |= t->fl | ZHX_NUM_DECIMAL;
            E.digits++;
            ti = j - 1;
            E.prev = T_POINT;
            break;
        }
        default:
            goto stop;
        }
        E.fl |= S->t[ti].fl;
        if (ti > t0 && S->t[ti].gap)
            E.fl |= ZHX_NUM_SPACED;
        /* A checkpoint, unless the numeral is only 百 or 千: those need
         * 分之 or a multiplier after them (百分之, 百万). */
        if (E.digits || E.lead_ten || E.has_total || E.lead_unit) {
            ev_save(&E, S, ti + 1, best);
            found = 1;
        }
    }
stop:
    return found;
}

/* value = a / b for a fraction b分之a; percent bases (百分之, 千分之,
 * 百万分之) give percent. */
static int make_fraction(const num *den, const num *nu, num *out)
{
    *out = *nu;
    out->fl |= den->fl;
    if (den->digitless && den->bare_exp >= 2) {
        out->v = nu->v;
        if (zhx_decimal_scale(&out->v, 2 - den->bare_exp))
            out->fl |= ZHX_NUM_OVERFLOW;
        out->fl |= ZHX_NUM_PERCENT;
        out->fl &= ~(unsigned)ZHX_NUM_BARE;
    } else {
        int rounded = 0;
        if (zhx_decimal_div(&out->v, &nu->v, &den->v, &rounded))
            return 0;
        out->fl |= ZHX_NUM_FRACTION | (rounded ? ZHX_NUM_ROUNDED : 0);
    }
    out->fl &= ~(unsigned)ZHX_NUM_RANGE;
    out->digitless = 0;
    return 1;
}

/* A numerator: an optional sign, then an integer. */
static int parse_signed(scan *S, size_t ti, num *out)
{
    const tok *t = peek(S, ti);
    int neg = t && t->kind == T_NEG;
    if (!parse_int(S, ti + (size_t)neg, out))
        return 0;
    if (neg) {
        out->v.neg = !out->v.neg && out->v.mant != 0;
        out->fl |= ZHX_NUM_NEGATIVE;
    }
    if (out->digitless && out->bare_exp < 0)
        return 0;
    return 1;
}

/* b分之a or a/b after token ti, for 又 and mixed numbers. */
static int parse_fraction_at(scan *S, size_t ti, num *out)
{
    num den, nu;
    if (!parse_int(S, ti, &den))
        return 0;
    const tok *t = peek(S, den.ti);
    if (t && t->kind == T_FRAC) {
        if (!parse_signed(S, den.ti + 1, &nu))
            return 0;
        return make_fraction(&den, &nu, out);
    }
    const tok *a = &S->t[ti];
    if (den.ntok == 1 && a->kind == T_ARAB && a->arab_int && t &&
        t->kind == T_SLASH && !t->gap) {
        const tok *b = peek(S, den.ti + 1);
        /* 1/3, 16/5; 4850/5050 is two numbers (a quote, a score) */
        if (!b || b->kind != T_ARAB || !b->arab_int || b->gap ||
            a->arab_nd > 3 || b->arab_nd > 3 || (a->fl & ZHX_NUM_GROUPED) ||
            (b->fl & ZHX_NUM_GROUPED))
            return 0;
        const tok *c = peek(S, den.ti + 2);
        if (c && c->kind == T_SLASH && !c->gap)
            return 0; /* 2024/9/28 */
        num q = den;
        q.ti = den.ti + 2;
        q.end = b->e;
        int rounded = 0;
        if (zhx_decimal_div(&q.v, &a->d, &b->d, &rounded))
            return 0;
        q.fl |= ZHX_NUM_FRACTION | (rounded ? ZHX_NUM_ROUNDED : 0);
        *out = q;
        return 1;
    }
    return 0;
}

/* a * b, dropping low digits (rounded half up) when the exact product
 * does not fit; *rounded says whether that happened. */
static int mul_round(zhx_decimal *r, const zhx_decimal *a,
                     const zhx_decimal *b, int *rounded)
{
    zhx_decimal x = *a, y = *b;
    zhx_decimal_normalize(&x);
    zhx_decimal_normalize(&y);
    while (x.mant && y.mant && x.mant > ZHX_DECIMAL_MANT_MAX / y.mant) {
        zhx_decimal *big = x.mant > y.mant ? &x : &y;
        big->mant = big->mant / 10 + (big->mant % 10 >= 5);
        big->exp++;
        *rounded = 1;
    }
    return zhx_decimal_mul(r, &x, &y);
}

/* a + b, rounding the operand with more decimals when the exact sum
 * does not fit (1010 + 1/3). */
static int add_round(zhx_decimal *r, const zhx_decimal *a,
                     const zhx_decimal *b, unsigned *fl)
{
    zhx_decimal x = *a, y = *b;
    for (int i = 0; i < 40; i++) {
        if (zhx_decimal_add(r, &x, &y) == ZHX_OK)
            return ZHX_OK;
        zhx_decimal *fine = x.exp < y.exp ? &x : &y;
        zhx_decimal_normalize(fine);
        fine->mant = fine->mant / 10 + (fine->mant % 10 >= 5);
        fine->exp++;
        *fl |= ZHX_NUM_ROUNDED;
    }
    return ZHX_ELIMIT;
}

/* base ^ [+-]n, integer n up to 64. */
static int apply_pow(scan *S, num *r)
{
    const tok *t = peek(S, r->ti);
    if (!t || t->kind != T_POW || t->gap)
        return 0;
    size_t p = t->e;
    int neg = 0, any = 0;
    while (p < S->len && (fold(S->s[p]) == '-' || fold(S->s[p]) == '+'))
        neg ^= fold(S->s[p]) == '-', p++;
    long n = 0;
    while (p < S->len && is_digit(S->s[p]) && n < 1000)
        n = n * 10 + (fold(S->s[p]) - '0'), p++, any = 1;
    if (!any || n > 64)
        return 0;
    zhx_decimal acc = dec(1), base = r->v;
    int bad = 0, rounded = 0;
    for (long i = 0; i < n && !bad; i++)
        bad = mul_round(&acc, &acc, &base, &rounded) != ZHX_OK;
    if (!bad && neg)
        bad = zhx_decimal_div(&acc, &(zhx_decimal){0, 1, 0}, &acc, &rounded);
    r->v = bad ? dec(0) : acc;
    r->fl |= ZHX_NUM_SCI | (bad ? ZHX_NUM_OVERFLOW : 0) |
             (rounded ? ZHX_NUM_ROUNDED : 0);
    r->end = p;
    r->ti = S->n; /* nothing after a power */
    S->done = 1;
    return 1;
}

size_t zhx_numeral_scan(const uint32_t *s, size_t len, size_t pos,
                        unsigned opts, zhx_numeral *out)
{
    if (!s || pos >= len || !zhx_numeral_may_start(s[pos]))
        return pos;
    scan S;
    S.s = s;
    S.len = len;
    S.pos = pos;
    S.opts = opts;
    S.n = 0;
    S.done = 0;
    const tok *t0 = peek(&S, 0);
    if (!t0)
        return pos;
    int neg = t0->kind == T_NEG;
    if (neg) {
        const tok *t1 = peek(&S, 1);
        if (!t1 || t1->gap)
            return pos;
    }
    num r;
    if (!parse_int(&S, (size_t)neg, &r))
        return pos;
    const tok *nx = peek(&S, r.ti);
    int more = 1;
    if (nx && nx->kind == T_FRAC) {
        /* 三分之一, 百分之三十, 百分之负三点八 */
        num nu, q;
        if (parse_signed(&S, r.ti + 1, &nu) && make_fraction(&r, &nu, &q)) {
            r = q;
            more = 0;
        }
    } else if (nx && nx->kind == T_AND) {
        /* 三又三分之一 */
        num q;
        if (!r.digitless && parse_fraction_at(&S, r.ti + 1, &q)) {
            if (add_round(&q.v, &q.v, &r.v, &q.fl))
                q.fl |= ZHX_NUM_OVERFLOW;
            q.fl |= r.fl;
            r = q;
        }
        more = 0;
    } else if (nx && r.ntok == 1 && S.t[(size_t)neg].kind == T_ARAB &&
               S.t[(size_t)neg].arab_int) {
        num q;
        if (nx->kind == T_SLASH && !nx->gap) {
            /* 3/5 */
            if (parse_fraction_at(&S, (size_t)neg, &q))
                r = q;
        } else if (nx->kind == T_ARAB && nx->gap && nx->arab_int) {
            /* 1 3/5: an integer and a fraction */
            if (parse_fraction_at(&S, r.ti, &q)) {
                if (add_round(&q.v, &q.v, &r.v, &q.fl))
                    q.fl |= ZHX_NUM_OVERFLOW;
                q.fl |= r.fl;
                r = q;
            }
        } else if (nx->kind == T_POW) {
            apply_pow(&S, &r);
        }
    } else if (nx && nx->kind == T_POW && !(r.fl & ZHX_NUM_CHINESE)) {
        apply_pow(&S, &r);
    }
    /* 百 alone, 千 alone, 万 alone are no numerals; 百万 is. */
    if (r.digitless && (!(r.fl & ZHX_NUM_BIG) || r.lead_big) &&
        !(r.fl & (ZHX_NUM_PERCENT | ZHX_NUM_FRACTION)))
        return pos;
    /* 陆 in 大陆, 伍 in 队伍: a lone financial digit is not a numeral. */
    if (r.ntok == 1 && !neg && (S.t[0].cls & C_ALONE))
        return pos;
    nx = peek(&S, r.ti);
    if (more && nx && (nx->kind == T_PCT || nx->kind == T_PERMILLE)) {
        r.fl |= ZHX_NUM_PERCENT;
        if (nx->kind == T_PERMILLE && zhx_decimal_scale(&r.v, -1))
            r.fl |= ZHX_NUM_OVERFLOW;
        r.end = nx->e;
    }
    if (neg) {
        r.v.neg = !r.v.neg && r.v.mant != 0;
        r.vmax.neg = !r.vmax.neg && r.vmax.mant != 0;
        r.fl |= ZHX_NUM_NEGATIVE;
    }
    out->start = pos;
    out->end = r.end;
    out->value = r.v;
    out->value_max = (r.fl & ZHX_NUM_RANGE) ? r.vmax : (zhx_decimal){0, 0, 0};
    out->flags = r.fl;
    out->mult_exp = r.mult_exp;
    if (r.fl & ZHX_NUM_OVERFLOW)
        out->value = out->value_max = (zhx_decimal){0, 0, 0};
    return r.end;
}
