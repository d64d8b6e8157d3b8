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
