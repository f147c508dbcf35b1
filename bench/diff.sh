#!/bin/bash
# bench/diff.sh — how long a snapshot diff takes for a client of N files (default 50 000) with few
# changes: byteback-server diff by btrfs generations, by the full walk, and stock rsync's dry run
# (rsync -anX -i --delete, size+mtime only, so not exact) over the same two snapshots.
# Run as root from the repository, after mvn package:  sudo bench/diff.sh [FILES] [RUNS]
# Takes /work/.bench.lock when it exists (shared machines). Leaves nothing mounted.
set -euo pipefail
FILES=${1:-50000}
RUNS=${2:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=$REPO/sshd-server/target/byteback-server.jar
[ -f "$JAR" ] || { echo "build first: mvn package -DskipTests" >&2; exit 2; }
W=$(mktemp -d /var/tmp/byteback-diffbench.XXXXXX)
cleanup() { umount "$W/mnt" 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
truncate -s 4G "$W/img" && mkfs.btrfs -q "$W/img" && mkdir "$W/mnt" && mount -o loop,user_subvol_rm_allowed "$W/img" "$W/mnt"
R=$W/mnt; C=$R/client; S=$W/src
mkdir -p "$C" "$S"
btrfs -q subvolume create "$C/current"
python3 - "$S" "$FILES" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
r = random.Random(1)
for i in range(n):
    d = os.path.join(root, "d%03d" % (i % 500), "e%02d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d" % i), "wb") as f:
        f.write(r.randbytes(r.randint(0, 8192)))
PY
touch -d '2 days ago' "$S"
RS="rsync -aHX --numeric-ids --inplace --delete --fake-super"
$RS "$S/" "$C/current/"
btrfs filesystem sync "$R" >/dev/null
S1=2026-01-01T00:00+0000; S2=2026-01-02T00:00+0000
btrfs -q subvolume snapshot -r "$C/current" "$C/$S1"
# few changes: 20 rewritten, 5 added, 5 removed, 5 chmod, 5 xattrs
for i in $(seq 100 100 2000); do f=$(find "$S/d$(printf %03d $((i % 500)))" -name "f$(printf %06d $i)"); head -c 100 /dev/urandom >>"$f"; done
for i in 1 2 3 4 5; do echo new >"$S/d000/e00/new$i"; done
for i in 7 507 1007 1507 2007; do find "$S" -name "f$(printf %06d $i)" -delete; done
for i in 11 511 1011 1511 2011; do chmod 600 "$(find "$S" -name "f$(printf %06d $i)")"; done
for i in 13 513 1013 1513 2013; do setfattr -n user.tag -v x "$(find "$S" -name "f$(printf %06d $i)")"; done
$RS "$S/" "$C/current/"
btrfs -q subvolume snapshot -r "$C/current" "$C/$S2"
echo "date: $(date -u +%FT%TZ)  files: $FILES  runs: $RUNS  kernel: $(uname -r)  cpus: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # label, command...
  local label=$1; shift
  for r in $(seq "$RUNS"); do
    sync; echo 3 >/proc/sys/vm/drop_caches
    /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" >"$W/out" 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
    read -r wall user sys rss <"$W/time"
    printf '%-22s run %d  wall %6.2f s  cpu %6.2f s  maxrss %6d KiB  lines %5d  %s\n' "$label" "$r" "$wall" \
      "$(echo "$user + $sys" | bc)" "$rss" "$(wc -l <"$W/out")" "$(grep -o '([a-z ]*, [0-9.]* s)' "$W/err" || true)"
  done
}
java -Dorg.slf4j.simpleLogger.log.byteback.server.diff=debug -jar "$JAR" diff --root "$R" --name client "$S1" "$S2" 2>&1 >/dev/null | grep -i "changed inodes" || true
run "diff (generations)" java -XX:+UseSerialGC -jar "$JAR" diff --root "$R" --name client "$S1" "$S2"
run "diff --walk" java -XX:+UseSerialGC -jar "$JAR" diff --root "$R" --name client --walk "$S1" "$S2"
run "rsync -anX -i --delete" rsync -anX -i --delete "$C/$S2/" "$C/$S1/"
