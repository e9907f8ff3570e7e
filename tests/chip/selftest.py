#!/usr/bin/python3
"""Checks the test ePassport before any test trusts it.

1. The BAC and secure messaging code (icao.py) and the chip (vpassport.Passport)
   reproduce ICAO 9303 Part 11 Appendix D byte for byte: D.2 key derivation, D.3
   authentication and session keys, D.4 protected APDUs in both directions. The
   values below were not typed from memory: each was looked up in stored public
   material, where several independent implementations' tests (the Go package gmrtd,
   Tobias Senger's animamea in Java, liblogicalaccess's epass tests in C++, and
   others) quote the Appendix identically. The ICAO PDF itself was not in the store.
2. The chip's behaviour at the edges the C reader meets: wrong MRZ, extended and short
   reads, odd INS, 6700, 6A82, 6B00, 6982, 6988.
3. The PKI, EF.SOD and master list verify with OpenSSL's command line, an
   implementation independent of python3-cryptography's signing path; faults fail it.
4. The face image: the JPEG decodes with libjpeg (when a C compiler is at hand) and
   the JPEG 2000 with opj_decompress.

Prints "ok   selftest: ..." per check; exits 1 on the first failure.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import face  # noqa: E402
import icao  # noqa: E402
import lds  # noqa: E402
import pki  # noqa: E402
import vpassport  # noqa: E402
from icao import tlv_read  # noqa: E402

H = bytes.fromhex

# ICAO 9303-11 Appendix D
D2_MRZ_LINE2 = "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"
D2_MRZ_INFO = "L898902C<369080619406236"
D2_K_SEED = H("239AB9CB282DAF66231DC5A4DF6BFBAE")
D2_K_ENC = H("AB94FDECF2674FDFB9B391F85D7F76F2")
D2_K_MAC = H("7962D9ECE03D1ACD4C76089DCE131543")
D3_RND_IC = H("4608F91988702212")
D3_RND_IFD = H("781723860C06C226")
D3_K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
D3_S = H("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
D3_E_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
D3_M_IFD = H("5F1448EEA8AD90A7")
D3_K_IC = H("0B4F80323EB3191CB04970CB4052790B")
D3_R = H("4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B")
D3_E_IC = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F")
D3_M_IC = H("2F2D235D074D7449")
D3_KS_SEED = H("0036D272F5C350ACAC50C3F572D23600")
D3_KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
D3_KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
D3_SSC = H("887022120C06C226")
D4_EF_COM = H("60145F0104303130365F36063034303030305C026175")
D4 = [  # (plain command, protected command, protected response, plain response data)
    (H("00A4020C02011E"), H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"),
     H("990290008E08FA855A5D4C50A8ED9000"), b""),
    (H("00B0000004"), H("0CB000000D9701048E08ED6705417E96BA5500"),
     H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"), H("60145F01")),
    (H("00B0000412"), H("0CB000040D9701128E082EA28A70F3C7B53500"),
     H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"),
     H("04303130365F36063034303030305C026175")),
]
D4_SSC_AFTER = 0x887022120C06C22C

FAILED = []


def check(what, got, want):
    if got != want:
        print("FAIL selftest: %s: got %s, want %s" % (
            what, got.hex().upper() if isinstance(got, bytes) else got,
            want.hex().upper() if isinstance(want, bytes) else want))
        FAILED.append(what)
        return False
    return True


def ok(what):
    if not FAILED:
        print("ok   selftest: %s" % what)


def appendix_d():
    td3 = ["P<UTOERIKSSON<<ANNA<MARIA" + "<" * 19, D2_MRZ_LINE2]
    check("D.2 check digits", [icao.check_digit(f) for f in ("L898902C<", "690806", "940623")],
          ["3", "1", "6"])
    check("D.2 MRZ information", icao.mrz_information(td3), D2_MRZ_INFO)
    check("D.2 K_seed", icao.bac_seed(D2_MRZ_INFO), D2_K_SEED)
    check("D.2 K_enc, K_mac", icao.bac_keys(D2_MRZ_INFO), (D2_K_ENC, D2_K_MAC))
    ok("D.2: MRZ information, K_seed, K_enc, K_mac as in 9303-11 Appendix D")

    check("D.3 S", D3_RND_IFD + D3_RND_IC + D3_K_IFD, D3_S)
    check("D.3 E_IFD", icao.des3_encrypt(D2_K_ENC, D3_S), D3_E_IFD)
    check("D.3 M_IFD", icao.retail_mac(D2_K_MAC, icao.pad(D3_E_IFD)), D3_M_IFD)
    check("D.3 R", icao.des3_decrypt(D2_K_ENC, D3_E_IC), D3_R)
    check("D.3 KS_seed", bytes(a ^ b for a, b in zip(D3_K_IFD, D3_K_IC)), D3_KS_SEED)
    check("D.3 KS_enc, KS_mac", icao.session_keys(D3_K_IFD, D3_K_IC), (D3_KS_ENC, D3_KS_MAC))
    check("D.3 SSC", icao.bac_ssc(D3_RND_IC, D3_RND_IFD), D3_SSC)
    ok("D.3: E_IFD, M_IFD, R, KS_enc, KS_mac, SSC (terminal side)")

    # the chip, given Appendix D's randoms, must answer exactly as the example's chip
    randoms = [D3_RND_IC, D3_K_IC]
    card = vpassport.Passport({}, {lds.FID_COM: D4_EF_COM}, D2_MRZ_INFO,
                              rng=lambda n: randoms.pop(0))
    check("D.3 SELECT AID", card.process(H("00A4040C07A0000002471001")), H("9000"))
    check("D.3 GET CHALLENGE", card.process(H("0084000008")), D3_RND_IC + H("9000"))
    ea = H("0082000028") + D3_E_IFD + D3_M_IFD + H("28")
    check("D.3 EXTERNAL AUTHENTICATE", card.process(ea), D3_E_IC + D3_M_IC + H("9000"))
    ok("D.3: the virtual chip answers GET CHALLENGE and EXTERNAL AUTHENTICATE as the example")

    term = icao.SecureMessaging(D3_KS_ENC, D3_KS_MAC, D3_SSC)
    for plain, wrapped, response, data in D4:
        cla, ins, p1, p2, cdata, le, _ = vpassport.parse_apdu(plain)
        check("D.4 protect %s" % plain.hex().upper(),
              term.protect(cla, ins, p1, p2, cdata, le), wrapped)
        check("D.4 unprotect %s" % response.hex().upper(), term.unprotect(response),
              (data, 0x9000))
        check("D.4 chip answer to %s" % wrapped.hex().upper(), card.process(wrapped), response)
    check("D.4 SSC after the example", term.ssc, D4_SSC_AFTER)
    check("D.4 chip SSC after the example", card.sm.ssc, D4_SSC_AFTER)
    ok("D.4: protected SELECT and READ BINARY, both ways, byte for byte, SSC ...2C at the end")


class Terminal:
    """A minimal reader over a Passport object, for the edge checks."""

    def __init__(self, card, mrz_info):
        self.card, self.sm, self.apdus = card, None, 0
        self.k_enc, self.k_mac = icao.bac_keys(mrz_info)

    def raw(self, apdu):
        self.apdus += 1
        r = self.card.process(apdu)
        return r[:-2], int.from_bytes(r[-2:], "big")

    def bac(self):
        self.raw(H("00A4040C07A0000002471001"))
        rnd_ic, sw = self.raw(H("0084000008"))
        rnd_ifd, k_ifd = os.urandom(8), os.urandom(16)
        e = icao.des3_encrypt(self.k_enc, rnd_ifd + rnd_ic + k_ifd)
        m = icao.retail_mac(self.k_mac, icao.pad(e))
        resp, sw = self.raw(H("0082000028") + e + m + H("28"))
        if sw != 0x9000:
            return sw
        r = icao.des3_decrypt(self.k_enc, resp[:32])
        if icao.retail_mac(self.k_mac, icao.pad(resp[:32])) != resp[32:40] or r[:8] != rnd_ic:
            raise AssertionError("chip's BAC answer does not verify")
        self.sm = icao.SecureMessaging(*icao.session_keys(k_ifd, r[16:32]),
                                       icao.bac_ssc(rnd_ic, rnd_ifd))
        return sw

    def cmd(self, ins, p1, p2, data=b"", le=None, extended=False):
        r = self.card.process(self.sm.protect(0, ins, p1, p2, data, le, extended))
        self.apdus += 1
        if len(r) == 2:
            return b"", int.from_bytes(r, "big")
        return self.sm.unprotect(r)

    def read_file(self, fid, chunk, extended=False):
        self.cmd(0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))
        data, sw = self.cmd(0xB0, 0, 0, le=4)
        n = tlv_total(data)
        while len(data) < n:
            want = min(chunk, n - len(data))
            part, sw = self.cmd(0xB0, len(data) >> 8, len(data) & 0xFF, le=want,
                                extended=extended)
            if sw != 0x9000:
                raise AssertionError("READ BINARY at %d: %04X" % (len(data), sw))
            data += part
        return data


def tlv_total(head):
    """Whole length of the LDS file whose first 4 bytes are head (one-byte tag)."""
    first = head[1]
    if first < 0x80:
        return 2 + first
    k = first & 0x7F
    return 2 + k + int.from_bytes(head[2:2 + k], "big")


def edges(tmp):
    pki_dir = pki.generate(os.path.join(tmp, "pki"))
    image = face.jpeg(face.draw_face(300, 400))
    with open(os.path.join(tmp, "face.jpg"), "wb") as f:
        f.write(image)
    o = vpassport.options(["--pki", pki_dir, "--face", os.path.join(tmp, "face.jpg"),
                           "--dg11", "--dg12", "--dg14", "--dg15", "--pace"])
    mf, app, info = vpassport.build_files(o, lambda *_: None)
    card = vpassport.Passport(mf, app, info)

    t = Terminal(card, "L898902C<369080619406236")
    check("wrong MRZ: EXTERNAL AUTHENTICATE", t.bac(), 0x6300)
    check("wrong MRZ: no session", card.sm, None)
    ok("a wrong MRZ is refused with 6300 and opens no session")

    card.reset()
    _, sw = Terminal(card, info).raw(H("00A4040C07A0000002471001"))
    check("read before BAC: select", sw, 0x9000)
    t = Terminal(card, info)
    t.raw(H("00A4020C020101"))
    check("read before BAC", t.raw(H("00B0000004"))[1], 0x6982)
    t.raw(H("00A4000C023F00"))
    check("CardAccess plain", t.raw(H("00A4020C02011C"))[1], 0x9000)
    data, sw = t.raw(H("00B0000000"))
    check("CardAccess content", (data, sw), (lds.card_access_pace(), 0x9000))
    ok("EF.CardAccess reads in clear before the application; DGs need BAC (6982)")

    card.reset()
    t = Terminal(card, info)
    check("BAC", t.bac(), 0x9000)
    dg2 = t.read_file(0x0102, 65536, extended=True)
    check("extended read of DG2", dg2, app[0x0102])
    n_ext = t.apdus
    check("6A82 for a missing file", t.cmd(0xA4, 0x02, 0x0C, H("0103"))[1], 0x6A82)
    t.cmd(0xA4, 0x02, 0x0C, H("0101"))
    check("6B00 past the end", t.cmd(0xB0, 0x10, 0x00, le=4)[1], 0x6B00)
    check("short Le 256", t.cmd(0xB0, 0, 0, le=256), (app[0x0101], 0x9000))
    odd, sw = t.cmd(0xB1, 0x01, 0x02, H("5403000010"), le=0x40)
    tag, value, _ = tlv_read(odd)  # DO'85' content is BER-TLV: its padding is ignored
    check("odd INS READ BINARY", (tag, value, sw), (0x53, app[0x0102][16:16 + 62], 0x9000))
    check("plain command during SM", t.raw(H("00B0000004"))[1], 0x6988)
    check("session closed after a plain command", card.sm, None)
    ok("extended read of DG2 (%d bytes) in %d APDUs with BAC; 6A82, 6B00, odd INS B1, 6988"
       % (len(dg2), n_ext))

    card = vpassport.Passport(mf, app, info, extended=False)
    t = Terminal(card, info)
    t.bac()
    t.cmd(0xA4, 0x02, 0x0C, H("0102"))
    check("no extended length: Le 0xE0", t.cmd(0xB0, 0, 0, le=0xE0)[1], 0x6700)
    check("no extended length: Le 256", t.cmd(0xB0, 0, 0, le=256)[1], 0x6700)
    check("no extended length: session kept", card.sm is not None, True)
    base = t.apdus
    check("short read of DG2", t.read_file(0x0102, 0xDF), app[0x0102])
    n_short = t.apdus - base
    check("no extended length: extended APDU", t.cmd(0xB0, 0, 0, le=1000, extended=True)[1],
          0x6700)
    check("no extended length: session lost after an extended APDU", card.sm, None)
    ok("without extended length: Le > 0xDF gets a protected 6700, DG2 in %d short reads"
       % n_short)

    check("ATR with extended length", vpassport.atr(True).hex().upper(), "3B858001807394014022")
    check("ATR without", vpassport.atr(False).hex().upper(), "3B858001807394010062")
    ok("ATRs: 3B858001807394014022 (extended length), 3B858001807394010062 (none)")
    return pki_dir, o, mf, app


def openssl(*args, data=None):
    return subprocess.run(["openssl"] + list(args), input=data, capture_output=True)


def pki_and_sod(tmp, pki_dir, app):
    if not shutil.which("openssl"):
        check("the openssl command (package openssl) to check EF.SOD independently",
              "missing", "installed")
        return
    sod_ci = tlv_read(app[lds.FID_SOD])[1]
    sod_path = os.path.join(tmp, "sod.der")
    with open(sod_path, "wb") as f:
        f.write(sod_ci)
    csca = os.path.join(pki_dir, "csca.pem")
    r = openssl("cms", "-verify", "-inform", "DER", "-in", sod_path, "-CAfile", csca,
                "-purpose", "any", "-binary")
    check("openssl cms -verify of EF.SOD: %s" % r.stderr.decode().strip(), r.returncode, 0)
    from asn1crypto import cms
    ci = cms.ContentInfo.load(sod_ci)
    econtent = ci["content"]["encap_content_info"]
    check("eContentType", econtent["content_type"].dotted, lds.OID_LDS_SECURITY_OBJECT)
    check("openssl's eContent", r.stdout, econtent["content"].native)
    lso = lds.LDSSecurityObject.load(r.stdout)
    import hashlib
    for h in lso["hashes"]:
        n = h["number"].native
        check("SOD hash of DG%d" % n, h["value"].native,
              hashlib.sha256(app[lds.dg_fid(n)]).digest())
    ok("EF.SOD verifies with openssl cms against the CSCA; hashes of DG%s match" %
       ",".join(str(h["number"].native) for h in lso["hashes"]))

    bad = lds.flip_signature(app[lds.FID_SOD])
    with open(sod_path, "wb") as f:
        f.write(tlv_read(bad)[1])
    r = openssl("cms", "-verify", "-inform", "DER", "-in", sod_path, "-CAfile", csca,
                "-purpose", "any", "-binary", "-out", os.devnull)
    check("bad signature fails openssl", r.returncode != 0, True)
    ml = os.path.join(pki_dir, "masterlist.ml")
    r = openssl("cms", "-verify", "-inform", "DER", "-in", ml, "-CAfile", csca,
                "-purpose", "any", "-binary")
    check("master list verifies: %s" % r.stderr.decode().strip(), r.returncode, 0)
    mlist = lds.MasterList.load(r.stdout)
    check("master list version", mlist["version"].native, 0)
    with open(os.path.join(pki_dir, "csca.der"), "rb") as f:
        check("master list holds the CSCA", mlist["cert_list"][0].dump(), f.read())
    r = openssl("verify", "-CAfile", csca, "-crl_check", "-CRLfile",
                os.path.join(pki_dir, "crl-revoked.pem"), os.path.join(pki_dir, "ds.pem"))
    check("revoking CRL", b"revoked" in r.stdout + r.stderr, True)
    r = openssl("verify", "-CAfile", csca, os.path.join(pki_dir, "other-ds.pem"))
    check("other DS is not under the CSCA", r.returncode != 0, True)
    ok("bad signature fails; master list (2.23.136.1.1.2) verifies and holds the CSCA; "
       "CRL revokes the DS")


def images(tmp, app):
    dg2 = app[0x0102]
    _, bigt, _ = tlv_read(dg2)
    _, bit_group, _ = tlv_read(bigt)
    tag, count, pos = tlv_read(bit_group)
    tag2, bit, _ = tlv_read(bit_group, pos)
    tag3, bht, pos = tlv_read(bit)
    tag4, record, _ = tlv_read(bit, pos)
    check("DG2 nesting", (tag, count, tag2, tag3, tag4), (0x02, b"\x01", 0x7F60, 0xA1, 0x5F2E))
    check("19794-5 header", record[:8], b"FAC\x00010\x00")
    image = record[46:]
    ok("DG2 is 75/7F61/02/7F60/A1/5F2E with a 'FAC' record, image %d bytes" % len(image))
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc and os.path.exists("/usr/include/jpeglib.h"):
        exe = os.path.join(tmp, "jpegcheck")
        r = subprocess.run([cc, "-O1", "-o", exe, os.path.join(HERE, "jpegcheck.c"),
                            "-ljpeg", "-lm"], capture_output=True)
        check("compile jpegcheck.c: %s" % r.stderr.decode(), r.returncode, 0)
        ppm = os.path.join(tmp, "face.ppm")
        with open(ppm, "wb") as f:
            f.write(face.ppm(face.draw_face(300, 400)))
        r = subprocess.run([exe, os.path.join(tmp, "face.jpg"), ppm], capture_output=True)
        psnr = float(r.stdout or 0)
        check("JPEG decodes with libjpeg, PSNR %.1f dB" % psnr, r.returncode == 0 and psnr > 30,
              True)
        ok("the drawn JPEG decodes with libjpeg (PSNR %.1f dB against the drawing)" % psnr)
    else:
        print("skip selftest: no C compiler or libjpeg headers to decode the JPEG")
    if shutil.which("opj_compress") and shutil.which("opj_decompress"):
        jp2 = face.jpeg2000(face.draw_face(300, 400))
        src, out = os.path.join(tmp, "face.jp2"), os.path.join(tmp, "face-dec.ppm")
        with open(src, "wb") as f:
            f.write(jp2)
        r = subprocess.run(["opj_decompress", "-i", src, "-o", out], capture_output=True)
        check("JPEG 2000 decodes", r.returncode, 0)
        check("JPEG 2000 size", face.image_size(jp2), (300, 400))
        ok("the JPEG 2000 face (%d bytes) decodes with opj_decompress" % len(jp2))


def main():
    appendix_d()
    with tempfile.TemporaryDirectory() as tmp:
        pki_dir, o, mf, app = edges(tmp)
        pki_and_sod(tmp, pki_dir, app)
        images(tmp, app)
    if FAILED:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
