/* The floor zhx is measured against: a bare loop of ICU over the same
 * text, a line at a time, with no offsets, records or output.
 *   bare_icu nfkc|words < FILE     prints a checksum so nothing is elided */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

int main(int argc, char **argv)
{
    int words = argc > 1 && strcmp(argv[1], "words") == 0;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
    if (U_FAILURE(st))
        return 2;
    char *line = NULL;
    size_t cap = 0, u16cap = 0;
    ssize_t n;
    UChar *u = NULL, *v = NULL;
    char *out = NULL;
    unsigned long sum = 0;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        if ((size_t)n * 4 + 16 > u16cap) {
            u16cap = (size_t)n * 4 + 16;
            u = realloc(u, u16cap * sizeof *u);
            v = realloc(v, u16cap * sizeof *v);
            out = realloc(out, u16cap * 3);
        }
        int32_t len;
        st = U_ZERO_ERROR;
        u_strFromUTF8(u, (int32_t)u16cap, &len, line, (int32_t)n, &st);
        if (words) {
            ubrk_setText(bi, u, len, &st);
            for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
                sum += (unsigned long)b;
        } else {
            int32_t m = unorm2_normalize(nfkc, u, len, v, (int32_t)u16cap, &st);
            int32_t k;
            u_strToUTF8(out, (int32_t)u16cap * 3, &k, v, m, &st);
            sum += (unsigned long)k;
        }
    }
    printf("%lu\n", sum);
    free(line), free(u), free(v), free(out);
    ubrk_close(bi);
    return 0;
}
