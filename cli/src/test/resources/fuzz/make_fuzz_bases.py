"""Makes the base files of TiffHeaderFuzzTest: small TIFFs written by tifffile (Debian python3-tifffile 2023.2.3, numpy
1.24; run with /usr/bin/python3 make_fuzz_bases.py in this folder). Each covers a reader path: strips (ImageJ's
decoder), big-endian, an ImageJ hyperstack, float64 Deflate (TwelveMonkeys), tiles. Pixel i (C order) of each is
a simple function of i, so the test knows the correct image.
"""
import numpy as np
import tifffile

n = np.arange(20 * 24)
tifffile.imwrite('u16_strips.tif', (n * 7 % 65536).astype(np.uint16).reshape(20, 24), rowsperstrip=7,
                 photometric='minisblack', metadata=None)
n = np.arange(2 * 16 * 16)
tifffile.imwrite('u8_be.tif', (n % 251).astype(np.uint8).reshape(2, 16, 16), byteorder='>',
                 photometric='minisblack', metadata=None)
n = np.arange(3 * 12 * 10)
tifffile.imwrite('f32_imagej.tif', (n * 0.5 - 20).astype(np.float32).reshape(3, 12, 10), imagej=True,
                 metadata={'axes': 'ZYX'})
n = np.arange(12 * 10)
tifffile.imwrite('f64_deflate.tif', (n / 3.0 - 5).reshape(12, 10), compression='zlib', photometric='minisblack',
                 metadata=None)
n = np.arange(32 * 32)
tifffile.imwrite('i16_tiled.tif', (n * 3 - 1500).astype(np.int16).reshape(32, 32), tile=(16, 16),
                 photometric='minisblack', metadata=None)
