package dev.carbonledger.launcher.budgets;

/**
 * Why an import file cannot be imported, where: {@code budgets.csv:4: limit: '5 kilos' is not an amount ...} or,
 * in YAML, {@code budgets.yaml:12: entry 3: tier: tier must be hard or soft, got 'firm'}.
 *
 * @param line  1-based line, 0 when the problem is about the whole file
 * @param entry 1-based entry of a YAML list, 0 in CSV and for problems outside an entry
 * @param field the field or column, or null
 */
public record ImportProblem(String file, int line, int entry, String field, String reason) {
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (entry > 0) {
            b.append("entry ").append(entry).append(": ");
        }
        if (field != null) {
            b.append(field).append(": ");
        }
        return b.append(reason).toString();
    }
}
