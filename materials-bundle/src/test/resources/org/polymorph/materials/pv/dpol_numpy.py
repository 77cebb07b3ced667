# The polar J-V discrepancy of deltapv's util.dpol, written independently with numpy from its formula:
# (x, y) = (V, 10 J); theta = atan2(x, y), r = sqrt(x^2 + y^2); r(theta) of each curve by the quadratic spline with
# a_0 = 0, each quadratic through its two knots, slopes equal at interior knots (solved densely), evaluated at
# linspace(0, pi/2, 100) on interval searchsorted(theta, t) - 1 clipped to [0, n - 2]; sum of squared differences.
# Input: the JSON object CURVES = {"v1", "j1", "v2", "j2"} defined before this text. Prints {"value": D}.
import json
import numpy as np


def qspline(x, y):
    n = x.size
    m = 3 * (n - 1)
    mat = np.zeros((m, m))
    rhs = np.zeros(m)
    mat[0, 0] = 1.0
    for i in range(n - 1):
        mat[3 * i + 1, 3 * i:3 * i + 3] = [x[i] ** 2, x[i], 1.0]
        rhs[3 * i + 1] = y[i]
        mat[3 * i + 2, 3 * i:3 * i + 3] = [x[i + 1] ** 2, x[i + 1], 1.0]
        rhs[3 * i + 2] = y[i + 1]
        if i < n - 2:
            mat[3 * i + 3, 3 * i:3 * i + 6] = [2 * x[i + 1], 1.0, 0.0, -2 * x[i + 1], -1.0, 0.0]
    coef = np.linalg.solve(mat, rhs)
    return coef[0::3], coef[1::3], coef[2::3]


def interp(t, xp, yp):
    a, b, c = qspline(xp, yp)
    idx = np.clip(np.searchsorted(xp, t) - 1, 0, xp.size - 2)
    return a[idx] * t ** 2 + b[idx] * t + c[idx]


def polar_r(v, j):
    x = np.asarray(v, dtype=np.float64)
    y = 10.0 * np.asarray(j, dtype=np.float64)
    return np.arctan2(x, y), np.sqrt(x ** 2 + y ** 2)


t = np.linspace(0.0, np.pi / 2, 100)
th1, r1 = polar_r(CURVES["v1"], CURVES["j1"])
th2, r2 = polar_r(CURVES["v2"], CURVES["j2"])
d = np.sum((interp(t, th1, r1) - interp(t, th2, r2)) ** 2)
print(json.dumps({"value": float(d)}))
