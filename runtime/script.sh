# script.sh — the `script` validator.
# sip_script_run LOCATION LABEL OUTPUT_NAME INTERP ARG BODY_FN [VAR=NAME]...
# BODY_FN writes the script's bytes on stdout; they go byte-exact to a mode 0700 file in
# SIP_TMP, one of the empty files made at the first script (sip_script_pool: one chmod for
# all, so a step spawns one process, the script itself); the directory goes at exit. The script runs as
# INTERP [ARG] FILE: the compiler gives the interpreter its first line names and at most
# one argument, exactly as the kernel would run it (so a noexec /tmp does not matter), or
# /bin/bash without a "#!" line; INTERP empty: read the "#!" line here (the compiler could
# not show it as a word: not UTF-8, or a NUL). The environment is clean: PATH, HOME=/root,
# LANG=C.UTF-8, the proxy variables that are set, distro, test_only, reconcile
# (1 - test_only), and VAR=<value of argument NAME> for each pair whose NAME is set. stdin
# is /dev/null, cwd is / (where sip_main runs the steps). The script's stdout goes to the
# program's stderr, or, with OUTPUT_NAME, into that argument (trailing newlines removed,
# only on success). The step of a script without output or pairs: sip_script_step.
# Exit status 0 is success. Afterwards the package cache is marked "stale unless the package
# database is unchanged" (SIP_PKG_LOADED=2, see pkg.sh).
# sip-requires: log tmp args step

declare -ga SIP_SCRIPT_SECRETS=()

# The program's exported variables and functions, listed once (at the first script), so that
# the script's environment is clean without `env -i` (one exec fewer per script). Listed
# through a file in SIP_TMP: builtins only, no command substitution. The environment every
# script gets (PATH, HOME, LANG, the proxy variables the program was given, distro), made at
# the same time: it cannot change during a run.
# How the clean environment is made (sip_script_child): SIP_SCRIPT_FAST=1, in the program
# itself around the fork: the exported names the script environment does not set
# (SIP_SCRIPT_UNEXPORT) are unexported, the script environment is declared as exported
# locals of the function that starts the script (the innermost exported level of a name is
# what the child gets), and the names are exported again once it has started; the child
# runs no shell code at all, it only execs. That is exact only when no function on the call
# stack has a local of an exported name (`export -n` would reach the local, not the global):
# true of upper-case names outside the runtime's own (SIP_*, IFS) and of the lower-case
# proxy variables, which no runtime function declares. Any other exported name, or an
# exported function: SIP_SCRIPT_FAST=0, the child unexports them itself (sip_script_exec).
# SIP_SCRIPT_HOT=1 (fast, and no report open): sip_script_step's hot path.
declare -ga SIP_SCRIPT_EXPORTED=() SIP_SCRIPT_EXPORTED_FN=() SIP_SCRIPT_ENV=() SIP_SCRIPT_UNEXPORT=()
declare -g SIP_SCRIPT_LISTED=0 SIP_SCRIPT_FAST=0 SIP_SCRIPT_HOT=0
# The script files (sip_script_pool): SIP_SCRIPT_STEPS (emitted: the program's script steps;
# 1 when not given) empty files made at the first script, SIP_SCRIPT_POOL of them; the one the
# running script was written to; the number used.
declare -g SIP_SCRIPT_STEPS=${SIP_SCRIPT_STEPS:-1} SIP_SCRIPT_POOL=0 SIP_SCRIPT_FILE='' SIP_SCRIPT_NEXT=0

# sip_script_list_exported: fill SIP_SCRIPT_EXPORTED(_FN), SIP_SCRIPT_ENV (with distro: the
# first script runs after detection), SIP_SCRIPT_UNEXPORT, SIP_SCRIPT_FAST and
# SIP_SCRIPT_HOT, once. Fails when the list cannot be written.
sip_script_list_exported() {
  local list=$SIP_TMP/environ var
  local -A given=()
  ((SIP_SCRIPT_LISTED)) && return 0
  SIP_SCRIPT_ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
  for var in http_proxy https_proxy ftp_proxy no_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY; do
    [[ -n ${!var+set} ]] && SIP_SCRIPT_ENV+=("$var=${!var}")
  done
  SIP_SCRIPT_ENV+=("distro=$SIP_DISTRO")
  for var in "${SIP_SCRIPT_ENV[@]}"; do given[${var%%=*}]=1; done
  compgen -e >"$list" || return 1
  mapfile -t SIP_SCRIPT_EXPORTED <"$list"
  declare -Fx >"$list" || return 1
  mapfile -t SIP_SCRIPT_EXPORTED_FN <"$list"
  SIP_SCRIPT_EXPORTED_FN=("${SIP_SCRIPT_EXPORTED_FN[@]#declare -fx }")
  : >"$list"
  SIP_SCRIPT_FAST=1
  ((${#SIP_SCRIPT_EXPORTED_FN[@]} == 0)) || SIP_SCRIPT_FAST=0
  for var in "${SIP_SCRIPT_EXPORTED[@]}"; do
    [[ -n ${given[$var]+set} ]] || SIP_SCRIPT_UNEXPORT+=("$var")
    case $var in
      SIP_* | IFS) SIP_SCRIPT_FAST=0 ;;
      http_proxy | https_proxy | ftp_proxy | no_proxy | all_proxy) ;;
      [A-Z]*) [[ $var != *[!A-Z0-9_]* ]] || SIP_SCRIPT_FAST=0 ;;
      *) SIP_SCRIPT_FAST=0 ;;
    esac
  done
  # (never the case, sip_main exports LC_ALL: the fast way does not test it)
  ((${#SIP_SCRIPT_UNEXPORT[@]} != 0)) || SIP_SCRIPT_FAST=0
  if ((SIP_SCRIPT_FAST)) && [[ -z $SIP_REPORT_FD ]]; then SIP_SCRIPT_HOT=1; fi
  sip_script_pool || return 1
  SIP_SCRIPT_LISTED=1
  return 0
}

# sip_script_pool: make SIP_SCRIPT_STEPS empty files of mode 0700 (one chmod for all): each
# script run appends its body to the next one (a few microseconds), where rewriting one file
# would truncate it first, and truncating a written file makes ext4 write it out at close
# (auto_da_alloc, ~0.2 ms). A step that runs again once they are all used (an any's second
# pass) rewrites the last one. Fails when a file cannot be made.
sip_script_pool() {
  local i n=$SIP_SCRIPT_STEPS
  local -a files=()
  ((n > 0)) || n=1
  for ((i = 1; i <= n; i++)); do
    : 2>/dev/null >"$SIP_TMP/script-$i" || return 1
    files+=("$SIP_TMP/script-$i")
  done
  # (the interpreter runs a file whatever its mode: a failure here fails no script)
  chmod 0700 -- "${files[@]}"
  SIP_SCRIPT_POOL=$n
  return 0
}

# sip_script_step LOCATION PATH LABEL INTERP ARG BODY_FN: the step of a script without output
# or env_vars whose interpreter the compiler read (compiler/kinds/script): what
# `sip_step script LOCATION PATH LABEL sip_script_run LOCATION LABEL '' INTERP ARG BODY_FN`
# does, with the same lines, counts and exit status. The hot path (SIP_SCRIPT_HOT: after the
# first script, without a report) writes the body, runs it, and prints and counts the "ok"
# line itself, or hands a failure to sip_step_end: two function calls fewer a script, and
# none of sip_step's work for report events and flows.
sip_script_step() {
  local rc
  if ((!SIP_SCRIPT_HOT)); then
    sip_step script "$1" "$2" "$3" sip_script_run "$1" "$3" '' "${@:4}"
    return
  fi
  if sip_script_write "$1" "$3" "$6"; then
    sip_script_child "$3" "$SIP_SCRIPT_FILE" "$4" "$5" >&2
    rc=$?
  else
    rc=1
  fi
  if ((rc == 0)); then
    ((SIP_COUNT_OK += 1))
    # shellcheck disable=SC2059 # SIP_STEP_LINE: step.sh
    printf "$SIP_STEP_LINE" "$1" $((SIP_DEPTH * 2)) '' script " $3" "$SIP_C_OK" ok "$SIP_C_RESET" '' >&2
    return 0
  fi
  # (the failure's message is set: sip_fail)
  sip_step_end "$rc" 0 "$SIP_CHANGES" 0 script "$1" "$2" "$3"
}

# sip_script_child LABEL FILE INTERP ARG PAIR...: run the script (INTERP [ARG] FILE) as a
# child in a process group of its own, stdin /dev/null, its stdout the caller's, with only
# the script environment in its environment: SIP_SCRIPT_ENV, test_only and reconcile, the
# step's own PAIRs (VAR=value) and the secrets (SIP_SCRIPT_SECRETS); wait for it. Then the
# package cache is marked stale unless the package database is unchanged
# (SIP_PKG_LOADED=2, pkg.sh). Fails, saying so, unless the script exited 0. The fast way
# (SIP_SCRIPT_FAST, above) when every PAIR name is lower case (or one the runner sets
# itself), else sip_script_exec in the child. A PAIR may be named like a local here (`rc`):
# the child has its environment before `rc` is set.
sip_script_child() {
  local rc
  if ((SIP_SCRIPT_FAST)) && { (($# == 4)) || sip_script_names_plain "${@:5}"; }; then
    export -n "${SIP_SCRIPT_UNEXPORT[@]}"
    # shellcheck disable=SC2163 # exports the NAME=VALUE pairs given; secrets: never on a command line
    local -x "${SIP_SCRIPT_ENV[@]}" "test_only=$SIP_TEST_ONLY" "reconcile=$((SIP_TEST_ONLY ? 0 : 1))" \
      "${@:5}" "${SIP_SCRIPT_SECRETS[@]}"
    set -m
    "$3" ${4:+"$4"} "$2" </dev/null &
    SIP_CHILD_PID=$!
    set +m
    # (no local has these names: the script environment does not set them)
    export "${SIP_SCRIPT_UNEXPORT[@]}"
    wait "$SIP_CHILD_PID"
    rc=$?
    SIP_CHILD_PID=''
  else
    sip_run_child sip_script_exec "${@:2:3}" "${SIP_SCRIPT_ENV[@]}" "test_only=$SIP_TEST_ONLY" \
      "reconcile=$((SIP_TEST_ONLY ? 0 : 1))" "${@:5}"
    rc=$?
  fi
  # shellcheck disable=SC2034 # read by pkg.sh: a script may have changed the packages
  ((SIP_PKG_LOADED == 0)) || SIP_PKG_LOADED=2
  ((rc == 0)) && return 0
  sip_fail "script $1 exited with status $rc"
}

# sip_script_names_plain PAIR...: 0 when each pair's name is lower case ([a-z0-9_], not
# starting with a digit) or one the runner sets itself.
sip_script_names_plain() {
  local pair
  for pair; do
    case ${pair%%=*} in
      PATH | HOME | LANG | HTTP_PROXY | HTTPS_PROXY | FTP_PROXY | NO_PROXY | ALL_PROXY) ;;
      *[!a-z0-9_]* | [0-9]*) return 1 ;;
      *) ;;
    esac
  done
  return 0
}

# sip_script_exec FILE INTERP ARG ENV...: the child, the slow way: clean environment (only
# the ENV pairs exported), run. Every level of each exported name and of each ENV name is
# unset (the program's globals and the locals of the functions it was called from, which
# may shadow them, hold arrays, or be exported themselves: bash's environment takes the
# innermost exported level of a name), then the pairs are declared as exported globals.
# Only positional parameters are used after that, so an ENV name cannot change what runs. A
# name that could be one of bash's own variables (not lower case, and not one of the names
# the runner sets itself: PATH, HOME, LANG, proxies) takes `env -i`, which passes any name
# as it is.
sip_script_exec() {
  local pair
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
  # (the loop's own `pair` goes too when a name is "pair": the list was expanded before)
  for pair in "${SIP_SCRIPT_EXPORTED[@]}" "${@:4}" "${SIP_SCRIPT_SECRETS[@]}"; do
    sip_script_unset_all "${pair%%=*}"
  done
  ((${#SIP_SCRIPT_EXPORTED_FN[@]} == 0)) || export -nf "${SIP_SCRIPT_EXPORTED_FN[@]}" || exit 127
  (($# == 3)) || declare -gx "${@:4}" || exit 127
  # secrets: exported here, never on a command line
  ((${#SIP_SCRIPT_SECRETS[@]} == 0)) || declare -gx "${SIP_SCRIPT_SECRETS[@]}" || exit 127
  if [[ -n $3 ]]; then
    exec "$2" "$3" "$1"
  fi
  exec "$2" "$1"
}

# sip_script_unset_all NAME: unset every level of variable NAME (in a child about to exec: the
# functions it was called from never see it again); a readonly one is only unexported.
sip_script_unset_all() {
  while declare -p -- "$1" >/dev/null 2>&1; do
    unset -v -- "$1" 2>/dev/null || {
      export -n -- "${1?}"
      return 0
    }
  done
  return 0
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
  # (each helper only once a run: the tests here spare the calls)
  [[ -n $SIP_TMP ]] || sip_tmp_dir || {
    sip_fail "$location: cannot create a temporary directory under ${TMPDIR:-/tmp}"
    return 1
  }
  ((SIP_SCRIPT_LISTED)) || sip_script_list_exported || {
    sip_fail "$location: cannot write to the temporary directory $SIP_TMP"
    return 1
  }
  sip_script_write "$location" "$label" "$body_fn" || return 1
  file=$SIP_SCRIPT_FILE
  [[ -n $interp ]] || sip_script_interpreter "$file"
  (($# == 0)) || sip_script_pairs "$@"
  if [[ -n $output ]]; then
    sip_script_run_output "$label" "$output" "$file"
  else
    sip_script_child "$label" "$file" "$interp" "$arg" "${env[@]}" >&2
  fi
  rc=$?
  # the secrets are held only while the step runs (empty between steps: sip_script_step)
  SIP_SCRIPT_SECRETS=()
  return "$rc"
}

# sip_script_write LOCATION LABEL BODY_FN: write the body to the next script file of the
# pool, or the last one again (SIP_SCRIPT_FILE), mode 0700. An empty file is appended to
# (no truncation: see sip_script_pool); one that is not (the last one again, or a file a
# script wrote to) is rewritten. Fails, saying so, when it cannot.
sip_script_write() {
  local file
  # a script removed the temp dir (a clean-up of /tmp, say): a new one, with new files
  [[ -d $SIP_TMP ]] || sip_script_tmp_again "$1" || return 1
  file=$SIP_SCRIPT_FILE
  if ((SIP_SCRIPT_NEXT < SIP_SCRIPT_POOL)); then
    ((SIP_SCRIPT_NEXT += 1))
    file=$SIP_TMP/script-$SIP_SCRIPT_NEXT
  fi
  SIP_SCRIPT_FILE=$file
  if [[ -s $file ]]; then "$3" >"$file"; else "$3" >>"$file"; fi || {
    sip_fail "$1: cannot write the script $2 to $file"
    return 1
  }
  # again only when a script removed (or changed the mode of) a file of the pool (the
  # interpreter runs the file whatever its mode)
  [[ -x $file ]] || chmod 0700 -- "$file"
  return 0
}

# sip_script_tmp_again LOCATION: the temp dir is gone: say so, make a new one and its script
# files (the package cache's stamp went with the old one: the cache is read again). Fails,
# saying so, when it cannot.
sip_script_tmp_again() {
  sip_warn "$1: the temporary directory $SIP_TMP is gone (did a script clean up ${TMPDIR:-/tmp}?): making a new one"
  SIP_TMP='' SIP_SCRIPT_NEXT=0 SIP_SCRIPT_POOL=0 SIP_SCRIPT_FILE=''
  sip_tmp_dir && sip_script_pool && return 0
  sip_fail "$1: cannot create a temporary directory under ${TMPDIR:-/tmp}"
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

# sip_script_pairs VAR=NAME...: add to the caller's `env` (the step's own pairs)
# VAR=<value of argument NAME> for each pair whose NAME is set, and to SIP_SCRIPT_SECRETS the
# secret ones.
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
  local label=$1 output=$2 file=$3 out=$SIP_TMP/output value=''
  sip_script_child "$label" "$file" "$interp" "$arg" "${env[@]}" >"$out" || {
    : >"$out"
    return 1
  }
  IFS= read -r -d '' value <"$out"
  value=${value%"${value##*[!$'\n']}"}
  : >"$out"
  sip_arg_set "$output" "$value"
}
