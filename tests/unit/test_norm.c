/* Normalization and its offset map. */
#include <stdlib.h>

#include "harness.h"
#include "zhx/norm.h"
#include "zhx/text.h"

static size_t decode_all(const char *s, uint32_t *out)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        int k = zhx_utf8_decode((const unsigned char *)s + i, len - i, &out[n++]);
        i += (size_t)(k > 0 ? k : 1);
    }
    return n;
}

static char outbuf[4096];

/* Normalize s with flags; returns the UTF-8 result, and the chunk built from
 * it in *c (borrowed from nm). */
static const char *norm(zhx_norm *nm, const char *s, zhx_chunk *c, uint32_t *orig)
{
    size_t n = decode_all(s, orig);
    zhx_error err;
    memset(c, 0, sizeof *c);
    c->orig = orig, c->orig_len = n;
    if (zhx_norm_run(nm, orig, n, &c->text, &c->len, &c->map, &err) != ZHX_OK)
        return "(error)";
    zhx_cps_utf8(c->text, 0, c->len, outbuf, sizeof outbuf);
    return outbuf;
}

static uint32_t orig[1024];

static void nfkc_and_punct(void)
{
    zhx_error err;
    zhx_norm *nm = zhx_norm_new(ZHX_NORM_DEFAULT, &err);
    CHECK(nm != NULL);
    zhx_chunk c;
    CHECK_STR(norm(nm, "１２３，ＡＢＣ：（中文）％", &c, orig), "123,ABC:(中文)%");
    CHECK_STR(norm(nm, "「引号」『内』", &c, orig), "“引号”‘内’");
    CHECK_STR(norm(nm, "马克・吐温", &c, orig), "马克·吐温");
    CHECK_STR(norm(nm, "中\u00A0文", &c, orig), "中 文");
    CHECK_STR(norm(nm, "e\u0301", &c, orig), "\u00E9");
    CHECK_STR(norm(nm, "", &c, orig), "");
    zhx_norm_free(nm);
}

static void map_is_monotone_and_complete(void)
{
    zhx_error err;
    zhx_norm *nm = zhx_norm_new(ZHX_NORM_DEFAULT | ZHX_NORM_SPACE, &err);
    zhx_chunk c;
    norm(nm, "  ㈱１２…e\u0301  中  文  \n", &c, orig);
    CHECK_STR(outbuf, "(株)12...\u00E9 中 文\n");
    CHECK_INT(c.map[c.len], c.orig_len);
    for (size_t i = 0; i < c.len; i++)
        CHECK(c.map[i] <= c.map[i + 1]);
    /* "(株)" comes from the one ㈱ at original index 2. */
    size_t s, e;
    zhx_chunk_span(&c, 0, 3, &s, &e);
    CHECK_INT(s, 2); CHECK_INT(e, 3);
    /* é came from two original code points. */
    zhx_chunk_span(&c, 8, 9, &s, &e);
    CHECK_INT(s, 6); CHECK_INT(e, 8);
    zhx_norm_free(nm);
}

static void traditional_to_simplified(void)
{
    zhx_error err;
    zhx_norm *nm = zhx_norm_new(ZHX_NORM_DEFAULT | ZHX_NORM_T2S, &err);
    CHECK(nm != NULL);
    zhx_chunk c;
    CHECK_STR(norm(nm, "呼和浩特市發展經濟，臺灣", &c, orig), "呼和浩特市发展经济,台湾");
    CHECK_INT(c.len, c.orig_len);
    size_t s, e;
    zhx_chunk_span(&c, 5, 7, &s, &e);
    CHECK_INT(s, 5); CHECK_INT(e, 7);
    zhx_norm_free(nm);
}

static void flags_off_is_identity(void)
{
    zhx_error err;
    zhx_norm *nm = zhx_norm_new(0, &err);
    zhx_chunk c;
    CHECK_STR(norm(nm, "１２３「」", &c, orig), "１２３「」");
    for (size_t i = 0; i <= c.len; i++)
        CHECK_INT(c.map[i], i);
    zhx_norm_free(nm);
}

static void idempotent(void)
{
    zhx_error err;
    zhx_norm *nm = zhx_norm_new(ZHX_NORM_DEFAULT | ZHX_NORM_SPACE, &err);
    const char *samples[] = {"１２３，ＡＢＣ　「中文」…—―", "  a  b\t\tc  ", "㈱㍻℃㎡"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        zhx_chunk c;
        char once[4096];
        snprintf(once, sizeof once, "%s", norm(nm, samples[i], &c, orig));
        CHECK_STR(norm(nm, once, &c, orig), once);
    }
    zhx_norm_free(nm);
}

int main(void)
{
    TEST(nfkc_and_punct);
    TEST(map_is_monotone_and_complete);
    TEST(traditional_to_simplified);
    TEST(flags_off_is_identity);
    TEST(idempotent);
    return harness_done("test_norm");
}
