#!/usr/bin/env bash
# Benchmark: static_int8 on the wider digits CNN fixture vs fp32 at batch 1 (interleaved), for each
# calibration, plus the accuracy drop on the held-out samples. Runs the tagged benchmark test that
# quantizes through the service's Quantizer (what a job's worker runs); results in docs/benchmarks.md.
#
#   bench/static-int8-wide-cnn.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B test -Dtest=StaticInt8WideCnnBenchmarkTest -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  | grep -E '^static_int8 '
