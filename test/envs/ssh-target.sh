#!/usr/bin/env bash
# ssh-target.sh ROOT SCRATCH PORT PUBKEY  ->  prints the PID to SIGKILL to stop the target
#
# An SSH target on 127.0.0.1:PORT: ROOT (the SSH test root, build-ssh-root.sh) through a
# throwaway overlay (upper/work in SCRATCH, so ROOT never changes and SCRATCH/upper shows every
# file a session left behind), chrooted, with its own sshd as PID 1 of private mount, PID, UTS
# and IPC namespaces (the network is the host's, so the target listens on 127.0.0.1 only).
# PUBKEY is installed as authorized_keys of root, sip and sippw. sshd logs (LogLevel VERBOSE:
# one "Connection from" line per TCP connection) to SCRATCH/sshd.log.
#
# The script returns once sshd listens (about 0.1-0.3 s). SIGKILL of the printed PID (the
# unshare process) takes sshd, every session and the namespace's mounts down with it.
# Exit status: 0 ready; 3 PORT is in use (pick another); 1 any other failure (log on stderr).
set -euo pipefail

if [[ ${1-} == --inner ]]; then
  root=$2 scratch=$3 port=$4 pubkey=$5
  m=$scratch/merged
  printf '%s\n' \
    "overlay $m overlay lowerdir=$root,upperdir=$scratch/upper,workdir=$scratch/work,index=off 0 0" \
    "proc $m/proc proc nosuid,nodev,noexec 0 0" \
    "sysfs $m/sys sysfs ro,nosuid,nodev,noexec 0 0" \
    "devpts $m/dev/pts devpts newinstance,ptmxmode=0666,mode=620,gid=5,nosuid,noexec 0 0" \
    "tmpfs $m/dev/shm tmpfs mode=1777,nosuid,nodev 0 0" \
    "tmpfs $m/run tmpfs mode=755,nosuid,nodev 0 0" \
    >"$scratch/fstab"
  mount -a -T "$scratch/fstab"
  read -r hn <"$m/etc/hostname" && printf '%s' "$hn" >/proc/sys/kernel/hostname
  install -d -m 755 "$m/run/sshd"
  for u in root sip sippw; do
    h=$(chroot "$m" getent passwd "$u" | cut -d: -f6)
    install -m 600 -- "$pubkey" "$m$h/.ssh/authorized_keys"
    chroot "$m" chown "$u:$u" "$h/.ssh/authorized_keys"
  done
  exec chroot "$m" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    /usr/sbin/sshd -D -e -p "$port" -o ListenAddress=127.0.0.1 -o UsePAM=no -o LogLevel=VERBOSE \
    -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no \
    -o MaxStartups=100 -o MaxSessions=100
fi

root=$(cd -- "${1:?usage: ssh-target.sh ROOT SCRATCH PORT PUBKEY}" && pwd -P)
mkdir -p -- "${2:?}/upper" "$2/work" "$2/merged"
scratch=$(cd -- "$2" && pwd -P)
port=${3:?} pubkey=${4:?}
[[ -r $pubkey ]] || { echo "ssh-target: cannot read $pubkey" >&2; exit 1; }
log=$scratch/sshd.log
: >"$log"
self=${BASH_SOURCE[0]}
[[ $self == /* ]] || self=$PWD/$self
setsid unshare --mount --pid --uts --ipc --fork --kill-child --propagation private -- \
  bash "$self" --inner "$root" "$scratch" "$port" "$pubkey" </dev/null >>"$log" 2>&1 &
pid=$!
for ((i = 0; i < 500; i++)); do
  if grep -q "Server listening on 127.0.0.1 port $port" "$log"; then printf '%s\n' "$pid"; exit 0; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    if grep -q 'Address already in use' "$log"; then exit 3; fi
    cat "$log" >&2
    exit 1
  fi
  sleep 0.01
done
kill -KILL "$pid" 2>/dev/null || true
cat "$log" >&2
echo "ssh-target: sshd did not listen within 5 s" >&2
exit 1
