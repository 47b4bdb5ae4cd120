package io.bulkimport.pipeline;

import io.bulkimport.parse.UnreadableFileException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Required columns the file's header does not give. The message names them, the headers found and, for each, the
 * closest header no other column took ({@link MappingSuggester}), with the upload parameter that maps it:
 * {@code missing required column: email (headers found: Courriel, Prénom, Nom; closest: Courriel — its values are
 * e-mail addresses (3 of 3); upload with map.email=<header>)}; the hint also offers
 * {@code , or set.<column>=<value> for every row} unless the missing columns are the whole key (one value for every
 * row cannot be a key; one part of a composite key can: {@code set.channel=amazon} with each row's order id and sku). Thrown knowing only the header; whoever can read some
 * rows makes the hint judge the values too ({@link #withSample}).
 */
public final class MissingColumnsException extends UnreadableFileException {

    /** At most this many headers are listed. */
    static final int LISTED_HEADERS = 30;

    private final transient List<ColumnDefinition> missing;
    private final List<String> header;
    private final boolean[] claimed;
    private final int keyColumns;

    /** @param keyColumns how many key columns the pipeline has (a missing key column may be one part of several) */
    MissingColumnsException(List<ColumnDefinition> missing, List<String> header, boolean[] claimed, int keyColumns) {
        this(missing, header, claimed, keyColumns, List.of());
    }

    private MissingColumnsException(List<ColumnDefinition> missing, List<String> header, boolean[] claimed,
                                    int keyColumns, List<List<String>> sample) {
        super(message(missing, header, claimed, keyColumns, sample));
        this.missing = List.copyOf(missing);
        this.header = header;
        this.claimed = claimed.clone();
        this.keyColumns = keyColumns;
    }

    /** The same failure with its hint judged on these data rows (cells in header order) as well. */
    public MissingColumnsException withSample(List<List<String>> sample) {
        return new MissingColumnsException(missing, header, claimed, keyColumns, sample);
    }

    /** The names of the missing columns, in declared order. */
    public List<String> columns() {
        return missing.stream().map(ColumnDefinition::name).toList();
    }

    private static String message(List<ColumnDefinition> missing, List<String> header, boolean[] claimed,
                                  int keyColumns, List<List<String>> sample) {
        Set<Integer> free = IntStream.range(0, header.size())
                .filter(i -> !claimed[i] && header.get(i) != null && !header.get(i).isBlank())
                .boxed().collect(Collectors.toCollection(TreeSet::new));
        Map<String, MappingSuggester.Candidate> closest = MappingSuggester.closest(missing, header, sample, free);
        String names = missing.stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
        String hints;
        if (missing.size() == 1) {
            hints = hint(closest.get(missing.get(0).name()));
        } else {
            hints = missing.stream().map(c -> c.name() + ": " + hint(closest.get(c.name())))
                    .collect(Collectors.joining(", "));
        }
        String column = missing.size() == 1 ? missing.get(0).name() : "<column>";
        // one value for every row cannot be a key: no set. hint when the whole key is missing (a part of it may be)
        boolean keyMissing = missing.stream().filter(ColumnDefinition::key).count() >= Math.max(1, keyColumns);
        return (missing.size() == 1 ? "missing required column: " : "missing required columns: ") + names
                + " (headers found: " + list(header) + "; closest: " + hints + "; upload with map." + column
                + "=<header>" + (keyMissing ? "" : ", or set." + column + "=<value> for every row") + ")";
    }

    private static String hint(MappingSuggester.Candidate candidate) {
        return candidate == null ? "none" : candidate.header() + " — " + candidate.hint();
    }

    /** The non-blank header cells as written, comma-separated; "none" for none; long headers cut with a count. */
    static String list(List<String> header) {
        List<String> named = header.stream().filter(h -> h != null && !h.isBlank()).map(String::strip).toList();
        if (named.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", named.subList(0, Math.min(named.size(), LISTED_HEADERS)));
        return named.size() > LISTED_HEADERS ? shown + " … (" + (named.size() - LISTED_HEADERS) + " more)" : shown;
    }
}
