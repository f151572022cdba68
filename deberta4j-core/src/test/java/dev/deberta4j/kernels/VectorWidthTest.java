package dev.deberta4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VectorWidthTest {
    private static final List<String> ZEN4 = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
            "cpu family\t: 25", "model\t\t: 17", "model name\t: AMD EPYC");
    private static final List<String> ZEN5 = List.of("vendor_id\t: AuthenticAMD", "cpu family\t: 26");
    private static final List<String> INTEL = List.of("vendor_id\t: GenuineIntel", "cpu family\t: 6");

    @Test
    void zen4TakesTheHalfWidthKernelOthersTheWidest() {
        assertThat(VectorWidth.choose(null, 512, ZEN4).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose(null, 512, ZEN4).reason()).contains("AMD family 25");
        assertThat(VectorWidth.choose(null, 512, ZEN5).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose(null, 512, INTEL).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose(null, 512, List.of()).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose(null, 256, INTEL).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose(null, 128, List.of()).bits()).isEqualTo(256);
    }

    @Test
    void thePropertyOverridesTheRule() {
        assertThat(VectorWidth.choose("512", 512, ZEN4).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose(" 256 ", 512, INTEL).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose("widest", 512, ZEN4).bits()).isEqualTo(512);
        assertThat(VectorWidth.choose("widest", 256, ZEN4).bits()).isEqualTo(256);
        assertThat(VectorWidth.choose("512", 512, ZEN4).reason()).contains("forced");
        assertThatThrownBy(() -> VectorWidth.choose("1024", 512, INTEL))
                .hasMessage("system property deberta4j.vectorBits must be 256, 512 or widest, found '1024'");
    }
}
