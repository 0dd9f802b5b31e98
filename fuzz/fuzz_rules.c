/* libFuzzer target: the entity rules-file parser and compiler. A file that
 * is rejected must say where (file, line >= 1, column >= 1, a message);
 * one that compiles has its examples checked and runs over a fixed text,
 * so random patterns go through the matcher (libFuzzer's -timeout catches
 * a slow one). Rules may name the embedded lexicons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhx/rules.h"

#include "fuzz.h"

static const char text[] =
    "2024年09月28日 09:16 内蒙古新闻网。华中农业大学研究生张博选择来呼就业,"
    "由陈润生院士牵头的“动物mRNA疫苗递送系统”,实施科技“突围”工程,"
    "首府与首都。《呼和浩特市吸引人才政策10条(试行)》aaaa1234";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    zhx_error err;
    zhx_error_clear(&err);
    zhx_rules *r = zhx_rules_new();
    must(r != NULL);
    int rc = zhx_rules_add(r, "fuzz.rules", (const char *)data, size, &err);
    if (rc == ZHX_OK)
        rc = zhx_rules_compile(r, &err);
    if (rc != ZHX_OK) {
        must(rc == ZHX_ESYNTAX || rc == ZHX_ELIMIT || rc == ZHX_ENOMEM);
        must(err.code == rc && err.message[0]);
        if (rc == ZHX_ESYNTAX && err.file[0])
            must(err.line >= 1 && err.col >= 1);
        zhx_rules_free(r);
        return 0;
    }
    rc = zhx_rules_check_examples(r, NULL, &err);
    must(rc == ZHX_OK || (rc == ZHX_EEXAMPLE && err.line >= 1));
    zhx_matcher *m = zhx_matcher_new(r);
    must(m != NULL);
    static uint32_t cps[512];
    size_t n = 0, len = sizeof text - 1;
    for (size_t i = 0; i < len && n < 512;) {
        int k = zhx_utf8_decode((const unsigned char *)text + i, len - i,
                                &cps[n]);
        must(k > 0);
        n++;
        i += (size_t)k;
    }
    zhx_matcher_set_explain(m, 1);
    must(zhx_matcher_run_text(m, cps, n, &err) == ZHX_OK);
    size_t last = 0;
    for (size_t i = 0; i < zhx_matcher_count(m); i++) {
        const zhx_match *x = zhx_matcher_get(m, i);
        must(x->start < x->end && x->end <= n && x->start >= last);
        last = x->end;
    }
    zhx_matcher_free(m);
    zhx_rules_free(r);
    return 0;
}
