package dev.deberta4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VectorWidthTest {
    @Test
    void theCpusWidestVectorsUnlessForced() {
        assertThat(VectorWidth.choose(null, 512).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose(null, 256).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose(null, 128).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose(null, 512).reason()).isEqualTo("the CPU's widest vectors");
    }

    @Test
    void thePropertyOverridesTheRule() {
        assertThat(VectorWidth.choose("256", 512).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose(" 256 ", 512).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose("512", 512).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose("widest", 512).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose("widest", 256).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose("512", 512).reason()).contains("forced");
        assertThatThrownBy(() -> VectorWidth.choose("1024", 512))
                .hasMessage("system property deberta4j.vectorBits must be 256, 512 or widest, found '1024'");
    }
}
