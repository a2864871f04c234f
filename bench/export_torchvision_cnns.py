"""Exports two torchvision CNN architectures to ONNX for the structural PRUNE benchmark.

ResNet-18 (identity and projection shortcuts in four stages) and MobileNetV2 (inverted residuals), 10 classes,
64x64 input, seeded random weights with BatchNorm statistics drawn away from the identity (torch's export folds
BatchNorm into the Convs in eval mode). No accuracy is measured on them: they check that `structured` finds the
groups of real architectures, that the cut graph runs, and what it does to parameters and batch-1 latency.

    /usr/bin/python3 bench/export_torchvision_cnns.py OUT_DIR
Needs Debian's python3-torch and python3-torchvision.
"""
import sys

import torch
import torchvision


def export(name, ctor, out_dir):
    torch.manual_seed(0)
    model = ctor(num_classes=10).eval()
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.1, 0.1)
                module.running_var.uniform_(0.5, 1.5)
    torch.onnx.export(model, torch.randn(1, 3, 64, 64), f"{out_dir}/tv-{name}.onnx", input_names=["input"],
                      output_names=["logits"], opset_version=13,
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    print(name, sum(p.numel() for p in model.parameters()), "parameters")


if __name__ == "__main__":
    export("resnet18", torchvision.models.resnet18, sys.argv[1])
    export("mobilenet-v2", torchvision.models.mobilenet_v2, sys.argv[1])
