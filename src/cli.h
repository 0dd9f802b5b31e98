/* Shared command-line handling for the zhx binaries (internal; not
 * installed): common options, --help/--version, error printing, exit codes,
 * and the loop over input files, documents and chunks.
 *
 * Exit status: 0 all fine; 1 some input could not be read or was not valid
 * (the rest was processed); 2 usage error, rules error or output error. */
#ifndef ZHX_CLI_H
#define ZHX_CLI_H

#include <getopt.h>

#include "zhx/input.h"
#include "zhx/norm.h"
#include "zhx/writer.h"

enum { ZHX_EXIT_OK = 0, ZHX_EXIT_DATA = 1, ZHX_EXIT_USAGE = 2 };

/* Long-option codes of the common options (binaries use their own short
 * letters or codes from ZHX_OPT_USER up). */
enum {
    ZHX_OPT_NO_HEADER = 0x1000,
    ZHX_OPT_EXCEL,
    ZHX_OPT_INPUT_FORMAT,
    ZHX_OPT_LOSSY,
    ZHX_OPT_T2S,
    ZHX_OPT_VERSION,
    ZHX_OPT_FILES0,
    ZHX_OPT_USER = 0x1100
};

typedef struct zhx_cli_spec {
    const char *name;      /* "zhx-seg" */
    const char *purpose;   /* one line */
    const char *options;   /* help text of the binary's own options */
    const char *examples;  /* help text: two or more examples */
    const char *shortopts; /* the binary's own short options, getopt style */
    const struct option *longopts; /* its own long options, {0} ended */
    zhx_format default_format;
    int text_format;       /* nonzero: -f text is allowed */
    const char *const *columns; /* record columns, for --help */
} zhx_cli_spec;

typedef struct zhx_cli {
    const zhx_cli_spec *spec;
    zhx_format format;
    unsigned wflags;
    zhx_input_opts in;
    const char *files0;
    int status;
    char **files;
    int nfiles;
} zhx_cli;

/* Parse argv. own() is called for every option that is not a common one;
 * it returns 0 when it took the option, -1 for an unknown one. Exits on
 * --help, --version and usage errors. */
void zhx_cli_parse(zhx_cli *cli, const zhx_cli_spec *spec, int argc,
                   char **argv, int (*own)(void *ctx, int opt, const char *arg),
                   void *ctx);

/* Print "NAME: FILE:LINE:COL: message" for err on stderr. */
void zhx_cli_report(const zhx_cli *cli, const zhx_error *err);

/* The same line (with its newline) into buf, for threads that report later. */
void zhx_cli_format_error(const zhx_cli *cli, const zhx_error *err, char *buf,
                          size_t cap);

/* Print "NAME: message" and "Try 'NAME --help'..." and exit 2. */
void zhx_cli_usage(const zhx_cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3), noreturn))
#endif
    ;

/* Print "NAME: message" and exit 2. */
void zhx_cli_die(const zhx_cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3), noreturn))
#endif
    ;

typedef struct zhx_cli_hooks {
    int (*doc_begin)(void *ctx, const char *doc);
    int (*chunk)(void *ctx, const zhx_chunk *c);
    /* failed: nonzero when the document was cut short by bad input. */
    int (*doc_end)(void *ctx, const char *doc, int failed);
} zhx_cli_hooks;

/* Read every operand (or standard input, or --files0-from) and call the
 * hooks. A hook returning nonzero means output failed: stop. Returns the
 * exit status so far (0 or 1), or exits 2 after an output error. */
int zhx_cli_run(zhx_cli *cli, const zhx_cli_hooks *hooks, void *ctx);

/* Write a writer's finish error, or a stdout error, and exit 2; a closed
 * pipe ends quietly. Call after the output is complete. */
int zhx_cli_finish_output(zhx_cli *cli, zhx_writer *w);

/* The whole of file path ("-" is standard input), NUL-terminated, in a new
 * buffer; *len gets its size. Exits with a message when it cannot be read
 * or is larger than max bytes (0: no limit). */
char *zhx_cli_read_file(const zhx_cli *cli, const char *path, size_t max,
                        size_t *len);

/* A writer for stdout with the CLI's format and flags. */
zhx_writer *zhx_cli_writer(zhx_cli *cli, const char *const *cols, size_t n);

#endif
