#!/usr/bin/env bash
# The matrix's pieces that need no guest (suite matrix): the data (profiles, every cell's case
# pattern resolving), lab-matrix's bad input, the merge of cell results made by the report
# collector from its sample logs (merged JUnit count = the cells' sum, verdicts, a missing
# cell, history against an earlier matrix.json), the page in headless chromium (and a broken
# link caught), LAVA export validated by lava-common (and a broken job rejected), master.cfg
# loading in `buildbot checkconfig`, ci/lab matrix's usage errors. Prints N passed, N failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bld=${MESON_BUILD_ROOT:-$root/build}
base=$bld/test-out/matrix-tools
tool=$bld/ci/matrix/lab-matrix
collect=$bld/ci/collector/lab-collect
mx=$root/ci/matrix/matrix.json
rm -rf "$base"; mkdir -p "$base"
pass=0 fails=0
ok() { pass=$((pass + 1)); echo "matrix-tools: ok: $*"; }
no() { fails=$((fails + 1)); echo "matrix-tools: FAILED: $*"; }
check() { local what=$1; shift; if "$@" > "$base/last.log" 2>&1; then ok "$what"; else no "$what: $(tail -3 "$base/last.log" | tr '\n' ' ')"; fi; }
# usage_error WHAT EXPECTED-TEXT CMD...: exit 2 with one line containing the text
usage_error() {
  local what=$1 want=$2 rc; shift 2
  "$@" > "$base/usage.out" 2> "$base/usage.err"; rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l < "$base/usage.err")" -eq 1 ] && grep -q -- "$want" "$base/usage.err"; then
    ok "$what: $(cat "$base/usage.err")"
  else
    no "$what: exit $rc, stderr: $(head -3 "$base/usage.err" | tr '\n' ' ')"
  fi
}

# ---- data -----------------------------------------------------------------------------------
n_ci=$("$tool" cells --matrix "$mx" --profile ci | wc -l)
[ "$n_ci" -eq 4 ] && ok "profile ci has 4 cells" || no "profile ci has $n_ci cells, not 4"
check "profile ci: kernel 6.12, lanes mips and kasan, drivers mainline and fixed" \
  bash -c "\"$tool\" cells --matrix \"$mx\" --profile ci | awk -F'\t' '{ print \$4, \$6, \$8 }' | sort |
           diff - <(printf '%s\n' 'kasan 6.12 fixed' 'kasan 6.12 mainline' 'mips 6.12 fixed' 'mips 6.12 mainline')"
check "profile nightly: every kernel, lane and driver (each zoo entry), 3 seeds" bash -c "
  c=\$(\"$tool\" cells --matrix \"$mx\" --profile nightly)
  for k in 6.1 6.12 latest; do grep -qP \"^\$k/mips/mainline/seed42\\t\" <<< \"\$c\" || exit 1; done
  for z in \$(ls \"$root/guest-driver/patches/zoo\" | sed 's/\\.patch\$//'); do grep -q \"/zoo/\$z/seed7\" <<< \"\$c\" || { echo missing \$z; exit 1; }; done
  grep -qP '^6.12/kasan/fixed/seed1\\tpass\\t.*--cases\\tall' <<< \"\$c\" || exit 1
  grep -qP '^latest/kasan/fixed/seed7\\t' <<< \"\$c\" || { echo missing latest/kasan/fixed; exit 1; }
  ! grep -qP '^6.1/[a-z]+/(fixed|zoo)/|^latest/[a-z]+/zoo/' <<< \"\$c\" || { echo 'a 6.1 fixed/zoo or latest zoo cell'; exit 1; }"
bad_cases=""
while IFS=$'\t' read -r -a a; do
  for i in "${!a[@]}"; do
    [ "${a[$i]}" = --cases ] || continue
    LAB_SKIP_BUILD=1 "$root/ci/lab" list --cases "${a[$((i + 1))]}" > /dev/null 2>&1 || bad_cases="$bad_cases ${a[0]}"
  done
done < <("$tool" cells --matrix "$mx" --profile ci; "$tool" cells --matrix "$mx" --profile nightly)
[ -z "$bad_cases" ] && ok "every cell's --cases resolves (ci/lab list)" || no "cases that select nothing:$bad_cases"
usage_error "unknown profile" "unknown profile 'x' (ci, nightly)" "$tool" cells --matrix "$mx" --profile x
echo '{"schema": "ingenic-lab-matrix/1", "axes": {"kernel": ["6.12"], "lane": ["mips", "arm"], "driver": ["mainline"], "seed": [1]}, "profiles": {"p": {"jobs": [{"job": "suite"}]}}}' > "$base/bad-lane.json"
usage_error "unknown lane in the data" "unknown lane \"arm\"" "$tool" profiles --matrix "$base/bad-lane.json" --root "$root"
echo '{"schema": "ingenic-lab-matrix/1", "axes": {"kernel": ["6.12"], "lane": ["mips"], "driver": ["mainline"], "seed": [1, 2]}, "profiles": {"p": {"grid": {"rows": ["lane"], "columns": ["driver"]}, "jobs": [{"job": "suite"}]}}}' > "$base/bad-grid.json"
usage_error "a varying axis outside the grid" "axis 'seed' has 2 values" "$tool" cells --matrix "$base/bad-grid.json" --root "$root" --profile p
usage_error "a job that does not exist" "unknown job 'nope'" bash -c "sed 's/\"job\": \"suite\"/\"job\": \"nope\"/' \"$base/bad-grid.json\" | sed 's/\"seed\": \\[1, 2\\]/\"seed\": [1]/' > \"$base/bad-job.json\"; exec \"$tool\" cells --matrix \"$base/bad-job.json\" --root \"$root\" --profile p"
usage_error "not JSON" "not JSON" bash -c "echo '{' > \"$base/x.json\"; exec \"$tool\" profiles --matrix \"$base/x.json\" --root \"$root\""
usage_error "force-fail of an unknown cell" "has no cell 'nope'" "$tool" cells --matrix "$mx" --profile ci --force-fail nope
usage_error "unknown option" "not expected: --frob" "$tool" cells --matrix "$mx" --profile ci --frob

# ---- merge ----------------------------------------------------------------------------------
# Cells from the collector's sample logs: one clean, one with reports, one hang; the fourth
# cell missing (it never ran).
R=$base/results
mkdir -p "$R/cells"
mkcell() { # ID LOG WORKER
  local d=$R/cells/$(echo "$1" | tr / _) rc
  mkdir -p "$d/screens"
  "$collect" "$root/ci/collector/tests/data/$2" --out "$d" --quiet > /dev/null; rc=$?
  cp "$root/ci/collector/tests/data/$2" "$d/console.log"
  cp "$root/docs/modetest-panel.png" "$d/screens/final.png"
  "$tool" record --matrix "$mx" --profile ci --id "$1" --out "$d" --rc "$rc" --seconds 30 --worker "$3" --build 7
}
mkcell 6.12/mips/mainline/seed1 qemu-findings.log lab-worker-1
mkcell 6.12/mips/fixed/seed1 bracketed-run.log lab-worker-2
mkcell 6.12/kasan/mainline/seed1 hung-task.log lab-worker-1
"$tool" merge --matrix "$mx" --profile ci --results "$R" --run night-1 > "$base/merge.out"; rc=$?
[ $rc -eq 1 ] && ok "merge exits 1 when a cell is not green" || no "merge exited $rc (expected 1)"
check "merged JUnit: test count = the cells' sum + 1 for the missing cell; each suite prefixed with its cell" python3 - "$R" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
r = sys.argv[1]
cells = sum(len(ET.parse(f).getroot().findall('.//testcase')) for f in glob.glob(r + '/cells/*/junit.xml'))
m = ET.parse(r + '/junit.xml').getroot()
n = len(m.findall('.//testcase'))
assert int(m.get('tests')) == n == cells + 1, (m.get('tests'), n, cells)
names = [s.get('name') for s in m.findall('testsuite')]
assert all(x.split('/')[0] == '6.12' and x.split('/')[3] == 'seed1' for x in names), names
assert '6.12/kasan/fixed/seed1/matrix' in names, names
fails = {tc.get('classname').rsplit('/', 1)[0] for tc in m.iter('testcase') if tc.find('failure') is not None}
assert any(f.startswith('6.12/mips/fixed/seed1') for f in fails) and not any(f.startswith('6.12/mips/mainline') for f in fails), fails
PY
check "matrix.json: verdicts pass/fail/fail/missing, workers, new titles with their cells" python3 - "$R/matrix.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
v = {c['id']: c['verdict'] for c in m['cells']}
assert v == {'6.12/mips/mainline/seed1': 'pass', '6.12/mips/fixed/seed1': 'fail',
             '6.12/kasan/mainline/seed1': 'fail', '6.12/kasan/fixed/seed1': 'missing'}, v
s = m['summary']
assert (s['ok'], s['not_ok'], s['verdict']) == (1, 3, 'fail'), s
assert s['workers'] == ['lab-worker-1', 'lab-worker-2'], s['workers']
t = {x['title']: x for x in m['titles']}
assert t['INFO: task hung in ingenic_drm_atomic_commit_tail']['cells'] == ['6.12/kasan/mainline/seed1'], t
assert all(x['since'] == 'night-1' and x['new_tonight'] is False for x in m['titles']), m['titles']
PY
check "text grid printed: 2 rows x 2 columns" bash -c "grep -q '^6.12/mips  *PASS .*FAIL' \"$base/merge.out\" && grep -q '^6.12/kasan  *FAIL .*MISSING' \"$base/merge.out\" && cmp -s \"$base/merge.out\" \"$R/grid.txt\""
# The next night: the hang is gone, the fixed cell's reports stay, a new one appears.
R2=$base/results2
mkdir -p "$R2/cells"
cp -r "$R/cells/6.12_mips_fixed_seed1" "$R/cells/6.12_mips_mainline_seed1" "$R2/cells/"
R_save=$R; R=$R2
mkcell 6.12/kasan/mainline/seed1 kasan-double-free.log lab-worker-2
mkcell 6.12/kasan/fixed/seed1 qemu-findings.log lab-worker-2
R=$R_save
"$tool" merge --matrix "$mx" --profile ci --results "$R2" --run night-2 --previous "$R/matrix.json" --quiet; rc=$?
check "history: titles seen before keep their first run, new ones are new in this run, the hang is gone" python3 - "$R2/matrix.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m['run']['previous']['run'] == 'night-1', m['run']
t = {x['title']: x for x in m['titles']}
old = t['KASAN: slab-use-after-free Read in regmap_write']
assert old['since'] == 'night-1' and not old['new_tonight'], old
new = [x for x in m['titles'] if x['new_tonight']]
assert new and all(x['since'] == 'night-2' and x['cells'] == ['6.12/kasan/mainline/seed1'] for x in new), new
assert [g['title'] for g in m['gone']] == ['INFO: task hung in ingenic_drm_atomic_commit_tail'], m['gone']
PY
usage_error "merge --previous that is not a merged matrix.json" "is not a merged matrix.json" \
  "$tool" merge --matrix "$mx" --profile ci --results "$R2" --previous "$R/cells/6.12_mips_fixed_seed1/results.json"
usage_error "grid of a file that is not a merged matrix.json" "is not a merged matrix.json" "$tool" grid "$mx"

# ---- the page in a browser ------------------------------------------------------------------
check "page renders in headless chromium: 4 grid cells, links and images resolve" \
  python3 "$root/tests/matrix-page.py" "$R2/index.html" 4 "$base/page.png"
rm "$R2/cells/6.12_mips_mainline_seed1/console.log"
if python3 "$root/tests/matrix-page.py" "$R2/index.html" 4 "$base/page-broken.png" > "$base/broken.log" 2>&1; then
  no "a page with a link to a removed console.log passed the page check"
else
  grep -q 'broken: .*6.12_mips_mainline_seed1/console.log' "$base/broken.log" && ok "the page check catches a broken link" ||
    no "the page check failed, but not on the removed file: $(grep FAILED "$base/broken.log" | head -2)"
fi

# ---- LAVA -----------------------------------------------------------------------------------
check "export-lava: 4 ci jobs, valid for lava-common" bash -c "\"$root/ci/matrix/export-lava\" --profile ci --out \"$base/lava\" --artifacts https://lab.invalid/ingenic-lab --validate && [ \$(ls \"$base/lava\"/*.yaml | wc -l) -eq 4 ]"
check "export-lava: the nightly jobs are valid too (host-judged shutdown cells skipped)" bash -c "\"$root/ci/matrix/export-lava\" --profile nightly --out \"$base/lava-nightly\" --artifacts file:///srv/ingenic-lab --validate > \"$base/lava-nightly.log\" 2>&1; grep -q '0 invalid' \"$base/lava-nightly.log\""
check "LAVA mips job: qemu boot, tmpfs, mipsel with the machine in extra_options, no_kvm, KTAP on the console" bash -c "
  f=\"$base/lava/6.12_mips_fixed_seed1.yaml\"
  grep -q 'method: \"qemu\"' \$f && grep -q 'to: \"tmpfs\"' \$f && grep -q 'arch: \"mipsel\"' \$f && grep -q -- '- \"-machine jz4770\"' \$f &&
  grep -q 'no_kvm: true' \$f && grep -q 'lab.ktap=-' \$f && grep -q 'start: \"KTAP version 1\"' \$f"
sed 's/method: "qemu"/method: "qemu"\n      bogus: 1/' "$base/lava/6.12_mips_fixed_seed1.yaml" > "$base/lava-bad.yaml"
if "$root/ci/matrix/validate-lava" "$base/lava-bad.yaml" > "$base/lava-bad.log" 2>&1; then no "a LAVA job with an unknown key validated"
else grep -q INVALID "$base/lava-bad.log" && ok "validate-lava rejects a job with an unknown key" || no "validate-lava: $(tail -1 "$base/lava-bad.log")"; fi
usage_error "export-lava without --artifacts" "--artifacts must be" "$root/ci/matrix/export-lava" --profile ci --out "$base/lava2"

# ---- Buildbot ---------------------------------------------------------------------------------
check "master.cfg loads (buildbot checkconfig): builders for every cell of every profile" bash -c "
  d=\"$base/master\"; buildbot create-master \"\$d\" > /dev/null && ln -sfn \"$root/ci/matrix/master.cfg\" \"\$d/master.cfg\" &&
  buildbot checkconfig \"\$d\""
usage_error "ci/lab matrix: unknown command" "unknown command 'frob'" "$root/ci/lab" matrix frob
usage_error "ci/lab matrix run: unknown profile" "unknown profile 'x'" "$root/ci/lab" matrix run --profile x
usage_error "ci/lab matrix run: --out not empty" "is not empty" "$root/ci/lab" matrix run --out "$root/ci"
usage_error "ci/lab matrix start: bad --workers" "--workers must be 1..99" "$root/ci/lab" matrix start --workers 0

echo "matrix-tools: output in $base"
echo "$pass passed, $fails failed"
[ $fails -eq 0 ]
