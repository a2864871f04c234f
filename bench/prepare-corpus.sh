#!/usr/bin/env bash
# Builds the sentence corpus for distillation benchmarks from WordNet's glosses (Debian package wordnet-base):
# definitions and usage examples, split by hash into train / validation / held-out test, with the benchmark's
# evaluation and calibration sentences removed (so no test data overlaps it), then tokenized to NPZ with the
# model's own tokenizer. Output in the benchmark material folder (MCS_BENCH_MODELS, unset: bench/out/models):
#   corpus-{train,valid,test}-sentences.txt and <prefix>corpus-{train,valid,test}.npz (+ .txt tokenizer summaries)
#
#   bench/prepare-corpus.sh                         # MiniLM's tokenizer, 24000 / 1000 / 1000 sentences
#   CORPUS_TRAIN=60000 bench/prepare-corpus.sh
#   CORPUS_TOKENIZER=bge-small-en-v1.5-tokenizer.json CORPUS_PREFIX=bge- bench/prepare-corpus.sh
#
# Needs: wordnet-base (apt-get install wordnet-base), and the material of prepare-models.sh (tokenizers).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
require java
WORDNET_DICT=${WORDNET_DICT:-/usr/share/wordnet}
[[ -f "$WORDNET_DICT/data.noun" ]] || die "WordNet not found in $WORDNET_DICT (apt-get install wordnet-base)"

bench_material
[[ -n "${BENCH_CP:-}" ]] || build_bench_helpers
tokenizer=${CORPUS_TOKENIZER:-all-minilm-l6-v2-tokenizer.json}
prefix=${CORPUS_PREFIX:-}
max_length=${CORPUS_MAX_LENGTH:-64}

if [[ ! -f "$MODELS/corpus-test-sentences.txt" ]]; then
  java -cp "$BENCH_CP" dev.mcs.bench.WordNetCorpus "$WORDNET_DICT" "$MODELS" \
    "${CORPUS_TRAIN:-24000}" "${CORPUS_VALID:-1000}" "${CORPUS_TEST:-1000}" \
    "$BENCH_DIR/sentences.txt" "$BENCH_DIR/calibration-sentences.txt" >&2
fi
for split in train valid test; do
  out="$MODELS/${prefix}corpus-$split"
  [[ -f "$out.npz" ]] && continue
  java -Djava.io.tmpdir="$OUT_DIR/tmp" -DDJL_CACHE_DIR="$OUT_DIR/djl-cache" -cp "$BENCH_CP" dev.mcs.bench.TokenizeToNpz \
    "$MODELS/$tokenizer" "$MODELS/corpus-$split-sentences.txt" "$out.npz" "$max_length" >"$out.txt"
  log "$(head -1 "$out.txt")"
done
echo "export MCS_BENCH_MODELS=$MODELS"
