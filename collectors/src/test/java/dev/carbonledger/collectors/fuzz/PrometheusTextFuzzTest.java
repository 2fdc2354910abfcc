package dev.carbonledger.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.collectors.source.prometheus.MetricSample;
import dev.carbonledger.collectors.source.prometheus.PrometheusParseException;
import dev.carbonledger.collectors.source.prometheus.PrometheusTextParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The Prometheus text parser (Kepler, dcgm-exporter, inference servers' request counters) against hostile
 * expositions at the level of bytes: random bytes decoded as UTF-8 (invalid sequences included), random text over
 * the format's own punctuation, a real exposition with random edits, and huge lines. Each input parses or fails with
 * a {@link PrometheusParseException} that names the line and stays short enough to log; nothing else escapes.
 */
class PrometheusTextFuzzTest {
    private static final int MAX_MESSAGE = 600;
    private static final String EXPOSITION = resource("/kepler/kepler-0.10-metrics.txt");

    @Property
    void randomBytesParseOrFailWithALineNumber(@ForAll("bytes") byte[] bytes) {
        parseOrReject(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property
    void textOverTheFormatsPunctuationParsesOrFailsWithALineNumber(@ForAll("punctuation") String text) {
        parseOrReject(text);
    }

    @Property
    void editedExpositionsParseOrFailWithALineNumber(@ForAll("editedExpositions") String text) {
        parseOrReject(text);
    }

    @Example
    void hugeLinesFailWithAShortMessage() {
        String digits = "1".repeat(4 << 20);
        String quote = "\"".repeat(1 << 20);
        for (String line : List.of(
                "kepler_container_joules_total{pod_name=\"" + "x".repeat(4 << 20) + "\"} 1",   // a 4 MiB label value
                "m{a=\"b\"} " + digits + "x",                                                      // a 4 MiB value
                "m{" + "a=\"b\",".repeat(1 << 18),                                                // never closed
                "m{a=" + quote,
                "{".repeat(1 << 20))) {
            parseOrReject(line);
        }
    }

    private static void parseOrReject(String text) {
        try {
            List<MetricSample> samples = PrometheusTextParser.parse(text);
            assertThat(samples).allSatisfy(s -> assertThat(s.name()).isNotBlank());
            Statistics.collect("parsed");
        } catch (PrometheusParseException e) {
            assertThat(e.getMessage()).startsWith("line ").hasSizeLessThan(MAX_MESSAGE);
            Statistics.collect("rejected");
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    }

    @Provide
    Arbitrary<String> punctuation() {
        Arbitrary<Character> chars = Arbitraries.of('{', '}', '"', '\\', ',', '=', ' ', '\t', '\n', '#', 'a', 'z', '_',
                ':', '0', '9', '.', 'e', '+', '-', 'N', 'I', 'n', 'f', '\u00e9', '\u0000', '\uFFFD');
        return chars.list().ofMaxSize(300).map(list -> {
            StringBuilder b = new StringBuilder();
            list.forEach(b::append);
            return b.toString();
        });
    }

    @Provide
    Arbitrary<String> editedExpositions() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, EXPOSITION.length()),
                Arbitraries.integers().between(0, 40), Arbitraries.strings().ofMaxLength(8)
                        .withChars("{}\"\\,= \n#aZ09.eE+-")).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(8).map(edits -> {
            String text = EXPOSITION;
            for (Edit e : edits) {
                text = e.apply(text);
            }
            return text;
        });
    }

    /** Replaces {@code length} characters at {@code at} (wrapped) by {@code insert}. */
    record Edit(int at, int length, String insert) {
        String apply(String text) {
            int from = text.isEmpty() ? 0 : at % text.length();
            int to = Math.min(text.length(), from + length);
            return text.substring(0, from) + insert + text.substring(to);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PrometheusTextFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
