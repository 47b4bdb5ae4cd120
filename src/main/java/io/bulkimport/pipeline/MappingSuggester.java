package io.bulkimport.pipeline;

import io.bulkimport.parse.HeaderNames;
import io.bulkimport.validate.ValueKind;
import java.net.URLEncoder;
import java.text.Normalizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * Which header cell of a file most likely holds each declared column, judged from the header and, when given, a
 * sample of the file's rows:
 * <ul>
 *   <li>the name: a header that is the column's name or one of its aliases (spelt as {@link HeaderNames#normalize}
 *       compares) scores 1; any other header its Jaro-Winkler similarity to the closest of them (commons-text
 *       {@link JaroWinklerSimilarity}, 0..1, on the normalised spellings without accents);</li>
 *   <li>the values, for a column whose rules say what its values look like ({@link ValueKind}): the share of the
 *       sample's non-empty values of that kind weighs {@value #VALUE_WEIGHT} and the name the rest, so a column of
 *       e-mail addresses headed {@code Contact} is still found; a header that is the name or an alias keeps at least
 *       {@value #NAME_MATCH_FLOOR} whatever its values.</li>
 * </ul>
 * Each header goes to at most one column: the pairs are taken best score first (greedy), down to
 * {@value #MIN_SCORE}. Pure; no I/O.
 */
public final class MappingSuggester {

    /** How many data rows a suggestion looks at. */
    public static final int SAMPLE_ROWS = 200;

    /** The lowest score a suggested header has. */
    static final double MIN_SCORE = 0.7;

    /** The lowest score a missing column's hint names a header at. */
    static final double HINT_SCORE = 0.6;

    static final double VALUE_WEIGHT = 0.7;
    static final double NAME_MATCH_FLOOR = 0.75;

    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

    private MappingSuggester() {
    }

    /**
     * @param columns the pipeline's declared columns
     * @param header  the file's header cells as written
     * @param sample  data rows, cells in header order (a row may be shorter or longer than the header); may be empty
     */
    public static MappingSuggestion suggest(List<ColumnDefinition> columns, List<String> header, List<List<String>> sample) {
        Set<Integer> cells = nonBlankCells(header);
        Map<String, Candidate> chosen = assign(columns, header, sample, cells, MIN_SCORE);
        List<MappingSuggestion.ColumnSuggestion> out = new ArrayList<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        Set<Integer> taken = new TreeSet<>();
        for (ColumnDefinition column : columns) {
            Candidate c = chosen.get(column.name());
            if (c != null) {
                out.add(new MappingSuggestion.ColumnSuggestion(column.name(), c.header(), round(c.score()), c.reasons()));
                mapping.put(column.name(), c.header());
                taken.add(c.cell());
            } else {
                out.add(new MappingSuggestion.ColumnSuggestion(column.name(), null, 0, List.of(whyNone(column, header,
                        sample, cells, chosen))));
            }
        }
        List<String> unmatched = cells.stream().filter(cell -> !taken.contains(cell)).map(header::get).toList();
        return new MappingSuggestion(out, unmatched, mapping, mapParameters(mapping));
    }

    /**
     * The closest header for each of {@code missing} among {@code free} cells (those no column took), each header
     * to one column at most; a column without one scoring at least {@value #HINT_SCORE} is absent from the answer.
     */
    static Map<String, Candidate> closest(List<ColumnDefinition> missing, List<String> header, List<List<String>> sample,
                                          Set<Integer> free) {
        return assign(missing, header, sample, free, HINT_SCORE);
    }

    /** Greedy assignment: every (column, cell) pair scored, taken best first while both are free. */
    static Map<String, Candidate> assign(List<ColumnDefinition> columns, List<String> header, List<List<String>> sample,
                                         Set<Integer> cells, double minScore) {
        List<Candidate> all = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            for (int cell : cells) {
                Candidate c = score(columns.get(i), i, cell, header, sample);
                if (c.score() >= minScore) {
                    all.add(c);
                }
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::score).reversed()
                .thenComparingInt(Candidate::columnIndex).thenComparingInt(Candidate::cell));
        Map<String, Candidate> chosen = new LinkedHashMap<>();
        Set<Integer> usedCells = new TreeSet<>();
        for (Candidate c : all) {
            String name = columns.get(c.columnIndex()).name();
            if (!chosen.containsKey(name) && usedCells.add(c.cell())) {
                chosen.put(name, c);
            }
        }
        return chosen;
    }

    /** How well header cell {@code cell} fits {@code column}, and why. */
    static Candidate score(ColumnDefinition column, int columnIndex, int cell, List<String> header,
                           List<List<String>> sample) {
        String written = header.get(cell).strip();
        List<String> reasons = new ArrayList<>();
        NameMatch name = nameMatch(column, written);
        reasons.add(name.reason());
        ValueKind kind = ValueKind.of(column);
        int[] fit = kind == null ? null : fitting(kind, cell, sample);
        double score = name.score();
        String hint = name.reason();
        if (fit != null && fit[1] > 0) {
            double share = (double) fit[0] / fit[1];
            String values = fit[0] + " of " + fit[1] + " sample values are " + kind.plural();
            reasons.add(values);
            score = (1 - VALUE_WEIGHT) * name.score() + VALUE_WEIGHT * share;
            if (name.exact()) {
                score = Math.max(score, NAME_MATCH_FLOOR);
            }
            if (share >= 0.5) {
                hint = "its values are " + kind.plural() + " (" + fit[0] + " of " + fit[1] + ")";
            }
        }
        return new Candidate(columnIndex, cell, written, Math.min(1, score), List.copyOf(reasons), hint);
    }

    private static NameMatch nameMatch(ColumnDefinition column, String written) {
        String key = HeaderNames.normalize(written);
        if (key.equals(HeaderNames.normalize(column.name()))) {
            return new NameMatch(1, true, "name '" + column.name() + "'");
        }
        for (String alias : column.aliases()) {
            if (key.equals(HeaderNames.normalize(alias))) {
                return new NameMatch(1, true, "alias '" + alias + "'");
            }
        }
        double best = similarity(key, column.name());
        String closest = column.name();
        for (String alias : column.aliases()) {
            double s = similarity(key, alias);
            if (s > best) {
                best = s;
                closest = alias;
            }
        }
        return new NameMatch(best, false, String.format(Locale.ROOT, "name similarity %.2f to '%s'", best, closest));
    }

    /** Jaro-Winkler on the normalised spellings with accents removed ("Téléphone" is as close as "Telephone"). */
    private static double similarity(String key, String name) {
        String one = withoutAccents(key);
        String other = withoutAccents(HeaderNames.normalize(name));
        return one.isEmpty() || other.isEmpty() ? 0 : SIMILARITY.apply(one, other);
    }

    private static String withoutAccents(String text) {
        return COMBINING_MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
    }

    /** {fitting, non-empty} among the sample's values of {@code cell}. */
    private static int[] fitting(ValueKind kind, int cell, List<List<String>> sample) {
        int fit = 0;
        int nonEmpty = 0;
        for (List<String> row : sample) {
            String value = cell < row.size() ? row.get(cell) : null;
            if (value == null || value.isBlank()) {
                continue;
            }
            nonEmpty++;
            if (kind.fits(value)) {
                fit++;
            }
        }
        return new int[] {fit, nonEmpty};
    }

    private static String whyNone(ColumnDefinition column, List<String> header, List<List<String>> sample,
                                  Set<Integer> cells, Map<String, Candidate> chosen) {
        int index = 0;
        Candidate best = null;
        for (int cell : cells) {
            Candidate c = score(column, index, cell, header, sample);
            if (best == null || c.score() > best.score()) {
                best = c;
            }
        }
        if (best == null) {
            return "the file has no named header cells";
        }
        int cell = best.cell();
        boolean takenByOther = chosen.values().stream().anyMatch(c -> c.cell() == cell);
        return String.format(Locale.ROOT, "no header close enough (best: '%s' at %.2f%s)", best.header(), best.score(),
                takenByOther ? ", which fits another column better" : "");
    }

    private static Set<Integer> nonBlankCells(List<String> header) {
        return IntStream.range(0, header.size()).filter(i -> header.get(i) != null && !header.get(i).isBlank())
                .boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code map.<column>=<header>} pairs joined by {@code &}, the headers URL-encoded (space as %20). */
    static String mapParameters(Map<String, String> mapping) {
        return mapping.entrySet().stream()
                .map(e -> "map." + e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }

    private static double round(double score) {
        return Math.round(score * 100) / 100.0;
    }

    private record NameMatch(double score, boolean exact, String reason) {
    }

    /**
     * One header cell judged for one column.
     *
     * @param hint the strongest reason, for a one-line message
     */
    record Candidate(int columnIndex, int cell, String header, double score, List<String> reasons, String hint) {
    }
}
