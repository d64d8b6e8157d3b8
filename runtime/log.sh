# log.sh — human-readable progress and messages, always on stderr.
# Colour only when stderr is a terminal, NO_COLOR is unset or empty and TERM is not "dumb".
# sip-requires:

SIP_COLOR=0
SIP_MESSAGE=''

# sip_log_init: decide once whether to colour the output.
sip_log_init() {
  SIP_COLOR=0
  if [[ -t 2 && -z ${NO_COLOR:-} && ${TERM:-dumb} != dumb ]]; then
    SIP_COLOR=1
  fi
  return 0
}

# sip_say TEXT...: one plain line on stderr.
sip_say() {
  printf '%s\n' "$*" >&2
  return 0
}

# sip_warn TEXT...: a warning line on stderr.
sip_warn() {
  printf '%s: warning: %s\n' "${SIP_PROGRAM:-sip}" "$*" >&2
  return 0
}

# sip_error TEXT...: an error line on stderr.
sip_error() {
  printf '%s: error: %s\n' "${SIP_PROGRAM:-sip}" "$*" >&2
  return 0
}

# sip_fail MESSAGE: print MESSAGE on stderr and keep it as the running step's report message
# (SIP_MESSAGE). Returns 1, so a validator body can end with `sip_fail "why"`.
sip_fail() {
  # shellcheck disable=SC2034 # read by sip_step
  SIP_MESSAGE=$1
  printf '%s\n' "$1" >&2
  return 1
}

# sip_log_result LOCATION DEPTH KIND LABEL STATUS [NOTE]: the progress line of one validator.
# STATUS is ok, changed, not selected or FAILED; it is coloured on a terminal.
sip_log_result() {
  local status=$5 colour='' reset=''
  if ((SIP_COLOR)); then
    reset=$'\e[0m'
    case $status in
      ok) colour=$'\e[32m' ;;
      changed) colour=$'\e[33m' ;;
      'not selected') colour=$'\e[2m' ;;
      *) colour=$'\e[1;31m' ;;
    esac
  fi
  printf '%s  %*s%s%s  %s%s%s%s\n' "$1" $(($2 * 2)) '' "$3" "${4:+ $4}" \
    "$colour" "$status" "$reset" "${6:+  ($6)}" >&2
  return 0
}
