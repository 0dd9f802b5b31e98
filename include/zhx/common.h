/* zhx/common.h: error values and version shared by every zhx module.
 *
 * Ownership, once for the whole library: zhx never frees what it is given,
 * and every pointer a zhx function returns belongs to the caller unless its
 * comment says "borrowed". The library never prints and never exits; errors
 * come back as values, filled into a caller-provided zhx_error. */
#ifndef ZHX_COMMON_H
#define ZHX_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define ZHX_VERSION "0.1.0"

typedef enum zhx_code {
    ZHX_OK = 0,
    ZHX_ENOMEM = -1,   /* out of memory */
    ZHX_EUTF8 = -2,    /* invalid UTF-8 in the input */
    ZHX_EICU = -3,     /* an ICU call failed */
    ZHX_EIO = -4,      /* read or write failed */
    ZHX_ESYNTAX = -5,  /* malformed rules file, JSON line, ... */
    ZHX_ELIMIT = -6,   /* a size limit was exceeded */
    ZHX_EINVAL = -7,   /* bad argument */
    ZHX_EBINARY = -8,  /* NUL byte: binary input */
    ZHX_EEXAMPLE = -9  /* a rule's example does not hold */
} zhx_code;

/* Where and what went wrong. line and col count from 1; 0 means unknown.
 * col counts code points. file is a copy, truncated if very long. */
typedef struct zhx_error {
    int code;
    unsigned long line, col;
    char file[512];
    char message[512];
} zhx_error;

/* Static text for a zhx_code. */
const char *zhx_strerror(int code);

/* Reset err to ZHX_OK with empty fields. err may be NULL. */
void zhx_error_clear(zhx_error *err);

/* Fill err (if not NULL) and return code. The message is printf-style. */
int zhx_error_set(zhx_error *err, int code, const char *file,
                  unsigned long line, unsigned long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

#endif
