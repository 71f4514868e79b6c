package org.genlab.experiments.reproduce;

import org.genlab.common.data.DataPaths;
import org.genlab.experiments.sweep.LocalCellRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** sde-samplers end to end at the test scale (tiny training, few samples): report files with finite numbers. */
class SdeSamplersTest {
    @Test
    void writesAReportWithFiniteNumbers(@TempDir Path dir) throws Exception {
        ReproductionOptions o = new ReproductionOptions(false, 1, dir, DataPaths.defaults(), System.out, new LocalCellRunner());
        Path html = new SdeSamplersReproduction(SdeSamplersReproduction.Scale.TEST).run(o);
        assertEquals(dir.resolve("report.html"), html);
        List<Double> nums = ReportAssertions.assertReport(dir);
        assertTrue(nums.size() > 20, "expected many numbers, got " + nums.size());
        String md = Files.readString(dir.resolve("report.md"));
        for (String s : List.of("Euler–Maruyama", "reverse diffusion", "PC (RD + Langevin)", "PF-ODE (RK45)", "subvp", "ve", "Machine"))
            assertTrue(md.contains(s), "report lacks " + s);
        assertTrue(new ReproductionRegistry().all().stream().anyMatch(r -> r.name().equals("sde-samplers")));
    }
}
