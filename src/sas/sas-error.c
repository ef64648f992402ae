#include "sas-error.h"

G_DEFINE_QUARK (sas-error-quark, sas_error)
