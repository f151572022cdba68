package dev.deberta4j.pretrain;

/**
 * Options of the replaced-token-detection model.
 *
 * @param rtdWeight λ in total = MLM + λ·RTD (ELECTRA's and the fixture's 50; microsoft/DeBERTa uses 10 with
 *                  decoupled optimisers)
 * @param emd       the generator predicts through the Enhanced Mask Decoder (docs/pretraining.md)
 */
public record RtdOptions(double rtdWeight, boolean emd) {
    public static final double DEFAULT_RTD_WEIGHT = 50;

    public RtdOptions {
        if (!(rtdWeight >= 0) || Double.isInfinite(rtdWeight)) {
            throw new IllegalArgumentException("rtd weight must be a finite number >= 0, found " + rtdWeight);
        }
    }

    public static RtdOptions defaults() {
        return new RtdOptions(DEFAULT_RTD_WEIGHT, false);
    }

    public RtdOptions withRtdWeight(double weight) {
        return new RtdOptions(weight, emd);
    }

    public RtdOptions withEmd(boolean on) {
        return new RtdOptions(rtdWeight, on);
    }
}
