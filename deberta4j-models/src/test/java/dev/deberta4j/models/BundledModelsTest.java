package dev.deberta4j.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundledModelsTest {
    @TempDir Path cache;

    @Test
    void copiesTheModelOnceAndReplacesAnAlteredCopy() throws IOException {
        String before = System.getProperty(BundledModels.CACHE_PROPERTY);
        System.setProperty(BundledModels.CACHE_PROPERTY, cache.toString());
        try {
            Path dir = BundledModels.koreanSentiment();
            assertThat(dir).startsWith(cache);
            Path repo = Path.of("../models/nsmc-sentiment-small");
            for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json"}) {
                assertThat(Files.mismatch(dir.resolve(f), repo.resolve(f))).as(f).isEqualTo(-1L);
            }
            long modified = Files.getLastModifiedTime(dir.resolve("model.safetensors")).toMillis();
            assertThat(BundledModels.koreanSentiment()).isEqualTo(dir);
            assertThat(Files.getLastModifiedTime(dir.resolve("model.safetensors")).toMillis()).isEqualTo(modified);

            Files.write(dir.resolve("model.safetensors"), new byte[]{1, 2, 3});   // truncated: not trusted
            assertThat(Files.mismatch(BundledModels.koreanSentiment().resolve("model.safetensors"),
                    repo.resolve("model.safetensors"))).isEqualTo(-1L);
            try (var names = Files.list(cache)) {
                assertThat(names.map(p -> p.getFileName().toString()).toList()).containsExactly("nsmc-sentiment-small-0.1.0");
            }
        } finally {
            if (before == null) System.clearProperty(BundledModels.CACHE_PROPERTY);
            else System.setProperty(BundledModels.CACHE_PROPERTY, before);
        }
        assertThatThrownBy(() -> BundledModels.directory("nope")).hasMessageContaining("nsmc-sentiment-small");
    }
}
