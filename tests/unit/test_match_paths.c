/* The matcher's shortcuts against its plain search. Lexicons the rules ask
 * about get a bit each (up to ZHX_LEXBITS) that answers lookarounds,
 * features and failing steps at once, and lets windows, twins, split
 * guards and the single-character step skip work; lexicons past the last
 * bit are searched in their hits' payloads. The same rules must find the
 * same entities, spans, roles, scores and explanations either way: here
 * rules that can never match come first and use up every bit. */
#include "harness.h"
#include "rules_int.h"
#include "zhx/rules.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const rules =
    "lexicon sur\n王\n张\n欧阳\n李\nend\n"
    "lexicon giv w=0.5\n小\n明\n华\n大\nend\n"
    "lexicon stop\n的\n了\n在\n和\nend\n"
    "lexicon word\n明天\n小明\n大学\n同事\n王府\nend\n"
    "lexicon head\n大学\n中心\n研究院\n学院\nend\n"
    "lexicon title\n教授\n院士\n主任\nend\n"
    "lexicon verb\n说\n表示\nend\n"
    "rule t.title-after\n  type person\n  priority 20\n"
    "  pattern <!@stop @sur (@giv | [\\h--@stop]){1,2}> <role:@title>\n"
    "  score 3\n  threshold 1\n"
    "  penalty 3 inside @word\n  penalty 2 cross @word\n"
    "  penalty 1 cross-start @head\n  penalty 1 cross-end @head\n"
    "  bonus 1 before [\\p]\n  bonus 1 after @verb\nend\n"
    "rule t.plain2\n  type person\n  priority 5\n"
    "  pattern <!@stop @sur !<@word (@giv | [\\h--@stop])>\n"
    "  score 0\n  threshold 1.5\n  echo\n"
    "  bonus 2 before [\\p]\n  penalty 2 before [\\h]\n"
    "  penalty 3 inside @word\n  penalty 2 cross @word\n"
    "  bonus 2 after @verb\n  penalty 1 inside [\\d]\nend\n"
    "rule t.plain3\n  type person\n  priority 5\n"
    "  pattern <!@stop @sur !<@word (@giv | [\\h--@stop]) "
    "(@giv | [\\h--@stop])>\n"
    "  score 1\n  threshold 2\n  echo\n"
    "  bonus 2 before [\\p]\n  penalty 2 before [\\h]\n"
    "  penalty 3 inside @word\n  penalty 2 cross @word\nend\n"
    "rule t.surname-title\n  type person\n  priority 6\n"
    "  pattern <@sur> &@title\nend\n"
    "rule t.inst\n  type institution\n  priority 10\n"
    "  pattern (^ | &<[\\p\\s] | &<@stop) <([\\h--@stop--@title]){1,6} "
    "@head>\n  score 0\n  threshold 0\n  penalty 5 cross-end @word\nend\n"
    "rule t.date\n  type date\n  priority 30\n"
    "  pattern !<\\d <\\d{4}年 (\\d{1,2}月 (\\d{1,2}日)?)?> !\\d\nend\n"
    "rule t.time\n  type date\n  priority 31\n"
    "  pattern !<\\d <\\d{4}年 (\\d{1,2}月)? (\\s?\\d{1,2}[:时点]\\d{2})?> "
    "!\\d\n  norm date\nend\n"
    "rule t.quoted\n  type program\n  priority 8\n"
    "  pattern “<[^“”]{1,10} (中心 | 工程)>”\nend\n"
    "rule t.not\n  type none\n  pattern 大学\nend\n"
    /* a weighted run of single characters, two at least (windows for
     * each round a match must have, the one-character step) */
    "lexicon tr w=0.6\n克\n林\n顿\n斯\n尔\n明\nend\n"
    "rule t.foreign\n  type person\n  priority 4\n"
    "  pattern !<@tr <@tr{2,5}> !@tr\n  score -1\n  threshold 0\n"
    "  penalty 2 inside @word\nend\n"
    /* tried only where a sentence starts */
    "rule t.opening\n  type place\n  priority 40\n"
    "  pattern ^ <@sur [\\h--@stop]> $\nend\n";

static const char *const texts[] = {
    "王小明教授在北京大学。明天张华说，欧阳明华院士和王明是同事。",
    "克林顿说，斯尔克林来了；林顿明和克斯在。",
    "2024年9月28日，研究院的张小华来了。王教授到了中心，李大表示同意。",
    "“青年人才中心”与“科技工程”启动；王府大街的李明华主任说：好。",
    "张三、李四和王五在学院门口。2023年，欧阳大华说了。王王王王王王王",
    "和王小明了在的张主任大学中心研究院学院“中心”",
    "张明华说：李小明、王大华主任都在科技研究院。王华表示，张大明天来。",
    "张华教授、王明院士于2021年3月 10:30到了。李华主任说2022年好。",
    "李明",
};

static zhx_rules *load(const char *text)
{
    zhx_error err;
    zhx_rules *r = zhx_rules_new();
    if (!r || zhx_rules_add(r, "t.rules", text, strlen(text), &err) ||
        zhx_rules_compile(r, &err)) {
        fprintf(stderr, "rules: %lu:%lu: %s\n", err.line, err.col,
                err.message);
        zhx_rules_free(r);
        return NULL;
    }
    return r;
}

/* Every match of r on text, one line each, with its score and (explain
 * on) how it was made. */
static void describe(const zhx_rules *r, const char *text, int explain,
                     char *out, size_t cap)
{
    uint32_t w[512];
    size_t n = 0, len = strlen(text);
    for (size_t i = 0; i < len && n < 512;) {
        int l = zhx_utf8_decode((const unsigned char *)text + i, len - i,
                                &w[n]);
        if (l <= 0)
            break;
        n++;
        i += (size_t)l;
    }
    zhx_matcher *m = zhx_matcher_new(r);
    zhx_error err;
    size_t k = 0;
    out[0] = '\0';
    if (!m)
        return;
    zhx_matcher_set_explain(m, explain);
    zhx_matcher_set_base_date(m, 2024, 9, 28);
    if (zhx_matcher_run_text(m, w, n, &err) == ZHX_OK)
        for (size_t i = 0; i < zhx_matcher_count(m) && k < cap; i++) {
            const zhx_match *x = zhx_matcher_get(m, i);
            k += (size_t)snprintf(out + k, cap - k,
                                  "%s %zu-%zu role=%s norm=%s %.9g %s\n",
                                  x->type, x->start, x->end,
                                  x->role ? x->role : "-",
                                  x->norm ? x->norm : "-", x->score,
                                  x->explain ? x->explain : "-");
        }
    zhx_matcher_free(m);
}

static void same_with_and_without_bits(void)
{
    /* rules on lexicons that never occur, one more than there are bits:
     * the rules that follow find every bit taken */
    enum { FILL = ZHX_LEXBITS + 2 };
    size_t cap = strlen(rules) + FILL * 128 + 1;
    char *crowded = malloc(cap);
    CHECK(crowded != NULL);
    if (!crowded)
        return;
    size_t k = 0;
    for (int i = 0; i < FILL; i++)
        k += (size_t)snprintf(crowded + k, cap - k,
                              "lexicon d%d\nqz%dqz\nend\n"
                              "rule d.%d\n  type place\n  pattern @d%d\nend\n",
                              i, i, i, i);
    snprintf(crowded + k, cap - k, "%s", rules);
    zhx_rules *fast = load(rules), *slow = load(crowded);
    CHECK(fast != NULL);
    CHECK(slow != NULL);
    size_t total = 0;
    for (size_t t = 0; fast && slow && t < sizeof texts / sizeof *texts;
         t++) {
        static char a[16384], b[16384];
        for (int explain = 0; explain < 2; explain++) {
            describe(fast, texts[t], explain, a, sizeof a);
            describe(slow, texts[t], explain, b, sizeof b);
            if (strcmp(a, b) != 0)
                fprintf(stderr,
                        "text %zu:\n-- with bits:\n%s-- without:\n%s", t,
                        a, b);
            CHECK(strcmp(a, b) == 0);
            for (const char *p = a; (p = strchr(p, '\n')) != NULL; p++)
                total++;
        }
    }
    /* the rules do find things, so the comparison means something */
    CHECK(total >= 30);
    zhx_rules_free(fast);
    zhx_rules_free(slow);
    free(crowded);
}

/* A few of the matches by hand: the shortcuts keep what the rules say. */
static void known_matches(void)
{
    zhx_rules *r = load(rules);
    CHECK(r != NULL);
    if (!r)
        return;
    static char a[16384];
    describe(r, texts[0], 1, a, sizeof a);
    CHECK(strstr(a, "person 0-3 role=教授") != NULL);      /* 王小明 */
    CHECK(strstr(a, "institution 6-10") != NULL ||
          strstr(a, "institution 7-10") != NULL);          /* 北京大学 */
    CHECK(strstr(a, "place 0-") == NULL); /* 王小 does not end the text */
    describe(r, texts[1], 1, a, sizeof a);
    CHECK(strstr(a, "person 0-3 ") != NULL);                   /* 克林顿 */
    CHECK(strstr(a, "person 5-9 ") != NULL);                 /* 斯尔克林 */
    CHECK(strstr(a, "person 16-18 ") != NULL);                   /* 克斯 */
    describe(r, texts[2], 1, a, sizeof a);
    CHECK(strstr(a, "date 0-10 ") != NULL);            /* 2024年9月28日 */
    CHECK(strstr(a, "person 21-22 role=-") != NULL);         /* 王 (教授) */
    describe(r, texts[3], 1, a, sizeof a);
    CHECK(strstr(a, "program 10-14") != NULL);                 /* 科技工程 */
    describe(r, "李明", 1, a, sizeof a);
    CHECK(strstr(a, "place 0-2 ") != NULL);           /* the whole text */
    zhx_rules_free(r);
}

int main(void)
{
    TEST(same_with_and_without_bits);
    TEST(known_matches);
    return harness_done("test_match_paths");
}
