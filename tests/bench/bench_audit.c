/* Benchmark: audit rows appended one transaction each (as the program does, with
 * synchronous=FULL: every row is on disk before the call returns), and verification of
 * the whole chain. Prints figures; asserts nothing (make bench). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/db.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/bench/audit.db";
	int rows = argc > 2 ? atoi(argv[2]) : 2000;
	unlink(path);
	struct db *db;
	struct error err;
	if (db_open(path, DB_OPEN_CREATE, &db, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	struct audit_actor who = { "officer", "officer", "BENCH-POST", "WS-1" };
	struct audit_event ev = { "login", "officer", "officer", "ok", "terminal" };
	double t0 = now();
	for (int i = 0; i < rows; i++) {
		if (db_begin(db, &err) < 0 || audit_append(db, &who, &ev, &err) < 0 ||
		    db_commit(db, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
	}
	double t1 = now();
	struct audit_verify_result res;
	if (audit_verify(db, &res, &err) != 0) {
		fprintf(stderr, "verify failed\n");
		return 1;
	}
	double t2 = now();
	printf("audit append (one fsynced transaction each): %d rows in %.2f s = %.0f rows/s, "
	       "%.2f ms/row\n",
	       rows, t1 - t0, rows / (t1 - t0), 1000 * (t1 - t0) / rows);
	printf("audit verify: %lld rows in %.3f s = %.0f rows/s\n", (long long)res.rows, t2 - t1,
	       (double)res.rows / (t2 - t1));
	db_close(&db);
	unlink(path);
	return 0;
}
