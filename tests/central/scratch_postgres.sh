#!/usr/bin/env bash
# A PostgreSQL of its own for the central store's tests and benchmarks: initdb into a scratch
# folder as an unprivileged user (initdb refuses root: as root it runs as "postgres"), a free
# loopback port, the unix socket inside the folder. Nothing outside the folder is touched.
#
#   scratch_postgres.sh start DIR             creates and starts it; prints its connection URI
#   scratch_postgres.sh stop DIR [MODE]       stops it (MODE fast, or immediate: as if it died)
#   scratch_postgres.sh restart DIR           starts it again after a stop, on the same port
#   scratch_postgres.sh remove DIR            stops it if running and deletes the folder
set -euo pipefail

command=${1:?usage: scratch_postgres.sh start|stop|restart|remove DIR}
dir=${2:?usage: scratch_postgres.sh start|stop|restart|remove DIR}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "scratch_postgres.sh: PostgreSQL's server is not installed (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_server() {
  local port
  port=$(cat "$dir/port")
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
    start >/dev/null
}

case "$command" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U hall -A trust -E UTF8 --locale=C --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port below the kernel's range for outgoing connections: restart comes back on the same
    # port, and while the server is stopped any connect() on the machine (other tests run beside
    # these) could otherwise take it as its own local port, and the restart would fail.
    python3 - >"$dir/port" <<'PY'
import random
import socket

low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
candidates = list(range(10000, low)) if low > 10000 else []
random.shuffle(candidates)
for port in candidates[:1000] + [0]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(s.getsockname()[1])
    break
PY
    start_server
    as_owner "$bindir/psql" -h "$dir" -p "$(cat "$dir/port")" -U hall -d postgres -q \
      -c "CREATE DATABASE central" >/dev/null
    echo "postgresql://hall@127.0.0.1:$(cat "$dir/port")/central"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m "${3:-fast}" -w stop >/dev/null
    ;;
  restart)
    start_server
    ;;
  remove)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "scratch_postgres.sh: unknown command $command" >&2
    exit 2
    ;;
esac
