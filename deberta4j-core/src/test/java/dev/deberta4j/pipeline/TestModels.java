package dev.deberta4j.pipeline;

import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.testing.ModelFixtures;
import dev.deberta4j.tokenizer.Tokenizer;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** The test tokenizers by name, and {@link ModelFixtures} directories on them. */
final class TestModels {
    static final String UNIGRAM = "ko-unigram-8k";
    static final String WORDPIECE = "koelectra-v1-wordpiece";

    private TestModels() {
    }

    static Path tokenizerDir(String name) {
        try {
            return Path.of(TestModels.class.getResource("/tokenizers/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Tokenizer tokenizer(String name) {
        return Tokenizer.load(tokenizerDir(name));
    }

    /** {@link ModelFixtures#write} with a tokenizer of src/test/resources/tokenizers. */
    static Path write(Path dir, String tokenizer, HeadType head, String[] labels, Map<String, Object> config,
                      long seed, Consumer<InMemoryTensorSource> weights) {
        return ModelFixtures.write(dir, tokenizerDir(tokenizer), head, labels, config, seed, weights);
    }

    static Path write(Path dir, String tokenizer, HeadType head, String... labels) {
        return write(dir, tokenizer, head, labels.length == 0 ? null : labels, Map.of(), 7, w -> { });
    }
}
