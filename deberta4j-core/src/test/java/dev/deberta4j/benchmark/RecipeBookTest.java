package dev.deberta4j.benchmark;

import dev.deberta4j.finetune.FineTuneOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bundled recipes hold the values of the data README's table; overrides and bad files behave. */
class RecipeBookTest {
    private final RecipeBook book = RecipeBook.bundled();

    @Test
    void koelectraAndKcbertValuesFollowTheRecipeTable() {
        assertThat(book.names()).contains("koelectra", "kcbert", "quick");
        Recipe nsmc = book.recipe("koelectra", BenchmarkTask.NSMC);
        assertThat(nsmc).extracting(Recipe::maxLength, Recipe::batchSize, Recipe::learningRate, Recipe::epochs,
                Recipe::saveSteps, Recipe::evalBatchSize).containsExactly(128, 32, 5e-5, 10, 2000, 128);
        Recipe kornli = book.recipe("kcbert", BenchmarkTask.KORNLI);
        assertThat(kornli).extracting(Recipe::maxLength, Recipe::batchSize, Recipe::learningRate, Recipe::epochs,
                Recipe::saveSteps, Recipe::evalBatchSize).containsExactly(72, 128, 3e-5, 10, 3000, 256);
        Recipe kcNsmc = book.recipe("kcbert", BenchmarkTask.NSMC);
        assertThat(kcNsmc).extracting(Recipe::maxLength, Recipe::batchSize, Recipe::epochs).containsExactly(50, 64, 8);
        // the common settings: warmup 0, weight decay 0, AdamW eps 1e-8, clipping 1.0, seed 42, no row limits
        for (String r : new String[]{"koelectra", "kcbert"}) {
            for (BenchmarkTask t : BenchmarkTask.values()) {
                Recipe x = book.recipe(r, t);
                assertThat(x).extracting(Recipe::warmupRatio, Recipe::weightDecay, Recipe::adamEpsilon,
                        Recipe::maxGradNorm, Recipe::seed, Recipe::maxTrain, Recipe::maxTest)
                        .containsExactly(0.0, 0.0, 1e-8, 1.0, 42L, null, null);
            }
        }
    }

    @Test
    void theComparedModelsRecipesFollowTheirPublishedConfigs() {
        // monologg/KoELECTRA finetune/config/<task>/<model>.json and Beomi/KcBERT-Finetune config/<task>/kcbert-large.json
        assertThat(book.recipe("koelectra-small-v3", BenchmarkTask.PAWS)).extracting(Recipe::maxLength,
                Recipe::batchSize, Recipe::evalBatchSize, Recipe::learningRate, Recipe::epochs, Recipe::saveSteps)
                .containsExactly(128, 64, 128, 3e-5, 15, 500);
        assertThat(book.recipe("kobert", BenchmarkTask.KORNLI)).extracting(Recipe::batchSize, Recipe::learningRate,
                Recipe::epochs).containsExactly(64, 5e-5, 15);
        assertThat(book.recipe("distilkobert", BenchmarkTask.KORNLI)).extracting(Recipe::batchSize,
                Recipe::learningRate, Recipe::epochs).containsExactly(128, 5e-5, 15);
        Recipe xlmrNsmc = book.recipe("xlm-roberta", BenchmarkTask.NSMC);
        assertThat(xlmrNsmc).extracting(Recipe::learningRate, Recipe::warmupRatio, Recipe::seed)
                .containsExactly(1e-5, 0.1, 42L);
        assertThat(book.recipe("xlm-roberta", BenchmarkTask.KORSTS)).extracting(Recipe::learningRate,
                Recipe::warmupRatio, Recipe::seed).containsExactly(5e-5, 0.0, 777L);
        assertThat(book.recipe("kcbert-large", BenchmarkTask.PAWS)).extracting(Recipe::maxLength, Recipe::batchSize,
                Recipe::evalBatchSize, Recipe::learningRate).containsExactly(128, 16, 32, 1e-5);
        assertThat(book.recipe("kcbert-large", BenchmarkTask.NSMC)).extracting(Recipe::maxLength, Recipe::batchSize,
                Recipe::epochs).containsExactly(50, 64, 8);
    }

    @Test
    void overridesReplaceOnlyTheGivenValuesAndReachTheFineTuningOptions() {
        Recipe r = book.recipe("koelectra", BenchmarkTask.KORSTS).with(new RecipeOverrides(null, 16, null, 1e-4, 2,
                null, 7L, 100, 50));
        assertThat(r).extracting(Recipe::maxLength, Recipe::batchSize, Recipe::learningRate, Recipe::epochs,
                Recipe::saveSteps, Recipe::seed, Recipe::maxTrain, Recipe::maxTest)
                .containsExactly(128, 16, 1e-4, 2, 100, 7L, 100, 50);
        FineTuneOptions o = r.fineTuneOptions();
        assertThat(o).extracting(FineTuneOptions::epochs, FineTuneOptions::batchSize, FineTuneOptions::learningRate,
                FineTuneOptions::warmupRatio, FineTuneOptions::weightDecay, FineTuneOptions::evalSteps,
                FineTuneOptions::saveSteps, FineTuneOptions::adamEpsilon, FineTuneOptions::maxGradNorm)
                .containsExactly(2, 16, 1e-4, 0.0, 0.0, 100, 100, 1e-8, 1.0);
        assertThat(r.toJson().toString()).contains("\"learning_rate\":1.0E-4", "\"max_train\":100");
    }

    @Test
    void theQuickRecipeLimitsRowsAndTrainsThePairTasksLonger() {
        Recipe nsmc = book.recipe("quick", BenchmarkTask.NSMC);
        Recipe qpair = book.recipe("quick", BenchmarkTask.QUESTION_PAIR);
        assertThat(nsmc.maxTrain()).isEqualTo(2000);
        assertThat(nsmc.maxTest()).isEqualTo(1000);
        assertThat(qpair.epochs()).isGreaterThan(nsmc.epochs());
    }

    @Test
    void missingOrMistypedValuesAndUnknownRecipesAreNamed() {
        RecipeBook bad = RecipeBook.parse("bad.json", """
                {"common": {"warmup_proportion": 0, "weight_decay": 0, "adam_epsilon": 1e-8, "max_grad_norm": 1,
                            "seed": 42},
                 "recipes": {"r": {"tasks": {"nsmc": {"max_seq_len": 64, "train_batch_size": "32"}}}}}
                """);
        assertThatThrownBy(() -> bad.recipe("r", BenchmarkTask.NSMC))
                .hasMessageContaining("bad.json").hasMessageContaining("recipe \"r\", task nsmc")
                .hasMessageContaining("train_batch_size").hasMessageContaining("\"32\"");
        assertThatThrownBy(() -> bad.recipe("r", BenchmarkTask.PAWS)).hasMessageContaining("no entry for task paws");
        assertThatThrownBy(() -> book.recipe("electra", BenchmarkTask.NSMC))
                .hasMessageContaining("unknown recipe \"electra\"").hasMessageContaining("koelectra");
        assertThatThrownBy(() -> RecipeBook.parse("x.json", "{}")).hasMessageContaining("x.json")
                .hasMessageContaining("recipes");
    }
}
