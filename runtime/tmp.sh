# tmp.sh — the program's private temporary directory, and the traps that always remove it
# (normal exit, failure, INT, TERM, HUP). A signal also ends the child the program is
# waiting for (see sip_run_child), writes the report summary (when report.sh is in the
# program), then the program exits with 128 + the signal number.
# sip-requires:

SIP_TMP=''
SIP_CHILD_PID=''

# sip_tmp_init: install the traps (cannot fail). The directory itself is made on first use (sip_tmp_dir),
# so a run that writes no file (package checks only) spawns no mktemp and no rm.
sip_tmp_init() {
  trap 'sip_tmp_cleanup' EXIT
  trap 'sip_on_signal INT 130' INT
  trap 'sip_on_signal TERM 143' TERM
  trap 'sip_on_signal HUP 129' HUP
  return 0
}

# sip_tmp_dir: make sure SIP_TMP exists (mode 0700, from mktemp -d). Fails when mktemp fails.
sip_tmp_dir() {
  local dir
  [[ -n $SIP_TMP ]] && return 0
  dir=$(mktemp -d "${TMPDIR:-/tmp}/sip.XXXXXXXXXX") || return 1
  SIP_TMP=$dir
  return 0
}

# sip_tmp_cleanup: remove SIP_TMP (idempotent).
sip_tmp_cleanup() {
  if [[ -n $SIP_TMP && -d $SIP_TMP ]]; then
    rm -rf -- "$SIP_TMP"
  fi
  SIP_TMP=''
  return 0
}

# sip_on_signal NAME STATUS: end the running child, clean up, exit 128+n.
sip_on_signal() {
  local killer
  if [[ -n $SIP_CHILD_PID ]]; then
    # the child's whole process group: a script's own children (or dpkg under apt-get) too;
    # a watchdog sends KILL after 5 s to a group that ignores TERM
    kill -TERM -- "-$SIP_CHILD_PID" 2>/dev/null
    set -m
    (sleep 5 && kill -KILL -- "-$SIP_CHILD_PID") </dev/null >/dev/null 2>&1 &
    killer=$!
    set +m
    wait "$SIP_CHILD_PID" 2>/dev/null
    kill -- "-$killer" 2>/dev/null
    SIP_CHILD_PID=''
  fi
  printf '%s: interrupted by SIG%s\n' "${SIP_PROGRAM:-sip}" "$1" >&2
  if declare -F sip_report_summary >/dev/null; then
    sip_report_summary "$2"
  fi
  sip_tmp_cleanup
  trap - EXIT
  exit "$2"
}

# sip_run_child CMD ARG...: run a command in the background, in a process group of its own
# (set -m, only while it starts: so SIGINT is not ignored in it and a signal can end all of
# it), and wait for it, so that a signal sent to the program is handled at once (bash defers
# traps while a foreground command runs). stdin is /dev/null. Returns the command's status.
sip_run_child() {
  local rc
  set -m
  "$@" </dev/null &
  SIP_CHILD_PID=$!
  set +m
  wait "$SIP_CHILD_PID"
  rc=$?
  SIP_CHILD_PID=''
  return "$rc"
}
