#!/usr/bin/env bash
# `pretrain --architecture electra` end to end, then transformers: pre-trains a tiny ELECTRA pair for a few steps on
# the 2 MB Korean test corpus and runs check-with-transformers.sh on its export (discriminator/ as
# ElectraForPreTraining, generator/ as ElectraForMaskedLM): from_pretrained must load both without missing or
# unexpected weights, and every hidden state and the logits must match `bin/deberta4j infer`.
# Run from the project root after `mvn -q -DskipTests package`: deberta4j-bench/scripts/check-electra-pretrain-export.sh
set -euo pipefail
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/config.json" <<'JSON'
{"model_type": "electra", "vocab_size": 8000, "embedding_size": 32, "hidden_size": 64, "num_hidden_layers": 2,
 "num_attention_heads": 2, "intermediate_size": 128, "max_position_embeddings": 128, "type_vocab_size": 2}
JSON
bin/deberta4j pretrain --architecture electra --corpus deberta4j-cli/src/test/resources/pretrain/ko-2mb.txt.gz \
  --tokenizer deberta4j-core/src/test/resources/tokenizers/ko-unigram-8k --config "$work/config.json" \
  --output "$work/run" --max-seq-length 64 --batch-size 8 --max-steps 20 --lr 3e-3 --save-steps 20 \
  2> >(grep -v "incubator modules" | tail -2 >&2)
python3 - "$work/run" <<'PY'
import sys, warnings
from transformers import ElectraForMaskedLM, ElectraForPreTraining
for cls, sub in ((ElectraForPreTraining, "discriminator"), (ElectraForMaskedLM, "generator")):
    m, info = cls.from_pretrained(f"{sys.argv[1]}/{sub}", output_loading_info=True)
    bad = {k: v for k, v in info.items() if v and k != "mismatched_keys" or (k == "mismatched_keys" and v)}
    print(f"{sub}: {cls.__name__} from_pretrained: {'clean' if not bad else bad}")
    if bad: sys.exit(1)
PY
"$(dirname "$0")/check-with-transformers.sh" "$work/run/discriminator" "$work/run/generator"
