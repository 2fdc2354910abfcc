package dev.carbonledger.launcher.health;

/** One health check of a running part: whether it is fine, and a short reason an operator can act on. */
@FunctionalInterface
public interface Probe {
    Result check();

    /** @param ok whether the part passes; @param detail a short, operator-readable state ("RUNNING", "caught up") */
    record Result(boolean ok, String detail) {
        public static Result ok(String detail) {
            return new Result(true, detail);
        }

        public static Result failing(String detail) {
            return new Result(false, detail);
        }
    }
}
