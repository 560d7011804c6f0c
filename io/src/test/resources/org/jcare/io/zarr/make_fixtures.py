#!/usr/bin/python3
"""Zarr fixtures for jcare's io.zarr tests, written by the reference implementation.

Run with Debian's packages (apt-get install python3-zarr python3-numcodecs): /usr/bin/python3 make_fixtures.py OUT
It writes into OUT (the tests read io/src/test/resources/org/jcare/io/zarr/fixtures):

- v2/<name>: Zarr v2 arrays written by zarr-python 2.13 with numcodecs compressors (blosc-lz4, blosc-zstd,
  blosc-blosclz with bit shuffle, blosc-zlib without shuffle, zstd, zlib, gzip, lz4, none), in C and F order, with
  '.' and '/' dimension separators, float32 little- and big-endian and uint16.
- ome04.zarr: an OME-NGFF 0.4 image group (zarr-python arrays, multiscales attributes as the 0.4 spec writes them).
- v3/<name> and ome05.zarr: Zarr v3 arrays and an OME-NGFF 0.5 group. zarr-python 2.13 cannot write Zarr v3 (its
  experimental v3 is a pre-specification draft), so these are written by this script following the v3 specification
  (zarr.json by hand; chunks serialized with numpy in the 'bytes' codec's byte order and compressed by numcodecs:
  blosc, zstd, gzip; crc32c computed here), including a 'sharding_indexed' array with a crc32c index.
- expected_*.raw: the arrays' values as little-endian float32, C order.
"""
import json
import os
import struct
import sys

import numcodecs
import numpy as np
import zarr

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

SHAPE = (5, 13, 17)
CHUNKS = (3, 7, 9)
n = int(np.prod(SHAPE))
# values with a sign, a fraction and repeats so that shuffles and matches matter
data = (((np.arange(n) * 37) % 101 - 50) * 0.25).astype(np.float32).reshape(SHAPE)
u16 = ((np.arange(n) * 97) % 65536).astype(np.uint16).reshape(SHAPE)
data.astype('<f4').tofile(os.path.join(out, 'expected_f4.raw'))
u16.astype('<f4').tofile(os.path.join(out, 'expected_u16.raw'))

Blosc = numcodecs.Blosc
v2 = {
    'blosc_lz4': dict(compressor=Blosc(cname='lz4', clevel=5, shuffle=Blosc.SHUFFLE)),
    'blosc_zstd': dict(compressor=Blosc(cname='zstd', clevel=3, shuffle=Blosc.SHUFFLE)),
    'blosc_blosclz_bitshuffle': dict(compressor=Blosc(cname='blosclz', clevel=9, shuffle=Blosc.BITSHUFFLE)),
    'blosc_zlib_noshuffle': dict(compressor=Blosc(cname='zlib', clevel=4, shuffle=Blosc.NOSHUFFLE)),
    'blosc_lz4_big_blocks': dict(compressor=Blosc(cname='lz4', clevel=1, shuffle=Blosc.SHUFFLE, blocksize=256)),
    'zstd': dict(compressor=numcodecs.Zstd(level=3)),
    'zlib': dict(compressor=numcodecs.Zlib(level=6)),
    'gzip': dict(compressor=numcodecs.GZip(level=5)),
    'lz4': dict(compressor=numcodecs.LZ4()),
    'none': dict(compressor=None),
    'fortran_zstd': dict(compressor=numcodecs.Zstd(level=1), order='F'),
    'dot_separator': dict(compressor=numcodecs.Zlib(level=1), dimension_separator='.'),
}
for name, kw in v2.items():
    kw.setdefault('dimension_separator', '/')
    z = zarr.open(os.path.join(out, 'v2', name), mode='w', shape=SHAPE, chunks=CHUNKS, dtype='<f4', **kw)
    z[...] = data
z = zarr.open(os.path.join(out, 'v2', 'big_endian'), mode='w', shape=SHAPE, chunks=CHUNKS, dtype='>f4',
              compressor=Blosc(cname='lz4', shuffle=Blosc.SHUFFLE))
z[...] = data
z = zarr.open(os.path.join(out, 'v2', 'uint16'), mode='w', shape=SHAPE, chunks=CHUNKS, dtype='<u2',
              compressor=Blosc(cname='zstd', shuffle=Blosc.SHUFFLE))
z[...] = u16
# one large chunk in several blosc blocks (the last one shorter), so that block starts, splits and the bit shuffle
# of whole blocks are exercised (a 3x7x9 chunk is one block whose element count is no multiple of 8)
big = (np.sin(np.arange(64 * 96) * 0.01) * 1000).astype(np.float32).reshape(64, 96)
big.astype('<f4').tofile(os.path.join(out, 'expected_big.raw'))
for name, comp in {
        'big_lz4_bitshuffle': Blosc(cname='lz4', clevel=5, shuffle=Blosc.BITSHUFFLE, blocksize=5000),
        'big_blosclz_shuffle': Blosc(cname='blosclz', clevel=5, shuffle=Blosc.SHUFFLE, blocksize=5000),
        'big_zstd_bitshuffle': Blosc(cname='zstd', clevel=5, shuffle=Blosc.BITSHUFFLE, blocksize=5000),
        'big_snappy_shuffle': Blosc(cname='snappy', clevel=5, shuffle=Blosc.SHUFFLE, blocksize=5000)}.items():
    z = zarr.open(os.path.join(out, 'v2', name), mode='w', shape=big.shape, chunks=big.shape, dtype='<f4',
                  compressor=comp, dimension_separator='/')
    z[...] = big
# a missing chunk reads as the fill value
z = zarr.open(os.path.join(out, 'v2', 'fill'), mode='w', shape=SHAPE, chunks=CHUNKS, dtype='<f4', fill_value=7.5,
              compressor=None, dimension_separator='/')
z[0:3, 0:7, 0:9] = data[0:3, 0:7, 0:9]

# OME-NGFF 0.4: one level of CZYX... here ZYX with micrometre units and a second level
g = zarr.open_group(os.path.join(out, 'ome04.zarr'), mode='w')
g.create_dataset('0', data=data, chunks=CHUNKS, compressor=Blosc(cname='zstd', shuffle=Blosc.SHUFFLE),
                 dimension_separator='/')
half = data[:, ::2, ::2]
g.create_dataset('1', data=half, chunks=CHUNKS, compressor=Blosc(cname='zstd', shuffle=Blosc.SHUFFLE),
                 dimension_separator='/')
g.attrs['multiscales'] = [{
    'version': '0.4', 'name': 'fixture',
    'axes': [{'name': 'z', 'type': 'space', 'unit': 'micrometer'},
             {'name': 'y', 'type': 'space', 'unit': 'micrometer'},
             {'name': 'x', 'type': 'space', 'unit': 'micrometer'}],
    'datasets': [
        {'path': '0', 'coordinateTransformations': [{'type': 'scale', 'scale': [2.0, 0.5, 0.25]}]},
        {'path': '1', 'coordinateTransformations': [{'type': 'scale', 'scale': [2.0, 1.0, 0.5]},
                                                    {'type': 'translation', 'translation': [0, 0.25, 0.125]}]}],
}]


# ---- Zarr v3, by the specification ----
def crc32c(b):
    poly = 0x82F63B78
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    c = 0xFFFFFFFF
    for x in b:
        c = table[(c ^ x) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def chunk_grid(shape, chunks):
    return [(s + c - 1) // c for s, c in zip(shape, chunks)]


def padded_chunk(a, idx, chunks, fill):
    sl = tuple(slice(i * c, min((i + 1) * c, s)) for i, c, s in zip(idx, chunks, a.shape))
    block = np.full(chunks, fill, dtype=a.dtype)
    block[tuple(slice(0, x.stop - x.start) for x in sl)] = a[sl]
    return block


def encode(block, endian, codecs):
    raw = block.astype(block.dtype.newbyteorder('<' if endian == 'little' else '>')).tobytes()
    for c in codecs:
        name, conf = c['name'], c.get('configuration', {})
        if name == 'blosc':
            shuffle = {'noshuffle': 0, 'shuffle': 1, 'bitshuffle': 2}[conf['shuffle']]
            raw = Blosc(cname=conf['cname'], clevel=conf['clevel'], shuffle=shuffle,
                        blocksize=conf.get('blocksize', 0)).encode(raw)
        elif name == 'zstd':
            raw = numcodecs.Zstd(level=conf['level']).encode(raw)
        elif name == 'gzip':
            raw = numcodecs.GZip(level=conf['level']).encode(raw)
        elif name == 'crc32c':
            raw = bytes(raw) + struct.pack('<I', crc32c(bytes(raw)))
        else:
            raise ValueError(name)
    return bytes(raw)


def write_v3(path, a, chunks, codecs, endian='little', separator='/', fill=0.0, dims=None, attrs=None,
             keys='default'):
    os.makedirs(path, exist_ok=True)
    meta = {
        'zarr_format': 3, 'node_type': 'array', 'shape': list(a.shape), 'data_type': str(a.dtype),
        'chunk_grid': {'name': 'regular', 'configuration': {'chunk_shape': list(chunks)}},
        'chunk_key_encoding': {'name': keys, 'configuration': {'separator': separator}},
        'fill_value': fill,
        'codecs': [{'name': 'bytes', 'configuration': {'endian': endian}}] + codecs,
        'attributes': attrs or {},
    }
    if dims:
        meta['dimension_names'] = dims
    with open(os.path.join(path, 'zarr.json'), 'w') as f:
        json.dump(meta, f, indent=2)
    for idx in np.ndindex(*chunk_grid(a.shape, chunks)):
        key = ('c' + ''.join(separator + str(i) for i in idx)) if keys == 'default' else separator.join(map(str, idx))
        file = os.path.join(path, *key.split('/'))
        os.makedirs(os.path.dirname(file), exist_ok=True)
        with open(file, 'wb') as f:
            f.write(encode(padded_chunk(a, idx, chunks, fill), endian, codecs))


def write_v3_sharded(path, a, shard, inner, inner_codecs, fill=0.0):
    os.makedirs(path, exist_ok=True)
    index_codecs = [{'name': 'bytes', 'configuration': {'endian': 'little'}}, {'name': 'crc32c'}]
    meta = {
        'zarr_format': 3, 'node_type': 'array', 'shape': list(a.shape), 'data_type': str(a.dtype),
        'chunk_grid': {'name': 'regular', 'configuration': {'chunk_shape': list(shard)}},
        'chunk_key_encoding': {'name': 'default', 'configuration': {'separator': '/'}},
        'fill_value': fill,
        'codecs': [{'name': 'sharding_indexed', 'configuration': {
            'chunk_shape': list(inner),
            'codecs': [{'name': 'bytes', 'configuration': {'endian': 'little'}}] + inner_codecs,
            'index_codecs': index_codecs, 'index_location': 'end'}}],
        'attributes': {},
    }
    with open(os.path.join(path, 'zarr.json'), 'w') as f:
        json.dump(meta, f, indent=2)
    per = [s // i for s, i in zip(shard, inner)]
    for sidx in np.ndindex(*chunk_grid(a.shape, shard)):
        block = padded_chunk(a, sidx, shard, fill)
        body = b''
        index = []
        for k, iidx in enumerate(np.ndindex(*per)):
            if k == 1:
                # the second inner chunk of every shard is left empty: it reads as the fill value
                index.append((2**64 - 1, 2**64 - 1))
                continue
            sl = tuple(slice(i * c, (i + 1) * c) for i, c in zip(iidx, inner))
            enc = encode(np.ascontiguousarray(block[sl]), 'little', inner_codecs)
            index.append((len(body), len(enc)))
            body += enc
        ix = b''.join(struct.pack('<QQ', o, n) for o, n in index)
        ix += struct.pack('<I', crc32c(ix))
        key = 'c/' + '/'.join(map(str, sidx))
        file = os.path.join(path, *key.split('/'))
        os.makedirs(os.path.dirname(file), exist_ok=True)
        with open(file, 'wb') as f:
            f.write(body + ix)


v3 = os.path.join(out, 'v3')
write_v3(os.path.join(v3, 'blosc_lz4'), data, CHUNKS,
         [{'name': 'blosc', 'configuration': {'cname': 'lz4', 'clevel': 5, 'shuffle': 'shuffle', 'typesize': 4,
                                              'blocksize': 0}}])
write_v3(os.path.join(v3, 'blosc_zstd'), data, CHUNKS,
         [{'name': 'blosc', 'configuration': {'cname': 'zstd', 'clevel': 5, 'shuffle': 'bitshuffle', 'typesize': 4,
                                              'blocksize': 0}}])
write_v3(os.path.join(v3, 'zstd_crc32c'), data, CHUNKS,
         [{'name': 'zstd', 'configuration': {'level': 3, 'checksum': False}}, {'name': 'crc32c'}],
         dims=['z', 'y', 'x'])
write_v3(os.path.join(v3, 'gzip_big_endian'), data, CHUNKS,
         [{'name': 'gzip', 'configuration': {'level': 5}}], endian='big')
write_v3(os.path.join(v3, 'none_v2keys'), data, CHUNKS, [], keys='v2', separator='.')
write_v3(os.path.join(v3, 'uint16'), u16, CHUNKS,
         [{'name': 'zstd', 'configuration': {'level': 1, 'checksum': False}}])
write_v3_sharded(os.path.join(v3, 'sharded'), data, (6, 14, 18), CHUNKS,
                 [{'name': 'zstd', 'configuration': {'level': 1, 'checksum': False}}])

# OME-NGFF 0.5 (Zarr v3): a TCZYX-less CYX image... here TZYX with seconds and micrometres
ome05 = os.path.join(out, 'ome05.zarr')
os.makedirs(ome05, exist_ok=True)
t_data = data.reshape((1,) + SHAPE)
with open(os.path.join(ome05, 'zarr.json'), 'w') as f:
    json.dump({'zarr_format': 3, 'node_type': 'group', 'attributes': {'ome': {'version': '0.5', 'multiscales': [{
        'name': 'fixture05',
        'axes': [{'name': 't', 'type': 'time', 'unit': 'millisecond'},
                 {'name': 'z', 'type': 'space', 'unit': 'micrometer'},
                 {'name': 'y', 'type': 'space', 'unit': 'micrometer'},
                 {'name': 'x', 'type': 'space', 'unit': 'micrometer'}],
        'datasets': [{'path': 's0', 'coordinateTransformations': [{'type': 'scale',
                                                                   'scale': [250.0, 1.5, 0.2, 0.2]}]}]}]}}},
              f, indent=2)
write_v3(os.path.join(ome05, 's0'), t_data, (1,) + CHUNKS,
         [{'name': 'blosc', 'configuration': {'cname': 'zstd', 'clevel': 5, 'shuffle': 'shuffle', 'typesize': 4,
                                              'blocksize': 0}}], dims=['t', 'z', 'y', 'x'])
print('fixtures written to', out)
