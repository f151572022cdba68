package dev.deberta4j.model;

import dev.deberta4j.config.ModelFamily;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The model classes transformers has for each family, by their CLI name and class-name suffix: the architecture
 * is the family's class prefix and the suffix ({@code DebertaV2ForSequenceClassification},
 * {@code BertForMaskedLM}). {@link #REPLACED_TOKEN_DETECTION} is ELECTRA's discriminator (ElectraForPreTraining).
 */
public enum HeadType {
    BASE("base", "Model"),
    SEQUENCE_CLASSIFICATION("sequence-classification", "ForSequenceClassification"),
    TOKEN_CLASSIFICATION("token-classification", "ForTokenClassification"),
    QUESTION_ANSWERING("question-answering", "ForQuestionAnswering"),
    MASKED_LM("masked-lm", "ForMaskedLM"),
    MULTIPLE_CHOICE("multiple-choice", "ForMultipleChoice"),
    REPLACED_TOKEN_DETECTION("replaced-token-detection", "ForPreTraining");

    private final String cliName;
    private final String suffix;

    HeadType(String cliName, String suffix) {
        this.cliName = cliName;
        this.suffix = suffix;
    }

    public String cliName() {
        return cliName;
    }

    /** The DeBERTa-V2 class name (DebertaV2ForSequenceClassification, ...). */
    public String architecture() {
        return architecture(ModelFamily.DEBERTA_V2);
    }

    /** The class name of this head in the given family (BertForSequenceClassification, ...). */
    public String architecture(ModelFamily family) {
        return family.classPrefix() + suffix;
    }

    /** Whether transformers has this head for the family (ForPreTraining: ELECTRA only). */
    public boolean existsIn(ModelFamily family) {
        return this != REPLACED_TOKEN_DETECTION || family == ModelFamily.ELECTRA;
    }

    public static HeadType fromCliName(String name) {
        for (HeadType h : values()) {
            if (h.cliName.equals(name)) return h;
        }
        throw new IllegalArgumentException("unknown head '" + name + "' (expected one of: "
                + Arrays.stream(values()).map(HeadType::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * A warning when config.json names an architecture deberta4j does not know for the config's family. transformers
     * itself ignores the field when a model class is chosen explicitly; deberta4j then loads the backbone alone, so
     * it says so.
     */
    public static java.util.Optional<String> unknownArchitectureWarning(java.util.List<String> architectures,
                                                                        ModelFamily family) {
        if (architectures.isEmpty() || parse(architectures.getFirst(), family) != null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("architectures: unknown architecture \"" + architectures.getFirst()
                + "\" (known: " + family.classPrefix() + "Model, " + family.classPrefix()
                + "For*); loading the backbone without a head");
    }

    /** {@link #unknownArchitectureWarning(java.util.List, ModelFamily)} for DeBERTa-V2. */
    public static java.util.Optional<String> unknownArchitectureWarning(java.util.List<String> architectures) {
        return unknownArchitectureWarning(architectures, ModelFamily.DEBERTA_V2);
    }

    /** The head of a config's first architecture in its family; a backbone-only or unknown one gives BASE. */
    public static HeadType fromArchitecture(String architecture, ModelFamily family) {
        HeadType h = parse(architecture, family);
        return h == null ? BASE : h;
    }

    /** {@link #fromArchitecture(String, ModelFamily)} for DeBERTa-V2. */
    public static HeadType fromArchitecture(String architecture) {
        return fromArchitecture(architecture, ModelFamily.DEBERTA_V2);
    }

    private static HeadType parse(String architecture, ModelFamily family) {
        for (HeadType h : values()) {
            if (h.existsIn(family) && h.architecture(family).equals(architecture)) return h;
        }
        // RoBERTa and XLM-RoBERTa share one implementation; either's class names load the other's config.
        if (family == ModelFamily.ROBERTA) return parse(architecture, ModelFamily.XLM_ROBERTA);
        return null;
    }
}
