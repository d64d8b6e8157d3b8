# log.sh — human-readable progress and messages, always on stderr.
# Colour only when stderr is a terminal, NO_COLOR is unset or empty and TERM is not "dumb".
# sip-requires:

SIP_MESSAGE=''
# The colours of the progress line's status (step.sh): ok, changed, not selected, FAILED;
# all empty without colour.
# shellcheck disable=SC2034 # read by step.sh
SIP_C_OK='' SIP_C_CHANGED='' SIP_C_SKIPPED='' SIP_C_FAILED='' SIP_C_RESET=''

# sip_log_init: decide once whether to colour the output.
sip_log_init() {
  if [[ -t 2 && -z ${NO_COLOR:-} && ${TERM:-dumb} != dumb ]]; then
    # shellcheck disable=SC2034 # read by step.sh
    SIP_C_OK=$'\e[32m' SIP_C_CHANGED=$'\e[33m' SIP_C_SKIPPED=$'\e[2m' SIP_C_FAILED=$'\e[1;31m' SIP_C_RESET=$'\e[0m'
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
