#!/usr/bin/env bash
# The matrix end to end (suite matrix): a Buildbot master and 2 workers on localhost
# (ci/lab matrix start, state in the test's output folder), the ci profile run through the
# change source twice, then ci/lab matrix stop.
#   run 1: the parent, the prepare build and every cell's build succeed; cells ran on both
#          workers; the merged JUnit's test count is the sum of the cells'; the page renders in
#          headless chromium with one grid cell per cell (screenshot saved);
#   run 2: one mainline cell forced to fail (the profile's force_fail cases added: a case the
#          mainline driver fails), compared with run 1: that cell's build and the parent fail,
#          the others stay green, the merged JUnit has the failure under that cell only, the
#          forced cell's new titles are new in this run;
#   then: the ci profile's LAVA jobs validate and boot as LAVA's qemu device type would run
#   them (ci/matrix/lava-qemu), and stop leaves no process of ours running.
# Prints N passed, N failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bld=${MESON_BUILD_ROOT:-$root/build}
base=$bld/test-out/matrix-ci
forced=6.12/kasan/mainline/seed1
rm -rf "$base"; mkdir -p "$base"
export LAB_MATRIX_DIR=$base/state
pass=0 fails=0
ok() { pass=$((pass + 1)); echo "matrix-ci: ok: $*"; }
no() { fails=$((fails + 1)); echo "matrix-ci: FAILED: $*"; }
t0=$SECONDS
finish() {
  "$root/ci/matrix/matrix" stop > "$base/stop.log" 2>&1
  echo "matrix-ci: output in $base ($(( (SECONDS - t0) / 60 )) min $(( (SECONDS - t0) % 60 )) s)"
  echo "$pass passed, $fails failed"
  [ $fails -eq 0 ]
}
trap 'finish; exit $?' EXIT
trap 'exit 143' TERM INT

if ! "$root/ci/matrix/matrix" start --workers 2 > "$base/start.log" 2>&1; then
  no "ci/lab matrix start: $(tail -1 "$base/start.log")"
  exit 1
fi
ok "master and 2 workers started: $(grep -c 'connected' "$base/start.log") workers connected"

# check_run DIR EXPECT_RC FORCED: the assertions on one run's results; its output in DIR
check_run() {
  local out=$1 want_rc=$2 force=$3 rc
  python3 - "$out" "$force" <<'PY'
import glob, json, os, sys
import xml.etree.ElementTree as ET
out, forced = sys.argv[1], sys.argv[2]
fails = []
def check(cond, what):
    print(('ok: ' if cond else 'FAILED: ') + what)
    if not cond:
        fails.append(what)
recs = {}
for f in glob.glob(out + '/buildbot/*.json'):
    r = json.load(open(f))
    recs[r['builder']] = r
m = json.load(open(out + '/matrix.json'))
cells = m['cells']
parent = recs.get('matrix', {})
want_parent = 'failure' if forced else 'success'
check(parent.get('result') == want_parent, 'parent build #%s: %s (expected %s)' % (parent.get('number'), parent.get('result'), want_parent))
prep = [r for b, r in recs.items() if b.startswith('prepare/')]
check(len(prep) == 1 and prep[0]['result'] == 'success', 'prepare (build once): %s' % [(r['builder'], r['result']) for r in prep])
bad = []
for c in cells:
    r = recs.get(c['builder'])
    want = 'failure' if c['id'] == forced else 'success'
    if not r or r['result'] != want:
        bad.append('%s: %s (expected %s)' % (c['builder'], r and r['result'], want))
check(not bad, 'cell builds: %d as expected%s' % (len(cells) - len(bad), '; ' + ', '.join(bad) if bad else ''))
workers = sorted({recs[c['builder']]['worker'] for c in cells if c['builder'] in recs})
check(workers == ['lab-worker-1', 'lab-worker-2'], 'cells ran on both workers: %s' % workers)
check(all(c['worker'] == recs[c['builder']]['worker'] for c in cells if c['builder'] in recs),
      "the grid's worker of each cell is the one Buildbot ran it on")
verdicts = {c['id']: c['verdict'] for c in cells}
want = {c['id']: ('fail' if c['id'] == forced else 'pass') for c in cells}
check(verdicts == want, 'grid verdicts: %s' % verdicts)
check(m['summary']['verdict'] == ('fail' if forced else 'pass'), 'grid verdict %s' % m['summary']['verdict'])
merged = ET.parse(out + '/junit.xml').getroot()
n_cells = sum(len(ET.parse(f).getroot().findall('.//testcase')) for f in glob.glob(out + '/cells/*/junit.xml'))
n_merged = len(merged.findall('.//testcase'))
check(n_merged == n_cells == int(merged.get('tests')) and n_cells > len(cells),
      "merged JUnit: %d tests = the cells' %d" % (n_merged, n_cells))
ids = [c['id'] for c in cells]
failed_in = sorted({next((i for i in ids if tc.get('classname', '').startswith(i + '/')), tc.get('classname'))
                    for tc in merged.iter('testcase') if tc.find('failure') is not None or tc.find('error') is not None})
check(failed_in == ([forced] if forced else []), 'merged JUnit failures under: %s' % failed_in)
prefixed = all(s.get('name').startswith(tuple(c['id'] + '/' for c in cells)) for s in merged.findall('testsuite'))
check(prefixed, "every merged suite is prefixed with its cell's id")
if forced:
    fc = [c for c in cells if c['id'] == forced][0]
    check(fc['forced'] and fc['new_titles'], 'forced cell: %d new title(s): %s' % (len(fc['new_titles']), [t['title'] for t in fc['new_titles']][:3]))
    tonight = [t['title'] for t in m['titles'] if t['new_tonight'] and forced in t['cells']]
    check(bool(tonight) and m['run']['previous'] is not None, 'titles new since run %s: %s' % ((m['run']['previous'] or {}).get('run'), tonight[:3]))
else:
    check(all(c['counts']['cases'] > 0 and c['counts']['failed'] == 0 for c in cells),
          'every cell ran its cases: %s' % {c['id']: '%d/%d' % (c['counts']['passed'], c['counts']['cases']) for c in cells})
sys.exit(1 if fails else 0)
PY
}

# run RUN EXPECT_RC [run options]: one ci profile run through the running master
run() {
  local name=$1 want=$2 rc t; shift 2
  t=$SECONDS
  "$root/ci/matrix/matrix" run --profile ci --out "$base/$name" "$@" > "$base/$name.log" 2>&1; rc=$?
  grep '^\[matrix\]' "$base/$name.log" | sed "s/^/matrix-ci: $name: /"
  [ $rc -eq "$want" ] && ok "$name: ci/lab matrix run exit $rc in $((SECONDS - t)) s" ||
    no "$name: ci/lab matrix run exit $rc (expected $want; $base/$name.log)"
  [ -f "$base/$name/matrix.json" ] || { no "$name: no matrix.json"; return; }
  check_run "$base/$name" "$want" "${force:-}" > "$base/$name.check" 2>&1
  while read -r l; do
    case $l in ok:*) ok "$name: ${l#ok: }" ;; FAILED:*) no "$name: ${l#FAILED: }" ;; *) no "$name: $l" ;; esac
  done < "$base/$name.check"
  if python3 "$root/tests/matrix-page.py" "$base/$name/index.html" 4 "$base/$name-page.png" > "$base/$name.page" 2>&1; then
    ok "$name: page renders in chromium: 4 grid cells, links and images resolve; screenshot $base/$name-page.png"
  else
    no "$name: page: $(grep FAILED "$base/$name.page" | head -3 | tr '\n' ' ')"
  fi
}

force="" run run1 0
force=$forced run run2 1 --force-fail "$forced" --previous "$base/run1/matrix.json"

# LAVA: the ci profile's jobs, their artifacts copied into the layout their file:// URLs name,
# validated; then each booted the way LAVA's qemu device type composes the command, its console
# read by the job's monitor (ci/matrix/lava-qemu).
art=$base/lava-artifacts
if "$root/ci/matrix/export-lava" --profile ci --out "$base/lava" --artifacts "file://$art" --copy-artifacts "$art" \
     --validate > "$base/lava.log" 2>&1; then
  ok "LAVA: $(grep 'valid,' "$base/lava.log")"
else
  no "LAVA: $(tail -2 "$base/lava.log" | tr '\n' ' ')"
fi
emu=$(dirname "$("$root/qemu-device/build" --print-emulator mipsel)")
for job in "$base"/lava/*.yaml; do
  n=$(basename "$job" .yaml)
  if "$root/ci/matrix/lava-qemu" "$job" --emulator-dir "$emu" --log "$base/lava-$n.console" --timeout 600 > "$base/lava-$n.log" 2>&1; then
    ok "LAVA job $n boots as the qemu device type runs it: $(grep -c ': pass$' "$base/lava-$n.log") cases pass in the monitor"
  else
    no "LAVA job $n: $(grep -v '^lava-qemu: /' "$base/lava-$n.log" | tail -3 | tr '\n' ' ')"
  fi
done

"$root/ci/matrix/matrix" stop > "$base/stop.log" 2>&1
left=""
for f in "$LAB_MATRIX_DIR"/pids/*.pid; do [ -f "$f" ] && left="$left $(basename "$f")"; done
for d in "$LAB_MATRIX_DIR/master" "$LAB_MATRIX_DIR"/workers/*; do
  [ -f "$d/twistd.pid" ] && [ -d "/proc/$(cat "$d/twistd.pid")" ] && left="$left $(basename "$d")(pid $(cat "$d/twistd.pid"))"
done
[ -z "$left" ] && ok "ci/lab matrix stop: master and workers stopped, pid files removed" || no "still there after stop:$left"
