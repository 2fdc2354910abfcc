package dev.carbonledger.collectors.source.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4): {@code # HELP} / {@code # TYPE} and other
 * comments are skipped; a sample is {@code name{label="value",...} value [timestamp]} with escapes
 * {@code \\}, {@code \"} and {@code \n} in label values, values such as {@code NaN} and {@code +Inf}, and an
 * optional timestamp in milliseconds. A malformed line fails the whole parse with its line number: a partial
 * reading of cumulative counters would look like counter resets downstream.
 */
public final class PrometheusTextParser {

    private PrometheusTextParser() {}

    public static List<MetricSample> parse(String text) {
        return parse(text, name -> true);
    }

    /** Parses only the samples whose metric name passes {@code wanted}; other lines are only split, not read. */
    public static List<MetricSample> parse(String text, Predicate<String> wanted) {
        List<MetricSample> samples = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                MetricSample sample = new LineReader(trimmed).read(wanted);
                if (sample != null) {
                    samples.add(sample);
                }
            } catch (IllegalArgumentException e) {
                throw new PrometheusParseException("line " + lineNumber + ": " + abbreviate(e.getMessage()) + ": '"
                        + abbreviate(trimmed) + "'", e);
            }
        }
        return samples;
    }

    /** At most 160 characters of a text taken from the input, so that an error about a huge line stays loggable. */
    private static String abbreviate(String line) {
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }

    /** Reads one sample line left to right. */
    private static final class LineReader {
        private final String s;
        private int pos;

        LineReader(String s) {
            this.s = s;
        }

        MetricSample read(Predicate<String> wanted) {
            String name = metricName();
            if (!wanted.test(name)) {
                return null;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            skipSpaces();
            if (peek() == '{') {
                pos++;
                labels(labels);
            }
            skipSpaces();
            String valueText = token();
            if (valueText.isEmpty()) {
                throw new IllegalArgumentException("missing value");
            }
            double value = value(valueText);
            skipSpaces();
            OptionalLong timestamp = OptionalLong.empty();
            String timestampText = token();
            if (!timestampText.isEmpty()) {
                try {
                    timestamp = OptionalLong.of(Long.parseLong(timestampText));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("timestamp is not an integer: " + abbreviate(timestampText));
                }
            }
            skipSpaces();
            if (pos < s.length()) {
                throw new IllegalArgumentException("unexpected text after the sample at column " + (pos + 1));
            }
            return new MetricSample(name, labels, value, timestamp);
        }

        private String metricName() {
            int start = pos;
            while (pos < s.length() && isNameChar(s.charAt(pos), pos == start, true)) {
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("expected a metric name");
            }
            return s.substring(start, pos);
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                int start = pos;
                while (pos < s.length() && isNameChar(s.charAt(pos), pos == start, false)) {
                    pos++;
                }
                if (pos == start) {
                    throw new IllegalArgumentException("expected a label name at column " + (pos + 1));
                }
                String label = s.substring(start, pos);
                skipSpaces();
                expect('=');
                skipSpaces();
                expect('"');
                labels.put(label, quoted());
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at column " + (pos + 1));
                }
            }
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char escaped = s.charAt(pos++);
                    switch (escaped) {
                        case 'n' -> value.append('\n');
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        default -> value.append('\\').append(escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated label value");
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            return s.substring(start, pos);
        }

        private static double value(String text) {
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "+Inf":
                case "Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("value is not a number: " + abbreviate(text));
                    }
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private static boolean isNameChar(char c, boolean first, boolean metric) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
            return letter || (!first && c >= '0' && c <= '9');
        }
    }
}
