package io.proxyctl.config.schema;

/** Field-name spellings as protoc derives them. */
final class Names {
    private Names() {
    }

    /** protoc's lowerCamel JSON name of a snake_case field name ({@code connect_timeout} to {@code connectTimeout}). */
    static String camel(String snake) {
        if (snake.indexOf('_') < 0) {
            return snake;
        }
        StringBuilder sb = new StringBuilder(snake.length());
        boolean up = false;
        for (int i = 0; i < snake.length(); i++) {
            char c = snake.charAt(i);
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
