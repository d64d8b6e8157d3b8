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
