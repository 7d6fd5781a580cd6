#!/usr/bin/env bash
# ingenic-drm binds (with the IPU component) and Debian's modetest sets the panel's mode; the
# screendump taken while its pattern is up must not be blank and must have the panel's size.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${MESON_BUILD_ROOT:-$root/build}/test-out/modetest-mips
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" run --job modetest --screen --out "$out"
grep -q 'bound 13080000.ipu' "$out/console.log"
grep -q 'Initialized ingenic-drm' "$out/console.log"
png=$out/screens/modetest.png
[ -s "$png" ] || { echo "no screendump $png"; exit 1; }
"${MESON_BUILD_ROOT:-$root/build}/ci/lab-screen-check" --stats "$png" 320 240
echo "boot-modetest: ok ($png)"
