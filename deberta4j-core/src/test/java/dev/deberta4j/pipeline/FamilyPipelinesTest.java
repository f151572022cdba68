package dev.deberta4j.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pipeline on a tiny model of each other family (BERT, ELECTRA and DistilBERT on KoELECTRA's WordPiece,
 * XLM-RoBERTa on the Unigram vocabulary with XLM-R's RobertaProcessing), written as a user's directory: the pipelines' numbers are the engine's on
 * the same encodings, sentence pairs included (DistilBERT has no token types, XLM-RoBERTa one).
 */
class FamilyPipelinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private static DebertaConfig config(String family, Tokenizer tokenizer) {
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", family);
        c.put("vocab_size", tokenizer.vocabSize());
        c.put("max_position_embeddings", 70);
        c.put("pad_token_id", tokenizer.padId());
        if (family.equals("distilbert")) {
            c.put("dim", 32).put("n_layers", 2).put("n_heads", 2).put("hidden_dim", 64);
        } else {
            c.put("hidden_size", 32).put("num_hidden_layers", 2).put("num_attention_heads", 2).put("intermediate_size", 64);
        }
        if (family.equals("electra")) c.put("embedding_size", 16);
        if (family.equals("xlm-roberta")) c.put("type_vocab_size", 1);
        return DebertaConfig.fromJson(c);
    }

    private Path write(String family, HeadType head, int labels) {
        String tokenizer = family.equals("xlm-roberta") ? TestModels.UNIGRAM : TestModels.WORDPIECE;
        DebertaConfig c = config(family, TestModels.tokenizer(tokenizer));
        if (labels > 0) c = c.with(Map.of("num_labels", labels));
        Path dir = tmp.resolve(head.cliName());
        ModelDirectory.write(dir, c, head, WeightInitializer.initialise(c, head, 3), TestModels.tokenizerDir(tokenizer));
        if (family.equals("xlm-roberta")) {
            // XLM-R's own post-processor: <s> A </s></s> B </s>, every token type 0 (type_vocab_size is 1).
            try {
                ObjectNode json = (ObjectNode) JSON.readTree(dir.resolve("tokenizer.json").toFile());
                json.set("post_processor", JSON.readTree("""
                        {"type": "RobertaProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1],
                         "trim_offsets": true, "add_prefix_space": true}"""));
                JSON.writeValue(dir.resolve("tokenizer.json").toFile(), json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return dir;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "electra", "xlm-roberta", "distilbert"})
    void everyPipelineRunsTheFamilysModel(String family) {
        Pipelines classifier = Pipelines.load(write(family, HeadType.SEQUENCE_CLASSIFICATION, 2));
        assertThat(classifier.model().model().config().family.modelType()).isEqualTo(family);
        PipelineModel pm = classifier.model();
        List<String> first = List.of("이 영화 정말 재밌어요", "대한민국의 수도는 어디인가?");
        List<String> second = List.of("배우들 연기가 좋았다", "서울");
        ModelInput pairs = ModelInput.fromEncodings(pm.encode(first, second, false), pm.padId());
        float[] logits = pm.model().forward(pairs).logits().data();
        List<List<LabelScore>> scored = classifier.classifier().classifyPairs(first, second, 2);
        for (int b = 0; b < 2; b++) {
            double p1 = 1 / (1 + Math.exp(logits[2 * b] - logits[2 * b + 1]));
            LabelScore label1 = scored.get(b).stream().filter(s -> s.label().equals("LABEL_1")).findFirst().orElseThrow();
            assertThat(label1.score()).as(family + " pair " + b).isCloseTo(p1, org.assertj.core.data.Offset.offset(1e-5));
        }

        MaskFiller filler = Pipelines.load(write(family, HeadType.MASKED_LM, 0)).fillMask();
        String text = "대한민국의 수도는 " + filler.maskToken() + "이다.";
        MaskSlot slot = filler.fill(text, 3).getFirst();
        assertThat(slot.predictions()).hasSize(3);
        PipelineModel mlm = PipelineModel.load(tmp.resolve(HeadType.MASKED_LM.cliName()), HeadType.MASKED_LM);
        ModelInput one = ModelInput.fromEncodings(mlm.encode(List.of(text), null, false), mlm.padId());
        float[] vocabLogits = mlm.model().forward(one).logits().data();
        int vocab = mlm.model().config().vocabSize;
        int best = 0;
        for (int v = 1; v < vocab; v++) {
            if (vocabLogits[slot.position() * vocab + v] > vocabLogits[slot.position() * vocab + best]) best = v;
        }
        assertThat(slot.predictions().getFirst().token()).as(family + " fill-mask top token").isEqualTo(best);

        String context = "서울은 대한민국의 수도이며 가장 큰 도시이다. 인구는 약 천만 명이다.";
        List<Answer> answers = Pipelines.load(write(family, HeadType.QUESTION_ANSWERING, 0)).questionAnswerer()
                .answer("대한민국의 수도는?", context);
        assertThat(answers).isNotEmpty().allSatisfy(a -> assertThat(context.substring(a.start(), a.end())).isEqualTo(a.text()));

        List<TokenEntity> entities = Pipelines.load(write(family, HeadType.TOKEN_CLASSIFICATION, 3))
                .tokenClassifier(AggregationStrategy.NONE).classify(context);
        assertThat(entities).allSatisfy(e -> assertThat(e.start()).isBetween(0, e.end()))
                .allSatisfy(e -> assertThat(e.end()).isLessThanOrEqualTo(context.length()));

        Pipelines base = Pipelines.load(write(family, HeadType.BASE, 0));
        float[] cls = base.embedder(Pooling.CLS, false).embed("이 영화 정말 재밌어요");
        ModelInput single = ModelInput.fromEncodings(base.model().encode(first.subList(0, 1), null, false),
                base.model().padId());
        float[] hidden = base.model().model().forward(single).lastHiddenState().data();
        assertThat(cls).containsExactly(java.util.Arrays.copyOf(hidden, 32));
    }
}
