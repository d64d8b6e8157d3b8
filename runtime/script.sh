# script.sh — the `script` validator.
# sip_script_run LOCATION LABEL OUTPUT_NAME INTERP ARG BODY_FN [VAR=NAME]...
# BODY_FN writes the script's bytes on stdout; they go byte-exact to a mode 0700 file in
# SIP_TMP. The one file is reused by every script step and emptied after each (so a step
# spawns one process, the script itself: no chmod or rm each time); the directory goes at
# exit. The script runs as INTERP [ARG] FILE: the compiler gives the interpreter its first
# line names and at most one argument, exactly as the kernel would run it (so a noexec /tmp
# does not matter), or /bin/bash without a "#!" line; INTERP empty: read the "#!" line here
# (the compiler could not show it as a word: not UTF-8, or a NUL). The environment is clean:
# PATH, HOME=/root, LANG=C.UTF-8, the proxy variables that are set, distro, test_only,
# reconcile (1 - test_only), and VAR=<value of argument NAME> for each pair whose NAME is
# set. stdin is /dev/null, cwd is /. The script's stdout goes to the program's stderr, or,
# with OUTPUT_NAME, into that argument (trailing newlines removed, only on success).
# Exit status 0 is success. Afterwards the package cache is marked "stale unless the package
# database is unchanged" (SIP_PKG_LOADED=2, see pkg.sh).
# sip-requires: log tmp args

declare -g SIP_SCRIPT_SEQ=0
declare -ga SIP_SCRIPT_SECRETS=()

# The program's exported variables and functions, listed once (at the first script): the
# child unexports them all, so its environment is clean without `env -i` (one exec fewer
# per script). Listed through a file in SIP_TMP: builtins only, no command substitution.
# The environment every script gets (PATH, HOME, LANG and the proxy variables the program was
# given), made at the same time: it cannot change during a run.
declare -ga SIP_SCRIPT_EXPORTED=() SIP_SCRIPT_EXPORTED_FN=() SIP_SCRIPT_ENV=()
declare -g SIP_SCRIPT_LISTED=0

# sip_script_list_exported: fill SIP_SCRIPT_EXPORTED(_FN) and SIP_SCRIPT_ENV, once. Fails when
# the list cannot be written.
sip_script_list_exported() {
  local list=$SIP_TMP/environ var
  ((SIP_SCRIPT_LISTED)) && return 0
  SIP_SCRIPT_ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
  for var in http_proxy https_proxy ftp_proxy no_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY; do
    [[ -n ${!var+set} ]] && SIP_SCRIPT_ENV+=("$var=${!var}")
  done
  compgen -e >"$list" || return 1
  mapfile -t SIP_SCRIPT_EXPORTED <"$list"
  declare -Fx >"$list" || return 1
  mapfile -t SIP_SCRIPT_EXPORTED_FN <"$list"
  SIP_SCRIPT_EXPORTED_FN=("${SIP_SCRIPT_EXPORTED_FN[@]#declare -fx }")
  : >"$list"
  SIP_SCRIPT_LISTED=1
  return 0
}

# sip_script_exec FILE INTERP ARG ENV...: the child: cd /, clean environment (only the ENV
# pairs exported), run. Only positional parameters are used after the exports, so an ENV
# name cannot change what runs. A name that could be one of bash's own variables (not
# lower case, and not one of the names the runner sets itself: PATH, HOME, LANG, proxies)
# takes `env -i`, which passes any name as it is.
sip_script_exec() {
  local pair
  cd / || exit 127
  for pair in "${@:4}"; do
    case ${pair%%=*} in
      PATH | HOME | LANG | HTTP_PROXY | HTTPS_PROXY | FTP_PROXY | NO_PROXY | ALL_PROXY) ;;
      *[!a-z0-9_]* | [0-9]*)
        ((${#SIP_SCRIPT_SECRETS[@]} == 0)) || sip_script_exec_secret "$@"
        if [[ -n $3 ]]; then exec env -i "${@:4}" "$2" "$3" "$1"; fi
        exec env -i "${@:4}" "$2" "$1"
        ;;
      *) ;;
    esac
  done
  ((${#SIP_SCRIPT_EXPORTED[@]} == 0)) || export -n "${SIP_SCRIPT_EXPORTED[@]}" || exit 127
  ((${#SIP_SCRIPT_EXPORTED_FN[@]} == 0)) || export -nf "${SIP_SCRIPT_EXPORTED_FN[@]}" || exit 127
  unset pair
  # shellcheck disable=SC2163 # exports the NAME=VALUE pairs given
  (($# == 3)) || export "${@:4}" || exit 127
  # shellcheck disable=SC2163 # secrets: exported here, never on a command line
  ((${#SIP_SCRIPT_SECRETS[@]} == 0)) || export "${SIP_SCRIPT_SECRETS[@]}" || exit 127
  if [[ -n $3 ]]; then
    exec "$2" "$3" "$1"
  fi
  exec "$2" "$1"
}

# sip_script_exec_secret FILE INTERP ARG ENV...: the child when secrets meet a name that
# needs `env -i` (whose command line ps would show): empty the environment by unsetting
# every exported name, export the pairs and the secrets, and replace itself with the script.
sip_script_exec_secret() {
  local __sip_v
  for __sip_v in $(compgen -e); do unset -v "$__sip_v" 2>/dev/null; done
  for __sip_v in "${@:4}" "${SIP_SCRIPT_SECRETS[@]}"; do export "${__sip_v?}"; done
  if [[ -n $3 ]]; then exec "$2" "$3" "$1"; fi
  exec "$2" "$1"
}

sip_script_run() {
  local location=$1 label=$2 output=$3 interp=$4 arg=$5 body_fn=$6 file rc
  local -a env
  shift 6
  # Small on purpose, the rarer parts in the helpers below: bash copies a function's whole
  # body at every call, about 6,000 instructions a line.
  ((SIP_SCRIPT_SEQ += 1))
  # (each helper only once a run: the tests here spare the calls)
  [[ -n $SIP_TMP ]] || sip_tmp_dir || {
    sip_fail "$location: cannot create a temporary directory under ${TMPDIR:-/tmp}"
    return 1
  }
  ((SIP_SCRIPT_LISTED)) || sip_script_list_exported || {
    sip_fail "$location: cannot write to the temporary directory $SIP_TMP"
    return 1
  }
  file=$SIP_TMP/script
  "$body_fn" >"$file"
  rc=$?
  if ((rc != 0)); then
    sip_fail "$location: cannot write the script $label to $file"
    return 1
  fi
  # made once; again only when a script removed (or changed the mode of) its own file
  [[ -x $file ]] || chmod 0700 -- "$file"
  [[ -n $interp ]] || sip_script_interpreter "$file"
  env=("${SIP_SCRIPT_ENV[@]}" "distro=$SIP_DISTRO" "test_only=$SIP_TEST_ONLY" "reconcile=$((SIP_TEST_ONLY ? 0 : 1))")
  SIP_SCRIPT_SECRETS=()
  (($# == 0)) || sip_script_pairs "$@"
  if [[ -n $output ]]; then
    sip_script_run_output "$label" "$output" "$file"
    return
  fi
  sip_run_child sip_script_exec "$file" "$interp" "$arg" "${env[@]}" >&2
  rc=$?
  # shellcheck disable=SC2034 # read by pkg.sh: a script may have changed the packages
  ((SIP_PKG_LOADED == 0)) || SIP_PKG_LOADED=2
  : >"$file"
  ((rc == 0)) && return 0
  sip_fail "script $label exited with status $rc"
}

# sip_script_interpreter FILE: set the caller's `interp` and `arg` from FILE's "#!" line,
# as the kernel reads it: the interpreter, then at most one argument (the rest of the line,
# blanks around it removed); /bin/bash without one.
sip_script_interpreter() {
  local line
  interp=/bin/bash arg=''
  IFS= read -r line <"$1"
  [[ $line == '#!'* ]] || return 0
  line=${line#\#!}
  line=${line#"${line%%[! $'\t']*}"}
  interp=${line%%[ $'\t']*}
  arg=${line:${#interp}}
  arg=${arg#"${arg%%[! $'\t']*}"}
  arg=${arg%"${arg##*[! $'\t']}"}
  return 0
}

# sip_script_pairs VAR=NAME...: add to the caller's `env` VAR=<value of argument NAME> for each
# pair whose NAME is set, and to SIP_SCRIPT_SECRETS the secret ones.
sip_script_pairs() {
  local pair var name
  for pair in "$@"; do
    var=${pair%%=*} name=${pair#*=}
    [[ -n ${SIP_ARGS[$name]+set} ]] || continue
    if sip_arg_is_secret "$name"; then
      SIP_SCRIPT_SECRETS+=("$var=${SIP_ARGS[$name]}")
    else
      env+=("$var=${SIP_ARGS[$name]}")
    fi
  done
  return 0
}

# sip_script_run_output LABEL OUTPUT_NAME FILE: run the script of sip_script_run (its `interp`,
# `arg` and `env`) with its stdout stored, when it succeeds, in argument OUTPUT_NAME: read
# whole (no command substitution: no fork), NUL bytes dropped, trailing newlines removed.
sip_script_run_output() {
  local label=$1 output=$2 file=$3 out=$SIP_TMP/output rc value=''
  sip_run_child sip_script_exec "$file" "$interp" "$arg" "${env[@]}" >"$out"
  rc=$?
  # shellcheck disable=SC2034 # read by pkg.sh: a script may have changed the packages
  ((SIP_PKG_LOADED == 0)) || SIP_PKG_LOADED=2
  : >"$file"
  if ((rc != 0)); then
    : >"$out"
    sip_fail "script $label exited with status $rc"
    return 1
  fi
  IFS= read -r -d '' value <"$out"
  value=${value%"${value##*[!$'\n']}"}
  : >"$out"
  sip_arg_set "$output" "$value"
}
