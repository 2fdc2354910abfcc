package dev.carbonledger.launcher.budgets;

import java.util.List;

/**
 * A request that cannot be carried out as asked, found once Kafka was read (a team without a budget, a transfer
 * that breaks the rules): every reason, one line each, exit code 2, nothing written.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    UsageException(List<String> lines) {
        super(String.join("; ", lines), null, false, false);
        this.lines = List.copyOf(lines);
    }

    List<String> lines() {
        return lines;
    }
}
