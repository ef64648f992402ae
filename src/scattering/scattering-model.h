/* scattering-model.h: the scattering-model library's public interface.
 *
 * Every model is a constant ScatteringModel: a parameter table (sasmodels
 * names, units, defaults, limits, types), the regression targets and the
 * sampling space of the training-data generator, and two kernels:
 *
 *   form_volume(values)          particle volume in Å^3 (NULL: V = 1)
 *   iq(values, q, n, out)        what sasmodels' Iq() returns for each q:
 *                                the orientation-averaged <F^2> including
 *                                sasmodels' 1e-4 unit factor, before the
 *                                division by <V>, the scale and background.
 *
 * The engine (scattering-engine.c) evaluates
 *   I(q) = scale * sum_w w * iq(q) / sum_w w * V + background
 * over the Gaussian polydispersity grid of every polydisperse parameter
 * (sasmodels' convention: relative widths for volume parameters) and
 * applies pinhole resolution smearing.
 *
 * Values are a flat array in the order of the parameter table with vector
 * parameters expanded (sld1..sld10 for sld[10]); scale and background are
 * not in it.  Kernels are pure functions: re-entrant, no globals written.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define SCATTERING_MAX_VALUES 64
/* unified_power_Rg has 25 targets (level and 4 x 6 level values); the
 * registry test checks every model against this bound. */
#define SCATTERING_MAX_TARGETS 32

typedef enum {
  SCATTERING_PARAMETER_PLAIN,
  SCATTERING_PARAMETER_SLD,
  SCATTERING_PARAMETER_VOLUME,
  SCATTERING_PARAMETER_ORIENTATION,
} ScatteringParameterType;

typedef struct {
  const char *name;        /* sasmodels name, without index for vectors */
  const char *units;       /* sasmodels units string, "" when none */
  double default_value;
  double min;              /* limits; -INFINITY / INFINITY when open */
  double max;
  ScatteringParameterType type;
  bool polydisperse;
  int length;              /* 1, or the vector length */
  const char *length_control; /* parameter that sets the used length, or NULL */
  bool integer;            /* takes integer values only (n_shells, level, ...) */
  const char *description;
} ScatteringParameter;

/* Sampling space of one regression target (from sasmodels' random generator). */
typedef struct {
  const char *name;        /* expanded name: "radius", "thickness3" */
  double min, p01, p50, p99, max;
  bool log_scale;
} ScatteringTargetSpace;

typedef double (*ScatteringFormVolumeFunc) (const double *values);
typedef void (*ScatteringIqFunc) (const double *values,
                                  const double *q,
                                  size_t        n,
                                  double       *out);

/* One polydisperse value of a polydispersity grid: its expanded value
 * index, points and weights (summing to 1). */
typedef struct {
  int index;
  int n;
  const double *x;
  const double *w;
} ScatteringPdAxis;

/* The whole polydispersity sum at once (see ScatteringModel.iq_pd). */
typedef double (*ScatteringIqPdFunc) (const double           *values,
                                      int                     n_axes,
                                      const ScatteringPdAxis *axes,
                                      const double           *q,
                                      size_t                  n,
                                      double                 *out);

typedef struct {
  const char *name;        /* sasmodels name: "core_shell_sphere" */
  const char *title;
  const char *category;    /* sasmodels category: "shape:sphere" */
  int label;               /* class index of the SASformer paper (0..54) */
  const ScatteringParameter *parameters;
  size_t n_parameters;
  const ScatteringTargetSpace *targets; /* regression targets, in order */
  size_t n_targets;
  ScatteringFormVolumeFunc form_volume; /* NULL: V = 1.  For hollow shapes
                                         * the shell volume, as sasmodels'
                                         * shell_volume() */
  ScatteringIqFunc iq;
  /* Optional: true where a parameter combination is outside the model's
   * domain (sasmodels' INVALID); such polydispersity points are skipped. */
  bool (*invalid) (const double *values);
  /* Optional: the sum over the product grid of the n_axes >= 1 axes,
   * out[i] = sum w iq(q[i]), returning sum w V, computed at once for
   * models whose grid points share work (the separable box averages:
   * the edges' factors are summed per edge, not per grid point).  It sums
   * every grid point (no weight cut-off) and agrees with the per-point
   * sum to the kernels' accuracy where no orientation cap binds; under a
   * cap one graded rule serves the grid.  It returns a negative value
   * without computing anything for a grid it would not speed up (no
   * polydisperse value separates from the others and no cap binds, so
   * each point's own converged rule is cheaper); the engine then sums
   * point by point. */
  ScatteringIqPdFunc iq_pd;
  /* Optional, NULL-terminated: the amplitudes, parameters in which the
   * model's intensity (before scale and background) is homogeneous of
   * degree 1 jointly, every used element of a vector included: scaling
   * all of them by c scales I(q) by c, as scale does (i_zero, a volume
   * fraction that only multiplies, the terms' factors of an empirical
   * sum).  The refinement can carry the intensity in them instead of in
   * scale (sas_refine_scale_to_amplitudes). */
  const char *const *amplitudes;
} ScatteringModel;

/* Registry ------------------------------------------------------------- */

size_t                   scattering_model_count   (void);
const ScatteringModel   *scattering_model_nth     (size_t index);
const ScatteringModel   *scattering_model_lookup  (const char *name);

/* Expanded values ----------------------------------------------------- */

/* Number of expanded values (vectors counted element by element). */
size_t scattering_model_n_values (const ScatteringModel *model);

/* Index of an expanded value by name ("radius", "sld3"), or -1.  For a
 * vector parameter the plain name addresses its first element. */
int    scattering_model_value_index (const ScatteringModel *model,
                                     const char            *name);

/* The table entry behind expanded value `index`, and the element number
 * (0-based) within a vector parameter. */
const ScatteringParameter *scattering_model_value_parameter (const ScatteringModel *model,
                                                             size_t                 index,
                                                             int                   *element);

/* Is value `index` in use at `values` (every expanded value): FALSE only
 * for a vector element at or beyond the count its length control sets
 * (the fourth shell thickness when n_shells is 3). */
bool     scattering_model_value_used (const ScatteringModel *model,
                                      const double          *values,
                                      size_t                 index);

/* Writes the expanded name of value `index` ("thickness3") into buf. */
void   scattering_model_value_name (const ScatteringModel *model,
                                    size_t                 index,
                                    char                  *buf,
                                    size_t                 buf_len);

/* The unit to show a person for parameter `name` of model: its table
 * unit (sasmodels' spelling, "" when none) except where sasmodels' table
 * is wrong about it: the thin-walled hollow prism's side ratios b2a_ratio
 * and c2a_ratio and raspberry's fractional penetration are numbers, not
 * lengths ("Ang" there), and pearl_necklace's num_pearls is a count
 * ("none" there).  The table unit stays what exports and `models` write,
 * as SasView does. */
const char *scattering_parameter_display_units (const ScatteringModel *model,
                                                const char            *name);

/* Parameter sets and evaluation ---------------------------------------- */

typedef struct {
  double width;            /* relative for volume parameters, absolute otherwise */
  int    npts;
  double nsigma;
} ScatteringDispersion;

typedef struct {
  const ScatteringModel *model;
  double scale;
  double background;
  double values[SCATTERING_MAX_VALUES];
  ScatteringDispersion pd[SCATTERING_MAX_VALUES];
} ScatteringParameters;

typedef enum {
  SCATTERING_SET_OK = 0,
  SCATTERING_SET_UNKNOWN_NAME,
  SCATTERING_SET_OUT_OF_LIMITS,
  SCATTERING_SET_NOT_POLYDISPERSE,
  SCATTERING_SET_NOT_INTEGER,
} ScatteringSetResult;

/* Defaults of the model: scale 1, background 1e-3 (as sasmodels), pd off
 * (width 0, 35 points, 3 sigma). */
void scattering_parameters_init (ScatteringParameters  *params,
                                 const ScatteringModel *model);

/* Sets a value by sasmodels name: "scale", "background", "radius",
 * "sld3", "radius_pd", "radius_pd_n", "radius_pd_nsigma". */
ScatteringSetResult scattering_parameters_set (ScatteringParameters *params,
                                               const char           *name,
                                               double                value);

/* I(q) with polydispersity, in 1/cm. */
void scattering_compute (const ScatteringParameters *params,
                         const double               *q,
                         size_t                      n,
                         double                     *out);

/* I(q) smeared by a Gaussian pinhole resolution of 1-sigma width dq[i]
 * at each q[i] (sasmodels' Pinhole1D scheme: the model is evaluated on q
 * extended by 2.5 sigma each side and integrated over bins by erf). */
void scattering_compute_smeared (const ScatteringParameters *params,
                                 const double               *q,
                                 const double               *dq,
                                 size_t                      n,
                                 double                     *out);

/* <V> over the polydispersity grid (1 for models without volume). */
double scattering_average_volume (const ScatteringParameters *params);

/* Resolution of orientation averages in the calling thread.  0 (the
 * default of every thread) computes them converged (the accuracy stated in
 * each model file).  A cap N > 0 limits every orientation rule to at most
 * N points per angle, as sasmodels' fixed 76-point rule does: for the
 * training-data generator, where it bounds the cost of the largest
 * particles (a converged polydisperse curve of a 1e5 A cylinder takes
 * seconds) and the curves are tokenized on a 1.35% q grid anyway.  Capped
 * averages of large particles at high q are not converged; prediction,
 * fitting and the app never set a cap.  The setting is per thread (thread
 * local): other threads keep theirs. */
void scattering_set_orientation_cap (int max_points);
int  scattering_orientation_cap     (void);

/* How many orientation rules the calling thread's cap has kept below
 * their converged order so far (a counter that only grows): a caller
 * compares it before and after an evaluation to learn whether the cap
 * changed that result. */
unsigned long scattering_orientation_cap_hits (void);

/* Whether the calling thread's polydispersity sums use the models' own
 * iq_pd where they have one (the default, true) or the per-point sum of
 * iq over the grid (false: the generator's version 2, and the tests that
 * compare the two).  Per thread, as the cap. */
void scattering_set_pd_kernels (bool enabled);
bool scattering_pd_kernels     (void);

/* Whether, under an orientation cap, the polydispersity kernels of the
 * generator's version 4 serve: the triaxial ellipsoid's histogram of the
 * effective radius (lib/radius-histogram.h) instead of a capped rule per
 * grid point, and the stacked disks' radius summed inside each
 * orientation.  Off by default, and nothing changes without a cap; per
 * thread, as the cap. */
void scattering_set_generator_kernels (bool enabled);
bool scattering_generator_kernels     (void);
