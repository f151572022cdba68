package dev.deberta4j.model;

import dev.deberta4j.config.ModelFamily;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeadTypeTest {
    /** An unknown architecture used to load as the bare backbone without a word; now it is warned about. */
    @Test
    void unknownArchitectureIsWarnedAbout() {
        assertThat(HeadType.unknownArchitectureWarning(List.of("BertForMaskedLM")))
                .hasValueSatisfying(w -> assertThat(w).contains("unknown architecture \"BertForMaskedLM\""));
        assertThat(HeadType.unknownArchitectureWarning(List.of("DebertaV2ForSequenceClassification"))).isEmpty();
        assertThat(HeadType.unknownArchitectureWarning(List.of("DebertaV2Model"))).isEmpty();
        assertThat(HeadType.unknownArchitectureWarning(List.of())).isEmpty();
    }

    /** Each family's class names map to the heads; a class of another family is unknown to a config's family. */
    @Test
    void architecturesAreReadInTheConfigsFamily() {
        assertThat(HeadType.fromArchitecture("BertForMaskedLM", ModelFamily.BERT)).isEqualTo(HeadType.MASKED_LM);
        assertThat(HeadType.fromArchitecture("ElectraForPreTraining", ModelFamily.ELECTRA))
                .isEqualTo(HeadType.REPLACED_TOKEN_DETECTION);
        assertThat(HeadType.fromArchitecture("XLMRobertaForTokenClassification", ModelFamily.XLM_ROBERTA))
                .isEqualTo(HeadType.TOKEN_CLASSIFICATION);
        assertThat(HeadType.fromArchitecture("XLMRobertaForMaskedLM", ModelFamily.ROBERTA)).isEqualTo(HeadType.MASKED_LM);
        assertThat(HeadType.SEQUENCE_CLASSIFICATION.architecture(ModelFamily.DISTILBERT))
                .isEqualTo("DistilBertForSequenceClassification");
        assertThat(HeadType.unknownArchitectureWarning(List.of("DebertaV2ForMaskedLM"), ModelFamily.BERT))
                .hasValueSatisfying(w -> assertThat(w).contains("(known: BertModel, BertFor*)"));
        assertThat(HeadType.REPLACED_TOKEN_DETECTION.existsIn(ModelFamily.DEBERTA_V2)).isFalse();
    }
}
