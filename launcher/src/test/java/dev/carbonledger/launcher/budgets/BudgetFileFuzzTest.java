package dev.carbonledger.launcher.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.budgets.BudgetFile.Content;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The budget import reader (YAML and CSV) against hostile files at the level of bytes: binary junk, invalid UTF-8,
 * YAML anchors and deep nesting, CSV quoting gone wrong, and valid files with random edits. It never throws: the
 * file is either importable or its problems are listed, each with a short reason, and nothing is imported from a file
 * with problems.
 */
class BudgetFileFuzzTest {
    private static final int MAX_REASON = 400;
    private static final String YAML = """
            budgets:
              - team: research
                period: week
                limit: 50kg
                tier: hard
                thresholds: [0.5, 0.8, 1.0]
              - {team: search, period: day, limit: 5000g}
            """;
    private static final String CSV = """
            team,period,limit,tier,thresholds
            research,week,50kg,hard,0.5;0.8;1.0
            "search",day,5000g,,
            """;
    private static final Path DIR = tempDir();

    @Property
    void junkFilesAreListedProblems(@ForAll("extensions") String extension, @ForAll("junk") byte[] bytes) {
        check(read("junk" + extension, bytes));
    }

    @Property
    void editedFilesAreImportableOrListedProblems(@ForAll("formats") BudgetFile.Format format,
                                                  @ForAll("edits") List<Edit> edits) {
        String text = format == BudgetFile.Format.YAML ? YAML : CSV;
        for (Edit e : edits) {
            text = e.apply(text);
        }
        check(read(format == BudgetFile.Format.YAML ? "edited.yaml" : "edited.csv", text.getBytes(StandardCharsets.UTF_8)));
    }

    @Example
    void hostileYamlIsAListedProblem() {
        String billionLaughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "budgets: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
        String deep = "budgets: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
        for (String text : List.of(billionLaughs, deep, "budgets: !!java.lang.Runtime {}\n", "\uFEFFbudgets:\n  - team: x\n")) {
            Content content = read("hostile.yaml", text.getBytes(StandardCharsets.UTF_8));
            check(content);
        }
    }

    @Example
    void unmodifiedFilesImport() {
        assertThat(read("ok.yaml", YAML.getBytes(StandardCharsets.UTF_8)).entries()).hasSize(2);
        assertThat(read("ok.csv", CSV.getBytes(StandardCharsets.UTF_8)).entries()).hasSize(2);
    }

    private static void check(Content content) {
        assertThat(content).isNotNull();
        if (content.ok()) {
            assertThat(content.entries()).allSatisfy(e -> assertThat(e.spec().team()).isNotBlank());
            Statistics.collect("importable");
        } else {
            assertThat(content.problems()).allSatisfy(p -> assertThat(p.reason()).isNotBlank().hasSizeLessThan(MAX_REASON));
            Statistics.collect("problems listed");
        }
    }

    private static Content read(String name, byte[] bytes) {
        try {
            return BudgetFile.read(Files.write(DIR.resolve(name), bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
    Arbitrary<String> extensions() {
        return Arbitraries.of(".yaml", ".csv");
    }

    @Provide
    Arbitrary<BudgetFile.Format> formats() {
        return Arbitraries.of(BudgetFile.Format.values());
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> inserts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).withChars("{}[]\"':,-.#&*!|>%@`\n\t 0123456789kgtTeam;\u00e9\u0000"),
                Arbitraries.of("1e400", "-1", "NaN", "99999999999999999999999kg", "&a", "*a", "!!binary", "<<: *a",
                        "\"\"", "null", "~", "[]", "{}", "0.0", "Infinity", "1e-320", "\r\n"));
        return Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 20), inserts)
                .as(Edit::new).list().ofMinSize(1).ofMaxSize(12);
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("budget-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
