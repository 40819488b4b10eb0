package org.mcelogjava.protocol.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** What the fuzz tests of the daemon and the simulator share: word mutations of a text, and the heap after GC. */
public final class Fuzzing {

    private Fuzzing() {
    }

    /**
     * One to {@code maxMutations} edits of {@code seed}'s words (split after blanks and newlines):
     * a word dropped, repeated, replaced by a noise word, its hex digits changed, or the rest cut off.
     */
    public static String mutateWords(String seed, Random rnd, String[] noise, int maxMutations) {
        List<String> words = new ArrayList<>(List.of(seed.split("(?<=[ \n])")));
        for (int m = 1 + rnd.nextInt(maxMutations); m > 0 && !words.isEmpty(); m--) {
            int at = rnd.nextInt(words.size());
            switch (rnd.nextInt(5)) {
                case 0 -> words.remove(at);
                case 1 -> words.add(at, words.get(rnd.nextInt(words.size())));
                case 2 -> words.set(at, noise[rnd.nextInt(noise.length)] + (rnd.nextBoolean() ? " " : "\n"));
                case 3 -> words.set(at, words.get(at).replaceAll("[0-9a-f]", Integer.toHexString(rnd.nextInt(16))));
                default -> words.subList(at, words.size()).clear();
            }
        }
        return String.join("", words);
    }

    /** An input for a failure message: quoted, newlines and NULs visible. */
    public static String show(String input) {
        return "\"" + input.replace("\n", "\\n").replace("\u0000", "\\0") + "\"";
    }

    /**
     * The heap in use once collections stop freeing anything (at least three, at most ten): what
     * Netty's cleaners release after one collection is freed by a later one, without a pause.
     */
    public static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (i >= 2 && now >= used) {
                return now;
            }
            used = Math.min(used, now);
        }
        return used;
    }
}
