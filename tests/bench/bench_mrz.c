/* Benchmark: MRZ parse + validate throughput on one core, for a valid TD3 (the ICAO
 * specimen, expiry moved into the future), a TD1 and a TD3 with a failing digit that
 * triggers the OCR suggestion search. Prints figures; asserts nothing (make bench). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scanners/mrz.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run(const char *label, const char *text, long n)
{
	struct document d;
	struct error err;
	size_t len = strlen(text);
	time_t today = time(NULL);
	long valid = 0;
	double t0 = now_s();
	for (long i = 0; i < n; i++) {
		if (mrz_parse(text, len, today, &d, &err) < 0)
			abort();
		valid += document_valid(&d);
	}
	double t = now_s() - t0;
	printf("mrz %-34s %8.0f documents/s (%.0f ns each, %ld runs, %ld valid)\n", label,
	       (double)n / t, 1e9 * t / (double)n, n, valid);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	run("TD3 valid (target >= 1,000,000/s):",
	    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	    "L898902C36UTO7408122F3404159ZE184226B<<<<<16\n",
	    n);
	run("TD1 valid:",
	    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F3404159UTO<<<<<<<<<<<2\n"
	    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
	    n);
	run("TD3 with an OCR error (suggestions):",
	    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	    "L898902C36UTO74O8122F3404159ZE184226B<<<<<16\n",
	    n / 4);
	return 0;
}
