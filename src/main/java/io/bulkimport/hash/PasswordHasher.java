package io.bulkimport.hash;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import io.bulkimport.validate.SecretMask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code hash}: replaces each valid row's plaintext password with its bcrypt hash, in place, spread over the
 * hash pool, and waits for the batch's hashes. A value that already is a bcrypt hash is kept, a row that needs no
 * password gets none, and a missing, short or over-long password makes the row an error with the value shown as
 * {@code ***}. A dry run checks and counts the passwords but does not hash them; it drops them at once. Each hash
 * is reported to the import's progress as it finishes ({@link io.bulkimport.pipeline.StageProgress}): bcrypt is
 * what a users import waits for, so percent and ETA move per password, not per committed batch.
 *
 * <p>The route says which column holds the password with the exchange property {@value #COLUMN}, and which rows
 * need none with {@value #NO_PASSWORD_WHEN} ({@code user_type=operational}).
 */
public class PasswordHasher implements Processor {

    public static final String COLUMN = "hashColumn";
    public static final String NO_PASSWORD_WHEN = "hashNoPasswordWhen";
    /**
     * What a dry run leaves where the import would store a hash: neither the plaintext nor a bcrypt hash (so never
     * kept as one), but a value, so the dry run's would* counts see a password there as the import's new hash
     * would be (a fresh salt always differs from the stored hash); secret, so its preview shows {@code ***}.
     */
    public static final String DRY_RUN_PLACEHOLDER = "(hashed by the import)";

    private final PasswordHashing hashing;
    private final Bcrypt bcrypt;
    private final DryRunEstimate estimate;

    /** Hashing on this instance's {@code pool}. */
    public PasswordHasher(HashPool pool, Bcrypt bcrypt, DryRunEstimate estimate) {
        this(PasswordHashing.local(pool), bcrypt, estimate);
    }

    /** Hashing where {@code hashing} does it (this instance's pool, or every instance through the broker). */
    public PasswordHasher(PasswordHashing hashing, Bcrypt bcrypt, DryRunEstimate estimate) {
        this.hashing = hashing;
        this.bcrypt = bcrypt;
        this.estimate = estimate;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Batch batch = exchange.getIn().getBody(Batch.class);
        PasswordRule rule = PasswordRule.of(batch.context().pipeline(), exchange.getProperty(COLUMN, String.class),
                exchange.getProperty(NO_PASSWORD_WHEN, String.class));
        int toHash = hash(batch, rule);
        if (batch.context().options().dryRun()) {
            estimate.count(exchange, batch.context(), batch.valid().size(), toHash);
        }
    }

    /**
     * Hashes the batch's passwords (a dry run only drops them, leaving {@link #DRY_RUN_PLACEHOLDER}) and returns how
     * many needed hashing.
     */
    public int hash(Batch batch, PasswordRule rule) throws InterruptedException {
        List<String[]> toHash = new ArrayList<>();
        Set<PreparedRow> refused = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PreparedRow row : batch.valid()) {
            String[] values = row.values();
            PasswordRule.Verdict verdict = rule.judge(values);
            switch (verdict) {
                case HASH -> toHash.add(values);
                case KEEP -> { }
                case NONE -> values[rule.passwordIndex()] = null;
                default -> {
                    batch.reject(new RowError(row.rowNumber(), "hash", rule.column(),
                            SecretMask.value(values[rule.passwordIndex()]), verdict.reason(), row.rawRow()));
                    values[rule.passwordIndex()] = null;
                    refused.add(row);
                }
            }
        }
        batch.valid().removeIf(refused::contains);
        if (batch.context().options().dryRun()) {
            toHash.forEach(values -> values[rule.passwordIndex()] = DRY_RUN_PLACEHOLDER);
        } else {
            int column = rule.passwordIndex();
            // each hash counts for percent and ETA as it finishes, long before the batch commits (issue #11)
            batch.workPlanned(toHash.size());
            List<String> passwords = toHash.stream().map(values -> values[column]).toList();
            hashing.hashAll(passwords, bcrypt, (i, hash) -> {
                toHash.get(i)[column] = hash;
                batch.workFinished(1);
            });
        }
        return toHash.size();
    }
}
