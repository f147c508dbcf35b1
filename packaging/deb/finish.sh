#!/bin/sh
# After the generators: gzip the man pages and the changelog, drop the completion scripts' #! line
# (a completion file is sourced, not run). $1: the module's target directory.
set -e
t=$1
for f in "$t"/man/*.1; do
    if [ -e "$f" ]; then gzip -9nf "$f"; fi
done
mkdir -p "$t/doc"
gzip -9nc "$(dirname "$0")/changelog" >"$t/doc/changelog.gz"
for f in "$t"/completion/*; do sed -i '1{/^#!/d}' "$f"; done
