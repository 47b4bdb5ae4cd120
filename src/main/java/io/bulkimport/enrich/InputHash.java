package io.bulkimport.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 of a row's input fields as canonical JSON (keys sorted), and of prompt texts: the cache's keys. */
public final class InputHash {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputHash() {
    }

    public static String of(Map<String, String> input) {
        ObjectNode canonical = JSON.createObjectNode();
        new TreeMap<>(input).forEach(canonical::put);
        return sha256(canonical.toString());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
