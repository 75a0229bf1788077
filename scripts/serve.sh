#!/usr/bin/env bash
# Usage: serve.sh DB PORT [ADDRESS]
# Serve a news-search database read-only over Xapian's remote protocol (xapian-tcpsrv), so
# that searchers on other machines can search it as a shard.
#
#   DB       a database folder: one shard (news/shard2), or a whole database
#   PORT     the TCP port to listen on
#   ADDRESS  the address to listen on (default: 127.0.0.1, this machine only); any other
#            address, e.g. a private network's or 0.0.0.0 (every interface), is served with
#            a warning on stderr
#
# Searchers list each server as a line 'remote HOST:PORT' of a stub file and pass that file
# to --db (docs/scaling.md). Runs in the foreground until stopped (Ctrl-C, SIGTERM).
# Xapian's remote protocol has no authentication or encryption: serve on a private network.
#
# Options:
#   -h, --help     print this help and exit
#   --version      print version information and exit
#
# Exit status: 2 on a usage error; 1 when DB does not exist or xapian-tcpsrv is missing;
# otherwise that of xapian-tcpsrv.

# Lines 2-21 above are the --help text. Installed as news-serve (packaging/CMakeLists.txt):
# messages use the name the script runs as.
set -euo pipefail

program=${0##*/}
# Replaced by the project version when installed; from a checkout, read from CMakeLists.txt.
version=@NEWS_VERSION@

case ${1:-} in
  -h | --help)
    sed -n '2,21s/^# \{0,1\}//p' "$0" | sed "s/serve\.sh/$program/"
    exit 0 ;;
  --version)
    case $version in
      @*) version=$(sed -n 's/^project(news_search VERSION \([0-9.]*\).*/\1/p' \
                      "$(dirname "$0")/../CMakeLists.txt" 2>/dev/null || true) ;;
    esac
    echo "$program (news-search) ${version:-unknown}"
    command -v xapian-tcpsrv >/dev/null && xapian-tcpsrv --version | head -n 1
    exit 0 ;;
esac

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $program DB PORT [ADDRESS]" >&2
  echo "Try '$program --help' for more information." >&2
  exit 2
fi
# Loopback unless another address is asked for: anyone who can reach the port can read the
# whole database, so listening beyond this machine must be a choice, not a default.
db=$1 port=$2 address=${3:-127.0.0.1}
case $port in
  '' | *[!0-9]*) echo "$program: PORT must be a number, not '$port'" >&2; exit 2 ;;
esac
if [ ! -e "$db" ]; then
  echo "$program: no database at $db" >&2
  exit 1
fi
if ! command -v xapian-tcpsrv >/dev/null; then
  echo "$program: xapian-tcpsrv not found (Debian: apt-get install xapian-tools, or run scripts/deps.sh)" >&2
  exit 1
fi
case $address in
  '') echo "$program: ADDRESS must not be empty (default: 127.0.0.1)" >&2; exit 2 ;;
  127.* | localhost | ::1) ;;
  *) echo "$program: warning: serving $db on $address: Xapian's remote protocol has no" \
          "authentication or encryption; anyone who can reach port $port can read the database" >&2 ;;
esac
args=(--port "$port" --interface "$address")
# Without --writable the server only reads. exec: a signal to this script reaches the server.
exec xapian-tcpsrv "${args[@]}" "$db"
