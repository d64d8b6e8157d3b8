#!/bin/bash
# shellcheck disable=SC2317 # functions are called by name (sip_all, sip_any, sip_step), which shellcheck cannot follow
# shellcheck disable=SC2292 # [ ], not [[ ]]: this line guards against sh, which must be able to read it
[ -n "${BASH_VERSION:-}" ] || { echo 'This program needs bash: run it as "bash FILE", not with sh.' >&2; exit 3; }
# image.yaml: a sahara-image-pack program.
#   manifest sha256 f13a12a38ac04af0c8bfd6c176e18b882e981dbd4832b04918d74c78c53843f1
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
SIP_MANIFEST_SHA256='f13a12a38ac04af0c8bfd6c176e18b882e981dbd4832b04918d74c78c53843f1'
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
# (Declared, then assigned: an assignment inside declare is parsed once more.)
declare -A SIP_NAME_VARS
# shellcheck disable=SC2034 # not read at run time
SIP_NAME_VARS=(
)

# The program's script steps: the script runner makes as many empty script files at the first
# script, with one chmod (runtime/script.sh).
# shellcheck disable=SC2034 # read by runtime/script.sh
SIP_SCRIPT_STEPS=1

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

# contains-delimiter.sh
sip_body_1() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' '#!/bin/bash
# This script mentions SIP_SCRIPT and SIP_SCRIPT_1, and has a line that is exactly the
# first delimiter, so the program must pick another one.
cat <<'\''SIP_SCRIPT'\''
inside
SIP_SCRIPT
echo SIP_SCRIPT_1
'
}

# ---- validators ---------------------------------------------------------------------------

# image.yaml:3:5 validators[0].script
sip_v0() {
  sip_script_step image.yaml:3:5 'validators[0].script' contains-delimiter.sh /bin/bash '' sip_body_1
}

# image.yaml:4:5 validators[1].copy_script
sip_v1() {
  sip_step copy_script image.yaml:4:5 'validators[1].copy_script' 'contains-delimiter.sh -> /tmp/contains-delimiter.sh' \
    sip_copy_script image.yaml:4:5 /tmp/contains-delimiter.sh sip_body_1
}

# The manifest's validators list, run as an all.
sip_validators() {
  sip_all sip_v0 sip_v1
}

sip_main "$@"
