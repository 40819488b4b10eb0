package org.mcelogjava.protocol.stream;

import java.util.Optional;

/**
 * A reader's request to receive records as they are logged, one line on the daemon's client
 * socket: {@code subscribe <version> <json|raw> [replay]}. {@code replay} asks for the records
 * already in the current log file first.
 *
 * @param version stream protocol version the reader speaks
 * @param format  how records are sent
 * @param replay  send the current log's records before live ones
 */
public record Subscribe(int version, Format format, boolean replay) {

    /** The only stream version this code speaks. */
    public static final int VERSION = 1;

    /** How records travel. */
    public enum Format {
        /** One JSON object per line ({@link StreamJson}). */
        JSON,
        /** Binary frames carrying struct mce bytes ({@link RawFrames}). */
        RAW
    }

    /** Whether {@code line} is a subscription attempt (well-formed or not). */
    public static boolean isSubscription(String line) {
        return line.equals("subscribe") || line.startsWith("subscribe ");
    }

    /**
     * Parses a subscription line.
     *
     * @return the request, or empty with the reason in {@code error[0]}
     */
    public static Optional<Subscribe> parse(String line, String[] error) {
        String[] words = line.trim().split("\\s+");
        if (words.length < 3 || words.length > 4 || !words[0].equals("subscribe")) {
            error[0] = "usage: subscribe <version> <json|raw> [replay]";
            return Optional.empty();
        }
        int version;
        try {
            version = Integer.parseInt(words[1]);
        } catch (NumberFormatException e) {
            error[0] = "bad stream version `" + words[1] + "'";
            return Optional.empty();
        }
        if (version != VERSION) {
            error[0] = "unsupported stream version " + version + " (this daemon speaks " + VERSION + ")";
            return Optional.empty();
        }
        Format format = switch (words[2]) {
            case "json" -> Format.JSON;
            case "raw" -> Format.RAW;
            default -> null;
        };
        if (format == null) {
            error[0] = "unknown stream format `" + words[2] + "' (json or raw)";
            return Optional.empty();
        }
        if (words.length == 4 && !words[3].equals("replay")) {
            error[0] = "unknown subscribe option `" + words[3] + "' (replay)";
            return Optional.empty();
        }
        return Optional.of(new Subscribe(version, format, words.length == 4));
    }

    /** The line that accepts a subscription: {@code ok 1 json}. */
    public String acceptance() {
        return "ok " + version + " " + format.name().toLowerCase(java.util.Locale.ROOT) + "\n";
    }
}
