/* sas-io-isolate.c: a reader run in a child process.
 *
 * libhdf5 1.10.8 (Debian 12) trusts corrupt metadata: a fuzzed 51 kB
 * NXcanSAS file makes H5Dread copy from a wild global-heap address and
 * the process dies with SIGSEGV
 * (tests/fuzz/libhdf5-crashes/nxcansas-vlen-global-heap-segv); others make
 * it loop for minutes or allocate gigabytes.  None of this can be fixed
 * from our side of the API, so the HDF5 reader runs in a child process.
 *
 * The child is a fresh start of this very program (posix_spawn of
 * /proc/self/exe with SASFORMER_IO_CHILD=READER in its environment), not a
 * fork: fork() would run every library's fork handlers in the caller
 * (OpenBLAS's shuts its thread pool down, which is unsafe while another
 * thread multiplies matrices) and copy a multithreaded process's locks.
 * A constructor of this file sees the variable before main(), reads the
 * file's name and bytes from its standard input (a memfd), runs the
 * reader, writes the curves or the error to its standard output (a pipe)
 * and ends with _exit.  The parent waits at most ISOLATE_TIMEOUT_S and
 * turns a crash, a time-out or a memory exhaustion into a SAS_ERROR naming
 * the file.  A well-formed file costs one program start (benchmarks:
 * bench-io).
 *
 * The child's standard error goes to a memfd, not the user's terminal:
 * what a crashing library says there (glibc's "free(): invalid pointer",
 * HDF5's diagnostics) would come before, and apart from, our message.
 * Its last line is quoted in the error when the child crashed or failed.
 *
 * The child limits its address space to its size at start plus
 * ISOLATE_MEMORY_BYTES (not under AddressSanitizer, whose shadow memory
 * needs the whole address space); libhdf5 gets NULL from malloc past that
 * and fails cleanly.
 *
 * SASFORMER_IO_ISOLATION=0 in the environment turns the child off (as
 * sas_io_set_isolation (FALSE) does): under valgrind or a program started
 * through ld.so explicitly, /proc/self/exe is the tool or the loader.
 *
 * Besides the NXcanSAS reader the child runs checks that return no curves:
 * sas_network_load lets it load a model file first ("nn-model").
 *
 * The pipe's record: 'C' u32 n (0 for a check that passed), then per curve u64 n_points, u64
 * skipped_rows, u8 flags (1 di, 2 dq, 4 slit length), the arrays as
 * doubles, seven strings (title, run, sample, source_file, format, q_unit,
 * i_unit) as i32 length (-1: NULL) and bytes; or 'E' i32 code, string.
 * The parent checks every length against what arrived.  The child's
 * input: u32 name length, the name, then the file's bytes to the end.
 */
#define _GNU_SOURCE  /* memfd_create, pipe2 */
#include "sas-io-private.h"
#include "sas-io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define CHILD_ENV "SASFORMER_IO_CHILD"
#define ISOLATION_ENV "SASFORMER_IO_ISOLATION"
#define ISOLATE_TIMEOUT_S 30
#define ISOLATE_MEMORY_BYTES ((guint64) 2 << 30)

static gint isolation_enabled = 1;
static gint timeout_ms = ISOLATE_TIMEOUT_S * 1000;

extern char **environ;

/* Readers the child can run by name: "nxcansas" and those tests add. */
#define MAX_READERS 16
static struct {
  const char *name;
  SasIoReader reader;
} readers[MAX_READERS];
static int n_readers;

void
_sas_io_register_reader (const char *reader_name, SasIoReader reader)
{
  g_return_if_fail (n_readers < MAX_READERS);
  readers[n_readers].name = reader_name;
  readers[n_readers].reader = reader;
  n_readers++;
}

static SasIoReader
find_reader (const char *reader_name)
{
  if (strcmp (reader_name, "nxcansas") == 0)
    return _sas_io_read_nxcansas_here;
  for (int k = 0; k < n_readers; k++)
    if (strcmp (readers[k].name, reader_name) == 0)
      return readers[k].reader;
  return NULL;
}

void
sas_io_set_isolation (gboolean enabled)
{
  g_atomic_int_set (&isolation_enabled, enabled ? 1 : 0);
}

gboolean
_sas_io_isolation_enabled (void)
{
  /* SASFORMER_IO_ISOLATION=0: for valgrind or an explicit ld.so, where
   * /proc/self/exe is the tool, not this program */
  if (g_strcmp0 (g_getenv (ISOLATION_ENV), "0") == 0)
    return FALSE;
  return g_atomic_int_get (&isolation_enabled) != 0;
}

gboolean
_sas_io_child_memory_limited (void)
{
  return !UNDER_ASAN;
}

void
_sas_io_set_isolation_timeout (int milliseconds)
{
  g_atomic_int_set (&timeout_ms, milliseconds > 0 ? milliseconds : ISOLATE_TIMEOUT_S * 1000);
}

/* ------------------------------------------------------------------------ */
/* The child: serialize and write                                           */

static void
put (GByteArray *b, const void *p, gsize n)
{
  g_byte_array_append (b, p, (guint) n);
}

static void
put_string (GByteArray *b, const char *s)
{
  gint32 n = s ? (gint32) MIN (strlen (s), (gsize) G_MAXINT32) : -1;
  put (b, &n, sizeof n);
  if (n > 0)
    put (b, s, (gsize) n);
}

static void
put_doubles (GByteArray *b, const double *v, gsize n)
{
  /* in pieces: g_byte_array_append takes a guint length */
  const gsize piece = (gsize) 1 << 20;
  for (gsize k = 0; k < n; k += piece)
    put (b, v + k, MIN (piece, n - k) * sizeof (double));
}

static GByteArray *
serialize (GPtrArray *curves, const GError *error)
{
  GByteArray *b = g_byte_array_new ();
  if (curves == NULL)
    {
      put (b, "E", 1);
      gint32 code = error ? error->code : SAS_ERROR_FAILED;
      put (b, &code, sizeof code);
      put_string (b, error ? error->message : "unknown error");
      return b;
    }
  put (b, "C", 1);
  guint32 n = curves->len;
  put (b, &n, sizeof n);
  for (guint k = 0; k < curves->len; k++)
    {
      const SasCurve *c = g_ptr_array_index (curves, k);
      guint64 points = c->n_points, skipped = c->skipped_rows;
      guint8 flags = (c->di ? 1 : 0) | (c->dq ? 2 : 0) | (c->slit_length ? 4 : 0);
      put (b, &points, sizeof points);
      put (b, &skipped, sizeof skipped);
      put (b, &flags, 1);
      put_doubles (b, c->q, c->n_points);
      put_doubles (b, c->i, c->n_points);
      if (c->di)
        put_doubles (b, c->di, c->n_points);
      if (c->dq)
        put_doubles (b, c->dq, c->n_points);
      if (c->slit_length)
        put_doubles (b, c->slit_length, c->n_points);
      put_string (b, c->title);
      put_string (b, c->run);
      put_string (b, c->sample);
      put_string (b, c->source_file);
      put_string (b, c->format);
      put_string (b, c->q_unit);
      put_string (b, c->i_unit);
    }
  return b;
}

static gboolean
write_all (int fd, const guint8 *p, gsize n)
{
  while (n > 0)
    {
      ssize_t w = write (fd, p, n);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return FALSE;
      p += w;
      n -= (gsize) w;
    }
  return TRUE;
}

static void
limit_memory (void)
{
  if (!_sas_io_child_memory_limited ())
    return;
  /* statm's first field: the address space in pages */
  FILE *f = fopen ("/proc/self/statm", "r");
  unsigned long pages = 0;
  if (f == NULL)
    return;
  if (fscanf (f, "%lu", &pages) != 1)
    pages = 0;
  fclose (f);
  if (pages == 0)
    return;
  struct rlimit r;
  guint64 now = (guint64) pages * (guint64) sysconf (_SC_PAGESIZE);
  r.rlim_cur = r.rlim_max = (rlim_t) (now + ISOLATE_MEMORY_BYTES);
  setrlimit (RLIMIT_AS, &r);
}

/* Reads `fd` until end of file or the deadline (the child's output, or
 * the child's input with no deadline).  FALSE on time-out. */
static gboolean
read_until_eof (int fd, GByteArray *out, gint64 deadline_us)
{
  guint8 buffer[65536];
  for (;;)
    {
      gint64 left_ms = (deadline_us - g_get_monotonic_time ()) / 1000;
      if (left_ms <= 0)
        return FALSE;
      struct pollfd p = { fd, POLLIN, 0 };
      int r = poll (&p, 1, (int) MIN (left_ms, (gint64) G_MAXINT));
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return TRUE;         /* the parse will fail: reported as a crash */
      if (r == 0)
        return FALSE;
      ssize_t got = read (fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return TRUE;
      g_byte_array_append (out, buffer, (guint) got);
    }
}

/* The child: runs before main() of whichever program this is, and only
 * when the parent asked for it. */
__attribute__ ((constructor)) static void
isolated_child_entry (void)
{
  const char *reader_name = getenv (CHILD_ENV);
  if (reader_name == NULL)
    return;
  limit_memory ();
  GError *error = NULL;
  GPtrArray *curves = NULL;
  GByteArray *in = g_byte_array_new ();
  guint32 name_length = 0;
  SasIoReader reader = find_reader (reader_name);
  /* the input is a memfd, complete before the start: no deadline */
  gboolean got = read_until_eof (0, in, G_MAXINT64) && in->len >= sizeof name_length;
  if (got)
    {
      memcpy (&name_length, in->data, sizeof name_length);
      got = name_length <= in->len - sizeof name_length;
    }
  if (!got)
    g_set_error (&error, SAS_ERROR, SAS_ERROR_FAILED, "the reader process got no complete input");
  else if (reader == NULL)
    g_set_error (&error, SAS_ERROR, SAS_ERROR_FAILED, "no reader called “%s”", reader_name);
  else
    {
      char *name = g_strndup ((const char *) in->data + sizeof name_length, name_length);
      gsize offset = sizeof name_length + name_length;
      curves = reader (name, in->data + offset, in->len - offset, &error);
    }
  GByteArray *b = serialize (curves, error);
  write_all (1, b->data, b->len);
  /* no atexit handlers, no library teardown: the parent has what it needs */
  _exit (0);
}

/* ------------------------------------------------------------------------ */
/* The parent: read and parse                                               */

typedef struct {
  const guint8 *p, *end;
} Cursor;

static gboolean
take (Cursor *c, void *out, gsize n)
{
  if ((gsize) (c->end - c->p) < n)
    return FALSE;
  memcpy (out, c->p, n);
  c->p += n;
  return TRUE;
}

static gboolean
take_string (Cursor *c, char **out)
{
  gint32 n;
  *out = NULL;
  if (!take (c, &n, sizeof n) || n < -1 || (n >= 0 && (gsize) (c->end - c->p) < (gsize) n))
    return FALSE;
  if (n >= 0)
    {
      *out = g_strndup ((const char *) c->p, (gsize) n);
      c->p += n;
    }
  return TRUE;
}

static gboolean
take_doubles (Cursor *c, gsize n, double **out)
{
  if ((gsize) (c->end - c->p) / sizeof (double) < n)
    return FALSE;
  *out = g_new (double, MAX (n, (gsize) 1));
  memcpy (*out, c->p, n * sizeof (double));
  c->p += n * sizeof (double);
  return TRUE;
}

static GPtrArray *
parse (const GByteArray *b, GError **child_error)
{
  Cursor c = { b->data, b->data + b->len };
  char kind;
  if (!take (&c, &kind, 1))
    return NULL;
  if (kind == 'E')
    {
      gint32 code;
      g_autofree char *message = NULL;
      if (!take (&c, &code, sizeof code) || !take_string (&c, &message) || message == NULL)
        return NULL;
      g_set_error_literal (child_error, SAS_ERROR, code, message);
      return NULL;
    }
  guint32 n;
  /* no curves: a check that passed (the model file's, sas-predict.c) */
  if (kind != 'C' || !take (&c, &n, sizeof n))
    return NULL;
  g_autoptr(GPtrArray) curves = g_ptr_array_new_with_free_func ((GDestroyNotify) sas_curve_free);
  for (guint32 k = 0; k < n; k++)
    {
      guint64 points, skipped;
      guint8 flags;
      if (!take (&c, &points, sizeof points) || !take (&c, &skipped, sizeof skipped)
          || !take (&c, &flags, 1) || points == 0
          || points > (guint64) (c.end - c.p) / sizeof (double))
        return NULL;
      SasCurve *curve = g_new0 (SasCurve, 1);
      g_ptr_array_add (curves, curve);
      curve->n_points = (gsize) points;
      curve->skipped_rows = (gsize) skipped;
      if (!take_doubles (&c, curve->n_points, &curve->q)
          || !take_doubles (&c, curve->n_points, &curve->i)
          || ((flags & 1) && !take_doubles (&c, curve->n_points, &curve->di))
          || ((flags & 2) && !take_doubles (&c, curve->n_points, &curve->dq))
          || ((flags & 4) && !take_doubles (&c, curve->n_points, &curve->slit_length))
          || !take_string (&c, &curve->title) || !take_string (&c, &curve->run)
          || !take_string (&c, &curve->sample) || !take_string (&c, &curve->source_file)
          || !take_string (&c, &curve->format) || !take_string (&c, &curve->q_unit)
          || !take_string (&c, &curve->i_unit))
        return NULL;
    }
  if (c.p != c.end)
    return NULL;
  return g_steal_pointer (&curves);
}


/* The environment of the child: this one's, with CHILD_ENV set. */
static char **
child_environment (const char *reader_name)
{
  GPtrArray *env = g_ptr_array_new ();
  for (char **e = environ; e != NULL && *e != NULL; e++)
    if (!g_str_has_prefix (*e, CHILD_ENV "=") && !g_str_has_prefix (*e, "OPENBLAS_NUM_THREADS="))
      g_ptr_array_add (env, g_strdup (*e));
  g_ptr_array_add (env, g_strconcat (CHILD_ENV "=", reader_name, NULL));
  /* the reader multiplies no matrices: no thread pool to start */
  g_ptr_array_add (env, g_strdup ("OPENBLAS_NUM_THREADS=1"));
  g_ptr_array_add (env, NULL);
  return (char **) g_ptr_array_free (env, FALSE);
}

/* The last non-empty line of what the child wrote to its standard error
 * (err_fd, a memfd), at most 200 bytes, control characters replaced; NULL
 * when it wrote nothing. */
static char *
child_last_words (int err_fd)
{
  struct stat st;
  if (err_fd < 0 || fstat (err_fd, &st) != 0 || st.st_size <= 0)
    return NULL;
  char tail[2048];
  off_t from = st.st_size > (off_t) sizeof tail ? st.st_size - (off_t) sizeof tail : 0;
  ssize_t n = pread (err_fd, tail, sizeof tail, from);
  if (n <= 0)
    return NULL;
  while (n > 0 && g_ascii_isspace (tail[n - 1]))
    n--;
  ssize_t start = n;
  while (start > 0 && tail[start - 1] != '\n')
    start--;
  if (start == n)
    return NULL;
  GString *line = g_string_new (NULL);
  for (ssize_t k = start; k < n && line->len < 200; k++)
    g_string_append_c (line, g_ascii_iscntrl (tail[k]) ? '?' : tail[k]);
  g_strstrip (line->str);
  line->len = strlen (line->str);
  return g_string_free (line, line->len == 0);
}

/* The child's input in a memfd: the name's length, the name, the bytes. */
static int
input_file (const char *name, const guint8 *data, gsize length)
{
  int fd = memfd_create ("sasformer-reader-input", MFD_CLOEXEC);
  if (fd < 0)
    return -1;
  guint32 name_length = (guint32) strlen (name);
  gboolean ok = write_all (fd, (const guint8 *) &name_length, sizeof name_length)
                && write_all (fd, (const guint8 *) name, name_length)
                && write_all (fd, data, length);
  if (!ok || lseek (fd, 0, SEEK_SET) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

GPtrArray *
_sas_io_read_isolated (const char   *name,
                       const guint8 *data,
                       gsize         length,
                       const char   *reader_name,
                       GError      **error)
{
  SasIoReader here = find_reader (reader_name);
  g_return_val_if_fail (here != NULL, NULL);

  int in_fd = input_file (name, data, length);
  int fds[2] = { -1, -1 };
  if (in_fd < 0 || pipe2 (fds, O_CLOEXEC) != 0)
    {
      /* no child to be had: read in this process, as without isolation */
      if (in_fd >= 0)
        close (in_fd);
      return here (name, data, length, error);
    }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, in_fd, 0);
  posix_spawn_file_actions_adddup2 (&actions, fds[1], 1);
  int err_fd = memfd_create ("sasformer-reader-stderr", MFD_CLOEXEC);
  if (err_fd >= 0)
    posix_spawn_file_actions_adddup2 (&actions, err_fd, 2);
  char *argv[] = { (char *) "sasformer-reader", (char *) reader_name, NULL };
  char **envp = child_environment (reader_name);
  pid_t pid;
  int spawned = posix_spawn (&pid, "/proc/self/exe", &actions, NULL, argv, envp);
  posix_spawn_file_actions_destroy (&actions);
  g_strfreev (envp);
  close (in_fd);
  close (fds[1]);
  if (spawned != 0)
    {
      close (fds[0]);
      if (err_fd >= 0)
        close (err_fd);
      return here (name, data, length, error);
    }
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) g_atomic_int_get (&timeout_ms) * 1000;
  gboolean finished = read_until_eof (fds[0], out, deadline);
  close (fds[0]);
  if (!finished)
    kill (pid, SIGKILL);
  int status = 0;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_autofree char *last_words = child_last_words (err_fd);
  if (err_fd >= 0)
    close (err_fd);
  g_autofree char *said = last_words != NULL
    ? g_strdup_printf (" (the reader's last message: “%s”)", last_words) : g_strdup ("");
  if (!finished)
    {
      g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                   "%s: the HDF5 library did not finish reading the file within %d s "
                   "(corrupt metadata make it loop); the file cannot be read",
                   name, g_atomic_int_get (&timeout_ms) / 1000);
      return NULL;
    }
  GError *child_error = NULL;
  GPtrArray *curves = NULL;
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    curves = parse (out, &child_error);
  if (curves != NULL)
    return curves;
  if (child_error != NULL)
    {
      g_propagate_error (error, child_error);
      return NULL;
    }
  if (WIFSIGNALED (status))
    g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                 "%s: the HDF5 library crashed reading the file (%s): its metadata are "
                 "corrupt; the file cannot be read%s",
                 name, g_strsignal (WTERMSIG (status)), said);
  else
    g_set_error (error, SAS_ERROR, SAS_ERROR_FORMAT,
                 "%s: the HDF5 library failed reading the file (out of memory or corrupt "
                 "metadata, exit status %d); the file cannot be read%s",
                 name, WIFEXITED (status) ? WEXITSTATUS (status) : -1, said);
  return NULL;
}
