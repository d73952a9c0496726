/* selvedge serve: the server's command line (options, the listening socket, signals). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../cli.h"
#include "selvedge/auth.h"
#include "selvedge/store.h"
#include "serve.h"
#include "serve_run.h"

static const char help[] =
    "Usage: selvedge serve --db PATH --listen HOST:PORT [--threads N] [--max-body BYTES]\n"
    "                      [--secure-cookies] [--insecure-fast-hash]\n"
    "                      [--operator EMAIL]\n"
    "\n"
    "The HTTP server: JSON in and out over the same library as the command line.\n"
    "Prints the address it listens on (\"listening on http://HOST:PORT\"), one line\n"
    "per request on standard error, and stops on SIGINT or SIGTERM once the requests\n"
    "in flight are answered (exit 0).\n"
    "\n"
    "  --db PATH          the store (created when missing; also the global --db)\n"
    "  --listen HOST:PORT the address: 127.0.0.1:8080, [::1]:8080, localhost:8080;\n"
    "                     port 0 picks a free one (printed)\n"
    "  --threads N        worker threads, each with its own store connection\n"
    "                     (default: the number of processors; 1 to 256)\n"
    "  --max-body BYTES   the largest request body (default 1048576); a larger one\n"
    "                     is refused with 413 as it arrives\n"
    "  --secure-cookies   the session and csrf cookies carry Secure: set it when the\n"
    "                     server is reached over HTTPS (a TLS proxy in front)\n"
    "  --operator EMAIL   the account that may import into the factory registry\n"
    "                     (POST /api/factories/import); none without it\n"
    "  --insecure-fast-hash  FOR TESTS ONLY: passwords hashed at Argon2id's minimum\n"
    "                     cost; refused unless --listen is a loopback address\n"
    "\n"
    "Endpoints: GET /api/health, GET /api/openapi.json (every endpoint); accounts and\n"
    "sessions: POST /api/signup, /api/login, /api/logout, GET /api/me (docs/serve.md).\n"
    "Programs: /api/programs (upload, readiness, cost, plan, matches); the registry:\n"
    "GET /api/factories, POST /api/factories/import (the operator's).\n";

/* A whole number in [lo, hi]. */
static bool number(const char *s, unsigned long long lo, unsigned long long hi,
                   unsigned long long *out)
{
    if (!*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* The socket for --listen, bound and listening; -1 after a message (*rc the exit code: 2
 * for an address that is not one, 1 for one that cannot be had). */
static int listen_on(cli *c, const char *spec, int *rc, char *shown, size_t shown_size)
{
    *rc = EXIT_USAGE;
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec) {
        cli_usage(c, "serve", "--listen wants HOST:PORT (127.0.0.1:8080, [::1]:8080), not '%s'",
                  spec);
        return -1;
    }
    char host[256];
    size_t hl = (size_t)(colon - spec);
    const char *h = spec;
    if (spec[0] == '[') {
        if (hl < 3 || spec[hl - 1] != ']') {
            cli_usage(c, "serve",
                      "--listen: '%s': an IPv6 address goes in brackets, "
                      "[::1]:8080",
                      spec);
            return -1;
        }
        h = spec + 1, hl -= 2;
    }
    if (hl >= sizeof host) {
        cli_usage(c, "serve", "--listen: the host name is too long");
        return -1;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    unsigned long long port;
    if (!number(colon + 1, 0, 65535, &port)) {
        cli_usage(c, "serve", "--listen: the port must be a number from 0 to 65535, not '%s'",
                  colon + 1);
        return -1;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV},
                    *ai = NULL;
    int g = getaddrinfo(host, colon + 1, &hints, &ai);
    if (g != 0 || !ai) {
        cli_usage(c, "serve", "--listen: cannot resolve '%s': %s", host, gai_strerror(g));
        return -1;
    }
    *rc = EXIT_INPUT;
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0 ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
        int err = errno;
        fprintf(stderr, "selvedge serve: cannot listen on %s: %s%s\n", cli_term(spec),
                strerror(err), err == EADDRINUSE ? " (another server holds that port)" : "");
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    struct sockaddr_storage sa;
    socklen_t sl = sizeof sa;
    char num[NI_MAXHOST], serv[NI_MAXSERV];
    if (getsockname(fd, (struct sockaddr *)&sa, &sl) != 0 ||
        getnameinfo((struct sockaddr *)&sa, sl, num, sizeof num, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        fprintf(stderr, "selvedge serve: cannot read the address listened on: %s\n",
                strerror(errno));
        close(fd);
        return -1;
    }
    snprintf(shown, shown_size, sa.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", num, serv);
    return fd;
}

/* Whether the socket listens on a loopback address (127.0.0.0/8, ::1). */
static bool loopback(int fd)
{
    struct sockaddr_storage sa;
    socklen_t sl = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &sl) != 0)
        return false;
    if (sa.ss_family == AF_INET)
        return (ntohl(((struct sockaddr_in *)&sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa.ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&sa)->sin6_addr);
    return false;
}

int cmd_serve(cli *c, int argc, char **argv)
{
    const char *listen_spec = NULL;
    srv_opts o = {.db_path = c->db_path, .max_body = 1 << 20};
    bool fast_hash = false;
    srv_auth_cfg auth_cfg = {0};
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o.threads = ncpu < 1 ? 1 : ncpu > 256 ? 256 : (unsigned)ncpu;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned long long v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (cli_is(a, "--db")) {
            if (!(o.db_path = cli_value(c, "serve", argc, argv, &i, "--db")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--operator")) {
            const char *email = cli_value(c, "serve", argc, argv, &i, "--operator");
            char msg[300];
            if (!email)
                return EXIT_USAGE;
            if (srv_registry_operator(email, msg, sizeof msg) != 0)
                return cli_usage(c, "serve", "--operator: %s", msg);
        } else if (cli_is(a, "--listen")) {
            if (!(listen_spec = cli_value(c, "serve", argc, argv, &i, "--listen")))
                return EXIT_USAGE;
        } else if (cli_is(a, "--threads")) {
            const char *s = cli_value(c, "serve", argc, argv, &i, "--threads");
            if (!s)
                return EXIT_USAGE;
            if (!number(s, 1, 256, &v))
                return cli_usage(c, "serve", "--threads wants a number from 1 to 256, not '%s'", s);
            o.threads = (unsigned)v;
        } else if (cli_is(a, "--max-body")) {
            const char *s = cli_value(c, "serve", argc, argv, &i, "--max-body");
            if (!s)
                return EXIT_USAGE;
            if (!number(s, 1, (unsigned long long)1 << 30, &v))
                return cli_usage(c, "serve",
                                 "--max-body wants a number of bytes from 1 to 1073741824, "
                                 "not '%s'",
                                 s);
            o.max_body = (size_t)v;
        } else if (strcmp(a, "--secure-cookies") == 0) {
            auth_cfg.secure_cookies = true;
        } else if (strcmp(a, "--insecure-fast-hash") == 0) {
            fast_hash = true;
        } else {
            return cli_usage(c, "serve", "unexpected argument %s", a);
        }
    }
    if (!o.db_path) {
        const char *env = getenv("SELVEDGE_DB");
        o.db_path = env && *env ? env : "selvedge.db";
    }
    if (!*o.db_path)
        return cli_usage(c, "serve", "--db wants the path of the store, not an empty one");
    if (!listen_spec)
        return cli_usage(c, "serve", "--listen is required: which HOST:PORT? (127.0.0.1:8080)");
    /* The store is opened once here, so a path that cannot be one is refused before any
     * request (created and brought to the current schema when missing). */
    sv_err e;
    sv_err_clear(&e);
    sv_store *s = NULL;
    if (sv_store_open(o.db_path, &s, &e) != SV_OK)
        return cli_usage(c, "serve", "--db %s: %s", o.db_path, e.msg);
    sv_store_close(s);
    int rc;
    char shown[NI_MAXHOST + NI_MAXSERV + 4];
    int fd = listen_on(c, listen_spec, &rc, shown, sizeof shown);
    if (fd < 0)
        return rc;
    /* The test cost of the password hashes only when asked for by name, and only on a
     * loopback address: a server others reach never hashes weakly. */
    if (fast_hash && !loopback(fd)) {
        close(fd);
        return cli_usage(c, "serve",
                         "--insecure-fast-hash is for tests: --listen must then be a loopback "
                         "address (127.0.0.1, [::1]), not %s",
                         shown);
    }
    if (sv_auth_init(&e) != SV_OK) {
        close(fd);
        fprintf(stderr, "selvedge serve: %s\n", e.msg);
        return EXIT_INPUT;
    }
    if (fast_hash) {
        sv_auth_password_cost(SV_PWHASH_TEST);
        fprintf(stderr, "selvedge serve: --insecure-fast-hash: passwords are hashed at the "
                        "test cost (for tests only)\n");
    }
    sv_auth_password_warm();
    srv_auth_start(2); /* two Argon2id hashes at once: 512 MiB at the default cost */
    /* Blocked here, before the workers start, so they inherit the mask and only srv_run's
     * sigwait takes the signals; a closed client socket is an error, not a SIGPIPE. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    srv_hooks hooks = {.auth = srv_auth_hook, .csrf = srv_csrf_hook, .ud = &auth_cfg};
    o.hooks = &hooks;
    printf("listening on http://%s\n", shown);
    if (cli_stdout_flush("selvedge serve") != 0) {
        close(fd);
        return EXIT_INPUT;
    }
    rc = srv_run(&o, fd, stdout);
    close(fd);
    return rc;
}
