package io.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.camel.PropertyInject;
import org.junit.jupiter.api.Test;

/** application.properties is the one source of the service's defaults, and the README lists every key. */
class ApplicationPropertiesTest {

    @Test
    void every_injected_setting_takes_its_default_from_application_properties_and_none_from_java() throws IOException {
        // given the shipped application.properties
        Properties shipped = shipped();

        // when the settings BulkImportConfiguration injects are listed
        List<PropertyInject> injected = Arrays.stream(BulkImportConfiguration.class.getDeclaredFields())
                .map(field -> field.getAnnotation(PropertyInject.class)).filter(a -> a != null).toList();

        // then each has its default there, and none carries a second one in Java
        assertThat(injected).isNotEmpty();
        assertThat(injected).allSatisfy(a -> {
            assertThat(shipped).as("application.properties").containsKey(a.value());
            assertThat(a.defaultValue()).as("Java default of " + a.value()).isEmpty();
        });
    }

    @Test
    void the_readme_configuration_table_lists_every_setting_of_the_service() throws IOException {
        // given the service's own settings (Camel's camel.* keys are Camel's to document)
        List<String> keys = shipped().stringPropertyNames().stream().filter(k -> !k.startsWith("camel.")).sorted().toList();

        // when the README is read
        String readme = Files.readString(Path.of("README.md"));

        // then each key is in it, as code
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(readme).as("README").contains("`" + key + "`"));
    }

    private static Properties shipped() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ApplicationPropertiesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }
}
