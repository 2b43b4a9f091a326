#!/usr/bin/env bash
# `npm run build:prebuild`: the self-contained Linux (glibc) N-API prebuilds in
# prebuilds/linux-x64/ and prebuilds/linux-arm64/ (cross-compiled), which node-gyp-build
# loads on every supported Node version. `npm run build:prebuild -- x64` (or arm64) makes one.
#
#   softspot.glibc.node   the addon: CHOLMOD, AMD, COLAMD, CAMD, CCOLAMD, SuiteSparse_config,
#                         OpenBLAS and libstdc++ linked statically, their symbols hidden
#                         (--exclude-libs,ALL), stripped, RUNPATH $ORIGIN; it needs glibc
#                         2.28, as Node 20 does (native/prebuild/glibc_floor.c)
#   libmetis.so.5         METIS (Debian ships no static archive), found through $ORIGIN, its
#                         glibc needs lowered likewise (scripts/glibc-floor.cjs)
#   LICENSES/             the license notices of everything above
#   SOURCES.sha256        the native sources it was built from (scripts/native-stamp.cjs)
#   BUILD-INFO.txt        what it was built with and what it needs at run time
#
# Runs on Debian/Ubuntu x86-64. Needs g++ make python3 libsuitesparse-dev
# libopenblas-pthread-dev libmetis5 libeigen3-dev binutils, and for arm64 the
# cross compiler and the arm64 libraries (Debian's multiarch):
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install g++-aarch64-linux-gnu libsuitesparse-dev:arm64 libopenblas-pthread-dev:arm64 libmetis5:arm64
# Then check each on a clean system: `npm run test:prebuild` (and `-- arm64`, emulated).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "prebuild: $*" >&2; exit 1; }

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "the prebuilds are made on linux-x64 (arm64 cross-compiled); this is $(uname -s)-$(uname -m)"
[ ! -e /etc/alpine-release ] || die "build the glibc prebuilds on a glibc system"
command -v node-gyp >/dev/null || die "node-gyp is not on PATH: run this through \`npm run build:prebuild\`"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(arm64 x64) # x64 last: build/Release/ then holds an addon this machine loads
for arch in "${targets[@]}"; do
  case $arch in x64|arm64) ;; *) die "unknown target '$arch' (x64 or arm64)" ;; esac
done

build_one() {
local arch=$1
# The target's triplet, Debian architecture, ELF machine (readelf -h), dynamic loader and tools.
local triplet debarch machine loader tools=
case $arch in
  x64) triplet=x86_64-linux-gnu; debarch=amd64; machine='Advanced Micro Devices X86-64'; loader='ld-linux-x86-64\.so\.2' ;;
  arm64) triplet=aarch64-linux-gnu; debarch=arm64; machine=AArch64; loader='ld-linux-aarch64\.so\.1'; tools=aarch64-linux-gnu- ;;
esac
# readelf reads any ELF file; objdump, objcopy and strip are the target's.
command -v readelf >/dev/null || die "readelf is missing (apt-get install binutils)"
for tool in objdump objcopy strip; do
  command -v "$tools$tool" >/dev/null || die "$tools$tool is missing (apt-get install binutils${tools:+-$triplet})"
done
if [ -n "$tools" ]; then
  command -v "${tools}g++" >/dev/null || die "${tools}g++ is missing (apt-get install g++-$triplet)"
fi
local libdir=/usr/lib/$triplet
local need=(libsuitesparse-dev:$debarch libopenblas-pthread-dev:$debarch libmetis5:$debarch)
local add_arch=
[ "$arch" = x64 ] || add_arch="dpkg --add-architecture $debarch; apt-get update; "
[ -f "$libdir/libcholmod.a" ] || die "no $debarch SuiteSparse in $libdir (${add_arch}apt-get install ${need[*]})"
[ -f "$libdir/openblas-pthread/libopenblas.a" ] || die "no $debarch static OpenBLAS in $libdir/openblas-pthread (${add_arch}apt-get install ${need[*]})"
[ -f "$libdir/libmetis.so.5" ] || die "no $debarch METIS in $libdir (${add_arch}apt-get install ${need[*]})"
echo "prebuild: linux-$arch" >&2

local out=prebuilds/linux-$arch
rm -rf "$out"

# One N-API build serves every Node version from 20.10 on (package: >= 20.19): a Node-API
# experimental module (binding.gyp says why) that calls node_api_post_finalizer at most.
# --target is this Node so that node-gyp uses the headers it already has (nodedir).
# The target's libraries (find-suitesparse.cjs would find the host's first) and, for arm64,
# the cross tools: node-gyp's make files take CC, CXX, LINK and AR from the environment.
local cross=()
[ -z "$tools" ] || cross=(CC="${tools}gcc" CXX="${tools}g++" LINK="${tools}g++" AR="${tools}ar")
env "${cross[@]}" SOFTSPOT_STATIC=1 SUITESPARSE_LIBRARY_DIR="$libdir" OBJCOPY="${tools}objcopy" \
  OPENBLAS_STATIC_LIB="$libdir/openblas-pthread/libopenblas.a" \
  prebuildify --napi --strip --strip-bin "${tools}strip" --tag-libc --arch "$arch" --target "node@$(node -p process.versions.node)"

local addon="$out/softspot.glibc.node"
[ -f "$addon" ] || die "prebuildify did not produce $addon"
[ -f "$out/libmetis.so.5" ] && [ ! -L "$out/libmetis.so.5" ] || die "libmetis.so.5 was not bundled as a regular file"

for file in "$addon" "$out/libmetis.so.5"; do
  readelf -h "$file" | grep -q "Machine: *$machine\$" || die "$file is not a linux-$arch ($machine) file: $(readelf -h "$file" | grep Machine:)"
done

# --- what the addon may need from the system -------------------------------------------------
# Only libraries that every glibc system running Node has (Node itself links libgcc_s; the
# C++ runtime is linked in), plus the bundled METIS found through RUNPATH $ORIGIN.
local allowed="^(libmetis\\.so\\.5|libgcc_s\\.so\\.1|libm\\.so\\.6|libc\\.so\\.6|$loader|libpthread\\.so\\.0|libdl\\.so\\.2)\$"
local needed lib runpath metis_needed stray dynsyms exports glibc glibcxx cxxabi gcc_s
needed=$(readelf -d "$addon" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in $needed; do
  [[ $lib =~ $allowed ]] || die "$addon needs $lib, which is neither bundled nor part of every glibc system"
done
runpath=$(readelf -d "$addon" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
[ "$runpath" = '$ORIGIN' ] || die "$addon has RUNPATH '$runpath', expected \$ORIGIN"

metis_needed=$(readelf -d "$out/libmetis.so.5" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in $metis_needed; do
  [[ $lib =~ ^(libm\.so\.6|libc\.so\.6|$loader)$ ]] || die "libmetis.so.5 needs $lib; bundle it and patchelf --set-rpath '\$ORIGIN' libmetis.so.5"
done

# Every undefined symbol must come from glibc / libstdc++ / libgcc_s (versioned), from Node
# (napi_*) or from METIS. An unversioned other one (e.g. a GOMP_* entry point a newer CHOLMOD
# uses, see native/prebuild/static_shim.c) would fail only at load time on a user's machine.
stray=$("${tools}objdump" -T "$addon" | awk '$0 ~ /\*UND\*/ && $2 != "w" {print $NF, $(NF-1)}' |
  awk '$2 == "Base" || $2 == "*UND*" {print $1}' | grep -v -E '^(napi_|node_api_|METIS_)' || true)
[ -z "$stray" ] || die "$addon has undefined symbols nothing provides: $(echo $stray)"
# Not `objdump | grep -q`: under pipefail a match that makes grep exit first can leave
# objdump with SIGPIPE, and the pipeline's failure would skip the die.
dynsyms=$("${tools}objdump" -T "$addon")
grep -q -E 'GOMP_|omp_get' <<< "$dynsyms" && die "$addon references OpenMP; extend native/prebuild/static_shim.c"
exports=$("${tools}objdump" -T "$addon" | awk '$0 !~ /\*UND\*/ && $2 == "g" {print $NF}' | grep -c -v -E '^(napi_register_module_v1|node_api_module_get_api_version_v1)$' || true)
echo "prebuild: $exports exported symbols besides the N-API entry points"

max_of() { "${tools}objdump" -T "${@:2}" | grep -o -E "\(${1}_[0-9.]+\)" | tr -d '()' | sort -u -V | tail -1; }
glibc=$(max_of GLIBC "$addon" "$out/libmetis.so.5")
glibcxx=$(max_of GLIBCXX "$addon" || true)
cxxabi=$(max_of CXXABI "$addon" || true)
gcc_s=$(max_of GCC "$addon")
# Node.js 20 itself needs glibc 2.28 and libstdc++ of GCC 5: the prebuild must load wherever
# Node does. The C++ runtime is linked in (-static-libstdc++), and the few glibc symbols with
# versions after 2.28 are bound to their older versions (native/prebuild/glibc_floor.c,
# scripts/glibc-floor.cjs).
[ -z "$glibcxx$cxxabi" ] || die "$addon needs the system's libstdc++ ($glibcxx $cxxabi); it should be linked statically (-static-libstdc++)"
[ "$(printf '%s\n' "$glibc" GLIBC_2.28 | sort -V | tail -1)" = GLIBC_2.28 ] ||
  die "the prebuild needs $glibc, newer than Node's glibc 2.28: $("${tools}objdump" -T "$addon" "$out/libmetis.so.5" | grep -E 'GLIBC_2\.(29|[3-9][0-9])' | awk '{print $NF "@" $(NF-1)}' | sort -u | tr -d '()' | xargs) (native/prebuild/glibc_floor.c)"

# --- licenses --------------------------------------------------------------------------------
mkdir -p "$out/LICENSES"
copy_notice() { # package name, destination
  local file="/usr/share/doc/$1/copyright"
  [ -f "$file" ] || die "missing $file (the license notice of $1)"
  cp "$file" "$out/LICENSES/$2"
}
copy_notice libcholmod3 SuiteSparse-CHOLMOD.txt
copy_notice libamd2 SuiteSparse-AMD.txt
copy_notice libcamd2 SuiteSparse-CAMD.txt
copy_notice libcolamd2 SuiteSparse-COLAMD.txt
copy_notice libccolamd2 SuiteSparse-CCOLAMD.txt
copy_notice libsuitesparseconfig5 SuiteSparse_config.txt
copy_notice libmetis5 METIS.txt
copy_notice libeigen3-dev Eigen.txt
copy_notice gcc-12-base GCC-runtime.txt # libstdc++ (-static-libstdc++): GPL-3.0 with the GCC Runtime Library Exception
local openblas_pkg
openblas_pkg=$(dpkg -S "$(readlink -f "$libdir/openblas-pthread/libopenblas.a")" 2>/dev/null | cut -d: -f1 || true)
copy_notice "${openblas_pkg:-libopenblas-pthread-dev}" OpenBLAS.txt
for text in Apache-2.0 GPL-2 GPL-3 LGPL-2.1 MPL-2.0; do cp "/usr/share/common-licenses/$text" "$out/LICENSES/$text.txt"; done
cat > "$out/LICENSES/README.md" <<'EOF'
# Licenses of the code in this prebuild

`softspot.glibc.node` contains, linked statically, SuiteSparse CHOLMOD (Core, Cholesky,
Partition: LGPL-2.1+; Supernodal: GPL-2.0+), AMD, CAMD, COLAMD, CCOLAMD and
SuiteSparse_config (BSD-3-Clause), OpenBLAS with its LAPACK (BSD-3-Clause), and code
instantiated from the Eigen 3 headers (MPL-2.0; unmodified, source at https://eigen.tuxfamily.org),
and GCC's C++ runtime library, libstdc++ (GPL-3.0 with the GCC Runtime Library Exception
3.1, which allows its object code in a program compiled by GCC to be distributed under the
program's own terms).
`libmetis.so.5` is METIS 5 (Apache-2.0) from Debian's libmetis5, modified only in its
symbol-version needs: log and pow are bound to glibc's base version instead of 2.29
(scripts/glibc-floor.cjs), so that it loads on glibc 2.28.
The combined work is distributed under GPL-2.0-or-later (the package's LICENSE).

The `*.txt` notices are Debian's copyright files of the packages the prebuild was built
from (`GCC-runtime.txt`: gcc-12-base, which covers libstdc++); the full license texts they
refer to are `Apache-2.0.txt`, `GPL-2.txt`, `GPL-3.txt`, `LGPL-2.1.txt` and `MPL-2.0.txt`.
Sources: Debian's suitesparse, metis, openblas, eigen3 and gcc-12 source packages, at the
versions listed in ../BUILD-INFO.txt.
EOF

node scripts/native-stamp.cjs --write "$arch"

pkgver() { # a package of the target's architecture, or an Architecture: all one
  dpkg-query -W -f '${Version}' "$1:$debarch" 2>/dev/null || dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo unknown
}
local compiler cpu cpus
compiler=$("${tools:-}g++" --version | head -1)
case $arch in
  x64) cpu=x86-64; cpus='the kernels of every x86-64 CPU' ;;
  arm64) cpu='aarch64 (ARMv8-A)'; cpus='generic ARMv8 kernels and those of Cortex-A53…A73, Neoverse N1/N2/V1, ThunderX…' ;;
esac
cat > "$out/BUILD-INFO.txt" <<EOF
softspot linux-$arch (glibc) N-API prebuild, made by scripts/prebuild.sh

built on:   $(. /etc/os-release && echo "$PRETTY_NAME"), $compiler, Node $(node -v) (N-API $(node -p process.versions.napi))
loads on:   Node >= 20.19 (package engines; the addon is a Node-API experimental module, Node >= 20.10), linux $cpu with
            glibc >= ${glibc#GLIBC_} (symbol versions; Node 20 needs 2.28), libgcc_s ${gcc_s}; libstdc++ linked in
static:     SuiteSparse $(pkgver libsuitesparse-dev) (CHOLMOD, AMD, COLAMD, CAMD, CCOLAMD, config),
            OpenBLAS $(pkgver "${openblas_pkg:-libopenblas-pthread-dev}") (pthread, DYNAMIC_ARCH: $cpus)
            libstdc++ of GCC $(pkgver gcc-12-base)
headers:    Eigen $(pkgver libeigen3-dev)
bundled:    libmetis.so.5 from libmetis5 $(pkgver libmetis5)
needs:      $(echo $needed)
runpath:    \$ORIGIN
sizes:      softspot.glibc.node $(stat -c %s "$addon") bytes, libmetis.so.5 $(stat -c %s "$out/libmetis.so.5") bytes
EOF
cat "$out/BUILD-INFO.txt"
ls -l "$out"
if [ -n "$tools" ]; then
  # build/Release/ now holds the arm64 addon, which node-gyp-build would try before the
  # prebuilds on this machine and fail to load.
  rm -rf build/Release
  echo "prebuild: removed build/Release/ (it held the $arch build); this machine loads prebuilds/linux-x64/ until \`npm run build:native\`" >&2
fi
}

for arch in "${targets[@]}"; do build_one "$arch"; done
