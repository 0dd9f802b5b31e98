/* Sentence splitting and word breaking. */
#include <stdlib.h>

#include "harness.h"
#include "zhx/seg.h"

static uint32_t buf[2048];

static size_t decode_all(const char *s)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        int k = zhx_utf8_decode((const unsigned char *)s + i, len - i, &buf[n++]);
        i += (size_t)(k > 0 ? k : 1);
    }
    return n;
}

/* Sentences of s joined with "|". */
static const char *sentences(const char *s)
{
    static char out[4096];
    size_t n = decode_all(s), count = 0, cap = 0;
    zhx_sentence *ss = NULL;
    CHECK_INT(zhx_split_sentences(buf, n, 7, &ss, &count, &cap), ZHX_OK);
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        CHECK_INT(ss[i].index, 7 + i);
        char piece[1024];
        zhx_cps_utf8(buf, ss[i].start, ss[i].end, piece, sizeof piece);
        if (i)
            strcat(out, "|");
        strcat(out, piece);
    }
    free(ss);
    return out;
}

static void enders(void)
{
    CHECK_STR(sentences("第一句。第二句!第三句?第四;五"), "第一句。|第二句!|第三句?|第四;|五");
    CHECK_STR(sentences("他说:“走吧!”我们走了。"), "他说:“走吧!”|我们走了。");
    CHECK_STR(sentences("等等......然后"), "等等......|然后");
    CHECK_STR(sentences("真的?!"), "真的?!");
}

static void decimals_and_urls_stay(void)
{
    CHECK_STR(sentences("投放贷款1.26亿元,见www.gov.cn。"), "投放贷款1.26亿元,见www.gov.cn。");
    CHECK_STR(sentences("It is. Done"), "It is.|Done");
}

static void lines_and_space(void)
{
    CHECK_STR(sentences("  标题\n\n  正文一。  正文二\n"), "标题|正文一。|正文二");
    CHECK_STR(sentences(""), "");
    CHECK_STR(sentences(" \n \n"), "");
}

static const char *words(zhx_words *w, const char *s)
{
    static char out[4096];
    size_t n = decode_all(s), count;
    const size_t *b;
    const unsigned char *keep;
    zhx_error err;
    CHECK_INT(zhx_words_run(w, buf, 0, n, &b, &keep, &count, &err), ZHX_OK);
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        if (!keep[i])
            continue;
        char piece[256];
        zhx_cps_utf8(buf, b[i], b[i + 1], piece, sizeof piece);
        if (out[0])
            strcat(out, " ");
        strcat(out, piece);
    }
    return out;
}

static void word_breaks(void)
{
    zhx_error err;
    zhx_words *w = zhx_words_new(&err);
    CHECK(w != NULL);
    CHECK_STR(words(w, "呼和浩特市深化改革"), "呼和浩特市 深化 改革");
    /* Numbers keep their date and magnitude units, as in GB/T 13715. */
    CHECK_STR(words(w, "2024年9月28日增长30%达1.5万"), "2024年 9月 28日 增长 30% 达 1.5万");
    CHECK_STR(words(w, "二〇二四年"), "二〇二四年");
    CHECK_STR(words(w, "啊———好"), "啊 ——— 好");
    CHECK_STR(words(w, "  "), "");
    zhx_words_free(w);
}

int main(void)
{
    TEST(enders);
    TEST(decimals_and_urls_stay);
    TEST(lines_and_space);
    TEST(word_breaks);
    return harness_done("test_seg");
}
