package dev.deberta4j.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM started without the Vector API module gets one error naming the flag when it touches the model. */
class VectorModuleTest {
    /** Run in a child JVM: initialises DebertaModel and prints what it threw. */
    public static void main(String[] args) throws ClassNotFoundException {
        try {
            Class.forName("dev.deberta4j.model.DebertaModel");
            System.out.println("loaded");
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }

    @Test
    void withoutTheFlagLoadingAModelNamesIt() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), VectorModuleTest.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains(VectorModule.MissingVectorModuleError.class.getName())
                .contains("start the JVM with --add-modules jdk.incubator.vector");
    }

    @Test
    void withTheFlagItPasses() {
        VectorModule.require();   // this JVM runs with the flag (Surefire's argLine)
    }
}
