/* test-app.c: the window, the plot and the application binary, under Xvfb.
 *
 * Curves are written by the tests themselves (a Guinier law with known
 * values), so that every check has an independent reference; the shipped
 * examples in ../shared are opened when present.  Screenshots are kept in
 * the build directory (tests/app/, PNG files) as artifacts.
 */
#include "config.h"

#include "app-test-model.h"
#include "sas-application.h"
#include "sas-candidate-row.h"
#include "sas-export.h"
#include "sas-curve-item.h"
#include "sas-error.h"
#include "sas-plot.h"
#include "sas-plot-view.h"
#include "sas-preferences-window.h"
#include "sas-settings.h"
#include "sas-window.h"
#include "test-common.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define GUINIER_POINTS 120

static char *tmp_dir;
static char *model_path;   /* the model file the windows use */

/* I(q) = 100 exp(-(q Rg)^2 / 3) + 0.01, Rg = 40 Å, dI = 5 % of I. */
static double
guinier (double q)
{
  return 100.0 * exp (-(q * 40.0) * (q * 40.0) / 3.0) + 0.01;
}

static double
guinier_q (guint k)
{
  return 0.002 * pow (0.5 / 0.002, (double) k / (GUINIER_POINTS - 1));
}

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static char *
write_guinier_file (const char *name)
{
  g_autoptr(GString) s = g_string_new ("# q (1/A)  I (1/cm)  dI\n");

  for (guint k = 0; k < GUINIER_POINTS; k++)
    {
      double q = guinier_q (k);
      g_string_append_printf (s, "%.9g %.9g %.9g\n", q, guinier (q), 0.05 * guinier (q));
    }
  return write_file (name, s->str, s->len);
}

static void
wait_until_idle_for (SasWindow *window,
                     int        seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (sas_window_get_busy (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sas_window_get_busy (window));
  /* Let layout and the page transition settle. */
  for (gint64 end = g_get_monotonic_time () + 400000; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
}

static void
wait_until_idle (SasWindow *window)
{
  wait_until_idle_for (window, 30);
}

static SasWindow *
new_window (void)
{
  SasWindow *window = sas_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 660);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
open_paths (SasWindow          *window,
            const char * const *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint k = 0; paths[k] != NULL; k++)
    g_ptr_array_add (files, g_file_new_for_path (paths[k]));
  sas_window_open_files (window, (GFile **) files->pdata, files->len);
  wait_until_idle (window);
}

/* Pixels of a PNG as 0xAARRGGBB, via a GdkTexture. */
typedef struct {
  int     width, height;
  guint8 *data;   /* BGRA, stride 4 * width */
} Image;

static void
image_free (Image *image)
{
  g_free (image->data);
  g_free (image);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Image, image_free)

static Image *
image_load (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  Image *image;

  g_assert_no_error (error);
  image = g_new0 (Image, 1);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  image->data = g_malloc ((gsize) image->width * image->height * 4);
  gdk_texture_download (texture, image->data, (gsize) image->width * 4);
  return image;
}

static void
image_rgb (const Image *image, int x, int y, double rgb[3])
{
  const guint8 *p = image->data + ((gsize) y * image->width + x) * 4;

  /* GDK_MEMORY_DEFAULT is B8G8R8A8 premultiplied; the window is opaque. */
  rgb[0] = p[2] / 255.0;
  rgb[1] = p[1] / 255.0;
  rgb[2] = p[0] / 255.0;
}

static gboolean
near_color (const double a[3], const double b[3], double tolerance)
{
  return fabs (a[0] - b[0]) < tolerance && fabs (a[1] - b[1]) < tolerance
         && fabs (a[2] - b[2]) < tolerance;
}

/* Counts pixels in a rectangle that differ from `background`, and those
 * close to `color`. */
static void
count_pixels (const Image *image, int x0, int y0, int x1, int y1,
              const double background[3], const double color[3],
              guint *n_differ, guint *n_color)
{
  *n_differ = *n_color = 0;
  for (int y = MAX (y0, 0); y < MIN (y1, image->height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, image->width); x++)
      {
        double rgb[3];

        image_rgb (image, x, y, rgb);
        if (!near_color (rgb, background, 0.04))
          (*n_differ)++;
        if (near_color (rgb, color, 0.12))
          (*n_color)++;
      }
}

static gboolean
color_near_pixel (const Image *image, int x, int y, int radius, const double color[3])
{
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        double rgb[3];

        if (x + dx < 0 || y + dy < 0 || x + dx >= image->width || y + dy >= image->height)
          continue;
        image_rgb (image, x + dx, y + dy, rgb);
        if (near_color (rgb, color, 0.12))
          return TRUE;
      }
  return FALSE;
}

static const double blue_light[3] = { 0.110, 0.443, 0.847 };
static const double blue_dark[3] = { 0.471, 0.682, 0.929 };

/* Checks a window screenshot: the plot frame is not blank, and a marker
 * is drawn where each data point of the Guinier curve belongs. */
static void
check_plot_in_screenshot (SasWindow    *window,
                          const char   *png,
                          gboolean      dark)
{
  g_autoptr(Image) image = image_load (png);
  SasPlotView *view = sas_window_get_plot_view (window);
  const double *blue = dark ? blue_dark : blue_light;
  SasPlotColors colors;
  SasPlotFrame frame;
  SasPlotAxes axes;
  graphene_rect_t bounds;
  GtkWidget *area;
  guint n_differ, n_color, hits = 0, tried = 0;

  /* The drawing area is the first child of the plot view's box. */
  area = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (view)));
  g_assert_true (GTK_IS_DRAWING_AREA (area));
  g_assert_true (gtk_widget_compute_bounds (area, GTK_WIDGET (window), &bounds));
  g_test_message ("drawing area at %g,%g size %g x %g (widget %d x %d)", bounds.origin.x, bounds.origin.y,
                  bounds.size.width, bounds.size.height, gtk_widget_get_width (area), gtk_widget_get_height (area));
  sas_plot_colors_init (&colors, dark);
  sas_plot_get_frame (gtk_widget_get_width (area), gtk_widget_get_height (area), &frame);
  frame.x += bounds.origin.x;
  frame.y += bounds.origin.y;

  count_pixels (image, (int) frame.x + 2, (int) frame.y + 2, (int) (frame.x + frame.width) - 2,
                (int) (frame.y + frame.height) - 2, colors.background, blue, &n_differ, &n_color);
  g_test_message ("%s: %u pixels differ from the background, %u have the data colour", png, n_differ, n_color);
  g_assert_cmpuint (n_differ, >, (guint) (0.01 * frame.width * frame.height));
  g_assert_cmpuint (n_color, >, 200);

  sas_plot_view_get_axes (view, &axes);
  for (guint k = 0; k < GUINIER_POINTS; k += 7)
    {
      double q = guinier_q (k), px, py;

      sas_plot_data_to_pixel (&axes, &frame, q, guinier (q), &px, &py);
      if (px < frame.x + 3 || px > frame.x + frame.width - 3
          || py < frame.y + 3 || py > frame.y + frame.height - 3)
        continue;
      tried++;
      if (color_near_pixel (image, (int) lround (px), (int) lround (py), 3, blue))
        hits++;
      else
        g_test_message ("no marker at (%.1f, %.1f) for q = %g", px, py, q);
    }
  g_test_message ("markers found at %u of %u expected positions", hits, tried);
  g_assert_cmpuint (tried, >=, 10);
  g_assert_cmpuint (hits, ==, tried);
}

static void
test_window_plot (void)
{
  g_autofree char *path = write_guinier_file ("guinier.txt");
  g_autofree char *png = test_build_path ("tests/app/window-light.png");
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  SasWindow *window = new_window ();
  SasCurveItem *item;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (sas_window_get_page (window), ==, "empty");
  open_paths (window, paths);
  g_assert_cmpuint (g_list_model_get_n_items (sas_window_get_items (window)), ==, 1);
  g_assert_cmpstr (sas_window_get_page (window), ==, "plot");
  item = g_list_model_get_item (sas_window_get_items (window), 0);
  g_assert_nonnull (sas_curve_item_get_curve (item));
  g_assert_cmpuint (sas_curve_item_get_curve (item)->n_points, ==, GUINIER_POINTS);
  g_assert_true (sas_plot_view_get_curve (sas_window_get_plot_view (window)) != NULL);
  g_object_unref (item);

  g_assert_true (sas_window_save_screenshot (window, png, &error));
  g_assert_no_error (error);
  check_plot_in_screenshot (window, png, FALSE);

  /* Dark style: dark background, lighter data colour, still drawn. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_until_idle (window);
  g_free (png);
  png = test_build_path ("tests/app/window-dark.png");
  g_assert_true (sas_window_save_screenshot (window, png, &error));
  g_assert_no_error (error);
  check_plot_in_screenshot (window, png, TRUE);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_bad_files (void)
{
  static const guint8 junk[] = { 0x89, 'P', 'N', 'G', 0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7 };
  g_autofree char *junk_path = write_file ("junk.dat", (const char *) junk, sizeof junk);
  g_autofree char *missing = g_build_filename (tmp_dir, "does-not-exist.txt", NULL);
  g_autofree char *empty = write_file ("empty.txt", "", 0);
  const char *one[] = { NULL, NULL };
  const char *all[] = { junk_path, missing, empty, NULL };
  SasWindow *window = new_window ();
  GListModel *items = sas_window_get_items (window);

  one[0] = junk_path;
  open_paths (window, one);
  g_assert_cmpstr (sas_window_get_page (window), ==, "error");
  g_assert_nonnull (strstr (sas_window_get_error_text (window), "junk.dat"));
  g_assert_null (sas_plot_view_get_curve (sas_window_get_plot_view (window)));

  one[0] = missing;
  open_paths (window, one);
  g_assert_cmpstr (sas_window_get_page (window), ==, "error");
  g_assert_nonnull (strstr (sas_window_get_error_text (window), "does-not-exist.txt"));

  /* a file on which libhdf5 itself crashes: an error page, the window
   * lives on (the NXcanSAS reader runs in a child process) */
  g_autofree char *segv = test_source_path ("tests/fuzz/libhdf5-crashes/nxcansas-vlen-global-heap-segv");
  if (g_file_test (segv, G_FILE_TEST_EXISTS))
    {
      one[0] = segv;
      open_paths (window, one);
      g_assert_cmpstr (sas_window_get_page (window), ==, "error");
      g_assert_nonnull (strstr (sas_window_get_error_text (window), "nxcansas-vlen-global-heap-segv"));
      g_assert_nonnull (strstr (sas_window_get_error_text (window), "crashed"));
    }
  else
    g_test_message ("libhdf5 crash file not found (set SASFORMER_SOURCE_DIR)");

  open_paths (window, all);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, g_file_test (segv, G_FILE_TEST_EXISTS) ? 6 : 5);
  for (guint k = 0; k < g_list_model_get_n_items (items); k++)
    {
      g_autoptr(SasCurveItem) item = g_list_model_get_item (items, k);
      const GError *error = sas_curve_item_get_error (item);

      g_assert_nonnull (error);
      g_assert_null (sas_curve_item_get_curve (item));
      sas_window_select (window, k);
      g_assert_cmpstr (sas_window_get_page (window), ==, "error");
      g_assert_cmpstr (sas_window_get_error_text (window), ==, error->message);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_several_files (void)
{
  g_autofree char *a = write_guinier_file ("a.txt");
  g_autofree char *b = write_guinier_file ("b.txt");
  g_autofree char *negative = write_file ("negative.txt", "0.01 -1 0.1\n0.02 -2 0.1\n0.03 -3 0.1\n", -1);
  g_autofree char *png = test_build_path ("tests/app/window-no-positive.png");
  g_autoptr(GError) error = NULL;
  const char *paths[] = { a, b, negative, NULL };
  SasWindow *window = new_window ();
  GListModel *items = sas_window_get_items (window);
  g_autoptr(SasCurveItem) first = NULL;

  open_paths (window, paths);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 3);
  /* The first file given is the one shown. */
  first = g_list_model_get_item (items, 0);
  for (guint k = 0; k < 3; k++)
    {
      g_autoptr(SasCurveItem) item = g_list_model_get_item (items, k);
      g_autofree char *base = g_file_get_basename (sas_curve_item_get_file (item));

      sas_window_select (window, k);
      if (g_str_equal (base, "negative.txt"))
        {
          /* No positive intensity: either the loader refuses it (the
           * error page names the file) or the plot says so; never a
           * crash. */
          if (sas_curve_item_get_error (item) != NULL)
            {
              g_assert_cmpstr (sas_window_get_page (window), ==, "error");
              g_assert_nonnull (strstr (sas_window_get_error_text (window), "negative.txt"));
            }
          else
            g_assert_cmpstr (sas_window_get_page (window), ==, "plot");
          wait_until_idle (window);
          g_assert_true (sas_window_save_screenshot (window, png, &error));
          g_assert_no_error (error);
        }
      else
        g_assert_cmpstr (sas_window_get_page (window), ==, "plot");
    }

  /* win.close-curve removes the selected curve and shows the next. */
  sas_window_select (window, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-curve", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  g_assert_cmpstr (sas_window_get_page (window), !=, "empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-curve", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-curve", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
  g_assert_cmpstr (sas_window_get_page (window), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_shared_examples (void)
{
  static const char *names[] = { "sphere_80.txt", "33837rear_1D_1.75_16.5_CanSAS1D.xml",
                                 "33837rear_1D_1.75_16.5_NXcanSAS.h5", "Anton-Paar.pdh" };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *png = test_build_path ("tests/app/window-examples.png");
  g_autoptr(GError) error = NULL;
  SasWindow *window;
  GListModel *items;

  if (!test_require_shared ())
    return;
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    g_ptr_array_add (paths, test_shared_path (g_build_filename ("data/examples", names[k], NULL)));
  g_ptr_array_add (paths, NULL);

  window = new_window ();
  items = sas_window_get_items (window);
  open_paths (window, (const char * const *) paths->pdata);
  g_assert_cmpuint (g_list_model_get_n_items (items), >=, G_N_ELEMENTS (names));
  for (guint k = 0; k < g_list_model_get_n_items (items); k++)
    {
      g_autoptr(SasCurveItem) item = g_list_model_get_item (items, k);

      if (sas_curve_item_get_error (item) != NULL)
        g_test_message ("%s", sas_curve_item_get_error (item)->message);
      g_assert_null (sas_curve_item_get_error (item));
    }
  g_assert_true (sas_window_save_screenshot (window, png, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
}


/* A curve to predict on: a shipped example when the lead's examples are
 * there, else a polydisperse sphere simulated here with 3 % noise and
 * pinhole resolution. */
static char *
example_path (void)
{
  g_autofree char *dir = test_source_path ("data/examples");
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  g_autoptr(GString) s = NULL;
  g_autoptr(GRand) rand = NULL;
  ScatteringParameters params;
  double q[150], dq[150], iq[150];

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".dat"))
      return g_build_filename (dir, name, NULL);

  scattering_parameters_init (&params, scattering_model_lookup ("sphere"));
  scattering_parameters_set (&params, "radius", 60.0);
  scattering_parameters_set (&params, "radius_pd", 0.1);
  scattering_parameters_set (&params, "scale", 0.01);
  scattering_parameters_set (&params, "background", 0.02);
  for (int k = 0; k < 150; k++)
    {
      q[k] = 0.004 * pow (0.4 / 0.004, k / 149.0);
      dq[k] = 0.04 * q[k];
    }
  scattering_compute_smeared (&params, q, dq, 150, iq);
  rand = g_rand_new_with_seed (11);
  s = g_string_new ("# simulated sphere, R = 60 A, 10 % polydispersity\n# q I dI dq\n");
  for (int k = 0; k < 150; k++)
    {
      double di = 0.03 * iq[k];
      g_string_append_printf (s, "%.8g %.8g %.8g %.8g\n", q[k],
                              iq[k] + di * (2.0 * g_rand_double (rand) - 1.0), di, dq[k]);
    }
  return write_file ("sphere-simulated.dat", s->str, s->len);
}

static gboolean
is_candidate_row (SasWindow *window, guint k)
{
  return sas_window_get_candidate (window, k) != NULL;
}

static void
check_export (SasWindow *window)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "export", NULL);
  g_autofree char *base = NULL;
  g_autofree char *fitv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree SasModelFit *fits = NULL;
  g_autoptr(SasCurve) fitv_curve = NULL;
  g_autoptr(GError) error = NULL;
  const SasCurve *curve = sas_window_get_analyzed_curve (window);
  gsize n_fits = 0;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (sas_window_export_fits (window, folder, TRUE, &base, &error));
  g_assert_no_error (error);
  fitv = g_strdup_printf ("%s/%s.fitv", folder, base);
  json = g_strdup_printf ("%s/%s.json", folder, base);
  csv = g_strdup_printf ("%s/%s.csv", folder, base);

  /* Our JSON: three candidates in list order with their values. */
  fits = sas_export_read_json (json, &n_fits, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_fits, ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      const SasModelFit *shown = sas_candidate_row_get_fit (sas_window_get_candidate (window, k));

      g_assert_true (fits[k].model == shown->model);
      g_assert_cmpfloat (test_rel_diff (fits[k].probability, shown->probability), <, 1e-12);
      g_assert_cmpfloat (test_rel_diff (fits[k].params.scale, shown->params.scale), <, 1e-12);
      for (size_t v = 0; v < scattering_model_n_values (shown->model); v++)
        g_assert_cmpfloat (test_rel_diff (fits[k].params.values[v], shown->params.values[v]), <, 1e-12);
    }
  g_clear_pointer (&fits, g_free);

  /* The SasView analysis: one fit page per candidate, with the data. */
  fits = sas_export_read_fitv (fitv, &n_fits, &fitv_curve, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_fits, ==, 3);
  g_assert_nonnull (fitv_curve);
  g_assert_cmpuint (fitv_curve->n_points, ==, curve->n_points);
  for (gsize p = 0; p < curve->n_points; p++)
    g_assert_cmpfloat (test_rel_diff (fitv_curve->i[p], curve->i[p]), <, 1e-12);
  for (guint k = 0; k < 3; k++)
    g_assert_true (fits[k].model == sas_candidate_row_get_fit (sas_window_get_candidate (window, k))->model);

  /* CSV: the header and rows for each model. */
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_text, "rank,model,probability,parameter,"));
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *needle = g_strdup_printf ("\n%u,%s,", k + 1,
                                                 sas_candidate_row_get_fit (sas_window_get_candidate (window, k))->model->name);
      g_assert_nonnull (strstr (csv_text, needle));
    }

  /* The selected candidate alone: its model's name in the file names. */
  {
    g_autofree char *one = NULL;
    g_autofree char *one_json = NULL;
    const SasModelFit *selected;

    gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (sas_window_get_candidate (window, 1)))),
                             GTK_LIST_BOX_ROW (sas_window_get_candidate (window, 1)));
    selected = sas_candidate_row_get_fit (sas_window_get_candidate (window, 1));
    g_assert_true (sas_window_export_fits (window, folder, FALSE, &one, &error));
    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (one, selected->model->name));
    one_json = g_strdup_printf ("%s/%s.json", folder, one);
    g_clear_pointer (&fits, g_free);
    fits = sas_export_read_json (one_json, &n_fits, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_fits, ==, 1);
    g_assert_true (fits[0].model == selected->model);
  }

  /* A folder that does not exist: an error naming the file. */
  {
    g_autofree char *missing = g_build_filename (tmp_dir, "no", "such", "folder", NULL);
    g_assert_false (sas_window_export_fits (window, missing, TRUE, NULL, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "no/such/folder"));
    g_clear_error (&error);
  }
}

/* The whole analysis on a curve: candidates, overlays, residuals, the
 * network's input, export and refinement, and a screenshot. */
static void
test_window_prediction (void)
{
  g_autofree char *path = example_path ();
  g_autofree char *png = test_build_path ("tests/app/window-prediction.png");
  g_autofree char *png_input = test_build_path ("tests/app/window-network-input.png");
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  SasWindow *window = new_window ();
  SasPlotView *view = sas_window_get_plot_view (window);
  const SasInputView *input;
  double sum = 0.0;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 780);
  g_test_message ("curve: %s", path);
  open_paths (window, paths);
  g_assert_cmpstr (sas_window_get_page (window), ==, "plot");
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "candidates");
  g_assert_null (sas_window_get_prediction_error (window));

  /* Three candidates (the default of n-candidates), most probable first. */
  g_assert_cmpuint (sas_window_get_n_candidates (window), ==, 3);
  g_assert_false (is_candidate_row (window, 3));
  for (guint k = 0; k < 3; k++)
    {
      const SasModelFit *fit = sas_candidate_row_get_fit (sas_window_get_candidate (window, k));

      g_test_message ("%u: %s p = %.4f", k + 1, fit->model->name, fit->probability);
      g_assert_cmpfloat (fit->probability, >, 0.0);
      if (k > 0)
        g_assert_cmpfloat (fit->probability, <=,
                           sas_candidate_row_get_fit (sas_window_get_candidate (window, k - 1))->probability);
      g_assert_cmpfloat (fit->params.scale, >, 0.0);
      sum += fit->probability;
    }
  g_assert_cmpfloat (sum, <=, 1.0 + 1e-6);

  /* The best candidate is overlaid; toggling the second adds its curve
   * and its residuals. */
  g_assert_true (sas_candidate_row_get_overlay_visible (sas_window_get_candidate (window, 0)));
  g_assert_cmpuint (sas_plot_view_get_n_overlays (view), ==, 1);
  g_assert_true (sas_plot_view_get_residuals_visible (view));
  sas_candidate_row_set_overlay_visible (sas_window_get_candidate (window, 1), TRUE);
  g_assert_cmpuint (sas_plot_view_get_n_overlays (view), ==, 2);
  sas_candidate_row_set_overlay_visible (sas_window_get_candidate (window, 0), FALSE);
  g_assert_cmpuint (sas_plot_view_get_n_overlays (view), ==, 1);
  sas_candidate_row_set_overlay_visible (sas_window_get_candidate (window, 0), TRUE);
  g_assert_cmpuint (sas_plot_view_get_n_overlays (view), ==, 2);

  /* The network's input: tokens, and the masked positions counted in the
   * caption. */
  input = sas_input_plot_get_view (sas_window_get_input_plot (window));
  g_assert_nonnull (input);
  g_assert_true (input->has_tokens);
  g_assert_cmpuint (input->n_measured, >, 50);
  g_assert_cmpuint (input->n_measured, <, SAS_N_TOKENS);
  {
    g_autofree char *count = g_strdup_printf ("%zu of %d", (size_t) input->n_measured, SAS_N_TOKENS);
    g_assert_nonnull (strstr (sas_input_plot_get_caption (sas_window_get_input_plot (window)), count));
  }

  wait_until_idle (window);
  g_assert_true (sas_window_save_screenshot (window, png, &error));
  g_assert_no_error (error);
  {
    /* Not blank, and the overlay colours are drawn. */
    g_autoptr(Image) image = image_load (png);
    static const double orange[3] = { 0.902, 0.380, 0.000 };
    static const double green[3] = { 0.149, 0.635, 0.412 };
    SasPlotColors colors;
    guint n_differ, n_orange, n_green;

    sas_plot_colors_init (&colors, FALSE);
    count_pixels (image, 0, 0, image->width, image->height, colors.background, orange, &n_differ, &n_orange);
    count_pixels (image, 0, 0, image->width, image->height, colors.background, green, &n_differ, &n_green);
    g_test_message ("%u pixels differ from white, %u orange, %u green", n_differ, n_orange, n_green);
    g_assert_cmpuint (n_differ, >, 20000);
    g_assert_cmpuint (n_orange, >, 50);
    g_assert_cmpuint (n_green, >, 50);
  }
  sas_window_show_plot (window, "input");
  wait_until_idle (window);
  g_assert_true (sas_window_save_screenshot (window, png_input, &error));
  g_assert_no_error (error);
  sas_window_show_plot (window, "intensity");

  check_export (window);

  /* Refinement re-ranks by the combined probability (network and fit
   * quality, sas-rank.h) and keeps three candidates. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refine", NULL));
  g_assert_true (sas_window_get_busy (window));
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "running");
  wait_until_idle_for (window, 120);
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "candidates");
  g_assert_cmpuint (sas_window_get_n_candidates (window), ==, 3);
  {
    double previous = INFINITY, total = 0.0;
    guint n_refined = 0;

    for (guint k = 0; k < 3; k++)
      {
        const SasModelFit *fit = sas_candidate_row_get_fit (sas_window_get_candidate (window, k));

        g_test_message ("refined %u: %s %s chi2 %.4g combined %.4g", k + 1, fit->model->name,
                        fit->refined ? "yes" : "no", fit->chi2_reduced, fit->combined);
        total += fit->combined;
        if (!fit->refined)
          continue;
        g_assert_cmpuint (n_refined, ==, k);  /* refined ones first */
        g_assert_cmpfloat (fit->combined, <=, previous);
        previous = fit->combined;
        n_refined++;
      }
    g_assert_cmpuint (n_refined, >=, 1);
    g_assert_cmpfloat (fabs (total - 1.0), <, 1e-9);
    /* the default refinement leaves every polydispersity as it was (none) */
    for (guint k = 0; k < 3; k++)
      {
        const SasModelFit *fit = sas_candidate_row_get_fit (sas_window_get_candidate (window, k));
        for (int v = 0; v < SCATTERING_MAX_VALUES; v++)
          g_assert_cmpfloat (fit->params.pd[v].width, ==, 0.0);
      }
  }

  /* With the refine-polydispersity preference the main size's width is
   * fitted too (started at 0.05). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSettings) settings = sas_app_settings_new (&error);
    g_assert_no_error (error);
    g_settings_set_boolean (settings, "refine-polydispersity", TRUE);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refine", NULL));
    wait_until_idle_for (window, 180);
    g_settings_reset (settings, "refine-polydispersity");
    guint n_width = 0;
    for (guint k = 0; k < 3; k++)
      {
        const SasModelFit *fit = sas_candidate_row_get_fit (sas_window_get_candidate (window, k));
        for (int v = 0; v < SCATTERING_MAX_VALUES; v++)
          if (fit->refined && fit->params.pd[v].width > 0.0)
            {
              g_test_message ("%s: polydispersity %.3g fitted", fit->model->name, fit->params.pd[v].width);
              n_width++;
            }
      }
    g_assert_cmpuint (n_width, >=, 1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Switching curves cancels the stale prediction: the candidates shown
 * belong to the curve shown. */
static void
test_window_prediction_switch (void)
{
  g_autofree char *a = write_guinier_file ("switch-a.txt");
  g_autofree char *b = example_path ();
  const char *paths[] = { a, b, NULL };
  SasWindow *window = new_window ();
  g_autoptr(SasCurveItem) second = NULL;

  open_paths (window, paths);
  sas_window_select (window, 0);
  sas_window_select (window, 1);
  g_assert_true (sas_window_get_busy (window));
  wait_until_idle (window);
  second = g_list_model_get_item (sas_window_get_items (window), 1);
  g_assert_nonnull (sas_window_get_analyzed_curve (window));
  g_assert_cmpuint (sas_window_get_analyzed_curve (window)->n_points, ==,
                    sas_curve_item_get_curve (second)->n_points);
  g_assert_cmpfloat (sas_window_get_analyzed_curve (window)->q[0], ==,
                     sas_curve_item_get_curve (second)->q[0]);
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "candidates");

  /* Closing every curve leaves no candidates. */
  while (g_list_model_get_n_items (sas_window_get_items (window)) > 0)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-curve", NULL));
  g_assert_cmpuint (sas_window_get_n_candidates (window), ==, 0);
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "none");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A model file that cannot be loaded: a readable message in the window,
 * the plots still work; a good file afterwards brings the candidates. */
static void
test_window_bad_model (void)
{
  g_autofree char *path = write_guinier_file ("bad-model-curve.txt");
  g_autofree char *junk = write_file ("junk-model.h5", "not a model", -1);
  g_autofree char *missing = g_build_filename (tmp_dir, "missing-model.h5", NULL);
  g_autofree char *png = test_build_path ("tests/app/window-no-model.png");
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  SasWindow *window = new_window ();

  sas_window_set_model_path (window, missing);
  open_paths (window, paths);
  g_assert_cmpstr (sas_window_get_page (window), ==, "plot");
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "error");
  g_assert_nonnull (strstr (sas_window_get_prediction_error (window), "missing-model.h5"));
  g_assert_nonnull (sas_plot_view_get_curve (sas_window_get_plot_view (window)));
  /* Without a network the input plot shows the continuous quotient. */
  g_assert_nonnull (sas_input_plot_get_view (sas_window_get_input_plot (window)));
  g_assert_false (sas_input_plot_get_view (sas_window_get_input_plot (window))->has_tokens);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.refine", NULL)
                  && sas_window_get_busy (window));
  g_assert_false (sas_window_export_fits (window, tmp_dir, TRUE, NULL, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_NO_DATA);
  g_clear_error (&error);
  g_assert_true (sas_window_save_screenshot (window, png, &error));
  g_assert_no_error (error);

  sas_window_set_model_path (window, junk);
  wait_until_idle (window);
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "error");
  g_assert_nonnull (strstr (sas_window_get_prediction_error (window), "junk-model.h5"));

  /* a model file on which libhdf5 crashes (its first global-heap object
   * claims 4 GiB more): loaded by a child process first, so an error in
   * the window, which lives on */
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (model_path, &bytes, &length, NULL));
  gsize gcol = 0;
  while (gcol + 32 < length && memcmp (bytes + gcol, "GCOL", 4) != 0)
    gcol++;
  g_assert_cmpuint (gcol + 32, <, length);
  bytes[gcol + 16 + 8 + 4] = 1;
  g_autofree char *crashing = write_file ("heap-crash-model.h5", bytes, (gssize) length);
  sas_window_set_model_path (window, crashing);
  wait_until_idle (window);
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "error");
  g_assert_nonnull (strstr (sas_window_get_prediction_error (window), "heap-crash-model.h5"));
  g_assert_nonnull (strstr (sas_window_get_prediction_error (window), "crashed"));

  sas_window_set_model_path (window, model_path);
  wait_until_idle (window);
  g_assert_cmpstr (sas_window_get_prediction_page (window), ==, "candidates");
  g_assert_cmpuint (sas_window_get_n_candidates (window), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static SasCurve *
guinier_curve (void)
{
  SasCurve *curve = sas_curve_new (GUINIER_POINTS);

  sas_curve_ensure_di (curve);
  for (guint k = 0; k < GUINIER_POINTS; k++)
    {
      curve->q[k] = guinier_q (k);
      curve->i[k] = guinier (curve->q[k]);
      curve->di[k] = 0.05 * curve->i[k];
    }
  return curve;
}

static GtkWidget *
plot_window (SasPlotView **view)
{
  GtkWidget *window = gtk_window_new ();

  *view = SAS_PLOT_VIEW (sas_plot_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*view));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 560);
  gtk_window_present (GTK_WINDOW (window));
  for (gint64 end = g_get_monotonic_time () + 300000; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
  return window;
}

static void
test_plot_zoom_pan (void)
{
  g_autoptr(SasCurve) curve = guinier_curve ();
  SasPlotView *view;
  GtkWidget *window = plot_window (&view);
  SasPlotAxes before, zoomed, panned, reset;
  double span_before, span_after;

  sas_plot_view_set_curve (view, curve);
  sas_plot_view_get_axes (view, &before);
  g_assert_true (before.log_x && before.log_y);
  /* The automatic range shows every point. */
  g_assert_cmpfloat (before.x_min, <, curve->q[0]);
  g_assert_cmpfloat (before.x_max, >, curve->q[GUINIER_POINTS - 1]);
  g_assert_cmpfloat (before.y_min, <, guinier (0.5));
  g_assert_cmpfloat (before.y_max, >, guinier (0.002));
  g_assert_false (sas_plot_view_get_zoomed (view));

  /* Zoom in by 2 about the centre: half the span in log coordinates. */
  sas_plot_view_zoom_at (view, -1, -1, 0.5);
  g_assert_true (sas_plot_view_get_zoomed (view));
  sas_plot_view_get_axes (view, &zoomed);
  span_before = log10 (before.x_max / before.x_min);
  span_after = log10 (zoomed.x_max / zoomed.x_min);
  g_assert_cmpfloat (fabs (span_after - 0.5 * span_before), <, 1e-9);
  g_assert_cmpfloat (fabs (log10 (zoomed.x_min * zoomed.x_max) - log10 (before.x_min * before.x_max)), <, 1e-9);

  /* Dragging right by a tenth of the frame moves the view left by a tenth. */
  {
    SasPlotFrame frame;
    sas_plot_get_frame (gtk_widget_get_width (GTK_WIDGET (view)), 100, &frame);
    sas_plot_view_pan (view, 0.1 * frame.width, 0);
    sas_plot_view_get_axes (view, &panned);
    g_assert_cmpfloat (fabs (log10 (zoomed.x_min / panned.x_min) - 0.1 * span_after), <, 1e-9);
    g_assert_cmpfloat (fabs (panned.y_min / zoomed.y_min - 1.0), <, 1e-12);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "plot.reset-zoom", NULL));
  g_assert_false (sas_plot_view_get_zoomed (view));
  sas_plot_view_get_axes (view, &reset);
  g_assert_cmpfloat (reset.x_min, ==, before.x_min);
  g_assert_cmpfloat (reset.y_max, ==, before.y_max);

  /* Linear intensity axis: the range includes the linear data range. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "plot.log-y", NULL));
  sas_plot_view_get_axes (view, &reset);
  g_assert_false (reset.log_y);
  g_assert_cmpfloat (reset.y_min, <, guinier (0.5));
  g_assert_cmpfloat (reset.y_min, <, 0.01);
  g_assert_cmpfloat (reset.y_max, >, 100.0);
  g_assert_cmpfloat (reset.y_max, <, 120.0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_plot_readout (void)
{
  g_autoptr(SasCurve) curve = guinier_curve ();
  SasPlotView *view;
  GtkWidget *window = plot_window (&view);
  SasPlotAxes axes;
  SasPlotFrame frame;
  double px, py, q, i;
  g_autofree char *outside = NULL;
  g_autofree char *text = NULL;

  g_assert_null (sas_plot_view_format_readout (view, 300, 200));
  sas_plot_view_set_curve (view, curve);
  sas_plot_view_get_axes (view, &axes);
  sas_plot_get_frame (gtk_widget_get_width (GTK_WIDGET (view)),
                      gtk_widget_get_height (gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (view)))),
                      &frame);
  sas_plot_data_to_pixel (&axes, &frame, curve->q[60], curve->i[60], &px, &py);
  text = sas_plot_view_format_readout (view, px, py);
  g_assert_nonnull (text);
  g_test_message ("readout: %s", text);
  g_assert_true (g_str_has_prefix (text, "q = "));
  g_assert_nonnull (strstr (text, "I = "));
  q = g_ascii_strtod (text + 4, NULL);
  i = g_ascii_strtod (strstr (text, "I = ") + 4, NULL);
  g_assert_nonnull (strstr (text, "cm⁻¹"));
  g_assert_cmpfloat (test_rel_diff (q, curve->q[60]), <, 1e-3);
  g_assert_cmpfloat (test_rel_diff (i, curve->i[60]), <, 1e-3);
  outside = sas_plot_view_format_readout (view, 2, 2);
  g_assert_null (outside);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
check_magic (const char *path, const char *magic, gsize min_size)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, min_size);
  g_assert_true (memcmp (contents, magic, strlen (magic)) == 0);
}

static void
test_plot_export (void)
{
  g_autoptr(SasCurve) curve = guinier_curve ();
  g_autofree char *png = g_build_filename (tmp_dir, "plot.png", NULL);
  g_autofree char *svg = g_build_filename (tmp_dir, "plot.SVG", NULL);
  g_autofree char *pdf = g_build_filename (tmp_dir, "plot.pdf", NULL);
  g_autofree char *bad_dir = g_build_filename (tmp_dir, "no", "such", "dir", "plot.pdf", NULL);
  g_autofree char *bad_ext = g_build_filename (tmp_dir, "plot.jpg", NULL);
  g_autoptr(GError) error = NULL;
  SasPlotView *view;
  GtkWidget *window = plot_window (&view);
  g_autoptr(Image) image = NULL;
  g_autofree char *svg_text = NULL;
  SasPlotColors white;
  guint n_differ, n_color;

  sas_plot_view_set_curve (view, curve);
  g_assert_true (sas_plot_view_export (view, png, &error));
  g_assert_no_error (error);
  g_assert_true (sas_plot_view_export (view, svg, &error));
  g_assert_no_error (error);
  g_assert_true (sas_plot_view_export (view, pdf, &error));
  g_assert_no_error (error);
  check_magic (png, "\x89PNG", 1000);
  check_magic (pdf, "%PDF", 1000);
  check_magic (svg, "<?xml", 1000);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));

  /* The PNG is twice the widget's size, light style, with the data drawn. */
  image = image_load (png);
  g_assert_cmpint (image->width, ==, 2 * gtk_widget_get_width (GTK_WIDGET (view)));
  sas_plot_colors_init (&white, FALSE);
  count_pixels (image, 0, 0, image->width, image->height, white.background, blue_light,
                &n_differ, &n_color);
  g_assert_cmpuint (n_color, >, 400);

  /* Errors: a folder that does not exist, an unknown extension. */
  g_assert_false (sas_plot_view_export (view, bad_dir, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "plot.pdf"));
  g_clear_error (&error);
  g_assert_false (sas_plot_view_export (view, bad_ext, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad_ext, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_plot_auto_range (void)
{
  g_autoptr(SasCurve) curve = sas_curve_new (3);
  SasPlotSeries series = { curve, SAS_PLOT_STYLE_POINTS, { 0, 0, 1 }, NULL };
  SasPlotAxes axes = { TRUE, TRUE, 0, 0, 0, 0 };
  SasPlotSpec spec = { &series, 1, { 0 }, { { 0 } }, TRUE, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (tmp_dir, "empty.png", NULL);

  curve->q[0] = 0.01; curve->q[1] = 0.02; curve->q[2] = NAN;
  curve->i[0] = -1.0; curve->i[1] = 0.0; curve->i[2] = 5.0;
  g_assert_false (sas_plot_auto_range (&series, 1, &axes));
  g_assert_cmpfloat (axes.x_min, <, axes.x_max);
  axes.log_y = FALSE;
  g_assert_true (sas_plot_auto_range (&series, 1, &axes));
  g_assert_cmpfloat (axes.y_min, <, -1.0);
  g_assert_cmpfloat (axes.y_max, >, 0.0);
  g_assert_cmpfloat (axes.x_min, <, 0.01);
  g_assert_cmpfloat (axes.x_max, >, 0.02);

  /* Rendering a plot with nothing drawable works and is rejected at
   * absurd sizes. */
  spec.axes = axes;
  sas_plot_colors_init (&spec.colors, FALSE);
  g_assert_true (sas_plot_export (&spec, png, SAS_PLOT_FORMAT_PNG, 300, 200, 1.0, &error));
  g_assert_no_error (error);
  g_assert_false (sas_plot_export (&spec, png, SAS_PLOT_FORMAT_PNG, 3, 200, 1.0, &error));
  g_assert_error (error, SAS_ERROR, SAS_ERROR_INVALID_ARGUMENT);
}

static void
test_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = sas_app_settings_new (&error);
  SasWindow *window;
  GtkWidget *preferences;

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  window = new_window ();
  /* The window's plot follows the default-axes preferences. */
  g_settings_set_boolean (settings, "default-log-q", FALSE);
  g_assert_false (sas_plot_view_get_zoomed (sas_window_get_plot_view (window)));
  {
    gboolean log_x = TRUE;
    g_object_get (sas_window_get_plot_view (window), "log-x", &log_x, NULL);
    g_assert_false (log_x);
  }
  g_settings_reset (settings, "default-log-q");

  preferences = sas_preferences_window_new (GTK_WINDOW (window), settings);
  gtk_window_present (GTK_WINDOW (preferences));
  g_settings_set_int (settings, "n-candidates", 5);
  g_assert_cmpint (g_settings_get_int (settings, "n-candidates"), ==, 5);
  g_settings_reset (settings, "n-candidates");
  /* the polydispersity switch is bound to its key */
  {
    GtkSwitch *free_pd = GTK_SWITCH (gtk_widget_get_template_child (preferences, SAS_TYPE_PREFERENCES_WINDOW,
                                                                    "free_pd_switch"));
    g_assert_false (gtk_switch_get_active (free_pd));
    gtk_switch_set_active (free_pd, TRUE);
    g_assert_true (g_settings_get_boolean (settings, "refine-polydispersity"));
    g_settings_reset (settings, "refine-polydispersity");
    g_assert_false (gtk_switch_get_active (free_pd));
  }
  gtk_window_destroy (GTK_WINDOW (preferences));

  preferences = sas_preferences_window_new (NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Runs the application; its stdout goes to *out when out is not NULL
 * (never to the test's own stdout, which carries TAP). */
static gboolean
run_app_out (const char * const *args, int *status, char **out, char **err)
{
  const char *app = g_getenv ("SASFORMER_APP");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) app);
  for (guint k = 0; args[k] != NULL; k++)
    g_ptr_array_add (argv, (char *) args[k]);
  g_ptr_array_add (argv, NULL);
  g_autofree char *ignored = NULL;
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     out ? out : &ignored, err, &wait_status, &error))
    {
      g_test_message ("%s", error->message);
      return FALSE;
    }
  *status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : (WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1);
  return TRUE;
}

static gboolean
run_app (const char * const *args, int *status, char **err)
{
  return run_app_out (args, status, NULL, err);
}

static void
test_binary_screenshot (void)
{
  g_autofree char *path = write_guinier_file ("binary-guinier.txt");
  g_autofree char *png = test_build_path ("tests/app/sasformer-window.png");
  g_autofree char *err = NULL;
  g_autoptr(Image) image = NULL;
  SasPlotColors colors;
  guint n_differ, n_color;
  int status = -1;

  if (g_getenv ("SASFORMER_APP") == NULL)
    {
      g_test_skip ("SASFORMER_APP is not set");
      return;
    }
  g_unlink (png);
  {
    const char *args[] = { "--screenshot", png, "--screenshot-size", "1000x640", path, NULL };
    g_assert_true (run_app (args, &status, &err));
  }
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  image = image_load (png);
  /* The default size counts client-side decorations; allow for them. */
  g_assert_cmpint (ABS (image->width - 1000), <=, 20);
  /* The plot fills the right part of the window below the header bar. */
  sas_plot_colors_init (&colors, FALSE);
  count_pixels (image, image->width * 4 / 10, image->height / 8, image->width, image->height * 7 / 8,
                colors.background, blue_light, &n_differ, &n_color);
  g_test_message ("%u pixels differ from the plot background, %u have the data colour", n_differ, n_color);
  g_assert_cmpuint (n_color, >, 200);
  g_assert_cmpuint (n_differ, >, 2000);

  g_clear_pointer (&err, g_free);
  {
    const char *args[] = { "--screenshot", png, "--screenshot-size", "huge", path, NULL };
    g_assert_true (run_app (args, &status, &err));
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "--screenshot-size"));
  }
  g_clear_pointer (&err, g_free);
  {
    const char *args[] = { "--version", NULL };
    g_autofree char *version = NULL;
    g_assert_true (run_app_out (args, &status, &version, &err));
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (version, "sasformer " PACKAGE_VERSION));
  }
}

static void
test_no_display (void)
{
  g_test_skip ("no display could be opened (install xvfb to run the window tests)");
}

/* The first widget of `type` (with `css_class`, unless NULL) in w's tree,
 * depth first. */
static GtkWidget *
find_widget (GtkWidget *w, GType type, const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && (css_class == NULL || gtk_widget_has_css_class (w, css_class)))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A candidate whose refinement stopped after its first fit (sas-refine.h,
 * contention) says so in its row; once refined in full it does not. */
static void
test_candidate_row_outclassed (void)
{
  SasModelFit fit;
  sas_model_fit_init (&fit, scattering_model_lookup ("sphere"), 0.2);
  fit.refined = TRUE;
  fit.chi2_reduced = 123.0;
  fit.outclassed = TRUE;
  const double rgb[3] = { 0.2, 0.4, 0.6 };
  GtkWidget *row = g_object_ref_sink (sas_candidate_row_new (&fit, NULL, 2, rgb, rgb, NULL));
  GtkWidget *expander = find_widget (row, GTK_TYPE_EXPANDER, NULL);
  g_assert_nonnull (expander);
  const char *label = gtk_expander_get_label (GTK_EXPANDER (expander));
  g_test_message ("outclassed: %s", label);
  g_assert_nonnull (strstr (label, "first fit only"));
  g_assert_nonnull (strstr (label, "123"));
  fit.outclassed = FALSE;
  sas_candidate_row_set_fit (SAS_CANDIDATE_ROW (row), &fit, 2);
  label = gtk_expander_get_label (GTK_EXPANDER (find_widget (row, GTK_TYPE_EXPANDER, NULL)));
  g_test_message ("refined: %s", label);
  g_assert_null (strstr (label, "first fit only"));
  g_assert_nonnull (strstr (label, "refined"));
  g_object_unref (row);
}

/* The longest model name fits the candidate panel's width (the title
 * wraps instead of ending in "..."; its tooltip names the model), and a
 * ratio sasmodels' table gives in "Ang" is shown without a unit. */
static void
test_candidate_row_title_and_units (void)
{
  const ScatteringModel *model = scattering_model_lookup ("hollow_rectangular_prism_thin_walls");
  SasModelFit fit;
  sas_model_fit_init (&fit, model, 0.274);
  fit.refined = TRUE;
  fit.chi2_reduced = 1.66;
  for (size_t k = 0; k < scattering_model_n_values (model); k++)
    fit.errors[k] = 0.01 * fabs (fit.params.values[k]) + 0.001;
  const double rgb[3] = { 0.8, 0.4, 0.1 };
  GtkWidget *row = sas_candidate_row_new (&fit, NULL, 1, rgb, rgb, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  sas_candidate_row_set_expanded (SAS_CANDIDATE_ROW (row), TRUE);
  gtk_window_set_child (GTK_WINDOW (window), list);
  /* the window's candidate panel is about 370 pixels wide */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 400);
  gtk_window_present (GTK_WINDOW (window));
  for (gint64 end = g_get_monotonic_time () + 300000; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);

  GtkWidget *title = find_widget (row, GTK_TYPE_LABEL, "heading");
  g_assert_nonnull (title);
  g_test_message ("title '%s', %d px wide", gtk_label_get_label (GTK_LABEL (title)),
                  gtk_widget_get_width (title));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (title)), "Hollow rectangular prism thin walls"));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));
  const char *tooltip = gtk_widget_get_tooltip_text (title);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, model->name));

  GtkWidget *grid = find_widget (row, GTK_TYPE_GRID, NULL);
  g_assert_nonnull (grid);
  guint seen = 0;
  for (int r = 0; r < 16; r++)
    {
      GtkWidget *name = gtk_grid_get_child_at (GTK_GRID (grid), 0, r);
      GtkWidget *unit = gtk_grid_get_child_at (GTK_GRID (grid), 2, r);
      if (name == NULL || unit == NULL || !GTK_IS_LABEL (name) || !GTK_IS_LABEL (unit))
        continue;
      const char *n = gtk_label_get_label (GTK_LABEL (name));
      const char *u = gtk_label_get_label (GTK_LABEL (unit));
      g_test_message ("%s [%s]", n, u);
      if (g_str_equal (n, "b2a_ratio") || g_str_equal (n, "c2a_ratio"))
        {
          g_assert_cmpstr (u, ==, "");
          seen++;
        }
      else if (g_str_equal (n, "length_a"))
        {
          g_assert_cmpstr (u, ==, "Å");
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autofree char *xdg = NULL;
  g_autofree char *artifacts = NULL;
  int status;

  /* A private home for settings, recent files and caches. */
  tmp_dir = g_dir_make_tmp ("sasformer-test-app-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  xdg = g_build_filename (tmp_dir, "xdg", NULL);
  g_mkdir_with_parents (xdg, 0700);
  g_setenv ("HOME", xdg, TRUE);
  g_setenv ("XDG_CONFIG_HOME", xdg, TRUE);
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);
  g_setenv ("XDG_CACHE_HOME", xdg, TRUE);
  g_setenv ("XDG_STATE_HOME", xdg, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", xdg, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);
  artifacts = test_build_path ("tests/app");
  g_mkdir_with_parents (artifacts, 0755);

  /* The shipped model when there is one, else a tiny untrained network
   * (app-test-model.h), kept in the build folder; set before any thread
   * starts, and inherited by the application binary. */
  {
    g_autofree char *shipped = test_source_path ("data/sasformer-model.h5");
    g_autoptr(GError) error = NULL;

    if (g_file_test (shipped, G_FILE_TEST_IS_REGULAR))
      model_path = g_steal_pointer (&shipped);
    else
      {
        model_path = test_build_path ("tests/app/tiny-model.h5");
        if (!app_test_write_model (model_path, 1, &error))
          g_error ("cannot write the test model: %s", error->message);
      }
    g_setenv ("SASFORMER_MODEL", model_path, TRUE);
  }

  if (!gtk_init_check ())
    {
      g_test_add_func ("/app/window/no-display", test_no_display);
      status = g_test_run ();
      test_remove_tree (tmp_dir);
      return status;
    }
  adw_init ();
  sas_app_ensure_resources ();
  /* What GtkApplication does for the application's resource base path. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/sasformer/Sasformer/icons");
  g_set_application_name ("Sasformer");

  g_test_add_func ("/app/window/plot", test_window_plot);
  g_test_add_func ("/app/window/bad-files", test_window_bad_files);
  g_test_add_func ("/app/window/several-files", test_window_several_files);
  g_test_add_func ("/app/window/shared-examples", test_window_shared_examples);
  g_test_add_func ("/app/window/prediction", test_window_prediction);
  g_test_add_func ("/app/window/prediction-switch", test_window_prediction_switch);
  g_test_add_func ("/app/window/bad-model", test_window_bad_model);
  g_test_add_func ("/app/plot/zoom-pan", test_plot_zoom_pan);
  g_test_add_func ("/app/plot/readout", test_plot_readout);
  g_test_add_func ("/app/plot/export", test_plot_export);
  g_test_add_func ("/app/plot/auto-range", test_plot_auto_range);
  g_test_add_func ("/app/preferences", test_preferences);
  g_test_add_func ("/app/candidate-row/outclassed", test_candidate_row_outclassed);
  g_test_add_func ("/app/candidate-row/title-and-units", test_candidate_row_title_and_units);
  g_test_add_func ("/app/binary/screenshot", test_binary_screenshot);
  status = g_test_run ();
  test_remove_tree (tmp_dir);
  return status;
}
