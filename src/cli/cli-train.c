/* cli-train.c: sasformer-cli train, training the network. */
#include "config.h"
#include "sasformer-cli.h"
#include "sas-train.h"
#include "sas-error.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted = 0;

static void
on_signal (int signum)
{
  interrupted = 1;
}

typedef struct {
  gboolean quiet;
  gint64 last_print;
  const char *last_phase;
} ProgressState;

static void
format_duration (double seconds, char *buf, gsize len)
{
  if (!(seconds >= 0) || seconds > 1e8)
    seconds = 0;
  int s = (int) seconds;
  g_snprintf (buf, len, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
}

static gboolean
show_progress (const SasTrainProgress *p,
               gpointer                user_data)
{
  ProgressState *st = user_data;
  if (st->quiet)
    return TRUE;
  gboolean tty = isatty (fileno (stderr));
  if (strcmp (p->phase, "train") != 0)
    {
      static const struct { const char *phase, *text; } texts[] = {
        { "edges", "fitting the bin edges" },
        { "standardize", "target standardization" },
        { "evaluate", "evaluating on the validation data" },
        { "save", "writing the model" },
      };
      for (gsize k = 0; k < G_N_ELEMENTS (texts); k++)
        if (strcmp (p->phase, texts[k].phase) == 0)
          fprintf (stderr, "%strain: %s...\n", tty && st->last_phase ? "\n" : "", texts[k].text);
      st->last_phase = p->phase;
      return TRUE;
    }
  gint64 now = g_get_monotonic_time ();
  gint64 interval = tty ? G_USEC_PER_SEC : 30 * G_USEC_PER_SEC;
  if (now - st->last_print < interval && p->step != p->total_steps)
    return TRUE;
  st->last_print = now;
  st->last_phase = p->phase;
  char eta[32], elapsed[32];
  format_duration (p->eta_s, eta, sizeof eta);
  format_duration (p->elapsed_s, elapsed, sizeof elapsed);
  fprintf (stderr, "%strain: step %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " (epoch %.2f) "
           "loss %.4f (ce %.4f, mse %.4f) acc %.3f lr %.2e %.1f samples/s elapsed %s ETA %s%s",
           tty ? "\r" : "", p->step, p->total_steps, p->epoch, p->loss, p->cls_loss, p->reg_loss,
           p->accuracy, p->learning_rate, p->samples_per_s, elapsed, eta, tty ? "   " : "\n");
  fflush (stderr);
  return TRUE;
}

/* The source tree's git revision (with "-dirty" for local changes), when
 * the program runs from a build of a git checkout; NULL otherwise. */
static char *
source_git_revision (void)
{
#ifdef SASFORMER_GIT_REVISION
  return g_strdup (SASFORMER_GIT_REVISION);
#else
  g_autofree char *srcdir = g_path_get_dirname (SOURCE_DATADIR);
  g_autofree char *git_dir = g_build_filename (srcdir, ".git", NULL);
  if (!g_file_test (git_dir, G_FILE_TEST_EXISTS))
    return NULL;
  const char *rev_argv[] = { "git", "-C", srcdir, "rev-parse", "HEAD", NULL };
  g_autofree char *out = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) rev_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL) || out == NULL)
    return NULL;
  g_strstrip (out);
  const char *diff_argv[] = { "git", "-C", srcdir, "diff", "--quiet", "HEAD", "--", "src", NULL };
  gboolean dirty = FALSE;
  if (g_spawn_sync (NULL, (char **) diff_argv, NULL,
                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, NULL))
    dirty = !g_spawn_check_wait_status (status, NULL);
  return g_strdup_printf ("%s%s", out, dirty ? "-dirty" : "");
#endif
}

int
sas_cli_train (int argc, char **argv)
{
  SasTrainOptions o;
  sas_train_options_init (&o);
  g_autofree char *data = NULL, *val = NULL, *out = NULL, *checkpoint = NULL, *metrics = NULL;
  g_autofree char *init = NULL;
  gboolean resume = FALSE, no_augment = FALSE, no_prefetch = FALSE, quiet = FALSE;
  gint64 steps = 0, seed = 1, checkpoint_every = o.checkpoint_every, warmup = -1;
  gint64 edge_curves = (gint64) o.edge_curves, val_limit = 0;
  double epochs = 0, lr = o.lr, lr_min = -1, weight_decay = o.optimizer.weight_decay;
  double grad_clip = o.optimizer.grad_clip, reg_weight = o.optimizer.reg_weight;
  double dropout = o.network.dropout, clean_fraction = o.clean_fraction;
  double target_clip = o.target_clip, linear_fraction = o.augment_options.linear_fraction;
  int batch = o.batch_size, threads = 0, workers = 0;
  int latents = o.network.n_latents, width = o.network.d_latent, input_width = o.network.d_input;
  int blocks = o.network.n_blocks, repeats = o.network.n_repeats, heads = o.network.n_heads;
  int mlp = 0, grow_blocks = 0, grow_mlp = 0;
  GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, "Training data set (required)", "TRAIN.h5" },
    { "val", 0, 0, G_OPTION_ARG_FILENAME, &val, "Validation data set: metrics stored in the model", "VAL.h5" },
    { "val-limit", 0, 0, G_OPTION_ARG_INT64, &val_limit, "Validate on the first N curves only", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Model file to write (required)", "MODEL.h5" },
    { "metrics", 0, 0, G_OPTION_ARG_FILENAME, &metrics, "Also write the evaluation JSON here", "FILE.json" },
    { "checkpoint", 0, 0, G_OPTION_ARG_FILENAME, &checkpoint, "Checkpoint file (default MODEL.h5.checkpoint)", "FILE" },
    { "checkpoint-every", 0, 0, G_OPTION_ARG_INT64, &checkpoint_every, "Steps between checkpoints (default 1000)", "N" },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, "Continue from the checkpoint (its settings win)", NULL },
    { "init", 0, 0, G_OPTION_ARG_FILENAME, &init, "Start from this model's network, edges and standardization (warm start; network sizes ignored)", "MODEL.h5" },
    { "grow-blocks", 0, 0, G_OPTION_ARG_INT, &grow_blocks, "With --init: append self-attention blocks, starting as the identity, up to N", "N" },
    { "grow-mlp", 0, 0, G_OPTION_ARG_INT, &grow_mlp, "With --init: widen every MLP to N hidden units, the new ones starting with zero output weights", "N" },
    { "epochs", 0, 0, G_OPTION_ARG_DOUBLE, &epochs, "Passes over the data (default 1)", "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT64, &steps, "Optimizer steps (instead of --epochs)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch, "Curves per step (default 64)", "B" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, "Peak learning rate (default 1e-3)", "X" },
    { "lr-min", 0, 0, G_OPTION_ARG_DOUBLE, &lr_min, "Final learning rate (default lr/100)", "X" },
    { "warmup", 0, 0, G_OPTION_ARG_INT64, &warmup, "Warmup steps (default 5%, at most 2000)", "N" },
    { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &weight_decay, "AdamW weight decay (default 0.01)", "X" },
    { "grad-clip", 0, 0, G_OPTION_ARG_DOUBLE, &grad_clip, "Gradient norm limit (default 1, 0 none)", "X" },
    { "reg-weight", 0, 0, G_OPTION_ARG_DOUBLE, &reg_weight, "Weight of the regression loss (default 1)", "X" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of initialization, data order, augmentation (default 1)", "S" },
    { "no-augment", 0, 0, G_OPTION_ARG_NONE, &no_augment, "Train on the clean curves", NULL },
    { "clean-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &clean_fraction, "Share of the samples trained on their clean curves although augmenting (default 0)", "P" },
    { "linear-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &linear_fraction, "Share of the augmented samples whose points are equally spaced in q, as a lab camera's (default 0: log-spaced)", "P" },
    { "target-clip", 0, 0, G_OPTION_ARG_DOUBLE, &target_clip, "Clip the standardized regression targets to [-Z, Z] in the loss (default 0: off)", "Z" },
    { "edge-curves", 0, 0, G_OPTION_ARG_INT64, &edge_curves, "Curves used to fit the bin edges (default 20000)", "N" },
    { "latents", 0, 0, G_OPTION_ARG_INT, &latents, "Latent vectors T (default 32)", "T" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Latent width D (default 128)", "D" },
    { "input-width", 0, 0, G_OPTION_ARG_INT, &input_width, "Token embedding width E (default 64)", "E" },
    { "blocks", 0, 0, G_OPTION_ARG_INT, &blocks, "Self-attention blocks (default 4)", "N" },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Times the block stack is applied (default 1)", "N" },
    { "heads", 0, 0, G_OPTION_ARG_INT, &heads, "Attention heads (default 4)", "H" },
    { "mlp", 0, 0, G_OPTION_ARG_INT, &mlp, "MLP hidden width (default 4 D)", "M" },
    { "dropout", 0, 0, G_OPTION_ARG_DOUBLE, &dropout, "Dropout probability (default 0)", "P" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "OpenBLAS threads (default: all cores; one per worker with --workers)", "N" },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers, "Split every batch over N threads, one OpenBLAS thread each (faster for small networks; default 1)", "N" },
    { "no-prefetch", 0, 0, G_OPTION_ARG_NONE, &no_prefetch, "Prepare batches on the training thread", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- train the network");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Trains the Perceiver IO network on a data set from 'sasformer-cli generate'\n"
    "and writes a model file for 'sasformer-cli predict'.  A checkpoint is\n"
    "written every --checkpoint-every steps and on Ctrl-C; continue with the\n"
    "same command plus --resume.  --init continues training a finished model\n"
    "with a new schedule (for example on more data); --grow-blocks N adds\n"
    "depth to it first, --grow-mlp N width to its MLPs.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "sasformer-cli train: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      fprintf (stderr, "sasformer-cli train: unexpected argument '%s'\n", argv[1]);
      return 2;
    }
  if (data == NULL || out == NULL)
    {
      fprintf (stderr, "sasformer-cli train: --data TRAIN.h5 and --out MODEL.h5 are required\n");
      return 2;
    }
  if (steps > 0 && epochs > 0)
    {
      fprintf (stderr, "sasformer-cli train: give --epochs or --steps, not both\n");
      return 2;
    }
  if (steps < 0 || epochs < 0 || batch < 1 || !(lr > 0) || seed < 0 || threads < 0
      || checkpoint_every < 0 || edge_curves < 1 || val_limit < 0 || latents < 1 || width < 1
      || input_width < 1 || blocks < 1 || repeats < 1 || heads < 1 || mlp < 0 || grow_blocks < 0 || grow_mlp < 0 || workers < 0
      || !(dropout >= 0 && dropout < 1) || !(weight_decay >= 0) || !(grad_clip >= 0)
      || !(reg_weight >= 0))
    {
      fprintf (stderr, "sasformer-cli train: --steps, --epochs, --seed, --threads, --checkpoint-every, "
               "--val-limit and the weights must not be negative; --batch, --lr and the network "
               "sizes must be positive; --dropout must be in [0, 1)\n");
      return 2;
    }
  if (!(clean_fraction >= 0 && clean_fraction <= 1))
    {
      fprintf (stderr, "sasformer-cli train: --clean-fraction %g is not between 0 and 1\n",
               clean_fraction);
      return 2;
    }
  if (!(linear_fraction >= 0 && linear_fraction <= 1))
    {
      fprintf (stderr, "sasformer-cli train: --linear-fraction %g is not between 0 and 1\n",
               linear_fraction);
      return 2;
    }
  if (!(target_clip >= 0 && isfinite (target_clip)))
    {
      fprintf (stderr, "sasformer-cli train: --target-clip %g is not a finite number >= 0\n",
               target_clip);
      return 2;
    }
  if (grow_blocks > 0 && init == NULL)
    {
      fprintf (stderr, "sasformer-cli train: --grow-blocks needs --init MODEL.h5\n");
      return 2;
    }
  if (grow_mlp > 0 && init == NULL)
    {
      fprintf (stderr, "sasformer-cli train: --grow-mlp needs --init MODEL.h5\n");
      return 2;
    }
  if (width % heads != 0)
    {
      fprintf (stderr, "sasformer-cli train: --width %d is not a multiple of --heads %d\n", width, heads);
      return 2;
    }

  o.network.n_latents = latents;
  o.network.d_latent = width;
  o.network.d_input = input_width;
  o.network.n_blocks = blocks;
  o.network.n_repeats = repeats;
  o.network.n_heads = heads;
  o.network.d_mlp = mlp > 0 ? mlp : 4 * width;
  o.network.dropout = (float) dropout;
  o.optimizer.weight_decay = (float) weight_decay;
  o.optimizer.grad_clip = (float) grad_clip;
  o.optimizer.reg_weight = (float) reg_weight;
  o.batch_size = batch;
  o.steps = steps;
  o.epochs = epochs > 0 ? epochs : 1.0;
  o.lr = (float) lr;
  o.lr_min = lr_min >= 0 ? (float) lr_min : (float) lr / 100.0f;
  o.warmup_steps = warmup;
  o.seed = (guint64) seed;
  o.augment = !no_augment;
  o.clean_fraction = clean_fraction;
  o.target_clip = target_clip;
  o.augment_options.linear_fraction = linear_fraction;
  o.edge_curves = (gsize) edge_curves;
  o.val_limit = (gsize) val_limit;
  o.n_threads = threads;
  o.n_workers = workers;
  o.prefetch = !no_prefetch;
  o.checkpoint_every = checkpoint_every;
  if (checkpoint == NULL)
    checkpoint = g_strconcat (out, ".checkpoint", NULL);
  o.checkpoint_path = checkpoint;
  o.init_path = init;
  o.grow_blocks = grow_blocks;
  o.grow_mlp = grow_mlp;
  g_autofree char *revision = source_git_revision ();
  o.git_revision = revision;
  o.stop = &interrupted;
  ProgressState progress_state = { .quiet = quiet };
  o.progress = show_progress;
  o.user_data = &progress_state;

  if (resume && !g_file_test (checkpoint, G_FILE_TEST_IS_REGULAR))
    {
      fprintf (stderr, "sasformer-cli train: --resume: checkpoint “%s” does not exist\n", checkpoint);
      return 1;
    }

  signal (SIGINT, on_signal);
  signal (SIGTERM, on_signal);
  SasTrainReport report;
  gboolean ok = sas_train_run (&o, data, val, out, resume, &report, &error);
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  if (!quiet && isatty (fileno (stderr)))
    fprintf (stderr, "\n");
  if (!ok)
    {
      fprintf (stderr, "sasformer-cli train: %s\n", error->message);
      sas_train_report_clear (&report);
      return g_error_matches (error, SAS_ERROR, SAS_ERROR_CANCELLED) ? 130 : 1;
    }
  if (metrics && report.metrics_json)
    {
      if (!g_file_set_contents (metrics, report.metrics_json, -1, &error))
        {
          fprintf (stderr, "sasformer-cli train: %s\n", error->message);
          sas_train_report_clear (&report);
          return 1;
        }
    }
  if (!quiet)
    printf ("trained %" G_GINT64_FORMAT " steps (%" G_GINT64_FORMAT " in this run, %.1f s, "
            "%.1f samples/s): loss %.4f, training accuracy %.3f -> %s\n",
            report.steps, report.steps_this_run, report.seconds, report.samples_per_s,
            report.final_loss, report.final_accuracy, out);
  sas_train_report_clear (&report);
  return 0;
}
