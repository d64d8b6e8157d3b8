# main.sh — sip_main, the program's entry point, and sip_exit, the one way out after start.
# Order: bash version (exit 3), command line (exit 2; --help and --version exit 0),
# argument values (exit 2), root (exit 3), umask 022 and PATH, temp dir, distro, report
# file (exit 2), cd /, then the emitted sip_validators. Exit 0 when all is satisfied, else 1.
# sip-requires: log args distro tmp report step

# The distro as the header and the warnings name it, set once detected: "debian 12", "centos7"
# (--distro centos7), "ubuntu" (--distro ubuntu: no version known).
SIP_DISTRO_NAME=''

# sip_bash_ok MAJOR MINOR: 0 when bash MAJOR.MINOR is at least 4.2.
sip_bash_ok() {
  (($1 > 4 || ($1 == 4 && $2 >= 2)))
}

# sip_path_fix: package tools need the sbin directories in PATH (dpkg refuses to run without
# ldconfig and start-stop-daemon): add the missing ones at the end; an empty PATH gets the
# standard one.
sip_path_fix() {
  local dir
  if [[ -z ${PATH:-} ]]; then
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  fi
  for dir in /usr/local/sbin /usr/sbin /sbin; do
    case ":$PATH:" in
      *":$dir:"*) ;;
      *) PATH=$PATH:$dir ;;
    esac
  done
  export PATH
  return 0
}

# sip_exit STATUS: print the warnings of the run (each os_case that selected no branch),
# the summary line, write the report summary, exit with STATUS. The summary counts
# validators (package, script, copy_script, argument_set) and flows (all, any, os_case,
# argument_case) apart; see report.sh.
sip_exit() {
  local status=$1 mode=reconcile result=FAILED unsatisfied='' location
  local -A seen=()
  # the run's mode (an exit from inside an any's check pass must not report test-only)
  if ((${SIP_RUN_TEST_ONLY:-$SIP_TEST_ONLY})); then mode=test-only; fi
  case $status in
    0) result=OK ;;
    1) result=FAILED ;;
    *) result="FAILED (exit $status)" ;;
  esac
  for location in "${SIP_OS_NONE[@]}"; do
    [[ -n ${seen[$location]+set} ]] && continue
    seen[$location]=1
    sip_warn "the os_case at $location has no branch for $SIP_DISTRO_NAME (family $SIP_FAMILY): none of its steps ran"
  done
  if ((SIP_COUNT_UNSATISFIED > 0)); then
    unsatisfied=", $SIP_COUNT_UNSATISFIED not satisfied in an any (it went on to the next alternative)"
  fi
  printf '%s: %s, %s: %d ok, %d changed, %d not selected, %d failed; flows: %d ok, %d failed%s: %s\n' \
    "$SIP_PROGRAM" "$SIP_DISTRO" "$mode" "$SIP_COUNT_OK" "$SIP_COUNT_CHANGED" \
    "$SIP_COUNT_SKIPPED" "$SIP_COUNT_FAILED" "$SIP_FLOW_OK" "$SIP_FLOW_FAILED" "$unsatisfied" "$result" >&2
  sip_report_summary "$status"
  exit "$status"
}

# sip_main ARG...: see the header.
sip_main() {
  local rc mode=reconcile
  export LC_ALL=C
  sip_log_init
  sip_bash_ok "${BASH_VERSINFO[0]}" "${BASH_VERSINFO[1]}"
  rc=$?
  if ((rc != 0)); then
    sip_error "bash 4.2 or newer is needed (this is bash $BASH_VERSION)"
    exit 3
  fi
  sip_args_parse "$@"
  rc=$?
  ((rc == 0)) || exit "$rc"
  case $SIP_ACTION in
    help)
      sip_args_help
      exit 0
      ;;
    version)
      sip_version
      exit 0
      ;;
    *) ;;
  esac
  # shellcheck disable=SC2034 # read by sip_exit and sip_report_summary
  declare -g SIP_RUN_TEST_ONLY=$SIP_TEST_ONLY
  sip_args_resolve
  rc=$?
  ((rc == 0)) || exit "$rc"
  if ((EUID != 0)); then
    sip_error "must be run as root (uid 0); this is uid $EUID"
    exit 3
  fi
  umask 022
  sip_path_fix
  sip_tmp_init
  sip_distro_detect "" "$SIP_DISTRO_OVERRIDE"
  if [[ -n $SIP_REPORT_FILE ]]; then
    sip_report_open "$SIP_REPORT_FILE"
    rc=$?
    if ((rc != 0)); then
      if [[ -d $SIP_REPORT_FILE ]]; then
        sip_error "cannot write the report file: $SIP_REPORT_FILE is a directory"
      elif [[ ! -d $(dirname -- "$SIP_REPORT_FILE") ]]; then
        sip_error "cannot write the report file: $SIP_REPORT_FILE (its directory does not exist)"
      else
        sip_error "cannot write the report file: $SIP_REPORT_FILE (permission denied or read-only)"
      fi
      exit 2
    fi
  fi
  if ((SIP_TEST_ONLY)); then mode=test-only; fi
  SIP_DISTRO_NAME=$SIP_DISTRO
  [[ -z $SIP_DISTRO_MAJOR || $SIP_DISTRO == *"$SIP_DISTRO_MAJOR" ]] || SIP_DISTRO_NAME+=" $SIP_DISTRO_MAJOR"
  printf '%s: %s on %s (family %s)\n' "$SIP_PROGRAM" "$mode" "$SIP_DISTRO_NAME" "$SIP_FAMILY" >&2
  # The steps run from / (what a script gets as its working directory; script.sh starts it
  # without a cd of its own); a relative TMPDIR keeps its meaning.
  [[ -z ${TMPDIR:-} || $TMPDIR == /* ]] || TMPDIR=$PWD/$TMPDIR
  cd / || {
    sip_error "cannot change the working directory to /"
    exit 3
  }
  sip_validators
  rc=$?
  ((SIP_FATAL)) && sip_exit "$SIP_FATAL"
  ((rc == 0)) || sip_exit 1
  sip_exit 0
}
