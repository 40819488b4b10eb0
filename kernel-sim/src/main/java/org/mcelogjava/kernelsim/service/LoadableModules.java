package org.mcelogjava.kernelsim.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.kernelsim.module.ModuleException;
import org.mcelogjava.kernelsim.module.ModuleInfo;
import org.mcelogjava.kernelsim.module.ModuleLoader;
import org.mcelogjava.kernelsim.server.ModuleService;
import org.mcelogjava.protocol.device.Errno;

/**
 * The running simulator's module system for device-protocol peers: {@code init_module} keeps the
 * image in a file for as long as the module is loaded (its class loader reads from it) and loads it
 * on the engine thread, where module code may call into the kernel; {@code delete_module} unloads
 * it; {@code /proc/modules} shows them in the kernel's format.
 */
final class LoadableModules implements ModuleService {

    private final ModuleLoader loader;
    private final EngineThread engine;
    private final Map<String, Path> images = new ConcurrentHashMap<>();

    LoadableModules(ModuleLoader loader, EngineThread engine) {
        this.loader = loader;
        this.engine = engine;
    }

    @Override
    public void load(byte[] image, String params) throws ErrnoException {
        Path file;
        try {
            file = Files.createTempFile("mce-sim-module-", ".jar");
            Files.write(file, image);
        } catch (IOException e) {
            throw new ErrnoException(Errno.ENOMEM, "cannot keep the module image: " + e.getMessage());
        }
        try {
            String name = engine.call(() -> loader.insmod(file, parameters(params)));
            images.put(name, file);
        } catch (Exception e) {
            deleteQuietly(file);
            throw errno(e);
        }
    }

    @Override
    public void unload(String name, int flags) throws ErrnoException {
        try {
            engine.call(() -> {
                loader.rmmod(name);
                return null;
            });
        } catch (Exception e) {
            throw errno(e);
        }
        Path file = images.remove(name);
        if (file != null) {
            deleteQuietly(file);
        }
    }

    /**
     * Deletes the files of the images of the modules still loaded, once the engine has stopped (the
     * service's close): a simulator that stops leaves none behind in the temporary directory.
     */
    void deleteImages() {
        images.values().forEach(LoadableModules::deleteQuietly);
        images.clear();
    }

    /** {@code /proc/modules}: {@code name size refcount users, Live 0x0000000000000000} per module. */
    String procModules() {
        StringBuilder out = new StringBuilder();
        for (ModuleInfo m : loader.modules()) {
            out.append(m.name()).append(' ').append(m.size()).append(' ').append(m.refcount()).append(' ')
                    .append(m.usedBy().isEmpty() ? "-" : String.join(",", m.usedBy()) + ",")
                    .append(" Live 0x0000000000000000\n");
        }
        return out.toString();
    }

    /** The kernel's {@code name=value} words, in order. */
    static Map<String, String> parameters(String params) throws ErrnoException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String word : params.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new ErrnoException(Errno.EINVAL, "module parameter `" + word + "' is not name=value");
            }
            map.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return map;
    }

    private static ErrnoException errno(Exception e) {
        if (e instanceof ErrnoException x) {
            return x;
        }
        if (e instanceof ModuleException m) {
            return new ErrnoException(Errno.fromNumber(m.errno()).orElse(Errno.EINVAL), m.getMessage());
        }
        return new ErrnoException(Errno.EIO, String.valueOf(e.getMessage()));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
