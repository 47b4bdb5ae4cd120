package io.bulkimport.parse;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers for the XML parts of a workbook (Aalto, a fast non-validating StAX parser). DTDs and external
 * entities are off: a workbook is untrusted input (XXE, billion laughs).
 */
final class StaxFactory {

    private static final XMLInputFactory FACTORY = create();

    private StaxFactory() {
    }

    private static XMLInputFactory create() {
        XMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return factory;
    }

    /** @throws XMLStreamException when the stream does not start as XML */
    static XMLStreamReader reader(InputStream in) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(in);
    }
}
