#!/usr/bin/env python3
"""Writes a valid ONNX model whose single float32 initializer makes the file about SIZE_MIB MiB.

Graph: y = x + ReduceSum(w, keepdims=1), x float[1], w float[N] with N = SIZE_MIB * 2**18 (4 bytes each).
The weights are pseudo-random (fixed seed) so that the file is not trivially compressible.

Usage: make_big_onnx.py <out.onnx> [size_mib=1024]
Needs the onnx and numpy Python packages (Debian: python3-onnx, run with /usr/bin/python3).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    out = sys.argv[1]
    size_mib = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    n = size_mib * (1 << 18)
    w = np.random.default_rng(42).random(n, dtype=np.float32)
    init = numpy_helper.from_array(w, name="w")
    del w
    graph = helper.make_graph(
        [
            helper.make_node("ReduceSum", ["w"], ["s"], keepdims=1),
            helper.make_node("Add", ["x", "s"], ["y"]),
        ],
        "big",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
        [init],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], producer_name="mcs-bench")
    model.ir_version = 7
    data = model.SerializeToString()
    del model, init
    with open(out, "wb") as f:
        f.write(data)
    print(f"wrote {out}: {len(data)} bytes, initializer w float32[{n}]")


if __name__ == "__main__":
    main()
