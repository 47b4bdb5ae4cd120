import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Usage: java bench/ContactsWorkbook.java CONTACTS.csv OUT.xlsx OUT.csv [shared|inline]
 *
 * Turns the contacts CSV of bench/generate-contacts into an .xlsx workbook laid out as Excel saves one, and writes
 * the same cells as a CSV, so that both files hold the same data. Sheet "Contacts", one row per contact:
 *   A-E  email, first_name, last_name, company, phone: the CSV's text (an empty value is no cell, as in Excel)
 *   F    customer_since  a date (built-in date format 14)
 *   G    orders          a whole number
 *   H    revenue         a number with two decimals (format #,##0.00)
 *   I    avg_order       =IF(G2=0,0,ROUND(H2/G2,2)), filled down as one shared formula, cached values
 *   J    full_name       =B2&" "&C2 in every row, cached text
 *   K    renewal         =F2+365 with the custom format yyyy-mm-dd, cached
 * The CSV holds A-E byte for byte as the input had them and F-K as the service reads the workbook's cells (dates
 * ISO, numbers plain, formulas by their cached value). Text goes to the shared strings table as Excel writes it
 * (names, companies and headers are written once and referenced again; emails and phones, nearly all unique, get an
 * entry each) or, with "inline", into inline strings. Everything is streamed: memory does not grow with the rows.
 * Deterministic: the same input gives the same bytes.
 */
public class ContactsWorkbook {

    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String XML_DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private static final String[] EXTRA_HEADER = {"customer_since", "orders", "revenue", "avg_order", "full_name", "renewal"};
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
    private static final int STYLE_DATE = 1;
    private static final int STYLE_MONEY = 2;
    private static final int STYLE_ISO_DATE = 3;

    private final boolean shared;
    private final Path sstPart;
    private Writer sst;
    private final Map<String, Integer> repeated = new HashMap<>();
    private int uniqueStrings;
    private long stringRefs;

    private ContactsWorkbook(boolean shared, Path sstPart) {
        this.shared = shared;
        this.sstPart = sstPart;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4 || (args.length == 4 && !args[3].matches("shared|inline"))) {
            System.err.println("usage: java bench/ContactsWorkbook.java CONTACTS.csv OUT.xlsx OUT.csv [shared|inline]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path xlsx = Path.of(args[1]);
        Path csv = Path.of(args[2]);
        boolean shared = args.length < 4 || args[3].equals("shared");
        long rows;
        try (var lines = Files.lines(in, StandardCharsets.UTF_8)) {
            rows = lines.count() - 1;
        }
        Path xlsxTmp = xlsx.resolveSibling(xlsx.getFileName() + ".tmp");
        Path csvTmp = csv.resolveSibling(csv.getFileName() + ".tmp");
        Path sstTmp = xlsx.resolveSibling(xlsx.getFileName() + ".sst.tmp");
        try {
            new ContactsWorkbook(shared, sstTmp).write(in, rows, xlsxTmp, csvTmp);
            Files.move(xlsxTmp, xlsx, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(csvTmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(xlsxTmp);
            Files.deleteIfExists(csvTmp);
            Files.deleteIfExists(sstTmp);
        }
        System.err.printf("ContactsWorkbook: %d rows, %s strings -> %s (%d bytes), %s (%d bytes)%n", rows,
                shared ? "shared" : "inline", xlsx, Files.size(xlsx), csv, Files.size(csv));
    }

    private void write(Path in, long rows, Path xlsx, Path csv) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                BufferedWriter csvOut = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(xlsx))) {
            part(zip, "[Content_Types].xml", contentTypes());
            part(zip, "_rels/.rels", XML_DECL + "<Relationships xmlns=\"" + PKG_REL_NS + "\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + REL_NS + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>");
            part(zip, "xl/workbook.xml", XML_DECL + "<workbook xmlns=\"" + MAIN_NS + "\" xmlns:r=\"" + REL_NS + "\">"
                    + "<sheets><sheet name=\"Contacts\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            part(zip, "xl/_rels/workbook.xml.rels", workbookRels());
            part(zip, "xl/styles.xml", styles());
            if (shared) {
                sst = Files.newBufferedWriter(sstPart, StandardCharsets.UTF_8);
            }
            zip.putNextEntry(entry("xl/worksheets/sheet1.xml"));
            Writer sheet = new BufferedWriter(new OutputStreamWriter(uncloseable(zip), StandardCharsets.UTF_8), 1 << 16);
            sheet.write(XML_DECL + "<worksheet xmlns=\"" + MAIN_NS + "\"><dimension ref=\"A1:K" + (rows + 1)
                    + "\"/><sheetData>\n");
            String headerLine = reader.readLine();
            List<String> header = new ArrayList<>(fields(headerLine));
            header.addAll(List.of(EXTRA_HEADER));
            StringBuilder row = new StringBuilder("<row r=\"1\">");
            for (int c = 0; c < header.size(); c++) {
                text(row, c, 1, header.get(c), true);
            }
            sheet.append(row).write("</row>\n");
            csvOut.write(headerLine + "," + String.join(",", EXTRA_HEADER) + "\n");
            String line;
            long i = 0;
            while ((line = reader.readLine()) != null) {
                i++;
                contact(sheet, csvOut, line, i, rows + 1);
            }
            if (i != rows) {
                throw new IllegalStateException("read " + i + " rows, counted " + rows);
            }
            sheet.write("</sheetData></worksheet>\n");
            sheet.flush();
            zip.closeEntry();
            if (shared) {
                sst.close();
                zip.putNextEntry(entry("xl/sharedStrings.xml"));
                zip.write((XML_DECL + "<sst xmlns=\"" + MAIN_NS + "\" count=\"" + stringRefs + "\" uniqueCount=\""
                        + uniqueStrings + "\">").getBytes(StandardCharsets.UTF_8));
                Files.copy(sstPart, zip);
                zip.write("</sst>\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    /** One contact: its row of the sheet and its line of the CSV. */
    private void contact(Writer sheet, Writer csvOut, String line, long i, long lastRow) throws IOException {
        List<String> f = fields(line);
        long r = i + 1;
        int since = 40179 + (int) ((i * 7919) % 5000);              // 2010-01-01 plus up to 5000 days
        int orders = (int) ((i * 31) % 50);
        BigDecimal revenue = BigDecimal.valueOf(orders * (500 + (i * 7907) % 45000), 2);
        BigDecimal average = orders == 0 ? BigDecimal.ZERO : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP);
        String fullName = f.get(1) + " " + f.get(2);
        StringBuilder row = new StringBuilder(512).append("<row r=\"").append(r).append("\">");
        for (int c = 0; c < 5; c++) {
            text(row, c, r, f.get(c), c >= 1 && c <= 3);
        }
        number(row, 5, r, STYLE_DATE, Integer.toString(since));
        number(row, 6, r, 0, Integer.toString(orders));
        number(row, 7, r, STYLE_MONEY, plain(revenue));
        cellStart(row, 8, r, STYLE_MONEY, null);
        if (r == 2) {
            row.append("<f t=\"shared\" ref=\"I2:I").append(lastRow).append("\" si=\"0\">IF(G2=0,0,ROUND(H2/G2,2))</f>");
        } else {
            row.append("<f t=\"shared\" si=\"0\"/>");
        }
        row.append("<v>").append(plain(average)).append("</v></c>");
        cellStart(row, 9, r, 0, "str");
        row.append("<f>B").append(r).append("&amp;\" \"&amp;C").append(r).append("</f><v>");
        escape(row, fullName).append("</v></c>");
        cellStart(row, 10, r, STYLE_ISO_DATE, null);
        row.append("<f>F").append(r).append("+365</f><v>").append(since + 365).append("</v></c>");
        sheet.append(row).write("</row>\n");

        csvOut.append(line).append(',').append(EXCEL_EPOCH.plusDays(since).toString()).append(',')
                .append(Integer.toString(orders)).append(',').append(plain(revenue)).append(',').append(plain(average))
                .append(',').append(fullName).append(',').append(EXCEL_EPOCH.plusDays(since + 365L).toString()).append('\n');
    }

    /** A text cell; {@code repeats} marks the columns whose values recur, looked up so each is stored once. */
    private void text(StringBuilder row, int column, long r, String value, boolean repeats) throws IOException {
        if (value.isEmpty()) {
            return;
        }
        if (!shared) {
            cellStart(row, column, r, 0, "inlineStr");
            escape(row.append("<is><t>"), value).append("</t></is></c>");
            return;
        }
        Integer index = repeats ? repeated.get(value) : null;
        if (index == null) {
            index = uniqueStrings++;
            StringBuilder si = new StringBuilder("<si><t>");
            escape(si, value).append("</t></si>");
            sst.append(si);
            if (repeats) {
                repeated.put(value, index);
            }
        }
        stringRefs++;
        cellStart(row, column, r, 0, "s");
        row.append("<v>").append(index).append("</v></c>");
    }

    private static void number(StringBuilder row, int column, long r, int style, String value) {
        cellStart(row, column, r, style, null);
        row.append("<v>").append(value).append("</v></c>");
    }

    private static void cellStart(StringBuilder row, int column, long r, int style, String type) {
        row.append("<c r=\"").append((char) ('A' + column)).append(r).append('"');
        if (style != 0) {
            row.append(" s=\"").append(style).append('"');
        }
        if (type != null) {
            row.append(" t=\"").append(type).append('"');
        }
        row.append('>');
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static StringBuilder escape(StringBuilder out, String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** The fields of one line of the generated CSV (quoted fields may hold commas and doubled quotes). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>(5);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quoted) {
                if (c == '"' && k + 1 < line.length() && line.charAt(k + 1) == '"') {
                    field.append('"');
                    k++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        if (out.size() != 5) {
            throw new IllegalArgumentException("expected 5 fields, got " + out.size() + ": " + line);
        }
        return out;
    }

    private String contentTypes() {
        String sheetml = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
        return XML_DECL + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" + sheetml + "sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" + sheetml + "worksheet+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"" + sheetml + "styles+xml\"/>"
                + (shared ? "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"" + sheetml + "sharedStrings+xml\"/>" : "")
                + "</Types>";
    }

    private String workbookRels() {
        return XML_DECL + "<Relationships xmlns=\"" + PKG_REL_NS + "\">"
                + "<Relationship Id=\"rId1\" Type=\"" + REL_NS + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "<Relationship Id=\"rId2\" Type=\"" + REL_NS + "/styles\" Target=\"styles.xml\"/>"
                + (shared ? "<Relationship Id=\"rId3\" Type=\"" + REL_NS + "/sharedStrings\" Target=\"sharedStrings.xml\"/>" : "")
                + "</Relationships>";
    }

    /** Cell formats: 0 general, 1 date (built-in 14), 2 #,##0.00 (built-in 4), 3 yyyy-mm-dd (custom 164). */
    private static String styles() {
        String xf = " fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"";
        return XML_DECL + "<styleSheet xmlns=\"" + MAIN_NS + "\">"
                + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
                + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"4\"><xf numFmtId=\"0\"" + xf + "/>"
                + "<xf numFmtId=\"14\"" + xf + " applyNumberFormat=\"1\"/>"
                + "<xf numFmtId=\"4\"" + xf + " applyNumberFormat=\"1\"/>"
                + "<xf numFmtId=\"164\"" + xf + " applyNumberFormat=\"1\"/></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                + "</styleSheet>";
    }

    private static void part(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(entry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Entries carry a fixed time, so that the same input gives the same bytes. */
    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(java.time.LocalDateTime.of(2024, 6, 1, 0, 0));
        return entry;
    }

    /** The sheet's writer must not close the zip when it is done with its entry. */
    private static OutputStream uncloseable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
            }
        };
    }
}
