package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;
import org.apache.poi.ooxml.POIXMLTypeLoader;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.xmlbeans.XmlException;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTBookViews;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTSheet;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTWorkbook;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.STSheetState;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.WorkbookDocument;

/**
 * An .xlsx package opened for reading (Apache POI's OPC package and XSSFReader): its sheets with their visibility,
 * the tab Excel opens on, the date system, the cell styles' number formats, and streams of the shared strings and
 * of one sheet. The parts read whole here (workbook, styles) are small; the sheet and its strings are streamed.
 */
final class XlsxWorkbook implements AutoCloseable {

    /** One sheet of the workbook, in tab order. */
    record SheetEntry(int position, String name, String relationId, String state) {
        boolean visible() {
            return "visible".equals(state);
        }

        String described() {
            return visible() ? "'" + name + "'" : "'" + name + "' (" + state + ")";
        }
    }

    static {
        // XlsxGuard has already refused what expands more than it allows; POI's own floor would refuse plain
        // repetitive sheets that compress better than 1:100
        ZipSecureFile.setMinInflateRatio(1.0 / (XlsxGuard.MAX_RATIO * 2));
    }

    private final OPCPackage pkg;
    private final XSSFReader reader;
    private final List<SheetEntry> sheets;
    private final int activeTab;
    private final boolean date1904;

    private XlsxWorkbook(OPCPackage pkg, XSSFReader reader, CTWorkbook workbook) {
        this.pkg = pkg;
        this.reader = reader;
        this.sheets = new ArrayList<>();
        CTSheet[] entries = workbook.getSheets() == null ? new CTSheet[0] : workbook.getSheets().getSheetArray();
        for (int i = 0; i < entries.length; i++) {
            STSheetState.Enum state = entries[i].getState();
            sheets.add(new SheetEntry(i + 1, entries[i].getName(), entries[i].getId(),
                    state == null ? "visible" : state.toString()));
        }
        CTBookViews views = workbook.getBookViews();
        this.activeTab = views != null && views.sizeOfWorkbookViewArray() > 0
                ? (int) Math.min(Integer.MAX_VALUE, views.getWorkbookViewArray(0).getActiveTab()) : 0;
        this.date1904 = workbook.isSetWorkbookPr() && workbook.getWorkbookPr().getDate1904();
    }

    /**
     * @throws UnreadableFileException when the file is not an .xlsx package with a workbook in it
     */
    static XlsxWorkbook open(Path file) {
        XlsxGuard.requireWorkbook(file);
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
            XSSFReader reader = new XSSFReader(pkg);
            CTWorkbook workbook;
            try (InputStream in = reader.getWorkbookData()) {
                workbook = WorkbookDocument.Factory.parse(in, POIXMLTypeLoader.DEFAULT_XML_OPTIONS).getWorkbook();
            }
            return new XlsxWorkbook(pkg, reader, workbook);
        } catch (IOException | OpenXML4JException | XmlException | RuntimeException e) {
            if (pkg != null) {
                pkg.revert();
            }
            throw new UnreadableFileException("the file is not a readable Excel workbook (" + e.getMessage() + ")", e);
        }
    }

    List<SheetEntry> sheets() {
        return sheets;
    }

    /** Whether serial numbers count days from 1904-01-01 (Mac Excel's old default) rather than 1900-01-00. */
    boolean date1904() {
        return date1904;
    }

    /**
     * The sheet to read: the one asked for by name or 1-based position; without one, the sheet a person sees on
     * opening the file: the active tab when it is visible, else the first visible sheet.
     *
     * @throws UnreadableFileException when there is no such sheet, naming the sheets there are
     */
    SheetEntry choose(String asked) {
        if (asked == null || asked.isBlank()) {
            if (activeTab < sheets.size() && sheets.get(activeTab).visible()) {
                return sheets.get(activeTab);
            }
            return sheets.stream().filter(SheetEntry::visible).findFirst()
                    .orElseThrow(() -> new UnreadableFileException("the workbook has no visible sheet; its sheets are: "
                            + describe(sheets)));
        }
        if (asked.matches("[0-9]{1,4}")) {
            int position = Integer.parseInt(asked);
            if (position >= 1 && position <= sheets.size()) {
                return sheets.get(position - 1);
            }
            throw new UnreadableFileException("the workbook has no sheet number " + asked + "; its sheets are: "
                    + describe(sheets));
        }
        return sheets.stream().filter(s -> s.name().equals(asked)).findFirst()
                .or(() -> sheets.stream().filter(s -> s.name().equalsIgnoreCase(asked.strip())).findFirst())
                .orElseThrow(() -> new UnreadableFileException("the workbook has no sheet '" + asked
                        + "'; its sheets are: " + describe(sheets)));
    }

    static String describe(List<SheetEntry> sheets) {
        return sheets.isEmpty() ? "none" : sheets.stream().map(SheetEntry::described).collect(Collectors.joining(", "));
    }

    /** The number format of every cell style, by style index ({@code cellXfs}); General where styles are absent. */
    NumberFormat[] numberFormats() throws IOException {
        StylesTable styles;
        try {
            styles = reader.getStylesTable();
        } catch (OpenXML4JException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (styles == null) {
            return new NumberFormat[0];
        }
        NumberFormat[] formats = new NumberFormat[styles.getNumCellStyles()];
        for (int i = 0; i < formats.length; i++) {
            int id = (int) styles.getCellXfAt(i).getNumFmtId();
            String code = styles.getNumberFormatAt((short) id);
            formats[i] = NumberFormat.of(id, code != null ? code : BuiltinFormats.getBuiltinFormat(id));
        }
        return formats;
    }

    /** The shared strings, read as the sheet asks for them; an empty table when the workbook has none. */
    SharedStrings sharedStrings() throws XMLStreamException {
        InputStream in;
        try {
            in = reader.getSharedStringsData();
        } catch (IOException | OpenXML4JException | RuntimeException e) {
            in = null;
        }
        return SharedStrings.of(in);
    }

    /** @throws IOException when the workbook names the sheet but holds no such part */
    InputStream sheetData(SheetEntry sheet) throws IOException {
        try {
            return reader.getSheet(sheet.relationId());
        } catch (OpenXML4JException | RuntimeException e) {
            throw new IOException("sheet '" + sheet.name() + "' has no content (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        pkg.revert();
    }
}
