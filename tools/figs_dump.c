/* Measuring driver for the figures stage (not installed; the CLI is
 * cmd/zhx-figs). Prints predictions in the shapes the shared scorers read.
 *
 *   figs_dump article FILE       {"figures": [...]} for score_article.py
 *   figs_dump suite [-a] [-t] SUITE.jsonl
 *                                one {"id", "figures"} line per case for
 *                                score_figures.py; -a adds the numerals
 *                                that are no figure (--all), -t folds
 *                                Traditional characters
 *   figs_dump bench FILE N       run the stage over FILE N times, print MB/s
 *
 * Build: make build/libzhx.a && cc -std=c11 -Iinclude -Isrc \
 *   $(pkg-config --cflags libcjson) tools/figs_dump.c build/libzhx.a \
 *   $(pkg-config --libs icu-uc icu-i18n libcjson) -o build/figs_dump */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zhx/figures.h"
#include "zhx/input.h"
#include "zhx/norm.h"
#include "zhx/seg.h"

static void json_str(FILE *o, const char *s)
{
    putc('"', o);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(o, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(o, "\\u%04x", *p);
        else
            putc(*p, o);
    }
    putc('"', o);
}

typedef struct out {
    FILE *o;
    int n;
    const char *sep; /* before each record */
} out;

static int print_fig(void *ctx, const zhx_chunk *c, const zhx_figure *f)
{
    out *O = ctx;
    size_t s, e;
    zhx_chunk_span(c, f->start, f->end, &s, &e);
    char text[1024], v[80], vmax[80];
    zhx_chunk_orig_utf8(c, s, e, text, sizeof text);
    zhx_decimal_format(&f->value, v, sizeof v);
    zhx_decimal_format(&f->value_max, vmax, sizeof vmax);
    fprintf(O->o, "%s%s{\"text\":", O->n++ ? "," : "", O->sep);
    json_str(O->o, text);
    fprintf(O->o, ",\"start\":%zu,\"end\":%zu,\"value\":%s,\"value_max\":%s,"
                  "\"unit\":",
            s, e, v, f->has_max ? vmax : "null");
    json_str(O->o, f->unit);
    fprintf(O->o, ",\"kind\":\"%s\",\"approx\":", zhx_fig_kind_name(f->kind));
    if (zhx_approx_name(f->approx))
        json_str(O->o, zhx_approx_name(f->approx));
    else
        fputs("null", O->o);
    fputs(",\"subject\":", O->o);
    if (f->subject)
        json_str(O->o, f->subject);
    else
        fputs("null", O->o);
    fprintf(O->o, ",\"rule\":\"%s\",\"kept\":%s", f->rule,
            f->kept ? "true" : "false");
    if (!f->kept)
        fprintf(O->o, ",\"reason\":\"%s\"", f->reason);
    putc('}', O->o);
    return 0;
}

static int count_fig(void *ctx, const zhx_chunk *c, const zhx_figure *f)
{
    (void)c, (void)f;
    (*(size_t *)ctx)++;
    return 0;
}

static int die(const zhx_error *err)
{
    fprintf(stderr, "figs_dump: %s:%lu: %s\n", err->file, err->line,
            err->message);
    return 2;
}

static int article(const char *path, int bench, int rounds)
{
    zhx_error err;
    zhx_error_clear(&err);
    zhx_figs *F = zhx_figs_new(NULL, &err);
    if (!F)
        return die(&err);
    zhx_input_opts io = {ZHX_IN_TEXT, 0, ZHX_NORM_DEFAULT, 0};
    zhx_input *in = zhx_input_new(&io, &err);
    if (!in)
        return die(&err);
    out O = {stdout, 0, "\n  "};
    size_t nfig = 0, bytes = 0;
    clock_t t0 = clock();
    double stage = 0;
    if (!bench)
        fputs("{\"figures\": [", stdout);
    for (int r = 0; r < (bench ? rounds : 1); r++) {
        if (zhx_input_open(in, path, &err))
            return die(&err);
        while (zhx_input_next_doc(in, &err) == 1) {
            const zhx_chunk *c;
            while (zhx_input_next_chunk(in, &c, &err) == 1) {
                clock_t a = clock();
                if (bench)
                    zhx_figs_run(F, c, 0, count_fig, &nfig, &err);
                else
                    zhx_figs_run(F, c, 0, print_fig, &O, &err);
                stage += (double)(clock() - a) / CLOCKS_PER_SEC;
                for (size_t i = 0; i < c->orig_len; i++)
                    bytes += c->orig[i] < 0x80 ? 1 : c->orig[i] < 0x800 ? 2
                             : c->orig[i] < 0x10000 ? 3 : 4;
            }
        }
    }
    double all = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (bench)
        printf("%zu bytes, %zu figures; stage %.3fs = %.1f MB/s; with "
               "reading and normalizing %.3fs = %.1f MB/s\n",
               bytes, nfig, stage, bytes / stage / 1e6, all,
               bytes / all / 1e6);
    else
        fputs("\n]}\n", stdout);
    zhx_input_free(in);
    zhx_figs_free(F);
    return 0;
}

static int suite(const char *path, unsigned flags, int t2s)
{
    zhx_error err;
    zhx_error_clear(&err);
    zhx_figs *F = zhx_figs_new(NULL, &err);
    zhx_norm *nm = zhx_norm_new(ZHX_NORM_DEFAULT | (t2s ? ZHX_NORM_T2S : 0),
                                &err);
    if (!F || !nm)
        return die(&err);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    uint32_t *cps = NULL;
    zhx_sentence *sents = NULL;
    size_t scap = 0;
    while (getline(&line, &cap, fp) > 0) {
        cJSON *j = cJSON_Parse(line);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
        const cJSON *inp = cJSON_GetObjectItemCaseSensitive(j, "input");
        if (!cJSON_IsString(id) || !cJSON_IsString(inp)) {
            cJSON_Delete(j);
            continue;
        }
        const unsigned char *s = (const unsigned char *)inp->valuestring;
        size_t bl = strlen(inp->valuestring), n = 0;
        cps = realloc(cps, (bl + 1) * sizeof *cps);
        while (bl) {
            int k = zhx_utf8_decode(s, bl, &cps[n]);
            if (k <= 0)
                break;
            n++, s += k, bl -= (size_t)k;
        }
        zhx_chunk c;
        memset(&c, 0, sizeof c);
        c.doc = id->valuestring;
        c.orig = cps;
        c.orig_len = n;
        c.line = 1;
        size_t ns = 0;
        if (zhx_norm_run(nm, cps, n, &c.text, &c.len, &c.map, &err) ||
            zhx_split_sentences(c.text, c.len, 0, &sents, &ns, &scap))
            return die(&err);
        c.sents = sents;
        c.n_sents = ns;
        printf("{\"id\":");
        json_str(stdout, id->valuestring);
        printf(",\"figures\":[");
        out O = {stdout, 0, ""};
        zhx_figs_run(F, &c, flags, print_fig, &O, &err);
        printf("]}\n");
        cJSON_Delete(j);
    }
    free(line);
    free(cps);
    free(sents);
    fclose(fp);
    zhx_norm_free(nm);
    zhx_figs_free(F);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "article"))
        return article(argv[2], 0, 1);
    if (argc >= 4 && !strcmp(argv[1], "bench"))
        return article(argv[2], 1, atoi(argv[3]));
    if (argc >= 3 && !strcmp(argv[1], "suite")) {
        unsigned flags = 0;
        int t2s = 0, i = 2;
        for (; i < argc - 1; i++) {
            if (!strcmp(argv[i], "-a"))
                flags |= ZHX_FIGS_ALL;
            else if (!strcmp(argv[i], "-t"))
                t2s = 1;
        }
        return suite(argv[argc - 1], flags, t2s);
    }
    fprintf(stderr, "usage: figs_dump article FILE | suite [-a] [-t] "
                    "SUITE.jsonl | bench FILE N\n");
    return 2;
}
