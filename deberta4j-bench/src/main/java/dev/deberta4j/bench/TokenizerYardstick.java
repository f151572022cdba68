package dev.deberta4j.bench;

import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compression and coverage of trained tokenizers on held-out text: tokens per char (special tokens not counted),
 * the share of [UNK] tokens, and the vocabulary overlap with the first tokenizer. Not a timing.
 * {@code java -cp benchmarks.jar dev.deberta4j.bench.TokenizerYardstick TEXT SKIP LIMIT TOKENIZER_DIR...}: the
 * documents of TEXT (file or directory, .gz allowed) after the first SKIP, at most LIMIT of them; the NSMC TSV
 * (id, document, label) is read as its document column.
 */
public final class TokenizerYardstick {
    private TokenizerYardstick() {}

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: TokenizerYardstick TEXT SKIP LIMIT TOKENIZER_DIR...");
            System.exit(2);
        }
        long skip = Long.parseLong(args[1]);
        long limit = Long.parseLong(args[2]);
        List<String> texts = new ArrayList<>();
        long[] seen = {0};
        TextCorpus.of(List.of(Path.of(args[0]))).forEachDocument((file, line, text) -> {
            if (file.getFileName().toString().startsWith("ratings_")) {
                if (line == 1) return;
                String[] cols = text.split("\t", -1);
                if (cols.length < 3 || cols[1].isBlank()) return;
                text = cols[1];
            }
            if (seen[0]++ >= skip && texts.size() < limit) texts.add(text);
        });
        long chars = 0;
        for (String t : texts) chars += t.codePointCount(0, t.length());
        System.out.printf(Locale.ROOT, "%s: %,d documents, %,d chars%n", args[0], texts.size(), chars);
        EncodeOptions plain = EncodeOptions.defaults().withAddSpecialTokens(false);
        Set<String> first = null;
        for (int a = 3; a < args.length; a++) {
            Tokenizer tok = Tokenizer.load(Path.of(args[a]));
            int unk = tok.unkId();
            long tokens = 0;
            long unknown = 0;
            for (Encoding e : tok.encodeBatch(texts, null, plain)) {
                tokens += e.ids().length;
                for (int id : e.ids()) if (id == unk) unknown++;
            }
            Set<String> vocab = new HashSet<>();
            for (int id = 0; id < tok.vocabSize(); id++) {
                String t = tok.idToToken(id);
                if (t != null) vocab.add(t);
            }
            String overlap = "";
            if (first == null) {
                first = vocab;
            } else {
                Set<String> both = new HashSet<>(vocab);
                both.retainAll(first);
                overlap = String.format(Locale.ROOT, ", overlap with the first %,d (%.1f%%)", both.size(),
                        100.0 * both.size() / Math.max(vocab.size(), first.size()));
            }
            System.out.printf(Locale.ROOT, "  %-40s vocab %,d: %.4f tokens/char, [UNK] %.4f%% of tokens%s%n", args[a],
                    vocab.size(), (double) tokens / chars, 100.0 * unknown / Math.max(1, tokens), overlap);
        }
    }
}
