#!/usr/bin/env bash
# The .deb as Debian sees it: built by cpack from this build, checked by
# lintian (no errors), installed by dpkg into a scratch root with its
# maintainer script run there ($DPKG_ROOT), its files and users checked,
# the unit accepted by systemd-analyze verify inside that root and rated
# "OK" by systemd-analyze security, and the operator CLI used by a member
# of the jxc-edge group who is not root.
# Usage: deb_test.sh BUILD_DIR
set -euo pipefail
# dpkg into a scratch root, and running as other users, need root (as CI is).
[ "$(id -u)" -eq 0 ] || { echo "deb_test: skipped, needs root"; exit 77; }
build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/jxc-deb-XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"  # the service's user and the operator run the installed binary from here
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. The package.
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/jxc-edge_*.deb)
echo "built $(basename "$deb")"

# 2. Debian's checker: no errors (warnings are printed for people to read).
lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$work/lintian.txt" || fail "lintian reports errors"

# 3. Installed into a scratch root, maintainer scripts included.
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
touch "$root/var/lib/dpkg/status"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\ndialout:x:20:\ninput:x:105:\n' > "$root/etc/group"
# The scratch root holds no libraries: dpkg's notes on them are kept aside.
dpkg --root="$root" --force-depends --force-script-chrootless --log=/dev/null -i "$deb" >"$work/dpkg.txt" 2>&1 ||
  fail "dpkg -i: $(cat "$work/dpkg.txt")"

for f in usr/bin/jxc-edge lib/systemd/system/jxc-edge.service usr/lib/sysusers.d/jxc-edge.conf \
         etc/jxc-edge/gateway.toml usr/share/man/man1/jxc-edge.1.gz \
         usr/share/bash-completion/completions/jxc-edge usr/share/doc/jxc-edge/copyright \
         usr/share/doc/jxc-edge/changelog.gz usr/share/doc/jxc-edge/operations.md; do
  [ -e "$root/$f" ] || fail "/$f not installed"
done
grep -qx /etc/jxc-edge/gateway.toml "$root/var/lib/dpkg/info/jxc-edge.conffiles" || fail "the configuration is no conffile"
uid=$(awk -F: '$1 == "jxc-edge" { print $3 }' "$root/etc/passwd")
gid=$(awk -F: '$1 == "jxc-edge" { print $3 }' "$root/etc/group")
[ -n "$uid" ] && [ -n "$gid" ] || fail "no jxc-edge user and group: $(cat "$root/etc/passwd" "$root/etc/group")"
grep -q '^dialout:.*jxc-edge' "$root/etc/group" || fail "jxc-edge is not in dialout"
grep -q '^input:.*jxc-edge' "$root/etc/group" || fail "jxc-edge is not in input"
[ "$(stat -c '%a %u %g' "$root/var/lib/jxc-edge")" = "770 $uid $gid" ] || fail "state directory: $(stat -c '%a %u %g' "$root/var/lib/jxc-edge")"
[ "$(stat -c '%a %u %g' "$root/etc/jxc-edge/gateway.toml")" = "640 0 $gid" ] || fail "configuration: $(stat -c '%a %u %g' "$root/etc/jxc-edge/gateway.toml")"
"$root/usr/bin/jxc-edge" --version >/dev/null || fail "the installed binary does not run"
zcat "$root/usr/share/man/man1/jxc-edge.1.gz" | grep -q 'check-config' || fail "the man page lists no commands"
echo "installed into $root: files, conffile, user and groups, modes"

# 4. The unit, inside that root. verify loads the units it depends on and
#    checks that every program it runs exists: the system's own units and
#    kill(1) stand beside it, as on an installed machine.
for u in /lib/systemd/system/*; do
  [ -e "$root/lib/systemd/system/$(basename "$u")" ] || cp -a "$u" "$root/lib/systemd/system/"
done
mkdir -p "$root/bin"
cp /bin/kill "$root/bin/kill"
verify=$(systemd-analyze verify --root="$root" --man=no jxc-edge.service 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify warns: $verify"

# 5. Its exposure as systemd rates it: "OK" (at most 4.0) or better.
security=$(systemd-analyze security --offline=true --root="$root" jxc-edge.service 2>&1) ||
  fail "systemd-analyze security: $security"
level=$(sed -n 's/.*Overall exposure level for jxc-edge.service: \([0-9.]*\).*/\1/p' <<<"$security")
[ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 4.0) }' || fail "exposure ${level:-unknown}: $security"
echo "systemd-analyze verify: clean; security: exposure $level"

# 6. The operator CLI for a member of the group, not root, beside a store
#    made by the service's user: the modes the unit sets (UMask=0007).
state=$work/state
install -d -m 0770 -o "$uid" -g "$gid" "$state"
as_service() { setpriv --reuid="$uid" --regid="$gid" --clear-groups -- sh -c "umask 0007; exec \"\$@\"" sh "$@"; }
as_operator() { setpriv --reuid=65534 --regid=65534 --groups="$gid" -- "$@"; }
as_service "$root/usr/bin/jxc-edge" init --store "$state/jxc-edge.db" >/dev/null
printf 'code,kind,parent\nS1,site,\nW1,warehouse,S1\nA-01,bin,W1\n' > "$work/locations.csv"
printf 'sku,name\nBOLT,螺栓 M8\n' > "$work/items.csv"
chmod 0644 "$work/locations.csv" "$work/items.csv"
as_operator "$root/usr/bin/jxc-edge" import locations "$work/locations.csv" --store "$state/jxc-edge.db" >/dev/null
as_operator "$root/usr/bin/jxc-edge" import items "$work/items.csv" --store "$state/jxc-edge.db" >/dev/null
as_operator "$root/usr/bin/jxc-edge" post receipt --to A-01 --line BOLT:5 --store "$state/jxc-edge.db" >/dev/null
as_operator "$root/usr/bin/jxc-edge" stock --store "$state/jxc-edge.db" | grep -q BOLT || fail "the operator cannot read the stock"
others=$(find "$state" -perm /o=rwx)
[ -z "$others" ] || fail "files others may use: $others"
# Someone outside the group is refused, with a reason.
if setpriv --reuid=65534 --regid=65534 --clear-groups -- "$root/usr/bin/jxc-edge" stock --store "$state/jxc-edge.db" 2>"$work/refused"; then
  fail "a user outside the group read the store"
fi
grep -q "error:" "$work/refused" || fail "no reason given: $(cat "$work/refused")"
echo "the group's operator used the store; others were refused"
echo "deb_test: passed"
