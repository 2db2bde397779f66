package meshchat.syncml.store;

import java.nio.file.Path;

/** Run in a second JVM by {@link StoreOpenTest}: opens the folder, prints the error line, exits 3. */
public final class StoreOpenProbe {

    private StoreOpenProbe() {
    }

    public static void main(String[] args) {
        try (Store store = Store.open(Path.of(args[0]))) {
            System.out.println("opened");
            System.exit(0);
        } catch (StoreException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
