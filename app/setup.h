/* Creating a workstation database: a real one with its first administrator, or the
 * embedded demo with an account per role and a few fictional watchlist entries. */
#ifndef SHEKARA_SETUP_H
#define SHEKARA_SETUP_H

#include "app/config.h"

struct setup_params {
	const char *post;
	const char *workstation;
	const char *admin_username;
	const char *admin_full_name;
	const char *admin_password;
	const char *language;
};

/* The file created: cfg->database, or with cfg->training the training database (setting
 * realm "training": it takes only training keys and bundles, and only training runs). */
const char *setup_path(const struct config *cfg);
/* Fails, leaving no file behind, when the database exists or a parameter is bad. */
int setup_create(const struct config *cfg, const struct setup_params *p, struct error *err);
/* The demo database at setup_path(cfg); every demo account's password is DEMO_PASSWORD.
 * The demo training database has the same accounts and two trainees (aibek, madina)
 * but no watchlists. */
int setup_create_demo(const struct config *cfg, struct error *err);

#define DEMO_PASSWORD "demo"

#endif
