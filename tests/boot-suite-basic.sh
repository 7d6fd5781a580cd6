#!/usr/bin/env bash
# The guest suite's KMS basics (on the lane given, default mips) on the LCDC (enumerate, modeset in every primary-plane format,
# page flips with events, vblank, both LCDC planes, every overlay (F0) format) and the IPU plane
# (1:1, up- and downscaled in RGB, packed and planar YUV formats), each screen compared
# pixel-exact with the frame its recipe describes (IPU layers exactly as the IPU model computes
# them from the driver's LUTs, guest-tests/include/lab_ipu.hpp).
# ipu-unbind-rebind is excluded: Linux 6.12's ingenic-ipu frees its plane (devm memory of the
# component bind) before the master's drm_mode_config_cleanup, so unbinding the IPU always ends in
# a use-after-free (list_del corruption in drm_plane_cleanup, then an oops); run it with '@ipu'.
# overlay-c8 is excluded too: with a C8 overlay, 6.12 chains F1's descriptor into the palette and
# F0's descriptors, so F1 shows F0's bytes from the second frame on (guest-tests/README.md);
# overlay-alone-c8 checks the palette path through the driver instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lane=${1:-mips}
out=${MESON_BUILD_ROOT:-$root/build}/test-out/suite-basic-$lane
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" run --lane "$lane" --job suite --cases '@basic,!ipu-unbind-rebind,!overlay-c8' --seed 1 --out "$out"
grep -aq '^ok .* planes-primary-overlay' "$out/results.ktap"
grep -aq '^ok .* ipu-plane-downscale-yuv420' "$out/results.ktap"
grep -aq '^ok .* overlay-alone-c8' "$out/results.ktap"
[ "$(grep -c ': ok: 0 of ' "$out/screens/check.txt")" -ge 39 ]
echo "boot-suite-basic: ok ($out)"
