/* CSV/TSV/JSON/JSONL writers shared by every binary. */
#include "zhx/writer.h"

#include <csv.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

struct zhx_writer {
    FILE *out;
    zhx_format fmt;
    const char *const *cols;
    size_t ncols;
    unsigned flags;
    size_t rows;
    int failed;
    /* JSON: one reusable object whose items are re-pointed per row, so a
     * row costs no allocation. */
    cJSON *obj;
    cJSON **items;
    char (*nbuf)[24];
    char *pbuf;
    size_t pcap;
    char *held; /* ZHX_W_JSON_SINGLE: the first element, until a second */
    char ibuf[32];
    /* Our own output buffer: a record is many tiny writes, and stdio's
     * per-call locking and checks cost more than the records. */
    size_t olen;
    int tty; /* a person is reading: pass each record on at once */
    char obuf[1 << 16];
};

int zhx_format_parse(const char *name, zhx_format *fmt)
{
    static const char *const names[] = {"csv", "tsv", "json", "jsonl", "text"};
    for (int i = 0; i < 5; i++)
        if (strcmp(name, names[i]) == 0) {
            *fmt = (zhx_format)i;
            return ZHX_OK;
        }
    return ZHX_EINVAL;
}

static void drain(zhx_writer *w)
{
    if (w->olen && fwrite(w->obuf, 1, w->olen, w->out) != w->olen)
        w->failed = 1;
    w->olen = 0;
}

static void put(zhx_writer *w, const char *s, size_t n)
{
    if (w->olen + n > sizeof w->obuf) {
        drain(w);
        if (n > sizeof w->obuf) {
            if (fwrite(s, 1, n, w->out) != n)
                w->failed = 1;
            return;
        }
    }
    memcpy(w->obuf + w->olen, s, n);
    w->olen += n;
}

/* Decimal text of v into buf (at least 21 bytes); returns buf. */
static const char *itoa_(long long v, char *buf)
{
    char tmp[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    char *p = buf;
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = tmp[--n];
    *p = '\0';
    return buf;
}

static void puts_(zhx_writer *w, const char *s) { put(w, s, strlen(s)); }

static void csv_cell(zhx_writer *w, const char *s, int text)
{
    /* One pass: the length, and whether the cell needs quotes. */
    size_t n = 0;
    int quote = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
        quote |= *p == ',' || *p == '"' || *p == '\r' || *p == '\n';
    quote |= n && (s[0] == ' ' || s[n - 1] == ' ');
    /* A lone sign is no formula: "-" (standard input) stays as it is. */
    if (text && (w->flags & ZHX_W_EXCEL) && n > 1 &&
        (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
         s[0] == '\t' || s[0] == '\r'))
        put(w, "'", 1);
    if (quote) {
        /* libcsv quotes into memory; it says how much room it needs. */
        size_t need = csv_write(NULL, 0, s, n);
        if (w->olen + need > sizeof w->obuf)
            drain(w);
        if (need <= sizeof w->obuf) {
            w->olen += csv_write(w->obuf + w->olen, sizeof w->obuf - w->olen, s, n);
        } else {
            drain(w);
            if (csv_fwrite(w->out, s, n) != 0)
                w->failed = 1;
        }
    } else {
        put(w, s, n);
    }
}

static void tsv_cell(zhx_writer *w, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *esc = *s == '\t' ? "\\t" : *s == '\n' ? "\\n"
                        : *s == '\r' ? "\\r" : *s == '\\' ? "\\\\" : NULL;
        if (esc) {
            put(w, run, (size_t)(s - run));
            put(w, esc, 2);
            run = s + 1;
        }
    }
    put(w, run, (size_t)(s - run));
}

static const char *scalar_text(zhx_writer *w, const zhx_value *v)
{
    switch (v->type) {
    case ZHX_STR: case ZHX_NUM: case ZHX_JSON: return v->s;
    case ZHX_INT: return itoa_(v->i, w->ibuf);
    case ZHX_BOOL: return v->i ? "true" : "false";
    default: return "";
    }
}

static void table_row(zhx_writer *w, const zhx_value *vals, const char *const *names)
{
    const char *eol = (w->flags & ZHX_W_EXCEL) ? "\r\n" : "\n";
    for (size_t i = 0; i < w->ncols; i++) {
        if (i)
            put(w, w->fmt == ZHX_FMT_TSV ? "\t" : ",", 1);
        const char *s = names ? names[i] : scalar_text(w, &vals[i]);
        int text = names || vals[i].type == ZHX_STR || vals[i].type == ZHX_JSON;
        if (w->fmt == ZHX_FMT_TSV)
            tsv_cell(w, s);
        else
            csv_cell(w, s, text);
    }
    puts_(w, eol);
}

zhx_writer *zhx_writer_new(FILE *out, zhx_format fmt, const char *const *cols,
                           size_t ncols, unsigned flags, zhx_error *err)
{
    zhx_writer *w = calloc(1, sizeof *w);
    if (!w) {
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    w->out = out;
    w->tty = isatty(fileno(out));
    w->fmt = fmt;
    w->cols = cols;
    w->ncols = ncols;
    w->flags = flags;
    if (fmt == ZHX_FMT_JSON || fmt == ZHX_FMT_JSONL) {
        w->obj = cJSON_CreateObject();
        w->items = calloc(ncols ? ncols : 1, sizeof *w->items);
        w->nbuf = calloc(ncols ? ncols : 1, sizeof *w->nbuf);
        if (!w->obj || !w->items || !w->nbuf) {
            zhx_writer_free(w);
            zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
        for (size_t i = 0; i < ncols; i++) {
            w->items[i] = cJSON_CreateNull();
            if (!w->items[i]) {
                zhx_writer_free(w);
                zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
                return NULL;
            }
            cJSON_AddItemToObjectCS(w->obj, cols[i], w->items[i]);
        }
    }
    if ((fmt == ZHX_FMT_CSV || fmt == ZHX_FMT_TSV) && (flags & ZHX_W_EXCEL))
        put(w, "\xEF\xBB\xBF", 3);
    if ((fmt == ZHX_FMT_CSV || fmt == ZHX_FMT_TSV) && !(flags & ZHX_W_NO_HEADER))
        table_row(w, NULL, cols);
    return w;
}

/* Emit one JSON element, handling the array punctuation. */
static int element(zhx_writer *w, const char *json)
{
    if (w->fmt == ZHX_FMT_JSONL) {
        puts_(w, json);
        put(w, "\n", 1);
    } else if ((w->flags & ZHX_W_JSON_SINGLE) && w->rows == 0) {
        w->held = strdup(json);
        if (!w->held)
            return ZHX_ENOMEM;
    } else {
        if (w->held) {
            put(w, "[\n", 2);
            puts_(w, w->held);
            free(w->held);
            w->held = NULL;
        } else if (w->rows == 0) {
            put(w, "[\n", 2);
        }
        if (w->rows)
            put(w, ",\n", 2);
        puts_(w, json);
    }
    w->rows++;
    if (w->tty)
        drain(w);
    return w->failed ? ZHX_EIO : ZHX_OK;
}

int zhx_writer_row(zhx_writer *w, const zhx_value *vals)
{
    if (w->fmt == ZHX_FMT_CSV || w->fmt == ZHX_FMT_TSV) {
        table_row(w, vals, NULL);
        w->rows++;
        if (w->tty)
            drain(w);
        return w->failed ? ZHX_EIO : ZHX_OK;
    }
    for (size_t i = 0; i < w->ncols; i++) {
        cJSON *it = w->items[i];
        const zhx_value *v = &vals[i];
        it->valuestring = NULL;
        /* The key is a borrowed constant: keep cJSON from freeing it. */
        int t;
        switch (v->type) {
        case ZHX_STR:
            t = cJSON_String | cJSON_IsReference;
            it->valuestring = (char *)v->s;
            break;
        case ZHX_NUM: case ZHX_JSON:
            t = cJSON_Raw | cJSON_IsReference;
            it->valuestring = (char *)v->s;
            break;
        case ZHX_INT:
            /* Printed by us, so integers past 2^53 stay exact. */
            itoa_(v->i, w->nbuf[i]);
            t = cJSON_Raw | cJSON_IsReference;
            it->valuestring = w->nbuf[i];
            break;
        case ZHX_BOOL:
            t = v->i ? cJSON_True : cJSON_False;
            break;
        default:
            t = cJSON_NULL;
        }
        it->type = t | cJSON_StringIsConst;
    }
    for (;;) {
        if (w->pcap && cJSON_PrintPreallocated(w->obj, w->pbuf, (int)w->pcap, 0))
            break;
        if (w->pcap > INT32_MAX / 4 || ZHX_GROW(w->pbuf, w->pcap, w->pcap ? w->pcap * 2 : 4096))
            return ZHX_ENOMEM;
    }
    return element(w, w->pbuf);
}

int zhx_writer_json(zhx_writer *w, const char *json)
{
    if (w->fmt != ZHX_FMT_JSON && w->fmt != ZHX_FMT_JSONL)
        return ZHX_EINVAL;
    return element(w, json);
}

int zhx_writer_finish(zhx_writer *w, zhx_error *err)
{
    if (w->fmt == ZHX_FMT_JSON) {
        if (w->held) {
            puts_(w, w->held);
            put(w, "\n", 1);
            free(w->held);
            w->held = NULL;
        } else if (w->rows) {
            put(w, "\n]\n", 3);
        } else {
            put(w, "[]\n", 3);
        }
    }
    drain(w);
    if (fflush(w->out) != 0 || ferror(w->out))
        w->failed = 1;
    if (w->failed)
        return zhx_error_set(err, ZHX_EIO, NULL, 0, 0, "write error: %s",
                             strerror(errno ? errno : EIO));
    return ZHX_OK;
}

void zhx_writer_free(zhx_writer *w)
{
    if (!w)
        return;
    if (w->obj) {
        /* Items may point at the caller's strings: detach before delete. */
        for (size_t i = 0; i < w->ncols; i++)
            if (w->items[i]) {
                w->items[i]->type = cJSON_NULL | cJSON_StringIsConst;
                w->items[i]->valuestring = NULL;
            }
        cJSON_Delete(w->obj);
    }
    free(w->items);
    free(w->nbuf);
    free(w->pbuf);
    free(w->held);
    free(w);
}
