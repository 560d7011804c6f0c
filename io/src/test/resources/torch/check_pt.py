#!/usr/bin/python3
"""Checks jcare's PyTorch state dict writer with PyTorch itself, and writes the file torch.save makes.

Run with Debian's PyTorch (apt-get install python3-torch), from this folder, after
`mvn -pl io -am test -Dtest=TorchStateDictTest -Djcare.writeFixtures=true` wrote written_by_jcare.pt:

    /usr/bin/python3 check_pt.py

1. loads written_by_jcare.pt with torch.load(weights_only=True) (only tensors and OrderedDict allowed),
2. loads it strictly into the independent CARE U-Net of bench/pytorch/care_unet.py (2D, depth 2, 4 filters,
   kernel 3, residual, probabilistic), checks every tensor equals weights.safetensors exactly, and that the output
   for input.f32 is torch_output.f32 (to 1e-6: float32 sums in another order), the
   output PyTorch computed from the same weights read from weights.safetensors (training's TorchInteropTest fixture),
3. saves the state dict with torch.save to saved_by_torch.pt, which TorchStateDictTest reads back.
"""
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "..", "bench", "pytorch"))
from care_unet import CareUNet, read_safetensors  # noqa: E402

state = torch.load(os.path.join(HERE, "written_by_jcare.pt"), weights_only=True)
reference = read_safetensors(os.path.join(HERE, "weights.safetensors"))
assert set(state) == set(reference), (sorted(state), sorted(reference))
for k, v in state.items():
    assert v.dtype == torch.float32 and v.is_contiguous() and np.array_equal(v.numpy(), reference[k]), k
net = CareUNet(2, 1, 1, depth=2, kern=3, n_first=4, residual=True, prob=True)
net.load_state_dict(state, strict=True)
x = np.fromfile(os.path.join(HERE, "input.f32"), dtype="<f4").reshape(1, 1, 24, 32)
with torch.no_grad():
    y = net(torch.from_numpy(x)).numpy()
expected = np.fromfile(os.path.join(HERE, "torch_output.f32"), dtype="<f4").reshape(y.shape)
assert np.allclose(y, expected, rtol=0, atol=1e-6), np.abs(y - expected).max()  # float32 summation order
torch.save(net.state_dict(), os.path.join(HERE, "saved_by_torch.pt"))
print("written_by_jcare.pt loads with weights_only=True; %d tensors equal to weights.safetensors; output equals "
      "torch_output.f32 to 1e-6; "
      "wrote saved_by_torch.pt" % len(state))
