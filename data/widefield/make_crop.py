#!/usr/bin/env python3
"""Makes bpae_fitc_widefield_crop.tif, the 512 x 512 crop at (y, x) = (400, 100) of the team's shared
widefield_fitc_bpae_deepimagej.tif (see PROVENANCE.md), unchanged uint8 pixels.
Run with Debian's python3-tifffile: /usr/bin/python3 make_crop.py /path/to/widefield_fitc_bpae_deepimagej.tif"""
import sys
import tifffile

src = tifffile.imread(sys.argv[1])
assert src.shape == (1024, 1024) and src.dtype.name == 'uint8', (src.shape, src.dtype)
crop = src[400:912, 100:612]
tifffile.imwrite('bpae_fitc_widefield_crop.tif', crop, imagej=True, metadata={'axes': 'YX'})
print(crop.shape, crop.dtype, crop.min(), crop.max(), round(float(crop.mean()), 2))
