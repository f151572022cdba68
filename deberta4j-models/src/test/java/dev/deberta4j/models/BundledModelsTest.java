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
            Path repo = Path.of("../models/ko-deberta-v3-h256l6-nsmc");
            for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json", "spm.model",
                    "training_columns.json", "README.md"}) {
                assertThat(Files.mismatch(dir.resolve(f), repo.resolve(f))).as(f).isEqualTo(-1L);
            }
            long modified = Files.getLastModifiedTime(dir.resolve("model.safetensors")).toMillis();
            assertThat(BundledModels.koreanSentiment()).isEqualTo(dir);
            assertThat(Files.getLastModifiedTime(dir.resolve("model.safetensors")).toMillis()).isEqualTo(modified);

            Files.write(dir.resolve("model.safetensors"), new byte[]{1, 2, 3});   // truncated: not trusted
            assertThat(Files.mismatch(BundledModels.koreanSentiment().resolve("model.safetensors"),
                    repo.resolve("model.safetensors"))).isEqualTo(-1L);
            try (var names = Files.list(cache)) {
                assertThat(names.map(p -> p.getFileName().toString()).toList()).containsExactly("ko-deberta-v3-h256l6-nsmc-0.1.0");
            }
        } finally {
            if (before == null) System.clearProperty(BundledModels.CACHE_PROPERTY);
            else System.setProperty(BundledModels.CACHE_PROPERTY, before);
        }
        assertThatThrownBy(() -> BundledModels.directory("nope")).hasMessageContaining(BundledModels.KOREAN_SENTIMENT)
                .hasMessageContaining(BundledModels.KOREAN_GENERATOR);
    }

    @Test
    void thePretrainedKoreanPairIsBundledAndACopyFromAnotherBuildIsReplaced() throws IOException {
        String before = System.getProperty(BundledModels.CACHE_PROPERTY);
        System.setProperty(BundledModels.CACHE_PROPERTY, cache.toString());
        try {
            for (String name : new String[]{BundledModels.KOREAN_DISCRIMINATOR, BundledModels.KOREAN_GENERATOR}) {
                Path dir = BundledModels.directory(name);
                assertThat(dir.getFileName().toString()).isEqualTo(name.replace('/', '-') + "-0.1.0");
                Path repo = Path.of("../models").resolve(name);
                for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json", "spm.model"}) {
                    assertThat(Files.mismatch(dir.resolve(f), repo.resolve(f))).as(name + " " + f).isEqualTo(-1L);
                }
            }
            assertThat(BundledModels.koreanGenerator()).isEqualTo(BundledModels.directory(BundledModels.KOREAN_GENERATOR));
            assertThat(BundledModels.koreanDiscriminator()).isEqualTo(BundledModels.directory(BundledModels.KOREAN_DISCRIMINATOR));

            // a copy made from another build of the same shape: same sizes, another fingerprint -> copied again
            Path dir = BundledModels.koreanGenerator();
            Path fingerprint = dir.resolve(".deberta4j-bundled");
            String current = Files.readString(fingerprint);
            Files.writeString(fingerprint, current.replaceFirst("(model\\.safetensors\t\\d+\t)\\d+", "$1" + 7));
            byte[] other = Files.readAllBytes(dir.resolve("model.safetensors"));
            other[other.length - 1] ^= 1;
            Files.write(dir.resolve("model.safetensors"), other);
            assertThat(BundledModels.koreanGenerator()).isEqualTo(dir);
            assertThat(Files.readString(fingerprint)).isEqualTo(current);
            assertThat(Files.mismatch(dir.resolve("model.safetensors"),
                    Path.of("../models").resolve(BundledModels.KOREAN_GENERATOR).resolve("model.safetensors"))).isEqualTo(-1L);
        } finally {
            if (before == null) System.clearProperty(BundledModels.CACHE_PROPERTY);
            else System.setProperty(BundledModels.CACHE_PROPERTY, before);
        }
    }
}
