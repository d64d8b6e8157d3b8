#!/bin/bash
# shellcheck disable=SC2317 # functions are called by name (sip_all, sip_any, sip_step), which shellcheck cannot follow
# shellcheck disable=SC2292 # [ ], not [[ ]]: this line guards against sh, which must be able to read it
[ -n "${BASH_VERSION:-}" ] || { echo 'This program needs bash: run it as "bash FILE", not with sh.' >&2; exit 3; }
# image.yaml: a sahara-image-pack program.
#   manifest sha256 aa5f3f905afb7adf437e089d2c3953380e0c62b11115114f4cc540f186068356
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
SIP_MANIFEST_SHA256='aa5f3f905afb7adf437e089d2c3953380e0c62b11115114f4cc540f186068356'
SIP_COMPILER_VERSION='sahara-image-pack 0.0.0-golden'

# Declared arguments, one column per argument.
SIP_ARG_NAMES=("it's \$(touch /tmp/pwned-name)" backtick quote-breaker 'esac')
# shellcheck disable=SC2034 # read for secrets (SIP_SECRET_<VAR>)
SIP_ARG_VARS=(ITS backtick quote_breaker 'esac')
SIP_ARG_DESCRIPTIONS=($'a \'quoted\' "description" with $HOME, `id`, a\nnewline and \e[31mcolour' "\`touch /tmp/pwned-backtick\`" '' '')
SIP_ARG_DEFAULTS=("\$(touch /tmp/pwned-default)" $'`touch /tmp/pwned-backtick` !! !$ \\' "x' ; touch /tmp/pwned-quote; echo '" 'done')
SIP_ARG_HAS_DEFAULT=(1 1 1 1)
SIP_ARG_REQUIRED=(0 0 0 0)
SIP_ARG_HIDDEN=(0 0 0 0)
SIP_ARG_SECRET=(0 0 0 0)
# shellcheck disable=SC2034 # read by the runtime through an indirect reference
SIP_ARG_CHOICES_0=("\$(touch /tmp/pwned-default)" '; touch /tmp/pwned-semicolon' '*' '' --help $'a\nb' $'é \xe2\x80\xaertl')

# Every name the program may store a value under -> the shell variable scripts see it as
# (for reviewers: the script runner gets VAR=NAME pairs from each script step).
# (Declared, then assigned: an assignment inside declare is parsed once more.)
declare -A SIP_NAME_VARS
# shellcheck disable=SC2034 # not read at run time
SIP_NAME_VARS=(
  ["it's \$(touch /tmp/pwned-name)"]=ITS
  [backtick]=backtick
  [quote-breaker]=quote_breaker
  ['esac']='esac'
  [star-selected]=star_selected
  [set-by-manifest]=set_by_manifest
  [script-output]=script_output
)

# The program's script steps: the script runner makes as many empty script files at the first
# script, with one chmod (runtime/script.sh).
# shellcheck disable=SC2034 # read by runtime/script.sh
SIP_SCRIPT_STEPS=4

# ---- runtime/distro.sh ----------------------------------------------------------
# runtime/distro.sh sha256 24ff8b0f062a7dfe125d83397263b0bb914cbd69c36ef1132f27329c909bb628 (in full in every-kind.sh)

# ---- runtime/json.sh ----------------------------------------------------------
# runtime/json.sh sha256 97fe3660ef155bdeab047821f93741837bc2a99dc4fae3095450857490fe6f98 (in full in every-kind.sh)

# ---- runtime/log.sh ----------------------------------------------------------
# runtime/log.sh sha256 6c2076bbdac296f8b83e04870b6408b14cb05fcc50b4b9473db298f8313bee84 (in full in every-kind.sh)

# ---- runtime/args.sh ----------------------------------------------------------
# runtime/args.sh sha256 5aafd659a38fad0a98de1d8a1fa649e6e7f7cd12195b040ac57a51ba667357a2 (in full in every-kind.sh)

# ---- runtime/flow.sh ----------------------------------------------------------
# runtime/flow.sh sha256 40a31e2f8ef12fac92c429e8a3617307db120cfcff34284bf76dc18e1e0cba23 (in full in every-kind.sh)

# ---- runtime/report.sh ----------------------------------------------------------
# runtime/report.sh sha256 996817f83ce180affdca63a1bcda37faad19bbbbd6c0e8a3a463795996b7fe3a (in full in every-kind.sh)

# ---- runtime/step.sh ----------------------------------------------------------
# runtime/step.sh sha256 641d9643e846fb2fa94e327fa037039c86f79e8d1f018503c3c96146e09bb352 (in full in every-kind.sh)

# ---- runtime/tmp.sh ----------------------------------------------------------
# runtime/tmp.sh sha256 eaf26ea43bd4f3183e150dab7dcfe45963c044a0317638860cefd10a1b7a6268 (in full in every-kind.sh)

# ---- runtime/copy-script.sh ----------------------------------------------------------
# runtime/copy-script.sh sha256 a442313186b32af9b146c776b4d468614c878a0b1016ee89dc306d709a204675 (in full in every-kind.sh)

# ---- runtime/main.sh ----------------------------------------------------------
# runtime/main.sh sha256 c99cf78e4d7f1e7e365b16911af6c686ac8061abc0cdb2d14d1a71a0ab219a1a (in full in every-kind.sh)

# ---- runtime/script.sh ----------------------------------------------------------
# runtime/script.sh sha256 2d05c94b94c9d6a16427ba1a32bbc8dab343ef268dfbdda35f8ff459c1622b48 (in full in every-kind.sh)

# ---- script bodies ------------------------------------------------------------------------

# show-env.sh
sip_body_1() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' '#!/bin/bash
# Records the variables it was given, NUL-separated name=value pairs, in /root/show-env.out.
for v in ITS backtick quote_breaker esac; do
  if [[ -n ${!v+set} ]]; then printf '\''%s=%s\0'\'' "$v" "${!v}"; fi
done >/root/show-env.out
'
}

# label $(touch /tmp/pwned-label) (inline)
sip_body_2() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' 'echo '\''$(not expanded)'\'' "${HOME}" `echo backticks run only inside the script`
'
}

# dir/evil name; touch pwned $(id) (inline)
sip_body_3() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' '$(touch /tmp/pwned-copy)
'
}

# ---- validators ---------------------------------------------------------------------------

# image.yaml:18:5 validators[0].argument_case
sip_v0() { sip_step argument_case image.yaml:18:5 'validators[0].argument_case' "it's \$(touch /tmp/pwned-name)" sip_v0_body; }
sip_v0_body() {
  sip_arg_get "it's \$(touch /tmp/pwned-name)" || return 1
  case $SIP_VALUE in
    "\$(touch /tmp/pwned-default)") # image.yaml:21:9
      sip_all sip_v0_0_0
      ;;
    '*') # image.yaml:25:9
      sip_all sip_v0_1_0
      ;;
    '; touch /tmp/pwned-semicolon') # image.yaml:29:9
      return 0
      ;;
    '') # image.yaml:30:9
      return 0
      ;;
    --help) # image.yaml:31:9
      return 0
      ;;
    $'a\nb') # image.yaml:32:9
      return 0
      ;;
    $'é \xe2\x80\xaertl') # image.yaml:33:9
      return 0
      ;;
    *) SIP_NOT_SELECTED=1 ;;
  esac
}

# image.yaml:22:13 validators[0].argument_case.cases."$(touch /tmp/pwned-default)"[0].script
sip_v0_0_0() {
  sip_step script image.yaml:22:13 "validators[0].argument_case.cases.\"\$(touch /tmp/pwned-default)\"[0].script" show-env.sh \
    sip_script_run image.yaml:22:13 show-env.sh '' /bin/bash '' sip_body_1 \
    "ITS=it's \$(touch /tmp/pwned-name)" \
    'backtick=backtick' \
    'quote_breaker=quote-breaker' \
    'esac=esac'
}

# image.yaml:26:13 validators[0].argument_case.cases."*"[0].argument_set
sip_v0_1_0() {
  sip_step argument_set image.yaml:26:13 'validators[0].argument_case.cases."*"[0].argument_set' star-selected=yes \
    sip_arg_set star-selected yes
}

# image.yaml:34:5 validators[1].argument_set
sip_v1() {
  sip_step argument_set image.yaml:34:5 'validators[1].argument_set' $'set-by-manifest=$(touch /tmp/pwned-set-value)\n`id`' \
    sip_arg_set set-by-manifest $'$(touch /tmp/pwned-set-value)\n`id`'
}

# image.yaml:37:5 validators[2].os_case
sip_v2() { sip_step os_case image.yaml:37:5 'validators[2].os_case' "\$(touch /tmp/pwned-os) | *" sip_v2_body; }
sip_v2_body() {
  if sip_os_matches "\$(touch /tmp/pwned-os)"; then # image.yaml:38:9
    sip_all sip_v2_0_0
  elif sip_os_matches '*'; then # image.yaml:40:9
    sip_all sip_v2_1_0
  else
    SIP_NOT_SELECTED=1 SIP_OS_NONE+=(image.yaml:37:5)
  fi
}

# image.yaml:39:13 validators[2].os_case[0]."$(touch /tmp/pwned-os)"[0].script
sip_v2_0_0() {
  sip_script_step image.yaml:39:13 "validators[2].os_case[0].\"\$(touch /tmp/pwned-os)\"[0].script" show-env.sh /bin/bash '' sip_body_1
}

# image.yaml:41:13 validators[2].os_case[1]."*"[0].script
sip_v2_1_0() {
  sip_script_step image.yaml:41:13 'validators[2].os_case[1]."*"[0].script' show-env.sh /bin/bash '' sip_body_1
}

# image.yaml:42:5 validators[3].script
sip_v3() {
  sip_step script image.yaml:42:5 'validators[3].script' "label \$(touch /tmp/pwned-label)" \
    sip_script_run image.yaml:42:5 "label \$(touch /tmp/pwned-label)" script-output /bin/bash '' sip_body_2
}

# image.yaml:47:5 validators[4].copy_script
sip_v4() {
  sip_step copy_script image.yaml:47:5 'validators[4].copy_script' "dir/evil name; touch pwned \$(id) -> /tmp/evil name; touch pwned \$(id)" \
    sip_copy_script image.yaml:47:5 "/tmp/evil name; touch pwned \$(id)" sip_body_3
}

# The manifest's validators list, run as an all.
sip_validators() {
  sip_all sip_v0 sip_v1 sip_v2 sip_v3 sip_v4
}

sip_main "$@"
