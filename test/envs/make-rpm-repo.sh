#!/usr/bin/env bash
# make-rpm-repo.sh OUTDIR
#
# Build a yum/dnf repository of tiny noarch test rpms into OUTDIR with `rpmbuild -bb` and
# `createrepo_c` (no network). Each package installs /usr/share/sip/<name> holding its full
# version ([EPOCH:]VERSION-RELEASE), like the Debian repository (make-deb-repo.sh):
#   sip-hello   1.0-1 and 2.0-1 (both in the repository)
#   sip-tool    1.0-1
#   sip-world   1:3.1-2         (with an epoch)
#   sip-dep     1.0-1           Requires: sip-hello
#   sip-p001 ... sip-p300 1.0-1 (one spec with 300 subpackages, for the benchmark)
#   java-17-openjdk-headless, java-21-openjdk-headless 99.0-1   stand-ins for the JREs of the
#               vanilla and spark plugins: /usr/lib/jvm/java-N-openjdk/bin/java (a shell script
#               answering -version) and /usr/bin/java -> it
#   sip-release 9.3-1           Provides system-release(releasever) = 9, owns /etc/redhat-release
#                               and /etc/system-release (quiets dnf's "Unable to detect release
#                               version"); the RHEL-like root has it installed.
set -euo pipefail

out=${1:?usage: make-rpm-repo.sh OUTDIR}
mkdir -p -- "$out"
out=$(cd -- "$out" && pwd)
top=$(mktemp -d "${TMPDIR:-/tmp}/sip-rpm-repo.XXXXXX")
trap 'rm -rf -- "$top"' EXIT
mkdir -p "$top/SPECS"

# spec NAME VERSION RELEASE [EPOCH] [REQUIRES]
spec() {
  local name=$1 version=$2 release=$3 epoch=${4-} requires=${5-} full
  full=${epoch:+$epoch:}$version-$release
  cat >"$top/SPECS/$name-$version-$release.spec" <<EOF
Name: $name
Version: $version
Release: $release
${epoch:+Epoch: $epoch}
Summary: sahara-image-pack test package $name
License: Apache-2.0
BuildArch: noarch
AutoReqProv: no
${requires:+Requires: $requires}

%description
Installs /usr/share/sip/$name, which holds the version $full.

%install
mkdir -p %{buildroot}/usr/share/sip
echo '$full' > %{buildroot}/usr/share/sip/$name

%files
/usr/share/sip/$name
EOF
}

spec sip-hello 1.0 1
spec sip-hello 2.0 1
spec sip-tool 1.0 1
spec sip-world 3.1 2 1
spec sip-dep 1.0 1 '' sip-hello

{
  cat <<'EOF'
Name: sip-pkgs
Version: 1.0
Release: 1
Summary: sahara-image-pack benchmark packages
License: Apache-2.0
BuildArch: noarch
AutoReqProv: no

%description
Source of the sip-pNNN benchmark packages (not built itself: it has no files section).

%install
mkdir -p %{buildroot}/usr/share/sip
for i in $(seq -f '%03g' 1 300); do echo 1.0-1 > %{buildroot}/usr/share/sip/sip-p$i; done
EOF
  for i in {001..300}; do
    printf '\n%%package -n sip-p%s\nSummary: sahara-image-pack test package sip-p%s\n' "$i" "$i"
    printf '%%description -n sip-p%s\nInstalls /usr/share/sip/sip-p%s, which holds the version 1.0-1.\n' "$i" "$i"
    printf '%%files -n sip-p%s\n/usr/share/sip/sip-p%s\n' "$i" "$i"
  done
} >"$top/SPECS/sip-pkgs.spec"

for n in 17 21; do
  cat >"$top/SPECS/java-$n-openjdk-headless.spec" <<EOF
Name: java-$n-openjdk-headless
Version: 99.0
Release: 1
Summary: sahara-image-pack stand-in for a JRE $n
License: Apache-2.0
BuildArch: noarch
AutoReqProv: no

%description
A shell script answering java -version, for the vanilla and spark plugin tests.

%install
mkdir -p %{buildroot}/usr/lib/jvm/java-$n-openjdk/bin %{buildroot}/usr/bin
cp "$top/java-$n" %{buildroot}/usr/lib/jvm/java-$n-openjdk/bin/java
chmod 0755 %{buildroot}/usr/lib/jvm/java-$n-openjdk/bin/java
ln -s ../lib/jvm/java-$n-openjdk/bin/java %{buildroot}/usr/bin/java

%files
/usr/lib/jvm/java-$n-openjdk
/usr/bin/java
EOF
  printf '#!/bin/sh\n# sahara-image-pack test stand-in for a JRE\necho "openjdk version \\"%s.0.99\\" (sahara-image-pack test package)" >&2\n' "$n" >"$top/java-$n"
done

cat >"$top/SPECS/sip-release.spec" <<'EOF'
Name: sip-release
Version: 9.3
Release: 1
Summary: sahara-image-pack test system release files (poses as Rocky Linux 9.3)
License: Apache-2.0
BuildArch: noarch
AutoReqProv: no
Provides: system-release
Provides: system-release(releasever) = 9
Provides: redhat-release = 9.3

%description
Release files of the sahara-image-pack RHEL-like test root.

%install
mkdir -p %{buildroot}/etc
echo 'Rocky Linux release 9.3 (Blue Onyx)' > %{buildroot}/etc/redhat-release
ln -s redhat-release %{buildroot}/etc/system-release

%files
/etc/redhat-release
/etc/system-release
EOF

for s in "$top"/SPECS/*.spec; do
  rpmbuild -bb --quiet \
    --define "_topdir $top" --define '_rpmdir %{_topdir}/RPMS' \
    --define '_build_id_links none' --define '__os_install_post %{nil}' \
    --define '_binary_payload w1.gzdio' \
    --define 'source_date_epoch_from_changelog 0' \
    "$s" >"$top/build.log" 2>&1 || { cat "$top/build.log" >&2; exit 1; }
done
find "$top/RPMS" -name '*.rpm' -exec mv -t "$out" {} +
createrepo_c --quiet --no-database "$out" >/dev/null
chmod -R a+rX -- "$out"
