#!/usr/bin/env bash
# Run QEMU's qtests for a target in the cached QEMU build.
#   mipsel:  every qtest of the target: our ingenic-* device tests plus QEMU's generic ones
#            (qom-test, device-introspect-test...), which start every machine, ours included,
#            without a kernel.
#   aarch64: our arm64 board's test and the machine-independent generic tests; QEMU's other
#            aarch64 tests assume the `virt` machine, which this build leaves out.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-mipsel}
case $target in mipsel|aarch64) ;; *) echo "qtests: unknown target '$target' (mipsel, aarch64)" >&2; exit 2 ;; esac
emu=$("$root/qemu-device/build" --print-emulator "$target") || exit 99
qb=${emu%/*}
cd "$qb"
case $target in
  aarch64) names="ingenic-arm64-test qom-test device-introspect-test test-hmp" ;;
  *) names=$(meson test --no-rebuild --list --suite "qtest-$target" 2>/dev/null |
               sed -n "s|.* / qtest-$target/||p" | sort -u) ;;
esac
[ -n "$names" ] || { echo "qtests: no qtests registered for $target" >&2; exit 1; }
# Build only the executables these tests need (the build also holds other targets' tests).
ninja -j"$(nproc)" $(printf 'tests/qtest/%s ' $names) >qtest-build.log 2>&1 ||
  { tail -30 qtest-build.log; exit 1; }
meson test --no-rebuild --suite "qtest-$target" --print-errorlogs --num-processes 2 -t 2 \
  $(printf "qtest-$target/%s " $names)
