#!/usr/bin/env bash
# fetch-cloud-init.sh CACHE  ->  prints CACHE/cloud-init/root
#
# Debian's cloud-init package (and python3-configobj, which it imports), unpacked (dpkg -x),
# not installed: the tests run its own schema check and its write_files / runcmd code with
# this machine's python3 (which has python3-yaml and python3-jsonschema). Downloaded with
# `apt-get download` once, then cached.
set -euo pipefail
cache=${1:?usage: fetch-cloud-init.sh CACHE}
mkdir -p -- "$cache"
cache=$(cd -- "$cache" && pwd)
dir=$cache/cloud-init
if [[ -f $dir/root/.done ]]; then printf '%s\n' "$dir/root"; exit 0; fi
mkdir -p -- "$dir/debs"
rm -rf -- "$dir/root"
(cd -- "$dir/debs" && apt-get download -q cloud-init python3-configobj >"$dir/download.log" 2>&1) ||
  { cat "$dir/download.log" >&2; exit 1; }
for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done
touch -- "$dir/root/.done"
printf '%s\n' "$dir/root"
