package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * torch.optim.AdamW (amsgrad off) with fp32 state, in torch's operation order. Per step t and parameter p:
 * p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * p ← p − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε). Parameters for which the decay rule says no get wd = 0
 * (Hugging Face Trainer's default: no decay for biases and LayerNorm weights).
 */
public final class AdamW {

    /** Which parameters get weight decay. */
    public enum DecayRule {
        /** Every parameter (one param group, as in the parity goldens). */
        ALL_PARAMETERS(p -> true),
        /** Hugging Face Trainer's default: not the biases and not the LayerNorm weights. */
        TRANSFORMERS_DEFAULT(p -> !p.name().contains("bias") && !p.name().contains("LayerNorm"));

        private final Predicate<Parameter> decays;

        DecayRule(Predicate<Parameter> decays) {
            this.decays = decays;
        }

        public boolean decays(Parameter p) {
            return decays.test(p);
        }
    }

    /** Hyper-parameters; {@link #defaults()} are torch's (β 0.9/0.999, ε 1e-8, wd 0.01) with HF's decay rule. */
    public record Options(double beta1, double beta2, double eps, double weightDecay, DecayRule decayRule) {
        public Options {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("AdamW betas must be in [0, 1), found " + beta1 + ", " + beta2);
            }
            if (!(eps > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("AdamW needs eps > 0 and weight_decay >= 0, found eps " + eps
                        + ", weight_decay " + weightDecay);
            }
        }

        public static Options defaults() {
            return new Options(0.9, 0.999, 1e-8, 0.01, DecayRule.TRANSFORMERS_DEFAULT);
        }

        public Options withWeightDecay(double wd) {
            return new Options(beta1, beta2, eps, wd, decayRule);
        }

        public Options withEps(double e) {
            return new Options(beta1, beta2, e, weightDecay, decayRule);
        }

        public Options withDecayRule(DecayRule rule) {
            return new Options(beta1, beta2, eps, weightDecay, rule);
        }
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    /** Parameters at least this large are updated by the shared pool's threads. */
    private static final int PARALLEL_MIN_SIZE = 1 << 16;

    private final List<Parameter> parameters;
    private final Options options;
    private final Map<String, float[]> expAvg = new LinkedHashMap<>();
    private final Map<String, float[]> expAvgSq = new LinkedHashMap<>();
    private long steps;

    public AdamW(List<Parameter> parameters, Options options) {
        this.parameters = List.copyOf(parameters);
        this.options = options;
        for (Parameter p : this.parameters) {
            if (expAvg.put(p.name(), new float[p.size()]) != null) {
                throw new IllegalArgumentException("parameter " + p.name() + " is listed twice");
            }
            expAvgSq.put(p.name(), new float[p.size()]);
        }
    }

    public Options options() {
        return options;
    }

    /** Optimizer steps taken (torch's per-parameter "step" state; the same for all parameters here). */
    public long steps() {
        return steps;
    }

    /** Applies one update with learning rate {@code lr} from the parameters' current gradients. */
    public void step(double lr) {
        steps++;
        double biasCorrection1 = 1 - Math.pow(options.beta1(), steps);
        double biasCorrection2 = 1 - Math.pow(options.beta2(), steps);
        for (Parameter p : parameters) {
            Update u = new Update((float) (options.decayRule().decays(p) ? 1 - lr * options.weightDecay() : 1),
                    (float) options.beta1(), (float) (1 - options.beta1()), (float) options.beta2(),
                    (float) (1 - options.beta2()), (float) -(lr / biasCorrection1),
                    (float) Math.sqrt(biasCorrection2), (float) options.eps());
            float[] m = expAvg.get(p.name());
            float[] v = expAvgSq.get(p.name());
            if (p.size() < PARALLEL_MIN_SIZE) {
                u.apply(p.data(), p.grad(), m, v, 0, p.size());
            } else {
                // Elementwise, so any split gives the same bits.
                ThreadPool.shared().parallelFor(p.size(), (from, to) -> u.apply(p.data(), p.grad(), m, v, from, to));
            }
        }
    }

    /**
     * The float32 constants of one step for one parameter, applied in torch's order. Vectorised: every operation
     * is an IEEE lane-wise one (the float square root is correctly rounded, as (float) Math.sqrt of the float is),
     * so the vector lanes and the scalar tail give the bits of the scalar loop.
     */
    private record Update(float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                          float negStepSize, float biasCorrection2Sqrt, float eps) {
        void apply(float[] w, float[] g, float[] m, float[] v, int from, int to) {
            int i = from;
            for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
                FloatVector gi = FloatVector.fromArray(S, g, i);
                FloatVector wi = FloatVector.fromArray(S, w, i).mul(decay);
                FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(oneMinusBeta1));
                FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(oneMinusBeta2).mul(gi));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector denom = vi.sqrt().div(biasCorrection2Sqrt).add(eps);
                wi.add(mi.mul(negStepSize).div(denom)).intoArray(w, i);
            }
            for (; i < to; i++) {
                float gi = g[i];
                float wi = w[i] * decay;
                m[i] = m[i] * beta1 + oneMinusBeta1 * gi;
                v[i] = v[i] * beta2 + oneMinusBeta2 * gi * gi;
                float denom = (float) Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
                w[i] = wi + negStepSize * m[i] / denom;
            }
        }
    }

    /** The first-moment state of a parameter (exp_avg), live. */
    public float[] expAvg(String name) {
        return state(expAvg, name);
    }

    /** The second-moment state of a parameter (exp_avg_sq), live. */
    public float[] expAvgSq(String name) {
        return state(expAvgSq, name);
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** Restores the state saved in a training checkpoint. */
    void restore(long steps, Map<String, float[]> m, Map<String, float[]> v) {
        for (Parameter p : parameters) {
            copyState(m, p, expAvg.get(p.name()), "exp_avg");
            copyState(v, p, expAvgSq.get(p.name()), "exp_avg_sq");
        }
        this.steps = steps;
    }

    private static void copyState(Map<String, float[]> saved, Parameter p, float[] into, String what) {
        float[] s = saved.get(p.name());
        if (s == null || s.length != into.length) {
            throw new IllegalArgumentException("optimizer state " + what + "." + p.name() + ": expected "
                    + into.length + " values, found " + (s == null ? "none" : s.length));
        }
        System.arraycopy(s, 0, into, 0, into.length);
    }

    private static float[] state(Map<String, float[]> map, String name) {
        float[] s = map.get(name);
        if (s == null) throw new IllegalArgumentException("the optimizer has no parameter " + name);
        return s;
    }
}
