#include "selvedge/suggest.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum { CAP = 64 };

int sv_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > CAP)
        la = CAP;
    if (lb > CAP)
        lb = CAP;
    int d[CAP + 1][CAP + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int cost = ca != cb;
            int best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *sv_suggest(const char *word, const char *const *candidates, size_t n)
{
    if (!word || !*word || !candidates)
        return NULL;
    size_t wl = strlen(word);
    int limit = wl <= 3 ? 1 : wl <= 8 ? 2 : 3;
    const char *best = NULL;
    int best_d = limit + 1;
    for (size_t i = 0; n ? i < n : candidates[i] != NULL; i++) {
        const char *c = candidates[i];
        int dist = sv_edit_distance(word, c);
        if (dist < best_d) {
            best_d = dist;
            best = c;
        }
    }
    if (best)
        return best;
    /* "tech" for "tech_pack" (the word is a prefix of one candidate), or "knitted" for
     * "knit" (one candidate of 3 letters or more is a prefix of the word) */
    if (wl >= 3) {
        const char *only = NULL;
        int count = 0;
        for (size_t i = 0; n ? i < n : candidates[i] != NULL; i++) {
            size_t cl = strlen(candidates[i]);
            if (strncasecmp(candidates[i], word, wl) == 0 ||
                (cl >= 3 && cl < wl && strncasecmp(candidates[i], word, cl) == 0)) {
                only = candidates[i];
                count++;
            }
        }
        return count == 1 ? only : NULL;
    }
    return NULL;
}
