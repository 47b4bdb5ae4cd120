package io.bulkimport.store;

import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes one batch's valid rows into the pipeline's table, inside the caller's transaction. */
public interface TableWriter {

    WriteResult write(Connection connection, ImportContext context, List<PreparedRow> rows) throws SQLException;
}
