package meshchat.syncml.protocol;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

/** The one JAXB context for the generated wire classes; building it is costly, so once per JVM. */
final class Jaxb {
    private static final JAXBContext CONTEXT = create();

    private Jaxb() {
    }

    static JAXBContext context() {
        return CONTEXT;
    }

    private static JAXBContext create() {
        try {
            return JAXBContext.newInstance(meshchat.syncml.protocol.wire.ObjectFactory.class,
                    meshchat.syncml.protocol.wire.metinf.ObjectFactory.class,
                    meshchat.syncml.protocol.wire.devinf.ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
