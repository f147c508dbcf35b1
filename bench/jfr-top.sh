#!/bin/bash
# bench/jfr-top.sh FILE.jfr [N] — summarise a Java Flight Recorder recording: where the CPU samples
# fall (top frames = self time, and inclusive time per method), per thread, plus GC and allocation.
set -euo pipefail
f=$1; n=${2:-25}
echo "### $(basename "$f")"
jfr summary "$f" | awk '/jdk.ExecutionSample|jdk.NativeMethodSample|jdk.GarbageCollection |jdk.ObjectAllocationSample|jdk.ThreadPark |Duration|Start/'
jfr print --stack-depth 64 --events jdk.ExecutionSample "$f" | awk -v N="$n" '
  /^jdk.ExecutionSample/ { inev = 1; depth = 0; delete seenm; next }
  inev && /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); gsub(/[0-9]+/, "#", t); thr[t]++ }
  inev && /stackTrace = \[/ { inst = 1; total++; next }
  inst && /^[ \t]*\]/ { inst = 0; inev = 0; next }
  inst {
    fr = $0; sub(/^[ \t]+/, "", fr); sub(/[ \t]+line:.*/, "", fr); sub(/\(.*/, "", fr);
    if (fr == "...") next;
    depth++;
    if (depth == 1) self[fr]++;
    if (!(fr in seenm)) { seenm[fr] = 1; incl[fr]++ }
    if (!gotbb && fr ~ /^byteback\./) { }
  }
  END {
    printf "\nexecution samples: %d\n\nself (top frame):\n", total;
    for (k in self) printf "%6d %5.1f%%  %s\n", self[k], 100 * self[k] / total, k | "sort -rn | head -" N;
    close("sort -rn | head -" N);
    printf "\ninclusive (method anywhere on the stack, byteback.* and java.* only):\n";
    for (k in incl) if (k ~ /^(byteback|java|sun|jdk|org\.apache|com\.|net\.)/) printf "%6d %5.1f%%  %s\n", incl[k], 100 * incl[k] / total, k | "sort -rn | head -" N;
    close("sort -rn | head -" N);
    printf "\nthreads:\n";
    for (k in thr) printf "%6d  %s\n", thr[k], k | "sort -rn | head -15";
    close("sort -rn | head -15");
  }'
echo
echo "native method samples (threads blocked in or running native code):"
jfr print --stack-depth 3 --events jdk.NativeMethodSample "$f" | awk '
  /stackTrace = \[/ { getline; fr = $0; sub(/^[ \t]+/, "", fr); sub(/[ \t]+line:.*/, "", fr); sub(/\(.*/, "", fr); c[fr]++ }
  END { for (k in c) printf "%6d  %s\n", c[k], k | "sort -rn | head -10" }'
echo
echo "GC: $(jfr print --events jdk.GarbageCollection "$f" | grep -c '^jdk.GarbageCollection') collections, total pause $(jfr print --events jdk.GarbageCollection "$f" | awk '/sumOfPauses/{v=$3; u=$4; if (u ~ /^ms/) s+=v; else if (u ~ /^s/) s+=v*1000; else if (u ~ /us/) s+=v/1000; else if (u ~ /ns/) s+=v/1e6} END{printf "%.0f ms", s}')"
echo "allocation (sampled, top classes by weight):"
jfr print --events jdk.ObjectAllocationSample "$f" | awk '
  /objectClass = / { c = $3 }
  /weight = / { w = $3; u = $4; if (u ~ /kB/) w *= 1024; else if (u ~ /MB/) w *= 1048576; else if (u ~ /GB/) w *= 1073741824; a[c] += w }
  END { for (k in a) printf "%10.1f MiB  %s\n", a[k] / 1048576, k | "sort -rn | head -8" }'
