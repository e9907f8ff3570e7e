"""The LDS1 files of the test ePassport (ICAO 9303-10): EF.COM, DG1, DG2 with an ISO
19794-5 face record, DG11, DG12, DG14, DG15, EF.CardAccess and EF.SOD, the last a CMS
SignedData over an LDSSecurityObject made with asn1crypto and signed with
python3-cryptography.
"""

import datetime
import hashlib

from asn1crypto import algos, cms, core, x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from icao import tlv

# Part 10: data group number -> its tag in EF.COM and in the file itself
DG_TAG = {1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
          9: 0x69, 10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70}
FID_COM, FID_SOD, FID_CARD_ACCESS, FID_ATR_INFO = 0x011E, 0x011D, 0x011C, 0x2F01

OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
OID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
HASH_OID = {"sha1": "1.3.14.3.2.26", "sha224": "2.16.840.1.101.3.4.2.4",
            "sha256": "2.16.840.1.101.3.4.2.1", "sha384": "2.16.840.1.101.3.4.2.2",
            "sha512": "2.16.840.1.101.3.4.2.3"}
HASH_CLASS = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
              "sha384": hashes.SHA384, "sha512": hashes.SHA512}


def dg_fid(n):
    return 0x0100 + n


def ef_com(dgs, lds_version="0107", unicode_version="040000"):
    tags = bytes(DG_TAG[n] for n in sorted(dgs))
    body = (tlv(0x5F01, lds_version.encode()) + tlv(0x5F36, unicode_version.encode()) +
            tlv(0x5C, tags))
    return tlv(0x60, body)


def dg1(mrz_lines):
    return tlv(0x61, tlv(0x5F1F, "".join(mrz_lines).encode("ascii")))


def image_kind(image):
    """'jpeg' or 'jp2' from the image's magic bytes (19794-5 records say which)."""
    if image[:3] == b"\xFF\xD8\xFF":
        return "jpeg"
    if image[:12] == b"\x00\x00\x00\x0CjP  \r\n\x87\n" or image[:4] == b"\xFF\x4F\xFF\x51":
        return "jp2"
    raise ValueError("face image is neither JPEG nor JPEG 2000")


def face_record(image, width, height):
    """ISO/IEC 19794-5:2005 facial record: 14-byte record header 'FAC\\0' '010\\0',
    one 20-byte facial information block without feature points, a 12-byte image
    information block, then the image."""
    kind = image_kind(image)
    info_len = 20 + 12 + len(image)
    header = b"FAC\x00" + b"010\x00" + (14 + info_len).to_bytes(4, "big") + (1).to_bytes(2, "big")
    facial_info = (info_len.to_bytes(4, "big") +
                   (0).to_bytes(2, "big") +      # feature points
                   bytes([0, 0, 0]) +            # gender, eye colour, hair colour: unspecified
                   bytes(3) + bytes(2) +         # feature mask, expression
                   bytes(3) + bytes(3))          # pose angles and their uncertainty
    image_info = (bytes([1]) +                  # face image type: full frontal
                  bytes([0 if kind == "jpeg" else 1]) +
                  width.to_bytes(2, "big") + height.to_bytes(2, "big") +
                  bytes([1]) +                  # colour space: 24-bit RGB
                  bytes([2]) +                  # source: digital still camera
                  bytes(2) + bytes(2))          # device type, quality: unspecified
    return header + facial_info + image_info + image


def dg2(image, width, height):
    """Part 10: DG2 = 75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E record } } }."""
    bht = (tlv(0x80, b"\x01\x01") +              # ICAO header version 1.1
           tlv(0x81, b"\x02") +                  # biometric type: facial features
           tlv(0x87, b"\x01\x01") +              # format owner: ISO/IEC JTC 1/SC 37
           tlv(0x88, b"\x00\x08"))               # format type: face image
    bit = tlv(0x7F60, tlv(0xA1, bht) + tlv(0x5F2E, face_record(image, width, height)))
    return tlv(0x75, tlv(0x7F61, tlv(0x02, b"\x01") + bit))


def dg11(full_name, birth_date, place_of_birth):
    tags = b"\x5F\x0E\x5F\x2B\x5F\x11"
    return tlv(0x6B, tlv(0x5C, tags) + tlv(0x5F0E, full_name.encode()) +
               tlv(0x5F2B, birth_date.encode()) + tlv(0x5F11, place_of_birth.encode()))


def dg12(authority, issue_date):
    return tlv(0x6C, tlv(0x5C, b"\x5F\x19\x5F\x26") + tlv(0x5F19, authority.encode()) +
               tlv(0x5F26, issue_date.encode()))


class SecurityInfo(core.Sequence):
    """Part 11: SecurityInfo ::= SEQUENCE { protocol OID, requiredData ANY,
    optionalData ANY OPTIONAL }."""
    _fields = [("protocol", core.ObjectIdentifier), ("required", core.Any),
               ("optional", core.Any, {"optional": True})]


class SecurityInfos(core.SetOf):
    _child_spec = SecurityInfo


def card_access_pace():
    """EF.CardAccess offering PACE v2, ECDH generic mapping, AES-128, brainpoolP256r1
    (standardized domain parameter 13): what a current passport typically offers."""
    info = SecurityInfo({"protocol": "0.4.0.127.0.7.2.2.4.2.2",
                         "required": core.Integer(2),
                         "optional": core.Integer(13)})
    return SecurityInfos([info]).dump(force=True)


def dg14(ca_public_key):
    """DG14 with Chip Authentication (ECDH, AES-128) and its public key; the chip
    does not perform it, the reader must say "not performed"."""
    spki = ca_public_key.public_bytes(serialization.Encoding.DER,
                                      serialization.PublicFormat.SubjectPublicKeyInfo)
    pk_info = SecurityInfo({"protocol": "0.4.0.127.0.7.2.2.1.2",   # id-PK-ECDH
                            "required": core.Any.load(spki)})
    ca_info = SecurityInfo({"protocol": "0.4.0.127.0.7.2.2.3.2.2",  # id-CA-ECDH-AES-CBC-CMAC-128
                            "required": core.Integer(1)})
    return tlv(0x6E, SecurityInfos([pk_info, ca_info]).dump(force=True))


def dg15(aa_public_key):
    """DG15: the Active Authentication public key as a SubjectPublicKeyInfo."""
    return tlv(0x6F, aa_public_key.public_bytes(serialization.Encoding.DER,
                                                serialization.PublicFormat.SubjectPublicKeyInfo))


# --- EF.SOD (Part 10 document security object, RFC 5652 CMS) ---------------------------

class DataGroupHash(core.Sequence):
    _fields = [("number", core.Integer), ("value", core.OctetString)]


class DataGroupHashes(core.SequenceOf):
    _child_spec = DataGroupHash


class LDSSecurityObject(core.Sequence):
    _fields = [("version", core.Integer), ("hash_algorithm", algos.DigestAlgorithm),
               ("hashes", DataGroupHashes)]


def _digest(name, data):
    return hashlib.new(name, data).digest()


def signed_data(econtent_type, econtent, signer_cert_pem, signer_key_pem, hash_name="sha256",
                extra_certs=(), signing_time=None):
    """A CMS SignedData (version 3, one SignerInfo by issuer and serial) over econtent
    with the contentType and messageDigest signed attributes that Part 10 requires,
    returned as a DER ContentInfo."""
    cert = x509.Certificate.load(_der_cert(signer_cert_pem))
    key = serialization.load_pem_private_key(signer_key_pem, password=None)
    when = signing_time or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    attrs = [
        cms.CMSAttribute({"type": "content_type", "values": [econtent_type]}),
        cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": when})]}),
        cms.CMSAttribute({"type": "message_digest", "values": [_digest(hash_name, econtent)]}),
    ]
    # DER sorts a SET OF by encoding; OpenSSL re-encodes the attributes before it
    # checks the signature, so an unsorted set would not verify there
    attrs.sort(key=lambda a: a.dump())
    signed_attrs = cms.CMSAttributes(attrs)
    to_sign = signed_attrs.dump(force=True)
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(to_sign, padding.PKCS1v15(), HASH_CLASS[hash_name]())
        sig_alg = {"algorithm": hash_name + "_rsa"}
    else:
        signature = key.sign(to_sign, ec.ECDSA(HASH_CLASS[hash_name]()))
        sig_alg = {"algorithm": hash_name + "_ecdsa"}
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": {"algorithm": hash_name},
        "signed_attrs": signed_attrs,
        "signature_algorithm": sig_alg,
        "signature": signature,
    })
    sd = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [{"algorithm": hash_name}],
        "encap_content_info": {"content_type": econtent_type,
                               "content": core.ParsableOctetString(econtent)},
        "certificates": [cert] + [x509.Certificate.load(_der_cert(c)) for c in extra_certs],
        "signer_infos": [signer],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": sd}).dump(force=True)


def _der_cert(pem_or_der):
    if pem_or_der.startswith(b"-----"):
        from cryptography import x509 as cx509
        return cx509.load_pem_x509_certificate(pem_or_der).public_bytes(serialization.Encoding.DER)
    return pem_or_der


def lds_security_object(files, hash_name="sha256"):
    """files: {data group number: file bytes} -> the DER LDSSecurityObject (version 0)."""
    hashes_ = [DataGroupHash({"number": n, "value": _digest(hash_name, files[n])})
               for n in sorted(files)]
    return LDSSecurityObject({"version": 0, "hash_algorithm": {"algorithm": hash_name},
                              "hashes": hashes_}).dump(force=True)


def ef_sod(files, ds_cert_pem, ds_key_pem, hash_name="sha256"):
    """EF.SOD = 77 { ContentInfo }."""
    lso = lds_security_object(files, hash_name)
    ci = signed_data(OID_LDS_SECURITY_OBJECT, lso, ds_cert_pem, ds_key_pem, hash_name)
    return tlv(0x77, ci)


def flip_signature(sod):
    """The same EF.SOD with its signature's last byte inverted (a bad-signature chip);
    done on the bytes in place so that nothing else is re-encoded."""
    from icao import tlv_read
    _, ci_der, _ = tlv_read(sod)
    sig = cms.ContentInfo.load(ci_der)["content"]["signer_infos"][0]["signature"].native
    at = sod.rfind(sig) + len(sig) - 1
    return sod[:at] + bytes([sod[at] ^ 0xFF]) + sod[at + 1:]


class _CertSet(core.SetOf):
    _child_spec = x509.Certificate


class MasterList(core.Sequence):
    """ICAO 9303-12: CscaMasterList ::= SEQUENCE { version INTEGER (v0),
    certList SET OF Certificate }."""
    _fields = [("version", core.Integer), ("cert_list", _CertSet)]


def master_list(csca_pems, signer_cert_pem, signer_key_pem, extra_certs=()):
    certs = [x509.Certificate.load(_der_cert(p)) for p in csca_pems]
    ml = MasterList({"version": 0, "cert_list": certs}).dump(force=True)
    return signed_data(OID_CSCA_MASTER_LIST, ml, signer_cert_pem, signer_key_pem,
                       "sha256", extra_certs=extra_certs)

