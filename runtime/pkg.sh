# pkg.sh — the `package` validator: sip_package_ensure LOCATION SPEC... where SPEC is NAME
# (any version) or NAME=VERSION. The installed-package database is read once per run into a
# cache (pkg-debian.sh, pkg-rpm.sh) and read again only after an install or a script, so a
# check spawns no process per package. Test-only: fail naming the missing packages.
# Reconcile: ONE install command for all missing packages of the validator, then a re-check
# (an installer may exit 0 without installing). An unknown family exits 3.
# sip-requires: log main flow pkg-debian pkg-redhat pkg-suse pkg-ahead

# SIP_PKGS: the cache, filled by the family's loader: name (and name:arch or name.arch) ->
# installed version(s). SIP_PKG_LOADED: 0 = read the database again before the next check;
# 1 = the cache is current; 2 = a script ran since: read it again unless the database's files
# are older than the stamp file written just before the last read (sip_pkg_db_unchanged).
declare -gA SIP_PKGS=()
# shellcheck disable=SC2034 # SIP_PKG_LOADED is also set by script.sh
declare -g SIP_PKG_LOADED=0 SIP_PKG_STAMP='' SIP_PKG_STAMPS=0
# 1 when the last read found every package name the program uses installed (set by a
# loader that asks for those names only: pkg-debian.sh), so a step of plain names needs
# no lookup per name
declare -g SIP_PKG_ALL=0
# the files the package database of the system's family is written to (set with the stamp)
declare -ga SIP_PKG_DB_FILES=()

# sip_pkg_step ROW: run a package step from its row of SIP_PKG_STEPS, "specs|location|path"
# (specs separated by spaces, never holding a "|" or a space; the compiler escapes "|" in
# paths; the location is what lies between): sip_step with the label the compiler would give
# it ("name" or "name (version)", joined by spaces) and sip_package_ensure; or, when all is
# installed and no report is open, its "ok" line (the first step reads the cache for it).
sip_pkg_step() {
  # (cut from the right and by offsets: "${1#*|}" costs time quadratic in the length of the specs)
  local words=${1%%|*} where=${1%|*} location spec label
  local -a specs
  location=${where:${#words}+1}
  # every name of the program installed, of a current cache, no version asked for and no
  # report open: the step's "ok" line, as sip_step prints it (no 300-word lists passed down).
  # One arithmetic test when the cache is current and some name is missing.
  if ((SIP_PKG_ALL || SIP_PKG_LOADED != 1)) && [[ -z $SIP_REPORT_FD && $words != *=* && ${#SIP_PKG_AHEAD[@]} == 0 ]] &&
    { ((SIP_PKG_LOADED == 1)) || sip_pkgs_all_installed; }; then
    SIP_MESSAGE=''
    ((SIP_COUNT_OK += 1))
    # shellcheck disable=SC2059 # SIP_STEP_LINE: step.sh
    printf "$SIP_STEP_LINE" "$location" $((SIP_DEPTH * 2)) '' package " $words" "$SIP_C_OK" ok "$SIP_C_RESET" '' >&2
    return 0
  fi
  # shellcheck disable=SC2206 # specs are single words without glob characters (sip_pkg_valid)
  specs=($words)
  label=$words
  if [[ $words == *=* ]]; then
    label=''
    for spec in "${specs[@]}"; do
      if [[ $spec == *=* ]]; then label+=" ${spec%%=*} (${spec#*=})"; else label+=" $spec"; fi
    done
    label=${label# }
  fi
  sip_step package "$location" "${1:${#where}+1}" "$label" sip_package_ensure "$location" "${specs[@]}"
}

# sip_pkgs_run COUNT LINES ROWS: a run of COUNT adjacent package steps of one plain package
# each, as the compiler prints it (compiler/emit/package-runs.ts). When every package name of
# the program is installed (SIP_PKG_ALL, of a current cache) and no report is open, every step
# is "ok": LINES is the printf format of their lines ("LOCATION  %*spackage NAME  %sok%s" a
# step), printed at once. Otherwise the steps run one by one, as sip_all runs a list: ROWS
# holds their rows of SIP_PKG_STEPS after their names ("FN|NAME|LOCATION|PATH" a line).
sip_pkgs_run() {
  if [[ -z $SIP_REPORT_FD && ${#SIP_PKG_AHEAD[@]} == 0 ]] && sip_pkgs_all_installed; then
    if [[ -z $SIP_C_OK && $SIP_DEPTH == 0 ]]; then
      # (with no arguments a `%*s` is empty, as is a `%s`)
      # shellcheck disable=SC2059 # the compiler's format, locations escaped for printf
      printf "$2" >&2
    else
      # the indentation and the colours, a step's worth (4 arguments) COUNT times, doubled
      local -a fill=($((SIP_DEPTH * 2)) '' "$SIP_C_OK" "$SIP_C_RESET")
      while ((${#fill[@]} < $1 * 4)); do fill+=("${fill[@]}"); done
      # shellcheck disable=SC2059 # the compiler's format, locations escaped for printf
      printf "$2" "${fill[@]:0:$1 * 4}" >&2
    fi
    ((SIP_COUNT_OK += $1))
    return 0
  fi
  sip_pkgs_rows "$3"
}

# sip_pkgs_all_installed: 0 when every package name of the program is installed, the cache
# read as the first package step would have read it (a family with a package tool; a cache
# that cannot be read is left to the steps, which say so).
sip_pkgs_all_installed() {
  case $SIP_FAMILY in
    debian | redhat | suse) ;;
    *) return 1 ;;
  esac
  [[ $SIP_PKG_TOOL_OK == 1 ]] || sip_pkg_tool_ok "$SIP_FAMILY"
  ((SIP_PKG_TOOL_OK)) && sip_pkg_cache_current "$SIP_FAMILY" && ((SIP_PKG_ALL))
}

# sip_pkgs_rows ROWS: define the rows of SIP_PKG_STEPS and run their steps with sip_all.
sip_pkgs_rows() {
  local IFS=$'\n' row
  local -a rows fns=()
  set -f
  # shellcheck disable=SC2206 # one row a line, globbing off
  rows=($1)
  set +f
  for row in "${rows[@]}"; do
    # shellcheck disable=SC2034 # read by sip_all and sip_pkg_step
    SIP_PKG_STEPS[${row%%|*}]=${row#*|}
    fns+=("${row%%|*}")
  done
  IFS=$' \t\n' # bash's own, for the steps
  sip_all "${fns[@]}"
}

# sip_package_ensure LOCATION SPEC...
sip_package_ensure() {
  local location=$1 family=$SIP_FAMILY rc spec n=1
  # fast path, no function call: the cache is current, no adjacent step installed packages
  # for this one (SIP_PKG_AHEAD), and every SPEC is a name found in the cache (every one is
  # when the cache holds every name of the program, SIP_PKG_ALL, and no version is asked for)
  if ((SIP_PKG_LOADED == 1 && ${#SIP_PKG_AHEAD[@]} == 0)); then
    ((SIP_PKG_ALL)) && [[ ${*:2} != *=* ]] && return 0
    for spec in "${@:2}"; do
      [[ $spec != *=* && -n ${SIP_PKGS[$spec]+set} ]] || break
      ((n += 1))
    done
    ((n == $#)) && return 0
  fi
  local -a missing=() before=()
  case $family in
    debian | redhat | suse)
      [[ $SIP_PKG_TOOL_OK == 1 ]] || sip_pkg_tool_ok "$family"
      if ((!SIP_PKG_TOOL_OK)); then
        SIP_MESSAGE="cannot check packages on '$SIP_DISTRO' (family $family): $SIP_VALUE is not on this system; unsupported system (is --distro right?)"
        sip_error "$location: $SIP_MESSAGE"
        # shellcheck disable=SC2034 # read by sip_all/sip_any and sip_main
        SIP_FATAL=3
        return 1
      fi
      ;;
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

# SIP_PKG_TOOL_OK: '' = not looked for yet, 1 = the family's package tool is here, 0 = not.
declare -g SIP_PKG_TOOL_OK=''

# sip_pkg_tool_ok FAMILY: look once for the tool that reads the family's package database
# (dpkg-query; rpm); SIP_VALUE = its name. A wrong --distro (rpm on Debian) is an unsupported
# system (exit 3), not a "command not found" in the middle of the run.
sip_pkg_tool_ok() {
  local tool=rpm
  [[ $1 == debian ]] && tool=dpkg-query
  SIP_VALUE=$tool
  [[ -n $SIP_PKG_TOOL_OK ]] && return 0
  SIP_PKG_TOOL_OK=0
  if type -P "$tool" >/dev/null; then SIP_PKG_TOOL_OK=1; fi
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

# sip_pkg_db_unchanged: 0 when there is a stamp and it is strictly newer than each of
# SIP_PKG_DB_FILES that exists (`-nt` is true of a missing second file, false of a missing
# stamp; a stamp is made only when one of them exists). Equal times (coarse clocks, bash
# without sub-second times) count as changed: safe, never stale. Runs after every script.
sip_pkg_db_unchanged() {
  local f
  [[ -n $SIP_PKG_STAMP ]] || return 1
  for f in "${SIP_PKG_DB_FILES[@]}"; do
    [[ $SIP_PKG_STAMP -nt $f ]] || return 1
  done
  return 0
}

# sip_pkg_stamp FAMILY: make a new stamp (in the temp dir: there is one when the program has
# script steps) and set SIP_PKG_DB_FILES; no stamp when none of the family's database files exists.
sip_pkg_stamp() {
  local f
  SIP_PKG_STAMP=''
  SIP_PKG_DB_FILES=(/var/lib/dpkg/status /var/lib/dpkg/updates)
  [[ $1 == debian ]] || SIP_PKG_DB_FILES=(/var/lib/rpm/rpmdb.sqlite /var/lib/rpm/rpmdb.sqlite-wal /var/lib/rpm/Packages /var/lib/rpm/Packages.db)
  # a program with script steps makes the temp dir at its first script anyway: made now, the
  # first read has a stamp, and the first script is not followed by a second read (a failure
  # is the first script's to report)
  if [[ -z $SIP_TMP ]] && ((${SIP_SCRIPT_STEPS:-0} > 0)); then sip_tmp_dir 2>/dev/null; fi
  [[ -n $SIP_TMP ]] || return 0
  for f in "${SIP_PKG_DB_FILES[@]}"; do
    [[ -e $f ]] || continue
    ((SIP_PKG_STAMPS += 1))
    if : 2>/dev/null >"$SIP_TMP/pkg-stamp-$SIP_PKG_STAMPS"; then SIP_PKG_STAMP=$SIP_TMP/pkg-stamp-$SIP_PKG_STAMPS; fi
    return 0
  done
  return 0
}

# sip_pkg_cache_current FAMILY: make the cache current: read the database when it was never
# read, after an install, or after a script when the database changed. Fails (printing
# nothing) when it cannot be read.
sip_pkg_cache_current() {
  local rc
  if ((SIP_PKG_LOADED == 2)); then
    if sip_pkg_db_unchanged; then SIP_PKG_LOADED=1; else SIP_PKG_LOADED=0; fi
  fi
  ((SIP_PKG_LOADED == 1)) && return 0
  # the stamp is written before the read, so a change made during or after the read makes
  # the database newer than it; a new file each time (its birth is its mtime; truncating an
  # old one need not update it)
  sip_pkg_stamp "$1"
  SIP_PKG_ALL=0
  "sip_pkg_${1}_load"
  rc=$?
  ((rc == 0)) || return 1
  SIP_PKG_LOADED=1
  return 0
}

# sip_pkg_missing FAMILY SPEC...: fill the caller's `missing` with the install specs
# (name=version, name-version, name) of the SPECs that are not installed, loading the cache
# when needed. Fails when the package database cannot be read. This loop runs once per
# package of the manifest: an installed package with no version costs two tests.
sip_pkg_missing() {
  local family=$1 rc spec name version
  shift
  missing=()
  sip_pkg_cache_current "$family"
  rc=$?
  if ((rc != 0)); then
    sip_fail "cannot read the installed-package database"
    return 1
  fi
  # every name of the program installed, and no version asked for: nothing is missing
  ((SIP_PKG_ALL)) && [[ $* != *=* ]] && return 0
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
