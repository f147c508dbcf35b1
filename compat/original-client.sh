#!/bin/bash
# Runs the ORIGINAL Ruby byteback client's byteback-restore, unchanged, against a running byteback
# server: --list (newest, --all, --snapshot) and --restore (newest and --all) of one pattern.
# Manual check, not part of test.sh (it needs a checkout of the original repository, which we do
# not ship). See README "Restores with the original client".
#
#   compat/original-client.sh CHECKOUT USER@HOST PORT KEY PATTERN [SNAPSHOT]
#
#   CHECKOUT  a checkout of https://github.com/BytemarkHosting/byteback
#   USER@HOST the server (any user name: the key decides the client)
#   PORT      the server's SSH port (the original client always runs plain ssh, port 22)
#   KEY       the client's private key (enrolled on the server)
#   PATTERN   e.g. '/etc/*' (quote it)
#   SNAPSHOT  a snapshot name for the --snapshot runs (default: every snapshot, '*')
#
# Installs ruby, ruby-ffi and ruby-scanf (apt-get) when missing. Restores go to a new temporary
# directory, printed at the end. The client's ssh is pointed at PORT by an ssh wrapper first in
# PATH; rsync >= 3.2.5 gets --trust-sender from an rsync wrapper, which is what the line
# --trust-sender in /etc/byteback/rsync_flags does for an installed client (this script does not
# touch /etc).
set -euo pipefail
[ $# -ge 5 ] || { sed -n '2,20p' "$0"; exit 2; }
checkout=$(cd "$1" && pwd); dest=$2; port=$3; key=$(readlink -f "$4"); pattern=$5; snapshot=${6:-*}
[ -x "$checkout/bin/byteback-restore" ] || { echo "no bin/byteback-restore in $checkout" >&2; exit 2; }

need=()
command -v ruby >/dev/null || need+=(ruby)
ruby -e 'require "ffi"' 2>/dev/null || need+=(ruby-ffi)
ruby -e 'require "scanf"' 2>/dev/null || need+=(ruby-scanf)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
mkdir "$work/bin" "$work/restore"
real_ssh=$(command -v ssh); real_rsync=$(command -v rsync)
cat > "$work/bin/ssh" <<WRAP
#!/bin/sh
exec "$real_ssh" -p "$port" -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$work/known_hosts" "\$@"
WRAP
cat > "$work/bin/rsync" <<WRAP
#!/bin/sh
exec "$real_rsync" --trust-sender "\$@"
WRAP
chmod +x "$work/bin/ssh" "$work/bin/rsync"
export PATH="$work/bin:$PATH"

restore() { (cd "$work/restore" && ruby "$checkout/bin/byteback-restore" --destination "$dest:" --ssh-key "$key" "$@"); }

status=0
run() {
  echo "== byteback-restore $*"
  if restore "$@"; then echo "(exit 0)"; else echo "(exit $?)"; status=1; fi
}
run --list "$pattern"
run --list --all "$pattern"
run --list --snapshot "$snapshot" "$pattern"
run --restore "$pattern"
run --restore --all "$pattern"
echo "== restored into $work/restore:"
(cd "$work/restore" && find . -mindepth 1 -printf '%M %u:%g %s %p\n' | sort -k4)
exit $status
