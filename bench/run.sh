#!/bin/bash
# bench/run.sh — byteback's server against OpenSSH sshd + rsync, side by side (issue 6), and the
# Java receiver alone against `rsync --fake-super --server` over a local remote shell (issue 2).
#
# Usage (as root):  bench/run.sh [--quick] [--ram] [--runs N] [--only ssh|local] [--profile]
#                                [--workloads "full nochange ..."] [--keep]
#   --quick      smoke run: a small tree, one run each, 3 and 5 concurrent clients (a few minutes)
#   --ram        btrfs images in /dev/shm instead of /var/tmp (so CPU cost shows, not the disc)
#   --runs N     repetitions per workload (median is reported; stacks alternate order); default 3
#   --only P     only the ssh pair (byteback server vs sshd+rsync) or only the local pair
#                (byteback-rsync.jar vs rsync --fake-super, local remote-shell wrapper)
#   --profile    also record a Java Flight Recorder profile of the byteback side during a full backup
#                and print its top frames (bench/jfr-top.sh)
#   --workloads  subset of: full nochange edits smallfiles c10 c50   (ssh pair; cN for any N <= 50:
#                           c1 is one client on the same tree, the baseline of MiB per added client)
#                           restore-full restore-delta               (ssh pair, restores; not in the default set)
#                           local-full local-nochange local-edits    (local pair)
#                           client-full client-nochange client-edits (client pair, not in the default set:
#                                        the original byteback-backup's steps with stock rsync + OpenSSH ssh
#                                        against the client jar, both into the byteback server; the CPU and
#                                        RSS columns are then the client's, measured in its own cgroup)
#   --keep       leave the work directory (logs, per-run files) behind
#   --stacks S   measure only these stacks of the pair, e.g. "byteback" (default: both);
#                BENCH_SERVER_JAR=path serves with another build of the server jar (e.g. main's before a change)
#   --no-build   use the jars already in */target (no mvn package)
#   --scale-sizes "100k 1m 3m"  tree sizes of the scale workloads (default all three)
#   client-scale (client pair, not in the default set): the client jar against stock rsync + ssh backing
#                up the scale trees (full and no change per size); BENCH_CLIENT_JAR=path measures another
#                build of the jar (e.g. one from before a change)
#   client-restore-scale (client pair, not in the default set): the jar's restore --restore of a scale
#                tree against stock rsync + ssh restoring it as the original byteback-restore does
#                (--rsync-path "byteback-restore --fake-super --snapshot *", -HAX, and --trust-sender,
#                which rsync 3.5.0 needs for it), both from the byteback server (one unmeasured backup,
#                the second client's store a snapshot of it), into a btrfs of their own (an empty
#                subvolume per run); the client's CPU and peak RSS
# Scale workloads (not in the default set; ssh pair): `scale` backs up trees of 100 k, 1 M, 3 M small
# files (1 000 per directory, made once under $BENCH_DATA/scale by bench/scale-tree.py) into each
# stack: a full and a no-change run per size, peak server RSS sampled, then the server's RSS a
# minute after (row scale-N-idle60). `scale-restore` restores each size's tree with stock rsync
# (-aHAX, incremental recursion) from each stack's sender (e.g. --scale-sizes 200k).
# `scale-cN` backs up the 1 M tree (or the smallest size given)
# with N clients at once. Each size needs about 2 GiB per million files of RAM per stack for the
# btrfs images with --ram: the script checks MemAvailable first and skips a size that does not fit.
# The byteback server runs with the JVM options of packaging/byteback.service (its
# BYTEBACK_JAVA_OPTS line, empty since issue 12: plain `java -jar`, the server restarts itself on
# frugal options); set BB_JAVA_OPTS to try others. The standalone receiver (local pair) runs with
# JL_JAVA_OPTS (default: the serial-GC line it was measured with before).
# Results: bench/results/<UTC timestamp>/results.tsv (every run) and summary.md (medians, ratios).
# Everything this script starts (servers, mounts, loop devices, cgroups) is removed at the end,
# also on error or Ctrl-C.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

QUICK=0; RAM=0; RUNS=3; ONLY=""; PROFILE=0; KEEP=0; WORKLOADS=""; STACKS=""; BUILD=1; SCALE_SIZES="100k 1m 3m"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --ram) RAM=1 ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --profile) PROFILE=1 ;;
    --workloads) WORKLOADS=$2; shift ;;
    --keep) KEEP=1 ;;
    --stacks) STACKS=$2; shift ;;
    --no-build) BUILD=0 ;;
    --scale-sizes) SCALE_SIZES=$2; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "run.sh: run as root (loop mounts, cgroups, sshd)" >&2; exit 2; }

if [ $QUICK = 1 ]; then
  [ "$RUNS" = 3 ] && RUNS=1
  : "${WORKLOADS:=full nochange edits smallfiles c3 c5 local-full local-nochange local-edits}"
else
  : "${WORKLOADS:=full nochange edits smallfiles c10 c50 local-full local-nochange local-edits}"
fi
case "$ONLY" in
  ssh) WORKLOADS=$(tr ' ' '\n' <<<"$WORKLOADS" | grep -v '^local-\|^client-' | tr '\n' ' ') ;;
  local) WORKLOADS=$(tr ' ' '\n' <<<"$WORKLOADS" | grep '^local-' | tr '\n' ' ') ;;
  "") ;;
  *) echo "run.sh: --only ssh|local" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------- prerequisites
need=()
command -v rsync >/dev/null || need+=(rsync)
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v mkfs.btrfs >/dev/null || need+=(btrfs-progs)
command -v getfattr >/dev/null || need+=(attr)
command -v setfacl >/dev/null || need+=(acl)
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  echo "run.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
SSHD=$(command -v sshd || echo /usr/sbin/sshd)

if [ $BUILD = 1 ]; then
  echo "run.sh: building the jars (mvn package -DskipTests)"
  (cd "$REPO" && mvn -B -q -ntp -o package -DskipTests) || (cd "$REPO" && mvn -B -q -ntp package -DskipTests) ||
    echo "run.sh: WARNING: the build failed; byteback columns will be missing" >&2
fi
RSYNC_JAR=$REPO/rsync-protocol/target/byteback-rsync.jar
SERVER_JAR=${BENCH_SERVER_JAR:-$REPO/sshd-server/target/byteback-server.jar}   # BENCH_SERVER_JAR: measure another build
CLIENT_JAR=${BENCH_CLIENT_JAR:-$REPO/client/target/byteback-client.jar}

# ---------------------------------------------------------------- data (made once, reused)
DATA_ROOT=${BENCH_DATA:-/var/tmp/byteback-bench}
if [ $QUICK = 1 ]; then
  TREE=$DATA_ROOT/quick/usr-share-doc; TREE_FROM=/usr/share/doc
  BIG_FILES=2; BIG_MIB=32; SMALL_FILES=500
  CLIENT_TREE=$DATA_ROOT/quick/client-tree; CLIENT_FROM="/usr/share/zoneinfo"
else
  TREE=$DATA_ROOT/full/usr-share; TREE_FROM=/usr/share
  BIG_FILES=4; BIG_MIB=96; SMALL_FILES=2000
  CLIENT_TREE=$DATA_ROOT/full/client-tree; CLIENT_FROM="/usr/share/i18n /usr/share/zoneinfo"
fi
if [ ! -e "$TREE/.complete" ]; then
  echo "run.sh: copying $TREE_FROM to $TREE (once)"
  rm -rf "$TREE"; mkdir -p "$TREE"
  cp -a "$TREE_FROM/." "$TREE/"
  touch "$TREE/.complete"
fi
if [ ! -e "$CLIENT_TREE/.complete" ]; then
  rm -rf "$CLIENT_TREE"; mkdir -p "$CLIENT_TREE"
  for d in $CLIENT_FROM; do cp -a "$d" "$CLIENT_TREE/"; done
  touch "$CLIENT_TREE/.complete"
fi

# ---------------------------------------------------------------- work area and cleanup
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH_DIR/results/$STAMP
mkdir -p "$OUT"
WORK=$(mktemp -d /var/tmp/bbbench.XXXXXX)
if [ $RAM = 1 ]; then IMGDIR=$(mktemp -d /dev/shm/bbbench.XXXXXX); else IMGDIR=$WORK/img; mkdir -p "$IMGDIR"; fi
CG=bbbench.$$            # cgroup name prefix (cpuacct and memory hierarchies, cgroup v1)
PIDS=()                  # processes we started and must stop

cleanup() {
  set +e
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
  done
  # whatever is still inside our cgroups (sshd session children, receivers) is ours too
  for c in /sys/fs/cgroup/cpuacct/$CG.*; do
    [ -d "$c" ] || continue
    for p in $(cat "$c/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  done
  sleep 0.3
  # mkimg runs in a subshell, so find our mounts in the mount table
  for m in $(awk -v w="$WORK/" 'index($2, w) == 1 {print $2}' /proc/mounts); do
    umount "$m" 2>/dev/null || { sleep 1; umount "$m" 2>/dev/null; } || umount -l "$m"
  done
  for c in /sys/fs/cgroup/cpuacct/$CG.* /sys/fs/cgroup/memory/$CG.*; do [ -d "$c" ] && rmdir "$c"; done
  rm -rf "$IMGDIR"
  if [ $KEEP = 1 ]; then echo "run.sh: work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

cg_make() { mkdir -p "/sys/fs/cgroup/cpuacct/$CG.$1" "/sys/fs/cgroup/memory/$CG.$1"; }
cg_cpu_ns() { cat "/sys/fs/cgroup/cpuacct/$CG.$1/cpuacct.usage"; }
# run a command inside cgroup $1 (both hierarchies), as a child of this shell
cg_exec() { local g=$1; shift; exec sh -c 'echo $$ >"$1"; echo $$ >"$2"; shift 2; exec "$@"' cg \
  "/sys/fs/cgroup/cpuacct/$CG.$g/cgroup.procs" "/sys/fs/cgroup/memory/$CG.$g/cgroup.procs" "$@"; }

# Peak anonymous memory (total_rss of memory.stat) of a cgroup, sampled every 50 ms until killed.
sampler() {
  local f=/sys/fs/cgroup/memory/$CG.$1/memory.stat out=$2 max=0 k v
  trap 'echo $max >"$out"; exit 0' TERM
  while :; do
    while read -r k v; do if [ "$k" = total_rss ]; then [ "$v" -gt "$max" ] && max=$v; break; fi; done <"$f"
    sleep 0.05
  done
}

mkimg() { # name -> mount point
  local img=$IMGDIR/$1.img mnt=$WORK/$1
  truncate -s "${IMG_SIZE}" "$img"; mkfs.btrfs -q "$img" >/dev/null
  mkdir -p "$mnt"; mount -o loop,user_subvol_rm_allowed,discard "$img" "$mnt"
  echo "$mnt"
}
if [ $QUICK = 1 ]; then IMG_SIZE=3G; else IMG_SIZE=8G; fi
case " $WORKLOADS " in *" scale"*|*" client-scale"*|*" client-restore-scale"*) IMG_SIZE=24G ;; esac   # sparse: 3 M small files need ~6 GiB of metadata

wait_port() { local i; for i in $(seq 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p+1)); done; echo $p; }

# ---------------------------------------------------------------- clients and keys
if [ $QUICK = 1 ]; then NCLIENTS=5; else NCLIENTS=50; fi
mkdir -p "$WORK/keys"
CLIENTS=(bench-main)
for i in $(seq -w 1 $NCLIENTS); do CLIENTS+=("bench-c$i"); done
for c in "${CLIENTS[@]}"; do ssh-keygen -q -t ed25519 -N '' -C "$c" -f "$WORK/keys/$c"; done

# ---------------------------------------------------------------- stack A: OpenSSH sshd + rsync
ROOT_A=$(mkimg openssh)
ROOT_B=$(mkimg byteback)
PORT_A=$(free_port 42201)
PORT_B=$(free_port $((PORT_A+1)))

# The forced command, like the original byteback-receive: the client's command with its last
# argument replaced by ROOT/<client>/current.
cat >"$WORK/openssh-receive" <<EOF
#!/bin/bash
read -ra args <<<"\$SSH_ORIGINAL_COMMAND"
case "\${args[0]}" in
  rsync)
    # a restore (--sender): the client's paths, relative to its directory, as byteback's server takes them
    for a in "\${args[@]}"; do [ "\$a" = --sender ] && { cd "$ROOT_A/\$BYTEBACK_HOST" && exec "\${args[@]}"; }; done
    args[-1]="$ROOT_A/\$BYTEBACK_HOST/current"; exec "\${args[@]}" ;;
  byteback-receive) exit 0 ;;
  *) echo "openssh-receive: refused: \${args[0]}" >&2; exit 9 ;;
esac
EOF
chmod 755 "$WORK/openssh-receive"

mkdir -p "$WORK/sshd" "$ROOT_A/.ssh" "$ROOT_B/.ssh"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/sshd/host_ed25519"
cat >"$WORK/sshd/sshd_config" <<EOF
Port $PORT_A
ListenAddress 127.0.0.1
HostKey $WORK/sshd/host_ed25519
PidFile $WORK/sshd/sshd.pid
AuthorizedKeysFile $ROOT_A/.ssh/authorized_keys
PermitRootLogin forced-commands-only
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitUserEnvironment BYTEBACK_HOST
StrictModes no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTTY no
PrintMotd no
UseDNS no
MaxStartups 200:30:300
LogLevel ERROR
EOF
for c in "${CLIENTS[@]}"; do
  mkdir -p "$ROOT_A/$c" "$ROOT_B/$c"
  btrfs -q subvolume create "$ROOT_A/$c/current" >/dev/null
  btrfs -q subvolume create "$ROOT_B/$c/current" >/dev/null
  echo "command=\"$WORK/openssh-receive\",environment=\"BYTEBACK_HOST=$c\" $(cat "$WORK/keys/$c.pub")" >>"$ROOT_A/.ssh/authorized_keys"
  echo "command=\"byteback-receive\",environment=\"BYTEBACK_HOST=$c\" $(cat "$WORK/keys/$c.pub")" >>"$ROOT_B/.ssh/authorized_keys"
done
chmod 700 "$ROOT_A/.ssh" "$ROOT_B/.ssh"; chmod 600 "$ROOT_A/.ssh/authorized_keys" "$ROOT_B/.ssh/authorized_keys"
# the local pair receives into a subvolume of each image
mkdir -p "$ROOT_A/local" "$ROOT_B/local"
btrfs -q subvolume create "$ROOT_A/local/current" >/dev/null; btrfs -q subvolume create "$ROOT_B/local/current" >/dev/null
mkdir -p /run/sshd

cg_make openssh; cg_make byteback; cg_make rsync-local; cg_make java-local; cg_make client-rsync; cg_make client-jar
cg_exec openssh "$SSHD" -D -e -f "$WORK/sshd/sshd_config" 2>>"$WORK/sshd/sshd.log" &
PIDS+=($!)
wait_port "$PORT_A" || { echo "run.sh: sshd did not start:" >&2; cat "$WORK/sshd/sshd.log" >&2; exit 1; }

has_main() { local o; o=$(java -jar "$1" --help </dev/null 2>&1 || true); ! grep -q 'Could not find or load main class' <<<"$o"; }
HAVE_B=0
# the server's JVM options: the same as the systemd unit's unless BB_JAVA_OPTS is set (even to "")
BB_JAVA_OPTS=${BB_JAVA_OPTS-$(sed -n 's/^Environment="BYTEBACK_JAVA_OPTS=\(.*\)"$/\1/p' "$REPO/packaging/byteback.service")}
JL_JAVA_OPTS=${JL_JAVA_OPTS--XX:+UseSerialGC -Xms32m -Xmn24m -XX:MaxRAMPercentage=25 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}
start_byteback() { # [extra java options]
  local listen=()
  local help; help=$(java -jar "$SERVER_JAR" serve --help 2>/dev/null || true)
  grep -q -- '--listen' <<<"$help" && listen=(--listen 127.0.0.1)
  # every bench client comes from 127.0.0.1: lift the per-address and start-up limits (c50, scale-cN)
  grep -q -- '--max-startups-per-address' <<<"$help" && listen+=(--max-startups-per-address 1000 --max-startups 1000:30:1000)
  # every run rewrites the stores from scratch: the size guard's growth floor would stop the repeats
  # (growth over 7 days is what it bounds, not what is benched)
  grep -q -- '--growth-floor' <<<"$help" && listen+=(--growth-floor 1000T)
  cg_exec byteback java $BB_JAVA_OPTS "$@" -jar "$SERVER_JAR" serve --root "$ROOT_B" --port "$PORT_B" "${listen[@]}" \
    >>"$WORK/byteback-server.log" 2>&1 &
  BB_PID=$!; PIDS+=($BB_PID)
  if wait_port "$PORT_B"; then HAVE_B=1; else
    HAVE_B=0; echo "run.sh: byteback server did not start; its column is missing. Log tail:" >&2
    tail -5 "$WORK/byteback-server.log" >&2; kill "$BB_PID" 2>/dev/null || true
  fi
}
stop_byteback() { kill "$BB_PID" 2>/dev/null || true; for _ in $(seq 100); do kill -0 "$BB_PID" 2>/dev/null || break; sleep 0.1; done; }
if [ -f "$SERVER_JAR" ] && has_main "$SERVER_JAR"; then start_byteback; else echo "run.sh: $SERVER_JAR not built; byteback column missing" >&2; fi
HAVE_JL=0
if [ -f "$RSYNC_JAR" ] && has_main "$RSYNC_JAR"; then HAVE_JL=1
else echo "run.sh: $RSYNC_JAR missing or without its main class; the java-local column is missing" >&2; fi

# ---------------------------------------------------------------- the client
# the local remote shell: `local-rsh [-l user] host command...` runs the command here, inside the
# cgroup named by $BENCH_CG
cat >"$WORK/local-rsh" <<EOF
#!/bin/sh
[ "\$1" = -l ] && shift 2
shift
echo \$\$ >/sys/fs/cgroup/cpuacct/\$BENCH_CG/cgroup.procs
echo \$\$ >/sys/fs/cgroup/memory/\$BENCH_CG/cgroup.procs
exec sh -c "\$*"
EOF
chmod 755 "$WORK/local-rsh"

# The client pair: both back up into the byteback server, each as its own client (the first of the bench clients: stock
# rsync + ssh, the second: the jar). client-rsync runs the original byteback-backup's steps: ssh
# `byteback-receive --ping`, rsync with its flags, ssh `byteback-receive --complete`; the jar does the
# same in one process (packaging/byteback-backup, the wrapper users run, with its JVM options).
CLIENT_SSH_OPTS="-i $WORK/keys/${CLIENTS[1]} -l root -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -x -a"
cat >"$WORK/original-backup" <<EOF
#!/bin/sh
# the original byteback-backup's exchange: ping, rsync, complete (LOG prefix, then the sources)
log=\$1; shift
ssh -p $PORT_B $CLIENT_SSH_OPTS 127.0.0.1 byteback-receive --ping || exit \$?
rsync --archive --xattrs --numeric-ids --delete-excluded --delete-during --inplace --relative --timeout 10800 --stats \\
  --rsync-path "rsync --fake-super" -e "ssh -p $PORT_B $CLIENT_SSH_OPTS -o LogLevel=VERBOSE -E \$log.ssh" "\$@" root@127.0.0.1: || exit \$?
ssh -p $PORT_B $CLIENT_SSH_OPTS 127.0.0.1 byteback-receive --complete
EOF
chmod 755 "$WORK/original-backup"
mkdir -p "$WORK/jar-conf"
cp "$WORK/keys/${CLIENTS[2]}" "$WORK/jar-conf/key"
echo "ssh://root@127.0.0.1:$PORT_B" >"$WORK/jar-conf/destination"
: >"$WORK/jar-conf/ssh_config"
HAVE_CJ=0
if [ -f "$CLIENT_JAR" ] && [ $HAVE_B = 1 ]; then
  ssh-keyscan -p "$PORT_B" 127.0.0.1 2>/dev/null >"$WORK/jar-conf/known_hosts" && HAVE_CJ=1
fi

# byteback's own flags (the original byteback-backup). The local pair adds --stats to count the bytes
# (both receivers get it); the ssh pair counts bytes with ssh's own "Transferred:" line instead.
RSYNC_FLAGS=(--archive --xattrs --numeric-ids --delete-excluded --delete-during --inplace --relative --timeout 300)
SRC_MUT=$WORK/src          # random big files and new small files (made per invocation)
mkdir -p "$SRC_MUT/big"
echo "run.sh: making $BIG_FILES random files of $BIG_MIB MiB"
for i in $(seq $BIG_FILES); do head -c "$((BIG_MIB<<20))" /dev/urandom >"$SRC_MUT/big/random$i.bin"; done
MAIN_SRC=("$TREE" "$SRC_MUT")

# backup STACK CLIENT LOGPREFIX SRC...  -> runs one client, returns rsync's status
backup() {
  local stack=$1 c=$2 log=$3; shift 3
  case "$stack" in
    openssh|byteback)
      local port=$PORT_A; [ "$stack" = byteback ] && port=$PORT_B
      rsync "${RSYNC_FLAGS[@]}" --rsync-path "rsync --fake-super" \
        -e "ssh -p $port -i $WORK/keys/$c -l root -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=VERBOSE -E $log.ssh -x -a" \
        "$@" "root@127.0.0.1:" >"$log.out" 2>"$log.err" ;;
    rsync-local)
      BENCH_CG=$CG.rsync-local rsync "${RSYNC_FLAGS[@]}" --stats --rsync-path "rsync --fake-super" -e "$WORK/local-rsh" \
        "$@" "localhost:$ROOT_A/local/current" >"$log.out" 2>"$log.err" ;;
    client-rsync)
      (cg_exec client-rsync "$WORK/original-backup" "$log" "$@") >"$log.out" 2>"$log.err" ;;
    client-jar)
      (export BYTEBACK_CLIENT_JAR=$CLIENT_JAR; cg_exec client-jar "$REPO/packaging/byteback-backup" --config-dir "$WORK/jar-conf" \
        -F "$WORK/jar-conf/ssh_config" --lock-file "$WORK/jar.lock" -r 0 -v --exclude /nonexistent-bench-exclude \
        --source "$@") >"$log.out" 2>"$log.err" ;;
    java-local)
      BENCH_CG=$CG.java-local rsync "${RSYNC_FLAGS[@]}" --stats --rsync-path "java $JL_JAVA_OPTS ${JL_OPTS:-} -jar $RSYNC_JAR" -e "$WORK/local-rsh" \
        "$@" "localhost:$ROOT_B/local/current" >"$log.out" 2>"$log.err" ;;
  esac
}

# restore STACK CLIENT LOGPREFIX DEST -> pulls all of the client's current into DEST, returns rsync's status.
# The client flags of a restore that keeps everything (-aHAX, numeric ids); the server side is the
# stack's rsync --fake-super --server --sender (openssh) or byteback's sender.
restore() {
  local stack=$1 c=$2 log=$3 dest=$4 port=$PORT_A
  [ "$stack" = byteback ] && port=$PORT_B
  rsync -aHAX --numeric-ids --timeout 300 --rsync-path "rsync --fake-super" \
    -e "ssh -p $port -i $WORK/keys/$c -l root -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=VERBOSE -E $log.ssh -x -a" \
    "root@127.0.0.1:current/" "$dest/" >"$log.out" 2>"$log.err"
}
OP=backup   # what measure() runs: backup, or restore for the restore workloads

wire_bytes() { # log prefix -> bytes on the wire (ssh's count, else rsync's totals)
  local l=$1
  if [ -s "$l.err" ] && grep -q '^byteback-backup: .* sent, ' "$l.err"; then
    # the jar's final line: what its rsync sender wrote (rsync's "Total bytes sent"), to the jar's rounding
    sed -n 's/^byteback-backup: [0-9]* files, \([0-9.]*\) \([KMGT]*i*B\) sent.*/\1 \2/p' "$l.err" | tail -1 |
      awk '{m = ($2 == "B") ? 1 : ($2 == "KiB") ? 1024 : ($2 == "MiB") ? 1048576 : ($2 == "GiB") ? 1073741824 : 1; printf "%.0f\n", $1 * m}'
    return
  fi
  if [ -s "$l.err" ] && grep -q '^byteback-restore: .* received in ' "$l.err"; then
    # the jar's restore: what its receiver read (rsync's "Total bytes received")
    sed -n 's/^byteback-restore: .*, \([0-9.]*\) \([KMGT]*i*B\) received in .*/\1 \2/p' "$l.err" | tail -1 |
      awk '{m = ($2 == "B") ? 1 : ($2 == "KiB") ? 1024 : ($2 == "MiB") ? 1048576 : ($2 == "GiB") ? 1073741824 : 1; printf "%.0f\n", $1 * m}'
    return
  fi
  if [ -s "$l.out" ] && grep -q '^Total bytes sent:' "$l.out" && [[ "$l" == *client-rsync* ]]; then
    awk '/^Total bytes sent:/{gsub(",","",$4); s+=$4} END{print s+0}' "$l.out"; return
  fi
  if [ -s "$l.ssh" ] && grep -q 'Transferred: sent' "$l.ssh"; then
    sed -n 's/.*Transferred: sent \([0-9]*\), received \([0-9]*\) bytes.*/\1 \2/p' "$l.ssh" | awk '{s+=$1+$2} END{print s+0}'
  else
    awk '/^Total bytes sent:/{gsub(",","",$4); s+=$4} /^Total bytes received:/{gsub(",","",$4); s+=$4} END{print s+0}' "$l.out"
  fi
}

available() {
  [ -z "$STACKS" ] || grep -qw -- "$1" <<<"$STACKS" || return 1
  case "$1" in byteback) [ $HAVE_B = 1 ] ;; java-local) [ $HAVE_JL = 1 ] ;; client-rsync) [ $HAVE_B = 1 ] ;;
    client-jar) [ $HAVE_CJ = 1 ] ;; *) true ;; esac
}

RESULTS=$OUT/results.tsv
printf 'workload\tstack\trun\twall_s\tserver_cpu_s\tpeak_rss_mib\twire_mib\tload1\tstatus\n' >"$RESULTS"
RUNLOG=$WORK/runs; mkdir -p "$RUNLOG"
SEQ=0

# measure WORKLOAD STACK RUN NCLIENTS SRC...: back up with NCLIENTS clients at once (1 = bench-main)
measure() {
  local wl=$1 stack=$2 run=$3 n=$4; shift 4
  if [ -n "$STACKS" ] && ! grep -qw -- "$stack" <<<"$STACKS"; then return; fi
  if ! available "$stack"; then
    printf '%s\t%s\t%s\t\t\t\t\t\tmissing\n' "$wl" "$stack" "$run" >>"$RESULTS"; return
  fi
  sync
  SEQ=$((SEQ+1))
  local load1 cpu0 cpu1 t0 t1 st=0 i pids=() prefix=$RUNLOG/$SEQ-$wl-$stack-$run peak wire=0 c
  load1=$(cut -d' ' -f1 /proc/loadavg)
  sampler "$stack" "$prefix.peak" & local sp=$!
  cpu0=$(cg_cpu_ns "$stack"); t0=$(date +%s%N)
  if [ "$n" = 1 ]; then
    "$OP" "$stack" bench-main "$prefix" "$@" || st=$?
  else
    for i in $(seq 1 "$n"); do c=${CLIENTS[$i]}; backup "$stack" "$c" "$prefix.$c" "$@" & pids+=($!); done
    for i in "${pids[@]}"; do wait "$i" || st=$?; done
  fi
  t1=$(date +%s%N); cpu1=$(cg_cpu_ns "$stack")
  kill "$sp"; wait "$sp" 2>/dev/null || true
  peak=$(cat "$prefix.peak" 2>/dev/null || echo 0)
  if [ "$n" = 1 ]; then wire=$(wire_bytes "$prefix"); else
    for i in $(seq 1 "$n"); do wire=$((wire + $(wire_bytes "$prefix.${CLIENTS[$i]}"))); done
  fi
  local status=ok; [ "$st" = 0 ] || { status="fail($st)"; echo "run.sh: $wl/$stack run $run failed ($st):" >&2; cat "$prefix"*.err 2>/dev/null | head -5 >&2; }
  printf '%s\t%s\t%s\t%.2f\t%.2f\t%.1f\t%.1f\t%s\t%s\n' "$wl" "$stack" "$run" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print (b-a)/1e9}')" \
    "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{print (b-a)/1e9}')" \
    "$(awk -v p="$peak" 'BEGIN{print p/1048576}')" \
    "$(awk -v w="$wire" 'BEGIN{print w/1048576}')" "$load1" "$status" | tee -a "$RESULTS"
}

# empty clients' stores so the next run is a first full backup: delete the subvolumes, commit the
# transaction so btrfs's cleaner starts at once (else it waits for the 30 s commit), wait for it,
# create them again. Unmeasured.
reset_stores() { # stack client...
  local st=$1 c subs=(); shift
  for c in "$@"; do subs+=("$(store_of "$st" "$c")"); done
  for c in "${subs[@]}"; do btrfs -q subvolume delete "$c" >/dev/null; done
  btrfs -q filesystem sync "${subs[0]%/*}" >/dev/null 2>&1 || true
  btrfs -q subvolume sync "${subs[0]%/*}" >/dev/null 2>&1 || true
  for c in "${subs[@]}"; do btrfs -q subvolume create "$c" >/dev/null; done
}

store_of() {
  case "$1" in
    openssh) echo "$ROOT_A/$2/current" ;; byteback) echo "$ROOT_B/$2/current" ;;
    client-rsync) echo "$ROOT_B/${CLIENTS[1]}/current" ;; client-jar) echo "$ROOT_B/${CLIENTS[2]}/current" ;;
    rsync-local) echo "$ROOT_A/local/current" ;; java-local) echo "$ROOT_B/local/current" ;;
  esac
}
# After a first full backup: do both stores hold the same tree? (names, types and modes on disc,
# sizes, mtimes, and the user.rsync.%stat xattrs of a sample.) Written to verify.txt; unmeasured.
verify_pair() { # workload stackA stackB client
  available "$2" && available "$3" || return 0
  local a b fa=$WORK/verify-$1-a fb=$WORK/verify-$1-b
  a=$(store_of "$2" "$4"); b=$(store_of "$3" "$4")
  (cd "$a" && find . -mindepth 1 -printf '%P %y %m %s %T@\n' | LC_ALL=C sort) >"$fa"
  (cd "$b" && find . -mindepth 1 -printf '%P %y %m %s %T@\n' | LC_ALL=C sort) >"$fb"
  (cd "$a" && find . -type f | LC_ALL=C sort | head -2000 | xargs -d '\n' getfattr -h --absolute-names -d -m - 2>/dev/null) >"$fa.x" || true
  (cd "$b" && find . -type f | LC_ALL=C sort | head -2000 | xargs -d '\n' getfattr -h --absolute-names -d -m - 2>/dev/null) >"$fb.x" || true
  if cmp -s "$fa" "$fb" && cmp -s "$fa.x" "$fb.x"; then
    echo "$1: $2 and $3 stores identical ($(wc -l <"$fa") entries: names, types, modes, sizes, mtimes; xattrs of 2000 files)" | tee -a "$OUT/verify.txt"
  else
    echo "$1: $2 and $3 stores DIFFER ($(wc -l <"$fa") vs $(wc -l <"$fb") entries); first differences:" | tee -a "$OUT/verify.txt"
    { diff "$fa" "$fb"; diff "$fa.x" "$fb.x"; } | head -20 | tee -a "$OUT/verify.txt" || true
  fi
}

# After a full restore: does the restored tree equal the source? (names, types, modes, sizes, mtimes)
verify_restore() { # stack dest [source tree] [workload]
  local tree=${3:-$TREE} wl=${4:-restore-full}
  local fs=$WORK/verify-restore-src fd=$WORK/verify-restore-$1 d
  d=$(find "$2" -type d -name "$(basename "$tree")" -prune -print -quit)
  [ -n "$d" ] || { echo "$wl: $1 restored no $(basename "$tree")" | tee -a "$OUT/verify.txt"; return; }
  # a directory's size is its filesystem's business (ext4 source, btrfs store, ext4 destination)
  local f="-type d -printf %P\t%y\t%m\t-\t%T@\t%U:%G\n -o -printf %P\t%y\t%m\t%s\t%T@\t%U:%G\n"
  (cd "$tree" && find . -mindepth 1 $f | LC_ALL=C sort) >"$fs"
  (cd "$d" && find . -mindepth 1 $f | LC_ALL=C sort) >"$fd"
  if cmp -s "$fs" "$fd"; then
    echo "$wl: $1 restored the tree exactly ($(wc -l <"$fs") entries: names, types, modes, file sizes, mtimes, owners)" | tee -a "$OUT/verify.txt"
  else
    echo "$wl: $1's restored tree DIFFERS from the source; first differences:" | tee -a "$OUT/verify.txt"
    diff "$fs" "$fd" | head -10 | tee -a "$OUT/verify.txt" || true
  fi
}

# pair order for run r: the two stacks alternate who goes first
order() { # pair run
  local a b
  if [ "$1" = ssh ]; then a=openssh; b=byteback; elif [ "$1" = client ]; then a=client-rsync; b=client-jar
  else a=rsync-local; b=java-local; fi
  if [ $(( $2 % 2 )) = 1 ]; then echo "$a $b"; else echo "$b $a"; fi
}

edit_big_files() { # small edits inside the large files: 8 x 4 KiB at random offsets each
  local f k
  for f in "$SRC_MUT"/big/*.bin; do
    for k in $(seq 8); do
      dd if=/dev/urandom of="$f" bs=4096 count=1 seek=$(( (RANDOM * 32768 + RANDOM) % (BIG_MIB * 256) )) conv=notrunc status=none
    done
  done
}

SMALL_SET=0
add_small_files() { # many new small files: SMALL_FILES files of 4 KiB, fresh random content
  SMALL_SET=$((SMALL_SET+1))
  local d=$SRC_MUT/small/set$SMALL_SET
  mkdir -p "$d"
  head -c $((SMALL_FILES * 4096)) /dev/urandom | (cd "$d" && split -b 4096 -a 5 - f)
}

warm() { tar -cf - "$@" 2>/dev/null | cat >/dev/null; }

run_workload() {
  local wl=$1 r s pair=ssh
  case "$wl" in local-*) pair=local ;; client-*) pair=client ;; esac
  echo "== $wl ($(uptime | sed 's/.*load/load/'))"
  case "$wl" in
    full|local-full|client-full)
      warm "${MAIN_SRC[@]}"
      for r in $(seq "$RUNS"); do for s in $(order $pair "$r"); do
        if available "$s"; then reset_stores "$s" bench-main; fi
        measure "$wl" "$s" "$r" 1 "${MAIN_SRC[@]}"
      done
      if [ "$r" = 1 ]; then verify_pair "$wl" $(order $pair 1) bench-main; fi
      done ;;
    nochange|local-nochange|client-nochange)
      # make sure the stores hold the current source first (unmeasured)
      for s in $(order $pair 1); do available "$s" && { backup "$s" bench-main "$RUNLOG/prep-$s" "${MAIN_SRC[@]}" || true; }; done
      for r in $(seq "$RUNS"); do for s in $(order $pair "$r"); do measure "$wl" "$s" "$r" 1 "${MAIN_SRC[@]}"; done; done ;;
    edits|local-edits|client-edits)
      for s in $(order $pair 1); do available "$s" && { backup "$s" bench-main "$RUNLOG/prep-$s" "${MAIN_SRC[@]}" || true; }; done
      for r in $(seq "$RUNS"); do
        edit_big_files
        for s in $(order $pair "$r"); do measure "$wl" "$s" "$r" 1 "${MAIN_SRC[@]}"; done
      done ;;
    smallfiles)
      for s in $(order $pair 1); do available "$s" && { backup "$s" bench-main "$RUNLOG/prep-$s" "${MAIN_SRC[@]}" || true; }; done
      for r in $(seq "$RUNS"); do
        add_small_files
        for s in $(order $pair "$r"); do measure "$wl" "$s" "$r" 1 "${MAIN_SRC[@]}"; done
      done ;;
    c[0-9]*)
      local n=${wl#c} i
      [ "$n" -le "$NCLIENTS" ] || { echo "run.sh: $wl: only $NCLIENTS clients" >&2; return; }
      warm "$CLIENT_TREE"
      for r in $(seq "$RUNS"); do for s in $(order $pair "$r"); do
        # measure's single client is bench-main (c1: the one-client baseline of c10/c50's MiB per client)
        if available "$s"; then if [ "$n" = 1 ]; then reset_stores "$s" bench-main; else reset_stores "$s" "${CLIENTS[@]:1:$n}"; fi; fi
        measure "$wl-full" "$s" "$r" "$n" "$CLIENT_TREE"
      done
      if [ "$r" = 1 ]; then if [ "$n" = 1 ]; then verify_pair "$wl-full" $(order $pair 1) bench-main; else verify_pair "$wl-full" $(order $pair 1) "${CLIENTS[$n]}"; fi; fi
      done
      for r in $(seq "$RUNS"); do for s in $(order $pair "$r"); do
        measure "$wl-nochange" "$s" "$r" "$n" "$CLIENT_TREE"
      done; done ;;
    restore-full|restore-delta)
      # the store holds the source (an unmeasured backup); each stack restores into its own directory
      for s in $(order $pair 1); do available "$s" && { backup "$s" bench-main "$RUNLOG/prep-$s" "${MAIN_SRC[@]}" || true; }; done
      for r in $(seq "$RUNS"); do for s in $(order $pair "$r"); do
        available "$s" || { measure "$wl" "$s" "$r" 1; continue; }
        local dest=$WORK/restored-$s
        if [ "$wl" = restore-full ]; then
          rm -rf "$dest"; mkdir -p "$dest"
        else
          # a stale copy: restored once (unmeasured), then its large files edited (8 x 4 KiB each)
          [ -d "$dest" ] || { mkdir -p "$dest"; restore "$s" bench-main "$RUNLOG/prep-restore-$s" "$dest" || true; }
          local f k
          for f in $(find "$dest" -name 'random*.bin'); do
            for k in $(seq 8); do
              dd if=/dev/urandom of="$f" bs=4096 count=1 seek=$(( (RANDOM * 32768 + RANDOM) % (BIG_MIB * 256) )) conv=notrunc status=none
            done
          done
        fi
        sync
        OP=restore measure "$wl" "$s" "$r" 1 "$dest"
        if [ "$r" = 1 ] && [ "$wl" = restore-full ]; then verify_restore "$s" "$dest"; fi
      done; done
      OP=backup ;;
    scale) run_scale ;;
    scale-restore) run_scale_restore ;;
    client-scale) run_client_scale ;;
    client-restore-scale) run_client_restore_scale ;;
    scale-c[0-9]*) run_scale_concurrent "${wl#scale-c}" ;;
    *) echo "run.sh: unknown workload $wl" >&2 ;;
  esac
}

# ---------------------------------------------------------------- scale: millions of files (issue 12)
SCALE_DATA=$DATA_ROOT/scale
scale_files() { case "$1" in *k) echo $(( ${1%k} * 1000 )) ;; *m) echo $(( ${1%m} * 1000000 )) ;; *) echo "$1" ;; esac; }
scale_tree() { # size -> path of its tree, made once
  local t=$SCALE_DATA/$1
  if [ ! -e "$t/.complete" ]; then
    echo "run.sh: making $1 small files in $t (once)" >&2
    python3 "$BENCH_DIR/scale-tree.py" "$t" "$(scale_files "$1")" >&2
  fi
  echo "$t"
}
# Would N million files more (per stack measured, in RAM images) fit? ~2 GiB per million per stack,
# plus 2 GiB to spare for everything else on the machine.
scale_fits() { # files
  [ $RAM = 1 ] || return 0
  local avail need stacks=2
  [ -n "$STACKS" ] && stacks=$(wc -w <<<"$STACKS")
  avail=$(awk '/MemAvailable/{print int($2/1024)}' /proc/meminfo)
  need=$(( $1 * stacks * 2048 / 1000000 + 2048 ))
  if [ "$avail" -lt "$need" ]; then
    echo "run.sh: skipping $1 files: $avail MiB available, about $need MiB needed" >&2; return 1
  fi
}
cg_rss_mib() { awk '$1 == "total_rss" {printf "%.1f", $2/1048576}' "/sys/fs/cgroup/memory/$CG.$1/memory.stat"; }
# the server's RSS a minute after its last backup: what it gives back
idle_row() { # workload stack
  available "$2" || return 0
  sleep 60
  printf '%s\t%s\t1\t\t\t%s\t\t%s\tok\n' "$1-idle60" "$2" "$(cg_rss_mib "$2")" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
}
run_scale() {
  local size tree r s n
  for size in $SCALE_SIZES; do
    n=$(scale_files "$size")
    scale_fits "$n" || continue
    tree=$(scale_tree "$size")
    warm "$tree"
    for r in $(seq "$RUNS"); do for s in $(order ssh "$r"); do
      available "$s" || continue
      reset_stores "$s" bench-main
      measure "scale-$size-full" "$s" "$r" 1 "$tree"
      measure "scale-$size-nochange" "$s" "$r" 1 "$tree"
      [ "$r" = 1 ] && idle_row "scale-$size" "$s"
    done
    if [ "$r" = 1 ]; then verify_pair "scale-$size-full" $(order ssh 1) bench-main; fi
    done
    for s in openssh byteback; do available "$s" && reset_stores "$s" bench-main; done   # give the RAM back
  done
}
# Restores of the scale trees: the store holds the tree (an unmeasured backup), then stock rsync
# pulls it (-aHAX, incremental recursion on) from each stack's sender into an empty directory on a
# btrfs image of its own; peak server RSS is the sender side's (sshd + rsync --sender, or the JVM).
run_scale_restore() {
  local size tree r s dest dests
  dests=$(mkimg restore-dest)
  for size in $SCALE_SIZES; do
    scale_fits $(( $(scale_files "$size") * 3 / 2 )) || continue
    tree=$(scale_tree "$size")
    warm "$tree"
    for s in $(order ssh 1); do
      available "$s" || continue
      reset_stores "$s" bench-main
      backup "$s" bench-main "$RUNLOG/prep-scale-restore-$size-$s" "$tree" || echo "run.sh: scale-restore: $s backup failed" >&2
    done
    for r in $(seq "$RUNS"); do for s in $(order ssh "$r"); do
      available "$s" || { measure "scale-restore-$size" "$s" "$r" 1; continue; }
      dest=$dests/$s
      rm -rf "$dest"; mkdir -p "$dest"; sync
      OP=restore measure "scale-restore-$size" "$s" "$r" 1 "$dest"
      [ "$r" = 1 ] && verify_restore "$s" "$dest" "$tree" "scale-restore-$size"
      rm -rf "$dest"
    done; done
    for s in openssh byteback; do available "$s" && reset_stores "$s" bench-main; done   # give the RAM back
  done
  OP=backup
}
run_client_scale() { # the client pair on the scale trees: the client's CPU and peak RSS per size
  local size tree r s
  for size in $SCALE_SIZES; do
    tree=$(scale_tree "$size")
    warm "$tree"
    for r in $(seq "$RUNS"); do for s in $(order client "$r"); do
      available "$s" || continue
      reset_stores "$s" bench-main
      measure "client-scale-$size-full" "$s" "$r" 1 "$tree"
      measure "client-scale-$size-nochange" "$s" "$r" 1 "$tree"
    done; done
    for s in client-rsync client-jar; do available "$s" && reset_stores "$s" bench-main; done   # give the RAM back
  done
}
# client_restore STACK CLIENT LOGPREFIX DEST TREE -> the client pair restores TREE (its newest copy) into DEST,
# as ./current/TREE: stock rsync + ssh with the original byteback-restore's rsync command (-HAX as the jar asks),
# or the jar through packaging/byteback-restore as users run it
client_restore() {
  local stack=$1 log=$3 dest=$4 tree=$5
  case "$stack" in
    client-rsync)
      (cd "$dest" && cg_exec client-rsync rsync --archive --numeric-ids --inplace --relative --compress --timeout 300 \
        --hard-links --acls --xattrs --trust-sender --rsync-path "byteback-restore --fake-super --snapshot *" \
        -e "ssh -p $PORT_B $CLIENT_SSH_OPTS -o LogLevel=VERBOSE -E $log.ssh" "root@127.0.0.1:$tree" .) >"$log.out" 2>"$log.err" ;;
    client-jar)
      (cd "$dest" && export BYTEBACK_CLIENT_JAR=$CLIENT_JAR && cg_exec client-jar "$REPO/packaging/byteback-restore" --restore \
        --config-dir "$WORK/jar-conf" -F "$WORK/jar-conf/ssh_config" -v "$tree") >"$log.out" 2>"$log.err" ;;
  esac
}
run_client_restore_scale() { # the client pair restoring the scale trees: the client's CPU and peak RSS per size
  local size tree r s root_r dest a b
  root_r=$(mkimg restored)
  for size in $SCALE_SIZES; do
    tree=$(scale_tree "$size")
    available client-rsync || continue
    # the store: one backup by stock rsync into the first client's, a snapshot of it for the second (unmeasured)
    reset_stores client-rsync bench-main
    backup client-rsync bench-main "$RUNLOG/prep-restore-$size" "$tree" || echo "run.sh: preparing $size failed" >&2
    a=$(store_of client-rsync x); b=$(store_of client-jar x)
    btrfs -q subvolume delete "$b" >/dev/null; btrfs -q subvolume snapshot "$a" "$b" >/dev/null
    for r in $(seq "$RUNS"); do for s in $(order client "$r"); do
      available "$s" || continue
      dest=$root_r/$s
      [ -d "$dest" ] && btrfs -q subvolume delete "$dest" >/dev/null
      btrfs -q subvolume create "$dest" >/dev/null
      OP=client_restore measure "client-restore-$size" "$s" "$r" 1 "$dest" "$tree"
      if [ "$r" = 1 ]; then verify_scale_restore "$s" "$tree" "$dest/current$tree"; fi
    done; done
    for s in client-rsync client-jar; do [ -d "$root_r/$s" ] && btrfs -q subvolume delete "$root_r/$s" >/dev/null; done
  done
  OP=backup
  for s in client-rsync client-jar; do available "$s" && reset_stores "$s" bench-main; done   # give the RAM back
}
verify_scale_restore() { # stack tree restored-copy: names, types, modes, file sizes, mtimes, owners (unmeasured)
  local fs=$WORK/verify-crs-src fd=$WORK/verify-crs-$1
  local f="-type d -printf %P\t%y\t%m\t-\t%T@\t%U:%G\n -o -printf %P\t%y\t%m\t%s\t%T@\t%U:%G\n"
  (cd "$2" && find . -mindepth 1 ! -name .complete $f | LC_ALL=C sort) >"$fs"
  (cd "$3" && find . -mindepth 1 ! -name .complete $f | LC_ALL=C sort) >"$fd" 2>/dev/null || true
  if cmp -s "$fs" "$fd"; then
    echo "client-restore: $1 restored $2 exactly ($(wc -l <"$fs") entries: names, types, modes, file sizes, mtimes, owners)" | tee -a "$OUT/verify.txt"
  else
    echo "client-restore: $1's restore of $2 DIFFERS from the source; first differences:" | tee -a "$OUT/verify.txt"
    diff "$fs" "$fd" | head -10 | tee -a "$OUT/verify.txt" || true
  fi
}
run_scale_concurrent() { # N clients at once, each the same tree into its own store
  local n=$1 size tree r s
  size=${SCALE_SIZES%% *}; for s in $SCALE_SIZES; do [ "$s" = 1m ] && size=1m; done
  [ "$n" -le "$NCLIENTS" ] || { echo "run.sh: scale-c$n: only $NCLIENTS clients" >&2; return; }
  scale_fits $(( $(scale_files "$size") * n )) || return 0
  tree=$(scale_tree "$size")
  warm "$tree"
  for r in $(seq "$RUNS"); do for s in $(order ssh "$r"); do
    available "$s" || continue
    reset_stores "$s" "${CLIENTS[@]:1:$n}"
    measure "scale-c$n-$size-full" "$s" "$r" "$n" "$tree"
    measure "scale-c$n-$size-nochange" "$s" "$r" "$n" "$tree"
    [ "$r" = 1 ] && idle_row "scale-c$n-$size" "$s"
    reset_stores "$s" "${CLIENTS[@]:1:$n}"
  done; done
}

T_START=$(date +%s)
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
  echo "rsync: $(rsync --version | head -1)"
  echo "openssh: $(ssh -V 2>&1)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "byteback server JVM options: ${BB_JAVA_OPTS:-(none given: plain java -jar as in the README, the server restarts on its frugal options)}"
  echo "byteback-rsync.jar JVM options: ${JL_JAVA_OPTS:-(JVM defaults)}"
  echo "byteback: $(cd "$REPO" && git log -1 --format='%h %s' | cut -c1-100)"
  echo "images: $([ $RAM = 1 ] && echo "/dev/shm (RAM)" || echo "/var/tmp (disc)"), runs per workload: $RUNS, quick: $QUICK"
  echo "tree: $TREE ($(find "$TREE" | wc -l) entries, $(du -sm "$TREE" | cut -f1) MiB) + $BIG_FILES x $BIG_MIB MiB random"
  echo "client tree (concurrent runs): $(find "$CLIENT_TREE" | wc -l) entries, $(du -sm "$CLIENT_TREE" | cut -f1) MiB"
  echo "byteback server: $([ $HAVE_B = 1 ] && echo running || echo MISSING); byteback-rsync.jar: $([ $HAVE_JL = 1 ] && echo present || echo MISSING)"
} | tee "$OUT/environment.txt"

for wl in $WORKLOADS; do run_workload "$wl" || echo "run.sh: workload $wl ended with status $?" >&2; done

if [ $PROFILE = 1 ]; then
  echo "== profile (Java Flight Recorder, full backup)"
  if [ $HAVE_JL = 1 ]; then
    reset_stores java-local bench-main
    JL_OPTS="-Xlog:jfr+startup=off -XX:StartFlightRecording=filename=$OUT/java-local-full.jfr,settings=profile,dumponexit=true" \
      backup java-local bench-main "$RUNLOG/profile-local" "${MAIN_SRC[@]}" || echo "run.sh: profiled local run failed" >&2
    [ -s "$OUT/java-local-full.jfr" ] && "$BENCH_DIR/jfr-top.sh" "$OUT/java-local-full.jfr" | tee "$OUT/profile-java-local.txt"
  fi
  if [ $HAVE_B = 1 ]; then
    stop_byteback
    start_byteback "-XX:StartFlightRecording=filename=$OUT/byteback-server-full.jfr,settings=profile,dumponexit=true"
    reset_stores byteback bench-main
    backup byteback bench-main "$RUNLOG/profile-server" "${MAIN_SRC[@]}" || echo "run.sh: profiled server run failed" >&2
    stop_byteback
    [ -s "$OUT/byteback-server-full.jfr" ] && "$BENCH_DIR/jfr-top.sh" "$OUT/byteback-server-full.jfr" | tee "$OUT/profile-byteback-server.txt"
  fi
fi

echo "elapsed: $(( $(date +%s) - T_START )) s" | tee -a "$OUT/environment.txt"
"$BENCH_DIR/summarise.sh" "$RESULTS" | tee "$OUT/summary.md"
cp -r "$RUNLOG" "$OUT/logs" 2>/dev/null || true
[ -f "$WORK/byteback-server.log" ] && cp "$WORK/byteback-server.log" "$OUT/logs/" 
echo "run.sh: results in $OUT"
