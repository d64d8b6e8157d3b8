# pkg.sh — the `package` validator: sip_package_ensure LOCATION SPEC... where SPEC is NAME
# (any version) or NAME=VERSION. The installed-package database is read once per run into a
# cache (pkg-debian.sh, pkg-rpm.sh) and read again only after an install or a script, so a
# check spawns no process per package. Test-only: fail naming the missing packages.
# Reconcile: ONE install command for all missing packages of the validator, then a re-check
# (an installer may exit 0 without installing). An unknown family exits 3.
# sip-requires: log main pkg-debian pkg-redhat pkg-suse pkg-ahead

# SIP_PKGS: the cache, filled by the family's loader: name (and name:arch or name.arch) ->
# installed version(s). SIP_PKG_LOADED: 0 = read the database again before the next check.
declare -gA SIP_PKGS=()
# shellcheck disable=SC2034 # SIP_PKG_LOADED is also reset by script.sh
declare -g SIP_PKG_LOADED=0

# sip_package_ensure LOCATION SPEC...
sip_package_ensure() {
  local location=$1 family=$SIP_FAMILY rc
  local -a missing=() before=()
  case $family in
    debian | redhat | suse) ;;
    *)
      # Fatal for the whole run (exit 3), but the step still ends normally, so that its
      # progress line and report event are written; SIP_FATAL stops every flow above it.
      SIP_MESSAGE="cannot check packages on '$SIP_DISTRO': its family is unknown (use --distro with a known id, e.g. debian, ubuntu, rocky, opensuse-leap)"
      sip_error "$location: $SIP_MESSAGE"
      # shellcheck disable=SC2034 # read by sip_all/sip_any and sip_main
      SIP_FATAL=3
      return 1
      ;;
  esac
  shift
  # The compiler only emits names matching ^[A-Za-z0-9][A-Za-z0-9._+:~-]*$ (versions: the same
  # characters, or empty); checked again here, before any tool runs, because a name that
  # started with "-" would reach the package tools as an option.
  sip_pkg_valid "$@" || {
    sip_fail "invalid package name or version in: $*"
    return 1
  }
  sip_pkg_missing "$family" "$@"
  rc=$?
  ((rc == 0)) || return 1
  if ((${#missing[@]} == 0)); then
    ((${#SIP_PKG_AHEAD[@]} == 0)) || sip_pkg_ahead_report "$@"
    return 0
  fi
  if ((SIP_TEST_ONLY)); then
    sip_fail "missing packages: ${missing[*]}"
    return 1
  fi
  before=("${missing[@]}")
  "sip_pkg_${family}_install" "${missing[@]}"
  rc=$?
  SIP_PKG_LOADED=0
  sip_pkg_missing "$family" "$@" || return 1
  if ((${#missing[@]} < ${#before[@]})); then
    ((SIP_CHANGES += 1))
  fi
  if ((${#missing[@]} > 0)); then
    sip_fail "could not install: ${missing[*]} (installer status $rc)"
    return 1
  fi
  # shellcheck disable=SC2034 # read by sip_step
  SIP_MESSAGE="installed: ${before[*]}"
  return 0
}

# sip_pkg_ahead_report SPEC...: the step's specs that sip_package_ahead installed count as
# this step's change (once).
sip_pkg_ahead_report() {
  local spec
  local -a got=()
  for spec in "$@"; do
    [[ -n ${SIP_PKG_AHEAD[$spec]+set} ]] || continue
    got+=("$spec")
    unset 'SIP_PKG_AHEAD[$spec]'
  done
  ((${#got[@]} > 0)) || return 0
  ((SIP_CHANGES += 1))
  # shellcheck disable=SC2034 # read by sip_step
  SIP_MESSAGE="installed: ${got[*]} (together with the adjacent package steps)"
  return 0
}

# sip_pkg_valid SPEC...: 0 when every SPEC is NAME or NAME=VERSION with a non-empty NAME, only
# the allowed characters, and no SPEC starts with "-" or "=". One pattern test over all of
# them (joined with the unit separator, which no SPEC can hold): no loop per package.
sip_pkg_valid() {
  local IFS=$'\x1f' all
  (($# > 0)) || return 1
  all=$'\x1f'"$*"$'\x1f'
  [[ $all != *[!A-Za-z0-9._+:~=$'\x1f'-]* && $all != *$'\x1f'[-=$'\x1f']* ]]
}

# sip_pkg_missing FAMILY SPEC...: fill the caller's `missing` with the install specs
# (name=version, name-version, name) of the SPECs that are not installed, loading the cache
# when needed. Fails when the package database cannot be read. This loop runs once per
# package of the manifest: an installed package with no version costs two tests.
sip_pkg_missing() {
  local family=$1 rc spec name version
  shift
  missing=()
  if ((!SIP_PKG_LOADED)); then
    "sip_pkg_${family}_load"
    rc=$?
    if ((rc != 0)); then
      sip_fail "cannot read the installed-package database"
      return 1
    fi
    SIP_PKG_LOADED=1
  fi
  for spec in "$@"; do
    if [[ $spec == *=* ]]; then
      name=${spec%%=*} version=${spec#*=}
    else
      # fast path, no function call: installed and any version will do
      [[ -n ${SIP_PKGS[$spec]+set} ]] && continue
      name=$spec version=''
    fi
    "sip_pkg_${family}_has" "$name" "$version"
    rc=$?
    if ((rc != 0)); then
      "sip_pkg_${family}_spec" "$name" "$version"
      missing+=("$SIP_VALUE")
    fi
  done
  return 0
}
