#!/usr/bin/env python3
"""bench/scale-tree.py DIR FILES — make a tree of FILES small files, 1 000 per directory.

DIR/dNNNN/fNNN, each file holding a short line of its own (8-40 bytes), all with the same mtime
so that runs are repeatable. Written once by bench/run.sh's scale workload and reused; DIR/.complete
marks a finished tree.
"""
import os
import sys

def main():
    root, total = sys.argv[1], int(sys.argv[2])
    per_dir = 1000
    os.makedirs(root, exist_ok=True)
    stamp = 1_700_000_000
    dirs = (total + per_dir - 1) // per_dir
    made = 0
    for d in range(dirs):
        dpath = os.path.join(root, "d%05d" % d)
        os.makedirs(dpath, exist_ok=True)
        n = min(per_dir, total - made)
        for f in range(n):
            p = os.path.join(dpath, "file-%04d.txt" % f)
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, b"%d/%d %s\n" % (d, f, b"x" * (f % 32)))
            os.close(fd)
            os.utime(p, (stamp, stamp))
        os.utime(dpath, (stamp, stamp))
        made += n
    open(os.path.join(root, ".complete"), "w").close()

if __name__ == "__main__":
    main()
