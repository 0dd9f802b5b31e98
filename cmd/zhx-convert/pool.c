/* Ordered work pool; see pool.h. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct slot {
    void *task, *result;
    int state; /* 0 free, 1 queued, 2 running, 3 done */
} slot;

struct pool {
    int jobs;
    size_t window;
    slot *slots;
    size_t next_submit, next_take, next_done; /* sequence numbers */
    pthread_mutex_t mu;
    pthread_cond_t work_ready, result_ready;
    int stopping, finished;
    pthread_t *threads;
    void **wctx;
    void (*free_wctx)(void *);
    pool_work_fn work;
    pool_done_fn done;
    void *dctx;
    void *inline_ctx; /* jobs == 1: no threads at all */
};

typedef struct worker_arg {
    pool *p;
    int i;
} worker_arg;

static void *worker(void *arg)
{
    pool *p = ((worker_arg *)arg)->p;
    void *ctx = p->wctx[((worker_arg *)arg)->i];
    free(arg);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stopping && p->next_take == p->next_submit)
            pthread_cond_wait(&p->work_ready, &p->mu);
        if (p->next_take == p->next_submit)
            break;
        slot *s = &p->slots[p->next_take++ % p->window];
        s->state = 2;
        pthread_mutex_unlock(&p->mu);
        void *r = p->work(ctx, s->task);
        pthread_mutex_lock(&p->mu);
        s->result = r;
        s->state = 3;
        pthread_cond_broadcast(&p->result_ready);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

pool *pool_new(int jobs, size_t window, void *(*make_wctx)(int i),
               void (*free_wctx)(void *), pool_work_fn work,
               pool_done_fn done, void *dctx)
{
    pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->jobs = jobs < 1 ? 1 : jobs;
    p->window = window < (size_t)p->jobs ? (size_t)p->jobs : window;
    p->work = work;
    p->done = done;
    p->dctx = dctx;
    p->free_wctx = free_wctx;
    if (p->jobs == 1) {
        p->inline_ctx = make_wctx(0);
        return p;
    }
    p->slots = calloc(p->window, sizeof *p->slots);
    p->threads = calloc((size_t)p->jobs, sizeof *p->threads);
    p->wctx = calloc((size_t)p->jobs, sizeof *p->wctx);
    if (!p->slots || !p->threads || !p->wctx)
        abort();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_ready, NULL);
    pthread_cond_init(&p->result_ready, NULL);
    for (int i = 0; i < p->jobs; i++) {
        p->wctx[i] = make_wctx(i);
        worker_arg *a = malloc(sizeof *a);
        if (!a)
            abort();
        a->p = p, a->i = i;
        if (pthread_create(&p->threads[i], NULL, worker, a) != 0)
            abort();
    }
    return p;
}

/* Hand finished results over in order; called with the lock held. */
static void deliver(pool *p, int wait_all)
{
    for (;;) {
        if (p->next_done == p->next_submit)
            return;
        slot *s = &p->slots[p->next_done % p->window];
        if (s->state != 3) {
            if (!wait_all)
                return;
            pthread_cond_wait(&p->result_ready, &p->mu);
            continue;
        }
        void *task = s->task, *result = s->result;
        s->state = 0;
        p->next_done++;
        pthread_mutex_unlock(&p->mu);
        p->done(p->dctx, task, result);
        pthread_mutex_lock(&p->mu);
    }
}

void pool_submit(pool *p, void *task)
{
    if (p->jobs == 1) {
        p->done(p->dctx, task, p->work(p->inline_ctx, task));
        return;
    }
    pthread_mutex_lock(&p->mu);
    deliver(p, 0);
    while (p->next_submit - p->next_done >= p->window) {
        pthread_cond_wait(&p->result_ready, &p->mu);
        deliver(p, 0);
    }
    slot *s = &p->slots[p->next_submit % p->window];
    s->task = task;
    s->result = NULL;
    s->state = 1;
    p->next_submit++;
    pthread_cond_signal(&p->work_ready);
    pthread_mutex_unlock(&p->mu);
}

void pool_finish(pool *p)
{
    if (p->jobs == 1 || p->finished)
        return;
    pthread_mutex_lock(&p->mu);
    deliver(p, 1);
    p->stopping = 1;
    pthread_cond_broadcast(&p->work_ready);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->jobs; i++)
        pthread_join(p->threads[i], NULL);
    p->finished = 1;
}

void pool_free(pool *p)
{
    if (!p)
        return;
    if (p->inline_ctx)
        p->free_wctx(p->inline_ctx);
    pool_finish(p);
    for (int i = 0; p->wctx && i < p->jobs; i++)
        p->free_wctx(p->wctx[i]);
    if (p->threads) {
        free(p->threads);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->work_ready);
        pthread_cond_destroy(&p->result_ready);
    }
    free(p->wctx);
    free(p->slots);
    free(p);
}
