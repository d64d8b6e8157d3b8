# pkg-redhat.sh — packages on the redhat family: the rpm cache (pkg-rpm.sh) to check,
# `dnf -y install` (or `yum -y install` when there is no dnf) to install, name-version specs.
# sip-requires: log tmp pkg-rpm

sip_pkg_redhat_load() {
  sip_pkg_rpm_load
}

sip_pkg_redhat_has() {
  sip_pkg_rpm_has "$1" "$2"
}

# sip_pkg_redhat_spec NAME VERSION: SIP_VALUE = name or name-version.
sip_pkg_redhat_spec() {
  # shellcheck disable=SC2034 # read by sip_pkg_missing
  SIP_VALUE=$1${2:+-$2}
  return 0
}

# sip_pkg_redhat_install SPEC...: one dnf (else yum) call for all SPECs.
sip_pkg_redhat_install() {
  local tool=yum
  if type -P dnf >/dev/null; then tool=dnf; fi
  sip_say "installing with $tool: $*"
  sip_run_child "$tool" -y install -- "$@" >&2
}
