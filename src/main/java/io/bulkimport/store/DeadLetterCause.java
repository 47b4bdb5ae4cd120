package io.bulkimport.store;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.parse.Row;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;

/**
 * Why a batch went to the dead-letter channel, as every one of its rows records it in {@code import_errors}: the
 * failure's message without a secret. A URL keeps its scheme, host and path but loses its user info and query (where
 * API keys travel); the values of the service's secret settings and of the batch's {@code secret: true} cells become
 * {@code ***}; a database message loses its DETAIL, which repeats row values. At most {@value #MAX} characters.
 */
public final class DeadLetterCause {

    /** Longest reason kept: it is written once per row of the batch. */
    static final int MAX = 500;
    static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s@]+@");
    private static final Pattern QUERY = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s?#]*)\\?[^\\s#]*");
    /** Shorter values are not masked: they would hide ordinary words and are no secrets worth the name. */
    private static final int SHORTEST_SECRET = 4;

    private final List<String> secrets;

    /**
     * @param secrets values that must never be shown (the service's passwords, keys and tokens); empty and short
     *                ones are ignored
     */
    public DeadLetterCause(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= SHORTEST_SECRET)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Whether a setting's value is a secret: its last dotted part names a password, secret, token or key. */
    public static boolean secretSetting(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return last.contains("password") || last.contains("secret") || last.contains("token") || last.endsWith("key");
    }

    /**
     * @param failure why the batch failed for good, or null
     * @param batch   the batch, whose secret cells are masked too; null when there is none
     * @return the reason each of its rows records: {@code batch failed: <message>}, secrets masked
     */
    public String reason(Throwable failure, Batch batch) {
        String message = "batch failed: " + masked(failure, batch);
        return message.length() > MAX ? message.substring(0, MAX - 1) + "…" : message;
    }

    /**
     * @param failure why a batch failed, or null
     * @param batch   the batch, whose secret cells are masked too; null when there is none
     * @return the failure's most telling message (see {@link #reason}) with every secret masked, not shortened
     */
    public String masked(Throwable failure, Batch batch) {
        String message = mask(message(failure));
        return batch == null ? message : maskCells(message, batch);
    }

    /**
     * @param message any text that may quote a failure: a job's stop reason, a log line
     * @return the text with URL user info and queries and the service's secret settings masked; null for null
     */
    public String mask(String message) {
        if (message == null) {
            return null;
        }
        String masked = USER_INFO.matcher(message).replaceAll("$1" + MASK + "@");
        masked = QUERY.matcher(masked).replaceAll("$1?" + MASK);
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** The most telling message in the chain: the innermost one, but a database's without its DETAIL. */
    static String message(Throwable failure) {
        if (failure == null) {
            return "unknown cause";
        }
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return "database: " + p.getServerErrorMessage().getMessage();
            }
        }
        String text = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        // a message spanning lines (a stack of causes, a server's page) is cut at its first line
        int line = text.indexOf('\n');
        return line > 0 ? text.substring(0, line).strip() : text.strip();
    }

    private static String maskCells(String message, Batch batch) {
        List<ColumnDefinition> columns = batch.context().pipeline().columnDefinitions();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).secret()) {
                positions.add(batch.context().mapping().position(i));
            }
        }
        if (positions.isEmpty()) {
            return message;
        }
        for (Row row : batch.rows()) {
            for (int position : positions) {
                if (position >= 0 && position < row.values().size()) {
                    String value = row.values().get(position);
                    if (value != null && value.length() >= SHORTEST_SECRET) {
                        message = message.replace(value, MASK);
                    }
                }
            }
        }
        return message;
    }
}
