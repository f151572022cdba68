package dev.deberta4j.bench;

import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.pipeline.Embedder;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.Pooling;
import dev.deberta4j.pipeline.TextClassifier;
import dev.deberta4j.tokenizer.Tokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Texts per second of the embed and classify pipelines (tokenize, length-sorted micro-batches, forward, pooling or
 * softmax) over the first {@code texts} NSMC test reviews, with and without length sorting. One shot per
 * iteration: the score is seconds for all texts; texts/s = texts / score. Random weights of the card's shape with
 * the ko-unigram-8k tokenizer (vocab 8000). Example:
 * {@code bin/bench PipelineThroughput -p texts=10000 -p shape=xsmall}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PipelineThroughputBenchmark {
    @Param({"base"})
    public String shape;

    @Param({"1000"})
    public int texts;

    @Param({"true", "false"})
    public boolean sortByLength;

    @Param({"32"})
    public int batchSize;

    /** NSMC's ratings_test.txt(.gz): id, document, label, tab-separated, with a header line. */
    @Param({"../shared/data/nsmc/ratings_test.txt.gz"})
    public String nsmc;

    @Param({"deberta4j-core/src/test/resources/tokenizers/ko-unigram-8k"})
    public String tokenizer;

    private List<String> reviews;
    private Embedder embedder;
    private TextClassifier classifier;

    @Setup
    public void setUp() {
        reviews = readReviews(Path.of(nsmc), texts);
        Tokenizer tok = Tokenizer.load(Path.of(tokenizer));
        System.out.println(paddingReport(tok, reviews, batchSize));
        var config = ModelShapes.byName(shape).with(Map.of("vocab_size", tok.vocabSize()));
        PipelineOptions options = PipelineOptions.defaults().withBatchSize(batchSize).withSortByLength(sortByLength);
        embedder = new Embedder(new PipelineModel(DebertaModel.randomlyInitialised(config, HeadType.BASE, 1), tok),
                options, Pooling.MEAN, true);
        classifier = new TextClassifier(new PipelineModel(
                DebertaModel.randomlyInitialised(config, HeadType.SEQUENCE_CLASSIFICATION, 1), tok), options);
    }

    @Benchmark
    public float[][] embed() {
        return embedder.embed(reviews);
    }

    @Benchmark
    public Object classify() {
        return classifier.classify(reviews, 1);
    }

    /** Tokens the forward passes see with and without length sorting: the work sorting saves, free of timing noise. */
    static String paddingReport(Tokenizer tok, List<String> texts, int batchSize) {
        int[] lengths = tok.encodeBatch(texts).stream().mapToInt(e -> e.length()).toArray();
        long real = java.util.Arrays.stream(lengths).sum();
        long unsorted = paddedTokens(lengths, batchSize);
        int[] sorted = lengths.clone();
        java.util.Arrays.sort(sorted);
        long inOrder = paddedTokens(sorted, batchSize);
        return String.format(java.util.Locale.ROOT, "%d texts: %d tokens (mean %.1f, max %d); padded to batches of %d: "
                        + "%d tokens in file order, %d length-sorted (%.2fx fewer)", texts.size(), real,
                (double) real / texts.size(), sorted[sorted.length - 1], batchSize, unsorted, inOrder,
                (double) unsorted / inOrder);
    }

    private static long paddedTokens(int[] lengths, int batchSize) {
        long total = 0;
        for (int from = 0; from < lengths.length; from += batchSize) {
            int max = 0;
            int to = Math.min(lengths.length, from + batchSize);
            for (int i = from; i < to; i++) max = Math.max(max, lengths[i]);
            total += (long) max * (to - from);
        }
        return total;
    }

    static List<String> readReviews(Path file, int count) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file.toAbsolutePath() + ": NSMC ratings_test.txt.gz not found (-p nsmc=PATH)");
        }
        List<String> out = new ArrayList<>(count);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(file.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file), StandardCharsets.UTF_8))) {
            r.readLine();   // header
            String line;
            while (out.size() < count && (line = r.readLine()) != null) {
                String[] cols = line.split("\t", -1);
                if (cols.length == 3 && !cols[1].isBlank()) out.add(cols[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (out.size() < count) throw new IllegalArgumentException(file + ": only " + out.size() + " reviews, " + count + " asked");
        return out;
    }
}
