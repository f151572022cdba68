package dev.deberta4j.train;

import java.util.List;

/** torch.nn.utils.clip_grad_norm_ with the L2 norm over all gradients together. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** √(Σ g²) over every parameter's gradient, accumulated in double. */
    public static double globalNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            for (float g : p.grad()) sum += (double) g * g;
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales every gradient by min(1, maxNorm / (norm + 1e-6)).
     *
     * @return the norm before clipping (non-finite if a gradient is)
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("max gradient norm must be > 0, found " + maxNorm);
        double norm = globalNorm(parameters);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1) {
            float c = (float) coefficient;
            for (Parameter p : parameters) {
                float[] g = p.grad();
                for (int i = 0; i < g.length; i++) g[i] *= c;
            }
        }
        return norm;
    }
}
