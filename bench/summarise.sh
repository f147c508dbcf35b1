#!/bin/bash
# bench/summarise.sh results.tsv — medians per workload and stack, and the ratios
#   byteback / openssh (the ssh pair) and java-local / rsync-local (the receiver alone).
# A ratio below 1.00 means byteback is faster / uses less than the OpenSSH + rsync stack.
set -euo pipefail
awk -F'\t' '
function median(key,   n, i, j, t, a) {
  n = cnt[key]; if (n == 0) return "";
  for (i = 1; i <= n; i++) a[i] = val[key, i];
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t; }
  return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2;
}
function fmt(x) { return x == "" ? "–" : sprintf("%.2f", x); }
function ratio(b, a) { return (a == "" || b == "" || a == 0) ? "–" : sprintf("**%.2f**", b / a); }
NR == 1 { next }
{
  wl = $1; st = $2;
  if (!(wl in seen)) { seen[wl] = 1; order[++nw] = wl }
  runs[wl, st]++;
  if ($9 != "ok") { bad[wl, st] = bad[wl, st] " " $9; next }
  for (m = 4; m <= 7; m++) { k = wl SUBSEP st SUBSEP m; cnt[k]++; val[k, cnt[k]] = $m }
  lsum[wl] += $8; ln[wl]++
}
END {
  name[4] = "wall s"; name[5] = "server CPU s"; name[6] = "peak server RSS MiB"; name[7] = "wire MiB";
  print "| workload | metric | OpenSSH+rsync (A) | byteback (B) | ratio B/A |";
  print "|---|---|---:|---:|---:|";
  for (w = 1; w <= nw; w++) {
    wl = order[w];
    if (wl ~ /^local-/) { a = "rsync-local"; b = "java-local" } else if (wl ~ /^client-/) { a = "client-rsync"; b = "client-jar" } else { a = "openssh"; b = "byteback" }
    for (m = 4; m <= 7; m++) {
      ma = median(wl SUBSEP a SUBSEP m); mb = median(wl SUBSEP b SUBSEP m);
      printf "| %s | %s | %s | %s | %s |\n", (m == 4 ? wl : ""), name[m], fmt(ma), fmt(mb), ratio(mb, ma);
    }
  }
  print "";
  print "Rows named client-* compare the client: A = stock rsync + OpenSSH ssh running the original byteback-backup'"'"'s steps (ping, rsync, complete), B = the client jar (packaging/byteback-backup), both into the byteback server; their CPU and RSS columns are the client'"'"'s (its cgroup), wire is rsync'"'"'s bytes sent by the client.";
  print "Rows named local-* compare the receiver alone: A = `rsync --fake-super --server`, B = `java -jar byteback-rsync.jar --server`, both behind the same local remote-shell wrapper.";
  for (w = 1; w <= nw; w++) {
    wl = order[w];
    printf "- %s: mean 1-min load before the runs %.2f; runs A %d, B %d", wl, (ln[wl] ? lsum[wl] / ln[wl] : 0), \
      runs[wl, (wl ~ /^local-/ ? "rsync-local" : wl ~ /^client-/ ? "client-rsync" : "openssh")], runs[wl, (wl ~ /^local-/ ? "java-local" : wl ~ /^client-/ ? "client-jar" : "byteback")];
    for (k in bad) { split(k, p, SUBSEP); if (p[1] == wl) printf "; %s not ok:%s", p[2], bad[k] }
    print "";
  }
}' "$1"
