package dev.tfliteffm.tests.fuzz;

import dev.tfliteffm.modelwriter.samples.SampleModels;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The seed models of the fuzzer: the shared real models and the model writer's sample models. */
final class FuzzCorpus {

    private FuzzCorpus() {}

    /** Every seed by name, in a fixed order (the seeded cases depend on it). */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SharedModels.dir())) {
            for (Path p :
                    files.filter(p -> p.toString().endsWith(".tflite")).sorted().toList()) {
                seeds.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seeds.put("sample:codec", SampleModels.codec());
        seeds.put("sample:dynamicShapes", SampleModels.dynamicShapes());
        seeds.put("sample:strings", SampleModels.strings());
        seeds.put("sample:quantized", SampleModels.quantized());
        seeds.put("sample:namedInputsOutputs", SampleModels.namedInputsOutputs());
        seeds.put("sample:customOp", SampleModels.customOp());
        seeds.put("sample:variables", SampleModels.variables());
        seeds.put("sample:allTypes", SampleModels.allTypes());
        seeds.put("sample:mobileNetFloat", SampleModels.mobileNetFloat(32, 0.25f, 2));
        seeds.put("sample:mobileNetInt8", SampleModels.mobileNetInt8(32, 0.25f, 2));
        return seeds;
    }
}
