/* zhx-convert: articles in, one record set per document out: JSON, CSV
 * tables, or an .xlsx workbook; for one file or a batch of thousands, on
 * several cores, in a deterministic order. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "pool.h"
#include "sinks.h"
#include "zhx/extract.h"

static const char *const columns[] = {
    "doc", "record", "type", "text", "start", "end", "norm", "role", "value",
    "value_max", "unit", "approx", "subject", "sentence", "rule", NULL};

enum {
    OPT_CSV_DIR = ZHX_OPT_USER, OPT_XLSX, OPT_RULES, OPT_RULES_ONLY, OPT_META_RULES,
    OPT_BASE_DATE, OPT_TYPES, OPT_ALL_LINES, OPT_NO_PROGRESS, OPT_PROGRESS
};

static const struct option longopts[] = {
    {"csv-dir", required_argument, 0, OPT_CSV_DIR},
    {"xlsx", required_argument, 0, OPT_XLSX},
    {"recursive", no_argument, 0, 'r'},
    {"jobs", required_argument, 0, 'j'},
    {"rules", required_argument, 0, OPT_RULES},
    {"rules-only", no_argument, 0, OPT_RULES_ONLY},
    {"meta-rules", required_argument, 0, OPT_META_RULES},
    {"base-date", required_argument, 0, OPT_BASE_DATE},
    {"types", required_argument, 0, OPT_TYPES},
    {"all-lines", no_argument, 0, OPT_ALL_LINES},
    {"progress", no_argument, 0, OPT_PROGRESS},
    {"no-progress", no_argument, 0, OPT_NO_PROGRESS},
    {0, 0, 0, 0},
};

static const zhx_cli_spec spec = {
    .name = "zhx-convert",
    .purpose = "Convert Chinese articles into tables: metadata, entities (people, institutions,\n"
               "programs, places, dates) and figures, one record set per document.",
    .options =
        "Output (default: one CSV table of every entity and figure on stdout):\n"
        "  -f json                 one object per document {doc, meta, entities,\n"
        "                          figures} (an array when there are several)\n"
        "  -f jsonl                one such object a line\n"
        "      --csv-dir=DIR       write DIR/documents.csv, entities.csv, figures.csv\n"
        "                          and sections.csv, joined by their doc column\n"
        "      --xlsx=FILE         write one workbook with those four sheets\n"
        "Batch:\n"
        "  -r, --recursive         read the files in directories, in name order\n"
        "  -j, --jobs=N            use N worker threads (0: one per core); the\n"
        "                          output is the same for every N\n"
        "      --progress          show progress on stderr even for small batches\n"
        "      --no-progress       never show progress (it is shown only when stderr\n"
        "                          is a terminal and the batch is large)\n"
        "Extraction:\n"
        "      --rules=FILE        add entity rules and lexicons (see zhx-ents)\n"
        "      --rules-only        use only the --rules file's rules\n"
        "      --meta-rules=FILE   add metadata rules (see zhx-meta)\n"
        "      --base-date=DATE    YYYY-MM-DD for 今年/去年 when an article has no\n"
        "                          date line of its own\n"
        "      --types=LIST        entity types to keep: person,institution,program,\n"
        "                          place,date\n"
        "      --all-lines         also look for entities and figures in portal\n"
        "                          boilerplate lines (copyright, app banners, ...)\n"
        "Output files are written under temporary names and renamed when complete.\n",
    .examples = "  zhx-convert -f json article.txt\n"
                "  zhx-convert -r --jobs 0 --xlsx news.xlsx articles/\n"
                "  zhx-convert --input-format jsonl -f jsonl < batch.jsonl > out.jsonl\n",
    .shortopts = "rj:",
    .longopts = longopts,
    .default_format = ZHX_FMT_CSV,
    .columns = columns,
};

typedef struct task {
    char *path;        /* a file read by the worker, or NULL */
    char *data;        /* records handed over in memory: nrec of them,
                          each ended by delim (the last one maybe not);
                          delim -1: one record, all of data */
    size_t len, cap, nrec;
    int delim;
    const char *name;  /* source name for memory records (borrowed) */
    unsigned long recno;
    size_t bytes;
} task;

typedef struct result {
    zhx_doc_records **docs;
    size_t ndocs;
    char *msgs;
    int status;
} result;

typedef struct state {
    zhx_cli cli;
    zhx_extract_opts xo;
    zhx_extractor *shared;
    sinks *out;
    const char *csv_dir, *xlsx;
    int recursive, jobs, progress;
    char *rules_buf, *meta_rules_buf;
    /* progress */
    size_t done_docs, done_tasks, total_tasks;
    double done_bytes, total_bytes;
    struct timespec t0, last;
    int shown;
} state;

static state st;

static int own(void *ctx, int opt, const char *arg)
{
    state *s = ctx;
    char *end;
    switch (opt) {
    case OPT_CSV_DIR: s->csv_dir = arg; return 0;
    case OPT_XLSX: s->xlsx = arg; return 0;
    case 'r': s->recursive = 1; return 0;
    case 'j':
        s->jobs = (int)strtol(arg, &end, 10);
        if (*arg == '\0' || *end || s->jobs < 0 || s->jobs > 1024)
            zhx_cli_usage(&s->cli, "invalid number of jobs '%s'", arg);
        if (s->jobs == 0)
            s->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
        return 0;
    case OPT_RULES:
        s->xo.rules_name = arg;
        s->rules_buf = zhx_cli_read_file(&s->cli, arg, 64u << 20, &s->xo.rules_len);
        s->xo.rules_text = s->rules_buf;
        return 0;
    case OPT_RULES_ONLY: s->xo.rules_only = 1; return 0;
    case OPT_META_RULES:
        s->xo.meta_rules_name = arg;
        s->meta_rules_buf = zhx_cli_read_file(&s->cli, arg, 64u << 20, &s->xo.meta_rules_len);
        s->xo.meta_rules_text = s->meta_rules_buf;
        return 0;
    case OPT_BASE_DATE: s->xo.base_date = arg; return 0;
    case OPT_TYPES: s->xo.types = arg; return 0;
    case OPT_ALL_LINES: s->xo.all_lines = 1; return 0;
    case OPT_PROGRESS: s->progress = 2; return 0;
    case OPT_NO_PROGRESS: s->progress = 0; return 0;
    }
    return -1;
}

/* ---- workers ---- */

typedef struct worker {
    zhx_input *in;
    zhx_extract *x;
} worker;

static void *make_worker(int i)
{
    (void)i;
    zhx_error err;
    worker *w = calloc(1, sizeof *w);
    if (!w || !(w->in = zhx_input_new(&st.cli.in, &err)) ||
        !(w->x = zhx_extract_new(st.shared, &err)))
        zhx_cli_die(&st.cli, "%s", w ? err.message : "out of memory");
    return w;
}

static void free_worker(void *p)
{
    worker *w = p;
    zhx_input_free(w->in);
    zhx_extract_free(w->x);
    free(w);
}

static void add_msg(result *r, const zhx_error *err)
{
    char line[1400];
    zhx_cli_format_error(&st.cli, err, line, sizeof line);
    size_t old = r->msgs ? strlen(r->msgs) : 0, n = strlen(line);
    char *m = realloc(r->msgs, old + n + 1);
    if (!m)
        return;
    memcpy(m + old, line, n + 1);
    r->msgs = m;
    r->status = ZHX_EXIT_DATA;
}

/* Extract the documents of t's file (data NULL) or of one in-memory
 * record into r. */
static void work_source(worker *w, const task *t, result *r, const char *data,
                        size_t len, unsigned long recno)
{
    zhx_error err;
    int rc = t->path ? zhx_input_open(w->in, t->path, &err)
                     : zhx_input_open_mem(w->in, data, len, t->name, recno, &err);
    if (rc) {
        add_msg(r, &err);
        return;
    }
    while ((rc = zhx_input_next_doc(w->in, &err)) != 0) {
        if (rc < 0) {
            add_msg(r, &err);
            if (err.code == ZHX_EIO)
                break;
            continue;
        }
        zhx_doc_records *doc;
        if (zhx_extract_doc(w->x, w->in, &doc, &err) != ZHX_OK) {
            add_msg(r, &err);
            continue;
        }
        zhx_doc_records **d = realloc(r->docs, (r->ndocs + 1) * sizeof *d);
        if (!d)
            zhx_cli_die(&st.cli, "out of memory");
        r->docs = d;
        r->docs[r->ndocs++] = doc;
    }
}

static void *work(void *wctx, void *tp)
{
    worker *w = wctx;
    task *t = tp;
    result *r = calloc(1, sizeof *r);
    if (!r)
        zhx_cli_die(&st.cli, "out of memory");
    if (t->path) {
        work_source(w, t, r, NULL, 0, 0);
        return r;
    }
    const char *p = t->data, *end = t->data + t->len;
    for (size_t i = 0; i < t->nrec; i++) {
        const char *e = t->delim < 0 ? NULL : memchr(p, t->delim, (size_t)(end - p));
        size_t n = (size_t)((e ? e : end) - p);
        work_source(w, t, r, p, n, t->recno + i);
        p = e ? e + 1 : end;
    }
    return r;
}

/* ---- progress ---- */

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(int final)
{
    if (!st.progress)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = since(&st.t0, &now);
    if (!final && (since(&st.last, &now) < 0.1 || (st.progress == 1 && el < 0.5)))
        return;
    st.last = now;
    if (final) {
        if (st.shown)
            fputs("\r\033[K", stderr);
        return;
    }
    double mbps = el > 0 ? st.done_bytes / 1048576.0 / el : 0;
    char eta[32] = "";
    if (st.total_bytes > 0 && mbps > 0)
        snprintf(eta, sizeof eta, ", ETA %.0f s",
                 (st.total_bytes - st.done_bytes) / 1048576.0 / mbps);
    if (st.total_tasks)
        fprintf(stderr, "\r\033[K%s: %zu/%zu files, %zu documents, %.1f MB/s%s",
                spec.name, st.done_tasks, st.total_tasks, st.done_docs, mbps, eta);
    else
        fprintf(stderr, "\r\033[K%s: %zu documents, %.1f MB/s", spec.name,
                st.done_docs, mbps);
    st.shown = 1;
}

static void done(void *dctx, void *tp, void *rp)
{
    (void)dctx;
    task *t = tp;
    result *r = rp;
    if (r->msgs) {
        if (st.shown)
            fputs("\r\033[K", stderr);
        fputs(r->msgs, stderr);
    }
    if (r->status)
        st.cli.status = r->status;
    for (size_t i = 0; i < r->ndocs; i++) {
        if (sinks_doc(st.out, r->docs[i])) {
            errno = errno ? errno : EIO;
            zhx_cli_finish_output(&st.cli, NULL);
            zhx_cli_die(&st.cli, "write error: %s", strerror(errno));
        }
        zhx_doc_records_free(r->docs[i]);
    }
    st.done_docs += r->ndocs;
    st.done_tasks += t->path != NULL;
    st.done_bytes += (double)t->bytes;
    progress(0);
    free(r->docs);
    free(r->msgs);
    free(r);
    free(t->path);
    free(t->data);
    free(t);
}

/* ---- tasks ---- */

typedef struct paths {
    char **v;
    size_t n, cap;
} paths;

static void push_path(paths *p, const char *path)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
        if (!p->v)
            zhx_cli_die(&st.cli, "out of memory");
    }
    if (!(p->v[p->n++] = strdup(path)))
        zhx_cli_die(&st.cli, "out of memory");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The files under dir, in name order (byte order: no locale). */
static void walk(paths *p, const char *dir, int depth)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, by_name);
    if (n < 0) {
        fprintf(stderr, "%s: %s: %s\n", spec.name, dir, strerror(errno));
        st.cli.status = ZHX_EXIT_DATA;
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *nm = list[i]->d_name;
        if (nm[0] != '.' && depth < 64) {
            size_t l = strlen(dir) + strlen(nm) + 2;
            char *full = malloc(l);
            if (!full)
                zhx_cli_die(&st.cli, "out of memory");
            snprintf(full, l, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", nm);
            struct stat sb;
            if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode))
                walk(p, full, depth + 1);
            else if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
                push_path(p, full);
            free(full);
        }
        free(list[i]);
    }
    free(list);
}

/* A task holds records up to these: a task per short record would cost
 * more in hand-overs than in work (the ordered window holds 8 tasks a
 * worker, so memory stays bounded). */
enum { TASK_BYTES = 64 * 1024, TASK_RECORDS = 64 };

/* Hand the records of one JSONL or NUL-separated source to the pool. */
static void submit_records(pool *pl, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", spec.name, path, strerror(errno));
        st.cli.status = ZHX_EXIT_DATA;
        return;
    }
    int delim = st.cli.in.format == ZHX_IN_JSONL ? '\n' : '\0';
    unsigned long recno = 0;
    char *rec = NULL;
    size_t cap = 0;
    task *t = NULL;
    ssize_t n;
    while ((n = getdelim(&rec, &cap, delim, f)) > 0) {
        if (!t) {
            if (!(t = calloc(1, sizeof *t)))
                zhx_cli_die(&st.cli, "out of memory");
            t->name = path, t->recno = recno + 1, t->delim = delim;
        }
        if (ZHX_GROW(t->data, t->cap, t->len + (size_t)n))
            zhx_cli_die(&st.cli, "out of memory");
        memcpy(t->data + t->len, rec, (size_t)n);
        t->len += (size_t)n;
        t->bytes += (size_t)n;
        t->nrec++;
        recno++;
        if (t->len >= TASK_BYTES || t->nrec >= TASK_RECORDS) {
            pool_submit(pl, t);
            t = NULL;
        }
    }
    if (t)
        pool_submit(pl, t);
    free(rec);
    if (ferror(f)) {
        fprintf(stderr, "%s: %s: read error\n", spec.name, path);
        st.cli.status = ZHX_EXIT_DATA;
    }
    if (f != stdin)
        fclose(f);
}

static void on_signal(int sig)
{
    sinks_abandon();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    st.jobs = 1;
    st.progress = isatty(STDERR_FILENO) ? 1 : 0;
    zhx_cli_parse(&st.cli, &spec, argc, argv, own, &st);
    if (!isatty(STDERR_FILENO) && st.progress == 1)
        st.progress = 0;
    zhx_error err;
    st.shared = zhx_extractor_new(&st.xo, &err);
    if (!st.shared) {
        zhx_cli_report(&st.cli, &err);
        return ZHX_EXIT_USAGE;
    }
    st.out = sinks_new(&st.cli, st.csv_dir, st.xlsx);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);

    /* Operands: files, directories (-r), or standard input. */
    paths p = {0};
    int nops = st.cli.nfiles;
    for (int i = 0; i < nops; i++) {
        struct stat sb;
        const char *a = st.cli.files[i];
        if (strcmp(a, "-") != 0 && stat(a, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if (st.recursive) {
                walk(&p, a, 0);
                continue;
            }
            fprintf(stderr, "%s: %s: is a directory (use -r)\n", spec.name, a);
            st.cli.status = ZHX_EXIT_DATA;
            continue;
        }
        push_path(&p, a);
    }
    if (nops == 0)
        push_path(&p, "-");
    for (size_t i = 0; i < p.n; i++) {
        struct stat sb;
        if (stat(p.v[i], &sb) == 0 && S_ISREG(sb.st_mode))
            st.total_bytes += (double)sb.st_size;
    }
    st.total_tasks = st.cli.in.format == ZHX_IN_TEXT ? p.n : 0;
    if (st.progress == 1 && p.n < 20 && st.total_bytes < 50e6)
        st.progress = 0; /* a small batch: nothing to wait for */
    clock_gettime(CLOCK_MONOTONIC, &st.t0);

    size_t window = (size_t)(st.jobs > 1 ? st.jobs * 8 : 1);
    pool *pl = pool_new(st.jobs, window, make_worker, free_worker, work, done, &st);
    if (!pl)
        zhx_cli_die(&st.cli, "out of memory");
    for (size_t i = 0; i < p.n; i++) {
        if (st.cli.in.format != ZHX_IN_TEXT) {
            /* Its records borrow the name: freed after the pool is done. */
            submit_records(pl, p.v[i]);
            continue;
        }
        task *t = calloc(1, sizeof *t);
        if (!t)
            zhx_cli_die(&st.cli, "out of memory");
        if (strcmp(p.v[i], "-") == 0) {
            /* Standard input is read whole here: workers cannot share it. */
            t->data = zhx_cli_read_file(&st.cli, "-", 0, &t->len);
            t->nrec = 1;
            t->delim = -1;
            t->name = "-";
            t->bytes = t->len;
        } else {
            struct stat sb;
            t->path = strdup(p.v[i]);
            if (!t->path)
                zhx_cli_die(&st.cli, "out of memory");
            t->bytes = stat(t->path, &sb) == 0 ? (size_t)sb.st_size : 0;
        }
        pool_submit(pl, t);
    }
    pool_finish(pl);
    pool_free(pl);
    for (size_t i = 0; i < p.n; i++)
        free(p.v[i]);
    free(p.v);
    progress(1);
    sinks_finish(st.out);
    sinks_free(st.out);
    zhx_extractor_free(st.shared);
    free(st.rules_buf);
    free(st.meta_rules_buf);
    return st.cli.status;
}
