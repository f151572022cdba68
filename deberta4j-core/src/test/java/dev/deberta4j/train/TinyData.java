package dev.deberta4j.train;

import dev.deberta4j.model.ModelInput;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small synthetic classification set for the tiny models: label = whether token 5 occurs in the text. */
final class TinyData implements TrainingData {
    private final List<int[]> texts = new ArrayList<>();
    private final int[] labels;
    private final float[] regressionTargets;

    TinyData(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        labels = new int[size];
        regressionTargets = new float[size];
        for (int i = 0; i < size; i++) {
            int len = 3 + random.nextInt(6);
            int[] ids = new int[len];
            for (int t = 0; t < len; t++) ids[t] = 1 + random.nextInt(39);
            texts.add(ids);
            boolean has5 = false;
            for (int id : ids) has5 |= id == 5;
            labels[i] = has5 ? 1 : 0;
            regressionTargets[i] = len / 4f;
        }
    }

    @Override
    public int size() {
        return texts.size();
    }

    @Override
    public Batch batch(int[] indices) {
        List<int[]> seqs = new ArrayList<>();
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            seqs.add(texts.get(indices[k]));
            y[k] = labels[indices[k]];
        }
        return new Batch(ModelInput.of(seqs, 0), new Labels.Classes(y));
    }

    /** The same examples with the regression targets (length / 4), for regression heads. */
    TrainingData regression(float overrideFirst) {
        TinyData self = this;
        return new TrainingData() {
            @Override
            public int size() {
                return self.size();
            }

            @Override
            public Batch batch(int[] indices) {
                float[] t = new float[indices.length];
                for (int k = 0; k < indices.length; k++) {
                    t[k] = indices[k] == 0 ? overrideFirst : regressionTargets[indices[k]];
                }
                return new Batch(self.batch(indices).input(), new Labels.Regression(t));
            }
        };
    }
}
