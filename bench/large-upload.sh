#!/usr/bin/env bash
# Benchmark: a 1 GiB ONNX model streamed to the raw upload endpoint of a service whose heap is capped at
# 256 MiB. Proves (or disproves) that uploads are streamed to disk, not buffered in memory: the 201's sha256
# must equal sha256sum of the file, and the service must survive.
#
#   bench/large-upload.sh
#
# The model is a real ONNX file (one float32 initializer of 2^28 elements, see make_big_onnx.py), so it
# passes the service's content checks: the full body is read, hashed, stored and scanned before the 201.
# Needs: Java 17, curl, jq, /usr/bin/python3 with onnx + numpy (Debian python3-onnx), PostgreSQL on
# 127.0.0.1:5432; ~3 GiB free disk under bench/out (the file and the service's stored copy) and ~3 GiB RAM
# while generating. Knobs: BENCH_UPLOAD_MIB=1024, BENCH_HEAP=256m, BENCH_SERVICE_JAR, BENCH_PORT.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
require java curl jq python3 sha256sum rsync

SIZE_MIB=${BENCH_UPLOAD_MIB:-1024}
HEAP=${BENCH_HEAP:-256m}
PYTHON=${BENCH_PYTHON:-/usr/bin/python3}
SCHEMA=mcs_bench_upload
WORK="$OUT_DIR/large"
mkdir -p "$WORK"

trap 'stop_service' EXIT
trap 'exit 130' INT TERM

hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f MiB", k / 1024}'; }

# 1. The model file (kept between runs).
BIG="$WORK/big-${SIZE_MIB}mib.onnx"
if [[ ! -f "$BIG" ]]; then
  log "generating $BIG"
  "$PYTHON" "$BENCH_DIR/make_big_onnx.py" "$BIG.part" "$SIZE_MIB" >&2
  mv "$BIG.part" "$BIG"
fi
BYTES=$(stat -c %s "$BIG")
log "hashing $BIG ($BYTES bytes)"
EXPECTED_SHA=$(sha256sum "$BIG" | cut -c1-64)

# 2. The service with a small heap.
JAR=$(build_service_jar)
PORT=${BENCH_PORT:-$(free_port)}
BASE="http://127.0.0.1:$PORT"
drop_schema "$SCHEMA"
rm -rf "$WORK/storage"
export MCS_MAX_UPLOAD_SIZE=2GB
start_service "$JAR" "$PORT" "$SCHEMA" "$WORK/storage" "$WORK/service.log" \
  "-Xmx$HEAP" "-Xlog:gc:file=$WORK/gc.log"
HWM_START=$(hwm_kib "$SERVICE_PID")
RSS_START=$(rss_kib "$SERVICE_PID")

# 3. Stream it: curl -T reads the file in chunks and sends Content-Length; -X POST keeps the verb.
log "uploading $BYTES bytes to $BASE/api/v1/models?name=big (raw application/octet-stream)"
T0=$(now_ms)
HTTP=$(curl -sS -o "$WORK/upload-response.json" -w '%{http_code} %{time_total} %{speed_upload}' \
  -X POST -T "$BIG" -H 'Content-Type: application/octet-stream' -H 'Expect:' \
  "$BASE/api/v1/models?name=big") || true
T1=$(now_ms)
read -r CODE CURL_TOTAL SPEED <<<"$HTTP"
ALIVE=yes
kill -0 "$SERVICE_PID" 2>/dev/null || ALIVE=no
HWM_UPLOAD=""
[[ $ALIVE == yes ]] && HWM_UPLOAD=$(hwm_kib "$SERVICE_PID")
log "HTTP $CODE after $((T1 - T0)) ms; service alive: $ALIVE"
GOT_SHA=$(jq -r '.sha256 // empty' "$WORK/upload-response.json" 2>/dev/null || true)
MODEL_ID=$(jq -r '.id // empty' "$WORK/upload-response.json" 2>/dev/null || true)

# 4. What happens next (inspection runs in a worker process, not in the service).
INSPECTION="n/a"
HWM_AFTER=""
if [[ "$CODE" == 201 && -n "$MODEL_ID" && $ALIVE == yes ]]; then
  T2=$(now_ms)
  DEADLINE=$((SECONDS + ${BENCH_INSPECT_TIMEOUT_S:-300}))
  while :; do
    INSPECTION=$(curl -fsS "$BASE/api/v1/models/$MODEL_ID" | jq -r '.status + (if .statusReason then ": " + .statusReason else "" end)')
    [[ "$INSPECTION" != INSPECTING* ]] && break
    ((SECONDS < DEADLINE)) || break
    sleep 0.5
  done
  INSPECTION="$INSPECTION (after $(( $(now_ms) - T2 )) ms)"
  kill -0 "$SERVICE_PID" 2>/dev/null && HWM_AFTER=$(hwm_kib "$SERVICE_PID")
  curl -fsS -X DELETE "$BASE/api/v1/models/$MODEL_ID" >/dev/null || log "could not delete model $MODEL_ID"
fi
MAX_HEAP_AFTER_GC=$(grep -oE 'Pause[^>]*->[0-9]+M' "$WORK/gc.log" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1 || true)
MAX_HEAP_BEFORE_GC=$(grep -oE '[0-9]+M->[0-9]+M' "$WORK/gc.log" | sed -E 's/M->.*//' | sort -n | tail -1 || true)
OOM=$(grep -c 'OutOfMemoryError' "$WORK/service.log" || true)
stop_service

verdict() { if [[ "$1" == true ]]; then echo "met"; else echo "**NOT met**"; fi; }
{
  echo "### Large upload: $SIZE_MIB MiB ONNX, service -Xmx$HEAP ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
  echo
  echo "Load average at the end: $(cut -d" " -f1-3 /proc/loadavg) (other processes on the machine share the CPUs)."
  echo
  echo "| | value |"
  echo "|---|---|"
  echo "| file | $BYTES bytes, sha256 $EXPECTED_SHA |"
  echo "| HTTP status | $CODE |"
  echo "| sha256 in the 201 | ${GOT_SHA:-none} |"
  echo "| sha256 matches | $([[ -n "$GOT_SHA" && "$GOT_SHA" == "$EXPECTED_SHA" ]] && echo yes || echo NO) |"
  echo "| upload time (curl total, incl. server-side hash + scan) | ${CURL_TOTAL}s ($(awk -v s="$SPEED" 'BEGIN {printf "%.0f MiB/s", s / 1048576}')) |"
  echo "| service RSS / VmHWM after start | $(mib "$RSS_START") / $(mib "$HWM_START") |"
  echo "| service VmHWM after upload | ${HWM_UPLOAD:+$(mib "$HWM_UPLOAD")} |"
  echo "| service VmHWM after inspection | ${HWM_AFTER:+$(mib "$HWM_AFTER")} |"
  echo "| largest heap before / after a GC (gc.log) | ${MAX_HEAP_BEFORE_GC:-?} MiB / ${MAX_HEAP_AFTER_GC:-?} MiB |"
  echo "| OutOfMemoryError in service log | $OOM |"
  echo "| service alive after upload | $ALIVE |"
  echo "| inspection outcome (worker process) | $INSPECTION |"
  echo
  echo "- 1 GiB streamed under -Xmx$HEAP with matching sha256: $(verdict "$([[ "$CODE" == 201 && "$GOT_SHA" == "$EXPECTED_SHA" && $ALIVE == yes ]] && echo true || echo false)")"
} | tee "$WORK/report.md"
