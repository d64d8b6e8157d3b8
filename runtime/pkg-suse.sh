# pkg-suse.sh — packages on the suse family: the rpm cache (pkg-rpm.sh) to check,
# `zypper --non-interactive install` to install, name=version specs.
# sip-requires: log tmp pkg-rpm

sip_pkg_suse_load() {
  sip_pkg_rpm_load
}

sip_pkg_suse_has() {
  sip_pkg_rpm_has "$1" "$2"
}

# sip_pkg_suse_spec NAME VERSION: SIP_VALUE = name or name=version.
sip_pkg_suse_spec() {
  # shellcheck disable=SC2034 # read by sip_pkg_missing
  SIP_VALUE=$1${2:+=$2}
  return 0
}

# sip_pkg_suse_install SPEC...: one zypper call for all SPECs.
sip_pkg_suse_install() {
  sip_say "installing with zypper: $*"
  sip_run_child zypper --non-interactive install -- "$@" >&2
}
