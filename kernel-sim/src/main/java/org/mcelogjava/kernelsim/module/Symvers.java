package org.mcelogjava.kernelsim.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A symbol table file in the format of the kernel's {@code Module.symvers}: one line per exported
 * symbol, {@code 0xCRC<TAB>symbol<TAB>module<TAB>export type<TAB>namespace} (the namespace is
 * always empty here). The kernel's own table names module {@code vmlinux}.
 *
 * @param entries the lines, sorted by symbol
 */
public record Symvers(List<Entry> entries) {

    /** One line of the file. */
    public record Entry(long crc, String symbol, String module, ExportType type) {
    }

    public Symvers {
        entries = entries.stream().sorted(Comparator.comparing(Entry::symbol)).toList();
    }

    /** The version of a symbol: CRC32 of its prototype, as genksyms hashes a C prototype. */
    public static long crc(String prototype) {
        CRC32 c = new CRC32();
        c.update(prototype.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    /** The table of what {@code module} exports. */
    public static Symvers of(ModuleDescriptor module) {
        List<Entry> list = new ArrayList<>();
        for (Map.Entry<String, ModuleDescriptor.Export> e : module.exports().entrySet()) {
            list.add(new Entry(crc(e.getValue().prototype()), e.getKey(), module.name(), e.getValue().type()));
        }
        return new Symvers(list);
    }

    /** The entry for {@code symbol}, or null. */
    public Entry find(String symbol) {
        return entries.stream().filter(e -> e.symbol().equals(symbol)).findFirst().orElse(null);
    }

    public static Symvers read(Path file) throws IOException {
        List<Entry> list = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                list.add(new Entry(Long.decode(f[0]), f[1], f[2], ExportType.valueOf(f[3])));
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + n + ": not a Module.symvers line: " + line, e);
            }
        }
        return new Symvers(list);
    }

    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(String.format("0x%08x\t%s\t%s\t%s\t\n", e.crc(), e.symbol(), e.module(), e.type()));
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }
}
