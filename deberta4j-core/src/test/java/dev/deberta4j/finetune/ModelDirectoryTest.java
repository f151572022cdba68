package dev.deberta4j.finetune;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.WeightInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A model directory is saved again and again during fine-tuning: it must be loadable at every instant. */
class ModelDirectoryTest {
    @TempDir Path dir;

    /** The old save truncated config.json and rewrote it in place; now every file is replaced by a rename. */
    @Test
    void savingAgainReplacesFilesInsteadOfEditingThemInPlace() throws Exception {
        Path out = dir.resolve("out");
        DebertaConfig config = FineTuningTest.tinyV3();
        InMemoryTensorSource weights = WeightInitializer.initialise(config, HeadType.BASE, 3);
        ModelDirectory.write(out, config, HeadType.BASE, weights, FineTuningTest.tokenizerDir());
        Object configKey = Files.readAttributes(out.resolve("config.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Object tokenizerKey = Files.readAttributes(out.resolve("spm.model"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        ModelDirectory.write(out, config, HeadType.BASE, weights, FineTuningTest.tokenizerDir());
        assertThat(Files.readAttributes(out.resolve("config.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isNotEqualTo(configKey);
        assertThat(Files.readAttributes(out.resolve("spm.model"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isNotEqualTo(tokenizerKey);
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("out"); // no staging left
        }
        assertThat(DebertaModel.load(out).config().hiddenSize).isEqualTo(16);
    }

    /** A reader polling while the folder is saved repeatedly never finds it half-written. */
    @Test
    void aConcurrentReaderAlwaysFindsALoadableFolder() throws Exception {
        Path out = dir.resolve("out");
        DebertaConfig config = FineTuningTest.tinyV3();
        InMemoryTensorSource weights = WeightInitializer.initialise(config, HeadType.BASE, 3);
        AtomicBoolean saving = new AtomicBoolean(true);
        List<String> problems = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (saving.get() && problems.isEmpty()) {
                if (!Files.exists(out.resolve("config.json"))) continue;
                try {
                    DebertaConfig.load(out);
                    if (!Files.isRegularFile(out.resolve("model.safetensors"))) problems.add("config without weights");
                    if (!Files.isRegularFile(out.resolve("spm.model"))) problems.add("config without tokenizer");
                } catch (RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 40; i++) {
            ModelDirectory.write(out, config, HeadType.BASE, weights, FineTuningTest.tokenizerDir());
        }
        saving.set(false);
        reader.join();
        assertThat(problems).isEmpty();
    }
}
