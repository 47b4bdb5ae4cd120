package io.bulkimport.hash;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the hash stage does with one row's password, as the route set it up: which column holds the password, and
 * which rows need none ({@code user_type=operational}). Pure; no hashing here.
 *
 * @param column               the password column
 * @param passwordIndex        its position in the pipeline's columns
 * @param typeIndex            position of the column that says whether a row needs a password; -1 when every row does
 * @param typesWithoutPassword values of that column for which a row has no password
 */
public record PasswordRule(String column, int passwordIndex, int typeIndex, Set<String> typesWithoutPassword) {

    public static final int MIN_LENGTH = 8;

    public enum Verdict {
        /** hash the plaintext */
        HASH(null),
        /** already a bcrypt hash: store it as it is */
        KEEP(null),
        /** the row needs no password: store none */
        NONE(null),
        MISSING("password is missing"),
        TOO_SHORT("password shorter than " + MIN_LENGTH + " characters"),
        TOO_LONG("password longer than " + Bcrypt.MAX_PASSWORD_BYTES + " bytes, more than bcrypt can use");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        /** Why the row is refused; null when it is not. */
        public String reason() {
            return reason;
        }
    }

    /**
     * @param column         the value of the route's {@code hashColumn}
     * @param noPasswordWhen the value of the route's {@code hashNoPasswordWhen}, like {@code user_type=operational}
     *                       (several values comma-separated); null or blank when every row needs a password
     */
    public static PasswordRule of(PipelineDefinition pipeline, String column, String noPasswordWhen) {
        if (column == null || column.isBlank()) {
            throw new IllegalStateException("the hash stage of pipeline " + pipeline.getName()
                    + " needs the exchange property hashColumn (see routes/README.md)");
        }
        int passwordIndex = indexOf(pipeline, column.strip(), "hashColumn");
        if (noPasswordWhen == null || noPasswordWhen.isBlank()) {
            return new PasswordRule(column.strip(), passwordIndex, -1, Set.of());
        }
        int eq = noPasswordWhen.indexOf('=');
        if (eq < 1) {
            throw new IllegalStateException("hashNoPasswordWhen must look like column=value[,value], was '" + noPasswordWhen + "'");
        }
        int typeIndex = indexOf(pipeline, noPasswordWhen.substring(0, eq).strip(), "hashNoPasswordWhen");
        Set<String> types = List.of(noPasswordWhen.substring(eq + 1).split(",")).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new PasswordRule(column.strip(), passwordIndex, typeIndex, types);
    }

    /** The verdict on one validated row (values in the pipeline's column order). */
    public Verdict judge(String[] values) {
        if (typeIndex >= 0 && values[typeIndex] != null
                && typesWithoutPassword.contains(values[typeIndex].toLowerCase(Locale.ROOT))) {
            return Verdict.NONE;
        }
        String password = values[passwordIndex];
        if (password == null || password.isEmpty()) {
            return Verdict.MISSING;
        }
        if (Bcrypt.isHash(password)) {
            return Verdict.KEEP;
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Verdict.TOO_SHORT;
        }
        if (Bcrypt.utf8Length(password) > Bcrypt.MAX_PASSWORD_BYTES) {
            return Verdict.TOO_LONG;
        }
        return Verdict.HASH;
    }

    private static int indexOf(PipelineDefinition pipeline, String name, String property) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException(property + " names '" + name + "', which is not a column of pipeline "
                + pipeline.getName());
    }
}
