package dev.deberta4j.memory;

import java.util.List;

/** The card's "Model Memory Requirements" table in Markdown. */
public final class MemoryTable {
    private MemoryTable() {
    }

    public static String markdown(List<MemoryEstimate.Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| dtype | Largest Layer or Residual Group | Total Size | Training using Adam |\n");
        sb.append("|---|---|---|---|\n");
        for (MemoryEstimate.Row r : rows) {
            sb.append("| ").append(r.dtype()).append(" | ").append(ByteSizes.format(r.largestLayerBytes()))
                    .append(" | ").append(ByteSizes.format(r.totalBytes()))
                    .append(" | ").append(ByteSizes.format(r.adamTrainingBytes())).append(" |\n");
        }
        return sb.toString();
    }
}
