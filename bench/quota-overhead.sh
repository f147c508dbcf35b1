#!/bin/bash
# bench/quota-overhead.sh — what btrfs quotas (quota groups, which the size guard reads) cost a
# backup: the same backups into the byteback server with quotas off and on, alternating.
#
# Usage (as root, under the bench lock):  flock /work/.bench.lock bench/quota-overhead.sh [--runs N] [--rounds R]
# Modes: off; on (the size guard's default: a commit started at most every 10 s while backups
# are measured); on-1s (the same with -Dbyteback.sizeGuard.commitSeconds=1: what forcing commits
# often costs). Per run and mode: a fresh btrfs image in /dev/shm (so CPU shows, not the disc), `btrfs quota
# enable` for "on", the server jar (sshd-server/target/byteback-server.jar, built by the caller)
# with its default options, one client (stock rsync over OpenSSH ssh, byteback's flags), then:
# a full backup of FILES small files in 200 directories plus 4 random 16 MiB files, a snapshot,
# and R rounds of: FILES/10 small files rewritten, every directory's time changed, a big file
# appended to; a backup; a snapshot (so snapshots accumulate and share extents, which is what
# makes quota accounting work). Columns: wall seconds of the backups and of the snapshots
# (--complete), CPU seconds of the server's cgroup (the JVM with its children, the kernel time of
# the commits it makes itself included: a snapshot commits in the caller's context, and the quota
# accounting is done as a transaction commits), then the wall and CPU seconds of a `btrfs
# filesystem sync` after each snapshot, in its own cgroup (it commits whatever is left in the
# caller's context, so its CPU is mostly accounting), and the whole machine's busy CPU seconds
# over the run (includes other users' work: context only). The btrfs-transaction kernel thread's
# own commits (every 30 s) are not visible from this container but in the machine's figure.
# Everything it starts (server, mount, loop device, cgroup) is removed at the end.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RUNS=2; ROUNDS=5; FILES=${FILES:-20000}
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    *) echo "quota-overhead.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "quota-overhead.sh: run as root" >&2; exit 2; }
JAR=${JAR:-$REPO/sshd-server/target/byteback-server.jar}   # or a copy, so that a build meanwhile does not change it
[ -f "$JAR" ] || { echo "quota-overhead.sh: build $JAR first (mvn -pl sshd-server -am package -DskipTests)" >&2; exit 2; }

WORK=$(mktemp -d /var/tmp/bb-quota-bench.XXXXXX)
CG=bbquota.$$
SYNCCG=bbquota-sync.$$
MNT=""; LOOP=""; SERVER=""
cleanup() {
  set +e
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  for p in $(cat /sys/fs/cgroup/cpuacct/$CG/cgroup.procs 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  sleep 0.5
  [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
  [ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null
  rmdir /sys/fs/cgroup/cpuacct/$CG /sys/fs/cgroup/cpuacct/$SYNCCG 2>/dev/null
  rm -f /dev/shm/bb-quota-bench.img
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
mkdir -p /sys/fs/cgroup/cpuacct/$CG /sys/fs/cgroup/cpuacct/$SYNCCG

# the source tree, made once
SRC=$WORK/src
mkdir -p "$SRC/big"
python3 - "$SRC" "$FILES" <<'EOF'
import os, sys
src, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(src, "small", "d%03d" % (i % 200))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d" % i), "wb") as f:
        f.write(os.urandom(4096))
EOF
for i in 1 2 3 4; do head -c $((16 << 20)) /dev/urandom >"$SRC/big/random$i.bin"; done
ssh-keygen -q -t ed25519 -N '' -f "$WORK/key"

busy_cs() { awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat; }   # user nice system irq softirq, in 1/100 s
cpu_ns() { cat "/sys/fs/cgroup/cpuacct/$1/cpuacct.usage"; }
now() { date +%s.%N; }

round_changes() { # round number
  python3 - "$SRC" "$FILES" "$1" <<'EOF'
import os, sys
src, n, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(r, n, 10):
    p = os.path.join(src, "small", "d%03d" % (i % 200), "f%06d" % i)
    with open(p, "wb") as f:
        f.write(os.urandom(4096))
for d in range(200):
    os.utime(os.path.join(src, "small", "d%03d" % d), (1000000 + r, 1000000 + r))
with open(os.path.join(src, "big", "random1.bin"), "ab") as f:
    f.write(os.urandom(1 << 20))
EOF
}

one_run() { # mode run
  local mode=$1 run=$2
  truncate -s 6G /dev/shm/bb-quota-bench.img
  mkfs.btrfs -q /dev/shm/bb-quota-bench.img >/dev/null
  LOOP=$(losetup -f --show /dev/shm/bb-quota-bench.img)
  MNT=$WORK/mnt; mkdir -p "$MNT"; mount "$LOOP" "$MNT"
  [ "$mode" != off ] && btrfs quota enable "$MNT"
  local jopts=(); [ "$mode" = on-1s ] && jopts=(-Dbyteback.sizeGuard.commitSeconds=1)
  local port=$((20000 + RANDOM % 20000))
  java -jar "$JAR" enrol --root "$MNT" --name bench --key "$WORK/key.pub" >/dev/null
  sh -c 'echo $$ >"$1"; shift; exec "$@"' cg /sys/fs/cgroup/cpuacct/$CG/cgroup.procs \
    java "${jopts[@]}" -jar "$JAR" serve --root "$MNT" --port "$port" --listen 127.0.0.1 --snapshot-interval 0s \
    >>"$WORK/server-$mode-$run.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 600); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  local ssh="ssh -p $port -i $WORK/key -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -x -a"
  local cpu0 sync0 busy0 bwall=0 cwall=0 swall=0 t0 t1 r
  cpu0=$(cpu_ns $CG); sync0=$(cpu_ns $SYNCCG); busy0=$(busy_cs)
  for r in $(seq 0 "$ROUNDS"); do
    [ "$r" -gt 0 ] && round_changes "$r"
    t0=$(now)
    rsync --archive --xattrs --numeric-ids --delete-excluded --delete-during --inplace --relative --timeout 600 \
      --rsync-path "rsync --fake-super" -e "$ssh" "$SRC/./" byteback@127.0.0.1: >/dev/null
    t1=$(now); bwall=$(echo "$bwall + $t1 - $t0" | bc)
    $ssh byteback@127.0.0.1 byteback-receive --complete >/dev/null
    t0=$(now); cwall=$(echo "$cwall + $t0 - $t1" | bc)
    sh -c 'echo $$ >"$1"; shift; exec "$@"' cg /sys/fs/cgroup/cpuacct/$SYNCCG/cgroup.procs btrfs filesystem sync "$MNT"
    swall=$(echo "$swall + $(now) - $t0" | bc)
    sleep 1.1 # snapshot names are by the second
  done
  local cpu synccpu busy
  cpu=$(echo "scale=2; ($(cpu_ns $CG) - $cpu0) / 1000000000" | bc)
  synccpu=$(echo "scale=2; ($(cpu_ns $SYNCCG) - $sync0) / 1000000000" | bc)
  busy=$(busy_cs)
  printf "%s\t%s\t%.1f\t%.1f\t%s\t%.2f\t%s\t%.1f\n" "$mode" "$run" "$bwall" "$cwall" "$cpu" "$swall" "$synccpu" \
    "$(echo "($busy - $busy0) / 100" | bc -l)"
  [ "$mode" != off ] && btrfs qgroup show "$MNT" | tail -2 >&2
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  for p in $(cat /sys/fs/cgroup/cpuacct/$CG/cgroup.procs 2>/dev/null); do kill "$p" 2>/dev/null; done
  sleep 0.5
  umount "$MNT"; losetup -d "$LOOP"; LOOP=""; MNT=""
  rm -f /dev/shm/bb-quota-bench.img
}

echo "# $(date -u +%FT%TZ) main $(git -C "$REPO" rev-parse --short HEAD) files=$FILES rounds=$ROUNDS load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "mode\trun\tbackup_wall_s\tsnapshot_wall_s\tserver_cpu_s\tsync_wall_s\tsync_cpu_s\tmachine_busy_cpu_s\n"
for run in $(seq "$RUNS"); do
  if [ $((run % 2)) = 1 ]; then one_run off "$run"; one_run on "$run"; one_run on-1s "$run"
  else one_run on-1s "$run"; one_run on "$run"; one_run off "$run"; fi
done
