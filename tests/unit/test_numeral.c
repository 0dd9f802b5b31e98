/* Exact decimals and the numeral scanner. */
#include "harness.h"

#include <stdint.h>

#include "zhx/numeral.h"
#include "zhx/text.h"

static size_t cps(const char *s, uint32_t *out, size_t cap)
{
    size_t n = 0, bl = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    while (bl && n < cap) {
        int k = zhx_utf8_decode(p, bl, &out[n]);
        if (k <= 0)
            break;
        n++, p += k, bl -= (size_t)k;
    }
    return n;
}

static const char *fmt(const zhx_decimal *d)
{
    static char buf[4][80];
    static int i;
    i = (i + 1) % 4;
    zhx_decimal_format(d, buf[i], sizeof buf[i]);
    return buf[i];
}

static zhx_decimal D(const char *s)
{
    zhx_decimal d = {0, 0, 0};
    CHECK_INT(zhx_decimal_parse(s, (size_t)-1, &d), ZHX_OK);
    return d;
}

/* Scan at 0; the text of the numeral and its value (and max). */
static void scan0(const char *in, const char **text, const char **value,
                  unsigned *flags)
{
    static char tbuf[256];
    uint32_t cp[256];
    size_t n = cps(in, cp, 256);
    zhx_numeral nm;
    size_t e = zhx_numeral_scan(cp, n, 0, 0, &nm);
    if (e == 0) {
        *text = "";
        *value = "-";
        *flags = 0;
        return;
    }
    zhx_cps_utf8(cp, 0, e, tbuf, sizeof tbuf);
    *text = tbuf;
    *value = fmt(&nm.value);
    *flags = nm.flags;
    if (nm.flags & ZHX_NUM_RANGE) {
        static char rb[128];
        snprintf(rb, sizeof rb, "%s..%s", fmt(&nm.value), fmt(&nm.value_max));
        *value = rb;
    }
}

#define SCAN(in, want_text, want_value)                                      \
    do {                                                                     \
        const char *t_, *v_;                                                 \
        unsigned f_;                                                         \
        scan0(in, &t_, &v_, &f_);                                            \
        CHECK_STR(t_, want_text);                                            \
        CHECK_STR(v_, want_value);                                           \
    } while (0)

static void decimal_format(void)
{
    CHECK_STR(fmt(&(zhx_decimal){0, 157, -2}), "1.57");
    CHECK_STR(fmt(&(zhx_decimal){0, 15, 11}), "1500000000000");
    CHECK_STR(fmt(&(zhx_decimal){0, 5, -6}), "0.000005");
    CHECK_STR(fmt(&(zhx_decimal){1, 3, 0}), "-3");
    CHECK_STR(fmt(&(zhx_decimal){0, 0, 0}), "0");
    CHECK_STR(fmt(&(zhx_decimal){0, 4800, -3}), "4.8");
    char small[4];
    CHECK_INT(zhx_decimal_format(&(zhx_decimal){0, 123456, 0}, small, 4), 6);
    CHECK_STR(small, "123");
}

static void decimal_parse(void)
{
    CHECK_STR(fmt(&(zhx_decimal){0, 0, 0}), "0");
    CHECK_STR(fmt(&(zhx_decimal[]){D("1.2300")}[0]), "1.23");
    CHECK_STR(fmt(&(zhx_decimal[]){D("-.5")}[0]), "-0.5");
    CHECK_STR(fmt(&(zhx_decimal[]){D("12.32e+14")}[0]), "1232000000000000");
    zhx_decimal d;
    CHECK_INT(zhx_decimal_parse("1.2.3", (size_t)-1, &d), ZHX_ESYNTAX);
    CHECK_INT(zhx_decimal_parse("", (size_t)-1, &d), ZHX_ESYNTAX);
    CHECK_INT(zhx_decimal_parse("123456789012345678901", (size_t)-1, &d),
              ZHX_ELIMIT);
    CHECK_INT(zhx_decimal_parse("1e999", (size_t)-1, &d), ZHX_ELIMIT);
}

static void decimal_arith(void)
{
    zhx_decimal r;
    zhx_decimal a = D("0.1"), b = D("0.2");
    CHECK_INT(zhx_decimal_add(&r, &a, &b), ZHX_OK);
    CHECK_STR(fmt(&r), "0.3"); /* not 0.30000000000000004 */
    a = D("1.57"), b = D("-2");
    CHECK_INT(zhx_decimal_add(&r, &a, &b), ZHX_OK);
    CHECK_STR(fmt(&r), "-0.43");
    a = D("1.5"), b = D("1e12");
    CHECK_INT(zhx_decimal_mul(&r, &a, &b), ZHX_OK);
    CHECK_STR(fmt(&r), "1500000000000");
    a = D("9999999999999999999"), b = D("2");
    CHECK_INT(zhx_decimal_mul(&r, &a, &b), ZHX_ELIMIT);
    CHECK_INT(zhx_decimal_add(&r, &a, &a), ZHX_ELIMIT);
    /* exact sum impossible: 1e18 + 1e-5 needs 24 digits */
    a = D("1e18"), b = D("1e-5");
    CHECK_INT(zhx_decimal_add(&r, &a, &b), ZHX_ELIMIT);
    a = D("1"), b = D("3");
    int rounded = 0;
    CHECK_INT(zhx_decimal_div(&r, &a, &b, &rounded), ZHX_OK);
    CHECK_STR(fmt(&r), "0.3333333333333333");
    CHECK_INT(rounded, 1);
    a = D("2"), b = D("3");
    rounded = 0;
    CHECK_INT(zhx_decimal_div(&r, &a, &b, &rounded), ZHX_OK);
    CHECK_STR(fmt(&r), "0.6666666666666667");
    a = D("5"), b = D("1000000");
    rounded = 0;
    CHECK_INT(zhx_decimal_div(&r, &a, &b, &rounded), ZHX_OK);
    CHECK_STR(fmt(&r), "0.000005");
    CHECK_INT(rounded, 0);
    b = D("0");
    CHECK_INT(zhx_decimal_div(&r, &a, &b, &rounded), ZHX_EINVAL);
    a = D("1e64");
    CHECK_INT(zhx_decimal_scale(&a, 1), ZHX_ELIMIT);
}

static void decimal_cmp(void)
{
    zhx_decimal a = D("1.5"), b = D("15e-1"), c = D("2"), m = D("-3");
    CHECK_INT(zhx_decimal_cmp(&a, &b), 0);
    CHECK_INT(zhx_decimal_cmp(&a, &c), -1);
    CHECK_INT(zhx_decimal_cmp(&c, &a), 1);
    CHECK_INT(zhx_decimal_cmp(&m, &a), -1);
    a = D("9999999999999999999"), b = D("1e19");
    CHECK_INT(zhx_decimal_cmp(&a, &b), -1);
    a = D("123"), b = D("1.24e2");
    CHECK_INT(zhx_decimal_cmp(&a, &b), -1);
    CHECK(zhx_decimal_to_double(&(zhx_decimal[]){D("1.57")}[0]) == 1.57);
}

static void chinese_integers(void)
{
    SCAN("一万五千亿", "一万五千亿", "1500000000000");
    SCAN("一千零一", "一千零一", "1001");
    SCAN("一百零一万一千", "一百零一万一千", "1011000");
    SCAN("五亿零六", "五亿零六", "500000006");
    SCAN("四千万零六千", "四千万零六千", "40006000");
    SCAN("五兆六十二亿四万五千二", "五兆六十二亿四万五千二",
         "5006200045200");
    SCAN("四千五百六十九万八千三百一十一亿四千八百七十二万五千三百八十二",
         "四千五百六十九万八千三百一十一亿四千八百七十二万五千三百八十二",
         "4569831148725382");
    SCAN("四万万", "四万万", "400000000");
    SCAN("二十一万亿", "二十一万亿", "21000000000000");
    SCAN("十五", "十五", "15");
    SCAN("一十一", "一十一", "11");
    SCAN("一百十一", "一百十一", "111");
    SCAN("一百零十万", "一百零十万", "1100000");
    SCAN("一万零百一十一", "一万零百一十一", "10111");
    SCAN("零十", "零十", "10");
    SCAN("廿二", "廿二", "22");
    SCAN("〇", "〇", "0");
}

static void chinese_elided(void)
{
    SCAN("三万五", "三万五", "35000");
    SCAN("一百二", "一百二", "120");
    SCAN("两千四百五", "两千四百五", "2450");
    SCAN("百三", "百三", "130");
    SCAN("千三", "千三", "1300");
    SCAN("一百二十万三", "一百二十万三", "1203000");
    SCAN("一千零三", "一千零三", "1003"); /* 零: no elision */
}

static void financial_and_traditional(void)
{
    SCAN("壹佰伍拾", "壹佰伍拾", "150");
    SCAN("肆佰陸拾", "肆佰陸拾", "460");
    SCAN("玖仟陆佰陆拾伍圆", "玖仟陆佰陆拾伍", "9665");
    SCAN("四億五千六百四十二萬零壹十五", "四億五千六百四十二萬零壹十五",
         "456420015");
    SCAN("倆千两百贰拾二", "倆千两百贰拾二", "2222");
    /* lone financial digits are other words */
    SCAN("陆地", "", "-");
    SCAN("收拾", "", "-");
    SCAN("伍仟元", "伍仟", "5000");
}

static void digit_by_digit(void)
{
    SCAN("二〇二四年", "二〇二四", "2024");
    SCAN("一九九八", "一九九八", "1998");
    SCAN("幺八九", "幺八九", "189");
    SCAN("零零三", "零零三", "3");
    SCAN("一七二零点一三四", "一七二零点一三四", "1720.134");
    SCAN("两两", "两", "2"); /* 两 is never read digit by digit */
    SCAN("二三十个", "二三十", "20..30");
    SCAN("两三万", "两三万", "20000..30000");
}

static void arabic(void)
{
    SCAN("15,472套", "15,472", "15472");
    SCAN("1,050,000,000", "1,050,000,000", "1050000000");
    SCAN("1, 234", "1", "1");
    SCAN("4.800", "4.800", "4.8");
    SCAN(".5", ".5", "0.5");
    SCAN("１１.92亿", "１１.92亿", "1192000000");
    SCAN("４，５６５", "４，５６５", "4565");
    SCAN("2222.2222.22", "2222", "2222");
    SCAN("2e5", "2e5", "200000");
    SCAN("12.32e+14", "12.32e+14", "1232000000000000");
    SCAN("2em", "2", "2");
    SCAN("40k", "40k", "40000");
    SCAN("5km", "5", "5");
    SCAN("2^5", "2^5", "32");
    SCAN("2^-1", "2^-1", "0.5");
    SCAN("09:16", "09", "9");
}

static void mixed(void)
{
    SCAN("1.09万人", "1.09万", "10900");
    SCAN("10.1万", "10.1万", "101000");
    SCAN("3千多万", "3千多万", "30000000");
    SCAN("1.26亿元", "1.26亿", "126000000");
    SCAN("3万4000", "3万4000", "34000");
    SCAN("200亿零四千230", "200亿零四千230", "20000004230");
    SCAN("1百01", "1百01", "101");
    SCAN("7 万5 千4 百", "7 万5 千4 百", "75400");
    SCAN("1000  万", "1000  万", "10000000");
    SCAN("三点五万", "三点五万", "35000");
    SCAN("两千万点五五四四", "两千万点五五四四", "20000000.5544");
    SCAN("一百点123", "一百点123", "100.123");
}

static void approximate(void)
{
    unsigned f;
    const char *t, *v;
    scan0("十几个", &t, &v, &f);
    CHECK_STR(t, "十几");
    CHECK_STR(v, "10");
    CHECK(f & ZHX_NUM_OVER);
    SCAN("十多万", "十多万", "100000");
    SCAN("五百余万", "五百余万", "5000000");
    SCAN("三十万多亿", "三十万多亿", "30000000000000");
    SCAN("一百零几万", "一百零几万", "1000000");
    SCAN("十 余 万", "十 余 万", "100000");
    /* 多 before a measure word is left to the figures stage */
    scan0("500多元", &t, &v, &f);
    CHECK_STR(t, "500");
    CHECK(!(f & ZHX_NUM_OVER));
}

static void decimals(void)
{
    SCAN("三点一四", "三点一四", "3.14");
    SCAN("零点五", "零点五", "0.5");
    SCAN("零点零零零零零零零零零零零零零零一", "零点零零零零零零零零零零零零零零一",
         "0.000000000000001");
    SCAN("两千三点一", "两千三点一", "2300.1");
    SCAN("四百亿点零五零", "四百亿点零五零", "40000000000.05");
    /* not decimals: 两 after 点, a time, a point without digits */
    SCAN("两百点两", "两百", "200");
    SCAN("八点五十分", "八", "8");
    SCAN("10点30分", "10", "10");
    SCAN("两点", "两", "2");
    SCAN("零点点", "零", "0");
}

static void fractions_percent(void)
{
    unsigned f;
    const char *t, *v;
    scan0("百分之一点五七", &t, &v, &f);
    CHECK_STR(v, "1.57");
    CHECK(f & ZHX_NUM_PERCENT);
    SCAN("百分之三十", "百分之三十", "30");
    SCAN("千分之一", "千分之一", "0.1");
    SCAN("百万分之五", "百万分之五", "0.0005");
    SCAN("百分之百", "百分之百", "100");
    SCAN("百分之负三点八", "百分之负三点八", "-3.8");
    scan0("30%", &t, &v, &f);
    CHECK_STR(v, "30");
    CHECK(f & ZHX_NUM_PERCENT);
    SCAN("-22.2%", "-22.2%", "-22.2");
    SCAN("３‰", "３‰", "0.3");
    scan0("三分之一", &t, &v, &f);
    CHECK_STR(v, "0.3333333333333333");
    CHECK(f & ZHX_NUM_FRACTION);
    CHECK(f & ZHX_NUM_ROUNDED);
    SCAN("一百分之二", "一百分之二", "0.02");
    SCAN("五分之一", "五分之一", "0.2");
    SCAN("三 分之 一", "三 分之 一", "0.3333333333333333");
    SCAN("负一又二分之一", "负一又二分之一", "-1.5");
    SCAN("3又一千分之23", "3又一千分之23", "3.023");
    SCAN("负３分之负一百五十七", "负３分之负一百五十七", "52.33333333333333");
    SCAN("３／５", "３／５", "0.6");
    SCAN("1 3/5", "1 3/5", "1.6");
    SCAN("-3/2", "-3/2", "-1.5");
    SCAN("2024/9/28", "2024", "2024");
    SCAN("二分之", "二", "2");
}

static void negative(void)
{
    SCAN("负三十二", "负三十二", "-32");
    SCAN("負四十五億零四百零四萬", "負四十五億零四百零四萬", "-4504040000");
    SCAN("-10000", "-10000", "-10000");
    SCAN("-.5", "-.5", "-0.5");
    SCAN("零下四度", "零下四", "-4");
    SCAN("－－9", "", "-");
    SCAN("负", "", "-");
    uint32_t cp[8];
    size_t n = cps("3-5", cp, 8);
    zhx_numeral nm;
    /* the - of 3-5 is no sign */
    CHECK_INT(zhx_numeral_scan(cp, n, 1, 0, &nm), 1);
    CHECK_INT(zhx_numeral_scan(cp, n, 2, 0, &nm), 3);
    CHECK_STR(fmt(&nm.value), "5");
}

static void not_numerals(void)
{
    SCAN("万", "", "-");
    SCAN("万万", "", "-");
    SCAN("百姓", "", "-");
    SCAN("千万", "千万", "10000000"); /* a numeral; 千万不要 is for stages */
    SCAN("五十千", "五十", "50");
    SCAN("十一十二", "十一", "11");
}

static void limits(void)
{
    unsigned f;
    const char *t, *v;
    /* more digits than a uint64: rounded, and flagged */
    scan0("202107211321363588510367", &t, &v, &f);
    CHECK(f & ZHX_NUM_ROUNDED);
    CHECK_STR(v, "202107211321363588500000");
    scan0("1e99", &t, &v, &f);
    CHECK(f & ZHX_NUM_OVERFLOW);
    CHECK_STR(v, "0");
    scan0("九九九九九九九九九九九九九九九九九九九九九九", &t, &v, &f);
    CHECK(f & ZHX_NUM_OVERFLOW);
    scan0("一万亿亿亿亿亿亿亿亿亿", &t, &v, &f);
    CHECK(f & ZHX_NUM_OVERFLOW);
    /* a long run stops at the token limit but still ends somewhere sane */
    char big[1200] = "";
    for (int i = 0; i < 100; i++)
        strcat(big, "一");
    scan0(big, &t, &v, &f);
    CHECK(f & ZHX_NUM_OVERFLOW);
    CHECK(strlen(t) > 0);
}

static void positions(void)
{
    uint32_t cp[64];
    size_t n = cps("增长15%以上,达1.09万人", cp, 64);
    zhx_numeral nm;
    CHECK_INT(zhx_numeral_scan(cp, n, 0, 0, &nm), 0);
    CHECK_INT(zhx_numeral_scan(cp, n, 2, 0, &nm), 5);
    CHECK_INT(nm.start, 2);
    CHECK_INT(zhx_numeral_scan(cp, n, 9, 0, &nm), 14);
    CHECK_INT(nm.mult_exp, 4);
    n = cps("一百 五", cp, 64);
    CHECK_INT(zhx_numeral_scan(cp, n, 0, ZHX_NUMO_NOSPACE, &nm), 2);
    CHECK_INT(zhx_numeral_scan(cp, n, 0, 0, &nm), 4);
    CHECK(nm.flags & ZHX_NUM_SPACED);
    CHECK_INT(zhx_numeral_scan(cp, 0, 0, 0, &nm), 0);
    CHECK_INT(zhx_numeral_scan(NULL, 0, 0, 0, &nm), 0);
}

int main(void)
{
    TEST(decimal_format);
    TEST(decimal_parse);
    TEST(decimal_arith);
    TEST(decimal_cmp);
    TEST(chinese_integers);
    TEST(chinese_elided);
    TEST(financial_and_traditional);
    TEST(digit_by_digit);
    TEST(arabic);
    TEST(mixed);
    TEST(approximate);
    TEST(decimals);
    TEST(fractions_percent);
    TEST(negative);
    TEST(not_numerals);
    TEST(limits);
    TEST(positions);
    return harness_done("test_numeral");
}
