#!/usr/bin/env bash
# Bad input to the runner gets one clear line on stderr and exit status 2.
set -u
runner=$1
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
expect() { # NAME PATTERN ARGS...
  local name=$1 pat=$2; shift 2
  "$runner" --out "$t/out" --no-tee "$@" >"$t/o" 2>"$t/e"; local rc=$?
  if [ $rc -ne 2 ] || ! grep -q -- "$pat" "$t/e" || [ "$(wc -l <"$t/e")" -ne 1 ]; then
    echo "FAIL $name: rc=$rc stderr=$(cat "$t/e")"; fail=1
  else
    echo "ok $name: $(cat "$t/e")"
  fi
}
printf '\x7fELF\x01\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x08\0' > "$t/vmlinux"; head -c 4096 /dev/zero >> "$t/vmlinux"
printf '\xd0\x0d\xfe\xed\0\0\0\x40' > "$t/short.dtb"
head -c 64 /dev/zero > "$t/zero.dtb"
printf '\x1f\x8b' > "$t/tiny.gz"; echo hello > "$t/text"
q=/bin/true
expect missing-qemu "QEMU binary not found" --qemu /nonexistent/qemu --kernel "$t/vmlinux"
expect missing-kernel "kernel not found" --qemu $q --kernel "$t/nope"
expect text-kernel "neither an ELF" --qemu $q --kernel "$t/text"
expect wrong-arch "another architecture" --qemu $q --kernel "$t/vmlinux" --elf-machine 183
expect zero-dtb "no flattened-device-tree magic" --qemu $q --kernel "$t/vmlinux" --dtb "$t/zero.dtb"
expect truncated-dtb "truncated or corrupt" --qemu $q --kernel "$t/vmlinux" --dtb "$t/short.dtb"
expect missing-initrd "initramfs not found" --qemu $q --kernel "$t/vmlinux" --initrd "$t/nope"
expect text-initrd "neither gzip" --qemu $q --kernel "$t/vmlinux" --initrd "$t/text"
expect tiny-initrd "truncated" --qemu $q --kernel "$t/vmlinux" --initrd "$t/tiny.gz"
expect bad-option "not expected" --qemu $q --bogus
expect bad-number "not a number" --qemu $q --boot-timeout abc
expect nan-number "not a number" --qemu $q --boot-timeout nan
expect inf-number "not a number" --qemu $q --end-timeout inf
expect empty-number "not a number" --qemu $q --idle-timeout ""
# QEMU dying at start: a run failure (1) with QEMU's first error line.
"$runner" --qemu /bin/false --out "$t/out2" --no-tee >"$t/o" 2>"$t/e"; rc=$?
if [ $rc -eq 1 ] && grep -q "QEMU exited with status 1" "$t/e"; then echo "ok qemu-dies: $(tail -1 "$t/e")"; else echo "FAIL qemu-dies rc=$rc $(cat "$t/e")"; fail=1; fi
# A guest that ends its job but never powers off (a thread stuck in the kernel): the runner
# stops it --end-timeout seconds after the job's end, not after the 300 s idle timeout.
cat > "$t/stuck-qemu" <<'EOQ'
#!/bin/sh
echo "ingenic-lab: READY job=suite kernel=fake uptime=1.0"
echo "# done: exit 201"
echo "ingenic-lab-tests: 1 thread(s) still stuck in the kernel at exit"
exec sleep 600
EOQ
chmod +x "$t/stuck-qemu"
s0=$(date +%s)
"$runner" --qemu "$t/stuck-qemu" --out "$t/out3" --no-tee --end-timeout 2 >"$t/o" 2>"$t/e"; rc=$?
took=$(( $(date +%s) - s0 ))
if [ $rc -eq 1 ] && grep -q "guest hang after the job ended: no power-off within 2 s (ingenic-lab-tests: 1 thread(s) still stuck" "$t/e" && [ $took -lt 60 ]; then
  echo "ok stuck-after-job: $(grep -m1 'guest hang' "$t/e") (${took} s)"
else
  echo "FAIL stuck-after-job rc=$rc after ${took} s: $(cat "$t/e")"; fail=1
fi
exit $fail
