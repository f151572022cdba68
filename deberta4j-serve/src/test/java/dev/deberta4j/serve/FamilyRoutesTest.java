package dev.deberta4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.Answer;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.QaOptions;
import dev.deberta4j.pipeline.QuestionAnswerer;
import dev.deberta4j.pipeline.TextClassifier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** serve on the other families: /predict, /info and /question-answering answer as the offline pipelines do. */
class FamilyRoutesTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "electra"})
    void classificationAndQuestionAnsweringServeTheFamilysModel(String family) {
        Path cls = TestModels.tinyFamily(tmp, family, HeadType.SEQUENCE_CLASSIFICATION, "neg", "pos");
        try (InferenceServer server = InferenceServer.start(PipelineModel.load(cls, null),
                ServeOptions.defaults("tiny-" + family).withPort(0))) {
            Http http = new Http(server.port());
            PipelineModel pm = InferenceServer.boundedInput(PipelineModel.load(cls, HeadType.SEQUENCE_CLASSIFICATION));
            List<LabelScore> expected = new TextClassifier(pm, PipelineOptions.defaults()).classify("이 영화 정말 재밌어요", 2);
            Http.Response r = http.post("/predict", Map.of("inputs", "이 영화 정말 재밌어요"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (int i = 0; i < 2; i++) {
                assertThat(r.json().get(i).get("label").asText()).isEqualTo(expected.get(i).label());
                assertThat(r.json().get(i).get("score").asDouble()).isCloseTo(expected.get(i).score(), within(1e-5));
            }
            assertThat(http.get("/info").body()).contains("\"model_type\"");
        }
        Path qa = TestModels.tinyFamily(tmp, family, HeadType.QUESTION_ANSWERING);
        try (InferenceServer server = InferenceServer.start(PipelineModel.load(qa, null),
                ServeOptions.defaults("tiny-qa").withPort(0))) {
            Http http = new Http(server.port());
            PipelineModel pm = InferenceServer.boundedInput(PipelineModel.load(qa, HeadType.QUESTION_ANSWERING));
            String question = "수도는 어디인가?";
            String context = "대한민국의 수도는 서울이다. ".repeat(12);   // longer than the 64 positions: windows
            Answer best = new QuestionAnswerer(pm, PipelineOptions.defaults(), QaOptions.defaults()).answer(question, context).get(0);
            JsonNode a = http.post("/question-answering", Map.of("question", question, "context", context)).json();
            assertThat(a.get("answer").asText()).isEqualTo(best.text());
            assertThat(a.get("start").asInt()).isEqualTo(best.start());
            assertThat(a.get("score").asDouble()).isCloseTo(best.score(), within(1e-5));
        }
    }
}
