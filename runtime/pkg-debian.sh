# pkg-debian.sh — packages on the debian family (dpkg + apt-get).
# Installed means: `dpkg-query` status abbreviation with "i" (installed) as its second letter
# and no error flag ("ii", or "hi" for a held package). "rc" (removed, config files left)
# and every other state count as missing; `dpkg -s` is not used (it accepts "rc").
# Version rule: a wanted version W matches the installed version E:U-R (epoch E, upstream U,
# revision R) when W is E:U-R, U-R (epoch left out), U (revision left out) or E:U.
# So "1.0-1" and "1.0" both match 1.0-1; "3.1-2", "3.1" and "1:3.1" match 1:3.1-2;
# "1.0" does not match 1.0.1-1.
# Names may carry an architecture (libc6:i386).
# sip-requires: log tmp

declare -g SIP_APT_REFRESHED=0 SIP_APT_LISTS=/var/lib/apt/lists
# The package names the program uses (emitted); empty = read every installed package.
[[ -n ${SIP_PACKAGE_NAMES+set} ]] || declare -ga SIP_PACKAGE_NAMES=()
declare -gA SIP_PKGS=() # the cache (see pkg.sh)

# sip_pkg_debian_load: read the dpkg database once (one dpkg-query process) into SIP_PKGS:
# name -> version and name:arch -> version (name -> "version|status" for the program's own
# names, none with an architecture), for installed packages only. When the program
# lists the package names it uses (SIP_PACKAGE_NAMES), only those are asked for: the same
# single process, and no loop over every package of the system. dpkg-query exits 1 when a
# name is unknown (not installed, nothing to report): only a status above 1 is an error.
# The output is read whole by a command substitution (bash reads a pipe one byte at a time
# for mapfile and read, which cost more than the query itself) and split on newlines, with
# globbing off (no field can hold a glob character, but the split must not depend on it).
sip_pkg_debian_load() {
  local out line name rc arch_keys=1 IFS=$'\n'
  # shellcheck disable=SC2016 # ${...} are dpkg-query fields
  local format='${db:Status-Abbrev}|${Package}|${Architecture}|${Version}\n'
  SIP_PKGS=()
  # name:arch keys only when some wanted name carries an architecture (or all are read)
  if ((${#SIP_PACKAGE_NAMES[@]} > 0)) && [[ " ${SIP_PACKAGE_NAMES[*]}" != *:* ]]; then
    # shellcheck disable=SC2016 # ${...} are dpkg-query fields
    arch_keys=0 format='${Package}|${Version}|${db:Status-Abbrev}\n'
  fi
  out=$(exec dpkg-query -W -f="$format" -- "${SIP_PACKAGE_NAMES[@]}" 2>/dev/null)
  rc=$?
  ((rc <= 1)) || return 1
  # the loops below split $out on newlines (IFS), with globbing off
  set -f
  if ((arch_keys)); then
    # "ii |name|arch|version": installed ("i" second) with no error flag (blank or absent
    # third). Each expansion below has a single "*" next to a "|" near the start: bash's
    # pattern matching costs about a thousand instructions a position tried.
    for line in $out; do
      [[ $line == [uihrp]i[\ \|]* ]] || continue
      line=${line#*|}
      name=${line%%|*} line=${line#*|}
      SIP_PKGS[$name:${line%%|*}]=${line#*|}
      SIP_PKGS[$name]=${line#*|}
    done
  elif [[ $out$'\n' != *\|?[!i]?$'\n'* && $out$'\n' != *\|??[!\ ]$'\n'* ]]; then
    # the program's own names: "name|version|ii ", name -> "version|status"
    # (sip_pkg_debian_has reads the version before the "|"). The status abbreviation is three
    # characters (dpkg-query(1)), the last field; when no line holds one of a package that is
    # not installed (two tests of the whole output, each a scan for "|" that bash's pattern
    # matching makes in C), each line is one assignment: one command a package, not three
    for line in $out; do
      SIP_PKGS[${line%%|*}]=${line#*|}
    done
  else
    for line in $out; do
      [[ $line == *\|[uihrp]i\  ]] || continue
      SIP_PKGS[${line%%|*}]=${line#*|}
    done
  fi
  set +f
  # the program's own names: the keys are the installed ones of the names asked for (no two
  # the same), so every name of the program is installed when there are as many
  # shellcheck disable=SC2034 # read by pkg.sh
  ((arch_keys || ${#SIP_PKGS[@]} != ${#SIP_PACKAGE_NAMES[@]})) || SIP_PKG_ALL=1
  return 0
}

# sip_pkg_debian_version_ok WANTED INSTALLED: the version rule above.
sip_pkg_debian_version_ok() {
  local want=$1 full=$2 epoch='' rest upstream
  [[ $want == "$full" ]] && return 0
  rest=$full
  if [[ $full == *:* ]]; then
    epoch=${full%%:*} rest=${full#*:}
  fi
  upstream=${rest%-*}
  [[ $want == "$rest" || $want == "$upstream" ]] && return 0
  [[ -n $epoch && $want == "$epoch:$upstream" ]] && return 0
  return 1
}

# sip_pkg_debian_has NAME VERSION: installed (and VERSION matches, when given)?
sip_pkg_debian_has() {
  [[ -n ${SIP_PKGS[$1]+set} ]] || return 1
  [[ -z $2 ]] && return 0
  # (a cache entry is "version" or "version|status")
  sip_pkg_debian_version_ok "$2" "${SIP_PKGS[$1]%|*}"
}

# sip_pkg_debian_spec NAME VERSION: SIP_VALUE = name or name=version.
sip_pkg_debian_spec() {
  # shellcheck disable=SC2034 # read by sip_pkg_missing
  SIP_VALUE=$1${2:+=$2}
  return 0
}

# sip_pkg_debian_lists_present: 0 when apt has package lists (in SIP_APT_LISTS).
sip_pkg_debian_lists_present() {
  local f
  for f in "$SIP_APT_LISTS"/*_Packages*; do
    [[ -e $f ]] && return 0
  done
  return 1
}

# sip_pkg_debian_refresh: apt-get update, at most once per run.
sip_pkg_debian_refresh() {
  local rc
  ((SIP_APT_REFRESHED)) && return 1
  SIP_APT_REFRESHED=1
  sip_say "refreshing the package lists (apt-get update)"
  sip_run_child env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update >&2
  rc=$?
  ((rc == 0)) || sip_warn "apt-get update failed (status $rc)"
  return 0
}

# sip_pkg_debian_resolve SPEC...: set SIP_SPECS to the specs with each name=version turned
# into name=<the first available version that matches it by the version rule>, so that
# "1.0" installs 1.0-1 (apt-get wants the exact version). One apt-cache call, made only
# when a version is asked for.
sip_pkg_debian_resolve() {
  local spec line name version want found i rc out
  local -a names=() avail_names=() avail_versions=() lines=()
  SIP_SPECS=("$@")
  for spec in "$@"; do
    [[ $spec == *=* ]] && names+=("${spec%%=*}")
  done
  ((${#names[@]} > 0)) || return 0
  out=$(apt-cache madison -- "${names[@]}" 2>/dev/null)
  mapfile -t lines <<<"$out"
  for line in "${lines[@]}"; do
    [[ $line == *'|'*'|'* ]] || continue
    # "  name |  version | source"
    name=${line%%|*} line=${line#*|}
    version=${line%%|*}
    avail_names+=("${name// /}") avail_versions+=("${version// /}")
  done
  SIP_SPECS=()
  for spec in "$@"; do
    if [[ $spec == *=* ]]; then
      name=${spec%%=*} want=${spec#*=} found=${spec#*=}
      for ((i = 0; i < ${#avail_names[@]}; i++)); do
        [[ ${avail_names[i]} == "$name" ]] || continue
        sip_pkg_debian_version_ok "$want" "${avail_versions[i]}"
        rc=$?
        if ((rc == 0)); then
          found=${avail_versions[i]}
          break
        fi
      done
      spec=$name=$found
    fi
    SIP_SPECS+=("$spec")
  done
  return 0
}

# sip_pkg_debian_install SPEC...: one apt-get install for all SPECs; refresh the lists first
# when there are none, and once more (then retry) when the install fails.
sip_pkg_debian_install() {
  local rc attempt refreshed
  local -a SIP_SPECS=()
  sip_pkg_debian_lists_present
  rc=$?
  if ((rc != 0)); then
    sip_pkg_debian_refresh
  fi
  for attempt in 1 2; do
    sip_pkg_debian_resolve "$@"
    sip_say "installing: ${SIP_SPECS[*]}"
    sip_run_child env DEBIAN_FRONTEND=noninteractive apt-get -y -o DPkg::Lock::Timeout=600 \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      install -- "${SIP_SPECS[@]}" >&2
    rc=$?
    ((rc == 0 || attempt == 2)) && break
    sip_pkg_debian_refresh
    refreshed=$?
    ((refreshed == 0)) || break
  done
  return "$rc"
}
