# demo-service.sh — the demo plugin's `service` validator kind (plugins/demo/kinds/service.js).
# sip_service_ensure LOCATION NAME ENABLED RUNNING: ENABLED and RUNNING are 1, 0, or '' (not
# asked). With systemd running (/run/systemd/system): systemctl is-enabled/enable/disable and
# is-active/start/stop. Without it (an image, a chroot): enabled means the unit's WantedBy=/
# RequiredBy= targets hold its /etc/systemd/system/<target>.wants (.requires) symlink, made or
# removed as `systemctl enable` would offline; a SysV-only service (/etc/init.d/NAME) is
# enabled when an /etc/rc[2-5].d/S??NAME link exists, changed with update-rc.d or chkconfig;
# RUNNING is not checked there (nothing runs in an image): a line on stderr and the step's
# message say so.
# Test-only checks and writes nothing.
# sip-requires: log

# sip_service_unit NAME: SIP_VALUE = the unit file of NAME (name.service when NAME has no
# suffix) in /etc/systemd/system, /usr/lib/systemd/system or /lib/systemd/system; fails when none.
sip_service_unit() {
  local unit=$1 dir
  [[ $unit == *.* ]] || unit+=.service
  for dir in /etc/systemd/system /usr/lib/systemd/system /lib/systemd/system; do
    if [[ -f $dir/$unit && ! -L $dir/$unit ]]; then
      SIP_VALUE=$dir/$unit
      return 0
    fi
  done
  return 1
}

# sip_service_links UNIT_FILE: SIP_SERVICE_LINKS = the symlinks `systemctl enable` makes
# (/etc/systemd/system/T.wants/UNIT for each WantedBy=T, .requires for RequiredBy=).
sip_service_links() {
  local file=$1 unit=${1##*/} line key value t
  SIP_SERVICE_LINKS=()
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    [[ $line == *=* ]] || continue
    key=${line%%=*} value=${line#*=}
    key=${key//[[:space:]]/}
    case $key in
      WantedBy) for t in ${value}; do SIP_SERVICE_LINKS+=("/etc/systemd/system/$t.wants/$unit"); done ;;
      RequiredBy) for t in ${value}; do SIP_SERVICE_LINKS+=("/etc/systemd/system/$t.requires/$unit"); done ;;
      *) ;;
    esac
  done <"$file"
}

# sip_service_offline_enabled NAME: 0 enabled, 1 disabled, 2 unknown service (no unit, no
# init.d script; for the script, NAME without a .service suffix).
sip_service_offline_enabled() {
  local name=${1%.service} link f
  if sip_service_unit "$1"; then
    sip_service_links "$SIP_VALUE"
    ((${#SIP_SERVICE_LINKS[@]} > 0)) || return 1
    for link in "${SIP_SERVICE_LINKS[@]}"; do [[ -L $link ]] || return 1; done
    return 0
  fi
  [[ -f /etc/init.d/$name ]] || return 2
  for f in /etc/rc[2-5].d/S[0-9][0-9]"$name" /etc/rc.d/rc[2-5].d/S[0-9][0-9]"$name"; do
    [[ -e $f ]] && return 0
  done
  return 1
}

# sip_service_offline_set NAME 1|0: enable or disable without a running systemd.
sip_service_offline_set() {
  local name=${1%.service} on=$2 link
  if sip_service_unit "$1"; then
    local file=$SIP_VALUE
    sip_service_links "$file"
    if ((${#SIP_SERVICE_LINKS[@]} == 0)); then
      sip_fail "$file has no [Install] WantedBy= or RequiredBy=: it cannot be enabled"
      return 1
    fi
    for link in "${SIP_SERVICE_LINKS[@]}"; do
      if ((on)); then
        mkdir -p -- "${link%/*}" && ln -sfn -- "$file" "$link" || return 1
      else
        rm -f -- "$link" || return 1
      fi
    done
    return 0
  fi
  if command -v update-rc.d >/dev/null; then
    if ((on)); then update-rc.d "$name" defaults >/dev/null && update-rc.d "$name" enable >/dev/null; else update-rc.d "$name" disable >/dev/null; fi
    return
  fi
  if command -v chkconfig >/dev/null; then
    if ((on)); then chkconfig "$name" on; else chkconfig "$name" off; fi
    return
  fi
  sip_fail "$name: no systemd unit, and neither update-rc.d nor chkconfig to change its rc links"
  return 1
}

sip_service_ensure() {
  local location=$1 name=$2 enabled=$3 running=$4 rc online=0 done_what=''
  local boot=(enabled disabled) now=(running stopped) done_now=(started stopped)
  [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null && online=1
  if [[ -n $enabled ]]; then
    if ((online)); then
      systemctl is-enabled --quiet -- "$name" 2>/dev/null
      rc=$?
      ((rc == 0)) || rc=1
      if ((rc == 1)) && ! systemctl cat -- "$name" >/dev/null 2>&1; then rc=2; fi
    else
      sip_service_offline_enabled "$name"
      rc=$?
    fi
    if ((rc == 2)); then
      sip_fail "service $name: no such unit or init script"
      return 1
    fi
    # rc 0: enabled, 1: disabled; asked: enabled=1 or 0
    if ((rc == enabled)); then
      if ((SIP_TEST_ONLY)); then
        sip_fail "service $name is ${boot[rc]}, not ${boot[1 - enabled]}"
        return 1
      fi
      if ((online)); then
        if ((enabled)); then systemctl enable --quiet -- "$name"; else systemctl disable --quiet -- "$name"; fi
      else
        sip_service_offline_set "$name" "$enabled"
      fi || {
        sip_fail "$location: cannot change service $name to ${boot[1 - enabled]}"
        return 1
      }
      ((SIP_CHANGES += 1))
      done_what+=" ${boot[1 - enabled]}"
    fi
  fi
  if [[ -n $running ]]; then
    if ((!online)); then
      sip_say "service $name: systemd is not running here, so 'running' is left to boot (not checked)"
      # shellcheck disable=SC2034 # read by sip_step
      SIP_MESSAGE="service $name:${done_what:- as asked}; 'running' not checked without systemd"
      return 0
    fi
    systemctl is-active --quiet -- "$name"
    rc=$?
    ((rc == 0)) || rc=1
    if ((rc == running)); then
      if ((SIP_TEST_ONLY)); then
        sip_fail "service $name is ${now[rc]}, not ${now[1 - running]}"
        return 1
      fi
      if ((running)); then systemctl start -- "$name"; else systemctl stop -- "$name"; fi || {
        sip_fail "$location: cannot make service $name ${now[1 - running]}"
        return 1
      }
      ((SIP_CHANGES += 1))
      done_what+=" ${done_now[1 - running]}"
    fi
  fi
  # shellcheck disable=SC2034 # read by sip_step
  [[ -n $done_what ]] && SIP_MESSAGE="service $name:$done_what"
  return 0
}
