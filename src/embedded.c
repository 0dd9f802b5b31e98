#include "embedded.h"

#include <string.h>

const zhx_embedded_file *zhx_embedded_find(const char *name)
{
    for (const zhx_embedded_file *f = zhx_embedded_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
