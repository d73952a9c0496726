/* The web application's files (web/), embedded at build time by tools/embed.py, and the
 * answer to a request outside /api/ (static.c). Pure: no socket, so the lookup and the
 * answers are tested without a server. */
#ifndef SELVEDGE_SERVE_STATIC_H
#define SELVEDGE_SERVE_STATIC_H

#include <stdbool.h>
#include <stddef.h>

/* One embedded file: its path under web/ ("js/app.js"), content type, bytes (NUL after the
 * last, not counted) and strong ETag (quoted, a hash of the bytes). */
typedef struct srv_web_file {
    const char *path;
    const char *type;
    const unsigned char *data;
    size_t len;
    const char *etag;
} srv_web_file;

/* The table, sorted by path (generated: web_embedded.c). */
extern const srv_web_file srv_web_files[];
extern const size_t srv_web_nfiles;

/* The file at path under web/ ("css/app.css"), NULL when none: an exact match in the table,
 * so no path ("../x", "js/../app.js", "") reaches anything else. */
const srv_web_file *srv_web_find(const char *path);

/* Whether path is the API's (/api or under /api/): everything else is the web app's. */
bool srv_is_api_path(const char *path);

/* Whether an If-None-Match header (NULL: none) names etag: "*", or a list of (weak or strong)
 * tags one of which is etag (the weak comparison, as RFC 9110 asks for If-None-Match). */
bool srv_etag_matches(const char *if_none_match, const char *etag);

/* The answer to method and path outside /api/: status 200 or 304 with the file (/assets/P is
 * web/P, every other path web/index.html), or 404 (no such asset) or 405 (not GET or HEAD)
 * with file NULL. */
typedef struct srv_static_res {
    int status;
    const srv_web_file *file;
} srv_static_res;
void srv_static(const char *method, const char *path, const char *if_none_match,
                srv_static_res *out);

#endif
