/* CSV, TSV, JSON and JSONL writers. */
#include <stdlib.h>

#include "harness.h"
#include "zhx/writer.h"

static const char *const cols[] = {"doc", "n", "value", "text"};

/* Write rows with format fmt and flags; return what came out. */
static const char *run(zhx_format fmt, unsigned flags, int nrows)
{
    static char out[4096];
    FILE *f = tmpfile();
    zhx_error err;
    zhx_writer *w = zhx_writer_new(f, fmt, cols, 4, flags, &err);
    CHECK(w != NULL);
    zhx_value rows[3][4] = {
        {ZHX_V_STR("a.txt"), ZHX_V_INT(12), ZHX_V_NUM("1.57"), ZHX_V_STR("呼和,浩特")},
        {ZHX_V_STR("b"), ZHX_V_INT(-3), ZHX_V_NULL, ZHX_V_STR("say \"hi\"\n\tok\\")},
        {ZHX_V_STR("=cmd"), ZHX_V_INT(9007199254740993LL), ZHX_V_NUM("-2"), ZHX_V_STR("@x")},
    };
    for (int i = 0; i < nrows; i++)
        CHECK_INT(zhx_writer_row(w, rows[i]), ZHX_OK);
    CHECK_INT(zhx_writer_finish(w, &err), ZHX_OK);
    zhx_writer_free(w);
    rewind(f);
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = '\0';
    fclose(f);
    return out;
}

static void csv(void)
{
    CHECK_STR(run(ZHX_FMT_CSV, 0, 3),
              "doc,n,value,text\n"
              "a.txt,12,1.57,\"呼和,浩特\"\n"
              "b,-3,,\"say \"\"hi\"\"\n\tok\\\"\n"
              "=cmd,9007199254740993,-2,@x\n");
    CHECK_STR(run(ZHX_FMT_CSV, ZHX_W_NO_HEADER, 1), "a.txt,12,1.57,\"呼和,浩特\"\n");
    CHECK_STR(run(ZHX_FMT_CSV, 0, 0), "doc,n,value,text\n");
}

static void excel_guards_formulas(void)
{
    CHECK_STR(run(ZHX_FMT_CSV, ZHX_W_EXCEL | ZHX_W_NO_HEADER, 3) + 3 + 0,
              "a.txt,12,1.57,\"呼和,浩特\"\r\n"
              "b,-3,,\"say \"\"hi\"\"\n\tok\\\"\r\n"
              "'=cmd,9007199254740993,-2,'@x\r\n");
    CHECK(memcmp(run(ZHX_FMT_CSV, ZHX_W_EXCEL, 0), "\xEF\xBB\xBF" "doc,", 7) == 0);
}

static void tsv(void)
{
    CHECK_STR(run(ZHX_FMT_TSV, 0, 2),
              "doc\tn\tvalue\ttext\n"
              "a.txt\t12\t1.57\t呼和,浩特\n"
              "b\t-3\t\tsay \"hi\"\\n\\tok\\\\\n");
}

static void jsonl(void)
{
    CHECK_STR(run(ZHX_FMT_JSONL, 0, 3),
              "{\"doc\":\"a.txt\",\"n\":12,\"value\":1.57,\"text\":\"呼和,浩特\"}\n"
              "{\"doc\":\"b\",\"n\":-3,\"value\":null,\"text\":\"say \\\"hi\\\"\\n\\tok\\\\\"}\n"
              "{\"doc\":\"=cmd\",\"n\":9007199254740993,\"value\":-2,\"text\":\"@x\"}\n");
}

static void json_array_and_single(void)
{
    CHECK_STR(run(ZHX_FMT_JSON, 0, 0), "[]\n");
    CHECK_STR(run(ZHX_FMT_JSON, 0, 1),
              "[\n{\"doc\":\"a.txt\",\"n\":12,\"value\":1.57,\"text\":\"呼和,浩特\"}\n]\n");
    CHECK_STR(run(ZHX_FMT_JSON, ZHX_W_JSON_SINGLE, 1),
              "{\"doc\":\"a.txt\",\"n\":12,\"value\":1.57,\"text\":\"呼和,浩特\"}\n");
    const char *two = run(ZHX_FMT_JSON, ZHX_W_JSON_SINGLE, 2);
    CHECK(strncmp(two, "[\n{\"doc\":\"a.txt\"", 16) == 0);
    CHECK(strstr(two, "},\n{\"doc\":\"b\"") != NULL);
}

static void write_error_is_reported(void)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        return; /* no /dev/full here: nothing to test */
    zhx_error err;
    zhx_writer *w = zhx_writer_new(f, ZHX_FMT_CSV, cols, 4, 0, &err);
    zhx_value row[4] = {ZHX_V_STR("x"), ZHX_V_INT(1), ZHX_V_NULL, ZHX_V_STR("y")};
    for (int i = 0; i < 10000; i++)
        zhx_writer_row(w, row);
    CHECK_INT(zhx_writer_finish(w, &err), ZHX_EIO);
    CHECK(strstr(err.message, "write error") != NULL);
    zhx_writer_free(w);
    fclose(f);
}

static void format_names(void)
{
    zhx_format f;
    CHECK_INT(zhx_format_parse("jsonl", &f), ZHX_OK);
    CHECK_INT(f, ZHX_FMT_JSONL);
    CHECK_INT(zhx_format_parse("xml", &f), ZHX_EINVAL);
}

int main(void)
{
    TEST(csv);
    TEST(excel_guards_formulas);
    TEST(tsv);
    TEST(jsonl);
    TEST(json_array_and_single);
    TEST(write_error_is_reported);
    TEST(format_names);
    return harness_done("test_writer");
}
