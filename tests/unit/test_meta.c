/* The meta stage: rules parsing and errors, the matcher, line kinds, fields,
 * streaming (date known early, boilerplate final at once), offsets. */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "meta_rules.h"
#include "zhx/input.h"
#include "zhx/meta.h"

static zhx_meta_rules *defaults;

/* ---- running a document ------------------------------------------------- */

#define MAXL 64
typedef struct run {
    zhx_line_kind kind[MAXL];     /* as returned per chunk, by chunk line */
    zhx_meta_line settled[MAXL];  /* final kinds (text not kept) */
    char text[MAXL][128];
    size_t n_settled;
    unsigned long pub_line;       /* line after which published was known */
    const zhx_meta_doc *doc;
} run;

static run R;

static void run_doc(zhx_meta *m, const char *text, size_t max_chunk)
{
    memset(&R, 0, sizeof R);
    zhx_input_opts o = {.format = ZHX_IN_TEXT, .norm_flags = ZHX_NORM_DEFAULT,
                        .max_chunk = max_chunk};
    zhx_error err;
    zhx_input *in = zhx_input_new(&o, &err);
    CHECK(in != NULL);
    FILE *f = fmemopen((void *)text, strlen(text), "rb");
    CHECK(f != NULL);
    CHECK_INT(zhx_input_open_stream(in, f, "t", &err), ZHX_OK);
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_INT(zhx_meta_begin(m, "t", &err), ZHX_OK);
    const zhx_chunk *c;
    while (zhx_input_next_chunk(in, &c, &err) > 0) {
        zhx_line_kind k;
        CHECK_INT(zhx_meta_chunk(m, c, &k, &err), ZHX_OK);
        if (c->line < MAXL && R.kind[c->line] == ZHX_LINE_BLANK)
            R.kind[c->line] = k;
        if (!R.pub_line && zhx_meta_published(m))
            R.pub_line = c->line;
        size_t n;
        const zhx_meta_line *l = zhx_meta_settled(m, &n);
        for (size_t i = 0; i < n && R.n_settled < MAXL; i++) {
            snprintf(R.text[R.n_settled], sizeof R.text[0], "%s", l[i].text);
            R.settled[R.n_settled++] = l[i];
        }
    }
    CHECK_INT(zhx_meta_end(m, &R.doc, &err), ZHX_OK);
    size_t n;
    const zhx_meta_line *l = zhx_meta_settled(m, &n);
    for (size_t i = 0; i < n && R.n_settled < MAXL; i++) {
        snprintf(R.text[R.n_settled], sizeof R.text[0], "%s", l[i].text);
        R.settled[R.n_settled++] = l[i];
    }
    fclose(f);
    zhx_input_free(in);
}

/* Final kind of line (1-based), or -1. */
static int final_kind(unsigned long line)
{
    for (size_t i = 0; i < R.n_settled; i++)
        if (R.settled[i].line == line)
            return (int)R.settled[i].kind;
    return -1;
}

static zhx_meta *stage(unsigned flags)
{
    zhx_error err;
    zhx_meta *m = zhx_meta_new(defaults, flags, &err);
    CHECK(m != NULL);
    return m;
}

/* ---- rules ----------------------------------------------------------------- */

static int add(zhx_meta_rules *r, const char *text, zhx_error *err)
{
    return zhx_meta_rules_add(r, "x.rules", text, strlen(text), err);
}

static void expect_error(const char *text, unsigned long line, unsigned long col, const char *what)
{
    zhx_error err;
    zhx_meta_rules *r = zhx_meta_rules_new(&err);
    CHECK(r != NULL);
    int rc = add(r, text, &err);
    CHECK_INT(rc, ZHX_ESYNTAX);
    CHECK_STR(err.file, "x.rules");
    CHECK_INT(err.line, line);
    CHECK_INT(err.col, col);
    if (!strstr(err.message, what))
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.message, what);
    CHECK(strstr(err.message, what) != NULL);
    CHECK_INT(zhx_meta_rules_count(r), 0);
    zhx_meta_rules_free(r);
}

static void rules_errors_have_positions(void)
{
    expect_error("frob x 来源", 1, 1, "unknown rule kind 'frob'");
    expect_error("# c\n\nboiler\n", 3, 7, "rule id must follow");
    expect_error("boiler a/b x", 1, 9, "rule id is made of");
    expect_error("boiler a\n", 1, 9, "pattern must follow");
    expect_error("drop a 字号{foo}", 1, 11, "unknown class 'foo'");
    expect_error("drop a 字号{d", 1, 10, "not closed");
    expect_error("drop a 字号{d9-2}", 1, 12, "count is N or N-M");
    expect_error("drop a 字号{d300}", 1, 12, "count is N or N-M");
    expect_error("drop a x}", 1, 9, "'}' without '{'");
    expect_error("drop a {[]}", 1, 10, "empty character set");
    expect_error("drop a {sp}", 1, 12, "matches the empty text");
    expect_error("date a {Y}年{M}月", 1, 16, "needs {Y}, {M} and {D}");
    expect_error("date a {Y}{Y}", 1, 11, "appears twice");
    expect_error("source a {Y}", 1, 13, "belong in date rules");
    expect_error("boiler a rest=source x", 1, 10, "applies to date rules");
    expect_error("boiler a at=middle x", 1, 13, "at= takes");
    expect_error("boiler a max=0 x", 1, 14, "number from 1");
    expect_error("boiler a colour=red x", 1, 10, "unknown option 'colour'");
    expect_error("drop a at=line x", 1, 11, "use boiler");
    expect_error("role a field=authors {han2}", 1, 22, "needs role=NAME");
    expect_error("boiler a x\nboiler a y", 2, 8, "duplicate rule id 'a'");
    /* A bad rule anywhere leaves none of the file's rules behind. */
    expect_error("boiler a x\nboiler b y\nnope", 3, 1, "unknown rule kind");
    /* Bytes: invalid UTF-8 and NUL are reported where they are. */
    expect_error("boiler a 好\nboiler b \xff", 2, 10, "invalid UTF-8");
    zhx_error err;
    zhx_meta_rules *r = zhx_meta_rules_new(&err);
    CHECK_INT(zhx_meta_rules_add(r, "n.rules", "boiler a x\0", 11, &err), ZHX_ESYNTAX);
    CHECK_INT(err.col, 11);
    zhx_meta_rules_free(r);
}

static void rules_defaults_load(void)
{
    CHECK(zhx_meta_rules_count(defaults) > 50);
    zhx_error err;
    zhx_meta_rules *r = zhx_meta_rules_new(&err);
    CHECK_INT(add(r, "# only a comment\n\n   \n", &err), ZHX_OK);
    CHECK_INT(zhx_meta_rules_count(r), 0);
    CHECK_INT(add(r, "\xEF\xBB\xBF" "boiler a\t at=start  max=9  扫一扫\r\nrole b field=editors 责编\n", &err), ZHX_OK);
    CHECK_INT(zhx_meta_rules_count(r), 2);
    CHECK_STR(r->r[1].role, "责编");
    CHECK_INT(r->r[1].editors, 1);
    CHECK_INT(r->r[0].max, 9);
    zhx_meta_rules_free(r);
}

/* ---- matcher ----------------------------------------------------------------- */

static size_t match_str(const char *pat, const char *text, zhx_mcap *cap)
{
    zhx_error err;
    zhx_meta_rules *r = zhx_meta_rules_new(&err);
    char line[256];
    snprintf(line, sizeof line, "date d %s", pat);
    if (!strstr(pat, "{Y}"))
        snprintf(line, sizeof line, "drop d %s", pat);
    CHECK_INT(add(r, line, &err), ZHX_OK);
    uint32_t t[128];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && n < 128;) {
        int l = zhx_utf8_decode(p, strlen((const char *)p), &t[n++]);
        p += l;
    }
    size_t e = r->n ? zhx_mrule_match(&r->r[0], t, 0, n, cap) : SIZE_MAX;
    zhx_meta_rules_free(r);
    return e;
}

static void matcher_is_possessive_and_captures(void)
{
    zhx_mcap cap[ZHX_NCAP];
    CHECK_INT(match_str("{Y}年{M}月{D}日{sp}{h}:{m}", "2024年09月28日 09:16 内蒙古", cap), 17);
    CHECK_INT(cap[ZHX_CAP_Y].s, 0);
    CHECK_INT(cap[ZHX_CAP_M].s, 5);
    CHECK_INT(cap[ZHX_CAP_M].e, 7);
    CHECK_INT(cap[ZHX_CAP_MI].e, 17);
    CHECK_INT(cap[ZHX_CAP_S].s, SIZE_MAX);
    /* Full-width literals in a rule match the normalized text. */
    CHECK_INT(match_str("来源：{sp}", "来源:  人民网", cap), 5);
    /* Each class keeps what it took: {han0-8} eats 客户端 and 端 fails. */
    CHECK_INT(match_str("下载{han0-8}端", "下载新闻客户端", cap), SIZE_MAX);
    CHECK_INT(match_str("下载{[^端]0-8}端", "下载新闻客户端", cap), 7);
    CHECK_INT(match_str("{[-/.]}x", "/x", cap), 2);
    CHECK_INT(match_str("{[-/.]}x", "|x", cap), SIZE_MAX);
    /* A space matches a run of white space, not none. */
    CHECK_INT(match_str("大 中", "大\xe3\x80\x80 中", cap), 4);
    CHECK_INT(match_str("大 中", "大中", cap), SIZE_MAX);
    CHECK_INT(match_str("{d2-3}", "1", cap), SIZE_MAX);
    CHECK_INT(match_str("{d2-3}", "12345", cap), 3);
}

/* ---- the stage ------------------------------------------------------------- */

static const char *sina =
    "新浪新闻客户端\n"
    "\n"
    "【栏目】呼和浩特市深化改革\xc2\xa0环境留才\n"
    "\n"
    "【栏目】呼和浩特市深化改革\xc2\xa0环境留才\n"
    "2024年09月28日 09:16 内蒙古新闻网-《内蒙古日报\n"
    "\n"
    "  开头一段,说明情况。\n"
    "   加强平台载体建设\n"
    "  创新资源更加集聚\n"
    "  第二段正文。(草原云·内蒙古新闻网记者 郑学良)\n"
    "  编辑:贾小燕\n"
    "All Rights Reserved 新浪公司 版权所有\n";

static void seed_layout(void)
{
    zhx_meta *m = stage(ZHX_META_KEEP_BODY);
    run_doc(m, sina, 0);
    const zhx_meta_doc *d = R.doc;
    CHECK_STR(d->title, "【栏目】呼和浩特市深化改革\xc2\xa0环境留才");
    CHECK_INT(d->title_start, 9);
    CHECK_STR(d->published, "2024-09-28T09:16");
    CHECK_STR(d->source, "内蒙古新闻网-《内蒙古日报");
    CHECK_INT(d->n_authors, 1);
    CHECK_STR(d->authors[0].name, "郑学良");
    CHECK_STR(d->authors[0].role, "记者");
    CHECK_INT(d->n_editors, 1);
    CHECK_STR(d->editors[0].name, "贾小燕");
    CHECK_INT(d->n_sections, 2);
    CHECK_STR(d->sections[1].text, "创新资源更加集聚");
    CHECK_INT(d->n_body, 2);
    CHECK_STR(d->body[0].text, "开头一段,说明情况。");
    /* Kinds as returned per chunk: boilerplate at once, head provisional. */
    CHECK_INT(R.kind[1], ZHX_LINE_BOILERPLATE);
    CHECK_INT(R.kind[3], ZHX_LINE_HEAD);
    CHECK_INT(R.kind[6], ZHX_LINE_DATELINE);
    CHECK_INT(R.kind[9], ZHX_LINE_SECTION);
    CHECK_INT(R.kind[12], ZHX_LINE_CREDIT);
    CHECK_INT(R.kind[13], ZHX_LINE_BOILERPLATE);
    /* Final kinds. */
    CHECK_INT(final_kind(3), ZHX_LINE_TITLE);
    CHECK_INT(final_kind(5), ZHX_LINE_TITLE);
    CHECK_INT(final_kind(9), ZHX_LINE_SECTION);
    CHECK_INT(final_kind(11), ZHX_LINE_BODY);
    /* The date is known from the date line on, not only at the end. */
    CHECK_INT(R.pub_line, 6);
    int y, mo, dd;
    CHECK_INT(zhx_meta_date(m, &y, &mo, &dd), 1);
    CHECK_INT(y * 10000 + mo * 100 + dd, 20240928);
    /* Settled lines come in document order. */
    for (size_t i = 1; i < R.n_settled; i++)
        CHECK(R.settled[i].line > R.settled[i - 1].line);
    zhx_meta_free(m);
}

static void offsets_point_into_original(void)
{
    /* Full-width text; （完） cut from the paragraph's end. */
    const char *t = "标题在这里写着\n来源：新华网\n　　新华社北京１月１５日电（记者　张三、李四）正文一。（完）\n";
    zhx_meta *m = stage(ZHX_META_KEEP_BODY);
    run_doc(m, t, 0);
    const zhx_meta_doc *d = R.doc;
    CHECK_STR(d->source, "新华网");
    CHECK_INT(d->n_authors, 2);
    CHECK_STR(d->authors[1].name, "李四");
    CHECK_INT(d->n_body, 1);
    CHECK_STR(d->body[0].text, "新华社北京１月１５日电（记者　张三、李四）正文一。");
    CHECK_INT(d->body[0].start, 17);
    CHECK_INT(d->body[0].end, 17 + 25);
    CHECK_INT(d->authors[0].start, 17 + 15);
    CHECK_INT(d->authors[0].end, 17 + 17);
    CHECK(d->published == NULL);
    CHECK_STR(d->title, "标题在这里写着");
    zhx_meta_free(m);
}

static void short_lines_are_headings_only_before_body(void)
{
    const char *t = "正文一。\n小标题一\n正文二。\n甲乙丙丁\n戊己庚辛\n壬癸子丑\n寅卯辰巳\n正文三。\n落款单位\n2024年1月10日\n";
    zhx_meta *m = stage(0);
    run_doc(m, t, 0);
    const zhx_meta_doc *d = R.doc;
    CHECK_INT(d->n_sections, 1);
    CHECK_STR(d->sections[0].text, "小标题一");
    /* Four short lines in a row are a list; a signature at the end is body;
     * with no date line in the head, the signature's date is the date. */
    CHECK_INT(final_kind(4), ZHX_LINE_BODY);
    CHECK_INT(final_kind(7), ZHX_LINE_BODY);
    CHECK_INT(final_kind(9), ZHX_LINE_BODY);
    CHECK_INT(final_kind(10), ZHX_LINE_DATELINE);
    CHECK_STR(d->published, "2024-01-10");
    CHECK(d->title == NULL);
    CHECK_INT(d->n_body, 8);
    zhx_meta_free(m);
}

static void title_choice(void)
{
    zhx_meta *m = stage(0);
    /* The longest head line; a dashed subtitle never. */
    run_doc(m, "人民网\n推动数字经济深度融合\n——访国家发展改革委有关负责人谈数字经济\n2024-01-16\n正文。\n", 0);
    CHECK_STR(R.doc->title, "推动数字经济深度融合");
    CHECK_INT(final_kind(1), ZHX_LINE_HEAD);
    CHECK_INT(final_kind(3), ZHX_LINE_HEAD);
    CHECK_STR(R.doc->published, "2024-01-16");
    /* An impossible date is no date line. */
    run_doc(m, "标题标题\n2024年02月30日\n正文。\n", 0);
    CHECK(R.doc->published == NULL);
    run_doc(m, "标题标题\n2024年02月29日 23:59:59\n", 0);
    CHECK_STR(R.doc->published, "2024-02-29T23:59:59");
    /* A sentence that starts with a date is body, not a date line. */
    run_doc(m, "标题标题\n2024年9月28日,市里开会。\n", 0);
    CHECK(R.doc->published == NULL);
    CHECK_INT(final_kind(2), ZHX_LINE_BODY);
    zhx_meta_free(m);
}

static void credits(void)
{
    zhx_meta *m = stage(0);
    run_doc(m, "标题标题\n记者了解到\n记者从会上获悉\n作者:周杰 吴敏 编辑:李从军\n本报讯(记者 王五 通讯员 赵六)正文。\n(责编:孙七、周八)\n", 0);
    const zhx_meta_doc *d = R.doc;
    CHECK_INT(d->n_authors, 4);
    CHECK_STR(d->authors[0].name, "周杰");
    CHECK_STR(d->authors[0].role, "作者");
    CHECK_STR(d->authors[1].name, "吴敏");
    CHECK_STR(d->authors[2].name, "王五");
    CHECK_STR(d->authors[3].name, "赵六");
    CHECK_STR(d->authors[3].role, "通讯员");
    CHECK_INT(d->n_editors, 3);
    CHECK_STR(d->editors[0].name, "李从军");
    CHECK_STR(d->editors[2].name, "周八");
    CHECK_INT(final_kind(2), ZHX_LINE_HEAD);
    CHECK_INT(final_kind(4), ZHX_LINE_CREDIT);
    CHECK_INT(final_kind(6), ZHX_LINE_CREDIT);
    /* an outlet opens the next credit of a list; 记者 as a plain noun
     * names nobody */
    run_doc(m, "标题标题\n本报北京12月31日讯新华社记者陈雁、本报记者何加正报道:正文。\n"
               "他回答了记者的提问。在记者招待会上,有记者问:好。\n", 0);
    d = R.doc;
    CHECK_INT(d->n_authors, 2);
    CHECK_STR(d->authors[0].name, "陈雁");
    CHECK_STR(d->authors[1].name, "何加正");
    zhx_meta_free(m);
}

static void user_rules_and_long_lines(void)
{
    zhx_error err;
    zhx_meta_rules *r = zhx_meta_rules_new(&err);
    CHECK_INT(add(r, "boiler ad at=any 广告\nrole host field=authors 主持人\n", &err), ZHX_OK);
    zhx_meta *m = zhx_meta_new(r, 0, &err);
    run_doc(m, "正文。\n这是广告位\n主持人 钱九\n", 0);
    CHECK_INT(R.kind[2], ZHX_LINE_BOILERPLATE);
    CHECK_STR(R.settled[1].rule, "ad");
    CHECK_INT(R.doc->n_authors, 1);
    CHECK_STR(R.doc->authors[0].role, "主持人");
    /* A line longer than a chunk: pieces that tile the line. */
    char big[3 * 400 + 8];
    size_t n = 0;
    for (int i = 0; i < 399; i++)
        n += (size_t)sprintf(big + n, "字");
    n += (size_t)sprintf(big + n, "。\n");
    run_doc(m, big, 256);
    CHECK(R.doc->n_body > 2);
    size_t at = 0;
    for (size_t i = 0; i < R.n_settled; i++) {
        CHECK_INT(R.settled[i].kind, ZHX_LINE_BODY);
        CHECK_INT(R.settled[i].start, at);
        at = R.settled[i].end;
    }
    CHECK_INT(at, 400);
    zhx_meta_free(m);
    zhx_meta_rules_free(r);
}

int main(void)
{
    zhx_error err;
    defaults = zhx_meta_rules_new(&err);
    if (!defaults || zhx_meta_rules_add_defaults(defaults, &err)) {
        fprintf(stderr, "%s:%lu:%lu: %s\n", err.file, err.line, err.col, err.message);
        return 1;
    }
    TEST(rules_errors_have_positions);
    TEST(rules_defaults_load);
    TEST(matcher_is_possessive_and_captures);
    TEST(seed_layout);
    TEST(offsets_point_into_original);
    TEST(short_lines_are_headings_only_before_body);
    TEST(title_choice);
    TEST(credits);
    TEST(user_rules_and_long_lines);
    zhx_meta_rules_free(defaults);
    return harness_done("test_meta");
}
