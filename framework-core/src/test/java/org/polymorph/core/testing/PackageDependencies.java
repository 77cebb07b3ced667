package org.polymorph.core.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependencies of a module's compiled classes (target/classes), read from the class
 * files' constant pools: every org.polymorph type named in a class reference, a descriptor or a
 * generic signature counts, as jdeps counts them. Bundles' layering tests assert rules on it
 * (an exported package never depends on an internal one; two backends never on each other).
 */
public final class PackageDependencies {
    private static final String EXPORT = "Lorg/osgi/annotation/bundle/Export;";
    private static final Pattern TYPE = Pattern.compile("(org/polymorph/[A-Za-z0-9_/$]+)");

    private final Map<String, Set<String>> uses;
    private final Set<String> exported;

    private PackageDependencies(Map<String, Set<String>> uses, Set<String> exported) {
        this.uses = uses;
        this.exported = exported;
    }

    /** Reads every class file under {@code classes}. */
    public static PackageDependencies of(Path classes) throws IOException {
        if (!Files.isDirectory(classes)) throw new IllegalArgumentException(classes + " is not a directory; compile the module first");
        Map<String, Set<String>> uses = new TreeMap<>();
        Set<String> exported = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            String rel = classes.relativize(f).toString().replace('\\', '/');
            String pkg = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')).replace('/', '.') : "";
            List<String> strings;
            try (InputStream in = Files.newInputStream(f)) {
                strings = utf8Constants(new DataInputStream(in));
            }
            Set<String> mine = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (String u : strings) {
                if (rel.endsWith("package-info.class") && u.equals(EXPORT)) exported.add(pkg);
                Matcher m = TYPE.matcher(u);
                while (m.find()) {
                    String type = m.group(1);
                    String other = type.substring(0, type.lastIndexOf('/')).replace('/', '.');
                    if (!other.equals(pkg)) mine.add(other);
                }
            }
        }
        return new PackageDependencies(uses, exported);
    }

    /** Packages whose package-info carries {@code @Export}. */
    public Set<String> exported() { return exported; }

    /** Every package of the module with the org.polymorph packages (other than itself) it uses. */
    public Map<String, Set<String>> uses() { return uses; }

    /** "a -> b" for each exported package a that uses a package b with an {@code internal} segment. */
    public List<String> exportedUsingInternal() {
        List<String> out = new ArrayList<>();
        for (String p : exported) {
            for (String q : uses.getOrDefault(p, Set.of())) if (isInternal(q)) out.add(p + " -> " + q);
        }
        return out;
    }

    /** "a -> b" for each package a under {@code from} (itself or a subpackage) that uses a package under {@code to}. */
    public List<String> uses(String from, String to) {
        List<String> out = new ArrayList<>();
        uses.forEach((p, qs) -> {
            if (!under(p, from)) return;
            for (String q : qs) if (under(q, to)) out.add(p + " -> " + q);
        });
        return out;
    }

    private static boolean under(String p, String root) { return p.equals(root) || p.startsWith(root + "."); }

    private static boolean isInternal(String p) { return p.endsWith(".internal") || p.contains(".internal."); }

    /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4). */
    private static List<String> utf8Constants(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> out = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);      // Class, String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3);                    // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {                                  // Long, Double take two slots
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant-pool tag " + tag + " at entry " + i);
            }
        }
        return out;
    }
}
