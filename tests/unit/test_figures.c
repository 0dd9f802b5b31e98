/* The figures stage: chunks built by hand from strings (identity map),
 * and an accuracy floor on the seed article against its gold file. */
#include "harness.h"

#include <cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zhx/figures.h"
#include "zhx/input.h"
#include "zhx/norm.h"
#include "zhx/seg.h"

typedef struct fig {
    char text[128], value[64], value_max[64], unit[32], subject[128];
    const char *kind, *approx, *rule, *reason;
    int kept;
} fig;

typedef struct run {
    fig f[64];
    int n;
    const uint32_t *cp;
} run;

static zhx_figs *F;

static int collect(void *ctx, const zhx_chunk *c, const zhx_figure *x)
{
    run *r = ctx;
    if (r->n == 64)
        return 0;
    fig *f = &r->f[r->n++];
    zhx_cps_utf8(c->text, x->start, x->end, f->text, sizeof f->text);
    zhx_decimal_format(&x->value, f->value, sizeof f->value);
    if (x->has_max)
        zhx_decimal_format(&x->value_max, f->value_max, sizeof f->value_max);
    else
        f->value_max[0] = '\0';
    snprintf(f->unit, sizeof f->unit, "%s", x->unit);
    snprintf(f->subject, sizeof f->subject, "%s",
             x->subject ? x->subject : "");
    f->kind = zhx_fig_kind_name(x->kind);
    f->approx = zhx_approx_name(x->approx) ? zhx_approx_name(x->approx) : "";
    f->rule = x->rule;
    f->kept = x->kept;
    f->reason = x->reason ? x->reason : "";
    return 0;
}

/* Run the stage over s as one chunk with an identity map. */
static run *figs(const char *s, unsigned flags)
{
    static run r;
    static uint32_t cp[4096], map[4097];
    static zhx_sentence *sents;
    static size_t cap;
    size_t n = 0, bl = strlen(s), ns = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (bl && n < 4096) {
        int k = zhx_utf8_decode(p, bl, &cp[n]);
        if (k <= 0)
            break;
        map[n] = (uint32_t)n;
        n++, p += k, bl -= (size_t)k;
    }
    map[n] = (uint32_t)n;
    zhx_split_sentences(cp, n, 0, &sents, &ns, &cap);
    zhx_chunk c = {"t", cp, n, 0, 1, cp, n, map, sents, ns, 0};
    memset(&r, 0, sizeof r);
    zhx_error err;
    zhx_error_clear(&err);
    CHECK_INT(zhx_figs_run(F, &c, flags, collect, &r, &err), ZHX_OK);
    return &r;
}

/* The only figure of s. */
static fig *one(const char *s)
{
    static fig none;
    run *r = figs(s, 0);
    if (r->n != 1) {
        fprintf(stderr, "%s: %d figures in %s\n", harness_case, r->n, s);
        harness_case_failed = 1;
        memset(&none, 0, sizeof none);
        none.kind = none.approx = none.rule = none.reason = "";
        return &none;
    }
    return &r->f[0];
}

#define FIG(s, text_, value_, unit_)                                        \
    do {                                                                    \
        fig *f_ = one(s);                                                   \
        CHECK_STR(f_->text, text_);                                         \
        CHECK_STR(f_->value, value_);                                       \
        CHECK_STR(f_->unit, unit_);                                         \
    } while (0)

/* s has no figure; with --all, its first numeral has this reason. */
#define NOFIG(s, reason_)                                                   \
    do {                                                                    \
        CHECK_INT(figs(s, 0)->n, 0);                                        \
        run *r_ = figs(s, ZHX_FIGS_ALL);                                    \
        CHECK(r_->n >= 1);                                                  \
        if (r_->n >= 1)                                                     \
            CHECK_STR(r_->f[0].reason, reason_);                            \
    } while (0)

static void annotation_examples(void)
{
    fig *f = one("投放贷款1.26亿元。");
    CHECK_STR(f->text, "1.26亿元");
    CHECK_STR(f->value, "126000000");
    CHECK_STR(f->unit, "元");
    CHECK_STR(f->kind, "money");
    CHECK_STR(f->subject, "投放贷款");
    CHECK_STR(f->rule, "fig.num-unit");
    FIG("人才总数达到1.09万人。", "1.09万人", "10900", "人");
    f = one("只要500多元就可以入住。");
    CHECK_STR(f->text, "500多元");
    CHECK_STR(f->approx, "over");
    f = one("市场价的30%。");
    CHECK_STR(f->kind, "percent");
    CHECK_STR(f->unit, "%");
    f = one("排名第30位。");
    CHECK_STR(f->text, "第30位");
    CHECK_STR(f->kind, "rank");
    CHECK_STR(f->rule, "fig.rank");
    f = one("资助20万元至200万元。");
    CHECK_STR(f->value, "200000");
    CHECK_STR(f->value_max, "2000000");
    CHECK_STR(f->unit, "元");
    CHECK_STR(f->rule, "fig.range");
    f = one("奖励最高1亿元。");
    CHECK_STR(f->text, "最高1亿元");
    CHECK_STR(f->approx, "under");
}

static void approx_markers(void)
{
    fig *f = one("汇聚超过5000名技术人员。");
    CHECK_STR(f->text, "超过5000名");
    CHECK_STR(f->approx, "over");
    CHECK_STR(one("1000余名人员")->approx, "over");
    f = one("换新率达到15%以上。");
    CHECK_STR(f->text, "15%以上");
    CHECK_STR(f->approx, "over");
    CHECK_STR(one("约3000人参加")->approx, "about");
    CHECK_STR(one("近一吨冰毒")->approx, "about");
    CHECK_STR(one("来了300人左右")->approx, "about");
    CHECK_STR(one("不到20年的时间")->approx, "under");
    CHECK_STR(one("招收5人以下")->approx, "under");
    /* 达, 仅, 累计 are no markers and stay out of the span */
    f = one("累计引进人才达3565名。");
    CHECK_STR(f->text, "3565名");
    CHECK_STR(f->approx, "");
    /* 最近 is no 近 */
    CHECK_STR(one("最近3天")->approx, "");
    CHECK_STR(one("他比三十岁大")->approx, "over");
    CHECK_STR(one("十几个城市")->approx, "over");
    CHECK_STR(one("几十个城市")->approx, "over");
    CHECK_STR(one("建立了数十家企业")->approx, "over");
    CHECK_STR(one("建立了数十家企业")->text, "数十家");
    CHECK_STR(one("一个多月")->approx, "over");
    CHECK_STR(one("两个多小时")->unit, "小时");
    /* one 多 is the marker; the next one begins 多用途 */
    f = one("出口80多个多用途集装箱");
    CHECK_STR(f->text, "80多个");
    CHECK_STR(f->approx, "over");
}

static void units_and_kinds(void)
{
    FIG("共组织培训1.76万人次。", "1.76万人次", "17600", "人次");
    FIG("面积3.5平方公里", "3.5平方公里", "3.5", "平方公里");
    FIG("增长2.4个百分点", "2.4个百分点", "2.4", "百分点");
    FIG("三成的企业", "三成", "30", "%");
    FIG("打九折", "九折", "90", "%");
    FIG("七五折", "七五折", "75", "%");
    FIG("七成六", "七成六", "76", "%");
    FIG("三十九摄氏度", "三十九摄氏度", "39", "℃");
    FIG("全长12千米", "12千米", "12", "公里");
    FIG("3万千瓦", "3万千瓦", "30000", "千瓦");
    FIG("两千米长跑", "两千米", "2000", "米"); /* as usually read */
    FIG("三十两银子", "三十两", "30", "两");
    FIG("一吨半", "一吨半", "1.5", "吨");
    FIG("半小时后", "半小时", "0.5", "小时");
    FIG("五元三毛", "五元三毛", "5.3", "元");
    FIG("50元6角三分", "50元6角三分", "50.63", "元");
    FIG("两美元又三美分", "两美元又三美分", "2.03", "美元");
    FIG("售价$20", "$20", "20", "美元");
    FIG("10日元5日本銭", "10日元5日本銭", "10.05", "日元");
    FIG("市区十三万人口", "十三万人口", "130000", "人");
    CHECK_STR(one("三分之一的企业")->value, "0.3333333333333333");
    CHECK_STR(one("三分之一的企业")->kind, "other");
    CHECK_STR(one("增长百分之三十")->kind, "percent");
    CHECK_STR(one("持续了五年")->kind, "other");
    CHECK_STR(one("全年5万大学毕业生留呼")->unit, "");
    CHECK_STR(one("全年5万大学毕业生留呼")->kind, "count");
}

static void ranges(void)
{
    fig *f = one("需要3-5个工作日");
    CHECK_STR(f->value, "3");
    CHECK_STR(f->value_max, "5");
    CHECK_STR(f->unit, "个");
    f = one("大概20~100个");
    CHECK_STR(f->value_max, "100");
    f = one("两到三万元");
    CHECK_STR(f->value, "20000");
    CHECK_STR(f->value_max, "30000");
    CHECK_STR(f->unit, "元");
    f = one("二三十年");
    CHECK_STR(f->value, "20");
    CHECK_STR(f->value_max, "30");
    f = one("年龄在18岁至35岁之间");
    CHECK_STR(f->value, "18");
    CHECK_STR(f->value_max, "35");
    f = one("位于20和30之间");
    CHECK_STR(f->value_max, "30");
    f = one("数字在1000以上, 1500以下");
    CHECK_STR(f->value, "1000");
    CHECK_STR(f->value_max, "1500");
    CHECK_STR(f->rule, "fig.bounds");
    /* descending is no range: two figures */
    CHECK_INT(figs("约2.5亿年~6500万年", 0)->n, 2);
    CHECK_INT(figs("大于50小于12的数", 0)->n, 2);
    /* 36% and 42% are two figures, 提升至 is no connector */
    CHECK_INT(figs("占比从去年的36%提升至42%。", 0)->n, 2);
}

static void dates_and_times(void)
{
    NOFIG("2024年09月28日 09:16", "date");
    run *r = figs("2024年09月28日 09:16", ZHX_FIGS_ALL);
    CHECK_INT(r->n, 4);
    if (r->n == 4)
        CHECK_STR(r->f[3].reason, "time");
    NOFIG("2023年,呼和浩特市", "date");
    NOFIG("二〇二四年", "date");
    NOFIG("三月四日", "date");
    NOFIG("下午3点开会", "time");
    NOFIG("2024-09-28发布", "date");
    NOFIG("Copyright © 1996-2024 SINA", "date");
    NOFIG("星期一", "date");
    NOFIG("一季度", "date");
    NOFIG("’97北京", "date");
    NOFIG("90年代", "date");
    /* durations are figures */
    FIG("连续3年增长", "3年", "3", "年");
    FIG("用了3个月", "3个月", "3", "个月");
    FIG("提出三点要求", "三点", "3", "点");
}

static void names_and_words(void)
{
    NOFIG("聚焦“六大产业集群”建设", "name");
    NOFIG("航天六院等总部项目", "bare");
    NOFIG("陈十一、欧阳明高院士", "bare");
    NOFIG("浙江清华长三角研究院", "word");
    NOFIG("组织实施“十万大学生留呼工程”", "name");
    NOFIG("《呼和浩特市吸引人才政策10条(试行)》", "name");
    NOFIG("党的十五大提出", "name");
    NOFIG("世界500强企业", "name");
    NOFIG("一些企业", "word");
    NOFIG("全国统一", "word");
    NOFIG("十分重要", "word");
    NOFIG("千万不要", "word");
    NOFIG("一应俱全", "idiom");
    NOFIG("这一问题", "word");
    CHECK_INT(figs("大陆", ZHX_FIGS_ALL)->n, 0); /* 陆 alone is no numeral */
}

static void articles_and_codes(void)
{
    NOFIG("仅仅是工作的一个缩影", "indefinite");
    NOFIG("做一个乐业有为的青年", "indefinite");
    NOFIG("对新的一年充满希望", "indefinite");
    NOFIG("这是取得重大成果的一年", "indefinite");
    FIG("用一年时间推行", "一年", "1", "年");
    NOFIG("提供“一对一”融资服务", "name");
    FIG("仅一个", "一个", "1", "个");
    FIG("第一批重点项目", "第一批", "1", "批");
    FIG("一个多月", "一个多月", "1", "个月");
    NOFIG("5G网络", "code");
    NOFIG("G20峰会", "code");
    NOFIG("COVID-19疫情", "code");
    NOFIG("热线9816843887", "code");
    NOFIG("以3:0战胜对手", "ratio");
    NOFIG("1、加强领导", "enum");
    NOFIG("第一,要加强", "enum");
    /* 20，300 in the original is two numbers, not 20300 */
    CHECK_INT(figs("$20，300美元", 0)->n, 2);
    FIG("共15,472套", "15,472套", "15472", "套");
}

static void subjects(void)
{
    CHECK_STR(one("汇聚10名院士、")->subject, "院士");
    CHECK_STR(one("在全国288个地级及以上城市中,")->subject,
              "地级及以上城市");
    CHECK_STR(one("人才总数达到1.09万人。")->subject, "人才总数");
    CHECK_STR(one("引进黄维、任发政等院士30名,")->subject, "院士");
    CHECK_STR(one("首批4家企业已成功入驻")->subject, "企业");
    run *r = figs("占比从去年的36%提升至42%。", 0);
    CHECK_STR(r->f[0].subject, "占比");
    CHECK_STR(r->f[1].subject, "占比");
    r = figs("建成国家级高技能人才培训基地2个、自治区级7个。", 0);
    CHECK_INT(r->n, 2);
    CHECK_STR(r->f[1].subject, "自治区级高技能人才培训基地");
    r = figs("租房费用仅是市场价的30%,只要500多元就可以入住。", 0);
    CHECK_STR(r->f[0].subject, "租房费用");
    CHECK_STR(r->f[1].subject, "租房费用");
    CHECK_STR(one("同比增长了5%。")->subject, "");
    /* a credit in brackets ends the clause; 位居 is a verb */
    CHECK_STR(one("本报讯(记者 周杰)亚运会闭幕一年,")->subject, "亚运会闭幕");
    r = figs("销量连续九年位居全球第一。", 0);
    CHECK_INT(r->n, 2);
    CHECK_STR(r->f[0].subject, "销量");
    /* a lone preposition left before the figure is no subject */
    CHECK_STR(one("李铁映等向第一批获得证书的代表颁证。")->subject, "");
}

static void all_mode_and_order(void)
{
    run *r = figs("2023年,新增一些企业5家。", ZHX_FIGS_ALL);
    CHECK_INT(r->n, 3);
    CHECK(!r->f[0].kept);
    CHECK(!r->f[1].kept);
    CHECK(r->f[2].kept);
    CHECK_STR(r->f[2].reason, "");
    CHECK_INT(figs("2023年,新增一些企业5家。", 0)->n, 1);
}

static int stop_early(void *ctx, const zhx_chunk *c, const zhx_figure *f)
{
    (void)c, (void)f;
    return ++*(int *)ctx == 2 ? 42 : 0;
}

static void callback_stops(void)
{
    uint32_t cp[] = {'1', 0x4E2A, ',', '2', 0x4E2A, ',', '3', 0x4E2A};
    uint32_t map[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    zhx_chunk c = {"t", cp, 8, 0, 1, cp, 8, map, NULL, 0, 0};
    int calls = 0;
    zhx_error err;
    CHECK_INT(zhx_figs_run(F, &c, 0, stop_early, &calls, &err), 42);
    CHECK_INT(calls, 2);
    /* an empty chunk */
    c.len = 0;
    calls = 0;
    CHECK_INT(zhx_figs_run(F, &c, 0, stop_early, &calls, &err), ZHX_OK);
    CHECK_INT(calls, 0);
}

static void rules_dir(void)
{
    /* A rules directory replaces the compiled-in lists; a bad line is an
     * error with its file and line. */
    char dir[] = "/tmp/zhx-figs-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/figures", dir);
    CHECK_INT(mkdir(path, 0700), 0);
    const char *names[] = {"units.txt", "approx.txt", "words.txt",
                           "subject.txt"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/figures/%s", dir, names[i]);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(i == 0 ? "# units\n个\tcl\n元\tkind=money\n" : "", f);
            fclose(f);
        }
    }
    zhx_error err;
    zhx_error_clear(&err);
    zhx_figs *G = zhx_figs_new(dir, &err);
    CHECK(G != NULL);
    zhx_figs_free(G);
    snprintf(path, sizeof path, "%s/figures/units.txt", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("个\tcl\n元\tkind=cash\n", f);
        fclose(f);
    }
    G = zhx_figs_new(dir, &err);
    CHECK(G == NULL);
    CHECK_INT(err.code, ZHX_ESYNTAX);
    CHECK_INT(err.line, 2);
    CHECK(strstr(err.file, "units.txt") != NULL);
    CHECK(strstr(err.message, "kind=cash") != NULL);
    G = zhx_figs_new("/nonexistent/zhx", &err);
    CHECK(G == NULL);
    CHECK_INT(err.code, ZHX_EIO);
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/figures/%s", dir, names[i]);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/figures", dir);
    rmdir(path);
    rmdir(dir);
}

/* Figure F1 on the seed article the way score_article.py computes it:
 * a prediction matches a gold figure when the spans overlap and value,
 * value_max (when gold has one) and unit are equal. */
typedef struct pred {
    size_t start, end;
    double value, value_max;
    int has_max;
    char unit[32], approx[8], subject[256];
} pred;

typedef struct preds {
    pred p[512];
    int n;
} preds;

static int keep_pred(void *ctx, const zhx_chunk *c, const zhx_figure *f)
{
    preds *P = ctx;
    if (P->n == 512)
        return 0;
    pred *p = &P->p[P->n++];
    zhx_chunk_span(c, f->start, f->end, &p->start, &p->end);
    p->value = zhx_decimal_to_double(&f->value);
    p->value_max = zhx_decimal_to_double(&f->value_max);
    p->has_max = f->has_max;
    snprintf(p->unit, sizeof p->unit, "%s", f->unit);
    snprintf(p->approx, sizeof p->approx, "%s",
             zhx_approx_name(f->approx) ? zhx_approx_name(f->approx) : "");
    snprintf(p->subject, sizeof p->subject, "%s",
             f->subject ? f->subject : "");
    return 0;
}

static int num_eq(double a, double b)
{
    double m = a > 0 ? a : -a, n = b > 0 ? b : -b;
    double d = a - b > 0 ? a - b : b - a;
    return a == b || d <= 1e-9 * (m > n ? m : n);
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void seed_article(void)
{
    static preds P;
    P.n = 0;
    zhx_error err;
    zhx_error_clear(&err);
    zhx_input_opts io = {.format = ZHX_IN_TEXT};
    io.norm_flags = ZHX_NORM_DEFAULT;
    zhx_input *in = zhx_input_new(&io, &err);
    CHECK(in != NULL);
    if (!in)
        return;
    CHECK_INT(zhx_input_open(in, "testdata/hohhot-talent-2024.txt", &err),
              ZHX_OK);
    while (zhx_input_next_doc(in, &err) == 1) {
        const zhx_chunk *c;
        while (zhx_input_next_chunk(in, &c, &err) == 1)
            zhx_figs_run(F, c, 0, keep_pred, &P, &err);
    }
    zhx_input_free(in);
    char *gold = harness_slurp("testdata/gold/hohhot-talent-2024.json", NULL);
    CHECK(gold != NULL);
    cJSON *g = gold ? cJSON_Parse(gold) : NULL;
    const cJSON *gf = cJSON_GetObjectItemCaseSensitive(g, "figures");
    int ngold = cJSON_GetArraySize(gf), tp = 0, same_approx = 0,
        with_subj = 0, same_subj = 0;
    char used[512] = {0};
    const cJSON *x;
    cJSON_ArrayForEach(x, gf)
    {
        size_t s = (size_t)cJSON_GetObjectItemCaseSensitive(x, "start")->valuedouble;
        size_t e = (size_t)cJSON_GetObjectItemCaseSensitive(x, "end")->valuedouble;
        double v = cJSON_GetObjectItemCaseSensitive(x, "value")->valuedouble;
        const cJSON *vm = cJSON_GetObjectItemCaseSensitive(x, "value_max");
        for (int i = 0; i < P.n; i++) {
            pred *p = &P.p[i];
            if (used[i] || p->start >= e || s >= p->end ||
                !num_eq(v, p->value) || strcmp(jstr(x, "unit"), p->unit))
                continue;
            if (cJSON_IsNumber(vm) &&
                (!p->has_max || !num_eq(vm->valuedouble, p->value_max)))
                continue;
            used[i] = 1;
            tp++;
            same_approx += !strcmp(jstr(x, "approx"), p->approx);
            const char *gs = jstr(x, "subject");
            if (*gs) {
                with_subj++;
                same_subj += *p->subject && (strstr(p->subject, gs) ||
                                             strstr(gs, p->subject));
            }
            break;
        }
    }
    double prec = P.n ? (double)tp / P.n : 0, rec = ngold ? (double)tp / ngold : 0;
    double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
    double ap = tp ? (double)same_approx / tp : 0;
    double sj = with_subj ? (double)same_subj / with_subj : 0;
    printf("seed article: %d gold, %d predicted, %d matched: F1 %.4f, "
           "approx %.4f, subject %.4f\n",
           ngold, P.n, tp, f1, ap, sj);
    CHECK(ngold == 63);
    CHECK(f1 >= 0.97);
    CHECK(ap >= 0.97);
    CHECK(sj >= 0.80);
    cJSON_Delete(g);
    free(gold);
}

int main(void)
{
    zhx_error err;
    zhx_error_clear(&err);
    F = zhx_figs_new(NULL, &err);
    if (!F) {
        fprintf(stderr, "zhx_figs_new: %s\n", err.message);
        return 1;
    }
    TEST(annotation_examples);
    TEST(approx_markers);
    TEST(units_and_kinds);
    TEST(ranges);
    TEST(dates_and_times);
    TEST(names_and_words);
    TEST(articles_and_codes);
    TEST(subjects);
    TEST(all_mode_and_order);
    TEST(callback_stops);
    TEST(rules_dir);
    TEST(seed_article);
    zhx_figs_free(F);
    return harness_done("test_figures");
}
