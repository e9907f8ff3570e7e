/* Reading passwords: from the terminal with echo off, or from a file for provisioning
 * scripts. Never from the command line, where every user of the machine can read them
 * in the process list. */
#ifndef SHEKARA_SECRET_H
#define SHEKARA_SECRET_H

#include <stddef.h>

#include "scanners/error.h"

#define SECRET_MAX 256

/* Asks on /dev/tty; fails with a hint about file options when there is no terminal. */
int secret_prompt(const char *prompt, char *buf, size_t len, struct error *err);
/* Asks twice and insists the two agree. */
int secret_prompt_twice(const char *prompt, const char *again, char *buf, size_t len,
			struct error *err);
/* The first line of path ("-" for standard input), without its line ending. */
int secret_read_file(const char *path, char *buf, size_t len, struct error *err);
/* Parses a secret from raw file bytes: one line, no NUL byte, not empty. */
int secret_parse(const char *data, size_t n, char *buf, size_t len, struct error *err);
void secret_wipe(char *buf, size_t len);

#endif
