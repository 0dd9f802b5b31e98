/* Outputs of zhx-convert; see sinks.h. */
#include "sinks.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <cjson/cJSON.h>

#include "zhx/text.h"

enum { T_DOCS, T_ENTS, T_FIGS, T_SECTS, NTABLES };

static const char *const table_name[NTABLES] = {"documents", "entities", "figures", "sections"};

/* Columns of each table; the type says how a cell is read from the JSON. */
typedef struct column {
    const char *name;
    char kind; /* s string, i integer, n number, j joined list, c count */
} column;

static const column doc_cols[] = {
    {"doc", 's'}, {"title", 's'}, {"published", 's'}, {"source", 's'},
    {"authors", 'j'}, {"editors", 'j'}, {"sections", 'c'}, {"entities", 'c'},
    {"figures", 'c'}, {0, 0}};
static const column ent_cols[] = {
    {"doc", 's'}, {"type", 's'}, {"text", 's'}, {"start", 'i'}, {"end", 'i'},
    {"norm", 's'}, {"role", 's'}, {"sentence", 'i'}, {"rule", 's'}, {0, 0}};
static const column fig_cols[] = {
    {"doc", 's'}, {"text", 's'}, {"start", 'i'}, {"end", 'i'}, {"value", 'n'},
    {"value_max", 'n'}, {"unit", 's'}, {"kind", 's'}, {"approx", 's'},
    {"subject", 's'}, {"sentence", 'i'}, {"rule", 's'}, {0, 0}};
static const column sect_cols[] = {
    {"doc", 's'}, {"section", 'i'}, {"text", 's'}, {"start", 'i'}, {"end", 'i'}, {0, 0}};
static const column *const table_cols[NTABLES] = {doc_cols, ent_cols, fig_cols, sect_cols};

/* Standard output as CSV/TSV: entities and figures in one table. */
static const char *const fact_names[] = {
    "doc", "record", "type", "text", "start", "end", "norm", "role", "value",
    "value_max", "unit", "approx", "subject", "sentence", "rule"};
#define NFACT (sizeof fact_names / sizeof fact_names[0])

#define MAXCOLS 16
#define XLSX_MAX_ROWS 1048576

typedef struct xsheet {
    lxw_worksheet *ws;
    unsigned row, part;
    double width[MAXCOLS];
} xsheet;

struct sinks {
    zhx_cli *cli;
    zhx_writer *out;            /* stdout */
    FILE *files[NTABLES];       /* --csv-dir */
    zhx_writer *tables[NTABLES];
    const char *names[NTABLES][MAXCOLS];
    lxw_workbook *wb;           /* --xlsx */
    lxw_format *bold;
    xsheet sheets[NTABLES];
    char *final[NTABLES + 1], *temp[NTABLES + 1];
    size_t nfiles;
};

/* Temporary names, for the signal handler: fixed storage, no allocation. */
static char abandon_paths[NTABLES + 1][4096];
static volatile sig_atomic_t abandon_count;

void sinks_abandon(void)
{
    for (sig_atomic_t i = 0; i < abandon_count; i++)
        unlink(abandon_paths[i]);
}

static void add_file(sinks *s, const char *final)
{
    char tmp[4096];
    const char *slash = strrchr(final, '/');
    int dir = slash ? (int)(slash - final + 1) : 0;
    snprintf(tmp, sizeof tmp, "%.*s.%s.tmp%ld", dir, final, final + dir, (long)getpid());
    s->final[s->nfiles] = strdup(final);
    s->temp[s->nfiles] = strdup(tmp);
    if (!s->final[s->nfiles] || !s->temp[s->nfiles])
        zhx_cli_die(s->cli, "out of memory");
    memcpy(abandon_paths[s->nfiles], tmp, strlen(tmp) + 1);
    s->nfiles++;
    abandon_count = (sig_atomic_t)s->nfiles;
}

sinks *sinks_new(zhx_cli *cli, const char *csv_dir, const char *xlsx)
{
    sinks *s = calloc(1, sizeof *s);
    if (!s)
        zhx_cli_die(cli, "out of memory");
    s->cli = cli;
    for (int t = 0; t < NTABLES; t++)
        for (int c = 0; table_cols[t][c].name; c++)
            s->names[t][c] = table_cols[t][c].name;
    if (csv_dir) {
        if (mkdir(csv_dir, 0777) != 0 && errno != EEXIST)
            zhx_cli_die(cli, "%s: %s", csv_dir, strerror(errno));
        for (int t = 0; t < NTABLES; t++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.csv", csv_dir, table_name[t]);
            add_file(s, path);
            s->files[t] = fopen(s->temp[s->nfiles - 1], "w");
            if (!s->files[t])
                zhx_cli_die(cli, "%s: %s", s->temp[s->nfiles - 1], strerror(errno));
            size_t n = 0;
            while (table_cols[t][n].name)
                n++;
            zhx_error err;
            zhx_cli *c = cli;
            s->tables[t] = zhx_writer_new(s->files[t], ZHX_FMT_CSV, s->names[t], n,
                                          c->wflags & ~(unsigned)ZHX_W_NO_HEADER, &err);
            if (!s->tables[t])
                zhx_cli_die(cli, "%s", err.message);
        }
    }
    if (xlsx) {
        add_file(s, xlsx);
        /* Constant memory: rows go to disk as they are written, so a batch
         * of any size fits. */
        lxw_workbook_options o = {.constant_memory = LXW_TRUE};
        s->wb = workbook_new_opt(s->temp[s->nfiles - 1], &o);
        if (!s->wb)
            zhx_cli_die(cli, "%s: cannot create the workbook", xlsx);
        s->bold = workbook_add_format(s->wb);
        format_set_bold(s->bold);
    }
    if (!csv_dir && !xlsx) {
        if (cli->format == ZHX_FMT_JSON || cli->format == ZHX_FMT_JSONL) {
            cli->wflags |= ZHX_W_JSON_SINGLE;
            s->out = zhx_cli_writer(cli, fact_names, 0);
        } else {
            s->out = zhx_cli_writer(cli, fact_names, NFACT);
        }
    }
    return s;
}

/* Display width of UTF-8 text in spreadsheet columns: wide characters
 * count two. */
static double text_width(const char *s)
{
    double w = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = zhx_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                               (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                               (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                               (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000))
                 ? 2.1 : 1.1;
    }
    return w;
}

static xsheet *sheet(sinks *s, int t)
{
    xsheet *x = &s->sheets[t];
    if (x->ws && x->row < XLSX_MAX_ROWS)
        return x;
    /* A new sheet, or the next part of one that is full. */
    char name[32];
    if (x->part)
        snprintf(name, sizeof name, "%s %u", table_name[t], x->part + 1);
    else
        snprintf(name, sizeof name, "%s", table_name[t]);
    x->part += x->ws != NULL;
    x->ws = workbook_add_worksheet(s->wb, name);
    if (!x->ws)
        zhx_cli_die(s->cli, "cannot add a worksheet");
    x->row = 0;
    worksheet_freeze_panes(x->ws, 1, 0);
    for (int c = 0; table_cols[t][c].name; c++) {
        worksheet_write_string(x->ws, 0, (lxw_col_t)c, table_cols[t][c].name, s->bold);
        double w = text_width(table_cols[t][c].name) + 2;
        if (w > x->width[c])
            x->width[c] = w;
    }
    x->row = 1;
    return x;
}

/* The cells of one row of table t, taken from the JSON object rec (and the
 * document's id). */
static void row_values(int t, const char *doc, const cJSON *rec, zhx_value *v,
                       char (*buf)[256])
{
    for (int c = 0; table_cols[t][c].name; c++) {
        const column *col = &table_cols[t][c];
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(rec, col->name);
        v[c] = ZHX_V_NULL;
        if (strcmp(col->name, "doc") == 0) {
            v[c] = ZHX_V_STR(doc);
        } else if (col->kind == 'c') {
            v[c] = ZHX_V_INT(cJSON_IsArray(it) ? cJSON_GetArraySize(it)
                                               : cJSON_IsNumber(it) ? (long long)it->valuedouble : 0);
        } else if (col->kind == 'j' && cJSON_IsArray(it)) {
            /* authors: "记者 郑学良; 通讯员 王五"; editors: "贾小燕; 李四" */
            size_t len = 0;
            buf[c][0] = '\0';
            const cJSON *e;
            cJSON_ArrayForEach(e, it) {
                if (len >= 255)
                    break; /* a cell, not a roster: long lists are cut */
                const cJSON *name = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "name") : e;
                const cJSON *role = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "role") : NULL;
                len += (size_t)snprintf(buf[c] + len, 256 - len, "%s%s%s%s",
                                        len ? "; " : "", cJSON_IsString(role) ? role->valuestring : "",
                                        cJSON_IsString(role) ? " " : "",
                                        cJSON_IsString(name) ? name->valuestring : "");
            }
            v[c] = ZHX_V_STR(buf[c]);
        } else if (cJSON_IsString(it)) {
            v[c] = ZHX_V_STR(it->valuestring);
        } else if (cJSON_IsRaw(it)) {
            v[c] = ZHX_V_NUM(it->valuestring);
        } else if (cJSON_IsNumber(it)) {
            snprintf(buf[c], 256, "%.17g", it->valuedouble);
            v[c] = col->kind == 'i' ? ZHX_V_INT((long long)it->valuedouble) : ZHX_V_NUM(buf[c]);
        }
    }
}

static void xlsx_row(sinks *s, int t, const zhx_value *v)
{
    xsheet *x = sheet(s, t);
    for (int c = 0; table_cols[t][c].name; c++) {
        lxw_col_t col = (lxw_col_t)c;
        char num[32];
        const char *shown = NULL;
        switch (v[c].type) {
        case ZHX_STR:
            worksheet_write_string(x->ws, x->row, col, v[c].s, NULL);
            shown = v[c].s;
            break;
        case ZHX_INT:
            worksheet_write_number(x->ws, x->row, col, (double)v[c].i, NULL);
            snprintf(num, sizeof num, "%lld", v[c].i);
            shown = num;
            break;
        case ZHX_NUM:
            worksheet_write_number(x->ws, x->row, col, strtod(v[c].s, NULL), NULL);
            shown = v[c].s;
            break;
        default:
            break;
        }
        if (shown) {
            double w = text_width(shown) + 1;
            if (w > x->width[c])
                x->width[c] = w > 60 ? 60 : w;
        }
    }
    x->row++;
}

static int table_row(sinks *s, int t, const char *doc, const cJSON *rec)
{
    zhx_value v[MAXCOLS];
    char buf[MAXCOLS][256];
    row_values(t, doc, rec, v, buf);
    if (s->wb)
        xlsx_row(s, t, v);
    if (s->tables[t])
        return zhx_writer_row(s->tables[t], v) != ZHX_OK;
    return 0;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static const char *num_of(const cJSON *o, const char *k)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsRaw(it) ? it->valuestring : NULL;
}

static long long int_of(const cJSON *o, const char *k)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsRaw(it))
        return strtoll(it->valuestring, NULL, 10);
    return cJSON_IsNumber(it) ? (long long)it->valuedouble : 0;
}

static int fact_row(sinks *s, const char *doc, const cJSON *r, int figure)
{
    zhx_value v[NFACT] = {
        ZHX_V_STR(doc), ZHX_V_STR(figure ? "figure" : "entity"),
        ZHX_V_STR(str_of(r, figure ? "kind" : "type")), ZHX_V_STR(str_of(r, "text")),
        ZHX_V_INT(int_of(r, "start")), ZHX_V_INT(int_of(r, "end")),
        ZHX_V_STR(str_of(r, "norm")), ZHX_V_STR(str_of(r, "role")),
        ZHX_V_NUM(num_of(r, "value")), ZHX_V_NUM(num_of(r, "value_max")),
        ZHX_V_STR(str_of(r, "unit")), ZHX_V_STR(str_of(r, "approx")),
        ZHX_V_STR(str_of(r, "subject")), ZHX_V_INT(int_of(r, "sentence")),
        ZHX_V_STR(str_of(r, "rule"))};
    return zhx_writer_row(s->out, v) != ZHX_OK;
}

/* Exact decimals would lose digits as doubles: put the literal of key back
 * as a raw item. In compact JSON a key follows '{' or ','; inside a string
 * a quote is escaped, so the pattern cannot match there. */
static void keep_literal(cJSON *r, const char *line, size_t len, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(r, key);
    if (!cJSON_IsNumber(it))
        return;
    char pat[32];
    int pl = snprintf(pat, sizeof pat, "\"%s\":", key);
    for (size_t i = 1; i + (size_t)pl < len; i++) {
        if ((line[i - 1] != ',' && line[i - 1] != '{') || memcmp(line + i, pat, (size_t)pl) != 0)
            continue;
        size_t a = i + (size_t)pl, b = a;
        while (b < len && line[b] != ',' && line[b] != '}')
            b++;
        char lit[64];
        if (b - a >= sizeof lit)
            return;
        memcpy(lit, line + a, b - a);
        lit[b - a] = '\0';
        cJSON *raw = cJSON_CreateRaw(lit);
        if (raw)
            cJSON_ReplaceItemInObjectCaseSensitive(r, key, raw);
        return;
    }
}

/* Call row() for each record of recs (JSON objects, one a line), parsed
 * one at a time so a document's records never become one big tree. */
static int each_record(sinks *s, const char *doc, const char *recs, int table,
                       int (*row)(sinks *, const char *, const cJSON *, int))
{
    int rc = 0;
    for (const char *p = recs; p && *p && !rc;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        cJSON *r = cJSON_ParseWithLength(p, l);
        if (!r)
            zhx_cli_die(s->cli, "out of memory");
        keep_literal(r, p, l, "value");
        keep_literal(r, p, l, "value_max");
        rc = row(s, doc, r, table);
        cJSON_Delete(r);
        p += l + (nl != NULL);
    }
    return rc;
}

static int table_record(sinks *s, const char *doc, const cJSON *r, int table)
{
    return table_row(s, table, doc, r);
}

int sinks_doc(sinks *s, const zhx_doc_records *d)
{
    const char *doc = d->doc;
    if (s->out) {
        if (s->cli->format == ZHX_FMT_JSON || s->cli->format == ZHX_FMT_JSONL) {
            char *json = zhx_doc_records_json(d);
            if (!json)
                zhx_cli_die(s->cli, "out of memory");
            int rc = zhx_writer_json(s->out, json);
            free(json);
            return rc != ZHX_OK;
        }
        return each_record(s, doc, d->entities, 0, fact_row) ||
               each_record(s, doc, d->figures, 1, fact_row);
    }
    /* The documents row reads meta's fields plus the record counts. */
    cJSON *row = cJSON_Parse(d->meta);
    if (!row)
        zhx_cli_die(s->cli, "out of memory");
    cJSON_AddNumberToObject(row, "entities", (double)d->n_entities);
    cJSON_AddNumberToObject(row, "figures", (double)d->n_figures);
    int rc = table_row(s, T_DOCS, doc, row);
    rc |= each_record(s, doc, d->entities, T_ENTS, table_record);
    rc |= each_record(s, doc, d->figures, T_FIGS, table_record);
    const cJSON *sections = cJSON_GetObjectItemCaseSensitive(row, "section_spans"), *r;
    int i = 0;
    cJSON_ArrayForEach(r, sections) {
        cJSON *o = cJSON_Duplicate(r, 1);
        if (!o)
            zhx_cli_die(s->cli, "out of memory");
        cJSON_AddNumberToObject(o, "section", i++);
        rc |= table_row(s, T_SECTS, doc, o);
        cJSON_Delete(o);
    }
    cJSON_Delete(row);
    return rc;
}

void sinks_finish(sinks *s)
{
    int failed = 0;
    for (int t = 0; t < NTABLES; t++) {
        if (!s->tables[t])
            continue;
        zhx_error err;
        if (zhx_writer_finish(s->tables[t], &err) != ZHX_OK || fclose(s->files[t]) != 0)
            failed = 1;
        s->files[t] = NULL;
    }
    if (s->wb) {
        for (int t = 0; t < NTABLES; t++) {
            sheet(s, t); /* every sheet exists, with its header, even if empty */
            for (int c = 0; table_cols[t][c].name; c++)
                worksheet_set_column(s->sheets[t].ws, (lxw_col_t)c, (lxw_col_t)c,
                                     s->sheets[t].width[c], NULL);
        }
        lxw_error e = workbook_close(s->wb);
        s->wb = NULL;
        if (e != LXW_NO_ERROR) {
            sinks_abandon();
            zhx_cli_die(s->cli, "%s: %s", s->final[s->nfiles - 1], lxw_strerror(e));
        }
    }
    if (failed) {
        sinks_abandon();
        zhx_cli_die(s->cli, "write error: %s", strerror(errno ? errno : EIO));
    }
    for (size_t i = 0; i < s->nfiles; i++)
        if (rename(s->temp[i], s->final[i]) != 0) {
            sinks_abandon();
            zhx_cli_die(s->cli, "%s: %s", s->final[i], strerror(errno));
        }
    abandon_count = 0;
    if (s->out)
        zhx_cli_finish_output(s->cli, s->out);
}

void sinks_free(sinks *s)
{
    if (!s)
        return;
    zhx_writer_free(s->out);
    for (int t = 0; t < NTABLES; t++) {
        zhx_writer_free(s->tables[t]);
        if (s->files[t])
            fclose(s->files[t]);
    }
    for (size_t i = 0; i < s->nfiles; i++) {
        free(s->final[i]);
        free(s->temp[i]);
    }
    free(s);
}
