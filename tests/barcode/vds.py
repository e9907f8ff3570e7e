#!/usr/bin/python3
"""Makes ICAO Visible Digital Seals (Doc 9303-13, binary, magic 0xDC) for the tests,
signed with a test signer's key made at test time.

    vds.py visa --key KEY.pem --issuer UTO --signer UTSA --cert-ref 1F2A [--version 3|4]
           --mrz LINE1 LINE2 --passport NUMBER [--duration D,M,Y] [--entries N]
           [--visa-type HEX] [--issue-date YYYY-MM-DD] [--signature-date YYYY-MM-DD]
           [--unsigned] [--tamper] --out FILE.bin
    vds.py residence-permit ... --mrz LINE1 LINE2 (TD2, 2 x 36) --passport NUMBER ...
    vds.py arrival-attestation ... --mrz LINE1 LINE2 (TD2) --azr NUMBER ...
    vds.py selftest

The layout follows BSI TR-03137 Part 1 v2.5 (which carries the 9303-13 encoding):
section 3 (header, features as tag | BER length | value, signature zone 0xFF), Annex B
(C40), sections 5, 6 and 8 (visa, arrival attestation and residence permit profiles).
selftest encodes the inputs of the worked examples of Annexes C, E and F again and
compares the result with the bytes printed there, header and message zone.

Signing: ECDSA with the hash 9303-13 pairs with the key (SHA-256 up to 256-bit curves,
SHA-384 for 384-bit, SHA-512 above), written as r || s, each half padded to the curve's
length. --tamper changes one byte of the message zone after signing, so the seal still
parses but its signature no longer verifies; --unsigned leaves out the signature zone.
"""
import argparse
import datetime
import sys

C40_SHIFT1 = 0

# visa (5D, 01), residence permit (FB, 06), arrival attestation (FD, 02): the header
# bytes that name the profile
PROFILES = {
    "visa": (0x5D, 0x01),
    "residence-permit": (0xFB, 0x06),
    "arrival-attestation": (0xFD, 0x02),
}


def c40_value(ch):
    """Annex B, table 8: <SPACE> 3, digits 4-13, A-Z 14-39 ('<' is written as a space)."""
    if ch in " <":
        return 3
    if "0" <= ch <= "9":
        return 4 + ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return 14 + ord(ch) - ord("A")
    raise ValueError("C40 cannot encode %r (only A-Z, 0-9, space and '<')" % ch)


def c40_encode(text):
    """Annex B: triples as 1600 U1 + 40 U2 + U3 + 1 in two bytes; two characters left are
    completed with Shift 1 (0); one character left is 0xFE and its DataMatrix ASCII
    value (the character's code plus one, '<' as a space)."""
    out = bytearray()
    values = [c40_value(c) for c in text]
    i = 0
    while len(values) - i >= 3:
        u1, u2, u3 = values[i : i + 3]
        out += (1600 * u1 + 40 * u2 + u3 + 1).to_bytes(2, "big")
        i += 3
    left = len(values) - i
    if left == 2:
        u1, u2 = values[i : i + 2]
        out += (1600 * u1 + 40 * u2 + C40_SHIFT1 + 1).to_bytes(2, "big")
    elif left == 1:
        ch = " " if text[i] == "<" else text[i]
        out += bytes([0xFE, ord(ch) + 1])
    return bytes(out)


def ber_length(n):
    """9303-13: definite lengths, one byte below 0x80, else 0x81 or 0x82 and the bytes."""
    if n < 0x80:
        return bytes([n])
    if n <= 0xFF:
        return bytes([0x81, n])
    if n <= 0xFFFF:
        return bytes([0x82, n >> 8, n & 0xFF])
    raise ValueError("length %d is too long for a seal" % n)


def feature(tag, value):
    return bytes([tag]) + ber_length(len(value)) + value


def encode_date(d):
    """The date as the integer MMDDYYYY in three bytes (TR-03137 3.2.3)."""
    return int("%02d%02d%04d" % (d.month, d.day, d.year)).to_bytes(3, "big")


def header(version, issuer, signer, cert_ref, issued, signed, profile):
    """Version 3 (byte 0x02): signer (4) and a certificate reference of 5 characters,
    C40 together. Version 4 (0x03): signer, the reference's length in two hex
    characters, and the reference, which is C40 on its own (Annex E: DETS 02 27)."""
    if len(signer) != 4:
        raise ValueError("signer must be 4 characters (country alpha-2 and 2 more)")
    cert_ref = cert_ref.upper()
    if version == 3:
        if len(cert_ref) > 5:
            raise ValueError("a version 3 header holds 5 reference characters")
        signer_part = c40_encode(signer + cert_ref.rjust(5, "0"))
    else:
        if not 1 <= len(cert_ref) <= 0xFF:
            raise ValueError("certificate reference must be 1-255 characters")
        signer_part = c40_encode(signer + "%02X" % len(cert_ref)) + c40_encode(cert_ref)
    issuer = (issuer + "<<<")[:3]
    return (
        bytes([0xDC, 0x02 if version == 3 else 0x03])
        + c40_encode(issuer)
        + signer_part
        + encode_date(issued)
        + encode_date(signed)
        + bytes(profile)
    )


def short_mrz(lines, widths):
    """The MRZ as the seal keeps it: line 1 whole, of line 2 the first 28 characters
    for a visa (its optional data is left out), both whole for a TD2 document."""
    if len(lines) != 2:
        raise ValueError("the MRZ has two lines")
    line1, line2 = (l.strip().upper() for l in lines)
    if len(line1) not in widths or len(line2) != len(line1):
        raise ValueError("MRZ lines must be %s characters" % " or ".join(map(str, widths)))
    return line1, line2


def visa_features(args):
    """(tag, value) of a visa seal and which one --tamper changes (the passport number)."""
    line1, line2 = short_mrz(args.mrz, (44, 36))
    tag = 0x01 if len(line1) == 44 else 0x02  # MRV-A, MRV-B
    out = [(tag, c40_encode(line1 + line2[:28]))]
    if args.entries is not None:
        out.append((0x03, bytes([args.entries])))
    if args.duration is not None:
        d, m, y = (int(x) for x in args.duration.split(","))
        out.append((0x04, bytes([d, m, y])))
    out.append((0x05, c40_encode(args.passport.upper())))
    number = len(out) - 1
    if args.visa_type:
        out.append((0x06, bytes.fromhex(args.visa_type)))
    return out, number


def td2_features(args, second_value):
    """MRZ (tag 2) and passport or AZR number (tag 3); --tamper changes the number."""
    line1, line2 = short_mrz(args.mrz, (36,))
    return [(0x02, c40_encode(line1 + line2)), (0x03, c40_encode(second_value.upper()))], 1


def features_of(args):
    if args.command == "visa":
        return visa_features(args)
    if args.command == "residence-permit":
        return td2_features(args, args.passport)
    return td2_features(args, args.azr)


def message_zone(features):
    return b"".join(feature(tag, value) for tag, value in features)


def sign(key_path, data):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    with open(key_path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("%s is not an elliptic curve key" % key_path)
    bits = key.curve.key_size
    digest = hashes.SHA256() if bits <= 256 else hashes.SHA384() if bits <= 384 else hashes.SHA512()
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(digest)))
    half = (bits + 7) // 8
    return r.to_bytes(half, "big") + s.to_bytes(half, "big")


def tamper(value):
    """Changes one byte of a C40 value so that it still decodes: the low byte of a pair
    whose third character is below Z, which becomes the next character."""
    for i in range(len(value) - 2, -1, -2):
        hi, lo = value[i], value[i + 1]
        if hi == 0xFE or lo == 0xFF:
            continue
        if 4 <= ((hi << 8 | lo) - 1) % 40 <= 38:
            out = bytearray(value)
            out[i + 1] += 1
            return bytes(out)
    raise ValueError("no byte to tamper with")


def parse_date(text):
    return datetime.date.fromisoformat(text) if text else datetime.date.today()


def make(args):
    features, number = features_of(args)
    head = header(
        args.version,
        args.issuer.upper(),
        args.signer.upper(),
        args.cert_ref,
        parse_date(args.issue_date),
        parse_date(args.signature_date),
        PROFILES[args.command],
    )
    seal = head + message_zone(features)
    if not args.unsigned:
        if not args.key:
            raise ValueError("--key is needed to sign (or --unsigned)")
        signature = sign(args.key, seal)
        if args.tamper:
            tag, value = features[number]
            features[number] = (tag, tamper(value))
        seal = head + message_zone(features) + feature(0xFF, signature)
    elif args.tamper:
        raise ValueError("--tamper needs a signature")
    with open(args.out, "wb") as f:
        f.write(seal)


# --- selftest: the worked examples of TR-03137 ----------------------------------------


def hexbytes(text):
    return bytes.fromhex(text.replace(" ", ""))


class Example:
    def __init__(self, **kw):
        self.__dict__.update(kw)


EXAMPLES = [
    # Annex C: arrival attestation, version 3, signature zone left out here
    (
        "Annex C",
        Example(
            command="arrival-attestation",
            version=3,
            issuer="D",
            signer="DETS",
            cert_ref="00027",
            issued=datetime.date(2020, 1, 1),
            signed=datetime.date(2020, 1, 13),
            mrz=["MED<<MUSTERMANN<<ERIK<<<<<<<<<<<<<<<", "M0000000<4ALB0308212M1604128<<<<<<<2"],
            azr="160113000085",
        ),
        "dc 02 6a bc 6d 32 c8 a5 19 fc 0f 71 34 11 45 f4 fd 02 02 30 a5 62 13 53 d9 a2 75 73"
        " 5b d4 13 4b c5 49 13 3c 13 3c 13 3c 13 3c 13 3c a3 25 19 a5 19 a4 34 4a 5e 68 1a e7"
        " 20 4b 20 d5 32 cf 4b 7c 13 3c 13 3f 03 08 20 d5 20 10 19 a5 1a ea",
    ),
    # Annex E: residence permit, version 4. Its text reads the MRZ as "ARD<<..." but its
    # bytes (5C BA) are "ATD": document code AT, the German residence title
    (
        "Annex E",
        Example(
            command="residence-permit",
            version=4,
            issuer="D",
            signer="DETS",
            cert_ref="27",
            issued=datetime.date(2020, 1, 1),
            signed=datetime.date(2020, 1, 13),
            mrz=["ATD<<RESIDORCE<<ROLAND<<<<<<<<<<<<<<", "6525845096USA7008038M2201018<<<<<<06"],
            passport="UFO001979",
        ),
        "dc 03 6a bc 6d 32 c8 a7 27 39 0f 71 34 11 45 f4 fb 06 02 30 5c ba 13 58 75 97 6e c0"
        " 66 d4 17 b5 9e 8c 6a bc 13 3c 13 3c 13 3c 13 3c 3f ef 3a 29 38 ee 43 f1 59 3d 1a e5"
        " 2d bb 26 75 1f e6 4b 7c 13 3c 13 6b 03 06 d7 95 19 a6 53 06",
    ),
    # Annex F: visa, MRV-B, version 4
    (
        "Annex F",
        Example(
            command="visa",
            version=4,
            issuer="D",
            signer="DETS",
            cert_ref="32",
            issued=datetime.date(2020, 1, 1),
            signed=datetime.date(2021, 12, 3),
            mrz=["VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<", "1234567XY7GBR5203116M2005250<<<<<<<<"],
            passport="47110815P",
            duration="160,0,0",
            entries=None,
            visa_type=None,
        ),
        "dc 03 6a bc 6d 32 c8 a7 2c b1 0f 71 34 b7 98 15 5d 01 02 2c dd 52 13 4a 74 da 13 47"
        " c6 fe d9 5c b8 9f 9f ce 13 3c 13 3c 13 3c 13 3c 20 38 33 73 4a af 47 f0 c3 2f 1a 1e"
        " 20 eb 26 25 39 3a fe 31 04 03 a0 00 00 05 06 33 be 1f ed 20 c6",
    ),
]


def selftest():
    failed = 0
    # Annex B, tables 6 and 7; section 3.2.3 ("BSI01")
    for text, want in (("XK<CD", "eb04 66a9"), ("XKCD", "eb11 fe45"), ("BSI01", "62d7 19c9")):
        got = c40_encode(text)
        if got != hexbytes(want):
            print("FAILED: C40 of %s is %s, Annex B has %s" % (text, got.hex(), want))
            failed += 1
    if encode_date(datetime.date(1957, 3, 25)) != hexbytes("319ef5"):
        print("FAILED: date 1957-03-25 is not 31 9E F5 (TR-03137 3.2.3)")
        failed += 1
    for name, ex, want in EXAMPLES:
        message = message_zone(features_of(ex)[0])
        got = (
            header(ex.version, ex.issuer, ex.signer, ex.cert_ref, ex.issued, ex.signed,
                   PROFILES[ex.command])
            + message
        )
        if got != hexbytes(want):
            print("FAILED: %s\n  got  %s\n  want %s" % (name, got.hex(), hexbytes(want).hex()))
            failed += 1
        else:
            print("ok %s: %d bytes of header and message" % (name, len(got)))
    # a signature of the right shape, and tampering that keeps the seal parseable
    try:
        import os
        import tempfile

        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        for curve, size in ((ec.SECP256R1(), 64), (ec.SECP384R1(), 96), (ec.SECP521R1(), 132)):
            key = ec.generate_private_key(curve)
            with tempfile.NamedTemporaryFile(delete=False) as f:
                f.write(
                    key.private_bytes(
                        serialization.Encoding.PEM,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    )
                )
            sig = sign(f.name, b"seal")
            os.unlink(f.name)
            if len(sig) != size:
                print("FAILED: %s signature is %d bytes, not %d" % (curve.name, len(sig), size))
                failed += 1
    except ImportError:
        print("FAILED: python3-cryptography is not installed")
        failed += 1
    number = c40_encode("UFO001979")
    changed = tamper(number)
    if sum(a != b for a, b in zip(number, changed)) != 1:
        print("FAILED: tampering changed more or less than one byte")
        failed += 1
    print("vds selftest: %s" % ("all passed" if failed == 0 else "%d failed" % failed))
    return 1 if failed else 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    for name in PROFILES:
        c = sub.add_parser(name)
        c.add_argument("--key", help="signer's private key, PEM (EC)")
        c.add_argument("--issuer", required=True, help="issuing state, alpha-3 ('D' is D<<)")
        c.add_argument("--signer", required=True, help="signer identifier: UTSA")
        c.add_argument("--cert-ref", required=True, help="certificate reference, hex")
        c.add_argument("--version", type=int, choices=(3, 4), default=4)
        c.add_argument("--mrz", nargs=2, required=True, metavar=("LINE1", "LINE2"))
        c.add_argument("--issue-date", help="YYYY-MM-DD, default today")
        c.add_argument("--signature-date", help="YYYY-MM-DD, default today")
        c.add_argument("--unsigned", action="store_true", help="leave out the signature")
        c.add_argument("--tamper", action="store_true", help="change a byte after signing")
        c.add_argument("--out", required=True)
        if name == "arrival-attestation":
            c.add_argument("--azr", required=True, help="AZR number, 12 characters")
        else:
            c.add_argument("--passport", required=True, help="passport number")
        if name == "visa":
            c.add_argument("--duration", help="duration of stay: days,months,years")
            c.add_argument("--entries", type=int, help="number of entries (0-255)")
            c.add_argument("--visa-type", help="visa type, 1-4 bytes in hex")
    sub.add_parser("selftest")
    args = p.parse_args(argv)
    if args.command == "selftest":
        return selftest()
    try:
        make(args)
    except (ValueError, OSError) as e:
        print("vds.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
