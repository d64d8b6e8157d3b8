#!/bin/bash
# shellcheck disable=SC2317 # functions are called by name (sip_all, sip_any, sip_step), which shellcheck cannot follow
# shellcheck disable=SC2292 # [ ], not [[ ]]: this line guards against sh, which must be able to read it
[ -n "${BASH_VERSION:-}" ] || { echo 'This program needs bash: run it as "bash FILE", not with sh.' >&2; exit 3; }
# image.yaml: a sahara-image-pack program.
#   manifest sha256 274e2d50d3c50b8e9a97649ccc0688b3f14916695c501c9b2a541674d5004dd9
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
SIP_MANIFEST_SHA256=274e2d50d3c50b8e9a97649ccc0688b3f14916695c501c9b2a541674d5004dd9
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

# Every package name the manifest uses: the package database is asked about these only.
# shellcheck disable=SC2034 # read by runtime/pkg-debian.sh
SIP_PACKAGE_NAMES=(sip-a sip-b sip-c sip-d sip-e sip-f sip-g sip-h sip-i)

# The program's script steps: the script runner makes as many empty script files at the first
# script, with one chmod (runtime/script.sh).
# shellcheck disable=SC2034 # read by runtime/script.sh
SIP_SCRIPT_STEPS=1

# The package steps: not functions but rows, step name -> "specs|location|path", run by
# sip_pkg_step (runtime/pkg.sh) with the label "name" or "name (version)". Adjacent steps are
# installed together (pkg-ahead.sh), and sip_all reports a step of one installed plain package
# "ok" itself (flow.sh); the steps of a run (sip_pkgs_run, with the validators) have their rows
# there. Specs never hold a "|" or a space (sip_pkg_valid), paths no "|".
# (One assignment a row: a compound assignment is parsed twice.)
declare -A SIP_PKG_STEPS
SIP_PKG_STEPS[sip_v4]='sip-d|image.yaml:11:5|validators[4].package'
SIP_PKG_STEPS[sip_v5]='sip-e=1.0|image.yaml:12:5|validators[5].package'

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

# ---- runtime/pkg-ahead.sh ----------------------------------------------------------
# runtime/pkg-ahead.sh sha256 51e049f16cab3fe5a75336609dccc313552db169ef1a212667b64cf26923bfe2 (in full in every-kind.sh)

# ---- runtime/report.sh ----------------------------------------------------------
# runtime/report.sh sha256 996817f83ce180affdca63a1bcda37faad19bbbbd6c0e8a3a463795996b7fe3a (in full in every-kind.sh)

# ---- runtime/step.sh ----------------------------------------------------------
# runtime/step.sh sha256 641d9643e846fb2fa94e327fa037039c86f79e8d1f018503c3c96146e09bb352 (in full in every-kind.sh)

# ---- runtime/tmp.sh ----------------------------------------------------------
# runtime/tmp.sh sha256 eaf26ea43bd4f3183e150dab7dcfe45963c044a0317638860cefd10a1b7a6268 (in full in every-kind.sh)

# ---- runtime/main.sh ----------------------------------------------------------
# runtime/main.sh sha256 c99cf78e4d7f1e7e365b16911af6c686ac8061abc0cdb2d14d1a71a0ab219a1a (in full in every-kind.sh)

# ---- runtime/pkg-debian.sh ----------------------------------------------------------
# runtime/pkg-debian.sh sha256 71d80440ad45c930184e6e0ced8066ded3ae4ee5ae39a5f202de5680acf57a7a (in full in every-kind.sh)

# ---- runtime/pkg-rpm.sh ----------------------------------------------------------
# runtime/pkg-rpm.sh sha256 ac476b013bcef07c985b8f4ce2f513f6f2ec781090d2c7d80bae1d51a3dee599 (in full in every-kind.sh)

# ---- runtime/pkg-redhat.sh ----------------------------------------------------------
# runtime/pkg-redhat.sh sha256 8f46d798e299fe0689ac009b8449724579b7cdbc1e08082e62c2eaed335c46eb (in full in every-kind.sh)

# ---- runtime/pkg-suse.sh ----------------------------------------------------------
# runtime/pkg-suse.sh sha256 f9ba40c6278d6ee740367a70955ec6c732b627fd986286dd3ee013bd172a9367 (in full in every-kind.sh)

# ---- runtime/pkg.sh ----------------------------------------------------------
# runtime/pkg.sh sha256 6dd192960f971ec98e81aac96d7c7c37a5975a613237e00c65de69233fecfee2 (in full in every-kind.sh)

# ---- runtime/script.sh ----------------------------------------------------------
# runtime/script.sh sha256 2d05c94b94c9d6a16427ba1a32bbc8dab343ef268dfbdda35f8ff459c1622b48 (in full in every-kind.sh)

# ---- script bodies ------------------------------------------------------------------------

# between (inline)
sip_body_1() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' 'exit 0'
}

# ---- validators ---------------------------------------------------------------------------

# image.yaml:8:5 validators[3].script
sip_v3() {
  sip_script_step image.yaml:8:5 'validators[3].script' between /bin/bash '' sip_body_1
}

# image.yaml:13:5 validators[6].all
sip_v6() { sip_step all image.yaml:13:5 'validators[6].all' '2 validators' sip_v6_body; }
sip_v6_body() {
  sip_all sip_v6_0_run
}

# image.yaml:16:5 validators[7].os_case
sip_v7() { sip_step os_case image.yaml:16:5 'validators[7].os_case' debian sip_v7_body; }
sip_v7_body() {
  if sip_os_matches debian; then # image.yaml:17:9
    sip_all sip_v7_0_0_run
  else
    SIP_NOT_SELECTED=1 SIP_OS_NONE+=(image.yaml:16:5)
  fi
}

# image.yaml:5:5 .. image.yaml:7:5: 3 package steps of one package each (runtime/pkg.sh
# sip_pkgs_run): their "ok" lines when all is installed, else their rows, run one by one
sip_v0_run() {
  sip_pkgs_run 3 'image.yaml:5:5  %*spackage sip-a  %sok%s
image.yaml:6:5  %*spackage sip-b  %sok%s
image.yaml:7:5  %*spackage sip-c  %sok%s
' \
    'sip_v0|sip-a|image.yaml:5:5|validators[0].package
sip_v1|sip-b|image.yaml:6:5|validators[1].package
sip_v2|sip-c|image.yaml:7:5|validators[2].package'
}

# image.yaml:14:9 .. image.yaml:15:9: 2 package steps of one package each (runtime/pkg.sh
# sip_pkgs_run): their "ok" lines when all is installed, else their rows, run one by one
sip_v6_0_run() {
  sip_pkgs_run 2 'image.yaml:14:9  %*spackage sip-f  %sok%s
image.yaml:15:9  %*spackage sip-g  %sok%s
' \
    'sip_v6_0|sip-f|image.yaml:14:9|validators[6].all[0].package
sip_v6_1|sip-g|image.yaml:15:9|validators[6].all[1].package'
}

# image.yaml:18:13 .. image.yaml:19:13: 2 package steps of one package each (runtime/pkg.sh
# sip_pkgs_run): their "ok" lines when all is installed, else their rows, run one by one
sip_v7_0_0_run() {
  sip_pkgs_run 2 'image.yaml:18:13  %*spackage sip-h  %sok%s
image.yaml:19:13  %*spackage sip-i  %sok%s
' \
    'sip_v7_0_0|sip-h|image.yaml:18:13|validators[7].os_case[0].debian[0].package
sip_v7_0_1|sip-i|image.yaml:19:13|validators[7].os_case[0].debian[1].package'
}

# The manifest's validators list, run as an all.
sip_validators() {
  sip_all sip_v0_run sip_v3 sip_v4 sip_v5 sip_v6 sip_v7
}

sip_main "$@"
