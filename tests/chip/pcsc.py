#!/usr/bin/python3
"""PC/SC from the test side, through libpcsclite with ctypes (pyscard is not a
dependency): wait until a reader shows or loses a card, list readers, and read a chip
end to end (BAC, secure messaging, LDS files, passive authentication) as a reference
reader that exercises the virtual passport through the real pcscd.

  pcsc.py readers
  pcsc.py wait READER present|absent [--timeout S]
  pcsc.py read [--reader NAME] --mrz-file F [--short] [--csca PEM] [--json]

The reference reader shares icao.py with the emulator, so it proves the test stack
works, not that the crypto is right: selftest.py does that, and the C reader is the
one under test.
"""

import argparse
import ctypes
import hashlib
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import icao  # noqa: E402
import lds  # noqa: E402

# pcsclite on Linux: DWORD and LONG are C longs, handles are LONG
DWORD = ctypes.c_ulong
LONG = ctypes.c_long
SCARD_SCOPE_SYSTEM, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1 = 2, 2, 1, 2
SCARD_LEAVE_CARD, SCARD_RESET_CARD = 0, 1
SCARD_STATE_CHANGED, SCARD_STATE_EMPTY, SCARD_STATE_PRESENT = 0x2, 0x10, 0x20
SCARD_E_TIMEOUT, SCARD_E_NO_READERS = 0x8010000A, 0x8010002E
SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD = 0x80100069, 0x8010000C


class ReaderState(ctypes.Structure):
    _fields_ = [("szReader", ctypes.c_char_p), ("pvUserData", ctypes.c_void_p),
                ("dwCurrentState", DWORD), ("dwEventState", DWORD), ("cbAtr", DWORD),
                ("rgbAtr", ctypes.c_ubyte * 33)]


class IoRequest(ctypes.Structure):
    _fields_ = [("dwProtocol", DWORD), ("cbPciLength", DWORD)]


class PcscError(Exception):
    def __init__(self, what, rv):
        super().__init__("%s: 0x%08X" % (what, rv & 0xFFFFFFFF))
        self.rv = rv & 0xFFFFFFFF


class Pcsc:
    def __init__(self):
        self.lib = ctypes.CDLL("libpcsclite.so.1")
        for name in ("SCardEstablishContext", "SCardReleaseContext", "SCardListReaders",
                     "SCardGetStatusChange", "SCardConnect", "SCardDisconnect",
                     "SCardTransmit"):
            getattr(self.lib, name).restype = LONG
        self.ctx = LONG()
        self._ok("SCardEstablishContext", self.lib.SCardEstablishContext(
            DWORD(SCARD_SCOPE_SYSTEM), None, None, ctypes.byref(self.ctx)))
        self.card = None

    def _ok(self, what, rv):
        if rv:
            raise PcscError(what, rv)

    def close(self):
        if self.card is not None:
            self.lib.SCardDisconnect(self.card, DWORD(SCARD_RESET_CARD))
            self.card = None
        self.lib.SCardReleaseContext(self.ctx)

    def readers(self):
        n = DWORD(0)
        rv = self.lib.SCardListReaders(self.ctx, None, None, ctypes.byref(n))
        if rv & 0xFFFFFFFF == SCARD_E_NO_READERS:
            return []
        self._ok("SCardListReaders", rv)
        buf = ctypes.create_string_buffer(n.value)
        self._ok("SCardListReaders", self.lib.SCardListReaders(self.ctx, None, buf,
                                                               ctypes.byref(n)))
        return [r.decode() for r in buf.raw[:n.value].split(b"\0") if r]

    def state(self, reader, known=0, timeout_ms=0):
        """(event state, ATR) of reader, waiting up to timeout_ms for a change from
        known; None on timeout."""
        rs = ReaderState(reader.encode(), None, known, 0, 0)
        rv = self.lib.SCardGetStatusChange(self.ctx, DWORD(timeout_ms), ctypes.byref(rs),
                                           DWORD(1))
        if rv & 0xFFFFFFFF == SCARD_E_TIMEOUT:
            return None
        self._ok("SCardGetStatusChange", rv)
        return rs.dwEventState, bytes(rs.rgbAtr[:rs.cbAtr])

    def wait(self, reader, present, timeout):
        """Waits for the card's presence or absence in reader; True when it happened."""
        end = time.monotonic() + timeout
        known = 0
        while True:
            left = int((end - time.monotonic()) * 1000)
            try:
                st = self.state(reader, known, max(0, min(left, 500)))
            except PcscError:
                st = None  # the reader is not there yet
            if st is not None:
                known = st[0] & ~SCARD_STATE_CHANGED
                if bool(st[0] & SCARD_STATE_PRESENT) == present:
                    return True
            if left <= 0:
                return False
            if st is None:
                time.sleep(0.05)

    def connect(self, reader):
        card, proto = LONG(), DWORD()
        self._ok("SCardConnect", self.lib.SCardConnect(
            self.ctx, reader.encode(), DWORD(SCARD_SHARE_SHARED),
            DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), ctypes.byref(card),
            ctypes.byref(proto)))
        self.card, self.proto = card, proto.value

    def transmit(self, apdu):
        pci = IoRequest(self.proto, ctypes.sizeof(IoRequest))
        out = ctypes.create_string_buffer(65538)
        n = DWORD(len(out))
        self._ok("SCardTransmit", self.lib.SCardTransmit(
            self.card, ctypes.byref(pci), apdu, DWORD(len(apdu)), None, out, ctypes.byref(n)))
        if n.value < 2:
            # pcsc-lite 1.9.9 with vpcd: a card gone mid-APDU is a "successful"
            # transmit with no status word; only the next call reports the removal
            raise PcscError("SCardTransmit: %d-byte response" % n.value, 0)
        return out.raw[:n.value]


# --- the reference read ------------------------------------------------------------------

class Reader:
    def __init__(self, pcsc, extended):
        self.pcsc, self.extended, self.sm, self.apdus = pcsc, extended, None, 0

    def send(self, apdu):
        self.apdus += 1
        r = self.pcsc.transmit(apdu)
        return r[:-2], int.from_bytes(r[-2:], "big")

    def cmd(self, ins, p1, p2, data=b"", le=None):
        if self.sm is None:
            apdu = bytes([0, ins, p1, p2]) + (bytes([len(data)]) + data if data else b"")
            return self.send(apdu + (bytes([le & 0xFF]) if le is not None else b""))
        wrapped = self.sm.protect(0, ins, p1, p2, data, le, extended=le is not None and le > 256)
        self.apdus += 1
        r = self.pcsc.transmit(wrapped)
        if len(r) == 2:
            return b"", int.from_bytes(r, "big")
        return self.sm.unprotect(r)

    def bac(self, mrz_info):
        k_enc, k_mac = icao.bac_keys(mrz_info)
        rnd_ic, sw = self.cmd(0x84, 0, 0, le=8)
        if sw != 0x9000:
            raise RuntimeError("GET CHALLENGE: %04X" % sw)
        rnd_ifd, k_ifd = os.urandom(8), os.urandom(16)
        e = icao.des3_encrypt(k_enc, rnd_ifd + rnd_ic + k_ifd)
        resp, sw = self.cmd(0x82, 0, 0, e + icao.retail_mac(k_mac, icao.pad(e)), le=40)
        if sw != 0x9000:
            return sw
        if icao.retail_mac(k_mac, icao.pad(resp[:32])) != resp[32:40]:
            raise RuntimeError("the chip's BAC MAC does not verify")
        r = icao.des3_decrypt(k_enc, resp[:32])
        self.sm = icao.SecureMessaging(*icao.session_keys(k_ifd, r[16:32]),
                                       icao.bac_ssc(rnd_ic, rnd_ifd))
        return sw

    def read(self, fid):
        _, sw = self.cmd(0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))
        if sw != 0x9000:
            return None
        data, sw = self.cmd(0xB0, 0, 0, le=4)
        if sw != 0x9000:
            return None
        k = data[1] & 0x7F if data[1] & 0x80 else 0
        total = 2 + k + (int.from_bytes(data[2:2 + k], "big") if k else data[1])
        chunk = 0xFF00 if self.extended else 0xDF
        while len(data) < total:
            part, sw = self.cmd(0xB0, len(data) >> 8, len(data) & 0xFF,
                                le=min(chunk, total - len(data)))
            if sw == 0x6700 and chunk > 0xDF:
                chunk = 0xDF  # the chip refuses that Le: fall back to short chunks
                continue
            if sw != 0x9000:
                raise RuntimeError("READ BINARY %04X at %d: %04X" % (fid, len(data), sw))
            data += part
        return data


def passive_auth(files, sod, csca_pem):
    """(signature ok, chains to the CSCA, [mismatching DG numbers]) with
    python3-cryptography, signature over the DER signed attributes."""
    from asn1crypto import cms
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    ci = cms.ContentInfo.load(icao.tlv_read(sod)[1])
    sd = ci["content"]
    signer = sd["signer_infos"][0]
    lso = lds.LDSSecurityObject.load(sd["encap_content_info"]["content"].native)
    ds = x509.load_der_x509_certificate(sd["certificates"][0].chosen.dump())
    hash_name = signer["digest_algorithm"]["algorithm"].native
    h = lds.HASH_CLASS[hash_name]()
    signed = signer["signed_attrs"].untag().dump(force=True)
    sig_ok = True
    try:
        key = ds.public_key()
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signer["signature"].native, signed, ec.ECDSA(h))
        else:
            key.verify(signer["signature"].native, signed, padding.PKCS1v15(), h)
    except Exception:
        sig_ok = False
    chain_ok = False
    if csca_pem:
        with open(csca_pem, "rb") as f:
            csca = x509.load_pem_x509_certificate(f.read())
        try:
            csca.public_key().verify(ds.signature, ds.tbs_certificate_bytes,
                                     padding.PKCS1v15(), ds.signature_hash_algorithm)
            chain_ok = ds.issuer == csca.subject
        except Exception:
            chain_ok = False
    bad = [hh["number"].native for hh in lso["hashes"]
           if hh["number"].native in files and
           hashlib.new(hash_name, files[hh["number"].native]).digest() != hh["value"].native]
    return sig_ok, chain_ok, bad


def cmd_read(a):
    with open(a.mrz_file) as f:
        lines = icao.mrz_lines(f.read())
    p = Pcsc()
    reader = a.reader or next((r for r in p.readers()
                               if (p.state(r) or (0,))[0] & SCARD_STATE_PRESENT), None)
    if reader is None:
        print("no reader with a card", file=sys.stderr)
        return 3
    t0 = time.monotonic()
    result = {"reader": reader}
    try:
        p.connect(reader)
        atr = p.state(reader)[1]
        # only the virtual passport's ATR layout is understood: card capabilities
        # (73) third byte at offset 8, b7 for extended length
        announced = len(atr) > 8 and atr[5] == 0x73 and atr[8] & 0x40 != 0
        rd = Reader(p, announced and not a.short)
        rd.cmd(0xA4, 0x00, 0x0C, b"\x3F\x00")
        ca = rd.read(0x011C)
        result["card_access"] = ca.hex().upper() if ca else None
        rd.cmd(0xA4, 0x04, 0x0C, bytes.fromhex("A0000002471001"))
        sw = rd.bac(icao.mrz_information(lines))
        if sw != 0x9000:
            result.update(verdict="access_denied", sw="%04X" % sw, apdus=rd.apdus)
            print(json.dumps(result))
            return 1
        com = rd.read(0x011E)
        tags = dict(icao.tlv_list(icao.tlv_read(com)[1]))[0x5C]
        files = {}
        for n, tag in lds.DG_TAG.items():
            if tag in tags and n in (1, 2, 11, 12, 14, 15):
                files[n] = rd.read(lds.dg_fid(n))
        sod = rd.read(0x011D)
    except PcscError as e:
        result.update(verdict="read_failed", error=str(e))
        print(json.dumps(result))
        return 3
    finally:
        p.close()
    ms = int((time.monotonic() - t0) * 1000)
    sig_ok, chain_ok, bad = passive_auth(files, sod, a.csca)
    dg1 = icao.tlv_read(icao.tlv_read(files[1])[1])[1].decode()
    verdict = ("bad_signature" if not sig_ok else "hash_mismatch" if bad else
               "unknown_issuer" if not chain_ok else "genuine")
    result.update(verdict=verdict, apdus=rd.apdus, ms=ms, extended_length=rd.extended,
                  sizes={"DG%d" % n: len(v) for n, v in files.items()}, sod=len(sod),
                  hash_mismatch=["DG%d" % n for n in bad], dg1_equals_printed=dg1 == "".join(lines))
    print(json.dumps(result))
    return 0 if verdict == "genuine" and dg1 == "".join(lines) else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("readers")
    w = sub.add_parser("wait")
    w.add_argument("reader")
    w.add_argument("what", choices=("present", "absent"))
    w.add_argument("--timeout", type=float, default=15)
    r = sub.add_parser("read")
    r.add_argument("--reader")
    r.add_argument("--mrz-file", required=True)
    r.add_argument("--short", action="store_true", help="no extended length")
    r.add_argument("--csca", help="trusted CSCA, PEM")
    a = ap.parse_args()
    if a.cmd == "readers":
        for name in Pcsc().readers():
            print(name)
        return 0
    if a.cmd == "wait":
        p = Pcsc()
        try:
            return 0 if p.wait(a.reader, a.what == "present", a.timeout) else 1
        finally:
            p.close()
    return cmd_read(a)


if __name__ == "__main__":
    sys.exit(main())
