#!/usr/bin/env python3
"""Peak RSS of one receiving server fed a hostile filter list (issue 14 item 1).

Runs a receiver (the standalone jar, or stock `rsync --fake-super` for comparison) on a pipe
and plays a protocol-31 client by hand: the version, the filter list of the chosen shape, a
file list of just ".", then it waits for the generator's deletion pass (the receiver sends the
first NDX_DONE when it is through) and hangs up. Prints: shape, receiver, peak RSS (KiB from
/usr/bin/time), CPU seconds, the receiver's exit code and the last line it printed.

  bench/hostile-filters.py JAR SHAPE     SHAPE: qmarks (512 rules of 4093 '?'),
                                                long (100 000 rules of 5117 bytes),
                                                stars (512 rules of '*?' x 2046),
                                                honest (200 ordinary rules)
  bench/hostile-filters.py rsync SHAPE   the same against rsync --fake-super
"""
import os, struct, subprocess, sys, tempfile, threading, time

def varint(x):  # rsync: io.c write_varint
    b = bytearray(5); b[1:5] = struct.pack('<I', x & 0xffffffff)
    cnt = 4
    while cnt > 1 and b[cnt] == 0: cnt -= 1
    bit = 1 << (7 - cnt + 1)
    if b[cnt] >= bit: cnt += 1; b[0] = (~(bit - 1)) & 0xff
    elif cnt > 1: b[0] = (b[cnt] | ~(bit * 2 - 1)) & 0xff
    else: b[0] = b[cnt]
    return bytes(b[:cnt])

def rules(shape):
    if shape == 'qmarks': return [b'- ' + b'?' * 4093] * 512
    if shape == 'long': return [b'- ' + b'a' * 5115] * 100_000
    if shape == 'stars': return [b'- ' + b'*?' * 2046] * 512
    if shape == 'honest': return [b'- *.o', b'+ /home/', b'- /tmp/'] * 66 + [b'P /keep', b'- **/cache/***']
    raise SystemExit('unknown shape ' + shape)

def data(payload):  # multiplexed MSG_DATA frames
    out = bytearray()
    for i in range(0, len(payload), 0xFFFF):
        chunk = payload[i:i + 0xFFFF]
        out += struct.pack('<I', (7 << 24) | len(chunk)) + chunk
    return bytes(out)

def main():
    target, shape = sys.argv[1], sys.argv[2]
    dest = tempfile.mkdtemp(prefix='hostile-filters-')
    for i in range(200):
        open(os.path.join(dest, 'f%03d' % i), 'w').close()
    flags = '-rlDtpre.LsfxCIu'
    if target == 'rsync':
        cmd = ['rsync', '--fake-super', '--server', flags, '--delete', '.', dest]
    else:
        cmd = ['java', '-XX:+UseSerialGC'] + os.environ.get('JAVA_OPTS', '').split() + ['-jar', target, '--server', flags, '--delete', '.', dest]
    rss = tempfile.mktemp()
    p = subprocess.Popen(['/usr/bin/time', '-f', '%M %U %S', '-o', rss] + cmd,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    got = bytearray()
    def reader():
        while True:
            b = p.stdout.read1(65536)
            if not b: return
            got.extend(b)
    t = threading.Thread(target=reader, daemon=True); t.start()
    err = []
    threading.Thread(target=lambda: err.append(p.stderr.read()), daemon=True).start()
    body = bytearray()
    for r in rules(shape):
        body += struct.pack('<i', len(r)) + r
    body += struct.pack('<i', 0)
    # file list: "." (XMIT_TOP_DIR|XMIT_LONG_NAME), size 0, mtime, mode 040755; end; then
    body += bytes([1 | 64]) + varint(1) + b'.' + b'\0\0\0' + bytes([0x65, 0, 0xF1, 0x53]) + struct.pack('<i', 0o40755) + b'\0'
    start = time.time()
    try:
        p.stdin.write(struct.pack('<i', 31))
        p.stdin.write(data(bytes(body)))
        p.stdin.flush()
        # wait for the receiver's reply to the list (an NDX_DONE in MSG_DATA) or its end
        while p.poll() is None and time.time() - start < 120 and b'\x07\xff' not in bytes(got[5:]):
            time.sleep(0.05)
        time.sleep(0.5)
        p.stdin.close()
    except BrokenPipeError:
        pass
    code = p.wait(timeout=120)
    kib, user, sys_ = open(rss).read().split()[-3:]
    last = (err[0] if err else b'').decode('utf-8', 'replace').strip().splitlines()
    text = bytes(got).decode('latin-1')
    msg = [l for l in text.split('\n') if 'rsync' in l][-1:] or last[-1:]
    print('%s\t%s\t%.1f MiB\t%.2f s CPU\texit %d\t%s' % (shape, os.path.basename(target), int(kib) / 1024,
          float(user) + float(sys_), code, (msg[0][-160:] if msg else '').strip()))
    os.unlink(rss)
    subprocess.run(['rm', '-rf', dest])

main()
