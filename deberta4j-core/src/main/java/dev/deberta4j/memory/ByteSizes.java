package dev.deberta4j.memory;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Byte counts in binary units as accelerate prints them: the largest unit below 1024, rounded to two decimals
 * the way Python's round() does (half-even on the exact binary value) and printed without trailing zeros
 * ("93.9 MB", "1.0 GB", "513.77 MB").
 */
public final class ByteSizes {
    private static final String[] UNITS = {"bytes", "KB", "MB", "GB", "TB"};

    private ByteSizes() {
    }

    public static String format(double bytes) {
        double size = bytes;
        for (String unit : UNITS) {
            if (size < 1024.0) return pythonRound2(size) + " " + unit;
            size /= 1024.0;
        }
        return pythonRound2(size) + " PB";
    }

    static String pythonRound2(double value) {
        BigDecimal rounded = new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (rounded.scale() < 1) rounded = rounded.setScale(1, RoundingMode.UNNECESSARY);
        return rounded.toPlainString();
    }
}
