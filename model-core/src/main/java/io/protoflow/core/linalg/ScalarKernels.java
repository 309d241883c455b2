package io.protoflow.core.linalg;

/**
 * Plain loops, one accumulator, index order: the reference the Vector API kernels are tested
 * against.
 */
final class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double dot(float[] a, float[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    @Override
    public double dot(float[] a, double[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        double sum = 0.0;
        for (int i = 0; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public boolean allFinite(float[] x) {
        for (float v : x) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public float dotFloat(float[] a, int aOff, float[] b, int bOff, int len) {
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public float squaredDistanceFloat(float[] a, int aOff, float[] b, int bOff, int len) {
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            float d = a[aOff + i] - b[bOff + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void squaredDistancesFloat(
            float[] x, float[] rows, int first, int count, int len, double[] out) {
        for (int r = first; r < first + count; r++) {
            out[r] = squaredDistanceFloat(x, 0, rows, r * len, len);
        }
    }

    @Override
    public void dotsFloat(float[] x, float[] rows, int first, int count, int len, double[] out) {
        for (int r = first; r < first + count; r++) {
            out[r] = dotFloat(x, 0, rows, r * len, len);
        }
    }

    @Override
    public double squaredDistance(float[] a, float[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public double squaredDistance(float[] a, double[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scaleAddRankK(
            double[] y,
            int yOff,
            int len,
            double beta,
            double[][] xs,
            double[] coeffs,
            int k,
            int xOff) {
        for (int j = 0; j < len; j++) {
            double v = beta * y[yOff + j];
            for (int t = 0; t < k; t++) {
                v += coeffs[t] * xs[t][xOff + j];
            }
            y[yOff + j] = v;
        }
    }

    @Override
    public void scaleAddRankK2(
            double[] y,
            int y0Off,
            int y1Off,
            int len,
            double beta,
            double[][] xs,
            double[] c0,
            double[] c1,
            int k,
            int xOff) {
        scaleAddRankK(y, y0Off, len, beta, xs, c0, k, xOff);
        scaleAddRankK(y, y1Off, len, beta, xs, c1, k, xOff);
    }

    @Override
    public void dot4(
            double[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            double[] b,
            int bOff,
            int len,
            double[] out) {
        out[0] = dot(a, a0, b, bOff, len);
        out[1] = dot(a, a1, b, bOff, len);
        out[2] = dot(a, a2, b, bOff, len);
        out[3] = dot(a, a3, b, bOff, len);
    }

    static void requireSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("vector lengths differ: " + a + " and " + b);
        }
    }
}
