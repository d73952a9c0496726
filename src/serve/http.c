/* The HTTP face: libmicrohttpd with a pool of worker threads (epoll where the library has
 * it), each worker with its own store connection. A request's body is gathered as it
 * streams, up to the limit (413 as soon as it passes, never buffered whole); then it is
 * routed (route.c), and the answer goes out as JSON with the security headers. One log line
 * per request on stderr: no query string, no cookie, token or body. */
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "selvedge/store.h"
#include "selvedge/term.h"
#include "serve.h"
#include "serve_run.h"
#include "static.h"

/* The server's state, one per process. */
static struct {
    const srv_opts *o;
    const srv_routes *tables;
    size_t ntables;
    atomic_int inflight;  /* requests begun (request line read) and not yet completed */
    pthread_mutex_t lock; /* guards stores */
    sv_store **stores;    /* every worker's connection, closed at stop */
    size_t nstores, cap;
} S = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local sv_store *tls_store;
static _Thread_local char tls_msg[256];

/* The worker's store, opened on first use; NULL with *msg when it cannot be. */
static sv_store *worker_store(const char **msg)
{
    if (tls_store)
        return tls_store;
    sv_err e;
    sv_err_clear(&e);
    sv_store_opts so = {.wait_ms = 5000};
    sv_store *s = NULL;
    if (sv_store_open_with(S.o->db_path, &so, &s, &e) != SV_OK) {
        snprintf(tls_msg, sizeof tls_msg, "%s", e.msg);
        *msg = tls_msg;
        return NULL;
    }
    pthread_mutex_lock(&S.lock);
    if (S.nstores == S.cap) {
        size_t cap = S.cap ? 2 * S.cap : 8;
        sv_store **n = realloc(S.stores, cap * sizeof *n);
        if (!n) {
            pthread_mutex_unlock(&S.lock);
            sv_store_close(s);
            *msg = "out of memory";
            return NULL;
        }
        S.stores = n, S.cap = cap;
    }
    S.stores[S.nstores++] = s;
    pthread_mutex_unlock(&S.lock);
    return tls_store = s;
}

/* One request, from its request line to its completion. */
typedef struct conn_req {
    struct timespec t0;
    bool begun;     /* the access handler has seen it */
    bool answered;  /* a response is queued */
    bool over;      /* the body passed the limit: the rest is read and dropped */
    size_t dropped; /* bytes dropped since */
    char *body;
    size_t len, cap;
    int status;
    size_t bytes;
    char method[16];
    char path[256]; /* for the log: safe for a terminal, cut short */
} conn_req;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    conn_req *cr = calloc(1, sizeof *cr);
    if (cr)
        clock_gettime(CLOCK_MONOTONIC, &cr->t0);
    atomic_fetch_add(&S.inflight, 1);
    return cr;
}

static void log_line(const conn_req *cr, const char *how)
{
    struct timespec now, wall;
    clock_gettime(CLOCK_MONOTONIC, &now);
    clock_gettime(CLOCK_REALTIME, &wall);
    double ms =
        (double)(now.tv_sec - cr->t0.tv_sec) * 1e3 + (double)(now.tv_nsec - cr->t0.tv_nsec) / 1e6;
    struct tm tm;
    gmtime_r(&wall.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(stderr, "%s.%03ldZ %s %s %d %zu %.1fms%s\n", when, wall.tv_nsec / 1000000,
            cr->method[0] ? cr->method : "-", cr->path[0] ? cr->path : "-", cr->status, cr->bytes,
            ms, how);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    conn_req *cr = *req_cls;
    if (cr) {
        if (cr->begun)
            log_line(cr, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut short)");
        free(cr->body);
        free(cr);
        *req_cls = NULL;
    }
    atomic_fetch_sub(&S.inflight, 1);
}

static void add_headers_typed(struct MHD_Response *r, const char *path, const char *type)
{
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; object-src 'none'; "
                            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    if (strncmp(path, "/api", 4) == 0 && (path[4] == '/' || path[4] == '\0'))
        MHD_add_response_header(r, "Cache-Control", "no-store");
}

static void add_headers(struct MHD_Response *r, const char *path)
{
    add_headers_typed(r, path, "application/json; charset=utf-8");
}

static enum MHD_Result answer(struct MHD_Connection *c, conn_req *cr, const char *path, srv_res *rs)
{
    static const char oom[] =
        "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"the server is out of memory\"}}";
    /* the members in the order they were set and reals to 15 digits, as the command line's
     * --json prints them (sv_json_print): the same document, 3.33 and not 3.3299999999999996;
     * a document already written (rs->raw) is sent as it is */
    char *text = rs->raw ? rs->raw : rs->json ? json_dumps(rs->json, SRV_JSON_FLAGS) : NULL;
    size_t tlen = rs->raw ? rs->raw_len : text ? strlen(text) : 0;
    rs->raw = NULL;
    struct MHD_Response *r;
    if (text || !rs->json) {
        size_t n = tlen;
        r = MHD_create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
        cr->bytes = n;
    } else {
        rs->status = 503;
        r = MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT);
        cr->bytes = sizeof oom - 1;
    }
    if (!r) {
        free(text);
        return MHD_NO;
    }
    add_headers(r, path);
    if (rs->type) { /* a download: its own type, and its name when it has one */
        MHD_del_response_header(r, "Content-Type", "application/json; charset=utf-8");
        MHD_add_response_header(r, "Content-Type", rs->type);
        if (rs->disposition[0])
            MHD_add_response_header(r, "Content-Disposition", rs->disposition);
    }
    if (rs->status == 405 && rs->allow[0])
        MHD_add_response_header(r, "Allow", rs->allow);
    for (int i = 0; i < 2; i++)
        if (rs->cookie[i][0])
            MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rs->cookie[i]);
    if (rs->retry_after > 0) {
        char ra[24];
        snprintf(ra, sizeof ra, "%d", rs->retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    cr->status = rs->status;
    cr->answered = true;
    json_decref(rs->json);
    rs->json = NULL;
    return ok;
}

/* A request outside /api/: an embedded file of the web app (static.c), with its type, ETag
 * and no-cache (each use asks again, a 304 when unchanged); errors as the API's. */
static enum MHD_Result answer_static(struct MHD_Connection *c, conn_req *cr, const char *method,
                                     const char *path)
{
    srv_static_res st;
    srv_static(method, path,
               MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), &st);
    if (!st.file) {
        srv_res rs = {0};
        if (st.status == 405) {
            snprintf(rs.allow, sizeof rs.allow, "GET, HEAD");
            srv_error(&rs, 405, "method_not_allowed", "%s is not allowed here (allowed: %s)",
                      method, rs.allow);
        } else {
            srv_error(&rs, 404, "not_found", "no such file");
        }
        return answer(c, cr, path, &rs);
    }
    const srv_web_file *f = st.file;
    size_t n = st.status == 304 ? 0 : f->len;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(n, (void *)f->data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    add_headers_typed(r, path, f->type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, f->etag);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)st.status, r);
    MHD_destroy_response(r);
    cr->status = st.status;
    cr->bytes = n;
    cr->answered = true;
    return ok;
}

static enum MHD_Result too_big(struct MHD_Connection *c, conn_req *cr, const char *path)
{
    srv_res rs = {0};
    srv_error(&rs, 413, "body_too_large", "the body is over the limit of %zu bytes", S.o->max_body);
    if (rs.json)
        json_object_set_new(json_object_get(rs.json, "error"), "limit",
                            json_integer((json_int_t)S.o->max_body));
    return answer(c, cr, path, &rs);
}

static const char *query_arg(void *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
    conn_req *cr = *req_cls;
    if (!cr)
        return MHD_NO; /* out of memory at its start: the connection is closed */
    if (!cr->begun) {
        cr->begun = true;
        snprintf(cr->method, sizeof cr->method, "%s", method);
        sv_term_safe(url, cr->path, sizeof cr->path);
        if (strncmp(cr->path, "/invite/", 8) == 0) /* the page's path is an invitation's secret */
            snprintf(cr->path + 8, sizeof cr->path - 8, "[token]");
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno || *end || n > S.o->max_body)
                return too_big(c, cr, url);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (cr->answered)
            return MHD_YES; /* the rest of a body already refused */
        if (!cr->over && n > S.o->max_body - cr->len) {
            /* libmicrohttpd takes a response only once the body is in: the rest is read
             * and dropped (nothing kept), up to as much again as the limit, then the
             * connection is closed without one */
            cr->over = true;
            free(cr->body);
            cr->body = NULL;
            cr->len = cr->cap = 0;
        }
        if (cr->over) {
            cr->dropped += n;
            return cr->dropped > S.o->max_body + (1u << 20) ? MHD_NO : MHD_YES;
        }
        if (cr->len + n > cr->cap) {
            size_t cap = cr->cap ? cr->cap : 4096;
            while (cap < cr->len + n)
                cap *= 2;
            char *b = realloc(cr->body, cap);
            if (!b)
                return MHD_NO;
            cr->body = b, cr->cap = cap;
        }
        memcpy(cr->body + cr->len, upload, n);
        cr->len += n;
        return MHD_YES;
    }
    if (cr->answered)
        return MHD_YES;
    if (cr->over)
        return too_big(c, cr, url);
    if (!srv_is_api_path(url))
        return answer_static(c, cr, method, url);
    /* the client's address, as the connection has it (the login's rate limit key) */
    char address[NI_MAXHOST] = "";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        socklen_t sl = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                              : sizeof(struct sockaddr_in);
        if (getnameinfo(ci->client_addr, sl, address, sizeof address, NULL, 0, NI_NUMERICHOST))
            address[0] = '\0';
    }
    srv_req rq = {
        .address = address[0] ? address : NULL,
        .method = method,
        .path = url,
        .content_type =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
        .cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE),
        .authorization =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
        .csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token"),
        .body = cr->body,
        .body_len = cr->len,
        .db_path = S.o->db_path,
        .store = worker_store,
        .hooks = S.o->hooks,
        .query = query_arg,
        .conn = c,
    };
    srv_res rs = {0};
    srv_dispatch(S.tables, S.ntables, &rq, &rs);
    srv_req_clear(&rq);
    if (!rs.json && !rs.raw && rs.status != 204)
        srv_error(&rs, 503, "out_of_memory", "the server is out of memory");
    return answer(c, cr, url, &rs);
}

/* libmicrohttpd's messages: its own format strings */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    fprintf(stderr, "selvedge serve: %s\n", msg);
}

int srv_run(const srv_opts *o, int listen_fd, FILE *note)
{
    S.o = o;
    S.tables = srv_route_tables(&S.ntables);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
        flags |= MHD_USE_EPOLL;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_THREAD_POOL_SIZE, o->threads,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "selvedge serve: the HTTP server could not start\n");
        return 1;
    }
    fflush(note);
    /* SIGINT and SIGTERM were blocked before the workers started (they inherit the mask):
     * only this thread takes them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    fprintf(stderr,
            "selvedge serve: %s: no new connections, finishing the requests in "
            "flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    int fd = MHD_quiesce_daemon(d);
    if (fd >= 0)
        close(fd);
    /* Requests begun finish (up to 30 s, the connection timeout); idle connections are
     * closed by the stop. */
    for (int i = 0; i < 3000 && atomic_load(&S.inflight) > 0; i++)
        usleep(10000);
    MHD_stop_daemon(d);
    for (size_t i = 0; i < S.nstores; i++)
        sv_store_close(S.stores[i]);
    free(S.stores);
    S.stores = NULL;
    S.nstores = S.cap = 0;
    fprintf(stderr, "selvedge serve: stopped\n");
    return 0;
}
