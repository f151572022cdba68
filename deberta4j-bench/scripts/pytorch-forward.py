#!/usr/bin/env python3
"""PyTorch's side of `speed --shape xsmall|base`: the inference forward pass of transformers'
DebertaV2ForSequenceClassification (2 labels, random weights, eval mode, torch.inference_mode) on the shapes of
deberta4j's ModelShapes (position buckets 256, relative attention with shared keys, p2c + c2p, no absolute
positions), batch x sequence length of random token ids without padding, as `speed` and
../shared/reference/ort/ours_vs_ort.sh time them. Prints one markdown row per shape: median seconds per forward
pass over RUNS timed passes after WARMUP untimed ones, and tokens/s. Run it on the machine that runs `speed`,
right after it (or interleaved with it), for a same-run ratio, e.g.
  python3 deberta4j-bench/scripts/pytorch-forward.py --shape xsmall --shapes 1x16,1x128,8x128,32x128,1x512 --threads 2
--json writes {"torch": version, "threads": n, "results": [{"batch", "seq", "median_s", "tokens_per_s"}]} instead.
"""
import argparse
import json
import signal
import statistics
import sys
import time

import torch
from transformers import DebertaV2Config, DebertaV2ForSequenceClassification

SHAPES = {"base": (768, 12, 12, 3072), "xsmall": (384, 12, 6, 1536)}


def model(shape, vocab):
    hidden, layers, heads, intermediate = SHAPES[shape]
    cfg = DebertaV2Config(vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
                          intermediate_size=intermediate, hidden_act="gelu", max_position_embeddings=512,
                          type_vocab_size=0, layer_norm_eps=1e-7, relative_attention=True, max_relative_positions=-1,
                          position_buckets=256, norm_rel_ebd="layer_norm", share_att_key=True,
                          pos_att_type=["p2c", "c2p"], position_biased_input=False, pad_token_id=0, num_labels=2)
    torch.manual_seed(0)
    return DebertaV2ForSequenceClassification(cfg).eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", default="xsmall", choices=sorted(SHAPES))
    ap.add_argument("--shapes", default="1x16,1x128,8x128,32x128,1x512")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--vocab", type=int, default=1000, help="vocabulary size (does not change the speed)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    m = model(args.shape, args.vocab)
    results = []
    # Killed by a time limit (SIGTERM, e.g. `timeout`), it still reports the shapes it finished.
    signal.signal(signal.SIGTERM, lambda *_: (report(args, results), sys.exit(124)))
    for s in args.shapes.split(","):
        batch, seq = (int(v) for v in s.lower().split("x"))
        ids = torch.randint(5, args.vocab, (batch, seq))
        mask = torch.ones_like(ids)
        times = []
        with torch.inference_mode():
            for i in range(args.warmup + args.runs):
                t0 = time.perf_counter()
                m(input_ids=ids, attention_mask=mask)
                if i >= args.warmup:
                    times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        results.append({"batch": batch, "seq": seq, "median_s": med, "tokens_per_s": batch * seq / med})
    report(args, results)


def report(args, results):
    if args.json:
        print(json.dumps({"torch": torch.__version__, "threads": args.threads, "results": results}))
    else:
        print(f"PyTorch {torch.__version__}, {args.threads} thread(s), {args.shape}, median of {args.runs} runs")
        print("| batch x seq | median s | tokens/s |\n|---|---|---|")
        for r in results:
            print(f"| {r['batch']} x {r['seq']} | {r['median_s']:.4f} | {r['tokens_per_s']:.1f} |")


if __name__ == "__main__":
    main()
