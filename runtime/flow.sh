# flow.sh — `all` and `any`.
# sip_all FN...: run each FN in order; the first failure fails the whole.
# sip_any FN...: pass 1 runs the FNs in test-only mode until one passes; when none did and
# the run is in reconcile mode, pass 2 runs them in reconcile mode until one passes; else it
# fails, listing each alternative's failure. The argument map is saved before each FN and
# put back when that FN fails, so a failed alternative leaves no argument changes behind.
# Children run as plain commands, never as conditions, and each status is checked.
# sip-requires: log args

# sip_all FN...: in reconcile mode, SIP_ALL_LOOKAHEAD (set by pkg-ahead.sh when the program
# has package steps) is called with the children still to run before each of them, unless
# it claimed the next ones: it returns in SIP_VALUE how many children it took care of (a run
# of adjacent package steps is installed together before the first of them runs).
# With --keep-going in test-only mode (SIP_KEEP_GOING=1), outside the check pass of an any,
# a failure does not stop the rest: every child is checked, and the all fails when one did.
# A fatal condition (SIP_FATAL: exit 3) always stops at once.
#
# The hot path: a step of one plain package (SIP_PKG_STEPS, emitted by the compiler: step
# function -> "specs|location") whose package the loaded package list already has is reported
# "ok" here, with the line sip_step prints, and counted, without the three calls of the step
# (the step wrapper, and the package check's own fast path). Not with a report (sip_step writes its event)
# nor after a joint install (pkg-ahead.sh: its steps report "changed"). A run of such lines is
# written with one printf, before the next child runs and before sip_all returns, so the
# output keeps its order.
sip_all() {
  local fn rc ahead=0 failed=0 ok='' pad step spec
  printf -v pad '%*s' $((SIP_DEPTH * 2)) ''
  while (($#)); do
    fn=$1
    shift
    if ((!SIP_TEST_ONLY && ahead == 0)) && [[ -n ${SIP_ALL_LOOKAHEAD:-} && $SIP_ANY_PASS != check ]]; then
      "$SIP_ALL_LOOKAHEAD" "$fn" "$@"
      ahead=$SIP_VALUE
    fi
    ((ahead == 0)) || ((ahead -= 1))
    # shellcheck disable=SC2154 # pkg.sh and the package table, in a program with package steps
    if [[ $SIP_PKG_LOADED == 1 && -z $SIP_REPORT_FD && ${#SIP_PKG_AHEAD[@]} == 0 ]]; then
      step=${SIP_PKG_STEPS[$fn]-} spec=${step%%|*}
      if [[ -n $step && $spec != *[\ =]* && -n ${SIP_PKGS[$spec]+set} ]]; then
        ((SIP_COUNT_OK += 1))
        ok+="${step#*|}  ${pad}package $spec  ${SIP_C_OK}ok${SIP_C_RESET}"$'\n'
        continue
      fi
    fi
    if [[ -n $ok ]]; then
      printf '%s' "$ok" >&2
      ok=''
    fi
    "$fn"
    rc=$?
    ((rc == 0)) && continue
    ((SIP_KEEP_GOING && SIP_TEST_ONLY && !SIP_FATAL)) && [[ -z $SIP_ANY_PASS ]] || return 1
    failed=1
  done
  [[ -z $ok ]] || printf '%s' "$ok" >&2
  ((failed == 0))
}

# sip_any_pass TEST_ONLY FN...: one pass of sip_any. Appends each failure to the caller's
# `failures` array. Returns 0 at the first FN that passes.
sip_any_pass() {
  local SIP_TEST_ONLY=$1 SIP_ANY_PASS=$SIP_ANY_PASS fn rc key i
  local -a saved
  shift
  # A failed alternative in the test-only pass is "not satisfied", not a failure of the run
  # (the any itself fails, listing them, when no alternative passes).
  # In the reconcile pass, a failed alternative is also not a failure of the run by itself.
  if ((SIP_TEST_ONLY)); then
    SIP_ANY_PASS=check
  else
    SIP_ANY_PASS=reconcile
  fi
  for fn in "$@"; do
    saved=()
    for key in "${!SIP_ARGS[@]}"; do
      saved+=("$key" "${SIP_ARGS[$key]}")
    done
    SIP_LAST_FAILURE=''
    "$fn"
    rc=$?
    ((rc == 0)) && return 0
    ((SIP_FATAL)) && return 1
    SIP_ARGS=()
    for ((i = 0; i < ${#saved[@]}; i += 2)); do
      sip_arg_set "${saved[i]}" "${saved[i + 1]}"
    done
    failures+=("${SIP_LAST_FAILURE:-$fn failed}")
  done
  return 1
}

# sip_any FN...
sip_any() {
  local -a failures=()
  local rc list='' failure
  sip_any_pass 1 "$@"
  rc=$?
  ((rc == 0)) && return 0
  ((SIP_FATAL)) && return 1
  if ((!SIP_TEST_ONLY)); then
    failures=()
    sip_any_pass 0 "$@"
    rc=$?
    ((rc == 0)) && return 0
  fi
  for failure in "${failures[@]}"; do
    list+=$'\n'"  - $failure"
  done
  sip_fail "none of the $# alternatives passed:$list"
}
