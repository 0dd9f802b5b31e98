/* Rules files: the line format (rule and lexicon blocks) and the pattern
 * syntax. Errors carry FILE:LINE:COL, COL in code points. */
#include "rules_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zhx_buf_add(zhx_buf *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return ZHX_ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return ZHX_OK;
}

void zhx_buf_free(zhx_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* Full-width ASCII and the ideographic space, as NFKC folds them in the
 * text, so rules written either way match. */
uint32_t zhx_fold_cp(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    if (c == 0x3000)
        return ' ';
    return c;
}

/* Code-point column of byte offset off in line. */
static unsigned long col_of(const char *line, size_t off)
{
    unsigned long col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Decode UTF-8 s[0..n) (already validated) into a new array. */
static uint32_t *decode(const char *s, size_t n, size_t *out_n)
{
    uint32_t *cp = malloc((n + 1) * sizeof *cp);
    size_t k = 0;
    if (!cp)
        return NULL;
    for (size_t i = 0; i < n;) {
        int l = zhx_utf8_decode((const unsigned char *)s + i, n - i, &cp[k]);
        if (l <= 0)
            l = 1, cp[k] = 0xFFFD;
        cp[k] = zhx_fold_cp(cp[k]);
        k++;
        i += (size_t)l;
    }
    *out_n = k;
    return cp;
}

/* ---- patterns ---------------------------------------------------------- */

typedef struct pstate {
    zhx_rules *r;
    const zhx_rule *rule;
    const uint32_t *s;
    size_t n, i;
    int depth;
    int have_span, have_role;
    zhx_error *err;
} pstate;

static int perr(pstate *ps, size_t at, const char *msg, const char *arg)
{
    return zhx_error_set(ps->err, ZHX_ESYNTAX, ps->rule->file,
                         ps->rule->pat_line,
                         ps->rule->pat_col + (unsigned long)at, "%s%s", msg,
                         arg ? arg : "");
}

static zhx_node *node_new(int kind, size_t col)
{
    zhx_node *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->col = (unsigned long)col;
    }
    return n;
}

void zhx_node_free(zhx_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_kids; i++)
        zhx_node_free(n->kids[i]);
    free(n->kids);
    free(n->str);
    free(n->name);
    free(n);
}

static int node_kid(zhx_node *n, zhx_node *k)
{
    zhx_node **p = realloc(n->kids, (n->n_kids + 1) * sizeof *p);
    if (!p)
        return ZHX_ENOMEM;
    n->kids = p;
    n->kids[n->n_kids++] = k;
    return ZHX_OK;
}

static void skip_ws(pstate *ps)
{
    while (ps->i < ps->n && (ps->s[ps->i] == ' ' || ps->s[ps->i] == '\t'))
        ps->i++;
}

static int is_meta(uint32_t c)
{
    return c < 128 && strchr("@[]()<>|?*+{}!&^$\\\".", (int)c) != NULL;
}

static int is_ident(uint32_t c)
{
    return c < 128 && (isalnum((int)c) || c == '_' || c == '-' || c == '.');
}

static int add_class(zhx_rules *r, zhx_class *k)
{
    zhx_class *p = realloc(r->classes, (r->n_classes + 1) * sizeof *p);
    if (!p)
        return -1;
    r->classes = p;
    r->classes[r->n_classes] = *k;
    return (int)r->n_classes++;
}

static int escape_flags(uint32_t c)
{
    switch (c) {
    case 'h': return ZHX_CL_HAN;
    case 'd': return ZHX_CL_DIGIT;
    case 'c': return ZHX_CL_CNUM;
    case 'l': return ZHX_CL_LATIN;
    case 's': return ZHX_CL_SPACE;
    case 'p': return ZHX_CL_PUNCT;
    case 'w': return ZHX_CL_HAN | ZHX_CL_DIGIT | ZHX_CL_LATIN;
    default: return 0;
    }
}

static int cset_range(zhx_cset *s, uint32_t lo, uint32_t hi)
{
    uint32_t *p = realloc(s->ranges, (s->n_ranges + 1) * 2 * sizeof *p);
    if (!p)
        return ZHX_ENOMEM;
    s->ranges = p;
    p[s->n_ranges * 2] = lo;
    p[s->n_ranges * 2 + 1] = hi;
    s->n_ranges++;
    if (hi - lo >= 63)
        s->bloom = ~0ULL;
    else
        for (uint32_t c = lo; c <= hi; c++)
            s->bloom |= 1ULL << (c & 63);
    return ZHX_OK;
}

/* [...]: ps->i is just past '['. */
static zhx_node *parse_class(pstate *ps)
{
    size_t open = ps->i - 1;
    zhx_class k;
    memset(&k, 0, sizeof k);
    zhx_cset *cur = &k.in;
    if (ps->i < ps->n && ps->s[ps->i] == '^') {
        k.negate = 1;
        ps->i++;
    }
    int any = 0;
    for (;;) {
        if (ps->i >= ps->n) {
            perr(ps, open, "unclosed '['", NULL);
            goto fail;
        }
        uint32_t c = ps->s[ps->i];
        if (c == ']')
            break;
        if (c == '-' && ps->i + 1 < ps->n && ps->s[ps->i + 1] == '-') {
            /* [A--B--C]: A minus B minus C */
            cur = &k.minus;
            ps->i += 2;
            continue;
        }
        if (c == '@') {
            size_t at = ps->i++;
            size_t st = ps->i;
            while (ps->i < ps->n && is_ident(ps->s[ps->i]) &&
                   !(ps->s[ps->i] == '-' && ps->i + 1 < ps->n &&
                     ps->s[ps->i + 1] == '-'))
                ps->i++;
            if (ps->i == st) {
                perr(ps, at, "expected a lexicon name after '@'", NULL);
                goto fail;
            }
            char name[128];
            size_t nl = 0;
            for (size_t j = st; j < ps->i && nl < sizeof name - 1; j++)
                name[nl++] = (char)ps->s[j];
            name[nl] = '\0';
            int lx = zhx_lex_get(ps->r, name, nl, ps->err);
            if (lx < 0)
                goto fail;
            zhx_lexicon *L = &ps->r->lex[lx];
            if (!L->ref_line) {
                L->ref_file = ps->rule->file;
                L->ref_line = ps->rule->pat_line;
                L->ref_col = ps->rule->pat_col + (unsigned long)at;
            }
            if (L->cover < 0) {
                if (ps->r->n_cover >= ZHX_MAX_COVER) {
                    perr(ps, at, "too many lexicons used inside classes "
                         "(at most 64)", NULL);
                    goto fail;
                }
                L->cover = ps->r->n_cover++;
            }
            cur->cover |= 1ULL << L->cover;
            any = 1;
            continue;
        }
        if (c == '\\') {
            if (ps->i + 1 >= ps->n) {
                perr(ps, ps->i, "'\\' at the end of the pattern", NULL);
                goto fail;
            }
            uint32_t e = ps->s[ps->i + 1];
            int f = escape_flags(e);
            ps->i += 2;
            if (f) {
                cur->flags |= (unsigned)f;
                any = 1;
                continue;
            }
            c = e;
        } else {
            ps->i++;
        }
        uint32_t hi = c;
        if (ps->i + 1 < ps->n && ps->s[ps->i] == '-' &&
            ps->s[ps->i + 1] != ']' && ps->s[ps->i + 1] != '-') {
            hi = ps->s[ps->i + 1];
            if (hi == '\\' && ps->i + 2 < ps->n) {
                hi = ps->s[ps->i + 2];
                ps->i++;
            }
            ps->i += 2;
            if (hi < c) {
                perr(ps, ps->i - 1, "range out of order in '[...]'", NULL);
                goto fail;
            }
        }
        if (cset_range(cur, c, hi) != ZHX_OK) {
            zhx_error_set(ps->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
            goto fail;
        }
        any = 1;
    }
    ps->i++; /* ']' */
    if (!any) {
        perr(ps, open, "empty '[]'", NULL);
        goto fail;
    }
    int id = add_class(ps->r, &k);
    if (id < 0) {
        zhx_error_set(ps->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    zhx_node *n = node_new(ZHX_N_CLASS, open);
    if (!n)
        return NULL;
    n->id = (uint32_t)id;
    return n;
fail:
    free(k.in.ranges);
    free(k.minus.ranges);
    return NULL;
}

static zhx_node *flag_class(pstate *ps, int flags, size_t col)
{
    zhx_class k;
    memset(&k, 0, sizeof k);
    k.in.flags = (unsigned)flags;
    int id = add_class(ps->r, &k);
    zhx_node *n = id < 0 ? NULL : node_new(ZHX_N_CLASS, col);
    if (n)
        n->id = (uint32_t)id;
    else
        zhx_error_set(ps->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    return n;
}

static zhx_node *str_node(pstate *ps, const uint32_t *s, size_t n, size_t col)
{
    zhx_node *x = node_new(ZHX_N_STR, col);
    if (!x || !(x->str = malloc((n ? n : 1) * sizeof *x->str))) {
        zhx_node_free(x);
        zhx_error_set(ps->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    memcpy(x->str, s, n * sizeof *s);
    x->slen = n;
    return x;
}

static zhx_node *parse_alt(pstate *ps);

/* An atom usable after ! and &: @lex, "str", [class], \x, '.', or one
 * literal character. */
static zhx_node *parse_simple(pstate *ps, int *bare_run)
{
    size_t at = ps->i;
    uint32_t c = ps->s[ps->i];
    *bare_run = 0;
    if (c == '@') {
        ps->i++;
        size_t st = ps->i;
        while (ps->i < ps->n && is_ident(ps->s[ps->i]))
            ps->i++;
        if (ps->i == st) {
            perr(ps, at, "expected a lexicon name after '@'", NULL);
            return NULL;
        }
        if (ps->i - st > 100) {
            perr(ps, at, "lexicon name too long", NULL);
            return NULL;
        }
        zhx_node *n = node_new(ZHX_N_LEX, at);
        if (!n || !(n->name = malloc(ps->i - st + 1))) {
            zhx_node_free(n);
            zhx_error_set(ps->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
        for (size_t j = st; j < ps->i; j++)
            n->name[j - st] = (char)ps->s[j];
        n->name[ps->i - st] = '\0';
        return n;
    }
    if (c == '"') {
        ps->i++;
        size_t st = ps->i;
        while (ps->i < ps->n && ps->s[ps->i] != '"')
            ps->i++;
        if (ps->i >= ps->n) {
            perr(ps, at, "unclosed '\"'", NULL);
            return NULL;
        }
        if (ps->i == st) {
            perr(ps, at, "empty string \"\"", NULL);
            return NULL;
        }
        if (ps->i - st > ZHX_MAX_ENTRY) {
            perr(ps, at, "string longer than 64 characters", NULL);
            return NULL;
        }
        zhx_node *n = str_node(ps, ps->s + st, ps->i - st, at);
        ps->i++;
        return n;
    }
    if (c == '[') {
        ps->i++;
        return parse_class(ps);
    }
    if (c == '.') {
        ps->i++;
        return node_new(ZHX_N_ANY, at);
    }
    if (c == '\\') {
        if (ps->i + 1 >= ps->n) {
            perr(ps, at, "'\\' at the end of the pattern", NULL);
            return NULL;
        }
        uint32_t e = ps->s[ps->i + 1];
        ps->i += 2;
        int f = escape_flags(e);
        if (f)
            return flag_class(ps, f, at);
        return str_node(ps, &e, 1, at);
    }
    if (is_meta(c)) {
        char m[2] = {(char)c, 0};
        perr(ps, at, "unexpected '", m);
        if (ps->err)
            strcat(ps->err->message, "'");
        return NULL;
    }
    /* A bare run of literal characters. */
    size_t st = ps->i;
    while (ps->i < ps->n && !is_meta(ps->s[ps->i]) && ps->s[ps->i] != ' ' &&
           ps->s[ps->i] != '\t' && ps->i - st < ZHX_MAX_ENTRY)
        ps->i++;
    *bare_run = 1;
    return str_node(ps, ps->s + st, ps->i - st, at);
}

static int parse_int(pstate *ps, int *v)
{
    size_t st = ps->i;
    long x = 0;
    while (ps->i < ps->n && ps->s[ps->i] >= '0' && ps->s[ps->i] <= '9') {
        x = x * 10 + (long)(ps->s[ps->i] - '0');
        if (x > 100000)
            x = 100000;
        ps->i++;
    }
    *v = (int)x;
    return ps->i > st;
}

static zhx_node *parse_item(pstate *ps)
{
    size_t at = ps->i;
    uint32_t c = ps->s[ps->i];
    zhx_node *atom = NULL;
    int bare = 0;
    if (c == '(' || c == '<') {
        if (++ps->depth > ZHX_MAX_DEPTH) {
            perr(ps, at, "groups nested too deeply", NULL);
            return NULL;
        }
        ps->i++;
        int slot = -1;
        if (c == '<') {
            /* <role: ...> or <...> */
            size_t j = ps->i;
            while (j < ps->n && is_ident(ps->s[j]))
                j++;
            if (j < ps->n && ps->s[j] == ':' && j > ps->i) {
                size_t L = j - ps->i;
                if (L == 4 && ps->s[ps->i] == 'r' && ps->s[ps->i + 1] == 'o' &&
                    ps->s[ps->i + 2] == 'l' && ps->s[ps->i + 3] == 'e') {
                    slot = 1;
                } else {
                    perr(ps, ps->i, "unknown capture name (only 'role')",
                         NULL);
                    return NULL;
                }
                ps->i = j + 1;
            } else {
                slot = 0;
            }
            if ((slot == 0 && ps->have_span) || (slot == 1 && ps->have_role)) {
                perr(ps, at, slot ? "second <role: ...> capture"
                                  : "second <...> span capture", NULL);
                return NULL;
            }
            if (slot == 0)
                ps->have_span = 1;
            else
                ps->have_role = 1;
        }
        zhx_node *inner = parse_alt(ps);
        if (!inner)
            return NULL;
        uint32_t close = c == '(' ? ')' : '>';
        if (ps->i >= ps->n || ps->s[ps->i] != close) {
            zhx_node_free(inner);
            perr(ps, at, c == '(' ? "unclosed '('" : "unclosed '<'", NULL);
            return NULL;
        }
        ps->i++;
        ps->depth--;
        if (slot >= 0) {
            atom = node_new(ZHX_N_CAP, at);
            if (!atom || node_kid(atom, inner) != ZHX_OK) {
                zhx_node_free(atom);
                zhx_node_free(inner);
                return NULL;
            }
            atom->slot = slot;
        } else {
            atom = inner;
        }
    } else if (c == '!' || c == '&') {
        ps->i++;
        int behind = 0;
        if (ps->i < ps->n && ps->s[ps->i] == '<') {
            behind = 1;
            ps->i++;
        }
        if (ps->i >= ps->n) {
            perr(ps, at, "expected something to test after '!' or '&'",
                 NULL);
            return NULL;
        }
        zhx_node *t = parse_simple(ps, &bare);
        if (!t)
            return NULL;
        zhx_node *n = node_new(ZHX_N_TEST, at);
        if (!n || node_kid(n, t) != ZHX_OK) {
            zhx_node_free(n);
            zhx_node_free(t);
            return NULL;
        }
        n->neg = c == '!';
        n->behind = behind;
        atom = n;
        bare = 0;
    } else if (c == '^' || c == '$') {
        ps->i++;
        atom = node_new(c == '^' ? ZHX_N_BOS : ZHX_N_EOS, at);
    } else {
        atom = parse_simple(ps, &bare);
    }
    if (!atom)
        return NULL;
    if (ps->i >= ps->n)
        return atom;
    uint32_t q = ps->s[ps->i];
    if (q != '?' && q != '*' && q != '+' && q != '{')
        return atom;
    if (atom->kind == ZHX_N_TEST || atom->kind == ZHX_N_BOS ||
        atom->kind == ZHX_N_EOS) {
        zhx_node_free(atom);
        perr(ps, ps->i, "a test cannot be repeated", NULL);
        return NULL;
    }
    if (bare && atom->slen > 1) {
        /* A quantifier binds to the last literal character only: put the
         * run's head back and let the next item read it separately. */
        ps->i -= 1;
        atom->slen -= 1;
        return atom;
    }
    size_t qat = ps->i++;
    int mn = 0, mx = -1;
    if (q == '?')
        mx = 1;
    else if (q == '+')
        mn = 1;
    else if (q == '{') {
        if (!parse_int(ps, &mn)) {
            zhx_node_free(atom);
            perr(ps, qat, "expected a number after '{'", NULL);
            return NULL;
        }
        mx = mn;
        if (ps->i < ps->n && ps->s[ps->i] == ',') {
            ps->i++;
            if (!parse_int(ps, &mx))
                mx = -1;
        }
        if (ps->i >= ps->n || ps->s[ps->i] != '}') {
            zhx_node_free(atom);
            perr(ps, qat, "expected '}'", NULL);
            return NULL;
        }
        ps->i++;
        if (mn > ZHX_MAX_REPEAT || mx > ZHX_MAX_REPEAT) {
            zhx_node_free(atom);
            perr(ps, qat, "repeat count above 64", NULL);
            return NULL;
        }
        if (mx >= 0 && mx < mn) {
            zhx_node_free(atom);
            perr(ps, qat, "{n,m} with m < n", NULL);
            return NULL;
        }
    }
    zhx_node *rep = node_new(ZHX_N_REP, qat);
    if (!rep || node_kid(rep, atom) != ZHX_OK) {
        zhx_node_free(rep);
        zhx_node_free(atom);
        return NULL;
    }
    rep->min = mn;
    rep->max = mx;
    if (ps->i < ps->n && (ps->s[ps->i] == '?' || ps->s[ps->i] == '*' ||
                          ps->s[ps->i] == '+' || ps->s[ps->i] == '{')) {
        zhx_node_free(rep);
        perr(ps, ps->i, "two quantifiers in a row", NULL);
        return NULL;
    }
    return rep;
}

static zhx_node *parse_seq(pstate *ps)
{
    zhx_node *seq = node_new(ZHX_N_SEQ, ps->i);
    if (!seq)
        return NULL;
    for (;;) {
        skip_ws(ps);
        if (ps->i >= ps->n)
            break;
        uint32_t c = ps->s[ps->i];
        if (c == '|' || c == ')' || c == '>')
            break;
        zhx_node *it = parse_item(ps);
        if (!it || node_kid(seq, it) != ZHX_OK) {
            zhx_node_free(it);
            zhx_node_free(seq);
            return NULL;
        }
    }
    return seq;
}

static zhx_node *parse_alt(pstate *ps)
{
    zhx_node *first = parse_seq(ps);
    if (!first)
        return NULL;
    if (ps->i >= ps->n || ps->s[ps->i] != '|')
        return first;
    zhx_node *alt = node_new(ZHX_N_ALT, ps->i);
    if (!alt || node_kid(alt, first) != ZHX_OK) {
        zhx_node_free(alt);
        zhx_node_free(first);
        return NULL;
    }
    while (ps->i < ps->n && ps->s[ps->i] == '|') {
        ps->i++;
        zhx_node *s = parse_seq(ps);
        if (!s || node_kid(alt, s) != ZHX_OK) {
            zhx_node_free(s);
            zhx_node_free(alt);
            return NULL;
        }
    }
    return alt;
}

int zhx_pattern_parse(zhx_rules *r, const zhx_rule *rule, zhx_node **out,
                      zhx_error *err)
{
    size_t n;
    uint32_t *s = decode(rule->pattern, strlen(rule->pattern), &n);
    if (!s)
        return zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    pstate ps = {r, rule, s, n, 0, 0, 0, 0, err};
    zhx_node *root = parse_alt(&ps);
    if (root && ps.i < n) {
        perr(&ps, ps.i, ps.s[ps.i] == ')' ? "unmatched ')'"
                                          : "unmatched '>'", NULL);
        zhx_node_free(root);
        root = NULL;
    }
    free(s);
    if (!root) {
        if (err && err->code == ZHX_OK)
            zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
        return err ? err->code : ZHX_ESYNTAX;
    }
    *out = root;
    return ZHX_OK;
}

/* ---- the file format --------------------------------------------------- */

typedef struct fstate {
    zhx_rules *r;
    const char *file;
    const char *line;      /* current line, NUL-terminated copy */
    unsigned long lineno;
    zhx_error *err;
} fstate;

static int ferr(fstate *fs, size_t off, const char *fmt, const char *arg)
{
    return zhx_error_set(fs->err, ZHX_ESYNTAX, fs->file, fs->lineno,
                         col_of(fs->line, off), fmt, arg ? arg : "");
}

/* Next whitespace-separated token of s from *i; "..." quotes allowed. */
static int token(const char *s, size_t *i, size_t *ts, size_t *te, int *quoted)
{
    while (s[*i] == ' ' || s[*i] == '\t')
        (*i)++;
    if (!s[*i])
        return 0;
    *quoted = 0;
    if (s[*i] == '"') {
        size_t j = *i + 1;
        while (s[j] && s[j] != '"')
            j++;
        if (!s[j])
            return -1;
        *ts = *i + 1;
        *te = j;
        *i = j + 1;
        *quoted = 1;
        return 1;
    }
    *ts = *i;
    if (s[*i] == ';') {
        (*i)++;
        *te = *i;
        return 1;
    }
    while (s[*i] && s[*i] != ' ' && s[*i] != '\t' && s[*i] != ';')
        (*i)++;
    *te = *i;
    return 1;
}

static int parse_num(fstate *fs, size_t off, const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end || errno)
        return ferr(fs, off, "expected a number", NULL);
    if (*v > 1e6 || *v < -1e6)
        return ferr(fs, off, "number out of range", NULL);
    return ZHX_OK;
}

static int parse_example(fstate *fs, zhx_rule *ru, size_t off)
{
    const char *s = fs->line + off;
    const char *arrow = strstr(s, "->");
    if (!arrow)
        return ferr(fs, off, "example needs 'TEXT -> TYPE SPAN ...' or "
                    "'TEXT -> none'", NULL);
    size_t tl = (size_t)(arrow - s);
    while (tl && (s[tl - 1] == ' ' || s[tl - 1] == '\t'))
        tl--;
    if (!tl)
        return ferr(fs, off, "example text is empty", NULL);
    zhx_example ex;
    memset(&ex, 0, sizeof ex);
    ex.line = fs->lineno;
    ex.col = col_of(fs->line, off);
    if (tl >= 2 && s[0] == '"' && s[tl - 1] == '"')
        ex.text = dupn(s + 1, tl - 2);
    else
        ex.text = dupn(s, tl);
    if (!ex.text)
        return zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0,
                             "out of memory");
    const char *rest = arrow + 2;
    size_t i = 0, ts, te;
    int q, k;
    zhx_expect cur;
    memset(&cur, 0, sizeof cur);
    int state = 0; /* 0 type, 1 text, 2 key, 3 role value, 4 norm value */
    int rc = ZHX_OK;
    size_t base = (size_t)(rest - fs->line);
    for (;;) {
        k = token(rest, &i, &ts, &te, &q);
        if (k < 0) {
            rc = ferr(fs, base + i, "unclosed '\"'", NULL);
            break;
        }
        int semi = k && !q && te - ts == 1 && rest[ts] == ';';
        if (!k || semi) {
            if (state == 1) {
                rc = ferr(fs, base + i, "expected the entity text after "
                          "the type", NULL);
                break;
            }
            if (state == 3 || state == 4) {
                rc = ferr(fs, base + i, "expected a value", NULL);
                break;
            }
            if (state == 2) {
                zhx_expect *p = realloc(ex.want, (ex.n_want + 1) * sizeof *p);
                if (!p) {
                    rc = ZHX_ENOMEM;
                    break;
                }
                ex.want = p;
                ex.want[ex.n_want++] = cur;
                memset(&cur, 0, sizeof cur);
            }
            state = 0;
            if (!k)
                break;
            continue;
        }
        char *tok = dupn(rest + ts, te - ts);
        if (!tok) {
            rc = ZHX_ENOMEM;
            break;
        }
        if (state == 0) {
            if (strcmp(tok, "none") == 0 && ex.n_want == 0) {
                free(tok);
                state = 5;
                continue;
            }
            cur.type = tok;
            state = 1;
        } else if (state == 1) {
            cur.text = tok;
            state = 2;
        } else if (state == 2) {
            if (strcmp(tok, "role") == 0)
                state = 3;
            else if (strcmp(tok, "norm") == 0)
                state = 4;
            else {
                rc = ferr(fs, base + ts, "expected 'role', 'norm' or ';' "
                          "in the example, not '%s'", tok);
                free(tok);
                break;
            }
            free(tok);
        } else if (state == 3 || state == 4) {
            char **slot = state == 3 ? &cur.role : &cur.norm;
            free(*slot);
            *slot = tok;
            state = 2;
        } else {
            rc = ferr(fs, base + ts, "nothing may follow 'none'", NULL);
            free(tok);
            break;
        }
    }
    if (rc == ZHX_OK) {
        zhx_example *p = realloc(ru->ex, (ru->n_ex + 1) * sizeof *p);
        if (p) {
            ru->ex = p;
            ru->ex[ru->n_ex++] = ex;
            return ZHX_OK;
        }
        rc = zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    } else if (rc == ZHX_ENOMEM) {
        zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    free(cur.type);
    free(cur.text);
    free(cur.role);
    free(cur.norm);
    for (size_t j = 0; j < ex.n_want; j++) {
        free(ex.want[j].type);
        free(ex.want[j].text);
        free(ex.want[j].role);
        free(ex.want[j].norm);
    }
    free(ex.want);
    free(ex.text);
    return rc;
}

static int parse_norm(fstate *fs, zhx_rule *ru, size_t off)
{
    size_t i = off, ts, te;
    int q, k;
    while ((k = token(fs->line, &i, &ts, &te, &q)) > 0) {
        zhx_normop op;
        memset(&op, 0, sizeof op);
        size_t L = te - ts;
        const char *t = fs->line + ts;
        if (q) {
            op.op = ZHX_NORM_LIT;
            op.arg = dupn(t, L);
        } else if (L == 12 && memcmp(t, "strip-quotes", 12) == 0) {
            op.op = ZHX_NORM_STRIP;
        } else if (L == 4 && memcmp(t, "date", 4) == 0) {
            op.op = ZHX_NORM_DATE;
        } else if (L == 4 && memcmp(t, "city", 4) == 0) {
            op.op = ZHX_NORM_CITY;
        } else if (L == 3 && memcmp(t, "lex", 3) == 0) {
            if (token(fs->line, &i, &ts, &te, &q) <= 0 ||
                fs->line[ts] != '@' || te - ts < 2)
                return ferr(fs, i, "'lex' needs a lexicon: lex @NAME", NULL);
            op.op = ZHX_NORM_LEX;
            op.arg = dupn(fs->line + ts + 1, te - ts - 1);
        } else {
            char w[64];
            snprintf(w, sizeof w, "%.*s", (int)(L < 40 ? L : 40), t);
            return ferr(fs, ts, "unknown norm operation '%s' (strip-quotes, "
                        "lex @NAME, date, city or \"text\")", w);
        }
        if ((op.op == ZHX_NORM_LIT || op.op == ZHX_NORM_LEX) && !op.arg)
            return zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
        zhx_normop *p = realloc(ru->norm, (ru->n_norm + 1) * sizeof *p);
        if (!p) {
            free(op.arg);
            return zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
        }
        ru->norm = p;
        ru->norm[ru->n_norm++] = op;
    }
    if (k < 0)
        return ferr(fs, i, "unclosed '\"'", NULL);
    return ZHX_OK;
}

static int parse_feature(fstate *fs, zhx_rule *ru, size_t off, int sign)
{
    size_t i = off, ts, te;
    int q;
    char tmp[64];
    if (token(fs->line, &i, &ts, &te, &q) <= 0)
        return ferr(fs, i, "expected a weight", NULL);
    snprintf(tmp, sizeof tmp, "%.*s", (int)(te - ts < 60 ? te - ts : 60),
             fs->line + ts);
    double w;
    int rc = parse_num(fs, ts, tmp, &w);
    if (rc)
        return rc;
    if (token(fs->line, &i, &ts, &te, &q) <= 0)
        return ferr(fs, i, "expected before, after, inside, cross, cross-start or cross-end", NULL);
    static const char *wh[] = {"before", "after", "cross", "inside",
                               "cross-start", "cross-end"};
    int where = -1;
    for (int j = 0; j < 6; j++)
        if (te - ts == strlen(wh[j]) && !memcmp(fs->line + ts, wh[j], te - ts))
            where = j;
    if (where < 0)
        return ferr(fs, ts, "expected before, after, inside, cross, cross-start or cross-end", NULL);
    while (fs->line[i] == ' ' || fs->line[i] == '\t')
        i++;
    zhx_feature f;
    memset(&f, 0, sizeof f);
    f.w = sign * w;
    f.where = where;
    f.line = fs->lineno;
    f.col = col_of(fs->line, i);
    if (fs->line[i] == '[') {
        if (where == ZHX_F_CROSS || where == ZHX_F_CROSS_START ||
            where == ZHX_F_CROSS_END)
            return ferr(fs, i, "'cross' needs a lexicon, not a class", NULL);
        /* reuse the pattern parser on the class text */
        zhx_rule tmp;
        memset(&tmp, 0, sizeof tmp);
        tmp.file = ru->file;
        tmp.pat_line = fs->lineno;
        tmp.pat_col = f.col;
        tmp.pattern = (char *)fs->line + i;
        size_t n;
        uint32_t *cp = decode(tmp.pattern, strlen(tmp.pattern), &n);
        if (!cp)
            return zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
        pstate ps = {fs->r, &tmp, cp, n, 1, 0, 0, 0, fs->err};
        zhx_node *k = parse_class(&ps);
        size_t used = ps.i;
        free(cp);
        if (!k)
            return fs->err ? fs->err->code : ZHX_ESYNTAX;
        f.is_class = 1;
        f.lex = k->id;
        zhx_node_free(k);
        /* nothing may follow the class */
        const char *rest = fs->line + i;
        size_t b = 0;
        for (size_t c = 0; c < used && rest[b]; c++) {
            b++;
            while (((unsigned char)rest[b] & 0xC0) == 0x80)
                b++;
        }
        while (rest[b] == ' ' || rest[b] == '\t')
            b++;
        if (rest[b])
            return ferr(fs, i + b, "unexpected text after the class", NULL);
    } else {
        if (token(fs->line, &i, &ts, &te, &q) <= 0 || fs->line[ts] != '@' ||
            te - ts < 2)
            return ferr(fs, i, "expected a lexicon @NAME or a class [...]",
                        NULL);
        f.lexname = dupn(fs->line + ts + 1, te - ts - 1);
        if (!f.lexname)
            return zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0,
                                 "out of memory");
    }
    zhx_feature *p = realloc(ru->feat, (ru->n_feat + 1) * sizeof *p);
    if (!p) {
        free(f.lexname);
        if (p)
            ru->feat = p;
        return zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    ru->feat = p;
    ru->feat[ru->n_feat++] = f;
    ru->scored = 1;
    return ZHX_OK;
}

static int valid_id(const char *s, size_t n)
{
    if (!n || n > 100)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_ident((unsigned char)s[i]) && s[i] != ':')
            return 0;
    return 1;
}

/* One attribute line inside a rule block. */
static int rule_attr(fstate *fs, zhx_rule *ru, size_t ks, size_t ke,
                     size_t vs)
{
    const char *k = fs->line + ks;
    size_t kl = ke - ks;
    const char *v = fs->line + vs;
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        vl--;
#define KEY(s) (kl == sizeof s - 1 && memcmp(k, s, kl) == 0)
    if (KEY("type")) {
        if (ru->type)
            return ferr(fs, ks, "second 'type' in rule", NULL);
        if (!valid_id(v, vl))
            return ferr(fs, vs, "expected a type name", NULL);
        ru->type = dupn(v, vl);
        ru->type_none = strcmp(ru->type, "none") == 0;
        ru->type_hide = strcmp(ru->type, "hide") == 0;
        return ru->type ? ZHX_OK : ZHX_ENOMEM;
    }
    if (KEY("priority")) {
        char *end;
        long p = strtol(v, &end, 10);
        if (end == v || (size_t)(end - v) != vl || p < -10000 || p > 10000)
            return ferr(fs, vs, "expected a whole number from -10000 to "
                        "10000", NULL);
        ru->priority = (int)p;
        return ZHX_OK;
    }
    if (KEY("pattern")) {
        if (ru->pattern)
            return ferr(fs, ks, "second 'pattern' in rule", NULL);
        if (!vl)
            return ferr(fs, vs, "empty pattern", NULL);
        ru->pattern = dupn(v, vl);
        if (!ru->pattern)
            return ZHX_ENOMEM;
        ru->pat_line = fs->lineno;
        ru->pat_col = col_of(fs->line, vs);
        return zhx_pattern_parse(fs->r, ru, &ru->ast, fs->err);
    }
    if (KEY("norm"))
        return parse_norm(fs, ru, vs);
    if (KEY("score") || KEY("threshold")) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(vl < 60 ? vl : 60), v);
        double x;
        int rc = parse_num(fs, vs, tmp, &x);
        if (rc)
            return rc;
        if (KEY("score"))
            ru->base = x;
        else
            ru->threshold = x;
        ru->scored = 1;
        return ZHX_OK;
    }
    if (KEY("anchor")) {
        if (vl == 4 && !memcmp(v, "last", 4))
            ru->anchor_last = 1;
        else if (vl == 5 && !memcmp(v, "first", 5))
            ru->anchor_last = 0;
        else
            return ferr(fs, vs, "expected 'first' or 'last'", NULL);
        return ZHX_OK;
    }
    if (KEY("echo")) {
        if (vl)
            return ferr(fs, vs, "'echo' takes no value", NULL);
        ru->echo = 1;
        return ZHX_OK;
    }
    if (KEY("bonus"))
        return parse_feature(fs, ru, vs, 1);
    if (KEY("penalty"))
        return parse_feature(fs, ru, vs, -1);
    if (KEY("example"))
        return parse_example(fs, ru, vs);
#undef KEY
    char w[64];
    snprintf(w, sizeof w, "%.*s", (int)(kl < 40 ? kl : 40), k);
    return ferr(fs, ks, "unknown rule attribute '%s' (type, priority, "
                "pattern, norm, score, threshold, bonus, penalty, echo, anchor, "
                "example)",
                w);
}

static void rule_free_fields(zhx_rule *ru)
{
    free(ru->id);
    free(ru->type);
    free(ru->pattern);
    zhx_node_free(ru->ast);
    for (size_t i = 0; i < ru->n_feat; i++)
        free(ru->feat[i].lexname);
    free(ru->feat);
    free(ru->fop);
    for (size_t i = 0; i < ru->n_norm; i++)
        free(ru->norm[i].arg);
    free(ru->norm);
    for (size_t i = 0; i < ru->n_ex; i++) {
        zhx_example *e = &ru->ex[i];
        for (size_t j = 0; j < e->n_want; j++) {
            free(e->want[j].type);
            free(e->want[j].text);
            free(e->want[j].role);
            free(e->want[j].norm);
        }
        free(e->want);
        free(e->text);
    }
    free(ru->ex);
    free(ru->prog);
    free(ru->anchors);
    memset(ru, 0, sizeof *ru);
}

void zhx_rule_free_fields(zhx_rule *ru);
void zhx_rule_free_fields(zhx_rule *ru)
{
    rule_free_fields(ru);
}

/* lexicon NAME = BASE [+ BASE]... [where K=V | where K!=V]...
 *                [weight FIELD [log SCALE]] [default W] */
static int parse_derived(fstate *fs, uint32_t lex, size_t off)
{
    zhx_rules *r = fs->r;
    zhx_derived d;
    memset(&d, 0, sizeof d);
    d.lex = lex;
    d.file = r->files[r->n_files - 1];
    d.line = fs->lineno;
    size_t i = off, ts, te;
    int q, k, want_base = 1, rc = ZHX_OK;
    while ((k = token(fs->line, &i, &ts, &te, &q)) > 0) {
        const char *t = fs->line + ts;
        size_t L = te - ts;
        if (want_base) {
            if (!L || L > 100) {
                rc = ferr(fs, ts, "expected a lexicon name", NULL);
                break;
            }
            char **p = realloc(d.bases, (d.n_bases + 1) * sizeof *p);
            if (!p || !(p[d.n_bases] = dupn(t, L))) {
                if (p)
                    d.bases = p;
                rc = zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0,
                                   "out of memory");
                break;
            }
            d.bases = p;
            d.n_bases++;
            want_base = 0;
        } else if (L == 1 && t[0] == '+') {
            want_base = 1;
        } else if (L == 5 && !memcmp(t, "where", 5)) {
            if (token(fs->line, &i, &ts, &te, &q) <= 0) {
                rc = ferr(fs, i, "expected KEY=VALUE or KEY!=VALUE after "
                          "'where'", NULL);
                break;
            }
            const char *c = fs->line + ts;
            const char *eq = memchr(c, '=', te - ts);
            if (!eq || eq == c || (eq == c + 1 && c[0] == '!')) {
                rc = ferr(fs, ts, "expected KEY=VALUE or KEY!=VALUE after "
                          "'where'", NULL);
                break;
            }
            zhx_cond cd;
            cd.neg = eq[-1] == '!';
            cd.key = dupn(c, (size_t)(eq - c) - (size_t)cd.neg);
            cd.val = dupn(eq + 1, (size_t)(fs->line + te - eq - 1));
            zhx_cond *p = realloc(d.conds, (d.n_conds + 1) * sizeof *p);
            if (!p || !cd.key || !cd.val) {
                free(cd.key);
                free(cd.val);
                if (p)
                    d.conds = p;
                rc = zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0,
                                   "out of memory");
                break;
            }
            d.conds = p;
            d.conds[d.n_conds++] = cd;
        } else if (L == 6 && !memcmp(t, "weight", 6)) {
            if (token(fs->line, &i, &ts, &te, &q) <= 0) {
                rc = ferr(fs, i, "expected a field name after 'weight'",
                          NULL);
                break;
            }
            free(d.wfield);
            d.wfield = dupn(fs->line + ts, te - ts);
            size_t save = i;
            if (token(fs->line, &i, &ts, &te, &q) > 0 && te - ts == 3 &&
                !memcmp(fs->line + ts, "log", 3)) {
                char tmp[64];
                if (token(fs->line, &i, &ts, &te, &q) <= 0) {
                    rc = ferr(fs, i, "expected a scale after 'log'", NULL);
                    break;
                }
                snprintf(tmp, sizeof tmp, "%.*s",
                         (int)(te - ts < 60 ? te - ts : 60), fs->line + ts);
                if ((rc = parse_num(fs, ts, tmp, &d.wlog)))
                    break;
                if (d.wlog <= 0) {
                    rc = ferr(fs, ts, "the log scale must be above 0", NULL);
                    break;
                }
            } else {
                i = save;
            }
        } else if (L == 7 && !memcmp(t, "default", 7)) {
            char tmp[64];
            if (token(fs->line, &i, &ts, &te, &q) <= 0) {
                rc = ferr(fs, i, "expected a weight after 'default'", NULL);
                break;
            }
            snprintf(tmp, sizeof tmp, "%.*s",
                     (int)(te - ts < 60 ? te - ts : 60), fs->line + ts);
            if ((rc = parse_num(fs, ts, tmp, &d.wdefault)))
                break;
            d.has_default = 1;
        } else {
            char w[64];
            snprintf(w, sizeof w, "%.*s", (int)(L < 40 ? L : 40), t);
            rc = ferr(fs, ts, "expected '+', 'where', 'weight' or 'default', "
                      "not '%s'", w);
            break;
        }
    }
    if (!rc && (want_base || !d.n_bases))
        rc = ferr(fs, i, "expected a lexicon name", NULL);
    if (!rc) {
        zhx_derived *p = realloc(r->derived, (r->n_derived + 1) * sizeof *p);
        if (p) {
            r->derived = p;
            r->derived[r->n_derived++] = d;
            return ZHX_OK;
        }
        rc = zhx_error_set(fs->err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < d.n_bases; j++)
        free(d.bases[j]);
    free(d.bases);
    for (size_t j = 0; j < d.n_conds; j++) {
        free(d.conds[j].key);
        free(d.conds[j].val);
    }
    free(d.conds);
    free(d.wfield);
    return rc;
}

int zhx_rules_parse(zhx_rules *r, const char *file, const char *text,
                    size_t len, zhx_error *err)
{
    size_t ok = zhx_utf8_valid_prefix((const unsigned char *)text, len);
    if (ok < len || memchr(text, '\0', len)) {
        size_t bad = ok < len ? ok : (size_t)((const char *)memchr(text, 0,
                                                                    len) -
                                               text);
        unsigned long ln = 1;
        size_t ls = 0;
        for (size_t i = 0; i < bad; i++)
            if (text[i] == '\n')
                ln++, ls = i + 1;
        return zhx_error_set(err, ZHX_ESYNTAX, file, ln,
                             col_of(text + ls, bad - ls),
                             ok < len ? "invalid UTF-8" : "NUL byte");
    }
    fstate fs = {r, file, NULL, 0, err};
    enum { TOP, RULE, LEX } state = TOP;
    zhx_rule cur;
    memset(&cur, 0, sizeof cur);
    uint32_t lex = 0;
    unsigned long block_line = 0;
    char *line = NULL;
    int rc = ZHX_OK;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len || (pos == len && state != TOP && !fs.lineno)) {
        if (pos >= len)
            break;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
        fs.lineno++;
        if (ll > ZHX_MAX_LINE) {
            rc = zhx_error_set(err, ZHX_ELIMIT, file, fs.lineno, 1,
                               "line longer than %d bytes", ZHX_MAX_LINE);
            break;
        }
        free(line);
        line = dupn(text + pos, ll);
        pos += ll + (nl ? 1 : 0);
        if (!line) {
            rc = zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        fs.line = line;
        size_t i = 0;
        while (line[i] == ' ' || line[i] == '\t')
            i++;
        if (!line[i] || line[i] == '#')
            continue;
        size_t ks = i;
        while (line[i] && line[i] != ' ' && line[i] != '\t')
            i++;
        size_t ke = i;
        if (state == LEX) {
            if (ke - ks == 3 && !memcmp(line + ks, "end", 3) && !line[ke]) {
                state = TOP;
                continue;
            }
            rc = zhx_lex_add_entry(r, lex, line + ks, ll - ks, file,
                                   fs.lineno, err);
            if (rc)
                break;
            continue;
        }
        if (ke > ks && line[ke - 1] == ':')
            ke--;
        while (line[i] == ' ' || line[i] == '\t')
            i++;
        size_t vs = i;
        size_t kl = ke - ks;
        if (state == TOP) {
            if (kl == 4 && !memcmp(line + ks, "rule", 4)) {
                size_t ve = vs;
                while (line[ve] && line[ve] != ' ' && line[ve] != '\t')
                    ve++;
                if (!valid_id(line + vs, ve - vs)) {
                    rc = ferr(&fs, vs, "expected a rule id (letters, digits, "
                              "_ - . :)", NULL);
                    break;
                }
                for (size_t j = 0; j < r->n_rules; j++)
                    if (strlen(r->rules[j].id) == ve - vs &&
                        !memcmp(r->rules[j].id, line + vs, ve - vs)) {
                        char id[128];
                        snprintf(id, sizeof id, "%.*s", (int)(ve - vs),
                                 line + vs);
                        rc = ferr(&fs, vs, "duplicate rule id '%s'", id);
                        break;
                    }
                if (rc)
                    break;
                memset(&cur, 0, sizeof cur);
                cur.id = dupn(line + vs, ve - vs);
                cur.file = r->files[r->n_files - 1];
                cur.line = fs.lineno;
                if (!cur.id) {
                    rc = ZHX_ENOMEM;
                    break;
                }
                state = RULE;
                block_line = fs.lineno;
                continue;
            }
            if (kl == 7 && !memcmp(line + ks, "lexicon", 7)) {
                size_t ve = vs;
                while (line[ve] && line[ve] != ' ' && line[ve] != '\t')
                    ve++;
                int ok_name = ve > vs;
                for (size_t j = vs; j < ve; j++)
                    if (!is_ident((unsigned char)line[j]))
                        ok_name = 0;
                if (!ok_name || ve - vs > 100) {
                    rc = ferr(&fs, vs, "expected a lexicon name (letters, "
                              "digits, _ - .)", NULL);
                    break;
                }
                int id = zhx_lex_get(r, line + vs, ve - vs, err);
                if (id < 0) {
                    rc = err ? err->code : ZHX_ENOMEM;
                    break;
                }
                lex = (uint32_t)id;
                r->lex[lex].loaded |= 2;
                size_t j = ve;
                while (line[j] == ' ' || line[j] == '\t')
                    j++;
                if (line[j] == '=') {
                    rc = parse_derived(&fs, lex, j + 1);
                    if (rc)
                        break;
                    continue;
                }
                if (line[j]) {
                    if (strncmp(line + j, "w=", 2) != 0) {
                        rc = ferr(&fs, j, "expected w=WEIGHT after the "
                                  "lexicon name", NULL);
                        break;
                    }
                    double w;
                    rc = parse_num(&fs, j + 2, line + j + 2, &w);
                    if (rc)
                        break;
                    r->lex[lex].w = w;
                }
                state = LEX;
                block_line = fs.lineno;
                continue;
            }
            char w[64];
            snprintf(w, sizeof w, "%.*s", (int)(kl < 40 ? kl : 40),
                     line + ks);
            rc = ferr(&fs, ks, "expected 'rule ID' or 'lexicon NAME', not "
                      "'%s'", w);
            break;
        }
        /* RULE */
        if (kl == 3 && !memcmp(line + ks, "end", 3) && !line[vs]) {
            if (!cur.type) {
                rc = ferr(&fs, ks, "rule '%s' has no type", cur.id);
                break;
            }
            if (!cur.pattern) {
                rc = ferr(&fs, ks, "rule '%s' has no pattern", cur.id);
                break;
            }
            if (r->n_rules >= ZHX_MAX_RULES) {
                rc = zhx_error_set(err, ZHX_ELIMIT, file, fs.lineno, 1,
                                   "more than %u rules", ZHX_MAX_RULES);
                break;
            }
            zhx_rule *p = realloc(r->rules, (r->n_rules + 1) * sizeof *p);
            if (!p) {
                rc = ZHX_ENOMEM;
                break;
            }
            r->rules = p;
            r->rules[r->n_rules++] = cur;
            memset(&cur, 0, sizeof cur);
            state = TOP;
            continue;
        }
        if ((kl == 4 && !memcmp(line + ks, "rule", 4)) ||
            (kl == 7 && !memcmp(line + ks, "lexicon", 7))) {
            rc = ferr(&fs, ks, "rule '%s' has no 'end' before this line",
                      cur.id);
            break;
        }
        rc = rule_attr(&fs, &cur, ks, ke, vs);
        if (rc)
            break;
    }
    if (!rc && state != TOP) {
        rc = zhx_error_set(err, ZHX_ESYNTAX, file, block_line, 1,
                           "%s block is missing its 'end'",
                           state == RULE ? "rule" : "lexicon");
    }
    if (rc == ZHX_ENOMEM && (!err || err->code == ZHX_OK))
        zhx_error_set(err, ZHX_ENOMEM, NULL, 0, 0, "out of memory");
    rule_free_fields(&cur);
    free(line);
    return rc;
}
