#!/bin/bash
# Download, verify and unpack an application's binary archive:
#   <install_dir>/<product>-<version>/   the archive's one top folder, owned by root
#   <install_dir>/<product>              a symlink to it (the version in use)
#   <install_dir>/<product>-<version>/.sahara-image-pack   what was installed (version, url, checksum)
# The archive comes from <product>_url (empty: the Apache archive's place for the version) and
# must match <product>_checksum (sha512:HEX or sha256:HEX; empty: the .sha512 file published
# beside the archive). Downloads use curl, else wget, else bash itself (http:// only).
# Test-only: compares the installed record and the symlink, downloads nothing, changes nothing.
# Reconcile: does nothing when they match; else installs into a temp folder beside the target
# and renames it into place, so a failed run leaves no half-unpacked tree.
# Environment: product, <product>_version, <product>_url, <product>_checksum, install_dir, test_only.
set -u
product=${product:?product is not set}
v=${product}_version u=${product}_url c=${product}_checksum
version=${!v:-} url=${!u:-} checksum=${!c:-}
prefix=${install_dir:-/opt}
[[ $version =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] || { echo "invalid version '$version' (--${product}_version)" >&2; exit 1; }
[[ $prefix == /* && $prefix != *..* ]] || { echo "install_dir must be an absolute path: '$prefix'" >&2; exit 1; }
if [[ -z $url ]]; then
  case $product in
    hadoop) url=https://archive.apache.org/dist/hadoop/common/hadoop-$version/hadoop-$version.tar.gz ;;
    spark) url=https://archive.apache.org/dist/spark/spark-$version/spark-$version-bin-hadoop3.tgz ;;
    *) echo "give --${product}_url" >&2; exit 1 ;;
  esac
fi
target=$prefix/$product-$version
link=$prefix/$product
record_of() { printf 'version=%s\nurl=%s\nchecksum=%s\n' "$version" "$url" "$1"; }

# the wanted checksum, when it is given: algorithm and lower-case hex
algo='' want=''
if [[ -n $checksum ]]; then
  algo=${checksum%%:*} want=${checksum#*:}
  [[ $checksum == *:* && ($algo == sha512 || $algo == sha256) ]] || { echo "--${product}_checksum wants sha512:HEX or sha256:HEX, not '$checksum'" >&2; exit 1; }
  want=${want,,}
fi

# --- is it there?
ok=1
if [[ ! -f $target/.sahara-image-pack ]]; then
  echo "missing: $target ($product $version)" >&2
  ok=0
else
  have=$(<"$target/.sahara-image-pack")
  if [[ -n $want ]]; then
    wanted=$(record_of "$algo:$want")
    [[ $have == "$wanted" ]] || { echo "different: $target was installed from another archive (see $target/.sahara-image-pack)" >&2; ok=0; }
  else
    [[ $have == "version=$version"$'\n'"url=$url"$'\n'* ]] || { echo "different: $target was installed from another place (see $target/.sahara-image-pack)" >&2; ok=0; }
  fi
fi
current=$(readlink -- "$link" 2>/dev/null) || current=''
if [[ $current != "$product-$version" ]]; then
  echo "missing: $link -> $product-$version" >&2
  ok=0
fi
((ok)) && exit 0
[[ ${test_only:-0} == 1 ]] && exit 1

# --- install
fetch() { # fetch URL FILE
  if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 3 -o "$2" -- "$1"; return; fi
  if command -v wget >/dev/null 2>&1; then wget -q -O "$2" -- "$1"; return; fi
  if [[ $1 != http://* ]]; then
    echo "cannot download $1: neither curl nor wget is installed (install one, or give an http:// mirror)" >&2
    return 1
  fi
  local rest=${1#http://} hostport path host port status line
  hostport=${rest%%/*} path=/
  [[ $rest == */* ]] && path=/${rest#*/}
  host=${hostport%%:*} port=80
  [[ $hostport == *:* ]] && port=${hostport##*:}
  exec 3<>"/dev/tcp/$host/$port" || { echo "cannot connect to $hostport" >&2; return 1; }
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: sahara-image-pack\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
  IFS= read -r status <&3
  status=${status%$'\r'}
  if [[ ! $status =~ ^HTTP/1\.[01]\ 200 ]]; then
    echo "cannot download $1: ${status:-no answer}" >&2
    exec 3<&-
    return 1
  fi
  while IFS= read -r line <&3; do
    [[ -z ${line%$'\r'} ]] && break
  done
  cat <&3 >"$2"
  exec 3<&-
}

mkdir -p -- "$prefix" || exit 1
work=$(mktemp -d "$prefix/.sip-$product.XXXXXX") || exit 1
trap 'rm -rf -- "$work"' EXIT
echo "downloading $url" >&2
fetch "$url" "$work/archive" || exit 1
if [[ -z $want ]]; then
  fetch "$url.sha512" "$work/archive.sha512" || { echo "no checksum: give --${product}_checksum, or publish $url.sha512" >&2; exit 1; }
  # "HEX  name", or the Apache style "name: HEX HEX..." / "SHA512 (name) = HEX"
  raw=$(<"$work/archive.sha512")
  raw=${raw#*[:=]}
  want=${raw//[!0-9A-Fa-f]/}
  want=${want:0:128} algo=sha512
  want=${want,,}
  [[ ${#want} == 128 ]] || { echo "$url.sha512 holds no sha512 checksum" >&2; exit 1; }
fi
sum=$("${algo}sum" "$work/archive") || exit 1
got=${sum%% *}
if [[ $got != "$want" ]]; then
  echo "checksum mismatch for $url: $algo $got, expected $want" >&2
  exit 1
fi
listing=$(tar -tzf "$work/archive") || { echo "$url is not a .tar.gz archive" >&2; exit 1; }
declare -A tops=()
while IFS= read -r member; do
  top=${member%%/*}
  tops[${top:-/}]=1 # an absolute member, or an empty listing, counts as the top folder '/'
done <<<"$listing"
if ((${#tops[@]} != 1)) || [[ -n ${tops[.]+set} || -n ${tops[..]+set} || -n ${tops[/]+set} ]]; then
  echo "$url: the archive must hold exactly one top folder" >&2
  exit 1
fi
mkdir "$work/tree" && tar -xzf "$work/archive" -C "$work/tree" --strip-components=1 --no-same-owner || exit 1
record_of "$algo:$want" >"$work/tree/.sahara-image-pack" || exit 1
chmod 0755 "$work/tree" || exit 1
if [[ -e $target ]]; then
  mv -- "$target" "$work/old" || exit 1
fi
mv -- "$work/tree" "$target" || exit 1
ln -sfn -- "$product-$version" "$work/link" && mv -fT -- "$work/link" "$link" || exit 1
echo "installed: $target ($algo $want), $link -> $product-$version" >&2
