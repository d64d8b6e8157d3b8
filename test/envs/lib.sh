# shellcheck shell=bash
# Shared helpers for the test-environment builders (sourced, never executed).
#
# Layout of a cache directory CACHE (default <repo>/.cache/envs):
#   minbase/           debootstrap --variant=minbase --include=apt-utils bookworm, .debs removed,
#                      Debian apt lists kept
#   debian-base/       minbase + offline apt repository of tiny sip-* packages (/srv/sip-repo)
#   rhel-base/         minbase + rpm + dnf, dressed up as Rocky Linux 9.3 (/srv/sip-rpms)
#   debian.qcow2       optional disk image of debian-base (build-image.sh)
#   sessions/          scratch dirs (overlay upper/work) of test sessions, unless on /dev/shm
#                      (test/support/envs.ts: sessionsDir)
#   trash/             replaced roots, deleted a while later (live sessions may still use them)
#   .lock-*            flock(1) files; every builder holds its lock for the whole build
# A finished tree DIR has a stamp file DIR.stamp (outside the tree, so the root stays clean)
# holding the recipe id it was built from. Builds happen in DIR.partial, which is renamed to
# DIR when complete, then the stamp is written; a tree without its stamp (an interrupted
# build), or with another recipe id, is rebuilt.

# shellcheck disable=SC2034 # used by the scripts that source this file
SIP_ENVS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
SIP_SUITE=bookworm
SIP_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

sip_log() { printf '[%s %(%T)T] %s\n' "${0##*/}" -1 "$*" >&2; }
sip_die() { sip_log "error: $*"; exit 1; }

# The Debian mirror: $SIP_DEBIAN_MIRROR, else the first http(s) URI of the host's own apt
# sources, else deb.debian.org.
sip_mirror() {
  if [[ -n ${SIP_DEBIAN_MIRROR:-} ]]; then printf '%s\n' "$SIP_DEBIAN_MIRROR"; return; fi
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -nE -e 's/^URIs:[[:space:]]*(https?:\/\/[^[:space:]]*\/debian\/?)([[:space:]].*)?$/\1/p' \
      -e 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?:\/\/[^[:space:]]*\/debian\/?)[[:space:]]+bookworm[[:space:]].*$/\2/p' |
    head -n1) || true
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# sip_recipe_id FILE... : short hash of the files that define a build, plus extra words on stdin
sip_recipe_id() { { cat -- "$@"; cat; } | sha256sum | cut -c1-16; }

# sip_stamp_ok DIR ID : DIR is a finished build of recipe ID
sip_stamp_ok() { [[ -d $1 && -f $1.stamp && "$(<"$1.stamp")" == "$2" ]]; }

# sip_install_tree CACHE PARTIAL DIR ID : replace DIR by the finished PARTIAL and stamp it
sip_install_tree() {
  local cache=$1 part=$2 dir=$3 id=$4
  rm -f -- "$dir.stamp"
  sip_retire "$cache" "$dir"
  mv -T -- "$part" "$dir"
  printf '%s\n' "$id" >"$dir.stamp"
}

# sip_flock FD FILE : lock FD (which the caller opened on FILE with `exec FD>FILE`),
# saying so when another build holds the lock.
sip_flock() {
  if ! flock -n "$1"; then
    sip_log "waiting for ${2##*/} (another build is running)"
    flock "$1"
  fi
}

# sip_retire CACHE DIR : move a finished-but-stale tree to CACHE/trash (sessions started on it
# keep working); trash older than 60 minutes is deleted.
sip_retire() {
  local cache=$1 dir=$2 t
  mkdir -p "$cache/trash"
  find "$cache/trash" -mindepth 1 -maxdepth 1 -mmin +60 -exec rm -rf --one-file-system {} + 2>/dev/null || true
  [[ -e $dir ]] || return 0
  t=$(mktemp -d "$cache/trash/${dir##*/}.XXXXXX")
  mv -- "$dir" "$t/"
}

# sip_chroot [--network] ROOT CMD... : run CMD chrooted in ROOT (build time: modifies ROOT) in
# private mount/PID (and, unless --network, network) namespaces, with /proc, /dev, /run.
sip_chroot() {
  local net=--net
  if [[ $1 == --network ]]; then net=; shift; fi
  local root=$1; shift
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare --mount --pid --uts --ipc --fork --kill-child --propagation private $net -- \
    bash -c 'set -e; r=$1; shift
      mount -t proc proc "$r/proc"
      mount --rbind /dev "$r/dev"
      mount -t tmpfs -o mode=755 tmpfs "$r/run"
      exec chroot "$r" /usr/bin/env -i PATH="$SIP_PATH" HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"' sip-chroot "$root" "$@"
}
export SIP_PATH

# sip_fix_identity ROOT NAME : hostname, hosts, fstab and resolv.conf as the test roots have them
sip_fix_identity() {
  local root=$1 name=$2
  printf '%s\n' "$name" >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' "$name" >"$root/etc/hosts"
  # debootstrap leaves "# UNCONFIGURED FSTAB"; the disk image labels its filesystem "root"
  printf 'LABEL=root\t/\text4\tdefaults\t0\t1\n' >"$root/etc/fstab"
  # no network in the test roots; do not carry the host's resolver configuration
  rm -f "$root/etc/resolv.conf"
  : >"$root/etc/resolv.conf"
}

# sip_install_from_archive ROOT LOG PACKAGE... : install PACKAGEs (no recommends) into a copy of
# the Debian test root from Debian's archive (the host's resolver for that one step), then put
# the offline repository back as its only apt source, with fresh lists and no .debs left.
# Output goes to LOG; a failure shows its tail and exits.
sip_install_from_archive() {
  local root=$1 log=$2 offline
  shift 2
  offline=$(<"$root/etc/apt/sources.list")
  printf 'deb %s %s main\n' "$(sip_mirror)" "$SIP_SUITE" >"$root/etc/apt/sources.list"
  cp -L -- /etc/resolv.conf "$root/etc/resolv.conf"
  {
    sip_chroot --network "$root" apt-get -q update &&
      sip_chroot --network "$root" apt-get install -y -q --no-install-recommends "$@"
  } >>"$log" 2>&1 || { tail -n 30 "$log" >&2; sip_die "installing $* from $(sip_mirror) failed (log: $log)"; }
  : >"$root/etc/resolv.conf"
  printf '%s\n' "$offline" >"$root/etc/apt/sources.list"
  rm -rf -- "$root"/var/lib/apt/lists/*
  mkdir -p -- "$root/var/lib/apt/lists/partial"
  sip_chroot "$root" apt-get -q update >>"$log" 2>&1 || { tail -n 30 "$log" >&2; sip_die "apt-get update (offline) failed (log: $log)"; }
  rm -f -- "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
}

# sip_ensure_minbase CACHE : CACHE/minbase, debootstrapped once (locks CACHE/.lock-minbase on fd 8)
SIP_MINBASE_RECIPE="minbase-v2 $SIP_SUITE +apt-utils"
sip_ensure_minbase() {
  local cache=$1 dir=$1/minbase part=$1/minbase.partial mirror
  exec 8>"$cache/.lock-minbase"
  sip_flock 8 "$cache/.lock-minbase"
  if sip_stamp_ok "$dir" "$SIP_MINBASE_RECIPE"; then exec 8>&-; return 0; fi
  mirror=$(sip_mirror)
  # apt-utils: as on Debian's cloud images; without it every apt-get install says
  # "debconf: delaying package configuration, since apt-utils is not installed"
  sip_log "debootstrap --variant=minbase --include=apt-utils $SIP_SUITE from $mirror (about 30-60 s)"
  rm -rf --one-file-system -- "$part"
  local t0=$SECONDS
  # in a private mount namespace: the /proc and /sys that debootstrap mounts in the target go
  # away with it even if it is killed, so removing a partial tree never reaches into them
  # (three tries: the archive is on the network, and a CI run should survive one hiccup)
  local try ok=0
  for try in 1 2 3; do
    rm -rf --one-file-system -- "$part"
    if unshare --mount --fork --kill-child --propagation private -- \
      debootstrap --variant=minbase --include=apt-utils "$SIP_SUITE" "$part" "$mirror" >"$cache/minbase.log" 2>&1; then
      ok=1
      break
    fi
    sip_log "debootstrap failed (try $try of 3)"
    sleep $((try * 5))
  done
  if ((!ok)); then
    tail -n 30 "$cache/minbase.log" >&2
    sip_die "debootstrap failed 3 times (full log: $cache/minbase.log)"
  fi
  rm -f "$part"/var/cache/apt/archives/*.deb "$part"/var/cache/apt/*.bin
  # Debian's stock sources, so a later stage can install from the archive with these lists
  printf 'deb %s %s main\n' "$mirror" "$SIP_SUITE" >"$part/etc/apt/sources.list"
  # never start services from maintainer scripts inside the test roots
  printf '#!/bin/sh\nexit 101\n' >"$part/usr/sbin/policy-rc.d"
  chmod 755 "$part/usr/sbin/policy-rc.d"
  sip_fix_identity "$part" sip-minbase
  sip_install_tree "$cache" "$part" "$dir" "$SIP_MINBASE_RECIPE"
  sip_log "minbase ready in $((SECONDS - t0)) s"
  exec 8>&-
}
