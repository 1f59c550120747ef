// A 64-bit-keyed random generator registered as a gsl_rng_type (DESIGN.md §4).
//
// GSL's own generators take 32-bit seeds in practice (taus2 and mt19937 reduce the seed
// mod 2^32), so re-seeding them per customer-period would give ~10^6 pairs of identical
// streams at 10^8 keys. This generator is xoshiro256** (Blackman & Vigna 2018) whose
// 256-bit state is filled by SplitMix64 from a 64-bit key; a key is a strong hash of
// (seed, replication, customer, period, purpose), computed in Swift
// (Stochastic's CustomerKey). Re-keying is a handful of multiplies,
// so the engine takes a fresh stream for every customer-period.
#ifndef CLVLAB_KEYED_RANDOM_H
#define CLVLAB_KEYED_RANDOM_H

#include <stdint.h>
#include <math.h>
#include <gsl/gsl_rng.h>

typedef struct { uint64_t s[4]; } ckr_state;

/// The generator type; allocate with gsl_rng_alloc(ckr_keyed_type()).
const gsl_rng_type *ckr_keyed_type(void);

/// Re-key an allocated keyed generator in place: no allocation.
static inline void ckr_rekey(gsl_rng *r, uint64_t key) {
    ckr_state *st = (ckr_state *)r->state;
    uint64_t z = key;
    for (int i = 0; i < 4; i++) {
        z += 0x9e3779b97f4a7c15ULL;
        uint64_t x = z;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        st->s[i] = x ^ (x >> 31);
    }
}

static inline uint64_t ckr_rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/// The next raw 64-bit output of xoshiro256**.
static inline uint64_t ckr_next(gsl_rng *r) {
    ckr_state *st = (ckr_state *)r->state;
    uint64_t *s = st->s;
    const uint64_t result = ckr_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ckr_rotl(s[3], 45);
    return result;
}

/// A uniform in the open interval (0, 1): 53 random bits, centred, so that inverse
/// transforms (log u, u < p) never see 0 or 1.
static inline double ckr_uniform_open(gsl_rng *r) {
    return ((double)(ckr_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

/// The first ckr_uniform_open of a generator just re-keyed with `key`, without the re-keying:
/// xoshiro256**'s first output reads only s[1] = SplitMix64's second output from the key, so the
/// other three state words are needed only if the stream is drawn from again (then re-key with
/// ckr_rekey and skip one output with ckr_next).
static inline double ckr_first_uniform(uint64_t key) {
    uint64_t x = key + 2 * 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x = x ^ (x >> 31);
    const uint64_t result = ckr_rotl(x * 5, 7) * 9;
    return ((double)(result >> 11) + 0.5) * 0x1.0p-53;
}

// libm through the module, so Swift code needs no platform import for the hot loop.
static inline double ckr_log(double x) { return log(x); }
static inline double ckr_log1p(double x) { return log1p(x); }
static inline double ckr_exp(double x) { return exp(x); }

#endif
