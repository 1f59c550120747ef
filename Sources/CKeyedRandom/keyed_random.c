#include "keyed_random.h"

static void ckr_set(void *vstate, unsigned long int seed) {
    // gsl_rng_set: treat the (64-bit on LP64) seed as the key.
    ckr_state *st = (ckr_state *)vstate;
    uint64_t z = (uint64_t)seed;
    for (int i = 0; i < 4; i++) {
        z += 0x9e3779b97f4a7c15ULL;
        uint64_t x = z;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        st->s[i] = x ^ (x >> 31);
    }
}

static unsigned long int ckr_get(void *vstate) {
    ckr_state *st = (ckr_state *)vstate;
    uint64_t *s = st->s;
    const uint64_t result = ckr_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ckr_rotl(s[3], 45);
    // GSL's samplers expect get() in [min, max]; expose the top 32 bits so that
    // gsl_rng_uniform_int and friends see a full-width 32-bit generator on any ABI.
    return (unsigned long int)(result >> 32);
}

static double ckr_get_double(void *vstate) {
    ckr_state *st = (ckr_state *)vstate;
    uint64_t *s = st->s;
    const uint64_t result = ckr_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ckr_rotl(s[3], 45);
    // [0, 1) with 53 bits, as gsl_rng_uniform promises.
    return (double)(result >> 11) * 0x1.0p-53;
}

static const gsl_rng_type ckr_type = {
    "clvlab-xoshiro256ss-keyed",
    0xffffffffUL,
    0,
    sizeof(ckr_state),
    &ckr_set,
    &ckr_get,
    &ckr_get_double
};

const gsl_rng_type *ckr_keyed_type(void) { return &ckr_type; }
