package dev.deberta4j.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProjectedPositionsTest {
    private static final int ROWS = 100;
    private static final int HIDDEN = 24;
    private static final int OUT = 16;
    private static final int HEADS = 2;

    private static float[] random(int n, Random rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    @Test
    void rowsMatchTheWholeProjectionAndDoNotDependOnTheOrderTheyWereAskedFor() {
        Random rnd = new Random(7);
        float[] rel = random(ROWS * HIDDEN, rnd);
        Linear projection = new Linear(random(OUT * HIDDEN, rnd), random(OUT, rnd), OUT, HIDDEN);
        float[] whole = projection.forward(rel, ROWS);

        ProjectedPositions narrowFirst = new ProjectedPositions(projection, rel, ROWS, HEADS);
        float[] narrow = narrowFirst.covering(45, 10);
        assertThat(narrowFirst.valueAt(narrow, 0, 0)).as("a row no pass has read yet").isZero();
        for (int r = 45; r < 55; r++) {
            for (int c = 0; c < OUT; c++) {
                assertThat(narrowFirst.valueAt(narrow, r, c)).isCloseTo(whole[r * OUT + c], within(1e-5f));
            }
        }
        float[] all = narrowFirst.covering(0, ROWS);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < OUT; c++) {
                assertThat(narrowFirst.valueAt(all, r, c)).isCloseTo(whole[r * OUT + c], within(1e-5f));
            }
        }

        ProjectedPositions wideFirst = new ProjectedPositions(projection, rel, ROWS, HEADS);
        assertThat(wideFirst.covering(0, ROWS)).containsExactly(all);
        assertThat(narrowFirst.valueAt(narrow, 0, 0)).as("an earlier snapshot is never written to").isZero();
    }
}
