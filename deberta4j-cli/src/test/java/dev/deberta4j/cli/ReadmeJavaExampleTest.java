package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first Java example, exactly as printed there, compiles against the artifacts and runs with no
 * model path (the bundled model comes from deberta4j-models).
 */
class ReadmeJavaExampleTest {
    private static final Path README = Path.of("../README.md");

    @TempDir Path tmp;

    /** The first ```java block after the "## Java API" heading. */
    static String firstJavaExample() throws IOException {
        String readme = Files.readString(README);
        int section = readme.indexOf("\n## Java API");
        assertThat(section).as("README has a Java API section").isPositive();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void theFirstJavaExampleCompilesAndRuns() throws Exception {
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : firstJavaExample().lines().toList()) {
            if (line.startsWith("import ")) imports.add(line);
            else body.append("        ").append(line).append('\n');
        }
        String source = String.join("\n", imports) + "\n\npublic class ReadmeExample {\n"
                + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n";
        Path file = Files.writeString(tmp.resolve("ReadmeExample.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, null, diagnostics, "--add-modules", "jdk.incubator.vector", "-Xlint:-incubating",
                "-cp", System.getProperty("java.class.path"), "-d", tmp.toString(), file.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8) + "\n" + source).isZero();

        System.setProperty("deberta4j.models.cache", tmp.resolve("cache").toString());
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass("ReadmeExample").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
            System.clearProperty("deberta4j.models.cache");
        }
        // it prints what the example's comment shows ("// positive 0.98..."), a clear positive
        Matcher shown = Pattern.compile("// (positive 0\\.\\d+)\\.\\.\\.").matcher(firstJavaExample());
        assertThat(shown.find()).as("the example's comment shows its output").isTrue();
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith(shown.group(1));
        assertThat(Double.parseDouble(out.strip().split(" ")[1])).isGreaterThan(0.8);
    }
}
