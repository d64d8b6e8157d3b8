#!/bin/bash
# in-image.sh DIR MARK: run by the image runner (runners/image.ts) inside the image's root,
# through one guestfish `sh` call, with DIR the private directory it made there (mkdtemp).
#
# DIR holds program.sh (the emitted program), args (its arguments, NUL-separated), env
# (NAME=VALUE words for its environment, NUL-separated: the proxy variables and secrets as
# SIP_SECRET_<VARIABLE>) and dns (a nameserver address, or empty). The environment is built
# with builtins only, so no value of it is ever on a command line; env is overwritten in
# place once read, so no secret stays in the image's free blocks. It runs the program under bash with a clean environment,
# stdin from /dev/null, its report in DIR/report.jsonl and its output in DIR/log; each output
# line is also written to /dev/console, so the runner shows it as it happens (guestfish hands
# console text to the host as "appliance" events). Those events can carry stale bytes after
# the fresh ones (guestfish passes the console buffer as a C string), so each line travels as
# a frame the runner can check: MARK N LEN LINE MARK N, with N the line number and LEN the
# line's length in bytes; a frame that does not check is dropped there and shown from the log
# when the run ends. With a nameserver, the
# image's /etc/resolv.conf is set aside (as it is: file, symlink or missing) for the run and
# put back after it. The last line on stdout is `rc=N`, N the program's exit status; this
# script itself always exits 0 so that guestfish returns that line.
dir=$1 mark=$2
args=() envs=()
while IFS= read -r -d '' a; do args+=("$a"); done <"$dir/args"
while IFS= read -r -d '' a; do envs+=("$a"); done <"$dir/env"
size=$(wc -c <"$dir/env")
head -c "$size" /dev/zero 1<>"$dir/env"
dns=$(<"$dir/dns")

saved=''
if [[ -n $dns ]]; then
  saved=/etc/.resolv.conf.sip-$mark
  if [[ -e /etc/resolv.conf || -L /etc/resolv.conf ]]; then
    mv -T -- /etc/resolv.conf "$saved" || saved=''
  else
    saved=none
  fi
  [[ -z $saved ]] || printf 'nameserver %s\n' "$dns" >/etc/resolv.conf
fi

console=/dev/console
[[ -w $console ]] || console=/dev/null
(
  while IFS= read -r name; do unset "$name" 2>/dev/null; done < <(compgen -e)
  export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
  for a in ${envs[@]+"${envs[@]}"}; do export "${a?}"; done
  exec /bin/bash "$dir/program.sh" ${args[@]+"${args[@]}"} --report "$dir/report.jsonl"
) </dev/null >"$dir/log" 2>&1 &
pid=$!
# follow the log as it grows and copy each line to the console
tail -n +1 -s 0.2 --pid="$pid" -F -- "$dir/log" 2>/dev/null | {
  LC_ALL=C
  n=0
  while IFS= read -r line || [[ -n $line ]]; do
    ((n += 1))
    printf '%s%d %d %s%s%d\n' "$mark" "$n" "${#line}" "$line" "$mark" "$n"
  done
} >"$console" &
follower=$!
wait "$pid"
rc=$?
wait "$follower"

if [[ $saved == none ]]; then
  rm -f -- /etc/resolv.conf
elif [[ -n $saved ]]; then
  rm -f -- /etc/resolv.conf
  mv -T -- "$saved" /etc/resolv.conf
fi
printf 'rc=%d\n' "$rc"
exit 0
