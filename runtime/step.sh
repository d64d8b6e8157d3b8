# step.sh — sip_step: run one validator's function, time it, print its progress line and
# write its report event. This is the per-validator hot path: on "ok" without a report it
# calls no function but the validator's own, and it never spawns a process.
# sip-requires: log report

# A step's progress line, printed by sip_step, sip_step_end and sip_script_step: LOCATION,
# the indent (two spaces a level), KIND, " LABEL" (or nothing), colour, word, colour reset,
# note. (sip_all writes the same line for packages from a format of its own.)
SIP_STEP_LINE='%s  %*s%s%s  %s%s%s%s\n'
SIP_CHANGES=0
SIP_NOT_SELECTED=0
SIP_LAST_FAILURE=''
SIP_DEPTH=0
SIP_ANY_PASS=''
# locations of the os_case steps that selected no branch (os_case.hbs), warned about at exit
# shellcheck disable=SC2034 # read by main.sh
declare -ga SIP_OS_NONE=()
# non-zero: the run cannot go on (a package step on an unknown family: 3); flows stop at once
# and sip_main exits with it
# shellcheck disable=SC2034 # read by flow.sh and main.sh
SIP_FATAL=0

# sip_step KIND LOCATION PATH LABEL FN [ARG...]: run FN ARG... (a validator body, or
# the package check with its LOCATION and SPECs, for a package step) and report its result:
# failed when FN fails, "not selected" (report: skipped) when FN set SIP_NOT_SELECTED,
# changed when SIP_CHANGES grew, else ok. Returns 0 or 1.
# It counts the result (report.sh: validators and flows apart; a failure inside an `any`
# alternative is counted as not satisfied, since the any goes on), prints the progress
# line and, when a report is open, writes the event. On "ok" without a report no function
# is called but FN; every other result goes through sip_step_end (the cold path kept out of
# the body bash copies at each call): this runs once per validator.
# Durations come from EPOCHREALTIME (bash 5, microseconds); on older bash, from SECONDS.
sip_step() {
  local changes=$SIP_CHANGES start=0 rc flow=0
  if [[ -n $SIP_REPORT_FD ]]; then
    if [[ -n ${EPOCHREALTIME:-} ]]; then start=${EPOCHREALTIME//[!0-9]/}; else start=$((SECONDS * 1000000)); fi
  fi
  SIP_NOT_SELECTED=0
  SIP_MESSAGE=''
  ((SIP_DEPTH += 1))
  "${@:5}"
  rc=$?
  ((SIP_DEPTH -= 1))
  case $1 in
    all | any | os_case | argument_case) flow=1 ;;
    *) ;;
  esac
  # the common case first, with the fewest tests: ok, no report
  if ((rc == 0 && !SIP_NOT_SELECTED && SIP_CHANGES == changes)) && [[ -z $SIP_REPORT_FD ]]; then
    if ((flow)); then ((SIP_FLOW_OK += 1)); else ((SIP_COUNT_OK += 1)); fi
    # shellcheck disable=SC2059 # SIP_STEP_LINE: the format above
    printf "$SIP_STEP_LINE" "$2" $((SIP_DEPTH * 2)) '' "$1" "${4:+ $4}" "$SIP_C_OK" ok "$SIP_C_RESET" '' >&2
    return 0
  fi
  sip_step_end "$rc" "$flow" "$changes" "$start" "${@:1:4}"
}

# sip_step_end RC FLOW CHANGES START KIND LOCATION PATH LABEL: the rest of sip_step, for every
# result but "ok" without a report. Its own function: bash copies a function's body at every
# call, and sip_step runs once per validator.
sip_step_end() {
  local rc=$1 flow=$2 changes=$3 start=$4 end status word note='' colour=''
  shift 4
  if ((rc != 0)); then
    status=failed word=FAILED colour=$SIP_C_FAILED
    [[ -n $SIP_MESSAGE ]] || SIP_MESSAGE="$1 failed (status $rc)"
    # shellcheck disable=SC2034 # read by sip_any
    SIP_LAST_FAILURE="$2 $1${4:+ $4}: $SIP_MESSAGE"
    if [[ -n $SIP_ANY_PASS ]]; then
      ((SIP_COUNT_UNSATISFIED += 1))
      if [[ $SIP_ANY_PASS == check ]]; then
        word='not satisfied' note='  (any: check pass)'
      fi
    elif ((flow)); then
      ((SIP_FLOW_FAILED += 1))
    else
      ((SIP_COUNT_FAILED += 1))
    fi
  elif ((SIP_NOT_SELECTED)); then
    status=skipped word='not selected' colour=$SIP_C_SKIPPED
    ((SIP_COUNT_SKIPPED += 1))
  elif ((SIP_CHANGES != changes)); then
    status=changed word=changed colour=$SIP_C_CHANGED
    if ((flow)); then ((SIP_FLOW_OK += 1)); else ((SIP_COUNT_CHANGED += 1)); fi
  else
    status=ok word=ok colour=$SIP_C_OK
    if ((flow)); then ((SIP_FLOW_OK += 1)); else ((SIP_COUNT_OK += 1)); fi
  fi
  SIP_NOT_SELECTED=0
  # shellcheck disable=SC2059 # SIP_STEP_LINE: the format above
  printf "$SIP_STEP_LINE" "$2" $((SIP_DEPTH * 2)) '' "$1" "${4:+ $4}" \
    "$colour" "$word" "${colour:+$SIP_C_RESET}" "$note" >&2
  if [[ -n $SIP_REPORT_FD ]]; then
    if [[ -n ${EPOCHREALTIME:-} ]]; then end=${EPOCHREALTIME//[!0-9]/}; else end=$((SECONDS * 1000000)); fi
    sip_report_event "$3" "$1" "$2" "$status" $(((end - start) / 1000)) "$SIP_MESSAGE"
  fi
  ((rc == 0)) || return 1
  return 0
}
