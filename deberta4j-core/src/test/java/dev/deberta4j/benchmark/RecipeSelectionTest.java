package dev.deberta4j.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --recipe auto}: the card's models by name, other models by config.json's model_type and size. */
class RecipeSelectionTest {
    @TempDir
    Path dir;

    @Test
    void theCardsModelsAreFoundByHubIdOrDirectoryName() {
        assertThat(RecipeSelection.select("monologg/distilkobert", null)).isEqualTo("distilkobert");
        assertThat(RecipeSelection.select("monologg/kobert", null)).isEqualTo("kobert");
        assertThat(RecipeSelection.select("beomi/kcbert-base", null)).isEqualTo("kcbert");
        assertThat(RecipeSelection.select("/models/KcBERT-Large", null)).isEqualTo("kcbert-large");
        assertThat(RecipeSelection.select("monologg/koelectra-small-v3-discriminator", null))
                .isEqualTo("koelectra-small-v3");
        assertThat(RecipeSelection.select("monologg/koelectra-base-v3-discriminator", null)).isEqualTo("koelectra");
        assertThat(RecipeSelection.select("xlm-roberta-base", null)).isEqualTo("xlm-roberta");
        assertThat(RecipeSelection.select("FacebookAI/xlm_roberta_base", null)).isEqualTo("xlm-roberta");
        assertThat(RecipeSelection.select("team-lucid/deberta-v3-base-korean", null)).isEqualTo("koelectra");
    }

    @Test
    void everySelectedRecipeExistsAndCoversEveryTask() {
        RecipeBook book = RecipeBook.bundled();
        for (String r : new String[]{"distilkobert", "kobert", "kcbert", "kcbert-large", "koelectra-small-v3",
                "koelectra", "xlm-roberta"}) {
            assertThat(book.names()).contains(r);
            for (BenchmarkTask t : BenchmarkTask.values()) assertThat(book.covers(r, t)).as(r + " " + t).isTrue();
        }
    }

    @Test
    void aLocalDirectoryOfNoKnownNameIsJudgedByItsConfig() throws IOException {
        assertThat(selectWithConfig("{\"model_type\":\"bert\",\"hidden_size\":768}")).isEqualTo("kcbert");
        assertThat(selectWithConfig("{\"model_type\":\"bert\",\"hidden_size\":1024}")).isEqualTo("kcbert-large");
        assertThat(selectWithConfig("{\"model_type\":\"electra\",\"hidden_size\":256}")).isEqualTo("koelectra-small-v3");
        assertThat(selectWithConfig("{\"model_type\":\"electra\",\"hidden_size\":768}")).isEqualTo("koelectra");
        assertThat(selectWithConfig("{\"model_type\":\"xlm-roberta\"}")).isEqualTo("xlm-roberta");
        assertThat(selectWithConfig("{\"model_type\":\"distilbert\"}")).isEqualTo("distilkobert");
        assertThat(selectWithConfig("{\"model_type\":\"deberta-v2\"}")).isEqualTo("koelectra");
        // config.json's own name wins over the type (a fine-tuned copy saved under another directory name)
        assertThat(selectWithConfig("{\"model_type\":\"bert\",\"_name_or_path\":\"monologg/kobert\"}"))
                .isEqualTo("kobert");
        assertThat(RecipeSelection.select(null, dir.resolve("absent"))).isEqualTo("koelectra");
    }

    @Test
    void anUnreadableConfigIsNamed() throws IOException {
        Path model = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(model.resolve("config.json"), "{not json");
        assertThatThrownBy(() -> RecipeSelection.select(model.toString(), model))
                .hasMessageContaining("config.json").hasMessageContaining("not readable as JSON");
    }

    private String selectWithConfig(String json) throws IOException {
        Path model = Files.createDirectories(dir.resolve("model-" + Integer.toHexString(json.hashCode())));
        Files.writeString(model.resolve("config.json"), json);
        return RecipeSelection.select(model.toString(), model);
    }
}
