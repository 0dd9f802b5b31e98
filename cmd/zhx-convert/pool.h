/* Ordered work pool for zhx-convert: tasks (documents) go to N worker
 * threads and their results come back in the order the tasks were given,
 * whatever order the workers finish in, so output is the same for any
 * --jobs. At most `window` tasks are in flight, so memory stays bounded. */
#ifndef ZHX_CONVERT_POOL_H
#define ZHX_CONVERT_POOL_H

#include <stddef.h>

typedef struct pool pool;

/* work(wctx, task) runs on a worker and returns the result for task;
 * done(dctx, task, result) runs on the calling thread, in task order. Each
 * worker gets its own context from make_wctx(i). */
typedef void *(*pool_work_fn)(void *wctx, void *task);
typedef void (*pool_done_fn)(void *dctx, void *task, void *result);

pool *pool_new(int jobs, size_t window, void *(*make_wctx)(int i),
               void (*free_wctx)(void *), pool_work_fn work,
               pool_done_fn done, void *dctx);

/* Hand over a task; may call done() for finished ones, and blocks while
 * the window is full. */
void pool_submit(pool *p, void *task);

/* Wait for every task, calling done() for each, then stop the workers. */
void pool_finish(pool *p);

void pool_free(pool *p);

#endif
