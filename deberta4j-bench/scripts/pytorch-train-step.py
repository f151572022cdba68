#!/usr/bin/env python3
"""PyTorch's side of `speed-train`: times the classification step (--step classification:
DebertaV2ForSequenceClassification, 2 labels, the anchors' step) or, by default, the same replaced-token-detection pre-training step with
transformers' DeBERTa-V2 code, built as ../shared/fixtures/v3-base-like/rtd/rtd.json's conventions say (generator
= DebertaV2ForMaskedLM with half the discriminator's layers, decoder tied to E_G; discriminator = DebertaV2Model
fed inputs_embeds from E_D = stop_gradient(E_G) + E_delta, head dense -> gelu -> dense_prediction; MLM loss + 50 x
BCE over non-pad tokens), on the shapes of speed-train (deberta4j's ModelShapes: vocab 64100, position buckets
256 (--vocab to change the vocabulary), relative attention with shared keys, p2c + c2p, dropout 0.1). One step = zero_grad, generator forward,
sampling from its softmax, discriminator forward, one backward, clip_grad_norm_(1.0), AdamW (lr 1e-4, weight
decay 0.01) - what RtdStepRunner times. Random token ids, 15% of the positions between [CLS] and [SEP] masked.

The generator's vocabulary projection runs at the masked positions only, as in deberta4j (--full-logits runs
transformers' DebertaV2ForMaskedLM head at every position instead, as the fixture's reference code did).
Needs torch and transformers (not on the deberta4j machine): run it on the machine that runs speed-train, right
after it, to get a same-machine ratio, e.g.
  python3 deberta4j-bench/scripts/pytorch-train-step.py --shapes xsmall,h256l6 --threads 2
  bin/deberta4j speed-train --step rtd --shapes xsmall,h256l6 --threads 2
(the classification step: --step classification on both; PyTorch's classifier uses labels 0, 1, 0, ...)
"""
import argparse
import resource
import statistics
import time

import torch
import torch.nn.functional as F
from transformers import DebertaV2Config, DebertaV2ForMaskedLM, DebertaV2ForSequenceClassification, DebertaV2Model
from transformers.activations import ACT2FN

SHAPES = {"base": (768, 12, 12, 3072), "xsmall": (384, 12, 6, 1536), "h256l6": (256, 6, 4, 1024)}


VOCAB = 64100   # --vocab: e.g. 16000 for the Korean run's config (speed-train --shapes its discriminator-config.json)


def config(hidden, layers, heads, intermediate):
    return DebertaV2Config(vocab_size=VOCAB, hidden_size=hidden, num_hidden_layers=layers,
                           num_attention_heads=heads, intermediate_size=intermediate, hidden_act="gelu",
                           hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, max_position_embeddings=512,
                           type_vocab_size=0, initializer_range=0.02, layer_norm_eps=1e-7, relative_attention=True,
                           max_relative_positions=-1, position_buckets=256, norm_rel_ebd="layer_norm",
                           share_att_key=True, pos_att_type=["p2c", "c2p"], position_biased_input=False,
                           pad_token_id=0)


class Classifier(torch.nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.model = DebertaV2ForSequenceClassification(config(*SHAPES[shape]))

    def forward(self, input_ids, attention_mask, mask_positions, full_logits):
        labels = torch.arange(input_ids.shape[0]) % 2
        return self.model(input_ids=input_ids, attention_mask=attention_mask, labels=labels).loss


class RtdModel(torch.nn.Module):
    def __init__(self, shape):
        super().__init__()
        hidden, layers, heads, intermediate = SHAPES[shape]
        self.generator = DebertaV2ForMaskedLM(config(hidden, max(1, layers // 2), heads, intermediate))
        d = config(hidden, layers, heads, intermediate)
        self.discriminator = DebertaV2Model(d)
        self.discriminator.embeddings.word_embeddings = None   # GDES replaces it
        self.dense = torch.nn.Linear(hidden, hidden)
        self.act = ACT2FN[d.hidden_act]
        self.dense_prediction = torch.nn.Linear(hidden, 1)
        self.delta = torch.nn.Parameter(torch.zeros(d.vocab_size, hidden))   # E_delta, initialised to 0

    def forward(self, input_ids, attention_mask, mask_positions, full_logits):
        mlm_labels = torch.where(mask_positions, input_ids, torch.full_like(input_ids, -100))
        generator_ids = torch.where(mask_positions, torch.full_like(input_ids, 3), input_ids)   # [MASK] = 3
        if full_logits:
            out = self.generator(input_ids=generator_ids, attention_mask=attention_mask, labels=mlm_labels)
            mlm_loss, masked_logits = out.loss, out.logits[mask_positions]
        else:   # the vocabulary projection at the masked rows only (same loss)
            hidden = self.generator.deberta(input_ids=generator_ids, attention_mask=attention_mask)[0]
            masked_logits = self.generator.cls(hidden[mask_positions])
            mlm_loss = F.cross_entropy(masked_logits, input_ids[mask_positions])
        with torch.no_grad():
            sampled = torch.multinomial(F.softmax(masked_logits.float(), dim=-1), 1).squeeze(-1)
        discriminator_ids = input_ids.clone()
        discriminator_ids[mask_positions] = sampled
        rtd_labels = (discriminator_ids != input_ids).float()
        e_d = self.generator.deberta.embeddings.word_embeddings.weight.detach() + self.delta
        embeds = F.embedding(discriminator_ids, e_d, padding_idx=0)
        hidden = self.discriminator(inputs_embeds=embeds, attention_mask=attention_mask)[0]
        logits = self.dense_prediction(self.act(self.dense(hidden))).squeeze(-1)
        active = attention_mask == 1
        rtd_loss = F.binary_cross_entropy_with_logits(logits[active], rtd_labels[active])
        return mlm_loss + 50 * rtd_loss


def main():
    global VOCAB
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--step", default="rtd", choices=["rtd", "classification"])
    p.add_argument("--shapes", default="xsmall,h256l6")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--full-logits", action="store_true")
    p.add_argument("--vocab", type=int, default=VOCAB)
    a = p.parse_args()
    VOCAB = a.vocab
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    print(f"PyTorch {torch.__version__} {a.step} step, {a.batch} x {a.seq}, {a.threads} thread(s), "
          f"median of {a.runs} steps after {a.warmup} warm-up")
    print("| shape | params | median s/step | tokens/s | peak RSS MiB (process so far) |\n|---|---|---|---|---|")
    for shape in a.shapes.split(","):
        model = (RtdModel if a.step == "rtd" else Classifier)(shape).train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
        g = torch.Generator().manual_seed(42)
        input_ids = torch.randint(5, VOCAB, (a.batch, a.seq), generator=g)
        input_ids[:, 0], input_ids[:, -1] = 1, 2   # [CLS], [SEP]
        attention_mask = torch.ones_like(input_ids)
        mask_positions = torch.rand(a.batch, a.seq, generator=g) < 0.15
        mask_positions[:, 0] = mask_positions[:, -1] = False
        times = []
        for i in range(a.warmup + a.runs):
            t0 = time.perf_counter()
            optimizer.zero_grad(set_to_none=False)
            model(input_ids, attention_mask, mask_positions, a.full_logits).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            if i >= a.warmup:
                times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        params = sum(t.numel() for t in model.parameters())
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {shape}{'' if VOCAB == 64100 else f' (vocab {VOCAB})'} | {params:,} | {median:.3f} | {a.batch * a.seq / median:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
