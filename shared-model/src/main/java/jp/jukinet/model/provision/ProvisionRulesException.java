package jp.jukinet.model.provision;

/**
 * A rules file that cannot be loaded. The message names the line and column of the offending
 * rule or token, e.g. {@code rules file line 17, column 16: rule 'nenkin-30-9': validTo
 * (2026-01-01) is before validFrom (2026-04-01)}, so the author can go straight to it.
 */
public class ProvisionRulesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    ProvisionRulesException(int line, int column, String problem, Throwable cause) {
        super("rules file line " + line + ", column " + column + ": " + problem, cause);
        this.line = line;
        this.column = column;
    }

    /** The 1-based line of the offending rule or token. */
    public int line() {
        return line;
    }

    /** The 1-based column of the offending rule or token. */
    public int column() {
        return column;
    }
}
