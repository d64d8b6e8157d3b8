# script.sh — the `script` validator.
# sip_script_run LOCATION LABEL OUTPUT_NAME SHEBANG BODY_FN [VAR=NAME]...
# BODY_FN writes the script's bytes on stdout; they go byte-exact to a mode 0700 file in
# SIP_TMP, which is removed afterwards. SHEBANG=1: the script runs under the interpreter its
# first line names, with at most one argument, exactly as the kernel would run it (so a
# noexec /tmp does not matter); SHEBANG=0: under /bin/bash. The environment is clean:
# PATH, HOME=/root, LANG=C.UTF-8, the proxy variables that are set, distro, test_only,
# reconcile (1 - test_only), and VAR=<value of argument NAME> for each pair whose NAME is
# set. stdin is /dev/null, cwd is /. The script's stdout goes to the program's stderr, or,
# with OUTPUT_NAME, into that argument (trailing newlines removed, only on success).
# Exit status 0 is success. Afterwards the package cache is marked stale.
# sip-requires: log tmp args

declare -g SIP_SCRIPT_SEQ=0
declare -ga SIP_SCRIPT_SECRETS=()

# sip_script_exec FILE INTERP [ARG] -- ENV...: the child: cd /, clean environment, run.
sip_script_exec() {
  local file=$1 interp=$2 arg=$3 __sip_v
  shift 3
  cd / || exit 127
  if ((${#SIP_SCRIPT_SECRETS[@]} > 0)); then
    # Secrets: not through `env -i`, whose command line ps would show. This child shell
    # empties its own environment, exports the pairs and replaces itself with the script.
    for __sip_v in $(compgen -e); do unset -v "$__sip_v" 2>/dev/null; done
    for __sip_v in "$@" "${SIP_SCRIPT_SECRETS[@]}"; do export "${__sip_v?}"; done
    if [[ -n $arg ]]; then
      exec "$interp" "$arg" "$file"
    fi
    exec "$interp" "$file"
  fi
  if [[ -n $arg ]]; then
    exec env -i "$@" "$interp" "$arg" "$file"
  fi
  exec env -i "$@" "$interp" "$file"
}

sip_script_run() {
  local location=$1 label=$2 output=$3 shebang=$4 body_fn=$5
  local file out line interp=/bin/bash arg='' rc pair var name value
  local -a env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
  shift 5
  ((SIP_SCRIPT_SEQ += 1))
  sip_tmp_dir || {
    sip_fail "$location: cannot create a temporary directory under ${TMPDIR:-/tmp}"
    return 1
  }
  file=$SIP_TMP/script-$SIP_SCRIPT_SEQ
  out=$SIP_TMP/output-$SIP_SCRIPT_SEQ
  "$body_fn" >"$file"
  rc=$?
  if ((rc != 0)); then
    sip_fail "$location: cannot write the script $label to $file"
    return 1
  fi
  chmod 0700 -- "$file"
  if [[ $shebang == 1 ]]; then
    IFS= read -r line <"$file"
    line=${line#\#!}
    line=${line#"${line%%[! $'\t']*}"}
    interp=${line%%[ $'\t']*}
    arg=${line:${#interp}}
    arg=${arg#"${arg%%[! $'\t']*}"}
    arg=${arg%"${arg##*[! $'\t']}"}
  fi
  for var in http_proxy https_proxy ftp_proxy no_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY; do
    [[ -n ${!var+set} ]] && env+=("$var=${!var}")
  done
  env+=("distro=$SIP_DISTRO" "test_only=$SIP_TEST_ONLY" "reconcile=$((SIP_TEST_ONLY ? 0 : 1))")
  SIP_SCRIPT_SECRETS=()
  for pair in "$@"; do
    var=${pair%%=*} name=${pair#*=}
    [[ -n ${SIP_ARGS[$name]+set} ]] || continue
    if sip_arg_is_secret "$name"; then
      SIP_SCRIPT_SECRETS+=("$var=${SIP_ARGS[$name]}")
    else
      env+=("$var=${SIP_ARGS[$name]}")
    fi
  done
  if [[ -n $output ]]; then
    sip_run_child sip_script_exec "$file" "$interp" "$arg" "${env[@]}" >"$out"
  else
    sip_run_child sip_script_exec "$file" "$interp" "$arg" "${env[@]}" >&2
  fi
  rc=$?
  # shellcheck disable=SC2034 # read by pkg.sh: a script may have changed the packages
  SIP_PKG_LOADED=0
  rm -f -- "$file"
  if ((rc != 0)); then
    rm -f -- "$out"
    sip_fail "script $label exited with status $rc"
    return 1
  fi
  if [[ -n $output ]]; then
    value=$(<"$out")
    rm -f -- "$out"
    sip_arg_set "$output" "$value"
  fi
  return 0
}
