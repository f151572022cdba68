package dev.deberta4j.serve;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.MaskFiller;
import dev.deberta4j.pipeline.MaskPrediction;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.TextClassifier;
import dev.deberta4j.testing.ModelFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page in headless Chromium (Debian package {@code chromium}): the page loads, submits the sentence given
 * as {@code ?text=} through its own form, and the DOM after its script ran holds one row per label with a bar as
 * wide as the score (or the top fills of a [MASK] on an MLM model). Without Chromium the test is skipped with a
 * message, except in CI (CI=true), where that is a failure: .ci/run installs it.
 */
class DemoPageBrowserTest {
    private static final Pattern ROW = Pattern.compile(
            "<span class=\"label\">([^<]*)</span><div class=\"bar\"><div class=\"fill\" style=\"width: ([0-9.]+)%;\"></div></div>"
                    + "<span class=\"score\">([0-9.]+)</span>");
    private static String chromium;

    @TempDir Path tmp;

    @BeforeAll
    static void findChromium() {
        chromium = find();
        if (chromium == null) {
            String message = "chromium not found on PATH (Debian: apt-get install chromium); the demo page browser test needs it";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + " and CI=true");
            Assumptions.abort(message);
        }
    }

    private static String find() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p.toString();
            }
        }
        return null;
    }

    /** The page's DOM after its script ran, as headless Chromium serialises it. */
    private String renderedDom(int port, String text) throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + port + "/?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        Path profile = Files.createDirectories(tmp.resolve("profile-" + System.nanoTime()));
        Path dom = tmp.resolve("dom-" + System.nanoTime() + ".html");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=30000", "--dump-dom", url));
        Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s");
        }
        return Files.readString(dom);
    }

    private record Row(String label, double width, double score) {
    }

    private static List<Row> rows(String dom) {
        List<Row> out = new ArrayList<>();
        Matcher m = ROW.matcher(dom);
        while (m.find()) out.add(new Row(m.group(1), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
        return out;
    }

    @Test
    void aSentenceGetsOneBarPerLabelAsWideAsItsScore() throws Exception {
        PipelineModel pm = PipelineModel.load(TestModels.NSMC, HeadType.SEQUENCE_CLASSIFICATION);
        try (InferenceServer server = InferenceServer.start(pm, ServeOptions.defaults("ko-deberta-v3-h256l6-nsmc").withPort(0))) {
            String sentence = "이 영화 정말 재밌어요";
            String dom = renderedDom(server.port(), sentence);
            assertThat(dom).contains("data-done=\"true\"").contains("모델: ko-deberta-v3-h256l6-nsmc");
            List<LabelScore> expected = new TextClassifier(pm, PipelineOptions.defaults()).classify(sentence, 2);
            List<Row> rows = rows(dom);
            assertThat(rows).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(rows.get(i).label()).isEqualTo(expected.get(i).label());
                assertThat(rows.get(i).score()).isEqualTo(Double.parseDouble(String.format(Locale.ROOT, "%.4f", expected.get(i).score())));
                assertThat(rows.get(i).width()).isCloseTo(100 * expected.get(i).score(), org.assertj.core.api.Assertions.within(0.06));
            }
            assertThat(rows.get(0).label()).isEqualTo("positive");
        }
    }

    @Test
    void aMaskedSentenceOnAnMlmModelShowsTheTopFills() throws Exception {
        Path dir = ModelFixtures.tiny(tmp, HeadType.MASKED_LM);
        PipelineModel pm = PipelineModel.load(dir, HeadType.MASKED_LM);
        try (InferenceServer server = InferenceServer.start(pm, ServeOptions.defaults("tiny-mlm").withPort(0))) {
            String sentence = "서울은 한국의 [MASK]이다.";
            String dom = renderedDom(server.port(), sentence);
            assertThat(dom).contains("data-done=\"true\"").contains("[MASK]");
            List<MaskPrediction> expected = new MaskFiller(pm, PipelineOptions.defaults()).fill(sentence, 5).get(0).predictions();
            List<Row> rows = rows(dom);
            assertThat(rows).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(rows.get(i).label()).isEqualTo(escapeHtml(expected.get(i).tokenStr()));
                assertThat(rows.get(i).score()).isEqualTo(Double.parseDouble(String.format(Locale.ROOT, "%.4f", expected.get(i).score())));
            }
        }
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
