/* An officer's shift at the booth: opened at login with the direction of traffic and
 * the lane, closed at logout (any way the session ends). Every decision belongs to one. */
#ifndef SHEKARA_SHIFT_H
#define SHEKARA_SHIFT_H

#include "app/session.h"
#include "db/crossing.h"

/* direction: "entry" or "exit"; lane: 1-15 characters (letters, digits, '-').
 * Needs PERM_DECIDE. A shift the officer left open (a crash, a power cut) is closed
 * first with the reason "interrupted". Audited "shift.open". */
int shift_start(struct app *app, const struct session *s, const char *direction, const char *lane,
		struct shift_row *out, struct error *err);
/* The same from a channel: "terminal" (the booth, as shift_start) or "cli" (shekara
 * decide). A script never takes over a shift open at the booth: that is refused, so a
 * script cannot end the shift of an officer at work; a script's own shift left open
 * by a crash is closed as interrupted. */
int shift_start_from(struct app *app, const struct session *s, const char *channel,
		     const char *direction, const char *lane, struct shift_row *out,
		     struct error *err);
/* Closes the officer's open shift, if any, records the audit chain head in it and
 * audits "shift.close" (reason: logout, quit, idle, signal, locked, cli, or
 * interrupted for one a crash left open). 0 also when there was no open shift. */
int shift_end(struct app *app, const struct session *s, const char *reason, struct error *err);
/* The officer's open shift: 1 and out filled, 0 when none. */
int shift_current(struct app *app, const struct session *s, struct shift_row *out,
		  struct error *err);

#endif
