/* A screen is a table of operations (STYLE.md 1). The loop in screens/ui.c knows
 * screens only through this struct; a key handler says what happened and the loop
 * decides what to repaint (STYLE.md 2). */
#ifndef SHEKARA_SCREEN_H
#define SHEKARA_SCREEN_H

#include <time.h>
#include <wchar.h>

#include "app/app.h"
#include "app/session.h"
#include "app/training.h"
#include "db/crossing.h"
#include "scanners/document.h"

struct barcode_check;
struct sync_job;

enum ui_result {
	UI_IGNORED, /* not this screen's key: the loop may try its global keys */
	UI_HANDLED, /* done; repaint */
	UI_NEXT,    /* ui_goto() was called */
	UI_QUIT,    /* leave the program */
};

/* What a key does, for the key bar and the help screen. */
struct binding {
	const char *key;   /* "F10", "Enter", "L" (not translated) */
	const char *label; /* N_("Quit") */
};

struct area {
	int top, left, rows, cols;
};

struct ui;
struct chip_job_result;

struct screen {
	const char *name;
	int (*open)(struct ui *ui);
	void (*draw)(struct ui *ui, const struct area *a);
	/* ch is a character, or a curses key code when is_key */
	enum ui_result (*key)(struct ui *ui, wint_t ch, int is_key);
	void (*close)(struct ui *ui);
	/* called after every key and every tick_ms without one (devices to poll) */
	void (*tick)(struct ui *ui);
	int tick_ms;                    /* 0: the clock's one second */
	const struct binding *bindings; /* ends with {NULL, NULL} */
	int needs_session;
	int takes_text; /* letters go to input fields, so '?' is not help here */
};

struct ui {
	struct app *app;
	struct session session;
	int logged_in;
	const struct screen *current;
	const struct screen *next;
	const struct screen *back; /* where help and language return to */
	void *state;               /* the current screen's, from its open() */
	int audit_own;             /* audit screen: the officer's own rows only */
	char message[256];
	int message_error;
	time_t last_key;
	int list_age_days, list_stale;
	time_t list_age_checked;
	char sync_text[48];        /* the status bar's sync part, refreshed with the list age */
	char said_in[16];          /* the language those were written in */
	struct sync_job *sync_job; /* the background sync under way, or NULL */
	time_t sync_next;          /* when the next one starts */
	int sync_failed;           /* the last one failed: the status bar says so */
	struct shift_row shift;    /* the officer's open shift (id 0: none) */
	struct document pending;   /* scan → result: the document accepted for screening */
	int has_pending;
	/* scan → result: its chip read, when one finished (the result screen takes it) */
	struct chip_job_result *pending_chip;
	/* scan → result: the barcodes read with the document, compared with it */
	struct barcode_check *pending_codes;
	int n_pending_codes;
	int64_t case_id; /* queue → case */
	/* training: the run under way (NULL: none). While it lasts, app and session are
	 * the run's database and the trainee in it; the trainer's are kept here. */
	struct training_run *training;
	struct app *trainers;
	struct session trainer;
	struct training_feedback feedback; /* result → teaching point */
	int64_t score_run;                 /* → the score screen: which run */
	int64_t manifest_id;               /* manifests → one manifest */
};

void ui_goto(struct ui *ui, const struct screen *next);
void ui_message(struct ui *ui, int is_error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Ends the officer's session (audited) and returns to the login screen. */
void ui_logout(struct ui *ui, const char *reason);

extern const struct screen login_screen;
extern const struct screen home_screen;
extern const struct screen language_screen;
extern const struct screen help_screen;
extern const struct screen password_screen;
extern const struct screen accounts_screen;
extern const struct screen audit_screen;
extern const struct screen scan_screen;
extern const struct screen shift_screen;
extern const struct screen result_screen;
extern const struct screen queue_screen;
extern const struct screen case_screen;
extern const struct screen report_screen;
extern const struct screen training_screen;  /* the trainer picks scenario and trainee */
extern const struct screen briefing_screen;  /* a run's briefing, and its pause */
extern const struct screen teach_screen;     /* after each answer: the teaching point */
extern const struct screen score_screen;     /* one run's score (ui->score_run) */
extern const struct screen results_screen;   /* every run, per trainee */
extern const struct screen manifests_screen; /* vehicles and their manifests */
extern const struct screen manifest_screen;  /* one manifest's travellers */

/* Ends the run under way (abandoned unless every traveller was answered), gives the
 * terminal back to the trainer and, when show_score, goes to the run's score. */
void training_ui_end(struct ui *ui, int show_score);

#endif
