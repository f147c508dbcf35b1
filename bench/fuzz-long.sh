#!/bin/bash
# Long fuzzing runs of the rsync-protocol decoders (issue 14), one at a time, under the bench lock:
#   bench/fuzz-long.sh SEED INPUTS SECONDS [TEST#METHOD ...]
# Each target gets INPUTS mutated inputs or SECONDS seconds, whichever ends first (the log line says
# how many ran). Needs the test classes compiled (mvn -pl rsync-protocol -am test-compile).
set -euo pipefail
cd "$(dirname "$0")/.."
seed=$1 inputs=$2 seconds=$3; shift 3
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(
  'WireFuzzTest#mutatedFileIndexes' 'SumHeadFuzzTest#mutatedSumHeads' 'SecludedArgsFuzzTest#mutatedSecludedArgs'
  'WireFuzzTest#mutatedVarintsAndVarlongs' 'WireFuzzTest#mutatedMultiplexedFrames' 'FilterRulesFuzzTest#mutatedFilterRules'
  'FileListFuzzTest#mutatedAcls' 'FileListFuzzTest#mutatedXattrSets' 'FileListFuzzTest#mutatedFileLists'
  'TokenFuzzTest#mutatedTokenStreams')
out=bench/results/fuzz-$(date -u +%Y%m%dT%H%M)
mkdir -p "$out"
for t in "${targets[@]}"; do
  flock /work/.bench.lock nice -n 10 mvn -B -ntp -q -o surefire:test -pl rsync-protocol -Dtest="$t" \
    -Dbyteback.fuzz.inputs="$inputs" -Dbyteback.fuzz.seconds="$seconds" -Dbyteback.fuzz.seed="$seed" \
    -Dsurefire.failIfNoSpecifiedTests=false > "$out/${t//#/-}.log" 2>&1 || echo "FAILED: $t (see $out)"
  cls=${t%%#*}
  grep -h '^fuzz ' rsync-protocol/target/surefire-reports/*"$cls"-output.txt | tee -a "$out/summary.txt"
done
