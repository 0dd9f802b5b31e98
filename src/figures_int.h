/* Internals shared by figures.c (finding figures) and figsubj.c (their
 * subjects). */
#ifndef ZHX_FIGURES_INT_H
#define ZHX_FIGURES_INT_H

#include "figlex.h"
#include "zhx/figures.h"

/* One numeral of a chunk while the stage works on it. */
typedef struct zhx_fig_cand {
    zhx_figure f;
    zhx_numeral nm;
    const zhx_figlex_ent *unit; /* the unit entry, or NULL */
    size_t ss, se;              /* its sentence */
    size_t next;                /* scanning goes on here */
    int dead;                   /* merged into another figure */
    /* The subject: [sa, sb) followed by [sc, sd) (empty when sc == sd). */
    int has_subj;
    size_t sa, sb, sc, sd;
} zhx_fig_cand;

struct zhx_figs {
    zhx_figlex units, approx, words, subj;
    uint8_t start[0x10000 / 8]; /* BMP code points a numeral can start with */
    zhx_fig_cand *cands;
    size_t ncand, cand_cap;
    char *buf; /* subject text for the callback */
    size_t buf_cap;
};

/* Code point classes the stage and the subject finder share. */
int zhx_figs_is_cjk(uint32_t c);
int zhx_figs_is_clause_punct(uint32_t c); /* ends a clause: ， 。 ； ： ! ? */
int zhx_figs_is_punct(uint32_t c);        /* any punctuation or space */

/* Read numeral nm of chunk c (its sentence is [ss, se)) in context into
 * k: markers, unit, range, and kept or the reason it is no figure. prev
 * is the candidate before it in the chunk, or NULL. */
void zhx_figs_analyze(const zhx_figs *F, const zhx_chunk *c, size_t ss,
                      size_t se, const zhx_numeral *nm,
                      const zhx_fig_cand *prev, zhx_fig_cand *k);

/* Fill the subject of every kept candidate of a chunk. */
void zhx_figs_subjects(const zhx_figs *F, const zhx_chunk *c,
                       zhx_fig_cand *k, size_t n);

#endif
