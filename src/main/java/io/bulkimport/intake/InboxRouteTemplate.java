package io.bulkimport.intake;

import org.apache.camel.builder.RouteBuilder;

/**
 * The building block {@code inbox}: watches {@code <import.inbox>/<pipeline>/}, waits until a file has stopped
 * changing (so a half-written file is never read), imports it, then moves it to {@code .done/}, {@code .failed/}
 * or {@code .duplicate/}. A {@code .zip} becomes a group of imports ({@link ZipInbox}). Any other file is
 * imported in a slot of the import queue ({@link InboxImportProcessor}): the files of one poll are imported side
 * by side, and each file's exchange, with its move, completes when its import ends. Pipelines use it from YAML
 * with {@code templatedRoute: {routeTemplateRef: inbox}}.
 */
public class InboxRouteTemplate extends RouteBuilder {

    @Override
    public void configure() {
        routeTemplate("inbox")
                .templateParameter("pipeline", null, "the pipeline whose folder is watched")
                .templateParameter("settleMillis", "{{import.inbox-settle-ms}}", "how long a file must stay unchanged before it is read")
                .templateParameter("pollMillis", "{{import.inbox-poll-ms}}", "how often the folder is looked at")
                .from("file:{{import.inbox}}/{{pipeline}}"
                        + "?include=(?i).*\\.(csv|tsv|txt|xlsx|zip)"
                        + "&readLock=changed&readLockMinLength=0&readLockMinAge={{settleMillis}}"
                        + "&readLockCheckInterval={{settleMillis}}&readLockTimeout=60000"
                        + "&delay={{pollMillis}}"
                        // no moveFailed: a file whose import could not even start stays and is tried again
                        + "&move=${exchangeProperty." + ImportIntake.INBOX_FOLDER + "}/${file:name}")
                .routeId("{{pipeline}}-inbox")
                .choice()
                    // a zip's files form a group (ZipInbox); the zip moves when the group has ended
                    .when(header(org.apache.camel.Exchange.FILE_NAME_ONLY).regex("(?i).*\\.zip"))
                        .setProperty(ZipInbox.PIPELINE, constant("{{pipeline}}"))
                        .process("zipInbox")
                    .otherwise()
                        .setProperty(InboxImportProcessor.PIPELINE, constant("{{pipeline}}"))
                        .process("inboxImportProcessor")
                .end();
    }
}
