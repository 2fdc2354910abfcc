package dev.carbonledger.launcher.budgets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Budgets from CSV: a header naming the columns ({@code team,period,limit} required, {@code tier} and
 * {@code thresholds} optional, in any order), then one budget a line. Thresholds are separated by {@code ;} or
 * quoted ({@code "0.5,0.8,1"}). Blank lines and lines starting with {@code #} are skipped; an empty cell means
 * the default. A syntax error (a quote never closed) ends the reading with the line where the row began.
 */
final class CsvBudgetReader {
    static final List<String> COLUMNS = List.of("team", "period", "limit", "tier", "thresholds");
    private static final List<String> REQUIRED = List.of("team", "period", "limit");
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withComments();

    private final String file;
    private final List<ImportProblem> problems;
    private final List<RawEntry> entries = new ArrayList<>();
    private Map<String, Integer> columns;
    private int columnCount;
    /** The line where the row being read began: a quote never closed is reported there. */
    private int rowLine;

    private CsvBudgetReader(String file, List<ImportProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    static List<RawEntry> read(String file, String text, List<ImportProblem> problems) {
        CsvBudgetReader reader = new CsvBudgetReader(file, problems);
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            ((CsvParser) p).setSchema(SCHEMA);
            reader.rows(p);
        } catch (JsonProcessingException e) {
            String message = BudgetText.oneLine(e.getOriginalMessage());
            if (message.startsWith("Missing closing quote")) {
                problems.add(new ImportProblem(file, reader.rowLine, 0, null,
                        "malformed CSV: a quoted value on this line is never closed (missing closing \")"));
            } else {
                int line = e.getLocation() == null ? reader.rowLine : e.getLocation().getLineNr();
                problems.add(new ImportProblem(file, line, 0, null, "malformed CSV: " + message));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new ImportProblem(file, reader.rowLine, 0, null, "malformed CSV: " + BudgetText.oneLine(e.getMessage())));
        }
        return reader.entries;
    }

    private void rows(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) { // the whole file, wrapped as one array
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
            rowLine = p.currentLocation().getLineNr();
            List<String> cells = new ArrayList<>();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                cells.add(p.getText());
            }
            if (cells.stream().allMatch(BudgetInput::isBlank)) {
                continue;
            }
            if (columns == null) {
                if (!header(cells, rowLine)) {
                    return;
                }
            } else {
                row(cells, rowLine);
            }
        }
    }

    /** Reads the header; false (with the problems) when the rows cannot be read with it. */
    private boolean header(List<String> cells, int line) {
        Map<String, Integer> found = new HashMap<>();
        boolean known = false;
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String name = cells.get(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                unknown.add(cells.get(i).strip());
            } else if (found.putIfAbsent(name, i) != null) {
                problem(line, null, "column '" + name + "' is named twice in the header");
            } else {
                known = true;
            }
        }
        if (!known) {
            problem(line, null, "the first line must be the header " + String.join(",", COLUMNS)
                    + " (tier and thresholds optional), got '" + truncated(String.join(",", cells)) + "'");
            return false;
        }
        for (String name : unknown) {
            problem(line, null, "unknown column '" + truncated(name) + "' (expected " + String.join(", ", COLUMNS) + ")");
        }
        for (String name : REQUIRED) {
            if (!found.containsKey(name)) {
                problem(line, null, "the header has no '" + name + "' column");
            }
        }
        columns = found;
        columnCount = cells.size();
        // Rows are still checked with unknown columns, so the next run does not reveal new problems.
        return found.keySet().containsAll(REQUIRED);
    }

    private void row(List<String> cells, int line) {
        if (cells.size() > columnCount) {
            problem(line, null, cells.size() + " values, but the header has " + columnCount + " columns"
                    + " (separate thresholds with ';' or quote them: \"0.5,0.8,1\")");
            return;
        }
        String thresholds = cell(cells, "thresholds");
        entries.add(new RawEntry(line, 0, cell(cells, "team"), cell(cells, "period"), cell(cells, "limit"),
                cell(cells, "tier"), BudgetInput.isBlank(thresholds) ? null : List.of(thresholds), Map.of(), Set.of()));
    }

    private String cell(List<String> cells, String column) {
        Integer index = columns.get(column);
        return index == null || index >= cells.size() ? null : cells.get(index);
    }

    private void problem(int line, String field, String reason) {
        problems.add(new ImportProblem(file, line, 0, field, reason));
    }

    private static String truncated(String s) {
        return s.length() <= BudgetInput.MAX_VALUE_LENGTH ? s : s.substring(0, BudgetInput.MAX_VALUE_LENGTH) + "...";
    }
}
