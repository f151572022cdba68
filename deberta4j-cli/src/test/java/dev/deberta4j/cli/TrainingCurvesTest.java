package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrainingCurvesTest {
    @Test
    void aLongRunsLineIsDrawnFromAtMostMaxPointsOfItsMovingAverageEndingAtTheLastStep() {
        List<Double> steps = new ArrayList<>(), values = new ArrayList<>();
        for (int s = 1; s <= 5001; s++) {
            steps.add((double) s);
            values.add((double) s);   // a ramp: its 50-step moving average at step s is s - 24.5
        }
        TrainingCurves.Series line = TrainingCurves.Series.smoothed(steps, values);
        assertThat(line.x.size()).isLessThanOrEqualTo(TrainingCurves.MAX_POINTS).isGreaterThan(1000);
        assertThat(line.x.getFirst()).isEqualTo(1.0);
        assertThat(line.x.getLast()).isEqualTo(5001.0);
        assertThat(line.y.getFirst()).isEqualTo(1.0);
        assertThat(line.y.getLast()).isCloseTo(5001 - 24.5, within(1e-9));
        for (int i = 0; i < line.x.size(); i++) {
            if (line.x.get(i) >= 50) assertThat(line.y.get(i)).isCloseTo(line.x.get(i) - 24.5, within(1e-6));
        }
    }

    @Test
    void aShortRunsLineKeepsEveryStep() {
        List<Double> steps = List.of(1.0, 2.0, 3.0), values = List.of(4.0, 2.0, 3.0);
        TrainingCurves.Series line = TrainingCurves.Series.smoothed(steps, values);
        assertThat(line.x).isEqualTo(steps);
        assertThat(line.y).isEqualTo(values);   // window 1 below 200 steps
    }
}
