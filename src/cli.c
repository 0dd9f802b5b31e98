/* Shared command-line handling; see cli.h. */
#include "cli.h"

#include <csv.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/uversion.h>

static const struct option common_long[] = {
    {"format", required_argument, 0, 'f'},
    {"no-header", no_argument, 0, ZHX_OPT_NO_HEADER},
    {"excel", no_argument, 0, ZHX_OPT_EXCEL},
    {"input-format", required_argument, 0, ZHX_OPT_INPUT_FORMAT},
    {"null-data", no_argument, 0, 'z'},
    {"files0-from", required_argument, 0, ZHX_OPT_FILES0},
    {"lossy", no_argument, 0, ZHX_OPT_LOSSY},
    {"t2s", no_argument, 0, ZHX_OPT_T2S},
    {"help", no_argument, 0, 'h'},
    {"version", no_argument, 0, ZHX_OPT_VERSION},
};
#define NCOMMON (sizeof common_long / sizeof common_long[0])

static void vmsg(const zhx_cli *cli, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", cli->spec->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void zhx_cli_usage(const zhx_cli *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(cli, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try '%s --help' for more information.\n", cli->spec->name);
    exit(ZHX_EXIT_USAGE);
}

void zhx_cli_die(const zhx_cli *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(cli, fmt, ap);
    va_end(ap);
    exit(ZHX_EXIT_USAGE);
}

void zhx_cli_format_error(const zhx_cli *cli, const zhx_error *err, char *buf,
                          size_t cap)
{
    char where[600] = "";
    if (err->file[0] && err->line && err->col)
        snprintf(where, sizeof where, "%s:%lu:%lu: ", err->file, err->line, err->col);
    else if (err->file[0] && err->line)
        snprintf(where, sizeof where, "%s:%lu: ", err->file, err->line);
    else if (err->file[0])
        snprintf(where, sizeof where, "%s: ", err->file);
    snprintf(buf, cap, "%s: %s%s\n", cli->spec->name, where,
             err->message[0] ? err->message : zhx_strerror(err->code));
}

void zhx_cli_report(const zhx_cli *cli, const zhx_error *err)
{
    char line[1400];
    zhx_cli_format_error(cli, err, line, sizeof line);
    fputs(line, stderr);
}

static void help(const zhx_cli_spec *s)
{
    printf("Usage: %s [OPTION]... [FILE]...\n%s\n"
           "With no FILE, or when FILE is -, read standard input.\n\n",
           s->name, s->purpose);
    if (s->options)
        printf("%s\n", s->options);
    printf("Input:\n"
           "      --input-format=FMT  text (default: each FILE is one document) or\n"
           "                          jsonl (one {\"id\": ..., \"text\": ...} a line)\n"
           "  -z, --null-data         documents are separated by NUL bytes (ids FILE#N)\n"
           "      --files0-from=F     read NUL-separated file names from F (- = stdin)\n"
           "      --lossy             replace invalid UTF-8 bytes with U+FFFD instead\n"
           "                          of skipping the document\n"
           "      --t2s               convert Traditional to Simplified characters before\n"
           "                          matching (offsets still point into the original)\n"
           "Output:\n"
           "  -f, --format=FMT        csv (default%s), tsv, json, jsonl%s\n"
           "      --no-header         no header row in csv/tsv (for concatenating shards)\n"
           "      --excel             csv for spreadsheets: UTF-8 BOM, CRLF, cells that\n"
           "                          start with = + - @ guarded against formulas\n"
           "  -h, --help              show this help and exit\n"
           "      --version           show version information and exit\n\n",
           s->default_format == ZHX_FMT_TEXT ? " is text" : "",
           s->text_format ? ", text" : "");
    if (s->columns) {
        printf("Record fields:");
        for (const char *const *c = s->columns; *c; c++)
            printf(" %s", *c);
        printf("\nOffsets (start, end) count Unicode code points of the original\n"
               "document, half-open: text == original[start:end].\n\n");
    }
    printf("Exit status: 0 if all went well, 1 if some input could not be read or\n"
           "was not valid UTF-8 (the rest was processed), 2 on usage or output errors.\n\n");
    if (s->examples)
        printf("Examples:\n%s", s->examples);
}

static void version(const zhx_cli_spec *s)
{
    UVersionInfo v;
    char icu[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, icu);
    printf("%s (zhx) %s\nICU %s, cJSON %s, libcsv %d.%d.%d\n", s->name,
           ZHX_VERSION, icu, cJSON_Version(), CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
}

void zhx_cli_parse(zhx_cli *cli, const zhx_cli_spec *spec, int argc,
                   char **argv, int (*own)(void *ctx, int opt, const char *arg),
                   void *ctx)
{
    memset(cli, 0, sizeof *cli);
    cli->spec = spec;
    cli->format = spec->default_format;
    cli->in.format = ZHX_IN_TEXT;
    cli->in.norm_flags = ZHX_NORM_DEFAULT;

    size_t nown = 0;
    while (spec->longopts && spec->longopts[nown].name)
        nown++;
    struct option *lo = calloc(NCOMMON + nown + 1, sizeof *lo);
    char *so = malloc(strlen(spec->shortopts ? spec->shortopts : "") + 8);
    if (!lo || !so)
        zhx_cli_die(cli, "out of memory");
    memcpy(lo, common_long, sizeof common_long);
    if (nown)
        memcpy(lo + NCOMMON, spec->longopts, nown * sizeof *lo);
    sprintf(so, "+f:zh%s", spec->shortopts ? spec->shortopts : "");

    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (zhx_format_parse(optarg, &cli->format) ||
                (cli->format == ZHX_FMT_TEXT && !spec->text_format))
                zhx_cli_usage(cli, "unknown output format '%s' (csv, tsv, json, jsonl%s)",
                              optarg, spec->text_format ? ", text" : "");
            break;
        case ZHX_OPT_NO_HEADER: cli->wflags |= ZHX_W_NO_HEADER; break;
        case ZHX_OPT_EXCEL: cli->wflags |= ZHX_W_EXCEL; break;
        case 'z': cli->in.format = ZHX_IN_NUL; break;
        case ZHX_OPT_INPUT_FORMAT:
            if (strcmp(optarg, "text") == 0)
                cli->in.format = ZHX_IN_TEXT;
            else if (strcmp(optarg, "jsonl") == 0)
                cli->in.format = ZHX_IN_JSONL;
            else
                zhx_cli_usage(cli, "unknown input format '%s' (text, jsonl)", optarg);
            break;
        case ZHX_OPT_FILES0: cli->files0 = optarg; break;
        case ZHX_OPT_LOSSY: cli->in.lossy = 1; break;
        case ZHX_OPT_T2S: cli->in.norm_flags |= ZHX_NORM_T2S; break;
        case 'h': help(spec); exit(fflush(stdout) ? 2 : 0);
        case ZHX_OPT_VERSION: version(spec); exit(fflush(stdout) ? 2 : 0);
        case '?':
            if (optopt && optopt < 0x100)
                zhx_cli_usage(cli, "invalid option -- '%c'", optopt);
            zhx_cli_usage(cli, "unrecognized option '%s'", argv[optind - 1]);
        case ':':
            zhx_cli_usage(cli, "option '%s' requires an argument", argv[optind - 1]);
        default:
            if (!own || own(ctx, c, optarg) != 0)
                zhx_cli_usage(cli, "unrecognized option '%s'", argv[optind - 1]);
        }
    }
    free(lo);
    free(so);
    if (cli->files0 && optind < argc)
        zhx_cli_usage(cli, "file operands cannot be combined with --files0-from");
    cli->files = argv + optind;
    cli->nfiles = argc - optind;
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, NULL, _IOFBF, 1 << 16);
}

char *zhx_cli_read_file(const zhx_cli *cli, const char *path, size_t max,
                        size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        zhx_cli_die(cli, "%s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 65536 > cap) {
            cap = (n + 65536) * 2;
            char *b = realloc(buf, cap);
            if (!b)
                zhx_cli_die(cli, "%s: out of memory", path);
            buf = b;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (max && n > max)
            zhx_cli_die(cli, "%s: larger than %zu bytes", path, max);
    } while (got);
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad)
        zhx_cli_die(cli, "%s: read error", path);
    buf[n] = '\0';
    *len = n;
    return buf;
}

zhx_writer *zhx_cli_writer(zhx_cli *cli, const char *const *cols, size_t n)
{
    zhx_error err;
    zhx_writer *w = zhx_writer_new(stdout, cli->format, cols, n, cli->wflags, &err);
    if (!w)
        zhx_cli_die(cli, "%s", err.message);
    return w;
}

static void output_failed(zhx_cli *cli, int e)
{
    if (e == EPIPE)
        exit(cli->status); /* the reader went away: nothing to say */
    zhx_cli_die(cli, "write error: %s", strerror(e ? e : EIO));
}

int zhx_cli_finish_output(zhx_cli *cli, zhx_writer *w)
{
    zhx_error err;
    errno = 0;
    if (w && zhx_writer_finish(w, &err) != ZHX_OK)
        output_failed(cli, errno);
    if (fflush(stdout) != 0 || ferror(stdout))
        output_failed(cli, errno);
    return cli->status;
}

static int run_source(zhx_cli *cli, zhx_input *in, const zhx_cli_hooks *h, void *ctx)
{
    zhx_error err;
    int rc;
    while ((rc = zhx_input_next_doc(in, &err)) != 0) {
        if (rc < 0) {
            zhx_cli_report(cli, &err);
            cli->status = ZHX_EXIT_DATA;
            if (err.code == ZHX_EIO || err.code == ZHX_ENOMEM)
                return 0;
            continue;
        }
        const char *doc = zhx_input_doc_id(in);
        if (h->doc_begin && h->doc_begin(ctx, doc))
            return -1;
        const zhx_chunk *c;
        while ((rc = zhx_input_next_chunk(in, &c, &err)) > 0)
            if (h->chunk && h->chunk(ctx, c))
                return -1;
        if (rc < 0) {
            zhx_cli_report(cli, &err);
            cli->status = ZHX_EXIT_DATA;
        }
        if (h->doc_end && h->doc_end(ctx, doc, rc < 0))
            return -1;
        if (ferror(stdout))
            return -1;
    }
    return 0;
}

static int run_path(zhx_cli *cli, zhx_input *in, const char *path,
                    const zhx_cli_hooks *h, void *ctx)
{
    zhx_error err;
    if (zhx_input_open(in, path, &err) != ZHX_OK) {
        zhx_cli_report(cli, &err);
        cli->status = ZHX_EXIT_DATA;
        return 0;
    }
    return run_source(cli, in, h, ctx);
}

int zhx_cli_run(zhx_cli *cli, const zhx_cli_hooks *h, void *ctx)
{
    zhx_error err;
    zhx_input *in = zhx_input_new(&cli->in, &err);
    if (!in)
        zhx_cli_die(cli, "%s", err.message);
    int rc = 0;
    if (cli->files0) {
        FILE *f = strcmp(cli->files0, "-") == 0 ? stdin : fopen(cli->files0, "rb");
        if (!f)
            zhx_cli_die(cli, "%s: %s", cli->files0, strerror(errno));
        char *name = NULL;
        size_t cap = 0;
        ssize_t n;
        while (!rc && (n = getdelim(&name, &cap, '\0', f)) > 0) {
            if (name[n - 1] == '\0')
                n--;
            name[n] = '\0';
            if (n == 0)
                continue;
            rc = run_path(cli, in, name, h, ctx);
        }
        free(name);
        if (f != stdin)
            fclose(f);
    } else if (cli->nfiles == 0) {
        rc = run_path(cli, in, "-", h, ctx);
    } else {
        for (int i = 0; i < cli->nfiles && !rc; i++)
            rc = run_path(cli, in, cli->files[i], h, ctx);
    }
    zhx_input_free(in);
    if (rc) {
        errno = 0;
        fflush(stdout);
        output_failed(cli, errno ? errno : EIO);
    }
    return cli->status;
}
