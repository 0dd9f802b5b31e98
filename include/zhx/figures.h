/* zhx/figures.h: the figures stage.
 *
 * Finds every number with a meaning in a chunk (ANNOTATION.md, "Figures"):
 * 投放贷款1.26亿元 gives value 126000000, unit 元, kind money, subject 贷款.
 * A number that is part of a date (2024年, 三月), a name (航天六院,
 * “六大产业集群”, 《...10条》), a word or idiom (一些, 一站式) or an
 * indefinite article (一个缩影) is not a figure.
 *
 * The units, approximation markers, words with numerals and the words that
 * delimit subjects are data: rules/figures/{units,approx,words,subject}.txt,
 * compiled into the library, loaded once by zhx_figs_new(). */
#ifndef ZHX_FIGURES_H
#define ZHX_FIGURES_H

#include "numeral.h"
#include "text.h"

typedef enum zhx_fig_kind {
    ZHX_FIG_COUNT,
    ZHX_FIG_MONEY,
    ZHX_FIG_PERCENT,
    ZHX_FIG_RANK,
    ZHX_FIG_YEAR,
    ZHX_FIG_OTHER
} zhx_fig_kind;

typedef enum zhx_approx {
    ZHX_APPROX_NONE,
    ZHX_APPROX_OVER,  /* 以上, 余, 多, 超过 */
    ZHX_APPROX_UNDER, /* 以下, 不到, 最高 */
    ZHX_APPROX_ABOUT  /* 约, 近, 左右 */
} zhx_approx;

typedef struct zhx_figure {
    /* The figure with its markers (超过5000名) and the numeral alone
     * (5000), in normalized code points of the chunk. */
    size_t start, end;
    size_t num_start, num_end;
    zhx_decimal value;
    zhx_decimal value_max; /* a range's upper end; only with has_max */
    int has_max;
    const char *unit;    /* borrowed; "" when there is none */
    zhx_fig_kind kind;
    zhx_approx approx;
    const char *subject; /* borrowed UTF-8, or NULL */
    /* The subject's span when it is one piece of the text; both SIZE_MAX
     * when it was put together (an elided noun filled in). */
    size_t subj_start, subj_end;
    size_t sentence;  /* zhx_sentence.index, SIZE_MAX if the chunk has none */
    const char *rule; /* static: "fig.num-unit", "fig.range", ... */
    unsigned num_flags; /* ZHX_NUM_* of the numeral (ROUNDED, ...) */
    int kept;           /* 0 only with ZHX_FIGS_ALL */
    const char *reason; /* static, why it is no figure: "date", "name", ... */
} zhx_figure;

/* zhx_figs_run() flags. */
enum {
    /* Also report every numeral that is no figure, with kept 0 and a
     * reason (for zhx-figs --all and for numeral test suites). */
    ZHX_FIGS_ALL = 1u << 0
};

typedef struct zhx_figs zhx_figs;

/* Load the lists: from the .txt files in rules_dir/figures when rules_dir is not NULL,
 * else the ones compiled in. NULL on failure; err has the file and line of
 * a bad entry. The object is immutable apart from its scratch buffers: use
 * one per thread. */
zhx_figs *zhx_figs_new(const char *rules_dir, zhx_error *err);
void zhx_figs_free(zhx_figs *f);

/* Called once per figure in text order; everything borrowed in fig stays
 * valid until the callback returns. A nonzero return stops the run, and
 * zhx_figs_run() returns it. */
typedef int (*zhx_figure_fn)(void *ctx, const zhx_chunk *c,
                             const zhx_figure *fig);

/* Find the figures of one chunk. Returns ZHX_OK, ZHX_ENOMEM, or what the
 * callback returned. */
int zhx_figs_run(zhx_figs *f, const zhx_chunk *c, unsigned flags,
                 zhx_figure_fn fn, void *ctx, zhx_error *err);

/* "count", "money", "percent", "rank", "year", "other"; NULL for approx
 * none, else "over", "under", "about". */
const char *zhx_fig_kind_name(zhx_fig_kind k);
const char *zhx_approx_name(zhx_approx a);

#endif
