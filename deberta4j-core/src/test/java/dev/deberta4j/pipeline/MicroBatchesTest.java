package dev.deberta4j.pipeline;

import dev.deberta4j.tokenizer.Encoding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MicroBatchesTest {

    /** Batch sizes the planner makes for encodings of these lengths, taken in the given order. */
    private static List<Integer> sizes(PipelineOptions options, int... lengths) {
        List<Encoding> encodings = new ArrayList<>();
        for (int len : lengths) {
            encodings.add(new Encoding(new int[len], new String[len], new int[2 * len], new int[len], new int[len],
                    new int[len], new int[len], List.of()));
        }
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        List<Integer> sizes = new ArrayList<>();
        for (int from = 0, to; from < lengths.length; from = to) {
            to = MicroBatches.batchEnd(encodings, order, from, options);
            sizes.add(to - from);
        }
        return sizes;
    }

    @Test
    void withoutABudgetBatchesHoldBatchSizeRows() {
        assertThat(sizes(PipelineOptions.defaults().withBatchSize(2), 9, 8, 7, 6, 5)).containsExactly(2, 2, 1);
    }

    @Test
    void aTokenBudgetCountsRowsTimesTheLongestRow() {
        PipelineOptions budget = PipelineOptions.defaults().withBatchSize(100).withBatchTokens(20);
        // 10,10 (2x10; a third 10 pads to 30), 10,5 (2x10), 5,5,5 (3x5), and the long one alone
        assertThat(sizes(budget, 10, 10, 10, 5, 5, 5, 5, 50)).containsExactly(2, 2, 3, 1);
        // unsorted input: a longer row joining raises the padding of the whole batch
        assertThat(sizes(budget, 4, 4, 8, 3)).containsExactly(2, 2);
        assertThat(sizes(budget.withBatchSize(3), 1, 1, 1, 1, 1)).containsExactly(3, 2);
    }
}
