package dev.deberta4j.model;

import java.util.List;

/**
 * What loading found, as transformers reports it: weights the checkpoint had but the model did not use
 * (unexpected) and head weights that were freshly initialised.
 */
public record LoadReport(List<String> unexpected, List<String> initialised) {
}
