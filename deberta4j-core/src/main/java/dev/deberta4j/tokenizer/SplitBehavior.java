package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** What happens to a delimiter when a pre-tokenizer splits on it (HF {@code SplitDelimiterBehavior}). */
enum SplitBehavior {
    REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

    static SplitBehavior fromJson(String name, String path) {
        return switch (name) {
            case "Removed" -> REMOVED;
            case "Isolated" -> ISOLATED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> throw new TokenizerFormatException(path + ": unsupported split behavior '" + name
                    + "' (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)");
        };
    }

    /**
     * Splits {@code text} at the matches in {@code segments} (a full cover of the text, HF {@code find_matches}).
     */
    List<NormalizedText> split(NormalizedText text, Segments segments) {
        int n = segments.size();
        IntBuffer starts = new IntBuffer(n);
        IntBuffer ends = new IntBuffer(n);
        switch (this) {
            case REMOVED -> {
                for (int i = 0; i < n; i++) {
                    if (!segments.isMatch(i)) {
                        starts.add(segments.start(i));
                        ends.add(segments.end(i));
                    }
                }
            }
            case ISOLATED -> {
                for (int i = 0; i < n; i++) {
                    starts.add(segments.start(i));
                    ends.add(segments.end(i));
                }
            }
            case CONTIGUOUS -> {
                boolean previous = false;
                for (int i = 0; i < n; i++) {
                    boolean match = segments.isMatch(i);
                    if (match == previous && starts.size() > 0) {
                        ends.set(ends.size() - 1, segments.end(i));
                    } else {
                        starts.add(segments.start(i));
                        ends.add(segments.end(i));
                    }
                    previous = match;
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                boolean previous = false;
                for (int i = 0; i < n; i++) {
                    boolean match = segments.isMatch(i);
                    if (match && !previous && starts.size() > 0) {
                        ends.set(ends.size() - 1, segments.end(i));
                    } else {
                        starts.add(segments.start(i));
                        ends.add(segments.end(i));
                    }
                    previous = match;
                }
            }
            case MERGED_WITH_NEXT -> {
                // Walk backwards: a match glues onto the piece that follows it.
                IntBuffer rs = new IntBuffer(n);
                IntBuffer re = new IntBuffer(n);
                boolean previous = false;
                for (int i = n - 1; i >= 0; i--) {
                    boolean match = segments.isMatch(i);
                    if (match && !previous && rs.size() > 0) {
                        rs.set(rs.size() - 1, segments.start(i));
                    } else {
                        rs.add(segments.start(i));
                        re.add(segments.end(i));
                    }
                    previous = match;
                }
                for (int i = rs.size() - 1; i >= 0; i--) {
                    starts.add(rs.get(i));
                    ends.add(re.get(i));
                }
            }
        }
        List<NormalizedText> out = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            out.add(text.slice(starts.get(i), ends.get(i)));
        }
        return out;
    }
}
