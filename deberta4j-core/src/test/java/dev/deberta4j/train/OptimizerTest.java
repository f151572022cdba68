package dev.deberta4j.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** AdamW's update rule and decay groups, the learning-rate schedules and global-norm clipping. */
class OptimizerTest {

    @Test
    void adamWFollowsTorchsUpdateForTwoSteps() {
        Parameter p = new Parameter("w", new int[]{2}, new float[]{0.5f, -1f});
        AdamW adamW = new AdamW(List.of(p), new AdamW.Options(0.9, 0.999, 1e-6, 0.1, AdamW.DecayRule.ALL_PARAMETERS));
        double[] w = {0.5, -1};
        double[] m = new double[2];
        double[] v = new double[2];
        double[][] grads = {{0.2, -0.05}, {-0.1, 0.3}};
        for (int t = 1; t <= 2; t++) {
            p.grad()[0] = (float) grads[t - 1][0];
            p.grad()[1] = (float) grads[t - 1][1];
            adamW.step(0.01);
            for (int i = 0; i < 2; i++) {
                double g = grads[t - 1][i];
                w[i] *= 1 - 0.01 * 0.1;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-6;
                w[i] -= 0.01 / (1 - Math.pow(0.9, t)) * m[i] / denom;
                assertThat((double) p.data()[i]).as("step %d, element %d", t, i).isCloseTo(w[i], within(1e-6));
            }
        }
        assertThat(adamW.steps()).isEqualTo(2);
    }

    @Test
    void adamWHasTheBitsOfTheScalarFloatLoopInVectorLanesTailsAndParallelChunks() {
        // 70,003 values: past the parallel threshold, and not a multiple of the vector length (a scalar tail).
        int n = (1 << 16) + 4467;
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        float[] w0 = new float[n];
        for (int i = 0; i < n; i++) w0[i] = (float) random.nextGaussian();
        Parameter big = new Parameter("w", new int[]{n}, w0.clone());
        Parameter small = new Parameter("b.bias", new int[]{13}, java.util.Arrays.copyOf(w0, 13));
        AdamW adamW = new AdamW(List.of(big, small), AdamW.Options.defaults());
        float[] w = w0.clone();
        float[] m = new float[n];
        float[] v = new float[n];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < n; i++) big.grad()[i] = (float) (random.nextGaussian() * (i % 5 == 0 ? 1e-4 : 1));
            System.arraycopy(big.grad(), 0, small.grad(), 0, 13);
            adamW.step(1e-3);
            float decay = (float) (1 - 1e-3 * 0.01);
            float step = (float) -(1e-3 / (1 - Math.pow(0.9, t)));
            float bc2 = (float) Math.sqrt(1 - Math.pow(0.999, t));
            for (int i = 0; i < n; i++) {
                float g = big.grad()[i];
                float wi = w[i] * decay;
                m[i] = m[i] * 0.9f + (float) (1 - 0.9) * g;
                v[i] = v[i] * 0.999f + (float) (1 - 0.999) * g * g;
                w[i] = wi + step * m[i] / ((float) Math.sqrt(v[i]) / bc2 + 1e-8f);
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(big.data()[i])).as("element %d", i).isEqualTo(Float.floatToRawIntBits(w[i]));
        }
        assertThat(adamW.expAvgSq("w")).containsExactly(v);
        assertThat(small.data()[0]).isNotEqualTo(w0[0]);   // the small, undecayed parameter moved too
    }

    @Test
    void transformersDefaultDecaysNeitherBiasesNorLayerNorms() {
        AdamW.DecayRule rule = AdamW.DecayRule.TRANSFORMERS_DEFAULT;
        assertThat(rule.decays(param("deberta.encoder.layer.0.attention.self.query_proj.weight"))).isTrue();
        assertThat(rule.decays(param("deberta.encoder.rel_embeddings.weight"))).isTrue();
        assertThat(rule.decays(param("deberta.encoder.layer.0.attention.self.query_proj.bias"))).isFalse();
        assertThat(rule.decays(param("deberta.embeddings.LayerNorm.weight"))).isFalse();
        assertThat(rule.decays(param("cls.predictions.bias"))).isFalse();
        assertThat(AdamW.DecayRule.ALL_PARAMETERS.decays(param("deberta.embeddings.LayerNorm.weight"))).isTrue();

        // With a zero gradient only the decay moves a weight.
        Parameter bias = new Parameter("classifier.bias", new int[]{1}, new float[]{1f});
        Parameter weight = new Parameter("classifier.weight", new int[]{1}, new float[]{1f});
        new AdamW(List.of(bias, weight), AdamW.Options.defaults().withWeightDecay(0.5)).step(0.1);
        assertThat(bias.data()[0]).isEqualTo(1f);
        assertThat(weight.data()[0]).isEqualTo(0.95f);
    }

    @Test
    void schedulesMatchTransformersLambdas() {
        LrSchedule linear = LrSchedule.linearWarmupDecay(1.0, 2, 10);
        assertThat(linear.at(0)).isZero();
        assertThat(linear.at(1)).isEqualTo(0.5);
        assertThat(linear.at(2)).isEqualTo(1.0);
        assertThat(linear.at(6)).isEqualTo(0.5);
        assertThat(linear.at(10)).isZero();
        assertThat(linear.at(12)).isZero();
        LrSchedule cosine = LrSchedule.cosine(1.0, 2, 10);
        assertThat(cosine.at(1)).isEqualTo(0.5);
        assertThat(cosine.at(6)).isCloseTo(0.5, within(1e-12));
        assertThat(cosine.at(10)).isCloseTo(0.0, within(1e-12));
        assertThat(LrSchedule.constantWithWarmup(2.0, 4).at(1)).isEqualTo(0.5);
        assertThat(LrSchedule.constantWithWarmup(2.0, 4).at(9)).isEqualTo(2.0);
        assertThat(LrSchedule.constant(3.0).at(123)).isEqualTo(3.0);
        assertThat(LrSchedule.warmupSteps(0.1, 25)).isEqualTo(3);   // ceil, as get_warmup_steps
        assertThatThrownBy(() -> LrSchedule.warmupSteps(1.5, 10)).hasMessageContaining("1.5");
    }

    @Test
    void clippingScalesAllGradientsByOneFactorOnlyAboveTheLimit() {
        Parameter a = new Parameter("a", new int[]{2}, new float[2]);
        Parameter b = new Parameter("b", new int[]{1}, new float[1]);
        a.grad()[0] = 3;
        a.grad()[1] = 0;
        b.grad()[0] = 4;
        assertThat(GradientClipping.clipGlobalNorm(List.of(a, b), 10)).isEqualTo(5.0);
        assertThat(b.grad()[0]).isEqualTo(4f);
        assertThat(GradientClipping.clipGlobalNorm(List.of(a, b), 1)).isEqualTo(5.0);
        assertThat((double) a.grad()[0]).isCloseTo(0.6, within(1e-6));
        assertThat((double) b.grad()[0]).isCloseTo(0.8, within(1e-6));
        assertThat(GradientClipping.globalNorm(List.of(a, b))).isCloseTo(1.0, within(1e-6));
    }

    private static Parameter param(String name) {
        return new Parameter(name, new int[]{1}, new float[1]);
    }
}
