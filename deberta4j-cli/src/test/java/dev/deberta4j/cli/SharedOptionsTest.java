package dev.deberta4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options the commands share (mixins), the old command names as aliases, and output through picocli's
 * writers only.
 */
class SharedOptionsTest {
    private static final String FIXTURE = "../deberta4j-core/src/test/resources/fixtures/v3-base-like";

    @TempDir Path tmp;

    private static OptionSpec option(String command, String name) {
        OptionSpec spec = Main.commandLine().getSubcommands().get(command).getCommandSpec().findOption(name);
        assertThat(spec).as(command + " " + name).isNotNull();
        return spec;
    }

    /** Every command that shares an option declares it alike: same label, type, arity, required-ness and help. */
    private static void declaredAlike(String name, List<String> commands) {
        OptionSpec first = option(commands.getFirst(), name);
        for (String command : commands) {
            OptionSpec o = option(command, name);
            assertThat(o.paramLabel()).as(command).isEqualTo(first.paramLabel());
            assertThat(o.type()).as(command).isEqualTo(first.type());
            assertThat(o.arity()).as(command).isEqualTo(first.arity());
            assertThat(o.required()).as(command).isEqualTo(first.required());
            // the same text, but for the default it names (the bundled model of each command, perhaps with its kind)
            assertThat(withoutDefault(o)).as(command).isEqualTo(withoutDefault(first));
        }
    }

    /** The option's help with its default, and the words naming a bundled default's kind, as DEFAULT. */
    private static String withoutDefault(OptionSpec o) {
        return o.description()[0].replace(String.valueOf(o.initialValue()), "DEFAULT")
                .replaceAll("the bundled [^()]*DEFAULT\\)", "the bundled DEFAULT)");
    }

    @Test
    void sharedOptionsAreDeclaredOnce() {
        declaredAlike("--threads", List.of("speed", "speed-train"));
        declaredAlike("--model", List.of("infer", "ner", "qa", "evaluate", "quantize", "finetune"));
        assertThat(option("infer", "--model").required()).isTrue();
        declaredAlike("--model", List.of("classify", "embed", "fill-mask", "benchmark"));
        assertThat(option("classify", "--model").required()).isFalse();
        declaredAlike("--output", List.of("convert-tokenizer", "train-tokenizer", "init", "quantize", "finetune",
                "pretrain", "benchmark"));
        declaredAlike("--json", List.of("speed", "speed-train", "estimate-memory", "evaluate", "classify", "embed",
                "fill-mask", "ner", "qa"));
        declaredAlike("--truncate", List.of("classify", "embed", "fill-mask", "ner"));
    }

    @Test
    void theSameOptionParsesTheSameOnTwoCommands() {
        for (String command : List.of("speed", "speed-train")) {
            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command, "--threads", "3", "--json");
            assertThat(parsed.subcommand().matchedOptionValue("--threads", 0)).as(command).isEqualTo(3);
            assertThat(parsed.subcommand().matchedOptionValue("--json", false)).as(command).isTrue();
        }
    }

    @Test
    void theBundledDefaultIsNamedInTheHelp() {
        Map<String, String> defaults = Map.of("classify", "models/ko-deberta-v3-h256l6-nsmc",
                "embed", "models/ko-deberta-v3-h256l6/discriminator", "fill-mask", "models/ko-deberta-v3-h256l6/generator",
                "benchmark", "pre-trained discriminator models/ko-deberta-v3-h256l6/discriminator");
        defaults.forEach((command, model) -> {
            CliRun help = CliRun.of(command, "--help");
            assertThat(help.code()).isZero();
            assertThat(help.out().replaceAll("\\s+", " ")).as(command)
                    .contains("Model directory or Hub repo id (default: the bundled " + model + ")");
        });
    }

    @Test
    void aBadThreadCountIsAOneLineUsageError() {
        for (String command : List.of("speed", "speed-train", "bench")) {
            CliRun run = CliRun.of(command, "--threads", "0");
            assertThat(run.code()).as(command).isEqualTo(2);
            String name = command.equals("bench") ? "speed" : command;
            assertThat(run.err().strip()).isEqualTo("deberta4j " + name + ": --threads must be at least 1, found 0 "
                    + "(see 'deberta4j " + name + " --help')");
        }
        CliRun notANumber = CliRun.of("speed", "--threads", "many");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err().strip()).isEqualTo("deberta4j speed: Invalid value for option '--threads': "
                + "'many' is not an int (see 'deberta4j speed --help')");
    }

    @Test
    void anOutputThatIsAFileIsAOneLineUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRun run = CliRun.of("init", "--config", "config.json", "--tokenizer", "tok", "--output", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("deberta4j init: --output " + file + " is a file, not a directory "
                + "(see 'deberta4j init --help')");
    }

    @Test
    void theOldNamesAreAliases() {
        var all = Main.commandLine().getSubcommands();
        assertThat(all.get("bench")).isSameAs(all.get("speed"));
        assertThat(all.get("bench-train")).isSameAs(all.get("speed-train"));
        assertThat(Main.named("bench")).isEqualTo("speed");
        assertThat(Main.named("bench-train")).isEqualTo("speed-train");
        assertThat(Main.named("benchmark")).isEqualTo("benchmark");
        // main registers only the command it runs, found by its alias too
        assertThat(Main.commandLine(new String[]{"bench", "--help"}, CommandLine.defaultFactory()).getSubcommands())
                .containsKeys("speed", "bench").doesNotContainKey("classify");
        CliRun help = CliRun.of("--help");
        assertThat(help.out()).contains("speed, bench").contains("speed-train, bench-train");

        CliRun bench = CliRun.of("bench", "--model", FIXTURE, "--shapes", "1x8", "--runs", "1", "--warmup", "0",
                "--warmup-seconds", "0", "--gemm-seconds", "0");
        assertThat(bench.code()).as(bench.err()).isZero();
        assertThat(bench.out()).startsWith("deberta4j speed: " + FIXTURE).contains("| 1 x 8 |");
    }

    @Test
    void everythingGoesThroughPicocliWriters() throws IOException {
        Path texts = Files.writeString(tmp.resolve("texts.txt"), "이 영화 정말 재밌어요\n정말 지루한 영화\n");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        CliRun info;
        CliRun classify;
        try {
            System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
            info = CliRun.of("info", FIXTURE);
            classify = CliRun.of("classify", "--input", texts.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(stray.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("model_type:     deberta-v2");
        assertThat(classify.code()).as(classify.err()).isZero();
        assertThat(classify.out().lines()).hasSize(2);
        // the progress bar over the file's texts, drawn on the err writer
        assertThat(classify.err()).contains("classify 100%").contains("2/2 texts");
    }
}
