#!/usr/bin/python3
"""Writes small CSBDeep model folders in the exact HDF5 layouts Keras writes, from known weights.

Run with Debian's Python (apt-get install python3-h5py python3-numpy), from this folder:

    /usr/bin/python3 make_fixtures.py

What Keras does, and this script repeats with h5py (no TensorFlow needed):
- Keras 2 / tf.keras `save_weights_to_hdf5_group` (tf.keras hdf5_format.py): root attributes `layer_names`
  (bytes, model.layers order), `backend`, `keras_version`; one group per layer, created in name-sorted order, with
  attribute `weight_names` (bytes, e.g. b"down_level_0_no_0/kernel:0"; an empty list for weight-less layers), and
  one dataset per weight whose path is the weight name (so '/' makes subgroups).
- Keras 3 `legacy_h5_format.save_weights_to_hdf5_group` (what CSBDeep 0.8 calls with Keras >= 3): the same, with
  weight names from `w.path` ("down_level_0_no_0/kernel", no ":0") and an extra group `top_level_model_weights`.
- `save_attributes_to_hdf5_group` splits an attribute over 64512 bytes into `layer_names0`, `layer_names1`, ...;
  the CARE layer lists are far smaller, so the split is forced here for one fixture to exercise that path.
- Kernels are channels-last: Conv2D [kh, kw, in, out], Conv3D [kd, kh, kw, in, out]; biases [out]; float32.

Each fixture NAME is a model folder NAME/ (config.json, weights_best.h5 and for one also weights_last.h5) plus
NAME.input.npy (a normalized image in the config's axes, channels last, float32) and NAME.expected.npy (the network's
output for it, computed here in float64 with numpy from the same weights in Keras's layout and semantics:
'same' zero-padded cross-correlation, ReLU, 2x max-pooling, nearest upsampling, concatenation [upsampled, skip],
1x1 head, residual add, softplus + 1e-3 scale head; ProjectionCARE's softmax over Z, weighted sum).
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- numpy float64 reference (channels last)

def conv(x, k, b, relu):
    """'same' cross-correlation of x [spatial..., cin] with k [k..., cin, cout], + b, optional ReLU."""
    nd = k.ndim - 2
    pads = [(s // 2, s // 2) for s in k.shape[:nd]] + [(0, 0)]
    xp = np.pad(x, pads)
    y = np.zeros(x.shape[:nd] + (k.shape[-1],))
    for off in np.ndindex(*k.shape[:nd]):
        sl = tuple(slice(o, o + x.shape[i]) for i, o in enumerate(off))
        y += np.tensordot(xp[sl], k[off], axes=([nd], [0]))
    y += b
    return np.maximum(y, 0) if relu else y


def maxpool(x, f):
    nd = len(f)
    shape = []
    for i in range(nd):
        shape += [x.shape[i] // f[i], f[i]]
    y = x.reshape(shape + [x.shape[-1]])
    return y.max(axis=tuple(range(1, 2 * nd, 2)))


def upsample(x, f):
    for i, fi in enumerate(f):
        x = np.repeat(x, fi, axis=i)
    return x


def softplus(x):
    return np.logaddexp(0, x)


def unet_forward(w, x, cfg):
    """CSBDeep common_unet on one image x [spatial..., cin]; w maps layer name -> (kernel, bias)."""
    depth = cfg["unet_n_depth"]
    nd = x.ndim - 1
    f = [2] * nd
    skips, h = [], x
    for n in range(depth):
        h = conv(h, *w[f"down_level_{n}_no_0"], True)
        h = conv(h, *w[f"down_level_{n}_no_1"], True)
        skips.append(h)
        h = maxpool(h, f)
    h = conv(h, *w["middle_0"], True)
    h = conv(h, *w["middle_2"], True)
    for n in reversed(range(depth)):
        h = np.concatenate([upsample(h, f), skips[n]], axis=-1)
        h = conv(h, *w[f"up_level_{n}_no_0"], True)
        h = conv(h, *w[f"up_level_{n}_no_2"], True)
    mean = conv(h, *w["head"], False)
    if cfg["unet_residual"]:
        mean = mean + x
    if cfg["unet_last_activation"] == "relu":
        mean = np.maximum(mean, 0)
    if not cfg["probabilistic"]:
        return mean
    scale = softplus(conv(h, *w["head_scale"], False)) + np.float32(1e-3)
    return np.concatenate([mean, scale], axis=-1)


def projection_forward(wp, x, cfg):
    """ProjectionCARE's projection sub-network on x [Z, Y, X, C]: encoder-decoder without skips, softmax over Z."""
    pool = cfg["proj_pool"]
    h, i = x, 0
    for _ in range(cfg["proj_n_depth"]):
        for _ in range(cfg["proj_n_conv_per_depth"]):
            h = conv(h, *wp[i], True)
            i += 1
        h = maxpool(h, pool)
    for _ in range(cfg["proj_n_conv_per_depth"]):
        h = conv(h, *wp[i], True)
        i += 1
    for _ in range(cfg["proj_n_depth"]):
        h = upsample(h, pool)
        for _ in range(cfg["proj_n_conv_per_depth"]):
            h = conv(h, *wp[i], True)
            i += 1
    logits = conv(h, *wp[i], False)[..., 0]          # [Z, Y, X]
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    weights = e / e.sum(axis=0, keepdims=True)
    return (x * weights[..., None]).sum(axis=0)       # [Y, X, C]


# ---------------------------------------------------------------- weights and Keras layer lists

def glorot(rng, shape):
    k = int(np.prod(shape[:-2]))
    limit = np.sqrt(6.0 / (shape[-2] * k + shape[-1] * k))
    return rng.uniform(-limit, limit, shape).astype(np.float32)


def unet_layers(cfg, rng, conv_name, c_in):
    """CARE U-Net layers in construction order: (keras layer name, kernel, bias); None entries are weight-less layers."""
    depth, kern, nf = cfg["unet_n_depth"], cfg["unet_kern_size"], cfg["unet_n_first"]
    nd = 3 if conv_name == "conv3d" else 2
    k = (kern,) * nd
    layers, weights = [], {}

    def add(name, cin, cout, ks=k):
        kernel = glorot(rng, ks + (cin, cout))
        bias = rng.uniform(-0.1, 0.1, cout).astype(np.float32)
        layers.append((name, kernel, bias))
        return kernel, bias

    up_name = "up_sampling%dd" % nd
    layers.append(("input", None, None))
    ch = c_in
    for n in range(depth):
        weights[f"down_level_{n}_no_0"] = add(f"down_level_{n}_no_0", ch, nf * 2 ** n)
        weights[f"down_level_{n}_no_1"] = add(f"down_level_{n}_no_1", nf * 2 ** n, nf * 2 ** n)
        layers.append((f"max_{n}", None, None))
        ch = nf * 2 ** n
    weights["middle_0"] = add("middle_0", ch, nf * 2 ** depth)
    weights["middle_2"] = add("middle_2", nf * 2 ** depth, nf * 2 ** max(0, depth - 1))
    ch = nf * 2 ** max(0, depth - 1)
    for i, n in enumerate(reversed(range(depth))):
        layers.append((up_name + ("" if i == 0 else f"_{i}"), None, None))
        layers.append(("concatenate" + ("" if i == 0 else f"_{i}"), None, None))
        weights[f"up_level_{n}_no_0"] = add(f"up_level_{n}_no_0", ch + nf * 2 ** n, nf * 2 ** n)
        weights[f"up_level_{n}_no_2"] = add(f"up_level_{n}_no_2", nf * 2 ** n, nf * 2 ** max(0, n - 1))
        ch = nf * 2 ** max(0, n - 1)
    one = (1,) * nd
    weights["head"] = add(conv_name, ch, cfg["n_channel_out"], one)
    if cfg["unet_residual"]:
        layers.append(("add", None, None))
    layers.append(("activation", None, None))
    if cfg["probabilistic"]:
        weights["head_scale"] = add(conv_name + "_1", ch, cfg["n_channel_out"], one)
        layers.append(("lambda", None, None))
        layers.append(("concatenate_%d" % depth, None, None))
    return layers, weights


def base_config(**kw):
    """CSBDeep Config fields in Config.__init__ insertion order (CSBDeep writes json.dumps(vars(config)))."""
    c = {"n_dim": 2, "axes": "YXC", "n_channel_in": 1, "n_channel_out": 1,
         "train_checkpoint": "weights_best.h5", "train_checkpoint_last": "weights_last.h5",
         "train_checkpoint_epoch": "weights_now.h5", "probabilistic": False, "unet_residual": True,
         "unet_n_depth": 2, "unet_kern_size": 5, "unet_n_first": 32, "unet_last_activation": "linear",
         "unet_input_shape": [None, None, 1], "train_loss": "mae", "train_epochs": 100,
         "train_steps_per_epoch": 400, "train_learning_rate": 0.0004, "train_batch_size": 16,
         "train_tensorboard": True, "train_reduce_lr": {"factor": 0.5, "patience": 10, "min_delta": 0}}
    c.update(kw)
    nd = c["n_dim"]
    c["unet_input_shape"] = [None] * nd + [c["n_channel_in"]]
    return c


# ---------------------------------------------------------------- HDF5 writers

def write_attr_list(obj, name, items, split=1):
    """save_attributes_to_hdf5_group: an empty list is stored as an empty float array, as numpy makes it."""
    if not items:
        obj.attrs[name] = np.asarray([])
        return
    data = np.asarray([s.encode("utf8") for s in items])
    if split == 1:
        obj.attrs[name] = data
    else:
        for i, chunk in enumerate(np.array_split(data, split)):
            obj.attrs["%s%d" % (name, i)] = chunk


def weight_names(layer, keras3, prefix=""):
    suffix = "" if keras3 else ":0"
    return [f"{prefix}{layer}/kernel{suffix}", f"{prefix}{layer}/bias{suffix}"]


def write_flat(path, layers, keras3, split=1):
    """A functional model whose layers hold the weights themselves (CARE, probabilistic CARE)."""
    with h5py.File(path, "w") as f:
        write_attr_list(f, "layer_names", [n for n, _, _ in layers], split)
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"3.6.0" if keras3 else b"2.10.0"
        for name, kernel, bias in sorted(layers, key=lambda l: l[0]):
            g = f.create_group(name)
            if kernel is None:
                write_attr_list(g, "weight_names", [])
                continue
            wn = weight_names(name, keras3)
            write_attr_list(g, "weight_names", wn)
            g.create_dataset(wn[0], data=kernel)
            g.create_dataset(wn[1], data=bias)
        if keras3:
            write_attr_list(f.create_group("top_level_model_weights"), "weight_names", [])


def write_nested(path, outer, keras3):
    """A model whose weights sit in nested models: outer = [(group name, [(layer, kernel, bias), ...] or None)]."""
    with h5py.File(path, "w") as f:
        write_attr_list(f, "layer_names", [n for n, _ in outer])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"3.6.0" if keras3 else b"2.10.0"
        for name, inner in sorted(outer, key=lambda o: o[0]):
            g = f.create_group(name)
            if inner is None:
                write_attr_list(g, "weight_names", [])
                continue
            names, values = [], []
            for lname, kernel, bias in inner:
                if kernel is None:
                    continue
                wn = weight_names(lname, keras3, prefix=name + "/")
                names += wn
                values += [kernel, bias]
            write_attr_list(g, "weight_names", names)
            for n, v in zip(names, values):
                g.create_dataset(n, data=v)


# ---------------------------------------------------------------- fixtures

def save_folder(name, cfg):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f)
    return d


def save_check(name, x, y):
    np.save(os.path.join(HERE, name + ".input.npy"), x.astype(np.float32))
    np.save(os.path.join(HERE, name + ".expected.npy"), y.astype(np.float64))


def standard(name, cfg, spatial, keras3, seed, split=1, with_last=False):
    rng = np.random.default_rng(seed)
    conv_name = "conv3d" if cfg["n_dim"] == 3 else "conv2d"
    layers, w = unet_layers(cfg, rng, conv_name, cfg["n_channel_in"])
    d = save_folder(name, cfg)
    write_flat(os.path.join(d, "weights_best.h5"), layers, keras3, split)
    if with_last:
        # different weights in weights_last.h5: loading must pick weights_best.h5, as CSBDeep does
        last, _ = unet_layers(cfg, np.random.default_rng(seed + 1000), conv_name, cfg["n_channel_in"])
        write_flat(os.path.join(d, "weights_last.h5"), last, keras3, split)
    x = np.random.default_rng(seed + 7).uniform(0, 1, tuple(spatial) + (cfg["n_channel_in"],)).astype(np.float32)
    save_check(name, x, unet_forward(w, x.astype(np.float64), cfg))


def nested(name, cfg, spatial, seed):
    """tf.keras: the U-Net as a nested model 'model' inside an outer model; weight names carry the prefix 'model/'."""
    rng = np.random.default_rng(seed)
    layers, w = unet_layers(cfg, rng, "conv2d", cfg["n_channel_in"])
    d = save_folder(name, cfg)
    write_nested(os.path.join(d, "weights_best.h5"), [("input_1", None), ("model", layers)], keras3=False)
    x = np.random.default_rng(seed + 7).uniform(0, 1, tuple(spatial) + (cfg["n_channel_in"],)).astype(np.float32)
    save_check(name, x, unet_forward(w, x.astype(np.float64), cfg))


def projection(name, cfg, spatial, seed):
    """ProjectionCARE: outer model [input_1, model (projection, unnamed Conv3D layers), model_1 (2D CARE U-Net)]."""
    rng = np.random.default_rng(seed)
    nf, kern, cin = cfg["proj_n_filt"], tuple(cfg["proj_kern"]), cfg["n_channel_in"]
    proj, wp, ch, i = [("input_2", None, None)], [], cin, 0

    def pconv(cout, relu_layer=True):
        nonlocal ch, i
        kernel = glorot(rng, kern + (ch, cout))
        bias = rng.uniform(-0.1, 0.1, cout).astype(np.float32)
        proj.append(("conv3d" + ("" if i == 0 else f"_{i}"), kernel, bias))
        wp.append((kernel, bias))
        ch, i = cout, i + 1

    for dpt in range(cfg["proj_n_depth"]):
        for _ in range(cfg["proj_n_conv_per_depth"]):
            pconv(nf)
        proj.append(("max_pooling3d" + ("" if dpt == 0 else f"_{dpt}"), None, None))
    for _ in range(cfg["proj_n_conv_per_depth"]):
        pconv(nf)
    for dpt in range(cfg["proj_n_depth"]):
        proj.append(("up_sampling3d" + ("" if dpt == 0 else f"_{dpt}"), None, None))
        for _ in range(cfg["proj_n_conv_per_depth"]):
            pconv(nf)
    pconv(1)
    proj += [("lambda", None, None), ("multiply", None, None), ("lambda_1", None, None)]
    den_cfg = dict(cfg, n_dim=2)
    den, wd = unet_layers(den_cfg, rng, "conv2d", cin)
    d = save_folder(name, cfg)
    write_nested(os.path.join(d, "weights_best.h5"), [("input_1", None), ("model", proj), ("model_1", den)],
                 keras3=False)
    x = np.random.default_rng(seed + 7).uniform(0, 1, tuple(spatial) + (cin,)).astype(np.float32)
    p = projection_forward(wp, x.astype(np.float64), cfg)
    save_check(name, x, unet_forward(wd, p, den_cfg))


def main():
    # Keras 2 / tf.keras, 2D, depth 2, kernel 3, residual; weights_best.h5 and (different) weights_last.h5
    standard("keras2_2d", base_config(unet_n_depth=2, unet_kern_size=3, unet_n_first=4), (24, 32),
             keras3=False, seed=1, with_last=True)
    # Keras 3 legacy h5 (CSBDeep 0.8), 2D probabilistic 2 -> 2 channels, kernel 5, layer_names split in two
    standard("keras3_2d_prob", base_config(n_channel_in=2, n_channel_out=2, probabilistic=True, train_loss="laplace",
                                           unet_n_depth=1, unet_kern_size=5, unet_n_first=4), (16, 20),
             keras3=True, seed=2, split=2)
    # Keras 2, 3D, depth 1, kernel 3, not residual, last activation relu, 1 -> 2 channels
    standard("keras2_3d", base_config(n_dim=3, axes="ZYXC", n_channel_out=2, unet_residual=False,
                                      unet_last_activation="relu", unet_n_depth=1, unet_kern_size=3, unet_n_first=3),
             (6, 10, 12), keras3=False, seed=3)
    # tf.keras, the U-Net nested in an outer model (weight names prefixed 'model/')
    nested("keras2_nested_2d", base_config(unet_n_depth=1, unet_kern_size=3, unet_n_first=4), (16, 16), seed=4)
    # ProjectionCARE (ProjectionConfig fields), small: projection depth 2 with 2 filters, denoiser depth 1
    pcfg = base_config(n_dim=3, axes="ZYXC", unet_n_depth=1, unet_kern_size=3, unet_n_first=4)
    pcfg.update({"proj_axis": "Z", "proj_n_depth": 2, "proj_n_filt": 2, "proj_n_conv_per_depth": 1,
                 "proj_kern": [3, 3, 3], "proj_pool": [1, 2, 2]})
    projection("projection", pcfg, (5, 16, 16), seed=5)


if __name__ == "__main__":
    main()
