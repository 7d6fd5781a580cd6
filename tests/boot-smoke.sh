#!/usr/bin/env bash
# The smoke job: boot to the ready marker, reboot through the watchdog, boot again, power off
# through the RTC; QEMU must exit 0. The guest checks the Ingenic timers and UART interrupts;
# the runner fails the run on any kernel report not in the lane's reviewed known-issues list.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lane=${1:-mips}
out=${MESON_BUILD_ROOT:-$root/build}/test-out/smoke-$lane
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" run --lane "$lane" --job smoke --out "$out"
grep -q 'ingenic-lab: CHECK clocksource ok current=ingenic-' "$out/console.log"
grep -q '"verdict": "pass"' "$out/results.json"
[ "$(grep -c 'ingenic-lab: READY' "$out/console.log")" -eq 2 ]
echo "boot-smoke: ok ($out)"
