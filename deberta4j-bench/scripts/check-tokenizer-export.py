#!/usr/bin/env python3
"""Does every way of loading a tokenizer directory give the ids deberta4j gives?

The reference is deberta4j's tokenizer on the directory (tokenizer.json first): a model pre-trained or fine-tuned by
deberta4j saw those ids. Against it, for every text:
  java-spm      deberta4j on the directory's spm.model alone (the pure-Java SentencePiece route)
  rust          the Rust `tokenizers` library on tokenizer.json
  auto-fast     transformers' AutoTokenizer.from_pretrained(dir)              (the class tokenizer_config.json names)
  auto-slow     transformers' AutoTokenizer.from_pretrained(dir, use_fast=False)
  sentencepiece the `sentencepiece` library on spm.model, plus [CLS]/[SEP] (what a user of spm.model alone gets)
Routes whose library is missing are skipped. Texts: built-in probes, one per class of text where normalizers
disagree (compatibility jamo, decomposed Hangul, full-width, emoji, whitespace, ...), plus --nsmc reviews and
--texts files (one text per line). Prints per route the texts that differ, grouped by probe class or, for
file texts, by the kinds of characters in them, with a few examples. Exit status 1 when a route in --require
differs. Run from the project root after `mvn -q -DskipTests package` (bin/deberta4j needs JAVA_HOME = JDK 25):
  python3 deberta4j-bench/scripts/check-tokenizer-export.py models/ko-deberta-v3-h256l6/discriminator \
      --nsmc ../shared/data/nsmc/ratings_test.txt.gz --require java-spm,rust,auto-fast,auto-slow
"""
import argparse
import collections
import gzip
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

NFD = unicodedata.normalize("NFD", "이 영화 정말 재밌어요")
PROBES = [
    ("compat-jamo", ["ㅠㅠ", "ㅋㅋㅋ", "ㅎㅎ", "ㅜㅜ", "ㄱㄱ", "ㅇㅇ 맞아", "재밌다ㅋㅋㅋ", "ㅠㅠ 너무 슬퍼요ㅠ", "ㄹㅇ 꿀잼"]),
    ("halfwidth-jamo", ["ﾾﾾ", "ﾡﾡ 웃겨"]),
    ("conjoining-jamo", [NFD, "ᄒᄒ", "ᅲᅲ", unicodedata.normalize("NFD", "한국어")]),
    ("full-width", ["ＡＢＣ１２３！", "ｈｅｌｌｏ ｗｏｒｌｄ", "１０점 만점에 １０점", "（웃음）"]),
    ("compatibility", ["㈜삼성", "36.5℃", "① ② ③", "ﬁne", "™", "5㎏", "Å", "豈", "ｶﾀｶﾅ", "½", "x²"]),
    ("combining", ["e\u0301", "cafe\u0301", "a\u0308"]),
    ("emoji", ["😂😂", "👍🏻 최고", "❤️", "👨‍👩‍👧", "🇰🇷", "★★★★☆", "♡♡"]),
    ("whitespace", [" 앞 공백", "뒤 공백 ", "여러   공백", "탭\t문자", "\t앞탭", "뒤탭\t", "nbsp\u00a0안", "\u00a0앞nbsp",
                    "뒤nbsp\u00a0", "두\u00a0\u00a0nbsp", "전각\u3000공백", "\u3000앞전각", "얇은\u2009공백",
                    "제로\u200b폭", "줄\n바꿈", "섞인 \u00a0 공백"]),
    ("control", ["a\u0001b", "a\u007fb", "\ufeff앞BOM"]),
    ("special-text", ["[MASK] 영화", "이 영화 [MASK]", "[CLS]", "[UNK]", "<s>"]),
    ("plain", ["이 영화 정말 재밌어요", "대한민국의 수도는 서울이다.", "The quick brown fox, 1,234 times!", "I'm FINE."]),
]
ROUTES = ["java-spm", "rust", "auto-fast", "auto-slow", "sentencepiece"]


def nsmc_texts(path, limit):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)
        rows = [line.rstrip("\n").split("\t") for line in f]
    texts = [r[1] for r in rows if len(r) == 3 and r[1].strip()]
    return texts[:limit] if limit else texts


def deberta4j_ids(source, texts, work):
    inp = os.path.join(work, "in.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    out = subprocess.run(["bin/deberta4j", "tokenize", "--tokenizer", source, "--input", inp],
                         capture_output=True, text=True, encoding="utf-8")
    if out.returncode != 0:
        sys.exit(f"bin/deberta4j tokenize --tokenizer {source}: {out.stderr.strip().splitlines()[-1:]}")
    return [json.loads(line)["input_ids"] for line in out.stdout.splitlines()]


def routes(model_dir, texts, work):
    """name -> (description, ids per text); the routes whose library or file is missing are left out."""
    out = {}
    spm_file = os.path.join(model_dir, "spm.model")
    if os.path.isfile(spm_file):
        out["java-spm"] = ("deberta4j on spm.model", deberta4j_ids(spm_file, texts, work))
    try:
        import tokenizers
        tok = tokenizers.Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        out["rust"] = (f"tokenizers {tokenizers.__version__}", [e.ids for e in tok.encode_batch(texts)])
    except ImportError:
        pass
    try:
        import transformers
        for name, kw in (("auto-fast", {}), ("auto-slow", {"use_fast": False})):
            tok = transformers.AutoTokenizer.from_pretrained(model_dir, **kw)
            out[name] = (f"transformers {transformers.__version__} {type(tok).__name__}",
                         [tok(t)["input_ids"] for t in texts])
    except ImportError:
        pass
    try:
        import sentencepiece
        if os.path.isfile(spm_file):
            sp = sentencepiece.SentencePieceProcessor(model_file=spm_file)
            cls, sep = sp.piece_to_id("[CLS]"), sp.piece_to_id("[SEP]")
            out["sentencepiece"] = (f"sentencepiece {sentencepiece.__version__} + [CLS]/[SEP]",
                                    [[cls] + sp.encode(t) + [sep] for t in texts])
    except ImportError:
        pass
    return out


def kinds(text):
    """The kinds of characters in a text that normalizers treat differently."""
    k = set()
    for c in text:
        o = ord(c)
        if 0x3131 <= o <= 0x318E:
            k.add("compat-jamo")
        elif 0x1100 <= o <= 0x11FF or 0xA960 <= o <= 0xA97F or 0xD7B0 <= o <= 0xD7FF:
            k.add("conjoining-jamo")
        elif 0xFF00 <= o <= 0xFFEF:
            k.add("full/halfwidth")
        elif c.isspace() and c != " ":
            k.add(f"whitespace U+{o:04X}")
        elif unicodedata.category(c) in ("Cc", "Cf"):
            k.add(f"control U+{o:04X}")
        elif unicodedata.category(c) == "So" or o >= 0x1F000:
            k.add("symbol/emoji")
        elif unicodedata.normalize("NFKC", c) != c:
            k.add("compatibility")
    if unicodedata.normalize("NFC", text) != text:
        k.add("NFC-changes")
    if "  " in text or text != text.strip():
        k.add("space runs/edges")
    return ",".join(sorted(k)) or "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("--nsmc", help="NSMC ratings_*.txt.gz: its reviews are texts too")
    ap.add_argument("--nsmc-limit", type=int, default=0, help="only the first N reviews (0: all)")
    ap.add_argument("--texts", action="append", default=[], help="a file of texts, one a line")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--require", default="", help="comma-separated routes that must agree on every text")
    a = ap.parse_args()

    labelled = [(label, t) for label, ts in PROBES for t in ts]
    if a.nsmc:
        labelled += [(None, t) for t in nsmc_texts(a.nsmc, a.nsmc_limit)]
    for path in a.texts:
        with open(path, encoding="utf-8") as f:
            labelled += [(None, line.rstrip("\n")) for line in f if line.strip()]
    texts = [t for _, t in labelled]
    with tempfile.TemporaryDirectory() as work:
        reference = deberta4j_ids(a.model_dir, texts, work)
        found = routes(a.model_dir, texts, work)
    print(f"{a.model_dir}: {len(texts)} texts ({sum(1 for l, _ in labelled if l)} probes); reference: deberta4j "
          f"on the directory ({'tokenizer.json' if os.path.isfile(os.path.join(a.model_dir, 'tokenizer.json')) else 'spm.model'})")
    failed = []
    for name in ROUTES:
        if name not in found:
            print(f"  {name:13s} skipped (library or file missing)")
            continue
        desc, ids = found[name]
        bad = [i for i in range(len(texts)) if ids[i] != reference[i]]
        print(f"  {name:13s} {desc}: {len(texts) - len(bad)}/{len(texts)} identical")
        groups = collections.OrderedDict()
        for i in bad:
            label = labelled[i][0]
            groups.setdefault(f"probe {label}" if label else f"text with {kinds(texts[i])}", []).append(i)
        for g, idx in groups.items():
            print(f"      {len(idx):5d}  {g}")
            for i in idx[:a.examples]:
                print(f"             {texts[i][:60]!r}: ours {reference[i][:12]} theirs {ids[i][:12]}")
        if bad and name in a.require.split(","):
            failed.append(name)
    if failed:
        print(f"FAIL: {', '.join(failed)} differ from deberta4j")
        sys.exit(1)


if __name__ == "__main__":
    main()
