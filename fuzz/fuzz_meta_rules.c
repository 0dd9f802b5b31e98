/* libFuzzer target: the meta rules parser. Input that parses is then used,
 * alone, on a fixed article, so random patterns also go through the
 * matcher (and libFuzzer's -timeout catches any slow pattern). A parse error
 * must name the file and a position. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhx/input.h"
#include "zhx/norm.h"
#include "zhx/meta.h"

#include "fuzz.h"

static const char article[] =
    "新浪新闻客户端\n\n【栏目】一个标题 在这里\n2024年09月28日 09:16 内蒙古新闻网-《内蒙古日报\n"
    "发布时间：2024-01-10　来源：办公厅　字号：大 中 小\n【打印】【关闭】\n"
    "　　新华社北京1月15日电（记者 张三、李四）正文一。（完）\n   小标题\n  正文二。(记者 郑学良)\n"
    "编辑:贾小燕 校对：钱进\nAll Rights Reserved 新浪公司 版权所有\n";

static zhx_input *in;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    zhx_error err;
    zhx_meta_rules *r = zhx_meta_rules_new(&err);
    must(r != NULL);
    int rc = zhx_meta_rules_add(r, "fuzz.rules", (const char *)data, size, &err);
    if (rc != ZHX_OK) {
        must(rc == ZHX_ESYNTAX && strcmp(err.file, "fuzz.rules") == 0 && err.line >= 1 &&
             err.col >= 1 && err.message[0]);
        zhx_meta_rules_free(r);
        return 0;
    }
    if (!in) {
        zhx_input_opts o = {.format = ZHX_IN_TEXT, .norm_flags = ZHX_NORM_DEFAULT};
        in = zhx_input_new(&o, &err);
        must(in != NULL);
    }
    zhx_meta *m = zhx_meta_new(r, ZHX_META_KEEP_BODY, &err);
    must(m != NULL);
    FILE *f = fmemopen((void *)article, sizeof article - 1, "rb");
    must(f && zhx_input_open_stream(in, f, "a", &err) == ZHX_OK);
    must(zhx_input_next_doc(in, &err) == 1 && zhx_meta_begin(m, "a", &err) == ZHX_OK);
    const zhx_chunk *c;
    while (zhx_input_next_chunk(in, &c, &err) > 0) {
        zhx_line_kind k;
        must(zhx_meta_chunk(m, c, &k, &err) == ZHX_OK);
    }
    const zhx_meta_doc *d;
    must(zhx_meta_end(m, &d, &err) == ZHX_OK);
    for (size_t i = 0; i < d->n_body; i++)
        must(d->body[i].text && d->body[i].start <= d->body[i].end);
    fclose(f);
    zhx_meta_free(m);
    zhx_meta_rules_free(r);
    return 0;
}
