package dev.deberta4j.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Known values from scikit-learn and scipy (computed by hand where noted). */
class MetricsTest {

    @Test
    void macroF1MatchesScikitLearnsDocumentedExample() {
        // sklearn.metrics.f1_score docs: y_true [0,1,2,0,1,2], y_pred [0,2,1,0,0,1], average="macro" -> 0.2666...
        int[] gold = {0, 1, 2, 0, 1, 2};
        int[] pred = {0, 2, 1, 0, 0, 1};
        assertThat(ClassificationMetrics.macroF1(gold, pred, 3)).isCloseTo(0.26666666666666666, within(1e-15));
        assertThat(ClassificationMetrics.accuracy(gold, pred)).isCloseTo(2.0 / 6, within(1e-15));
    }

    @Test
    void macroF1AveragesOnlyClassesThatOccur() {
        // class 2 appears in neither list: sklearn's default labels leave it out (F1 of 0 and 1 are 1.0)
        assertThat(ClassificationMetrics.macroF1(new int[]{0, 1}, new int[]{0, 1}, 3)).isEqualTo(1.0);
        assertThatThrownBy(() -> ClassificationMetrics.macroF1(new int[]{0}, new int[]{3}, 3))
                .hasMessageContaining("predicted[0] = 3");
    }

    @Test
    void pearsonMatchesAHandComputedValue() {
        // sxy = 6, sxx = 10, syy = 6 -> 6 / sqrt(60)
        double r = Correlation.pearson(new double[]{1, 2, 3, 4, 5}, new double[]{2, 4, 5, 4, 5});
        assertThat(r).isCloseTo(6 / Math.sqrt(60), within(1e-15));
        assertThat(Correlation.pearson(new double[]{1, 1}, new double[]{1, 2})).isNaN();
    }

    @Test
    void spearmanAveragesTiedRanksAsScipyDoes() {
        // scipy.stats.spearmanr([1,2,2,3], [1,3,2,4]) = 0.9486832980505138 (ranks 1, 2.5, 2.5, 4)
        assertThat(Correlation.averageRanks(new double[]{1, 2, 2, 3})).containsExactly(1, 2.5, 2.5, 4);
        assertThat(Correlation.spearman(new double[]{1, 2, 2, 3}, new double[]{1, 3, 2, 4}))
                .isCloseTo(0.9486832980505138, within(1e-15));
        // ties on both sides: spearmanr([3,1,2,2,5], [9,9,1,7,2]) = -5/19 = -0.2631578947368421
        assertThat(Correlation.spearman(new double[]{3, 1, 2, 2, 5}, new double[]{9, 9, 1, 7, 2}))
                .isCloseTo(-5.0 / 19, within(1e-15)).isCloseTo(spearmanByHand(), within(1e-15));
    }

    @Test
    void spearmanAndPearsonMatchScipyOnKorStsLikeScoresWithManyTies() {
        // gold scores 0..5 with repeated values, predictions with ties of their own
        double[] gold = {5.0, 4.2, 4.2, 3.8, 0.0, 0.0, 2.5, 2.5, 2.5, 1.0, 4.2, 3.0};
        double[] pred = {4.1, 3.9, 4.0, 3.9, 0.3, 0.5, 2.0, 3.0, 2.0, 1.5, 3.9, 3.9};
        // scipy.stats.rankdata(pred), rankdata(gold)
        assertThat(Correlation.averageRanks(pred)).containsExactly(12, 8.5, 11, 8.5, 1, 2, 4.5, 6, 4.5, 3, 8.5, 8.5);
        assertThat(Correlation.averageRanks(gold)).containsExactly(12, 10, 10, 8, 1.5, 1.5, 5, 5, 5, 3, 10, 7);
        // scipy.stats.spearmanr(pred, gold).statistic, scipy.stats.pearsonr(pred, gold).statistic (scipy 1.17)
        assertThat(Correlation.spearman(pred, gold)).isCloseTo(0.9637744419345, within(1e-13));
        assertThat(Correlation.pearson(pred, gold)).isCloseTo(0.9521861273356332, within(1e-13));
        // a reversed series with runs of ties: spearmanr([1,2,2,2,3,4,4,5], [9,8,8,7,6,5,5,1]) = -0.981536873554092
        assertThat(Correlation.spearman(new double[]{1, 2, 2, 2, 3, 4, 4, 5}, new double[]{9, 8, 8, 7, 6, 5, 5, 1}))
                .isCloseTo(-0.981536873554092, within(1e-13));
    }

    @Test
    void spearmanIsNaNWhereScipyGivesNaN() {
        // a constant series (all ranks tied): scipy warns ConstantInputWarning and returns nan
        assertThat(Correlation.spearman(new double[]{1, 1, 1, 1}, new double[]{1, 2, 3, 4})).isNaN();
        // a NaN value: scipy's nan_policy="propagate" returns nan instead of ranking it last
        assertThat(Correlation.spearman(new double[]{1, Double.NaN, 3}, new double[]{1, 2, 3})).isNaN();
        assertThatThrownBy(() -> Correlation.spearman(new double[]{1, Double.NaN}, new double[]{1, 2, 3}))
                .hasMessageContaining("equal length");
    }

    /** Ranks x: 4, 1, 2.5, 2.5, 5; y: 4.5, 4.5, 1, 3, 2 -> Pearson of those. */
    private static double spearmanByHand() {
        double[] rx = {4, 1, 2.5, 2.5, 5};
        double[] ry = {4.5, 4.5, 1, 3, 2};
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < 5; i++) {
            sxy += (rx[i] - 3) * (ry[i] - 3);
            sxx += (rx[i] - 3) * (rx[i] - 3);
            syy += (ry[i] - 3) * (ry[i] - 3);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
