package org.genlab.common.viz;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContoursTest {
    @Test
    void isoLineOfAParaboloidIsTheCircleOfThatRadius() {
        ScalarField f = ScalarField.sample((x, y) -> x * x + y * y, -1, 1, -1, 1, 101);
        double r = 0.5;
        List<Contours.Segment> segs = Contours.isoLine(f, r * r);
        double length = 0;
        for (Contours.Segment s : segs) {
            // linear interpolation of a quadratic along a cell edge of 0.02 errs by < h^2/4 in radius terms
            assertEquals(r, Math.hypot(s.x1(), s.y1()), 2e-3);
            assertEquals(r, Math.hypot(s.x2(), s.y2()), 2e-3);
            length += Math.hypot(s.x2() - s.x1(), s.y2() - s.y1());
        }
        assertEquals(2 * Math.PI * r, length, 0.01 * 2 * Math.PI * r);
    }

    @Test
    void straightFieldGivesAVerticalLineAtTheLevel() {
        ScalarField f = ScalarField.sample((x, y) -> 3 * x, 0, 1, 0, 1, 11);
        List<Contours.Segment> segs = Contours.isoLine(f, 1.0); // x = 1/3
        assertEquals(10, segs.size()); // one per row of cells
        for (Contours.Segment s : segs) {
            assertEquals(1.0 / 3, s.x1(), 1e-12);
            assertEquals(1.0 / 3, s.x2(), 1e-12);
        }
    }

    @Test
    void saddleCellsAreResolvedByTheCentreValue() {
        // corners a(0,0)=1, b(1,0)=0, c(1,1)=1, d(0,1)=0 : centre average 0.5
        double[][] v = {{1, 0}, {0, 1}};
        ScalarField f = new ScalarField(0, 1, 0, 1, v);
        // level 0.4: centre (0.5) is high, so the high corners a and c connect and the lines cut off b and d
        List<Contours.Segment> high = Contours.isoLine(f, 0.4);
        assertEquals(2, high.size());
        for (Contours.Segment s : high) {
            boolean nearB = s.x1() > 0.5 && s.y2() < 0.5 || s.x2() > 0.5 && s.y1() < 0.5;
            boolean nearD = s.x1() < 0.5 && s.y2() > 0.5 || s.x2() < 0.5 && s.y1() > 0.5;
            assertTrue(nearB || nearD, "segment should cut off corner b or d: " + s);
        }
        // level 0.6: centre is low, the lines now cut off a and c
        for (Contours.Segment s : Contours.isoLine(f, 0.6)) {
            double mx = (s.x1() + s.x2()) / 2, my = (s.y1() + s.y2()) / 2;
            assertTrue((mx < 0.5 && my < 0.5) || (mx > 0.5 && my > 0.5), "segment should cut off a or c: " + s);
        }
    }

    @Test
    void levelsAreEvenlySpacedInsideTheRangeAndEmptyForAConstantField() {
        ScalarField f = new ScalarField(0, 1, 0, 1, new double[][] {{0, 1}, {2, 4}});
        assertArrayEquals(new double[] {1, 2, 3}, Contours.levels(f, 3), 1e-12);
        assertEquals(0, Contours.levels(new ScalarField(0, 1, 0, 1, new double[][] {{2, 2}, {2, 2}}), 5).length);
        assertEquals(0, Contours.isoLine(new ScalarField(0, 1, 0, 1,
                new double[][] {{Double.NaN, 0}, {1, 1}}), 0.5).size()); // a NaN corner draws nothing
    }
}
