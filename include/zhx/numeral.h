/* zhx/numeral.h: exact decimals and the numeral scanner.
 *
 * A zhx_decimal is mant * 10^exp with a sign: 1.57 is {0, 157, -2},
 * 1500000000000 is {0, 15, 11}. Arithmetic never goes through double; an
 * operation whose exact result does not fit (mant above 10^19 - 1, or |exp|
 * above ZHX_DECIMAL_EXP_MAX) fails with ZHX_ELIMIT and leaves its result
 * unspecified. Only division rounds, and says so.
 *
 * zhx_numeral_scan() reads one numeral of Chinese or Arabic notation or a
 * mix of both (1.09万, 一万五千亿, 二〇二四, 百分之三十, 30%, 三分之一,
 * 负三, 壹佰伍拾) from an array of code points. It works on normalized text
 * but also folds full-width digits and signs itself, so raw text scans the
 * same. It knows no units or context: whether 一 in 一些 is a figure is the
 * figures stage's business (zhx/figures.h). */
#ifndef ZHX_NUMERAL_H
#define ZHX_NUMERAL_H

#include "common.h"

#define ZHX_DECIMAL_EXP_MAX 64
#define ZHX_DECIMAL_MANT_MAX 9999999999999999999ULL /* 10^19 - 1 */

typedef struct zhx_decimal {
    int neg;       /* nonzero: negative (zero is never negative) */
    uint64_t mant; /* at most ZHX_DECIMAL_MANT_MAX */
    int exp;
} zhx_decimal;

void zhx_decimal_from_int(zhx_decimal *d, int64_t v);

/* Parse ASCII [-]digits[.digits][e[+-]digits] (digits may also start
 * with the point: .5) from s[0..n). ZHX_OK, ZHX_ESYNTAX, or ZHX_ELIMIT
 * when the value needs more than 19 significant digits. */
int zhx_decimal_parse(const char *s, size_t n, zhx_decimal *out);

/* r = a + b, a * b, d * 10^e: ZHX_OK or ZHX_ELIMIT. r may alias a or b. */
int zhx_decimal_add(zhx_decimal *r, const zhx_decimal *a,
                    const zhx_decimal *b);
int zhx_decimal_mul(zhx_decimal *r, const zhx_decimal *a,
                    const zhx_decimal *b);
int zhx_decimal_scale(zhx_decimal *d, int e);

/* r = a / b, exact when the quotient has at most 16 significant digits,
 * else rounded half up to 16 and *rounded set to 1 (it is left alone when
 * the result is exact). ZHX_EINVAL when b is zero, ZHX_ELIMIT. */
int zhx_decimal_div(zhx_decimal *r, const zhx_decimal *a,
                    const zhx_decimal *b, int *rounded);

/* -1, 0 or 1 as a < b, a == b, a > b (exactly). */
int zhx_decimal_cmp(const zhx_decimal *a, const zhx_decimal *b);

/* Strip trailing zeros of mant: the canonical form of a value. */
void zhx_decimal_normalize(zhx_decimal *d);

int zhx_decimal_is_int(const zhx_decimal *d);

/* The nearest double; for output and comparisons with other tools only. */
double zhx_decimal_to_double(const zhx_decimal *d);

/* Write the exact shortest decimal notation (1.57, 1500000000000,
 * 0.000005, -3; never an exponent) to buf, NUL-terminated, truncated to
 * cap. Returns the length it needs, without the NUL (as snprintf). */
size_t zhx_decimal_format(const zhx_decimal *d, char *buf, size_t cap);

/* What a numeral is made of (zhx_numeral.flags). */
enum {
    ZHX_NUM_ARABIC = 1u << 0,    /* has Arabic digits */
    ZHX_NUM_CHINESE = 1u << 1,   /* has Chinese numeral characters */
    ZHX_NUM_FINANCIAL = 1u << 2, /* 壹贰叁 ... 拾佰仟 */
    ZHX_NUM_DIGITWISE = 1u << 3, /* read digit by digit: 二〇二四 */
    ZHX_NUM_DECIMAL = 1u << 4,   /* has a fractional part: 1.5, 三点一四 */
    ZHX_NUM_UNIT = 1u << 5,      /* has 十 百 千 */
    ZHX_NUM_BIG = 1u << 6,       /* has 万 亿 兆 or k/M */
    ZHX_NUM_FRACTION = 1u << 7,  /* 三分之一, 1/3 */
    ZHX_NUM_PERCENT = 1u << 8,   /* 百分之三十, 30%; value is in percent */
    ZHX_NUM_OVER = 1u << 9,      /* 十几, 十多万, 五百余万: value is a floor */
    ZHX_NUM_NEGATIVE = 1u << 10, /* 负三, -5, 零下四 */
    ZHX_NUM_RANGE = 1u << 11,    /* 二三十: value_max is set */
    ZHX_NUM_ROUNDED = 1u << 12,  /* value is rounded (1/3, 25 digits) */
    ZHX_NUM_OVERFLOW = 1u << 13, /* too large to represent; value is 0 */
    ZHX_NUM_GROUPED = 1u << 14,  /* thousands separators: 15,472 */
    ZHX_NUM_SCI = 1u << 15,      /* 2e5, 2^5 */
    ZHX_NUM_LEADZERO = 1u << 16, /* Arabic integer with a leading 0: 09 */
    ZHX_NUM_SPACED = 1u << 17,   /* white space inside: 一百 五 十 */
    ZHX_NUM_BARE = 1u << 18      /* begins with a unit: 十五, 百分之 */
};

typedef struct zhx_numeral {
    size_t start, end;     /* [start, end) in the scanned array */
    zhx_decimal value;
    zhx_decimal value_max; /* only with ZHX_NUM_RANGE */
    unsigned flags;        /* ZHX_NUM_* */
    /* Power of ten of the multipliers that close the numeral (3万 -> 4,
     * 1.5万亿 -> 12, 3千 -> 3, 35 -> 0): lets 两到三万 give 两 its 万. */
    int mult_exp;
} zhx_numeral;

/* Scanner options. */
enum {
    ZHX_NUMO_NOSPACE = 1u << 0, /* no white space inside a numeral */
    ZHX_NUMO_NOGROUP = 1u << 1  /* a comma never groups digits */
};

/* Read the longest numeral that starts exactly at s[pos] (s has len code
 * points). Returns its end (> pos) and fills *out, or returns pos when no
 * numeral starts there. A numeral too large for zhx_decimal is still
 * returned, with ZHX_NUM_OVERFLOW, so the caller can skip it. A '-' is a
 * sign only where s[pos-1] is not a letter, digit or '-'. */
size_t zhx_numeral_scan(const uint32_t *s, size_t len, size_t pos,
                        unsigned opts, zhx_numeral *out);

/* Whether a numeral can start with code point c (a cheap pre-check). */
int zhx_numeral_may_start(uint32_t c);

#endif
