#include "app/shift.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "scanners/clock.h"

static int lane_valid(const char *lane)
{
	size_t n = strlen(lane);
	if (n == 0 || n > 15)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)lane[i]) && lane[i] != '-')
			return 0;
	return 1;
}

static int audit_shift(struct app *app, const struct session *s, const char *action, int64_t id,
		       const char *detail, struct error *err)
{
	struct audit_actor who;
	app_actor(app, s, &who);
	char object[24];
	snprintf(object, sizeof(object), "%lld", (long long)id);
	struct audit_event ev = { .action = action,
				  .object_type = "shift",
				  .object_id = object,
				  .outcome = "ok",
				  .detail = detail };
	return audit_append(app->db, &who, &ev, err);
}

/* Inside a transaction: the close row goes into the chain first, so the head the shift
 * records is the one that includes its own closing. */
static int close_open(struct app *app, const struct session *s, const char *reason,
		      struct error *err)
{
	struct shift_row open;
	int found = shift_find_open(app->db, s->officer_id, &open, err);
	if (found <= 0)
		return found < 0 ? -ERR_IO : 0;
	char now[32], detail[64];
	clock_utc_iso(now, sizeof(now));
	snprintf(detail, sizeof(detail), "%s; %s lane %s", reason, open.direction, open.lane);
	if (audit_shift(app, s, "shift.close", open.id, detail, err) < 0 ||
	    shift_close(app->db, open.id, now, reason, err) < 0)
		return -ERR_IO;
	return 0;
}

int shift_start(struct app *app, const struct session *s, const char *direction, const char *lane,
		struct shift_row *out, struct error *err)
{
	return shift_start_from(app, s, "terminal", direction, lane, out, err);
}

/* Inside the transaction: a script may not end a shift open at the booth. */
static int script_may_start(struct app *app, const struct session *s, const char *channel,
			    struct error *err)
{
	struct shift_row open;
	int found = shift_find_open(app->db, s->officer_id, &open, err);
	if (found < 0)
		return -ERR_IO;
	if (found && strcmp(channel, "cli") == 0 && strcmp(open.channel, "terminal") == 0)
		return error_set(err, ERR_USAGE,
				 _("'%s' has shift %lld open at the booth; log out there first"),
				 s->username, (long long)open.id);
	return 0;
}

int shift_start_from(struct app *app, const struct session *s, const char *channel,
		     const char *direction, const char *lane, struct shift_row *out,
		     struct error *err)
{
	if (session_require(app, s, PERM_DECIDE, err) < 0)
		return -ERR_DENIED;
	if (!direction || (strcmp(direction, "entry") != 0 && strcmp(direction, "exit") != 0))
		return error_set(err, ERR_USAGE, _("choose the direction: entry or exit"));
	if (!lane || !lane_valid(lane))
		return error_set(err, ERR_USAGE,
				 _("lane '%s' is not valid: use up to 15 letters, digits or '-'"),
				 lane ? lane : "");
	memset(out, 0, sizeof(*out));
	out->officer_id = s->officer_id;
	snprintf(out->officer, sizeof(out->officer), "%s", s->username);
	snprintf(out->direction, sizeof(out->direction), "%s", direction);
	snprintf(out->lane, sizeof(out->lane), "%s", lane);
	snprintf(out->channel, sizeof(out->channel), "%s", channel);
	clock_utc_iso(out->opened_at, sizeof(out->opened_at));
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	char detail[64];
	snprintf(detail, sizeof(detail), "%s lane %s; %s", direction, lane, channel);
	/* a shift left open by a crash or a power cut ends here, said as such */
	int rc = script_may_start(app, s, channel, err);
	if (rc == 0 &&
	    (close_open(app, s, "interrupted", err) < 0 || shift_insert(app->db, out, err) < 0 ||
	     audit_shift(app, s, "shift.open", out->id, detail, err) < 0))
		rc = -ERR_IO;
	if (rc < 0) {
		db_rollback(app->db);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	if (db_commit(app->db, err) < 0) {
		memset(out, 0, sizeof(*out));
		return -ERR_IO;
	}
	return 0;
}

int shift_end(struct app *app, const struct session *s, const char *reason, struct error *err)
{
	if (!s || s->officer_id == 0)
		return 0;
	if (db_begin(app->db, err) < 0)
		return -ERR_IO;
	if (close_open(app, s, reason ? reason : "logout", err) < 0) {
		db_rollback(app->db);
		return -ERR_IO;
	}
	return db_commit(app->db, err);
}

int shift_current(struct app *app, const struct session *s, struct shift_row *out,
		  struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (!s || s->officer_id == 0)
		return 0;
	int found = shift_find_open(app->db, s->officer_id, out, err);
	return found < 0 ? -ERR_IO : found;
}
