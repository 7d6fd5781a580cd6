#!/usr/bin/env bash
# The KASAN lane earns its keep: mainline 6.12's ingenic-ipu allocates its plane with devm in the
# component bind, so unbinding the IPU frees it before drm_mode_config_cleanup() walks the plane
# list (on mips this shows as SLUB poison list corruption and an oops). Run ipu-unbind-rebind
# alone on the kasan lane: the run must fail with a KASAN (or KFENCE, when the object happened to
# be sampled by it) use-after-free attributed to that case, its stack symbolized to file:line.
# The case itself must pass: the DRM device goes away with its IPU component (all or nothing),
# comes back on rebind and shows the IPU plane pixel-exact (on mips the same unbind oopses).
# This is the mainline driver, what users reproduce; the fix series (patch 0006 of
# guest-driver/patches/fixes/6.12) makes the plane drmm, and tests/boot-fixed.sh runs it clean.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${MESON_BUILD_ROOT:-$root/build}/test-out/kasan-catches
rm -rf "$out"
set +e
LAB_SKIP_BUILD=1 "$root/ci/lab" run --lane kasan --job suite --cases ipu-unbind-rebind --seed 1 --out "$out"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "kasan-catches: expected the run to fail with reports (exit 1), got $rc" >&2; exit 1; }
grep -aq '^ok .* ipu-unbind-rebind' "$out/results.ktap" ||
  { echo "kasan-catches: ipu-unbind-rebind did not pass (see $out/results.ktap)" >&2; exit 1; }
grep -q '^ipu-unbind-rebind: ok: 0 of ' "$out/screens/check.txt" ||
  { echo "kasan-catches: the IPU plane after the rebind is not pixel-exact" >&2; exit 1; }
python3 - "$out/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
hits = [x for x in r["reports"] if x["kind"] in ("kasan", "kfence") and "use-after-free" in x["title"]
        and any(c["name"] == "ipu-unbind-rebind" for c in x["cases"])]
if not hits:
    sys.exit("kasan-catches: no KASAN/KFENCE use-after-free attributed to ipu-unbind-rebind; titles: %s"
             % [x["title"] for x in r["reports"]])
import os
text = open(os.path.join(os.path.dirname(sys.argv[1]), hits[0]["file"])).read()
if ".c:" not in text.split("symbolized frames:", 1)[-1]:
    sys.exit("kasan-catches: report %s has no symbolized frames" % hits[0]["file"])
print("kasan-catches: ok: %s (%d times)" % (hits[0]["title"], hits[0]["count"]))
PY
