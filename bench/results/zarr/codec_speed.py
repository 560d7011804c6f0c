#!/usr/bin/python3
"""Native numcodecs (c-blosc 1.x, libzstd, liblz4, zlib) on the data of org.jcare.bench.CodecSpeed, one thread.

/usr/bin/python3 codec_speed.py [MiB]   (Debian: apt-get install python3-numcodecs)
The chunks are the same formula as CodecSpeed.chunk, with numpy's own Gaussian noise (same distribution).
"""
import json
import sys
import time

import numcodecs
import numpy as np

numcodecs.blosc.set_nthreads(1)
mib = int(sys.argv[1]) if len(sys.argv) > 1 else 64
chunks = max(1, mib // 4)
data = []
for i in range(chunks):
    n = 1 << 20
    idx = np.arange(n)
    x, y = idx % 1024, idx // 1024
    v = 400 + 300 * np.sin(x * 0.02) * np.cos(y * 0.015) + 20 * np.random.default_rng(i).standard_normal(n)
    data.append(np.rint(v).astype('<f4').tobytes())
codecs = {
    'blosc-lz4': numcodecs.Blosc(cname='lz4', clevel=5, shuffle=numcodecs.Blosc.SHUFFLE),
    'blosc-zstd': numcodecs.Blosc(cname='zstd', clevel=5, shuffle=numcodecs.Blosc.SHUFFLE),
    'zstd': numcodecs.Zstd(level=3),
    'lz4': numcodecs.LZ4(),
    'zlib': numcodecs.Zlib(level=5),
    'gzip': numcodecs.GZip(level=5),
}
for name, c in codecs.items():
    best_e = best_d = 1e9
    for rep in range(3):
        t0 = time.perf_counter()
        enc = [c.encode(d) for d in data]
        t1 = time.perf_counter()
        for e in enc:
            c.decode(e)
        t2 = time.perf_counter()
        best_e, best_d = min(best_e, t1 - t0), min(best_d, t2 - t1)
    mb = chunks * 4 * 1.048576
    total = sum(len(e) for e in enc)
    print(json.dumps({'codec': name, 'impl': 'numcodecs 0.11 (C)', 'encode_MBps': round(mb / best_e),
                      'decode_MBps': round(mb / best_d), 'ratio': round(chunks * 4 * 1048576 / total, 2)}))
