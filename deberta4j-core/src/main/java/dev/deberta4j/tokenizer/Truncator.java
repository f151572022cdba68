package dev.deberta4j.tokenizer;

/** HF {@code truncate_encodings}: fits one or two sequence encodings into a token budget. */
final class Truncator {
    private Truncator() {}

    static void truncate(MutableEncoding first, MutableEncoding second, EncodeOptions.Truncation params, int maxLength) {
        boolean left = params.side() == EncodeOptions.Side.LEFT;
        int stride = params.stride();
        if (maxLength == 0) {
            first.truncate(0, stride, left);
            if (second != null) second.truncate(0, stride, left);
            return;
        }
        int total = first.length + (second == null ? 0 : second.length);
        if (total <= maxLength) return;
        int toRemove = total - maxLength;
        switch (params.strategy()) {
            case LONGEST_FIRST -> {
                if (second == null) {
                    first.truncate(total - toRemove, stride, left);
                    return;
                }
                int n1 = first.length;
                int n2 = second.length;
                boolean swap = n1 > n2;
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                n2 = n1 > maxLength ? n1 : Math.max(n1, maxLength - n1);
                if (n1 + n2 > maxLength) {
                    n1 = maxLength / 2;
                    n2 = n1 + maxLength % 2;
                }
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                first.truncate(n1, stride, left);
                second.truncate(n2, stride, left);
            }
            case ONLY_FIRST, ONLY_SECOND -> {
                MutableEncoding target = params.strategy() == EncodeOptions.TruncationStrategy.ONLY_FIRST ? first : second;
                if (target == null) {
                    throw new IllegalArgumentException("truncation strategy only_second needs a second sequence");
                }
                if (target.length <= toRemove) {
                    throw new IllegalArgumentException("truncation: the sequence to truncate (" + target.length
                            + " tokens) is too short to remove " + toRemove + " tokens and respect max length");
                }
                target.truncate(target.length - toRemove, stride, left);
            }
        }
    }
}
