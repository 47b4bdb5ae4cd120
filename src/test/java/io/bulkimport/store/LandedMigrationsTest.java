package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A migration that has shipped is never edited: Flyway validates every applied migration's checksum at start, so a
 * database that ran the old text refuses to start with the new one ("Migration checksum mismatch"). A change to the
 * schema is a new migration. {@code landed-migrations.sha256} holds the SHA-256 of every migration as it shipped
 * (sha256sum format); a new migration is added to it in the commit that creates it.
 */
class LandedMigrationsTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path LANDED = Path.of("src/test/resources/landed-migrations.sha256");

    @Test
    void no_shipped_migration_is_edited_and_every_migration_is_listed() throws IOException {
        Map<String, String> landed = new TreeMap<>();
        for (String line : Files.readAllLines(LANDED)) {
            if (!line.isBlank()) {
                landed.put(line.substring(66).strip(), line.substring(0, 64));
            }
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(MIGRATIONS)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String name = file.getFileName().toString();
            assertThat(landed).as("%s is not in %s: add its sha256sum line there", name, LANDED).containsKey(name);
            assertThat(sha256(file)).as("%s has changed since it shipped: put the change in a new migration", name)
                    .isEqualTo(landed.get(name));
        }
        assertThat(landed.keySet()).as("every listed migration still exists")
                .containsExactlyInAnyOrderElementsOf(files.stream().map(f -> f.getFileName().toString()).toList());
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
