# step.sh — sip_step: run one validator's function, time it, print its progress line and
# write its report event. This is the per-validator hot path: it calls no function but the
# validator's own and the two output ones, and spawns no process.
# sip-requires: log report

SIP_CHANGES=0
SIP_NOT_SELECTED=0
SIP_LAST_FAILURE=''
SIP_DEPTH=0
SIP_ANY_PASS=''
# non-zero: the run cannot go on (a package step on an unknown family: 3); flows stop at once
# and sip_main exits with it
# shellcheck disable=SC2034 # read by flow.sh and main.sh
SIP_FATAL=0

# sip_step KIND LOCATION PATH LABEL FN: run FN (a validator body) and report its result:
# failed when FN fails, "not selected" (report: skipped) when FN set SIP_NOT_SELECTED,
# changed when SIP_CHANGES grew, else ok. Returns 0 or 1.
# Durations come from EPOCHREALTIME (bash 5, microseconds); on older bash, from SECONDS.
sip_step() {
  local changes=$SIP_CHANGES start end rc status word note=''
  if [[ -n ${EPOCHREALTIME:-} ]]; then start=${EPOCHREALTIME//[!0-9]/}; else start=$((SECONDS * 1000000)); fi
  SIP_NOT_SELECTED=0
  SIP_MESSAGE=''
  ((SIP_DEPTH += 1))
  "$5"
  rc=$?
  ((SIP_DEPTH -= 1))
  if [[ -n ${EPOCHREALTIME:-} ]]; then end=${EPOCHREALTIME//[!0-9]/}; else end=$((SECONDS * 1000000)); fi
  if ((rc != 0)); then
    status=failed word=FAILED
    [[ -n $SIP_MESSAGE ]] || SIP_MESSAGE="$1 failed (status $rc)"
    # shellcheck disable=SC2034 # read by sip_any
    SIP_LAST_FAILURE="$2 $1${4:+ $4}: $SIP_MESSAGE"
    if [[ $SIP_ANY_PASS == check ]]; then
      word='not satisfied' note='any: check pass'
    fi
  elif ((SIP_NOT_SELECTED)); then
    status=skipped word='not selected'
  elif ((SIP_CHANGES != changes)); then
    status=changed word=changed
  else
    status=ok word=ok
  fi
  SIP_NOT_SELECTED=0
  sip_log_result "$2" "$SIP_DEPTH" "$1" "$4" "$word" "$note"
  sip_report_event "$3" "$1" "$2" "$status" $(((end - start) / 1000)) "$SIP_MESSAGE"
  ((rc == 0)) || return 1
  return 0
}
