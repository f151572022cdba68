package dev.deberta4j.model;

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
}
