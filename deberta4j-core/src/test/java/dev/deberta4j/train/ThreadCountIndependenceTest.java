package dev.deberta4j.train;

import dev.deberta4j.concurrent.ThreadPool;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A training pass gives the same bits on one thread as on several, so a run resumed on another machine matches. */
class ThreadCountIndependenceTest {

    @Test
    void gradientsAreBitIdenticalOnOneAndOnThreeThreads() {
        int original = ThreadPool.shared().threads();
        try {
            ThreadPool.setSharedThreads(1);
            List<float[]> single = gradients();
            ThreadPool.setSharedThreads(3);
            List<float[]> three = gradients();
            for (int i = 0; i < single.size(); i++) assertThat(three.get(i)).as("parameter " + i).containsExactly(single.get(i));
        } finally {
            ThreadPool.setSharedThreads(original);
        }
    }

    /** Big enough that GEMMs, attention and LayerNorm split their work across threads. */
    private static List<float[]> gradients() {
        var config = TinyModels.v2WithEverything().with(java.util.Map.of("hidden_size", 128,
                "intermediate_size", 192, "embedding_size", 96, "num_attention_heads", 4,
                "max_position_embeddings", 64));
        TrainableModel model = TrainableModel.initialise(config, HeadType.MASKED_LM, 3);
        int[][] ids = new int[4][32];
        for (int b = 0; b < 4; b++) for (int t = 0; t < 32; t++) ids[b][t] = 1 + (b * 7 + t * 5) % 39;
        ModelInput in = ModelInput.ofPadded(ids, null, null);
        model.forwardBackward(in, new Labels.Classes(TinyModels.tokenLabels(in, 40)));
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) out.add(p.grad().clone());
        return out;
    }
}
