#!/bin/bash
# The one command that runs every test: ./test.sh  (as root: the tests mount btrfs on loop devices)
# It installs the real peers the tests drive when they are missing, builds all modules and runs
# unit and integration tests. A skipped test fails the run: a skip is not a pass.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v rsync      >/dev/null || need+=(rsync)
command -v mkfs.btrfs >/dev/null || need+=(btrfs-progs)
command -v ssh        >/dev/null || need+=(openssh-client)
command -v sftp       >/dev/null || need+=(openssh-client)
[ -x /usr/sbin/sshd ]              || need+=(openssh-server)
command -v getfattr   >/dev/null || need+=(attr)
command -v setfacl    >/dev/null || need+=(acl)
command -v python3    >/dev/null || need+=(python3)
command -v ruby       >/dev/null || need+=(ruby)
# Debian's python3 (not a pyenv one first on PATH) parses /metrics in the tests
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || need+=(python3-prometheus-client)
command -v mvn        >/dev/null || need+=(maven)
command -v man        >/dev/null || need+=(man-db)
command -v lintian    >/dev/null || need+=(lintian)
command -v runuser    >/dev/null || need+=(util-linux)
command -v dpkg-deb   >/dev/null || need+=(dpkg)
[ -e /usr/share/bash-completion/bash_completion ] || need+=(bash-completion)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

mvn -B -ntp verify "$@"

skipped=$(grep -ho 'skipped="[0-9]*"' */target/surefire-reports/TEST-*.xml 2>/dev/null | grep -v 'skipped="0"' || true)
if [ -n "$skipped" ]; then
  echo "test.sh: some tests were skipped; a skipped test is not a passing test:" >&2
  grep -l 'skipped="[1-9]' */target/surefire-reports/TEST-*.xml >&2
  exit 1
fi
