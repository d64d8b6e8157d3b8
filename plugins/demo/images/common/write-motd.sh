#!/bin/bash
# Writes the greeting into /etc/sahara-demo/motd; in test-only mode only checks it.
# Prints the file's path on stdout (stored in the motd_path argument).
motd=/etc/sahara-demo/motd
want="${greeting} (release ${demo_release})"
if [ "$(cat "$motd" 2>/dev/null)" != "$want" ]; then
  if [ "$test_only" -eq 1 ]; then
    echo "motd missing or different: $motd" >&2
    exit 1
  fi
  mkdir -p /etc/sahara-demo
  printf '%s\n' "$want" > "$motd"
fi
echo "$motd"
