package dev.tfliteffm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Items as directories, one per item in sorted name order, each holding {@code NAME.npy} (or {@code NAME.json})
 * per input: the layout {@code run --output-dir} writes.
 */
final class DirItems implements BatchItems {

    private final List<Path> dirs;

    private DirItems(List<Path> dirs) {
        this.dirs = dirs;
    }

    /** The item directories of {@code dir}; hidden ones (names starting with '.') are not items. */
    static DirItems open(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> dirs = list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
            return new DirItems(dirs);
        }
    }

    @Override
    public int size() {
        return dirs.size();
    }

    @Override
    public String name(int index) {
        return dirs.get(index).getFileName().toString();
    }

    @Override
    public Map<String, Object> read(int index, BatchSignature signature) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dirs.get(index))) {
            for (Path file : list.sorted().toList()) {
                String fileName = file.getFileName().toString();
                int dot = fileName.lastIndexOf('.');
                String ext = dot < 0 ? "" : fileName.substring(dot);
                if (!ext.equals(".npy") && !ext.equals(".json")) {
                    continue;
                }
                String input = signature.input(fileName.substring(0, dot), file.toString());
                // A .json file holds the array's JSON text, which RunInputs tells from a file name.
                String source = ext.equals(".json") ? Files.readString(file) : file.toString();
                values.put(input, RunInputs.read(input, source, signature.type(input)));
            }
        }
        return values;
    }
}
