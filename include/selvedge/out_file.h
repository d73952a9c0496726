/* The files a user names for selvedge to write (`plan -o OUT`, and every export to come):
 * one routine decides what writing there means, so no command replaces a device, a pipe or
 * a link with a new file of its own.
 *
 * What is at the path decides:
 * - nothing, or a regular file: the data goes to a temporary file in the same directory,
 *   renamed over the path only once it is whole, so a failure leaves what was there. A new
 *   file is created as any other (0666 less the umask); an existing one keeps its mode and,
 *   when the owner can be given back (root, or the owner itself), its owner and group. A
 *   file the user may not write is refused, as the shell's `>` would refuse it (the rename
 *   would not need the permission).
 * - a symbolic link to one of these: followed. The temporary file is made in the directory
 *   of the link's final target and renamed over that target, so the link stays a link. A
 *   link whose target does not exist is refused: creating a file through a dangling link
 *   is how links planted in shared directories redirect a write, and the name the user
 *   gave is not the file that would appear.
 * - a FIFO or a character device (/dev/null, a terminal, /dev/stdout, a pipe a reader
 *   waits on): written through. It is opened as it is, without creating or truncating
 *   anything; a FIFO with no reader waits for one, as the shell's `>` does. The data
 *   cannot be taken back: what was written before a failure stays written.
 * - a link to what standard output or standard error holds (`-o /dev/stdout`, a file, a
 *   pipe or a terminal): written through that descriptor, never opened again by its name,
 *   so `>>` still appends; one not open for writing (the caller closed it, `>&-`) is
 *   refused with "cannot write to standard output", as a write to it would fail.
 * - a directory, a block device (a disk), a socket, anything else: refused before anything
 *   is opened, with a message naming the path.
 *
 * A rename never replaces anything but a regular file: the path is looked at again just
 * before the rename. Messages name the path the user gave, never a temporary name. */
#ifndef SELVEDGE_OUT_FILE_H
#define SELVEDGE_OUT_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "selvedge/err.h"

typedef struct sv_outfile sv_outfile;

/* Looks at path and prepares the write: *out is set, or NULL with SV_ERR_IO (refused, or
 * the temporary file cannot be made), SV_ERR_USAGE (an empty path) or SV_ERR_NOMEM. The
 * error's file is path. Finish with sv_outfile_commit or sv_outfile_discard. */
sv_code sv_outfile_open(const char *path, sv_outfile **out, sv_err *e);

/* Standard output itself as the target (`-o -`): written through a copy of descriptor 1, as a
 * pipe is, never replaced or reopened. Messages name no file: "cannot write to standard
 * output: REASON". SV_ERR_IO when descriptor 1 is not open for writing (the caller closed
 * it). */
sv_code sv_outfile_open_stdout(sv_outfile **out, sv_err *e);

/* Where a writer that takes a stream writes: owned by o, closed by commit or discard. NULL
 * with e set when it cannot be opened. */
FILE *sv_outfile_stream(sv_outfile *o, sv_err *e);

/* For a writer that takes a file name and opens it itself (libxlsxwriter): a regular file
 * it may truncate and fill, whose content commit delivers (renamed into place, or copied
 * through to a pipe or device). Owned by o. NULL with e set when it cannot be made. A
 * writer uses the stream or the name, not both. */
const char *sv_outfile_path(sv_outfile *o, sv_err *e);

/* Whether the target is written through (a pipe or device): a failed write cannot be taken
 * back. */
bool sv_outfile_through(const sv_outfile *o);

/* Flushes and checks everything written, and puts it in place. Frees o whatever happens;
 * on an error nothing replaces what was at the path, and the temporary file is gone. */
sv_code sv_outfile_commit(sv_outfile *o, sv_err *e);

/* Drops what was written: the temporary file is removed, the path left as it was (what
 * went through to a pipe or device stays sent). Frees o; NULL is allowed. */
void sv_outfile_discard(sv_outfile *o);

#endif
