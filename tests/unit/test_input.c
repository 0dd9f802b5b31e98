/* Readers: text, JSONL and NUL documents; validation; chunking; offsets. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "zhx/input.h"
#include "zhx/norm.h"

static char path[64];

static void write_file(const void *data, size_t n)
{
    strcpy(path, "/tmp/zhx-test-input-XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, data, n) == (ssize_t)n);
    close(fd);
}

static zhx_input *open_input(zhx_in_format fmt, int lossy, size_t max_chunk)
{
    zhx_input_opts o = {.format = fmt, .lossy = lossy, .norm_flags = ZHX_NORM_DEFAULT,
                        .max_chunk = max_chunk};
    zhx_error err;
    zhx_input *in = zhx_input_new(&o, &err);
    CHECK(in != NULL);
    CHECK_INT(zhx_input_open(in, path, &err), ZHX_OK);
    return in;
}

/* All chunks of the current document: checks that chunks tile the
 * document and that every original code point is where offsets say. */
static size_t read_from(zhx_input *in, size_t next, size_t n, size_t *nchunks,
                        unsigned long *lines)
{
    const zhx_chunk *c;
    zhx_error err;
    int rc;
    while ((rc = zhx_input_next_chunk(in, &c, &err)) > 0) {
        CHECK_INT(c->offset, next);
        CHECK_INT(c->index, n);
        next += c->orig_len;
        n++;
        if (lines)
            *lines = c->line;
    }
    CHECK_INT(rc, 0);
    if (nchunks)
        *nchunks = n;
    return next;
}

static size_t read_doc(zhx_input *in, size_t *nchunks, unsigned long *lines)
{
    return read_from(in, 0, 0, nchunks, lines);
}

static void text_bom_and_lines(void)
{
    write_file("\xEF\xBB\xBF第一行\n第二行\r\n三", 3 + 10 + 11 + 3);
    zhx_input *in = open_input(ZHX_IN_TEXT, 0, 0);
    zhx_error err;
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_STR(zhx_input_doc_id(in), path);
    const zhx_chunk *c;
    CHECK_INT(zhx_input_next_chunk(in, &c, &err), 1);
    CHECK_INT(c->orig[0], 0x7B2C); /* the BOM is not text */
    CHECK_INT(c->orig_len, 4);
    CHECK_INT(c->line, 1);
    size_t nchunks;
    unsigned long last_line;
    CHECK_INT(read_from(in, 4, 1, &nchunks, &last_line), 10);
    CHECK_INT(nchunks, 3);
    CHECK_INT(last_line, 3);
    CHECK_INT(zhx_input_next_doc(in, &err), 0);
    zhx_input_free(in);
    unlink(path);
}

static void invalid_utf8_is_located(void)
{
    write_file("好\n好好\xFFx\n", 13);
    zhx_input *in = open_input(ZHX_IN_TEXT, 0, 0);
    zhx_error err;
    CHECK_INT(zhx_input_next_doc(in, &err), ZHX_EUTF8);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.col, 3);
    CHECK_STR(err.message, "invalid UTF-8 byte 0xFF");
    CHECK_INT(zhx_input_next_doc(in, &err), 0);
    zhx_input_free(in);

    in = open_input(ZHX_IN_TEXT, 1, 0); /* lossy: U+FFFD, one code point */
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_INT(read_doc(in, NULL, NULL), 7);
    zhx_input_free(in);
    unlink(path);
}

static void nul_is_binary(void)
{
    write_file("ab\0cd", 5);
    zhx_input *in = open_input(ZHX_IN_TEXT, 0, 0);
    zhx_error err;
    CHECK_INT(zhx_input_next_doc(in, &err), ZHX_EBINARY);
    CHECK_INT(err.col, 3);
    zhx_input_free(in);
    unlink(path);
}

static void jsonl_docs_and_bad_lines(void)
{
    const char *s = "{\"id\":\"a\",\"text\":\"一。\\n二\"}\n"
                    "not json\n"
                    "\n"
                    "{\"id\":7,\"text\":\"三\"}\n"
                    "{\"text\":\"无id\"}\n"
                    "{\"id\":\"b\"}\n";
    write_file(s, strlen(s));
    zhx_input *in = open_input(ZHX_IN_JSONL, 0, 0);
    zhx_error err;
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_STR(zhx_input_doc_id(in), "a");
    size_t nchunks;
    CHECK_INT(read_doc(in, &nchunks, NULL), 4);
    CHECK_INT(nchunks, 2);
    CHECK_INT(zhx_input_next_doc(in, &err), ZHX_ESYNTAX);
    CHECK_INT(err.line, 2);
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_STR(zhx_input_doc_id(in), "7");
    CHECK_INT(read_doc(in, NULL, NULL), 1);
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    char want[128];
    snprintf(want, sizeof want, "%s#5", path);
    CHECK_STR(zhx_input_doc_id(in), want);
    CHECK_INT(zhx_input_next_doc(in, &err), ZHX_ESYNTAX);
    CHECK_INT(err.line, 6);
    CHECK_INT(zhx_input_next_doc(in, &err), 0);
    zhx_input_free(in);
    unlink(path);
}

static void nul_separated(void)
{
    write_file("一\0二二\0\xFF\0三", 1 + 3 + 1 + 6 + 1 + 1 + 1 + 3);
    zhx_input *in = open_input(ZHX_IN_NUL, 0, 0);
    zhx_error err;
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_INT(read_doc(in, NULL, NULL), 1);
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_INT(read_doc(in, NULL, NULL), 2);
    CHECK_INT(zhx_input_next_doc(in, &err), ZHX_EUTF8);
    CHECK(strstr(err.file, "#3") != NULL);
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_INT(read_doc(in, NULL, NULL), 1);
    CHECK_INT(zhx_input_next_doc(in, &err), 0);
    zhx_input_free(in);
    unlink(path);
}

static void giant_line_is_chunked(void)
{
    /* 30000 Han characters and no newline, read in 4 KiB pieces: every
     * piece is bounded and cut on a character boundary. */
    size_t n = 30000;
    char *s = malloc(n * 3);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 3 * i, i % 100 == 99 ? "。" : "字", 3);
    write_file(s, n * 3);
    free(s);
    zhx_input *in = open_input(ZHX_IN_TEXT, 0, 4096);
    zhx_error err;
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    const zhx_chunk *c;
    size_t total = 0, chunks = 0;
    while (zhx_input_next_chunk(in, &c, &err) > 0) {
        CHECK(c->orig_len <= 4096 / 3 + 1);
        CHECK_INT(c->offset, total);
        /* Cut after a sentence ender when there is one. */
        CHECK(c->orig[c->orig_len - 1] == 0x3002 || total + c->orig_len == n);
        total += c->orig_len;
        chunks++;
    }
    CHECK_INT(total, n);
    CHECK(chunks >= 22);
    zhx_input_free(in);
    unlink(path);
}

static void missing_file_and_directory(void)
{
    zhx_input_opts o = {.format = ZHX_IN_TEXT, .norm_flags = ZHX_NORM_DEFAULT};
    zhx_error err;
    zhx_input *in = zhx_input_new(&o, &err);
    CHECK_INT(zhx_input_open(in, "/nonexistent/zhx", &err), ZHX_EIO);
    CHECK_STR(err.file, "/nonexistent/zhx");
    CHECK_INT(zhx_input_open(in, "/tmp", &err), ZHX_EIO);
    CHECK_STR(err.message, "is a directory");
    zhx_input_free(in);
}

static void empty_document(void)
{
    write_file("", 0);
    zhx_input *in = open_input(ZHX_IN_TEXT, 0, 0);
    zhx_error err;
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_INT(read_doc(in, NULL, NULL), 0);
    CHECK_INT(zhx_input_next_doc(in, &err), 0);
    zhx_input_free(in);
    unlink(path);
}

static void memory_document(void)
{
    zhx_input_opts o = {.format = ZHX_IN_TEXT, .norm_flags = ZHX_NORM_DEFAULT};
    zhx_error err;
    zhx_input *in = zhx_input_new(&o, &err);
    const char good[] = "一\n二二", bad[] = "好\n\xFF";
    CHECK_INT(zhx_input_open_mem(in, good, sizeof good - 1, "mem-1", 0, &err), ZHX_OK);
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_STR(zhx_input_doc_id(in), "mem-1");
    CHECK_INT(read_doc(in, NULL, NULL), 4);
    CHECK_INT(zhx_input_next_doc(in, &err), 0);
    CHECK_INT(zhx_input_open_mem(in, bad, sizeof bad - 1, "mem-2", 0, &err), ZHX_OK);
    CHECK_INT(zhx_input_next_doc(in, &err), ZHX_EUTF8);
    CHECK_STR(err.file, "mem-2");
    CHECK_INT(err.line, 2);
    CHECK_INT(zhx_input_next_doc(in, &err), 0);
    zhx_input_free(in);

    /* A JSONL line handed over alone keeps its line number in messages. */
    o.format = ZHX_IN_JSONL;
    in = zhx_input_new(&o, &err);
    const char line[] = "{\"id\":\"x\",\"text\":\"三\"}", broken[] = "{\"id\":";
    CHECK_INT(zhx_input_open_mem(in, line, sizeof line - 1, "batch.jsonl", 41, &err), ZHX_OK);
    CHECK_INT(zhx_input_next_doc(in, &err), 1);
    CHECK_STR(zhx_input_doc_id(in), "x");
    CHECK_INT(read_doc(in, NULL, NULL), 1);
    CHECK_INT(zhx_input_open_mem(in, broken, sizeof broken - 1, "batch.jsonl", 42, &err), ZHX_OK);
    CHECK_INT(zhx_input_next_doc(in, &err), ZHX_ESYNTAX);
    CHECK_STR(err.file, "batch.jsonl");
    CHECK_INT(err.line, 42);
    zhx_input_free(in);
}

int main(void)
{
    TEST(text_bom_and_lines);
    TEST(invalid_utf8_is_located);
    TEST(nul_is_binary);
    TEST(jsonl_docs_and_bad_lines);
    TEST(nul_separated);
    TEST(giant_line_is_chunked);
    TEST(missing_file_and_directory);
    TEST(empty_document);
    TEST(memory_document);
    return harness_done("test_input");
}
