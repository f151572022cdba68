/**
 * Training tokenizers from a corpus: WordPiece, Unigram and BPE trainers (docs/tokenizer-training.md).
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.tokenizer.training;
