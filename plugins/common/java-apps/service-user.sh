#!/bin/bash
# The system user and group an application runs as: ${product}_user (its group has the same
# name), home /var/lib/$product, no login shell.
# Test-only: says what is missing, changes nothing. Reconcile: creates what is missing.
# Environment: product, <product>_user, test_only.
set -u
product=${product:?product is not set}
var=${product}_user
user=${!var:-}
[[ $user =~ ^[a-z_][a-z0-9_-]*$ ]] || { echo "invalid user name '$user' (--${product}_user)" >&2; exit 1; }
home=/var/lib/$product
missing=0
getent group "$user" >/dev/null || { echo "missing: group $user" >&2; missing=1; }
if entry=$(getent passwd "$user"); then
  IFS=: read -r _ _ _ gid _ dir _ <<<"$entry"
  group=$(getent group "$user") || group=''
  IFS=: read -r _ _ want_gid _ <<<"$group"
  [[ $gid == "$want_gid" ]] || { echo "wrong: user $user is not in group $user" >&2; missing=1; }
  [[ $dir == "$home" ]] || { echo "wrong: user $user has home $dir, not $home" >&2; missing=1; }
else
  echo "missing: user $user" >&2
  missing=1
fi
((missing)) || exit 0
[[ ${test_only:-0} == 1 ]] && exit 1
getent group "$user" >/dev/null || groupadd --system "$user" || exit 1
if getent passwd "$user" >/dev/null; then
  usermod --gid "$user" --home "$home" "$user" || exit 1
else
  nologin=/usr/sbin/nologin
  [[ -x $nologin ]] || nologin=/sbin/nologin
  useradd --system --gid "$user" --home-dir "$home" --no-create-home --shell "$nologin" --comment "$product (sahara-image-pack)" "$user" || exit 1
fi
echo "created: user $user (group $user, home $home)" >&2
