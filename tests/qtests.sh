#!/usr/bin/env bash
# Run QEMU's qtests for a target in the cached QEMU build: our ingenic-* device tests plus
# QEMU's generic ones (qom-test, device-introspect-test...), which start every machine,
# ours included, without a kernel.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-mipsel}
qb=$("$root/ci/build-qemu" --print-builddir)
[ -f "$qb/build.ninja" ] || { echo "qtests: no QEMU build at $qb" >&2; exit 99; }
cd "$qb"
ninja -j"$(nproc)" $(ninja -t targets all 2>/dev/null | sed -n "s|^\(tests/qtest/[a-z0-9_-]*\): c_LINKER|\1|p" | sort -u) >qtest-build.log 2>&1 ||
  { tail -30 qtest-build.log; exit 1; }
meson test --no-rebuild --suite "qtest-$target" --print-errorlogs --num-processes 2 -t 2
