# step.sh — sip_step: run one validator's function, time it, print its progress line and
# write its report event.
# sip-requires: log report

SIP_CHANGES=0
SIP_NOT_SELECTED=0
SIP_LAST_FAILURE=''
SIP_DEPTH=0
SIP_ANY_PASS=''
SIP_NOW_MS=0

# sip_now_ms: set SIP_NOW_MS to a millisecond clock (EPOCHREALTIME on bash 5, else SECONDS).
sip_now_ms() {
  local us
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    us=${EPOCHREALTIME//[!0-9]/}
    SIP_NOW_MS=$((us / 1000))
  else
    SIP_NOW_MS=$((SECONDS * 1000))
  fi
  return 0
}

# sip_step KIND LOCATION PATH LABEL FN: run FN (a validator body) and report its result:
# failed when FN fails, "not selected" (report: skipped) when FN set SIP_NOT_SELECTED,
# changed when SIP_CHANGES grew, else ok. Returns 0 or 1.
sip_step() {
  local kind=$1 location=$2 path=$3 label=$4 fn=$5
  local changes=$SIP_CHANGES start rc status word note=''
  sip_now_ms
  start=$SIP_NOW_MS
  SIP_NOT_SELECTED=0
  SIP_MESSAGE=''
  ((SIP_DEPTH += 1))
  "$fn"
  rc=$?
  ((SIP_DEPTH -= 1))
  sip_now_ms
  if ((rc != 0)); then
    status=failed word=FAILED
    [[ -n $SIP_MESSAGE ]] || SIP_MESSAGE="$kind failed (status $rc)"
    # shellcheck disable=SC2034 # read by sip_any
    SIP_LAST_FAILURE="$location $kind${label:+ $label}: $SIP_MESSAGE"
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
  sip_log_result "$location" "$SIP_DEPTH" "$kind" "$label" "$word" "$note"
  sip_report_event "$path" "$kind" "$location" "$status" $((SIP_NOW_MS - start)) "$SIP_MESSAGE"
  ((rc == 0)) || return 1
  return 0
}
