#!/usr/bin/env bash
# build-debian-root.sh CACHE  ->  prints CACHE/debian-base
#
# The Debian test root: debootstrap --variant=minbase bookworm (shared with the RHEL-like root,
# see lib.sh), hostname/hosts/fstab fixed, downloaded .debs removed, plus an offline apt
# repository of tiny packages (make-deb-repo.sh) at /srv/sip-repo, which is the ONLY apt source:
#   /etc/apt/sources.list: deb [trusted=yes] file:/srv/sip-repo ./
# `apt-get update` has been run, so the lists exist (/var/lib/apt/lists/_srv_sip-repo_._Packages);
# delete /var/lib/apt/lists/*_Packages in a session to test the "lists missing" path.
#
# Idempotent and cached: a finished root has CACHE/debian-base.stamp with the recipe id (a hash
# of these scripts); a missing or different stamp means (re)build into debian-base.partial,
# then rename.
# Concurrent callers serialise on flock(CACHE/.lock-debian).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

cache=${1:?usage: build-debian-root.sh CACHE}
mkdir -p -- "$cache"
cache=$(cd -- "$cache" && pwd)
dir=$cache/debian-base
part=$cache/debian-base.partial
recipe=$(sip_recipe_id "$SIP_ENVS_DIR/build-debian-root.sh" "$SIP_ENVS_DIR/make-deb-repo.sh" "$SIP_ENVS_DIR/lib.sh" </dev/null)

exec 9>"$cache/.lock-debian"
sip_flock 9 "$cache/.lock-debian"
if sip_stamp_ok "$dir" "$recipe"; then printf '%s\n' "$dir"; exit 0; fi

t0=$SECONDS
sip_ensure_minbase "$cache"
sip_log "building $dir"
rm -rf --one-file-system -- "$part"
cp -a -- "$cache/minbase" "$part"
sip_fix_identity "$part" sip-debian

# dpkg's fsyncs make no sense on a throwaway overlay (Debian's own container images do this)
printf 'force-unsafe-io\n' >"$part/etc/dpkg/dpkg.cfg.d/sip-unsafe-io"

"$SIP_ENVS_DIR/make-deb-repo.sh" "$part/srv/sip-repo"

rm -rf -- "$part/etc/apt/sources.list.d" "$part"/var/lib/apt/lists/*
mkdir -p -- "$part/etc/apt/sources.list.d" "$part/var/lib/apt/lists/partial"
printf 'deb [trusted=yes] file:/srv/sip-repo ./\n' >"$part/etc/apt/sources.list"
sip_chroot "$part" apt-get -q update >"$cache/debian-base.log" 2>&1 ||
  { cat "$cache/debian-base.log" >&2; sip_die "apt-get update failed in the new root"; }

# self-check: offline apt sees both versions; nothing of ours is installed yet
policy=$(sip_chroot "$part" apt-cache policy sip-hello)
grep -q 'Candidate: 2.0-1' <<<"$policy" || sip_die "apt-cache policy sip-hello: $policy"
grep -q ' 1.0-1 ' <<<"$policy" || sip_die "sip-hello 1.0-1 missing from the repo: $policy"
if sip_chroot "$part" dpkg-query -W sip-hello >/dev/null 2>&1; then sip_die "sip-hello is installed"; fi
rm -f -- "$part"/var/cache/apt/*.bin "$part"/var/cache/apt/archives/*.deb

sip_install_tree "$cache" "$part" "$dir" "$recipe"
sip_log "debian root ready in $((SECONDS - t0)) s"
printf '%s\n' "$dir"
