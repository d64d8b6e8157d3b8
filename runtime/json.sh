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
