package io.bulkimport.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * The names an upload's options may have, as query parameters or as fields of a multipart upload (README, "Upload
 * options"; the parameters of {@code POST /api/imports/{pipeline}} in {@code openapi.json}): {@link #NAMES}, and
 * {@code map.<column>} and {@code set.<column>}. Any other name is refused: a misspelt {@code duplicate=update} would
 * otherwise import with the default strategy and say nothing.
 */
final class UploadParameters {

    /** Every option name but the prefixed ones. */
    static final Set<String> NAMES = Set.of("filename", "duplicates", "batchSize", "dryRun", "force", "createNew", "sheet",
            "charset", "escape", "locale", "dateFormat", "notifyUrl", "notifyEmail", "mapping", "maxErrors",
            "onTooManyErrors");
    /** A column's mapping ({@code map.email=Courriel}) and a constant column ({@code set.source=crm}). */
    static final List<String> PREFIXES = List.of("map.", "set.");
    /** A name at least this similar (Jaro-Winkler, lower case) to a known one is named as the one meant. */
    private static final double SIMILAR = 0.85;
    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();

    private UploadParameters() {
    }

    /**
     * Checks the names of an upload's parameters.
     *
     * @param names the query parameters' and form fields' names (the file parts' excluded)
     * @throws IllegalArgumentException naming the first unknown one in alphabetical order, the known name it is
     *                                  closest to if any, and the names there are
     */
    static void requireKnown(Collection<String> names) {
        String unknown = new TreeSet<>(names).stream().filter(n -> !NAMES.contains(n)
                && PREFIXES.stream().noneMatch(p -> n.startsWith(p) && n.length() > p.length())).findFirst().orElse(null);
        if (unknown == null) {
            return;
        }
        String meant = NAMES.stream().max(Comparator.comparingDouble(n -> similarity(unknown, n))).orElseThrow();
        throw new IllegalArgumentException("unknown upload option '" + unknown + "'"
                + (similarity(unknown, meant) >= SIMILAR ? " (did you mean '" + meant + "'?)" : "")
                + "; the options are " + String.join(", ", new TreeSet<>(NAMES)) + ", map.<column> and set.<column>");
    }

    private static double similarity(String given, String known) {
        return SIMILARITY.apply(given.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
    }
}
