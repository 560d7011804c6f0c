"""Makes the .npz fixtures of NpzFileTest with NumPy (run: python3 make_fixture.py, in this folder).

Values are formulas the Java test recomputes: element i (flat C order) of every array is f(i) below.
Made with NumPy 2.4 (python3 -c 'import numpy; print(numpy.__version__)'); the format is the same in 1.x.
"""
import numpy as np


def ramp(shape, dtype, scale=0.5, offset=-3.0):
    n = int(np.prod(shape))
    return (np.arange(n, dtype=np.float64) * scale + offset).reshape(shape).astype(dtype)


# CSBDeep layout exactly as csbdeep.data.save_training_data writes it: np.savez(file, X=X, Y=Y, axes=axes).
X = ramp((3, 1, 8, 8), np.float32)
Y = ramp((3, 1, 8, 8), np.float32, scale=-0.25, offset=7.0)
np.savez('training_scyx.npz', X=X, Y=Y, axes='SCYX')

# 3D, compressed, two channels.
X3 = ramp((2, 2, 3, 4, 5), np.float32, scale=0.125)
Y3 = ramp((2, 2, 3, 4, 5), np.float32, scale=2.0, offset=0.0)
np.savez_compressed('training_sczyx_compressed.npz', X=X3, Y=Y3, axes='SCZYX')

# Every supported dtype, in both byte orders where it has one; f(i) = i * 3 - 5 clipped to the type by astype.
shape = (2, 3, 4)
dtypes = {'f4le': '<f4', 'f4be': '>f4', 'f8le': '<f8', 'f8be': '>f8', 'u1': '|u1', 'i1': '|i1',
          'u2le': '<u2', 'u2be': '>u2', 'i2le': '<i2', 'i2be': '>i2', 'i4le': '<i4', 'i4be': '>i4',
          'u4le': '<u4'}
arrays = {}
for key, dt in dtypes.items():
    base = ramp(shape, np.float64, scale=3.0, offset=-5.0)
    if dt.endswith('u1') or dt.endswith('u2') or dt.endswith('u4'):
        base = np.abs(base)
    arrays[key] = base.astype(np.dtype(dt))
arrays['vector'] = np.arange(5, dtype=np.float32)
arrays['scalar'] = np.array(2.5, dtype=np.float64)
np.savez('dtypes.npz', name='héllo', **arrays)

# What the reader must reject with a clear message.
np.savez('fortran.npz', F=np.asfortranarray(ramp((3, 4), np.float32)))
np.savez('complex.npz', Z=np.zeros((2, 2), dtype=np.complex64))
