/* Shared by the fuzz targets: an invariant that does not hold is a crash,
 * with its file and line, so libFuzzer keeps the input that broke it. */
#ifndef ZHX_FUZZ_H
#define ZHX_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define must(cond)                                                           \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);      \
            abort();                                                         \
        }                                                                    \
    } while (0)

#endif
