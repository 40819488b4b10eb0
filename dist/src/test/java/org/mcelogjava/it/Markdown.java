package org.mcelogjava.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The parts of a Markdown file that the documentation tests read, as GitHub renders them: fenced code
 * blocks (with the {@code <!-- example: REASON -->} marker line before a block that is not meant to run),
 * links and link reference definitions outside code, relative paths written out in prose, and the
 * anchors of its headings.
 */
final class Markdown {

    /** A fenced code block: its info string's first word ("" for none), its first body line, its body. */
    record Block(Path file, int line, String language, String body, Optional<String> exampleReason) {

        boolean isShell() {
            return List.of("sh", "bash", "shell").contains(language);
        }

        String where() {
            return file + ":" + line;
        }
    }

    /** A link target as written, and the line it is on. */
    record Link(Path file, int line, String target) {

        String where() {
            return file + ":" + line;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+)\\s*([^\\s`]*).*$");
    private static final Pattern EXAMPLE = Pattern.compile("^\\s*<!--\\s*example:\\s*(\\S.*?)\\s*-->\\s*$");
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern BARE_PATH = Pattern.compile("(?<![\\w/(\\]])(\\.\\.?/[\\w./-]*\\w)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private final Path file;
    private final List<String> lines;

    private Markdown(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static Markdown read(Path file) {
        try {
            return new Markdown(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every *.md file under root, outside build output (target/) and hidden directories (.git). */
    static List<Path> filesUnder(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p))
                    .filter(p -> !excluded(root.relativize(p.getParent())))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static boolean excluded(Path dir) {
        for (Path part : dir) { // the root itself relativizes to "", which is no hidden directory
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every link of these files that does not resolve, as "FILE:LINE: TARGET: reason" (relative to root):
     * a relative path to no file, or an #anchor that no heading of the Markdown file it names gives.
     * Links with a scheme (https:, mailto:) are not followed.
     */
    static List<String> brokenLinks(Path root, List<Path> files) {
        List<String> broken = new ArrayList<>();
        for (Path f : files) {
            for (Link link : read(f).links()) {
                String target = link.target();
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path resolved = path.isEmpty() ? f : f.getParent().resolve(path).normalize();
                String where = root.relativize(f) + ":" + link.line() + ": " + target + ": ";
                if (!Files.exists(resolved)) {
                    broken.add(where + "no such file " + root.relativize(resolved));
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !read(resolved).anchors().contains(target.substring(hash + 1))) {
                    broken.add(where + "no heading with that anchor in " + root.relativize(resolved));
                }
            }
        }
        return broken;
    }

    Path file() {
        return file;
    }

    List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group(1);
            Optional<String> reason = Optional.empty();
            for (int j = i - 1; j >= 0 && !lines.get(j).isBlank(); j--) {
                Matcher example = EXAMPLE.matcher(lines.get(j));
                if (example.matches()) {
                    reason = Optional.of(example.group(1));
                }
                break;
            }
            StringBuilder body = new StringBuilder();
            int k = i + 1;
            while (k < lines.size() && !lines.get(k).strip().startsWith(fence)) {
                body.append(lines.get(k)).append('\n');
                k++;
            }
            blocks.add(new Block(file, i + 2, open.group(2).toLowerCase(Locale.ROOT), body.toString(), reason));
            i = k;
        }
        return blocks;
    }

    /** Link targets and relative paths written out in prose, outside code blocks and inline code. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        boolean inCode = false; // inside an inline code span that goes on from an earlier line of the paragraph
        boolean inFence = false;
        String fence = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (!inFence && f.matches()) {
                inFence = true;
                fence = f.group(1);
                continue;
            }
            if (inFence) {
                inFence = !line.strip().startsWith(fence);
                continue;
            }
            String prose = withoutCode(line, inCode);
            inCode = line.isBlank() ? false : inCode ^ (countTicks(line) % 2 == 1);
            Matcher ref = REFERENCE.matcher(prose);
            if (ref.matches()) {
                links.add(new Link(file, i + 1, ref.group(1)));
                continue;
            }
            Matcher m = INLINE_LINK.matcher(prose);
            while (m.find()) {
                links.add(new Link(file, i + 1, m.group(1)));
            }
            Matcher bare = BARE_PATH.matcher(INLINE_LINK.matcher(prose).replaceAll(""));
            while (bare.find()) {
                links.add(new Link(file, i + 1, bare.group(1)));
            }
        }
        return links;
    }

    /** The line without its inline code spans; inCode: the line starts inside one that began earlier. */
    private static String withoutCode(String line, boolean inCode) {
        StringBuilder prose = new StringBuilder();
        boolean code = inCode;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                while (i + 1 < line.length() && line.charAt(i + 1) == '`') {
                    i++;
                }
                code = !code;
            } else if (!code) {
                prose.append(c);
            }
        }
        return prose.toString();
    }

    /** Runs of backticks on the line: each opens or closes a code span. */
    private static int countTicks(String line) {
        return line.replaceAll("`+", "`").replaceAll("[^`]", "").length();
    }

    /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as '-', repeats -1, -2. */
    List<String> anchors() {
        Map<String, Integer> seen = new HashMap<>();
        List<String> anchors = new ArrayList<>();
        boolean inFence = false;
        String fence = "";
        for (String line : lines) {
            Matcher f = FENCE.matcher(line);
            if (!inFence && f.matches()) {
                inFence = true;
                fence = f.group(1);
                continue;
            }
            if (inFence) {
                inFence = !line.strip().startsWith(fence);
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String text = INLINE_LINK.matcher(h.group(1)).replaceAll(r -> Matcher.quoteReplacement(
                        r.group().replaceFirst("^!?\\[([^\\]]*)\\].*$", "$1")));
                String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }
}
