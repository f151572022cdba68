package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** training-curves.png: training loss (and evaluation loss) over steps, and the evaluation metrics over steps. */
final class TrainingCurves {
    private static final Set<String> NOT_METRICS = Set.of("type", "step", "epoch", "loss");

    private TrainingCurves() {
    }

    static void write(List<JsonNode> log, Path png) {
        List<Double> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<Double> evalSteps = new ArrayList<>();
        List<Double> evalLoss = new ArrayList<>();
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        for (JsonNode n : log) {
            double step = n.path("step").asDouble();
            if ("train".equals(n.path("type").asText())) {
                steps.add(step);
                losses.add(n.path("loss").asDouble());
            } else if ("eval".equals(n.path("type").asText())) {
                evalSteps.add(step);
                evalLoss.add(n.path("loss").asDouble());
                n.fieldNames().forEachRemaining(f -> {
                    if (!NOT_METRICS.contains(f)) metrics.computeIfAbsent(f, k -> new ArrayList<>()).add(n.path(f).asDouble());
                });
            }
        }
        if (steps.isEmpty()) return;
        XYChart loss = new XYChartBuilder().width(800).height(450).title("loss").xAxisTitle("step").build();
        loss.addSeries("train", steps, smooth(losses)).setMarker(SeriesMarkers.NONE);
        if (!evalSteps.isEmpty()) loss.addSeries("eval", evalSteps, evalLoss).setMarker(SeriesMarkers.CIRCLE);
        List<XYChart> charts = new ArrayList<>(List.of(loss));
        charts.forEach(TrainingCurves::style);
        if (!metrics.isEmpty()) {
            XYChart m = new XYChartBuilder().width(800).height(450).title("evaluation").xAxisTitle("step").build();
            metrics.forEach((name, values) -> m.addSeries(name, evalSteps, values).setMarker(SeriesMarkers.CIRCLE));
            style(m);
            charts.add(m);
        }
        try {
            BitmapEncoder.saveBitmap(new ArrayList<>(charts), 1, charts.size(), png.toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the plot: " + e.getMessage(), e);
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
