"""Makes the tifffile-written fixtures of TiffReaderTest (run with Debian's python3-tifffile 2023.2.3 and numpy 1.24:
/usr/bin/python3 make_tifffile_fixtures.py, in this folder). Element i (flat C order) of each array is its value.
"""
import numpy as np
import tifffile

# OME-TIFF written by tifffile: axes TCZYX, uint16, with physical sizes and a time increment.
ome = np.arange(2 * 2 * 3 * 8 * 8, dtype=np.uint16).reshape(2, 2, 3, 8, 8)
tifffile.imwrite('ome_tczyx_tifffile.ome.tif', ome, ome=True, photometric='minisblack',
                 metadata={'axes': 'TCZYX', 'PhysicalSizeX': 0.2, 'PhysicalSizeY': 0.2, 'PhysicalSizeZ': 0.5,
                           'PhysicalSizeXUnit': 'µm', 'PhysicalSizeYUnit': 'µm', 'PhysicalSizeZUnit': 'µm',
                           'TimeIncrement': 2.0, 'TimeIncrementUnit': 's'})

# BigTIFF, tiled and deflate-compressed float32, no ImageJ or OME metadata (pages become Z): ImageJ cannot read it.
big = (np.arange(3 * 32 * 32, dtype=np.float32) * 0.5 - 100).reshape(3, 32, 32)
tifffile.imwrite('bigtiff_tiled_deflate.tif', big, bigtiff=True, tile=(16, 16), compression='zlib',
                 photometric='minisblack', metadata=None)

# float64 (numpy's default dtype): a plain 2x12x10 stack in strips of 5 rows (the last strip of each page shorter), and
# the same Deflate-compressed. Values (i * 0.25 - 7) / 3 in C order: not representable in float32, so the reader's
# rounding to float32 is checked.
f64 = ((np.arange(2 * 12 * 10, dtype=np.float64) * 0.25 - 7) / 3).reshape(2, 12, 10)
tifffile.imwrite('float64_zyx_tifffile.tif', f64, photometric='minisblack', rowsperstrip=5)
tifffile.imwrite('float64_zyx_deflate_tifffile.tif', f64, photometric='minisblack', compression='zlib')
