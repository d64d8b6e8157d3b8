#!/bin/bash
# shellcheck disable=SC2317 # functions are called by name (sip_all, sip_any, sip_step), which shellcheck cannot follow
# shellcheck disable=SC2292 # [ ], not [[ ]]: this line guards against sh, which must be able to read it
[ -n "${BASH_VERSION:-}" ] || { echo 'This program needs bash: run it as "bash FILE", not with sh.' >&2; exit 3; }
# image.yaml: a sahara-image-pack program.
#   manifest sha256 9b7ae86ef26a306acf4a91f86467447b28c4fdde05e7d6a39f594debd18bf632
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
SIP_MANIFEST_SHA256=9b7ae86ef26a306acf4a91f86467447b28c4fdde05e7d6a39f594debd18bf632
SIP_COMPILER_VERSION='sahara-image-pack 0.0.0-golden'

# Declared arguments, one column per argument.
SIP_ARG_NAMES=(java-distro)
# shellcheck disable=SC2034 # read for secrets (SIP_SECRET_<VAR>)
SIP_ARG_VARS=(java_distro)
SIP_ARG_DESCRIPTIONS=('The java distribution.')
SIP_ARG_DEFAULTS=(openjdk)
SIP_ARG_HAS_DEFAULT=(1)
SIP_ARG_REQUIRED=(0)
SIP_ARG_HIDDEN=(0)
SIP_ARG_SECRET=(0)
# shellcheck disable=SC2034 # read by the runtime through an indirect reference
SIP_ARG_CHOICES_0=(oracle-java openjdk)

# Every name the program may store a value under -> the shell variable scripts see it as
# (for reviewers: the script runner gets VAR=NAME pairs from each script step).
# (Declared, then assigned: an assignment inside declare is parsed once more.)
declare -A SIP_NAME_VARS
# shellcheck disable=SC2034 # not read at run time
SIP_NAME_VARS=(
  [java-distro]=java_distro
  [java-version]=java_version
)

# Every package name the manifest uses: the package database is asked about these only.
# shellcheck disable=SC2034 # read by runtime/pkg-debian.sh
SIP_PACKAGE_NAMES=(hadoop hadoop-libhdfs hadoop-lzo hadoop-lzo-native hadoop-native hadoop-pipes hadoop-sbin java-1.7.0-openjdk-devel java-1.8.0-openjdk-devel lzo lzo-devel nfs-common nfs-utils)

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
SIP_PKG_STEPS[sip_v0_0_0]='nfs-utils|image.yaml:14:13|validators[0].os_case[0].redhat[0].package'
SIP_PKG_STEPS[sip_v0_1_0]='nfs-common|image.yaml:16:13|validators[0].os_case[1].debian[0].package'
SIP_PKG_STEPS[sip_v1_0_0_0_0]='java-1.8.0-openjdk-devel|image.yaml:23:17|validators[1].argument_case.cases.openjdk[0].any[0].all[0].package'
SIP_PKG_STEPS[sip_v1_0_0_1_0]='java-1.7.0-openjdk-devel|image.yaml:28:17|validators[1].argument_case.cases.openjdk[0].any[1].all[0].package'
SIP_PKG_STEPS[sip_v3]='hadoop hadoop-libhdfs hadoop-native hadoop-pipes hadoop-sbin hadoop-lzo lzo lzo-devel hadoop-lzo-native|image.yaml:35:5|validators[3].package'

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

# install_oracle_java.sh
sip_body_1() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' '#!/bin/bash
# Stand-in for the seed document'\''s Oracle Java installer: records that it ran.
if [ "$test_only" = 1 ]; then
  test -f /opt/oracle-java/installed
  exit
fi
mkdir -p /opt/oracle-java && touch /opt/oracle-java/installed
'
}

# setup_java.sh
sip_body_2() {
  # shellcheck disable=SC2016,SC1003,SC1112 # the script's own text, byte for byte
  printf '%s' '#!/bin/bash
# Stand-in for the seed document'\''s setup_java.sh: writes JAVA_HOME for later steps.
if [ "$test_only" = 1 ]; then
  test -f /etc/profile.d/sip-java.sh
  exit
fi
echo '\''export JAVA_HOME=/usr/lib/jvm/default-java'\'' > /etc/profile.d/sip-java.sh
'
}

# ---- validators ---------------------------------------------------------------------------

# image.yaml:12:5 validators[0].os_case
sip_v0() { sip_step os_case image.yaml:12:5 'validators[0].os_case' 'redhat | debian' sip_v0_body; }
sip_v0_body() {
  if sip_os_matches redhat; then # image.yaml:13:9
    sip_all sip_v0_0_0
  elif sip_os_matches debian; then # image.yaml:15:9
    sip_all sip_v0_1_0
  else
    SIP_NOT_SELECTED=1 SIP_OS_NONE+=(image.yaml:12:5)
  fi
}

# image.yaml:17:5 validators[1].argument_case
sip_v1() { sip_step argument_case image.yaml:17:5 'validators[1].argument_case' java-distro sip_v1_body; }
sip_v1_body() {
  sip_arg_get java-distro || return 1
  case $SIP_VALUE in
    openjdk) # image.yaml:20:9
      sip_all sip_v1_0_0
      ;;
    oracle-java) # image.yaml:32:9
      sip_all sip_v1_1_0
      ;;
    *) SIP_NOT_SELECTED=1 ;;
  esac
}

# image.yaml:21:13 validators[1].argument_case.cases.openjdk[0].any
sip_v1_0_0() { sip_step any image.yaml:21:13 'validators[1].argument_case.cases.openjdk[0].any' '2 validators' sip_v1_0_0_body; }
sip_v1_0_0_body() {
  sip_any sip_v1_0_0_0 sip_v1_0_0_1
}

# image.yaml:22:15 validators[1].argument_case.cases.openjdk[0].any[0].all
sip_v1_0_0_0() { sip_step all image.yaml:22:15 'validators[1].argument_case.cases.openjdk[0].any[0].all' '2 validators' sip_v1_0_0_0_body; }
sip_v1_0_0_0_body() {
  sip_all sip_v1_0_0_0_0 sip_v1_0_0_0_1
}

# image.yaml:24:17 validators[1].argument_case.cases.openjdk[0].any[0].all[1].argument_set
sip_v1_0_0_0_1() {
  sip_step argument_set image.yaml:24:17 'validators[1].argument_case.cases.openjdk[0].any[0].all[1].argument_set' java-version=1.8.0 \
    sip_arg_set java-version 1.8.0
}

# image.yaml:27:15 validators[1].argument_case.cases.openjdk[0].any[1].all
sip_v1_0_0_1() { sip_step all image.yaml:27:15 'validators[1].argument_case.cases.openjdk[0].any[1].all' '2 validators' sip_v1_0_0_1_body; }
sip_v1_0_0_1_body() {
  sip_all sip_v1_0_0_1_0 sip_v1_0_0_1_1
}

# image.yaml:29:17 validators[1].argument_case.cases.openjdk[0].any[1].all[1].argument_set
sip_v1_0_0_1_1() {
  sip_step argument_set image.yaml:29:17 'validators[1].argument_case.cases.openjdk[0].any[1].all[1].argument_set' java-version=1.7.0 \
    sip_arg_set java-version 1.7.0
}

# image.yaml:33:13 validators[1].argument_case.cases.oracle-java[0].script
sip_v1_1_0() {
  sip_script_step image.yaml:33:13 'validators[1].argument_case.cases.oracle-java[0].script' install_oracle_java.sh /bin/bash '' sip_body_1
}

# image.yaml:34:5 validators[2].script
sip_v2() {
  sip_script_step image.yaml:34:5 'validators[2].script' setup_java.sh /bin/bash '' sip_body_2
}

# The manifest's validators list, run as an all.
sip_validators() {
  sip_all sip_v0 sip_v1 sip_v2 sip_v3
}

sip_main "$@"
