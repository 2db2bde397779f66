package meshchat.syncml.protocol.wbxml;

import java.util.HashMap;
import java.util.Map;

/** One WBXML code page: tag token (0x05..0x3F) to element local name and back. */
final class CodePage {
    private static final int FIRST_TAG = 0x05;

    final int number;
    private final String[] names = new String[0x40];
    private final Map<String, Integer> tokens = new HashMap<>();

    /** names[i] belongs to token 0x05 + i; null marks a reserved token. */
    CodePage(int number, String... namesFrom05) {
        this.number = number;
        for (int i = 0; i < namesFrom05.length; i++) {
            String name = namesFrom05[i];
            if (name != null) {
                names[FIRST_TAG + i] = name;
                tokens.put(name, FIRST_TAG + i);
            }
        }
    }

    /** A copy with one token renamed and the old name still accepted when encoding. */
    CodePage withAlias(int token, String name) {
        CodePage copy = new CodePage(number);
        System.arraycopy(names, 0, copy.names, 0, names.length);
        copy.tokens.putAll(tokens);
        copy.names[token] = name;
        copy.tokens.put(name, token);
        return copy;
    }

    /** Local name of a tag token, or null if the token is not defined on this page. */
    String name(int token) {
        return token >= 0 && token < names.length ? names[token] : null;
    }

    /** Tag token of a local name, or -1. */
    int token(String localName) {
        Integer token = tokens.get(localName);
        return token == null ? -1 : token;
    }
}
