/* app/auditlog.c: verification, CSV export and the recent-activity list. */
#include "testutil.h"

#include "app/auditlog.h"

/* --- a small RFC 4180 reader, to check the export the way a spreadsheet would --- */

#define CSV_MAX_FIELDS  16
#define CSV_MAX_RECORDS 4096

struct csv {
	char *fields[CSV_MAX_RECORDS][CSV_MAX_FIELDS];
	int nfields[CSV_MAX_RECORDS];
	int n;
};

static void csv_free(struct csv *c)
{
	for (int r = 0; r < c->n; r++)
		for (int f = 0; f < c->nfields[r]; f++)
			free(c->fields[r][f]);
	free(c);
}

/* Strict: records end in CRLF, quotes only around whole fields. */
static struct csv *csv_parse(const char *s, size_t len)
{
	struct csv *c = calloc(1, sizeof(*c));
	assert_non_null(c);
	size_t i = 0;
	while (i < len) {
		assert_true(c->n < CSV_MAX_RECORDS);
		int r = c->n++;
		for (;;) {
			char *field = malloc(len + 1);
			assert_non_null(field);
			size_t k = 0;
			if (s[i] == '"') {
				i++;
				for (;;) {
					if (i >= len)
						fail_msg("unterminated quoted field");
					if (s[i] == '"') {
						if (i + 1 < len && s[i + 1] == '"') {
							field[k++] = '"';
							i += 2;
							continue;
						}
						i++;
						break;
					}
					field[k++] = s[i++];
				}
			} else {
				while (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
					if (s[i] == '"')
						fail_msg("bare quote in unquoted field");
					field[k++] = s[i++];
				}
			}
			field[k] = '\0';
			assert_true(c->nfields[r] < CSV_MAX_FIELDS);
			c->fields[r][c->nfields[r]++] = field;
			if (i < len && s[i] == ',') {
				i++;
				continue;
			}
			if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
				i += 2;
				break;
			}
			fail_msg("record %d does not end in CRLF", r + 1);
		}
	}
	return c;
}

struct export
{
	char *text;
	size_t len;
	int rc;
	struct error err;
};

static void export(struct app *app, const struct session *s, const char *since, struct export *x)
{
	x->text = NULL;
	x->len = 0;
	error_clear(&x->err);
	FILE *out = open_memstream(&x->text, &x->len);
	assert_non_null(out);
	x->rc = auditlog_export_csv(app, s, since, out, &x->err);
	fclose(out);
}

static const char *const header[] = { "seq",       "ts_utc",      "officer", "role",
				      "post",      "workstation", "action",  "object_type",
				      "object_id", "outcome",     "detail",  "hash" };

/* the record whose detail is d, or -1 */
static int find_detail(const struct csv *c, const char *d)
{
	for (int r = 1; r < c->n; r++)
		if (strcmp(c->fields[r][10], d) == 0)
			return r;
	return -1;
}

static void test_auditlog_export_csv_header_and_every_row(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "supervisor", &s);
	struct export x;
	export(app, &s, NULL, &x);
	TU_OK(x.rc, &x.err);

	const char *first_line = "seq,ts_utc,officer,role,post,workstation,action,object_type,"
				 "object_id,outcome,detail,hash\r\n";
	assert_int_equal(strncmp(x.text, first_line, strlen(first_line)), 0);

	struct csv *c = csv_parse(x.text, x.len);
	for (int f = 0; f < 12; f++)
		assert_string_equal(c->fields[0][f], header[f]);
	struct tu_audit *rows;
	size_t n = tu_all_audit(app->db, &rows);
	assert_int_equal(c->n, (int)n + 1);
	for (size_t r = 0; r < n; r++) {
		assert_int_equal(c->nfields[r + 1], 12);
		char seq[24], hex[65];
		snprintf(seq, sizeof(seq), "%lld", (long long)rows[r].seq);
		assert_string_equal(c->fields[r + 1][0], seq);
		assert_string_equal(c->fields[r + 1][1], rows[r].ts_utc);
		assert_string_equal(c->fields[r + 1][2], rows[r].officer);
		assert_string_equal(c->fields[r + 1][6], rows[r].action);
		for (int b = 0; b < AUDIT_HASH_LEN; b++)
			snprintf(hex + 2 * b, 3, "%02x", rows[r].hash[b]);
		assert_string_equal(c->fields[r + 1][11], hex);
	}
	free(rows);
	csv_free(c);
	free(x.text);
}

static void test_auditlog_export_csv_quotes_per_rfc4180(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "supervisor", &s);
	const char *tricky = "he said \"stop\", then\r\nleft\nagain";
	struct audit_event ev = { .action = "test.csv",
				  .object_type = "note",
				  .object_id = "a,b",
				  .outcome = "ok",
				  .detail = tricky };
	TU_OK(app_audit(app, &s, &ev, &err), &err);
	ev.detail = "plain";
	ev.object_id = "\"";
	TU_OK(app_audit(app, &s, &ev, &err), &err);

	struct export x;
	export(app, &s, NULL, &x);
	TU_OK(x.rc, &x.err);
	/* quotes doubled, the whole field quoted, line breaks kept inside */
	TU_CONTAINS(x.text, ",\"a,b\",ok,\"he said \"\"stop\"\", then\r\nleft\nagain\",");
	TU_CONTAINS(x.text, ",\"\"\"\",ok,plain,");

	struct csv *c = csv_parse(x.text, x.len);
	int r = find_detail(c, tricky);
	assert_true(r > 0);
	assert_int_equal(c->nfields[r], 12);
	assert_string_equal(c->fields[r][8], "a,b");
	r = find_detail(c, "plain");
	assert_true(r > 0);
	assert_string_equal(c->fields[r][8], "\"");
	csv_free(c);
	free(x.text);
}

static void test_auditlog_export_csv_respects_since(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_append_at(app->db, "2020-05-01T12:00:00.000Z", "officer", "old.event", "from 2020");
	tu_append_at(app->db, "2021-05-01T12:00:00.000Z", "officer", "old.event", "from 2021");
	tu_login(app, "supervisor", &s);

	struct export x;
	export(app, &s, "2021-01-01", &x);
	TU_OK(x.rc, &x.err);
	struct csv *c = csv_parse(x.text, x.len);
	assert_true(find_detail(c, "from 2021") > 0);
	assert_int_equal(find_detail(c, "from 2020"), -1);
	/* today's rows are after 2021 */
	assert_true(find_detail(c, "2021-01-01") > 0); /* the export's own row */
	csv_free(c);
	free(x.text);

	export(app, &s, "2021-05-01T12:00:00.000Z", &x);
	TU_OK(x.rc, &x.err);
	c = csv_parse(x.text, x.len);
	assert_true(find_detail(c, "from 2021") > 0);
	assert_int_equal(find_detail(c, "from 2020"), -1);
	csv_free(c);
	free(x.text);

	/* a date in the future: the header alone */
	export(app, &s, "2999-01-01", &x);
	TU_OK(x.rc, &x.err);
	c = csv_parse(x.text, x.len);
	assert_int_equal(c->n, 1);
	csv_free(c);
	free(x.text);
}

/* `audit export --since` documents YYYY-MM-DDTHH:MM:SSZ; a row written later in that
 * same second is at or after it and must be exported. */
static void test_auditlog_export_since_documented_timestamp_form_includes_that_second(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_append_at(app->db, "2021-05-01T11:59:59.900Z", "officer", "old.event", "just before");
	tu_append_at(app->db, "2021-05-01T12:00:00.400Z", "officer", "old.event", "in that second");
	tu_login(app, "supervisor", &s);
	struct export x;
	export(app, &s, "2021-05-01T12:00:00Z", &x);
	TU_OK(x.rc, &x.err);
	struct csv *c = csv_parse(x.text, x.len);
	int before = find_detail(c, "just before"), within = find_detail(c, "in that second");
	csv_free(c);
	free(x.text);
	assert_int_equal(before, -1);
	assert_true(within > 0);
}

static void test_auditlog_export_is_itself_audited(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "admin", &s);
	assert_int_equal(tu_count_audit(app->db, "audit.export", NULL), 0);
	struct export x;
	export(app, &s, NULL, &x);
	TU_OK(x.rc, &x.err);
	assert_int_equal(tu_count_audit(app->db, "audit.export", "ok"), 1);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "audit.export");
	assert_string_equal(r.officer, "admin");
	assert_string_equal(r.detail, "all");
	/* and the export shows itself */
	struct csv *c = csv_parse(x.text, x.len);
	assert_string_equal(c->fields[c->n - 1][6], "audit.export");
	csv_free(c);
	free(x.text);

	export(app, &s, "2026-01-01", &x);
	TU_OK(x.rc, &x.err);
	tu_last_audit(app->db, &r);
	assert_string_equal(r.detail, "2026-01-01");
	free(x.text);
}

static void test_auditlog_export_refused_for_officer_and_trainer(void **state)
{
	struct app *app = *state;
	static const char *const who[] = { "officer", "trainer" };
	for (int i = 0; i < 2; i++) {
		struct session s;
		tu_login(app, who[i], &s);
		struct export x;
		export(app, &s, NULL, &x);
		assert_int_equal(x.rc, -ERR_DENIED);
		assert_int_equal(x.err.code, ERR_DENIED);
		assert_int_equal(x.len, 0); /* not a byte of the trail */
		free(x.text);
		struct tu_audit r;
		tu_last_audit(app->db, &r);
		assert_string_equal(r.action, "access.denied");
		assert_string_equal(r.officer, who[i]);
		assert_string_equal(r.object_id, "export_audit");
	}
	assert_int_equal(tu_count_audit(app->db, "audit.export", NULL), 0);
}

static void test_auditlog_export_rejects_bad_date(void **state)
{
	struct app *app = *state;
	struct session s;
	tu_login(app, "supervisor", &s);
	static const char *const bad[] = { "2026-02-30", "yesterday", "2026-01-01T10:00:00",
					   "01.02.2026", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t rows = tu_query_int(app->db, "SELECT count(*) FROM audit");
		struct export x;
		export(app, &s, bad[i], &x);
		if (x.rc != -ERR_USAGE)
			fail_msg("date '%s' accepted (rc %d)", bad[i], x.rc);
		assert_int_equal(x.err.code, ERR_USAGE);
		TU_CONTAINS(x.err.msg, bad[i]);
		assert_int_equal(x.len, 0);
		free(x.text);
		assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM audit"), rows);
	}
}

static void test_auditlog_export_write_failure_is_reported(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "supervisor", &s);
	/* enough rows to overflow stdio's buffer mid-export */
	char detail[200];
	memset(detail, 'd', sizeof(detail) - 1);
	detail[sizeof(detail) - 1] = '\0';
	TU_OK(db_begin(app->db, &err), &err);
	struct audit_actor who;
	app_actor(app, &s, &who);
	struct audit_event ev = { .action = "bulk", .detail = detail };
	for (int i = 0; i < 300; i++)
		TU_OK(audit_append(app->db, &who, &ev, &err), &err);
	TU_OK(db_commit(app->db, &err), &err);

	FILE *full = fopen("/dev/full", "w");
	if (!full)
		skip();
	error_clear(&err);
	int rc = auditlog_export_csv(app, &s, NULL, full, &err);
	fclose(full);
	assert_true(rc < 0);
	assert_int_equal(err.code, ERR_IO);
	assert_true(err.msg[0] != '\0');
}

static void test_auditlog_recent_own_only_returns_only_own_rows(void **state)
{
	struct app *app = *state;
	struct session off, sup;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &off);
	tu_login(app, "supervisor", &sup);
	session_require(app, &off, PERM_VIEW_AUDIT, NULL); /* a denial of the officer's */
	tu_login(app, "admin", &sup);

	struct auditlog_line *lines;
	size_t n;
	TU_OK(auditlog_recent(app, &off, 1, 0, &lines, &n, &err), &err);
	assert_int_equal(n, 3); /* login, access.denied, audit.view */
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(lines[i].officer, "officer");
		if (i > 0)
			assert_true(lines[i].seq < lines[i - 1].seq);
	}
	/* the view itself is recorded first, so it heads the list */
	assert_string_equal(lines[0].action, "audit.view");
	assert_string_equal(lines[0].object, "audit officer");
	assert_string_equal(lines[1].action, "access.denied");
	assert_string_equal(lines[2].action, "login");
	free(lines);

	TU_OK(auditlog_recent(app, &off, 1, 2, &lines, &n, &err), &err);
	assert_int_equal(n, 2);
	free(lines);
}

static void test_auditlog_recent_all_needs_view_audit(void **state)
{
	struct app *app = *state;
	struct session off, sup;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &off);
	struct auditlog_line *lines = (struct auditlog_line *)1;
	size_t n = 7;
	assert_int_equal(auditlog_recent(app, &off, 0, 0, &lines, &n, &err), -ERR_DENIED);
	assert_int_equal(err.code, ERR_DENIED);
	assert_null(lines);
	assert_int_equal(n, 0);
	assert_int_equal(tu_count_audit(app->db, "audit.view", NULL), 0);

	tu_login(app, "supervisor", &sup);
	error_clear(&err);
	TU_OK(auditlog_recent(app, &sup, 0, 0, &lines, &n, &err), &err);
	assert_int_equal((int64_t)n, tu_query_int(app->db, "SELECT count(*) FROM audit"));
	int saw_officer = 0, saw_system = 0;
	for (size_t i = 0; i < n; i++) {
		saw_officer |= strcmp(lines[i].officer, "officer") == 0;
		saw_system |= strcmp(lines[i].officer, "-") == 0;
	}
	assert_true(saw_officer);
	assert_true(saw_system);
	assert_string_equal(lines[0].action, "audit.view");
	assert_string_equal(lines[0].object, "audit post");
	free(lines);
}

static void test_auditlog_verify_with_session_is_audited(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "supervisor", &s);
	struct audit_verify_result res;
	assert_int_equal(auditlog_verify(app, &s, &res, &err), 0);
	int64_t rows = res.rows;
	assert_int_equal(rows, tu_query_int(app->db, "SELECT count(*) FROM audit") - 1);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "audit.verify");
	assert_string_equal(r.outcome, "intact");
	assert_string_equal(r.officer, "supervisor");
	char want[32];
	snprintf(want, sizeof(want), "%lld rows", (long long)rows);
	assert_string_equal(r.detail, want);
}

static void test_auditlog_verify_without_session_adds_no_row(void **state)
{
	struct app *app = *state;
	struct error err;
	error_clear(&err);
	int64_t before = tu_query_int(app->db, "SELECT count(*) FROM audit");
	struct audit_verify_result res;
	assert_int_equal(auditlog_verify(app, NULL, &res, &err), 0);
	assert_int_equal(res.rows, before);
	assert_int_equal(tu_query_int(app->db, "SELECT count(*) FROM audit"), before);
}

static void test_auditlog_verify_refused_for_officer(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "officer", &s);
	struct audit_verify_result res;
	assert_int_equal(auditlog_verify(app, &s, &res, &err), -ERR_DENIED);
	assert_int_equal(tu_count_audit(app->db, "audit.verify", NULL), 0);
}

static void test_auditlog_verify_broken_chain_is_audited_as_broken(void **state)
{
	struct app *app = *state;
	struct session s;
	struct error err;
	error_clear(&err);
	tu_login(app, "admin", &s);
	assert_int_equal(tu_exec(app->db, "DROP TRIGGER audit_no_update"), SQLITE_OK);
	assert_int_equal(tu_exec(app->db, "UPDATE audit SET officer = 'nobody' WHERE seq = 2"),
			 SQLITE_OK);
	struct audit_verify_result res;
	assert_int_equal(auditlog_verify(app, &s, &res, &err), 1);
	assert_int_equal(res.bad_seq, 2);
	struct tu_audit r;
	tu_last_audit(app->db, &r);
	assert_string_equal(r.action, "audit.verify");
	assert_string_equal(r.outcome, "broken");
}

static void test_auditlog_describe_names_rows(void **state)
{
	(void)state;
	char buf[320];
	struct audit_verify_result res = { .kind = AUDIT_GAP, .expected_seq = 3, .bad_seq = 4 };
	auditlog_describe(&res, buf, sizeof(buf));
	TU_CONTAINS(buf, "3");
	TU_CONTAINS(buf, "4");
	struct audit_verify_result t = { .kind = AUDIT_TRUNCATED, .bad_seq = 8, .head_seq = 9 };
	auditlog_describe(&t, buf, sizeof(buf));
	TU_CONTAINS(buf, "7");
	TU_CONTAINS(buf, "9");
	static const enum audit_break kinds[] = { AUDIT_INTACT, AUDIT_HASH, AUDIT_HEAD_MISSING };
	for (size_t i = 0; i < 3; i++) {
		struct audit_verify_result k = { .kind = kinds[i] };
		buf[0] = '\0';
		auditlog_describe(&k, buf, sizeof(buf));
		assert_true(buf[0] != '\0');
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup_app, tu_teardown_app)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_auditlog_export_csv_header_and_every_row),
		T(test_auditlog_export_csv_quotes_per_rfc4180),
		T(test_auditlog_export_csv_respects_since),
		T(test_auditlog_export_since_documented_timestamp_form_includes_that_second),
		T(test_auditlog_export_is_itself_audited),
		T(test_auditlog_export_refused_for_officer_and_trainer),
		T(test_auditlog_export_rejects_bad_date),
		T(test_auditlog_export_write_failure_is_reported),
		T(test_auditlog_recent_own_only_returns_only_own_rows),
		T(test_auditlog_recent_all_needs_view_audit),
		T(test_auditlog_verify_with_session_is_audited),
		T(test_auditlog_verify_without_session_adds_no_row),
		T(test_auditlog_verify_refused_for_officer),
		T(test_auditlog_verify_broken_chain_is_audited_as_broken),
		cmocka_unit_test(test_auditlog_describe_names_rows),
	};
	return cmocka_run_group_tests_name("auditlog", tests, NULL, NULL);
}
