#!/usr/bin/python3
"""Checks a Model Zoo package written by `jcare export --bmz` with Debian's PyTorch and ONNX (no jcare code):

    /usr/bin/python3 check_package.py PACKAGE.zip

1. onnx.checker accepts weights.onnx (opset and graph well formed);
2. (packages with PyTorch weights) the PyTorch weights load with torch.load(weights_only=True) strictly into the package's own architecture
   (architecture.source, callable, kwargs of rdf.yaml);
3. the test input, preprocessed as rdf.yaml says (scale_range: numpy linear percentiles per sample and channel over
   the listed axes, (x - lo) / (hi - lo + eps)), gives test_output.npy through that PyTorch network within the spec's
   default reproducibility tolerance (|out - test| <= 1e-3 + 1e-3 |test|);
4. every sha256 in rdf.yaml matches its file.
"""
import hashlib
import importlib.util
import io
import os
import sys
import tempfile
import zipfile

import numpy as np
import onnx
import torch
import yaml

path = sys.argv[1]
z = zipfile.ZipFile(path)
files = {n: z.read(n) for n in z.namelist()}
rdf = yaml.safe_load(files["rdf.yaml"])


def sha_ok(node):
    if isinstance(node, dict):
        if "source" in node and "sha256" in node:
            assert hashlib.sha256(files[node["source"]]).hexdigest() == node["sha256"], node["source"]
        for v in node.values():
            sha_ok(v)
    elif isinstance(node, list):
        for v in node:
            sha_ok(v)


sha_ok(rdf)
onnx.checker.check_model(onnx.load_from_string(files[rdf["weights"]["onnx"]["source"]]))
if "pytorch_state_dict" not in rdf["weights"]:
    # a projection model's composite graph has ONNX weights only (CareUNet cannot express it)
    print("%s: sha256 ok, onnx.checker ok (ONNX weights only; task %s)"
          % (os.path.basename(path), rdf.get("config", {}).get("jcare", {}).get("task", {}).get("task")))
    sys.exit(0)

sd = rdf["weights"]["pytorch_state_dict"]
with tempfile.TemporaryDirectory() as d:
    src = os.path.join(d, sd["architecture"]["source"])
    open(src, "wb").write(files[sd["architecture"]["source"]])
    spec = importlib.util.spec_from_file_location("arch", src)
    arch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(arch)
net = getattr(arch, sd["architecture"]["callable"])(**sd["architecture"]["kwargs"])
net.load_state_dict(torch.load(io.BytesIO(files[sd["source"]]), weights_only=True), strict=True)

inp = rdf["inputs"][0]
x = np.load(io.BytesIO(files[inp["test_tensor"]["source"]])).astype(np.float64)
axis_ids = [a.get("id", a["type"]) for a in inp["axes"]]
for step in inp.get("preprocessing", []):
    if step["id"] == "scale_range":
        k = step["kwargs"]
        axes = tuple(axis_ids.index(a) for a in k["axes"])
        lo = np.percentile(x, k["min_percentile"], axis=axes, keepdims=True)
        hi = np.percentile(x, k["max_percentile"], axis=axes, keepdims=True)
        x = (x - lo) / (hi - lo + k["eps"])
with torch.no_grad():
    y = net(torch.from_numpy(x.astype(np.float32))).numpy()
expected = np.load(io.BytesIO(files[rdf["outputs"][0]["test_tensor"]["source"]]))
err = np.abs(y - expected)
assert y.shape == expected.shape, (y.shape, expected.shape)
assert np.all(err <= 1e-3 + 1e-3 * np.abs(expected)), err.max()
print("%s: sha256 ok, onnx.checker ok, state dict loads (weights_only) into %s(%s), test output reproduced in "
      "PyTorch %s (max abs error %.2e)" % (os.path.basename(path), sd["architecture"]["callable"],
                                           sd["architecture"]["kwargs"], torch.__version__, err.max()))
