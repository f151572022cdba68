package dev.deberta4j.corpus;

import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Tokenises a {@link TextCorpus} into a {@link TokenCache}, or reuses the cache already there when it was built
 * from the same corpus content, tokenizer files and sequence length (the cache's key, a SHA-256 over all three).
 * Documents are encoded in batches in parallel (without special tokens) and packed by {@link SequencePacker};
 * the heap holds one batch of documents at a time.
 */
public final class CorpusTokenization {
    /** The files {@link Tokenizer#load} reads from a directory; their bytes key the cache. */
    private static final List<String> TOKENIZER_FILES = Tokenizer.FILES;
    /** Characters of text per encoded batch: bounds the heap, and big enough to keep every core busy. */
    private static final int BATCH_CHARS = 1 << 20;

    private CorpusTokenization() {
    }

    /** What the caller hears while a cache is checked or built. */
    public interface Listener {
        /** The cache at the path is reused. */
        default void reused(TokenCache cache) {
        }

        /** The cache there is not usable ({@code why}) and is rebuilt. */
        default void rebuilding(Path file, String why) {
        }

        /** Tokenising starts: progress comes in stored corpus bytes out of {@code totalBytes}. */
        default void tokenizing(long totalBytes) {
        }

        default void progress(long bytesRead) {
        }

        default void built(TokenCache cache, long documents, long tokens) {
        }
    }

    /** The key of a cache: corpus content, tokenizer files and sequence length. */
    public static byte[] key(TextCorpus corpus, Path tokenizerDir, int seqLength) {
        MessageDigest d = sha256();
        d.update(("deberta4j token cache v" + TokenCache.VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(("corpus " + corpus.contentDigest() + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(("tokenizer " + tokenizerDigest(tokenizerDir) + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(("max_seq_length " + seqLength + "\n").getBytes(StandardCharsets.UTF_8));
        return d.digest();
    }

    /**
     * The cache at {@code file} if its key matches, else a freshly built one written there (atomically). A cache
     * that is truncated or corrupt is reported to the listener and rebuilt.
     */
    public static TokenCache openOrBuild(Path file, TextCorpus corpus, Tokenizer tokenizer, Path tokenizerDir,
                                         int seqLength, Listener listener) {
        byte[] key = key(corpus, tokenizerDir, seqLength);
        if (Files.exists(file)) {
            try {
                TokenCache cache = TokenCache.open(file);
                if (java.util.Arrays.equals(cache.header().key(), key)) {
                    listener.reused(cache);
                    return cache;
                }
                cache.close();
                listener.rebuilding(file, "built from another corpus, tokenizer or sequence length");
            } catch (CorpusException e) {
                listener.rebuilding(file, e.getMessage());
            }
        }
        build(file, corpus, tokenizer, seqLength, key, listener);
        return TokenCache.open(file);
    }

    /** Tokenises and packs the corpus into a new cache file at {@code file}, replacing what was there. */
    static void build(Path file, TextCorpus corpus, Tokenizer tokenizer, int seqLength, byte[] key,
                      Listener listener) {
        int cls = required(tokenizer, tokenizer.clsId(), "[CLS] (cls_token)");
        int sep = required(tokenizer, tokenizer.sepId(), "[SEP] (sep_token)");
        int pad = required(tokenizer, tokenizer.padId(), "[PAD] (pad_token)");
        EncodeOptions plain = EncodeOptions.defaults().withAddSpecialTokens(false);
        listener.tokenizing(corpus.sizeOnDisk());
        try (TokenCache.Writer writer = new TokenCache.Writer(file, tokenizer.vocabSize(), seqLength, pad, key)) {
            SequencePacker packer = new SequencePacker(seqLength, cls, sep, pad, (tokens, filled) -> {
                try {
                    writer.write(tokens);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long[] counts = new long[2];   // documents, tokens
            List<String> batch = new ArrayList<>();
            int[] chars = {0};
            corpus.forEachDocument((f, line, text) -> {
                batch.add(text);
                chars[0] += text.length();
                if (chars[0] >= BATCH_CHARS) {
                    counts[1] += encodeInto(tokenizer, plain, batch, packer);
                    counts[0] += batch.size();
                    batch.clear();
                    chars[0] = 0;
                }
            }, listener::progress);
            counts[1] += encodeInto(tokenizer, plain, batch, packer);
            counts[0] += batch.size();
            packer.finish();
            if (writer.sequences() == 0) throw new CorpusException("the corpus " + corpus.files() + " holds no text");
            writer.commit();
            listener.progress(corpus.sizeOnDisk());
            try (TokenCache built = TokenCache.open(file)) {
                listener.built(built, counts[0], counts[1]);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CorpusException(file + ": cannot write the token cache: " + e.getMessage(), e);
        }
    }

    private static long encodeInto(Tokenizer tokenizer, EncodeOptions options, List<String> texts,
                                   SequencePacker packer) {
        if (texts.isEmpty()) return 0;
        long tokens = 0;
        for (Encoding e : tokenizer.encodeBatch(texts, null, options)) {
            packer.addDocument(e.ids());
            tokens += e.ids().length;
        }
        return tokens;
    }

    private static int required(Tokenizer tokenizer, int id, String what) {
        if (id < 0) throw new IllegalArgumentException("the tokenizer has no " + what + " token, needed to pack sequences");
        return id;
    }

    /** SHA-256 over the tokenizer files present (name and bytes), or the single tokenizer file given. */
    static String tokenizerDigest(Path dirOrFile) {
        MessageDigest d = sha256();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dirOrFile)) {
            for (String name : TOKENIZER_FILES) {
                if (Files.isRegularFile(dirOrFile.resolve(name))) files.add(dirOrFile.resolve(name));
            }
        } else {
            files.add(dirOrFile);
        }
        byte[] buffer = new byte[1 << 16];
        for (Path f : files) {
            d.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buffer)) > 0; ) d.update(ByteBuffer.wrap(buffer, 0, n));
            } catch (IOException e) {
                throw new CorpusException(f + ": cannot read: " + e.getMessage(), e);
            }
        }
        return java.util.HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
