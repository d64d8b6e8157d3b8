#!/usr/bin/env bash
# build-image.sh CACHE  ->  prints CACHE/debian.qcow2
#
# A qcow2 disk image of the Debian test root (build-debian-root.sh), made without a libguestfs
# appliance (research/feasibility-images.md §2.2): a 1 GiB MBR disk with one bootable ext4
# partition labelled "root" (matching the root's fstab), filled by `mke2fs -d`, converted with
# `qemu-img convert`. No kernel or boot loader: it is for virt-customize/guestfish, not booting.
#
# Cached: CACHE/debian.qcow2.stamp holds the Debian root's recipe id; rebuilt when that changes.
# The image is written to a temporary name and renamed, so readers never see a partial file.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

cache=${1:?usage: build-image.sh CACHE}
mkdir -p -- "$cache"
cache=$(cd -- "$cache" && pwd)
root=$("$SIP_ENVS_DIR/build-debian-root.sh" "$cache")
img=$cache/debian.qcow2
recipe="$(<"$root.stamp") $(sip_recipe_id "$SIP_ENVS_DIR/build-image.sh" </dev/null)"

exec 9>"$cache/.lock-image"
sip_flock 9 "$cache/.lock-image"
if [[ -f $img && -f $img.stamp && "$(<"$img.stamp")" == "$recipe" ]]; then printf '%s\n' "$img"; exit 0; fi

t0=$SECONDS
rm -f -- "$img.stamp"
raw=$(mktemp "$cache/debian.raw.XXXXXX")
tmp=$(mktemp "$cache/debian.qcow2.XXXXXX")
trap 'rm -f -- "$raw" "$tmp"' EXIT
size_mib=1024
truncate -s "${size_mib}M" "$raw"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$raw"
mkfs.ext4 -q -F -L root -E offset=$((2048 * 512)) -d "$root" "$raw" "$(((size_mib - 1) * 1024))k"
qemu-img convert -f raw -O qcow2 "$raw" "$tmp"
chmod 644 -- "$tmp"
mv -f -- "$tmp" "$img"
printf '%s\n' "$recipe" >"$img.stamp"
sip_log "image ready in $((SECONDS - t0)) s"
printf '%s\n' "$img"
