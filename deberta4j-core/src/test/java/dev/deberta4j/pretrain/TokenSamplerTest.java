package dev.deberta4j.pretrain;

import dev.deberta4j.train.CrossEntropyLoss;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Drawing from the MLM loss's exponentials gives the tokens the sampler draws from the logits themselves. */
class TokenSamplerTest {

    @Test
    void drawsFromTheLossSoftmaxEqualTheSamplersOwnDraws() {
        int rows = 37;
        int vocab = 503;
        SplittableRandom random = new SplittableRandom(3);
        float[] logits = new float[rows * vocab];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (random.nextGaussian() * 4);
        int[] labels = new int[rows];
        int[] positions = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(vocab);
            positions[r] = 3 * r + 1;
        }
        TokenSampler sampler = TokenSampler.softmax(11, 1.0);
        for (long pass = 0; pass < 4; pass++) {
            TokenSampler.FromSoftmax fused = sampler.fromSoftmax(rows, pass);
            CrossEntropyLoss.compute(logits, rows, vocab, labels, fused::draw);
            assertThat(fused.drawn()).as("pass %d", pass).containsExactly(sampler.sample(logits, vocab, positions, pass));
        }
        assertThat(TokenSampler.softmax(11, 0.5).fromSoftmax(rows, 0)).isNull();
        assertThat(TokenSampler.given(new int[rows * 3]).fromSoftmax(rows, 0)).isNull();
    }
}
