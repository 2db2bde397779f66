package meshchat.syncml.interop;

/** Every scenario of {@link SyncEvolutionXmlTest} again, with the client speaking WBXML (its default). */
class SyncEvolutionWbxmlTest extends SyncEvolutionXmlTest {
    @Override
    protected boolean wbxml() {
        return true;
    }
}
