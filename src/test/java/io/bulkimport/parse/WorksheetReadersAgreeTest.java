package io.bulkimport.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scanning worksheet reader gives exactly the rows and cell texts the StAX one gives, on sheets written the ways
 * real writers write them (and some they should not): the StAX reader, a real XML parser, is the oracle.
 */
class WorksheetReadersAgreeTest {

    private static final String NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String SST = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<sst xmlns=\"" + NS + "\" count=\"6\" uniqueCount=\"6\">"
            + "<si><t>name</t></si><si><t xml:space=\"preserve\">  Ann &amp; Bob  </t></si>"
            + "<si><r><t>rich</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> text</t></r><rPh sb=\"0\" eb=\"1\"><t>ふ</t></rPh></si>"
            + "<si><t>line_x000D_break</t></si><si><t/></si><si><t>Zoë 東京</t></si></sst>";
    /** style 0 General, 1 a date, 2 zero-padded, 3 percent */
    private static final NumberFormat[] FORMATS = {NumberFormat.GENERAL, NumberFormat.of(14, "m/d/yy"),
            NumberFormat.of(164, "00000"), NumberFormat.of(10, "0.00%")};

    static Stream<String> sheets() {
        return Stream.of(
                // as Excel writes it: shared strings, styles, formulas with cached values, no white space
                sheet("<row r=\"1\" spans=\"1:4\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                        + "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
                        + "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>45292</v></c><c r=\"B2\" s=\"2\"><v>2134</v></c>"
                        + "<c r=\"C2\" s=\"3\"><v>0.125</v></c><c r=\"D2\"><f>B2*2</f><v>4268</v></c>"
                        + "<c r=\"E2\" t=\"str\"><f t=\"shared\" ref=\"E2:E3\" si=\"0\">TEXT(B2,\"00000\")</f><v>02134</v></c></row>"
                        + "<row r=\"3\"><c r=\"E3\" t=\"str\"><f t=\"shared\" si=\"0\"/><v>_x005F_x0031_ &amp; &lt;b&gt;</v></c>"
                        + "<c r=\"F3\" t=\"b\"><v>1</v></c><c r=\"G3\" t=\"e\"><v>#N/A</v></c><c r=\"H3\" t=\"s\"><v>5</v></c></row>"),
                // openpyxl / pandas: inline strings, t="n", t="d", pretty-printed, missing r on cells and rows
                sheet("\n  <row>\n    <c t=\"inlineStr\"><is><t>id</t></is></c>\n    <c t=\"inlineStr\">\n      <is>\n"
                        + "        <r><t>first</t></r>\n        <r><t xml:space=\"preserve\"> name</t></r>\n"
                        + "        <rPh><t>ファースト</t></rPh>\n      </is>\n    </c>\n  </row>\n"
                        + "  <row>\n    <c t=\"n\"><v>1234567890123456789</v></c>\n    <c t=\"d\"><v>2024-02-29T13:45:00</v></c>\n"
                        + "    <c t=\"inlineStr\"><is><t>a_x000D_b</t></is></c>\n  </row>\n"),
                // a namespace prefix, comments, CDATA, character references, an empty row, a self-closing row, gaps
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><x:worksheet xmlns:x=\"" + NS + "\"><x:sheetData>"
                        + "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>h&#233;llo &#x4E2D;</x:t></x:is></x:c>"
                        + "<!-- a comment --><x:c r=\"C1\" t=\"str\"><x:v><![CDATA[<raw> & text]]></x:v></x:c></x:row>"
                        + "<x:row r=\"3\"/><x:row r=\"4\"><x:c r=\"B4\"/><x:c r=\"D4\" t=\"s\"><x:v> 4 </x:v></x:c></x:row>"
                        + "<x:row r=\"5\"><x:c r=\"$A$5\" t=\"s\"><x:v></x:v></x:c><x:c t=\"b\"><x:v>0</x:v></x:c>"
                        + "<x:c t=\"e\"/><x:c t=\"weird\"><x:v>kept</x:v></x:c><x:c t=\"s\"/></x:row>"
                        + "</x:sheetData><x:pageMargins left=\"0.7\"/></x:worksheet>",
                // a row with elements the reader does not know, single quotes, attributes in another order
                sheet("<row r='7' ht='20' customHeight='1'><c s='2' r='B7'><v>7</v></c><extLst><ext uri='x'><c r='Z7'><v>9</v></c></ext></extLst>"
                        + "<c t='s' r='C7'><v>4</v></c><c r='D7' t='inlineStr'><is/></c></row>"));
    }

    @ParameterizedTest
    @MethodSource("sheets")
    void scanning_reader_reads_what_the_stax_reader_reads(String sheet) throws Exception {
        assertThat(rows(sheet, true)).isEqualTo(rows(sheet, false)).isNotEmpty();
    }

    @Test
    void reads_the_values_a_person_sees() throws Exception {
        List<String> rows = rows(sheets().findFirst().orElseThrow(), true);
        assertThat(rows).containsExactly(
                "1:[name,   Ann & Bob  , rich text, line\rbreak]",
                "2:[2024-01-01, 02134, 12.50%, 4268, 02134]",
                "3:[, , , , _x0031_ & <b>, TRUE, #N/A, Zoë 東京]");
    }

    @Test
    void a_part_in_utf_16_is_read_by_the_stax_reader() throws Exception {
        byte[] utf16 = sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Zoë</t></is></c></row>")
                .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16);
        try (WorksheetReader reader = WorksheetReader.open(() -> new ByteArrayInputStream(utf16), strings(),
                FORMATS, new ExcelCellText(false))) {
            assertThat(reader).isInstanceOf(StaxWorksheetReader.class);
            assertThat(reader.next().values()).containsExactly("Zoë");
        }
    }

    @Test
    void a_part_cut_off_inside_a_row_is_an_error_not_a_short_sheet() throws Exception {
        String cut = "<?xml version=\"1.0\"?><worksheet xmlns=\"" + NS + "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                + "<row r=\"2\"><c r=\"A2\"><v>2</v>";
        try (WorksheetReader reader = open(cut, true)) {
            assertThat(reader.next().values()).containsExactly("1");
            assertThatThrownBy(reader::next).hasMessageContaining("the part ends inside row 2");
        }
    }

    @Test
    void a_text_longer_than_any_cell_holds_fails_the_sheet_instead_of_filling_the_heap() throws Exception {
        String huge = "x".repeat(ByteWindow.MAX_WINDOW_BYTES + 1);
        try (WorksheetReader reader = open(sheet("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>" + huge + "</v></c></row>"), true)) {
            assertThatThrownBy(reader::next).hasMessageContaining("MiB of XML without a tag boundary");
        }
    }

    /** The workbooks of ../shared/cases (real writers' files), when they are there: every sheet read alike by both. */
    @Test
    void workbooks_on_disk_are_read_alike() throws Exception {
        List<Path> workbooks = new ArrayList<>();
        for (Path dir : List.of(Path.of("../shared/cases/input-fidelity"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith(".xlsx") && sizeOf(f) < 20_000_000).forEach(workbooks::add);
                }
            }
        }
        for (Path workbook : workbooks) {
            try (ZipFile zip = new ZipFile(workbook.toFile())) {
                ZipEntry sst = zip.getEntry("xl/sharedStrings.xml");
                byte[] strings = sst == null ? null : zip.getInputStream(sst).readAllBytes();
                for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("xl/worksheets/sheet")).toList()) {
                    String sheet = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(rows(sheet, strings, true)).as(workbook + " " + entry.getName())
                            .isEqualTo(rows(sheet, strings, false));
                }
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String sheet(String rows) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"" + NS + "\">"
                + "<dimension ref=\"A1:D2\"/><sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>"
                + "<sheetData>" + rows + "</sheetData></worksheet>";
    }

    private static SharedStrings strings() throws XMLStreamException {
        return strings(SST.getBytes(StandardCharsets.UTF_8));
    }

    private static SharedStrings strings(byte[] sst) throws XMLStreamException {
        return SharedStrings.of(sst == null ? null : new ByteArrayInputStream(sst));
    }

    private static WorksheetReader open(String sheet, boolean scanning) throws Exception {
        InputStream in = new ByteArrayInputStream(sheet.getBytes(StandardCharsets.UTF_8));
        ExcelCellText text = new ExcelCellText(false);
        return scanning ? new ScanningWorksheetReader(in, strings(), FORMATS, text)
                : new StaxWorksheetReader(in, strings(), FORMATS, text);
    }

    private static List<String> rows(String sheet, boolean scanning) throws Exception {
        return rows(sheet, SST.getBytes(StandardCharsets.UTF_8), scanning);
    }

    /** Each row as "number:[cells]", every cell's text asked for (errors by what they show). */
    private static List<String> rows(String sheet, byte[] sst, boolean scanning) throws Exception {
        List<String> rows = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(sheet.getBytes(StandardCharsets.UTF_8));
        ExcelCellText text = new ExcelCellText(false);
        try (SharedStrings strings = strings(sst);
             WorksheetReader reader = scanning ? new ScanningWorksheetReader(in, strings, FORMATS, text)
                     : new StaxWorksheetReader(in, strings, FORMATS, text)) {
            for (WorksheetReader.SheetRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row.number() + ":" + row.values().stream().map(CellError::shown).toList());
            }
        }
        return rows;
    }
}
