package dev.deberta4j.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The Rust Hugging Face tokenizers library through DJL's JNI binding: the oracle of the parity tests. */
public final class DjlOracle implements AutoCloseable {
    static {
        // Keep DJL's extracted native library under target/, away from the user's home.
        if (System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", Path.of("target/djl-cache").toAbsolutePath().toString());
        }
    }

    private final HuggingFaceTokenizer tokenizer;

    /** {@code truncation}: "false", "longest_first", "only_first" or "only_second". */
    public DjlOracle(Path tokenizerJson, String truncation, int maxLength, int stride) {
        try {
            HuggingFaceTokenizer.Builder b = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true).optPadding(false);
            switch (truncation) {
                case "false" -> b.optTruncation(false);
                case "longest_first" -> b.optTruncation(true);
                case "only_first" -> b.optTruncateFirstOnly();
                case "only_second" -> b.optTruncateSecondOnly();
                default -> throw new IllegalArgumentException(truncation);
            }
            if (!truncation.equals("false")) b.optMaxLength(maxLength).optStride(stride);
            tokenizer = b.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The oracle's encoding converted to ours (overflowing windows not compared). */
    public Encoding encode(String text, String pair) {
        ai.djl.huggingface.tokenizers.Encoding e = pair == null ? tokenizer.encode(text) : tokenizer.encode(text, pair);
        int n = e.getIds().length;
        int[] offsets = new int[2 * n];
        CharSpan[] spans = e.getCharTokenSpans();
        for (int i = 0; i < n; i++) {
            CharSpan s = spans[i];
            offsets[2 * i] = s == null ? 0 : s.getStart();
            offsets[2 * i + 1] = s == null ? 0 : s.getEnd();
        }
        return new Encoding(ints(e.getIds()), e.getTokens(), offsets, ints(e.getAttentionMask()), ints(e.getTypeIds()),
                ints(e.getSpecialTokenMask()), ints(e.getWordIds()), java.util.List.of());
    }

    public String decode(int[] ids, boolean skipSpecial) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = ids[i];
        return tokenizer.decode(l, skipSpecial);
    }

    private static int[] ints(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }

    @Override public void close() { tokenizer.close(); }
}
