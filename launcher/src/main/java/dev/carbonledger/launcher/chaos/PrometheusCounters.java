package dev.carbonledger.launcher.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counter samples ({@code *_total}) of a Prometheus text exposition, and the ones that went down. */
final class PrometheusCounters {
    private PrometheusCounters() {}

    static Map<String, Double> scrape(String url) throws IOException, InterruptedException {
        return parse(ChildComponent.get(url));
    }

    /** One series' value now, 0 when absent or unreachable (a restarting component). */
    static double value(String url, String series) throws InterruptedException {
        try {
            return scrape(url).getOrDefault(series, 0.0);
        } catch (IOException e) {
            return 0;
        }
    }

    static Map<String, Double> parse(String exposition) {
        Map<String, Double> counters = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            if (split < 0) {
                continue;
            }
            String series = line.substring(0, split);
            int brace = series.indexOf('{');
            String name = brace < 0 ? series : series.substring(0, brace);
            if (name.endsWith("_total")) {
                try {
                    counters.put(series, Double.parseDouble(line.substring(split + 1)));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        }
        return counters;
    }

    /**
     * The pipeline's counters ({@code carbon_*}) present before whose value after is lower: a reset Prometheus would
     * read as a new counter. The exporter's own counters ({@code carbon_pipeline_exporter_*}: records it read, decode
     * errors), the process's and the JVM's start again with the process, as they should.
     */
    static List<String> decreased(Map<String, Double> before, Map<String, Double> after) {
        List<String> out = new ArrayList<>();
        before.forEach((series, value) -> {
            Double now = after.get(series);
            boolean pipeline = series.startsWith("carbon_") && !series.startsWith("carbon_pipeline_exporter_");
            if (pipeline && (now == null || now < value)) {
                out.add(series + " " + value + " -> " + now);
            }
        });
        return out;
    }
}
