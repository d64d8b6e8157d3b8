# report.sh — the JSON Lines report (--report FILE): one "validator" event per validator run
# and one final "summary" event. The file is opened once; each event is one write.
# A failure inside an `any` alternative (SIP_ANY_PASS set) is written with status "failed"
# (and mode "test-only" in the check pass), but counted as "unsatisfied", not "failed".
# sip-requires: json

SIP_REPORT_FD=''
# Counted by sip_step. Validators (package, script, copy_script, argument_set, plugin kinds)
# and flows (all, any, os_case, argument_case) apart, so one missing package is "1 failed",
# not three; "not selected" are the os_case/argument_case that chose no branch. A failure
# inside an `any` alternative (either pass) is "unsatisfied": the any went on to the next.
SIP_COUNT_OK=0
SIP_COUNT_CHANGED=0
SIP_COUNT_SKIPPED=0
SIP_COUNT_FAILED=0
SIP_COUNT_UNSATISFIED=0
SIP_FLOW_OK=0
SIP_FLOW_FAILED=0

# sip_report_open FILE: create or truncate FILE for the report. Fails when it cannot be opened.
sip_report_open() {
  local fd
  # bash's own "No such file or directory" line is dropped: the caller says it once, clearly
  { exec {fd}>"$1"; } 2>/dev/null || return 1
  SIP_REPORT_FD=$fd
  return 0
}

# sip_report_event PATH KIND LOCATION STATUS DURATION_MS MESSAGE: write one event (sip_step
# calls it only when a report is open). STATUS is ok, changed, skipped or failed.
sip_report_event() {
  local line mode=reconcile
  [[ -n $SIP_REPORT_FD ]] || return 0
  if ((SIP_TEST_ONLY)); then mode=test-only; fi
  sip_json_str "$1"
  line="{\"event\":\"validator\",\"path\":$SIP_JSON"
  sip_json_str "$2"
  line+=",\"kind\":$SIP_JSON"
  sip_json_str "$3"
  line+=",\"location\":$SIP_JSON,\"status\":\"$4\",\"duration_ms\":$(($5))"
  sip_json_str "$6"
  line+=",\"message\":$SIP_JSON,\"mode\":\"$mode\"}"
  printf '%s\n' "$line" >&"$SIP_REPORT_FD"
  return 0
}

# sip_report_summary EXIT_CODE: write the summary event (when a report is open).
sip_report_summary() {
  local line mode=reconcile
  if ((${SIP_RUN_TEST_ONLY:-$SIP_TEST_ONLY})); then mode=test-only; fi
  [[ -n $SIP_REPORT_FD ]] || return 0
  line="{\"event\":\"summary\",\"ok\":$SIP_COUNT_OK,\"changed\":$SIP_COUNT_CHANGED"
  line+=",\"skipped\":$SIP_COUNT_SKIPPED,\"failed\":$SIP_COUNT_FAILED"
  line+=",\"unsatisfied\":$SIP_COUNT_UNSATISFIED,\"flows_ok\":$SIP_FLOW_OK,\"flows_failed\":$SIP_FLOW_FAILED"
  line+=",\"exit_code\":$(($1))"
  sip_json_str "${SIP_DISTRO:-}"
  line+=",\"distro\":$SIP_JSON"
  sip_json_str "${SIP_FAMILY:-}"
  line+=",\"family\":$SIP_JSON,\"mode\":\"$mode\"}"
  printf '%s\n' "$line" >&"$SIP_REPORT_FD"
  return 0
}
