// The GSL headers CLVLab uses. Only Stochastic (and CKeyedRandom) may import this module.
#ifndef CLVLAB_CGSL_SHIM_H
#define CLVLAB_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hyperg.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_exp.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>

// GSL exposes its generator types as mutable C globals, which Swift 6's strict
// concurrency rejects; these accessors hand them out as values instead.
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_multimin_fminimizer_type *cgsl_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }
static inline const gsl_multimin_fdfminimizer_type *cgsl_bfgs2(void) { return gsl_multimin_fdfminimizer_vector_bfgs2; }

#endif
