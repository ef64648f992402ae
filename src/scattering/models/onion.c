/* onion.c: Onion shell model with constant, linear or exponential density
 *
 * sasmodels model "onion" (category shape:sphere).
 */
#include "scattering-model-private.h"

enum {
  P_SLD_CORE = 0,
  P_RADIUS_CORE = 1,
  P_SLD_SOLVENT = 2,
  P_N_SHELLS = 3,
  P_SLD_IN = 4, /* 10 values */
  P_SLD_OUT = 14, /* 10 values */
  P_THICKNESS = 24, /* 10 values */
  P_A = 34, /* 10 values */
};

static const ScatteringParameter parameters[] = {
  { "sld_core", "1e-6/Ang^2", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Core scattering length density" },
  { "radius_core", "Ang", 200.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 1, NULL, false,
    "Radius of the core" },
  { "sld_solvent", "1e-6/Ang^2", 6.4, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 1, NULL, false,
    "Solvent scattering length density" },
  { "n_shells", "", 1.0, 0.0, 10.0,
    SCATTERING_PARAMETER_VOLUME, false, 1, NULL, true,
    "number of shells (must be integer)" },
  { "sld_in", "1e-6/Ang^2", 1.7, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 10, "n_shells", false,
    "scattering length density at the inner radius of shell k" },
  { "sld_out", "1e-6/Ang^2", 2.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_SLD, false, 10, "n_shells", false,
    "scattering length density at the outer radius of shell k" },
  { "thickness", "Ang", 40.0, 0.0, INFINITY,
    SCATTERING_PARAMETER_VOLUME, true, 10, "n_shells", false,
    "Thickness of shell k" },
  { "A", "", 1.0, -INFINITY, INFINITY,
    SCATTERING_PARAMETER_PLAIN, false, 10, "n_shells", false,
    "Decay rate of shell k" },
};

static const ScatteringTargetSpace targets[] = {
  { "radius_core", 100.07636043532491, 104.46138968102333, 983.6926959817308, 9508.16429556622, 9981.655558423154, true },
  { "n_shells", 7.719516822768391e-05, 0.09635478812555887, 5.072415806842742, 9.901972940734627, 9.998198201721651, true },
  { "thickness1", 100.11136035021856, 104.28052982495477, 1016.7483801502433, 9538.831168193874, 9996.881753050815, false },
  { "thickness2", 100.04260467593693, 104.43548490756604, 1028.7088012786057, 9484.258208331454, 9989.600878711388, false },
  { "thickness3", 100.05536078755676, 105.5044030474219, 984.0633251651655, 9579.931808271294, 9995.32320649647, false },
  { "thickness4", 100.03483463176282, 104.98480293244329, 1019.2225119614709, 9553.278435987835, 9983.3459154604, false },
  { "thickness5", 100.0538383412969, 105.15515531065208, 1004.8846905540936, 9629.378186306185, 9995.045596326603, false },
  { "thickness6", 100.01097940131464, 104.55384795764144, 1022.0356184908965, 9551.25557852937, 9973.43701090885, false },
  { "thickness7", 100.00067172296889, 104.71769324396476, 995.6680007796257, 9544.419918146083, 9995.306281334906, false },
  { "thickness8", 100.10596680018415, 103.94088247538315, 980.6921110412354, 9604.692746491302, 9980.387417165386, false },
  { "thickness9", 100.0609421318598, 104.58464935918677, 1017.433855101619, 9550.417228417853, 9985.891148429046, false },
  { "thickness10", 100.04616253984737, 105.74104939775104, 981.7479942212724, 9537.968059742416, 9985.94119298597, false },
  { "A1", 0.0015299826941985728, 0.02116518175714569, 0.9808095788892358, 1.9784692611722317, 1.999952756143556, false },
  { "A2", 0.00034931065352905577, 0.019649658521109215, 1.005692129884248, 1.9782881443395512, 1.998365193572428, false },
  { "A3", 8.334913664165278e-05, 0.018124905229186385, 1.008977202591729, 1.9789431660461856, 1.9991221248613946, false },
  { "A4", 8.189196117913689e-05, 0.020743532472104143, 1.0342383467207528, 1.980012762000552, 1.9993754861344268, false },
  { "A5", 6.633640774844629e-05, 0.020500234772255203, 0.9959491491932252, 1.9755069617142547, 1.9991628426351327, false },
  { "A6", 7.33636061662768e-05, 0.02315327373103566, 1.0026308589575716, 1.9794085356790347, 1.999760590159099, false },
  { "A7", 5.3134046400948876e-05, 0.021517606788249648, 1.0022443079591024, 1.9846699724684294, 1.9995671365638934, false },
  { "A8", 0.00044079668072649625, 0.018198580977266367, 1.0152734634153209, 1.9798232588653517, 1.9998688075597155, false },
  { "A9", 0.000310675153208928, 0.019905550988602045, 0.9785168507851482, 1.9812323003738908, 1.9997095677974646, false },
  { "A10", 0.0006614594772336169, 0.01781378388187064, 1.0219609681959954, 1.982251769121754, 1.9996876300575415, false },
};

static double
form_volume (const double *p)
{
  (void) p;
  return NAN; /* TODO */
}

static void
iq (const double *p, const double *q, size_t n, double *out)
{
  (void) p;
  (void) q;
  for (size_t i = 0; i < n; i++)
    out[i] = NAN; /* TODO */
}

const ScatteringModel scattering_model_onion = {
  .name = "onion",
  .title = "Onion shell model with constant, linear or exponential density",
  .category = "shape:sphere",
  .label = 35,
  .parameters = parameters,
  .n_parameters = SCATTERING_N_ELEMENTS (parameters),
  .targets = targets,
  .n_targets = SCATTERING_N_ELEMENTS (targets),
  .form_volume = form_volume,
  .iq = iq,
};
