/* wormlike.h: the single-chain structure factor of a semiflexible
 * (worm-like) chain with excluded volume, as used by sasmodels'
 * flexible_cylinder models: Pedersen and Schurtenberger's "method 3 with
 * excluded volume" with the corrections of Chen, Butler and Magid.
 * Method, references and accuracy are stated in wormlike.c.  Pure and
 * thread-safe. */
#pragma once

#include <stdbool.h>

/* Everything that depends on the chain only, computed once per chain so
 * that evaluating S(q) at many q costs a handful of elementary functions. */
typedef struct {
  double length;        /* contour length L, Å */
  double kuhn_length;   /* Kuhn length b, Å */
  bool long_chain;      /* L > 4 b */
  double rg;            /* radius of gyration used by the low-q form, Å */
  double rod_correction;/* C(L/b) b / L of the long-chain form */
  double x_match;       /* q b where the high-q power-law form takes over */
  double p1, p2;        /* its exponents */
  double a1, a2;        /* its amplitudes */
} SasWormlikeChain;

void   sas_wormlike_chain_init (SasWormlikeChain *chain,
                                double            length,
                                double            kuhn_length);

/* S(q), normalized to S(0) = 1. */
double sas_wormlike_chain_sq   (const SasWormlikeChain *chain,
                                double                  q);
