/* What the benchmark programs share: a fast repeatable random stream (xorshift64; seed
 * it by setting rng_state) and a monotonic clock in milliseconds. */
#ifndef SHEKARA_BENCH_UTIL_H
#define SHEKARA_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

__attribute__((unused)) static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

__attribute__((unused)) static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#endif
