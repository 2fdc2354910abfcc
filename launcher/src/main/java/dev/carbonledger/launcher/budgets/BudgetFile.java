package dev.carbonledger.launcher.budgets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An import file of budgets ({@code .yaml}/{@code .yml} or {@code .csv}) read and checked as a whole: every valid
 * budget, and every problem (file, line, entry, field, reason) so that one run lists everything to fix. A team
 * listed twice is a problem naming both places. Nothing here touches Kafka.
 */
public final class BudgetFile {
    /** Far above hundreds of teams (~50 bytes each), low enough that a wrong file cannot exhaust the heap. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    /** The file's formats, chosen by its extension. */
    public enum Format { YAML, CSV }

    /** What the file holds: import it only when {@link #ok()}. */
    public record Content(List<ImportEntry> entries, List<ImportProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private BudgetFile() {}

    public static Content read(Path file) {
        String name = file.toString();
        List<ImportProblem> problems = new ArrayList<>();
        Format format = formatOf(name);
        if (format == null) {
            problems.add(new ImportProblem(name, 0, 0, null, "unknown format: use a .yaml, .yml or .csv file"));
            return new Content(List.of(), problems);
        }
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new IOException("it is a directory");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                problems.add(new ImportProblem(name, 0, 0, null, "the file has " + size + " bytes; an import file may have at most "
                        + MAX_BYTES + " (split it)"));
                return new Content(List.of(), problems);
            }
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(new ImportProblem(name, 0, 0, null, "no such file"));
            return new Content(List.of(), problems);
        } catch (IOException e) {
            problems.add(new ImportProblem(name, 0, 0, null, "cannot read the file: " + e.getMessage()));
            return new Content(List.of(), problems);
        }
        String text = ImportText.decode(name, bytes, problems);
        return text == null ? new Content(List.of(), problems) : parse(name, text, format);
    }

    /**
     * The budgets in a text of the given format; {@code name} is how problems refer to it. Control characters and
     * lines over {@link ImportText#MAX_LINE_CHARS} end the reading with one problem.
     */
    public static Content parse(String name, String text, Format format) {
        List<ImportProblem> problems = new ArrayList<>();
        if (!ImportText.check(name, text, problems)) {
            return new Content(List.of(), problems);
        }
        List<RawEntry> raw = format == Format.YAML
                ? YamlBudgetReader.read(name, text, problems)
                : CsvBudgetReader.read(name, text, problems);
        List<ImportEntry> entries = new ArrayList<>();
        Map<String, ImportEntry> byTeam = new HashMap<>();
        for (RawEntry r : raw) {
            BudgetInput.Parsed parsed = BudgetInput.parse(r.team(), r.period(), r.limit(), r.tier(), r.thresholds());
            for (BudgetInput.FieldProblem p : parsed.problems()) {
                if (!r.reported().contains(p.field())) {
                    problems.add(new ImportProblem(name, r.lineOf(p.field()), r.entry(), p.field(), p.reason()));
                }
            }
            if (!parsed.ok() || !r.reported().isEmpty()) {
                continue;
            }
            ImportEntry entry = new ImportEntry(r.line(), r.entry(), parsed.spec());
            ImportEntry first = byTeam.putIfAbsent(entry.spec().team(), entry);
            if (first != null) {
                problems.add(new ImportProblem(name, r.lineOf("team"), r.entry(), "team", "'" + entry.spec().team()
                        + "' is listed twice: " + first.where() + " and " + entry.where()));
                continue;
            }
            entries.add(entry);
        }
        if (raw.isEmpty() && problems.isEmpty()) {
            problems.add(new ImportProblem(name, 0, 0, null, format == Format.YAML
                    ? "no budgets in the file (expected 'budgets:' with a list of budgets)"
                    : "no budgets in the file (expected the header " + String.join(",", CsvBudgetReader.COLUMNS)
                            + " and one budget a line)"));
        }
        problems.sort(Comparator.comparingInt(ImportProblem::line));
        return new Content(List.copyOf(entries), List.copyOf(problems));
    }

    /** YAML or CSV by extension, any case; null for anything else. */
    public static Format formatOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return Format.YAML;
        }
        return lower.endsWith(".csv") ? Format.CSV : null;
    }
}
