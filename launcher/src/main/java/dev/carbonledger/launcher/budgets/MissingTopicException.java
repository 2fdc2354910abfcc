package dev.carbonledger.launcher.budgets;

/**
 * A topic the budgets commands need does not exist. They never create it themselves: a producer would let the
 * broker auto-create the budgets topic without compaction, and the partitions and replicas of the project's
 * topics are the operator's choice ({@code carbon-ledger topics create}).
 */
public final class MissingTopicException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public MissingTopicException(String topic) {
        super("topic " + topic + " does not exist: create the project's topics first with 'carbon-ledger topics create'"
                + " (same --bootstrap-servers and --topic-prefix)");
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
