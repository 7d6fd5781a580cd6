#!/usr/bin/env bash
# The sample of the bug zoo (guest-driver/patches/zoo) that tests/zoo-sample.txt names for the lane given: each entry re-introduces one
# bug class on top of the fixed series, and the suite must catch it. One run per entry
# (`ci/lab zoo --runs 1 --no-fixed`, seed 1, 10 s per racing case); every entry must be detected,
# that is one of its Zoo-Expect titles must be reported in a case of its Zoo-Cases. The full zoo
# with 20 runs per entry and lane is `ci/lab zoo --lane L --runs 20`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lane=${1:?lane}
mapfile -t entries < <(awk -v l="$lane" '$1 == l { print $2 }' "$root/tests/zoo-sample.txt")
[ ${#entries[@]} -gt 0 ] || { echo "boot-zoo-sample: no entries for lane $lane in tests/zoo-sample.txt" >&2; exit 1; }
set -- "${entries[@]}"
out=${MESON_BUILD_ROOT:-$root/build}/test-out/zoo-$lane
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" zoo --lane "$lane" --runs 1 --seed 1 --duration 10 --no-fixed --out "$out" "$@"
missed=$(awk -F'\t' '$5 != "detected" { print $2 }' "$out/zoo.tsv" | paste -sd' ')
[ "$(wc -l < "$out/zoo.tsv")" -eq $# ] || { echo "boot-zoo-sample ($lane): $(wc -l < "$out/zoo.tsv") result(s) for $# entries" >&2; exit 1; }
[ -z "$missed" ] || { echo "boot-zoo-sample ($lane): not detected: $missed (see $out)" >&2; exit 1; }
echo "boot-zoo-sample ($lane): ok: $* detected"
