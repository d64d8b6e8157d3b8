#!/bin/bash
# JAVA_HOME for the Hadoop daemons: their start scripts read etc/hadoop/hadoop-env.sh, not the
# login profile. Keeps one marked block at the end of <install_dir>/hadoop/etc/hadoop/hadoop-env.sh
# with the JAVA_HOME of /etc/profile.d/hadoop.sh (written by the step before).
# Test-only: compares, changes nothing. Reconcile: rewrites the file when the block differs.
# Environment: install_dir, test_only.
set -u
prefix=${install_dir:-/opt}
file=$prefix/hadoop/etc/hadoop/hadoop-env.sh
profile=/etc/profile.d/hadoop.sh
marker='# sahara-image-pack: JAVA_HOME for the Hadoop daemons'
[[ -f $file ]] || { echo "missing: $file (is Hadoop unpacked?)" >&2; exit 1; }
java_home=$(sed -n 's/^export JAVA_HOME=//p' "$profile" 2>/dev/null)
[[ -n $java_home ]] || { echo "missing: JAVA_HOME in $profile" >&2; exit 1; }
have=''
IFS= read -r -d '' have <"$file"
# the file without our block, then the block
kept=$(awk -v m="$marker" '$0 == m { skip = 2 } skip > 0 { skip--; next } { print }' "$file") || exit 1
want="$kept"$'\n'"$marker"$'\n'"export JAVA_HOME=$java_home"$'\n'
[[ $have == "$want" ]] && exit 0
echo "different: $file (JAVA_HOME for the daemons)" >&2
[[ ${test_only:-0} == 1 ]] && exit 1
printf '%s' "$want" >"$file.sip-tmp" && chmod --reference="$file" "$file.sip-tmp" && mv -f -- "$file.sip-tmp" "$file" || exit 1
echo "wrote: JAVA_HOME=$java_home into $file" >&2
