package org.jcare.io.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.image.Calibration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jcare's Zarr output read by the reference implementation: Debian's zarr-python 2.13 and numcodecs, where they are
 * installed ({@code apt-get install python3-zarr python3-numcodecs}); skipped with a message elsewhere (the tests never
 * need Python to pass). zarr-python 2.13 has no Zarr v3, so the v3 output is checked by a script that follows the v3
 * specification with numcodecs' decoders, as {@code make_fixtures.py} writes v3.
 */
class ZarrPythonInteropTest {
    @BeforeAll
    static void needsZarrPython() {
        assumeTrue(ZarrFixtures.zarrPython(), "zarr-python (Debian python3-zarr, python3-numcodecs) is not installed:"
                + " jcare's Zarr output is not checked against it here");
    }

    @Test
    void zarrPythonReadsJcareV2Arrays(@TempDir Path dir) throws Exception {
        float[] all = ZarrFixtures.expected("f4");
        List<String> codecs = List.of("blosc-lz4", "blosc-zstd", "zstd", "zlib", "gzip", "lz4", "none");
        for (String c : codecs) {
            ZarrArray a = ZarrArray.create(new FileStore(dir.resolve(c)), "", ArrayMetadata.create(2,
                    ZarrFixtures.SHAPE, ZarrFixtures.CHUNKS, DataType.FLOAT32, Codecs.byName(c, 4), null));
            ZarrArrayTest.writeAll(a, all);
        }
        String out = ZarrFixtures.python(String.join("\n",
                "import sys, zarr, numpy as np",
                "exp = np.fromfile(sys.argv[2], dtype='<f4').reshape(5, 13, 17)",
                "for name in sys.argv[3:]:",
                "    z = zarr.open(sys.argv[1] + '/' + name, mode='r')",
                "    assert np.array_equal(z[...], exp), name",
                "    print(name, type(z.compressor).__name__ if z.compressor else None)"),
                java.util.stream.Stream.concat(java.util.stream.Stream.of(dir.toString(),
                        ZarrFixtures.root().resolve("expected_f4.raw").toString()), codecs.stream())
                        .toArray(String[]::new));
        assertEquals(codecs.size(), out.strip().split("\n").length, out);
        assertTrue(out.contains("blosc-zstd Blosc") && out.contains("lz4 LZ4") && out.contains("none None"), out);
    }

    @Test
    void omeZarr04WithPyramidOpensInZarrPython(@TempDir Path dir) throws Exception {
        long[] shape = {2, 40, 300, 260};
        Calibration cal = new Calibration(0.2, 0.2, 1.0, "µm", 0);
        long[][] factors = Pyramid.factors("CZYX", shape, cal, 0);
        OmeZarrImage img = OmeZarrImage.create(dir.resolve("img.zarr"), "0.4", "test", "CZYX", shape,
                new int[] {1, 16, 128, 128}, Codecs.byName("blosc-zstd", 4), cal, factors, null);
        ZarrArray l0 = img.level(0);
        for (long k = 0; k < l0.metadata().chunkCount(); k++) {
            long[] c = Pyramid.chunkIndex(l0.metadata(), k);
            float[] v = new float[l0.metadata().chunkElements()];
            java.util.Arrays.fill(v, c[0] * 1000 + c[1] * 100 + c[2] * 10 + c[3]);
            l0.writeChunk(c, v);
        }
        img.buildPyramid();
        String out = ZarrFixtures.python(String.join("\n",
                "import sys, zarr, numpy as np",
                "g = zarr.open_group(sys.argv[1], mode='r')",
                "ms = g.attrs['multiscales'][0]",
                "assert ms['version'] == '0.4' and [a['name'] for a in ms['axes']] == ['c', 'z', 'y', 'x']",
                "assert ms['axes'][3]['unit'] == 'micrometer'",
                "l0 = g[ms['datasets'][0]['path']][...]",
                "l1 = g[ms['datasets'][1]['path']][...]",
                "assert l0[1, 17, 130, 129] == 1000 + 100 + 10 + 1",
                "ref = l0[:, :, :300, :260].reshape(2, 40, 150, 2, 130, 2).mean(axis=(3, 5))",
                "assert np.allclose(l1, ref), 'level 1 is the 2x2 mean of level 0'",
                "print(len(ms['datasets']), l1.shape, ms['datasets'][1]['coordinateTransformations'])"),
                dir.resolve("img.zarr").toString());
        assertTrue(out.startsWith("2 (2, 40, 150, 130)"), out);
    }

    @Test
    void jcareV3ArraysFollowTheSpecification(@TempDir Path dir) throws Exception {
        float[] all = ZarrFixtures.expected("f4");
        for (String c : List.of("blosc-lz4", "zstd", "gzip", "none")) {
            ZarrArray a = ZarrArray.create(new FileStore(dir.resolve(c)), "", ArrayMetadata.create(3,
                    ZarrFixtures.SHAPE, ZarrFixtures.CHUNKS, DataType.FLOAT32, Codecs.byName(c, 4),
                    List.of("z", "y", "x")));
            ZarrArrayTest.writeAll(a, all);
        }
        String out = ZarrFixtures.python(String.join("\n",
                "import sys, os, json, numcodecs, numpy as np",
                "exp = np.fromfile(sys.argv[2], dtype='<f4').reshape(5, 13, 17)",
                "for name in ['blosc-lz4', 'zstd', 'gzip', 'none']:",
                "    root = sys.argv[1] + '/' + name",
                "    m = json.load(open(root + '/zarr.json'))",
                "    assert m['zarr_format'] == 3 and m['node_type'] == 'array' and m['data_type'] == 'float32'",
                "    assert m['chunk_key_encoding']['name'] == 'default' and m['codecs'][0]['name'] == 'bytes'",
                "    ch = m['chunk_grid']['configuration']['chunk_shape']",
                "    got = np.zeros([((s + c - 1) // c) * c for s, c in zip(m['shape'], ch)], dtype='<f4')",
                "    for idx in np.ndindex(*[(s + c - 1) // c for s, c in zip(m['shape'], ch)]):",
                "        b = open(root + '/c/' + '/'.join(map(str, idx)), 'rb').read()",
                "        for c in reversed(m['codecs'][1:]):",
                "            n, conf = c['name'], c.get('configuration', {})",
                "            b = {'blosc': numcodecs.Blosc(), 'zstd': numcodecs.Zstd(), 'gzip': numcodecs.GZip()}[n]"
                        + ".decode(b)",
                "        sl = tuple(slice(i * c, (i + 1) * c) for i, c in zip(idx, ch))",
                "        got[sl] = np.frombuffer(bytes(b), dtype='<f4').reshape(ch)",
                "    assert np.array_equal(got[:5, :13, :17], exp), name",
                "    print(name, 'ok')"),
                dir.toString(), ZarrFixtures.root().resolve("expected_f4.raw").toString());
        assertEquals(4, out.strip().split("\n").length, out);
    }

    @Test
    void fixturesAreReproducible(@TempDir Path dir) throws IOException, InterruptedException {
        // the committed fixtures come from make_fixtures.py: running it again gives the same values
        Path script = ZarrFixtures.root().resolveSibling("make_fixtures.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        for (String name : List.of("v2/blosc_zstd", "v3/sharded", "v3/blosc_zstd")) {
            ZarrArray fresh = ZarrArray.open(new FileStore(dir.resolve(name)), "");
            ZarrArray committed = ZarrArray.open(new FileStore(ZarrFixtures.root().resolve(name)), "");
            assertTrue(java.util.Arrays.equals(fresh.read(new long[3], new int[] {5, 13, 17}),
                    committed.read(new long[3], new int[] {5, 13, 17})), name);
        }
    }
}
