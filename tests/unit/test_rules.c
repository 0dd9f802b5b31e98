/* The rule engine: file format and its errors, each pattern feature,
 * resolution, norms, examples, and bounds on hostile rules. */
#include "harness.h"
#include "zhx/rules.h"

#include <stdlib.h>
#include <time.h>

static zhx_rules *load(const char *text, zhx_error *err)
{
    zhx_rules *r = zhx_rules_new();
    zhx_error_clear(err);
    if (zhx_rules_add(r, "t.rules", text, strlen(text), err) ||
        zhx_rules_compile(r, err)) {
        zhx_rules_free(r);
        return NULL;
    }
    return r;
}

static size_t to_cps(const char *s, uint32_t *w, size_t cap)
{
    size_t k = 0, n = strlen(s);
    for (size_t i = 0; i < n && k < cap;) {
        uint32_t c;
        int l = zhx_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (l <= 0)
            break;
        w[k++] = c;
        i += (size_t)l;
    }
    return k;
}

/* "type text[/role][=norm] ..." for every match of rules on text. */
static const char *run(const char *rules, const char *text)
{
    static char out[4096];
    zhx_error err;
    zhx_rules *r = load(rules, &err);
    if (!r) {
        snprintf(out, sizeof out, "ERR %lu:%lu: %s", err.line, err.col,
                 err.message);
        return out;
    }
    zhx_matcher *m = zhx_matcher_new(r);
    uint32_t w[1024];
    size_t n = to_cps(text, w, 1024);
    zhx_matcher_set_base_date(m, 2024, 9, 28);
    out[0] = '\0';
    if (zhx_matcher_run_text(m, w, n, &err) == ZHX_OK) {
        size_t k = 0;
        for (size_t i = 0; i < zhx_matcher_count(m); i++) {
            const zhx_match *x = zhx_matcher_get(m, i);
            char t[512];
            zhx_cps_utf8(w, x->start, x->end, t, sizeof t);
            k += (size_t)snprintf(out + k, sizeof out - k, "%s%s %s%s%s%s%s",
                                  i ? " | " : "", x->type, t,
                                  x->role ? "/" : "", x->role ? x->role : "",
                                  x->norm ? "=" : "", x->norm ? x->norm : "");
        }
    }
    zhx_matcher_free(m);
    zhx_rules_free(r);
    return out;
}

static const char *error_of(const char *rules)
{
    static char out[2048];
    zhx_error err;
    zhx_rules *r = load(rules, &err);
    if (r) {
        zhx_rules_free(r);
        return "ok";
    }
    snprintf(out, sizeof out, "%s:%lu:%lu: %s", err.file, err.line, err.col,
             err.message);
    return out;
}

static void parse_errors(void)
{
    CHECK_STR(error_of("rule a\n type x\n pattern (abc\nend\n"),
              "t.rules:3:10: unclosed '('");
    CHECK_STR(error_of("rule a\n type x\n pattern ab)\nend\n"),
              "t.rules:3:12: unmatched ')'");
    CHECK_STR(error_of("rule a\n type x\n colour red\nend\n"),
              "t.rules:3:2: unknown rule attribute 'colour' (type, priority, "
              "pattern, norm, score, threshold, bonus, penalty, echo, "
              "anchor, example)");
    CHECK_STR(error_of("rule a\n type x\n pattern 中@nosuch\nend\n"),
              "t.rules:3:11: unknown lexicon @nosuch");
    CHECK_STR(error_of("\n\nrule a\n type x\n pattern x\n"),
              "t.rules:3:1: rule block is missing its 'end'");
    CHECK_STR(error_of("rule a\n type x\n pattern x\nend\nrule a\n type y\n"
                       " pattern y\nend\n"),
              "t.rules:5:6: duplicate rule id 'a'");
    CHECK_STR(error_of("rule a\n pattern x\nend\n"),
              "t.rules:3:1: rule 'a' has no type");
    CHECK_STR(error_of("frobnicate\n"),
              "t.rules:1:1: expected 'rule ID' or 'lexicon NAME', not "
              "'frobnicate'");
    CHECK_STR(error_of("rule a\n type x\n pattern 中{3,1}\nend\n"),
              "t.rules:3:11: {n,m} with m < n");
    CHECK_STR(error_of("rule a\n type x\n pattern 中{99}\nend\n"),
              "t.rules:3:11: repeat count above 64");
    CHECK_STR(error_of("rule a\n type x\n pattern [abc\nend\n"),
              "t.rules:3:10: unclosed '['");
    CHECK_STR(error_of("rule a\n type x\n pattern <a> <b>\nend\n"),
              "t.rules:3:14: second <...> span capture");
    CHECK_STR(error_of("rule a\n type x\n pattern !a*\nend\n"),
              "t.rules:3:12: a test cannot be repeated");
    CHECK_STR(error_of("rule a\n type x\n pattern a\n example 甲乙\nend\n"),
              "t.rules:4:10: example needs 'TEXT -> TYPE SPAN ...' or "
              "'TEXT -> none'");
    CHECK_STR(error_of("rule a\n type x\n pattern a\n norm upcase\nend\n"),
              "t.rules:4:7: unknown norm operation 'upcase' (strip-quotes, "
              "lex @NAME, date, city or \"text\")");
    CHECK_STR(error_of("rule a\n type x\n pattern a\n priority high\nend\n"),
              "t.rules:4:11: expected a whole number from -10000 to 10000");
    CHECK_STR(error_of("rule a\n type x\n pattern \xe4\xb8\n"),
              "t.rules:3:10: invalid UTF-8");
    CHECK_STR(error_of("lexicon x\n甲\n"),
              "t.rules:1:1: lexicon block is missing its 'end'");
    CHECK_STR(error_of("# only a comment\n\n"), "ok");
}

static void literals_and_lexicons(void)
{
    const char *R = "lexicon city\n北京\t\n上海\tnorm=沪\n北京市\nend\n"
                    "rule place.city\n type place\n pattern <@city>\n"
                    " norm lex @city\nend\n";
    CHECK_STR(run(R, "从北京市到上海去"), "place 北京市 | place 上海=沪");
    CHECK_STR(run("rule r\n type t\n pattern 院士\nend\n", "陈院士与院士们"),
              "t 院士 | t 院士");
    /* a quoted literal keeps metacharacters */
    CHECK_STR(run("rule r\n type t\n pattern \"(a)\"\nend\n", "x(a)y"),
              "t (a)");
}

static void classes_and_quantifiers(void)
{
    const char *R = "rule num\n type n\n pattern \\d+ 年\nend\n";
    CHECK_STR(run(R, "在2023年和1998年"), "n 2023年 | n 1998年");
    CHECK_STR(run("rule a\n type t\n pattern 第[一二三]{1,2}期\nend\n",
                  "第一期第三二期第四期"), "t 第一期 | t 第三二期");
    CHECK_STR(run("rule a\n type t\n pattern 号[^0-9]\nend\n", "号1号a"),
              "t 号a");
    CHECK_STR(run("rule a\n type t\n pattern A\\l?B\nend\n", "AB AxB AxxB"),
              "t AB | t AxB");
    /* difference: Han but not 的 */
    CHECK_STR(run("rule a\n type t\n pattern 大[\\h--的]\nend\n", "大的大学"),
              "t 大学");
    CHECK_STR(run("rule a\n type t\n pattern 甲(乙|丙丁)戊\nend\n",
                  "甲乙戊甲丙丁戊甲丙戊"), "t 甲乙戊 | t 甲丙丁戊");
    CHECK_STR(run("rule a\n type t\n pattern x.z\nend\n", "xyz x\nz"),
              "t xyz");
}

static void captures_and_context(void)
{
    /* context outside <...> is matched but not part of the span */
    const char *R = "lexicon title\n院士\n教授\nend\n"
                    "rule p\n type person\n pattern <陈\\h{1,2}> <role:@title>\n"
                    "end\n";
    CHECK_STR(run(R, "由陈润生院士牵头"), "person 陈润生/院士");
    /* negative lookahead and lookbehind */
    const char *N = "rule a\n type t\n pattern !<的 <城市> !们\nend\n";
    CHECK_STR(run(N, "城市的城市城市们新城市"), "t 城市 | t 城市");
    const char *P = "rule a\n type t\n pattern &<在 <北京>\nend\n";
    CHECK_STR(run(P, "在北京去北京"), "t 北京");
    /* sentence anchors */
    CHECK_STR(run("rule a\n type t\n pattern ^甲\nend\n", "甲乙甲"), "t 甲");
    CHECK_STR(run("rule a\n type t\n pattern 甲$\nend\n", "甲乙甲"), "t 甲");
}

static void backward_extension(void)
{
    /* no anchor at the front: the rule runs leftwards from its head word,
     * greedily, and stops at a boundary word */
    const char *R =
        "lexicon head\n大学\n研究院\nend\n"
        "lexicon stop\n对接\n在\nend\n"
        "rule inst\n type institution\n"
        " pattern <([\\h--@stop] !<@stop){1,8} @head>\nend\n";
    CHECK_STR(run(R, "积极对接浙江大学和在上海交通大学学习"),
              "institution 浙江大学 | institution 上海交通大学");
}

static void resolution(void)
{
    /* priority beats length; equal priority: longest wins */
    const char *R = "lexicon place\n北京\n北京大学城\nend\n"
                    "rule place\n type place\n pattern @place\nend\n"
                    "rule uni\n type institution\n priority 10\n"
                    " pattern 北京大学\nend\n";
    CHECK_STR(run(R, "在北京大学城"), "institution 北京大学");
    const char *L = "lexicon place\n北京\n北京市\nend\n"
                    "rule place\n type place\n pattern @place\nend\n";
    CHECK_STR(run(L, "北京市"), "place 北京市");
    /* a rule of type none vetoes candidates with exactly its span, at any
     * priority, and leaves longer names that contain it alone */
    const char *B = "lexicon place\n中国\nend\n"
                    "rule place\n type place\n priority 9\n pattern @place\nend\n"
                    "rule inst\n type institution\n priority 10\n pattern 中国银行\nend\n"
                    "rule block\n type none\n pattern <中国> &式\nend\n"
                    "rule block2\n type none\n pattern 银行\nend\n";
    CHECK_STR(run(B, "中国式的中国,中国银行"),
              "place 中国 | institution 中国银行");
}

static void scoring(void)
{
    const char *R =
        "lexicon surname w=1\n张\n欧阳\nend\n"
        "lexicon given w=1\n博\n明\n高\n选\nend\n"
        "lexicon word\n选择\nend\n"
        "lexicon title\n院士\nend\n"
        "rule p2\n type person\n pattern <@surname @given>\n score 0\n"
        " threshold 2.5\n bonus 1 after @title\n penalty 2 cross @word\nend\n"
        "rule p3\n type person\n pattern <@surname @given @given>\n"
        " score 0\n threshold 2.5\n penalty 2 cross @word\nend\n";
    /* 张博选 (3) crosses 选择 (-2); 张博 alone scores 2 < 2.5, with a
     * title after it 3 */
    CHECK_STR(run(R, "张博选择来呼"), "");
    CHECK_STR(run(R, "张博院士"), "person 张博");
    CHECK_STR(run(R, "欧阳明高院士"), "person 欧阳明高");
    CHECK_STR(run(R, "张博选择的欧阳明高"), "person 欧阳明高");
}

static void norms(void)
{
    const char *Q = "rule q\n type program\n pattern \\h{2}“\\h{2}”工程\n"
                    " norm strip-quotes\nend\n";
    CHECK_STR(run(Q, "实施科技“突围”工程"), "program 科技“突围”工程=科技突围工程");
    const char *D = "rule d\n type date\n pattern (\\d{4}年)?(\\d{1,2}月)?"
                    "\\d{1,2}日 | 今年 | 去年 | 上半年\n norm date\nend\n";
    CHECK_STR(run(D, "2024年09月28日,今年,去年,1月15日,上半年"),
              "date 2024年09月28日=2024-09-28 | date 今年=2024 | "
              "date 去年=2023 | date 1月15日=2024-01-15 | "
              "date 上半年=2024-01/2024-06");
    const char *C = "lexicon city\n呼和浩特市\nend\n"
                    "rule c\n type place\n pattern @city\nend\n"
                    "rule s\n type place\n pattern 首府\n norm city\nend\n";
    CHECK_STR(run(C, "首府在呼和浩特市,首府"),
              "place 呼和浩特市 | place 首府=呼和浩特市");
    const char *E = "lexicon alias\n上海交大\tnorm=上海交通大学\nend\n"
                    "rule e\n type institution\n pattern @alias 内蒙古研究院\n"
                    " norm lex @alias\nend\n";
    CHECK_STR(run(E, "上海交大内蒙古研究院"),
              "institution 上海交大内蒙古研究院=上海交通大学内蒙古研究院");
}

static void roles_in_lists(void)
{
    const char *R =
        "lexicon surname\n陈\n欧阳\n黄\n任\nend\n"
        "lexicon title\n院士\nend\n"
        "rule pt\n type person\n priority 5\n"
        " pattern <@surname \\h{1,2}> 等? <role:@title>\nend\n"
        "rule p\n type person\n pattern <@surname \\h{1,2}> &、\nend\n";
    CHECK_STR(run(R, "陈十一、欧阳明高院士"),
              "person 陈十一/院士 | person 欧阳明高/院士");
    CHECK_STR(run(R, "黄维、任发政等院士"),
              "person 黄维/院士 | person 任发政/院士");
}

static void derived_lexicons(void)
{
    const char *R = "lexicon head\n大学\tend=1\n部\tend=0\n中心\tend=0\n"
                    "end\n"
                    "lexicon strong = head where end=1\n"
                    "lexicon long = head where len!=1 where end=0\n"
                    "lexicon both = strong + long\n"
                    "rule r\n type t\n pattern \\h @both\nend\n";
    CHECK_STR(run(R, "甲大学乙部丙中心"), "t 甲大学 | t 丙中心");
    const char *W = "lexicon sur\n王\tf=20\n李\nend\n"
                    "lexicon s = sur weight f log 0.5 default -1\n"
                    "rule r\n type t\n pattern <@s \\h>\n score 0\n"
                    " threshold 0\nend\n";
    /* ln(20 x 0.5) > 0 keeps 王五; 李四 weighs -1 */
    CHECK_STR(run(W, "王五李四"), "t 王五");
    CHECK_STR(error_of("lexicon a = b\nlexicon b = a\n"
                       "rule r\n type t\n pattern @a\nend\n"),
              "t.rules:1:1: lexicon @a is defined in terms of itself");
    CHECK_STR(error_of("lexicon a = b frob\n"),
              "t.rules:1:15: expected '+', 'where', 'weight' or 'default', "
              "not 'frob'");
}

static void hide_echo_and_class_features(void)
{
    /* hide claims its span and reports nothing */
    const char *H = "lexicon place\n长江\nend\n"
                    "rule p\n type place\n pattern @place\nend\n"
                    "rule h\n type hide\n priority 5\n pattern 长江学者\nend\n";
    CHECK_STR(run(H, "长江学者在长江边"), "place 长江");
    /* class features: a name after punctuation scores, inside a run not */
    const char *F = "lexicon sur w=1\n张\nend\n"
                    "rule r\n type person\n pattern <@sur \\h>\n score 0\n"
                    " threshold 2\n bonus 1 before [\\p]\n echo\nend\n";
    CHECK_STR(run(F, ",张三说。看张三"), "person 张三 | person 张三");
    CHECK_STR(run(F, "看张三"), "");
}

static void examples(void)
{
    zhx_error err;
    const char *ok = "lexicon title\n院士\nend\n"
                     "rule p\n type person\n pattern <陈\\h{2}> <role:@title>\n"
                     " example: 由陈润生院士牵头 -> person 陈润生 role 院士\n"
                     " example 陈润生 -> none\nend\n";
    zhx_rules *r = load(ok, &err);
    CHECK(r != NULL);
    size_t n = 0;
    CHECK_INT(zhx_rules_check_examples(r, &n, &err), ZHX_OK);
    CHECK_INT(n, 2);
    zhx_rules_free(r);
    const char *bad = "rule p\n type person\n pattern <陈\\h{2}> 院士\n"
                      " example 由陈润生院士牵头 -> person 陈润 role 院士\n"
                      "end\n";
    r = load(bad, &err);
    CHECK(r != NULL);
    CHECK_INT(zhx_rules_check_examples(r, NULL, &err), ZHX_EEXAMPLE);
    CHECK_INT(err.line, 4);
    CHECK_INT(err.col, 10);
    CHECK(strstr(err.message, "got person 陈润生 (p)") != NULL);
    zhx_rules_free(r);
}

static void defaults_load(void)
{
    zhx_error err;
    zhx_rules *r = zhx_rules_new();
    CHECK_INT(zhx_rules_add_defaults(r, &err), ZHX_OK);
    CHECK_INT(zhx_rules_compile(r, &err), ZHX_OK);
    size_t n = 0;
    int rc = zhx_rules_check_examples(r, &n, &err);
    if (rc)
        fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line, err.col,
                err.message);
    CHECK_INT(rc, ZHX_OK);
    CHECK(zhx_rules_count(r) == 0 || n > 0);
    zhx_rules_free(r);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void hostile_rules(void)
{
    /* nested quantifiers that backtrack exponentially in a naive engine */
    const char *R = "rule evil\n type t\n pattern (a*)*(a?){30}a{30}b\nend\n"
                    "rule evil2\n type t\n pattern ((a|aa)*)*c\nend\n";
    zhx_error err;
    zhx_rules *r = load(R, &err);
    CHECK(r != NULL);
    if (!r)
        return;
    zhx_matcher *m = zhx_matcher_new(r);
    /* each (instruction, position) is visited once per anchor: time is
     * linear in the text, whatever the pattern */
    static uint32_t w[4000];
    for (size_t i = 0; i < 4000; i++)
        w[i] = 'a';
    double t0 = now();
    CHECK_INT(zhx_matcher_run_text(m, w, 4000, &err), ZHX_OK);
    double dt = now() - t0;
    CHECK_INT(zhx_matcher_count(m), 0);
    CHECK(dt < 2.0);
    zhx_matcher_free(m);
    zhx_rules_free(r);

    /* a lexicon of 100,000 entries loads and matches */
    size_t cap = 100000 * 16 + 200;
    char *big = malloc(cap);
    size_t k = (size_t)snprintf(big, cap, "lexicon big\n");
    for (int i = 0; i < 100000; i++)
        k += (size_t)snprintf(big + k, cap - k, "词%d\n", i);
    k += (size_t)snprintf(big + k, cap - k,
                          "end\nrule b\n type t\n pattern <@big> !\\d\nend\n");
    t0 = now();
    r = load(big, &err);
    CHECK(r != NULL);
    CHECK(now() - t0 < 2.0);
    if (r) {
        CHECK_INT(zhx_rules_lexicon_entries(r), 100000);
        m = zhx_matcher_new(r);
        uint32_t x[16];
        size_t xn = to_cps("看词99999了", x, 16);
        zhx_matcher_run_text(m, x, xn, &err);
        CHECK_INT(zhx_matcher_count(m), 1);
        zhx_matcher_free(m);
        zhx_rules_free(r);
    }
    free(big);
    /* too many nested groups is an error, not a stack overflow */
    char deep[400];
    k = (size_t)snprintf(deep, sizeof deep, "rule d\n type t\n pattern ");
    for (int i = 0; i < 40; i++)
        deep[k++] = '(';
    deep[k++] = 'a';
    for (int i = 0; i < 40; i++)
        deep[k++] = ')';
    snprintf(deep + k, sizeof deep - k, "\nend\n");
    CHECK(strstr(error_of(deep), "nested too deeply") != NULL);
}

int main(void)
{
    TEST(parse_errors);
    TEST(literals_and_lexicons);
    TEST(classes_and_quantifiers);
    TEST(captures_and_context);
    TEST(backward_extension);
    TEST(resolution);
    TEST(scoring);
    TEST(norms);
    TEST(roles_in_lists);
    TEST(derived_lexicons);
    TEST(hide_echo_and_class_features);
    TEST(examples);
    TEST(defaults_load);
    TEST(hostile_rules);
    return harness_done("test_rules");
}
