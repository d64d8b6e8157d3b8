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
  local location=$1 family=$SIP_FAMILY rc i name version
  local -a argv=("${@:2}") names=() versions=() missing=() before=()
  case $family in
    debian | redhat | suse) ;;
    *)
      sip_error "$location: cannot check packages on '$SIP_DISTRO': its family is unknown (use --distro with a known id, e.g. debian, ubuntu, rocky, opensuse-leap)"
      sip_exit 3
      ;;
  esac
  for ((i = 0; i + 1 < ${#argv[@]}; i += 2)); do
    name=${argv[i]} version=${argv[i + 1]}
    # ^[A-Za-z0-9][A-Za-z0-9._+:~-]*$ as a glob (a regex is compiled at each use)
    if [[ $name != [A-Za-z0-9]* || $name == *[!A-Za-z0-9._+:~-]* ||
      (-n $version && ($version != [A-Za-z0-9]* || $version == *[!A-Za-z0-9._+:~-]*)) ]]; then
      sip_fail "invalid package name or version: '$name' '$version'"
      return 1
    fi
    names+=("$name") versions+=("$version")
  done
  sip_pkg_missing "$family"
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
  sip_pkg_missing "$family"
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

# sip_pkg_missing FAMILY: fill the caller's `missing` with the install specs (name=version,
# name-version, name) of its `names`/`versions` that are not installed, loading the cache
# when needed. Fails when the package database cannot be read.
sip_pkg_missing() {
  local family=$1 rc i
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
  for ((i = 0; i < ${#names[@]}; i++)); do
    # fast path, no function call: installed and any version will do
    [[ -z ${versions[i]} && -n ${SIP_PKGS[${names[i]}]+set} ]] && continue
    "sip_pkg_${family}_has" "${names[i]}" "${versions[i]}"
    rc=$?
    if ((rc != 0)); then
      "sip_pkg_${family}_spec" "${names[i]}" "${versions[i]}"
      missing+=("$SIP_VALUE")
    fi
  done
  return 0
}
