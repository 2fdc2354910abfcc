package dev.carbonledger.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The replay readers against hostile files at the level of bytes: binary junk, invalid UTF-8, lines of a megabyte
 * and more, and valid rows of every file with random edits. Reading never throws; every non-blank line is either a
 * record or a malformed-line report with its reason, so the replay's error report accounts for each of them.
 */
class ReplayReaderFuzzTest {
    private static final Map<String, Function<JsonNode, ?>> MAPPERS = Map.of(
            "samples.jsonl", ReplayRecords::sample,
            "pods.jsonl", ReplayRecords::pod,
            "nodes.jsonl", ReplayRecords::node,
            "intensity.jsonl", ReplayRecords::intensity,
            "budgets.jsonl", ReplayRecords::budget);
    private static final Map<String, String> VALID_ROWS = Map.of(
            "samples.jsonl", "{\"ts\":\"2026-05-01T10:00:05Z\",\"node\":\"n1\",\"pod\":\"p1\",\"component\":\"package\",\"joules\":12.5}",
            "pods.jsonl", "{\"pod\":\"p1\",\"namespace\":\"ml\",\"name\":\"trainer-0\",\"team\":\"research\",\"model\":\"llm-7b\"}",
            "nodes.jsonl", "{\"node\":\"n1\",\"zone\":\"DE\",\"pue\":1.2}",
            "intensity.jsonl", "{\"zone\":\"DE\",\"from\":\"2026-05-01T10:00:00Z\",\"to\":1777629600000,\"gCo2ePerKwh\":350,\"forecast\":false}",
            "budgets.jsonl", "{\"team\":\"research\",\"period\":\"week\",\"limitGrams\":5000,\"tier\":\"hard\",\"thresholds\":[0.5,0.9]}");
    private static final Path DIR = tempDir();
    private static final long[] OUTCOMES = new long[2];

    @Property
    void binaryJunkIsReportedLineByLine(@ForAll("files") String file, @ForAll("junk") byte[] bytes) {
        readAndAccount(file, bytes);
    }

    @Property
    void editedRowsAreRecordsOrReports(@ForAll("files") String file, @ForAll("edits") List<Edit> edits,
                                       @ForAll("lineEndings") String ending) {
        String row = VALID_ROWS.get(file);
        List<String> lines = new ArrayList<>();
        lines.add(row);
        for (Edit e : edits) {
            lines.add(e.apply(row));
        }
        lines.add(row);
        readAndAccount(file, String.join(ending, lines).getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void aHugeLineIsOneReportAndTheRowsAroundItAreRead() {
        for (String file : MAPPERS.keySet()) {
            byte[] huge = new byte[3 * JsonLinesReader.MAX_LINE_BYTES];
            java.util.Arrays.fill(huge, (byte) '[');
            String row = VALID_ROWS.get(file);
            byte[] bytes = concat(row + "\n", huge, "\n" + row + "\n" + "{\"x\":\"" + "y".repeat(JsonLinesReader.MAX_LINE_BYTES) + "\"}");
            Counted counted = read(file, bytes);
            assertThat(counted.accepted()).as(file).isEqualTo(2);
            assertThat(counted.malformed()).as(file).isEqualTo(2);
        }
    }

    @Example
    void validRowsAreRecords() {
        for (String file : MAPPERS.keySet()) {
            String row = VALID_ROWS.get(file);
            Counted counted = read(file, (row + "\r\n\n  \n" + row).getBytes(StandardCharsets.UTF_8));
            assertThat(counted.accepted()).as(file).isEqualTo(2);
            assertThat(counted.malformed()).as(file).isZero();
        }
    }

    @AfterContainer
    static void report() {
        org.slf4j.LoggerFactory.getLogger(ReplayReaderFuzzTest.class)
                .info("event=fuzz_replay_readers lines_accepted={} lines_reported={}", OUTCOMES[0], OUTCOMES[1]);
    }

    private static void readAndAccount(String file, byte[] bytes) {
        Counted counted = read(file, bytes);
        assertThat(counted.accepted() + counted.malformed()).as("every non-blank line is a record or a report")
                .isEqualTo(nonBlankLines(bytes));
        Statistics.collect(counted.malformed() == 0 ? "all accepted" : counted.accepted() == 0 ? "all reported" : "mixed");
        synchronized (OUTCOMES) {
            OUTCOMES[0] += counted.accepted();
            OUTCOMES[1] += counted.malformed();
        }
    }

    private record Counted(long accepted, long malformed) {}

    private static Counted read(String file, byte[] bytes) {
        try {
            Path path = DIR.resolve(file);
            Files.write(path, bytes);
            MalformedLines malformed = new MalformedLines();
            List<Object> records = new ArrayList<>();
            long accepted = JsonLinesReader.read(path, MAPPERS.get(file), records::add, malformed);
            assertThat(records).hasSize((int) accepted).doesNotContainNull();
            return new Counted(accepted, malformed.total());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines as the reader splits them ({@code \n}, an optional {@code \r} before it); blank = valid UTF-8 whitespace. */
    private static long nonBlankLines(byte[] bytes) {
        long count = 0;
        int from = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && from == i) {
                    break;
                }
                int end = i > from && bytes[i - 1] == '\r' ? i - 1 : i;
                if (!isBlankUtf8(bytes, from, end)) {
                    count++;
                }
                from = i + 1;
            }
        }
        return count;
    }

    private static boolean isBlankUtf8(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString().isBlank();
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    record Edit(int at, int length, String insert) {
        String apply(String text) {
            int from = at % (text.length() + 1);
            int to = Math.min(text.length(), from + length);
            return text.substring(0, from) + insert + text.substring(to);
        }
    }

    @Provide
    Arbitrary<String> files() {
        return Arbitraries.of(List.copyOf(MAPPERS.keySet()));
    }

    @Provide
    Arbitrary<String> lineEndings() {
        return Arbitraries.of("\n", "\r\n");
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.bytes()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((byte) '\n')),
                net.jqwik.api.Tuple.of(1, Arbitraries.of((byte) '{', (byte) '}', (byte) '"', (byte) ':', (byte) '\r')));
        return b.list().ofMaxSize(4096).map(list -> {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
            return out;
        });
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> inserts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).withChars("{}[]\":,-.0123456789eE+ZT nulltrue\\\u0000\u00e9"),
                Arbitraries.of("1e400", "-1", "NaN", "99999999999999999999999", "\"+999999999-12-31T23:59:59Z\"",
                        "\"\"", "null", "[]", "{}", "\"\\ud800\"", "1.5", "\"day\"", "\"hourly\"", "true", "\"\u0663\u0664\""));
        return Combinators.combine(Arbitraries.integers().between(0, 200), Arbitraries.integers().between(0, 30), inserts)
                .as(Edit::new).list().ofMinSize(1).ofMaxSize(20);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(middle, 0, out, h.length, middle.length);
        System.arraycopy(t, 0, out, h.length + middle.length, t.length);
        return out;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("replay-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
