#!/usr/bin/env bash
# ci/lab's own bad input: every usage error is one line on stderr and exit 2, before any set-up
# starts (apt, mmdebstrap, meson, make and ninja are stubs here that record being called). Then
# the case selection ci/lab resolves before a boot (guest-tests/cases.list) must be what the guest
# binary selects (its native build, `--list --cases P`).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
mkdir -p "$t/bin" "$t/cache"
for tool in apt-get apt mmdebstrap meson make ninja dpkg-query; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/called"\nexit 1\n' "$tool" "$t" > "$t/bin/$tool"
  chmod +x "$t/bin/$tool"
done
fail=0
expect() { # NAME PATTERN ARGS...
  local name=$1 pat=$2; shift 2
  rm -f "$t/called"
  PATH=$t/bin:$PATH XDG_CACHE_HOME=$t/cache LAB_BUILD=$t/build "$root/ci/lab" "$@" >"$t/o" 2>"$t/e" </dev/null
  local rc=$?
  if [ $rc -ne 2 ] || ! grep -q -- "$pat" "$t/e" || [ "$(wc -l <"$t/e")" -ne 1 ] || [ -e "$t/called" ]; then
    echo "FAIL $name: rc=$rc stderr=$(head -3 "$t/e") set-up calls: $(cat "$t/called" 2>/dev/null)"; fail=1
  else
    echo "ok $name: $(cat "$t/e")"
  fi
}
expect no-command "no command" 
expect bad-command "unknown command 'frobnicate'" frobnicate
expect lane-no-value "run: --lane needs a value" run --lane
expect lane-then-option "run: --lane needs a value" run --lane --seed 1
expect bogus-option "run: unknown option '--bogus'" run --bogus
expect bad-lane "unknown lane 'foo'" run --lane foo
expect bad-kernel "unknown kernel '5.4' (6.1, 6.12, latest)" run --kernel 5.4
expect bad-driver "unknown driver 'patched'" run --driver patched
expect bad-zoo "unknown zoo entry 'no-such-bug'" run --driver zoo/no-such-bug
expect bad-job "unknown job 'nosuch'" run --job nosuch
expect param-no-kv "--param needs KEY=VALUE" run --param duration
expect param-no-value "run: --param needs a value" run --param
expect param-bad-duration "--param duration must be a positive time" run --param duration=abc
expect param-zero-duration "--param duration must be a positive time" run --param duration=0
expect param-unknown "unknown --param 'colour'" run --param colour=red
expect param-bad-window "--param race-window-ms must be MIN-MAX" run --param race-window-ms=20-10
expect param-spaces "--param needs KEY=VALUE" run --param "duration=1 2"
expect seed-huge "--seed must be an integer in 0..18446744073709551615" run --seed 18446744073709551616
expect seed-text "--seed must be an integer" run --seed 12abc
expect iterations-zero "--iterations must be an integer in 1..10000000" run --iterations 0
expect iterations-huge "--iterations must be an integer in 1..10000000" run --iterations 99999999999
expect cases-nomatch "no case matches 'commit-vs-unbidn'" run --cases commit-vs-unbidn
expect cases-spaces "--cases must not contain spaces" run --cases "commit-vs-unbind, flip-vs-unbind"
expect cases-empty-label "empty label" run --cases @
expect cases-two-alone "each run alone" run --cases 'commit-vs-reboot,commit-vs-poweroff'
expect cases-not-suite "apply to the suite job" run --job smoke --cases commit-vs-unbind
expect trace-no-value "run: --trace needs a value" run --trace
expect trace-bad "--trace takes a QEMU trace-event pattern" run --trace 'ingenic_lcdc_*;rm'
expect smp-mips "the mips lane has one CPU" run --smp 2
expect smp-range "--smp must be 1..4" run --lane kasan --smp 5
expect smp-text "--smp must be 1..4" run --lane kasan --smp two
expect boot-smp-mips "the mips lane has one CPU" boot --smp 2
expect build-smp "build: --smp is a run option" build --lane kasan --smp 2
expect boot-lane-no-value "boot: --lane needs a value" boot --lane
expect boot-bad-lane "unknown lane 'foo'" boot --lane foo
expect boot-bogus "boot: unknown option '--screen'" boot --screen
expect build-positional "build: unknown option 'foo'" build foo
expect build-bad-lane "unknown lane 'foo'" build --lane foo
expect test-lane "test: runs every lane" test --lane kasan
expect list-bogus "list: unknown option" list --seed 1
expect collect-missing "collect: no such file" collect /nonexistent/console.log
expect bench-unknown "unknown benchmark 'nosuch'" bench nosuch
expect bench-ratio-boots "boot-ratio: --boots must be 1..99, got '0'" bench boot-ratio --boots 0
expect bench-ratio-smp "boot-ratio: --smp must be 1..4" bench boot-ratio --smp 8
expect bench-ratio-option "boot-ratio: unknown option '--lane'" bench boot-ratio --lane mips

# Selection: ci/lab's resolution against cases.list equals the guest binary's own.
"$root/guest-tests/build" native >"$t/native.log" 2>&1 || { echo "FAIL native build: $(tail -3 "$t/native.log")"; exit 1; }
bin=${XDG_CACHE_HOME:-$HOME/.cache}/ingenic-lab/guest-tests/host/build/ingenic-lab-tests
for p in all @basic @race,@rmmod '@ipu,!basic/*' '*-vs-unbind' 'race/*,!irq-vs-unbind' \
         '!@basic' 'commit-vs-reb*' '@basic,!ipu-unbind-rebind,!overlay-c8' 'stress/*' 'shutdown/*,!commit-vs-poweroff'; do
  want=$("$bin" --list --cases "$p" | awk '{print $1}' | sed 's|.*/||')
  got=$("$root/ci/lab" list --cases "$p" 2>&1)
  if [ "$want" = "$got" ] && [ -n "$got" ]; then
    echo "ok select '$p': $(echo $got | wc -w) case(s)"
  else
    echo "FAIL select '$p': guest: $(echo $want) / ci/lab: $(echo $got)"; fail=1
  fi
done
[ $fail = 0 ] && echo "lab-cli: ok"
exit $fail
