package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many threads reading every tensor of one open source at once get exactly what one thread gets. */
class ConcurrentReadTest {

    private static TensorSource open(String fixture) {
        return Checkpoints.open(Fixtures.path(fixture));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2-tokentype-abs-pos/model.safetensors",
            "v2-tokentype-abs-pos/formats/torch-zip/pytorch_model.bin",
            "v2-tokentype-abs-pos/formats/torch-legacy/pytorch_model.bin"})
    void concurrentReadsAgreeWithSequentialOnes(String fixture) throws Exception {
        try (TensorSource source = open(fixture); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<String> names = new ArrayList<>(source.names());
            List<float[]> expected = names.stream().map(source::readFloats).toList();
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int shift = t;
                Supplier<Boolean> task = () -> {
                    for (int i = 0; i < names.size(); i++) {
                        int k = (i + shift * 7) % names.size();
                        if (!java.util.Arrays.equals(source.readFloats(names.get(k)), expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(task::get));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }
}
