/* The terminal UI's entry point. Everything curses lives behind this header. */
#ifndef SHEKARA_UI_H
#define SHEKARA_UI_H

#include "app/app.h"

/* Runs the login → home → ... loop until the user quits or a signal arrives; the
 * terminal is restored on every way out. Returns 0 after a quit, the signal's number
 * after SIGINT, SIGTERM or SIGHUP (the caller then dies of it, as a Unix program
 * should), negative on error. */
int ui_run(struct app *app);

#endif
