# distro.sh — which system is this? Sets SIP_DISTRO (raw lower-case id, e.g. rocky, ubuntu),
# SIP_DISTRO_MAJOR (major version, e.g. 9, 22; may be empty), SIP_FAMILY (redhat, debian,
# suse or unknown) and SIP_DISTRO_ALIAS (the older Sahara/libguestfs name, if any).
# Sources, first found wins: /etc/os-release, /usr/lib/os-release (ID, ID_LIKE, VERSION_ID;
# parsed, never sourced), /etc/redhat-release, /etc/lsb-release, /etc/debian_version, and
# the lsb_release command. `--distro NAME` overrides the detection.
# sip-requires:

SIP_DISTRO=''
SIP_DISTRO_MAJOR=''
SIP_FAMILY=unknown
SIP_DISTRO_ALIAS=''
SIP_OS_ID=''
SIP_OS_LIKE=''
SIP_OS_VERSION=''
SIP_VALUE=''

# sip_distro_family ID [ID_LIKE]: set SIP_FAMILY from the id (with and without trailing
# version digits), else from the ID_LIKE words.
sip_distro_family() {
  local id=$1 base=$1 word
  local -a like=()
  while [[ $base == *[0-9] ]]; do base=${base%?}; done
  IFS=' ' read -r -a like <<<"${2:-}"
  for word in "$id" "$base" "${like[@]}"; do
    case $word in
      redhat | rhel | centos | fedora | rocky | almalinux | ol | oraclelinux | scientific | \
        scientificlinux | circle | cloudlinux | amzn | eurolinux | navylinux | virtuozzo | \
        redhatenterpriseserver | redhatenterprise | redhat-based)
        SIP_FAMILY=redhat
        return 0
        ;;
      debian | ubuntu | linuxmint | kali | kalilinux | raspbian | pop | devuan | elementary | \
        zorin | neon | debian-based)
        SIP_FAMILY=debian
        return 0
        ;;
      suse | opensuse | opensuse-leap | opensuse-tumbleweed | opensuse-microos | sles | sled | \
        sles_sap | suse-based)
        SIP_FAMILY=suse
        return 0
        ;;
      *) ;;
    esac
  done
  SIP_FAMILY=unknown
  return 0
}

# sip_osrelease_value RAW: set SIP_VALUE to an os-release value without its shell quoting.
sip_osrelease_value() {
  local v=$1 out='' c
  if [[ $v == \"*\" && ${#v} -ge 2 && $v != *\\* ]]; then
    out=${v:1:${#v}-2}
  elif [[ $v == \"*\" && ${#v} -ge 2 ]]; then
    v=${v:1:${#v}-2}
    while [[ -n $v ]]; do
      c=${v:0:1}
      if [[ $c == \\ && ${#v} -ge 2 ]]; then
        c=${v:1:1}
        v=${v:2}
      else
        v=${v:1}
      fi
      out+=$c
    done
  elif [[ $v == \'*\' && ${#v} -ge 2 ]]; then
    out=${v:1:${#v}-2}
  else
    out=$v
  fi
  SIP_VALUE=$out
  return 0
}

# sip_distro_read_osrelease FILE: read ID, ID_LIKE and VERSION_ID from FILE into
# SIP_OS_ID, SIP_OS_LIKE, SIP_OS_VERSION. Fails when FILE is not readable or has no ID.
sip_distro_read_osrelease() {
  local line key
  SIP_OS_ID='' SIP_OS_LIKE='' SIP_OS_VERSION=''
  [[ -f $1 && -r $1 ]] || return 1
  while IFS= read -r line || [[ -n $line ]]; do
    key=${line%%=*}
    [[ $line == *=* ]] || continue
    # only the three keys are unquoted (a PRETTY_NAME or URL costs nothing)
    case $key in
      ID | ID_LIKE | VERSION_ID) sip_osrelease_value "${line#*=}" ;;
      *) continue ;;
    esac
    case $key in
      ID) SIP_OS_ID=${SIP_VALUE,,} ;;
      ID_LIKE) SIP_OS_LIKE=${SIP_VALUE,,} ;;
      VERSION_ID) SIP_OS_VERSION=$SIP_VALUE ;;
      *) ;;
    esac
  done <"$1"
  [[ -n $SIP_OS_ID ]] || return 1
  return 0
}

# sip_distro_release_version TEXT: set SIP_OS_VERSION to the first dotted number in TEXT.
sip_distro_release_version() {
  local re='([0-9]+(\.[0-9]+)*)'
  SIP_OS_VERSION=''
  if [[ $1 =~ $re ]]; then
    SIP_OS_VERSION=${BASH_REMATCH[1]}
  fi
  return 0
}

# sip_distro_read_fallbacks ROOT: the pre-os-release sources. Sets SIP_OS_* or fails.
sip_distro_read_fallbacks() {
  local root=$1 line='' key out
  SIP_OS_ID='' SIP_OS_LIKE='' SIP_OS_VERSION=''
  if [[ -r $root/etc/redhat-release ]]; then
    IFS= read -r line <"$root/etc/redhat-release"
    case ${line,,} in
      centos*) SIP_OS_ID=centos ;;
      red\ hat*) SIP_OS_ID=rhel ;;
      fedora*) SIP_OS_ID=fedora ;;
      rocky*) SIP_OS_ID=rocky ;;
      almalinux*) SIP_OS_ID=almalinux ;;
      oracle*) SIP_OS_ID=ol ;;
      scientific*) SIP_OS_ID=scientific ;;
      cloudlinux*) SIP_OS_ID=cloudlinux ;;
      *) SIP_OS_ID=redhat ;;
    esac
    sip_distro_release_version "$line"
    return 0
  fi
  if [[ -r $root/etc/lsb-release ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      key=${line%%=*}
      case $key in
        DISTRIB_ID | DISTRIB_RELEASE) sip_osrelease_value "${line#*=}" ;;
        *) continue ;;
      esac
      case $key in
        DISTRIB_ID) SIP_OS_ID=${SIP_VALUE,,} ;;
        DISTRIB_RELEASE) SIP_OS_VERSION=$SIP_VALUE ;;
        *) ;;
      esac
    done <"$root/etc/lsb-release"
    [[ -z $SIP_OS_ID ]] || return 0
  fi
  if [[ -r $root/etc/debian_version ]]; then
    IFS= read -r line <"$root/etc/debian_version"
    SIP_OS_ID=debian
    sip_distro_release_version "$line"
    return 0
  fi
  if [[ -z $root ]] && type -P lsb_release >/dev/null; then
    out=$(lsb_release -si 2>/dev/null)
    SIP_OS_ID=${out,,}
    SIP_OS_ID=${SIP_OS_ID// /}
    out=$(lsb_release -sr 2>/dev/null)
    SIP_OS_VERSION=$out
    [[ -z $SIP_OS_ID ]] || return 0
  fi
  return 1
}

# sip_distro_detect [ROOT [OVERRIDE]]: set SIP_DISTRO, SIP_DISTRO_MAJOR, SIP_FAMILY and
# SIP_DISTRO_ALIAS. ROOT ("" = /) is where the files are read (tests use a fake tree).
# OVERRIDE is the --distro value: it replaces the id; its trailing digits, if any, are the
# major version; its family comes from the table, else from ID_LIKE when it equals the
# detected id.
sip_distro_detect() {
  local root=${1:-} override=${2:-} rc base
  sip_distro_read_osrelease "$root/etc/os-release"
  rc=$?
  if ((rc != 0)); then
    sip_distro_read_osrelease "$root/usr/lib/os-release"
    rc=$?
  fi
  if ((rc != 0)); then
    sip_distro_read_fallbacks "$root"
    rc=$?
  fi
  if ((rc != 0)); then
    SIP_OS_ID='' SIP_OS_LIKE='' SIP_OS_VERSION=''
  fi
  SIP_DISTRO=${SIP_OS_ID:-unknown}
  SIP_DISTRO_MAJOR=${SIP_OS_VERSION%%.*}
  if [[ -n $override ]]; then
    override=${override,,}
    if [[ $override != "$SIP_OS_ID" ]]; then
      SIP_OS_LIKE=''
      base=$override
      while [[ $base == *[0-9] ]]; do base=${base%?}; done
      SIP_DISTRO_MAJOR=${override:${#base}}
    fi
    SIP_DISTRO=$override
  fi
  sip_distro_family "$SIP_DISTRO" "$SIP_OS_LIKE"
  case $SIP_DISTRO in
    ol) SIP_DISTRO_ALIAS=oraclelinux ;;
    rhel) SIP_DISTRO_ALIAS=redhatenterpriseserver ;;
    opensuse-*) SIP_DISTRO_ALIAS=opensuse ;;
    *) SIP_DISTRO_ALIAS='' ;;
  esac
  return 0
}

# sip_os_matches KEY: 0 when KEY (case-insensitive) is the distro id (rocky, centos7), the id
# without trailing version digits (centos), that with the major version (ubuntu22, centos7),
# the older Sahara name of the id (oraclelinux for ol), or the family (redhat, debian, suse).
sip_os_matches() {
  local key=${1,,} base=$SIP_DISTRO
  while [[ $base == *[0-9] ]]; do base=${base%?}; done
  [[ -n $key ]] || return 1
  [[ $key == "$SIP_DISTRO" || $key == "$base" ]] && return 0
  [[ -n $SIP_DISTRO_MAJOR && $key == "$base$SIP_DISTRO_MAJOR" ]] && return 0
  [[ -n $SIP_DISTRO_ALIAS && $key == "$SIP_DISTRO_ALIAS" ]] && return 0
  [[ $SIP_FAMILY != unknown && $key == "$SIP_FAMILY" ]] && return 0
  return 1
}
