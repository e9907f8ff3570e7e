#include "app/auditlog.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scanners/clock.h"
#include "app/text.h"
#include "i18n/i18n.h"

int auditlog_verify(struct app *app, const struct session *s, struct audit_verify_result *res,
		    struct error *err)
{
	if (s && session_require(app, s, PERM_VIEW_AUDIT, err) < 0)
		return -ERR_DENIED;
	int rc = audit_verify(app->db, res, err);
	if (rc >= 0 && s) {
		char detail[320];
		snprintf(detail, sizeof(detail), "%" PRId64 " rows%s%s", res->rows, rc ? "; " : "",
			 rc ? res->reason : "");
		struct audit_event ev = { .action = "audit.verify",
					  .object_type = "audit",
					  .object_id = "chain",
					  .outcome = rc ? "broken" : "intact",
					  .detail = detail };
		app_audit(app, s, &ev, NULL);
	}
	return rc;
}

void auditlog_describe(const struct audit_verify_result *res, char *buf, size_t len)
{
	switch (res->kind) {
	case AUDIT_INTACT:
		snprintf(buf, len, "%s", _("the chain is intact"));
		break;
	case AUDIT_GAP:
		snprintf(buf, len,
			 _("expected row %" PRId64 " next but found row %" PRId64
			   ": rows were deleted or renumbered"),
			 res->expected_seq, res->bad_seq);
		break;
	case AUDIT_HASH:
		snprintf(buf, len, "%s",
			 _("hash does not match the row and the rows before it: this row or "
			   "its order was changed"));
		break;
	case AUDIT_TRUNCATED:
		snprintf(buf, len,
			 _("chain ends at row %" PRId64 " but its head records row %" PRId64
			   ": rows were removed from the end"),
			 res->bad_seq - 1, res->head_seq);
		break;
	case AUDIT_HEAD_MISSING:
		snprintf(buf, len, "%s", _("the chain head is missing"));
		break;
	}
}

static int write_csv_row(const struct audit_row *r, void *ctx)
{
	FILE *out = ctx;
	char seq[24], hash[2 * AUDIT_HASH_LEN + 1] = "";
	snprintf(seq, sizeof(seq), "%" PRId64, r->seq);
	for (int i = 0; i < r->hash_len && i < AUDIT_HASH_LEN; i++)
		snprintf(hash + 2 * i, 3, "%02x", r->hash[i]);
	const char *fields[] = { seq,          r->ts_utc,      r->officer, r->role,
				 r->post,      r->workstation, r->action,  r->object_type,
				 r->object_id, r->outcome,     r->detail,  hash };
	size_t n = sizeof(fields) / sizeof(fields[0]);
	for (size_t i = 0; i < n; i++)
		text_csv_field(out, fields[i], i + 1 == n);
	return ferror(out) ? -ERR_IO : 0;
}

int auditlog_export_csv(struct app *app, const struct session *s, const char *since, FILE *out,
			struct error *err)
{
	time_t t;
	if (since && clock_parse_iso(since, &t) < 0)
		return error_set(err, ERR_USAGE,
				 _("'%s' is not a date; use YYYY-MM-DD or "
				   "YYYY-MM-DDTHH:MM:SSZ"),
				 since);
	if (session_require(app, s, PERM_EXPORT_AUDIT, err) < 0)
		return -ERR_DENIED;
	/* the export is recorded before it happens, so it shows in its own output */
	struct audit_event ev = { .action = "audit.export",
				  .object_type = "audit",
				  .object_id = "csv",
				  .outcome = "ok",
				  .detail = since ? since : "all" };
	if (app_audit(app, s, &ev, err) < 0)
		return -ERR_IO;
	fputs("seq,ts_utc,officer,role,post,workstation,action,object_type,object_id,outcome,"
	      "detail,hash\r\n",
	      out);
	struct audit_filter f = { .since = since };
	int rc = audit_foreach(app->db, &f, write_csv_row, out, err);
	if (rc > 0 || fflush(out) != 0)
		return error_set(err, ERR_IO, _("cannot write the export"));
	return rc;
}

struct collect {
	struct auditlog_line *rows;
	size_t n, cap;
};

static int collect_row(const struct audit_row *r, void *ctx)
{
	struct collect *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct auditlog_line *grown = realloc(c->rows, cap * sizeof(*grown));
		if (!grown)
			return -ERR_IO;
		c->rows = grown;
		c->cap = cap;
	}
	struct auditlog_line *l = &c->rows[c->n++];
	l->seq = r->seq;
	snprintf(l->ts_utc, sizeof(l->ts_utc), "%s", r->ts_utc);
	snprintf(l->officer, sizeof(l->officer), "%s", r->officer);
	snprintf(l->role, sizeof(l->role), "%s", r->role);
	snprintf(l->action, sizeof(l->action), "%s", r->action);
	snprintf(l->object, sizeof(l->object), "%s%s%s", r->object_type, *r->object_id ? " " : "",
		 r->object_id);
	snprintf(l->outcome, sizeof(l->outcome), "%s", r->outcome);
	snprintf(l->detail, sizeof(l->detail), "%s", r->detail);
	return 0;
}

int auditlog_recent(struct app *app, const struct session *s, int own_only, int limit,
		    struct auditlog_line **out, size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	enum perm need = own_only ? PERM_VIEW_OWN_ACTIVITY : PERM_VIEW_AUDIT;
	if (session_require(app, s, need, err) < 0)
		return -ERR_DENIED;
	struct audit_event ev = { .action = "audit.view",
				  .object_type = "audit",
				  .object_id = own_only ? s->username : "post",
				  .outcome = "ok" };
	if (app_audit(app, s, &ev, err) < 0)
		return -ERR_IO;
	struct collect c = { 0 };
	struct audit_filter f = { .officer = own_only ? s->username : NULL,
				  .newest_first = 1,
				  .limit = limit };
	int rc = audit_foreach(app->db, &f, collect_row, &c, err);
	if (rc != 0) {
		free(c.rows);
		return rc > 0 ? error_set(err, ERR_IO, _("out of memory")) : rc;
	}
	*out = c.rows;
	*n = c.n;
	return 0;
}
