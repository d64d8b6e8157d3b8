#!/bin/bash
# An application's own folders, owned by its user and group:
#   /var/lib/<product>  mode 0750 (the user's home, working data)
#   /var/log/<product>  mode 0755 (logs)
# Test-only: says which is missing or wrong, changes nothing. Reconcile: creates or fixes them.
# Environment: product, <product>_user, test_only.
set -u
product=${product:?product is not set}
var=${product}_user
user=${!var:-}
ok=1
for spec in "/var/lib/$product 750" "/var/log/$product 755"; do
  read -r dir mode <<<"$spec"
  if [[ ! -d $dir ]]; then
    echo "missing: $dir" >&2
    ok=0
  elif now=$(stat -c '%U:%G %a' -- "$dir") && [[ $now == "$user:$user $mode" ]]; then
    continue
  else
    echo "wrong: $dir is ${now:-unreadable}, not $user:$user $mode" >&2
    ok=0
  fi
  [[ ${test_only:-0} == 1 ]] && continue
  install -d -o "$user" -g "$user" -m "$mode" -- "$dir" || exit 1
  echo "made: $dir ($user:$user $mode)" >&2
done
((ok)) || [[ ${test_only:-0} != 1 ]]
