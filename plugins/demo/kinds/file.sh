# demo-file.sh — the demo plugin's `file` validator kind (plugins/demo/kinds/file.js).
# sip_file_ensure LOCATION PATH MODE OWNER BODY_FN: BODY_FN writes the file's bytes on stdout;
# MODE is octal as `stat -c %a` prints it (644); OWNER is USER or USER:GROUP (names or ids).
# Test-only: PATH must be a regular file (not a symlink) with exactly these bytes, this mode
# and owner; writes nothing. Reconcile: different or missing contents are written to a temp
# file in PATH's directory (made, mode 0755, when missing), which gets MODE and OWNER and is
# renamed onto PATH, so readers see the old file or the new one, never a part; when only the
# mode or the owner differ, chmod/chown fix them in place.
# sip-requires: log sip_files_equal

# sip_file_owner_is PATH OWNER: 0 when PATH's owner (and group, when OWNER has one) match, by name or id.
sip_file_owner_is() {
  local want=$2 got
  got=$(stat -c '%U:%G %u:%g' -- "$1") || return 1
  if [[ $want == *:* ]]; then
    [[ " $got " == *" $want "* ]]
  else
    [[ ${got%%:*} == "$want" || ${got#* } == "$want":* ]]
  fi
}

sip_file_ensure() {
  local location=$1 path=$2 mode=$3 owner=$4 body_fn=$5 dir new rc got same=0 problems=''
  if [[ -f $path && ! -L $path ]]; then
    # shellcheck disable=SC2312 # a body that cannot be printed compares as different
    sip_files_equal <("$body_fn") "$path" && same=1
    ((same)) || problems+=', contents differ'
    got=$(stat -c %a -- "$path") || got=''
    [[ $got == "$mode" ]] || problems+=", mode ${got:-unknown}, not $mode"
    sip_file_owner_is "$path" "$owner" || problems+=", owner is not $owner"
    [[ -z $problems ]] && return 0
  elif [[ -e $path || -L $path ]]; then
    problems=', not a regular file'
  else
    problems=', missing'
  fi
  problems=${problems#, }
  if ((SIP_TEST_ONLY)); then
    sip_fail "$path: $problems"
    return 1
  fi
  if ((same)); then
    # chown first: it clears the set-user/group-id bits that chmod then sets
    if ! { chown -- "$owner" "$path" && chmod -- "$mode" "$path"; }; then
      sip_fail "$location: cannot set mode $mode and owner $owner on $path"
      return 1
    fi
  else
    dir=${path%/*}
    [[ -n $dir ]] || dir=/
    if [[ ! -d $dir ]]; then
      # the program runs with umask 022: new directories are 0755
      mkdir -p -- "$dir" || {
        sip_fail "$location: cannot create the directory $dir"
        return 1
      }
    fi
    new=$(mktemp -- "$dir/.${path##*/}.sip-XXXXXXXXXX") || {
      sip_fail "$location: cannot create a temporary file in $dir"
      return 1
    }
    "$body_fn" >"$new" && chown -- "$owner" "$new" && chmod -- "$mode" "$new" && mv -fT -- "$new" "$path"
    rc=$?
    if ((rc != 0)); then
      rm -f -- "$new"
      sip_fail "$location: cannot write $path"
      return 1
    fi
  fi
  ((SIP_CHANGES += 1))
  # shellcheck disable=SC2034 # read by sip_step
  SIP_MESSAGE="$path: $problems, fixed"
  return 0
}
