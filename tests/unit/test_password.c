/* app/password.c: scrypt hashes in "$scrypt$ln=15,r=8,p=1$SALT$HASH" form. */
#include "testutil.h"

#include <openssl/evp.h>
#include <time.h>

#include "app/password.h"

#define PREFIX "$scrypt$ln=15,r=8,p=1$"

static void hash_of(const char *password, char *out)
{
	struct error err;
	error_clear(&err);
	TU_OK(password_hash(password, out, PASSWORD_HASH_MAX, &err), &err);
}

static void test_password_hash_has_scrypt_prefix_and_base64_parts(void **state)
{
	(void)state;
	char h[PASSWORD_HASH_MAX];
	hash_of("correct horse battery", h);
	assert_int_equal(strncmp(h, PREFIX, strlen(PREFIX)), 0);
	const char *salt = h + strlen(PREFIX);
	const char *dollar = strchr(salt, '$');
	assert_non_null(dollar);
	/* 16 bytes of salt and 32 of hash, padded base64 */
	assert_int_equal(dollar - salt, 24);
	assert_int_equal(strlen(dollar + 1), 44);
	assert_null(strchr(dollar + 1, '$'));
}

static void test_password_verify_right_and_wrong(void **state)
{
	(void)state;
	char h[PASSWORD_HASH_MAX];
	hash_of("correct horse battery", h);
	assert_int_equal(password_verify("correct horse battery", h), 1);
	assert_int_equal(password_verify("correct horse batterY", h), 0);
	assert_int_equal(password_verify("correct horse battery ", h), 0);
	assert_int_equal(password_verify("", h), 0);
}

static void test_password_verify_unicode_password(void **state)
{
	(void)state;
	char h[PASSWORD_HASH_MAX];
	hash_of("шекара-қорғаныс", h);
	assert_int_equal(password_verify("шекара-қорғаныс", h), 1);
	assert_int_equal(password_verify("шекара-корганыс", h), 0);
}

static void test_password_same_password_hashes_differ_by_salt(void **state)
{
	(void)state;
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
	hash_of("same password", a);
	hash_of("same password", b);
	assert_string_not_equal(a, b);
	/* the salts differ, not just the encoding */
	assert_int_not_equal(strncmp(a + strlen(PREFIX), b + strlen(PREFIX), 24), 0);
	assert_int_equal(password_verify("same password", a), 1);
	assert_int_equal(password_verify("same password", b), 1);
}

static void test_password_hash_refuses_small_buffer(void **state)
{
	(void)state;
	char small[40];
	struct error err;
	error_clear(&err);
	assert_true(password_hash("whatever123", small, sizeof(small), &err) < 0);
	assert_int_not_equal(err.code, ERR_OK);
}

/* The cost is in the string, so hashes made with another cost still verify. */
static void test_password_verify_honours_cost_in_string(void **state)
{
	(void)state;
	unsigned char salt[16], key[32];
	for (int i = 0; i < 16; i++)
		salt[i] = (unsigned char)(i + 100);
	assert_int_equal(EVP_PBE_scrypt("low cost pw", 11, salt, sizeof(salt), 1u << 10, 4, 2,
					64u * 1024 * 1024, key, sizeof(key)),
			 1);
	char salt64[32], key64[48], stored[PASSWORD_HASH_MAX];
	EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
	EVP_EncodeBlock((unsigned char *)key64, key, sizeof(key));
	snprintf(stored, sizeof(stored), "$scrypt$ln=10,r=4,p=2$%s$%s", salt64, key64);
	assert_int_equal(password_verify("low cost pw", stored), 1);
	assert_int_equal(password_verify("low cost pX", stored), 0);
	/* the same salt and key under other parameters do not match */
	snprintf(stored, sizeof(stored), "$scrypt$ln=11,r=4,p=2$%s$%s", salt64, key64);
	assert_int_equal(password_verify("low cost pw", stored), 0);
}

static void test_password_verify_rejects_malformed_stored_strings(void **state)
{
	(void)state;
	char good[PASSWORD_HASH_MAX];
	hash_of("pw-1234567", good);
	const char *salt = good + strlen(PREFIX);
	const char *dollar = strchr(salt, '$');
	char saltpart[32], keypart[64];
	snprintf(saltpart, sizeof(saltpart), "%.*s", (int)(dollar - salt), salt);
	snprintf(keypart, sizeof(keypart), "%s", dollar + 1);

	char bad[32][PASSWORD_HASH_MAX];
	int n = 0;
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s", "");
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s", "pw-1234567");
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s", "$scrypt$");
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s", PREFIX);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s%s", PREFIX, saltpart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s%s$", PREFIX, saltpart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s$%s", PREFIX, keypart);
	/* wrong scheme name */
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$bcrypt$ln=15,r=8,p=1$%s$%s", saltpart, keypart);
	/* not base64 */
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s!!!!!!!!!!!!!!!!!!!!!!!!$%s", PREFIX, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s%s$%.40s@@@@", PREFIX, saltpart, keypart);
	/* base64 of the wrong length: 12-byte salt, 33-byte and 30-byte keys */
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%sAAAAAAAAAAAAAAAA$%s", PREFIX, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s%s$%.40sAAAAAAAA", PREFIX, saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s%s$%.40s", PREFIX, saltpart, keypart);
	/* not a multiple of 4 */
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s%s$%.43s", PREFIX, saltpart, keypart);
	/* trailing junk */
	snprintf(bad[n++], PASSWORD_HASH_MAX, "%s%s$%s$x", PREFIX, saltpart, keypart);
	/* absurd or broken costs: must not allocate terabytes or divide by nothing */
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=40,r=8,p=1$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=64,r=8,p=1$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=-1,r=8,p=1$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=0,r=8,p=1$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=15,r=0,p=1$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=15,r=8,p=0$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=15,r=100000,p=1$%s$%s", saltpart,
		 keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=15,r=8,p=99999$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=15,r=8$%s$%s", saltpart, keypart);
	snprintf(bad[n++], PASSWORD_HASH_MAX, "$scrypt$ln=x,r=8,p=1$%s$%s", saltpart, keypart);
	for (int i = 0; i < n; i++)
		if (password_verify("pw-1234567", bad[i]) != 0)
			fail_msg("accepted malformed stored string #%d '%s'", i, bad[i]);
	/* and the real one still works */
	assert_int_equal(password_verify("pw-1234567", good), 1);
}

static void encode_stored(char *out, size_t len, int ln, int r, int p, const char *pw)
{
	unsigned char salt[16], key[32];
	for (int i = 0; i < 16; i++)
		salt[i] = (unsigned char)(3 * i + 1);
	assert_int_equal(EVP_PBE_scrypt(pw, strlen(pw), salt, sizeof(salt), (uint64_t)1 << ln,
					(uint64_t)r, (uint64_t)p, 128u * 1024 * 1024, key,
					sizeof(key)),
			 1);
	char salt64[32], key64[48];
	EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
	EVP_EncodeBlock((unsigned char *)key64, key, sizeof(key));
	snprintf(out, len, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", ln, r, p, salt64, key64);
}

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Up to twice today's memory (64 MiB) verifies, so the cost can be raised once. */
static void test_password_verify_accepts_cost_up_to_64_mib(void **state)
{
	(void)state;
	char stored[PASSWORD_HASH_MAX];
	encode_stored(stored, sizeof(stored), 16, 8, 1, "raised cost pw");
	assert_int_equal(password_verify("raised cost pw", stored), 1);
}

/* A stored cost above 64 MiB is refused before any work is done: a tampered row must
 * not stall logins or exhaust memory. */
static void test_password_verify_refuses_costs_above_64_mib_without_computing(void **state)
{
	(void)state;
	char good[PASSWORD_HASH_MAX], t[PASSWORD_HASH_MAX];
	hash_of("pw-1234567", good);
	const char *tail = good + strlen(PREFIX);
	static const char *const costs[] = { "ln=17,r=16,p=1", "ln=16,r=16,p=1", "ln=17,r=8,p=1",
					     "ln=20,r=32,p=16", "ln=15,r=8,p=5" };
	for (size_t i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
		snprintf(t, sizeof(t), "$scrypt$%s$%s", costs[i], tail);
		double t0 = cpu_now();
		int ok = password_verify("pw-1234567", t);
		double spent = cpu_now() - t0;
		if (ok != 0)
			fail_msg("cost %s accepted", costs[i]);
		/* a 64 MiB scrypt takes well over this; a refusal takes microseconds */
		if (spent > 0.05)
			fail_msg("cost %s was computed (%.3f s) before being refused", costs[i],
				 spent);
	}
}

static void test_password_verify_rejects_tampered_hash_or_salt(void **state)
{
	(void)state;
	char h[PASSWORD_HASH_MAX], t[PASSWORD_HASH_MAX];
	hash_of("pw-1234567", h);
	size_t salt_at = strlen(PREFIX), key_at = salt_at + 25;

	memcpy(t, h, sizeof(t));
	t[key_at + 3] = t[key_at + 3] == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify("pw-1234567", t), 0);

	memcpy(t, h, sizeof(t));
	t[salt_at + 2] = t[salt_at + 2] == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify("pw-1234567", t), 0);
}

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An unknown user name must cost what a wrong password costs, or timing tells which
 * accounts exist. Measured in CPU time, with a wide margin for noisy machines. */
static void test_password_verify_dummy_costs_like_a_real_verify(void **state)
{
	(void)state;
	char h[PASSWORD_HASH_MAX];
	hash_of("pw-1234567", h);
	double t0 = cpu_seconds();
	assert_int_equal(password_verify("wrong-pw-12", h), 0);
	double t1 = cpu_seconds();
	password_verify_dummy("wrong-pw-12");
	double t2 = cpu_seconds();
	double real = t1 - t0, dummy = t2 - t1;
	if (dummy < real / 4)
		fail_msg("dummy verify took %.3f s, a real one %.3f s", dummy, real);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_has_scrypt_prefix_and_base64_parts),
		cmocka_unit_test(test_password_verify_right_and_wrong),
		cmocka_unit_test(test_password_verify_unicode_password),
		cmocka_unit_test(test_password_same_password_hashes_differ_by_salt),
		cmocka_unit_test(test_password_hash_refuses_small_buffer),
		cmocka_unit_test(test_password_verify_honours_cost_in_string),
		cmocka_unit_test(test_password_verify_rejects_malformed_stored_strings),
		cmocka_unit_test(test_password_verify_accepts_cost_up_to_64_mib),
		cmocka_unit_test(test_password_verify_refuses_costs_above_64_mib_without_computing),
		cmocka_unit_test(test_password_verify_rejects_tampered_hash_or_salt),
		cmocka_unit_test(test_password_verify_dummy_costs_like_a_real_verify),
	};
	return cmocka_run_group_tests_name("password", tests, NULL, NULL);
}
