#!/usr/bin/python3
"""Makes the golden files of the jcare training module's host-side tests.

Run with Debian's interpreter and packages (bookworm: numpy 1.24, scipy 1.10, scikit-image 0.19):

    apt-get install -y python3-numpy python3-scipy python3-skimage
    /usr/bin/python3 training/src/test/python/make_fixtures.py

It writes JSON files into training/src/test/resources/org/jcare/training/fixtures/. The tests only read those
files; they never run Python. Every float is written with Python's repr (shortest round-trip), so float32 data
stored here reads back bit-exactly.

What is computed with which library:
  percentiles.json      numpy.percentile (default method 'linear'), on float64 and on float32 copies of the data
  pad_reflect.json      numpy.pad(mode='reflect')
  maximum_filter.json   scipy.ndimage.maximum_filter(mode='constant', cval=0)
  ssim.json             skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5,
                        use_sample_covariance=False, data_range=1) and skimage.metrics.peak_signal_noise_ratio
                        (data_range=1): the real scikit-image, not a re-implementation
  metrics_protocol.json the paper-style protocol (GT percentile-normalized 0.1/99.9 in float32 as CSBDeep's
                        normalize(); prediction fitted either by least squares with offset as CSBDeep's
                        normalize_minmse ('affine_fit', in float64) or as Weigert's / ZeroCostDL4Mic's norm_minmse
                        with both images mean-subtracted ('mean_subtracted' in float64, '..._float32' the original
                        float32 path), both written out here in numpy; then NRMSE = sqrt(MSE) and the two
                        scikit-image metrics above)
  laplace.json          scipy.stats.laplace
"""
import json
import os

import numpy as np
import scipy
import scipy.ndimage as ndi
import scipy.stats
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'org', 'jcare', 'training', 'fixtures')
VERSIONS = {'numpy': np.__version__, 'scipy': scipy.__version__, 'skimage': skimage.__version__}


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def dump(name, obj):
    obj = dict(obj)
    obj['generated_by'] = 'training/src/test/python/make_fixtures.py'
    obj['versions'] = VERSIONS
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')


def percentiles(rng):
    qs = [0, 0.1, 1, 1.5, 2, 2.5, 3, 12.345, 33.3, 50, 66.6, 99.5, 99.8, 99.9, 100]
    datas = {
        'one': np.array([3.5], np.float32),
        'two': np.array([-1.0, 2.0], np.float32),
        'ties': np.array([5, 1, 5, 5, 2, 2, 9, 0, 0, 0, 5], np.float32),
        'normal1000': rng.normal(100, 30, 1000).astype(np.float32),
        'uniform1001': rng.uniform(-50, 50, 1001).astype(np.float32),
        'mostly_zero': np.where(rng.uniform(size=4099) < 0.9, 0, rng.exponential(200, 4099)).astype(np.float32),
        'wide_range': (rng.standard_cauchy(777) * 1e6).astype(np.float32),
    }
    cases = []
    for name, d in datas.items():
        cases.append({'name': name, 'data': flat(d), 'q': qs,
                      'expected_float64': flat(np.percentile(d.astype(np.float64), qs)),
                      'expected_float32': flat(np.percentile(d, qs))})
    # per channel over all other axes: axes ZCYX, channel axis 1
    img = rng.gamma(2.0, 50.0, (3, 2, 5, 7)).astype(np.float32)
    img[:, 1] *= -3
    q = [2, 99.8]
    per_channel = np.percentile(img.astype(np.float64), q, axis=(0, 2, 3))  # shape (len(q), C)
    return {'cases': cases,
            'per_channel': {'axes': 'ZCYX', 'shape': list(img.shape), 'data': flat(img), 'q': q,
                            'expected': [flat(per_channel[:, c]) for c in range(img.shape[1])]}}


def pad_reflect():
    cases = []
    for shape, pads in [((5,), [(2, 3)]), ((2,), [(5, 6)]), ((1,), [(1, 2)]), ((3, 4), [(0, 1), (7, 8)]),
                        ((2, 3, 5), [(1, 2), (0, 0), (3, 3)])]:
        a = np.arange(np.prod(shape), dtype=np.float64).reshape(shape) * 1.5 - 2
        cases.append({'shape': list(shape), 'pads': [list(p) for p in pads], 'data': flat(a),
                      'expected_shape': list(np.pad(a, pads, mode='reflect').shape),
                      'expected': flat(np.pad(a, pads, mode='reflect'))})
    return {'cases': cases}


def maximum_filter(rng):
    cases = []
    for shape, size in [((9, 11), (4, 3)), ((6, 7, 8), (2, 5, 4)), ((12,), (6,)), ((5, 6), (1, 2))]:
        a = rng.normal(0, 1, shape).astype(np.float32)
        a.flat[0] = -5.0  # negative values meet the constant-0 border
        cases.append({'shape': list(shape), 'size': list(size), 'data': flat(a),
                      'expected': flat(ndi.maximum_filter(a, size, mode='constant'))})
    return {'cases': cases}


def ssim_cases(rng):
    cases = []

    def add(name, gt, pred):
        cases.append({'name': name, 'dtype': str(gt.dtype), 'shape': list(gt.shape), 'gt': flat(gt), 'pred': flat(pred),
                      'ssim': float(structural_similarity(gt, pred, gaussian_weights=True, sigma=1.5,
                                                          use_sample_covariance=False, data_range=1)),
                      'psnr': float(peak_signal_noise_ratio(gt, pred, data_range=1)),
                      'mse': float(np.mean((gt.astype(np.float64) - pred.astype(np.float64)) ** 2))})

    yy, xx = np.mgrid[0:24, 0:31]
    gt = 0.5 + 0.4 * np.sin(xx / 3.0) * np.cos(yy / 5.0)
    add('2d_float64', gt, gt + rng.normal(0, 0.1, gt.shape))
    add('2d_float64_small', gt[:11, :12], (gt + rng.normal(0, 0.3, gt.shape))[:11, :12])
    zz, yy, xx = np.mgrid[0:13, 0:14, 0:15]
    gt3 = 0.3 + 0.5 * np.exp(-((zz - 6) ** 2 + (yy - 7) ** 2 + (xx - 5) ** 2) / 20.0)
    add('3d_float64', gt3, gt3 * 0.8 + rng.normal(0, 0.05, gt3.shape))
    g32 = gt.astype(np.float32)
    add('2d_float32', g32, (g32 + rng.normal(0, 0.1, g32.shape)).astype(np.float32))
    return {'cases': cases}


def csbdeep_normalize(x, pmin, pmax, eps=1e-20):
    # csbdeep.utils.normalize(x, pmin, pmax, axis=None, clip=False, eps=1e-20, dtype=np.float32) written out
    mi = np.percentile(x, pmin)
    ma = np.percentile(x, pmax)
    x = x.astype(np.float32)
    mi, ma, eps = np.float32(mi), np.float32(ma), np.float32(eps)
    return (x - mi) / (ma - mi + eps)


def minmse_float64(x, target):
    # csbdeep.utils.normalize_minmse written out, in float64
    x = x.astype(np.float64).ravel()
    t = target.astype(np.float64).ravel()
    cov = np.cov(x, t)
    alpha = cov[0, 1] / (cov[0, 0] + 1e-10)
    beta = t.mean() - alpha * x.mean()
    return alpha, beta


def weigert_norm_minmse(gt, x, dtype):
    # norm_minmse of Martin Weigert's evaluation scripts and the ZeroCostDL4Mic CARE notebook written out: both
    # images mean-subtracted, prediction scaled by np.cov (ddof=1) / np.var (ddof=0); dtype float32 is the original
    # path, float64 the same formula in double
    x = x.astype(dtype) - np.mean(x.astype(dtype))
    gt = gt.astype(dtype) - np.mean(gt.astype(dtype))
    scale = np.cov(x.flatten(), gt.flatten())[0, 1] / np.var(x.flatten())
    return gt, scale * x


def scores(t, p):
    mse = np.mean((t.astype(np.float64) - p.astype(np.float64)) ** 2)
    return {'nrmse': float(np.sqrt(mse)),
            'psnr': float(peak_signal_noise_ratio(t, p, data_range=1)),
            'ssim': float(structural_similarity(t, p, gaussian_weights=True, sigma=1.5,
                                                use_sample_covariance=False, data_range=1))}


def metrics_protocol(rng):
    cases = []
    for name, shape in [('2d', (40, 48)), ('3d', (12, 20, 22))]:
        grid = np.indices(shape).astype(np.float64)
        signal = 100 + 900 * np.exp(-sum((g - s / 2.0) ** 2 for g, s in zip(grid, shape)) / 60.0)
        gt = rng.poisson(signal).astype(np.float32)
        pred = (0.01 * rng.poisson(signal * 0.5) + 3).astype(np.float32)
        gt_n = csbdeep_normalize(gt, 0.1, 99.9)
        alpha, beta = minmse_float64(pred, gt_n)
        pred_n = alpha * pred.astype(np.float64) + beta
        case = {'name': name, 'shape': list(shape), 'gt': flat(gt), 'pred': flat(pred),
                'gt_normalized': flat(gt_n), 'alpha': float(alpha), 'beta': float(beta),
                'affine_fit': scores(gt_n.astype(np.float64), pred_n),
                'mean_subtracted': scores(*weigert_norm_minmse(gt_n, pred, np.float64)),
                'mean_subtracted_float32': scores(*weigert_norm_minmse(gt_n, pred, np.float32))}
        cases.append(case)
    return {'cases': cases}


def laplace():
    cases = []
    for loc, scale in [(0.0, 1.0), (2.5, 0.3), (-1.0, 4.0)]:
        d = scipy.stats.laplace(loc=loc, scale=scale)
        ps = [0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999]
        xs = [loc - 3 * scale, loc - 0.1, loc, loc + 0.5 * scale, loc + 2 * scale]
        cases.append({'loc': loc, 'scale': scale, 'p': ps, 'ppf': flat(d.ppf(ps)), 'x': xs,
                      'cdf': flat(d.cdf(xs)), 'pdf': flat(d.pdf(xs)),
                      'var': float(d.var()), 'std': float(d.std()), 'entropy': float(d.entropy()),
                      'interval90': flat(d.interval(0.9)), 'interval50': flat(d.interval(0.5))})
    return {'cases': cases}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240611)
    dump('percentiles.json', percentiles(rng))
    dump('pad_reflect.json', pad_reflect())
    dump('maximum_filter.json', maximum_filter(rng))
    dump('ssim.json', ssim_cases(rng))
    dump('metrics_protocol.json', metrics_protocol(rng))
    dump('laplace.json', laplace())


if __name__ == '__main__':
    main()
