#!/usr/bin/python3
"""Test PKI for the virtual ePassport, generated at test time (ICAO 9303-12 profiles,
country Utopia, C=UT since X.509 wants two letters; the MRZ says UTO):

  csca.{key,pem,der}         the trusted CSCA: self-signed, CA, keyCertSign + cRLSign
  ds.{key,pem,der}           a Document Signer issued by it (digitalSignature)
  other-csca.{key,pem,der}   an unrelated CSCA never given to the reader
  other-ds.{key,pem,der}     a Document Signer issued by that one ("unknown issuer")
  crl.{pem,der}              the CSCA's CRL, revoking nothing
  crl-revoked.{pem,der}      the CSCA's CRL revoking ds
  mlsigner.{key,pem,der}     a master list signer issued by the CSCA
  masterlist.ml              ICAO CSCA master list (CMS, 2.23.136.1.1.2) with the CSCA

Usage: pki.py DIR [--ds-alg rsa|ecdsa] [--force]. An existing DIR is reused unless
--force, so several tests can share one.
"""

import argparse
import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lds  # noqa: E402

OID_ML_SIGNER = ObjectIdentifier("2.23.136.1.1.3")  # id-icao-cscaMasterListSigningKey
NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
DAY = datetime.timedelta(days=1)


def _name(cn, org="Utopia"):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "UT"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key(alg):
    if alg == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    # 2048 bits keep generation fast enough to run for every test
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(subject, key, issuer, issuer_key, *, ca, days, eku=None):
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW - DAY).not_valid_after(NOW + days * DAY)
         .add_extension(ski, critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
             issuer_key.public_key()), critical=False))
    if ca:
        b = b.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                          False, False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(True, False, False, False, False, False, False,
                                          False, False), critical=True)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _crl(issuer_cert, issuer_key, revoked_serials):
    b = (x509.CertificateRevocationListBuilder().issuer_name(issuer_cert.subject)
         .last_update(NOW - DAY).next_update(NOW + 90 * DAY)
         .add_extension(x509.CRLNumber(len(revoked_serials) + 1), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
             issuer_key.public_key()), critical=False))
    for serial in revoked_serials:
        b = b.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(NOW - DAY).build())
    return b.sign(issuer_key, hashes.SHA256())


def _write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)  # a reader sharing the directory never sees half a file


def _save(d, stem, cert=None, key=None):
    if key is not None:
        _write(os.path.join(d, stem + ".key"), key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    if cert is not None:
        _write(os.path.join(d, stem + ".pem"), cert.public_bytes(serialization.Encoding.PEM))
        _write(os.path.join(d, stem + ".der"), cert.public_bytes(serialization.Encoding.DER))


def generate(d, ds_alg="rsa", force=False):
    """Fills d; returns it. Skips the work when masterlist.ml (written last) exists."""
    os.makedirs(d, exist_ok=True)
    if not force and os.path.exists(os.path.join(d, "masterlist.ml")):
        return d
    csca_key = _key("rsa")
    csca = _cert(_name("CSCA Utopia Test"), csca_key, _name("CSCA Utopia Test"), csca_key,
                 ca=True, days=15 * 365)
    ds_key = _key(ds_alg)
    ds = _cert(_name("Document Signer Utopia Test 1"), ds_key, csca.subject, csca_key,
               ca=False, days=10 * 365)
    other_key = _key("rsa")
    other_name = _name("CSCA Nowhere Test", org="Nowhere")
    other = _cert(other_name, other_key, other_name, other_key, ca=True, days=15 * 365)
    other_ds_key = _key(ds_alg)
    other_ds = _cert(_name("Document Signer Nowhere Test 1", org="Nowhere"), other_ds_key,
                     other.subject, other_key, ca=False, days=10 * 365)
    ml_key = _key("rsa")
    ml = _cert(_name("Master List Signer Utopia Test"), ml_key, csca.subject, csca_key,
               ca=False, days=5 * 365, eku=OID_ML_SIGNER)
    _save(d, "csca", csca, csca_key)
    _save(d, "ds", ds, ds_key)
    _save(d, "other-csca", other, other_key)
    _save(d, "other-ds", other_ds, other_ds_key)
    _save(d, "mlsigner", ml, ml_key)
    for stem, serials in (("crl", []), ("crl-revoked", [ds.serial_number])):
        crl = _crl(csca, csca_key, serials)
        _write(os.path.join(d, stem + ".pem"), crl.public_bytes(serialization.Encoding.PEM))
        _write(os.path.join(d, stem + ".der"), crl.public_bytes(serialization.Encoding.DER))
    pem = serialization.Encoding.PEM
    ml_der = lds.master_list([csca.public_bytes(pem)], ml.public_bytes(pem),
                             ml_key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()),
                             extra_certs=[csca.public_bytes(pem)])
    _write(os.path.join(d, "masterlist.ml"), ml_der)
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--ds-alg", choices=("rsa", "ecdsa"), default="rsa")
    ap.add_argument("--force", action="store_true", help="regenerate an existing directory")
    a = ap.parse_args()
    generate(a.dir, a.ds_alg, a.force)


if __name__ == "__main__":
    main()
