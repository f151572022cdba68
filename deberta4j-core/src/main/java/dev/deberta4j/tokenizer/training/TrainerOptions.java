package dev.deberta4j.tokenizer.training;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What to train. The vocabulary layout (DeBERTa-V3's): {@code [PAD]} 0, {@code [CLS]} 1, {@code [SEP]} 2,
 * {@code [UNK]} 3, then the extra special tokens, then the learned vocabulary, and {@code [MASK]} last (or at
 * id 4, before the extras, with {@code maskLast = false}). {@code vocabSize} counts every entry, specials included.
 *
 * @param minFrequency   WordPiece/BPE: a pair merges only if seen this often; Unigram: a seed substring must occur
 *                       this often (at least 2, as SentencePiece's suffix array sees only repeats)
 * @param limitAlphabet  at most this many distinct chars (the most frequent); {@code <= 0}: every char seen
 *                       (byte-level BPE always has its 256 bytes)
 * @param maxPieceLength longest learned piece in chars (Unigram; SentencePiece's default 16)
 * @param maxWords       cap on the distinct words held while counting (see {@link WordCounter})
 */
public record TrainerOptions(Algorithm algorithm, int vocabSize, long minFrequency, int limitAlphabet,
                             List<String> extraSpecialTokens, boolean maskLast, int maxPieceLength, int threads,
                             int maxWords) {
    public static final String PAD = "[PAD]";
    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String UNK = "[UNK]";
    public static final String MASK = "[MASK]";
    public static final int DEFAULT_MAX_WORDS = 4_000_000;

    /** The three trainers. */
    public enum Algorithm {
        WORDPIECE, UNIGRAM, BPE;

        public static Algorithm parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "wordpiece" -> WORDPIECE;
                case "unigram" -> UNIGRAM;
                case "bpe" -> BPE;
                default -> throw new IllegalArgumentException("--model: expected wordpiece, unigram or bpe, found '" + name + "'");
            };
        }
    }

    public TrainerOptions {
        extraSpecialTokens = List.copyOf(extraSpecialTokens);
        if (vocabSize < 1) throw new IllegalArgumentException("--vocab-size: expected a positive size, found " + vocabSize);
        if (minFrequency < 0) throw new IllegalArgumentException("--min-frequency: expected >= 0, found " + minFrequency);
        if (maxPieceLength < 1) {
            throw new IllegalArgumentException("--max-piece-length: expected >= 1, found " + maxPieceLength);
        }
        if (threads < 1) throw new IllegalArgumentException("--threads: expected >= 1, found " + threads);
        if (maxWords < 16) throw new IllegalArgumentException("max words: expected >= 16, found " + maxWords);
        LinkedHashSet<String> all = new LinkedHashSet<>(List.of(PAD, CLS, SEP, UNK, MASK));
        for (String s : extraSpecialTokens) {
            if (s.isEmpty()) throw new IllegalArgumentException("--special-tokens: an empty token");
            if (!all.add(s)) throw new IllegalArgumentException("--special-tokens: '" + s + "' is given twice or is built in");
        }
        if (vocabSize <= all.size()) {
            throw new IllegalArgumentException("--vocab-size: " + vocabSize + " leaves no room after the " + all.size()
                    + " special tokens");
        }
    }

    /** Defaults for one algorithm: min frequency 2, every char, [MASK] last, pieces up to 16 chars, one thread. */
    public static TrainerOptions defaults(Algorithm algorithm, int vocabSize) {
        return new TrainerOptions(algorithm, vocabSize, 2, 0, List.of(), true, 16, 1, DEFAULT_MAX_WORDS);
    }

    public TrainerOptions withThreads(int t) {
        return new TrainerOptions(algorithm, vocabSize, minFrequency, limitAlphabet, extraSpecialTokens, maskLast,
                maxPieceLength, t, maxWords);
    }

    /** The special tokens before the learned vocabulary, in id order. */
    public List<String> leadingSpecials() {
        List<String> out = new ArrayList<>(List.of(PAD, CLS, SEP, UNK));
        if (!maskLast) out.add(MASK);
        out.addAll(extraSpecialTokens);
        return out;
    }

    /** Every special token, in id order. */
    public List<String> specials() {
        List<String> out = leadingSpecials();
        if (maskLast) out.add(MASK);
        return out;
    }

    /** Entries the trainer learns: the size minus a trailing [MASK]. */
    int learnedSizeWithLeading() {
        return maskLast ? vocabSize - 1 : vocabSize;
    }
}
