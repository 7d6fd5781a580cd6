#!/usr/bin/env bash
# The guest suite's KMS basics on the LCDC (enumerate, modeset in every primary-plane format,
# page flips with events, vblank, both LCDC planes, every overlay (F0) format), each screen compared pixel-exact with the
# frame its recipe describes. The IPU cases wait for the IPU model (issue 4) and are excluded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${MESON_BUILD_ROOT:-$root/build}/test-out/suite-basic-mips
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" run --job suite --cases '@basic,!ipu-*' --seed 1 --out "$out"
grep -aq '^ok .* planes-primary-overlay' "$out/results.ktap"
[ "$(grep -c ': ok: 0 of ' "$out/screens/check.txt")" -ge 14 ]
echo "boot-suite-basic: ok ($out)"
