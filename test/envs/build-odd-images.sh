#!/usr/bin/env bash
# build-odd-images.sh CACHE  ->  prints CACHE/odd-images
#
# Small disk images for the image runner's tests, made without an appliance (as
# build-image.sh does) from the Debian test root (build-debian-root.sh):
#   two-roots.qcow2  MBR disk, two ext4 partitions of 768 MiB: /dev/sda1 "roota" (the Debian
#                    root, hostname sip-a) and /dev/sda2 "rootb" (the same root with hostname
#                    sip-b and PRETTY_NAME "Sahara Test B 12")
#   no-root.qcow2    MBR disk with one empty ext4 partition: no Linux root in it
#   full.qcow2       MBR disk with one 39 MiB ext4 root (os-release and bash only) that is
#                    completely full (filled through a loop mount in a private mount namespace)
#   not-an-image.img a text file
# Cached: CACHE/odd-images.stamp holds the recipe id; rebuilt when it changes.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

cache=${1:?usage: build-odd-images.sh CACHE}
mkdir -p -- "$cache"
cache=$(cd -- "$cache" && pwd)
root=$("$SIP_ENVS_DIR/build-debian-root.sh" "$cache")
dir=$cache/odd-images
recipe="$(<"$root.stamp") $(sip_recipe_id "$SIP_ENVS_DIR/build-odd-images.sh" </dev/null)"

exec 9>"$cache/.lock-odd-images"
sip_flock 9 "$cache/.lock-odd-images"
if sip_stamp_ok "$dir" "$recipe"; then printf '%s\n' "$dir"; exit 0; fi

t0=$SECONDS
part=$cache/odd-images.partial
rm -rf --one-file-system -- "$part"
mkdir -p -- "$part/work"
w=$part/work

# --- two roots ---
cp -a -- "$root" "$w/rootb"
sip_fix_identity "$w/rootb" sip-b
printf 'LABEL=rootb\t/\text4\tdefaults\t0\t1\n' >"$w/rootb/etc/fstab"
rm -f -- "$w/rootb/etc/os-release"
sed -e 's/^PRETTY_NAME=.*/PRETTY_NAME="Sahara Test B 12"/' "$root/usr/lib/os-release" >"$w/rootb/etc/os-release"
mib=768
truncate -s $((2 * mib + 2))M "$w/two.raw"
printf 'label: dos\nstart=2048, size=%d, type=83\nstart=%d, size=%d, type=83\n' \
  $((mib * 2048)) $((2048 + mib * 2048)) $((mib * 2048)) | sfdisk -q "$w/two.raw"
mkfs.ext4 -q -F -L roota -E offset=$((2048 * 512)) -d "$root" "$w/two.raw" "$((mib * 1024))k"
mkfs.ext4 -q -F -L rootb -E offset=$(((2048 + mib * 2048) * 512)) -d "$w/rootb" "$w/two.raw" "$((mib * 1024))k"
qemu-img convert -f raw -O qcow2 "$w/two.raw" "$part/two-roots.qcow2"
rm -rf --one-file-system -- "$w/rootb" "$w/two.raw"

# --- no Linux root ---
truncate -s 64M "$w/none.raw"
printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$w/none.raw"
mkfs.ext4 -q -F -L data -E offset=$((2048 * 512)) "$w/none.raw" 63M
qemu-img convert -f raw -O qcow2 "$w/none.raw" "$part/no-root.qcow2"

# --- a full root ---
mkdir -p -- "$w/full/etc" "$w/full/bin" "$w/full/tmp" "$w/mnt"
chmod 1777 "$w/full/tmp"
printf 'NAME="Full Disk Linux"\nID=debian\nVERSION_ID=12\nPRETTY_NAME="Full Disk Linux 12"\n' >"$w/full/etc/os-release"
cp -- "$root/bin/bash" "$w/full/bin/bash"
truncate -s 39M "$w/full.fs"
mkfs.ext4 -q -F -m 0 -L full -d "$w/full" "$w/full.fs"
# shellcheck disable=SC2016 # expanded by the inner shell
unshare --mount --propagation private -- sh -c 'mount -o loop "$1" "$2" &&
  { dd if=/dev/zero of="$2/filler" bs=1M 2>/dev/null; dd if=/dev/zero of="$2/filler2" bs=1k 2>/dev/null; umount "$2"; }' sh "$w/full.fs" "$w/mnt"
truncate -s 40M "$w/full.raw"
printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$w/full.raw"
dd if="$w/full.fs" of="$w/full.raw" bs=1M seek=1 conv=notrunc status=none
qemu-img convert -f raw -O qcow2 "$w/full.raw" "$part/full.qcow2"

printf 'this is a text file, not a disk image\n' >"$part/not-an-image.img"
rm -rf --one-file-system -- "$w"
chmod 644 -- "$part"/*
sip_install_tree "$cache" "$part" "$dir" "$recipe"
sip_log "odd images ready in $((SECONDS - t0)) s"
printf '%s\n' "$dir"
