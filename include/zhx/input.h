/* zhx/input.h: documents in, chunks out.
 *
 * A source is a file or standard input ("-"). In text format the whole
 * source is one document whose id is the path; with ZHX_IN_JSONL each line
 * is a document {"id": ..., "text": ...}; with ZHX_IN_NUL documents are
 * separated by NUL bytes and get the id PATH#N. Each document is handed out
 * as chunks (a line, or a bounded piece of a giant line), already
 * normalized and split into sentences.
 *
 * UTF-8 is validated: a document with an invalid byte (or a NUL byte in
 * text format) is skipped with an error saying where. Regular files are
 * checked before their first chunk is returned, so nothing of a bad document
 * comes out; on a pipe, text is checked as it streams and the document stops
 * at the bad byte. With lossy set, bad bytes become U+FFFD instead. A
 * leading byte-order mark is not part of the text (offsets start after it). */
#ifndef ZHX_INPUT_H
#define ZHX_INPUT_H

#include "text.h"

typedef enum zhx_in_format { ZHX_IN_TEXT, ZHX_IN_JSONL, ZHX_IN_NUL } zhx_in_format;

typedef struct zhx_input_opts {
    zhx_in_format format;
    int lossy;            /* replace invalid bytes with U+FFFD */
    unsigned norm_flags;  /* ZHX_NORM_* (zhx/norm.h) */
    size_t max_chunk;     /* bytes; 0 means the default (64 KiB) */
    int no_sentences;     /* nonzero: leave zhx_chunk.sents empty */
} zhx_input_opts;

typedef struct zhx_input zhx_input;

zhx_input *zhx_input_new(const zhx_input_opts *opts, zhx_error *err);
void zhx_input_free(zhx_input *in);

/* Start reading path ("-" is standard input). Closes the previous source. */
int zhx_input_open(zhx_input *in, const char *path, zhx_error *err);

/* Read from an open stream the caller owns (not closed by zhx); name is
 * used in ids and messages. */
int zhx_input_open_stream(zhx_input *in, void *stream, const char *name,
                          zhx_error *err);

/* Read one record of the input's format from memory, data[0..len)
 * (borrowed until zhx_input_next_doc has taken it): a whole text document
 * with the id name; or JSONL line number recno of the source name; or
 * NUL-separated document number recno (id name#recno). For batch workers
 * that are handed records one at a time: ids and messages come out as if
 * the source had been read whole. Text is validated before its first chunk. */
int zhx_input_open_mem(zhx_input *in, const char *data, size_t len,
                       const char *name, unsigned long recno, zhx_error *err);

/* Go to the next document. Returns 1 when there is one, 0 at the end of
 * the source, or a negative code for a document (or JSONL line) that is
 * skipped: err says where, and the next call goes on after it. */
int zhx_input_next_doc(zhx_input *in, zhx_error *err);

/* The current document's id (borrowed). */
const char *zhx_input_doc_id(const zhx_input *in);

/* The next chunk of the current document: 1 with *chunk set (borrowed until
 * the next call), 0 at the end of the document, or a negative code when the
 * rest of the document is lost (err says where). */
int zhx_input_next_chunk(zhx_input *in, const zhx_chunk **chunk,
                         zhx_error *err);

#endif
