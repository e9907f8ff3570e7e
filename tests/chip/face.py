#!/usr/bin/python3
"""A synthetic passport photo (a drawn face, not a person) for the virtual ePassport,
as baseline JPEG from a small encoder here (Debian has no PIL and cjpeg is not a
dependency) or as JPEG 2000 through opj_compress from libopenjp2-tools.

Usage: face.py OUT.jpg|OUT.jp2|OUT.ppm [--width W] [--height H] [--quality Q]
The defaults give a JPEG of about 20 KB, the DG2 size the benchmark asks for.
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile


# --- drawing ---------------------------------------------------------------------------

def _inside(x, y, cx, cy, rx, ry):
    dx, dy = (x - cx) / rx, (y - cy) / ry
    return dx * dx + dy * dy <= 1.0


def draw_face(width, height, seed=1):
    """Rows of (r, g, b): a head, hair, eyes, mouth and shoulders on a grey-blue ground,
    with deterministic grain so the JPEG is as large as a real photo's."""
    rnd = seed & 0xFFFFFFFF
    w, h = width, height
    cx = w / 2
    rows = []
    for y in range(h):
        row = []
        for x in range(w):
            # background: the pale graded ground ICAO photo guidance asks for
            r, g, b = 200 - y * 30 // h, 210 - y * 25 // h, 225 - y * 20 // h
            if y > h * 0.78 and abs(x - cx) < w * 0.48 - (h - y) * 0.9:
                r, g, b = 40, 50, 80                                   # jacket
            elif _inside(x, y, cx, h * 0.80, w * 0.09, h * 0.10):
                r, g, b = 205, 160, 130                                # neck
            if _inside(x, y, cx, h * 0.36, w * 0.30, h * 0.30) and y < h * 0.40:
                r, g, b = 60, 40, 25                                   # hair
            if _inside(x, y, cx, h * 0.45, w * 0.25, h * 0.30):
                shade = 1.0 - 0.25 * abs(x - cx) / (w * 0.25)
                r, g, b = int(225 * shade), int(180 * shade), int(150 * shade)  # skin
                for ex in (cx - w * 0.10, cx + w * 0.10):
                    if _inside(x, y, ex, h * 0.36, w * 0.065, h * 0.012):
                        r, g, b = 70, 45, 30                           # eyebrows
                    if _inside(x, y, ex, h * 0.41, w * 0.055, h * 0.022):
                        r, g, b = 245, 245, 240                        # eyes
                        if _inside(x, y, ex, h * 0.41, w * 0.022, h * 0.020):
                            r, g, b = 60, 90, 60                       # irises
                if _inside(x, y, cx, h * 0.50, w * 0.025, h * 0.07):
                    r, g, b = int(r * 0.92), int(g * 0.90), int(b * 0.90)  # nose
                if _inside(x, y, cx, h * 0.60, w * 0.09, h * 0.022):
                    r, g, b = 170, 80, 80                              # mouth
            rnd = (rnd * 1103515245 + 12345) & 0x7FFFFFFF
            n = (rnd >> 16) % 13 - 6
            row.append((min(255, max(0, r + n)), min(255, max(0, g + n)),
                        min(255, max(0, b + n))))
        rows.append(row)
    return rows


def ppm(rows):
    h, w = len(rows), len(rows[0])
    return b"P6\n%d %d\n255\n" % (w, h) + bytes(c for row in rows for px in row for c in px)


# --- baseline JPEG (ITU T.81), 4:2:0, the Annex K tables --------------------------------

_Q_LUMA = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
           14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
           18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
           49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
_Q_CHROMA = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
             24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32
_ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48,
           41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22,
           15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55,
           62, 63]
# (bits: code counts per length 1..16, values) for DC/AC, luminance/chrominance
_DC_L = ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12)))
_DC_C = ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12)))
_AC_L = ([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D], bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a"
    "25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a"
    "838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9ca"
    "d2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"))
_AC_C = ([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], bytes.fromhex(
    "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718"
    "191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a"
    "82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9ca"
    "d2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa"))


def _codes(table):
    """Canonical Huffman codes (T.81 Annex C): value -> (code, length)."""
    bits, values = table
    out, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            out[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return out


def _scaled(q, quality):
    s = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (v * s + 50) // 100)) for v in q]


_COS = [[(math.sqrt(0.5) if u == 0 else 1.0) * 0.5 * math.cos((2 * x + 1) * u * math.pi / 16)
         for x in range(8)] for u in range(8)]


def _fdct(block):
    """2-D DCT-II of 64 level-shifted samples, as two passes of 1-D transforms."""
    rows = [block[i:i + 8] for i in range(0, 64, 8)]
    tmp = [[sum(a * b for a, b in zip(c, r)) for c in _COS] for r in rows]
    cols = list(zip(*tmp))
    out = [[sum(a * b for a, b in zip(c, col)) for c in _COS] for col in cols]
    # out[u][v] is column u transformed: transpose back to row-major (v, u)
    return [out[u][v] for v in range(8) for u in range(8)]


class _Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, code, length):
        self.acc = (self.acc << length) | code
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)  # byte stuffing
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)


def _magnitude(v):
    n = abs(v).bit_length()
    return n, (v if v >= 0 else v + (1 << n) - 1)


def jpeg(rows, quality=84):
    h, w = len(rows), len(rows[0])
    ql, qc = _scaled(_Q_LUMA, quality), _scaled(_Q_CHROMA, quality)
    pw, ph = (w + 15) // 16 * 16, (h + 15) // 16 * 16
    Y = [[0.0] * pw for _ in range(ph)]
    Cb = [[0.0] * (pw // 2) for _ in range(ph // 2)]
    Cr = [[0.0] * (pw // 2) for _ in range(ph // 2)]
    for y in range(ph):
        src = rows[min(y, h - 1)]
        for x in range(pw):
            r, g, b = src[min(x, w - 1)]
            Y[y][x] = 0.299 * r + 0.587 * g + 0.114 * b - 128
            if y & 1 == 0 and x & 1 == 0:
                Cb[y >> 1][x >> 1] = -0.168736 * r - 0.331264 * g + 0.5 * b
                Cr[y >> 1][x >> 1] = 0.5 * r - 0.418688 * g - 0.081312 * b
    dc_l, dc_c, ac_l, ac_c = _codes(_DC_L), _codes(_DC_C), _codes(_AC_L), _codes(_AC_C)
    bits = _Bits()
    pred = [0, 0, 0]

    def block(plane, bx, by, q, dc, ac, comp):
        samples = [plane[by + j][bx + i] for j in range(8) for i in range(8)]
        coef = _fdct(samples)
        zz = [int(round(coef[k] / q[k])) for k in _ZIGZAG]
        diff = zz[0] - pred[comp]
        pred[comp] = zz[0]
        n, v = _magnitude(diff)
        bits.put(*dc[n])
        if n:
            bits.put(v, n)
        run = 0
        for k in range(1, 64):
            if zz[k] == 0:
                run += 1
                continue
            while run > 15:
                bits.put(*ac[0xF0])
                run -= 16
            n, v = _magnitude(zz[k])
            bits.put(*ac[(run << 4) | n])
            bits.put(v, n)
            run = 0
        if run:
            bits.put(*ac[0x00])

    for my in range(0, ph, 16):
        for mx in range(0, pw, 16):
            for dy in (0, 8):
                for dx in (0, 8):
                    block(Y, mx + dx, my + dy, ql, dc_l, ac_l, 0)
            block(Cb, mx // 2, my // 2, qc, dc_c, ac_c, 1)
            block(Cr, mx // 2, my // 2, qc, dc_c, ac_c, 2)
    bits.flush()

    def segment(marker, payload):
        return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload

    def dht(cls_id, table):
        return bytes([cls_id]) + bytes(table[0]) + bytes(table[1])

    out = b"\xFF\xD8"
    out += segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += segment(0xDB, b"\x00" + bytes(ql[k] for k in _ZIGZAG) +
                   b"\x01" + bytes(qc[k] for k in _ZIGZAG))
    out += segment(0xC0, b"\x08" + h.to_bytes(2, "big") + w.to_bytes(2, "big") +
                   b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01")
    out += segment(0xC4, dht(0x00, _DC_L) + dht(0x10, _AC_L) + dht(0x01, _DC_C) + dht(0x11, _AC_C))
    out += segment(0xDA, b"\x03\x01\x00\x02\x11\x03\x11\x00\x3F\x00")
    return out + bytes(bits.out) + b"\xFF\xD9"


def jpeg2000(rows, ratio=18):
    """JPEG 2000 (JP2 file format) through opj_compress; ratio is the compression ratio."""
    opj = shutil.which("opj_compress") or "/usr/bin/opj_compress"
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "face.ppm"), os.path.join(d, "face.jp2")
        with open(src, "wb") as f:
            f.write(ppm(rows))
        subprocess.run([opj, "-i", src, "-o", dst, "-r", str(ratio)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(dst, "rb") as f:
            return f.read()


def image_size(image):
    """(width, height) from a JPEG SOFn or a JP2 'ihdr' box / J2K SIZ marker."""
    if image[:2] == b"\xFF\xD8":
        i = 2
        while i + 9 < len(image):
            if image[i] != 0xFF:
                i += 1
                continue
            m = image[i + 1]
            n = int.from_bytes(image[i + 2:i + 4], "big")
            if m in (0xC0, 0xC1, 0xC2):
                return (int.from_bytes(image[i + 7:i + 9], "big"),
                        int.from_bytes(image[i + 5:i + 7], "big"))
            i += 2 + n
        raise ValueError("JPEG without a frame header")
    at = image.find(b"ihdr")
    if at >= 0:
        return (int.from_bytes(image[at + 8:at + 12], "big"),
                int.from_bytes(image[at + 4:at + 8], "big"))
    at = image.find(b"\xFF\x51")
    if at >= 0:
        return (int.from_bytes(image[at + 6:at + 10], "big"),
                int.from_bytes(image[at + 10:at + 14], "big"))
    raise ValueError("image size not found")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=300)
    ap.add_argument("--height", type=int, default=400)
    ap.add_argument("--quality", type=int, default=84, help="JPEG quality 1-100")
    ap.add_argument("--ratio", type=int, default=18, help="JPEG 2000 compression ratio")
    a = ap.parse_args()
    rows = draw_face(a.width, a.height)
    if a.out.endswith(".ppm"):
        data = ppm(rows)
    elif a.out.endswith((".jp2", ".j2k")):
        data = jpeg2000(rows, a.ratio)
    else:
        data = jpeg(rows, a.quality)
    with open(a.out, "wb") as f:
        f.write(data)
    print("%s: %d bytes, %dx%d" % (a.out, len(data), a.width, a.height), file=sys.stderr)


if __name__ == "__main__":
    main()
