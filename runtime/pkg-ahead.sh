# pkg-ahead.sh — adjacent package steps installed together (reconcile mode only).
# Installing is the slow part of a package step (each apt-get or dnf run costs seconds, far
# more inside an emulated appliance), and manifests list packages in runs of adjacent steps.
# When sip_all reaches the first of two or more adjacent `package` steps, sip_package_ahead
# installs what all of them miss in ONE command, best effort; then each step runs as usual:
# it checks its own packages, reports as changed those installed here for it, and installs
# itself whatever is still missing (so when the joint install fails, each step fails or
# succeeds exactly as it would alone). Nothing else runs between adjacent steps, so no other
# validator can tell the difference. SIP_PKG_STEPS (emitted by the compiler): step function
# -> "its package specs|its location".
# sip-requires: log
# (included through pkg.sh, whose functions it calls)

# SIP_PKG_AHEAD: spec -> 1 for the specs an ahead install put in place and no step has
# reported yet.
# shellcheck disable=SC2034 # read by sip_pkg_ahead_report (pkg.sh)
declare -gA SIP_PKG_AHEAD=()
# shellcheck disable=SC2034 # called by sip_all (flow.sh)
SIP_ALL_LOOKAHEAD=sip_package_ahead

# sip_package_ahead FN...: FN... are the children of the current list from a package step on
# (at most 100: sip_all); install ahead for the leading run of package steps among them.
# Returns the length of that run in SIP_VALUE (0 when it is shorter than two: nothing was done).
sip_package_ahead() {
  local fn run=0 step
  local -a specs=()
  for fn in "$@"; do
    [[ -n ${SIP_PKG_STEPS[$fn]+set} ]] || break
    step=${SIP_PKG_STEPS[$fn]}
    # shellcheck disable=SC2206 # specs are single words by construction (sip_pkg_valid)
    specs+=(${step%%|*})
    ((run += 1))
  done
  ((run >= 2)) && sip_package_install_ahead "$run" "${specs[@]}"
  SIP_VALUE=$run
  ((run >= 2)) || SIP_VALUE=0
  return 0
}

# sip_package_install_ahead RUN SPEC...: the joint install for RUN adjacent steps.
sip_package_install_ahead() {
  local family=$SIP_FAMILY run=$1 spec rc
  local -a wanted=() missing=()
  shift
  local -a specs=("$@")
  case $family in debian | redhat | suse) ;; *) return 0 ;; esac
  sip_pkg_valid "${specs[@]}" || return 0
  for spec in "${specs[@]}"; do
    sip_pkg_missing "$family" "$spec" || return 0
    ((${#missing[@]} == 0)) || wanted+=("$spec")
  done
  ((${#wanted[@]} >= 2)) || return 0
  sip_pkg_missing "$family" "${wanted[@]}" || return 0
  sip_say "installing the missing packages of $run adjacent package steps together: ${missing[*]}"
  "sip_pkg_${family}_install" "${missing[@]}"
  rc=$?
  # shellcheck disable=SC2034 # read by sip_pkg_missing (pkg.sh)
  SIP_PKG_LOADED=0
  ((rc == 0)) || sip_say "joint install failed (status $rc); each step installs its own"
  for spec in "${wanted[@]}"; do
    sip_pkg_missing "$family" "$spec" || return 0
    # shellcheck disable=SC2034 # read by sip_pkg_ahead_report (pkg.sh)
    ((${#missing[@]} > 0)) || SIP_PKG_AHEAD[$spec]=1
  done
  return 0
}
