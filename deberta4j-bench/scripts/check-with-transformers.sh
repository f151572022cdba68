#!/usr/bin/env bash
# Loads model directories in transformers (from_pretrained, AutoModel / AutoModelForMaskedLM /
# AutoModelForPreTraining by the config's architecture) and in deberta4j (`bin/deberta4j infer`) and prints the
# largest difference of every hidden state (and of the MLM, replaced-token-detection or sequence-classification
# logits) over real tokens, plus the two tokenizers' ids for a few texts. Needs python3 with torch,
# transformers and safetensors. Run from the project root after `mvn -q -DskipTests package`:
#   deberta4j-bench/scripts/check-with-transformers.sh MODEL_DIR... [-- TEXT_FILE]
set -euo pipefail
dirs=(); texts=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then texts=$2; shift 2; else dirs+=("$1"); shift; fi
done
[ ${#dirs[@]} -gt 0 ] || { echo "usage: $0 MODEL_DIR... [-- TEXT_FILE]" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if [ -z "$texts" ]; then
  texts=$work/texts.txt
  printf '%s\n' "이 영화 정말 재밌어요" "대한민국의 수도는 서울이다." "배우들 연기가 너무 어색해서 끝까지 보기 힘들었다 ㅠㅠ" \
    "The quick brown fox, 1,234 times!" > "$texts"
fi
for d in "${dirs[@]}"; do
  name=$(echo "$d" | tr '/' '_')
  bin/deberta4j tokenize --tokenizer "$d" --max-length 128 < "$texts" 2> >(grep -v "incubator modules" >&2) \
    | python3 -c 'import sys,json; [print(json.dumps({"input_ids": json.loads(l)["input_ids"]})) for l in sys.stdin]' \
    > "$work/$name.jsonl"
  bin/deberta4j infer --model "$d" --inputs "$work/$name.jsonl" --output "$work/$name.safetensors" --hidden-states 2> >(grep -v "incubator modules" >&2) >/dev/null
  python3 - "$d" "$work/$name.jsonl" "$work/$name.safetensors" "$texts" <<'PY'
import json, sys, torch
from safetensors.torch import load_file
from transformers import (AutoConfig, AutoModel, AutoModelForMaskedLM, AutoModelForPreTraining,
                          AutoModelForSequenceClassification, AutoTokenizer)
model_dir, inputs, ours_file, texts = sys.argv[1:5]
rows = [json.loads(l)["input_ids"] for l in open(inputs)]
L = max(map(len, rows))
ids = torch.tensor([r + [0] * (L - len(r)) for r in rows])
mask = torch.tensor([[1] * len(r) + [0] * (L - len(r)) for r in rows])
real = mask.unsqueeze(-1).bool()
arch = (AutoConfig.from_pretrained(model_dir).architectures or [""])[0]
auto = {"ForMaskedLM": AutoModelForMaskedLM, "ForPreTraining": AutoModelForPreTraining,
        "ForSequenceClassification": AutoModelForSequenceClassification}
# float32 like deberta4j: transformers 5 would otherwise compute in the checkpoint's dtype (float16 for ours)
m = next((a for suffix, a in auto.items() if arch.endswith(suffix)), AutoModel).from_pretrained(model_dir, dtype=torch.float32).eval()
with torch.no_grad():
    out = m(input_ids=ids, attention_mask=mask, output_hidden_states=True)
ours = load_file(ours_file)
worst = max(((h - ours[f"hidden_states.{i}"]).abs() * real).max().item() for i, h in enumerate(out.hidden_states))
line = f"{model_dir}: transformers {type(m).__name__}, {len(rows)} texts, every hidden state within {worst:.2e}"
if hasattr(out, "logits"):
    if arch.endswith("ForSequenceClassification"):
        mask_of, kind = torch.ones_like(out.logits, dtype=torch.bool), "sequence-classification"
    else:
        mask_of = real if out.logits.dim() == 3 else real.squeeze(-1)
        kind = "MLM" if out.logits.dim() == 3 else "replaced-token-detection"
    line += f", {kind} logits within {((out.logits - ours['logits']).abs() * mask_of).max().item():.2e}"
print(line)
tok = AutoTokenizer.from_pretrained(model_dir)
theirs = [tok(t.rstrip("\n"), truncation=True, max_length=128)["input_ids"] for t in open(texts, encoding="utf-8")]
print(f"{model_dir}: tokenizer ids {'identical' if theirs == rows else 'DIFFER'} ({type(tok).__name__})")
PY
done
