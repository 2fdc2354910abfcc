package dev.carbonledger.domain.intensity;

import java.util.Objects;

/**
 * DESIGN section 4, rule 5: the ledger uses one signal, the <em>accounting signal</em> ({@code average} unless
 * configured): location-based accounting, as the GHG Protocol's scope 2 guidance asks. Intensity records of the
 * other signal never enter the ledger; they feed policy decisions and the exporter. This is the only place the rule
 * is written down: the topology, the exporter and the policy views all ask it.
 */
public record AccountingSignal(Signal signal) {
    /** {@code average}: location-based scope 2 accounting. */
    public static final AccountingSignal DEFAULT = new AccountingSignal(Signal.AVERAGE);

    public AccountingSignal {
        Objects.requireNonNull(signal, "signal");
    }

    /** Whether a record of this signal enters the ledger's intensity step function. */
    public boolean entersLedger(Signal recordSignal) {
        return signal == recordSignal;
    }

    /** {@code average} or {@code marginal}, any case. */
    public static AccountingSignal parse(String value) {
        return new AccountingSignal(Signal.parse(value));
    }

    @Override
    public String toString() {
        return signal.label();
    }
}
