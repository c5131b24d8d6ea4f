#!/usr/bin/env bash
# Rebuilds Baton's shipped entity classifier (models/entity-classifier) from nothing but this
# repository: gazetteers, synthetic texts, features, training, ONNX export. See training/README.md.
# Takes about half an hour on 2 cores. CI never runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${TRAIN_TEXTS:-60000}
epochs=${TRAIN_EPOCHS:-5}
out=training/out
target=models/entity-classifier

# Debian's PyTorch and ONNX (PyPI is not needed); the system Python, not a pyenv one. Debian's
# PyTorch calls the system BLAS: without OpenBLAS it falls back to the reference BLAS, about 15
# times slower here.
python=/usr/bin/python3
if ! "$python" -c 'import torch, onnx, numpy' 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch python3-onnx python3-numpy libopenblas0-pthread
fi

npm run build --silent
mkdir -p "$out" "$target"
node dist/training/generate/build-gazetteers.js
node dist/training/generate/generate-data.js --seed 1 --count "$count" --out "$out/train.jsonl"
node dist/training/generate/generate-data.js --seed 2 --count 3000 --out "$out/dev.jsonl"
node dist/training/featurize.js --in "$out/train.jsonl" --out "$out/train.features.jsonl"
node dist/training/featurize.js --in "$out/dev.jsonl" --out "$out/dev.features.jsonl"
"$python" training/train.py --train "$out/train.features.jsonl" --dev "$out/dev.features.jsonl" \
  --layout "$out/layout.json" --out "$target" --epochs "$epochs" "$@"
echo "done: $target/model.onnx; measure it with: npm run bench -- pii"
