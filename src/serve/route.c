/* The routing: a path against the patterns of the route table, and the checks every route
 * gets before its handler runs (session, CSRF, content type, body). Pure: no socket. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"

const char *srv_param(const srv_req *rq, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < rq->nparams; i++)
        if (strncmp(rq->param_name[i], name, n) == 0 && rq->param_name[i][n] == '}')
            return rq->param[i];
    return NULL;
}

int srv_error(srv_res *res, int status, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_decref(res->json);
    free(res->raw);
    res->raw = NULL;
    res->type = NULL, res->disposition[0] = '\0';
    res->status = status;
    json_t *m = json_string(msg); /* NULL when msg quotes something that is not UTF-8 */
    res->json = json_pack("{s:{s:s,s:o}}", "error", "code", code, "message",
                          m ? m : json_string("the request was refused"));
    return status;
}

void srv_req_clear(srv_req *rq)
{
    for (int i = 0; i < rq->nparams; i++)
        free(rq->param[i]);
    rq->nparams = 0;
}

/* The name of the {param} at p (p points at '{'): its length, 0 when not a param. */
static size_t param_name(const char *p)
{
    if (*p != '{')
        return 0;
    const char *end = strchr(p, '}');
    return end ? (size_t)(end - p - 1) : 0;
}

bool srv_path_match(const char *pattern, const char *path, srv_req *rq)
{
    srv_req tmp = {0};
    const char *p = pattern, *s = path;
    while (*p && *s) {
        size_t nl = param_name(p);
        if (nl) {
            size_t vl = strcspn(s, "/");
            if (vl == 0 || tmp.nparams == SRV_MAX_PARAMS)
                goto no;
            char *v = strndup(s, vl);
            if (!v)
                goto no;
            /* the name is the pattern's own text ("id}/..."), which outlives the request */
            tmp.param_name[tmp.nparams] = p + 1;
            tmp.param[tmp.nparams++] = v;
            p += nl + 2;
            s += vl;
            continue;
        }
        if (*p != *s)
            goto no;
        p++, s++;
    }
    if (*p || *s)
        goto no;
    if (rq) {
        srv_req_clear(rq);
        for (int i = 0; i < tmp.nparams; i++) {
            rq->param_name[i] = tmp.param_name[i];
            rq->param[i] = tmp.param[i];
        }
        rq->nparams = tmp.nparams;
    } else {
        srv_req_clear(&tmp);
    }
    return true;
no:
    srv_req_clear(&tmp);
    return false;
}

const srv_route *srv_route_find(const srv_routes *t, size_t nt, const char *method,
                                const char *path, srv_req *rq, int *status, char *allow,
                                size_t allow_size)
{
    bool path_known = false;
    size_t used = 0;
    if (allow_size)
        allow[0] = '\0';
    for (size_t i = 0; i < nt; i++)
        for (size_t k = 0; k < t[i].n; k++) {
            const srv_route *r = &t[i].route[k];
            if (!srv_path_match(r->pattern, path, NULL))
                continue;
            if (strcmp(r->method, method) == 0) {
                srv_path_match(r->pattern, path, rq);
                return r;
            }
            path_known = true;
            int w = snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "", r->method);
            if (w > 0 && (size_t)w < allow_size - used)
                used += (size_t)w;
            else if (allow_size)
                allow[used] = '\0'; /* a method that does not fit is left out whole */
        }
    *status = path_known ? 405 : 404;
    return NULL;
}

json_t *srv_json_body(const char *body, size_t len, const char *const *fields, srv_res *rs)
{
    json_error_t je;
    json_t *j = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        srv_error(rs, 400, "malformed_json", "the body is not JSON: line %d, column %d: %s",
                  je.line, je.column, je.text);
        if (rs->json) {
            json_t *e = json_object_get(rs->json, "error");
            json_object_set_new(e, "line", json_integer(je.line));
            json_object_set_new(e, "column", json_integer(je.column));
        }
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        srv_error(rs, 400, "not_an_object", "the body must be a JSON object");
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        bool known = false;
        for (size_t i = 0; fields && fields[i]; i++)
            if (strcmp(fields[i], key) == 0)
                known = true;
        if (!known) {
            /* the name is quoted back, cut at a character to 64 bytes in the message */
            int n = (int)strnlen(key, 64);
            while (n > 0 && key[n] && ((unsigned char)key[n] & 0xC0) == 0x80)
                n--;
            srv_error(rs, 400, "unknown_field", "unknown field \"%.*s\"", n, key);
            if (rs->json)
                json_object_set_new(json_object_get(rs->json, "error"), "field", json_string(key));
            json_decref(j);
            return NULL;
        }
    }
    return j;
}

/* Whether the Content-Type header names type (its parameters, as "; charset=utf-8",
 * aside). */
static bool content_type_is(const char *ct, const char *type)
{
    if (!ct)
        return false;
    size_t n = strlen(type);
    if (strncasecmp(ct, type, n) != 0)
        return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

static bool bearer_token(const char *auth, const char **token)
{
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        *token = auth + 7;
        while (**token == ' ')
            (*token)++;
        return **token != '\0';
    }
    return false;
}

void srv_dispatch(const srv_routes *t, size_t nt, srv_req *rq, srv_res *rs)
{
    json_decref(rs->json); /* a response reused: what it held is dropped */
    free(rs->raw);
    *rs = (srv_res){0};
    int status = 0;
    const srv_route *r =
        srv_route_find(t, nt, rq->method, rq->path, rq, &status, rs->allow, sizeof rs->allow);
    json_t *body = NULL;
    if (!r) {
        if (status == 405)
            srv_error(rs, 405, "method_not_allowed", "%s is not allowed here (allowed: %s)",
                      rq->method, rs->allow);
        else
            srv_error(rs, 404, "not_found", "no such endpoint");
        return;
    }
    if (r->flags & SRV_SESSION) {
        const char *token = NULL;
        bool has_bearer = bearer_token(rq->authorization, &token);
        const char *msg = NULL;
        struct sv_store *s = rq->hooks && rq->hooks->auth && rq->store ? rq->store(&msg) : NULL;
        rq->authed =
            s && rq->hooks->auth(rq->hooks->ud, s, rq->cookie, has_bearer ? token : NULL, &rq->who);
        if (!rq->authed) {
            srv_error(rs, 401, "unauthenticated", "log in first (a session or an API token)");
            return;
        }
        if ((r->flags & SRV_WRITES) && rq->who.by_cookie &&
            !(rq->hooks->csrf && rq->hooks->csrf(rq->hooks->ud, &rq->who, rq->cookie, rq->csrf))) {
            srv_error(rs, 403, "csrf",
                      "the X-CSRF-Token header does not match the csrf "
                      "cookie");
            return;
        }
    }
    switch (r->body) {
    case SRV_BODY_NONE:
        if (rq->body_len) {
            srv_error(rs, 415, "unsupported_media_type", "%s %s takes no body", r->method,
                      r->pattern);
            return;
        }
        break;
    case SRV_BODY_JSON:
        if (!content_type_is(rq->content_type, "application/json")) {
            srv_error(rs, 415, "unsupported_media_type", "the body must be application/json");
            return;
        }
        if (!(body = srv_json_body(rq->body, rq->body_len, r->fields, rs)))
            return;
        rq->json = body;
        break;
    case SRV_BODY_YAML:
        if (!content_type_is(rq->content_type, "application/yaml")) {
            srv_error(rs, 415, "unsupported_media_type", "the body must be application/yaml");
            return;
        }
        break;
    }
    rs->status = r->status ? r->status : 200;
    r->fn(rq, rs);
    rq->json = NULL;
    json_decref(body);
}

const char *srv_query(const srv_req *rq, const char *name)
{
    return rq->query && rq->conn ? rq->query(rq->conn, name) : NULL;
}
