# Helpers for guest jobs. Sourced.
check() { # NAME CONDITION-RESULT DETAIL
  if [ "$2" = ok ]; then echo "ingenic-lab: CHECK $1 ok $3"; else echo "ingenic-lab: CHECK $1 fail $3"; fi
}
# await: the host runner tells the guest what to do next by a line on the console.
await() {
  echo "ingenic-lab: AWAIT $*"
  read -r cmd || cmd=poweroff
  echo "ingenic-lab: GOT $cmd"
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
