package org.genlab.common.math;

import org.genlab.common.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HouseholderTest {
    private static double[] randomUnit(Rng rng, int dim) {
        double[] v = new double[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = rng.nextGaussian();
            n += v[i] * v[i];
        }
        n = Math.sqrt(n);
        for (int i = 0; i < dim; i++) v[i] /= n;
        return v;
    }

    private static double[] times(double[][] t, double[] x) {
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) for (int j = 0; j < x.length; j++) y[i] += t[i][j] * x[j];
        return y;
    }

    private static void assertOrthogonal(double[][] t, double tol) {
        int d = t.length;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += t[i][k] * t[j][k];
                assertEquals(i == j ? 1 : 0, s, tol, "(T Tᵀ)[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void mapsE1ToMuAndIsOrthogonalAndSymmetric() {
        Rng rng = new Rng(21);
        for (int dim : new int[]{2, 3, 5, 16, 100}) {
            for (int trial = 0; trial < 10; trial++) {
                double[] mu = randomUnit(rng, dim);
                Householder h = Householder.fromE1(mu);
                double[][] t = h.matrix(dim);
                assertOrthogonal(t, 1e-12);
                for (int i = 0; i < dim; i++) for (int j = 0; j < dim; j++) assertEquals(t[i][j], t[j][i], 0);
                double[] e1 = new double[dim];
                e1[0] = 1;
                assertArrayEquals(mu, h.apply(e1), 1e-14);
                assertArrayEquals(e1, h.apply(mu), 1e-14); // symmetric, so it maps μ back to e₁
                double[] x = randomUnit(rng, dim);
                assertArrayEquals(times(t, x), h.apply(x), 1e-14);
            }
        }
    }

    @Test
    void identityGuardNearE1AndExactAntipode() {
        double[] e1 = {1, 0, 0};
        Householder same = Householder.fromE1(e1);
        assertTrue(same.isIdentity());
        // ‖e₁ − μ‖ ≈ 4e−7 < 1e−6: identity, and T e₁ is within the guard of μ.
        double eps = 4e-7;
        double[] near = {Math.sqrt(1 - eps * eps), eps, 0};
        Householder h = Householder.fromE1(near);
        assertTrue(h.isIdentity());
        assertArrayEquals(near, h.apply(e1), 1e-6);
        // Just above the guard it is a proper reflection and still exact.
        double eps2 = 3e-6;
        double[] justAbove = {Math.sqrt(1 - eps2 * eps2), eps2, 0};
        Householder h2 = Householder.fromE1(justAbove);
        assertFalse(h2.isIdentity());
        assertArrayEquals(justAbove, h2.apply(e1), 1e-15);
        assertOrthogonal(h2.matrix(3), 1e-12);
        // μ = −e₁ needs no special case for form 2.
        assertArrayEquals(new double[]{-1, 0, 0}, Householder.fromE1(new double[]{-1, 0, 0}).apply(e1), 1e-15);
    }

    /** MATH.md §1.3: rotation (form 1), Householder (form 2) and Su's "simplest" map (form 3) all take a to b. */
    @Test
    void theThreeFormsOfSection1_3AgreeOnMappingAToB() {
        Rng rng = new Rng(22);
        for (int dim : new int[]{2, 3, 8, 40}) {
            for (int trial = 0; trial < 10; trial++) {
                double[] a = randomUnit(rng, dim);
                double[] b = randomUnit(rng, dim);
                double cos = 0;
                for (int i = 0; i < dim; i++) cos += a[i] * b[i];
                double[][] rotation = new double[dim][dim];
                double[][] simplest = new double[dim][dim];
                for (int i = 0; i < dim; i++) {
                    for (int j = 0; j < dim; j++) {
                        double apb = (a[i] + b[i]) * (a[j] + b[j]) / (1 + cos);
                        rotation[i][j] = (i == j ? 1 : 0) + 2 * b[i] * a[j] - apb;
                        simplest[i][j] = apb - (i == j ? 1 : 0);
                    }
                }
                double[][] householder = Householder.mapping(a, b).matrix(dim);
                for (double[][] t : new double[][][]{rotation, householder, simplest}) {
                    assertOrthogonal(t, 1e-12);
                    assertArrayEquals(b, times(t, a), 1e-13);
                }
            }
        }
    }

    @Test
    void batchVersionsAgreeWithTheSingleVectorForm() {
        Rng rng = new Rng(23);
        int n = 7;
        int dim = 6;
        double[][] mu = new double[n][];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            mu[i] = randomUnit(rng, dim);
            x[i] = randomUnit(rng, dim);
        }
        mu[3] = new double[]{1, 0, 0, 0, 0, 0}; // a row on the identity guard
        double[][] out = Householder.mapE1(mu, x);
        for (int i = 0; i < n; i++) assertArrayEquals(Householder.fromE1(mu[i]).apply(x[i]), out[i], 1e-15);
        double[][] shared = Householder.mapE1(new double[][]{mu[0]}, x);
        for (int i = 0; i < n; i++) assertArrayEquals(Householder.fromE1(mu[0]).apply(x[i]), shared[i], 1e-15);

        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-14 : 1e-6;
            INDArray res = Householder.mapE1(Nd4j.createFromArray(mu).castTo(type), Nd4j.createFromArray(x).castTo(type));
            assertEquals(type, res.dataType());
            for (int i = 0; i < n; i++) assertArrayEquals(out[i], res.getRow(i).toDoubleVector(), tol, type + " row " + i);
            INDArray resShared = Householder.mapE1(Nd4j.createFromArray(new double[][]{mu[0]}).castTo(type),
                    Nd4j.createFromArray(x).castTo(type));
            for (int i = 0; i < n; i++) assertArrayEquals(shared[i], resShared.getRow(i).toDoubleVector(), tol);
        }
    }

    @Test
    void rejectsVectorsOfDifferentNorms() {
        assertThrows(IllegalArgumentException.class, () -> Householder.mapping(new double[]{1, 0}, new double[]{2, 0}));
        assertThrows(IllegalArgumentException.class, () -> Householder.fromE1(new double[]{0.5, 0.5}));
    }
}
