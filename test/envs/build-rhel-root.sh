#!/usr/bin/env bash
# build-rhel-root.sh CACHE  ->  prints CACHE/rhel-base
#
# A RHEL-like test root (see /work/shared/research/rhel-like-root.md): the debootstrapped Debian
# minbase with Debian's real `rpm` and `dnf` installed (from Debian's archive, the only step
# that needs the network), then dressed up as Rocky Linux 9.3 so that distro detection and
# tool probes see a Red Hat system:
#   - /etc/os-release -> ../usr/lib/os-release: ID="rocky", ID_LIKE="rhel centos fedora",
#     VERSION_ID="9.3", PLATFORM_ID="platform:el9"; /etc/redhat-release and /etc/system-release
#     (from the installed sip-release rpm); no /etc/debian_version;
#   - apt*, dpkg* moved out of PATH to /usr/lib/sip-hidden/, with /etc/apt, /etc/dpkg,
#     /var/lib/apt, /var/lib/dpkg and /var/cache/apt; apt sources and lists removed;
#   - rpm database in /var/lib/rpm (/etc/rpm/macros.sip-dbpath), `yum` -> dnf link;
#   - tiny noarch rpms (make-rpm-repo.sh) in /srv/sip-rpms, the only repository
#     (/etc/yum.repos.d/sip.repo, baseurl=file:///srv/sip-rpms, gpgcheck=0), so dnf works offline.
#
# Idempotent and cached like build-debian-root.sh (CACHE/rhel-base.stamp, flock CACHE/.lock-rhel).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

cache=${1:?usage: build-rhel-root.sh CACHE}
mkdir -p -- "$cache"
cache=$(cd -- "$cache" && pwd)
dir=$cache/rhel-base
part=$cache/rhel-base.partial
recipe=$(sip_recipe_id "$SIP_ENVS_DIR/build-rhel-root.sh" "$SIP_ENVS_DIR/make-rpm-repo.sh" "$SIP_ENVS_DIR/lib.sh" </dev/null)
log=$cache/rhel-base.log

exec 9>"$cache/.lock-rhel"
sip_flock 9 "$cache/.lock-rhel"
if sip_stamp_ok "$dir" "$recipe"; then printf '%s\n' "$dir"; exit 0; fi

t0=$SECONDS
sip_ensure_minbase "$cache"
sip_log "building $dir"
rm -rf --one-file-system -- "$part"
cp -a -- "$cache/minbase" "$part"
: >"$log"
step() { sip_log "$1"; shift; "$@" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; sip_die "failed: $* (log: $log)"; }; }

# 1. rpm and dnf from Debian's archive (minbase kept debootstrap's lists; refresh them only if
#    the archive has moved on since).
cp -L /etc/resolv.conf "$part/etc/resolv.conf"
printf 'force-unsafe-io\n' >"$part/etc/dpkg/dpkg.cfg.d/sip-unsafe-io"
apt_install() { sip_chroot --network "$part" apt-get install -y -q --no-install-recommends rpm dnf; }
if ! apt_install >>"$log" 2>&1; then
  step "apt-get update (minbase's lists are stale)" sip_chroot --network "$part" apt-get update -q
  step "apt-get install rpm dnf" apt_install
fi
rm -rf -- "$part"/etc/apt/sources.list "$part"/etc/apt/sources.list.d/* "$part"/var/lib/apt/lists/* \
  "$part"/var/cache/apt/*.bin "$part"/var/cache/apt/archives/*.deb
mkdir -p -- "$part/var/lib/apt/lists/partial"
sip_fix_identity "$part" sip-rhel

# 2. rpm's database where Red Hat keeps it (Debian's rpm defaults to ~/.rpmdb)
mkdir -p -- "$part/etc/rpm"
printf '%%_dbpath /var/lib/rpm\n' >"$part/etc/rpm/macros.sip-dbpath"
step "rpm --initdb" sip_chroot "$part" rpm --initdb

# 3. the local repository, the only one
step "building the rpms" "$SIP_ENVS_DIR/make-rpm-repo.sh" "$part/srv/sip-rpms"
mkdir -p -- "$part/etc/yum.repos.d"
rm -f -- "$part"/etc/yum.repos.d/*
cat >"$part/etc/yum.repos.d/sip.repo" <<'EOF'
[sip]
name=sahara-image-pack test packages
baseurl=file:///srv/sip-rpms
enabled=1
gpgcheck=0
repo_gpgcheck=0
EOF

# 4. look like Rocky Linux 9.3
rm -f -- "$part/etc/os-release" "$part/usr/lib/os-release" "$part/etc/debian_version"
cat >"$part/usr/lib/os-release" <<'EOF'
NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
ANSI_COLOR="0;32"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
HOME_URL="https://rockylinux.org/"
BUG_REPORT_URL="https://bugs.rockylinux.org/"
EOF
ln -s ../usr/lib/os-release "$part/etc/os-release"
printf '\\S\nKernel \\r on an \\m\n\n' >"$part/etc/issue"
printf '\\S\nKernel \\r on an \\m\n' >"$part/etc/issue.net"
# sip-release owns /etc/redhat-release and provides system-release(releasever) = 9
step "dnf install sip-release" sip_chroot "$part" dnf -y -q install sip-release
[[ -f $part/etc/redhat-release ]] || sip_die "sip-release did not install /etc/redhat-release"

# 5. Debian's package tools out of PATH; yum as on Rocky (a link to dnf)
mkdir -p -- "$part/usr/lib/sip-hidden"
for d in usr/bin usr/sbin usr/local/bin usr/local/sbin; do
  find "$part/$d" -maxdepth 1 \( -name 'apt*' -o -name 'dpkg*' \) -exec mv -t "$part/usr/lib/sip-hidden" {} +
done
# and their configuration and databases too (probes such as `[ -d /var/lib/dpkg ]`)
for d in etc/apt etc/dpkg var/lib/apt var/lib/dpkg var/cache/apt; do
  mv -T -- "$part/$d" "$part/usr/lib/sip-hidden/${d//\//-}"
done
[[ -e $part/usr/bin/dnf ]] || sip_die "no /usr/bin/dnf"
ln -sfn dnf "$part/usr/bin/yum"

# 6. tidy: logs and caches of the build; dnf rebuilds its metadata cache on first use
rm -rf -- "$part"/var/log/dnf*.log "$part"/var/log/hawkey.log "$part"/var/cache/dnf/* \
  "$part"/var/log/apt/* "$part"/var/log/dpkg.log "$part"/tmp/* "$part"/root/.rpmdb

# 7. self-check through a throwaway overlay, the way the tests will run it
check=$(mktemp -d "$cache/rhel-check.XXXXXX")
# shellcheck disable=SC2016 # for the inner bash
out=$("$SIP_ENVS_DIR/run-in-root.sh" "$part" "$check" bash -c '
  set -e
  . /etc/os-release; [ "$ID" = rocky ]
  ! command -v dpkg >/dev/null; ! command -v apt-get >/dev/null; [ ! -e /var/lib/dpkg ]
  rpm -q sip-release >/dev/null
  ! rpm -q sip-tool >/dev/null
  dnf -y -q install sip-tool
  rpm -q sip-tool
  yum -y -q install sip-hello-1.0
  cat /usr/share/sip/sip-hello' 2>&1) || { rm -rf -- "$check"; sip_die "self-check failed: $out"; }
rm -rf -- "$check"
if ! grep -q '^sip-tool-1.0-1.noarch$' <<<"$out" || ! grep -q '^1.0-1$' <<<"$out"; then
  sip_die "self-check: $out"
fi

sip_install_tree "$cache" "$part" "$dir" "$recipe"
sip_log "rhel root ready in $((SECONDS - t0)) s"
printf '%s\n' "$dir"
