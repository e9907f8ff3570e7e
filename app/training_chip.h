/* The ePassport chips of training travellers. A scenario describes a chip only by what
 * it holds and what is wrong with it (enum scn_chip); training builds a real chip image
 * from that (EF.COM, DG1, EF.SOD as CMS SignedData over an LDSSecurityObject, signed by
 * a Document Signer under a CSCA made for the run) and authenticates it with the same
 * Passive Authentication a chip read over PC/SC goes through (chip_verify_files), so a
 * trainee sees exactly what a real chip with that fault would show. */
#ifndef SHEKARA_TRAINING_CHIP_H
#define SHEKARA_TRAINING_CHIP_H

#include <stddef.h>

#include "app/scenario.h"
#include "scanners/chip.h"
#include "scanners/error.h"

struct training_pki;

/* A CSCA and its Document Signer made for one training run (EC P-256, valid from an
 * hour ago for ten years, country `country`, CN "Training CSCA"/"Training DS"), and a
 * second CSCA with its DS that no trust store holds, for chips of an unknown issuer.
 * country is an MRZ code of 1 to 3 letters ("UTO"). 0, or negative with err (ERR_USAGE:
 * a bad country; ERR_IO: OpenSSL failed). Free with training_pki_free. */
int training_pki_new(const char *country, struct training_pki **out, struct error *err);
void training_pki_free(struct training_pki **p); /* safe on NULL / *p NULL */
/* The run's CSCA certificate as DER (points into p), for the run database's trust store. */
const unsigned char *training_pki_csca(const struct training_pki *p, size_t *len);

/* Builds the chip of a scenario traveller: EF.COM, DG1 holding the MRZ lines dg1_lines
 * (n_lines of 2 or 3, concatenated as DG1 stores them), and EF.SOD over DG1 signed by
 * the run's DS (for SCN_CHIP_UNKNOWN_ISSUER by the other CSCA's DS), with the fault
 * asked: BAD_SIGNATURE a signature that does not verify, HASH_MISMATCH a DG1 that is
 * not the one signed, NO_SOD no EF.SOD. Then authenticates it against trust with
 * chip_verify_files, exactly as a chip read from a reader. out as chip_read fills it
 * (reader "training", ms 0); chip_result_free(out) after, also on error.
 * 0, or negative with err: ERR_USAGE when the lines are no MRZ a DG1 can hold (2 of 44
 * or 36, 3 of 30) or fault is SCN_CHIP_NONE; ERR_IO when OpenSSL failed. */
int training_chip_make(const struct training_pki *p, const char *const *dg1_lines, int n_lines,
		       enum scn_chip fault, const struct chip_trust *trust, struct chip_result *out,
		       struct error *err);

#endif
