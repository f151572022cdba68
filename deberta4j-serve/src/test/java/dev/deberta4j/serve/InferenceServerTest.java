package dev.deberta4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.Embedder;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.Pooling;
import dev.deberta4j.pipeline.TextClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every TEI route and every error on the bundled sentiment model, answers checked against the offline pipelines. */
class InferenceServerTest {
    private static PipelineModel pm;
    private static InferenceServer server;
    private static Http http;
    private static TextClassifier classifier;
    private static Embedder embedder;

    @BeforeAll
    static void start() {
        pm = PipelineModel.load(TestModels.NSMC, HeadType.SEQUENCE_CLASSIFICATION);
        ServeOptions options = ServeOptions.defaults("ko-deberta-v3-h256l6-nsmc").withPort(0).withLimits(512, 4, 20_000);
        server = InferenceServer.start(pm, options);
        http = new Http(server.port());
        classifier = new TextClassifier(pm, PipelineOptions.defaults());
        embedder = new Embedder(pm, PipelineOptions.defaults(), Pooling.MEAN, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(Http.Response r, int status, String type, String... fragments) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = r.json();
        assertThat(e.get("error_type").asText()).isEqualTo(type);
        assertThat(e.get("error").asText()).contains(fragments);
    }

    private static void assertLabels(JsonNode predictions, List<LabelScore> expected) {
        assertThat(predictions.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(predictions.get(i).get("label").asText()).isEqualTo(expected.get(i).label());
            assertThat(predictions.get(i).get("score").asDouble()).isCloseTo(expected.get(i).score(), within(1e-5));
        }
    }

    @Test
    void predictAnswersASingleTextAPairAndABatchInTeiShapesWithTimingHeaders() {
        Http.Response r = http.post("/predict", Map.of("inputs", "이 영화 정말 재밌어요"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertLabels(r.json(), classifier.classify("이 영화 정말 재밌어요", 2));
        assertThat(r.json().get(0).get("label").asText()).isEqualTo("positive");
        for (String h : List.of("x-compute-time", "x-total-time", "x-tokenization-time", "x-queue-time", "x-inference-time")) {
            assertThat(r.header(h)).as(h).isGreaterThanOrEqualTo(0);
        }
        assertThat(r.headers().firstValue("x-compute-type")).contains("cpu");
        assertThat(r.header("x-compute-characters")).isEqualTo("이 영화 정말 재밌어요".length());
        assertThat(r.header("x-compute-tokens")).isEqualTo(pm.tokenizer().encode("이 영화 정말 재밌어요").length());

        Http.Response pair = http.post("/predict", Map.of("inputs", List.of("재밌다", "지루하다")));
        assertLabels(pair.json(), classifier.classifyPairs(List.of("재밌다"), List.of("지루하다"), 2).get(0));

        Http.Response batch = http.post("/predict", "{\"inputs\": [[\"최고의 영화\"], [\"재밌다\", \"지루하다\"], [\"돈 아까운 최악의 영화\"]], \"raw_scores\": true}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        TextClassifier raw = new TextClassifier(pm, PipelineOptions.defaults(), dev.deberta4j.pipeline.ScoreFunction.NONE);
        assertLabels(batch.json().get(0), raw.classify("최고의 영화", 2));
        assertLabels(batch.json().get(1), raw.classifyPairs(List.of("재밌다"), List.of("지루하다"), 2).get(0));
        assertLabels(batch.json().get(2), raw.classify("돈 아까운 최악의 영화", 2));
    }

    @Test
    void rerankScoresQueryTextPairsByTheLastLabelBestFirst() {
        List<String> texts = List.of("돈 아까운 최악의 영화", "정말 재밌고 감동적인 영화");
        Http.Response r = http.post("/rerank", Map.of("query", "영화 후기", "texts", texts, "return_text", true));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode ranks = r.json();
        assertThat(ranks.size()).isEqualTo(2);
        assertThat(ranks.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(ranks.get(0).get("text").asText()).isEqualTo(texts.get(1));
        for (JsonNode rank : ranks) {
            int i = rank.get("index").asInt();
            double positive = classifier.classifyPairs(List.of("영화 후기"), List.of(texts.get(i)), 2).get(0).stream()
                    .filter(l -> l.label().equals("positive")).findFirst().orElseThrow().score();
            assertThat(rank.get("score").asDouble()).isCloseTo(positive, within(1e-5));
        }
        assertThat(http.post("/rerank", Map.of("query", "q", "texts", texts)).json().get(0).has("text")).isFalse();
        assertError(http.post("/rerank", Map.of("query", "q", "texts", List.of())), 400, "Empty", "`texts` cannot be empty");
    }

    @Test
    void embedAndOpenAiEmbeddingsMatchTheOfflineEmbedder() {
        Http.Response r = http.post("/embed", Map.of("inputs", List.of("첫 문장", "두 번째 문장")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        float[][] expected = embedder.embed(List.of("첫 문장", "두 번째 문장"));
        for (int i = 0; i < 2; i++) {
            JsonNode v = r.json().get(i);
            assertThat(v.size()).isEqualTo(256);   // the hidden size
            for (int d = 0; d < 256; d++) assertThat(v.get(d).floatValue()).isCloseTo(expected[i][d], within(1e-5f));
        }
        Http.Response single = http.post("/embed", Map.of("inputs", "첫 문장", "normalize", false));
        float[] unnormalised = new Embedder(pm, PipelineOptions.defaults(), Pooling.MEAN, false).embed("첫 문장");
        assertThat(single.json().size()).isEqualTo(1);
        assertThat(single.json().get(0).get(5).floatValue()).isCloseTo(unnormalised[5], within(1e-5f));

        Http.Response oa = http.post("/v1/embeddings", Map.of("input", List.of("첫 문장", "두 번째 문장"), "model", "x"));
        JsonNode body = oa.json();
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("model").asText()).isEqualTo("ko-deberta-v3-h256l6-nsmc");
        assertThat(body.get("data").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("data").get(1).get("object").asText()).isEqualTo("embedding");
        assertThat(body.get("data").get(1).get("embedding").get(3).floatValue()).isCloseTo(expected[1][3], within(1e-5f));
        int tokens = pm.tokenizer().encode("첫 문장").length() + pm.tokenizer().encode("두 번째 문장").length();
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(tokens);

        String b64 = http.post("/v1/embeddings", Map.of("input", "첫 문장", "encoding_format", "base64")).json()
                .get("data").get(0).get("embedding").asText();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(256 * 4);
        assertThat(bytes.getFloat(4 * 7)).isCloseTo(expected[0][7], within(1e-5f));
        // /v1/embeddings errors come in OpenAI's shape, as TEI sends them
        JsonNode err = http.post("/v1/embeddings", Map.of("input", 3)).json();
        assertThat(err.get("code").asInt()).isEqualTo(422);
        assertThat(err.get("type").asText()).isEqualTo("Validation");
        assertThat(err.get("message").asText()).contains("`input`");
    }

    @Test
    void tokenizeGivesTeiTokensWithByteOffsetsAndDecodeReversesIt() {
        Http.Response r = http.post("/tokenize", Map.of("inputs", "재밌어요"));
        JsonNode tokens = r.json().get(0);
        assertThat(tokens.get(0).get("special").asBoolean()).isTrue();
        assertThat(tokens.get(0).get("start").isNull()).isTrue();
        JsonNode first = tokens.get(1);
        assertThat(first.get("special").asBoolean()).isFalse();
        assertThat(first.get("start").asInt()).isZero();
        byte[] utf8 = "재밌어요".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(utf8, first.get("start").asInt(), first.get("stop").asInt() - first.get("start").asInt(),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(first.get("text").asText());
        int[] ids = pm.tokenizer().encode("재밌어요").ids();
        for (int i = 0; i < ids.length; i++) assertThat(tokens.get(i).get("id").asInt()).isEqualTo(ids[i]);

        JsonNode plain = http.post("/tokenize", Map.of("inputs", List.of("재밌어요", "별로"), "add_special_tokens", false)).json();
        assertThat(plain.size()).isEqualTo(2);
        assertThat(plain.get(0).size()).isEqualTo(ids.length - 2);

        assertThat(http.post("/decode", Map.of("ids", ids)).json().get(0).asText()).isEqualTo(pm.tokenizer().decode(ids, true));
        JsonNode both = http.post("/decode", Map.of("ids", List.of(ids, ids), "skip_special_tokens", false)).json();
        assertThat(both.get(1).asText()).isEqualTo(pm.tokenizer().decode(ids, false));
        assertError(http.post("/decode", Map.of("ids", List.of(1, -4))), 422, "Validation", "`ids`[1]", "-4");
    }

    @Test
    void healthInfoMetricsOpenApiAndTheDemoPage() {
        assertThat(http.get("/health").status()).isEqualTo(200);
        JsonNode info = http.get("/info").json();
        assertThat(info.get("model_id").asText()).isEqualTo("ko-deberta-v3-h256l6-nsmc");
        assertThat(info.get("model_type").get("classifier").get("id2label").get("1").asText()).isEqualTo("positive");
        assertThat(info.get("max_input_length").asInt()).isEqualTo(512);
        assertThat(info.get("max_client_batch_size").asInt()).isEqualTo(4);
        assertThat(info.get("max_batch_tokens").asInt()).isEqualTo(16384);

        http.post("/predict", Map.of("inputs", "좋아요"));
        http.post("/predict", "{");
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("te_http_requests_total{route=\"/predict\",status=\"200\"}")
                .contains("te_http_requests_total{route=\"/predict\",status=\"400\"}")
                .contains("# TYPE te_request_duration histogram").contains("te_request_queue_duration_bucket{le=\"+Inf\"}")
                .contains("te_batch_next_size_count").contains("te_batch_next_tokens_sum").contains("te_queue_size 0");
        assertThat(http.metric("te_batch_next_size_count")).isGreaterThanOrEqualTo(1);

        JsonNode openapi = http.get("/openapi.json").json();
        for (String route : List.of("/embed", "/predict", "/rerank", "/tokenize", "/decode", "/v1/embeddings", "/health",
                "/info", "/metrics", "/fill-mask", "/token-classification", "/question-answering")) {
            assertThat(openapi.get("paths").has(route)).as(route).isTrue();
        }
        Http.Response page = http.get("/");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"ko\">").contains("app.js");
        assertThat(http.get("/app.js").body()).contains("/predict").contains("/fill-mask");
        assertError(http.get("/nowhere"), 404, "NotFound", "/nowhere");
    }

    @Test
    void malformedJsonIs400AndWrongTypesAre422NamingTheField() {
        assertError(http.post("/predict", "{\"inputs\": "), 400, "Validation", "malformed JSON");
        assertError(http.post("/embed", "not json"), 400, "Validation", "malformed JSON");
        assertError(http.post("/embed", "[1, 2]"), 422, "Validation", "expected a JSON object");
        assertError(http.post("/embed", Map.of("inputs", 42)), 422, "Validation", "`inputs`", "a number (42)");
        assertError(http.post("/embed", Map.of("inputs", List.of("a", 1))), 422, "Validation", "`inputs[1]`");
        assertError(http.post("/embed", Map.of("texts", "a")), 422, "Validation", "missing field `inputs`");
        assertError(http.post("/embed", Map.of("inputs", "a", "normalize", "yes")), 422, "Validation", "`normalize`", "a boolean");
        assertError(http.post("/predict", Map.of("inputs", List.of("a", "b", "c"))), 422, "Validation", "3");
        assertError(http.post("/rerank", Map.of("query", 1, "texts", List.of("a"))), 422, "Validation", "`query`");
        assertError(http.post("/embed", Map.of("inputs", List.of())), 400, "Empty", "`inputs` cannot be empty");
        assertError(http.post("/fill-mask", Map.of("inputs", "a [MASK]")), 424, "Backend", "DebertaV2ForMaskedLM");
    }

    @Test
    void overLongTextIs413NamingTheLimitUnlessTruncated() {
        String longText = "정말 재밌는 영화 ".repeat(300);
        assertError(http.post("/predict", Map.of("inputs", longText)), 413, "Validation", "at most 512", "truncate");
        assertError(http.post("/embed", Map.of("inputs", List.of("짧다", longText))), 413, "Validation", "input 1", "512");
        Http.Response cut = http.post("/predict", Map.of("inputs", longText, "truncate", true));
        assertThat(cut.status()).as(cut.body()).isEqualTo(200);
        assertThat(cut.header("x-compute-tokens")).isEqualTo(512);
        assertLabels(cut.json(), new TextClassifier(InferenceServer.boundedInput(pm),
                PipelineOptions.defaults().withTruncate(true)).classify(longText, 2));
    }

    @Test
    void bodiesAndBatchesOverTheLimitsAre413() {
        // Oversized bodies are sent as curl sends large ones, with "Expect: 100-continue": the server answers 413
        // from the headers; a client that pushes 90 KB regardless may find the connection closed under it before it
        // reads the answer (seen once on a clean-clone run: "header parser received no bytes").
        Http.Response big = Http.send(http.request("/embed").expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": \"" + "가".repeat(30_000) + "\"}")).build());
        assertError(big, 413, "Validation", "over the limit of 20000 bytes", "--payload-limit");
        // a body sent without Content-Length (chunked) is cut off at the limit too
        Http.Response chunked = Http.send(http.request("/embed").expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"inputs\": \"" + "a".repeat(25_000) + "\"}").getBytes()))).build());
        assertError(chunked, 413, "Validation", "over the limit");
        assertError(http.post("/embed", Map.of("inputs", List.of("a", "b", "c", "d", "e"))), 413, "Validation",
                "batch size 5 > maximum allowed batch size 4");
    }
}
