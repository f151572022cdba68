package dev.deberta4j.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The model classes transformers has for DeBERTa-V2, by their CLI name and architecture name. */
public enum HeadType {
    BASE("base", "DebertaV2Model"),
    SEQUENCE_CLASSIFICATION("sequence-classification", "DebertaV2ForSequenceClassification"),
    TOKEN_CLASSIFICATION("token-classification", "DebertaV2ForTokenClassification"),
    QUESTION_ANSWERING("question-answering", "DebertaV2ForQuestionAnswering"),
    MASKED_LM("masked-lm", "DebertaV2ForMaskedLM"),
    MULTIPLE_CHOICE("multiple-choice", "DebertaV2ForMultipleChoice");

    private final String cliName;
    private final String architecture;

    HeadType(String cliName, String architecture) {
        this.cliName = cliName;
        this.architecture = architecture;
    }

    public String cliName() {
        return cliName;
    }

    public String architecture() {
        return architecture;
    }

    public static HeadType fromCliName(String name) {
        for (HeadType h : values()) {
            if (h.cliName.equals(name)) return h;
        }
        throw new IllegalArgumentException("unknown head '" + name + "' (expected one of: "
                + Arrays.stream(values()).map(HeadType::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * A warning when config.json names an architecture deberta4j does not know. transformers itself ignores the
     * field when a model class is chosen explicitly; deberta4j then loads the backbone alone, so it says so.
     */
    public static java.util.Optional<String> unknownArchitectureWarning(java.util.List<String> architectures) {
        if (architectures.isEmpty() || fromArchitecture(architectures.getFirst()) != BASE
                || architectures.getFirst().equals(BASE.architecture)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("architectures: unknown architecture \"" + architectures.getFirst()
                + "\" (known: DebertaV2Model, DebertaV2For*); loading the backbone without a head");
    }

    /** The head of a config's first architecture; a backbone-only or unknown architecture gives BASE. */
    public static HeadType fromArchitecture(String architecture) {
        for (HeadType h : values()) {
            if (h.architecture.equals(architecture)) return h;
        }
        return BASE;
    }
}
