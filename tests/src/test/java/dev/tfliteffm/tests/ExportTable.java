package dev.tfliteffm.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Lists the exported symbols of a native shared library by parsing its bytes directly, with no
 * external tools and no dependencies beyond the JDK.
 *
 * <p>Used by the tests to check which TensorFlow Lite C API functions a prebuilt library really
 * exports on each platform, so that the bindings never reference a symbol that {@code dlsym} /
 * {@code GetProcAddress} cannot find. Supported formats (detected from the magic bytes):
 *
 * <ul>
 *   <li><b>ELF</b> ({@code .so}; 32/64-bit, either byte order; verified on x86-64 and aarch64): the
 *       dynamic symbol table, located through the {@code SHT_DYNSYM} section header, or through
 *       {@code PT_DYNAMIC} ({@code DT_SYMTAB}/{@code DT_STRTAB} with {@code DT_HASH} or {@code
 *       DT_GNU_HASH} for the count) when the section headers are missing. Kept: symbols with {@code
 *       st_shndx != SHN_UNDEF}, binding {@code GLOBAL}, {@code WEAK} or {@code GNU_UNIQUE}, and
 *       visibility other than {@code HIDDEN}/{@code INTERNAL}. {@code STT_FUNC} and {@code
 *       STT_GNU_IFUNC} are {@link Kind#FUNCTION}; {@code STT_OBJECT}, {@code STT_TLS} and {@code
 *       STT_COMMON} are {@link Kind#DATA}; anything else (e.g. {@code NOTYPE} markers such as
 *       {@code _end}) is {@link Kind#OTHER}.
 *   <li><b>PE/COFF</b> ({@code .dll}; PE32+ verified on x86-64, PE32 also read): the names in the
 *       export directory's name pointer table, RVAs resolved through the section headers. PE exports
 *       carry no type, so an export is a {@link Kind#FUNCTION} when its RVA lies in an executable or
 *       code section, {@link Kind#DATA} otherwise, and {@link Kind#OTHER} when it is a forwarder
 *       ({@code "OTHERDLL.Name"}).
 *   <li><b>Mach-O</b> ({@code .dylib}; 64- and 32-bit, verified on x86_64 and arm64): the union of
 *       the export trie ({@code LC_DYLD_INFO(_ONLY)} or {@code LC_DYLD_EXPORTS_TRIE}) and the
 *       external defined ({@code N_EXT}, {@code N_TYPE == N_SECT}) entries of {@code LC_SYMTAB}.
 *       The leading underscore that Mach-O adds to C names is stripped. Neither source carries a
 *       type, so a symbol is a {@link Kind#FUNCTION} when its address lies in a section flagged as
 *       containing instructions (e.g. {@code __TEXT,__text}) and {@link Kind#DATA} otherwise;
 *       re-exports, absolute and indirect symbols are {@link Kind#OTHER}. For a fat/universal file
 *       the first 64-bit slice is read (the first slice if none is 64-bit).
 * </ul>
 *
 * <p>Runs in JDK single-file source mode: {@code java ExportTable.java lib.so} (see {@link
 * #main(String[])}).
 */
public final class ExportTable {

    /** What an exported symbol refers to, as far as the file format can tell. */
    public enum Kind {
        /** Code: ELF {@code STT_FUNC}/{@code STT_GNU_IFUNC}, or an address in an executable section. */
        FUNCTION,
        /** Data: ELF {@code STT_OBJECT}/{@code STT_TLS}/{@code STT_COMMON}, or a non-code address. */
        DATA,
        /** Anything else: untyped ELF symbols, PE forwarders, Mach-O re-exports/absolute symbols. */
        OTHER
    }

    private ExportTable() {}

    // ---------------------------------------------------------------------------------------------
    // Public API
    // ---------------------------------------------------------------------------------------------

    /**
     * Returns the names of the functions exported by a shared library.
     *
     * @param library the whole file contents of an ELF, PE or Mach-O (thin or fat) library
     * @return the exported function names, sorted, unmodifiable
     * @throws IllegalArgumentException if the format is unknown or the file is malformed
     */
    public static Set<String> exportedFunctions(byte[] library) {
        Set<String> names = new TreeSet<>();
        exportedSymbols(library).forEach((name, kind) -> {
            if (kind == Kind.FUNCTION) {
                names.add(name);
            }
        });
        return Collections.unmodifiableSet(names);
    }

    /**
     * Returns the names of the functions exported by the shared library at {@code path}.
     *
     * @param path a library file
     * @return the exported function names, sorted, unmodifiable
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the format is unknown or the file is malformed
     */
    public static Set<String> exportedFunctions(Path path) {
        try {
            return exportedFunctions(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Returns the names of the functions exported by a shared library stored inside a jar (e.g. a
     * platform jar of a JavaCPP preset), without extracting it to disk.
     *
     * @param jar a jar or zip file
     * @param entryName the entry path inside the jar, e.g. {@code
     *     org/bytedeco/tensorflowlite/linux-x86_64/libjnitensorflowlite.so}
     * @return the exported function names, sorted, unmodifiable
     * @throws UncheckedIOException if the jar cannot be read
     * @throws IllegalArgumentException if the entry is missing, of unknown format or malformed
     */
    public static Set<String> exportedFunctionsInJar(Path jar, String entryName) {
        return exportedFunctions(readJarEntry(jar, entryName));
    }

    /**
     * Returns every exported defined symbol of a shared library with its {@link Kind}, so callers
     * can filter to functions or data themselves (see the class documentation for how each format
     * determines the kind).
     *
     * @param library the whole file contents of an ELF, PE or Mach-O (thin or fat) library
     * @return symbol name to kind, sorted by name, unmodifiable
     * @throws IllegalArgumentException if the format is unknown or the file is malformed
     */
    public static SortedMap<String, Kind> exportedSymbols(byte[] library) {
        SortedMap<String, Kind> out = new TreeMap<>();
        try {
            switch (detect(library)) {
                case ELF -> Elf.read(library, out);
                case PE -> Pe.read(library, out);
                case MACH_O -> MachO.read(library, 0, library.length, out);
                case MACH_O_FAT -> MachO.readFat(library, out);
            }
        } catch (IndexOutOfBoundsException | BufferUnderflowException | ArithmeticException e) {
            // Offsets pointing outside the file: report as a bad input, not as a parser bug.
            throw new IllegalArgumentException(
                    "truncated or malformed library (" + library.length + " bytes): "
                            + (e.getMessage() != null ? e.getMessage() : "an offset points outside the file"),
                    e);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * Reads one entry of a jar (or zip) into memory.
     *
     * @param jar a jar or zip file
     * @param entryName the entry path inside the jar
     * @return the entry's bytes
     * @throws UncheckedIOException if the jar cannot be read
     * @throws IllegalArgumentException if there is no such entry
     */
    public static byte[] readJarEntry(Path jar, String entryName) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null || entry.isDirectory()) {
                throw new IllegalArgumentException("no entry '" + entryName + "' in " + jar);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /**
     * Command line: {@code java ExportTable.java [--intersect] LIB...} where each {@code LIB} is a
     * file path or {@code path/to/file.jar!entry/name}. With one library, prints its exported
     * function names sorted, one per line; with several, prints the names exported by all of them
     * (the intersection), which is the default and only mode. The per-library counts go to stderr.
     *
     * @param args the command line arguments
     */
    public static void main(String[] args) {
        List<String> specs = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--intersect" -> {
                    /* the default; accepted for explicitness */
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> specs.add(arg);
            }
        }
        if (specs.isEmpty()) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Set<String> result = null;
        for (String spec : specs) {
            Set<String> names;
            try {
                names = exportedFunctions(readSpec(spec));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                System.err.println("ExportTable: " + spec + ": " + e.getMessage()
                        + (e.getCause() instanceof IOException io ? " (" + io + ")" : ""));
                System.exit(1);
                return;
            }
            System.err.println("# " + names.size() + " exported functions in " + spec);
            if (result == null) {
                result = new TreeSet<>(names);
            } else {
                result.retainAll(names);
            }
        }
        if (specs.size() > 1) {
            System.err.println("# " + result.size() + " exported by all " + specs.size());
        }
        StringBuilder sb = new StringBuilder();
        result.forEach(n -> sb.append(n).append('\n'));
        System.out.print(sb);
    }

    private static final String USAGE = """
            usage: java ExportTable.java [--intersect] LIB...
              LIB is a shared library path (ELF .so, PE .dll, Mach-O .dylib, fat or thin)
              or JAR!ENTRY for a library inside a jar, e.g.
                tensorflow-lite-linux-x86_64.jar!org/bytedeco/tensorflowlite/linux-x86_64/libjnitensorflowlite.so
              Prints the exported function names, sorted, one per line. With several LIBs,
              prints only the names exported by every one of them (intersection, the default).
              Per-library counts are written to stderr.""";

    /** Reads {@code file} or {@code file.jar!entry}; splits at the first "!" after ".jar"/".zip". */
    private static byte[] readSpec(String spec) {
        int bang = spec.indexOf('!');
        while (bang >= 0) {
            String file = spec.substring(0, bang).toLowerCase(Locale.ROOT);
            if (file.endsWith(".jar") || file.endsWith(".zip")) {
                String entry = spec.substring(bang + 1);
                entry = entry.startsWith("/") ? entry.substring(1) : entry; // tolerate "jar!/entry" URL style
                return readJarEntry(Path.of(spec.substring(0, bang)), entry);
            }
            bang = spec.indexOf('!', bang + 1);
        }
        try {
            return Files.readAllBytes(Path.of(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec, e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Format detection and shared helpers
    // ---------------------------------------------------------------------------------------------

    private enum Format {
        ELF,
        PE,
        MACH_O,
        MACH_O_FAT
    }

    private static Format detect(byte[] b) {
        if (b.length >= 4) {
            int be = ByteBuffer.wrap(b).getInt(0); // big-endian view of the first 4 bytes
            if (be == 0x7F454C46) { // "\x7fELF"
                return Format.ELF;
            }
            if ((b[0] == 'M' && b[1] == 'Z')) {
                return Format.PE;
            }
            if (be == 0xFEEDFACF || be == 0xCFFAEDFE || be == 0xFEEDFACE || be == 0xCEFAEDFE) {
                return Format.MACH_O;
            }
            // 0xCAFEBABE is also the Java class file magic; a fat header has a small arch count
            // where a class file has its version (>= 45), which is how file(1) tells them apart.
            if ((be == 0xCAFEBABE || be == 0xCAFEBABF) && b.length >= 8) {
                int n = ByteBuffer.wrap(b).getInt(4);
                if (n > 0 && n < 45) {
                    return Format.MACH_O_FAT;
                }
                throw new IllegalArgumentException("magic CAFEBABE with count " + n
                        + " looks like a Java class file, not a Mach-O universal binary");
            }
        }
        byte[] head = Arrays.copyOf(b, Math.min(b.length, 4));
        throw new IllegalArgumentException("unknown library format: magic bytes "
                + HexFormat.ofDelimiter(" ").formatHex(head)
                + " (expected ELF 7f 45 4c 46, PE 4d 5a, Mach-O cf fa ed fe / ce fa ed fe, or fat ca fe ba be)");
    }

    /** A NUL-terminated string at {@code off}; UTF-8 so C++/Swift names survive intact. */
    private static String cString(byte[] b, int off, int limit) {
        if (off < 0 || off >= limit) {
            throw new IndexOutOfBoundsException("string offset " + off + " outside [0, " + limit + ")");
        }
        int end = off;
        while (end < limit && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Narrows a file offset/size read from the file, rejecting values beyond a Java array. */
    private static int i32(long v) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ArithmeticException("offset out of range: " + v);
        }
        return (int) v;
    }

    /** Records a symbol; if a name appears twice (e.g. trie and symtab), a FUNCTION kind wins. */
    private static void put(Map<String, Kind> out, String name, Kind kind) {
        if (!name.isEmpty()) {
            out.merge(
                    name,
                    kind,
                    (a, c) -> a == Kind.FUNCTION || c == Kind.FUNCTION
                            ? Kind.FUNCTION
                            : a == Kind.DATA || c == Kind.DATA ? Kind.DATA : Kind.OTHER);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // ELF
    // ---------------------------------------------------------------------------------------------

    private static final class Elf {
        static final int SHT_DYNSYM = 11;
        static final int PT_LOAD = 1, PT_DYNAMIC = 2;
        static final long DT_NULL = 0,
                DT_HASH = 4,
                DT_STRTAB = 5,
                DT_SYMTAB = 6,
                DT_STRSZ = 10,
                DT_SYMENT = 11,
                DT_GNU_HASH = 0x6FFFFEF5L;

        final byte[] b;
        final ByteBuffer buf;
        final boolean is64;

        private Elf(byte[] b) {
            this.b = b;
            this.is64 = b[4] == 2; // EI_CLASS: 1 = 32-bit, 2 = 64-bit
            if (b[4] != 1 && b[4] != 2) {
                throw new IllegalArgumentException("ELF: bad EI_CLASS " + b[4]);
            }
            // EI_DATA: 1 = little-endian, 2 = big-endian.
            this.buf = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        }

        /** An address-sized field (Elf64_Addr/Off/Xword or their 32-bit counterparts). */
        long word(int off) {
            return is64 ? buf.getLong(off) : Integer.toUnsignedLong(buf.getInt(off));
        }

        int u16(int off) {
            return Short.toUnsignedInt(buf.getShort(off));
        }

        long u32(int off) {
            return Integer.toUnsignedLong(buf.getInt(off));
        }

        static void read(byte[] b, Map<String, Kind> out) {
            Elf elf = new Elf(b);
            if (!elf.readFromSections(out)) {
                elf.readFromDynamic(out);
            }
        }

        /** The normal path: the SHT_DYNSYM section and its sh_link string table. */
        boolean readFromSections(Map<String, Kind> out) {
            long shoff = word(is64 ? 0x28 : 0x20);
            int shentsize = u16(is64 ? 0x3A : 0x2E);
            int shnum = u16(is64 ? 0x3C : 0x30);
            if (shoff == 0 || shentsize == 0) {
                return false;
            }
            int sh0 = i32(shoff);
            if (shnum == 0) {
                shnum = i32(word(sh0 + (is64 ? 0x20 : 0x14))); // >= SHN_LORESERVE sections: count in sh[0].sh_size
            }
            for (int i = 0; i < shnum; i++) {
                int sh = sh0 + i * shentsize;
                if (u32(sh + 4) != SHT_DYNSYM) {
                    continue;
                }
                int symOff = i32(word(sh + (is64 ? 0x18 : 0x10)));
                long symSize = word(sh + (is64 ? 0x20 : 0x14));
                int link = i32(u32(sh + (is64 ? 0x28 : 0x18)));
                long entsize = word(sh + (is64 ? 0x38 : 0x24));
                int str = sh0 + link * shentsize;
                int strOff = i32(word(str + (is64 ? 0x18 : 0x10)));
                int strSize = i32(word(str + (is64 ? 0x20 : 0x14)));
                int ent = entsize != 0 ? i32(entsize) : (is64 ? 24 : 16);
                readSymbols(symOff, i32(symSize / ent), ent, strOff, strSize, out);
                return true;
            }
            return false;
        }

        /** Fallback for stripped section headers: PT_DYNAMIC gives DT_SYMTAB/DT_STRTAB addresses. */
        void readFromDynamic(Map<String, Kind> out) {
            int phoff = i32(word(is64 ? 0x20 : 0x1C));
            int phentsize = u16(is64 ? 0x36 : 0x2A);
            int phnum = u16(is64 ? 0x38 : 0x2C);
            List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
            int dyn = -1;
            long dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                int ph = phoff + i * phentsize;
                long type = u32(ph);
                long offset = word(ph + (is64 ? 0x08 : 0x04));
                long vaddr = word(ph + (is64 ? 0x10 : 0x08));
                long filesz = word(ph + (is64 ? 0x20 : 0x10));
                if (type == PT_LOAD) {
                    loads.add(new long[] {vaddr, offset, filesz});
                } else if (type == PT_DYNAMIC) {
                    dyn = i32(offset);
                    dynSize = filesz;
                }
            }
            if (dyn < 0) {
                throw new IllegalArgumentException(
                        "ELF: no .dynsym section and no PT_DYNAMIC segment (not a shared library?)");
            }
            long symtab = -1, strtab = -1, strsz = -1, syment = is64 ? 24 : 16, hash = -1, gnuHash = -1;
            int dentsize = is64 ? 16 : 8;
            for (int d = dyn; d + dentsize <= dyn + dynSize; d += dentsize) {
                long tag = word(d);
                long val = word(d + dentsize / 2);
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_SYMTAB) symtab = val;
                else if (tag == DT_STRTAB) strtab = val;
                else if (tag == DT_STRSZ) strsz = val;
                else if (tag == DT_SYMENT) syment = val;
                else if (tag == DT_HASH) hash = val;
                else if (tag == DT_GNU_HASH) gnuHash = val;
            }
            if (symtab < 0 || strtab < 0 || strsz < 0) {
                throw new IllegalArgumentException("ELF: PT_DYNAMIC lacks DT_SYMTAB/DT_STRTAB/DT_STRSZ");
            }
            int count;
            if (hash >= 0) {
                count = i32(u32(toOffset(loads, hash) + 4)); // nchain == number of symbols
            } else if (gnuHash >= 0) {
                count = gnuHashSymbolCount(toOffset(loads, gnuHash));
            } else {
                throw new IllegalArgumentException(
                        "ELF: PT_DYNAMIC has neither DT_HASH nor DT_GNU_HASH; symbol count unknown");
            }
            readSymbols(toOffset(loads, symtab), count, i32(syment), toOffset(loads, strtab), i32(strsz), out);
        }

        /**
         * DT_GNU_HASH does not store the symbol count: it is one past the last symbol reachable
         * from the highest bucket, whose chain ends at the first entry with the low bit set.
         */
        int gnuHashSymbolCount(int off) {
            long nbuckets = u32(off);
            long symoffset = u32(off + 4);
            long bloomSize = u32(off + 8);
            int buckets = i32(off + 16 + bloomSize * (is64 ? 8 : 4));
            int chains = i32(buckets + nbuckets * 4);
            long max = 0;
            for (int i = 0; i < nbuckets; i++) {
                max = Math.max(max, u32(buckets + i * 4));
            }
            if (max < symoffset) {
                return i32(symoffset);
            }
            long i = max;
            while ((u32(i32(chains + (i - symoffset) * 4)) & 1) == 0) {
                i++;
            }
            return i32(i + 1);
        }

        static int toOffset(List<long[]> loads, long vaddr) {
            for (long[] l : loads) {
                if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                    return i32(vaddr - l[0] + l[1]);
                }
            }
            throw new IllegalArgumentException(
                    "ELF: address 0x" + Long.toHexString(vaddr) + " not in any PT_LOAD segment");
        }

        void readSymbols(int symOff, int count, int ent, int strOff, int strSize, Map<String, Kind> out) {
            int strEnd = Math.addExact(strOff, strSize);
            if (strEnd > b.length) {
                throw new IndexOutOfBoundsException("ELF: string table past end of file");
            }
            for (int i = 1; i < count; i++) { // index 0 is the reserved null symbol
                int s = symOff + i * ent;
                long nameIdx = u32(s);
                int info = b[s + (is64 ? 4 : 12)] & 0xFF;
                int other = b[s + (is64 ? 5 : 13)] & 0xFF;
                int shndx = u16(s + (is64 ? 6 : 14));
                int bind = info >>> 4, type = info & 0xF, visibility = other & 3;
                // Exported = defined here (not SHN_UNDEF), global/weak/unique, and visible to
                // other modules (hidden/internal symbols cannot be bound by dlsym).
                boolean global = bind == 1 || bind == 2 || bind == 10; // GLOBAL, WEAK, GNU_UNIQUE
                if (shndx == 0 || !global || visibility == 1 || visibility == 2) {
                    continue;
                }
                Kind kind = switch (type) {
                    case 2, 10 -> Kind.FUNCTION; // STT_FUNC, STT_GNU_IFUNC
                    case 1, 5, 6 -> Kind.DATA; // STT_OBJECT, STT_COMMON, STT_TLS
                    default -> Kind.OTHER; // STT_NOTYPE, STT_SECTION, ...
                };
                put(out, cString(b, i32(strOff + nameIdx), strEnd), kind);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // PE/COFF
    // ---------------------------------------------------------------------------------------------

    private static final class Pe {
        static final int IMAGE_SCN_CNT_CODE = 0x20, IMAGE_SCN_MEM_EXECUTE = 0x20000000;

        record Section(long va, long vsize, long rawPtr, long rawSize, int characteristics) {}

        static void read(byte[] b, Map<String, Kind> out) {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int pe = buf.getInt(0x3C); // e_lfanew
            if (pe < 0 || pe + 24 > b.length || buf.getInt(pe) != 0x00004550) { // "PE\0\0"
                throw new IllegalArgumentException("PE: MZ header without a PE signature (DOS executable?)");
            }
            int coff = pe + 4;
            int nsections = Short.toUnsignedInt(buf.getShort(coff + 2));
            int optSize = Short.toUnsignedInt(buf.getShort(coff + 16));
            int opt = coff + 20;
            int magic = Short.toUnsignedInt(buf.getShort(opt));
            int dirs; // start of the data directories, after NumberOfRvaAndSizes
            if (magic == 0x20B) {
                dirs = opt + 112; // PE32+
            } else if (magic == 0x10B) {
                dirs = opt + 96; // PE32
            } else {
                throw new IllegalArgumentException("PE: unknown optional header magic 0x" + Integer.toHexString(magic));
            }
            long ndirs = Integer.toUnsignedLong(buf.getInt(dirs - 4));
            if (ndirs < 1) {
                return; // no data directories at all, so no exports
            }
            long expRva = Integer.toUnsignedLong(buf.getInt(dirs));
            long expSize = Integer.toUnsignedLong(buf.getInt(dirs + 4));
            if (expRva == 0) {
                return; // the image exports nothing
            }
            List<Section> sections = new ArrayList<>(nsections);
            int sh = opt + optSize;
            for (int i = 0; i < nsections; i++, sh += 40) {
                sections.add(new Section(
                        Integer.toUnsignedLong(buf.getInt(sh + 12)),
                        Integer.toUnsignedLong(buf.getInt(sh + 8)),
                        Integer.toUnsignedLong(buf.getInt(sh + 20)),
                        Integer.toUnsignedLong(buf.getInt(sh + 16)),
                        buf.getInt(sh + 36)));
            }
            int exp = toOffset(sections, expRva);
            long nfuncs = Integer.toUnsignedLong(buf.getInt(exp + 20));
            long nnames = Integer.toUnsignedLong(buf.getInt(exp + 24));
            int funcs = nfuncs == 0 ? 0 : toOffset(sections, Integer.toUnsignedLong(buf.getInt(exp + 28)));
            int names = nnames == 0 ? 0 : toOffset(sections, Integer.toUnsignedLong(buf.getInt(exp + 32)));
            int ords = nnames == 0 ? 0 : toOffset(sections, Integer.toUnsignedLong(buf.getInt(exp + 36)));
            for (int i = 0; i < nnames; i++) {
                String name =
                        cString(b, toOffset(sections, Integer.toUnsignedLong(buf.getInt(names + 4 * i))), b.length);
                int ordinal = Short.toUnsignedInt(buf.getShort(ords + 2 * i)); // index into the function table
                Kind kind = Kind.OTHER;
                if (ordinal < nfuncs) {
                    long rva = Integer.toUnsignedLong(buf.getInt(funcs + 4 * ordinal));
                    // A forwarder's RVA points at "DLL.Name" inside the export directory: keep OTHER.
                    if (rva < expRva || rva >= expRva + expSize) {
                        Section s = sectionOf(sections, rva);
                        kind = s != null && (s.characteristics & (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE)) != 0
                                ? Kind.FUNCTION
                                : Kind.DATA;
                    }
                }
                put(out, name, kind);
            }
        }

        static Section sectionOf(List<Section> sections, long rva) {
            for (Section s : sections) {
                long size = Math.max(s.vsize, s.rawSize);
                if (rva >= s.va && rva < s.va + size) {
                    return s;
                }
            }
            return null;
        }

        static int toOffset(List<Section> sections, long rva) {
            Section s = sectionOf(sections, rva);
            if (s == null || rva - s.va >= s.rawSize) {
                throw new IllegalArgumentException(
                        "PE: RVA 0x" + Long.toHexString(rva) + " is not backed by file data");
            }
            return i32(s.rawPtr + (rva - s.va));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Mach-O
    // ---------------------------------------------------------------------------------------------

    private static final class MachO {
        static final int LC_SEGMENT = 0x1,
                LC_SYMTAB = 0x2,
                LC_SEGMENT_64 = 0x19,
                LC_DYLD_INFO = 0x22,
                LC_DYLD_INFO_ONLY = 0x80000022,
                LC_DYLD_EXPORTS_TRIE = 0x80000033;
        static final int N_STAB = 0xE0, N_TYPE = 0x0E, N_EXT = 0x01, N_ABS = 0x2, N_SECT = 0xE, N_INDR = 0xA;
        static final int S_ATTR_PURE_INSTRUCTIONS = 0x80000000, S_ATTR_SOME_INSTRUCTIONS = 0x400;
        static final int EXPORT_KIND_MASK = 0x03,
                EXPORT_KIND_REGULAR = 0,
                EXPORT_KIND_THREAD_LOCAL = 1,
                EXPORT_REEXPORT = 0x08,
                EXPORT_STUB_AND_RESOLVER = 0x10;

        record Section(long addr, long size, boolean code) {}

        /** Fat headers are big-endian; prefer the first 64-bit slice since that is what ships today. */
        static void readFat(byte[] b, Map<String, Kind> out) {
            ByteBuffer buf = ByteBuffer.wrap(b); // big-endian
            boolean fat64 = buf.getInt(0) == 0xCAFEBABF;
            int n = buf.getInt(4);
            int entry = fat64 ? 32 : 20; // fat_arch_64 / fat_arch
            long chosenOff = -1, chosenSize = 0;
            for (int i = 0; i < n; i++) {
                int a = 8 + i * entry;
                int cputype = buf.getInt(a);
                long off = fat64 ? buf.getLong(a + 8) : Integer.toUnsignedLong(buf.getInt(a + 8));
                long size = fat64 ? buf.getLong(a + 16) : Integer.toUnsignedLong(buf.getInt(a + 12));
                if (chosenOff < 0) {
                    chosenOff = off;
                    chosenSize = size;
                }
                if ((cputype & 0x01000000) != 0) { // CPU_ARCH_ABI64
                    chosenOff = off;
                    chosenSize = size;
                    break;
                }
            }
            if (chosenOff < 0) {
                throw new IllegalArgumentException("Mach-O: universal binary with no slices");
            }
            read(b, i32(chosenOff), i32(chosenSize), out);
        }

        /** Reads one thin Mach-O image occupying {@code [base, base+length)} of {@code b}. */
        static void read(byte[] b, int base, int length, Map<String, Kind> out) {
            if (Math.addExact(base, length) > b.length) {
                throw new IndexOutOfBoundsException("Mach-O: slice extends past end of file");
            }
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int magic = buf.getInt(base);
            if (magic == 0xCFFAEDFE || magic == 0xCEFAEDFE) { // byte-swapped: a big-endian image
                buf.order(ByteOrder.BIG_ENDIAN);
                magic = buf.getInt(base);
            }
            boolean is64 = magic == 0xFEEDFACF;
            if (!is64 && magic != 0xFEEDFACE) {
                throw new IllegalArgumentException("Mach-O: slice has bad magic 0x" + Integer.toHexString(magic));
            }
            int ncmds = buf.getInt(base + 16);
            int cmd = base + (is64 ? 32 : 28);
            List<Section> sections = new ArrayList<>(); // index = n_sect - 1
            long imageBase = -1; // vmaddr of the segment mapping file offset 0 (the Mach header)
            int symoff = -1, nsyms = 0, stroff = 0, strsize = 0, trieOff = -1, trieSize = 0;
            for (int i = 0; i < ncmds; i++) {
                int type = buf.getInt(cmd);
                int size = buf.getInt(cmd + 4);
                if (size < 8) {
                    throw new IllegalArgumentException("Mach-O: load command " + i + " has size " + size);
                }
                switch (type) {
                    case LC_SEGMENT_64, LC_SEGMENT -> {
                        boolean s64 = type == LC_SEGMENT_64;
                        long vmaddr = s64 ? buf.getLong(cmd + 24) : Integer.toUnsignedLong(buf.getInt(cmd + 24));
                        long fileoff = s64 ? buf.getLong(cmd + 40) : Integer.toUnsignedLong(buf.getInt(cmd + 32));
                        long filesize = s64 ? buf.getLong(cmd + 48) : Integer.toUnsignedLong(buf.getInt(cmd + 36));
                        int nsects = buf.getInt(cmd + (s64 ? 64 : 48));
                        if (fileoff == 0 && filesize > 0 && imageBase < 0) {
                            imageBase = vmaddr;
                        }
                        int sec = cmd + (s64 ? 72 : 56);
                        for (int k = 0; k < nsects; k++, sec += s64 ? 80 : 68) {
                            long addr = s64 ? buf.getLong(sec + 32) : Integer.toUnsignedLong(buf.getInt(sec + 32));
                            long sz = s64 ? buf.getLong(sec + 40) : Integer.toUnsignedLong(buf.getInt(sec + 36));
                            int flags = buf.getInt(sec + (s64 ? 64 : 56));
                            boolean code = (flags & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS)) != 0;
                            sections.add(new Section(addr, sz, code));
                        }
                    }
                    case LC_SYMTAB -> {
                        symoff = buf.getInt(cmd + 8);
                        nsyms = buf.getInt(cmd + 12);
                        stroff = buf.getInt(cmd + 16);
                        strsize = buf.getInt(cmd + 20);
                    }
                    case LC_DYLD_INFO, LC_DYLD_INFO_ONLY -> {
                        if (buf.getInt(cmd + 44) != 0) {
                            trieOff = buf.getInt(cmd + 40);
                            trieSize = buf.getInt(cmd + 44);
                        }
                    }
                    case LC_DYLD_EXPORTS_TRIE -> {
                        trieOff = buf.getInt(cmd + 8);
                        trieSize = buf.getInt(cmd + 12);
                    }
                    default -> {
                        /* other load commands are irrelevant to exports */
                    }
                }
                cmd += size;
            }
            if (trieOff >= 0 && trieSize > 0) {
                readTrie(b, base + trieOff, trieSize, imageBase < 0 ? 0 : imageBase, sections, out);
            }
            if (symoff >= 0 && nsyms > 0) {
                readSymtab(buf, base + symoff, nsyms, is64, base + stroff, strsize, sections, out);
            }
        }

        /** External defined nlist entries: N_EXT set, not a debug (stab) entry. */
        static void readSymtab(
                ByteBuffer buf,
                int symoff,
                int nsyms,
                boolean is64,
                int stroff,
                int strsize,
                List<Section> sections,
                Map<String, Kind> out) {
            byte[] b = buf.array();
            int strEnd = Math.addExact(stroff, strsize);
            if (strEnd > b.length) {
                throw new IndexOutOfBoundsException("Mach-O: string table past end of file");
            }
            int ent = is64 ? 16 : 12;
            for (int i = 0; i < nsyms; i++) {
                int s = symoff + i * ent;
                int ntype = b[s + 4] & 0xFF;
                if ((ntype & N_STAB) != 0 || (ntype & N_EXT) == 0) {
                    continue;
                }
                int t = ntype & N_TYPE;
                Kind kind;
                if (t == N_SECT) {
                    int nsect = b[s + 5] & 0xFF; // 1-based section ordinal
                    kind = nsect >= 1 && nsect <= sections.size() && sections.get(nsect - 1).code
                            ? Kind.FUNCTION
                            : Kind.DATA;
                } else if (t == N_ABS || t == N_INDR) {
                    kind = Kind.OTHER;
                } else {
                    continue; // N_UNDF (imports, commons) and N_PBUD are not defined here
                }
                put(out, demangleC(cString(b, stroff + buf.getInt(s), strEnd)), kind);
            }
        }

        /**
         * Walks the export trie: each node has an optional terminal payload (flags, address) and
         * edges labelled with the next part of the symbol name. Iterative to avoid deep recursion on
         * hostile input; a visited set guards against cycles.
         */
        static void readTrie(
                byte[] b, int start, int size, long imageBase, List<Section> sections, Map<String, Kind> out) {
            int end = Math.addExact(start, size);
            if (end > b.length) {
                throw new IndexOutOfBoundsException("Mach-O: export trie past end of file");
            }
            record Node(int offset, String prefix) {}
            ArrayDeque<Node> stack = new ArrayDeque<>();
            BitSet visited = new BitSet(size); // node offsets seen
            stack.push(new Node(0, ""));
            int[] pos = new int[1];
            while (!stack.isEmpty()) {
                Node node = stack.pop();
                if (visited.get(node.offset)) {
                    throw new IllegalArgumentException("Mach-O: export trie has a cycle at offset " + node.offset);
                }
                visited.set(node.offset);
                pos[0] = start + node.offset;
                long terminalSize = uleb(b, pos, end);
                int children = i32(pos[0] + terminalSize);
                if (terminalSize > 0) {
                    long flags = uleb(b, pos, end);
                    Kind kind;
                    if ((flags & EXPORT_REEXPORT) != 0) {
                        kind = Kind.OTHER; // defined in another dylib, re-exported under this name
                    } else if ((flags & EXPORT_KIND_MASK) == EXPORT_KIND_REGULAR) {
                        long address = imageBase + uleb(b, pos, end); // trie stores offsets from the header
                        kind = (flags & EXPORT_STUB_AND_RESOLVER) != 0 || isCode(sections, address)
                                ? Kind.FUNCTION
                                : Kind.DATA;
                    } else if ((flags & EXPORT_KIND_MASK) == EXPORT_KIND_THREAD_LOCAL) {
                        kind = Kind.DATA;
                    } else {
                        kind = Kind.OTHER; // absolute
                    }
                    put(out, demangleC(node.prefix), kind);
                }
                pos[0] = children;
                if (pos[0] >= end) {
                    throw new IndexOutOfBoundsException("Mach-O: export trie node past end");
                }
                int count = b[pos[0]++] & 0xFF;
                for (int i = 0; i < count; i++) {
                    int labelStart = pos[0];
                    while (pos[0] < end && b[pos[0]] != 0) {
                        pos[0]++;
                    }
                    String label = new String(b, labelStart, pos[0] - labelStart, StandardCharsets.UTF_8);
                    pos[0]++; // NUL
                    int child = i32(uleb(b, pos, end));
                    if (child >= size) {
                        throw new IndexOutOfBoundsException("Mach-O: export trie child offset " + child + " past end");
                    }
                    stack.push(new Node(child, node.prefix + label));
                }
            }
        }

        static boolean isCode(List<Section> sections, long address) {
            for (Section s : sections) {
                if (address >= s.addr && address < s.addr + s.size) {
                    return s.code;
                }
            }
            return false;
        }

        static long uleb(byte[] b, int[] pos, int end) {
            long result = 0;
            int shift = 0;
            while (true) {
                if (pos[0] >= end || shift > 63) {
                    throw new IndexOutOfBoundsException("Mach-O: bad ULEB128 at " + pos[0]);
                }
                int v = b[pos[0]++] & 0xFF;
                result |= (long) (v & 0x7F) << shift;
                if ((v & 0x80) == 0) {
                    return result;
                }
                shift += 7;
            }
        }

        /** C symbols get a leading underscore in Mach-O; drop it so names match the C API. */
        static String demangleC(String name) {
            return name.startsWith("_") ? name.substring(1) : name;
        }
    }
}
