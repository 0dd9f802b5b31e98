/* Error values: static texts and the fill helper. */
#include "zhx/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *zhx_strerror(int code)
{
    switch (code) {
    case ZHX_OK: return "success";
    case ZHX_ENOMEM: return "out of memory";
    case ZHX_EUTF8: return "invalid UTF-8";
    case ZHX_EICU: return "ICU error";
    case ZHX_EIO: return "input/output error";
    case ZHX_ESYNTAX: return "syntax error";
    case ZHX_ELIMIT: return "size limit exceeded";
    case ZHX_EINVAL: return "invalid argument";
    case ZHX_EBINARY: return "binary input";
    case ZHX_EEXAMPLE: return "rule example failed";
    default: return "unknown error";
    }
}

void zhx_error_clear(zhx_error *err)
{
    /* Called per chunk: reset the fields, not the whole 1 KiB. */
    if (err) {
        err->code = ZHX_OK;
        err->line = err->col = 0;
        err->file[0] = err->message[0] = '\0';
    }
}

int zhx_error_set(zhx_error *err, int code, const char *file,
                  unsigned long line, unsigned long col, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->col = col;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}
