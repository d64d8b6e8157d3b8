#!/usr/bin/env bash
# make-deb-repo.sh OUTDIR
#
# Build a flat, offline apt repository of tiny test packages into OUTDIR (which must not
# exist or be empty), with `dpkg-deb --build` only: no network, no dpkg-dev.
#
# Packages (Architecture: all; each installs one file /usr/share/sip/<name> whose content is
# the package's full version, e.g. "1:3.1-2"):
#   sip-hello  1.0-1 and 2.0-1 (both in the repository; apt's candidate is 2.0-1)
#   sip-tool   1.0-1
#   sip-world  1:3.1-2          (with an epoch)
#   sip-dep    1.0-1            Depends: sip-hello
#   sahara-demo-tools 1.0-1     the package the demo plugin installs (make run, offline)
#   sip-p001 ... sip-p300 1.0-1 (for the many-packages benchmark)
#   openjdk-17-jre-headless, openjdk-21-jre-headless 99.0-1   stand-ins for the JREs the vanilla
#       and spark plugins install: /usr/lib/jvm/java-N-openjdk-amd64/bin/java (a shell script
#       answering -version like the real one) and /usr/bin/java -> it (Debian goes through
#       /etc/alternatives; the result, one resolvable java, is the same)
#
# Index: Packages (+ Packages.gz) and Release with MD5Sum/SHA256, usable as
#   deb [trusted=yes] file:/srv/sip-repo ./
set -euo pipefail

out=${1:?usage: make-deb-repo.sh OUTDIR}
mkdir -p -- "$out"
out=$(cd -- "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sip-deb-repo.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

packages=(
  'sip-hello 1.0-1'
  'sip-hello 2.0-1'
  'sip-tool 1.0-1'
  'sip-world 1:3.1-2'
  'sip-dep 1.0-1 sip-hello'
  'sahara-demo-tools 1.0-1'
  'openjdk-17-jre-headless 99.0-1'
  'openjdk-21-jre-headless 99.0-1'
)
for i in {001..300}; do packages+=("sip-p$i 1.0-1"); done

# sip_fake_java TREE JVM N: a JRE stand-in in TREE: JVM/bin/java answers -version (on stderr,
# as the real one) and /usr/bin/java links to it.
sip_fake_java() {
  mkdir -p "$1$2/bin" "$1/usr/bin"
  printf '#!/bin/sh\n# sahara-image-pack test stand-in for a JRE\necho "openjdk version \\"%s.0.99\\" (sahara-image-pack test package)" >&2\n' "$3" >"$1$2/bin/java"
  chmod 0755 "$1$2/bin/java"
  ln -s "..${2#/usr}/bin/java" "$1/usr/bin/java"
}

# One tree per package: $work/trees/NAME_VERSION-WITHOUT-EPOCH/{DEBIAN/control,usr/share/sip/NAME}.
dirs=()
for p in "${packages[@]}"; do
  read -r name version _ <<<"$p"
  dirs+=("$work/trees/${name}_${version#*:}/DEBIAN" "$work/trees/${name}_${version#*:}/usr/share/sip")
done
mkdir -p "${dirs[@]}"
declare -A fields description
for p in "${packages[@]}"; do
  read -r name version depends <<<"$p"
  t=${name}_${version#*:}
  printf '%s\n' "$version" >"$work/trees/$t/usr/share/sip/$name"
  fields[$t]="Package: $name
Version: $version
Architecture: all
Maintainer: sahara-image-pack tests <tests@sahara-image-pack.invalid>
Installed-Size: 1
Section: misc
Priority: optional${depends:+
Depends: $depends}"
  description[$t]="Description: sahara-image-pack test package $name
 Installs /usr/share/sip/$name, which holds the version $version."
  printf '%s\n%s\n' "${fields[$t]}" "${description[$t]}" >"$work/trees/$t/DEBIAN/control"
  if [[ $name =~ ^openjdk-([0-9]+)-jre-headless$ ]]; then
    sip_fake_java "$work/trees/$t" "/usr/lib/jvm/java-${BASH_REMATCH[1]}-openjdk-amd64" "${BASH_REMATCH[1]}"
  fi
done

# Build the .debs, several at a time (each dpkg-deb is ~10 ms).
# shellcheck disable=SC2016 # the inner sh expands them
find "$work/trees" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort |
  xargs -P "$(nproc)" -n 16 sh -c '
    tr=$1; out=$2; shift 2
    for t in "$@"; do
      dpkg-deb --root-owner-group -Zgzip -z1 --build "$tr/$t" "$out/${t}_all.deb" >/dev/null || exit 255
    done' sh "$work/trees" "$out"

# Packages: each control file plus Filename/Size/MD5sum/SHA256, sorted by file name.
(
  cd "$out"
  declare -A md5 sha size
  while read -r h f; do md5[$f]=$h; done < <(md5sum -- *.deb)
  while read -r h f; do sha[$f]=$h; done < <(sha256sum -- *.deb)
  while read -r n f; do size[$f]=$n; done < <(stat -c '%s %n' -- *.deb)
  for deb in *.deb; do
    t=${deb%_all.deb}
    printf '%s\nFilename: ./%s\nSize: %s\nMD5sum: %s\nSHA256: %s\n%s\n\n' "${fields[$t]}" \
      "$deb" "${size[$deb]}" "${md5[$deb]}" "${sha[$deb]}" "${description[$t]}"
  done >Packages
  gzip -9n <Packages >Packages.gz
  {
    printf 'Origin: sahara-image-pack\nLabel: sahara-image-pack tests\nSuite: sip\nCodename: sip\n'
    printf 'Date: Thu, 01 Jan 2015 00:00:00 UTC\n'
    printf 'Description: tiny packages for the sahara-image-pack tests (offline)\n'
    printf 'MD5Sum:\n'
    for f in Packages Packages.gz; do printf ' %s %s %s\n' "$(md5sum <"$f" | cut -d' ' -f1)" "$(stat -c %s "$f")" "$f"; done
    printf 'SHA256:\n'
    for f in Packages Packages.gz; do printf ' %s %s %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$(stat -c %s "$f")" "$f"; done
  } >Release
)
chmod -R a+rX -- "$out"
