#!/usr/bin/env bash
# `npm run sanitize` (bash scripts/sanitize.sh [test files...]): the addon built with
# AddressSanitizer and UndefinedBehaviorSanitizer, and the native and local-heat-capacity
# tests run on it.
#
# 1. Copies native/, binding.gyp and scripts/find-suitesparse.cjs to build-sanitize/ and
#    builds there with npm's node-gyp (build/ and the prebuild are left alone), compiled
#    and linked with -fsanitize=address,undefined -fno-omit-frame-pointer -g.
# 2. Builds and runs the Node-free METIS checks (test/native/metis_signals_check.cc,
#    metis_random_check.cc) with the same sanitizers.
# 3. Runs mocha on test/sparse-cholesky, solvers, native-signals, native-metis-random,
#    native-blas-threads, native-cholmod-openmp, lhc and nd-md-native (or the files given) with SOFTSPOT_ADDON
#    pointing at the instrumented addon and the ASan runtime preloaded into Node (Node
#    itself is not instrumented). Any ASan or UBSan report ends the process that hit it
#    with a failure (halt_on_error), which fails the run.
#    Leak checking is off: Node does not free its own heap at exit, so LeakSanitizer would
#    drown ours in its; leaks of native objects are covered by the memory tests of the
#    normal run instead, which are left out here (ASan's quarantine is what they would see).
#
# Needs g++ with libasan and libubsan (Debian: g++), SuiteSparse and Eigen as for
# `npm run build:native`. Linux only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$root/node_modules/.bin:$PATH"  # mocha, also outside `npm run`
die() { echo "sanitize: $*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] || die "Linux only"
command -v g++ >/dev/null || die "g++ is missing (apt-get install g++)"
libasan=$(readlink -f "$(g++ -print-file-name=libasan.so)")
[ -f "$libasan" ] || die "libasan not found (g++ -print-file-name=libasan.so): apt-get install g++"

out=build-sanitize
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -g"
start=$(date +%s)

echo "sanitize: building the instrumented addon in $out/" >&2
mkdir -p "$out/scripts"
rm -rf "$out/native"
cp -R native "$out/native"
cp binding.gyp "$out/"
cp scripts/find-suitesparse.cjs "$out/scripts/"
# npm puts its own node-gyp on PATH for package scripts: build through one.
echo '{ "name": "softspot-sanitize", "private": true, "scripts": { "build": "node-gyp rebuild -j max" } }' > "$out/package.json"
(cd "$out" && CFLAGS="$flags" CXXFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined" \
  npm run build > node-gyp.log 2>&1) || { tail -30 "$out/node-gyp.log" >&2; die "the instrumented build failed (log: $out/node-gyp.log)"; }
addon="$root/$out/build/Release/softspot.node"
# ldd's output to a file first: `ldd | grep -q` fails under pipefail when grep exits at the
# first match and ldd, still writing, gets SIGPIPE (a CI run failed so).
ldd "$addon" > "$out/ldd.txt" || die "ldd $addon failed"
grep -q libasan "$out/ldd.txt" || die "$addon is not linked with libasan"

export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0:exitcode=86:detect_odr_violation=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87"

echo "sanitize: the Node-free METIS check" >&2
metis_dir="$root/prebuilds/linux-x64"
g++ -std=c++17 -O1 $flags -pthread -Inative/core test/native/metis_signals_check.cc native/core/metis_signals.cc \
  native/core/metis_imports.cc "$metis_dir/libmetis.so.5" "-Wl,-rpath,$metis_dir" -o "$out/metis_signals_check"
check=$("$out/metis_signals_check")
echo "    $check" >&2
echo "$check" | grep -q '"confined":true,"orderings":80,"failed":0,"seen":0,"left":false' || die "the METIS check failed: $check"
g++ -std=c++17 -O1 $flags -pthread -Inative/core test/native/metis_random_check.cc native/core/metis_random.cc \
  native/core/metis_imports.cc "$metis_dir/libmetis.so.5" "-Wl,-rpath,$metis_dir" -o "$out/metis_random_check"
check=$("$out/metis_random_check")
echo "    $check" >&2
echo "$check" | grep -q '"confined":true,"sameAlone":true,"orderings":60,"differ":0,"failed":0' || die "the METIS random check failed: $check"

# The runtime must really be in the test processes, and the instrumented addon loaded.
SOFTSPOT_ADDON="$addon" LD_PRELOAD="$libasan" node -e "
  const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
  require(process.env.SOFTSPOT_ADDON);
  if (!maps.includes('libasan') || !require('node:fs').readFileSync('/proc/self/maps', 'utf8').includes(process.env.SOFTSPOT_ADDON)) process.exit(1);
" || die "the ASan runtime or the instrumented addon is not loaded into Node"

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test/sparse-cholesky.test.ts test/solvers.test.ts test/native-signals.test.ts test/native-metis-random.test.ts test/native-blas-threads.test.ts test/native-cholmod-openmp.test.ts test/lhc.test.ts test/nd-md-native.test.ts)
echo "sanitize: mocha ${tests[*]} on $addon ($(( $(date +%s) - start )) s so far)" >&2
log="$out/mocha.log"
status=0
# The RSS-bound tests are left out: ASan's quarantine and shadow memory are what they would
# measure, and its unmapping of large blocks makes them take minutes.
SOFTSPOT_ADDON="$addon" LD_PRELOAD="$libasan" mocha --timeout 600000 \
  --grep 'do not grow memory|during a synchronous loop' --invert "${tests[@]}" 2>&1 | tee "$log" || status=$?
# A report in a child process whose status a test tolerated still fails the run.
if grep -q -E 'ERROR: AddressSanitizer|runtime error:' "$log"; then
  grep -E -A3 'ERROR: AddressSanitizer|runtime error:' "$log" >&2
  die "sanitizer reports above (full output: $log)"
fi
[ "$status" = 0 ] || die "mocha failed (status $status; output: $log)"
echo "sanitize: no ASan or UBSan report; $(( $(date +%s) - start )) s" >&2
