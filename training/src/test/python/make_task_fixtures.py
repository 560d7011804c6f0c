#!/usr/bin/python3
"""Makes the golden files of the isotropic / upsampling / projection tasks (issue 11).

Run with Debian's interpreter and packages (python3-numpy, python3-scipy; the committed file was written with
bookworm's scipy 1.10.1 and numpy 1.24.2; scipy 1.17.1 gives the same zooms, and FFTs equal to float32 rounding):

    apt-get install -y python3-numpy python3-scipy
    /usr/bin/python3 training/src/test/python/make_task_fixtures.py

It writes two files (tests only read them; floats are written with Python's repr, so float32 values read back
bit-exactly): the scipy functions themselves (zoom, zoom_axis0, fftconvolve) to
optics/src/test/resources/org/jcare/optics/scipy_resample.json, for the optics module that implements them
(ScipyZoom, LinearConvolution), and CSBDeep's task steps (distortion, isotropic) to
training/src/test/resources/org/jcare/training/fixtures/task_modes.json. One random stream feeds both, in this order,
so the data do not depend on how they are split.

What comes from which library:
  zoom          scipy.ndimage.zoom(x, factor, order) on float32 data, orders 0, 1, 3 (the real scipy)
  zoom_axis0    scipy.ndimage.zoom of a 3D float32 stack along axis 0 only (factors (f, 1, 1))
  fftconvolve   scipy.signal.fftconvolve(x, k, mode='same') on float32 images, odd and even kernels, 2D and 3D
  distortion    CSBDeep's anisotropic_distortions without noise, re-implemented below from the CSBDeep 0.8.1
                behaviour documented in shared/reference/CARE-MODES.md section 1.1 (PSF normalized and moved to the
                image axes with singletons, fftconvolve 'same', _adjust_subsample, central crop v//2 before,
                zoom(zoom(x, 1/f, order=0), f, order=1)), with the real scipy functions
  isotropic     CSBDeep's IsotropicCARE.predict (CARE-MODES 1.2) re-implemented with numpy/scipy around a stand-in
                "network" that shifts its input one pixel to the left along its last axis (zeros enter at the right
                edge, as a 'same' convolution does): normalization (2, 99.8) before zoom, scipy zoom order 1 along Z,
                reflect padding to multiples of 4, rotation 1 (Z reversed) and 2, geometric mean, undo
"""
import json
import os
from fractions import Fraction

import numpy as np
import scipy
from scipy.ndimage import zoom
from scipy.signal import fftconvolve

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'org', 'jcare', 'training', 'fixtures',
                   'task_modes.json')
OUT_SCIPY = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'optics', 'src', 'test', 'resources', 'org',
                         'jcare', 'optics', 'scipy_resample.json')
SCIPY_KEYS = ('zoom', 'zoom_axis0', 'fftconvolve')


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def rng_image(rng, shape, lo=0.0, hi=100.0):
    return rng.uniform(lo, hi, size=shape).astype(np.float32)


def adjust_subsample(d, s, c):
    """_adjust_subsample as CARE-MODES 1.1 documents it."""
    def decimals(v, n_digits=None):
        if n_digits is not None:
            v = round(v, n_digits)
        text = str(v)
        dec = text[1 + text.find('.'):]
        return int(dec), len(dec)

    def crop_size(n_digits, frac):
        _s = round(s, n_digits)
        m = np.floor(d / _s)
        m = (m // frac.denominator) * frac.denominator
        return m * _s

    s = float(s)
    dec, n_digits = decimals(s)
    frac = Fraction(dec, 10 ** n_digits)
    while n_digits > 0 and (d - crop_size(n_digits, frac)) / d > c:
        n_digits -= 1
        frac = Fraction(decimals(s, n_digits)[0], 10 ** n_digits)
    size = crop_size(n_digits, frac)
    if size == 0 or (d - size) / d > c:
        raise ValueError('subsample factor too large')
    return round(s, n_digits), int(round(size))


def distort(img, axes, psf, psf_axes, subsample, subsample_axis):
    x = img.astype(np.float32)
    target = img
    if psf is not None:
        p = psf.astype(np.float32)
        p = p / np.sum(p)
        shape = [p.shape[psf_axes.index(a)] if a in psf_axes else 1 for a in axes]
        p = p.reshape(shape)
        x = fftconvolve(x, p, mode='same').astype(np.float32)
    ax = axes.index(subsample_axis)
    x = np.moveaxis(x, ax, 0)
    target = np.moveaxis(target, ax, 0)
    f, size = adjust_subsample(x.shape[0], subsample, 0.2)
    v = x.shape[0] - size
    if v > 0:
        x = x[v // 2:-(v - v // 2)]
        target = target[v // 2:-(v - v // 2)]
    factor = np.ones(x.ndim)
    factor[0] = f
    x = zoom(zoom(x, 1 / factor, order=0), factor, order=1)
    return np.moveaxis(x, 0, ax), np.moveaxis(target, 0, ax), f, size


def shift_left(batch):
    """The stand-in network on [n, rows, cols]: out[..., j] = in[..., j + 1], 0 at the last column."""
    out = np.zeros_like(batch)
    out[..., :-1] = batch[..., 1:]
    return out


def isotropic_predict(img, factor, div=4):
    """IsotropicCARE.predict for axes ZYX, one channel, with the stand-in network."""
    mi = np.percentile(img, 2).astype(np.float32)
    ma = np.percentile(img, 99.8).astype(np.float32)
    x = ((img - mi) / (ma - mi + np.float32(1e-20))).astype(np.float32)
    xs = zoom(x, (factor, 1, 1), order=1)
    pads = []
    for n in xs.shape:
        p = (div - n % div) % div
        pads.append((p // 2, p - p // 2))
    xp = np.pad(xs, pads, mode='reflect')
    # rotation 1: x_rot1[i, y, j] = xp[Z'-1-j, y, i]
    r1 = np.transpose(xp[::-1], (2, 1, 0))
    u1 = np.transpose(shift_left(r1), (2, 1, 0))[::-1]
    # rotation 2: x_rot2[y, x, j] = xp[j, y, x]
    r2 = np.transpose(xp, (1, 2, 0))
    u2 = np.transpose(shift_left(r2), (2, 0, 1))
    crop = tuple(slice(b, n - a) for (b, a), n in zip(pads, xp.shape))
    u1 = u1[crop]
    u2 = u2[crop]
    mean = np.sqrt(np.maximum(u1, 0) * np.maximum(u2, 0)).astype(np.float32)
    return (mean * (ma - mi) + mi).astype(np.float32)


def main():
    rng = np.random.default_rng(11)
    out = {'scipy_version': scipy.__version__, 'numpy_version': np.__version__}

    zooms = []
    for n, f, order in [(10, 10.2, 1), (510, 1 / 10.2, 0), (7, 2.5, 1), (5, 2.5, 0), (9, 0.5, 0), (12, 1 / 3, 1),
                        (6, 3.0, 3), (11, 2.2, 3), (13, 0.6, 3), (4, 4.0, 1), (1, 3.0, 1), (2, 3.0, 3)]:
        x = rng_image(rng, (n,))
        y = zoom(x, f, order=order)
        zooms.append({'input': floats(x), 'factor': f, 'order': order, 'output': floats(y)})
    out['zoom'] = zooms

    stacks = []
    for shape, f, order in [((5, 3, 4), 2.5, 1), ((6, 2, 3), 1 / 3, 0), ((4, 3, 2), 1.75, 3)]:
        x = rng_image(rng, shape)
        y = zoom(x, (f, 1, 1), order=order)
        stacks.append({'shape': list(shape), 'input': floats(x), 'factor': f, 'order': order,
                       'output_shape': list(y.shape), 'output': floats(y)})
    out['zoom_axis0'] = stacks

    convs = []
    for shape, kshape in [((1, 9, 11), (1, 3, 5)), ((1, 8, 7), (1, 4, 2)), ((5, 6, 7), (3, 3, 3)),
                          ((4, 9, 5), (2, 5, 4)), ((1, 16, 12), (1, 11, 27))]:
        x = rng_image(rng, shape)
        k = rng.uniform(0, 1, size=kshape).astype(np.float32)
        y = fftconvolve(x, k, mode='same')
        convs.append({'shape': list(shape), 'input': floats(x), 'kernel_shape': list(kshape), 'kernel': floats(k),
                      'output': floats(y)})
    out['fftconvolve'] = convs

    dist = []
    psf2 = np.exp(-(np.arange(-2, 3)[:, None] ** 2 / 2.0 + np.arange(-4, 5)[None, :] ** 2 / 8.0))
    for shape, axes, psf, psf_axes, s, sa in [((3, 14, 26), 'ZYX', psf2, 'YX', 2.5, 'X'),
                                              ((12, 20), 'YX', psf2, 'YX', 4.0, 'X'),
                                              ((13, 6, 5), 'ZYX', None, None, 3.0, 'Z'),
                                              ((2, 9, 51), 'ZYX', None, None, 10.2, 'X')]:
        img = rng_image(rng, shape)
        x, t, f, size = distort(img, axes, psf, psf_axes, s, sa)
        dist.append({'shape': list(shape), 'axes': axes, 'input': floats(img),
                     'psf': None if psf is None else floats(psf), 'psf_shape': None if psf is None else list(psf.shape),
                     'subsample': s, 'subsample_axis': sa, 'factor_used': f, 'size_used': size,
                     'output_shape': list(x.shape), 'output': floats(x), 'target': floats(t)})
    out['distortion'] = dist

    iso = []
    for shape, f in [((5, 12, 10), 2.5), ((4, 9, 7), 3.0)]:
        img = rng_image(rng, shape, 10, 200)
        y = isotropic_predict(img, f)
        iso.append({'shape': list(shape), 'input': floats(img), 'factor': f, 'output_shape': list(y.shape),
                    'output': floats(y)})
    out['isotropic'] = iso

    versions = ('scipy_version', 'numpy_version')
    for path, keys in ((OUT_SCIPY, versions + SCIPY_KEYS), (OUT, tuple(k for k in out if k not in SCIPY_KEYS))):
        with open(path, 'w') as fh:
            json.dump({k: out[k] for k in keys}, fh)
            fh.write('\n')
        print('wrote', path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
