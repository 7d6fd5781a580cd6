#!/usr/bin/env bash
# The smoke job: boot to the ready marker, reboot through the watchdog, boot again, power off
# through the RTC; QEMU must exit 0. Also checks the Ingenic timers and UART interrupts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lane=${1:-mips}
out=${MESON_BUILD_ROOT:-$root/build}/test-out/smoke-$lane
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" run --lane "$lane" --job smoke --out "$out"
# No kernel warnings or debug-option reports during a clean boot/reboot/poweroff.
if grep -nE 'WARNING:|BUG:|Oops|Call Trace:|Unable to handle|kmemleak:.*new suspected|possible .*deadlock|UBSAN:|Kernel panic' "$out/console.log"; then
  echo "boot-smoke: kernel reports in the console log ($out/console.log)"; exit 1
fi
grep -q 'ingenic-lab: CHECK clocksource ok' "$out/console.log"
echo "boot-smoke: ok ($out)"
