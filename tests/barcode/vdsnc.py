#!/usr/bin/python3
"""Makes ICAO VDS-NC seals (Visible Digital Seal for non-constrained environments, ICAO
TR v1.1: JSON for a QR code) for the tests, signed with a test signer made at test time.

    vdsnc.py --key KEY.pem --cert CERT.pem --type icao.vacc|icao.test --issuer UTO
             --name "SMITH BILL" [--dob 1990-01-02] [--doc-number L898902C3] [--sex M]
             [--b64 url|std] [--sig-format raw|der] [--alg ES256|ES384|ES512]
             [--unsigned] [--tamper] --out FILE.json
    vdsnc.py --selftest

The seal is {"data":{"hdr":{"t","v","is"},"msg":{...}},"sig":{"alg","cer","sigvl"}},
written as one line of compact JSON (UTF-8, no newline at the end), with a message of
the shape the TR gives the type: a proof of vaccination (uvci, pid {n, dob, sex, i},
ve [{des, nam, dis, vd [{dvc, seq, ctr, adm, lot, dvn}]}]) or of testing (utci,
pid {n, dob, dt, dn}, sp, dat, tr).

Signing follows the TR: ECDSA over the RFC 8785 (JSON Canonicalization Scheme) form of
the "data" value, with the hash alg names (ES256: SHA-256 on P-256; by default the alg
that fits the key's curve). "sigvl" is r || s, each half the curve's length, as JWS
writes it (--sig-format der: an ECDSA-Sig-Value); "cer" is the signer certificate's
DER. Both in base64url without padding (--b64 std: standard base64, padded), the two
forms issuers in service emit. --tamper changes one character of the certificate
identifier (uvci or utci) after signing: the seal parses, its signature fails.
--unsigned leaves "sig" out (no key or certificate needed).

The canonical form is made here for the values this script writes (objects, arrays,
strings, integers, literals): members sorted by their names' UTF-16 code units, no
blanks, strings escaped as ECMAScript's JSON.stringify does. --selftest checks it
against RFC 8785's examples and against the TR's worked example, whose signature must
verify over the bytes made here.
"""
import argparse
import base64
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

ALGS = {
    "ES256": (hashes.SHA256, "secp256r1"),
    "ES384": (hashes.SHA384, "secp384r1"),
    "ES512": (hashes.SHA512, "secp521r1"),
}


def canonical(value):
    """RFC 8785 for the JSON values json.loads makes, floats excepted (this script writes
    none; their ECMAScript form is not Python's repr)."""
    if isinstance(value, dict):
        # 3.2.3: sorted as UTF-16 code units; big-endian bytes compare the same way
        names = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(value[k]) for k in names) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, str):
        # 3.2.2.2: '"', '\\' and the controls escaped (\b \t \n \f \r, else \u00xx in
        # lower case), everything else as UTF-8: what json.dumps does without ASCII
        return json.dumps(value, ensure_ascii=False)
    if value is True or value is False or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError("integer %d is not exact as an IEEE 754 double" % value)
        return str(value)
    raise ValueError("cannot canonicalize %r" % (value,))


def b64(data, form):
    if form == "std":
        return base64.b64encode(data).decode("ascii")
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64decode(text):
    """Either alphabet, padded or not."""
    text = text.replace("-", "+").replace("_", "/")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def message(kind, args):
    pid = {"n": args.name}
    if args.dob:
        pid["dob"] = args.dob
    if kind == "icao.vacc":
        if args.sex:
            pid["sex"] = args.sex
        if args.doc_number:
            pid["i"] = args.doc_number
        return {
            "uvci": "U32870",
            "pid": pid,
            "ve": [
                {
                    "des": "XM68M6",
                    "nam": "Comirnaty",
                    "dis": "RA01.0",
                    "vd": [
                        {
                            "dvc": "2021-03-03",
                            "seq": 1,
                            "ctr": args.issuer,
                            "adm": "RIVM",
                            "lot": "VC35679",
                            "dvn": "2021-03-24",
                        },
                        {
                            "dvc": "2021-03-24",
                            "seq": 2,
                            "ctr": args.issuer,
                            "adm": "RIVM",
                            "lot": "VC87540",
                        },
                    ],
                }
            ],
        }
    # icao.test: the holder's identity document by type and number
    if args.sex:
        pid["sex"] = args.sex
    pid["dt"] = "P"
    if args.doc_number:
        pid["dn"] = args.doc_number
    return {
        "utci": "U01932",
        "pid": pid,
        "sp": {
            "spn": "General Hospital",
            "ctr": args.issuer,
            "cd": {"p": "+1 555 0100", "e": "lab@example.org"},
        },
        "dat": {"sc": "2021-04-13T14:20:00+00:00", "ri": "2021-04-13T19:00:00+00:00"},
        "tr": {"tc": "molecular(PCR)", "r": "negative", "m": "nasopharyngeal"},
    }


def sign(data, key, alg, sig_format):
    digest, curve = ALGS[alg]
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("the key is not an elliptic curve key")
    if key.curve.name != curve:
        raise ValueError("%s needs a %s key, not %s" % (alg, curve, key.curve.name))
    der = key.sign(canonical(data).encode("utf-8"), ec.ECDSA(digest()))
    if sig_format == "der":
        return der
    r, s = utils.decode_dss_signature(der)
    half = (key.curve.key_size + 7) // 8
    return r.to_bytes(half, "big") + s.to_bytes(half, "big")


def tamper(msg):
    field = "uvci" if "uvci" in msg else "utci"
    value = msg[field]
    msg[field] = value[:-1] + ("1" if value[-1] == "0" else "0")


# The TR's worked example as its authors signed it (issuer UTO)
SPEC_SEAL = (
    '{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"UTO"},"msg":{"uvci":"U32870","pid":{"n":'
    '"Smith Bill","dob":"1990-01-02","sex":"M","i":"A1234567Z","ai":"L4567890Z"},"ve":[{"d'
    'es":"XM68M6","nam":"Comirnaty","dis":"RA01.0","vd":[{"dvc":"2021-03-03","seq":1,"ctr"'
    ':"UTO","adm":"RIVM","lot":"VC35679","dvn":"2021-03-24"},{"dvc":"2021-03-24","seq":2,"'
    'ctr":"UTO","adm":"RIVM","lot":"VC87540"}]}]}},"sig":{"alg":"ES256","cer":"MIIBeTCCAR2'
    "gAwIBAgIBaDAMBggqhkjOPQQDAgUAMB0xCzAJBgNVBAYTAlVUMQ4wDAYDVQQDDAVVVCBDQTAeFw0yMTA0MDcwN"
    "DMwMjZaFw0yNjEwMDcwNDMwMjZaMBoxCzAJBgNVBAYTAlVUMQswCQYDVQQDEwIwNjBZMBMGByqGSM49AgEGCCq"
    "GSM49AwEHA0IABI5bRQ3-vabXhHAs2IPi-k9rP_TS2J8aq5fTtUG1iOwXdBxx2n6c38TJ2MzBWT5PHCKVlq5JO"
    "CyJ1nDlCPd1S2yjTzBNMBIGA1UdJQQLMAkGB2eBCAEBDgIwHwYDVR0jBBgwFoAUymyksnX8rywn0RH7nDq-Bs2"
    "QOqowFgYHZ4EIAQEGAgQLMAkCAQAxBBMCTlYwDAYIKoZIzj0EAwIFAANIADBFAiBVaaJVHvWLX756yAGt04C89"
    "ZEWGr-BsHDgaRb0EH3d9gIhAO2UNvLNhEoUWT1I_zj_cG5mh2U-lWCMBUQ3zSQqWUcs\",\"sigvl\":\"cxfy"
    'i2vq2XJfZF7ksEkIZJtKbGrRE570UZc_rNAlpfRHD_Xjq57r2h-QLvd_tCQGitsZevFmB0iXzEFdeeZ4zA=="'
    "}}"
)


def selftest():
    # RFC 8785 3.2.3, the sorting example
    sorting = json.loads(
        '{"\\u20ac":"Euro Sign","\\r":"Carriage Return",'
        '"\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",'
        '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",'
        '"\\u00f6":"Latin Small Letter O With Diaeresis"}'
    )
    want = (
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control",'
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",'
        '"\U0001f600":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
    )
    assert canonical(sorting) == want, canonical(sorting)
    # RFC 8785 3.2.2.2 and the literals of 3.2.4
    strings = json.loads('["\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",null,true,false]')
    want = '["\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/",null,true,false]'
    assert canonical(strings) == want, canonical(strings)
    assert canonical(["\b\f\t\x01\x1f\x7f\u2028", 0, -1, 2**53]) == (
        '["\\b\\f\\t\\u0001\\u001f\x7f\u2028",0,-1,9007199254740992]'
    )
    # the TR's example verifies over the bytes made here
    seal = json.loads(SPEC_SEAL)
    cert = x509.load_der_x509_certificate(b64decode(seal["sig"]["cer"]))
    raw = b64decode(seal["sig"]["sigvl"])
    der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    cert.public_key().verify(der, canonical(seal["data"]).encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    print("vdsnc.py selftest: 4 passed, 0 failed")


def main():
    ap = argparse.ArgumentParser(description="Make a signed ICAO VDS-NC seal for the tests.")
    ap.add_argument("--key", help="the signer's private key, PEM")
    ap.add_argument("--cert", help="the signer's certificate, PEM")
    ap.add_argument("--type", default="icao.vacc", choices=["icao.vacc", "icao.test"])
    ap.add_argument("--issuer", default="UTO", help="hdr.is, a Doc 9303-3 code")
    ap.add_argument("--name", help='pid.n, primary identifier first: "SMITH BILL"')
    ap.add_argument("--dob", help="pid.dob, YYYY-MM-DD (or YYYY-MM, YYYY)")
    ap.add_argument("--doc-number", help="pid.i (icao.vacc) or pid.dn (icao.test)")
    ap.add_argument("--sex", help="pid.sex: M, F or X")
    ap.add_argument("--b64", default="url", choices=["url", "std"])
    ap.add_argument("--sig-format", default="raw", choices=["raw", "der"])
    ap.add_argument("--alg", choices=sorted(ALGS), help="default: the one for the key's curve")
    ap.add_argument("--unsigned", action="store_true")
    ap.add_argument("--tamper", action="store_true")
    ap.add_argument("--out", help="FILE, or - for standard output")
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args()
    if args.selftest:
        selftest()
        return 0
    if not args.name or not args.out:
        ap.error("--name and --out are needed")
    if not args.unsigned and not (args.key and args.cert):
        ap.error("--key and --cert are needed unless --unsigned")

    msg = message(args.type, args)
    data = {"hdr": {"t": args.type, "v": 1, "is": args.issuer}, "msg": msg}
    seal = {"data": data}
    if not args.unsigned:
        with open(args.key, "rb") as f:
            key = serialization.load_pem_private_key(f.read(), password=None)
        with open(args.cert, "rb") as f:
            cert = x509.load_pem_x509_certificate(f.read())
        alg = args.alg
        if not alg:
            by_curve = {curve: name for name, (_, curve) in ALGS.items()}
            alg = by_curve.get(getattr(key, "curve", None) and key.curve.name, "ES256")
        value = sign(data, key, alg, args.sig_format)
        der = cert.public_bytes(serialization.Encoding.DER)
        seal["sig"] = {"alg": alg, "cer": b64(der, args.b64), "sigvl": b64(value, args.b64)}
    if args.tamper:
        tamper(msg)
    text = json.dumps(seal, ensure_ascii=False, separators=(",", ":"))
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError) as e:
        print("vdsnc.py: %s" % e, file=sys.stderr)
        sys.exit(1)
