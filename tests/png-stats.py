#!/usr/bin/env python3
"""png-stats.py FILE WIDTH HEIGHT: the PNG has that size and is not a flat image
(at least 8 distinct colours), as modetest's pattern is. Standard library only."""
import struct, sys, zlib

def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit(f'{path}: not a PNG')
    pos, idat, w = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6):
        raise SystemExit(f'{path}: unsupported PNG (depth {depth}, colour type {ctype})')
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, rows, i = zlib.decompress(idat), w * bpp, bytearray(w * bpp), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows

w, h, bpp, rows = read_png(sys.argv[1])
want = (int(sys.argv[2]), int(sys.argv[3]))
colours = {r[x:x + 3] for r in rows for x in range(0, len(r), bpp)}
print(f'{sys.argv[1]}: {w}x{h}, {len(colours)} distinct colours')
if (w, h) != want:
    raise SystemExit(f'size {w}x{h}, expected {want[0]}x{want[1]}')
if len(colours) < 8:
    raise SystemExit('the frame is (nearly) flat: no pattern on the panel')
