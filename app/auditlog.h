/* The audit trail as people and tools see it: verification, CSV export and the list on
 * the audit screen, each with its role check, and each view itself audited. */
#ifndef SHEKARA_AUDITLOG_H
#define SHEKARA_AUDITLOG_H

#include <stdint.h>
#include <stdio.h>

#include "app/session.h"

/* s may be NULL for the command line's `audit verify`, which reads no personal data
 * and changes nothing. Returns 0 intact, 1 broken (see res), negative on error. */
int auditlog_verify(struct app *app, const struct session *s, struct audit_verify_result *res,
		    struct error *err);

/* What is wrong with a broken chain, in the officer's language. */
void auditlog_describe(const struct audit_verify_result *res, char *buf, size_t len);

/* Writes rows at or after since (YYYY-MM-DD or an ISO timestamp; NULL for all) as CSV
 * with a header line. Requires PERM_EXPORT_AUDIT; the export is audited. */
int auditlog_export_csv(struct app *app, const struct session *s, const char *since, FILE *out,
			struct error *err);

struct auditlog_line {
	int64_t seq;
	char ts_utc[32];
	char officer[64];
	char role[16];
	char action[48];
	char object[160];
	char outcome[32];
	char detail[200];
};

/* The newest rows first: everyone's (PERM_VIEW_AUDIT) or only the officer's own
 * (PERM_VIEW_OWN_ACTIVITY). free() the array. */
int auditlog_recent(struct app *app, const struct session *s, int own_only, int limit,
		    struct auditlog_line **out, size_t *n, struct error *err);

#endif
