package dev.carbonledger.launcher.report;

import java.util.Locale;

/** Record counts for progress lines: {@code 950 records}, {@code 12.3 k records}, {@code 1.2 M records}. */
final class Counts {
    private Counts() {}

    static String records(long n) {
        return number(n) + (n == 1 ? " record" : " records");
    }

    /** {@code 950}, {@code 12.3 k}, {@code 1.2 M}. */
    static String number(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f M", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }
}
