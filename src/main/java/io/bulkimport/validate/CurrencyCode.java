package io.bulkimport.validate;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Column rule {@code format: currency}: an ISO 4217 alphabetic currency code ({@code EUR}, {@code USD}, {@code JPY}),
 * checked against the JDK's ISO 4217 table ({@link Currency#getAvailableCurrencies()}, the codes
 * {@link Currency#getInstance(String)} accepts) and stored upper-case, so {@code eur} is stored {@code EUR}. A symbol
 * ({@code €}, {@code $}) or a name ({@code Euro}) is not a code: {@code $} alone cannot tell US from Canadian dollars.
 * Pure; the table is read once.
 */
public final class CurrencyCode {

    /** What a value that is no code is told; {@link ValueRules} adds the value. */
    static final String REASON = "not an ISO 4217 currency code (e.g. EUR, USD, GBP)";

    private static final Set<String> CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private CurrencyCode() {
    }

    /**
     * @param value a cell, trimmed, not empty
     * @return the code upper-case ({@code eur} → {@code EUR}), or null when the value is no ISO 4217 alphabetic code
     */
    public static String of(String value) {
        if (value.length() != 3) {
            return null;
        }
        String code = value.toUpperCase(Locale.ROOT);
        return CODES.contains(code) ? code : null;
    }
}
