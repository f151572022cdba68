package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.PipelineModel;
import dev.deberta4j.pipeline.PipelineOptions;
import dev.deberta4j.pipeline.TextClassifier;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DebertaClassifierTest {

    @Test
    void equalsTheJavaPipelineOnAThousandNsmcReviewsInRowOrder() {
        assertEqualsJavaPipeline(LocalSpark.nsmcReviews(),
                new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).setBatchTokens(1024));
    }

    @Test
    void batchesBoundedByRowsAloneGiveTheSameOutputs() {
        assertEqualsJavaPipeline(LocalSpark.nsmcReviews().subList(0, 200),
                new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).setBatchTokens(0).setBatchSize(7));
    }

    @Test
    void noTokenBudgetAndNoRowLimitIsRejected() {
        DebertaClassifier unbounded = new DebertaClassifier().setModel(LocalSpark.NSMC.toString()).setBatchTokens(0);
        assertThatThrownBy(() -> unbounded.transform(LocalSpark.texts(List.of("좋아요"), 1)))
                .hasMessage("DebertaClassifier: setBatchTokens(0) needs a setBatchSize");
    }

    private static void assertEqualsJavaPipeline(List<String> reviews, DebertaClassifier classifier) {
        List<Row> rows = classifier.transform(LocalSpark.texts(reviews, 2)).collectAsList();
        var expected = new TextClassifier(PipelineModel.load(LocalSpark.NSMC, HeadType.SEQUENCE_CLASSIFICATION),
                PipelineOptions.defaults()).classify(reviews, 1);
        assertThat(rows).hasSize(reviews.size());
        rows = rows.stream().sorted(Comparator.comparingInt(r -> r.getInt(0))).toList();
        for (int i = 0; i < reviews.size(); i++) {
            Row r = rows.get(i);
            assertThat(r.getString(1)).isEqualTo(reviews.get(i));
            LabelScore e = expected.get(i).getFirst();
            Row p = r.getStruct(2);
            assertThat(p.getString(0)).as("review %d", i).isEqualTo(e.label());
            assertThat(p.getDouble(1)).as("review %d", i).isCloseTo(e.score(), within(1e-5));
        }
    }
}
