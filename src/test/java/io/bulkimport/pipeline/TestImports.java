package io.bulkimport.pipeline;

import io.bulkimport.parse.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds pipelines and batches for unit tests, as the engine would hand them to the stages. */
public final class TestImports {

    /** The columns of routes/users.camel.yaml. */
    public static final String USERS_COLUMNS = """
            email:         { key: true, format: email, lowercase: true, maxLength: 254, aliases: [E-mail] }
            name:          { }
            user_type:     { allowed: [admin, member, operational], default: member, aliases: [Type] }
            password_hash: { secret: true, aliases: [password, pwd] }
            """;

    private TestImports() {
    }

    public static PipelineDefinition pipeline(String name, String columns) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName(name);
        pipeline.setColumns(columns);
        return pipeline;
    }

    public static PipelineDefinition users() {
        return pipeline("users", USERS_COLUMNS);
    }

    /** One batch of the given rows (the first is the header), numbered from spreadsheet row 2. */
    public static Batch batch(PipelineDefinition pipeline, ImportOptions options, List<List<String>> file) {
        List<String> header = file.get(0);
        ImportContext context = new ImportContext(UUID.randomUUID(), pipeline, options, "test.csv", Path.of("test.csv"),
                header, HeaderMapping.of(pipeline, header), new CommitSequencer(0));
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < file.size(); i++) {
            rows.add(new Row(i + 1, file.get(i)));
        }
        return new Batch(context, 0, rows);
    }

    public static ImportOptions options() {
        return new ImportOptions("skip", 1000, false, false);
    }

    public static ImportOptions dryRun() {
        return new ImportOptions("skip", 1000, true, false);
    }
}
