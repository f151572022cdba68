package dev.deberta4j.corpus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequencePackerTest {
    private static final int CLS = 1, SEP = 2, PAD = 0;

    private final List<String> out = new ArrayList<>();

    private SequencePacker packer(int length) {
        return new SequencePacker(length, CLS, SEP, PAD, (tokens, filled) -> {
            assertThat(tokens).hasSize(length);
            for (int i = filled; i < length; i++) assertThat(tokens[i]).isEqualTo(PAD);
            out.add(Arrays.toString(Arrays.copyOf(tokens, length)));
        });
    }

    @Test
    void joinsDocumentsWithSepAndSplitsLongOnesWithoutLosingTokens() {
        SequencePacker p = packer(6);
        p.addDocument(new int[]{10, 11});
        p.addDocument(new int[]{20, 21, 22, 23, 24, 25});
        p.addDocument(new int[]{});
        p.addDocument(new int[]{30});
        p.finish();
        assertThat(out).containsExactly(
                "[1, 10, 11, 2, 20, 2]",      // separator, then the next document starts
                "[1, 21, 22, 23, 24, 2]",     // continued, no separator at the boundary
                "[1, 25, 2, 30, 2, 0]");      // the corpus's last sequence is padded
        assertThat(p.sequences()).isEqualTo(3);
    }

    @Test
    void neverEndsWithTwoSeparators() {
        SequencePacker p = packer(5);
        p.addDocument(new int[]{10, 11});   // [CLS] 10 11 _ [SEP]: a separator would leave no room for the next token
        p.addDocument(new int[]{20, 21, 22});
        p.finish();
        assertThat(out).containsExactly("[1, 10, 11, 2, 0]", "[1, 20, 21, 22, 2]");
    }

    @Test
    void documentEndingExactlyAtTheBoundaryStartsTheNextSequenceClean() {
        SequencePacker p = packer(5);
        p.addDocument(new int[]{10, 11, 12});
        p.addDocument(new int[]{20});
        p.finish();
        assertThat(out).containsExactly("[1, 10, 11, 12, 2]", "[1, 20, 2, 0, 0]");
    }

    @Test
    void emptyCorpusWritesNothingAndTooShortLengthsAreRejected() {
        SequencePacker p = packer(4);
        p.finish();
        assertThat(out).isEmpty();
        assertThatThrownBy(() -> packer(2)).hasMessageContaining("sequence length must be >= 3");
    }
}
