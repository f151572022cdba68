package dev.deberta4j.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.tokenizer.TokenizerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tokenization throughput on 2,000 Korean movie reviews (NSMC): deberta4j's pure-Java tokenizer against Hugging
 * Face's Rust tokenizer through DJL, in the same JVM, single-threaded and as a batch on all cores.
 * One operation = encoding the whole sample; tokens/s = ops/s x the token count printed at setup.
 * Run: {@code bin/bench TokenizerBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TokenizerBenchmark {
    private static final String RESOURCES = "/dev/deberta4j/bench/tokenizer/";

    @Param({"ko-unigram-8k", "koelectra-v1-wordpiece"})
    public String tokenizer;

    private Tokenizer ours;
    private HuggingFaceTokenizer djl;
    private List<String> texts;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path work = Files.createTempDirectory("deberta4j-bench");
        if (System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", work.resolve("djl-cache").toString());
        }
        Path json = work.resolve("tokenizer.json");
        try (InputStream in = resource(tokenizer + ".json")) {
            Files.copy(in, json);
        }
        try (InputStream in = resource("nsmc-sample.txt")) {
            texts = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        ours = Tokenizer.fromTokenizerJson(json, TokenizerConfig.defaults());
        djl = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(true).optTruncation(false)
                .optPadding(false).build();
        long tokens = 0;
        for (String t : texts) {
            Encoding e = ours.encode(t);
            if (!Arrays.equals(Arrays.stream(djl.encode(t).getIds()).mapToInt(x -> (int) x).toArray(), e.ids())) {
                throw new IllegalStateException("deberta4j and DJL disagree on: " + t);
            }
            tokens += e.length();
        }
        System.out.printf("%n[%s] %d texts, %d tokens per operation%n", tokenizer, texts.size(), tokens);
    }

    private static InputStream resource(String name) {
        InputStream in = TokenizerBenchmark.class.getResourceAsStream(RESOURCES + name);
        if (in == null) throw new UncheckedIOException(new IOException("missing bench resource " + name));
        return in;
    }

    @TearDown(Level.Trial)
    public void tearDown() { djl.close(); }

    @Benchmark
    public long deberta4jSingleThread() {
        long n = 0;
        for (String t : texts) n += ours.encode(t).length();
        return n;
    }

    @Benchmark
    public long djlRustSingleThread() {
        long n = 0;
        for (String t : texts) n += djl.encode(t).getIds().length;
        return n;
    }

    @Benchmark
    public long deberta4jBatch() {
        long n = 0;
        for (Encoding e : ours.encodeBatch(texts, null, EncodeOptions.defaults())) n += e.length();
        return n;
    }

    @Benchmark
    public long djlRustBatch() {
        long n = 0;
        for (ai.djl.huggingface.tokenizers.Encoding e : djl.batchEncode(texts)) n += e.getIds().length;
        return n;
    }
}
