"""Makes the safetensors fixtures of SafetensorsTest and ModelDirectoryTest (run: python3 make_fixture.py here).

Uses only numpy, json and struct, and lays the file out exactly as the Python `safetensors` library
(safetensors.numpy.save_file) does: 8-byte little-endian header length, compact JSON header with
"__metadata__" first and the tensors in data order, padded with spaces to a multiple of 8, then the data.
The library orders tensors by dtype (larger first: F64, F32, BF16, F16) and then by name.
Values are formulas the Java tests recompute: element i of tensor t is VALUE(t, i) below.
"""
import json
import struct

import numpy as np

ORDER = {'F64': 0, 'F32': 1, 'BF16': 2, 'F16': 3}


def value(scale, offset, n):
    return np.arange(n, dtype=np.float64) * scale + offset


def to_bytes(a, dtype):
    if dtype == 'F32':
        return a.astype('<f4').tobytes()
    if dtype == 'F64':
        return a.astype('<f8').tobytes()
    if dtype == 'F16':
        return a.astype('<f2').tobytes()
    if dtype == 'BF16':
        # bfloat16 is the top half of float32; the values below are exact in bfloat16.
        return (a.astype('<f4').view('<u4') >> 16).astype('<u2').tobytes()
    raise ValueError(dtype)


def save(path, tensors, metadata):
    """tensors: name -> (dtype, shape, float64 values)."""
    names = sorted(tensors, key=lambda n: (ORDER[tensors[n][0]], n))
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    data = b''
    for name in names:
        dtype, shape, values = tensors[name]
        raw = to_bytes(values, dtype)
        header[name] = {'dtype': dtype, 'shape': list(shape), 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        f.write(data)


# A CARE-like set of float32 weights, as jcare names them, with jcare's metadata.
care = {
    'down_level_0_no_0.weight': ('F32', (4, 1, 3, 3), value(0.01, -0.1, 36)),
    'down_level_0_no_0.bias': ('F32', (4,), value(0.5, -1.0, 4)),
    'head.weight': ('F32', (1, 4, 1, 1), value(-0.25, 1.0, 4)),
    'head.bias': ('F32', (1,), value(0.0, 0.125, 1)),
}
save('care_f32.safetensors', care, {'format': 'jcare', 'format_version': '1'})

# Every dtype the reader converts, values exact in each type; no metadata.
mixed = {
    'a_half': ('F16', (2, 3), value(0.5, -1.5, 6)),
    'b_bfloat': ('BF16', (3,), value(2.0, -2.0, 3)),
    'c_double': ('F64', (2, 2), value(0.1, 0.2, 4)),
    'd_float': ('F32', (), value(0.0, 3.5, 1)),
}
save('mixed_dtypes.safetensors', mixed, {})
