/**
 * Hugging Face-exact tokenization in pure Java.
 *
 * <p>{@link dev.deberta4j.tokenizer.Tokenizer} loads a {@code tokenizer.json} (Unigram, WordPiece or BPE with the
 * usual normalizers, pre-tokenizers, post-processors and decoders), a SentencePiece {@code spm.model} (converted
 * the way transformers' {@code DebertaV2Converter} does), an XLM-R {@code sentencepiece.bpe.model}
 * ({@code XLMRobertaConverter}) or a BERT {@code vocab.txt} ({@code BertConverter});
 * {@link dev.deberta4j.tokenizer.TokenizerJsonWriter} writes these conversions out. It encodes id-for-id and offset-for-offset like the Rust {@code tokenizers} library 0.21.
 *
 * <p>The pipeline mirrors the Rust one: added tokens are cut out of the raw text first, each remaining piece is
 * normalized ({@code NormalizedText} keeps per-char alignment to the original, including the Rust alignment quirks),
 * pre-tokenized into words, tokenized by the model, then truncated, wrapped with special tokens and padded.
 * Offsets are Unicode code points of the original text. Character classes that the Rust side takes from an older
 * Unicode table (BERT control, punctuation and non-spacing marks) ship as measured data in {@code bert-char-classes.txt}.
 *
 * <p>All types are immutable and thread-safe; per-call state lives on the stack of the encoding thread.
 *
 * <p><b>API</b> (README, "Java API").
 */
package dev.deberta4j.tokenizer;
