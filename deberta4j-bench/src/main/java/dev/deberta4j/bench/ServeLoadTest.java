package dev.deberta4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.TextClassifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load test of a running {@code deberta4j serve} over loopback, bounded in time and count.
 * <ol>
 * <li>Correctness under load: {@code --clients} concurrent clients send {@code --requests} /predict requests (single
 * texts and batches of up to 4), and every answer is compared with the offline {@link TextClassifier}'s answer for
 * its own texts: none lost, none swapped (a 429 is retried and counted).</li>
 * <li>Throughput and p50/p99 latency with 1, 8 and 64 closed-loop clients ({@code --seconds} each).</li>
 * <li>Overload: requests opened at twice the best measured rate for {@code --overload-seconds}: 429s counted,
 * p50/p99 of the accepted ones, the server's RSS (from /proc, {@code --pid}) at the start, middle and end.</li>
 * </ol>
 * {@code java -cp benchmarks.jar dev.deberta4j.bench.ServeLoadTest --url http://127.0.0.1:8080 --model DIR
 * [--pid PID] [--seconds 30] [--overload-seconds 60] [--clients 32] [--requests 2000] [--concurrency 1,8,64]}
 * ({@code --seconds 0}: the correctness phase only)
 */
public final class ServeLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SUBJECTS = {"이 영화", "배우들 연기", "스토리", "음악", "결말", "감독의 연출", "이 드라마", "주인공"};
    private static final String[] VERDICTS = {"정말 재밌어요", "최악이에요", "지루하고 뻔했다", "감동적이었다", "돈이 아깝다",
            "다시 보고 싶다", "별로였어요", "기대 이상이었다", "시간 낭비였다", "강력 추천합니다"};

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final URI predict;
    private final long pid;

    private ServeLoadTest(String url, long pid) {
        this.predict = URI.create(url + "/predict");
        this.pid = pid;
    }

    /** Varied Korean review sentences, 1 to 12 clauses long (about 5 to 90 tokens). */
    static List<String> texts(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int clauses = 1 + (r.nextInt(4) == 0 ? r.nextInt(12) : r.nextInt(3));
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < clauses; c++) {
                if (c > 0) s.append(r.nextBoolean() ? " 그리고 " : ". ");
                s.append(SUBJECTS[r.nextInt(SUBJECTS.length)]).append("은 ").append(VERDICTS[r.nextInt(VERDICTS.length)]);
            }
            out.add(s.append(" #").append(i).toString());   // the number makes every text (and its answer) distinct
        }
        return out;
    }

    private record Reply(int status, String body, long nanos) {
    }

    private Reply post(String body) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), System.nanoTime() - t0);
    }

    private static String single(String text) throws IOException {
        return JSON.writeValueAsString(Map.of("inputs", text));
    }

    // ---- 1. correctness ----

    private void correctness(List<String> pool, Map<String, List<LabelScore>> expected, int clients, int requests)
            throws InterruptedException {
        LongAdder ok = new LongAdder();
        LongAdder wrong = new LongAdder();
        LongAdder lost = new LongAdder();
        LongAdder retried = new LongAdder();
        AtomicLong next = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                long seed = c;
                ex.submit(() -> {
                    Random r = new Random(seed);
                    while (next.getAndIncrement() < requests) {
                        int n = r.nextInt(3) == 0 ? 1 + r.nextInt(4) : 0;   // 0: a single text, else a batch of n
                        List<String> texts = new ArrayList<>();
                        for (int i = 0; i < Math.max(n, 1); i++) texts.add(pool.get(r.nextInt(pool.size())));
                        try {
                            String body = n == 0 ? single(texts.get(0))
                                    : JSON.writeValueAsString(Map.of("inputs", texts.stream().map(List::of).toList()));
                            Reply reply;
                            while ((reply = post(body)).status() == 429) {
                                retried.increment();
                                Thread.sleep(5);
                            }
                            if (reply.status() != 200) throw new IllegalStateException("HTTP " + reply.status() + ": " + reply.body());
                            JsonNode json = JSON.readTree(reply.body());
                            for (int i = 0; i < texts.size(); i++) {
                                JsonNode labels = n == 0 ? json : json.get(i);
                                if (same(labels, expected.get(texts.get(i)))) ok.increment();
                                else {
                                    wrong.increment();
                                    failures.add(texts.get(i) + " -> " + labels);
                                }
                            }
                        } catch (Exception e) {
                            lost.increment();
                            failures.add(e.toString());
                        }
                    }
                    return null;
                });
            }
        }
        System.out.printf(Locale.ROOT, "correctness: %d clients, %d requests: %d texts answered correctly, %d wrong, "
                + "%d requests lost, %d 429s retried%n", clients, requests, ok.sum(), wrong.sum(), lost.sum(), retried.sum());
        failures.stream().limit(5).forEach(f -> System.out.println("  failure: " + f));
        if (wrong.sum() + lost.sum() > 0) throw new IllegalStateException("correctness under load FAILED");
    }

    private static boolean same(JsonNode labels, List<LabelScore> expected) {
        if (labels == null || labels.size() != expected.size()) return false;
        for (int i = 0; i < expected.size(); i++) {
            if (!labels.get(i).get("label").asText().equals(expected.get(i).label())) return false;
            if (Math.abs(labels.get(i).get("score").asDouble() - expected.get(i).score()) > 1e-4) return false;
        }
        return true;
    }

    // ---- 2. and 3. throughput, latency, overload ----

    private record Stats(String phase, double seconds, long accepted, long refused, long errors, long[] latencies, long rssStart,
                         long rssMid, long rssEnd) {
        double rate() {
            return accepted / seconds;
        }

        double percentile(double p) {
            if (latencies.length == 0) return Double.NaN;
            return latencies[Math.min(latencies.length - 1, (int) Math.ceil(p * latencies.length) - 1)] / 1e6;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %.0f | %d | %.1f | %.1f | %.1f | %d | %d | %s |", phase, seconds,
                    accepted, rate(), percentile(0.5), percentile(0.99), refused, errors,
                    rssStart < 0 ? "-" : (rssStart >> 20) + " / " + (rssMid >> 20) + " / " + (rssEnd >> 20));
        }
    }

    private final class Recorder {
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final LongAdder refused = new LongAdder();
        final LongAdder errors = new LongAdder();

        void send(String body) {
            try {
                Reply r = post(body);
                if (r.status() == 200) latencies.add(r.nanos());
                else if (r.status() == 429) refused.increment();
                else errors.increment();
            } catch (Exception e) {
                errors.increment();
            }
        }

        Stats stats(String phase, double seconds, long rssStart, long rssMid, long rssEnd) {
            long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(l);
            return new Stats(phase, seconds, l.length, refused.sum(), errors.sum(), l, rssStart, rssMid, rssEnd);
        }
    }

    private Stats closedLoop(List<String> bodies, int concurrency, int seconds) throws InterruptedException {
        Recorder rec = new Recorder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long rss0 = rss();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                int offset = c * 7919;
                ex.submit(() -> {
                    for (int i = offset; System.nanoTime() < end; i++) rec.send(bodies.get(i % bodies.size()));
                });
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / 2);
            long rssMid = rss();
            ex.shutdown();
            ex.awaitTermination(seconds + 120, TimeUnit.SECONDS);
            return rec.stats("closed loop, " + concurrency + " clients", seconds, rss0, rssMid, rss());
        }
    }

    private Stats openLoop(List<String> bodies, double rate, int seconds) throws InterruptedException {
        Recorder rec = new Recorder();
        long start = System.nanoTime();
        long total = (long) (rate * seconds);
        long rss0 = rss();
        long rssMid = -1;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                if (rssMid < 0 && i >= total / 2) rssMid = rss();
                String body = bodies.get((int) (i % bodies.size()));
                ex.submit(() -> rec.send(body));
            }
            ex.shutdown();
            ex.awaitTermination(180, TimeUnit.SECONDS);
        }
        return rec.stats(String.format(Locale.ROOT, "open loop at %.0f req/s (2x capacity)", rate), seconds, rss0, rssMid, rss());
    }

    /** The server's resident set size in bytes, -1 without --pid. */
    private long rss() {
        if (pid <= 0) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("--url", "http://127.0.0.1:8080", "--seconds", "30",
                "--overload-seconds", "60", "--clients", "32", "--requests", "2000", "--concurrency", "1,8,64", "--pid", "0"));
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        if (!a.containsKey("--model")) throw new IllegalArgumentException("--model DIR (the model the server runs) is required");
        ServeLoadTest t = new ServeLoadTest(a.get("--url"), Long.parseLong(a.get("--pid")));

        List<String> pool = texts(500, 42);
        TextClassifier offline = new TextClassifier(PipelineModel.load(Path.of(a.get("--model")), HeadType.SEQUENCE_CLASSIFICATION),
                PipelineOptions.defaults());
        int labels = offline.classify(pool.getFirst(), 1000).size();
        List<List<LabelScore>> answers = offline.classify(pool, labels);
        Map<String, List<LabelScore>> expected = new HashMap<>();
        for (int i = 0; i < pool.size(); i++) expected.put(pool.get(i), answers.get(i));
        List<String> bodies = new ArrayList<>();
        for (String s : pool) bodies.add(single(s));

        for (int i = 0; i < 200; i++) t.post(bodies.get(i % bodies.size()));   // warm the server's JIT
        t.correctness(pool, expected, Integer.parseInt(a.get("--clients")), Integer.parseInt(a.get("--requests")));

        List<Stats> rows = new ArrayList<>();
        int seconds = Integer.parseInt(a.get("--seconds"));
        if (seconds == 0) return;   // --seconds 0: the correctness phase only
        for (String c : a.get("--concurrency").split(",")) {
            Stats s = t.closedLoop(bodies, Integer.parseInt(c.trim()), seconds);
            rows.add(s);
            System.out.println(s.row());
        }
        double capacity = rows.stream().mapToDouble(Stats::rate).max().orElse(1);
        Stats over = t.openLoop(bodies, 2 * capacity, Integer.parseInt(a.get("--overload-seconds")));
        rows.add(over);
        System.out.println();
        System.out.println("| phase | s | accepted | req/s | p50 ms | p99 ms | 429 | errors | server RSS MiB start / mid / end |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Stats s : rows) System.out.println(s.row());
    }
}
