#!/usr/bin/env bash
# The guest suite's KMS basics on the lane given (default mips), on the fixed driver: the LCDC
# (enumerate, modeset in every primary-plane format, page flips with events, flips right after
# vblank went off (each event must come with its buffer on screen), vblank, both LCDC
# planes, every overlay (F0) format, C8 through the palette alone and under a primary plane) and
# the IPU plane (1:1, up- and downscaled in RGB, packed and planar YUV formats, unbound and bound
# again), each screen compared pixel-exact with the frame its recipe describes (IPU layers exactly
# as the IPU model computes them from the driver's LUTs, guest-tests/include/lab_ipu.hpp).
# The fixed driver, because this checks the emulated display, and mainline 6.12 spoils frames at
# random: an IPU-only modeset takes a private-object lock in the commit phase, lockdep's
# ww-mutex slow-path injection makes that fail now and then, and the IPU plane is not shown
# (patch 0001 of the series); a C8 overlay chains F1 through the palette into F0's descriptors
# (0002); unbinding the IPU frees its plane while the DRM device walks it (0006). Mainline's
# basics and their reports are in the README's per-case table; boot-kasan-catches runs mainline.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lane=${1:-mips}
out=${MESON_BUILD_ROOT:-$root/build}/test-out/suite-basic-$lane
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" run --lane "$lane" --driver fixed --job suite --cases '@basic' --seed 1 --out "$out"
for c in page-flip-after-vblank-off planes-primary-overlay ipu-plane-downscale-yuv420 overlay-alone-c8 overlay-c8 ipu-unbind-rebind; do
  grep -aq "^ok .* $c\$\|^ok .* $c " "$out/results.ktap" || { echo "boot-suite-basic: $c did not pass" >&2; exit 1; }
done
n=$(grep -c ': ok: 0 of ' "$out/screens/check.txt")
[ "$n" -ge 45 ] || { echo "boot-suite-basic: only $n pixel-exact screens, 45 expected" >&2; exit 1; }
echo "boot-suite-basic: ok, $n screens pixel-exact ($out)"
