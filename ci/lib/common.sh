# Shared helpers for ingenic-lab's shell entry points. Sourced, not run.
lab_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
lab_cache=${XDG_CACHE_HOME:-$HOME/.cache}/ingenic-lab
mkdir -p "$lab_cache"
export CCACHE_DIR=${CCACHE_DIR:-$lab_cache/ccache}
# Trees are copied under different paths: make ccache hits path-independent.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-/}
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_COMPILERCHECK=content

die() { echo "$(basename "$0"): $*" >&2; exit 2; }
log() { echo "[$(basename "$0")] $*" >&2; }

# hash_inputs FILE|DIR...: one sha256 over the contents and relative names of the inputs.
hash_inputs() {
  local p
  for p in "$@"; do
    if [ -d "$p" ]; then
      (cd "$p" && find . -type f ! -name '*~' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    elif [ -e "$p" ]; then
      sha256sum "$p" | sed "s| .*| $(basename "$p")|"
    else
      echo "missing $p"
    fi
  done | sha256sum | cut -c1-16
}

# Debian source of QEMU: the 10.0 series from the trixie deb-src line that ci/setup-host wrote.
qemu_source_tree() {
  local d="$lab_cache/src/qemu" dsc
  mkdir -p "$d"
  dsc=$(ls "$d"/qemu_10.0.*.dsc 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$dsc" ]; then
    log "fetching QEMU 10.0 source package (deb-src trixie)"
    (cd "$d" && apt-get source --download-only -q qemu/trixie >/dev/null 2>"$d/fetch.log") ||
      die "apt-get source qemu/trixie failed (see $d/fetch.log; run ci/setup-host first)"
    dsc=$(ls "$d"/qemu_10.0.*.dsc 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$dsc" ] || die "trixie's qemu source is not 10.0.x: $(ls "$d"/*.dsc 2>/dev/null)"
  fi
  local tree="${dsc%.dsc}.tree"
  if [ ! -f "$tree/.unpacked" ]; then
    rm -rf "$tree"
    dpkg-source -q -x "$dsc" "$tree" >/dev/null 2>"$d/unpack.log" || die "dpkg-source -x failed (see $d/unpack.log)"
    touch "$tree/.unpacked"
  fi
  echo "$tree"
}

# Debian's linux-source-6.12 (installed by ci/setup-host), unpacked once per version.
linux_source_tree() {
  local pkg=${1:-linux-source-6.12} ver tree tarball
  ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || die "$pkg is not installed (run ci/setup-host)"
  tarball=$(ls /usr/src/${pkg}.tar.* 2>/dev/null | head -1)
  [ -n "$tarball" ] || die "/usr/src/${pkg}.tar.* missing"
  tree="$lab_cache/src/${pkg}_${ver}"
  if [ ! -f "$tree/.unpacked" ]; then
    log "unpacking $pkg $ver"
    rm -rf "$tree" "$tree.tmp"; mkdir -p "$tree.tmp"
    tar -xf "$tarball" -C "$tree.tmp" --strip-components=1 || die "cannot unpack $tarball"
    mv "$tree.tmp" "$tree"; touch "$tree/.unpacked"
  fi
  echo "$tree"
}

# kernel_source_tree KERNEL: the unpacked Debian source of a kernel of the kernel axis.
kernel_source_tree() {
  case "$1" in
    6.12) linux_source_tree linux-source-6.12 ;;
    *) die "unknown kernel '$1' (6.12)" ;;
  esac
}

# kernel_dir LANE KERNEL: where a lane's kernel build lives (vmlinux, modules, DTB); a
# LAB_KERNEL_FLAVOUR gets its own.
kernel_dir() {
  echo "$lab_cache/kernel/$1-$2${LAB_KERNEL_FLAVOUR:+-$LAB_KERNEL_FLAVOUR}"
}

# driver_patches KERNEL DRIVER: the patch files of a driver variant, in the order they apply.
driver_patches() {
  local fixes=$lab_root/guest-driver/patches/fixes/$1
  case "$2" in
    mainline) ;;
    fixed) ls "$fixes"/*.patch 2>/dev/null | LC_ALL=C sort ;;
    zoo/*) [ -f "$lab_root/guest-driver/patches/$2.patch" ] || die "no zoo entry '${2#zoo/}' (guest-driver/patches/zoo/)"
           ls "$fixes"/*.patch 2>/dev/null | LC_ALL=C sort
           echo "$lab_root/guest-driver/patches/$2.patch" ;;
    *) die "unknown driver '$2' (mainline, fixed, zoo/NAME)" ;;
  esac
}

# driver_dir LANE KERNEL DRIVER: where a driver variant's modules are built.
driver_dir() {
  echo "$lab_cache/driver/$1-$2/${3//\//-}"
}

# initramfs_path LANE KERNEL DRIVER: a lane's initramfs for that kernel and driver variant.
initramfs_path() {
  echo "$lab_cache/images/$1-$2/${3//\//-}/initramfs.cpio.gz"
}

lane_arch() {
  case "$1" in
    mips) echo "mips mipsel-linux-gnu-" ;;
    kasan) echo "arm64 aarch64-linux-gnu-" ;;
    *) die "unknown lane '$1' (mips, kasan)" ;;
  esac
}
