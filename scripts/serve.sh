#!/usr/bin/env bash
# Serves a database read-only over Xapian's remote protocol (xapian-tcpsrv), so that
# searchers on other machines can search it as a shard.
# Usage: scripts/serve.sh DB PORT [ADDRESS]
#   DB       a database folder: one shard (news/shard2), or a whole database
#   PORT     the TCP port to listen on
#   ADDRESS  the address to listen on (default: every interface; 127.0.0.1: this machine only)
# Searchers list each server as a line 'remote HOST:PORT' of a stub file and pass that file
# to --db (docs/scaling.md). Runs in the foreground until stopped (Ctrl-C, SIGTERM).
# Xapian's remote protocol has no authentication or encryption: serve on a private network.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: scripts/serve.sh DB PORT [ADDRESS]" >&2
  exit 2
fi
db=$1 port=$2 address=${3:-}
case $port in
  '' | *[!0-9]*) echo "serve.sh: PORT must be a number, not '$port'" >&2; exit 2 ;;
esac
if [ ! -e "$db" ]; then
  echo "serve.sh: no database at $db" >&2
  exit 1
fi
if ! command -v xapian-tcpsrv >/dev/null; then
  echo "serve.sh: xapian-tcpsrv not found (Debian: apt-get install xapian-tools, or run scripts/deps.sh)" >&2
  exit 1
fi
args=(--port "$port")
[ -n "$address" ] && args+=(--interface "$address")
# Without --writable the server only reads. exec: a signal to this script reaches the server.
exec xapian-tcpsrv "${args[@]}" "$db"
