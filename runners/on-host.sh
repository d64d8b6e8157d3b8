# on-host.sh MARK: run by the SSH and local runners (runners/host.ts) as root on the target,
# through `bash -c` (after `sudo -n` when the login user is not root). Not a file on the
# target: its text travels as the command's argument, and what it runs arrives on stdin.
#
# stdin: one line `sip-payload 1 P A E`, then P bytes of the emitted program, A bytes of its
# arguments (NUL-separated) and E bytes of NAME=VALUE environment entries (NUL-separated:
# secrets as SIP_SECRET_<VARIABLE>, and for local runs the proxy variables). After that the
# runner keeps stdin open and sends nothing more: its end (the runner closed it on --timeout
# or Ctrl-C, or the connection died) stops the program, its whole process group, TERM then
# KILL 2 s later.
#
# It makes a private directory with mktemp -d under /tmp (mode 700, root's), writes the three
# parts there, zeroes the environment file once read (built into the environment with
# builtins, so no value is ever on a command line), runs the program with bash in a new
# session with a clean environment, stdin /dev/null, stdout and stderr both to this script's
# stdout, its report in the directory, and removes the directory on every way out.
#
# stdout is the runner's channel: the program's lines as they come, plus lines starting with
# MARK (random per run, so no program line can pass for one):
#   MARK started DIR         the directory is made and the program started
#   MARK report              the program's JSON Lines report follows, up to:
#   MARK rc N [stopped]      its exit status (stopped: the runner's end of stdin stopped it)
#   MARK error WORD TEXT     the script could not run the program (payload, mktemp)
# The script itself exits 0 unless something outside it kills it.
mark=$1
trap '' PIPE
umask 077
say() { printf '%s %s\n' "$mark" "$*" 2>/dev/null; }

IFS=' ' read -r magic version np na ne || { say error payload "no payload on stdin"; exit 0; }
if [[ $magic != sip-payload || $version != 1 || ! $np =~ ^[0-9]+$ || ! $na =~ ^[0-9]+$ || ! $ne =~ ^[0-9]+$ ]]; then
  say error payload "unexpected payload header"
  exit 0
fi
dir=$(mktemp -d /tmp/sip-run.XXXXXXXXXX) || { say error mktemp "mktemp -d failed in /tmp"; exit 0; }
trap 'rm -rf -- "$dir"' EXIT
trap 'exit 130' INT TERM HUP
head -c "$np" >"$dir/program.sh"
head -c "$na" >"$dir/args"
head -c "$ne" >"$dir/env"
if (($(wc -c <"$dir/program.sh") != np || $(wc -c <"$dir/args") != na || $(wc -c <"$dir/env") != ne)); then
  say error payload "the payload was cut short"
  exit 0
fi
args=() envs=()
while IFS= read -r -d '' a; do args+=("$a"); done <"$dir/args"
while IFS= read -r -d '' a; do envs+=("$a"); done <"$dir/env"
head -c "$ne" /dev/zero 1<>"$dir/env"
rm -f -- "$dir/env"

exec 3<&0
(
  while IFS= read -r name; do unset "$name" 2>/dev/null; done < <(compgen -e)
  export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
  for a in ${envs[@]+"${envs[@]}"}; do export "${a?}"; done
  exec 3<&- setsid /bin/bash "$dir/program.sh" ${args[@]+"${args[@]}"} --report "$dir/report.jsonl"
) </dev/null 2>&1 &
pid=$!
say started "$dir"
# the watchdog: the end of stdin stops the program
{
  while IFS= read -r _; do :; done
  : >"$dir/stopped"
  kill -TERM -- "-$pid" 2>/dev/null
  sleep 2
  kill -KILL -- "-$pid" 2>/dev/null
} <&3 >/dev/null 2>&1 &
watchdog=$!
exec 3<&-
wait "$pid"
rc=$?
kill "$watchdog" 2>/dev/null
stopped=''
if [[ -e $dir/stopped ]]; then
  stopped=' stopped'
  # whatever of the group outlived TERM
  kill -KILL -- "-$pid" 2>/dev/null
fi
say report
[[ ! -f $dir/report.jsonl ]] || cat -- "$dir/report.jsonl" 2>/dev/null
say rc "$rc$stopped"
exit 0
