package io.bulkimport.parse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an .xlsx from SpreadsheetML written out by hand, so a test controls exactly what other generators put in
 * the file (cell types, escapes, number formats, sheet states, the date system) — things an Excel writer library
 * would normalise away. Sheet XML is the content of {@code sheetData}; the rest is filled in.
 */
public final class WorkbookXml {

    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private record Sheet(String name, String state, String sheetData) {
    }

    private final List<Sheet> sheets = new ArrayList<>();
    private final List<String> sharedStrings = new ArrayList<>();
    private String numFmts = "";
    private final List<Integer> cellFormats = new ArrayList<>(List.of(0));
    private String workbookPr = "<workbookPr/>";
    private String bookViews = "";
    private String dimension = "";

    /** @param sheetData the rows, e.g. {@code <row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>} */
    public WorkbookXml sheet(String name, String sheetData) {
        return sheet(name, null, sheetData);
    }

    /** @param state null (visible), "hidden" or "veryHidden" */
    public WorkbookXml sheet(String name, String state, String sheetData) {
        sheets.add(new Sheet(name, state, sheetData));
        return this;
    }

    /** @param si the content of one {@code <si>} element, e.g. {@code <t>text</t>} */
    public WorkbookXml sharedString(String si) {
        sharedStrings.add(si);
        return this;
    }

    /** Adds a cell style with this number format id; its index (for a cell's {@code s}) is returned. */
    public int style(int numFmtId) {
        cellFormats.add(numFmtId);
        return cellFormats.size() - 1;
    }

    /** Adds a custom number format ({@code numFmt}) and a cell style using it; the style's index is returned. */
    public int style(int numFmtId, String formatCode) {
        numFmts += "<numFmt numFmtId=\"" + numFmtId + "\" formatCode=\"" + xmlAttribute(formatCode) + "\"/>";
        return style(numFmtId);
    }

    /** @param date1904 the attribute's text as a generator writes it: "1", "true", … */
    public WorkbookXml date1904(String date1904) {
        workbookPr = "<workbookPr date1904=\"" + date1904 + "\"/>";
        return this;
    }

    /**
     * Writes {@code <dimension ref="..."/>} before each sheet's data, as writers do; a stale or made-up one is what a
     * reader must not trust.
     *
     * @param ref the range it claims, e.g. {@code A1:C1000}
     */
    public WorkbookXml dimension(String ref) {
        dimension = "<dimension ref=\"" + xmlAttribute(ref) + "\"/>";
        return this;
    }

    public WorkbookXml activeTab(int index) {
        bookViews = "<bookViews><workbookView activeTab=\"" + index + "\"/></bookViews>";
        return this;
    }

    public Path write(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            put(zip, "[Content_Types].xml", contentTypes());
            put(zip, "_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + REL + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            put(zip, "xl/workbook.xml", workbook());
            put(zip, "xl/_rels/workbook.xml.rels", workbookRelationships());
            put(zip, "xl/styles.xml", styles());
            put(zip, "xl/sharedStrings.xml", "<sst xmlns=\"" + MAIN + "\" count=\"" + sharedStrings.size() + "\">"
                    + sharedStrings.stream().map(si -> "<si>" + si + "</si>").reduce("", String::concat) + "</sst>");
            for (int i = 0; i < sheets.size(); i++) {
                put(zip, "xl/worksheets/sheet" + (i + 1) + ".xml", "<worksheet xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL
                        + "\">" + dimension + "<sheetData>" + sheets.get(i).sheetData() + "</sheetData></worksheet>");
            }
        }
        return file;
    }

    /** An inline string cell: {@code <c r="A1" t="inlineStr"><is><t>text</t></is></c>}. */
    public static String text(String reference, String text) {
        return "<c r=\"" + reference + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + xmlText(text) + "</t></is></c>";
    }

    /** A row of inline strings starting at column A. */
    public static String textRow(int number, String... texts) {
        StringBuilder row = new StringBuilder("<row r=\"" + number + "\">");
        for (int i = 0; i < texts.length; i++) {
            row.append(text(CellError.reference(i, number), texts[i]));
        }
        return row.append("</row>").toString();
    }

    private String contentTypes() {
        StringBuilder types = new StringBuilder("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
        for (int i = 0; i < sheets.size(); i++) {
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(i + 1)
                    .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        return types.append("</Types>").toString();
    }

    private String workbook() {
        StringBuilder xml = new StringBuilder("<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\">" + workbookPr
                + bookViews + "<sheets>");
        for (int i = 0; i < sheets.size(); i++) {
            Sheet sheet = sheets.get(i);
            xml.append("<sheet name=\"").append(xmlAttribute(sheet.name())).append("\" sheetId=\"").append(i + 1).append('"')
                    .append(sheet.state() == null ? "" : " state=\"" + sheet.state() + "\"")
                    .append(" r:id=\"rId").append(i + 1).append("\"/>");
        }
        return xml.append("</sheets></workbook>").toString();
    }

    private String workbookRelationships() {
        StringBuilder xml = new StringBuilder("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 0; i < sheets.size(); i++) {
            xml.append("<Relationship Id=\"rId").append(i + 1).append("\" Type=\"").append(REL)
                    .append("/worksheet\" Target=\"worksheets/sheet").append(i + 1).append(".xml\"/>");
        }
        int next = sheets.size() + 1;
        xml.append("<Relationship Id=\"rId").append(next).append("\" Type=\"").append(REL).append("/styles\" Target=\"styles.xml\"/>");
        xml.append("<Relationship Id=\"rId").append(next + 1).append("\" Type=\"").append(REL)
                .append("/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        return xml.append("</Relationships>").toString();
    }

    private String styles() {
        StringBuilder xml = new StringBuilder("<styleSheet xmlns=\"" + MAIN + "\">");
        if (!numFmts.isEmpty()) {
            xml.append("<numFmts>").append(numFmts).append("</numFmts>");
        }
        xml.append("<fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>")
                .append("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs count=\"")
                .append(cellFormats.size()).append("\">");
        for (int id : cellFormats) {
            xml.append("<xf numFmtId=\"").append(id).append("\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"")
                    .append(id == 0 ? "" : " applyNumberFormat=\"1\"").append("/>");
        }
        return xml.append("</cellXfs></styleSheet>").toString();
    }

    private static void put(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + xml).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String xmlAttribute(String text) {
        return xmlText(text).replace("\"", "&quot;");
    }
}
