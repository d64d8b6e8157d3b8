#!/bin/bash
# shellcheck disable=SC2317 # functions are called by name (sip_all, sip_any, sip_step), which shellcheck cannot follow
# shellcheck disable=SC2292 # [ ], not [[ ]]: this line guards against sh, which must be able to read it
[ -n "${BASH_VERSION:-}" ] || { echo 'This program needs bash: run it as "bash FILE", not with sh.' >&2; exit 3; }
# image.yaml: a sahara-image-pack program.
#   manifest sha256 553b5613510736716a64c2276f87cf4d46c9314126a88cb4426ed6e9c0801c53
#   compiled by     sahara-image-pack 0.0.0-golden
#
# Run it as root. It brings this system to the state the manifest declares (reconcile), or
# only checks it with --test-only; --help lists its options and arguments. Exit status:
# 0 satisfied, 1 validation failed, 2 usage error or bad argument, 3 unsupported system.
#
# Generated file, edit the manifest instead. Layout: the manifest's data (SIP_*), the runtime
# library (the runtime/*.sh files this program uses), the script bodies (sip_body_N), one
# function per validator (sip_vI_J..., named after its position in the manifest; a flow's
# body in a function of its own; a package step is a row of SIP_PKG_STEPS instead, and a run
# of adjacent one-package steps one function, sip_vI_J..._run), sip_validators (the
# manifest's validators list), sip_main.

SIP_PROGRAM='image.yaml'
SIP_MANIFEST_SHA256=553b5613510736716a64c2276f87cf4d46c9314126a88cb4426ed6e9c0801c53
SIP_COMPILER_VERSION='sahara-image-pack 0.0.0-golden'

# Declared arguments, one column per argument.
SIP_ARG_NAMES=(greeting flavour secret-token)
# shellcheck disable=SC2034 # read for secrets (SIP_SECRET_<VAR>)
SIP_ARG_VARS=(greeting flavour TOKEN)
SIP_ARG_DESCRIPTIONS=('What hello.sh greets with.' 'Which extra to install.' 'A hidden argument, exported under its target_variable.')
SIP_ARG_DEFAULTS=(hello tool s3cret)
SIP_ARG_HAS_DEFAULT=(1 1 1)
SIP_ARG_REQUIRED=(0 0 0)
SIP_ARG_HIDDEN=(0 0 1)
SIP_ARG_SECRET=(0 0 0)
# shellcheck disable=SC2034 # read by the runtime through an indirect reference
SIP_ARG_CHOICES_1=(tool none)

# Every name the program may store a value under -> the shell variable scripts see it as
# (for reviewers: the script runner gets VAR=NAME pairs from each script step).
# (Declared, then assigned: an assignment inside declare is parsed once more.)
declare -A SIP_NAME_VARS
# shellcheck disable=SC2034 # not read at run time
SIP_NAME_VARS=(
  [greeting]=greeting
  [flavour]=flavour
  [secret-token]=TOKEN
  [extra]=extra
  [hello-output]=hello_output
)

# Every package name the manifest uses: the package database is asked about these only.
# shellcheck disable=SC2034 # read by runtime/pkg-debian.sh
SIP_PACKAGE_NAMES=(sip-hello sip-never-selected sip-not-in-any-repo sip-tool sip-world)

# The program's script steps: the script runner makes as many empty script files at the first
# script, with one chmod (runtime/script.sh).
# shellcheck disable=SC2034 # read by runtime/script.sh
SIP_SCRIPT_STEPS=2

# The package steps: not functions but rows, step name -> "specs|location|path", run by
# sip_pkg_step (runtime/pkg.sh) with the label "name" or "name (version)". Adjacent steps are
# installed together (pkg-ahead.sh), and sip_all reports a step of one installed plain package
# "ok" itself (flow.sh); the steps of a run (sip_pkgs_run, with the validators) have their rows
# there. Specs never hold a "|" or a space (sip_pkg_valid), paths no "|".
# (One assignment a row: a compound assignment is parsed twice.)
declare -A SIP_PKG_STEPS
SIP_PKG_STEPS[sip_v0_0_0]='sip-tool|image.yaml:20:13|validators[0].os_case[0].rocky[0].package'
SIP_PKG_STEPS[sip_v0_1_0]='sip-world|image.yaml:22:13|validators[0].os_case[1].debian[0].package'
SIP_PKG_STEPS[sip_v0_2_0]='sip-never-selected|image.yaml:24:13|validators[0].os_case[2].redhat[0].package'
SIP_PKG_STEPS[sip_v1]='sip-hello=2.0-1|image.yaml:25:5|validators[1].package'
SIP_PKG_STEPS[sip_v2_0_0]='sip-tool|image.yaml:32:13|validators[2].argument_case.cases.tool[0].package'
SIP_PKG_STEPS[sip_v3_0]='sip-not-in-any-repo|image.yaml:35:9|validators[3].any[0].package'
SIP_PKG_STEPS[sip_v3_1_0]='sip-hello|image.yaml:37:13|validators[3].any[1].all[0].package'

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
declare -g SIP_TEST_ONLY=0 SIP_KEEP_GOING=0 SIP_DISTRO_OVERRIDE='' SIP_REPORT_FILE='' SIP_ACTION=run SIP_VALUE=''
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
      --help | -h | --version | --test-only | --test_only | --keep-going | --keep_going)
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
      --keep-going | --keep_going) SIP_KEEP_GOING=1 ;;
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
  printf 'Usage: %s [--test-only [--keep-going]] [--distro ID] [--report FILE] [--ARGUMENT VALUE]...\n\n' "$0"
  printf 'Brings this system to the state declared in %s (run as root),\nor only checks it with --test-only.\n\n' "$SIP_PROGRAM"
  printf 'Options:\n'
  printf '  %-24s %s\n' --test-only 'check only; change nothing (exit 1 when something is missing)' \
    --keep-going 'with --test-only: check every validator, report every discrepancy' \
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

# The package step table (its rows are emitted before the runtime; declaring it again keeps
# them, and gives a program without package steps an empty one), and the package cache
# (pkg.sh), which sip_all's hot path reads: declared here too for a program without pkg.sh.
declare -gA SIP_PKG_STEPS SIP_PKGS

# sip_all FN...: in reconcile mode, SIP_ALL_LOOKAHEAD (set by pkg-ahead.sh when the program
# has package steps) is called before each package step that it did not claim yet, with the
# children from there (at most 100): it returns in SIP_VALUE how many children it took care
# of (a run of adjacent package steps is installed together before the first of them runs).
# With --keep-going in test-only mode (SIP_KEEP_GOING=1), outside the check pass of an any,
# a failure does not stop the rest: every child is checked, and the all fails when one did.
# A fatal condition (SIP_FATAL: exit 3) always stops at once.
#
# A package step is not a function but a row of SIP_PKG_STEPS (emitted by the compiler: step
# name -> "specs|location|path"); sip_all and sip_any run it through sip_pkg_step (pkg.sh).
# The hot path: a step of one plain package that the loaded package list already has is
# reported "ok" here, with the line sip_step prints, and counted, without the calls of the
# step (sip_pkg_step, the step wrapper, and the package check's own fast path). Not with a
# report (sip_step writes its event) nor after a joint install (pkg-ahead.sh: its steps
# report "changed"). A run of such lines is written with one printf, before the next child
# runs and before sip_all returns (and counted then), so the output keeps its order. What
# decides whether the hot path is open (the cache is current, no report, no joint install
# pending) changes only when a child or the lookahead runs, so it is tested again only then
# (sip_all_fast).
sip_all() {
  local fn rc i=0 ahead=0 look=0 closed='|' failed=0 step spec where format next
  local -a oks=()
  # the "ok" line sip_step prints, as a printf format for location, package pairs (the
  # padding and the colour codes hold no "%" or backslash)
  printf -v format '%%s  %*spackage %%s  %sok%s\\n' $((SIP_DEPTH * 2)) '' "$SIP_C_OK" "$SIP_C_RESET"
  if ((!SIP_TEST_ONLY)) && [[ -n ${SIP_ALL_LOOKAHEAD:-} && $SIP_ANY_PASS != check ]]; then look=1; fi
  sip_all_fast
  for fn; do
    # (the location is cut out with the cheapest expansions: "${step#*|*|}" costs more)
    step=${SIP_PKG_STEPS[$fn]-} spec=${step%%|*} where=${step%|*}
    if ((look)); then
      ((i += 1))
      # at a package step that no joint install covers and that another package step
      # follows (a run of one is never installed ahead): the children from here, at most
      # 100 (a longer run is installed 100 steps at a time; all the rest at every step
      # would cost time quadratic in the length of the list)
      if ((ahead == 0)) && [[ -n $step ]]; then
        next=${*:i+1:1}
        if [[ -n $next && -n ${SIP_PKG_STEPS[$next]+set} ]]; then
          "$SIP_ALL_LOOKAHEAD" "${@:i:100}"
          ahead=$SIP_VALUE
          sip_all_fast
        fi
      fi
      ((ahead == 0)) || ((ahead -= 1))
    fi
    # One plain package name: the cache's keys are package names (and name:arch, name.arch),
    # never holding the space or "=" of several specs or of a version, nor a "|": so one
    # lookup tells all (not a package step: the key "|"; hot path closed: a "|" appended).
    # shellcheck disable=SC2154 # pkg.sh, in every program with package steps
    if [[ -n ${SIP_PKGS[${spec:-|}$closed]+set} ]]; then
      oks+=("${where#*|}" "$spec")
    else
      if ((${#oks[@]})); then
        ((SIP_COUNT_OK += ${#oks[@]} / 2))
        # shellcheck disable=SC2059 # the format is made above, of our own text
        printf "$format" "${oks[@]}" >&2
        oks=()
      fi
      if [[ -n $step ]]; then
        sip_pkg_step "$step"
      else
        "$fn"
      fi
      rc=$?
      sip_all_fast
      if ((rc != 0)); then
        ((SIP_KEEP_GOING && SIP_TEST_ONLY && !SIP_FATAL)) && [[ -z $SIP_ANY_PASS ]] || return 1
        failed=1
      fi
    fi
  done
  if ((${#oks[@]})); then
    ((SIP_COUNT_OK += ${#oks[@]} / 2))
    # shellcheck disable=SC2059 # the format is made above, of our own text
    printf "$format" "${oks[@]}" >&2
  fi
  ((failed == 0))
}

# sip_all_fast: set the caller's `closed` to '' when sip_all's hot path is open, else to "|".
# After a script (SIP_PKG_LOADED=2) the cache counts as current again when the package
# database has not changed since it was read (pkg.sh), as the package check would decide at
# the next package step: nothing runs in between.
sip_all_fast() {
  closed='|'
  # shellcheck disable=SC2154 # pkg.sh, in every program with package steps
  [[ ${#SIP_PKG_STEPS[@]} != 0 && -z $SIP_REPORT_FD && ${#SIP_PKG_AHEAD[@]} == 0 ]] || return 0
  if [[ $SIP_PKG_LOADED == 2 ]]; then
    if sip_pkg_db_unchanged; then SIP_PKG_LOADED=1; else SIP_PKG_LOADED=0; fi
  fi
  if [[ $SIP_PKG_LOADED == 1 ]]; then closed=''; fi
  return 0
}

# sip_any_pass TEST_ONLY FN...: one pass of sip_any. Appends each failure to the caller's
# `failures` array. Returns 0 at the first FN that passes.
sip_any_pass() {
  local SIP_TEST_ONLY=$1 SIP_ANY_PASS=$SIP_ANY_PASS fn rc key i step
  local -a saved
  shift
  # A failed alternative in the test-only pass is "not satisfied", not a failure of the run
  # (the any itself fails, listing them, when no alternative passes).
  # In the reconcile pass, a failed alternative is also not a failure of the run by itself.
  if ((SIP_TEST_ONLY)); then
    SIP_ANY_PASS=check
  else
    SIP_ANY_PASS=reconcile
  fi
  for fn in "$@"; do
    saved=()
    for key in "${!SIP_ARGS[@]}"; do
      saved+=("$key" "${SIP_ARGS[$key]}")
    done
    SIP_LAST_FAILURE=''
    step=${SIP_PKG_STEPS[$fn]-}
    if [[ -n $step ]]; then
      sip_pkg_step "$step"
    else
      "$fn"
    fi
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

# ---- runtime/pkg-ahead.sh ----------------------------------------------------------
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

# ---- runtime/report.sh ----------------------------------------------------------
# report.sh — the JSON Lines report (--report FILE): one "validator" event per validator run
# and one final "summary" event. The file is opened once; each event is one write.
# A failure inside an `any` alternative (SIP_ANY_PASS set) is written with status "failed"
# (and mode "test-only" in the check pass), but counted as "unsatisfied", not "failed".
# sip-requires: json

SIP_REPORT_FD=''
# Counted by sip_step. Validators (package, script, copy_script, argument_set, plugin kinds)
# and flows (all, any, os_case, argument_case) apart, so one missing package is "1 failed",
# not three; "not selected" are the os_case/argument_case that chose no branch. A failure
# inside an `any` alternative (either pass) is "unsatisfied": the any went on to the next.
SIP_COUNT_OK=0
SIP_COUNT_CHANGED=0
SIP_COUNT_SKIPPED=0
SIP_COUNT_FAILED=0
SIP_COUNT_UNSATISFIED=0
SIP_FLOW_OK=0
SIP_FLOW_FAILED=0

# sip_report_open FILE: create or truncate FILE for the report. Fails when it cannot be opened.
sip_report_open() {
  local fd
  # bash's own "No such file or directory" line is dropped: the caller says it once, clearly
  { exec {fd}>"$1"; } 2>/dev/null || return 1
  SIP_REPORT_FD=$fd
  return 0
}

# sip_report_event PATH KIND LOCATION STATUS DURATION_MS MESSAGE: write one event (sip_step
# calls it only when a report is open). STATUS is ok, changed, skipped or failed.
sip_report_event() {
  local line mode=reconcile
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
  line+=",\"unsatisfied\":$SIP_COUNT_UNSATISFIED,\"flows_ok\":$SIP_FLOW_OK,\"flows_failed\":$SIP_FLOW_FAILED"
  line+=",\"exit_code\":$(($1))"
  sip_json_str "${SIP_DISTRO:-}"
  line+=",\"distro\":$SIP_JSON"
  sip_json_str "${SIP_FAMILY:-}"
  line+=",\"family\":$SIP_JSON,\"mode\":\"$mode\"}"
  printf '%s\n' "$line" >&"$SIP_REPORT_FD"
  return 0
}

# ---- runtime/step.sh ----------------------------------------------------------
# step.sh — sip_step: run one validator's function, time it, print its progress line and
# write its report event. This is the per-validator hot path: on "ok" without a report it
# calls no function but the validator's own, and it never spawns a process.
# sip-requires: log report

# A step's progress line, printed by sip_step, sip_step_end and sip_script_step: LOCATION,
# the indent (two spaces a level), KIND, " LABEL" (or nothing), colour, word, colour reset,
# note. (sip_all writes the same line for packages from a format of its own.)
SIP_STEP_LINE='%s  %*s%s%s  %s%s%s%s\n'
SIP_CHANGES=0
SIP_NOT_SELECTED=0
SIP_LAST_FAILURE=''
SIP_DEPTH=0
SIP_ANY_PASS=''
# locations of the os_case steps that selected no branch (os_case.hbs), warned about at exit
# shellcheck disable=SC2034 # read by main.sh
declare -ga SIP_OS_NONE=()
# non-zero: the run cannot go on (a package step on an unknown family: 3); flows stop at once
# and sip_main exits with it
# shellcheck disable=SC2034 # read by flow.sh and main.sh
SIP_FATAL=0

# sip_step KIND LOCATION PATH LABEL FN [ARG...]: run FN ARG... (a validator body, or
# the package check with its LOCATION and SPECs, for a package step) and report its result:
# failed when FN fails, "not selected" (report: skipped) when FN set SIP_NOT_SELECTED,
# changed when SIP_CHANGES grew, else ok. Returns 0 or 1.
# It counts the result (report.sh: validators and flows apart; a failure inside an `any`
# alternative is counted as not satisfied, since the any goes on), prints the progress
# line and, when a report is open, writes the event. On "ok" without a report no function
# is called but FN; every other result goes through sip_step_end (the cold path kept out of
# the body bash copies at each call): this runs once per validator.
# Durations come from EPOCHREALTIME (bash 5, microseconds); on older bash, from SECONDS.
sip_step() {
  local changes=$SIP_CHANGES start=0 rc flow=0
  if [[ -n $SIP_REPORT_FD ]]; then
    if [[ -n ${EPOCHREALTIME:-} ]]; then start=${EPOCHREALTIME//[!0-9]/}; else start=$((SECONDS * 1000000)); fi
  fi
  SIP_NOT_SELECTED=0
  SIP_MESSAGE=''
  ((SIP_DEPTH += 1))
  "${@:5}"
  rc=$?
  ((SIP_DEPTH -= 1))
  case $1 in
    all | any | os_case | argument_case) flow=1 ;;
    *) ;;
  esac
  # the common case first, with the fewest tests: ok, no report
  if ((rc == 0 && !SIP_NOT_SELECTED && SIP_CHANGES == changes)) && [[ -z $SIP_REPORT_FD ]]; then
    if ((flow)); then ((SIP_FLOW_OK += 1)); else ((SIP_COUNT_OK += 1)); fi
    # shellcheck disable=SC2059 # SIP_STEP_LINE: the format above
    printf "$SIP_STEP_LINE" "$2" $((SIP_DEPTH * 2)) '' "$1" "${4:+ $4}" "$SIP_C_OK" ok "$SIP_C_RESET" '' >&2
    return 0
  fi
  sip_step_end "$rc" "$flow" "$changes" "$start" "${@:1:4}"
}

# sip_step_end RC FLOW CHANGES START KIND LOCATION PATH LABEL: the rest of sip_step, for every
# result but "ok" without a report. Its own function: bash copies a function's body at every
# call, and sip_step runs once per validator.
sip_step_end() {
  local rc=$1 flow=$2 changes=$3 start=$4 end status word note='' colour=''
  shift 4
  if ((rc != 0)); then
    status=failed word=FAILED colour=$SIP_C_FAILED
    [[ -n $SIP_MESSAGE ]] || SIP_MESSAGE="$1 failed (status $rc)"
    # shellcheck disable=SC2034 # read by sip_any
    SIP_LAST_FAILURE="$2 $1${4:+ $4}: $SIP_MESSAGE"
    if [[ -n $SIP_ANY_PASS ]]; then
      ((SIP_COUNT_UNSATISFIED += 1))
      if [[ $SIP_ANY_PASS == check ]]; then
        word='not satisfied' note='  (any: check pass)'
      fi
    elif ((flow)); then
      ((SIP_FLOW_FAILED += 1))
    else
      ((SIP_COUNT_FAILED += 1))
    fi
  elif ((SIP_NOT_SELECTED)); then
    status=skipped word='not selected' colour=$SIP_C_SKIPPED
    ((SIP_COUNT_SKIPPED += 1))
  elif ((SIP_CHANGES != changes)); then
    status=changed word=changed colour=$SIP_C_CHANGED
    if ((flow)); then ((SIP_FLOW_OK += 1)); else ((SIP_COUNT_CHANGED += 1)); fi
  else
    status=ok word=ok colour=$SIP_C_OK
    if ((flow)); then ((SIP_FLOW_OK += 1)); else ((SIP_COUNT_OK += 1)); fi
  fi
  SIP_NOT_SELECTED=0
  # shellcheck disable=SC2059 # SIP_STEP_LINE: the format above
  printf "$SIP_STEP_LINE" "$2" $((SIP_DEPTH * 2)) '' "$1" "${4:+ $4}" \
    "$colour" "$word" "${colour:+$SIP_C_RESET}" "$note" >&2
  if [[ -n $SIP_REPORT_FD ]]; then
    if [[ -n ${EPOCHREALTIME:-} ]]; then end=${EPOCHREALTIME//[!0-9]/}; else end=$((SECONDS * 1000000)); fi
    sip_report_event "$3" "$1" "$2" "$status" $(((end - start) / 1000)) "$SIP_MESSAGE"
  fi
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

# ---- runtime/pkg-debian.sh ----------------------------------------------------------
# pkg-debian.sh — packages on the debian family (dpkg + apt-get).
# Installed means: `dpkg-query` status abbreviation with "i" (installed) as its second letter
# and no error flag ("ii", or "hi" for a held package). "rc" (removed, config files left)
# and every other state count as missing; `dpkg -s` is not used (it accepts "rc").
# Version rule: a wanted version W matches the installed version E:U-R (epoch E, upstream U,
# revision R) when W is E:U-R, U-R (epoch left out), U (revision left out) or E:U.
# So "1.0-1" and "1.0" both match 1.0-1; "3.1-2", "3.1" and "1:3.1" match 1:3.1-2;
# "1.0" does not match 1.0.1-1.
# Names may carry an architecture (libc6:i386).
# sip-requires: log tmp

declare -g SIP_APT_REFRESHED=0 SIP_APT_LISTS=/var/lib/apt/lists
# The package names the program uses (emitted); empty = read every installed package.
[[ -n ${SIP_PACKAGE_NAMES+set} ]] || declare -ga SIP_PACKAGE_NAMES=()
declare -gA SIP_PKGS=() # the cache (see pkg.sh)

# sip_pkg_debian_load: read the dpkg database once (one dpkg-query process) into SIP_PKGS:
# name -> version and name:arch -> version (name -> "version|status" for the program's own
# names, none with an architecture), for installed packages only. When the program
# lists the package names it uses (SIP_PACKAGE_NAMES), only those are asked for: the same
# single process, and no loop over every package of the system. dpkg-query exits 1 when a
# name is unknown (not installed, nothing to report): only a status above 1 is an error.
# The output is read whole by a command substitution (bash reads a pipe one byte at a time
# for mapfile and read, which cost more than the query itself) and split on newlines, with
# globbing off (no field can hold a glob character, but the split must not depend on it).
sip_pkg_debian_load() {
  local out line name rc arch_keys=1 IFS=$'\n'
  # shellcheck disable=SC2016 # ${...} are dpkg-query fields
  local format='${db:Status-Abbrev}|${Package}|${Architecture}|${Version}\n'
  SIP_PKGS=()
  # name:arch keys only when some wanted name carries an architecture (or all are read)
  if ((${#SIP_PACKAGE_NAMES[@]} > 0)) && [[ " ${SIP_PACKAGE_NAMES[*]}" != *:* ]]; then
    # shellcheck disable=SC2016 # ${...} are dpkg-query fields
    arch_keys=0 format='${Package}|${Version}|${db:Status-Abbrev}\n'
  fi
  out=$(exec dpkg-query -W -f="$format" -- "${SIP_PACKAGE_NAMES[@]}" 2>/dev/null)
  rc=$?
  ((rc <= 1)) || return 1
  # the loops below split $out on newlines (IFS), with globbing off
  set -f
  if ((arch_keys)); then
    # "ii |name|arch|version": installed ("i" second) with no error flag (blank or absent
    # third). Each expansion below has a single "*" next to a "|" near the start: bash's
    # pattern matching costs about a thousand instructions a position tried.
    for line in $out; do
      [[ $line == [uihrp]i[\ \|]* ]] || continue
      line=${line#*|}
      name=${line%%|*} line=${line#*|}
      SIP_PKGS[$name:${line%%|*}]=${line#*|}
      SIP_PKGS[$name]=${line#*|}
    done
  elif [[ $out$'\n' != *\|?[!i]?$'\n'* && $out$'\n' != *\|??[!\ ]$'\n'* ]]; then
    # the program's own names: "name|version|ii ", name -> "version|status"
    # (sip_pkg_debian_has reads the version before the "|"). The status abbreviation is three
    # characters (dpkg-query(1)), the last field; when no line holds one of a package that is
    # not installed (two tests of the whole output, each a scan for "|" that bash's pattern
    # matching makes in C), each line is one assignment: one command a package, not three
    for line in $out; do
      SIP_PKGS[${line%%|*}]=${line#*|}
    done
  else
    for line in $out; do
      [[ $line == *\|[uihrp]i\  ]] || continue
      SIP_PKGS[${line%%|*}]=${line#*|}
    done
  fi
  set +f
  # the program's own names: the keys are the installed ones of the names asked for (no two
  # the same), so every name of the program is installed when there are as many
  # shellcheck disable=SC2034 # read by pkg.sh
  ((arch_keys || ${#SIP_PKGS[@]} != ${#SIP_PACKAGE_NAMES[@]})) || SIP_PKG_ALL=1
  return 0
}

# sip_pkg_debian_version_ok WANTED INSTALLED: the version rule above.
sip_pkg_debian_version_ok() {
  local want=$1 full=$2 epoch='' rest upstream
  [[ $want == "$full" ]] && return 0
  rest=$full
  if [[ $full == *:* ]]; then
    epoch=${full%%:*} rest=${full#*:}
  fi
  upstream=${rest%-*}
  [[ $want == "$rest" || $want == "$upstream" ]] && return 0
  [[ -n $epoch && $want == "$epoch:$upstream" ]] && return 0
  return 1
}

# sip_pkg_debian_has NAME VERSION: installed (and VERSION matches, when given)?
sip_pkg_debian_has() {
  [[ -n ${SIP_PKGS[$1]+set} ]] || return 1
  [[ -z $2 ]] && return 0
  # (a cache entry is "version" or "version|status")
  sip_pkg_debian_version_ok "$2" "${SIP_PKGS[$1]%|*}"
}

# sip_pkg_debian_spec NAME VERSION: SIP_VALUE = name or name=version.
sip_pkg_debian_spec() {
  # shellcheck disable=SC2034 # read by sip_pkg_missing
  SIP_VALUE=$1${2:+=$2}
  return 0
}

# sip_pkg_debian_lists_present: 0 when apt has package lists (in SIP_APT_LISTS).
sip_pkg_debian_lists_present() {
  local f
  for f in "$SIP_APT_LISTS"/*_Packages*; do
    [[ -e $f ]] && return 0
  done
  return 1
}

# sip_pkg_debian_refresh: apt-get update, at most once per run.
sip_pkg_debian_refresh() {
  local rc
  ((SIP_APT_REFRESHED)) && return 1
  SIP_APT_REFRESHED=1
  sip_say "refreshing the package lists (apt-get update)"
  sip_run_child env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update >&2
  rc=$?
  ((rc == 0)) || sip_warn "apt-get update failed (status $rc)"
  return 0
}

# sip_pkg_debian_resolve SPEC...: set SIP_SPECS to the specs with each name=version turned
# into name=<the first available version that matches it by the version rule>, so that
# "1.0" installs 1.0-1 (apt-get wants the exact version). One apt-cache call, made only
# when a version is asked for.
sip_pkg_debian_resolve() {
  local spec line name version want found i rc out
  local -a names=() avail_names=() avail_versions=() lines=()
  SIP_SPECS=("$@")
  for spec in "$@"; do
    [[ $spec == *=* ]] && names+=("${spec%%=*}")
  done
  ((${#names[@]} > 0)) || return 0
  out=$(apt-cache madison -- "${names[@]}" 2>/dev/null)
  mapfile -t lines <<<"$out"
  for line in "${lines[@]}"; do
    [[ $line == *'|'*'|'* ]] || continue
    # "  name |  version | source"
    name=${line%%|*} line=${line#*|}
    version=${line%%|*}
    avail_names+=("${name// /}") avail_versions+=("${version// /}")
  done
  SIP_SPECS=()
  for spec in "$@"; do
    if [[ $spec == *=* ]]; then
      name=${spec%%=*} want=${spec#*=} found=${spec#*=}
      for ((i = 0; i < ${#avail_names[@]}; i++)); do
        [[ ${avail_names[i]} == "$name" ]] || continue
        sip_pkg_debian_version_ok "$want" "${avail_versions[i]}"
        rc=$?
        if ((rc == 0)); then
          found=${avail_versions[i]}
          break
        fi
      done
      spec=$name=$found
    fi
    SIP_SPECS+=("$spec")
  done
  return 0
}

# sip_pkg_debian_install SPEC...: one apt-get install for all SPECs; refresh the lists first
# when there are none, and once more (then retry) when the install fails.
sip_pkg_debian_install() {
  local rc attempt refreshed
  local -a SIP_SPECS=()
  sip_pkg_debian_lists_present
  rc=$?
  if ((rc != 0)); then
    sip_pkg_debian_refresh
  fi
  for attempt in 1 2; do
    sip_pkg_debian_resolve "$@"
    sip_say "installing: ${SIP_SPECS[*]}"
    sip_run_child env DEBIAN_FRONTEND=noninteractive apt-get -y -o DPkg::Lock::Timeout=600 \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      install -- "${SIP_SPECS[@]}" >&2
    rc=$?
    ((rc == 0 || attempt == 2)) && break
    sip_pkg_debian_refresh
    refreshed=$?
    ((refreshed == 0)) || break
  done
  return "$rc"
}

# ---- runtime/pkg-rpm.sh ----------------------------------------------------------
# pkg-rpm.sh — the rpm database cache shared by the redhat and suse families.
# One `rpm -qa` per load. A package matches NAME (or NAME.ARCH) and, when a version V is
# given, one of: VERSION, VERSION-RELEASE, EPOCH:VERSION, EPOCH:VERSION-RELEASE (epoch 0 when
# the package has none) — what `rpm -q NAME-V` accepts. Like `rpm -q`, a NAME with no
# version that is not a package name is also tried as name-version and name-version-release.
# sip-requires: tmp

declare -gA SIP_PKGS=() # the cache (see pkg.sh)
# The package names the program uses (emitted; see pkg-debian.sh)
[[ -n ${SIP_PACKAGE_NAMES+set} ]] || declare -ga SIP_PACKAGE_NAMES=()

# sip_pkg_rpm_load: read the rpm database into SIP_PKGS: name and name.arch -> "E:V-R|..."
sip_pkg_rpm_load() {
  local out line name epoch version release arch rc
  local -a lines=()
  SIP_PKGS=()
  out=$(rpm -qa --qf '%{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}\n')
  rc=$?
  ((rc == 0)) || return 1
  mapfile -t lines <<<"$out"
  for line in "${lines[@]}"; do
    [[ $line == *'|'*'|'*'|'*'|'* ]] || continue
    name=${line%%|*} line=${line#*|}
    epoch=${line%%|*} line=${line#*|}
    version=${line%%|*} line=${line#*|}
    release=${line%%|*} arch=${line#*|}
    [[ $epoch == '(none)' ]] && epoch=0
    SIP_PKGS[$name]+="$epoch:$version-$release|"
    SIP_PKGS[$name.$arch]+="$epoch:$version-$release|"
  done
  # SIP_PKG_ALL=1 when every package name of the program (when it lists them) is a name found
  for name in "${SIP_PACKAGE_NAMES[@]}"; do
    [[ -n ${SIP_PKGS[$name]+set} ]] || return 0
  done
  # shellcheck disable=SC2034 # read by pkg.sh
  ((${#SIP_PACKAGE_NAMES[@]} == 0)) || SIP_PKG_ALL=1
  return 0
}

# sip_pkg_rpm_match NAME VERSION: NAME installed (with a matching VERSION when given)?
sip_pkg_rpm_match() {
  local want=$2 list entry epoch vr version
  [[ -n ${SIP_PKGS[$1]+set} ]] || return 1
  [[ -z $want ]] && return 0
  list=${SIP_PKGS[$1]}
  while [[ -n $list ]]; do
    entry=${list%%|*} list=${list#*|}
    epoch=${entry%%:*} vr=${entry#*:}
    version=${vr%-*}
    if [[ $want == "$version" || $want == "$vr" || $want == "$epoch:$version" || $want == "$epoch:$vr" ]]; then
      return 0
    fi
  done
  return 1
}

# sip_pkg_rpm_has NAME VERSION: the matching rule above.
sip_pkg_rpm_has() {
  local rc n v
  sip_pkg_rpm_match "$1" "$2"
  rc=$?
  ((rc == 0)) && return 0
  [[ -z $2 && $1 == *-* ]] || return 1
  n=${1%-*} v=${1##*-}
  sip_pkg_rpm_match "$n" "$v"
  rc=$?
  ((rc == 0)) && return 0
  [[ $n == *-* ]] || return 1
  sip_pkg_rpm_match "${n%-*}" "${n##*-}-$v"
}

# ---- runtime/pkg-redhat.sh ----------------------------------------------------------
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

# ---- runtime/pkg-suse.sh ----------------------------------------------------------
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

# ---- runtime/pkg.sh ----------------------------------------------------------
# pkg.sh — the `package` validator: sip_package_ensure LOCATION SPEC... where SPEC is NAME
# (any version) or NAME=VERSION. The installed-package database is read once per run into a
# cache (pkg-debian.sh, pkg-rpm.sh) and read again only after an install or a script, so a
# check spawns no process per package. Test-only: fail naming the missing packages.
# Reconcile: ONE install command for all missing packages of the validator, then a re-check
# (an installer may exit 0 without installing). An unknown family exits 3.
# sip-requires: log main flow pkg-debian pkg-redhat pkg-suse pkg-ahead

# SIP_PKGS: the cache, filled by the family's loader: name (and name:arch or name.arch) ->
# installed version(s). SIP_PKG_LOADED: 0 = read the database again before the next check;
# 1 = the cache is current; 2 = a script ran since: read it again unless the database's files
# are older than the stamp file written just before the last read (sip_pkg_db_unchanged).
declare -gA SIP_PKGS=()
# shellcheck disable=SC2034 # SIP_PKG_LOADED is also set by script.sh
declare -g SIP_PKG_LOADED=0 SIP_PKG_STAMP='' SIP_PKG_STAMPS=0
# 1 when the last read found every package name the program uses installed (set by a
# loader that asks for those names only: pkg-debian.sh), so a step of plain names needs
# no lookup per name
declare -g SIP_PKG_ALL=0
# the files the package database of the system's family is written to (set with the stamp)
declare -ga SIP_PKG_DB_FILES=()

# sip_pkg_step ROW: run a package step from its row of SIP_PKG_STEPS, "specs|location|path"
# (specs separated by spaces, never holding a "|" or a space; the compiler escapes "|" in
# paths; the location is what lies between): sip_step with the label the compiler would give
# it ("name" or "name (version)", joined by spaces) and sip_package_ensure; or, when all is
# installed and no report is open, its "ok" line (the first step reads the cache for it).
sip_pkg_step() {
  # (cut from the right and by offsets: "${1#*|}" costs time quadratic in the length of the specs)
  local words=${1%%|*} where=${1%|*} location spec label
  local -a specs
  location=${where:${#words}+1}
  # every name of the program installed, of a current cache, no version asked for and no
  # report open: the step's "ok" line, as sip_step prints it (no 300-word lists passed down).
  # One arithmetic test when the cache is current and some name is missing.
  if ((SIP_PKG_ALL || SIP_PKG_LOADED != 1)) && [[ -z $SIP_REPORT_FD && $words != *=* && ${#SIP_PKG_AHEAD[@]} == 0 ]] &&
    { ((SIP_PKG_LOADED == 1)) || sip_pkgs_all_installed; }; then
    SIP_MESSAGE=''
    ((SIP_COUNT_OK += 1))
    # shellcheck disable=SC2059 # SIP_STEP_LINE: step.sh
    printf "$SIP_STEP_LINE" "$location" $((SIP_DEPTH * 2)) '' package " $words" "$SIP_C_OK" ok "$SIP_C_RESET" '' >&2
    return 0
  fi
  # shellcheck disable=SC2206 # specs are single words without glob characters (sip_pkg_valid)
  specs=($words)
  label=$words
  if [[ $words == *=* ]]; then
    label=''
    for spec in "${specs[@]}"; do
      if [[ $spec == *=* ]]; then label+=" ${spec%%=*} (${spec#*=})"; else label+=" $spec"; fi
    done
    label=${label# }
  fi
  sip_step package "$location" "${1:${#where}+1}" "$label" sip_package_ensure "$location" "${specs[@]}"
}

# sip_pkgs_run COUNT LINES ROWS: a run of COUNT adjacent package steps of one plain package
# each, as the compiler prints it (compiler/emit/package-runs.ts). When every package name of
# the program is installed (SIP_PKG_ALL, of a current cache) and no report is open, every step
# is "ok": LINES is the printf format of their lines ("LOCATION  %*spackage NAME  %sok%s" a
# step), printed at once. Otherwise the steps run one by one, as sip_all runs a list: ROWS
# holds their rows of SIP_PKG_STEPS after their names ("FN|NAME|LOCATION|PATH" a line).
sip_pkgs_run() {
  if [[ -z $SIP_REPORT_FD && ${#SIP_PKG_AHEAD[@]} == 0 ]] && sip_pkgs_all_installed; then
    if [[ -z $SIP_C_OK && $SIP_DEPTH == 0 ]]; then
      # (with no arguments a `%*s` is empty, as is a `%s`)
      # shellcheck disable=SC2059 # the compiler's format, locations escaped for printf
      printf "$2" >&2
    else
      # the indentation and the colours, a step's worth (4 arguments) COUNT times, doubled
      local -a fill=($((SIP_DEPTH * 2)) '' "$SIP_C_OK" "$SIP_C_RESET")
      while ((${#fill[@]} < $1 * 4)); do fill+=("${fill[@]}"); done
      # shellcheck disable=SC2059 # the compiler's format, locations escaped for printf
      printf "$2" "${fill[@]:0:$1 * 4}" >&2
    fi
    ((SIP_COUNT_OK += $1))
    return 0
  fi
  sip_pkgs_rows "$3"
}

# sip_pkgs_all_installed: 0 when every package name of the program is installed, the cache
# read as the first package step would have read it (a family with a package tool; a cache
# that cannot be read is left to the steps, which say so).
sip_pkgs_all_installed() {
  case $SIP_FAMILY in
    debian | redhat | suse) ;;
    *) return 1 ;;
  esac
  [[ $SIP_PKG_TOOL_OK == 1 ]] || sip_pkg_tool_ok "$SIP_FAMILY"
  ((SIP_PKG_TOOL_OK)) && sip_pkg_cache_current "$SIP_FAMILY" && ((SIP_PKG_ALL))
}

# sip_pkgs_rows ROWS: define the rows of SIP_PKG_STEPS and run their steps with sip_all.
sip_pkgs_rows() {
  local IFS=$'\n' row
  local -a rows fns=()
  set -f
  # shellcheck disable=SC2206 # one row a line, globbing off
  rows=($1)
  set +f
  for row in "${rows[@]}"; do
    # shellcheck disable=SC2034 # read by sip_all and sip_pkg_step
    SIP_PKG_STEPS[${row%%|*}]=${row#*|}
    fns+=("${row%%|*}")
  done
  IFS=$' \t\n' # bash's own, for the steps
  sip_all "${fns[@]}"
}

# sip_package_ensure LOCATION SPEC...
sip_package_ensure() {
  local location=$1 family=$SIP_FAMILY rc spec n=1
  # fast path, no function call: the cache is current, no adjacent step installed packages
  # for this one (SIP_PKG_AHEAD), and every SPEC is a name found in the cache (every one is
  # when the cache holds every name of the program, SIP_PKG_ALL, and no version is asked for)
  if ((SIP_PKG_LOADED == 1 && ${#SIP_PKG_AHEAD[@]} == 0)); then
    ((SIP_PKG_ALL)) && [[ ${*:2} != *=* ]] && return 0
    for spec in "${@:2}"; do
      [[ $spec != *=* && -n ${SIP_PKGS[$spec]+set} ]] || break
      ((n += 1))
    done
    ((n == $#)) && return 0
  fi
  local -a missing=() before=()
  case $family in
    debian | redhat | suse)
      [[ $SIP_PKG_TOOL_OK == 1 ]] || sip_pkg_tool_ok "$family"
      if ((!SIP_PKG_TOOL_OK)); then
        SIP_MESSAGE="cannot check packages on '$SIP_DISTRO' (family $family): $SIP_VALUE is not on this system; unsupported system (is --distro right?)"
        sip_error "$location: $SIP_MESSAGE"
        # shellcheck disable=SC2034 # read by sip_all/sip_any and sip_main
        SIP_FATAL=3
        return 1
      fi
      ;;
    *)
      # Fatal for the whole run (exit 3), but the step still ends normally, so that its
      # progress line and report event are written; SIP_FATAL stops every flow above it.
      SIP_MESSAGE="cannot check packages on '$SIP_DISTRO': its family is unknown (use --distro with a known id, e.g. debian, ubuntu, rocky, opensuse-leap)"
      sip_error "$location: $SIP_MESSAGE"
      # shellcheck disable=SC2034 # read by sip_all/sip_any and sip_main
      SIP_FATAL=3
      return 1
      ;;
  esac
  shift
  # The compiler only emits names matching ^[A-Za-z0-9][A-Za-z0-9._+:~-]*$ (versions: the same
  # characters, or empty); checked again here, before any tool runs, because a name that
  # started with "-" would reach the package tools as an option.
  sip_pkg_valid "$@" || {
    sip_fail "invalid package name or version in: $*"
    return 1
  }
  sip_pkg_missing "$family" "$@"
  rc=$?
  ((rc == 0)) || return 1
  if ((${#missing[@]} == 0)); then
    ((${#SIP_PKG_AHEAD[@]} == 0)) || sip_pkg_ahead_report "$@"
    return 0
  fi
  if ((SIP_TEST_ONLY)); then
    sip_fail "missing packages: ${missing[*]}"
    return 1
  fi
  before=("${missing[@]}")
  "sip_pkg_${family}_install" "${missing[@]}"
  rc=$?
  SIP_PKG_LOADED=0
  sip_pkg_missing "$family" "$@" || return 1
  if ((${#missing[@]} < ${#before[@]})); then
    ((SIP_CHANGES += 1))
  fi
  if ((${#missing[@]} > 0)); then
    sip_fail "could not install: ${missing[*]} (installer status $rc)"
    return 1
  fi
  # shellcheck disable=SC2034 # read by sip_step
  SIP_MESSAGE="installed: ${before[*]}"
  return 0
}

# sip_pkg_ahead_report SPEC...: the step's specs that sip_package_ahead installed count as
# this step's change (once).
sip_pkg_ahead_report() {
  local spec
  local -a got=()
  for spec in "$@"; do
    [[ -n ${SIP_PKG_AHEAD[$spec]+set} ]] || continue
    got+=("$spec")
    unset 'SIP_PKG_AHEAD[$spec]'
  done
  ((${#got[@]} > 0)) || return 0
  ((SIP_CHANGES += 1))
  # shellcheck disable=SC2034 # read by sip_step
  SIP_MESSAGE="installed: ${got[*]} (together with the adjacent package steps)"
  return 0
}

# SIP_PKG_TOOL_OK: '' = not looked for yet, 1 = the family's package tool is here, 0 = not.
declare -g SIP_PKG_TOOL_OK=''

# sip_pkg_tool_ok FAMILY: look once for the tool that reads the family's package database
# (dpkg-query; rpm); SIP_VALUE = its name. A wrong --distro (rpm on Debian) is an unsupported
# system (exit 3), not a "command not found" in the middle of the run.
sip_pkg_tool_ok() {
  local tool=rpm
  [[ $1 == debian ]] && tool=dpkg-query
  SIP_VALUE=$tool
  [[ -n $SIP_PKG_TOOL_OK ]] && return 0
  SIP_PKG_TOOL_OK=0
  if type -P "$tool" >/dev/null; then SIP_PKG_TOOL_OK=1; fi
  return 0
}

# sip_pkg_valid SPEC...: 0 when every SPEC is NAME or NAME=VERSION with a non-empty NAME, only
# the allowed characters, and no SPEC starts with "-" or "=". One pattern test over all of
# them (joined with the unit separator, which no SPEC can hold): no loop per package.
sip_pkg_valid() {
  local IFS=$'\x1f' all
  (($# > 0)) || return 1
  all=$'\x1f'"$*"$'\x1f'
  [[ $all != *[!A-Za-z0-9._+:~=$'\x1f'-]* && $all != *$'\x1f'[-=$'\x1f']* ]]
}

# sip_pkg_db_unchanged: 0 when there is a stamp and it is strictly newer than each of
# SIP_PKG_DB_FILES that exists (`-nt` is true of a missing second file, false of a missing
# stamp; a stamp is made only when one of them exists). Equal times (coarse clocks, bash
# without sub-second times) count as changed: safe, never stale. Runs after every script.
sip_pkg_db_unchanged() {
  local f
  [[ -n $SIP_PKG_STAMP ]] || return 1
  for f in "${SIP_PKG_DB_FILES[@]}"; do
    [[ $SIP_PKG_STAMP -nt $f ]] || return 1
  done
  return 0
}

# sip_pkg_stamp FAMILY: make a new stamp (in the temp dir: there is one when the program has
# script steps) and set SIP_PKG_DB_FILES; no stamp when none of the family's database files exists.
sip_pkg_stamp() {
  local f
  SIP_PKG_STAMP=''
  SIP_PKG_DB_FILES=(/var/lib/dpkg/status /var/lib/dpkg/updates)
  [[ $1 == debian ]] || SIP_PKG_DB_FILES=(/var/lib/rpm/rpmdb.sqlite /var/lib/rpm/rpmdb.sqlite-wal /var/lib/rpm/Packages /var/lib/rpm/Packages.db)
  # a program with script steps makes the temp dir at its first script anyway: made now, the
  # first read has a stamp, and the first script is not followed by a second read (a failure
  # is the first script's to report)
  if [[ -z $SIP_TMP ]] && ((${SIP_SCRIPT_STEPS:-0} > 0)); then sip_tmp_dir 2>/dev/null; fi
  [[ -n $SIP_TMP ]] || return 0
  for f in "${SIP_PKG_DB_FILES[@]}"; do
    [[ -e $f ]] || continue
    ((SIP_PKG_STAMPS += 1))
    if : 2>/dev/null >"$SIP_TMP/pkg-stamp-$SIP_PKG_STAMPS"; then SIP_PKG_STAMP=$SIP_TMP/pkg-stamp-$SIP_PKG_STAMPS; fi
    return 0
  done
  return 0
}

# sip_pkg_cache_current FAMILY: make the cache current: read the database when it was never
# read, after an install, or after a script when the database changed. Fails (printing
# nothing) when it cannot be read.
sip_pkg_cache_current() {
  local rc
  if ((SIP_PKG_LOADED == 2)); then
    if sip_pkg_db_unchanged; then SIP_PKG_LOADED=1; else SIP_PKG_LOADED=0; fi
  fi
  ((SIP_PKG_LOADED == 1)) && return 0
  # the stamp is written before the read, so a change made during or after the read makes
  # the database newer than it; a new file each time (its birth is its mtime; truncating an
  # old one need not update it)
  sip_pkg_stamp "$1"
  SIP_PKG_ALL=0
  "sip_pkg_${1}_load"
  rc=$?
  ((rc == 0)) || return 1
  SIP_PKG_LOADED=1
  return 0
}

# sip_pkg_missing FAMILY SPEC...: fill the caller's `missing` with the install specs
# (name=version, name-version, name) of the SPECs that are not installed, loading the cache
# when needed. Fails when the package database cannot be read. This loop runs once per
# package of the manifest: an installed package with no version costs two tests.
sip_pkg_missing() {
  local family=$1 rc spec name version
  shift
  missing=()
  sip_pkg_cache_current "$family"
  rc=$?
  if ((rc != 0)); then
    sip_fail "cannot read the installed-package database"
    return 1
  fi
  # every name of the program installed, and no version asked for: nothing is missing
  ((SIP_PKG_ALL)) && [[ $* != *=* ]] && return 0
  for spec in "$@"; do
    if [[ $spec == *=* ]]; then
      name=${spec%%=*} version=${spec#*=}
    else
      # fast path, no function call: installed and any version will do
      [[ -n ${SIP_PKGS[$spec]+set} ]] && continue
      name=$spec version=''
    fi
    "sip_pkg_${family}_has" "$name" "$version"
    rc=$?
    if ((rc != 0)); then
      "sip_pkg_${family}_spec" "$name" "$version"
      missing+=("$SIP_VALUE")
    fi
  done
  return 0
}

# ---- runtime/script.sh ----------------------------------------------------------
# script.sh — the `script` validator.
# sip_script_run LOCATION LABEL OUTPUT_NAME INTERP ARG BODY_FN [VAR=NAME]...
# BODY_FN writes the script's bytes on stdout; they go byte-exact to a mode 0700 file in
# SIP_TMP, one of the empty files made at the first script (sip_script_pool: one chmod for
# all, so a step spawns one process, the script itself); the directory goes at exit. The script runs as
# INTERP [ARG] FILE: the compiler gives the interpreter its first line names and at most
# one argument, exactly as the kernel would run it (so a noexec /tmp does not matter), or
# /bin/bash without a "#!" line; INTERP empty: read the "#!" line here (the compiler could
# not show it as a word: not UTF-8, or a NUL). The environment is clean: PATH, HOME=/root,
# LANG=C.UTF-8, the proxy variables that are set, distro, test_only, reconcile
# (1 - test_only), and VAR=<value of argument NAME> for each pair whose NAME is set. stdin
# is /dev/null, cwd is / (where sip_main runs the steps). The script's stdout goes to the
# program's stderr, or, with OUTPUT_NAME, into that argument (trailing newlines removed,
# only on success). The step of a script without output or pairs: sip_script_step.
# Exit status 0 is success. Afterwards the package cache is marked "stale unless the package
# database is unchanged" (SIP_PKG_LOADED=2, see pkg.sh).
# sip-requires: log tmp args step

declare -ga SIP_SCRIPT_SECRETS=()

# The program's exported variables and functions, listed once (at the first script), so that
# the script's environment is clean without `env -i` (one exec fewer per script). Listed
# through a file in SIP_TMP: builtins only, no command substitution. The environment every
# script gets (PATH, HOME, LANG, the proxy variables the program was given, distro), made at
# the same time: it cannot change during a run.
# How the clean environment is made (sip_script_child): SIP_SCRIPT_FAST=1, in the program
# itself around the fork: the exported names the script environment does not set
# (SIP_SCRIPT_UNEXPORT) are unexported, the script environment is declared as exported
# locals of the function that starts the script (the innermost exported level of a name is
# what the child gets), and the names are exported again once it has started; the child
# runs no shell code at all, it only execs. That is exact only when no function on the call
# stack has a local of an exported name (`export -n` would reach the local, not the global):
# true of upper-case names outside the runtime's own (SIP_*, IFS) and of the lower-case
# proxy variables, which no runtime function declares. Any other exported name, or an
# exported function: SIP_SCRIPT_FAST=0, the child unexports them itself (sip_script_exec).
# SIP_SCRIPT_HOT=1 (fast, and no report open): sip_script_step's hot path.
declare -ga SIP_SCRIPT_EXPORTED=() SIP_SCRIPT_EXPORTED_FN=() SIP_SCRIPT_ENV=() SIP_SCRIPT_UNEXPORT=()
declare -g SIP_SCRIPT_LISTED=0 SIP_SCRIPT_FAST=0 SIP_SCRIPT_HOT=0
# The script files (sip_script_pool): SIP_SCRIPT_STEPS (emitted: the program's script steps;
# 1 when not given) empty files made at the first script, SIP_SCRIPT_POOL of them; the one the
# running script was written to; the number used.
declare -g SIP_SCRIPT_STEPS=${SIP_SCRIPT_STEPS:-1} SIP_SCRIPT_POOL=0 SIP_SCRIPT_FILE='' SIP_SCRIPT_NEXT=0

# sip_script_list_exported: fill SIP_SCRIPT_EXPORTED(_FN), SIP_SCRIPT_ENV (with distro: the
# first script runs after detection), SIP_SCRIPT_UNEXPORT, SIP_SCRIPT_FAST and
# SIP_SCRIPT_HOT, once. Fails when the list cannot be written.
sip_script_list_exported() {
  local list=$SIP_TMP/environ var
  local -A given=()
  ((SIP_SCRIPT_LISTED)) && return 0
  SIP_SCRIPT_ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
  for var in http_proxy https_proxy ftp_proxy no_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY; do
    [[ -n ${!var+set} ]] && SIP_SCRIPT_ENV+=("$var=${!var}")
  done
  SIP_SCRIPT_ENV+=("distro=$SIP_DISTRO")
  for var in "${SIP_SCRIPT_ENV[@]}"; do given[${var%%=*}]=1; done
  compgen -e >"$list" || return 1
  mapfile -t SIP_SCRIPT_EXPORTED <"$list"
  declare -Fx >"$list" || return 1
  mapfile -t SIP_SCRIPT_EXPORTED_FN <"$list"
  SIP_SCRIPT_EXPORTED_FN=("${SIP_SCRIPT_EXPORTED_FN[@]#declare -fx }")
  : >"$list"
  SIP_SCRIPT_FAST=1
  ((${#SIP_SCRIPT_EXPORTED_FN[@]} == 0)) || SIP_SCRIPT_FAST=0
  for var in "${SIP_SCRIPT_EXPORTED[@]}"; do
    [[ -n ${given[$var]+set} ]] || SIP_SCRIPT_UNEXPORT+=("$var")
    case $var in
      SIP_* | IFS) SIP_SCRIPT_FAST=0 ;;
      http_proxy | https_proxy | ftp_proxy | no_proxy | all_proxy) ;;
      [A-Z]*) [[ $var != *[!A-Z0-9_]* ]] || SIP_SCRIPT_FAST=0 ;;
      *) SIP_SCRIPT_FAST=0 ;;
    esac
  done
  # (never the case, sip_main exports LC_ALL: the fast way does not test it)
  ((${#SIP_SCRIPT_UNEXPORT[@]} != 0)) || SIP_SCRIPT_FAST=0
  if ((SIP_SCRIPT_FAST)) && [[ -z $SIP_REPORT_FD ]]; then SIP_SCRIPT_HOT=1; fi
  sip_script_pool || return 1
  SIP_SCRIPT_LISTED=1
  return 0
}

# sip_script_pool: make SIP_SCRIPT_STEPS empty files of mode 0700 (one chmod for all): each
# script run appends its body to the next one (a few microseconds), where rewriting one file
# would truncate it first, and truncating a written file makes ext4 write it out at close
# (auto_da_alloc, ~0.2 ms). A step that runs again once they are all used (an any's second
# pass) rewrites the last one. Fails when a file cannot be made.
sip_script_pool() {
  local i n=$SIP_SCRIPT_STEPS
  local -a files=()
  ((n > 0)) || n=1
  for ((i = 1; i <= n; i++)); do
    : 2>/dev/null >"$SIP_TMP/script-$i" || return 1
    files+=("$SIP_TMP/script-$i")
  done
  # (the interpreter runs a file whatever its mode: a failure here fails no script)
  chmod 0700 -- "${files[@]}"
  SIP_SCRIPT_POOL=$n
  return 0
}

# sip_script_step LOCATION PATH LABEL INTERP ARG BODY_FN: the step of a script without output
# or env_vars whose interpreter the compiler read (compiler/kinds/script): what
# `sip_step script LOCATION PATH LABEL sip_script_run LOCATION LABEL '' INTERP ARG BODY_FN`
# does, with the same lines, counts and exit status. The hot path (SIP_SCRIPT_HOT: after the
# first script, without a report) writes the body, runs it, and prints and counts the "ok"
# line itself, or hands a failure to sip_step_end: two function calls fewer a script, and
# none of sip_step's work for report events and flows.
sip_script_step() {
  local rc
  if ((!SIP_SCRIPT_HOT)); then
    sip_step script "$1" "$2" "$3" sip_script_run "$1" "$3" '' "${@:4}"
    return
  fi
  if sip_script_write "$1" "$3" "$6"; then
    sip_script_child "$3" "$SIP_SCRIPT_FILE" "$4" "$5" >&2
    rc=$?
  else
    rc=1
  fi
  if ((rc == 0)); then
    ((SIP_COUNT_OK += 1))
    # shellcheck disable=SC2059 # SIP_STEP_LINE: step.sh
    printf "$SIP_STEP_LINE" "$1" $((SIP_DEPTH * 2)) '' script " $3" "$SIP_C_OK" ok "$SIP_C_RESET" '' >&2
    return 0
  fi
  # (the failure's message is set: sip_fail)
  sip_step_end "$rc" 0 "$SIP_CHANGES" 0 script "$1" "$2" "$3"
}

# sip_script_child LABEL FILE INTERP ARG PAIR...: run the script (INTERP [ARG] FILE) as a
# child in a process group of its own, stdin /dev/null, its stdout the caller's, with only
# the script environment in its environment: SIP_SCRIPT_ENV, test_only and reconcile, the
# step's own PAIRs (VAR=value) and the secrets (SIP_SCRIPT_SECRETS); wait for it. Then the
# package cache is marked stale unless the package database is unchanged
# (SIP_PKG_LOADED=2, pkg.sh). Fails, saying so, unless the script exited 0. The fast way
# (SIP_SCRIPT_FAST, above) when every PAIR name is lower case (or one the runner sets
# itself), else sip_script_exec in the child. A PAIR may be named like a local here (`rc`):
# the child has its environment before `rc` is set.
sip_script_child() {
  local rc
  if ((SIP_SCRIPT_FAST)) && { (($# == 4)) || sip_script_names_plain "${@:5}"; }; then
    export -n "${SIP_SCRIPT_UNEXPORT[@]}"
    # shellcheck disable=SC2163 # exports the NAME=VALUE pairs given; secrets: never on a command line
    local -x "${SIP_SCRIPT_ENV[@]}" "test_only=$SIP_TEST_ONLY" "reconcile=$((SIP_TEST_ONLY ? 0 : 1))" \
      "${@:5}" "${SIP_SCRIPT_SECRETS[@]}"
    set -m
    "$3" ${4:+"$4"} "$2" </dev/null &
    SIP_CHILD_PID=$!
    set +m
    # (no local has these names: the script environment does not set them)
    export "${SIP_SCRIPT_UNEXPORT[@]}"
    wait "$SIP_CHILD_PID"
    rc=$?
    SIP_CHILD_PID=''
  else
    sip_run_child sip_script_exec "${@:2:3}" "${SIP_SCRIPT_ENV[@]}" "test_only=$SIP_TEST_ONLY" \
      "reconcile=$((SIP_TEST_ONLY ? 0 : 1))" "${@:5}"
    rc=$?
  fi
  # shellcheck disable=SC2034 # read by pkg.sh: a script may have changed the packages
  ((SIP_PKG_LOADED == 0)) || SIP_PKG_LOADED=2
  ((rc == 0)) && return 0
  sip_fail "script $1 exited with status $rc"
}

# sip_script_names_plain PAIR...: 0 when each pair's name is lower case ([a-z0-9_], not
# starting with a digit) or one the runner sets itself.
sip_script_names_plain() {
  local pair
  for pair; do
    case ${pair%%=*} in
      PATH | HOME | LANG | HTTP_PROXY | HTTPS_PROXY | FTP_PROXY | NO_PROXY | ALL_PROXY) ;;
      *[!a-z0-9_]* | [0-9]*) return 1 ;;
      *) ;;
    esac
  done
  return 0
}

# sip_script_exec FILE INTERP ARG ENV...: the child, the slow way: clean environment (only
# the ENV pairs exported), run. Every level of each exported name and of each ENV name is
# unset (the program's globals and the locals of the functions it was called from, which
# may shadow them, hold arrays, or be exported themselves: bash's environment takes the
# innermost exported level of a name), then the pairs are declared as exported globals.
# Only positional parameters are used after that, so an ENV name cannot change what runs. A
# name that could be one of bash's own variables (not lower case, and not one of the names
# the runner sets itself: PATH, HOME, LANG, proxies) takes `env -i`, which passes any name
# as it is.
sip_script_exec() {
  local pair
  for pair in "${@:4}"; do
    case ${pair%%=*} in
      PATH | HOME | LANG | HTTP_PROXY | HTTPS_PROXY | FTP_PROXY | NO_PROXY | ALL_PROXY) ;;
      *[!a-z0-9_]* | [0-9]*)
        ((${#SIP_SCRIPT_SECRETS[@]} == 0)) || sip_script_exec_secret "$@"
        if [[ -n $3 ]]; then exec env -i "${@:4}" "$2" "$3" "$1"; fi
        exec env -i "${@:4}" "$2" "$1"
        ;;
      *) ;;
    esac
  done
  # (the loop's own `pair` goes too when a name is "pair": the list was expanded before)
  for pair in "${SIP_SCRIPT_EXPORTED[@]}" "${@:4}" "${SIP_SCRIPT_SECRETS[@]}"; do
    sip_script_unset_all "${pair%%=*}"
  done
  ((${#SIP_SCRIPT_EXPORTED_FN[@]} == 0)) || export -nf "${SIP_SCRIPT_EXPORTED_FN[@]}" || exit 127
  (($# == 3)) || declare -gx "${@:4}" || exit 127
  # secrets: exported here, never on a command line
  ((${#SIP_SCRIPT_SECRETS[@]} == 0)) || declare -gx "${SIP_SCRIPT_SECRETS[@]}" || exit 127
  if [[ -n $3 ]]; then
    exec "$2" "$3" "$1"
  fi
  exec "$2" "$1"
}

# sip_script_unset_all NAME: unset every level of variable NAME (in a child about to exec: the
# functions it was called from never see it again); a readonly one is only unexported.
sip_script_unset_all() {
  while declare -p -- "$1" >/dev/null 2>&1; do
    unset -v -- "$1" 2>/dev/null || {
      export -n -- "${1?}"
      return 0
    }
  done
  return 0
}

# sip_script_exec_secret FILE INTERP ARG ENV...: the child when secrets meet a name that
# needs `env -i` (whose command line ps would show): empty the environment by unsetting
# every exported name, export the pairs and the secrets, and replace itself with the script.
sip_script_exec_secret() {
  local __sip_v
  for __sip_v in $(compgen -e); do unset -v "$__sip_v" 2>/dev/null; done
  for __sip_v in "${@:4}" "${SIP_SCRIPT_SECRETS[@]}"; do export "${__sip_v?}"; done
  if [[ -n $3 ]]; then exec "$2" "$3" "$1"; fi
  exec "$2" "$1"
}

sip_script_run() {
  local location=$1 label=$2 output=$3 interp=$4 arg=$5 body_fn=$6 file rc
  local -a env
  shift 6
  # Small on purpose, the rarer parts in the helpers below: bash copies a function's whole
  # body at every call, about 6,000 instructions a line.
  # (each helper only once a run: the tests here spare the calls)
  [[ -n $SIP_TMP ]] || sip_tmp_dir || {
    sip_fail "$location: cannot create a temporary directory under ${TMPDIR:-/tmp}"
    return 1
  }
  ((SIP_SCRIPT_LISTED)) || sip_script_list_exported || {
    sip_fail "$location: cannot write to the temporary directory $SIP_TMP"
    return 1
  }
  sip_script_write "$location" "$label" "$body_fn" || return 1
  file=$SIP_SCRIPT_FILE
  [[ -n $interp ]] || sip_script_interpreter "$file"
  (($# == 0)) || sip_script_pairs "$@"
  if [[ -n $output ]]; then
    sip_script_run_output "$label" "$output" "$file"
  else
    sip_script_child "$label" "$file" "$interp" "$arg" "${env[@]}" >&2
  fi
  rc=$?
  # the secrets are held only while the step runs (empty between steps: sip_script_step)
  SIP_SCRIPT_SECRETS=()
  return "$rc"
}

# sip_script_write LOCATION LABEL BODY_FN: write the body to the next script file of the
# pool, or the last one again (SIP_SCRIPT_FILE), mode 0700. An empty file is appended to
# (no truncation: see sip_script_pool); one that is not (the last one again, or a file a
# script wrote to) is rewritten. Fails, saying so, when it cannot.
sip_script_write() {
  local file
  # a script removed the temp dir (a clean-up of /tmp, say): a new one, with new files
  [[ -d $SIP_TMP ]] || sip_script_tmp_again "$1" || return 1
  file=$SIP_SCRIPT_FILE
  if ((SIP_SCRIPT_NEXT < SIP_SCRIPT_POOL)); then
    ((SIP_SCRIPT_NEXT += 1))
    file=$SIP_TMP/script-$SIP_SCRIPT_NEXT
  fi
  SIP_SCRIPT_FILE=$file
  if [[ -s $file ]]; then "$3" >"$file"; else "$3" >>"$file"; fi || {
    sip_fail "$1: cannot write the script $2 to $file"
    return 1
  }
  # again only when a script removed (or changed the mode of) a file of the pool (the
  # interpreter runs the file whatever its mode)
  [[ -x $file ]] || chmod 0700 -- "$file"
  return 0
}

# sip_script_tmp_again LOCATION: the temp dir is gone: say so, make a new one and its script
# files (the package cache's stamp went with the old one: the cache is read again). Fails,
# saying so, when it cannot.
sip_script_tmp_again() {
  sip_warn "$1: the temporary directory $SIP_TMP is gone (did a script clean up ${TMPDIR:-/tmp}?): making a new one"
  SIP_TMP='' SIP_SCRIPT_NEXT=0 SIP_SCRIPT_POOL=0 SIP_SCRIPT_FILE=''
  sip_tmp_dir && sip_script_pool && return 0
  sip_fail "$1: cannot create a temporary directory under ${TMPDIR:-/tmp}"
}

# sip_script_interpreter FILE: set the caller's `interp` and `arg` from FILE's "#!" line,
# as the kernel reads it: the interpreter, then at most one argument (the rest of the line,
# blanks around it removed); /bin/bash without one.
sip_script_interpreter() {
  local line
  interp=/bin/bash arg=''
  IFS= read -r line <"$1"
  [[ $line == '#!'* ]] || return 0
  line=${line#\#!}
  line=${line#"${line%%[! $'\t']*}"}
  interp=${line%%[ $'\t']*}
  arg=${line:${#interp}}
  arg=${arg#"${arg%%[! $'\t']*}"}
  arg=${arg%"${arg##*[! $'\t']}"}
  return 0
}

# sip_script_pairs VAR=NAME...: add to the caller's `env` (the step's own pairs)
# VAR=<value of argument NAME> for each pair whose NAME is set, and to SIP_SCRIPT_SECRETS the
# secret ones.
sip_script_pairs() {
  local pair var name
  for pair in "$@"; do
    var=${pair%%=*} name=${pair#*=}
    [[ -n ${SIP_ARGS[$name]+set} ]] || continue
    if sip_arg_is_secret "$name"; then
      SIP_SCRIPT_SECRETS+=("$var=${SIP_ARGS[$name]}")
    else
      env+=("$var=${SIP_ARGS[$name]}")
    fi
  done
  return 0
}

# sip_script_run_output LABEL OUTPUT_NAME FILE: run the script of sip_script_run (its `interp`,
# `arg` and `env`) with its stdout stored, when it succeeds, in argument OUTPUT_NAME: read
# whole (no command substitution: no fork), NUL bytes dropped, trailing newlines removed.
sip_script_run_output() {
  local label=$1 output=$2 file=$3 out=$SIP_TMP/output value=''
  sip_script_child "$label" "$file" "$interp" "$arg" "${env[@]}" >"$out" || {
    : >"$out"
    return 1
  }
  IFS= read -r -d '' value <"$out"
  value=${value%"${value##*[!$'\n']}"}
  : >"$out"
  sip_arg_set "$output" "$value"
}

# ---- script bodies ------------------------------------------------------------------------

# hello.sh
sip_body_1() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' '#!/bin/bash
# Prints "<greeting> world" (stored in hello-output); checks the token it was given.
[ "$TOKEN" = s3cret ] || { echo "wrong token" >&2; exit 1; }
echo "$greeting world"
'
}

# resources/sip-motd
sip_body_2() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' 'Welcome to a sahara-image-pack image (every-kind).
'
}

# record-environment (inline)
sip_body_3() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' 'env | LC_ALL=C sort > /root/sip-env.txt
'
}

# ---- validators ---------------------------------------------------------------------------

# image.yaml:18:5 validators[0].os_case
sip_v0() { sip_step os_case image.yaml:18:5 'validators[0].os_case' 'rocky | debian | redhat' sip_v0_body; }
sip_v0_body() {
  if sip_os_matches rocky; then # image.yaml:19:9
    sip_all sip_v0_0_0
  elif sip_os_matches debian; then # image.yaml:21:9
    sip_all sip_v0_1_0
  elif sip_os_matches redhat; then # image.yaml:23:9
    sip_all sip_v0_2_0
  else
    SIP_NOT_SELECTED=1 SIP_OS_NONE+=(image.yaml:18:5)
  fi
}

# image.yaml:28:5 validators[2].argument_case
sip_v2() { sip_step argument_case image.yaml:28:5 'validators[2].argument_case' flavour sip_v2_body; }
sip_v2_body() {
  sip_arg_get flavour || return 1
  case $SIP_VALUE in
    tool) # image.yaml:31:9
      sip_all sip_v2_0_0
      ;;
    none) # image.yaml:33:9
      return 0
      ;;
    *) SIP_NOT_SELECTED=1 ;;
  esac
}

# image.yaml:34:5 validators[3].any
sip_v3() { sip_step any image.yaml:34:5 'validators[3].any' '2 validators' sip_v3_body; }
sip_v3_body() {
  sip_any sip_v3_0 sip_v3_1
}

# image.yaml:36:9 validators[3].any[1].all
sip_v3_1() { sip_step all image.yaml:36:9 'validators[3].any[1].all' '2 validators' sip_v3_1_body; }
sip_v3_1_body() {
  sip_all sip_v3_1_0 sip_v3_1_1
}

# image.yaml:38:13 validators[3].any[1].all[1].argument_set
sip_v3_1_1() {
  sip_step argument_set image.yaml:38:13 'validators[3].any[1].all[1].argument_set' 'extra=hello-present' \
    sip_arg_set extra hello-present
}

# image.yaml:41:5 validators[4].script
sip_v4() {
  sip_step script image.yaml:41:5 'validators[4].script' hello.sh \
    sip_script_run image.yaml:41:5 hello.sh hello-output /bin/bash '' sip_body_1 \
    'greeting=greeting' \
    'TOKEN=secret-token' \
    'extra=extra'
}

# image.yaml:45:5 validators[5].argument_case
sip_v5() { sip_step argument_case image.yaml:45:5 'validators[5].argument_case' hello-output sip_v5_body; }
sip_v5_body() {
  sip_arg_get hello-output || return 1
  case $SIP_VALUE in
    'hello world') # image.yaml:48:9
      sip_all sip_v5_0_0
      ;;
    *) SIP_NOT_SELECTED=1 ;;
  esac
}

# image.yaml:49:13 validators[5].argument_case.cases."hello world"[0].copy_script
sip_v5_0_0() {
  sip_step copy_script image.yaml:49:13 'validators[5].argument_case.cases."hello world"[0].copy_script' 'resources/sip-motd -> /tmp/sip-motd' \
    sip_copy_script image.yaml:49:13 /tmp/sip-motd sip_body_2
}

# image.yaml:50:5 validators[6].script
sip_v6() {
  sip_script_step image.yaml:50:5 'validators[6].script' record-environment /bin/bash '' sip_body_3
}

# The manifest's validators list, run as an all.
sip_validators() {
  sip_all sip_v0 sip_v1 sip_v2 sip_v3 sip_v4 sip_v5 sip_v6
}

sip_main "$@"
