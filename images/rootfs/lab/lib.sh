# Helpers for guest jobs. Sourced.
check() { # NAME CONDITION-RESULT DETAIL
  if [ "$2" = ok ]; then echo "ingenic-lab: CHECK $1 ok $3"; else echo "ingenic-lab: CHECK $1 fail $3"; fi
}
# await: the host runner tells the guest what to do next by a line on the console.
# await WHAT: ask the host for a command (sets $cmd) and carry it out. Jobs that check
# something between the two call await_cmd and run_cmd themselves.
await_cmd() {
  echo "ingenic-lab: AWAIT $*"
  read -r cmd || cmd=poweroff
  echo "ingenic-lab: GOT $cmd"
}
await() {
  await_cmd "$@"
  run_cmd
}
run_cmd() {
  case "$cmd" in
    reboot) reboot -f ;;
    poweroff) poweroff -f ;;
    shell) exec sh ;;
    *) echo "ingenic-lab: ERROR unknown command '$cmd'"; poweroff -f ;;
  esac
}
irq_count() { # NAME-REGEX: sum of counts of /proc/interrupts lines matching
  awk -v re="$1" '$0 ~ re { s += $2 } END { print s + 0 }' /proc/interrupts
}
# load_drm: load ingenic-drm and wait for its card; explain why if it never shows up.
load_drm() {
  modprobe ingenic-drm || { echo "ingenic-lab: ERROR modprobe ingenic-drm failed"; return 1; }
  i=0
  while [ ! -e /dev/dri/card0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if [ ! -e /dev/dri/card0 ]; then
    echo "ingenic-lab: ERROR /dev/dri/card0 did not appear within 10 s"
    echo "deferred probes:"; cat /sys/kernel/debug/devices_deferred 2>/dev/null
    dmesg | tail -20
    return 1
  fi
}
screen() { echo "ingenic-lab: SCREEN $1" > /dev/kmsg; }
