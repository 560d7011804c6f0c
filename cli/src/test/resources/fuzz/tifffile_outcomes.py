"""What tifffile (the reference reader; Debian python3-tifffile 2023.2.3, numpy 1.24) makes of each mutated TIFF of
TiffHeaderFuzzTest, written to tifffile-outcomes.tsv beside this script. The test checks every image jcare reads
against this: same shape, same pixels.

Run from the repository root (the first command writes the 550 cases of the test's default seed to a folder):
  mvn -q -B -pl cli -am test-compile
  java -cp "cli/target/test-classes:cli/target/classes:$(cat cp.txt)" org.jcare.cli.TiffFuzzCases /tmp/fuzz
  /usr/bin/python3 cli/src/test/resources/fuzz/tifffile_outcomes.py /tmp/fuzz
(cp.txt: mvn -q -pl cli dependency:build-classpath -Dmdep.outputFile=cp.txt, after the reactor has compiled.)

Each line: case name, the first 16 hex digits of the SHA-256 of its bytes, then either
  ok <TAB> shape <TAB> sha256 of the pixels
or
  err <TAB> the exception's type and first line.
The pixels are what jcare's layout holds: every series tifffile finds (tifffile.TiffFile(f).series, each read with
asarray(), as a tifffile user reads the file), the samples of a pixel as planes, planes stacked, cast to float32
(little-endian, C order). Series of different plane sizes or types are recorded as err (jcare refuses pages that
differ; tifffile makes several series of them).
"""
import hashlib
import logging
import os
import sys
import warnings

import numpy as np
import tifffile

warnings.simplefilter('ignore')
logging.disable(logging.CRITICAL)

folder = sys.argv[1]
lines = []
names = sorted(os.listdir(folder), key=lambda n: (n.rsplit('-', 1)[0], int(n.rsplit('-', 1)[1].split('.')[0])))
for name in names:
    data = open(os.path.join(folder, name), 'rb').read()
    digest = hashlib.sha256(data).hexdigest()[:16]
    try:
        with tifffile.TiffFile(os.path.join(folder, name)) as t:
            planes = []
            for series in t.series:
                a = np.asarray(series.asarray())
                axes = series.axes
                if 'S' in axes:
                    a = np.moveaxis(a, axes.index('S'), -3)
                if a.ndim < 2 or a.size == 0:
                    raise ValueError(f'series of shape {a.shape}')
                planes.append(a.reshape(-1, *a.shape[-2:]))
            if len({(a.shape[1:], a.dtype) for a in planes}) != 1:
                raise ValueError('series of different shapes or types')
            stack = np.concatenate(planes).astype(np.float32)
        shape = list(stack.shape)
        pixels = hashlib.sha256(np.ascontiguousarray(stack).astype('<f4').tobytes()).hexdigest()
        lines.append(f'{name}\t{digest}\tok\t{"x".join(map(str, shape))}\t{pixels}')
    except Exception as e:  # noqa: BLE001 - every failure is an outcome
        first = str(e).splitlines()[0][:120] if str(e) else ''
        lines.append(f'{name}\t{digest}\terr\t{type(e).__name__}: {first}')
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tifffile-outcomes.tsv')
with open(out, 'w') as f:
    f.write('\n'.join(lines) + '\n')
print(f'{len(lines)} cases, {sum(1 for l in lines if l.split(chr(9))[2] == "ok")} read by tifffile {tifffile.__version__}')
