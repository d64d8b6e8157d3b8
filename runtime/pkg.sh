# pkg.sh — the `package` validator: sip_package_ensure LOCATION NAME VERSION [NAME VERSION]...
# (VERSION "" = any version). The installed-package database is read once per run into a
# cache (pkg-debian.sh, pkg-rpm.sh) and read again only after an install or a script, so a
# check spawns no process per package. Test-only: fail naming the missing packages.
# Reconcile: ONE install command for all missing packages of the validator, then a re-check
# (an installer may exit 0 without installing). An unknown family exits 3.
# sip-requires: log main pkg-debian pkg-redhat pkg-suse

# SIP_PKGS: the cache, filled by the family's loader: name (and name:arch or name.arch) ->
# installed version(s). SIP_PKG_LOADED: 0 = read the database again before the next check.
declare -gA SIP_PKGS=()
# shellcheck disable=SC2034 # SIP_PKG_LOADED is also reset by script.sh
declare -g SIP_PKG_LOADED=0

# sip_package_ensure LOCATION NAME VERSION [NAME VERSION]...
sip_package_ensure() {
  local location=$1 family=$SIP_FAMILY rc
  local -a missing=() before=()
  case $family in
    debian | redhat | suse) ;;
    *)
      sip_error "$location: cannot check packages on '$SIP_DISTRO': its family is unknown (use --distro with a known id, e.g. debian, ubuntu, rocky, opensuse-leap)"
      sip_exit 3
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
  ((${#missing[@]} == 0)) && return 0
  if ((SIP_TEST_ONLY)); then
    sip_fail "missing packages: ${missing[*]}"
    return 1
  fi
  before=("${missing[@]}")
  "sip_pkg_${family}_install" "${missing[@]}"
  rc=$?
  SIP_PKG_LOADED=0
  sip_pkg_missing "$family" "$@"
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

# sip_pkg_valid NAME VERSION...: 0 when every name is non-empty, every word uses only the
# allowed characters, and none starts with "-".
sip_pkg_valid() {
  local word name=1
  (($# % 2 == 0)) || return 1
  for word in "$@"; do
    [[ $word == *[!A-Za-z0-9._+:~-]* || $word == -* || (name -eq 1 && -z $word) ]] && return 1
    ((name ^= 1))
  done
  return 0
}

# sip_pkg_missing FAMILY NAME VERSION...: fill the caller's `missing` with the install specs
# (name=version, name-version, name) of the NAME VERSION pairs that are not installed, loading
# the cache when needed. Fails when the package database cannot be read. One `for` over the
# words, no arithmetic: this loop runs once per package of the manifest.
sip_pkg_missing() {
  local family=$1 rc word name=''
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
  for word in "$@"; do
    if [[ -z $name ]]; then
      name=$word
      continue
    fi
    # fast path, no function call: installed and any version will do
    if [[ -n $word || -z ${SIP_PKGS[$name]+set} ]]; then
      "sip_pkg_${family}_has" "$name" "$word"
      rc=$?
      if ((rc != 0)); then
        "sip_pkg_${family}_spec" "$name" "$word"
        missing+=("$SIP_VALUE")
      fi
    fi
    name=''
  done
  return 0
}
