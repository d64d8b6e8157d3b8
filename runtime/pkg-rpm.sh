# pkg-rpm.sh — the rpm database cache shared by the redhat and suse families.
# One `rpm -qa` per load. A package matches NAME (or NAME.ARCH) and, when a version V is
# given, one of: VERSION, VERSION-RELEASE, EPOCH:VERSION, EPOCH:VERSION-RELEASE (epoch 0 when
# the package has none) — what `rpm -q NAME-V` accepts. Like `rpm -q`, a NAME with no
# version that is not a package name is also tried as name-version and name-version-release.
# sip-requires: tmp

declare -gA SIP_PKGS=() # the cache (see pkg.sh)
# The package names the program uses (emitted; see pkg-debian.sh)
[[ -n ${SIP_PACKAGE_NAMES+set} ]] || declare -ga SIP_PACKAGE_NAMES=()

# sip_pkg_rpm_load: read the rpm database into SIP_PKGS: name and name.arch -> "E:V-R|..."
sip_pkg_rpm_load() {
  local out line name epoch version release arch rc
  local -a lines=()
  SIP_PKGS=()
  out=$(rpm -qa --qf '%{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}\n')
  rc=$?
  ((rc == 0)) || return 1
  mapfile -t lines <<<"$out"
  for line in "${lines[@]}"; do
    [[ $line == *'|'*'|'*'|'*'|'* ]] || continue
    name=${line%%|*} line=${line#*|}
    epoch=${line%%|*} line=${line#*|}
    version=${line%%|*} line=${line#*|}
    release=${line%%|*} arch=${line#*|}
    [[ $epoch == '(none)' ]] && epoch=0
    SIP_PKGS[$name]+="$epoch:$version-$release|"
    SIP_PKGS[$name.$arch]+="$epoch:$version-$release|"
  done
  # SIP_PKG_ALL=1 when every package name of the program (when it lists them) is a name found
  for name in "${SIP_PACKAGE_NAMES[@]}"; do
    [[ -n ${SIP_PKGS[$name]+set} ]] || return 0
  done
  # shellcheck disable=SC2034 # read by pkg.sh
  ((${#SIP_PACKAGE_NAMES[@]} == 0)) || SIP_PKG_ALL=1
  return 0
}

# sip_pkg_rpm_match NAME VERSION: NAME installed (with a matching VERSION when given)?
sip_pkg_rpm_match() {
  local want=$2 list entry epoch vr version
  [[ -n ${SIP_PKGS[$1]+set} ]] || return 1
  [[ -z $want ]] && return 0
  list=${SIP_PKGS[$1]}
  while [[ -n $list ]]; do
    entry=${list%%|*} list=${list#*|}
    epoch=${entry%%:*} vr=${entry#*:}
    version=${vr%-*}
    if [[ $want == "$version" || $want == "$vr" || $want == "$epoch:$version" || $want == "$epoch:$vr" ]]; then
      return 0
    fi
  done
  return 1
}

# sip_pkg_rpm_has NAME VERSION: the matching rule above.
sip_pkg_rpm_has() {
  local rc n v
  sip_pkg_rpm_match "$1" "$2"
  rc=$?
  ((rc == 0)) && return 0
  [[ -z $2 && $1 == *-* ]] || return 1
  n=${1%-*} v=${1##*-}
  sip_pkg_rpm_match "$n" "$v"
  rc=$?
  ((rc == 0)) && return 0
  [[ $n == *-* ]] || return 1
  sip_pkg_rpm_match "${n%-*}" "${n##*-}-$v"
}
