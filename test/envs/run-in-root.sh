#!/usr/bin/env bash
# run-in-root.sh [OPTIONS] ROOT SCRATCH CMD [ARG...]
#
# Run CMD chrooted in ROOT through a throwaway overlay, so that ROOT (a cached test root) is
# never modified: the overlay's upper and work dirs are SCRATCH/upper and SCRATCH/work (created
# when missing), so several runs with the same SCRATCH see each other's changes.
#
# Isolation: private mount, PID, network (loopback only), UTS and IPC namespaces; /proc, a
# read-only /sys, a private /dev/pts and /dev/shm, and a tmpfs /run (with /run/lock) are
# mounted in the overlay; the other /dev nodes are the root's own (debootstrap's minimal set).
# The hostname is the root's /etc/hostname. CMD runs with an empty environment plus
#   PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
# and the --env assignments; cwd /; stdin /dev/null unless --stdin.
# When CMD ends, every process left in the PID namespace is killed and the namespace's mounts
# disappear with it. Killing this script with SIGKILL also kills everything inside (the
# namespace's init dies with its parent: unshare --kill-child).
#
# Options:
#   --env NAME=VALUE    add to CMD's environment (repeatable; later ones win)
#   --put FILE DEST MODE  copy host FILE to DEST inside the root (octal MODE) before running
#   --stdin             give CMD this script's stdin instead of /dev/null
#   --status FILE       write "started" to FILE just before CMD starts and "exit N" after it ends,
#                       so a caller can tell a set-up failure from CMD's own exit status
#
# Exit status: CMD's (128+N if it died of signal N); 125 if the environment could not be set up.
# stdout and stderr are CMD's, untouched; this script writes only set-up errors to stderr.
set -uo pipefail

sip_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

fail() { printf 'run-in-root: %s\n' "$*" >&2; exit 125; }

if [[ ${1-} == --inner ]]; then
  # ---- inside the namespaces: we are PID 1 of the new PID namespace ----
  shift
  root=$1 scratch=$2 status=$3 nputs=$4; shift 4
  m=$scratch/merged
  # One mount(8) process for everything (each fork+exec costs ~2 ms). /dev comes from the root
  # itself (debootstrap made null, zero, full, random, urandom, tty, ptmx and the fd links).
  printf '%s\n' \
    "overlay $m overlay lowerdir=$root,upperdir=$scratch/upper,workdir=$scratch/work,index=off 0 0" \
    "proc $m/proc proc nosuid,nodev,noexec 0 0" \
    "sysfs $m/sys sysfs ro,nosuid,nodev,noexec 0 0" \
    "devpts $m/dev/pts devpts newinstance,ptmxmode=0666,mode=620,gid=5,nosuid,noexec 0 0" \
    "tmpfs $m/dev/shm tmpfs mode=1777,nosuid,nodev 0 0" \
    "tmpfs $m/run tmpfs mode=755,nosuid,nodev 0 0" \
    "tmpfs $m/run/lock tmpfs mode=1777,nosuid,nodev,noexec,X-mount.mkdir 0 0" \
    >"$scratch/fstab" || fail "cannot write $scratch/fstab"
  mount -a -T "$scratch/fstab" || fail "cannot mount the overlay and its file systems on $m"
  if [[ -r $m/etc/hostname ]]; then
    read -r hn <"$m/etc/hostname" && [[ -n $hn ]] && printf '%s' "$hn" >/proc/sys/kernel/hostname
  fi
  ip link set lo up 2>/dev/null || true
  for ((i = 0; i < nputs; i++)); do
    # copy through the chroot, so DEST resolves (symlinks included) as the root sees it
    # shellcheck disable=SC2016 # for the inner sh
    chroot "$m" /usr/bin/env -i PATH="$sip_path" /bin/sh -c 'umask 077 && cat >"$1" && chmod "$2" "$1"' sh "$2" "$3" <"$1" ||
      fail "cannot copy $1 to $2"
    shift 3
  done
  [[ -z $status ]] || printf 'started\n' >"$status" || fail "cannot write $status"
  chroot "$m" /usr/bin/env -i "$@"
  rc=$?
  [[ -z $status ]] || printf 'exit %d\n' "$rc" >>"$status"
  exit "$rc"
fi

# ---- outside: parse the options, prepare SCRATCH, enter the namespaces ----
envs=() puts=() status='' stdin=0
while (($#)); do
  case $1 in
    --env) [[ $# -ge 2 && $2 == [A-Za-z_]*=* ]] || fail "--env needs NAME=VALUE"; envs+=("$2"); shift 2 ;;
    --put) [[ $# -ge 4 ]] || fail "--put needs FILE DEST MODE"; puts+=("$2" "$3" "$4"); shift 4 ;;
    --stdin) stdin=1; shift ;;
    --status) [[ $# -ge 2 ]] || fail "--status needs FILE"; status=$2; shift 2 ;;
    --) shift; break ;;
    -*) fail "unknown option $1" ;;
    *) break ;;
  esac
done
[[ $# -ge 3 ]] || fail "usage: run-in-root.sh [--env N=V]... [--put FILE DEST MODE]... [--stdin] [--status FILE] ROOT SCRATCH CMD [ARG...]"
[[ $3 != *=* ]] || fail "CMD must not contain '=' (env would take it for an assignment): $3"
((EUID == 0)) || fail "must run as root (mounts and namespaces)"
root=$(cd -- "$1" 2>/dev/null && pwd -P) || fail "no root $1"
[[ -x $root/usr/bin/env ]] || fail "$root does not look like a root filesystem"
[[ -d $2/upper && -d $2/work && -d $2/merged ]] ||
  mkdir -p -- "$2/upper" "$2/work" "$2/merged" || fail "cannot create the scratch dirs in $2"
scratch=$(cd -- "$2" && pwd -P) || fail "no scratch dir $2"
shift 2
# overlayfs option syntax: these characters would need escaping
[[ $root$scratch != *[,:\\[:space:]]* ]] || fail "paths must not contain ',', ':', '\\' or spaces: $root $scratch"
for ((i = 0; i < ${#puts[@]}; i += 3)); do
  [[ -r ${puts[i]} ]] || fail "cannot read ${puts[i]}"
  [[ ${puts[i + 1]} == /* ]] || fail "--put destination must be absolute: ${puts[i + 1]}"
  [[ ${puts[i + 2]} =~ ^[0-7]{3,4}$ ]] || fail "--put mode must be octal: ${puts[i + 2]}"
done
[[ -z $status ]] || : >"$status" || fail "cannot write $status"
((stdin)) || exec </dev/null

self=${BASH_SOURCE[0]}
[[ $self == /* ]] || self=$PWD/$self
exec unshare --mount --pid --net --uts --ipc --fork --kill-child --propagation private -- \
  "${BASH:-bash}" "$self" --inner "$root" "$scratch" "$status" $((${#puts[@]} / 3)) \
  ${puts[@]+"${puts[@]}"} PATH="$sip_path" HOME=/root LANG=C.UTF-8 ${envs[@]+"${envs[@]}"} "$@"
