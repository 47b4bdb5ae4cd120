package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped {@code transactions} pipeline through the running service: marketplace order exports as Amazon and
 * Shopify write them land typed (bigint, numeric, timestamptz) with {@code set.channel}; bad values are reported per
 * row and column; the composite key (channel, order_id, sku) drives every duplicate strategy, the key check between
 * batches, the dry run's counts and the rollback.
 */
class TransactionsImportIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ServiceProcess service = ServiceProcess.shared();
    private final ApiClient api = new ApiClient(service);
    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path files;

    @BeforeEach
    void emptyTables() {
        db.clean();
        db.execute("truncate transactions");
    }

    @Test
    void an_amazon_report_and_a_shopify_export_land_typed_under_the_channel_the_upload_sets() throws IOException {
        // given an Amazon order report (tab-separated, item-price = the line's total) and a Shopify orders export
        // (one row per line item; an order's second line leaves the order's own fields, currency and Total too, empty;
        // Total is the order's, and lands in total by its name)
        String amazon = String.join("\n",
                "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\t"
                        + "sales-channel\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax",
                "114-3941689-8772232\t\t2024-05-03T14:30:00+00:00\t2024-05-04T08:00:00+00:00\tShipped\tAmazon\t"
                        + "Amazon.com\tChocolate Truffles\tTRUF-01\tB000WON1Z0\tShipped\t2\tusd\t31.98\t2.40",
                "114-3941689-8772232\t\t2024-05-03T14:30:00+00:00\t2024-05-04T08:00:00+00:00\tShipped\tAmazon\t"
                        + "Amazon.com\tTea Sampler\tTEA-07\tB000TEA007\tShipped\t1\tUSD\t12.5\t0.94", "");
        String shopify = String.join("\n",
                "Name,Email,Financial Status,Fulfillment Status,Currency,Subtotal,Total,Created at,Lineitem quantity,"
                        + "Lineitem name,Lineitem price,Lineitem sku,Lineitem fulfillment status",
                "#1001,ann@example.org,paid,partial,EUR,62.50,67.50,2024-05-03 16:30:00 +0200,2,Mug,25.00,MUG-1,fulfilled",
                "#1001,ann@example.org,,,,,,2024-05-03 16:30:00 +0200,1,Cap,12.50,CAP-2,pending", "");

        // when
        Map<String, Object> fromAmazon = imported("amazon-orders.txt", amazon, "set.channel=amazon-us");
        Map<String, Object> fromShopify = imported("orders_export.csv", shopify, "set.channel=shopify-eu");

        // then every line is stored, in the table column's own types
        assertThat(fromAmazon).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(fromShopify).containsEntry("status", "completed").containsEntry("rowsStored", 2);
        assertThat(db.rows("select channel, order_id, sku, product_name, quantity::text as quantity, unit_price::text as unit_price, "
                + "total::text as total, currency, to_char(ordered_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as ordered_utc, status, "
                + "pg_typeof(quantity) || ',' || pg_typeof(total) || ',' || pg_typeof(ordered_at) as types "
                + "from transactions order by channel, order_id, sku")).containsExactly(
                line("amazon-us", "114-3941689-8772232", "TEA-07", "Tea Sampler", "1", null, "12.5", "USD", "2024-05-03 14:30", "Shipped"),
                line("amazon-us", "114-3941689-8772232", "TRUF-01", "Chocolate Truffles", "2", null, "31.98", "USD", "2024-05-03 14:30", "Shipped"),
                line("shopify-eu", "#1001", "CAP-2", "Cap", "1", "12.50", null, null, "2024-05-03 14:30", "pending"),
                line("shopify-eu", "#1001", "MUG-1", "Mug", "2", "25.00", "67.50", "EUR", "2024-05-03 14:30", "fulfilled"));
    }

    @Test
    void a_file_without_a_channel_fails_with_the_hint_to_set_one() throws IOException {
        // given an export with no channel column, uploaded without set.channel
        String csv = "Order ID,SKU,Quantity\nO-1,S-1,1\n";

        // when
        Map<String, Object> job = imported("no-channel.csv", csv, "");

        // then: a part of the key may come from the upload, and the message says how
        assertThat(job).containsEntry("status", "failed");
        assertThat(String.valueOf(job.get("error"))).startsWith("missing required column: channel (headers found: Order ID, SKU, Quantity;")
                .endsWith("upload with map.channel=<header>, or set.channel=<value> for every row)");
    }

    @Test
    void a_bad_currency_quantity_or_date_is_reported_by_row_and_column_while_the_good_rows_land() throws IOException {
        // given
        String csv = """
                channel,order_id,sku,quantity,unit_price,currency,ordered_at
                web,O1,S1,1,9.99,EUR,2024-05-03T10:00:00Z
                web,O2,S1,1,9.99,EURO,2024-05-03T10:00:00Z
                web,O3,S1,1.5,9.99,EUR,2024-05-03T10:00:00Z
                web,O4,S1,1,9.99,EUR,31/02/2024
                web,O5,S1,2,"1,234.50",gbp,05/03/24
                """;

        // when
        Map<String, Object> job = imported("mixed.csv", csv, "");

        // then three rows fail, each with its row number, column, reason and the value as written
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 2).containsEntry("rowsFailed", 3);
        List<CSVRecord> errors = api.errors(String.valueOf(job.get("id")));
        assertThat(errors.subList(1, errors.size())).extracting(r -> r.toList().subList(0, 4)).containsExactly(
                List.of("3", "currency", "not an ISO 4217 currency code (e.g. EUR, USD, GBP): EURO", "EURO"),
                List.of("4", "quantity", "not a whole number (en, e.g. 1,234): 1.5", "1.5"),
                List.of("5", "ordered_at", "not a timestamp (yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX or yyyy-MM-dd'T'HH:mm:ss[.SSS] or "
                        + "yyyy-MM-dd HH:mm:ss Z or yyyy-MM-dd HH:mm[:ss] or yyyy-MM-dd or MMM-dd-yy or MM/dd/yy or MM/dd/yyyy): 31/02/2024",
                        "31/02/2024"));
        assertThat(db.rows("select order_id, unit_price::text as price, currency, ordered_at = '2024-05-03T00:00:00Z'::timestamptz "
                + "as midnight from transactions where order_id = 'O5'"))
                .containsExactly(Map.of("order_id", "O5", "price", "1234.50", "currency", "GBP", "midnight", true));
        assertThat(db.count("select count(*) from transactions")).isEqualTo(2);
    }

    @Test
    void decimals_are_read_with_the_uploads_locale() throws IOException {
        // given a German export
        String csv = "channel;order_id;sku;quantity;unit_price;total\nweb;D1;S1;1.000;1.234,56;1.234.560,00\n";

        // when
        Map<String, Object> job = imported("german.csv", csv, "locale=de-DE");

        // then
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsStored", 1);
        assertThat(db.rows("select quantity::text as q, unit_price::text as p, total::text as t from transactions"))
                .containsExactly(Map.of("q", "1000", "p", "1234.56", "t", "1234560.00"));
    }

    @Test
    void a_second_upload_with_duplicates_update_changes_the_lines_of_the_same_composite_key_only() throws IOException {
        // given the same order id and sku on two channels
        imported("first.csv", """
                channel,order_id,sku,quantity,status
                web,O1,S1,1,new
                web,O1,S2,2,new
                shop,O1,S1,5,new
                """, "");

        // when web's lines come again, one of them changed
        Map<String, Object> second = imported("second.csv", """
                channel,order_id,sku,quantity,status
                web,O1,S1,3,shipped
                web,O1,S2,2,new
                """, "duplicates=update");

        // then only that line changed; the other channel's line of the same order and sku kept its values
        assertThat(second).containsEntry("status", "completed").containsEntry("rowsStored", 1).containsEntry("rowsDuplicate", 1);
        assertThat(db.rows("select channel, sku, quantity::text as q, status from transactions order by channel, sku")).containsExactly(
                Map.of("channel", "shop", "sku", "S1", "q", "5", "status", "new"),
                Map.of("channel", "web", "sku", "S1", "q", "3", "status", "shipped"),
                Map.of("channel", "web", "sku", "S2", "q", "2", "status", "new"));
    }

    @Test
    void with_createNew_false_a_line_of_a_known_composite_key_is_updated_and_one_of_another_channel_refused() throws IOException {
        // given
        imported("known.csv", "channel,order_id,sku,quantity\nweb,O1,S1,1\n", "");

        // when the same order id and sku come for the known channel and for another one
        Map<String, Object> job = imported("update-only.csv", "channel,order_id,sku,quantity\nweb,O1,S1,2\nshop,O1,S1,5\n",
                "duplicates=update&createNew=false");

        // then
        assertThat(job).containsEntry("status", "completed_with_errors").containsEntry("rowsStored", 1).containsEntry("rowsFailed", 1);
        List<CSVRecord> errors = api.errors(String.valueOf(job.get("id")));
        assertThat(errors.subList(1, errors.size())).extracting(r -> r.toList().subList(0, 3))
                .containsExactly(List.of("3", "channel", "unknown transaction: not created because createNew=false"));
        assertThat(db.rows("select channel, quantity::text as q from transactions"))
                .containsExactly(Map.of("channel", "web", "q", "2"));
    }

    /**
     * Existing lines, then a file with two existing keys, a new key repeated (in the same batch or the next one) and
     * the same order id and sku on another channel: the dry run foresees the real import's counts, the real import
     * does what the strategy says, and its rollback gives back the table as it was.
     */
    @ParameterizedTest(name = "{0}, batch size {1}")
    @CsvSource({"skip,1,2,3,1,web-O2-S1=1", "skip,2,2,3,1,web-O2-S1=1", "skip,1000,2,3,1,web-O2-S1=1",
            "update,1,5,0,7,web-O2-S1=7", "update,2,5,0,7,web-O2-S1=7", "update,1000,5,0,7,web-O2-S1=7",
            "merge,1,3,2,1,web-O2-S1=1", "merge,2,3,2,1,web-O2-S1=1", "merge,1000,3,2,1,web-O2-S1=1"})
    void the_composite_key_holds_in_every_strategy_batch_size_dry_run_and_rollback(String strategy, int batchSize, int stored,
                                                                                  int duplicate, int repeatedQuantity,
                                                                                  String label) throws IOException {
        // given
        String earlier = "00000000-0000-0000-0000-000000000015";
        db.execute("insert into transactions (channel, order_id, sku, product_name, quantity, status, import_id) values "
                + "('web', 'O1', 'S1', '', 1, 'new', ?::uuid), ('web', 'O1', 'S2', 'Cap', 2, null, ?::uuid), "
                + "('shop', 'O1', 'S1', 'Mug', 9, 'x', ?::uuid)", earlier, earlier, earlier);
        List<Map<String, Object>> before = snapshot();
        String file = """
                channel,order_id,sku,product_name,quantity,status
                web,O1,S1,,4,paid
                web,O1,S2,,2,shipped
                web,O2,S1,Mug,1,new
                web,O2,S1,,%d,paid
                shop,O2,S1,Mug,3,new
                """.formatted(7);
        String query = "duplicates=" + strategy + "&batchSize=" + batchSize + "&force=true";

        // when it is dry-run, then imported
        Map<String, Object> dryRun = imported("lines-dry.csv", file, query + "&dryRun=true");
        assertThat(snapshot()).as("a dry run writes nothing").isEqualTo(before);
        Map<String, Object> real = imported("lines.csv", file, query);

        // then the counts are the strategy's, foreseen by the dry run, and each key is one row
        assertThat(real).containsEntry("status", "completed").containsEntry("rowsStored", stored)
                .containsEntry("rowsDuplicate", duplicate).containsEntry("rowsFailed", 0);
        assertThat(dryRun).containsEntry("wouldInsert", 2).containsEntry("wouldUpdate", stored - 2)
                .containsEntry("wouldLeaveUnchanged", duplicate).containsEntry("wouldFail", 0);
        assertThat(db.rows("select quantity::text as q from transactions where channel = 'web' and order_id = 'O2' and sku = 'S1'"))
                .as(label).containsExactly(Map.of("q", String.valueOf(repeatedQuantity)));
        assertThat(db.rows("select quantity::text as q from transactions where channel = 'shop' and order_id = 'O1'"))
                .as("the other channel's line of O1/S1").containsExactly(Map.of("q", "9"));
        assertThat(db.count("select count(*) from transactions")).isEqualTo(5);

        // and when it is rolled back, the table is as it was
        HttpResponse<String> rollback = api.send(HttpRequest.newBuilder(api.uri("/api/imports/" + real.get("id"))).DELETE().build());
        assertThat(rollback.statusCode()).isEqualTo(200);
        assertThat(snapshot()).isEqualTo(before);
    }

    private Map<String, Object> imported(String name, String content, String query) throws IOException {
        Path file = Files.writeString(files.resolve(name), content);
        String id = api.uploadAccepted("transactions", file, "filename=" + name + (query.isEmpty() ? "" : "&" + query));
        return api.awaitFinished(id, WAIT);
    }

    private List<Map<String, Object>> snapshot() {
        return db.rows("select channel, order_id, sku, product_name, quantity::text as quantity, status, import_id::text as import_id "
                + "from transactions order by channel, order_id, sku");
    }

    private static Map<String, Object> line(String channel, String orderId, String sku, String product, String quantity,
                                            String unitPrice, String total, String currency, String orderedUtc, String status) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("channel", channel);
        row.put("order_id", orderId);
        row.put("sku", sku);
        row.put("product_name", product);
        row.put("quantity", quantity);
        row.put("unit_price", unitPrice);
        row.put("total", total);
        row.put("currency", currency);
        row.put("ordered_utc", orderedUtc);
        row.put("status", status);
        row.put("types", "bigint,numeric,timestamp with time zone");
        return row;
    }
}
