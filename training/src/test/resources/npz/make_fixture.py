"""Makes csbdeep_syxc.npz: CSBDeep-style training data with the channel LAST (axes SYXC), as numpy writes it.
X[s, y, x, c] = s*1000 + y*100 + x*10 + c; Y = -X. Run with Debian's python3 + numpy: python3 make_fixture.py"""
import numpy as np

s, y, x, c = np.meshgrid(np.arange(3), np.arange(4), np.arange(6), np.arange(2), indexing='ij')
X = (s * 1000 + y * 100 + x * 10 + c).astype(np.float32)
np.savez('csbdeep_syxc.npz', X=X, Y=-X, axes='SYXC')
