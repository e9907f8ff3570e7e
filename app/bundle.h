/* Sync bundles and manifests (DESIGN.md "Sync"): the signed files that carry row changes
 * between the authority, headquarters and the crossings, by wire or on a USB stick.
 * This module only writes and verifies the files; what goes in them (changesets), how
 * they travel (transports) and in what order they are applied (sync) is elsewhere.
 *
 * BUNDLE, format 1. Bytes, in this order:
 *
 *   SHEKARA-BUNDLE 1\n
 *   kind: watchlist\n                       watchlist | records
 *   origin: HQ-NATIONAL\n                   [A-Za-z0-9._-]{1,63}: an authority or workstation
 *   realm: live\n                           live | training
 *   seq-from: 5\n                           1 .. 10^18-1
 *   seq-to: 5\n                             seq-from .. 10^18-1
 *   base: 4\n                               always seq-from - 1: where the receiver must be
 *   created: 2026-11-22T04:44:21Z\n         UTC, "YYYY-MM-DDTHH:MM:SS[.fff]Z"
 *   payload-length: 1234\n                  1 .. BUNDLE_MAX_PAYLOAD
 *   payload-sha256: <64 lower-case hex>\n   of the compressed payload
 *   key-id: <16 lower-case hex>\n           first 8 bytes of SHA-256(raw 32-byte public key)
 *   head-seq: 812\n                         records only: the sender's audit chain head,
 *   head-hash: <64 lower-case hex>\n        records only
 *   \n                                      the empty line ends the header
 *   payload                                 payload-length bytes: one zstd frame (level 19)
 *                                           holding a SQLite changeset
 *   signature                               64 bytes: Ed25519 over everything before it
 *
 * The header is ASCII, lines end in "\n" alone, and it is at most BUNDLE_HEADER_MAX
 * bytes including its empty line. Each line is "key: value": a key of [a-z0-9-],
 * exactly one space, a value of printable ASCII with no space at either end. Keys may
 * come in any order (the writer uses the one above); an unknown key, a key twice, a
 * missing key, head-* in a watchlist bundle, a number with a sign, leading zeros or more
 * than 18 digits, upper-case hex, or any byte after the signature are refused. A file
 * shorter than its header announces is "truncated".
 *
 * Verification order (bundle_read): syntax, length, key, realm, signature, payload hash,
 * decompression. The signature covers the payload, so a byte changed in transit is a
 * bad signature wherever it fell; the payload hash only catches a signer that stated
 * the hash of something else. Bundles signed by a replaced or revoked key are refused
 * (the ring holds active keys only; see app/keys.h).
 *
 * The bundle's name is the lower-case hex SHA-256 of the whole file followed by
 * ".bundle" (bundle_name): the same bytes have the same name and verify the same way
 * whether they came by HTTP or on a stick, and a name never has to be trusted.
 *
 * MANIFEST, format 1: the list of an origin's bundles, signed by the same kind of key.
 *
 *   SHEKARA-MANIFEST 1\n
 *   origin: HQ-NATIONAL\n
 *   realm: live\n
 *   latest: 7\n                             the highest SEQ below (0 when count is 0)
 *   created: 2026-11-22T04:44:21Z\n
 *   expires: 2026-11-29T04:44:21Z\n         not before created; judged by the caller
 *   key-id: <16 hex>\n
 *   count: 2\n                              0 .. MANIFEST_MAX_ITEMS
 *   bundle: 6 <name> 5120\n                 count lines "bundle: SEQ NAME SIZE" after the
 *   bundle: 7 <name> 880\n                  seven keys: SEQ is the bundle's seq-to, strictly
 *   \n                                      increasing; SIZE its file's bytes
 *   signature                               64 bytes: Ed25519 over everything before it
 *
 * The same rules as the bundle header hold; the seven keys come first (any order, at most
 * BUNDLE_HEADER_MAX bytes), the bundle lines after them.
 *
 * Every signed text of Shekara starts with its own magic line ("SHEKARA-BUNDLE 1",
 * "SHEKARA-MANIFEST 1", "SHEKARA-KEY 1" for app/keys.h), so a signature made for one
 * kind of file can never be passed off as another kind. */
#ifndef SHEKARA_APP_BUNDLE_H
#define SHEKARA_APP_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "scanners/error.h"

enum {
	BUNDLE_FORMAT = 1,
	BUNDLE_HEADER_MAX = 4096,               /* bytes, with the empty line */
	BUNDLE_SIG_LEN = 64,                    /* Ed25519 */
	BUNDLE_PUB_LEN = 32,                    /* raw Ed25519 public key */
	BUNDLE_NAME_LEN = 71,                   /* 64 hex + ".bundle" */
	BUNDLE_ZSTD_LEVEL = 19,                 /* the links are slow, the CPU is not the limit */
	BUNDLE_MAX_PAYLOAD = 256 * 1024 * 1024, /* compressed */
	BUNDLE_MAX_FILE = BUNDLE_HEADER_MAX + BUNDLE_MAX_PAYLOAD + BUNDLE_SIG_LEN,
	MANIFEST_MAX_ITEMS = 65536,
	MANIFEST_MAX_LEN = BUNDLE_HEADER_MAX + MANIFEST_MAX_ITEMS * 128 + BUNDLE_SIG_LEN,
};

/* the largest sequence number or count a header may carry: 18 decimal digits */
#define BUNDLE_MAX_NUMBER INT64_C(999999999999999999)

enum bundle_kind { BUNDLE_WATCHLIST, BUNDLE_RECORDS };

/* Why bundle_read or manifest_read refused a file: stable, for the orchestration, the
 * audit trail and JSON (bundle_refusal_name). Unknown key, wrong realm, bad signature
 * and payload hash are failed verifications (-ERR_FINDING); the others are malformed
 * input (-ERR_USAGE), the last two found only once the signature has verified. */
enum bundle_refusal {
	BUNDLE_OK,
	BUNDLE_SYNTAX,        /* "syntax": not a bundle, a malformed header, bytes after the end */
	BUNDLE_VERSION,       /* "version": a format this build does not read */
	BUNDLE_TRUNCATED,     /* "truncated": shorter than announced, or no signature */
	BUNDLE_UNKNOWN_KEY,   /* "unknown_key": key-id not an active key of the ring */
	BUNDLE_WRONG_REALM,   /* "wrong_realm": training into live or live into training */
	BUNDLE_BAD_SIGNATURE, /* "bad_signature": altered or damaged */
	BUNDLE_PAYLOAD_HASH,  /* "payload_hash": signed, but the payload is not what it hashed */
	BUNDLE_CORRUPT_PAYLOAD, /* "corrupt_payload": signed and hashed, but not one zstd frame */
	BUNDLE_TOO_LARGE,       /* "too_large": expands beyond max_changeset (a zip bomb) */
};

struct bundle_header {
	int format;
	enum bundle_kind kind;
	char origin[64];
	char realm[12]; /* "live" or "training" */
	int64_t seq_from, seq_to, base;
	char created[32];
	uint64_t payload_len;
	char payload_sha256[65];
	char key_id[17];
	int64_t head_seq;            /* records only */
	char head_hash[65];          /* records only */
	enum bundle_refusal refusal; /* bundle_read: why it refused, BUNDLE_OK when it did not */
};

/* A public key the receiver trusts. key_id is informational: bundle_read matches on the
 * id computed from pub. */
struct bundle_key {
	char key_id[17];
	unsigned char pub[BUNDLE_PUB_LEN];
	int training; /* a key of the training realm */
	char name[64];
};

struct bundle_keyring {
	const struct bundle_key *keys;
	int n;
	int training; /* the receiver's realm: 0 live, 1 training */
};

/* Writes a bundle of changeset (len bytes, may be 0) signed with key (Ed25519, private).
 * From h it takes kind, origin, realm, seq_from, seq_to, created ("" for now) and, for
 * records, head_seq and head_hash; base, payload-length, payload-sha256 and key-id are
 * computed (h's values are ignored). *out is malloc()ed: free() it. -ERR_USAGE when h
 * breaks the format's rules, -ERR_IO when compressing or signing fails. */
int bundle_write(const struct bundle_header *h, const unsigned char *changeset, size_t len,
		 EVP_PKEY *key, unsigned char **out, size_t *out_len, struct error *err);

/* Verifies buf and hands back its header and its changeset (malloc()ed, never NULL on
 * success; free() it). Checks, in this order, and stops at the first failure: syntax,
 * length, key-id among ring's keys, realm (the bundle's and its key's must be the ring's),
 * signature, payload hash, decompression into at most max_changeset bytes. On refusal
 * h->refusal says why, h holds what could be parsed, *changeset is NULL and err has a
 * translated message; returns -ERR_USAGE (syntax, version, truncated, corrupt payload,
 * too large) or -ERR_FINDING (unknown key, wrong realm, bad signature, payload hash). */
int bundle_read(const unsigned char *buf, size_t len, const struct bundle_keyring *ring,
		size_t max_changeset, struct bundle_header *h, unsigned char **changeset,
		size_t *changeset_len, struct error *err);

/* "<hex SHA-256 of buf>.bundle" */
void bundle_name(const unsigned char *buf, size_t len, char out[80]);
/* 1 when name is a bundle name as bundle_name writes it (safe in a path or URL). */
int bundle_name_valid(const char *name);

struct manifest_item {
	int64_t seq; /* the bundle's seq-to */
	char name[80];
	uint64_t size; /* bytes of the bundle file */
};

struct manifest {
	char origin[64];
	char realm[12];
	int64_t latest;
	char created[32];
	char expires[32];
	char key_id[17];
	int n;
	struct manifest_item *items;
	enum bundle_refusal refusal; /* manifest_read: why it refused */
};

/* Writes m signed with key: created "" means now; expires is required; key-id is
 * computed. *out is malloc()ed and NUL-terminated after out_len bytes (the signature is
 * binary): free() it. */
int manifest_write(const struct manifest *m, EVP_PKEY *key, char **out, size_t *out_len,
		   struct error *err);
/* Verifies buf as bundle_read does (syntax, length, key, realm, signature); expiry is
 * not judged here: the caller compares out->expires with the clock and its settings.
 * Returns 0 with out filled (manifest_free it), or as bundle_read with out->refusal set
 * and out->items NULL. */
int manifest_read(const char *buf, size_t len, const struct bundle_keyring *ring,
		  struct manifest *out, struct error *err);
void manifest_free(struct manifest *m);

/* ---- shared with app/keys.c, the tests and the orchestration ---- */

/* Machine names: "watchlist", "records"; "syntax", "unknown_key" ... ("ok" for BUNDLE_OK) */
const char *bundle_kind_name(enum bundle_kind k);
const char *bundle_refusal_name(enum bundle_refusal r);
/* 1 when s fits an origin or key name: [A-Za-z0-9._-]{1,63} */
int bundle_origin_valid(const char *s);
/* label (a workstation id may hold spaces or Cyrillic) made into an origin: every byte
 * outside the set becomes '_', cut to 63 bytes, "_" when empty. */
void bundle_origin_of(const char *label, char out[64]);
/* Key ids: the first 8 bytes of SHA-256(pub), in lower-case hex. */
void bundle_key_id(const unsigned char pub[BUNDLE_PUB_LEN], char out[17]);
/* The raw public key of an Ed25519 key; -1 when key is not one. */
int bundle_public_of(EVP_PKEY *key, unsigned char pub[BUNDLE_PUB_LEN]);
/* Ed25519 over msg: 0 and sig filled, -1 on failure. */
int bundle_sign(EVP_PKEY *key, const void *msg, size_t len, unsigned char sig[BUNDLE_SIG_LEN]);
/* 1 when sig is pub's Ed25519 signature over msg, 0 when not. */
int bundle_verify(const unsigned char pub[BUNDLE_PUB_LEN], const void *msg, size_t len,
		  const unsigned char sig[BUNDLE_SIG_LEN]);
/* Lower-case hex of SHA-256(buf). */
void bundle_sha256_hex(const void *buf, size_t len, char out[65]);
/* Decompresses one whole zstd frame into at most max bytes (the last step of
 * bundle_read, exposed for the tests and the fuzz target). refusal (may be NULL) gets
 * BUNDLE_CORRUPT_PAYLOAD or BUNDLE_TOO_LARGE on failure. */
int bundle_decompress(const unsigned char *payload, size_t len, size_t max, unsigned char **out,
		      size_t *out_len, enum bundle_refusal *refusal, struct error *err);

#endif
