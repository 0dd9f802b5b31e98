/* Where zhx-convert's documents go: standard output (JSON, JSONL, or one
 * CSV/TSV table of every entity and figure), a directory of CSV tables, or
 * an .xlsx workbook. Files are written under temporary names and renamed
 * when complete, so an interrupted run never leaves a file that looks
 * whole. */
#ifndef ZHX_CONVERT_SINKS_H
#define ZHX_CONVERT_SINKS_H

#include "cli.h"
#include "zhx/extract.h"

typedef struct sinks sinks;

/* csv_dir and xlsx may be NULL; with neither, output goes to stdout in
 * cli's format. Exits with a message when an output cannot be created. */
sinks *sinks_new(zhx_cli *cli, const char *csv_dir, const char *xlsx);

/* One document. Returns nonzero when output failed. */
int sinks_doc(sinks *s, const zhx_doc_records *doc);

/* Finish every output and move files into place. Exits 2 on failure. */
void sinks_finish(sinks *s);

void sinks_free(sinks *s);

/* Remove temporary files (async-signal-safe: for the signal handler). */
void sinks_abandon(void);

#endif
