package dev.deberta4j.train;

/**
 * Learning rate by optimizer step (0-based: the rate of the first update is {@code at(0)}), as transformers'
 * get_*_schedule_with_warmup functions define them through LambdaLR.
 */
@FunctionalInterface
public interface LrSchedule {
    double at(long step);

    static LrSchedule constant(double lr) {
        return step -> lr;
    }

    /** Linear warmup from 0 over warmupSteps, then constant. */
    static LrSchedule constantWithWarmup(double lr, long warmupSteps) {
        return step -> step < warmupSteps ? lr * step / Math.max(1.0, warmupSteps) : lr;
    }

    /** Linear warmup from 0 to lr over warmupSteps, then linear decay to 0 at totalSteps (HF's default). */
    static LrSchedule linearWarmupDecay(double lr, long warmupSteps, long totalSteps) {
        return step -> {
            if (step < warmupSteps) return lr * step / Math.max(1.0, warmupSteps);
            return lr * Math.max(0.0, (double) (totalSteps - step) / Math.max(1.0, totalSteps - warmupSteps));
        };
    }

    /** Linear warmup, then half a cosine wave from lr down to 0 at totalSteps. */
    static LrSchedule cosine(double lr, long warmupSteps, long totalSteps) {
        return step -> {
            if (step < warmupSteps) return lr * step / Math.max(1.0, warmupSteps);
            double progress = (double) (step - warmupSteps) / Math.max(1.0, totalSteps - warmupSteps);
            return lr * Math.max(0.0, 0.5 * (1 + Math.cos(Math.PI * progress)));
        };
    }

    /** Warmup steps for a warmup ratio, rounded up as transformers' TrainingArguments.get_warmup_steps does. */
    static long warmupSteps(double warmupRatio, long totalSteps) {
        if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
            throw new IllegalArgumentException("warmup ratio must be in [0, 1], found " + warmupRatio);
        }
        return (long) Math.ceil(totalSteps * warmupRatio);
    }
}
