/* What app/training.c shares with app/training_results.c: a run's database seen as the
 * place travellers are screened, for a run and for the rehearsal of 'scenario check'. */
#ifndef SHEKARA_TRAINING_INTERNAL_H
#define SHEKARA_TRAINING_INTERNAL_H

#include "app/chip_job.h"
#include "app/training.h"
#include "app/training_chip.h"

struct rehearsal {
	struct app *app;          /* the run's database */
	const struct session *s;  /* the trainee in it */
	struct training_pki *pki; /* the run's CSCA and Document Signer */
	/* what training_rehearsal_open made and training_rehearsal_close removes */
	struct app own_app;
	struct session own_s;
	char dir[4096];
	char path[4200];
};

/* The folder of the trainers' database: where runs and exports go. */
void training_folder(struct app *app, char *out, size_t len);

/* A scenario's database in a temporary folder, with a trainee of its own. */
int training_rehearsal_open(const struct config *cfg, const struct scenario *sc,
			    struct rehearsal *rh, struct error *err);
void training_rehearsal_close(struct rehearsal *rh);

/* The chip of traveller t (not SCN_CHIP_NONE) as read at the booth: built, authenticated
 * with the database's trust store, composed against printed and audited. */
int training_chip_of(const struct rehearsal *rh, const struct scn_traveller *t,
		     const struct document *printed, struct chip_job_result **out,
		     struct error *err);

#endif
