#!/usr/bin/env bash
# Exports torchvision's ResNet-18 and MobileNetV2 (random weights, 64x64 input) to ONNX in the benchmark material
# folder (MCS_BENCH_MODELS, unset: bench/out/models) as tv-resnet18.onnx and tv-mobilenet-v2.onnx, for
# TorchvisionPruneBenchmarkTest. Files already there are kept.
#
#   bench/prepare-torchvision.sh
#
# Needs: Debian's python3-torch and python3-torchvision (apt-get install python3-torchvision).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
bench_material
[[ -f "$MODELS/tv-resnet18.onnx" && -f "$MODELS/tv-mobilenet-v2.onnx" ]] && exit 0
/usr/bin/python3 -c 'import torchvision' 2>/dev/null \
  || die "torchvision not found for /usr/bin/python3 (apt-get install python3-torchvision)"
/usr/bin/python3 "$BENCH_DIR/export_torchvision_cnns.py" "$MODELS" >&2
echo "export MCS_BENCH_MODELS=$MODELS"
