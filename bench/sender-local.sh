#!/bin/bash
# Restores through the sender alone: stock rsync 3.5.0 pulls from a fake-super store through a
# local rsh wrapper, once from `rsync --fake-super --server --sender` (A) and once from
# `java -jar rsync-protocol/target/byteback-rsync.jar --server --sender` (B), same data, same
# client. Workloads: full restore into an empty directory; delta restore onto a stale copy
# (8 x 4 KiB rewritten in each large file, 200 small files touched). Server CPU = user+sys of the
# server process tree (GNU time around the --rsync-path command, children included).
# Usage: bench/sender-local.sh [RUNS] ; needs the jar built (mvn -B -q package -DskipTests).
# Run under `flock /work/.bench.lock` on shared machines.
set -euo pipefail
RUNS=${1:-3}
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$HERE/rsync-protocol/target/byteback-rsync.jar}
W=${BENCH_DIR:-/var/tmp/byteback-sender-bench}
mkdir -p "$W"
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }
printf '#!/bin/sh\nshift\nexec sh -c "$*"\n' > "$W/rsh"; chmod +x "$W/rsh"
if [ ! -d "$W/store" ]; then
  mkdir -p "$W/src"
  cp -a /usr/share/doc /usr/share/zoneinfo "$W/src/"
  for i in 1 2 3 4; do head -c $((64 << 20)) /dev/urandom > "$W/src/big$i.bin"; done
  rsync -aHAX --fake-super "$W/src/" "$W/store/"
fi
side() { # side A|B dest args... -> prints "wall user+sys maxrss_kib"
  local s=$1 dest=$2; shift 2
  local server; if [ $s = A ]; then server="rsync --fake-super"; else server="java -jar $JAR"; fi
  local t0=$(date +%s.%N)
  rsync -e "$W/rsh" --rsync-path="cd '$W/store' && /usr/bin/time -o '$W/time.$s' -f '%U %S %M' $server" \
    -aHAX --numeric-ids "$@" localhost:. "$dest/" > "$W/log.$s" 2>&1
  local t1=$(date +%s.%N)
  read u sy m < "$W/time.$s"
  echo "$(echo "$t1 - $t0" | bc) $(echo "$u + $sy" | bc) $m"
}
echo -e "date\tworkload\trun\tstack\twall_s\tserver_cpu_s\tserver_maxrss_kib"
for run in $(seq 1 "$RUNS"); do
  for wl in full delta; do
    order="A B"; [ $((run % 2)) = 0 ] && order="B A"
    for s in $order; do
      rm -rf "$W/dest.$s"
      if [ $wl = delta ]; then
        cp -a "$W/src" "$W/dest.$s"
        for i in 1 2 3 4; do for k in $(seq 1 8); do
          dd if=/dev/urandom of="$W/dest.$s/big$i.bin" bs=4096 count=1 seek=$((k * 1000)) conv=notrunc 2>/dev/null
        done; done
        find "$W/dest.$s/doc" -type f | sed -n 1,200p | xargs touch
      fi
      r=$(side $s "$W/dest.$s")
      printf "%s\t%s\t%s\t%s\t%s\n" "$(date -u +%FT%TZ)" $wl $run $s "$(echo $r | tr " " "\t")"
    done
  done
done
