/* Running the server (http.c), for cmd_serve.c. */
#ifndef SELVEDGE_SERVE_RUN_H
#define SELVEDGE_SERVE_RUN_H

#include <stdio.h>

#include "serve.h"

/* Serve on listen_fd (bound and listening) until SIGINT or SIGTERM, which the caller has
 * blocked in every thread; then stop accepting, let the requests in flight finish, close
 * the workers' stores. 0, or 1 after a message when the server cannot start. */
int srv_run(const srv_opts *o, int listen_fd, FILE *note);

#endif
