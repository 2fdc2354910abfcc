package dev.carbonledger.sinks.policy;

/** Helpers shared by the views and parameter parsers. */
final class Views {
    /** Longest caller-given text echoed back in a message. */
    private static final int MAX_ECHO = 100;

    private Views() {}

    /** A caller-given value as it may appear in a message: control characters escaped, long values cut. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX_ECHO).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.codePointCount(0, s.length()) > MAX_ECHO ? b + "..." : b.toString();
    }
}
