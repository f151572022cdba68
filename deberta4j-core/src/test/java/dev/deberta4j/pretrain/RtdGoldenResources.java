package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** Small configs and files the pre-training tests share. */
final class RtdGoldenResources {
    private RtdGoldenResources() {
    }

    static Path resource(String path) {
        try {
            var url = RtdGoldenResources.class.getResource(path);
            if (url == null) throw new IllegalStateException("missing test resource " + path);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tokenizer() {
        return resource("/tokenizers/ko-unigram-8k");
    }

    /** The fixture's discriminator config (hidden 64, 2 layers, V3 attention) with 4 layers, dropout 0.1. */
    static DebertaConfig tinyDiscriminator() {
        return DebertaConfig.load(resource("/fixtures/v3-base-like/rtd/discriminator_config.json"))
                .with(Map.of("num_hidden_layers", 4, "hidden_dropout_prob", 0.1, "attention_probs_dropout_prob", 0.1));
    }
}
