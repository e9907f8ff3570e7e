"""ICAO 9303 primitives for the test ePassport: MRZ check digits and the BAC key
information, the BAC key derivation, 3DES and the ISO 9797-1 retail MAC, secure
messaging for both the terminal and the chip, and a small BER-TLV codec.

Written from ICAO 9303 Parts 3, 10 and 11 without looking at the C reader, so the two
cannot share a misreading; selftest.py pins these functions to the Part 11 Appendix D
worked example.
"""

import hashlib

try:  # cryptography >= 43 moved TripleDES out of the main namespace
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # Debian 12 ships 38
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

ZERO_IV = bytes(8)


# --- MRZ (Parts 3, 4, 5 and the BAC key information of Part 11) ------------------------

def check_digit(field):
    """7-3-1 weighted check digit of an MRZ field ('<' counts as 0)."""
    total = 0
    for i, c in enumerate(field):
        if c.isdigit():
            v = ord(c) - 48
        elif "A" <= c <= "Z":
            v = ord(c) - 55
        else:
            v = 0
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def mrz_lines(text):
    """The MRZ lines of a TD3 (2x44) or TD1 (3x30) text, blank lines and spaces dropped."""
    lines = [l.strip().replace(" ", "") for l in text.splitlines()]
    lines = [l for l in lines if l]
    if [len(l) for l in lines] not in ([44, 44], [30, 30, 30]):
        raise ValueError("not a TD3 (2x44) or TD1 (3x30) MRZ: %r" % lines)
    return lines


def mrz_fields(lines):
    """Document number, birth and expiry dates (YYMMDD) of an MRZ, as printed."""
    if len(lines) == 2:
        l2 = lines[1]
        return l2[0:9], l2[13:19], l2[21:27]
    l1, l2 = lines[0], lines[1]
    number = l1[5:14]
    if l1[14] == "<":
        # TD1 (Part 5): a number over 9 characters continues in the optional data,
        # whose last character before the filler is then the number's check digit
        rest = l1[15:30].rstrip("<")
        number = number + rest[:-1]
    return number, l2[0:6], l2[8:14]


def mrz_information(lines):
    """Part 11 (BAC): document number, date of birth, date of expiry, each followed by
    its check digit; a number shorter than 9 characters keeps its '<' fillers."""
    number, birth, expiry = mrz_fields(lines)
    if len(number) < 9:
        number = number + "<" * (9 - len(number))
    return (number + check_digit(number) + birth + check_digit(birth) +
            expiry + check_digit(expiry))


# --- keys (Part 11, key derivation for BAC and 3DES secure messaging) ------------------

def odd_parity(key):
    """DES keys carry odd parity in each byte's low bit; Appendix D prints keys adjusted."""
    out = bytearray()
    for b in key:
        b &= 0xFE
        out.append(b | (bin(b).count("1") + 1) % 2)
    return bytes(out)


def kdf(seed, counter):
    """3DES key derivation: SHA-1(seed || counter), first 16 bytes, parity adjusted.
    Counter 1 gives the encryption key, 2 the MAC key."""
    return odd_parity(hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()[:16])


def bac_seed(mrz_info):
    return hashlib.sha1(mrz_info.encode("ascii")).digest()[:16]


def bac_keys(mrz_info):
    """K_enc and K_mac, the Document Basic Access Keys."""
    seed = bac_seed(mrz_info)
    return kdf(seed, 1), kdf(seed, 2)


# --- ciphers ---------------------------------------------------------------------------

def pad(data):
    """ISO 9797-1 padding method 2: always adds 80, then zeros to a multiple of 8."""
    data = data + b"\x80"
    return data + bytes(-len(data) % 8)


def unpad(data):
    i = data.rstrip(b"\x00")
    if not i.endswith(b"\x80"):
        raise ValueError("bad ISO 9797-1 padding")
    return i[:-1]


def des3_encrypt(key, data):
    enc = Cipher(TripleDES(key), modes.CBC(ZERO_IV)).encryptor()
    return enc.update(data) + enc.finalize()


def des3_decrypt(key, data):
    dec = Cipher(TripleDES(key), modes.CBC(ZERO_IV)).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key, data):
    """ISO 9797-1 MAC algorithm 3 (DES, "retail MAC") over already padded data: single
    DES CBC with the first key half, then decrypt with the second half and encrypt
    with the first on the last block."""
    ka, kb = key[:8], key[8:16]
    h = Cipher(TripleDES(ka), modes.CBC(ZERO_IV)).encryptor()
    last = (h.update(data) + h.finalize())[-8:]
    d = Cipher(TripleDES(kb), modes.ECB()).decryptor()
    last = d.update(last) + d.finalize()
    e = Cipher(TripleDES(ka), modes.ECB()).encryptor()
    return e.update(last) + e.finalize()


# --- BER-TLV ---------------------------------------------------------------------------

def tlv(tag, value):
    """One BER-TLV with a definite length (short or long form)."""
    t = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    n = len(value)
    if n < 0x80:
        ln = bytes([n])
    elif n < 0x100:
        ln = bytes([0x81, n])
    elif n < 0x10000:
        ln = bytes([0x82]) + n.to_bytes(2, "big")
    else:
        ln = bytes([0x83]) + n.to_bytes(3, "big")
    return t + ln + value


def tlv_read(buf, pos=0):
    """(tag, value, next position) of the TLV at pos; raises ValueError on any overrun,
    since this also parses what a (possibly hostile) terminal sends."""
    if pos >= len(buf):
        raise ValueError("TLV: no tag")
    tag = buf[pos]
    pos += 1
    if tag & 0x1F == 0x1F:
        while True:
            if pos >= len(buf):
                raise ValueError("TLV: tag runs past the end")
            tag = (tag << 8) | buf[pos]
            pos += 1
            if not buf[pos - 1] & 0x80:
                break
    if pos >= len(buf):
        raise ValueError("TLV: no length")
    n = buf[pos]
    pos += 1
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 3 or pos + k > len(buf):
            raise ValueError("TLV: bad length")
        n = int.from_bytes(buf[pos:pos + k], "big")
        pos += k
    if pos + n > len(buf):
        raise ValueError("TLV: value runs past the end")
    return tag, buf[pos:pos + n], pos + n


def tlv_list(buf):
    out, pos = [], 0
    while pos < len(buf):
        tag, value, pos = tlv_read(buf, pos)
        out.append((tag, value))
    return out


# --- secure messaging (Part 11; ISO/IEC 7816-4 data objects 85, 87, 97, 99, 8E) ---------

class SecureMessaging:
    """3DES secure messaging state shared by terminal and chip: the session keys and
    the send sequence counter, incremented before every command and every response
    MAC, so each exchange uses two values."""

    def __init__(self, ks_enc, ks_mac, ssc):
        self.ks_enc, self.ks_mac = ks_enc, ks_mac
        self.ssc = int.from_bytes(ssc, "big")

    def _next(self):
        self.ssc = (self.ssc + 1) & 0xFFFFFFFFFFFFFFFF
        return self.ssc.to_bytes(8, "big")

    # terminal side: used by selftest.py and pcsc.py to drive the chip
    def protect(self, cla, ins, p1, p2, data=b"", le=None, extended=False):
        header = bytes([cla | 0x0C, ins, p1, p2])
        do_data = b""
        if data:
            enc = des3_encrypt(self.ks_enc, pad(data))
            # odd INS carry BER-TLV data, so the cryptogram goes into DO'85' without
            # the padding-content indicator (Part 11, secure messaging for odd INS)
            do_data = tlv(0x85, enc) if ins & 1 else tlv(0x87, b"\x01" + enc)
        do97 = b""
        if le is not None:
            if le > 256 or extended:
                do97 = tlv(0x97, (le & 0xFFFF).to_bytes(2, "big"))
            else:
                do97 = tlv(0x97, bytes([le & 0xFF]))
        mac = retail_mac(self.ks_mac, pad(self._next() + pad(header) + do_data + do97))
        body = do_data + do97 + tlv(0x8E, mac)
        if extended or len(body) > 255:
            return header + b"\x00" + len(body).to_bytes(2, "big") + body + b"\x00\x00"
        return header + bytes([len(body)]) + body + b"\x00"

    def unprotect(self, rapdu):
        """Plain data and status word of a protected response; a bare status word (an
        error the chip reported without SM) is returned as is."""
        if len(rapdu) < 2:
            raise ValueError("response shorter than a status word")
        body, sw = rapdu[:-2], int.from_bytes(rapdu[-2:], "big")
        if not body:
            return b"", sw
        mac_input, data, sw_in, mac = b"", b"", None, None
        for tag, value in tlv_list(body):
            if tag == 0x87:
                mac_input += tlv(tag, value)
                if not value or value[0] != 1:
                    raise ValueError("DO'87' without padding indicator 01")
                data = unpad(des3_decrypt(self.ks_enc, value[1:]))
            elif tag == 0x85:
                mac_input += tlv(tag, value)
                data = des3_decrypt(self.ks_enc, value)
            elif tag == 0x99:
                mac_input += tlv(tag, value)
                sw_in = int.from_bytes(value, "big")
            elif tag == 0x8E:
                mac = value
            else:
                raise ValueError("unexpected SM data object %X" % tag)
        expect = retail_mac(self.ks_mac, pad(self._next() + mac_input))
        if mac != expect:
            raise ValueError("response MAC does not verify")
        if sw_in is None:
            raise ValueError("response without DO'99'")
        return data, sw_in

    # chip side: used by vpassport.py
    def open_command(self, header, body):
        """(plain data, Le or None) of a protected command body; raises ValueError,
        which the chip answers with 6988, on a missing or wrong MAC or a stray object."""
        mac_input, data, le, mac = b"", b"", None, None
        for tag, value in tlv_list(body):
            if mac is not None:
                raise ValueError("data object after DO'8E'")
            if tag == 0x87:
                mac_input += tlv(tag, value)
                if not value or value[0] != 1:
                    raise ValueError("DO'87' without padding indicator 01")
                data = value
            elif tag == 0x85:
                mac_input += tlv(tag, value)
                data = value
            elif tag == 0x97:
                mac_input += tlv(tag, value)
                if len(value) == 1:
                    le = value[0] or 256
                elif len(value) == 2:
                    le = int.from_bytes(value, "big") or 65536
                elif len(value) == 0:
                    le = 0
                else:
                    raise ValueError("DO'97' longer than 2 bytes")
            elif tag == 0x8E:
                mac = value
            else:
                raise ValueError("unexpected SM data object %X" % tag)
        if mac is None:
            raise ValueError("no DO'8E'")
        expect = retail_mac(self.ks_mac, pad(self._next() + pad(bytes(header)) + mac_input))
        if mac != expect:
            raise ValueError("command MAC does not verify")
        if data and body[0] == 0x87:
            data = unpad(des3_decrypt(self.ks_enc, data[1:]))
        elif data:
            # DO'85' holds BER-TLV, whose own length ends it: padding is left for the
            # caller's TLV parser to ignore
            data = des3_decrypt(self.ks_enc, data)
        return data, le

    def close_response(self, data, sw, odd=False):
        """The protected response: DO'87' (or DO'85' for odd INS) with the data, DO'99'
        with the status, DO'8E' with the MAC, then the status word in clear."""
        do_data = b""
        if data:
            enc = des3_encrypt(self.ks_enc, pad(data))
            do_data = tlv(0x85, enc) if odd else tlv(0x87, b"\x01" + enc)
        do99 = tlv(0x99, sw.to_bytes(2, "big"))
        mac = retail_mac(self.ks_mac, pad(self._next() + do_data + do99))
        return do_data + do99 + tlv(0x8E, mac) + sw.to_bytes(2, "big")


def session_keys(k_ifd, k_ic):
    """KS_enc, KS_mac from the two key halves exchanged in EXTERNAL AUTHENTICATE."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic))
    return kdf(seed, 1), kdf(seed, 2)


def bac_ssc(rnd_ic, rnd_ifd):
    """Part 11 (BAC session): the four low bytes of RND.IC then of RND.IFD."""
    return rnd_ic[4:8] + rnd_ifd[4:8]
