/* Settings of this workstation: $XDG_CONFIG_HOME/shekara/shekara.conf (ini), every key
 * also a command-line flag. The keys are one declarative table (config_keys), from which
 * the parser, the flags, `shekara --help` and the man page's list are all made. */
#ifndef SHEKARA_CONFIG_H
#define SHEKARA_CONFIG_H

#include <stddef.h>

#include "scanners/error.h"

struct config {
	char file[4096];              /* the config file read ("" when none) */
	char database[4096];          /* general.database */
	char language[16];            /* general.language: login screen language */
	char color[8];                /* ui.color: auto, always, never */
	char photo[8];                /* ui.photo: auto, symbols, sixel, kitty */
	int idle_logout;              /* ui.idle_logout: seconds, 0 = never */
	int max_failed_logins;        /* security.max_failed_logins */
	int min_password_length;      /* security.min_password_length */
	int list_stale_days;          /* lists.stale_after_days */
	char reader_device[256];      /* reader.device: serial MRZ reader, "" for none */
	char reader_baud_text[8];     /* reader.baud */
	char reader_format[8];        /* reader.format: "8N1", "7E1" ... */
	char sync_url[1024];          /* sync.url: where pull and push go, "" for none */
	int sync_interval;            /* sync.interval: minutes between background syncs, 0 never */
	char training_database[4096]; /* training.database: the trainers' database */
	char scenarios[4096]; /* training.scenarios: scenario files; "" beside the program */
	int training;         /* --training: open training_database instead of database */
};

enum config_type {
	CONFIG_PATH,
	CONFIG_OPTIONAL_PATH, /* may be empty: the feature is off */
	CONFIG_LANGUAGE,
	CONFIG_CHOICE,
	CONFIG_INT
};

struct config_key {
	const char *name; /* "section.key" */
	const char *flag; /* "--db" */
	const char *arg;  /* what the flag takes, for help: "PATH" */
	enum config_type type;
	size_t offset;       /* into struct config */
	size_t size;         /* of a string field */
	int min, max;        /* for CONFIG_INT */
	const char *choices; /* for CONFIG_CHOICE: "auto|always|never" */
	const char *help;    /* N_() */
};

extern const struct config_key config_keys[];
extern const size_t config_key_count;

/* Defaults: database under the data directory, English, colour when the terminal has
 * it, the face as a picture when the terminal says it shows them, 300 s idle logout,
 * lock after 5 failures, passwords of 10 or more characters. */
int config_defaults(struct config *cfg, struct error *err);
/* Reads the file when it exists; a missing file is not an error. */
int config_load_file(struct config *cfg, const char *path, struct error *err);
/* Parses ini text; origin names it in messages ("shekara.conf"). A bad line is reported
 * with its number and cfg keeps the values it had before the call. */
int config_parse(struct config *cfg, const char *text, size_t len, const char *origin,
		 struct error *err);
/* Sets one key by name ("ui.color") from text, validating it. */
int config_set(struct config *cfg, const char *name, const char *value, struct error *err);
const struct config_key *config_key_by_flag(const char *flag);
/* The value of a key as text, for display and for the audit of config changes. */
void config_value(const struct config *cfg, const struct config_key *key, char *buf, size_t len);
/* The default config file path. */
int config_default_path(char *buf, size_t len, struct error *err);

#endif
