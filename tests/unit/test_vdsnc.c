/* scanners/vdsnc.c: RFC 8785 against the RFC's own examples, the ICAO TR's worked
 * example read field by field and its signature checked over the canonical bytes, the
 * holder, both base64 alphabets, DER and raw signatures, every refusal, and a seal
 * signed here with OpenSSL. Payloads sit in buffers of exactly their length, so the
 * ASan build catches a read past the end. */
#include "pki_testutil.h"

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include "scanners/vdsnc.h"

/* The worked example of the TR (type icao.vacc, issuer UTO), as signed by its authors:
 * "cer" is base64url without padding, "sigvl" a raw r‖s in base64url with padding. */
static const char SPEC_SEAL[] =
	"{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"},\"msg\":{\"uvci\":"
	"\"U32870\",\"pid\":{\"n\":\"Smith Bill\",\"dob\":\"1990-01-02\",\"sex\":\"M\",\"i\":"
	"\"A1234567Z\",\"ai\":\"L4567890Z\"},\"ve\":[{\"des\":\"XM68M6\",\"nam\":\"Comirnaty\","
	"\"dis\":\"RA01.0\",\"vd\":[{\"dvc\":\"2021-03-03\",\"seq\":1,\"ctr\":\"UTO\",\"adm\":"
	"\"RIVM\",\"lot\":\"VC35679\",\"dvn\":\"2021-03-24\"},{\"dvc\":\"2021-03-24\",\"seq\":2,"
	"\"ctr\":\"UTO\",\"adm\":\"RIVM\",\"lot\":\"VC87540\"}]}]}},\"sig\":{\"alg\":\"ES256\","
	"\"cer\":\"MIIBeTCCAR2gAwIBAgIBaDAMBggqhkjOPQQDAgUAMB0xCzAJBgNVBAYTAlVUMQ4wDAYDVQQDDAVV"
	"VCBDQTAeFw0yMTA0MDcwNDMwMjZaFw0yNjEwMDcwNDMwMjZaMBoxCzAJBgNVBAYTAlVUMQswCQYDVQQDEwIwNjB"
	"ZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABI5bRQ3-vabXhHAs2IPi-k9rP_TS2J8aq5fTtUG1iOwXdBxx2n6c38"
	"TJ2MzBWT5PHCKVlq5JOCyJ1nDlCPd1S2yjTzBNMBIGA1UdJQQLMAkGB2eBCAEBDgIwHwYDVR0jBBgwFoAUymyk"
	"snX8rywn0RH7nDq-Bs2QOqowFgYHZ4EIAQEGAgQLMAkCAQAxBBMCTlYwDAYIKoZIzj0EAwIFAANIADBFAiBVaa"
	"JVHvWLX756yAGt04C89ZEWGr-BsHDgaRb0EH3d9gIhAO2UNvLNhEoUWT1I_zj_cG5mh2U-lWCMBUQ3zSQqWUcs"
	"\",\"sigvl\":\"cxfyi2vq2XJfZF7ksEkIZJtKbGrRE570UZc_rNAlpfRHD_Xjq57r2h-QLvd_tCQGitsZevFmB"
	"0iXzEFdeeZ4zA==\"}}";

static const char SPEC_DATA_CANONICAL[] =
	"{\"hdr\":{\"is\":\"UTO\",\"t\":\"icao.vacc\",\"v\":1},\"msg\":{\"pid\":{\"ai\":"
	"\"L4567890Z\",\"dob\":\"1990-01-02\",\"i\":\"A1234567Z\",\"n\":\"Smith Bill\",\"sex\":"
	"\"M\"},\"uvci\":\"U32870\",\"ve\":[{\"des\":\"XM68M6\",\"dis\":\"RA01.0\",\"nam\":"
	"\"Comirnaty\",\"vd\":[{\"adm\":\"RIVM\",\"ctr\":\"UTO\",\"dvc\":\"2021-03-03\",\"dvn\":"
	"\"2021-03-24\",\"lot\":\"VC35679\",\"seq\":1},{\"adm\":\"RIVM\",\"ctr\":\"UTO\",\"dvc\":"
	"\"2021-03-24\",\"lot\":\"VC87540\",\"seq\":2}]}]}}";

static int parse_n(const char *json, size_t len, struct seal *s, char *why, size_t why_len)
{
	char *buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, json, len);
	int rc = vdsnc_parse(buf, len, s, why, why_len);
	free(buf);
	return rc;
}

static void parse_ok(const char *json, struct seal *s)
{
	char why[256] = "";
	if (parse_n(json, strlen(json), s, why, sizeof(why)) != 0)
		fail_msg("refused: %s\n%s", why, json);
	assert_int_equal(s->kind, SEAL_VDSNC);
}

static void parse_refused(const char *json, size_t len, const char *reason)
{
	struct seal s;
	char why[256] = "";
	memset(&s, 0xA5, sizeof(s));
	if (parse_n(json, len, &s, why, sizeof(why)) != -1)
		fail_msg("accepted: %.200s", json);
	TU_CONTAINS(why, reason);
	/* nothing owned, nothing left over */
	assert_int_equal(s.n_fields, 0);
	assert_null(s.sig.value);
	assert_null(s.sig.cert);
	assert_null(s.sig.data);
	assert_int_equal(s.person.have, 0);
}

static void canon_is(const char *json, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	char *buf = malloc(strlen(json) + 1);
	assert_non_null(buf);
	memcpy(buf, json, strlen(json));
	if (vdsnc_canonicalize(buf, strlen(json), &out, &len) != 0)
		fail_msg("not canonicalized: %s", json);
	free(buf);
	assert_int_equal(len, strlen(want));
	assert_string_equal(out, want);
	free(out);
}

static int canon_rc(const char *json)
{
	char *out = NULL;
	size_t len = 0;
	int rc = vdsnc_canonicalize(json, strlen(json), &out, &len);
	free(out);
	return rc;
}

/* A seal around a msg object, unsigned. */
static char *seal_with_msg(const char *type, const char *msg)
{
	size_t n = strlen(type) + strlen(msg) + 128;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "{\"data\":{\"hdr\":{\"t\":\"%s\",\"v\":1,\"is\":\"UTO\"},\"msg\":%s}}",
		 type, msg);
	return s;
}

/* --- RFC 8785 ----------------------------------------------------------------------- */

static void test_rfc8785_sorting_example_orders_names_by_utf16_code_units(void **state)
{
	(void)state;
	/* RFC 8785 3.2.3: U+1F600 (D83D DE00) sorts before U+FB33, U+0080 stays raw */
	canon_is("{\n  \"\\u20ac\": \"Euro Sign\",\n  \"\\r\": \"Carriage Return\",\n"
		 "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n  \"1\": \"One\",\n"
		 "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n  \"\\u0080\": \"Control\",\n"
		 "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n}",
		 "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
		 "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro "
		 "Sign\",\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\",\"\xEF\xAC\xB3\":\"Hebrew "
		 "Letter Dalet With Dagesh\"}");
}

static void test_rfc8785_main_example_escapes_strings_and_formats_numbers(void **state)
{
	(void)state;
	/* RFC 8785 3.2.2 and 3.2.4 */
	canon_is("{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
		 "0.000000000000000000000000001],\n  \"string\": "
		 "\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
		 "  \"literals\": [null, true, false]\n}",
		 "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,"
		 "1e-27],\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	/* the short escapes, and \u00xx in lower case for the other controls */
	canon_is("[\"\\b\\f\\n\\r\\t\\u0001\\u001F\\u007f\\u2028\"]",
		 "[\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7F\xE2\x80\xA8\"]");
	canon_is("[\"a\\u0000b\"]", "[\"a\\u0000b\"]");
}

static void test_rfc8785_number_table_in_ecmascript_form(void **state)
{
	(void)state;
	/* RFC 8785 appendix B: IEEE 754 bit patterns and their ES6 text */
	static const struct {
		uint64_t bits;
		const char *want;
	} cases[] = {
		{ 0x0000000000000000, "0" },
		{ 0x8000000000000000, "0" },
		{ 0x0000000000000001, "5e-324" },
		{ 0x8000000000000001, "-5e-324" },
		{ 0x7fefffffffffffff, "1.7976931348623157e+308" },
		{ 0xffefffffffffffff, "-1.7976931348623157e+308" },
		{ 0x4340000000000000, "9007199254740992" },
		{ 0xc340000000000000, "-9007199254740992" },
		{ 0x4430000000000000, "295147905179352830000" },
		{ 0x44b52d02c7e14af5, "9.999999999999997e+22" },
		{ 0x44b52d02c7e14af6, "1e+23" },
		{ 0x44b52d02c7e14af7, "1.0000000000000001e+23" },
		{ 0x444b1ae4d6e2ef4e, "999999999999999700000" },
		{ 0x444b1ae4d6e2ef4f, "999999999999999900000" },
		{ 0x444b1ae4d6e2ef50, "1e+21" },
		{ 0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7" },
		{ 0x3eb0c6f7a0b5ed8d, "0.000001" },
		{ 0x41b3de4355555553, "333333333.3333332" },
		{ 0x41b3de4355555554, "333333333.33333325" },
		{ 0x41b3de4355555555, "333333333.3333333" },
		{ 0x41b3de4355555556, "333333333.3333334" },
		{ 0x41b3de4355555557, "333333333.33333343" },
		{ 0xbecbf647612f3696, "-0.0000033333333333333333" },
		{ 0x43143ff3c1cb0959, "1424953923781206.2" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double d;
		memcpy(&d, &cases[i].bits, sizeof(d));
		char in[64], want[64];
		snprintf(in, sizeof(in), "[%.17g]", d); /* reads back as the same double */
		snprintf(want, sizeof(want), "[%s]", cases[i].want);
		canon_is(in, want);
	}
	/* integers as written, and the ones json-c would clamp to 64 bits */
	canon_is("[0,-0,1,-1,100,1E2,12345678901234567,9007199254740993]",
		 "[0,0,1,-1,100,100,12345678901234568,9007199254740992]");
	canon_is("[18446744073709551616,-99999999999999999999999,1e21,1e-7,1.5e-6]",
		 "[18446744073709552000,-1e+23,1e+21,1e-7,0.0000015]");
}

static void test_numbers_that_are_not_finite_doubles_are_refused(void **state)
{
	(void)state;
	assert_int_equal(canon_rc("[1e400]"), -1);
	assert_int_equal(canon_rc("[-1e309]"), -1);
	assert_int_equal(canon_rc("[NaN]"), -1);
	assert_int_equal(canon_rc("[Infinity]"), -1);
	assert_int_equal(canon_rc("[-Infinity]"), -1);
	/* an underflow is a double: zero */
	canon_is("[1e-400]", "[0]");
}

static void test_canonical_form_is_a_fixed_point(void **state)
{
	(void)state;
	canon_is(SPEC_DATA_CANONICAL, SPEC_DATA_CANONICAL);
	canon_is(" \t\r\n{ \"b\" : [ ] , \"a\" : { } } \n", "{\"a\":{},\"b\":[]}");
	canon_is("\"top\"", "\"top\"");
	canon_is("42", "42");
	canon_is("true", "true");
}

static void test_strict_json_only(void **state)
{
	(void)state;
	/* json-c takes each of these; RFC 8259 and I-JSON do not */
	static const char *const bad[] = {
		"{'a':1}",
		"{\"a\":1,}",
		"[1,]",
		"[1.]",
		"[.5]",
		"[01]",
		"[+1]",
		"[0x10]",
		"[\"a\tb\"]",
		"[\"\\ud800\"]",
		"[\"\\udc00\"]",
		"[\"\\ud800\\u0041\"]",
		"[\"\\x\"]",
		"{\"a\":1,\"a\":2}",
		"{\"\\u0061\":1,\"a\":2}",
		"[tru]",
		"[TRUE]",
		"\xEF\xBB\xBF{}",
		"{} {}",
		"[/*c*/1]",
		"[\"\xC0\xAF\"]",
		"[\"\xED\xA0\x80\"]",
		"[\"\xF4\x90\x80\x80\"]",
		"[\"\xFF\"]",
		"{\"a\\u0000\":1}",
		"",
		"   ",
		"{\"a\" 1}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (canon_rc(bad[i]) != -1)
			fail_msg("accepted: %s", bad[i]);
	/* and NUL bytes, which a C string cannot show */
	char *out = NULL;
	size_t len;
	assert_int_equal(vdsnc_canonicalize("[1]\0", 4, &out, &len), -1);
	assert_int_equal(vdsnc_canonicalize("[\"\0\"]", 5, &out, &len), -1);
	assert_null(out);
}

static void test_nesting_of_16_is_read_and_17_refused(void **state)
{
	(void)state;
	char in[64] = "";
	for (int i = 0; i < 16; i++)
		in[i] = '[', in[17 + i] = ']';
	in[16] = '1';
	canon_is(in, in);
	memset(in, 0, sizeof(in));
	for (int i = 0; i < 17; i++)
		in[i] = '[', in[18 + i] = ']';
	in[17] = '1';
	assert_int_equal(canon_rc(in), -1);
	/* in a seal the outer object counts: data, msg and 13 more is 16 */
	char msg[64] = "";
	for (int i = 0; i < 13; i++)
		msg[i] = '[', msg[14 + i] = ']';
	msg[13] = '1';
	char body[128];
	snprintf(body, sizeof(body), "{\"x\":%s}", msg);
	char *ok = seal_with_msg("icao.vacc", body);
	struct seal s;
	parse_ok(ok, &s);
	assert_string_equal(seal_field(&s, "msg.x[0][0][0][0][0][0][0][0][0][0][0][0][0]"), "1");
	seal_free(&s);
	free(ok);
	snprintf(body, sizeof(body), "{\"x\":[%s]}", msg);
	char *deep = seal_with_msg("icao.vacc", body);
	parse_refused(deep, strlen(deep), "nested deeper than 16");
	free(deep);
}

/* --- the TR's example --------------------------------------------------------------- */

static void test_spec_vaccination_seal_read_field_by_field(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(SPEC_SEAL, &s);
	assert_string_equal(s.type, "icao.vacc");
	assert_string_equal(s.version, "1");
	assert_string_equal(s.issuer, "UTO");
	static const char *const want[][2] = {
		{ "msg.uvci", "U32870" },
		{ "msg.pid.n", "Smith Bill" },
		{ "msg.pid.dob", "1990-01-02" },
		{ "msg.pid.sex", "M" },
		{ "msg.pid.i", "A1234567Z" },
		{ "msg.pid.ai", "L4567890Z" },
		{ "msg.ve[0].des", "XM68M6" },
		{ "msg.ve[0].nam", "Comirnaty" },
		{ "msg.ve[0].dis", "RA01.0" },
		{ "msg.ve[0].vd[0].dvc", "2021-03-03" },
		{ "msg.ve[0].vd[0].seq", "1" },
		{ "msg.ve[0].vd[0].ctr", "UTO" },
		{ "msg.ve[0].vd[0].adm", "RIVM" },
		{ "msg.ve[0].vd[0].lot", "VC35679" },
		{ "msg.ve[0].vd[0].dvn", "2021-03-24" },
		{ "msg.ve[0].vd[1].dvc", "2021-03-24" },
		{ "msg.ve[0].vd[1].seq", "2" },
		{ "msg.ve[0].vd[1].ctr", "UTO" },
		{ "msg.ve[0].vd[1].adm", "RIVM" },
		{ "msg.ve[0].vd[1].lot", "VC87540" },
	};
	assert_int_equal(s.n_fields, sizeof(want) / sizeof(want[0]));
	for (int i = 0; i < s.n_fields; i++) {
		assert_string_equal(s.fields[i].name, want[i][0]);
		assert_string_equal(s.fields[i].value, want[i][1]);
	}
	assert_true(s.sig.present);
	assert_string_equal(s.sig.alg, "ES256");
	assert_int_equal(s.sig.format, SEAL_SIG_RAW);
	assert_int_equal(s.sig.value_len, 64);
	assert_int_equal(s.sig.cert[0], 0x30);
	assert_int_equal(s.sig.data_len, strlen(SPEC_DATA_CANONICAL));
	assert_memory_equal(s.sig.data, SPEC_DATA_CANONICAL, s.sig.data_len);
	seal_free(&s);
}

static void test_spec_seal_signature_verifies_over_the_canonical_data(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(SPEC_SEAL, &s);
	struct seal_check c;
	seal_verify(&s, NULL, 0, NULL, &c);
	assert_int_equal(c.signature, CHIP_PASSED);
	assert_int_equal(c.verdict, SEAL_UNTRUSTED); /* no anchors given */
	/* one byte of the message changed: the canonical bytes no longer match */
	char *t = strdup(SPEC_SEAL);
	assert_non_null(t);
	*strstr(t, "U32870") = 'V';
	seal_free(&s);
	parse_ok(t, &s);
	seal_verify(&s, NULL, 0, NULL, &c);
	assert_int_equal(c.verdict, SEAL_INVALID);
	seal_free(&s);
	free(t);
}

static void test_spec_seal_holder(void **state)
{
	(void)state;
	struct seal s;
	parse_ok(SPEC_SEAL, &s);
	const struct seal_person *p = &s.person;
	assert_int_equal(p->have,
			 SEAL_HAVE_NAME | SEAL_HAVE_BIRTH | SEAL_HAVE_SEX | SEAL_HAVE_NUMBER);
	assert_string_equal(p->surname, "SMITH");
	assert_string_equal(p->given_names, "BILL");
	assert_int_equal(p->birth.year, 1990);
	assert_int_equal(p->birth.month, 1);
	assert_int_equal(p->birth.day, 2);
	assert_int_equal(p->sex, 'M');
	assert_string_equal(p->number, "A1234567Z");
	assert_string_equal(p->nationality, "");
	seal_free(&s);
}

/* --- the holder --------------------------------------------------------------------- */

static void person_of(const char *type, const char *pid, struct seal *s)
{
	char msg[512];
	snprintf(msg, sizeof(msg), "{\"pid\":%s}", pid);
	char *t = seal_with_msg(type, msg);
	parse_ok(t, s);
	free(t);
}

static void test_double_blank_ends_a_surname_of_several_words(void **state)
{
	(void)state;
	struct seal s;
	person_of("icao.vacc", "{\"n\":\"CITIZEN  JANE SUE\",\"i\":\"pa0941262\"}", &s);
	assert_string_equal(s.person.surname, "CITIZEN");
	assert_string_equal(s.person.given_names, "JANE SUE");
	assert_string_equal(s.person.number, "PA0941262");
	assert_string_equal(seal_field(&s, "msg.pid.n"), "CITIZEN  JANE SUE");
	seal_free(&s);
	person_of("icao.vacc", "{\"n\":\"van der Berg   Anna Maria\"}", &s);
	assert_string_equal(s.person.surname, "VAN DER BERG");
	assert_string_equal(s.person.given_names, "ANNA MARIA");
	assert_int_equal(s.person.have, SEAL_HAVE_NAME);
	seal_free(&s);
	/* a single name, and controls that must not reach the screen */
	person_of("icao.vacc", "{\"n\":\"MADONNA\\u001b\\u0007\"}", &s);
	assert_string_equal(s.person.surname, "MADONNA");
	assert_string_equal(s.person.given_names, "");
	assert_string_equal(seal_field(&s, "msg.pid.n"), "MADONNA??");
	seal_free(&s);
}

static void test_proof_of_testing_takes_a_travel_document_number_only(void **state)
{
	(void)state;
	struct seal s;
	person_of(
		"icao.test",
		"{\"n\":\"Cook Gerald\",\"dob\":\"1990-01-29\",\"dt\":\"P\",\"dn\":\"E1234567P\"}",
		&s);
	assert_string_equal(s.person.surname, "COOK");
	assert_string_equal(s.person.number, "E1234567P");
	assert_int_equal(s.person.have, SEAL_HAVE_NAME | SEAL_HAVE_BIRTH | SEAL_HAVE_NUMBER);
	seal_free(&s);
	/* a driving licence number is no passport number */
	person_of("icao.test", "{\"n\":\"Cook Gerald\",\"dt\":\"D\",\"dn\":\"DL-99\"}", &s);
	assert_int_equal(s.person.have, SEAL_HAVE_NAME);
	assert_string_equal(seal_field(&s, "msg.pid.dn"), "DL-99");
	seal_free(&s);
}

static void test_partial_and_impossible_birth_dates(void **state)
{
	(void)state;
	static const struct {
		const char *dob;
		int y, m, d, have;
	} cases[] = {
		{ "1990-01-02", 1990, 1, 2, 1 }, { "1990-01", 1990, 1, 0, 1 },
		{ "1990", 1990, 0, 0, 1 },       { "1990-XX-XX", 1990, 0, 0, 1 },
		{ "1990-00-00", 1990, 0, 0, 1 }, { "2000-02-29", 2000, 2, 29, 1 },
		{ "1900-02-29", 0, 0, 0, 0 },    { "1990-13-01", 0, 0, 0, 0 },
		{ "1990-04-31", 0, 0, 0, 0 },    { "02.01.1990", 0, 0, 0, 0 },
		{ "1990-1-2", 0, 0, 0, 0 },      { "", 0, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char pid[128];
		snprintf(pid, sizeof(pid), "{\"n\":\"A B\",\"dob\":\"%s\"}", cases[i].dob);
		struct seal s;
		person_of("icao.vacc", pid, &s);
		assert_int_equal(!!(s.person.have & SEAL_HAVE_BIRTH), cases[i].have);
		if (cases[i].have) {
			assert_int_equal(s.person.birth.year, cases[i].y);
			assert_int_equal(s.person.birth.month, cases[i].m);
			assert_int_equal(s.person.birth.day, cases[i].d);
		}
		seal_free(&s);
	}
}

static void test_sex_and_number_are_taken_only_when_well_formed(void **state)
{
	(void)state;
	struct seal s;
	person_of("icao.vacc", "{\"n\":\"A B\",\"sex\":\"f\",\"i\":\"L898902C3\"}", &s);
	assert_int_equal(s.person.sex, 'F');
	assert_string_equal(s.person.number, "L898902C3");
	seal_free(&s);
	person_of("icao.vacc", "{\"n\":\"A B\",\"sex\":\"male\",\"i\":\"L89 8902\"}", &s);
	assert_int_equal(s.person.have, SEAL_HAVE_NAME);
	seal_free(&s);
	person_of("icao.vacc", "{\"n\":7,\"sex\":1,\"i\":[\"L898902C3\"]}", &s);
	assert_int_equal(s.person.have, 0);
	seal_free(&s);
}

static void test_unknown_type_is_listed_but_names_no_holder(void **state)
{
	(void)state;
	struct seal s;
	person_of("xx.visa", "{\"n\":\"SMITH BILL\",\"i\":\"L898902C3\"}", &s);
	assert_string_equal(s.type, "xx.visa");
	assert_int_equal(s.person.have, 0);
	assert_string_equal(seal_field(&s, "msg.pid.n"), "SMITH BILL");
	assert_int_equal(s.sig.present, 0);
	seal_free(&s);
}

/* --- fields ------------------------------------------------------------------------- */

static void test_leaves_of_every_kind_become_fields(void **state)
{
	(void)state;
	struct seal s;
	char *t = seal_with_msg("icao.vacc", "{\"a\":true,\"b\":null,\"c\":4.50,\"d\":{},\"e\":[],"
					     "\"f\":[\"x\",[false]],\"g\":\"\\u00e9\\n\"}");
	parse_ok(t, &s);
	static const char *const want[][2] = {
		{ "msg.a", "true" },        { "msg.b", "null" },      { "msg.c", "4.50" },
		{ "msg.d", "{}" },          { "msg.e", "[]" },        { "msg.f[0]", "x" },
		{ "msg.f[1][0]", "false" }, { "msg.g", "\xC3\xA9?" },
	};
	assert_int_equal(s.n_fields, 8);
	for (int i = 0; i < 8; i++) {
		assert_string_equal(s.fields[i].name, want[i][0]);
		assert_string_equal(s.fields[i].value, want[i][1]);
	}
	seal_free(&s);
	free(t);
	/* an empty message has one leaf: itself */
	t = seal_with_msg("icao.vacc", "{}");
	parse_ok(t, &s);
	assert_int_equal(s.n_fields, 1);
	assert_string_equal(s.fields[0].name, "msg");
	assert_string_equal(s.fields[0].value, "{}");
	seal_free(&s);
	free(t);
}

static void test_fields_past_the_limit_end_with_a_count(void **state)
{
	(void)state;
	char body[2048] = "{\"x\":[";
	for (int i = 0; i < SEAL_MAX_FIELDS + 12; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body), "%s%d", i ? "," : "", i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "]}");
	char *t = seal_with_msg("icao.vacc", body);
	struct seal s;
	parse_ok(t, &s);
	char name[32];
	assert_int_equal(s.n_fields, SEAL_MAX_FIELDS);
	snprintf(name, sizeof(name), "msg.x[%d]", SEAL_MAX_FIELDS - 2);
	assert_string_equal(s.fields[SEAL_MAX_FIELDS - 2].name, name);
	assert_string_equal(s.fields[SEAL_MAX_FIELDS - 1].name, "truncated");
	/* the leaves not shown: SEAL_MAX_FIELDS + 12 less the SEAL_MAX_FIELDS - 1 shown */
	assert_string_equal(s.fields[SEAL_MAX_FIELDS - 1].value, "13");
	seal_free(&s);
	free(t);
	/* exactly SEAL_MAX_FIELDS leaves fit without a count */
	snprintf(body, sizeof(body), "{\"x\":[1");
	for (int i = 1; i < SEAL_MAX_FIELDS; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body), ",1");
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "]}");
	t = seal_with_msg("icao.vacc", body);
	parse_ok(t, &s);
	assert_int_equal(s.n_fields, SEAL_MAX_FIELDS);
	snprintf(name, sizeof(name), "msg.x[%d]", SEAL_MAX_FIELDS - 1);
	assert_string_equal(s.fields[SEAL_MAX_FIELDS - 1].name, name);
	seal_free(&s);
	free(t);
}

static void test_long_and_hostile_member_names_are_cut_and_shown_printable(void **state)
{
	(void)state;
	char *t = seal_with_msg(
		"icao.vacc", "{\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\":{\"k\":1},"
			     "\"a\\u001b[31mb\":2,\"n\\u00e9\\u20ac\":3,\"\":4}");
	struct seal s;
	parse_ok(t, &s);
	assert_int_equal(s.n_fields, 4);
	assert_string_equal(s.fields[0].name, "msg.abcdefghijklmnopqrstuvwxyzabcdefghijklmn...");
	assert_int_equal(strlen(s.fields[0].name), SEAL_NAME - 1);
	assert_string_equal(s.fields[1].name, "msg.a?[31mb");
	assert_string_equal(s.fields[2].name, "msg.n??");
	assert_string_equal(s.fields[3].name, "msg.");
	seal_free(&s);
	free(t);
}

/* --- base64 and signatures ---------------------------------------------------------- */

static void decodes_to(const char *in, const char *want, size_t want_len)
{
	unsigned char *out = NULL;
	size_t len = 99;
	if (vdsnc_base64_decode(in, strlen(in), &out, &len) != 0)
		fail_msg("refused: '%s'", in);
	assert_int_equal(len, want_len);
	assert_memory_equal(out, want, want_len);
	free(out);
}

static void test_base64_and_base64url_padded_or_not(void **state)
{
	(void)state;
	/* 0xFB 0xFF 0xBF: the two alphabets differ in exactly these characters */
	decodes_to("+/+/", "\xFB\xFF\xBF", 3);
	decodes_to("-_-_", "\xFB\xFF\xBF", 3);
	decodes_to("+w==", "\xFB", 1);
	decodes_to("+w", "\xFB", 1);
	decodes_to("-w", "\xFB", 1);
	decodes_to("-w==", "\xFB", 1);
	decodes_to("+/8=", "\xFB\xFF", 2);
	decodes_to("-_8", "\xFB\xFF", 2);
	decodes_to("TWFu", "Man", 3);
	decodes_to("", "", 0);
}

static void test_base64_refuses_anything_else(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"+/-_", /* mixed alphabets */
		"TW Fu", "TWFu\n", "TW=u", "TWFu=", "TWFu==", "T",    "TWFuT", "TQ=",
		"TQ===", "=",      "====", "TR==",  "TWE=x",  "TWF=", /* 'F' leaves bits set */
		"TWFu*", "TWFu.",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned char *out = (unsigned char *)"x";
		size_t len = 7;
		if (vdsnc_base64_decode(bad[i], strlen(bad[i]), &out, &len) != -1)
			fail_msg("accepted: '%s'", bad[i]);
		assert_null(out);
		assert_int_equal(len, 0);
	}
}

static void b64url(const unsigned char *in, size_t len, int url, char *out, size_t out_len)
{
	assert_true(out_len > 4 * ((len + 2) / 3));
	int n = EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	assert_true(n >= 0);
	if (!url)
		return;
	for (int i = 0; i < n; i++)
		out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	while (n > 0 && out[n - 1] == '=')
		out[--n] = '\0';
}

static struct seal signed_with(const unsigned char *sig, size_t sig_len, const char *alg)
{
	char sigvl[512], json[1024];
	b64url(sig, sig_len, 1, sigvl, sizeof(sigvl));
	snprintf(json, sizeof(json),
		 "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"},\"msg\":{}},"
		 "\"sig\":{\"alg\":\"%s\",\"sigvl\":\"%s\"}}",
		 alg, sigvl);
	struct seal s;
	parse_ok(json, &s);
	return s;
}

static void test_der_and_raw_signatures_are_told_apart(void **state)
{
	(void)state;
	unsigned char raw[64];
	for (int i = 0; i < 64; i++)
		raw[i] = (unsigned char)(i * 7 + 1);
	struct seal s = signed_with(raw, sizeof(raw), "ES256");
	assert_int_equal(s.sig.format, SEAL_SIG_RAW);
	assert_int_equal(s.sig.value_len, 64);
	assert_null(s.sig.cert);
	seal_free(&s);
	static const unsigned char der[] = { 0x30, 0x08, 0x02, 0x02, 0x00,
					     0x80, 0x02, 0x02, 0x01, 0x02 };
	s = signed_with(der, sizeof(der), "ES256");
	assert_int_equal(s.sig.format, SEAL_SIG_DER);
	seal_free(&s);
	/* a byte after it, a negative r, a zero s, a padded r, a long form length */
	static const unsigned char trailing[] = { 0x30, 0x06, 0x02, 0x01, 0x01,
						  0x02, 0x01, 0x01, 0x00 };
	static const unsigned char negative[] = { 0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01 };
	static const unsigned char zero[] = { 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00 };
	static const unsigned char padded[] = {
		0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01
	};
	static const unsigned char longlen[] = { 0x30, 0x81, 0x06, 0x02, 0x01,
						 0x01, 0x02, 0x01, 0x01 };
	const struct {
		const unsigned char *b;
		size_t n;
	} lax[] = { { trailing, sizeof(trailing) },
		    { negative, sizeof(negative) },
		    { zero, sizeof(zero) },
		    { padded, sizeof(padded) },
		    { longlen, sizeof(longlen) } };
	for (size_t i = 0; i < sizeof(lax) / sizeof(lax[0]); i++) {
		s = signed_with(lax[i].b, lax[i].n, "ES256");
		assert_int_equal(s.sig.format, SEAL_SIG_RAW);
		seal_free(&s);
	}
	/* an algorithm nobody can check is still read; seal_verify says so */
	s = signed_with(raw, sizeof(raw), "HS256");
	assert_string_equal(s.sig.alg, "HS256");
	seal_free(&s);
}

static void test_unsigned_seal_has_no_signature(void **state)
{
	(void)state;
	char *t = seal_with_msg("icao.vacc", "{\"uvci\":\"U1\"}");
	struct seal s;
	parse_ok(t, &s);
	assert_int_equal(s.sig.present, 0);
	assert_null(s.sig.data);
	assert_null(s.sig.value);
	struct seal_check c;
	seal_verify(&s, NULL, 0, NULL, &c);
	assert_int_equal(c.verdict, SEAL_UNSIGNED);
	seal_free(&s);
	free(t);
}

/* --- refusals ----------------------------------------------------------------------- */

static void test_every_refusal_has_a_reason(void **state)
{
	(void)state;
	static const char H[] = "\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"}";
	static const struct {
		const char *json;
		const char *why;
	} cases[] = {
		{ "not json", "not JSON" },
		{ "{\"data\":{}} trailing", "trailing garbage" },
		{ "{\"data\":{}}}", "trailing garbage" },
		{ "[1]", "not an object" },
		{ "{}", "'data' is missing" },
		{ "{\"data\":[]}", "'data' is not an object" },
		{ "{\"data\":{\"msg\":{}}}", "'data.hdr' is missing" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"}}}",
		  "'data.msg' is missing" },
		{ "{\"data\":{\"hdr\":\"x\",\"msg\":{}}}", "'data.hdr' is not an object" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"},\"msg\":[]}}",
		  "'data.msg' is not an object" },
		{ "{\"data\":{\"hdr\":{\"t\":1,\"v\":1,\"is\":\"UTO\"},\"msg\":{}}}",
		  "'data.hdr.t' is not a string" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":\"1\",\"is\":\"UTO\"},\"msg\":{}}"
		  "}",
		  "'data.hdr.v' is not an integer" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1.5,\"is\":\"UTO\"},\"msg\":{}}}",
		  "'data.hdr.v' is not an integer" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":-1,\"is\":\"UTO\"},\"msg\":{}}}",
		  "'data.hdr.v' is not a version number" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":5},\"msg\":{}}}",
		  "'data.hdr.is' is not a string" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"utopia\"},\"msg\":{}}}",
		  "'data.hdr.is' is not a state code" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao vacc\",\"v\":1,\"is\":\"UTO\"},\"msg\":{}}}",
		  "'data.hdr.t' is not a type name" },
		{ "{\"data\":{\"hdr\":{\"t\":\"\",\"v\":1,\"is\":\"UTO\"},\"msg\":{}}}",
		  "'data.hdr.t' is not a type name" },
		{ "{\"data\":{\"hdr\":{\"t\":\"x."
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
		  "\"v\":1,\"is\":\"UTO\"},\"msg\":{}}}",
		  "'data.hdr.t' is not a type name" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\",\"is\":\"D\"},"
		  "\"msg\":{}}}",
		  "duplicate member name" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":'UTO'},\"msg\":{}}}",
		  "not JSON" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":NaN,\"is\":\"UTO\"},\"msg\":{}}}",
		  "not JSON" },
		{ "{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"},\"msg\":{\"x\":"
		  "1e999}}}",
		  "out of range" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		parse_refused(cases[i].json, strlen(cases[i].json), cases[i].why);
	static const struct {
		const char *sig;
		const char *why;
	} sigs[] = {
		{ "[]", "'sig' is not an object" },
		{ "{\"sigvl\":\"TWFu\"}", "'sig.alg' is missing" },
		{ "{\"alg\":256,\"sigvl\":\"TWFu\"}", "'sig.alg' is not a string" },
		{ "{\"alg\":\"\",\"sigvl\":\"TWFu\"}", "'sig.alg' is empty" },
		{ "{\"alg\":\"ES256\"}", "'sig.sigvl' is missing" },
		{ "{\"alg\":\"ES256\",\"sigvl\":1}", "'sig.sigvl' is not a string" },
		{ "{\"alg\":\"ES256\",\"sigvl\":\"\"}", "'sig.sigvl' is empty" },
		{ "{\"alg\":\"ES256\",\"sigvl\":\"TW Fu\"}", "'sig.sigvl' is not base64" },
		{ "{\"alg\":\"ES256\",\"sigvl\":\"TWFu\",\"cer\":\"MI!I\"}",
		  "'sig.cer' is not base64" },
		{ "{\"alg\":\"ES256\",\"sigvl\":\"TWFu\",\"cer\":\"\"}", "'sig.cer' is empty" },
		{ "{\"alg\":\"ES256\",\"sigvl\":\"TWFu\",\"cer\":{}}",
		  "'sig.cer' is not a string" },
	};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		char json[512];
		snprintf(json, sizeof(json), "{\"data\":{%s,\"msg\":{}},\"sig\":%s}", H,
			 sigs[i].sig);
		parse_refused(json, strlen(json), sigs[i].why);
	}
	parse_refused("", 0, "empty payload");
	parse_refused("{\"data\":{}}\0", 12, "trailing garbage");
}

static void test_size_limit_is_16_kib(void **state)
{
	(void)state;
	char *big = malloc(VDSNC_MAX_INPUT + 2);
	assert_non_null(big);
	const char *head =
		"{\"data\":{\"hdr\":{\"t\":\"icao.vacc\",\"v\":1,\"is\":\"UTO\"},\"msg\":"
		"{\"x\":\"";
	const char *tail = "\"}}}";
	size_t h = strlen(head), t = strlen(tail);
	memcpy(big, head, h);
	memset(big + h, 'a', VDSNC_MAX_INPUT - h - t);
	memcpy(big + VDSNC_MAX_INPUT - t, tail, t);
	struct seal s;
	char why[128];
	assert_int_equal(parse_n(big, VDSNC_MAX_INPUT, &s, why, sizeof(why)), 0);
	seal_free(&s);
	/* one byte more, even a blank */
	big[VDSNC_MAX_INPUT] = ' ';
	parse_refused(big, VDSNC_MAX_INPUT + 1, "over the 16384");
	free(big);
}

static void test_blanks_around_the_payload_are_allowed(void **state)
{
	(void)state;
	char *t = seal_with_msg("icao.vacc", "{}");
	char padded[512];
	snprintf(padded, sizeof(padded), " \r\n%s\r\n", t);
	struct seal s;
	parse_ok(padded, &s);
	seal_free(&s);
	assert_true(vdsnc_looks_like(padded, strlen(padded)));
	assert_true(vdsnc_looks_like(t, strlen(t)));
	assert_false(vdsnc_looks_like("  [1]", 5));
	assert_false(vdsnc_looks_like("\xDC\x03", 2));
	assert_false(vdsnc_looks_like("M1SMITH/BILL", 12));
	assert_false(vdsnc_looks_like("   ", 3));
	assert_false(vdsnc_looks_like("", 0));
	free(t);
}

/* --- a seal signed here -------------------------------------------------------------- */

static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, int ca)
{
	X509 *x = X509_new();
	assert_non_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), ca ? 1 : 0x1234);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, (const unsigned char *)"UT", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	X509_gmtime_adj(X509_getm_notBefore(x), -86400);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365);
	X509_set_pubkey(x, key);
	X509 *by = issuer ? issuer : x;
	pki_add_ext(x, by, NID_subject_key_identifier, "hash");
	if (ca) {
		pki_add_ext(x, by, NID_basic_constraints, "critical,CA:TRUE");
		pki_add_ext(x, by, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		pki_add_ext(x, by, NID_authority_key_identifier, "keyid:always");
		pki_add_ext(x, by, NID_key_usage, "critical,digitalSignature");
	}
	assert_true(X509_sign(x, issuer_key, EVP_sha256()) > 0);
	return x;
}

static void test_seal_signed_here_verifies_over_what_was_signed(void **state)
{
	(void)state;
	EVP_PKEY *csca_key = EVP_EC_gen("P-256"), *key = EVP_EC_gen("P-256");
	assert_non_null(csca_key);
	assert_non_null(key);
	X509 *csca = make_cert("CSCA Utopia", csca_key, NULL, csca_key, 1);
	X509 *bsc = make_cert("Barcode Signer", key, csca, csca_key, 0);
	/* the issuer's data as its JCS library writes it */
	static const char canonical[] =
		"{\"hdr\":{\"is\":\"UTO\",\"t\":\"icao.vacc\",\"v\":1},\"msg\":{\"pid\":{\"dob\":"
		"\"1985-07\",\"i\":\"L898902C3\",\"n\":\"\xC3\x85STR\xC3\x96M  ANNA\"},\"uvci\":"
		"\"U\\\"1\\\\\",\"ve\":[{\"vd\":[{\"seq\":1}],\"x\":[1e+21,0.5]}]}}";
	unsigned char sig[128];
	size_t sig_len = sizeof(sig);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key), 1);
	assert_int_equal(EVP_DigestSign(ctx, sig, &sig_len, (const unsigned char *)canonical,
					strlen(canonical)),
			 1);
	EVP_MD_CTX_free(ctx);
	/* as a raw r‖s too */
	const unsigned char *p = sig;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)sig_len);
	assert_non_null(es);
	unsigned char raw[64];
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32), 32);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32), 32);
	ECDSA_SIG_free(es);
	unsigned char *cert = NULL;
	int cert_len = i2d_X509(bsc, &cert);
	unsigned char *anchor = NULL;
	int anchor_len = i2d_X509(csca, &anchor);
	assert_true(cert_len > 0 && anchor_len > 0);
	char cer[2048], sigvl[256];
	for (int variant = 0; variant < 4; variant++) {
		int der = variant & 1, url = variant >> 1;
		b64url(cert, (size_t)cert_len, url, cer, sizeof(cer));
		b64url(der ? sig : raw, der ? sig_len : sizeof(raw), url, sigvl, sizeof(sigvl));
		/* the same data in the barcode in another order and spacing */
		char json[4096];
		snprintf(json, sizeof(json),
			 "{ \"sig\": {\"sigvl\":\"%s\", \"cer\":\"%s\", \"alg\":\"ES256\"},\n"
			 "  \"data\": {\"msg\": {\"uvci\": \"U\\\"1\\u005c\", \"ve\": [{\"x\": "
			 "[1E21, "
			 "5.0e-1], \"vd\": [{\"seq\": 1.0e0}]}], \"pid\": {\"n\": "
			 "\"\\u00c5STR\xC3\x96M  ANNA\", \"i\": \"L898902C3\", \"dob\": "
			 "\"1985-07\"}},\n"
			 "   \"hdr\": {\"v\": 1, \"t\": \"icao.vacc\", \"is\": \"UTO\"}}}",
			 sigvl, cer);
		struct seal s;
		parse_ok(json, &s);
		assert_int_equal(s.sig.format, der ? SEAL_SIG_DER : SEAL_SIG_RAW);
		assert_int_equal(s.sig.data_len, strlen(canonical));
		assert_memory_equal(s.sig.data, canonical, s.sig.data_len);
		assert_int_equal(s.sig.cert_len, (size_t)cert_len);
		assert_memory_equal(s.sig.cert, cert, s.sig.cert_len);
		const unsigned char *const certs[] = { anchor };
		const size_t lens[] = { (size_t)anchor_len };
		struct chip_trust trust = { certs, lens, 1, NULL, NULL, 0 };
		struct seal_check c;
		seal_verify(&s, NULL, 0, &trust, &c);
		if (c.verdict != SEAL_VALID)
			fail_msg("variant %d: %s: %s", variant, seal_verdict_name(c.verdict),
				 c.reason);
		assert_string_equal(s.person.surname, "\xC3\x85STR\xC3\x96M");
		assert_string_equal(s.person.given_names, "ANNA");
		assert_int_equal(s.person.birth.month, 7);
		seal_free(&s);
		/* changed after signing */
		*strstr(json, "L898902C3") = 'M';
		parse_ok(json, &s);
		seal_verify(&s, NULL, 0, &trust, &c);
		assert_int_equal(c.verdict, SEAL_INVALID);
		seal_free(&s);
		/* an algorithm the workstation cannot check is read, and said so */
		memcpy(strstr(json, "\"ES256\""), "\"HS256\"", 7);
		parse_ok(json, &s);
		assert_string_equal(s.sig.alg, "HS256");
		seal_verify(&s, NULL, 0, &trust, &c);
		assert_int_equal(c.verdict, SEAL_UNSUPPORTED);
		seal_free(&s);
	}
	OPENSSL_free(cert);
	OPENSSL_free(anchor);
	X509_free(bsc);
	X509_free(csca);
	EVP_PKEY_free(key);
	EVP_PKEY_free(csca_key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8785_sorting_example_orders_names_by_utf16_code_units),
		cmocka_unit_test(test_rfc8785_main_example_escapes_strings_and_formats_numbers),
		cmocka_unit_test(test_rfc8785_number_table_in_ecmascript_form),
		cmocka_unit_test(test_numbers_that_are_not_finite_doubles_are_refused),
		cmocka_unit_test(test_canonical_form_is_a_fixed_point),
		cmocka_unit_test(test_strict_json_only),
		cmocka_unit_test(test_nesting_of_16_is_read_and_17_refused),
		cmocka_unit_test(test_spec_vaccination_seal_read_field_by_field),
		cmocka_unit_test(test_spec_seal_signature_verifies_over_the_canonical_data),
		cmocka_unit_test(test_spec_seal_holder),
		cmocka_unit_test(test_double_blank_ends_a_surname_of_several_words),
		cmocka_unit_test(test_proof_of_testing_takes_a_travel_document_number_only),
		cmocka_unit_test(test_partial_and_impossible_birth_dates),
		cmocka_unit_test(test_sex_and_number_are_taken_only_when_well_formed),
		cmocka_unit_test(test_unknown_type_is_listed_but_names_no_holder),
		cmocka_unit_test(test_leaves_of_every_kind_become_fields),
		cmocka_unit_test(test_fields_past_the_limit_end_with_a_count),
		cmocka_unit_test(test_long_and_hostile_member_names_are_cut_and_shown_printable),
		cmocka_unit_test(test_base64_and_base64url_padded_or_not),
		cmocka_unit_test(test_base64_refuses_anything_else),
		cmocka_unit_test(test_der_and_raw_signatures_are_told_apart),
		cmocka_unit_test(test_unsigned_seal_has_no_signature),
		cmocka_unit_test(test_every_refusal_has_a_reason),
		cmocka_unit_test(test_size_limit_is_16_kib),
		cmocka_unit_test(test_blanks_around_the_payload_are_allowed),
		cmocka_unit_test(test_seal_signed_here_verifies_over_what_was_signed),
	};
	return cmocka_run_group_tests_name("vdsnc", tests, NULL, NULL);
}
