package io.bulkimport.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The workbook's shared strings part ({@code xl/sharedStrings.xml}, ECMA-376 Part 1 §18.4.9), read as far as the
 * sheet has asked for: writers put strings in the order they first use them, so reading on demand keeps only what
 * has been seen in memory rather than the whole table up front.
 */
final class SharedStrings implements AutoCloseable {

    private final InputStream in;
    private final XMLStreamReader xml;
    private final List<String> strings = new ArrayList<>();
    private boolean exhausted;

    private SharedStrings(InputStream in, XMLStreamReader xml) {
        this.in = in;
        this.xml = xml;
        this.exhausted = xml == null;
    }

    /** @param in the part's content, or null when the workbook has no shared strings */
    static SharedStrings of(InputStream in) throws XMLStreamException {
        return new SharedStrings(in, in == null ? null : StaxFactory.reader(in));
    }

    /**
     * @param index the {@code <v>} of a cell of type {@code s}
     * @return the string's text (see {@link SpreadsheetText})
     * @throws IllegalArgumentException when the table has no such string
     */
    String get(int index) throws XMLStreamException {
        while (index >= strings.size() && !exhausted) {
            readNext();
        }
        if (index < 0 || index >= strings.size()) {
            throw new IllegalArgumentException("shared string " + index + " does not exist (the table has "
                    + strings.size() + ")");
        }
        return strings.get(index);
    }

    private void readNext() throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT && "si".equals(xml.getLocalName())) {
                strings.add(SpreadsheetText.read(xml));
                return;
            }
        }
        exhausted = true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (xml != null) {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }
}
