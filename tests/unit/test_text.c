/* UTF-8 coding and the chunk offset map. */
#include "harness.h"
#include "zhx/text.h"

static void decode_valid(void)
{
    uint32_t cp;
    CHECK_INT(zhx_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
    CHECK_INT(cp, 'A');
    CHECK_INT(zhx_utf8_decode((const unsigned char *)"\xC2\xA9", 2, &cp), 2);
    CHECK_INT(cp, 0xA9);
    CHECK_INT(zhx_utf8_decode((const unsigned char *)"\xE4\xB8\xAD", 3, &cp), 3);
    CHECK_INT(cp, 0x4E2D);
    CHECK_INT(zhx_utf8_decode((const unsigned char *)"\xF0\xA0\x80\x80", 4, &cp), 4);
    CHECK_INT(cp, 0x20000);
    CHECK_INT(zhx_utf8_decode((const unsigned char *)"", 0, &cp), 0);
}

static void decode_invalid(void)
{
    uint32_t cp;
    const char *bad[] = {
        "\x80",             /* stray continuation */
        "\xC0\xAF",         /* overlong */
        "\xE0\x80\xAF",     /* overlong */
        "\xED\xA0\x80",     /* surrogate */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF8\x88\x80\x80", /* 5-byte lead */
        "\xE4\xB8",         /* truncated */
        "\xE4\x41\xAD",     /* broken continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(zhx_utf8_decode((const unsigned char *)bad[i], strlen(bad[i]), &cp), -1);
}

static void encode_roundtrip(void)
{
    uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        uint32_t back = 1;
        int n = zhx_utf8_encode(cps[i], buf);
        CHECK_INT(zhx_utf8_decode((const unsigned char *)buf, (size_t)n, &back), n);
        CHECK_INT(back, cps[i]);
    }
}

static void valid_prefix(void)
{
    const char *s = "abcdefghij中文\xFFxyz";
    CHECK_INT(zhx_utf8_valid_prefix((const unsigned char *)s, strlen(s)), 16);
    CHECK_INT(zhx_utf8_valid_prefix((const unsigned char *)"中文", 6), 6);
    CHECK_INT(zhx_utf8_valid_prefix((const unsigned char *)"中\xE6\x96", 5), 3);
}

/* A chunk for "a…b" (original 3 code points at document offset 10)
 * normalized to "a...b": the three dots all come from original index 1. */
static zhx_chunk ellipsis_chunk(void)
{
    static const uint32_t orig[] = {'a', 0x2026, 'b'};
    static const uint32_t text[] = {'a', '.', '.', '.', 'b'};
    static const uint32_t map[] = {0, 1, 1, 1, 2, 3};
    zhx_chunk c = {0};
    c.orig = orig, c.orig_len = 3, c.offset = 10;
    c.text = text, c.len = 5, c.map = map;
    return c;
}

static void span_identity_and_expansion(void)
{
    zhx_chunk c = ellipsis_chunk();
    size_t s, e;
    zhx_chunk_span(&c, 0, 1, &s, &e);
    CHECK_INT(s, 10); CHECK_INT(e, 11);
    zhx_chunk_span(&c, 1, 4, &s, &e); /* all of "..." -> "…" */
    CHECK_INT(s, 11); CHECK_INT(e, 12);
    zhx_chunk_span(&c, 0, 5, &s, &e);
    CHECK_INT(s, 10); CHECK_INT(e, 13);
    /* Pieces of one expansion: the first owns the original, the rest are
     * empty, so words never repeat original text. */
    zhx_chunk_span(&c, 1, 2, &s, &e);
    CHECK_INT(s, 11); CHECK_INT(e, 12);
    zhx_chunk_span(&c, 2, 3, &s, &e);
    CHECK_INT(s, 12); CHECK_INT(e, 12);
    zhx_chunk_span(&c, 3, 5, &s, &e);
    CHECK_INT(s, 12); CHECK_INT(e, 13);
    zhx_chunk_span(&c, 2, 2, &s, &e);
    CHECK(s == e);
}

static void orig_utf8_truncates_whole_chars(void)
{
    static const uint32_t orig[] = {0x4E2D, 0x6587, 'x'};
    static const uint32_t map[] = {0, 1, 2, 3};
    zhx_chunk c = {0};
    c.orig = orig, c.orig_len = 3, c.offset = 5;
    c.text = orig, c.len = 3, c.map = map;
    char buf[16];
    CHECK_INT(zhx_chunk_orig_utf8(&c, 5, 8, buf, sizeof buf), 7);
    CHECK_STR(buf, "中文x");
    char small[5];
    CHECK_INT(zhx_chunk_orig_utf8(&c, 5, 8, small, sizeof small), 7);
    CHECK_STR(small, "中");
}

int main(void)
{
    TEST(decode_valid);
    TEST(decode_invalid);
    TEST(encode_roundtrip);
    TEST(valid_prefix);
    TEST(span_identity_and_expansion);
    TEST(orig_utf8_truncates_whole_chars);
    return harness_done("test_text");
}
