package dev.mcs.worker.prune.onnx;

/** Solves A X = B for a symmetric positive definite A (row-major, n x n) by Cholesky factorization. */
public final class Cholesky {

    private Cholesky() {}

    public static double[][] solve(double[] a, int n, double[][] b) {
        double[] l = factor(a, n);
        int m = b.length == 0 ? 0 : b[0].length;
        double[][] x = new double[n][m];
        double[] y = new double[n];
        for (int col = 0; col < m; col++) {
            for (int i = 0; i < n; i++) {
                double s = b[i][col];
                for (int k = 0; k < i; k++) {
                    s -= l[i * n + k] * y[k];
                }
                y[i] = s / l[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k * n + i] * x[k][col];
                }
                x[i][col] = s / l[i * n + i];
            }
        }
        return x;
    }

    /**
     * The inverse of a symmetric positive definite A (row-major, n x n): L^-1 row by row, then L^-T L^-1, both as
     * sums of whole rows so that the inner loops run over contiguous memory.
     */
    public static double[] inverse(double[] a, int n) {
        double[] l = factor(a, n);
        double[] li = new double[n * n];
        for (int i = 0; i < n; i++) {
            li[i * n + i] = 1;
            for (int k = 0; k < i; k++) {
                double c = l[i * n + k];
                for (int j = 0; j <= k; j++) {
                    li[i * n + j] -= c * li[k * n + j];
                }
            }
            double d = l[i * n + i];
            for (int j = 0; j <= i; j++) {
                li[i * n + j] /= d;
            }
        }
        double[] inv = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int r = 0; r <= k; r++) {
                double c = li[k * n + r];
                for (int b = 0; b <= k; b++) {
                    inv[r * n + b] += c * li[k * n + b];
                }
            }
        }
        return inv;
    }

    /**
     * The upper triangular U with U^T U = A^-1 (row-major, n x n), the factor SparseGPT's update walks row by row:
     * the transpose of the lower Cholesky factor of the inverse.
     */
    public static double[] upperFactorOfInverse(double[] a, int n) {
        double[] l = factor(inverse(a, n), n);
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                u[k * n + i] = l[i * n + k];
            }
        }
        return u;
    }

    private static double[] factor(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = i == j ? Math.sqrt(Math.max(s, 1e-30)) : s / l[j * n + j];
            }
        }
        return l;
    }
}
