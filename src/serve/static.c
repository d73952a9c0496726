/* The web application's files: GET and HEAD outside /api/. /assets/P is the embedded file
 * web/P, found by an exact match in the table (nothing but the table can be reached: no file
 * system, so no traversal), and every other path is index.html, whose script routes it in the
 * browser. http.c sends the answer with the security headers, the ETag and no-cache. */
#include <string.h>

#include "static.h"

bool srv_is_api_path(const char *path)
{
    return strncmp(path, "/api", 4) == 0 && (path[4] == '/' || path[4] == '\0');
}

const srv_web_file *srv_web_find(const char *path)
{
    size_t lo = 0, hi = srv_web_nfiles;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(path, srv_web_files[mid].path);
        if (c == 0)
            return &srv_web_files[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

bool srv_etag_matches(const char *inm, const char *etag)
{
    if (!inm)
        return false;
    size_t elen = strlen(etag);
    const char *p = inm;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *end = p + strcspn(p, ",");
        const char *e = end;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e - p == 1 && *p == '*')
            return true;
        if (e - p > 2 && p[0] == 'W' && p[1] == '/')
            p += 2;
        if ((size_t)(e - p) == elen && memcmp(p, etag, elen) == 0)
            return true;
        p = end;
    }
    return false;
}

void srv_static(const char *method, const char *path, const char *inm, srv_static_res *out)
{
    *out = (srv_static_res){0};
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        out->status = 405;
        return;
    }
    const srv_web_file *f;
    if (strncmp(path, "/assets/", 8) == 0)
        f = srv_web_find(path + 8);
    else
        f = srv_web_find("index.html");
    if (!f) {
        out->status = 404;
        return;
    }
    out->file = f;
    out->status = srv_etag_matches(inm, f->etag) ? 304 : 200;
}
