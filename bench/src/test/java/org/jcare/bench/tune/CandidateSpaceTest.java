package org.jcare.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvTunables;
import org.jcare.kernels.conv.ConvVariant;
import org.junit.jupiter.api.Test;

/** Candidate sampling and the static filter, on described devices (no OpenCL). */
class CandidateSpaceTest {
    private static DeviceInfo device(String name, DeviceType type, long localMem, long maxWg) {
        return new DeviceInfo(0, 0, 0, "platform", name, "vendor", "OpenCL 3.0", "1", "OpenCL C 1.2", type, 132,
                80L << 30, localMem, 20L << 30, maxWg, 4096, 1, 0, "");
    }

    private static final DeviceInfo H200 = device("NVIDIA H200", DeviceType.GPU, 49152, 1024);
    private static final DeviceInfo AVX2 = device("pthread-haswell-AMD EPYC", DeviceType.CPU, 524288, 4096);

    @Test
    void gpuCandidatesPassEveryStaticRule() {
        CandidateSpace space = new CandidateSpace(H200, ConvTunables.NVIDIA_H200, ConvVariant.GPU, 1);
        for (LayerSignature sig : LayerSignature.care(LayerSignature.SizeSet.GPU, 3)) {
            ConvGeometry g = sig.geometry();
            CandidateSpace.Drawn f = space.draw(Candidate.Group.FORWARD, sig, 12);
            assertFalse(f.accepted().isEmpty(), sig.name());
            assertTrue(f.accepted().size() <= 11, "the default counts against the cap");
            for (Candidate c : f.accepted()) {
                ConvTunables.Gpu p = c.tunables().gpu();
                long[] l = p.forwardLocal();
                long wg = l[0] * l[1] * l[2];
                assertTrue(wg <= 1024 && wg % 32 == 0, c.label() + " work-group " + wg);
                assertTrue(p.rw() * p.rco() <= 128, c.label());
                assertTrue(p.forwardLocalBytes(g) <= 49152, c.label());
                assertEquals(0, g.h() % p.th(), c.label());
                assertEquals(ConvTunables.NVIDIA_H200.gpu().wbco(), p.wbco(), "weights tunables stay at the default");
                assertEquals(Candidate.Group.FORWARD, c.group());
            }
            CandidateSpace.Drawn w = space.draw(Candidate.Group.WEIGHTS, sig, 12);
            for (Candidate c : w.accepted()) {
                ConvTunables.Gpu p = c.tunables().gpu();
                long[] l = p.weightsLocal(g);
                assertTrue(l[0] * l[1] * l[2] <= 1024, c.label());
                assertTrue(p.weightsLocalBytes(g) <= 49152, c.label());
                assertEquals(ConvTunables.NVIDIA_H200.gpu().tw(), p.tw(), "forward tunables stay at the default");
            }
            for (CandidateSpace.Rejection r : f.rejected()) {
                assertFalse(r.reason().isBlank(), r.label());
            }
        }
    }

    @Test
    void theSecondStartPointIsTriedFirstWhereItFits() {
        CandidateSpace space = new CandidateSpace(H200, ConvTunables.NVIDIA_H200, ConvVariant.GPU, 1);
        List<LayerSignature> sigs = LayerSignature.care(LayerSignature.SizeSet.GPU, 3);
        LayerSignature c64 = sigs.stream().filter(s -> s.name().equals("3d-k3-64-64-b16-8x32x32")).findFirst().orElseThrow();
        assertEquals("tw32 th4 rw4 rco16 bco64 ck2", space.draw(Candidate.Group.FORWARD, c64, 4).accepted().get(0).label());
        // 32 output channels: a 64-wide block would compute padding, so the filter drops it
        CandidateSpace.Drawn c32 = space.draw(Candidate.Group.FORWARD, sigs.get(0), 4);
        assertTrue(c32.rejected().get(0).reason().contains("bco 64"), c32.rejected().get(0).toString());
    }

    @Test
    void samplesAreSeededSharedAcrossSignaturesOfOneKernelSizeAndDeduplicated() {
        List<LayerSignature> sigs = LayerSignature.care(LayerSignature.SizeSet.GPU, 3);
        CandidateSpace a = new CandidateSpace(H200, ConvTunables.NVIDIA_H200, ConvVariant.GPU, 7);
        CandidateSpace b = new CandidateSpace(H200, ConvTunables.NVIDIA_H200, ConvVariant.GPU, 7);
        CandidateSpace c = new CandidateSpace(H200, ConvTunables.NVIDIA_H200, ConvVariant.GPU, 8);
        List<Candidate> first = a.draw(Candidate.Group.FORWARD, sigs.get(0), 12).accepted();
        assertEquals(first, b.draw(Candidate.Group.FORWARD, sigs.get(0), 12).accepted());
        assertNotEquals(first, c.draw(Candidate.Group.FORWARD, sigs.get(0), 12).accepted());
        // 32->32 and 1->32 at the same size pass the same filters: the same candidates (so the same programs)
        LayerSignature l0 = sigs.stream().filter(s -> s.name().equals("3d-k3-1-32-b16-16x64x64")).findFirst().orElseThrow();
        Set<String> l0Labels = new HashSet<>();
        a.draw(Candidate.Group.FORWARD, l0, 12).accepted().forEach(x -> l0Labels.add(x.label()));
        assertEquals(new HashSet<>(first.stream().map(Candidate::label).toList()), l0Labels);
        Set<String> labels = new HashSet<>();
        for (Candidate x : a.draw(Candidate.Group.WEIGHTS, sigs.get(0), 12).accepted()) {
            assertTrue(labels.add(x.label()), "duplicate " + x.label());
            assertNotEquals(ConvTunables.NVIDIA_H200.gpu(), x.tunables().gpu(), "the default is not drawn again");
        }
    }

    @Test
    void cpuCandidatesFitTheVectorRegisters() {
        CandidateSpace space = new CandidateSpace(AVX2, ConvTunables.POCL_AVX2, ConvVariant.CPU, 1);
        for (LayerSignature sig : LayerSignature.care(LayerSignature.SizeSet.CPU, 2)) {
            for (Candidate c : space.draw(Candidate.Group.FORWARD, sig, 8).accepted()) {
                ConvTunables.Cpu p = c.tunables().cpu();
                assertTrue(p.rco() * p.rwv() <= 16, c.label());
                assertEquals(8, p.vw(), "the vector width follows the ISA");
            }
            for (Candidate c : space.draw(Candidate.Group.WEIGHTS, sig, 8).accepted()) {
                ConvTunables.Cpu p = c.tunables().cpu();
                assertTrue(p.wrco() * (p.wrt() + 1) <= 16, c.label());
                assertTrue(p.wrt() <= sig.geometry().taps(), c.label());
            }
        }
        assertEquals(ConvTunables.POCL_AVX2, space.defaults().tunables());
    }

    @Test
    void combineTakesEachGroupFromItsWinner() {
        CandidateSpace space = new CandidateSpace(H200, ConvTunables.NVIDIA_H200, ConvVariant.GPU, 1);
        LayerSignature sig = LayerSignature.care(LayerSignature.SizeSet.GPU, 2).get(0);
        Candidate f = space.draw(Candidate.Group.FORWARD, sig, 4).accepted().get(0);
        Candidate w = space.draw(Candidate.Group.WEIGHTS, sig, 4).accepted().get(0);
        ConvTunables.Gpu t = space.combine(f.tunables(), w.tunables()).gpu();
        assertEquals(f.tunables().gpu().tw(), t.tw());
        assertEquals(f.tunables().gpu().ck(), t.ck());
        assertEquals(w.tunables().gpu().wtw(), t.wtw());
        assertEquals(w.tunables().gpu().targetChunks(), t.targetChunks());
        assertThrows(IllegalArgumentException.class, () -> space.draw(Candidate.Group.COMBINED, sig, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new CandidateSpace(H200, ConvTunables.NVIDIA_H200, ConvVariant.NAIVE, 1));
    }
}
