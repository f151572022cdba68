package dev.deberta4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.AggregationStrategy;
import dev.deberta4j.pipeline.Answer;
import dev.deberta4j.pipeline.MaskPrediction;
import dev.deberta4j.pipeline.MaskSlot;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.QaOptions;
import dev.deberta4j.pipeline.QuestionAnswerer;
import dev.deberta4j.pipeline.TokenClassifier;
import dev.deberta4j.pipeline.TokenEntity;
import dev.deberta4j.pipeline.MaskFiller;
import dev.deberta4j.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Our routes (fill-mask, token classification, question answering), the API key and --auto-truncate on tiny models. */
class TaskRoutesTest {
    @TempDir static Path tmp;

    private static InferenceServer start(Path dir, ServeOptions options) {
        return InferenceServer.start(PipelineModel.load(dir, null), options.withPort(0));
    }

    @Test
    void fillMaskReturnsTheOfflineTopTokensPerMaskAndEmbedWorksOnAnMlmModel() {
        Path dir = ModelFixtures.tiny(tmp, HeadType.MASKED_LM);
        try (InferenceServer server = start(dir, ServeOptions.defaults("tiny-mlm"))) {
            Http http = new Http(server.port());
            MaskFiller filler = new MaskFiller(PipelineModel.load(dir, HeadType.MASKED_LM), PipelineOptions.defaults());

            Http.Response one = http.post("/fill-mask", Map.of("inputs", "서울은 한국의 [MASK]이다.", "top_k", 3));
            assertThat(one.status()).as(one.body()).isEqualTo(200);
            List<MaskPrediction> expected = filler.fill("서울은 한국의 [MASK]이다.", 3).get(0).predictions();
            JsonNode preds = one.json();
            assertThat(preds.size()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(preds.get(i).get("token").asInt()).isEqualTo(expected.get(i).token());
                assertThat(preds.get(i).get("token_str").asText()).isEqualTo(expected.get(i).tokenStr());
                assertThat(preds.get(i).get("sequence").asText()).isEqualTo(expected.get(i).sequence());
                assertThat(preds.get(i).get("score").asDouble()).isCloseTo(expected.get(i).score(), within(1e-5));
            }
            // a batch, one text with two masks: a list per text, then a list per mask
            JsonNode batch = http.post("/fill-mask", Map.of("inputs", List.of("[MASK] 좋다", "[MASK] 나쁜 [MASK]"), "top_k", 2)).json();
            List<MaskSlot> two = filler.fill("[MASK] 나쁜 [MASK]", 2);
            assertThat(batch.get(0).size()).isEqualTo(2);
            assertThat(batch.get(1).size()).isEqualTo(2);
            assertThat(batch.get(1).get(1).get(0).get("token").asInt()).isEqualTo(two.get(1).predictions().get(0).token());

            Http.Response noMask = http.post("/fill-mask", Map.of("inputs", List.of("[MASK] 좋다", "마스크 없음")));
            assertThat(noMask.status()).isEqualTo(422);
            assertThat(noMask.json().get("error").asText()).contains("`inputs[1]`").contains("[MASK]");

            assertThat(http.post("/embed", Map.of("inputs", "문장")).json().get(0).size()).isEqualTo(32);
            assertThat(http.get("/info").json().get("model_type").get("embedding").get("pooling").asText()).isEqualTo("mean");
            Http.Response predict = http.post("/predict", Map.of("inputs", "문장"));
            assertThat(predict.status()).isEqualTo(424);
            assertThat(predict.json().get("error_type").asText()).isEqualTo("Backend");
        }
    }

    @Test
    void tokenClassificationMatchesTheOfflinePipelineForEveryStrategy() {
        Path dir = ModelFixtures.tiny(tmp, HeadType.TOKEN_CLASSIFICATION, "O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        try (InferenceServer server = start(dir, ServeOptions.defaults("tiny-ner"))) {
            Http http = new Http(server.port());
            PipelineModel pm = PipelineModel.load(dir, HeadType.TOKEN_CLASSIFICATION);
            String text = "이순신은 조선의 장군이다";
            for (AggregationStrategy s : AggregationStrategy.values()) {
                List<TokenEntity> expected = new TokenClassifier(pm, PipelineOptions.defaults(), s, Set.of()).classify(text);
                Http.Response r = http.post("/token-classification", Map.of("inputs", text,
                        "aggregation_strategy", s.name().toLowerCase(), "ignore_labels", List.of()));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                JsonNode got = r.json();
                assertThat(got.size()).as(s.name()).isEqualTo(expected.size());
                for (int i = 0; i < expected.size(); i++) {
                    TokenEntity e = expected.get(i);
                    JsonNode g = got.get(i);
                    assertThat(g.get(e.isGroup() ? "entity_group" : "entity").asText()).isEqualTo(e.label());
                    assertThat(g.get("word").asText()).isEqualTo(e.word());
                    assertThat(g.get("start").asInt()).isEqualTo(e.start());
                    assertThat(g.get("end").asInt()).isEqualTo(e.end());
                    assertThat(g.get("score").asDouble()).isCloseTo(e.score(), within(1e-5));
                }
            }
            Http.Response bad = http.post("/token-classification", Map.of("inputs", text, "aggregation_strategy", "best"));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().get("error").asText()).contains("aggregation_strategy").contains("best");
        }
    }

    @Test
    void questionAnsweringMatchesTheOfflinePipelineIncludingLongContexts() {
        Path dir = ModelFixtures.tiny(tmp, HeadType.QUESTION_ANSWERING);
        try (InferenceServer server = start(dir, ServeOptions.defaults("tiny-qa"))) {
            Http http = new Http(server.port());
            // the server bounds the model (no limit of its own) at max_position_embeddings: 64 here
            PipelineModel pm = InferenceServer.boundedInput(PipelineModel.load(dir, HeadType.QUESTION_ANSWERING));
            String question = "수도는 어디인가?";
            String context = "대한민국의 수도는 서울이다. ".repeat(12);   // longer than the 64-token model: windows
            Answer best = new QuestionAnswerer(pm, PipelineOptions.defaults(), QaOptions.defaults()).answer(question, context).get(0);
            JsonNode a = http.post("/question-answering", Map.of("question", question, "context", context)).json();
            assertThat(a.get("answer").asText()).isEqualTo(best.text());
            assertThat(a.get("start").asInt()).isEqualTo(best.start());
            assertThat(a.get("end").asInt()).isEqualTo(best.end());
            assertThat(a.get("score").asDouble()).isCloseTo(best.score(), within(1e-5));
            JsonNode three = http.post("/question-answering", Map.of("question", question, "context", context, "top_k", 3)).json();
            assertThat(three.isArray()).isTrue();
            assertThat(three.size()).isEqualTo(3);
            Http.Response missing = http.post("/question-answering", Map.of("question", question));
            assertThat(missing.status()).isEqualTo(422);
            assertThat(missing.json().get("error").asText()).contains("missing field `context`");
        }
    }

    @Test
    void apiKeyGuardsEveryRouteButHealthMetricsAndThePageAndAutoTruncateCutsLongInputs() {
        Path dir = ModelFixtures.tiny(tmp, HeadType.SEQUENCE_CLASSIFICATION, "neg", "pos");
        try (InferenceServer server = start(dir, ServeOptions.defaults("tiny-cls").withApiKey("s3cret").withAutoTruncate(true))) {
            Http anonymous = new Http(server.port());
            Http wrongKey = new Http(server.port(), "guess");
            Http withKey = new Http(server.port(), "s3cret");
            for (Http h : List.of(anonymous, wrongKey)) {
                for (String route : List.of("/predict", "/embed", "/tokenize", "/decode", "/rerank")) {
                    Http.Response r = h.post(route, Map.of("inputs", "x"));
                    assertThat(r.status()).as(route).isEqualTo(401);
                    assertThat(r.json().get("error_type").asText()).isEqualTo("Unauthorized");
                    assertThat(r.json().get("error").asText()).contains("Authorization: Bearer");
                }
                assertThat(h.get("/info").status()).isEqualTo(401);
            }
            assertThat(anonymous.get("/health").status()).isEqualTo(200);
            assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
            assertThat(anonymous.get("/").status()).isEqualTo(200);

            String longText = "가나다라 마바사 ".repeat(60);   // far over the 64-token limit
            Http.Response cut = withKey.post("/predict", Map.of("inputs", longText));
            assertThat(cut.status()).as(cut.body()).isEqualTo(200);
            assertThat(cut.header("x-compute-tokens")).isEqualTo(64);
            Http.Response refused = withKey.post("/predict", Map.of("inputs", longText, "truncate", false));
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.json().get("error").asText()).contains("at most 64");
            assertThat(withKey.get("/info").json().get("auto_truncate").asBoolean()).isTrue();
        }
    }
}
