/* Exact decimals: mant * 10^exp, never through double. */
#include "zhx/numeral.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint64_t pow10_tab[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
    10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL,
    10000000000000000000ULL};

static int ndigits(uint64_t m)
{
    int n = 1;
    while (n < 20 && m >= pow10_tab[n])
        n++;
    return n;
}

/* m * 10^k within ZHX_DECIMAL_MANT_MAX, or -1. */
static int mul_pow10(uint64_t *m, int k)
{
    if (*m == 0)
        return 0;
    if (k < 0 || k > 18 || *m > ZHX_DECIMAL_MANT_MAX / pow10_tab[k])
        return -1;
    *m *= pow10_tab[k];
    return 0;
}

static int exp_ok(long e)
{
    return e >= -ZHX_DECIMAL_EXP_MAX && e <= ZHX_DECIMAL_EXP_MAX;
}

void zhx_decimal_normalize(zhx_decimal *d)
{
    if (d->mant == 0) {
        d->neg = 0;
        d->exp = 0;
        return;
    }
    while (d->mant % 10 == 0) {
        d->mant /= 10;
        d->exp++;
    }
}

void zhx_decimal_from_int(zhx_decimal *d, int64_t v)
{
    d->neg = v < 0;
    d->mant = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    d->exp = 0;
    zhx_decimal_normalize(d);
}

int zhx_decimal_parse(const char *s, size_t n, zhx_decimal *out)
{
    if (n == (size_t)-1)
        n = strlen(s);
    size_t i = 0;
    int neg = 0, any = 0, lost = 0;
    uint64_t m = 0;
    long e = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (int frac = 0; i < n; i++) {
        if (s[i] == '.' && !frac) {
            frac = 1;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            break;
        any = 1;
        if (m > (ZHX_DECIMAL_MANT_MAX - 9) / 10) {
            if (s[i] != '0')
                lost = 1;
            if (!frac)
                e++;
            continue;
        }
        m = m * 10 + (uint64_t)(s[i] - '0');
        if (frac)
            e--;
    }
    if (!any)
        return ZHX_ESYNTAX;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        long x = 0;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            eneg = s[i++] == '-';
        if (i >= n || s[i] < '0' || s[i] > '9')
            return ZHX_ESYNTAX;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (x < 100000)
                x = x * 10 + (s[i] - '0');
        e += eneg ? -x : x;
    }
    if (i != n)
        return ZHX_ESYNTAX;
    if (lost)
        return ZHX_ELIMIT;
    zhx_decimal d = {neg, m, 0};
    while (d.mant && d.mant % 10 == 0) {
        d.mant /= 10;
        e++;
    }
    if (d.mant && !exp_ok(e))
        return ZHX_ELIMIT;
    d.exp = (int)e;
    zhx_decimal_normalize(&d);
    *out = d;
    return ZHX_OK;
}

int zhx_decimal_add(zhx_decimal *r, const zhx_decimal *a,
                    const zhx_decimal *b)
{
    zhx_decimal x = *a, y = *b;
    zhx_decimal_normalize(&x);
    zhx_decimal_normalize(&y);
    if (x.mant == 0) {
        *r = y;
        return ZHX_OK;
    }
    if (y.mant == 0) {
        *r = x;
        return ZHX_OK;
    }
    /* Bring both to the smaller exponent; that is exact or impossible. */
    if (x.exp < y.exp) {
        zhx_decimal t = x;
        x = y;
        y = t;
    }
    if (mul_pow10(&x.mant, x.exp - y.exp))
        return ZHX_ELIMIT;
    x.exp = y.exp;
    zhx_decimal out = {0, 0, y.exp};
    if (x.neg == y.neg) {
        if (x.mant > ZHX_DECIMAL_MANT_MAX - y.mant)
            return ZHX_ELIMIT;
        out.mant = x.mant + y.mant;
        out.neg = x.neg;
    } else if (x.mant >= y.mant) {
        out.mant = x.mant - y.mant;
        out.neg = x.neg;
    } else {
        out.mant = y.mant - x.mant;
        out.neg = y.neg;
    }
    zhx_decimal_normalize(&out);
    *r = out;
    return ZHX_OK;
}

int zhx_decimal_mul(zhx_decimal *r, const zhx_decimal *a,
                    const zhx_decimal *b)
{
    zhx_decimal x = *a, y = *b;
    zhx_decimal_normalize(&x);
    zhx_decimal_normalize(&y);
    if (x.mant == 0 || y.mant == 0) {
        *r = (zhx_decimal){0, 0, 0};
        return ZHX_OK;
    }
    if (x.mant > ZHX_DECIMAL_MANT_MAX / y.mant)
        return ZHX_ELIMIT;
    zhx_decimal out = {x.neg != y.neg, x.mant * y.mant, 0};
    long e = (long)x.exp + y.exp;
    while (out.mant % 10 == 0) /* 2 * 5 */
        out.mant /= 10, e++;
    if (!exp_ok(e))
        return ZHX_ELIMIT;
    out.exp = (int)e;
    *r = out;
    return ZHX_OK;
}

int zhx_decimal_scale(zhx_decimal *d, int e)
{
    zhx_decimal t = *d;
    zhx_decimal_normalize(&t);
    if (t.mant == 0) {
        *d = t;
        return ZHX_OK;
    }
    long x = (long)t.exp + e;
    if (!exp_ok(x))
        return ZHX_ELIMIT;
    t.exp = (int)x;
    *d = t;
    return ZHX_OK;
}

int zhx_decimal_div(zhx_decimal *r, const zhx_decimal *a,
                    const zhx_decimal *b, int *rounded)
{
    zhx_decimal x = *a, y = *b;
    zhx_decimal_normalize(&x);
    zhx_decimal_normalize(&y);
    if (y.mant == 0)
        return ZHX_EINVAL;
    if (x.mant == 0) {
        *r = (zhx_decimal){0, 0, 0};
        return ZHX_OK;
    }
    /* Long division, one decimal digit at a time, up to 16 significant
     * digits; the remainder stays below y.mant, so rem * 10 only overflows
     * for divisors above 1.8e18, where we stop and round. */
    uint64_t q = x.mant / y.mant, rem = x.mant % y.mant;
    long e = (long)x.exp - y.exp;
    while (rem != 0 && (q == 0 || ndigits(q) < 16)) {
        if (rem > UINT64_MAX / 10 || e < -ZHX_DECIMAL_EXP_MAX - 20)
            break;
        rem *= 10;
        q = q * 10 + rem / y.mant;
        rem %= y.mant;
        e--;
    }
    if (rem != 0) {
        if (rounded)
            *rounded = 1;
        int up = rem <= UINT64_MAX / 10 ? rem * 10 / y.mant >= 5
                                        : rem >= y.mant - rem;
        if (up)
            q++;
    }
    zhx_decimal out = {x.neg != y.neg, q, 0};
    while (out.mant && out.mant % 10 == 0) {
        out.mant /= 10;
        e++;
    }
    if (out.mant > ZHX_DECIMAL_MANT_MAX)
        return ZHX_ELIMIT;
    if (out.mant && !exp_ok(e))
        return ZHX_ELIMIT;
    out.exp = (int)e;
    zhx_decimal_normalize(&out);
    *r = out;
    return ZHX_OK;
}

int zhx_decimal_cmp(const zhx_decimal *a, const zhx_decimal *b)
{
    zhx_decimal x = *a, y = *b;
    zhx_decimal_normalize(&x);
    zhx_decimal_normalize(&y);
    int sx = x.mant == 0 ? 0 : x.neg ? -1 : 1;
    int sy = y.mant == 0 ? 0 : y.neg ? -1 : 1;
    if (sx != sy)
        return sx < sy ? -1 : 1;
    if (sx == 0)
        return 0;
    /* Same sign: compare magnitudes by order, then digits. */
    int c;
    long ox = (long)ndigits(x.mant) + x.exp, oy = (long)ndigits(y.mant) + y.exp;
    if (ox != oy) {
        c = ox < oy ? -1 : 1;
    } else {
        /* Same order: pad the shorter mantissa to the longer's length;
         * both stay within 19 digits. */
        int dx = ndigits(x.mant), dy = ndigits(y.mant);
        uint64_t mx = x.mant, my = y.mant;
        if (dx < dy)
            mul_pow10(&mx, dy - dx);
        else
            mul_pow10(&my, dx - dy);
        c = mx < my ? -1 : mx > my;
    }
    return sx < 0 ? -c : c;
}

int zhx_decimal_is_int(const zhx_decimal *d)
{
    zhx_decimal t = *d;
    zhx_decimal_normalize(&t);
    return t.exp >= 0;
}

double zhx_decimal_to_double(const zhx_decimal *d)
{
    /* Go through the exact text, so the double is the correctly rounded
     * one (strtod), not an accumulation of errors. */
    char buf[128];
    zhx_decimal t = *d;
    zhx_decimal_normalize(&t);
    snprintf(buf, sizeof buf, "%s%llue%d", t.neg ? "-" : "",
             (unsigned long long)t.mant, t.exp);
    return strtod(buf, NULL);
}

size_t zhx_decimal_format(const zhx_decimal *d, char *buf, size_t cap)
{
    zhx_decimal t = *d;
    zhx_decimal_normalize(&t);
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%llu",
                      (unsigned long long)t.mant);
    size_t need = 0;
#define PUT(ch)                                                             \
    do {                                                                    \
        if (need + 1 < cap)                                                 \
            buf[need] = (ch);                                               \
        need++;                                                             \
    } while (0)
    if (t.neg)
        PUT('-');
    if (t.exp >= 0) {
        for (int i = 0; i < nd; i++)
            PUT(digits[i]);
        if (t.mant)
            for (int i = 0; i < t.exp; i++)
                PUT('0');
    } else {
        int point = nd + t.exp; /* digits before the point */
        if (point <= 0) {
            PUT('0');
            PUT('.');
            for (int i = 0; i < -point; i++)
                PUT('0');
            for (int i = 0; i < nd; i++)
                PUT(digits[i]);
        } else {
            for (int i = 0; i < nd; i++) {
                if (i == point)
                    PUT('.');
                PUT(digits[i]);
            }
        }
    }
#undef PUT
    if (cap)
        buf[need < cap ? need : cap - 1] = '\0';
    return need;
}
