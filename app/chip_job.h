/* A chip read in the background, for the scan screen: the officer keeps typing and the
 * screen keeps drawing while the chip is waited for and read, which takes seconds.
 *
 * The PC/SC conversation (scanners/chip.h) and the decoding of the face run on a
 * worker thread that touches neither the database nor the terminal. Everything that
 * needs the database happens on the caller's thread: the permission and the CSCA
 * trust store in chip_job_start(), the verdict against the printed MRZ and the audit
 * row ("chip.read") in chip_job_finish(). The worker waits for a reader and then for a
 * card as long as the job lives, so a document can be put on the reader at any time
 * after its MRZ was read. */
#ifndef SHEKARA_CHIP_JOB_H
#define SHEKARA_CHIP_JOB_H

#include "app/chip.h"
#include "app/session.h"
#include "scanners/document.h"
#include "scanners/image.h"

enum chip_job_state {
	CHIP_JOB_NO_READER, /* no PC/SC service or no reader yet: looked for every 2 s */
	CHIP_JOB_WAITING,   /* a reader, but no card on it */
	CHIP_JOB_READING,   /* files are coming in */
	CHIP_JOB_DONE,      /* the read ended: chip_job_finish() */
};

struct chip_job_status {
	enum chip_job_state state;
	int n_files; /* read so far, in order */
	enum chip_file_id files[CHIP_FILE_COUNT];
};

/* What the scan screen hands the result screen. */
struct chip_job_result {
	struct chip_check_result check;
	struct image face;      /* DG2's face, decoded; empty when there is none */
	char face_problem[512]; /* why a face the chip holds cannot be shown ("" otherwise) */
};

struct chip_job;

/* Starts reading the chip of printed (needs PERM_SCAN_DOCUMENTS and the MRZ fields the
 * access key is made of). 0 with *out; negative with err. */
int chip_job_start(struct app *app, const struct session *s, const struct document *printed,
		   struct chip_job **out, struct error *err);
/* Non-blocking: how far the job is. */
void chip_job_poll(struct chip_job *j, struct chip_job_status *out);
/* Once the state is CHIP_JOB_DONE: composes the verdict, audits the read and hands the
 * result over (*out, for chip_job_result_free); the job is freed and *j set to NULL,
 * also when the read cannot be audited (negative with err: it is then not shown).
 * Before that, -ERR_USAGE and the job stays the caller's. */
int chip_job_finish(struct app *app, const struct session *s, struct chip_job **j,
		    struct chip_job_result **out, struct error *err);
/* Gives the job up without waiting: a read under way ends on its own (every PC/SC
 * wait has a timeout), unaudited and unseen. Sets *j to NULL; safe on NULL. */
void chip_job_cancel(struct chip_job **j);
void chip_job_result_free(struct chip_job_result **r);

#endif
