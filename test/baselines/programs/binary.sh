#!/bin/bash
# shellcheck disable=SC2317 # functions are called by name (sip_all, sip_any, sip_step), which shellcheck cannot follow
# image.yaml: a sahara-image-pack program.
#   manifest sha256 c16ac0dd37c3909fb162613277fc060f4ebb271f4f2f59db0ae1cb736e16f863
#   compiled by     sahara-image-pack 0.0.0-golden
#
# Run it as root. It brings this system to the state the manifest declares (reconcile), or
# only checks it with --test-only; --help lists its options and arguments. Exit status:
# 0 satisfied, 1 validation failed, 2 usage error or bad argument, 3 unsupported system.
#
# Generated file, edit the manifest instead. Layout: the manifest's data (SIP_*), the runtime
# library (the runtime/*.sh files this program uses), the script bodies (sip_body_N), one
# function per validator (sip_vI_J..., named after its position in the manifest, its step
# function then its body), sip_validators (the manifest's validators list), sip_main.

SIP_PROGRAM='image.yaml'
SIP_MANIFEST_SHA256='c16ac0dd37c3909fb162613277fc060f4ebb271f4f2f59db0ae1cb736e16f863'
SIP_COMPILER_VERSION='sahara-image-pack 0.0.0-golden'

# Declared arguments, one column per argument.
SIP_ARG_NAMES=()
# shellcheck disable=SC2034 # read for secrets (SIP_SECRET_<VAR>)
SIP_ARG_VARS=()
SIP_ARG_DESCRIPTIONS=()
SIP_ARG_DEFAULTS=()
SIP_ARG_HAS_DEFAULT=()
SIP_ARG_REQUIRED=()
SIP_ARG_HIDDEN=()
SIP_ARG_SECRET=()

# Every name the program may store a value under -> the shell variable scripts see it as
# (for reviewers: the script runner gets VAR=NAME pairs from each script step).
# shellcheck disable=SC2034 # not read at run time
declare -A SIP_NAME_VARS=(
)

# ---- runtime/distro.sh ----------------------------------------------------------
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
  if [[ $v == \"*\" && ${#v} -ge 2 ]]; then
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
    sip_osrelease_value "${line#*=}"
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
      sip_osrelease_value "${line#*=}"
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

# ---- runtime/json.sh ----------------------------------------------------------
# json.sh — JSON string escaping in pure bash (no processes).
# sip_json_str VALUE sets SIP_JSON to VALUE as a quoted JSON string. Bytes are copied as they
# are (the program runs with LC_ALL=C); ", \ and the control characters U+0000..U+001F are
# escaped as RFC 8259 requires.
# sip-requires:

SIP_JSON=''
declare -ga SIP_JSON_CTL=()

sip_json_str() {
  local s=$1 i c
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  if [[ $s == *[[:cntrl:]]* ]]; then
    s=${s//$'\n'/\\n}
    s=${s//$'\t'/\\t}
    s=${s//$'\r'/\\r}
    s=${s//$'\b'/\\b}
    s=${s//$'\f'/\\f}
  fi
  if [[ $s == *[[:cntrl:]]* ]]; then
    if ((${#SIP_JSON_CTL[@]} == 0)); then
      for ((i = 1; i < 32; i++)); do
        printf -v c '\\x%02x' "$i"
        printf -v 'SIP_JSON_CTL[i]' %b "$c"
      done
    fi
    for ((i = 1; i < 32; i++)); do
      c=${SIP_JSON_CTL[i]}
      if [[ $s == *"$c"* ]]; then
        printf -v c '\\u%04x' "$i"
        s=${s//"${SIP_JSON_CTL[i]}"/$c}
      fi
    done
  fi
  # shellcheck disable=SC2034 # read by the caller
  SIP_JSON="\"$s\""
  return 0
}

# ---- runtime/log.sh ----------------------------------------------------------
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

# ---- runtime/args.sh ----------------------------------------------------------
# args.sh — the argument map (SIP_ARGS: manifest name -> value; an unset key is an unset
# argument), the command line, --help and --version.
# Command-line values are data: they are stored by assignment and never evaluated.
# Each declared argument is accepted as --NAME VALUE and --NAME=VALUE, in the manifest
# spelling (java-distro), with underscores (java_distro) and with dashes (java-distro for
# java_distro). A value that starts with -- must use the --NAME=VALUE form.
# A secret argument (SIP_ARG_SECRET) is also read from --NAME-file FILE or from the
# environment as SIP_SECRET_<VARIABLE>; its value is never printed.
# sip-requires: log

# shellcheck disable=SC2034 # SIP_TEST_ONLY, SIP_DISTRO_OVERRIDE, SIP_REPORT_FILE, SIP_ACTION are read by main.sh and the validators
declare -g SIP_TEST_ONLY=0 SIP_DISTRO_OVERRIDE='' SIP_REPORT_FILE='' SIP_ACTION=run SIP_VALUE=''
declare -gA SIP_ARGS=() SIP_CLI=() SIP_FLAG_INDEX=() SIP_CLI_FILE=() SIP_FILE_INDEX=()
declare -ga SIP_CHOICES=()

# sip_arg_is_set NAME: 0 when argument NAME has a value.
sip_arg_is_set() {
  [[ -n ${SIP_ARGS[$1]+set} ]]
}

# sip_arg_get NAME: set SIP_VALUE to the value of NAME (no output). An unset NAME fails
# with a message naming it.
sip_arg_get() {
  if [[ -n ${SIP_ARGS[$1]+set} ]]; then
    SIP_VALUE=${SIP_ARGS[$1]}
    return 0
  fi
  SIP_VALUE=''
  sip_fail "argument '$1' is not set"
}

# sip_arg_is_secret NAME: 0 when NAME is a declared secret argument.
sip_arg_is_secret() {
  local i
  for ((i = 0; i < ${#SIP_ARG_NAMES[@]}; i++)); do
    [[ ${SIP_ARG_NAMES[i]} == "$1" ]] && [[ ${SIP_ARG_SECRET[i]:-0} == 1 ]] && return 0
  done
  return 1
}

# sip_arg_set NAME VALUE: set (or overwrite) argument NAME.
sip_arg_set() {
  SIP_ARGS[$1]=$2
  return 0
}

# sip_usage_error TEXT: the message for a bad command line; returns 2.
sip_usage_error() {
  sip_error "$1"
  printf 'Try: %s --help\n' "$0" >&2
  return 2
}

# sip_args_parse ARG...: read the command line into SIP_CLI (name -> value), SIP_TEST_ONLY,
# SIP_DISTRO_OVERRIDE, SIP_REPORT_FILE and SIP_ACTION (run, help or version).
# Returns 2 on a usage error (unknown option, missing value, unexpected argument).
sip_args_parse() {
  local arg flag value has_value i name
  SIP_FLAG_INDEX=()
  for ((i = 0; i < ${#SIP_ARG_NAMES[@]}; i++)); do
    name=${SIP_ARG_NAMES[i]}
    SIP_FLAG_INDEX[--${name//-/_}]=$i
    SIP_FLAG_INDEX[--${name//_/-}]=$i
  done
  for ((i = 0; i < ${#SIP_ARG_NAMES[@]}; i++)); do
    SIP_FLAG_INDEX[--${SIP_ARG_NAMES[i]}]=$i
    if [[ ${SIP_ARG_SECRET[i]:-0} == 1 ]]; then
      SIP_FILE_INDEX[--${SIP_ARG_NAMES[i]}-file]=$i
      SIP_FILE_INDEX[--${SIP_ARG_NAMES[i]//-/_}_file]=$i
    fi
  done
  while (($# > 0)); do
    arg=$1
    shift
    flag=${arg%%=*} value='' has_value=0
    if [[ $arg == *=* ]]; then
      value=${arg#*=} has_value=1
    fi
    case $flag in
      --help | -h | --version | --test-only | --test_only)
        if ((has_value)); then
          sip_usage_error "option $flag takes no value"
          return 2
        fi
        ;;
      *) ;;
    esac
    case $flag in
      --help | -h) SIP_ACTION=help ;;
      --version) SIP_ACTION=version ;;
      --test-only | --test_only) SIP_TEST_ONLY=1 ;;
      --distro | --report | --*)
        if [[ $flag != --distro && $flag != --report && -z ${SIP_FLAG_INDEX[$flag]+set} && -z ${SIP_FILE_INDEX[$flag]+set} ]]; then
          sip_usage_error "unknown option: $flag"
          return 2
        fi
        if ((!has_value)); then
          if (($# == 0)) || [[ $1 == --* ]]; then
            sip_usage_error "option $flag needs a value (write $flag=VALUE for a value starting with --)"
            return 2
          fi
          value=$1
          shift
        fi
        case $flag in
          --distro) SIP_DISTRO_OVERRIDE=$value ;;
          --report) SIP_REPORT_FILE=$value ;;
          *)
            if [[ -n ${SIP_FILE_INDEX[$flag]+set} ]]; then
              i=${SIP_FILE_INDEX[$flag]}
              SIP_CLI_FILE[${SIP_ARG_NAMES[i]}]=$value
            else
              i=${SIP_FLAG_INDEX[$flag]}
              SIP_CLI[${SIP_ARG_NAMES[i]}]=$value
            fi
            ;;
        esac
        ;;
      *)
        sip_usage_error "unexpected argument: $arg"
        return 2
        ;;
    esac
  done
  return 0
}

# sip_arg_choices I: set SIP_CHOICES to the choices of argument I (empty: no choices).
sip_arg_choices() {
  local ref="SIP_ARG_CHOICES_$1[@]"
  SIP_CHOICES=("${!ref}")
  return 0
}

# sip_secret_read NAME FILE: set SIP_VALUE to FILE's text (trailing newlines dropped).
sip_secret_read() {
  if [[ ! -f $2 || ! -r $2 ]]; then
    sip_usage_error "cannot read the secret for --$1 from $2"
    return 2
  fi
  SIP_VALUE=$(<"$2")
  return 0
}

# sip_secret_value I: set SIP_VALUE to secret argument I from, in order: --NAME VALUE (with a
# warning: other users see a command line in ps), --NAME-file FILE, $SIP_SECRET_<VARIABLE>
# (then unset, so that no child inherits it), or the compiled-in env:VAR / file:PATH.
# Returns 1 when none gives a value, 2 when a file cannot be read.
sip_secret_value() {
  local name=${SIP_ARG_NAMES[$1]} env=SIP_SECRET_${SIP_ARG_VARS[$1]} ref
  if [[ -n ${SIP_CLI[$name]+set} ]]; then
    sip_warn "--$name: a secret on the command line is visible to other users (ps); prefer $env in the environment or --$name-file FILE"
    SIP_VALUE=${SIP_CLI[$name]}
    return 0
  fi
  if [[ -n ${SIP_CLI_FILE[$name]+set} ]]; then
    sip_secret_read "$name" "${SIP_CLI_FILE[$name]}"
    return
  fi
  if [[ -n ${!env+set} ]]; then
    SIP_VALUE=${!env}
    unset "$env"
    return 0
  fi
  [[ ${SIP_ARG_HAS_DEFAULT[$1]} == 1 ]] || return 1
  ref=${SIP_ARG_DEFAULTS[$1]}
  case $ref in
    env:*)
      ref=${ref#env:}
      [[ -n ${!ref+set} ]] || return 1
      SIP_VALUE=${!ref}
      unset "$ref"
      ;;
    file:*) sip_secret_read "$name" "${ref#file:}" || return 2 ;;
    *) return 1 ;;
  esac
  return 0
}

# sip_args_resolve: fill SIP_ARGS from SIP_CLI, then the defaults; check required arguments
# and choices. Returns 2 (with a message listing the choices) on a bad or missing value.
sip_args_resolve() {
  local i name value choice ok list secret rc
  SIP_ARGS=()
  for ((i = 0; i < ${#SIP_ARG_NAMES[@]}; i++)); do
    name=${SIP_ARG_NAMES[i]}
    secret=${SIP_ARG_SECRET[i]:-0}
    if ((secret)); then
      sip_secret_value "$i"
      rc=$?
      ((rc == 2)) && return 2
      if ((rc == 1)); then
        if [[ ${SIP_ARG_REQUIRED[i]} == 1 || ${SIP_ARG_HAS_DEFAULT[i]} == 1 ]]; then
          sip_usage_error "missing secret --$name: give it as SIP_SECRET_${SIP_ARG_VARS[i]} in the environment, or --$name-file FILE"
          return 2
        fi
        continue
      fi
      value=$SIP_VALUE
    elif [[ -n ${SIP_CLI[$name]+set} ]]; then
      value=${SIP_CLI[$name]}
    elif [[ ${SIP_ARG_HAS_DEFAULT[i]} == 1 ]]; then
      value=${SIP_ARG_DEFAULTS[i]}
    elif [[ ${SIP_ARG_REQUIRED[i]} == 1 ]]; then
      sip_usage_error "missing required argument --$name"
      return 2
    else
      continue
    fi
    sip_arg_choices "$i"
    if ((${#SIP_CHOICES[@]} > 0)); then
      ok=0 list=''
      for choice in "${SIP_CHOICES[@]}"; do
        [[ $value == "$choice" ]] && ok=1
        list+="${list:+, }$choice"
      done
      if ((!ok)); then
        if ((secret)); then
          sip_usage_error "invalid value for --$name (a secret: not shown); choices: $list"
        else
          sip_usage_error "invalid value '$value' for --$name; choices: $list"
        fi
        return 2
      fi
    fi
    SIP_ARGS[$name]=$value
  done
  return 0
}

# sip_args_help: the --help text (stdout). Hidden arguments are accepted but not listed.
sip_args_help() {
  local i name line choice
  printf 'Usage: %s [--test-only] [--distro ID] [--report FILE] [--ARGUMENT VALUE]...\n\n' "$0"
  printf 'Brings this system to the state declared in %s (run as root),\nor only checks it with --test-only.\n\n' "$SIP_PROGRAM"
  printf 'Options:\n'
  printf '  %-24s %s\n' --test-only 'check only; change nothing (exit 1 when something is missing)' \
    '--distro ID' 'use this distro id instead of detecting it (e.g. ubuntu, rocky, centos7)' \
    '--report FILE' 'write a JSON Lines report to FILE' \
    --help 'show this help' --version 'show the compiler version and the manifest digest'
  if ((${#SIP_ARG_NAMES[@]} > 0)); then
    printf '\nArguments:\n'
  fi
  for ((i = 0; i < ${#SIP_ARG_NAMES[@]}; i++)); do
    [[ ${SIP_ARG_HIDDEN[i]} == 1 ]] && continue
    name=${SIP_ARG_NAMES[i]}
    printf '  %-24s %s\n' "--$name VALUE" "${SIP_ARG_DESCRIPTIONS[i]}"
    line=''
    if [[ ${SIP_ARG_REQUIRED[i]} == 1 ]]; then line='required'; fi
    if [[ ${SIP_ARG_SECRET[i]:-0} == 1 ]]; then
      line+="${line:+; }secret: SIP_SECRET_${SIP_ARG_VARS[i]}=... in the environment, or --$name-file FILE"
      if [[ ${SIP_ARG_HAS_DEFAULT[i]} == 1 ]]; then line+="; else from ${SIP_ARG_DEFAULTS[i]}"; fi
    elif [[ ${SIP_ARG_HAS_DEFAULT[i]} == 1 ]]; then
      line+="${line:+; }default: ${SIP_ARG_DEFAULTS[i]}"
    fi
    sip_arg_choices "$i"
    if ((${#SIP_CHOICES[@]} > 0)); then
      line+="${line:+; }choices:"
      for choice in "${SIP_CHOICES[@]}"; do line+=" $choice"; done
    fi
    [[ -z $line ]] || printf '  %-24s (%s)\n' '' "$line"
  done
  printf '\nExit status: 0 all satisfied, 1 validation failed, 2 usage error or bad argument\nvalue, 3 unsupported system (not root, bash older than 4.2, unknown distro family).\n'
  return 0
}

# sip_version: the --version text (stdout).
sip_version() {
  printf '%s\ncompiled by %s\nmanifest sha256 %s\n' "$SIP_PROGRAM" "$SIP_COMPILER_VERSION" "$SIP_MANIFEST_SHA256"
  return 0
}

# ---- runtime/flow.sh ----------------------------------------------------------
# flow.sh — `all` and `any`.
# sip_all FN...: run each FN in order; the first failure fails the whole.
# sip_any FN...: pass 1 runs the FNs in test-only mode until one passes; when none did and
# the run is in reconcile mode, pass 2 runs them in reconcile mode until one passes; else it
# fails, listing each alternative's failure. The argument map is saved before each FN and
# put back when that FN fails, so a failed alternative leaves no argument changes behind.
# Children run as plain commands, never as conditions, and each status is checked.
# sip-requires: log args

# sip_all FN...: in reconcile mode, SIP_ALL_LOOKAHEAD (set by pkg-ahead.sh when the program
# has package steps) is called with the children still to run before each of them, unless
# it claimed the next ones: it returns in SIP_VALUE how many children it took care of (a run
# of adjacent package steps is installed together before the first of them runs).
sip_all() {
  local fn rc ahead=0
  while (($#)); do
    fn=$1
    if [[ -n ${SIP_ALL_LOOKAHEAD:-} && $SIP_ANY_PASS != check ]] && ((!SIP_TEST_ONLY && ahead == 0)); then
      "$SIP_ALL_LOOKAHEAD" "$@"
      ahead=$SIP_VALUE
    fi
    ((ahead == 0)) || ((ahead -= 1))
    shift
    "$fn"
    rc=$?
    ((rc == 0)) || return 1
  done
  return 0
}

# sip_any_pass TEST_ONLY FN...: one pass of sip_any. Appends each failure to the caller's
# `failures` array. Returns 0 at the first FN that passes.
sip_any_pass() {
  local SIP_TEST_ONLY=$1 SIP_ANY_PASS=$SIP_ANY_PASS fn rc key i
  local -a saved
  shift
  # A failed alternative in the test-only pass is "not satisfied", not a failure of the run
  # (the any itself fails, listing them, when no alternative passes).
  if ((SIP_TEST_ONLY)); then
    SIP_ANY_PASS=check
  fi
  for fn in "$@"; do
    saved=()
    for key in "${!SIP_ARGS[@]}"; do
      saved+=("$key" "${SIP_ARGS[$key]}")
    done
    SIP_LAST_FAILURE=''
    "$fn"
    rc=$?
    ((rc == 0)) && return 0
    ((SIP_FATAL)) && return 1
    SIP_ARGS=()
    for ((i = 0; i < ${#saved[@]}; i += 2)); do
      sip_arg_set "${saved[i]}" "${saved[i + 1]}"
    done
    failures+=("${SIP_LAST_FAILURE:-$fn failed}")
  done
  return 1
}

# sip_any FN...
sip_any() {
  local -a failures=()
  local rc list='' failure
  sip_any_pass 1 "$@"
  rc=$?
  ((rc == 0)) && return 0
  ((SIP_FATAL)) && return 1
  if ((!SIP_TEST_ONLY)); then
    failures=()
    sip_any_pass 0 "$@"
    rc=$?
    ((rc == 0)) && return 0
  fi
  for failure in "${failures[@]}"; do
    list+=$'\n'"  - $failure"
  done
  sip_fail "none of the $# alternatives passed:$list"
}

# ---- runtime/report.sh ----------------------------------------------------------
# report.sh — the JSON Lines report (--report FILE): one "validator" event per validator run
# and one final "summary" event. The file is opened once; each event is one write.
# A failure inside the test-only pass of an `any` (SIP_ANY_PASS=check) is written
# with status "failed" and mode "test-only", but counted as "unsatisfied", not "failed".
# sip-requires: json

SIP_REPORT_FD=''
SIP_COUNT_OK=0
SIP_COUNT_CHANGED=0
SIP_COUNT_SKIPPED=0
SIP_COUNT_FAILED=0
SIP_COUNT_UNSATISFIED=0

# sip_report_open FILE: create or truncate FILE for the report. Fails when it cannot be opened.
sip_report_open() {
  local fd
  # bash's own "No such file or directory" line is dropped: the caller says it once, clearly
  { exec {fd}>"$1"; } 2>/dev/null || return 1
  SIP_REPORT_FD=$fd
  return 0
}

# sip_report_event PATH KIND LOCATION STATUS DURATION_MS MESSAGE: count the result and write
# one event (when a report is open). STATUS is ok, changed, skipped or failed.
sip_report_event() {
  local line mode=reconcile
  case $4 in
    ok) ((SIP_COUNT_OK += 1)) ;;
    changed) ((SIP_COUNT_CHANGED += 1)) ;;
    skipped) ((SIP_COUNT_SKIPPED += 1)) ;;
    *)
      if [[ ${SIP_ANY_PASS:-} == check ]]; then
        ((SIP_COUNT_UNSATISFIED += 1))
      else
        ((SIP_COUNT_FAILED += 1))
      fi
      ;;
  esac
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
  line+=",\"unsatisfied\":$SIP_COUNT_UNSATISFIED,\"exit_code\":$(($1))"
  sip_json_str "${SIP_DISTRO:-}"
  line+=",\"distro\":$SIP_JSON"
  sip_json_str "${SIP_FAMILY:-}"
  line+=",\"family\":$SIP_JSON,\"mode\":\"$mode\"}"
  printf '%s\n' "$line" >&"$SIP_REPORT_FD"
  return 0
}

# ---- runtime/step.sh ----------------------------------------------------------
# step.sh — sip_step: run one validator's function, time it, print its progress line and
# write its report event. This is the per-validator hot path: it calls no function but the
# validator's own and the two output ones, and spawns no process.
# sip-requires: log report

SIP_CHANGES=0
SIP_NOT_SELECTED=0
SIP_LAST_FAILURE=''
SIP_DEPTH=0
SIP_ANY_PASS=''
# non-zero: the run cannot go on (a package step on an unknown family: 3); flows stop at once
# and sip_main exits with it
# shellcheck disable=SC2034 # read by flow.sh and main.sh
SIP_FATAL=0

# sip_step KIND LOCATION PATH LABEL FN: run FN (a validator body) and report its result:
# failed when FN fails, "not selected" (report: skipped) when FN set SIP_NOT_SELECTED,
# changed when SIP_CHANGES grew, else ok. Returns 0 or 1.
# Durations come from EPOCHREALTIME (bash 5, microseconds); on older bash, from SECONDS.
sip_step() {
  local changes=$SIP_CHANGES start end rc status word note=''
  if [[ -n ${EPOCHREALTIME:-} ]]; then start=${EPOCHREALTIME//[!0-9]/}; else start=$((SECONDS * 1000000)); fi
  SIP_NOT_SELECTED=0
  SIP_MESSAGE=''
  ((SIP_DEPTH += 1))
  "$5"
  rc=$?
  ((SIP_DEPTH -= 1))
  if [[ -n ${EPOCHREALTIME:-} ]]; then end=${EPOCHREALTIME//[!0-9]/}; else end=$((SECONDS * 1000000)); fi
  if ((rc != 0)); then
    status=failed word=FAILED
    [[ -n $SIP_MESSAGE ]] || SIP_MESSAGE="$1 failed (status $rc)"
    # shellcheck disable=SC2034 # read by sip_any
    SIP_LAST_FAILURE="$2 $1${4:+ $4}: $SIP_MESSAGE"
    if [[ $SIP_ANY_PASS == check ]]; then
      word='not satisfied' note='any: check pass'
    fi
  elif ((SIP_NOT_SELECTED)); then
    status=skipped word='not selected'
  elif ((SIP_CHANGES != changes)); then
    status=changed word=changed
  else
    status=ok word=ok
  fi
  SIP_NOT_SELECTED=0
  sip_log_result "$2" "$SIP_DEPTH" "$1" "$4" "$word" "$note"
  sip_report_event "$3" "$1" "$2" "$status" $(((end - start) / 1000)) "$SIP_MESSAGE"
  ((rc == 0)) || return 1
  return 0
}

# ---- runtime/tmp.sh ----------------------------------------------------------
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

# ---- runtime/copy-script.sh ----------------------------------------------------------
# copy-script.sh — the `copy_script` validator.
# sip_copy_script LOCATION TARGET BODY_FN: BODY_FN writes the file's bytes on stdout.
# Reconcile: when TARGET is absent, not a regular file (a symlink is replaced, never
# followed) or different, the bytes are written to a private temp file (mode 0644) and
# renamed onto TARGET. Test-only: checks that TARGET is there with these bytes, reading the
# body through a pipe; it writes nothing at all.
# sip-requires: log tmp

declare -g SIP_COPY_SEQ=0

# sip_files_equal A B: 0 when files A and B have the same bytes. Pure bash: both are read
# in NUL-separated chunks (a bash string cannot hold NUL), compared chunk by chunk.
sip_files_equal() {
  local a b ra rb
  while :; do
    IFS= read -r -d '' a <&3
    ra=$?
    IFS= read -r -d '' b <&4
    rb=$?
    [[ $ra == "$rb" && $a == "$b" ]] || return 1
    ((ra == 0)) || return 0
  done 3<"$1" 4<"$2"
}

sip_copy_script() {
  local location=$1 target=$2 body_fn=$3 new rc
  # Compared straight from the body (a pipe, no file): test-only writes nothing anywhere.
  if [[ -f $target && ! -L $target && -r $target ]]; then
    # shellcheck disable=SC2312 # a body that cannot be printed compares as different; writing it is checked below
    sip_files_equal <("$body_fn") "$target"
    rc=$?
    ((rc == 0)) && return 0
  fi
  if ((SIP_TEST_ONLY)); then
    if [[ -e $target || -L $target ]]; then
      sip_fail "$target differs from the manifest's copy"
    else
      sip_fail "$target is missing"
    fi
    return 1
  fi
  ((SIP_COPY_SEQ += 1))
  sip_tmp_dir || {
    sip_fail "$location: cannot create a temporary directory under ${TMPDIR:-/tmp}"
    return 1
  }
  new=$SIP_TMP/copy-$SIP_COPY_SEQ
  "$body_fn" >"$new"
  rc=$?
  if ((rc != 0)); then
    sip_fail "$location: cannot prepare the contents of $target"
    return 1
  fi
  mv -fT -- "$new" "$target"
  rc=$?
  if ((rc != 0)); then
    sip_fail "cannot write $target"
    return 1
  fi
  ((SIP_CHANGES += 1))
  # shellcheck disable=SC2034 # read by sip_step
  SIP_MESSAGE="wrote $target"
  return 0
}

# ---- runtime/main.sh ----------------------------------------------------------
# main.sh — sip_main, the program's entry point, and sip_exit, the one way out after start.
# Order: bash version (exit 3), command line (exit 2; --help and --version exit 0),
# argument values (exit 2), root (exit 3), umask 022 and PATH, temp dir, distro, report
# file (exit 2), then the emitted sip_validators. Exit 0 when all is satisfied, else 1.
# sip-requires: log args distro tmp report step

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

# sip_exit STATUS: print the summary line, write the report summary, exit with STATUS.
sip_exit() {
  local status=$1 mode=reconcile result=FAILED unsatisfied=''
  # the run's mode (an exit from inside an any's check pass must not report test-only)
  if ((${SIP_RUN_TEST_ONLY:-$SIP_TEST_ONLY})); then mode=test-only; fi
  case $status in
    0) result=OK ;;
    1) result=FAILED ;;
    *) result="FAILED (exit $status)" ;;
  esac
  if ((SIP_COUNT_UNSATISFIED > 0)); then
    unsatisfied=" ($SIP_COUNT_UNSATISFIED not satisfied in the check pass of an any)"
  fi
  printf '%s: %s, %s: %d ok, %d changed, %d not selected, %d failed%s: %s\n' \
    "$SIP_PROGRAM" "$SIP_DISTRO" "$mode" "$SIP_COUNT_OK" "$SIP_COUNT_CHANGED" \
    "$SIP_COUNT_SKIPPED" "$SIP_COUNT_FAILED" "$unsatisfied" "$result" >&2
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
  printf '%s: %s on %s %s (family %s)\n' "$SIP_PROGRAM" "$mode" "$SIP_DISTRO" \
    "$SIP_DISTRO_MAJOR" "$SIP_FAMILY" >&2
  sip_validators
  rc=$?
  ((SIP_FATAL)) && sip_exit "$SIP_FATAL"
  ((rc == 0)) || sip_exit 1
  sip_exit 0
}

# ---- runtime/script.sh ----------------------------------------------------------
# script.sh — the `script` validator.
# sip_script_run LOCATION LABEL OUTPUT_NAME SHEBANG BODY_FN [VAR=NAME]...
# BODY_FN writes the script's bytes on stdout; they go byte-exact to a mode 0700 file in
# SIP_TMP, which is removed afterwards. SHEBANG=1: the script runs under the interpreter its
# first line names, with at most one argument, exactly as the kernel would run it (so a
# noexec /tmp does not matter); SHEBANG=0: under /bin/bash. The environment is clean:
# PATH, HOME=/root, LANG=C.UTF-8, the proxy variables that are set, distro, test_only,
# reconcile (1 - test_only), and VAR=<value of argument NAME> for each pair whose NAME is
# set. stdin is /dev/null, cwd is /. The script's stdout goes to the program's stderr, or,
# with OUTPUT_NAME, into that argument (trailing newlines removed, only on success).
# Exit status 0 is success. Afterwards the package cache is marked stale.
# sip-requires: log tmp args

declare -g SIP_SCRIPT_SEQ=0
declare -ga SIP_SCRIPT_SECRETS=()

# sip_script_exec FILE INTERP [ARG] -- ENV...: the child: cd /, clean environment, run.
sip_script_exec() {
  local file=$1 interp=$2 arg=$3 __sip_v
  shift 3
  cd / || exit 127
  if ((${#SIP_SCRIPT_SECRETS[@]} > 0)); then
    # Secrets: not through `env -i`, whose command line ps would show. This child shell
    # empties its own environment, exports the pairs and replaces itself with the script.
    for __sip_v in $(compgen -e); do unset -v "$__sip_v" 2>/dev/null; done
    for __sip_v in "$@" "${SIP_SCRIPT_SECRETS[@]}"; do export "${__sip_v?}"; done
    if [[ -n $arg ]]; then
      exec "$interp" "$arg" "$file"
    fi
    exec "$interp" "$file"
  fi
  if [[ -n $arg ]]; then
    exec env -i "$@" "$interp" "$arg" "$file"
  fi
  exec env -i "$@" "$interp" "$file"
}

sip_script_run() {
  local location=$1 label=$2 output=$3 shebang=$4 body_fn=$5
  local file out line interp=/bin/bash arg='' rc pair var name value
  local -a env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
  shift 5
  ((SIP_SCRIPT_SEQ += 1))
  sip_tmp_dir || {
    sip_fail "$location: cannot create a temporary directory under ${TMPDIR:-/tmp}"
    return 1
  }
  file=$SIP_TMP/script-$SIP_SCRIPT_SEQ
  out=$SIP_TMP/output-$SIP_SCRIPT_SEQ
  "$body_fn" >"$file"
  rc=$?
  if ((rc != 0)); then
    sip_fail "$location: cannot write the script $label to $file"
    return 1
  fi
  chmod 0700 -- "$file"
  if [[ $shebang == 1 ]]; then
    IFS= read -r line <"$file"
    line=${line#\#!}
    line=${line#"${line%%[! $'\t']*}"}
    interp=${line%%[ $'\t']*}
    arg=${line:${#interp}}
    arg=${arg#"${arg%%[! $'\t']*}"}
    arg=${arg%"${arg##*[! $'\t']}"}
  fi
  for var in http_proxy https_proxy ftp_proxy no_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY; do
    [[ -n ${!var+set} ]] && env+=("$var=${!var}")
  done
  env+=("distro=$SIP_DISTRO" "test_only=$SIP_TEST_ONLY" "reconcile=$((SIP_TEST_ONLY ? 0 : 1))")
  SIP_SCRIPT_SECRETS=()
  for pair in "$@"; do
    var=${pair%%=*} name=${pair#*=}
    [[ -n ${SIP_ARGS[$name]+set} ]] || continue
    if sip_arg_is_secret "$name"; then
      SIP_SCRIPT_SECRETS+=("$var=${SIP_ARGS[$name]}")
    else
      env+=("$var=${SIP_ARGS[$name]}")
    fi
  done
  if [[ -n $output ]]; then
    sip_run_child sip_script_exec "$file" "$interp" "$arg" "${env[@]}" >"$out"
  else
    sip_run_child sip_script_exec "$file" "$interp" "$arg" "${env[@]}" >&2
  fi
  rc=$?
  # shellcheck disable=SC2034 # read by pkg.sh: a script may have changed the packages
  SIP_PKG_LOADED=0
  rm -f -- "$file"
  if ((rc != 0)); then
    rm -f -- "$out"
    sip_fail "script $label exited with status $rc"
    return 1
  fi
  if [[ -n $output ]]; then
    value=$(<"$out")
    rm -f -- "$out"
    sip_arg_set "$output" "$value"
  fi
  return 0
}

# ---- script bodies ------------------------------------------------------------------------

# latin1.sh
sip_body_1() {
  base64 -d <<'SIP_BASE64'
IyEvYmluL3NoCiMgY2Fm6SAobGF0aW4tMSwgbm90IFVURi04KQpwcmludGYgImNhZlwzNTFcbiIK
SIP_BASE64
}

# blob.bin
sip_body_2() {
  base64 -d <<'SIP_BASE64'
AAEC//4gYmluYXJ5DQoAIGJsb2Igd2l0aG91dCBmaW5hbCBuZXdsaW5l
SIP_BASE64
}

# ---- validators ---------------------------------------------------------------------------

# image.yaml:3:5 validators[0].script
sip_v0() { sip_step script image.yaml:3:5 'validators[0].script' latin1.sh sip_v0_body; }
sip_v0_body() {
  sip_script_run image.yaml:3:5 latin1.sh '' 1 sip_body_1
}

# image.yaml:4:5 validators[1].copy_script
sip_v1() { sip_step copy_script image.yaml:4:5 'validators[1].copy_script' 'blob.bin -> /tmp/blob.bin' sip_v1_body; }
sip_v1_body() {
  sip_copy_script image.yaml:4:5 /tmp/blob.bin sip_body_2
}

# The manifest's validators list, run as an all.
sip_validators() {
  sip_all sip_v0 sip_v1
}

sip_main "$@"
