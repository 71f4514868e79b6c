#!/usr/bin/env bash
# Renders a reproduction report (report.html) in headless Chromium and checks that the screenshot is not blank.
#
#   scripts/check-report.sh REPORT.html [SCREENSHOT.png] [WIDTHxHEIGHT]
#
# Needs Debian's `chromium` (apt-get install -y chromium) and python3 (no extra modules). The report must render
# without a server: it is self-contained (inlined images, no scripts), and Chromium runs with networking cut off
# (--proxy-server to a dead port), so an external resource would simply not load.
# Passes (exit 0) when the screenshot has at least 2 % non-background pixels and more than 50 distinct colours
# (text, table rules and inlined pictures); prints what it measured. Exit 1 on a blank page, 2 on usage errors.
set -euo pipefail

html=${1:?usage: scripts/check-report.sh REPORT.html [SCREENSHOT.png] [WIDTHxHEIGHT]}
shot=${2:-$(dirname "$html")/report-screenshot.png}
size=${3:-1200x2400}
[[ -f $html ]] || { echo "check-report: no such file: $html" >&2; exit 2; }
command -v chromium >/dev/null || { echo "check-report: chromium is missing; run: apt-get install -y chromium" >&2; exit 2; }

abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
rm -f "$shot"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --proxy-server=127.0.0.1:9 --window-size="${size/x/,}" --screenshot="$shot" "file://$abs" >/dev/null 2>&1 || true
[[ -s $shot ]] || { echo "check-report: chromium wrote no screenshot for $html" >&2; exit 1; }

python3 - "$shot" <<'PY'
import struct, sys, zlib

def read_png(path):
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat = 8, b''
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6), f'unsupported PNG (depth {depth}, colour type {ctype})'
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows

w, h, bpp, rows = read_png(sys.argv[1])
counts = {}
for r in rows[::2]:
    for x in range(0, w * bpp, bpp * 2):
        px = r[x:x + 3]
        counts[px] = counts.get(px, 0) + 1
total = sum(counts.values())
background, bg_count = max(counts.items(), key=lambda kv: kv[1])
ink = 1 - bg_count / total
print(f'check-report: {sys.argv[1]}: {w}x{h}, {len(counts)} colours, {ink:.1%} non-background pixels')
if ink < 0.02 or len(counts) <= 50:
    print('check-report: FAIL: the page looks blank', file=sys.stderr)
    sys.exit(1)
print('check-report: OK')
PY
