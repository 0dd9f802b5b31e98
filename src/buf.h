/* Growable arrays for scratch buffers that live as long as their owner and
 * are reset, not freed, between uses. */
#ifndef ZHX_BUF_H
#define ZHX_BUF_H

#include <stddef.h>
#include <stdint.h>

/* Ensure *p holds at least n elements of size sz; grows geometrically.
 * Returns 0 on success, -1 when out of memory (*p unchanged). */
int zhx_grow(void **p, size_t *cap, size_t n, size_t sz);

#define ZHX_GROW(p, cap, n) zhx_grow((void **)&(p), &(cap), (n), sizeof *(p))

#endif
