#!/usr/bin/python3
"""A virtual ePassport for pcscd's vsmartcard-vpcd driver: ICAO 9303-10/-11 LDS1 with
Basic Access Control and 3DES secure messaging, extended or short reads, configurable
contents and faults on demand. It connects to vpcd on loopback (the card is "inserted"
while the connection lasts) and ends with it unless --loop.

  vpassport.py --pki DIR [--mrz-file F] [--face F] [faults...]   see --help

vpcd protocol: every message is a 2-byte big-endian length and a payload. A 1-byte
payload from pcscd is a control code (0 power off, 1 power on, 2 reset, 4 get ATR,
answered with the ATR); anything longer is a command APDU, answered with the response.
"""

import argparse
import json
import os
import socket
import sys
import time

from cryptography.hazmat.primitives.asymmetric import ec, rsa

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import face  # noqa: E402
import icao  # noqa: E402
import lds  # noqa: E402
import pki  # noqa: E402
from icao import tlv, tlv_read  # noqa: E402

AID_LDS1 = bytes.fromhex("A0000002471001")
SPECIMEN_TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F3404159ZE184226B<<<<<16"]

# status words
SW_OK, SW_AUTH_FAILED, SW_WRONG_LENGTH = 0x9000, 0x6300, 0x6700
SW_SECURITY, SW_NOT_SATISFIED, SW_NO_EF, SW_SM_WRONG = 0x6982, 0x6985, 0x6986, 0x6988
SW_NOT_FOUND, SW_WRONG_P1P2, SW_OFFSET, SW_INS, SW_CLA = 0x6A82, 0x6A86, 0x6B00, 0x6D00, 0x6E00


def atr(extended):
    """ISO 14443-4 style ATR as PC/SC contactless readers build it (PC/SC part 3:
    3B 8n 80 01, historical bytes, TCK). The historical bytes are a compact-TLV card
    capabilities object 73 whose third byte has b7 set when the chip takes extended
    Lc/Le (ISO/IEC 7816-4 card capabilities): how a reader learns it may read large
    chunks."""
    hist = bytes([0x80, 0x73, 0x94, 0x01, 0x40 if extended else 0x00])
    body = bytes([0x80 | len(hist), 0x80, 0x01]) + hist
    tck = 0
    for b in body:
        tck ^= b
    return b"\x3B" + body + bytes([tck])


def atr_info(max_le):
    """EF.ATR/INFO (2F01): card capabilities again and 7F66 extended length
    information (maximum command and response lengths)."""
    return (tlv(0x47, b"\x94\x01\x40") +
            tlv(0x7F66, tlv(0x02, (0x1000).to_bytes(2, "big")) +
                tlv(0x02, min(max_le, 0xFFFF).to_bytes(2, "big"))))


# --- contents ----------------------------------------------------------------------------

def compose_td3(doc_type, state, names, number, nationality, birth, sex, expiry, optional):
    def pad(s, n):
        return (s + "<" * n)[:n]
    l1 = pad(doc_type, 2) + state + pad(names, 39)
    num, opt = pad(number, 9), pad(optional, 14)
    l2 = (num + icao.check_digit(num) + nationality + birth + icao.check_digit(birth) + sex +
          expiry + icao.check_digit(expiry) + opt + icao.check_digit(opt))
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    return [l1, l2 + icao.check_digit(comp)]


def altered_mrz(lines):
    """The MRZ with another document number and surname and every check digit redone:
    what a chip from another document, put into this booklet, would carry."""
    if len(lines) == 2:
        l1, l2 = lines
        number = l2[0:9]
        number = number[:-1] + ("7" if number[-1] != "7" else "8")
        given = l1[5:44].partition("<<")[2]
        names = "MUSTERMANN<<" + given
        return compose_td3(l1[0:2], l1[2:5], names, number, l2[10:13], l2[13:19], l2[20],
                           l2[21:27], l2[28:42])
    l1, l2, l3 = lines
    number = l1[5:14]
    number = number[:-1] + ("7" if number[-1] != "7" else "8")
    l1 = l1[:5] + number + icao.check_digit(number) + l1[15:]
    upper = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 = l2[:29] + icao.check_digit(upper)
    given = l3.partition("<<")[2]
    l3 = ("MUSTERMANN<<" + given.rstrip("<") + "<" * 30)[:30]
    return [l1, l2, l3]


def full_birth_date(yymmdd):
    yy = int(yymmdd[:2])
    century = 19 if yy > time.gmtime().tm_year % 100 else 20
    return "%d%s" % (century, yymmdd)


def flip_byte(data, at):
    """data with one byte changed at or after at, avoiding JPEG marker bytes so a
    changed face image still decodes (the hash is what must differ)."""
    while data[at] in (0x00, 0xFE, 0xFF) and at + 1 < len(data):
        at += 1
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def build_files(o, log):
    """(MF files, application files, MRZ information for BAC) from the options."""
    d = pki.generate(o.pki or os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                           "vpassport-pki-%d" % os.getuid()))
    printed = icao.mrz_lines(o.mrz.replace("|", "\n")) if o.mrz else SPECIMEN_TD3
    if o.mrz_file:
        with open(o.mrz_file) as f:
            printed = icao.mrz_lines(f.read())
    chip_mrz = printed
    if o.dg1_mrz:
        chip_mrz = icao.mrz_lines(o.dg1_mrz.replace("|", "\n"))
    elif o.dg1_differs:
        chip_mrz = altered_mrz(printed)
    if o.face:
        with open(o.face, "rb") as f:
            image = f.read()
    else:
        image = face.jpeg(face.draw_face(300, 400))
    width, height = face.image_size(image)

    dgs = {1: lds.dg1(chip_mrz), 2: lds.dg2(image, width, height)}
    birth = icao.mrz_fields(chip_mrz)[1]
    names = (chip_mrz[0][5:] if len(chip_mrz) == 2 else chip_mrz[2]).rstrip("<")
    if o.dg11:
        dgs[11] = lds.dg11(names, full_birth_date(birth), "ZENITH<UTOPIA")
    if o.dg12:
        dgs[12] = lds.dg12("UTOPIA PASSPORT OFFICE", "20240416")
    if o.dg14:
        dgs[14] = lds.dg14(ec.generate_private_key(ec.SECP256R1()).public_key())
    if o.dg15:
        dgs[15] = lds.dg15(rsa.generate_private_key(65537, 1024).public_key())

    signer = "other-ds" if o.unknown_csca else "ds"
    with open(os.path.join(d, signer + ".pem"), "rb") as f:
        ds_cert = f.read()
    with open(os.path.join(d, signer + ".key"), "rb") as f:
        ds_key = f.read()
    sod = lds.ef_sod(dgs, ds_cert, ds_key, o.hash)
    if o.bad_signature:
        sod = lds.flip_signature(sod)
    if o.wrong_hash:
        n = int(o.wrong_hash.upper().lstrip("DG"))
        if n not in dgs:
            raise SystemExit("vpassport: --wrong-hash DG%d: the chip has no DG%d" % (n, n))
        # changed after signing: what a cloned chip with a swapped photo looks like
        dgs[n] = flip_byte(dgs[n], len(dgs[n]) // 2 if n == 2 else len(dgs[n]) - 1)

    app = {lds.FID_COM: lds.ef_com(dgs), lds.FID_SOD: sod}
    for n, data in dgs.items():
        app[lds.dg_fid(n)] = data
    mf = {}
    if o.pace:
        mf[lds.FID_CARD_ACCESS] = lds.card_access_pace()
    if o.extended:
        mf[lds.FID_ATR_INFO] = atr_info(o.max_extended_le if not o.lie_extended else 0xFFFF)
    info = icao.mrz_information(printed)
    faults = [f for f, on in (("wrong hash on %s" % o.wrong_hash, o.wrong_hash),
                              ("bad signature", o.bad_signature),
                              ("unknown CSCA", o.unknown_csca),
                              ("DG1 differs", chip_mrz != printed),
                              ("no extended length", not o.extended),
                              ("extended length refused", o.lie_extended),
                              ("removed after %s APDUs" % o.remove_after,
                               o.remove_after is not None),
                              ("stalls after %s APDUs" % o.stall_after, o.stall_after is not None),
                              ("%d ms per APDU" % o.delay_ms, o.delay_ms)) if on]
    log("contents: document %s, DGs %s, DG2 %d bytes, SOD %d bytes signed by %s; faults: %s"
        % (icao.mrz_fields(printed)[0].rstrip("<"), ",".join(str(n) for n in sorted(dgs)),
           len(dgs[2]), len(sod), signer, ", ".join(faults) or "none"))
    if o.dump:
        os.makedirs(o.dump, exist_ok=True)
        names = {lds.FID_COM: "EF.COM", lds.FID_SOD: "EF.SOD",
                 lds.FID_CARD_ACCESS: "EF.CardAccess", lds.FID_ATR_INFO: "EF.ATR-INFO"}
        for fid, data in list(app.items()) + list(mf.items()):
            name = names.get(fid, "DG%d" % (fid & 0xFF))
            with open(os.path.join(o.dump, name + ".bin"), "wb") as f:
                f.write(data)
    return mf, app, info


# --- the chip ----------------------------------------------------------------------------

class Passport:
    """The chip's command processing, transport-free so selftest.py can drive it."""

    def __init__(self, mf, app, mrz_info, extended=True, lie_extended=False,
                 max_short_le=0xDF, max_extended_le=0xFF00, rng=os.urandom, log=None,
                 verbose=False):
        self.mf, self.app = mf, app
        self.k_enc, self.k_mac = icao.bac_keys(mrz_info)
        # three separate abilities, so a chip can announce extended length, take
        # extended APDUs and still refuse a large Le (--lie-extended)
        self.parses_extended = extended
        self.large_le = extended and not lie_extended
        self.max_short_le, self.max_extended_le = max_short_le, max_extended_le
        self.rng = rng
        self.log = log or (lambda *_: None)
        self.verbose = verbose
        self.reset()

    def reset(self):
        """Power on, reset or power off: the chip forgets everything (ISO 7816-3)."""
        self.in_app = False
        self.current = None
        self.rnd_ic = None
        self.sm = None

    def process(self, apdu):
        try:
            cla, ins, p1, p2, data, le, ext = parse_apdu(apdu)
        except ValueError as e:
            self.log("  bad APDU: %s" % e)
            return sw_bytes(SW_WRONG_LENGTH)
        if ext and not self.parses_extended:
            # a chip without extended length cannot even parse the APDU, so the answer
            # is plain and secure messaging is lost (the reader must redo BAC)
            self.log("  extended APDU refused (6700)%s" % (" and SM session closed"
                                                          if self.sm else ""))
            self.sm = None
            return sw_bytes(SW_WRONG_LENGTH)
        if cla not in (0x00, 0x0C):
            return sw_bytes(SW_CLA)
        if self.sm is None:
            if cla == 0x0C:
                self.log("  protected command without a session (6988)")
                return sw_bytes(SW_SM_WRONG)
            out, sw = self.command(ins, p1, p2, data, le, plain=True)
            return out + sw_bytes(sw)
        if cla != 0x0C:
            # Part 11: a plain command ends secure messaging; BAC must be redone
            self.log("  unprotected command during secure messaging: session closed (6988)")
            self.sm = None
            return sw_bytes(SW_SM_WRONG)
        try:
            inner, inner_le = self.sm.open_command(apdu[:4], data)
        except ValueError as e:
            self.log("  SM error: %s: session closed (6988)" % e)
            self.sm = None
            return sw_bytes(SW_SM_WRONG)
        sm = self.sm
        out, sw = self.command(ins, p1, p2, inner, inner_le, plain=False)
        if self.sm is not sm:  # the command itself ended the session
            return out + sw_bytes(sw)
        return self.sm.close_response(out, sw, odd=bool(ins & 1))

    def command(self, ins, p1, p2, data, le, plain):
        """(response data, status word) of an unprotected command."""
        name = {0xA4: "SELECT", 0x84: "GET CHALLENGE", 0x82: "EXTERNAL AUTHENTICATE",
                0xB0: "READ BINARY", 0xB1: "READ BINARY (odd)"}.get(ins, "INS %02X" % ins)
        out, sw = b"", SW_INS
        if ins == 0xA4:
            out, sw = self.select(p1, p2, data)
        elif ins == 0x84:
            out, sw = self.get_challenge(le)
        elif ins == 0x82:
            out, sw = self.external_authenticate(data, le, plain)
        elif ins in (0xB0, 0xB1):
            out, sw = self.read_binary(ins, p1, p2, data, le, plain)
        if self.verbose:
            self.log("  %s%s %02X%02X %s Le=%s -> %d bytes %04X" % (
                "" if plain else "[SM] ", name, p1, p2, data.hex().upper() if len(data) < 16
                else "%d bytes" % len(data), le, len(out), sw))
        return out, sw

    def select(self, p1, p2, data):
        if p1 == 0x04:
            if data != AID_LDS1:
                return b"", SW_NOT_FOUND
            self.in_app, self.current = True, None
            return (b"" if p2 & 0x0C == 0x0C else tlv(0x6F, tlv(0x84, AID_LDS1))), SW_OK
        if p1 == 0x00 and data in (b"", b"\x3F\x00"):
            self.in_app, self.current = False, None
            return b"", SW_OK
        if p1 not in (0x00, 0x02) or len(data) != 2:
            return b"", SW_WRONG_P1P2
        fid = int.from_bytes(data, "big")
        files = self.app if self.in_app else self.mf
        if fid not in files:
            return b"", SW_NOT_FOUND
        self.current = fid
        if p2 & 0x0C == 0x0C:
            return b"", SW_OK
        fcp = tlv(0x62, tlv(0x80, len(files[fid]).to_bytes(2, "big")) + tlv(0x82, b"\x01") +
                  tlv(0x83, data))
        return fcp, SW_OK

    def get_challenge(self, le):
        if le != 8:
            return b"", SW_WRONG_LENGTH
        self.rnd_ic = self.rng(8)
        return self.rnd_ic, SW_OK

    def external_authenticate(self, data, le, plain):
        """Part 11 BAC: check M_IFD, decrypt E_IFD, check that RND.IC came back,
        answer E_IC || M_IC and start secure messaging with the new session keys."""
        if not plain:
            return b"", SW_NOT_SATISFIED
        if self.rnd_ic is None:
            return b"", SW_NOT_SATISFIED
        rnd_ic, self.rnd_ic = self.rnd_ic, None  # a challenge is good for one try
        if len(data) != 40 or le is None:
            return b"", SW_WRONG_LENGTH
        e_ifd, m_ifd = data[:32], data[32:]
        if icao.retail_mac(self.k_mac, icao.pad(e_ifd)) != m_ifd:
            self.log("  BAC: M_IFD does not verify: another MRZ (6300)")
            return b"", SW_AUTH_FAILED
        s = icao.des3_decrypt(self.k_enc, e_ifd)
        rnd_ifd, echoed, k_ifd = s[:8], s[8:16], s[16:32]
        if echoed != rnd_ic:
            self.log("  BAC: RND.IC not echoed (6300)")
            return b"", SW_AUTH_FAILED
        k_ic = self.rng(16)
        e_ic = icao.des3_encrypt(self.k_enc, rnd_ic + rnd_ifd + k_ic)
        m_ic = icao.retail_mac(self.k_mac, icao.pad(e_ic))
        ks_enc, ks_mac = icao.session_keys(k_ifd, k_ic)
        self.sm = icao.SecureMessaging(ks_enc, ks_mac, icao.bac_ssc(rnd_ic, rnd_ifd))
        self.log("  BAC: done, secure messaging from now on")
        return e_ic + m_ic, SW_OK

    def read_binary(self, ins, p1, p2, data, le, plain):
        if ins == 0xB0 and p1 & 0x80:
            sfi = p1 & 0x1F
            fid = self._sfi(sfi)
            if fid is None:
                return b"", SW_NOT_FOUND
            self.current, offset = fid, p2
        elif ins == 0xB0:
            offset = ((p1 << 8) | p2) & 0x7FFF
        else:
            fid = (p1 << 8) | p2
            if fid:
                files = self.app if self.in_app else self.mf
                if p1 == 0 and p2 < 0x20:
                    fid = self._sfi(p2)
                if fid not in files:
                    return b"", SW_NOT_FOUND
                self.current = fid
            try:
                tag, value, _ = tlv_read(data)
            except ValueError:
                return b"", SW_WRONG_LENGTH
            if tag != 0x54 or not 1 <= len(value) <= 3:
                return b"", SW_WRONG_LENGTH
            offset = int.from_bytes(value, "big")
        if self.current is None:
            return b"", SW_NO_EF
        in_app = self.current in self.app and self.in_app
        if in_app and plain:
            return b"", SW_SECURITY  # BAC first
        content = (self.app if in_app else self.mf)[self.current]
        if le is None:
            return b"", SW_WRONG_LENGTH
        limit = self.max_extended_le if self.large_le else self.max_short_le
        if le > limit and not self.large_le:
            # inside SM this 6700 is protected, so the reader can retry with a smaller
            # Le in the same session
            return b"", SW_WRONG_LENGTH
        if offset >= len(content):
            return b"", SW_OFFSET
        n = min(le, limit, len(content) - offset)
        if ins == 0xB0:
            return content[offset:offset + n], SW_OK
        # odd INS: the data comes back in DO'53', all of it within Le
        while n > 0 and len(tlv(0x53, bytes(n))) > le:
            n -= 1
        return tlv(0x53, content[offset:offset + n]), SW_OK

    def _sfi(self, sfi):
        files = self.app if self.in_app else self.mf
        for fid in files:
            # LDS1 short file identifiers are the low 5 bits of the FID (DGn = n,
            # COM 1E, SOD 1D, CardAccess 1C)
            if fid & 0x1F == sfi and (fid >> 8) in (0x01,):
                return fid
        return None


def sw_bytes(sw):
    return sw.to_bytes(2, "big")


def parse_apdu(apdu):
    """(CLA, INS, P1, P2, data, Le or None, extended?) of an ISO 7816-3 command APDU,
    cases 1 to 4, short and extended; Le 00 (short) is 256 and 0000 (extended) 65536."""
    if len(apdu) < 4:
        raise ValueError("shorter than a header")
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return cla, ins, p1, p2, b"", None, False
    if len(body) == 1:
        return cla, ins, p1, p2, b"", body[0] or 256, False
    if body[0] != 0:
        lc = body[0]
        if len(body) == 1 + lc:
            return cla, ins, p1, p2, body[1:], None, False
        if len(body) == 2 + lc:
            return cla, ins, p1, p2, body[1:1 + lc], body[-1] or 256, False
        raise ValueError("Lc %d does not match the length" % lc)
    if len(body) == 3:
        return cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536, True
    lc = int.from_bytes(body[1:3], "big")
    if lc and len(body) == 3 + lc:
        return cla, ins, p1, p2, body[3:], None, True
    if lc and len(body) == 5 + lc:
        return cla, ins, p1, p2, body[3:3 + lc], int.from_bytes(body[-2:], "big") or 65536, True
    raise ValueError("extended Lc %d does not match the length" % lc)


# --- vpcd --------------------------------------------------------------------------------

class Removed(Exception):
    pass


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        # vpcd writes the length and the payload separately with Nagle on: unless
        # acknowledged at once, its second write waits out our delayed ACK (~40 ms
        # per APDU). Linux clears QUICKACK after use, so it is set before every read.
        if hasattr(socket, "TCP_QUICKACK"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def connect(host, port, timeout, log):
    """Connects to vpcd, retrying while pcscd starts; None when the time is up."""
    end = time.monotonic() + timeout
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=2)
            sock.settimeout(None)
            # one APDU per segment: Nagle would hold each short answer back ~40 ms
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except OSError:
            if time.monotonic() >= end:
                return None
            time.sleep(0.1)


def session(sock, card, o, log, deadline):
    """Serves one insertion; returns the number of APDUs answered."""
    apdus = 0
    the_atr = bytes.fromhex(o.atr) if o.atr else atr(o.extended)
    stalled = atr_logged = False
    while True:
        if deadline:
            left = deadline - time.monotonic()
            if left <= 0:
                log("lifetime over: leaving the reader")
                return apdus
            sock.settimeout(left)
        try:
            head = recv_exact(sock, 2)
            payload = head and recv_exact(sock, int.from_bytes(head, "big"))
        except socket.timeout:
            continue
        except OSError:
            payload = None
        if payload is None:
            log("vpcd closed the connection")
            return apdus
        if stalled:
            continue
        if len(payload) == 1:
            code = payload[0]
            if code == 4:
                sock.sendall(len(the_atr).to_bytes(2, "big") + the_atr)
                # pcscd polls presence by asking for the ATR: log the first only
                if not atr_logged or o.verbose:
                    log("atr sent: %s" % the_atr.hex().upper())
                atr_logged = True
            elif code in (0, 1, 2):
                card.reset()
                log({0: "power off", 1: "power on", 2: "reset"}[code])
            continue
        apdus += 1
        if o.remove_after is not None and apdus > o.remove_after:
            log("removed: card pulled out at APDU %d" % apdus)
            raise Removed()
        if o.stall_after is not None and apdus > o.stall_after:
            log("stalled: APDU %d is never answered" % apdus)
            stalled = True
            continue
        if o.verbose:
            log("> %s" % payload.hex().upper())
        if o.delay_ms:
            time.sleep(o.delay_ms / 1000.0)
        resp = card.process(payload)
        if o.verbose:
            log("< %s" % resp.hex().upper())
        sock.sendall(len(resp).to_bytes(2, "big") + resp)


def loopback(host):
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return all(i[4][0].startswith("127.") or i[4][0] == "::1" for i in infos)


def options(argv):
    ap = argparse.ArgumentParser(
        description="Virtual ePassport (ICAO 9303 LDS1, BAC, 3DES SM) for pcscd's vpcd.",
        epilog="Every option can also come from --config FILE, a JSON object of option "
               "names and values ({\"no_extended\": true, \"remove_after\": 12}); the "
               "command line wins.")
    g = ap.add_argument_group("connection")
    g.add_argument("--host", default="127.0.0.1", help="vpcd address; loopback only")
    g.add_argument("--port", type=int, default=35963, help="35963: reader 'Virtual PCD 00 00'")
    g.add_argument("--loop", action="store_true", help="reinsert after each session")
    g.add_argument("--reinsert-ms", type=int, default=300, help="pause before reinsertion")
    g.add_argument("--connect-timeout", type=float, default=20)
    g.add_argument("--lifetime", type=float, default=0, help="leave after SECONDS (0 never)")
    g.add_argument("--log", help="append the log to FILE (default stderr)")
    g.add_argument("-v", "--verbose", action="store_true", help="log every APDU")
    g.add_argument("--config", help="JSON file of options")
    g = ap.add_argument_group("contents")
    g.add_argument("--pki", help="directory from pki.py (made when missing)")
    g.add_argument("--mrz", help="printed MRZ, lines separated by | or newlines")
    g.add_argument("--mrz-file", help="printed MRZ from a file")
    g.add_argument("--dg1-mrz", help="MRZ in DG1 when it differs from the printed one")
    g.add_argument("--face", help="face image, JPEG or JPEG 2000 (default: drawn, ~20 KB)")
    for n, what in ((11, "additional personal details"), (12, "additional document details"),
                    (14, "Chip Authentication info"), (15, "an Active Authentication key")):
        g.add_argument("--dg%d" % n, action="store_true", help="add DG%d, %s" % (n, what))
    g.add_argument("--pace", action="store_true", help="EF.CardAccess offering PACE")
    g.add_argument("--hash", default="sha256", choices=sorted(lds.HASH_OID))
    g.add_argument("--dump", metavar="DIR", help="also write every file to DIR")
    g = ap.add_argument_group("length")
    g.add_argument("--no-extended", dest="extended", action="store_false",
                   help="no extended length: ATR without it, 6700 for extended APDUs")
    g.add_argument("--lie-extended", action="store_true",
                   help="announce extended length but answer 6700 to it")
    g.add_argument("--max-short-le", type=lambda s: int(s, 0), default=0xDF,
                   help="largest short Le taken without extended length (default 0xDF)")
    g.add_argument("--max-extended-le", type=lambda s: int(s, 0), default=0xFF00,
                   help="most bytes one extended READ BINARY returns")
    g.add_argument("--atr", help="send this ATR (hex) instead")
    g = ap.add_argument_group("faults")
    g.add_argument("--wrong-hash", nargs="?", const="DG2", metavar="DGn",
                   help="change a data group after signing (DG2 by default)")
    g.add_argument("--bad-signature", action="store_true", help="invert a signature byte")
    g.add_argument("--unknown-csca", action="store_true",
                   help="sign with a DS under a CSCA the reader was not given")
    g.add_argument("--dg1-differs", action="store_true",
                   help="DG1 with another document number and surname than printed")
    g.add_argument("--remove-after", type=int, metavar="N",
                   help="pull the card out instead of answering APDU N+1")
    g.add_argument("--stall-after", type=int, metavar="N",
                   help="never answer APDU N+1 (the card hangs, stays in the reader)")
    g.add_argument("--delay-ms", type=int, default=0, help="answer each APDU this late")
    o = ap.parse_args(argv)
    if o.config:
        # the JSON becomes command-line words ahead of the real ones, so it is checked
        # by the same parser and the command line wins
        with open(o.config) as f:
            conf = json.load(f)
        words = []
        for key, value in conf.items():
            opt = "--" + key.replace("_", "-")
            if value is True:
                words.append(opt)
            elif value not in (False, None):
                words += [opt, str(value)]
        o = ap.parse_args(words + argv)
    if not loopback(o.host):
        ap.error("--host must be a loopback address")
    return o


def main(argv=None):
    o = options(argv if argv is not None else sys.argv[1:])
    out = open(o.log, "a", buffering=1) if o.log else sys.stderr

    def log(msg):
        out.write("vpassport[%d] %.3f %s\n" % (os.getpid(), time.time(), msg))
        out.flush()

    mf, app, info = build_files(o, log)
    card = Passport(mf, app, info, extended=o.extended, lie_extended=o.lie_extended,
                    max_short_le=o.max_short_le, max_extended_le=o.max_extended_le,
                    log=log, verbose=o.verbose)
    deadline = time.monotonic() + o.lifetime if o.lifetime else 0
    while True:
        sock = connect(o.host, o.port, o.connect_timeout, log)
        if sock is None:
            log("cannot connect to vpcd at %s:%d: is pcscd running with vsmartcard-vpcd?"
                % (o.host, o.port))
            return 3
        log("connected to vpcd at %s:%d" % (o.host, o.port))
        card.reset()
        removed = False
        try:
            n = session(sock, card, o, log, deadline)
        except Removed:
            removed, n = True, o.remove_after
        finally:
            sock.close()
        log("session end: %d APDUs answered" % n)
        if not o.loop or (deadline and time.monotonic() >= deadline):
            return 0
        if removed:
            o.remove_after = None  # put back in, the card works: the retry must succeed
        time.sleep(o.reinsert_ms / 1000.0)


if __name__ == "__main__":
    sys.exit(main())
