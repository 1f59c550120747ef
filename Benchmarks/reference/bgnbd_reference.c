// BG/NBD + Gamma-Gamma Monte Carlo CLV in plain C on GSL: the performance reference for
// CLVLab's engine (Benchmarks/reference/README.md).
//
// Same keyed randomness and model semantics as CLVLab, so the results agree number for
// number with `clvlab simulate Tests/Fixtures/perf-1m.yaml`:
//   * generator: CLVLab's own keyed xoshiro256** gsl_rng_type (Sources/CKeyedRandom, included,
//     not copied), one gsl_rng per thread, re-keyed in place for every customer-period;
//   * keys: Stochastic's CustomerKey (KeyedStream.swift);
//   * draws: CustomerTraits.swift (traits) and CustomerPath.swift (the `.bgnbd` period loop
//     without interventions), with KeyedStream's samplers (Poisson and geometric by inversion).
//
// Build (from Benchmarks/reference; run.sh does this):
//   cc -O3 -march=native -ffp-contract=off -I ../../Sources/CKeyedRandom/include
//      bgnbd_reference.c ../../Sources/CKeyedRandom/keyed_random.c
//      $(pkg-config --cflags --libs gsl) -lpthread -o bin/bgnbd_reference
// -ffp-contract=off keeps the arithmetic bit-identical to Swift's (no fused multiply-adds).
//
// Usage: bgnbd_reference [--customers N] [--periods H] [--threads T] [--seed S] [--replication R]
// Prints one JSON line on stdout.

#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "keyed_random.h"

// ---- Scenario (Tests/Fixtures/perf-1m.yaml) ------------------------------------------------
static const double R_SHAPE = 0.9, R_RATE = 0.8;          // λ ~ Gamma(r, rate α)
static const double BETA_A = 0.8, BETA_B = 2.4;           // p ~ Beta(a, b)
static const double GG_P = 6.25, GG_Q = 3.74, GG_G = 15.44; // spend ~ Gamma(n·p, rate ν), ν ~ Gamma(q, rate γ)
static const double MARGIN = 0.3, COST_TO_SERVE = 1.0, ANNUAL_DISCOUNT = 0.10;
static const double PERIODS_PER_YEAR = 12;

// Customers per chunk: as CLVLab's SimulationEngine.chunkSize; per-chunk sums merged in chunk
// order make the checksums identical for any thread count.
#define CHUNK 4096

// ---- Keys: Stochastic's CustomerKey --------------------------------------------------------
static inline uint64_t mix64(uint64_t x) {
    uint64_t z = x + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t customer_key(uint64_t seed, uint64_t replication, uint64_t customer) {
    uint64_t h = mix64(seed ^ 0x243f6a8885a308d3ULL);
    h = mix64(h ^ replication);
    return mix64(h ^ (customer * 0x9e3779b97f4a7c15ULL));
}

// The inner mix depends on (period, purpose) only, so it can be tabulated per period.
static inline uint64_t period_mix(uint64_t period, uint64_t purpose) {
    return mix64((period << 16) ^ purpose ^ 0x13198a2e03707344ULL);
}

// CustomerKey.stream(period:purpose:).
static inline uint64_t stream_key(uint64_t customer, uint64_t period, uint64_t purpose) {
    return mix64(customer ^ period_mix(period, purpose));
}

enum { PURPOSE_TRAITS = 1, PURPOSE_ACTIVITY = 2 };

// ---- KeyedStream's samplers ----------------------------------------------------------------
// Poisson: sequential-search inversion for mean ≤ 30, GSL above (KeyedStream.poisson):
//     k = 0; p = exp(−mean); cdf = p
//     while u > cdf { k += 1; p *= mean / k; cdf += p; if p < 1e-300 && k > mean { break } }
// λ is fixed for the customer, so the CDF sequence is the same in every period: it is built
// lazily, once per customer, by exactly those operations and then only compared against. The
// draws are bit-identical to KeyedStream's, without its exp() and division chain per period.
#define CDF_CAP 64
typedef struct {
    double mean;
    double p;       // pmf at n − 1 (the search's running term)
    long n;         // cdf[0 ..< n] computed
    long stop;      // index where the search's tail cut-off fires, or −1
    double cdf[CDF_CAP];
} poisson_cdf;

static inline void poisson_cdf_init(poisson_cdf *c, double mean) {
    c->mean = mean;
    c->p = exp(-mean);
    c->cdf[0] = c->p;
    c->n = 1;
    c->stop = -1;
}

// For 0 < mean ≤ 30 (the caller checks).
static inline long poisson_inverse(gsl_rng *r, poisson_cdf *c) {
    const double u = ckr_uniform_open(r);
    long k = 0;
    for (;;) {
        if (k == c->stop || !(u > c->cdf[k])) return k;
        k += 1;
        if (k == c->n) {
            if (k == CDF_CAP) break;
            c->p *= c->mean / (double)k;
            c->cdf[k] = c->cdf[k - 1] + c->p;
            c->n = k + 1;
            if (c->p < 1e-300 && (double)k > c->mean) c->stop = k;
        }
    }
    // Beyond the cache (u in the far tail): continue the plain search.
    double p = c->p, cdf = c->cdf[CDF_CAP - 1];
    k = CDF_CAP - 1;
    while (u > cdf) {
        k += 1;
        p *= c->mean / (double)k;
        cdf += p;
        if (p < 1e-300 && (double)k > c->mean) break;
    }
    return k;
}

// Geometric on {1, 2, …} by inversion: ⌈log u / log(1 − p)⌉ (KeyedStream.geometric), with
// `log1p_neg_p` = log1p(−p) hoisted by the caller.
static inline long geometric(gsl_rng *r, double p, double log1p_neg_p) {
    if (p >= 1) return 1;
    if (p <= 0) return INT64_MAX;
    const double u = ckr_uniform_open(r);
    const double k = ceil(log(u) / log1p_neg_p);
    if (k >= 9.0e18) return INT64_MAX;
    return k < 1 ? 1 : (long)k;
}

// ---- Simulation ----------------------------------------------------------------------------
typedef struct {
    double clv_sum;      // Σ gross CLV over the chunk's customers
    long purchases;      // Σ purchases
    long live_periods;   // Σ customer-periods alive (work actually done)
    long alive_end;      // customers alive after the last period
} chunk_totals;

typedef struct {
    long customers;
    int periods;
    uint64_t seed, replication;
    const double *discount; // (1+d)^−t at t−1
    const uint64_t *activity_mix; // period_mix(t, activity) at t−1
    long chunks;
    atomic_long next_chunk;
    chunk_totals *totals;
} job;

static void simulate_chunk(gsl_rng *r, const job *jb, long chunk) {
    const long lo = chunk * CHUNK;
    const long hi = lo + CHUNK < jb->customers ? lo + CHUNK : jb->customers;
    const int H = jb->periods;
    const double *disc = jb->discount;
    const uint64_t *amix = jb->activity_mix;
    const double lambda_scale = 1.0 / R_RATE, nu_scale = 1.0 / GG_G;
    chunk_totals acc = {0, 0, 0, 0};
    poisson_cdf pc = {.n = 0, .stop = -1};

    for (long i = lo; i < hi; i++) {
        const uint64_t key = customer_key(jb->seed, jb->replication, (uint64_t)i);
        // Traits, in CustomerTraits.drawTraits order: λ, p, ν.
        ckr_rekey(r, stream_key(key, 0, PURPOSE_TRAITS));
        const double lambda = gsl_ran_gamma(r, R_SHAPE, lambda_scale);
        const double p = gsl_ran_beta(r, BETA_A, BETA_B);
        const double spend_scale = 1.0 / gsl_ran_gamma(r, GG_Q, nu_scale); // 1/ν, as KeyedStream.gamma(rate: ν)
        const double leave = p < 1 ? p : 1;
        // Per-customer constants of the period draws (KeyedStream recomputes them each period).
        const int small_mean = lambda > 0 && lambda <= 30;
        if (small_mean) poisson_cdf_init(&pc, lambda);
        const double log1p_neg_leave = (leave > 0 && leave < 1) ? log1p(-leave) : 0;

        double clv = 0;
        int alive = 1;
        for (int t = 1; t <= H; t++) {
            ckr_rekey(r, mix64(key ^ amix[t - 1])); // = stream_key(key, t, activity)
            long n = small_mean ? poisson_inverse(r, &pc)
                   : lambda > 30 ? (long)gsl_ran_poisson(r, lambda) : 0;
            int dies = 0;
            double spend = 0;
            if (n > 0) {
                const long k = geometric(r, leave, log1p_neg_leave);
                if (k <= n) { n = k; dies = 1; }
                spend = gsl_ran_gamma(r, (double)n * GG_P, spend_scale);
            }
            clv += (spend * MARGIN - COST_TO_SERVE) * disc[t - 1];
            acc.purchases += n;
            acc.live_periods += 1;
            if (dies) { alive = 0; break; }
        }
        acc.clv_sum += clv;
        acc.alive_end += alive;
    }
    jb->totals[chunk] = acc;
}

static void *worker(void *arg) {
    job *jb = arg;
    gsl_rng *r = gsl_rng_alloc(ckr_keyed_type());
    if (!r) { fprintf(stderr, "gsl_rng_alloc failed\n"); exit(1); }
    for (;;) {
        const long c = atomic_fetch_add_explicit(&jb->next_chunk, 1, memory_order_relaxed);
        if (c >= jb->chunks) break;
        simulate_chunk(r, jb, c);
    }
    gsl_rng_free(r);
    return NULL;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long parse_long(const char *flag, const char *s, long min) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min) { fprintf(stderr, "bad value for %s: %s\n", flag, s); exit(2); }
    return v;
}

int main(int argc, char **argv) {
    const double t_start = now_seconds();
    long customers = 1000000, periods = 36, threads = 1, seed = 1, replication = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) { fprintf(stderr, "missing value for %s\n", a); return 2; }
        if (!strcmp(a, "--customers")) customers = parse_long(a, argv[++i], 1);
        else if (!strcmp(a, "--periods")) periods = parse_long(a, argv[++i], 1);
        else if (!strcmp(a, "--threads")) threads = parse_long(a, argv[++i], 1);
        else if (!strcmp(a, "--seed")) seed = parse_long(a, argv[++i], 0);
        else if (!strcmp(a, "--replication")) replication = parse_long(a, argv[++i], 0);
        else { fprintf(stderr, "usage: %s [--customers N] [--periods H] [--threads T] [--seed S] [--replication R]\n", argv[0]); return 2; }
    }
    gsl_set_error_handler_off(); // as CLVLab (GSL.prepare)

    // Discount factors (1+d)^−t, d = (1+annual)^(1/12) − 1 (ReplicationInputs.discountFactors).
    double *discount = malloc(sizeof(double) * (size_t)periods);
    const double d = pow(1 + ANNUAL_DISCOUNT, 1 / PERIODS_PER_YEAR) - 1;
    for (long t = 1; t <= periods; t++) discount[t - 1] = pow(1 + d, -(double)t);
    uint64_t *activity_mix = malloc(sizeof(uint64_t) * (size_t)periods);
    for (long t = 1; t <= periods; t++) activity_mix[t - 1] = period_mix((uint64_t)t, PURPOSE_ACTIVITY);

    job jb = {
        .customers = customers, .periods = (int)periods,
        .seed = (uint64_t)seed, .replication = (uint64_t)replication, .discount = discount,
        .activity_mix = activity_mix,
        .chunks = (customers + CHUNK - 1) / CHUNK,
    };
    atomic_init(&jb.next_chunk, 0);
    jb.totals = calloc((size_t)jb.chunks, sizeof(chunk_totals));
    if (threads > jb.chunks) threads = jb.chunks;

    const double t_sim = now_seconds();
    if (threads == 1) {
        worker(&jb);
    } else {
        pthread_t *tid = malloc(sizeof(pthread_t) * (size_t)threads);
        for (long k = 0; k < threads; k++) pthread_create(&tid[k], NULL, worker, &jb);
        for (long k = 0; k < threads; k++) pthread_join(tid[k], NULL);
        free(tid);
    }
    const double sim_seconds = now_seconds() - t_sim;

    chunk_totals sum = {0, 0, 0, 0};
    for (long c = 0; c < jb.chunks; c++) {
        sum.clv_sum += jb.totals[c].clv_sum;
        sum.purchases += jb.totals[c].purchases;
        sum.live_periods += jb.totals[c].live_periods;
        sum.alive_end += jb.totals[c].alive_end;
    }
    const double total_seconds = now_seconds() - t_start;
    printf("{\"implementation\":\"c-gsl-keyed\",\"customers\":%ld,\"periods\":%ld,\"threads\":%ld,"
           "\"seed\":%ld,\"replication\":%ld,"
           "\"simulation_seconds\":%.6f,\"total_seconds\":%.6f,\"customers_per_second\":%.1f,"
           "\"customer_periods_per_second\":%.1f,"
           "\"mean_gross_clv\":%.17g,\"total_purchases\":%ld,\"live_customer_periods\":%ld,"
           "\"alive_at_horizon\":%ld}\n",
           customers, periods, threads, seed, replication, sim_seconds, total_seconds,
           (double)customers / sim_seconds, (double)customers * (double)periods / sim_seconds,
           sum.clv_sum / (double)customers, sum.purchases, sum.live_periods, sum.alive_end);
    free(jb.totals);
    free(discount);
    free(activity_mix);
    return 0;
}
