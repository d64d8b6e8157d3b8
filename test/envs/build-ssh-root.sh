#!/usr/bin/env bash
# build-ssh-root.sh CACHE  ->  prints CACHE/ssh-base
#
# The SSH test root: the Debian test root (build-debian-root.sh, with its offline apt
# repository) plus openssh-server, sudo, python3 and python3-apt (for Ansible) from Debian's archive, and users:
#   root    key login (authorized_keys installed per target by ssh-target.sh)
#   sip     a non-root user with passwordless sudo (sudoers: sip ALL=(ALL) NOPASSWD: ALL)
#   sippw   a non-root user whose sudo wants a password
#   other   an unprivileged user (plants files in /tmp in the tests)
# sshd's host keys are made once here (openssh-server's postinst), so every target started
# from this root has the same host keys: CACHE/ssh-base.host-key.pub holds the ed25519 one.
# Afterwards the apt sources are the offline repository again, as in the Debian test root.
#
# Cached and idempotent like the other roots (stamp with a recipe id; flock on CACHE/.lock-ssh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

cache=${1:?usage: build-ssh-root.sh CACHE}
mkdir -p -- "$cache"
cache=$(cd -- "$cache" && pwd)
base=$("$SIP_ENVS_DIR/build-debian-root.sh" "$cache")
dir=$cache/ssh-base
part=$cache/ssh-base.partial
recipe=$(sip_recipe_id "$SIP_ENVS_DIR/build-ssh-root.sh" "$base.stamp" </dev/null)

exec 9>"$cache/.lock-ssh"
sip_flock 9 "$cache/.lock-ssh"
if sip_stamp_ok "$dir" "$recipe"; then printf '%s\n' "$dir"; exit 0; fi

t0=$SECONDS
sip_log "building $dir"
rm -rf --one-file-system -- "$part"
cp -a -- "$base" "$part"
sip_fix_identity "$part" sip-ssh

: >"$cache/ssh-base.log"
sip_install_from_archive "$part" "$cache/ssh-base.log" openssh-server sudo python3 python3-apt

# shellcheck disable=SC2016 # for the chroot's shell
sip_chroot "$part" bash -c '
  set -e
  for u in sip sippw other; do useradd --create-home --shell /bin/bash "$u"; done
  usermod -p "*" sip; usermod -p "*" other
  echo "sippw:a-password-nobody-types" | chpasswd
  printf "sip ALL=(ALL) NOPASSWD: ALL\n" >/etc/sudoers.d/sip
  printf "sippw ALL=(ALL) ALL\n" >/etc/sudoers.d/sippw
  chmod 440 /etc/sudoers.d/sip /etc/sudoers.d/sippw
  for u in root sip sippw other; do
    h=$(getent passwd "$u" | cut -d: -f6)
    install -d -m 700 -o "$u" -g "$u" "$h/.ssh"
  done
  test -s /etc/ssh/ssh_host_ed25519_key
' >>"$cache/ssh-base.log" 2>&1 || { tail -n 20 "$cache/ssh-base.log" >&2; sip_die "setting up the users failed"; }
cp -- "$part/etc/ssh/ssh_host_ed25519_key.pub" "$cache/ssh-base.host-key.pub.partial"

sip_install_tree "$cache" "$part" "$dir" "$recipe"
mv -f -- "$cache/ssh-base.host-key.pub.partial" "$cache/ssh-base.host-key.pub"
sip_log "ssh root ready in $((SECONDS - t0)) s"
printf '%s\n' "$dir"
