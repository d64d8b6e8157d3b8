# flow.sh — `all` and `any`.
# sip_all FN...: run each FN in order; the first failure fails the whole.
# sip_any FN...: pass 1 runs the FNs in test-only mode until one passes; when none did and
# the run is in reconcile mode, pass 2 runs them in reconcile mode until one passes; else it
# fails, listing each alternative's failure. The argument map is saved before each FN and
# put back when that FN fails, so a failed alternative leaves no argument changes behind.
# Children run as plain commands, never as conditions, and each status is checked.
# sip-requires: log args

# The package step table (its rows are emitted before the runtime; declaring it again keeps
# them, and gives a program without package steps an empty one), and the package cache
# (pkg.sh), which sip_all's hot path reads: declared here too for a program without pkg.sh.
declare -gA SIP_PKG_STEPS SIP_PKGS

# sip_all FN...: in reconcile mode, SIP_ALL_LOOKAHEAD (set by pkg-ahead.sh when the program
# has package steps) is called before each package step that it did not claim yet, with the
# children from there (at most 100): it returns in SIP_VALUE how many children it took care
# of (a run of adjacent package steps is installed together before the first of them runs).
# With --keep-going in test-only mode (SIP_KEEP_GOING=1), outside the check pass of an any,
# a failure does not stop the rest: every child is checked, and the all fails when one did.
# A fatal condition (SIP_FATAL: exit 3) always stops at once.
#
# A package step is not a function but a row of SIP_PKG_STEPS (emitted by the compiler: step
# name -> "specs|location|path"); sip_all and sip_any run it through sip_pkg_step (pkg.sh).
# The hot path: a step of one plain package that the loaded package list already has is
# reported "ok" here, with the line sip_step prints, and counted, without the calls of the
# step (sip_pkg_step, the step wrapper, and the package check's own fast path). Not with a
# report (sip_step writes its event) nor after a joint install (pkg-ahead.sh: its steps
# report "changed"). A run of such lines is written with one printf, before the next child
# runs and before sip_all returns (and counted then), so the output keeps its order. What
# decides whether the hot path is open (the cache is current, no report, no joint install
# pending) changes only when a child or the lookahead runs, so it is tested again only then
# (sip_all_fast).
sip_all() {
  local fn rc i=0 ahead=0 look=0 closed='|' failed=0 step spec where format next
  local -a oks=()
  # the "ok" line sip_step prints, as a printf format for location, package pairs (the
  # padding and the colour codes hold no "%" or backslash)
  printf -v format '%%s  %*spackage %%s  %sok%s\\n' $((SIP_DEPTH * 2)) '' "$SIP_C_OK" "$SIP_C_RESET"
  if ((!SIP_TEST_ONLY)) && [[ -n ${SIP_ALL_LOOKAHEAD:-} && $SIP_ANY_PASS != check ]]; then look=1; fi
  sip_all_fast
  for fn; do
    # (the location is cut out with the cheapest expansions: "${step#*|*|}" costs more)
    step=${SIP_PKG_STEPS[$fn]-} spec=${step%%|*} where=${step%|*}
    if ((look)); then
      ((i += 1))
      # at a package step that no joint install covers and that another package step
      # follows (a run of one is never installed ahead): the children from here, at most
      # 100 (a longer run is installed 100 steps at a time; all the rest at every step
      # would cost time quadratic in the length of the list)
      if ((ahead == 0)) && [[ -n $step ]]; then
        next=${*:i+1:1}
        if [[ -n $next && -n ${SIP_PKG_STEPS[$next]+set} ]]; then
          "$SIP_ALL_LOOKAHEAD" "${@:i:100}"
          ahead=$SIP_VALUE
          sip_all_fast
        fi
      fi
      ((ahead == 0)) || ((ahead -= 1))
    fi
    # One plain package name: the cache's keys are package names (and name:arch, name.arch),
    # never holding the space or "=" of several specs or of a version, nor a "|": so one
    # lookup tells all (not a package step: the key "|"; hot path closed: a "|" appended).
    # shellcheck disable=SC2154 # pkg.sh, in every program with package steps
    if [[ -n ${SIP_PKGS[${spec:-|}$closed]+set} ]]; then
      oks+=("${where#*|}" "$spec")
    else
      if ((${#oks[@]})); then
        ((SIP_COUNT_OK += ${#oks[@]} / 2))
        # shellcheck disable=SC2059 # the format is made above, of our own text
        printf "$format" "${oks[@]}" >&2
        oks=()
      fi
      if [[ -n $step ]]; then
        sip_pkg_step "$step"
      else
        "$fn"
      fi
      rc=$?
      sip_all_fast
      if ((rc != 0)); then
        ((SIP_KEEP_GOING && SIP_TEST_ONLY && !SIP_FATAL)) && [[ -z $SIP_ANY_PASS ]] || return 1
        failed=1
      fi
    fi
  done
  if ((${#oks[@]})); then
    ((SIP_COUNT_OK += ${#oks[@]} / 2))
    # shellcheck disable=SC2059 # the format is made above, of our own text
    printf "$format" "${oks[@]}" >&2
  fi
  ((failed == 0))
}

# sip_all_fast: set the caller's `closed` to '' when sip_all's hot path is open, else to "|".
# After a script (SIP_PKG_LOADED=2) the cache counts as current again when the package
# database has not changed since it was read (pkg.sh), as the package check would decide at
# the next package step: nothing runs in between.
sip_all_fast() {
  closed='|'
  # shellcheck disable=SC2154 # pkg.sh, in every program with package steps
  [[ ${#SIP_PKG_STEPS[@]} != 0 && -z $SIP_REPORT_FD && ${#SIP_PKG_AHEAD[@]} == 0 ]] || return 0
  if [[ $SIP_PKG_LOADED == 2 ]]; then
    if sip_pkg_db_unchanged; then SIP_PKG_LOADED=1; else SIP_PKG_LOADED=0; fi
  fi
  if [[ $SIP_PKG_LOADED == 1 ]]; then closed=''; fi
  return 0
}

# sip_any_pass TEST_ONLY FN...: one pass of sip_any. Appends each failure to the caller's
# `failures` array. Returns 0 at the first FN that passes.
sip_any_pass() {
  local SIP_TEST_ONLY=$1 SIP_ANY_PASS=$SIP_ANY_PASS fn rc key i step
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
    step=${SIP_PKG_STEPS[$fn]-}
    if [[ -n $step ]]; then
      sip_pkg_step "$step"
    else
      "$fn"
    fi
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
