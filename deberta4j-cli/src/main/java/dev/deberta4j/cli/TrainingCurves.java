package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.finetune.MetricsLog;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** training-curves.png: training loss (and evaluation loss) over steps, and the evaluation metrics over steps. */
final class TrainingCurves {
    /** The file name beside metrics.jsonl (fine-tuning, each benchmark task, pre-training). */
    static final String FILE = "training-curves.png";
    /** The most points drawn of one training line (see {@link Series#smoothed}). */
    static final int MAX_POINTS = 2000;
    private static final Set<String> NOT_METRICS = Set.of("type", "split", "step", "epoch", "loss");

    private TrainingCurves() {
    }

    static void write(List<JsonNode> log, Path png) {
        List<Double> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Map<String, Series> evalLoss = new LinkedHashMap<>();
        Map<String, Series> metrics = new LinkedHashMap<>();
        for (JsonNode n : log) {
            double step = n.path("step").asDouble();
            if ("train".equals(n.path("type").asText())) {
                steps.add(step);
                losses.add(n.path("loss").asDouble());
            } else if ("eval".equals(n.path("type").asText())) {
                // Runs that score several splits (dev and test) name them; a plain run's line has no split.
                String split = MetricsLog.split(n);
                evalLoss.computeIfAbsent(split == null ? "eval" : split, k -> new Series()).add(step, n.path("loss"));
                n.fieldNames().forEachRemaining(f -> {
                    if (!NOT_METRICS.contains(f)) {
                        metrics.computeIfAbsent(split == null ? f : split + " " + f, k -> new Series()).add(step, n.path(f));
                    }
                });
            }
        }
        if (steps.isEmpty()) return;
        XYChart loss = new XYChartBuilder().width(800).height(450).title("loss").xAxisTitle("step").build();
        Series train = Series.smoothed(steps, losses);
        loss.addSeries("train", train.x, train.y).setMarker(SeriesMarkers.NONE);
        evalLoss.forEach((name, series) -> loss.addSeries(name, series.x, series.y).setMarker(SeriesMarkers.CIRCLE));
        List<XYChart> charts = new ArrayList<>(List.of(loss));
        charts.forEach(TrainingCurves::style);
        if (!metrics.isEmpty()) {
            XYChart m = new XYChartBuilder().width(800).height(450).title("evaluation").xAxisTitle("step").build();
            metrics.forEach((name, series) -> m.addSeries(name, series.x, series.y).setMarker(SeriesMarkers.CIRCLE));
            style(m);
            charts.add(m);
        }
        save(charts, 1, charts.size(), png);
    }

    /**
     * One chart per panel (2 per row): each named metrics.jsonl field of the training lines over steps, smoothed as
     * the loss is. Pre-training draws its MLM and RTD losses and detection statistics this way.
     */
    static void writePanels(List<JsonNode> log, Path png, Map<String, List<String>> panels) {
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
            XYChart chart = new XYChartBuilder().width(800).height(450).title(panel.getKey()).xAxisTitle("step").build();
            boolean drawn = false;
            for (String field : panel.getValue()) {
                Series series = new Series();
                for (JsonNode n : log) {
                    if ("train".equals(n.path("type").asText()) && n.has(field)) {
                        series.add(n.path("step").asDouble(), n.path(field));
                    }
                }
                if (series.x.isEmpty()) continue;
                Series line = Series.smoothed(series.x, series.y);
                chart.addSeries(field, line.x, line.y).setMarker(SeriesMarkers.NONE);
                drawn = true;
            }
            if (!drawn) continue;
            style(chart);
            charts.add(chart);
        }
        if (charts.isEmpty()) return;
        int columns = Math.min(2, charts.size());
        int rows = (charts.size() + columns - 1) / columns;
        save(charts, rows, columns, png);
    }

    /**
     * Draws into a temporary file beside {@code png} and renames it into place, so that a run killed while it
     * redraws (curves are redrawn at checkpoints) leaves the previous complete picture, never a torn one.
     */
    private static void save(List<XYChart> charts, int rows, int columns, Path png) {
        Path temp = null;
        try {
            Path dir = png.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // The name ends in .png: XChart appends the extension to any other name.
            temp = Files.createTempFile(dir, "." + png.getFileName() + "-", ".png");
            BitmapEncoder.saveBitmap(new ArrayList<>(charts), rows, columns, temp.toString(),
                    BitmapEncoder.BitmapFormat.PNG);
            Files.move(temp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the plot: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // A leftover hidden temporary file is harmless; the error that matters is the one above.
                }
            }
        }
    }

    /** The points of one plotted line. */
    static final class Series {
        final List<Double> x = new ArrayList<>();
        final List<Double> y = new ArrayList<>();

        void add(double step, JsonNode value) {
            x.add(step);
            y.add(value.asDouble());
        }

        /**
         * The moving average of {@code values}, at most {@link #MAX_POINTS} of its points (every k-th and the last):
         * a chart 800 pixels wide shows no more, and drawing every step of a long run takes seconds.
         */
        static Series smoothed(List<Double> steps, List<Double> values) {
            List<Double> averaged = smooth(values);
            int every = Math.max(1, (steps.size() + MAX_POINTS - 1) / MAX_POINTS);
            Series out = new Series();
            for (int i = 0; i < steps.size(); i++) {
                if (i % every == 0 || i == steps.size() - 1) {
                    out.x.add(steps.get(i));
                    out.y.add(averaged.get(i));
                }
            }
            return out;
        }
    }

    /** Whole step numbers without grouping, spaced so that labels of long runs do not run together. */
    private static void style(XYChart chart) {
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisTickMarkSpacingHint(120);
    }

    /** A moving average over 1% of the steps (at least 1): per-batch losses are noisy. */
    private static List<Double> smooth(List<Double> values) {
        int w = Math.max(1, values.size() / 100);
        List<Double> out = new ArrayList<>(values.size());
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i);
            if (i >= w) sum -= values.get(i - w);
            out.add(sum / Math.min(i + 1, w));
        }
        return out;
    }
}
