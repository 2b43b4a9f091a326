#!/usr/bin/env bash
# `npm run test:fresh`: the README's two commands on a fresh machine that has nothing but
# Node.js — a clean Debian bookworm minbase root (no compiler, git, Python, redis-server,
# chromium or hdf5-tools), this machine's node and npm copied in, a clone of this
# repository's HEAD (no node_modules, build/ or dist/), then inside the root (chroot):
#   npm install && npx softspot demo
#   npm test
# Both must exit 0; the tests that need a missing program must skip with a printed reason
# (CI is unset here). Prints the times and the skip lines; the logs stay in the root.
#
# Needs root (chroot, mounts) and the cached root that `npm run test:prebuild` makes
# (${SOFTSPOT_ROOTFS_CACHE:-${XDG_CACHE_HOME:-~/.cache}/softspot-rootfs}/bookworm-minbase),
# and network access to the npm registry (the host's resolv.conf and npm configuration are
# copied in; if NODE_EXTRA_CA_CERTS is set, e.g. behind a TLS-intercepting proxy, that
# CA file is trusted inside the root too).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
die() { echo "test-fresh-machine: FAIL: $*" >&2; exit 1; }
log() { echo "test-fresh-machine: $*" >&2; }
[ "$(id -u)" = 0 ] || die "needs root (chroot)"
cache=${SOFTSPOT_ROOTFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/softspot-rootfs}
base="$cache/bookworm-minbase"
[ -f "$base/.softspot-rootfs-complete" ] || die "no cached root in $base: run \`npm run test:prebuild\` once to make it"
work=$(mktemp -d "${TMPDIR:-/tmp}/softspot-fresh.XXXXXX")
root="$work/root"
mounted=()
cleanup() {
  local m
  for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
log "copying the root to $root"
cp -a "$base" "$root"
node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
install -m 755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
for lib in $(ldd "$node_bin" | awk '/=> \// {print $3}'); do
  [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
[ -f "$HOME/.npmrc" ] && cp "$HOME/.npmrc" "$root/root/.npmrc"
ca_env=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  cp "$NODE_EXTRA_CA_CERTS" "$root/etc/host-extra-ca.crt"
  ca_env=(NODE_EXTRA_CA_CERTS=/etc/host-extra-ca.crt)
fi
log "cloning $repo (HEAD) into /opt/softspot"
git clone -q --no-local "$repo" "$root/opt/softspot"
for m in proc dev sys; do
  if [ "$m" = proc ]; then mount -t proc proc "$root/proc"; else mount --bind "/$m" "$root/$m"; fi
  mounted=("$root/$m" "${mounted[@]}")
done
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root TERM=dumb "${ca_env[@]}" "$@"; }
timed() { # label, command inside /opt/softspot, log file inside the root
  local start=$SECONDS rc=0
  in_root sh -c "cd /opt/softspot && $2" > "$root$3" 2>&1 || rc=$?
  log "$1: exit $rc in $((SECONDS - start)) s (log: $root$3)"
  return $rc
}
absent=$(in_root sh -c 'for p in gcc g++ make python3 git redis-server chromium h5ls readelf; do command -v $p >/dev/null || printf "%s " $p; done')
log "programs the root lacks: $absent"
timed "npm install" "npm install" /tmp/npm-install.log || { tail -20 "$root/tmp/npm-install.log" >&2; die "npm install failed"; }
timed "npx softspot demo" "npx softspot demo" /tmp/demo.log || { tail -20 "$root/tmp/demo.log" >&2; die "softspot demo failed"; }
tail -6 "$root/tmp/demo.log" | sed 's/^/    /' >&2
timed "npm test" "npm test" /tmp/npm-test.log || { grep -A30 failing "$root/tmp/npm-test.log" >&2; die "npm test failed"; }
grep -E '^\s+[0-9]+ (passing|pending|failing)' "$root/tmp/npm-test.log" | sed 's/^ */    /' >&2
grep -E 'skipped: ' "$root/tmp/npm-test.log" | sort | uniq -c | sed 's/^ */    /' >&2
log "PASS"
