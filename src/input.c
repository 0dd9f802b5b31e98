/* Readers for text, JSONL and NUL-separated documents; chunking; UTF-8
 * validation with line:column positions. */
#include "zhx/input.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "zhx/norm.h"
#include "zhx/seg.h"

#define DEFAULT_CHUNK (64 * 1024)
#define BLOCK (256 * 1024)

struct zhx_input {
    zhx_input_opts o;
    zhx_norm *norm;

    FILE *f;
    int own_f;
    int regular; /* a regular file: validated before reading */
    char *name;

    /* The stream buffer (text format): bytes [pos, end) not yet used. */
    unsigned char *buf;
    size_t buf_cap, pos, end;
    int eof;

    /* A document held in memory (JSONL text, NUL-separated document). */
    char *mem;
    size_t mem_len, mem_pos, mem_cap;
    int from_mem;
    const char *ext;   /* zhx_input_open_mem: the caller's bytes */
    size_t ext_len;

    unsigned long src_line; /* JSONL line number; NUL document number */
    int started;            /* text format: the one document was handed out */
    char *doc_id;
    size_t doc_id_cap;

    int in_doc;
    int checked; /* the document was validated up front */
    unsigned long line, col_base;
    size_t offset, sent_index, chunk_index;
    int at_doc_start;

    uint32_t *orig;
    size_t orig_cap;
    zhx_sentence *sents;
    size_t sents_cap;
    zhx_chunk chunk;
};

static int oom(zhx_error *err)
{
    return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
}

zhx_input *zhx_input_new(const zhx_input_opts *opts, zhx_error *err)
{
    zhx_input *in = calloc(1, sizeof *in);
    if (!in) {
        oom(err);
        return NULL;
    }
    in->o = *opts;
    if (!in->o.max_chunk)
        in->o.max_chunk = DEFAULT_CHUNK;
    if (in->o.max_chunk < 64)
        in->o.max_chunk = 64;
    in->norm = zhx_norm_new(in->o.norm_flags, err);
    if (!in->norm) {
        free(in);
        return NULL;
    }
    return in;
}

static void close_source(zhx_input *in)
{
    in->ext = NULL;
    if (in->f && in->own_f)
        fclose(in->f);
    in->f = NULL;
    in->own_f = 0;
    in->pos = in->end = 0;
    in->eof = 0;
    in->in_doc = 0;
    in->started = 0;
    in->src_line = 0;
}

void zhx_input_free(zhx_input *in)
{
    if (!in)
        return;
    close_source(in);
    zhx_norm_free(in->norm);
    free(in->name);
    free(in->buf);
    free(in->mem);
    free(in->doc_id);
    free(in->orig);
    free(in->sents);
    free(in);
}

static int set_name(zhx_input *in, const char *name, zhx_error *err)
{
    char *n = strdup(name);
    if (!n)
        return oom(err);
    free(in->name);
    in->name = n;
    return ZHX_OK;
}

int zhx_input_open_stream(zhx_input *in, void *stream, const char *name,
                          zhx_error *err)
{
    close_source(in);
    if (set_name(in, name, err))
        return err ? err->code : ZHX_ENOMEM;
    in->f = stream;
    struct stat st;
    in->regular = fstat(fileno(in->f), &st) == 0 && S_ISREG(st.st_mode);
    return ZHX_OK;
}

int zhx_input_open(zhx_input *in, const char *path, zhx_error *err)
{
    if (strcmp(path, "-") == 0)
        return zhx_input_open_stream(in, stdin, "-", err);
    close_source(in);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return zhx_error_set(err, ZHX_EIO, path, 0, 0, "is a directory");
    FILE *f = fopen(path, "rb");
    if (!f)
        return zhx_error_set(err, ZHX_EIO, path, 0, 0, "%s", strerror(errno));
    int rc = zhx_input_open_stream(in, f, path, err);
    if (rc) {
        fclose(f);
        return rc;
    }
    in->own_f = 1;
    return ZHX_OK;
}

static int set_doc_id(zhx_input *in, const char *id, size_t n, zhx_error *err)
{
    if (ZHX_GROW(in->doc_id, in->doc_id_cap, n + 1))
        return oom(err);
    memcpy(in->doc_id, id, n);
    in->doc_id[n] = '\0';
    return ZHX_OK;
}

const char *zhx_input_doc_id(const zhx_input *in)
{
    return in->doc_id ? in->doc_id : "";
}

/* Line and column (code points, from 1) of byte offset at in s[0..n). */
static void locate(const unsigned char *s, size_t at, unsigned long *line,
                   unsigned long *col)
{
    unsigned long l = 1, c = 1;
    for (size_t i = 0; i < at;) {
        if (s[i] == '\n') {
            l++, c = 1, i++;
            continue;
        }
        uint32_t cp;
        int k = zhx_utf8_decode(s + i, at - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        c++;
    }
    *line = l, *col = c;
}

/* First invalid or NUL byte of s[0..n), or n. */
static size_t first_bad(const unsigned char *s, size_t n)
{
    size_t v = zhx_utf8_valid_prefix(s, n);
    const unsigned char *z = memchr(s, 0, v);
    return z ? (size_t)(z - s) : v;
}

static int bad_byte(zhx_error *err, const char *file, unsigned char b,
                    unsigned long line, unsigned long col)
{
    if (b == 0)
        return zhx_error_set(err, ZHX_EBINARY, file, line, col,
                             "NUL byte: binary data, not text");
    return zhx_error_set(err, ZHX_EUTF8, file, line, col,
                         "invalid UTF-8 byte 0x%02X", b);
}

/* Validate a regular file from its current position to the end, then seek
 * back. Bad input is located by a second, slow pass: that is the rare case. */
static int check_file(zhx_input *in, zhx_error *err)
{
    long start = ftell(in->f);
    unsigned char *blk = malloc(BLOCK + 4);
    if (!blk || start < 0) {
        free(blk);
        return start < 0 ? zhx_error_set(err, ZHX_EIO, in->name, 0, 0, "%s",
                                         strerror(errno))
                         : oom(err);
    }
    size_t carry = 0, total = 0, bad = SIZE_MAX;
    int read_errno = 0;
    for (;;) {
        errno = 0;
        size_t got = fread(blk + carry, 1, BLOCK, in->f);
        if (got < BLOCK && ferror(in->f))
            read_errno = errno;
        size_t n = carry + got;
        if (n == 0)
            break;
        size_t v = first_bad(blk, n);
        if (v < n) {
            /* A sequence cut by the block end is judged with the next block. */
            if (got && blk[v] != 0 && n - v < 4) {
                memmove(blk, blk + v, n - v);
                total += v;
                carry = n - v;
                continue;
            }
            bad = total + v;
            break;
        }
        total += n;
        carry = 0;
        if (!got)
            break;
    }
    int ioerr = ferror(in->f);
    free(blk);
    if (ioerr)
        return zhx_error_set(err, ZHX_EIO, in->name, 0, 0, "read error: %s",
                             strerror(read_errno ? read_errno : EIO));
    if (bad != SIZE_MAX) {
        /* Rescan up to the bad byte for its line and column. */
        if (fseek(in->f, start, SEEK_SET) != 0)
            return zhx_error_set(err, ZHX_EIO, in->name, 0, 0, "cannot seek");
        unsigned char *all = malloc(bad + 1);
        if (!all)
            return oom(err);
        size_t got = fread(all, 1, bad + 1, in->f);
        unsigned long line, col;
        locate(all, got > bad ? bad : got, &line, &col);
        unsigned char b = got > bad ? all[bad] : 0;
        free(all);
        return bad_byte(err, in->name, b, line, col);
    }
    if (fseek(in->f, start, SEEK_SET) != 0)
        return zhx_error_set(err, ZHX_EIO, in->name, 0, 0, "cannot seek");
    return ZHX_OK;
}

static int check_mem(zhx_input *in, zhx_error *err, unsigned long line0)
{
    const unsigned char *s = (const unsigned char *)in->mem;
    size_t bad = first_bad(s, in->mem_len);
    if (bad == in->mem_len)
        return ZHX_OK;
    unsigned long line, col;
    locate(s, bad, &line, &col);
    if (in->o.format == ZHX_IN_JSONL)
        return zhx_error_set(err, s[bad] ? ZHX_EUTF8 : ZHX_EBINARY, in->name,
                             line0, 0,
                             "invalid UTF-8 byte 0x%02X in \"text\" at "
                             "line %lu, column %lu",
                             s[bad], line, col);
    /* A document of its own (a file in memory, a NUL-separated one) is
     * named by its id. */
    return bad_byte(err, in->doc_id, s[bad], line, col);
}

static void begin_doc(zhx_input *in)
{
    in->in_doc = 1;
    in->line = 1;
    in->col_base = 0;
    in->offset = 0;
    in->sent_index = 0;
    in->chunk_index = 0;
    in->at_doc_start = 1;
}

static int blank(const char *s, size_t n)
{
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
                 s[n - 1] == '\t'))
        n--;
    return n == 0;
}

/* Make JSONL line number in->src_line (s[0..n)) the current document;
 * 1, or negative when the line is skipped. */
static int parse_jsonl(zhx_input *in, const char *s, size_t n, zhx_error *err)
{
    int rc = ZHX_OK;
    cJSON *j = cJSON_ParseWithLength(s, n);
    const cJSON *text = j ? cJSON_GetObjectItemCaseSensitive(j, "text") : NULL;
    const cJSON *id = j ? cJSON_GetObjectItemCaseSensitive(j, "id") : NULL;
    if (j && !id)
        id = cJSON_GetObjectItemCaseSensitive(j, "doc");
    char idbuf[64];
    const char *ids = NULL;
    if (!j) {
        rc = zhx_error_set(err, ZHX_ESYNTAX, in->name, in->src_line, 0,
                           "invalid JSON");
    } else if (!cJSON_IsObject(j)) {
        rc = zhx_error_set(err, ZHX_ESYNTAX, in->name, in->src_line, 0,
                           "not a JSON object");
    } else if (!cJSON_IsString(text)) {
        rc = zhx_error_set(err, ZHX_ESYNTAX, in->name, in->src_line, 0,
                           "no \"text\" string");
    } else if (cJSON_IsString(id)) {
        ids = id->valuestring;
    } else if (cJSON_IsNumber(id)) {
        snprintf(idbuf, sizeof idbuf, "%.17g", id->valuedouble);
        ids = idbuf;
    } else if (id) {
        rc = zhx_error_set(err, ZHX_ESYNTAX, in->name, in->src_line, 0,
                           "\"id\" is neither a string nor a number");
    } else {
        snprintf(idbuf, sizeof idbuf, "#%lu", in->src_line);
        ids = idbuf;
    }
    if (!rc) {
        size_t tl = strlen(text->valuestring);
        if (ZHX_GROW(in->mem, in->mem_cap, tl + 1))
            rc = oom(err);
        else {
            memcpy(in->mem, text->valuestring, tl + 1);
            in->mem_len = tl;
            in->mem_pos = 0;
        }
        if (!rc && ids == idbuf && idbuf[0] == '#') {
            char full[600];
            snprintf(full, sizeof full, "%s%s", in->name, idbuf);
            rc = set_doc_id(in, full, strlen(full), err);
        } else if (!rc) {
            rc = set_doc_id(in, ids, strlen(ids), err);
        }
    }
    cJSON_Delete(j);
    return rc ? rc : 1;
}

/* Read one JSONL line into a document; 1, 0 at end, or negative (skip). */
static int next_jsonl(zhx_input *in, zhx_error *err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    do {
        errno = 0;
        n = getline(&line, &cap, in->f);
        if (n < 0) {
            free(line);
            if (ferror(in->f))
                return zhx_error_set(err, ZHX_EIO, in->name, in->src_line + 1,
                                     0, "read error: %s", strerror(errno));
            return 0;
        }
        in->src_line++;
    } while (blank(line, (size_t)n));
    int rc = parse_jsonl(in, line, (size_t)n, err);
    free(line);
    return rc;
}

static int nul_doc_id(zhx_input *in, zhx_error *err)
{
    char id[600];
    snprintf(id, sizeof id, "%s#%lu", in->name, in->src_line);
    return set_doc_id(in, id, strlen(id), err) ? -1 : 1;
}

static int next_nul(zhx_input *in, zhx_error *err)
{
    char *doc = NULL;
    size_t cap = 0;
    errno = 0;
    ssize_t n = getdelim(&doc, &cap, '\0', in->f);
    if (n < 0) {
        free(doc);
        if (ferror(in->f))
            return zhx_error_set(err, ZHX_EIO, in->name, 0, 0, "read error: %s",
                                 strerror(errno));
        return 0;
    }
    in->src_line++;
    size_t len = (size_t)n;
    if (len && doc[len - 1] == '\0')
        len--;
    free(in->mem);
    in->mem = doc;
    in->mem_cap = cap;
    in->mem_len = len;
    in->mem_pos = 0;
    return nul_doc_id(in, err);
}

int zhx_input_open_mem(zhx_input *in, const char *data, size_t len,
                       const char *name, unsigned long recno, zhx_error *err)
{
    close_source(in);
    if (set_name(in, name, err))
        return ZHX_ENOMEM;
    in->ext = data;
    in->ext_len = len;
    in->src_line = recno;
    return ZHX_OK;
}

/* The one record of zhx_input_open_mem, in the input's format. */
static int next_ext(zhx_input *in, zhx_error *err)
{
    if (in->started)
        return 0;
    in->started = 1;
    if (in->o.format == ZHX_IN_JSONL)
        return blank(in->ext, in->ext_len) ? 0 : parse_jsonl(in, in->ext, in->ext_len, err);
    if (ZHX_GROW(in->mem, in->mem_cap, in->ext_len + 1))
        return oom(err);
    memcpy(in->mem, in->ext, in->ext_len);
    in->mem_len = in->ext_len;
    in->mem_pos = 0;
    if (in->o.format == ZHX_IN_NUL)
        return nul_doc_id(in, err);
    return set_doc_id(in, in->name, strlen(in->name), err) ? ZHX_ENOMEM : 1;
}

int zhx_input_next_doc(zhx_input *in, zhx_error *err)
{
    zhx_error_clear(err);
    in->in_doc = 0;
    if (!in->f && !in->ext)
        return 0;
    int rc;
    if (in->ext)
        rc = next_ext(in, err);
    else switch (in->o.format) {
    case ZHX_IN_JSONL:
        rc = next_jsonl(in, err);
        break;
    case ZHX_IN_NUL:
        rc = next_nul(in, err);
        break;
    default:
        if (in->started)
            return 0;
        in->started = 1;
        in->from_mem = 0;
        if (set_doc_id(in, in->name, strlen(in->name), err))
            return ZHX_ENOMEM;
        in->checked = 0;
        if (in->regular && !in->o.lossy) {
            rc = check_file(in, err);
            if (rc)
                return rc;
            in->checked = 1;
        }
        begin_doc(in);
        return 1;
    }
    if (rc <= 0)
        return rc;
    in->from_mem = 1;
    in->checked = 0;
    if (!in->o.lossy) {
        rc = check_mem(in, err, in->src_line);
        if (rc) {
            return rc;
        }
        in->checked = 1;
    }
    begin_doc(in);
    return 1;
}

/* Fill the stream buffer so that [pos, end) holds a line or max bytes. */
static int fill(zhx_input *in, zhx_error *err)
{
    size_t want = in->o.max_chunk + 4;
    if (ZHX_GROW(in->buf, in->buf_cap, want > BLOCK ? want : BLOCK))
        return oom(err);
    while (!in->eof) {
        if (memchr(in->buf + in->pos, '\n', in->end - in->pos))
            return ZHX_OK;
        if (in->end - in->pos >= want)
            return ZHX_OK;
        if (in->pos > 0) {
            memmove(in->buf, in->buf + in->pos, in->end - in->pos);
            in->end -= in->pos;
            in->pos = 0;
        }
        size_t got = fread(in->buf + in->end, 1, in->buf_cap - in->end, in->f);
        in->end += got;
        if (got == 0) {
            if (ferror(in->f))
                return zhx_error_set(err, ZHX_EIO, in->name, in->line, 0,
                                     "read error: %s", strerror(errno));
            in->eof = 1;
        }
    }
    return ZHX_OK;
}

static int is_ascii_break(unsigned char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == '.' || c == ';' ||
           c == '!' || c == '?' || c == ')';
}

/* Length of the next piece of s[0..n): through the next newline, or at most
 * max bytes cut after a sentence ender, a space or punctuation, or failing
 * those at a character boundary. */
static size_t piece_len(const unsigned char *s, size_t n, size_t max)
{
    const unsigned char *nl = memchr(s, '\n', n < max ? n : max);
    if (nl)
        return (size_t)(nl - s) + 1;
    if (n <= max)
        return n;
    for (size_t i = max; i > max / 2; i--) {
        /* 。 ！ ？ ； are E3 80 82, EF BC 81, EF BC 9F, EF BC 9B. */
        if (i >= 3 && ((s[i - 3] == 0xE3 && s[i - 2] == 0x80 && s[i - 1] == 0x82) ||
                       (s[i - 3] == 0xEF && s[i - 2] == 0xBC &&
                        (s[i - 1] == 0x81 || s[i - 1] == 0x9F || s[i - 1] == 0x9B))))
            return i;
        if (is_ascii_break(s[i - 1]))
            return i;
    }
    size_t i = max;
    while (i > 0 && (s[i] & 0xC0) == 0x80)
        i--;
    return i ? i : max;
}

/* Decode s[0..n) into in->orig. In unchecked mode an invalid byte is an
 * error at its line and column. */
static int decode(zhx_input *in, const unsigned char *s, size_t n,
                  size_t *count, zhx_error *err)
{
    if (ZHX_GROW(in->orig, in->orig_cap, n + 1))
        return oom(err);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80 && (s[i] || in->checked)) {
            in->orig[k++] = s[i++];
            continue;
        }
        /* Three-byte sequences are nearly all of Chinese text. */
        if ((s[i] & 0xF0) == 0xE0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
            (s[i + 2] & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(s[i] & 0x0F) << 12 |
                          (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
                in->orig[k++] = cp;
                i += 3;
                continue;
            }
        }
        uint32_t cp;
        int l = s[i] ? zhx_utf8_decode(s + i, n - i, &cp) : -1;
        if (l > 0) {
            in->orig[k++] = cp;
            i += (size_t)l;
            continue;
        }
        if (!in->o.lossy) {
            unsigned long line, col;
            locate(s, i, &line, &col);
            return bad_byte(err, in->name, s[i], in->line + line - 1,
                            (line == 1 ? in->col_base : 0) + col);
        }
        in->orig[k++] = 0xFFFD;
        i++;
    }
    *count = k;
    return ZHX_OK;
}

int zhx_input_next_chunk(zhx_input *in, const zhx_chunk **chunk, zhx_error *err)
{
    zhx_error_clear(err);
    if (!in->in_doc)
        return 0;
    const unsigned char *s;
    size_t avail;
    if (in->from_mem) {
        s = (const unsigned char *)in->mem + in->mem_pos;
        avail = in->mem_len - in->mem_pos;
    } else {
        int rc = fill(in, err);
        if (rc) {
            in->in_doc = 0;
            return rc;
        }
        s = in->buf + in->pos;
        avail = in->end - in->pos;
    }
    if (in->at_doc_start && avail >= 3 && s[0] == 0xEF && s[1] == 0xBB &&
        s[2] == 0xBF) {
        s += 3, avail -= 3;
        if (in->from_mem)
            in->mem_pos += 3;
        else
            in->pos += 3;
    }
    in->at_doc_start = 0;
    if (avail == 0) {
        in->in_doc = 0;
        return 0;
    }
    size_t len = piece_len(s, avail, in->o.max_chunk);
    if (in->from_mem)
        in->mem_pos += len;
    else
        in->pos += len;
    size_t n = 0;
    int rc = decode(in, s, len, &n, err);
    if (rc) {
        in->in_doc = 0;
        return rc;
    }
    zhx_chunk *c = &in->chunk;
    rc = zhx_norm_run(in->norm, in->orig, n, &c->text, &c->len, &c->map, err);
    if (rc) {
        in->in_doc = 0;
        return rc;
    }
    size_t ns = 0;
    if (!in->o.no_sentences && zhx_split_sentences(c->text, c->len, in->sent_index, &in->sents, &ns,
                            &in->sents_cap)) {
        in->in_doc = 0;
        return oom(err);
    }
    c->doc = in->doc_id;
    c->orig = in->orig;
    c->orig_len = n;
    c->offset = in->offset;
    c->line = in->line;
    c->sents = in->sents;
    c->n_sents = ns;
    c->index = in->chunk_index++;
    in->sent_index += ns;
    in->offset += n;
    if (n && in->orig[n - 1] == '\n') {
        in->line++;
        in->col_base = 0;
    } else {
        in->col_base += n;
    }
    *chunk = c;
    return 1;
}
