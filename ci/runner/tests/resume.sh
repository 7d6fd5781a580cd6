#!/usr/bin/env bash
# The resume model: a case that leaves the device broken ends its boot (the guest's BROKEN
# marker, its process stuck in the kernel); the runner starts QEMU afresh with lab.from= the next
# case of the plan, every case keeps its own result across the boots, and the boot that made no
# progress is not retried. QEMU is a script that plays two boots of a guest.
set -u
runner=$1
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
cat > "$t/fake-qemu" <<'EOQ'
#!/bin/sh
case "$*" in
  *lab.from=case-c*)
    echo "Linux version 6.12.0-fake"
    echo "ingenic-lab: READY job=suite kernel=fake uptime=1.0"
    echo "[    2.000000] ingenic-lab: BEGIN case-c"
    echo "[    2.100000] ingenic-lab: END case-c pass"
    echo "# done: exit 1"
    echo "ingenic-lab: JOB-END suite rc=1" ;;
  *)
    echo "Linux version 6.12.0-fake"
    echo "ingenic-lab: READY job=suite kernel=fake uptime=1.0"
    echo "[    2.000000] ingenic-lab: BEGIN case-a"
    echo "[    2.100000] ingenic-lab: END case-a pass"
    echo "[    2.200000] ingenic-lab: BEGIN case-b"
    echo "[    2.300000] ingenic-lab: END case-b fail"
    echo "[    2.310000] ingenic-lab: BROKEN case-b device broken after case-b: no card within 10 s"
    exec sleep 600 ;;
esac
EOQ
chmod +x "$t/fake-qemu"
fail=0
check() { if eval "$2"; then echo "ok $1"; else echo "FAIL $1"; fail=1; fi; }
s0=$(date +%s)
"$runner" --qemu "$t/fake-qemu" --out "$t/out" --no-tee --append "lab.job=suite" \
  --resume-plan case-a,case-b,case-c,case-d >"$t/o" 2>"$t/e"
took=$(( $(date +%s) - s0 ))
r=$t/out/runner.json
check "two QEMU processes" "grep -q '\"processes\": 2' $r"
check "resumed from case-c" "grep -q '\"from\": \"case-c\"' $r"
check "second boot got lab.from=case-c" "[ \"\$(grep -c 'lab.from=case-c' $t/out/qemu.cmdline)\" = 1 ]"
check "first boot had no lab.from" "head -1 $t/out/qemu.cmdline | grep -vq 'lab.from'"
check "boot ended on BROKEN within seconds (${took} s)" "[ $took -lt 30 ]"
for c in case-a:pass case-b:fail case-c:pass; do
  check "result of ${c%%:*}" "grep -A3 '\"name\": \"${c%%:*}\"' $t/out/results.json | grep -q '\"status\": \"${c#*:}\"'"
done
check "console.log holds both boots" "[ \"\$(grep -c 'ingenic-lab: READY' $t/out/console.log)\" = 2 ]"
[ $fail = 0 ] || { cat "$t/e"; cat "$r"; }
exit $fail
