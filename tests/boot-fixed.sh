#!/usr/bin/env bash
# The fixed driver (guest-driver/patches/fixes/6.12) on the lane given: every race, rmmod and
# stress case in one boot, then each shutdown case in its own boot, `--param duration=10` (each
# racing case stops after 10 s or its default iteration count, whichever comes first). Each run
# must be clean: exit 0 (every case passes, no report outside
# ci/known-issues/<lane>-6.12-fixed.txt, whose entries say why they are not the driver's), no
# device-side finding, and every selected case ran in a single boot (none left the device broken).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lane=${1:?lane}
base=${MESON_BUILD_ROOT:-$root/build}/test-out/fixed-$lane
rm -rf "$base"
fail() { echo "boot-fixed ($lane): $*" >&2; exit 1; }
run() { # NAME CASES EXPECTED_CASES
  local out=$base/$1 rc
  set +e
  LAB_SKIP_BUILD=1 "$root/ci/lab" run --lane "$lane" --driver fixed --cases "$2" --seed 7 \
    --param duration=10 --out "$out"
  rc=$?
  set -e
  [ "$rc" -eq 0 ] || fail "$1: the run is not clean (exit $rc, see $out)"
  python3 - "$out/results.json" "$3" "$1" "$out/runner.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
runner = json.load(open(sys.argv[4]))
want, name = int(sys.argv[2]), sys.argv[3]
passed = [c["name"] for c in r["cases"] if c["result"] == "pass"]
other = ["%s=%s" % (c["name"], c["result"]) for c in r["cases"] if c["result"] != "pass"]
if len(passed) != want or other:
    sys.exit("boot-fixed: %s: %d of %d case(s) passed; others: %s" % (name, len(passed), want, other))
unknown = [x["title"] for x in r["reports"] if not x.get("known")]
if unknown:
    sys.exit("boot-fixed: %s: reports: %s" % (name, unknown))
if runner.get("resumed"):
    sys.exit("boot-fixed: %s: the device broke, resumed: %s" % (name, runner["resumed"]))
print("boot-fixed: %s: %d case(s) passed, %d known report(s)" % (name, want, len(r["reports"])))
PY
}
n=$(LAB_SKIP_BUILD=1 "$root/ci/lab" list --cases '@race,@rmmod,@stress' | wc -l)
run races '@race,@rmmod,@stress' "$n"
run reboot commit-vs-reboot 1
run poweroff commit-vs-poweroff 1
echo "boot-fixed ($lane): ok ($base)"
