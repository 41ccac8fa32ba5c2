"""The optimization references against independent oracles.

SciPy for softmax and log-softmax, finite differences for the gradients, the optimizers'
published update rules written out per coordinate (PyTorch's documented pseudocode for
SGD, RMSprop, Adam and AdamW), closed forms for the schedule and for quadratics, and
NumPy's eigvalsh / solve. A few literal values are worked out by hand.
"""

import doctest
import math

import numpy as np
import pytest
from scipy import special

import reference.optimization as ref

RNG_SEEDS = [0, 1, 2]


def _spd(rng, n, low=1.0, high=4.0):
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (q * rng.uniform(low, high, size=n)) @ q.T


def _finite_difference(f, x, h=1e-6):
    """Central differences of a scalar function of an array, entry by entry."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def test_doctests_pass():
    result = doctest.testmod(ref, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 13
    assert result.failed == 0


# --- mse_grad ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_mse_grad_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    X, y, w = rng.normal(size=(12, 4)), rng.normal(size=12), rng.normal(size=4)

    def loss(v):
        return np.mean((X @ v - y) ** 2)

    np.testing.assert_allclose(ref.mse_grad(X, y, w), _finite_difference(loss, w),
                               rtol=1e-6, atol=1e-8)


def test_mse_grad_by_hand():
    # r = X w - y = [-1, 2]; X^T r = [-1, 4]; times 2/n = 1.
    X = np.array([[1.0, 0.0], [0.0, 2.0]])
    assert ref.mse_grad(X, np.array([1.0, 0.0]), np.array([0.0, 1.0])).tolist() == [-1.0, 4.0]
    # One sample: 2 * (2*1 - 1) * 2 = 4.
    assert ref.mse_grad(np.array([[2.0]]), np.array([1.0]), np.array([1.0])).tolist() == [4.0]


# --- softmax -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS)
@pytest.mark.parametrize(("shape", "axis"), [((7,), -1), ((4, 5), -1), ((4, 5), 0),
                                             ((2, 3, 4), 1)])
def test_softmax_matches_scipy(seed, shape, axis):
    z = 3 * np.random.default_rng(seed).normal(size=shape)
    np.testing.assert_allclose(ref.softmax(z, axis=axis), special.softmax(z, axis=axis),
                               rtol=1e-12, atol=1e-15)


def test_softmax_large_logits_match_scipy_and_stay_finite():
    z = np.array([[1e4, -1e4, 9999.0, 0.0], [-1e4, -1e4, -9990.0, -1e4]])
    got = ref.softmax(z)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, special.softmax(z, axis=-1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(got.sum(axis=-1), 1.0, rtol=1e-15)


def test_softmax_by_hand():
    np.testing.assert_allclose(ref.softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75],
                               rtol=1e-15)
    assert ref.softmax(np.array([5.0])).tolist() == [1.0]
    assert ref.softmax(np.array([2.0, 2.0, 2.0, 2.0])).tolist() == [0.25] * 4


# --- cross_entropy_loss / cross_entropy_grad -----------------------------------------


def _scipy_loss(logits, labels):
    log_p = special.log_softmax(logits, axis=1)
    return -np.mean(log_p[np.arange(len(labels)), labels])


@pytest.mark.parametrize("seed", RNG_SEEDS)
@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4])
def test_cross_entropy_loss_matches_scipy_log_softmax(seed, scale):
    rng = np.random.default_rng(seed)
    logits = scale * rng.uniform(-1, 1, size=(9, 5))
    labels = rng.integers(0, 5, size=9)
    got = ref.cross_entropy_loss(logits, labels)
    assert isinstance(got, float)
    assert math.isfinite(got)
    assert got == pytest.approx(_scipy_loss(logits, labels), rel=1e-12, abs=1e-12)


def test_cross_entropy_loss_by_hand():
    assert ref.cross_entropy_loss(np.array([[0.0, 0.0]]), np.array([0])) == pytest.approx(
        math.log(2), rel=1e-15)
    # softmax([0, log 3]) = [1/4, 3/4]: losses log 2 and log(4/3).
    logits = np.array([[0.0, 0.0], [0.0, np.log(3.0)]])
    assert ref.cross_entropy_loss(logits, np.array([0, 1])) == pytest.approx(
        (math.log(2) + math.log(4 / 3)) / 2, rel=1e-14)
    # Confidently wrong by 2e4: the loss is the gap itself (log(1 + e^-2e4) = 0).
    assert ref.cross_entropy_loss(np.array([[1e4, -1e4]]), np.array([1])) == 2e4
    assert ref.cross_entropy_loss(np.array([[1e4, -1e4]]), np.array([0])) == 0.0
    # A single class: the loss is exactly 0.
    assert ref.cross_entropy_loss(np.array([[3.0], [-7.0]]), np.array([0, 0])) == 0.0


@pytest.mark.parametrize("function", [ref.cross_entropy_loss, ref.cross_entropy_grad])
@pytest.mark.parametrize("labels", [[0, 3, 1], [0, -1, 1], [5, 0, 0]])
def test_cross_entropy_rejects_labels_outside_range(function, labels):
    with pytest.raises(ValueError, match="labels"):
        function(np.zeros((3, 3)), np.array(labels))


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_cross_entropy_grad_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    logits = 2 * rng.normal(size=(6, 4))
    labels = rng.integers(0, 4, size=6)

    def loss(z):
        return _scipy_loss(z, labels)

    np.testing.assert_allclose(ref.cross_entropy_grad(logits, labels),
                               _finite_difference(loss, logits), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_cross_entropy_grad_large_logits_closed_form(seed):
    rng = np.random.default_rng(seed)
    logits = rng.uniform(-1e4, 1e4, size=(7, 3))
    labels = rng.integers(0, 3, size=7)
    got = ref.cross_entropy_grad(logits, labels)
    expected = (special.softmax(logits, axis=1) - np.eye(3)[labels]) / 7
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got.sum(axis=1), 0.0, atol=1e-15)


def test_cross_entropy_grad_by_hand():
    g = ref.cross_entropy_grad(np.array([[0.0, 0.0], [0.0, np.log(3.0)]]), np.array([0, 1]))
    np.testing.assert_allclose(g, [[-0.25, 0.25], [0.125, -0.125]], rtol=1e-14)
    assert ref.cross_entropy_grad(np.array([[2.0], [1.0]]), np.array([0, 0])).tolist() == [
        [0.0], [0.0]]


# --- gradient_descent ------------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_gradient_descent_converges_to_the_quadratic_minimiser(seed):
    rng = np.random.default_rng(seed)
    A, b = _spd(rng, 3, 1.0, 3.0), rng.normal(size=3)
    lr = 1.0 / np.linalg.eigvalsh(A).max()  # < 2 / lambda_max
    traj = ref.gradient_descent(lambda x: A @ x - b, rng.normal(size=3), lr, 400)
    assert traj.shape == (401, 3)
    np.testing.assert_allclose(traj[-1], np.linalg.solve(A, b), rtol=1e-9, atol=1e-10)
    # Gradient descent on a convex quadratic with this step never increases f.
    f = np.einsum("ti,ij,tj->t", traj, A, traj) / 2 - traj @ b
    assert np.all(np.diff(f) <= 1e-12)


def test_gradient_descent_diverges_beyond_the_stability_limit():
    # f = 3 x^2 / 2: lr = 1 > 2/3 maps x -> -2 x, so |x| doubles every step.
    traj = ref.gradient_descent(lambda x: 3.0 * x, np.array([1.0]), 1.0, 5)
    assert traj.ravel().tolist() == [1.0, -2.0, 4.0, -8.0, 16.0, -32.0]


def test_gradient_descent_by_hand_and_edges():
    traj = ref.gradient_descent(lambda x: 2.0 * x, np.array([1.0, -4.0]), 0.25, 3)
    assert traj.tolist() == [[1.0, -4.0], [0.5, -2.0], [0.25, -1.0], [0.125, -0.5]]
    x0 = np.array([1.5, 2.5])
    only = ref.gradient_descent(lambda x: x, x0, 0.1, 0)
    assert only.shape == (1, 2)
    assert only.tolist() == [[1.5, 2.5]]
    assert x0.tolist() == [1.5, 2.5]


def test_gradient_descent_rosenbrock_first_step():
    # grad at (-1.2, 1): (-2 (1 + 1.2) - 400 (-1.2)(1 - 1.44), 200 (1 - 1.44)) = (-215.6, -88)
    traj = ref.gradient_descent(
        lambda p: np.array([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2),
                            200 * (p[1] - p[0] ** 2)]),
        np.array([-1.2, 1.0]), 1e-3, 1)
    np.testing.assert_allclose(traj[1], [-1.2 + 0.2156, 1.0 + 0.088], rtol=1e-12)


# --- the optimizers, against per-coordinate loops of their published rules -------------


def _sgd_oracle(p, g, buf, lr, momentum, nesterov):
    """torch.optim.SGD's documented step (dampening 0, no weight decay), one scalar."""
    buf = momentum * buf + g
    direction = g + momentum * buf if nesterov else buf
    return p - lr * direction, buf


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_sgd_momentum_matches_the_published_rule_over_several_steps(nesterov, momentum):
    rng = np.random.default_rng(7)
    p, v = rng.normal(size=(2, 3)), np.zeros((2, 3))
    p_loop, v_loop = p.tolist(), v.tolist()
    for _ in range(5):
        g = rng.normal(size=(2, 3))
        p, v = ref.sgd_momentum_step(p, g, v, 0.05, momentum=momentum, nesterov=nesterov)
        for i in range(2):
            for j in range(3):
                p_loop[i][j], v_loop[i][j] = _sgd_oracle(p_loop[i][j], g[i, j], v_loop[i][j],
                                                         0.05, momentum, nesterov)
    np.testing.assert_allclose(p, p_loop, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(v, v_loop, rtol=1e-13, atol=1e-15)


def test_sgd_momentum_by_hand():
    # v' = 0.9 * 1 + 2 = 2.9; p' = 1 - 0.1 * 2.9; Nesterov: 1 - 0.1 (2 + 0.9 * 2.9).
    args = (np.array([1.0]), np.array([2.0]), np.array([1.0]), 0.1)
    p, v = ref.sgd_momentum_step(*args)
    assert (float(p[0]), float(v[0])) == pytest.approx((0.71, 2.9), rel=1e-14)
    p, v = ref.sgd_momentum_step(*args, nesterov=True)
    assert (float(p[0]), float(v[0])) == pytest.approx((0.539, 2.9), rel=1e-14)


def _rmsprop_oracle(p, g, s, lr, alpha, eps):
    """torch.optim.RMSprop's documented step (not centered, no momentum), one scalar."""
    s = alpha * s + (1 - alpha) * g * g
    return p - lr * g / (math.sqrt(s) + eps), s


@pytest.mark.parametrize(("lr", "alpha", "eps"), [(0.01, 0.99, 1e-8), (0.1, 0.9, 1e-3)])
def test_rmsprop_matches_the_published_rule_over_several_steps(lr, alpha, eps):
    rng = np.random.default_rng(3)
    p, s = rng.normal(size=4), np.zeros(4)
    p_loop, s_loop = p.tolist(), s.tolist()
    for _ in range(6):
        g = 0.1 * rng.normal(size=4)
        p, s = ref.rmsprop_step(p, g, s, lr=lr, alpha=alpha, eps=eps)
        for i in range(4):
            p_loop[i], s_loop[i] = _rmsprop_oracle(p_loop[i], g[i], s_loop[i], lr, alpha, eps)
    np.testing.assert_allclose(p, p_loop, rtol=1e-13)
    np.testing.assert_allclose(s, s_loop, rtol=1e-13)


def test_rmsprop_by_hand():
    # s' = 0.25 * 4 = 1; p' = 1 - 0.1 * 2 / 1.
    p, s = ref.rmsprop_step(np.array([1.0]), np.array([2.0]), np.array([0.0]), lr=0.1,
                            alpha=0.75, eps=0.0)
    assert (float(p[0]), float(s[0])) == pytest.approx((0.8, 1.0), rel=1e-14)
    p, s = ref.rmsprop_step(np.array([1.0]), np.array([0.0]), np.array([0.0]))
    assert (float(p[0]), float(s[0])) == (1.0, 0.0)


def _adam_oracle(p, g, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    """torch.optim.AdamW's documented step (Adam when weight_decay is 0), one scalar."""
    p = p - lr * weight_decay * p
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return p - lr * m_hat / (math.sqrt(v_hat) + eps), m, v


@pytest.mark.parametrize(("lr", "beta1", "beta2", "eps"),
                         [(1e-3, 0.9, 0.999, 1e-8), (0.1, 0.5, 0.9, 1e-3)])
@pytest.mark.parametrize("weight_decay", [None, 0.0, 0.1])
def test_adam_and_adamw_match_the_published_rule_over_several_steps(lr, beta1, beta2, eps,
                                                                    weight_decay):
    rng = np.random.default_rng(11)
    A, b = _spd(rng, 3), rng.normal(size=3)
    p, m, v = rng.normal(size=3), np.zeros(3), np.zeros(3)
    loop = [[p[i], 0.0, 0.0] for i in range(3)]
    for t in range(1, 9):
        g = A @ p - b
        if weight_decay is None:
            p, m, v = ref.adam_step(p, g, m, v, t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
        else:
            p, m, v = ref.adamw_step(p, g, m, v, t, lr=lr, beta1=beta1, beta2=beta2, eps=eps,
                                     weight_decay=weight_decay)
        for i in range(3):
            loop[i] = list(_adam_oracle(*loop[i][:1], g[i], *loop[i][1:], t, lr, beta1, beta2,
                                        eps, weight_decay or 0.0))
    expected = np.array(loop)
    np.testing.assert_allclose(p, expected[:, 0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(m, expected[:, 1], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(v, expected[:, 2], rtol=1e-12, atol=1e-15)


def test_adam_by_hand():
    # t = 1 from zero moments: m_hat = g, v_hat = g^2, so the step is lr g / (|g| + eps).
    z = np.zeros(2)
    p, m, v = ref.adam_step(np.array([1.0, 1.0]), np.array([0.5, -2.0]), z, z, t=1, lr=0.1,
                            eps=0.0)
    np.testing.assert_allclose(p, [0.9, 1.1], rtol=1e-14)
    np.testing.assert_allclose(m, [0.05, -0.2], rtol=1e-14)
    np.testing.assert_allclose(v, [0.00025, 0.004], rtol=1e-14)
    # t = 2, beta1 = beta2 = 0.5, m = 1, v = 1, g = 3, eps = 0:
    # m' = 2, v' = 5, m_hat = 2 / 0.75, v_hat = 5 / 0.75; step = lr * 2 / sqrt(3.75).
    p, m, v = ref.adam_step(np.array([0.0]), np.array([3.0]), np.array([1.0]), np.array([1.0]),
                            t=2, lr=1.0, beta1=0.5, beta2=0.5, eps=0.0)
    assert (float(m[0]), float(v[0])) == (2.0, 5.0)
    assert float(p[0]) == pytest.approx(-(2 / 0.75) / math.sqrt(5 / 0.75), rel=1e-14)


def test_adamw_by_hand_and_zero_decay_is_adam():
    z = np.zeros(1)
    p, _, _ = ref.adamw_step(np.array([2.0]), np.array([0.5]), z, z, t=1, lr=0.1,
                             weight_decay=0.5, eps=0.0)
    assert float(p[0]) == pytest.approx(2.0 * (1 - 0.05) - 0.1, rel=1e-14)
    rng = np.random.default_rng(5)
    args = (rng.normal(size=4), rng.normal(size=4), rng.normal(size=4), rng.uniform(size=4), 3)
    for a, b in zip(ref.adamw_step(*args, weight_decay=0.0), ref.adam_step(*args),
                    strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("function", [ref.adam_step, ref.adamw_step])
@pytest.mark.parametrize("t", [0, -3])
def test_adam_and_adamw_reject_t_below_one(function, t):
    z = np.zeros(2)
    with pytest.raises(ValueError, match="`t`"):
        function(np.ones(2), np.ones(2), z, z, t)


@pytest.mark.parametrize("name", ["sgd_momentum_step", "rmsprop_step", "adam_step",
                                  "adamw_step"])
def test_optimizers_leave_their_inputs_alone(name):
    rng = np.random.default_rng(2)
    arrays = [rng.uniform(0.1, 1.0, size=3) for _ in range(4)]
    copies = [a.copy() for a in arrays]
    function = getattr(ref, name)
    if name == "sgd_momentum_step":
        function(*arrays[:3], 0.1, nesterov=True)
    elif name == "rmsprop_step":
        function(*arrays[:3])
    else:
        function(*arrays, 2)
    for a, c in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(a, c)


# --- cosine_lr ----------------------------------------------------------------------


def _cosine_oracle(step, base_lr, total, warmup, min_lr):
    if step < warmup:
        return base_lr * step / warmup
    if step >= total:
        return min_lr
    angle = math.pi * (step - warmup) / (total - warmup)
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(angle))


@pytest.mark.parametrize(("base_lr", "total", "warmup", "min_lr"),
                         [(0.1, 100, 10, 0.0), (3e-4, 50, 0, 1e-5), (2.0, 20, 20, 0.1),
                          (1.0, 1, 0, 0.0), (1.0, 1, 1, 0.25)])
def test_cosine_lr_matches_the_closed_form_at_every_step(base_lr, total, warmup, min_lr):
    for step in range(total + 5):
        got = ref.cosine_lr(step, base_lr, total, warmup, min_lr)
        assert isinstance(got, float)
        assert got == pytest.approx(_cosine_oracle(step, base_lr, total, warmup, min_lr),
                                    rel=1e-14, abs=1e-16 * base_lr)


def test_cosine_lr_by_hand():
    assert ref.cosine_lr(0, 1.0, 10, warmup_steps=2) == 0.0
    assert ref.cosine_lr(1, 1.0, 10, warmup_steps=2) == 0.5
    assert ref.cosine_lr(2, 1.0, 10, warmup_steps=2) == 1.0  # the peak
    assert ref.cosine_lr(6, 1.0, 10, warmup_steps=2) == pytest.approx(0.5, abs=1e-15)
    assert ref.cosine_lr(6, 1.0, 10, warmup_steps=2, min_lr=0.2) == pytest.approx(0.6,
                                                                                  abs=1e-15)
    assert ref.cosine_lr(10, 1.0, 10, warmup_steps=2, min_lr=0.2) == 0.2
    assert ref.cosine_lr(99, 1.0, 10, min_lr=0.2) == 0.2
    assert ref.cosine_lr(0, 0.5, 100) == 0.5  # no warmup starts at the peak


@pytest.mark.parametrize(("total", "warmup"), [(0, 0), (-5, 0), (10, -1), (10, 11)])
def test_cosine_lr_rejects_bad_schedules(total, warmup):
    with pytest.raises(ValueError, match="steps"):
        ref.cosine_lr(0, 0.1, total, warmup)


# --- clip_grad_norm -----------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS)
@pytest.mark.parametrize("ratio", [0.3, 1.7])
def test_clip_grad_norm_against_the_global_norm(seed, ratio):
    rng = np.random.default_rng(seed)
    grads = [rng.normal(size=3), rng.normal(size=(2, 4)), rng.normal(size=(1, 1, 2))]
    before = [g.copy() for g in grads]
    norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads]))
    clipped, total = ref.clip_grad_norm(grads, ratio * norm)
    assert total == pytest.approx(norm, rel=1e-14)
    factor = min(1.0, ratio * norm / (norm + 1e-6))
    for g, c, b in zip(grads, clipped, before, strict=True):
        assert c is not g
        assert c.shape == g.shape
        np.testing.assert_allclose(c, b * factor, rtol=1e-14)
        np.testing.assert_array_equal(g, b)
    after = np.linalg.norm(np.concatenate([c.ravel() for c in clipped]))
    assert after <= ratio * norm


def test_clip_grad_norm_boundary_and_by_hand():
    grads = [np.array([3.0, 4.0])]
    clipped, total = ref.clip_grad_norm(grads, 5.0)  # norm exactly 5: not clipped
    assert total == 5.0
    assert clipped[0].tolist() == [3.0, 4.0]
    assert clipped[0] is not grads[0]
    clipped, total = ref.clip_grad_norm([np.array([3.0]), np.array([4.0])], 1.0)
    assert total == 5.0
    np.testing.assert_allclose([clipped[0][0], clipped[1][0]],
                               [3 / (5 + 1e-6), 4 / (5 + 1e-6)], rtol=1e-15)
    clipped, total = ref.clip_grad_norm([np.zeros(2)], 1.0)
    assert total == 0.0
    assert clipped[0].tolist() == [0.0, 0.0]


# --- classify_critical_point ----------------------------------------------------------


def _classify_oracle(hessian, tol):
    values = np.linalg.eigvalsh(hessian)
    pos, neg = (values > tol).sum(), (values < -tol).sum()
    if pos == len(values):
        return "minimum"
    if neg == len(values):
        return "maximum"
    return "saddle" if pos and neg else "degenerate"


@pytest.mark.parametrize("seed", range(6))
def test_classify_critical_point_matches_eigvalsh(seed):
    rng = np.random.default_rng(seed)
    for n in (1, 2, 4):
        eigenvalues = rng.choice([-2.0, -0.5, 0.0, 1e-12, 0.5, 3.0], size=n)
        q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        h = (q * eigenvalues) @ q.T
        h = (h + h.T) / 2
        assert ref.classify_critical_point(h) == _classify_oracle(h, 1e-8)


def test_classify_critical_point_by_hand():
    cases = {
        "minimum": [np.diag([2.0, 3.0]), np.array([[5.0]]), np.array([[2.0, 1.0], [1.0, 2.0]])],
        "maximum": [np.diag([-1.0, -4.0, -0.5]), np.array([[-2.0, 1.0], [1.0, -2.0]])],
        "saddle": [np.array([[1.0, 2.0], [2.0, 1.0]]), np.diag([2.0, 0.0, -3.0]),
                   np.array([[0.0, 1.0], [1.0, 0.0]])],
        "degenerate": [np.diag([1.0, 0.0]), np.zeros((3, 3)), np.diag([-1.0, 0.0]),
                       np.diag([1.0, 1e-10])],
    }
    for kind, matrices in cases.items():
        for h in matrices:
            assert ref.classify_critical_point(h) == kind, h


def test_classify_critical_point_tol_boundary():
    # Exactly tol counts as zero (the test is strict); just above it does not.
    assert ref.classify_critical_point(np.diag([1.0, 0.25]), tol=0.25) == "degenerate"
    assert ref.classify_critical_point(np.diag([-1.0, -0.25]), tol=0.25) == "degenerate"
    assert ref.classify_critical_point(np.diag([1.0, 0.2500001]), tol=0.25) == "minimum"
    assert ref.classify_critical_point(np.diag([1.0, 1e-10]), tol=1e-12) == "minimum"


# --- newton_step ------------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_newton_step_matches_solve(seed):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    H = (q * np.array([3.0, -1.0, 0.5, 2.0])) @ q.T  # indefinite but nonsingular
    grad, x = rng.normal(size=4), rng.normal(size=4)
    np.testing.assert_allclose(ref.newton_step(grad, H, x), x - np.linalg.solve(H, grad),
                               rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_one_newton_step_minimises_a_quadratic(seed):
    rng = np.random.default_rng(seed)
    A, b, x = _spd(rng, 5), rng.normal(size=5), 10 * rng.normal(size=5)
    x_new = ref.newton_step(A @ x - b, A, x)
    np.testing.assert_allclose(A @ x_new - b, 0.0, atol=1e-10)


def test_newton_step_by_hand_and_scale_invariance():
    H = np.array([[2.0, 0.0], [0.0, 4.0]])
    assert ref.newton_step(np.array([2.0, 4.0]), H, np.array([3.0, 3.0])).tolist() == [2.0,
                                                                                         2.0]
    # Scaling H and grad by 1e-30 changes nothing: the singularity test is relative.
    got = ref.newton_step(np.array([2e-30, 4e-30]), 1e-30 * H, np.array([3.0, 3.0]))
    np.testing.assert_allclose(got, [2.0, 2.0], rtol=1e-14)


@pytest.mark.parametrize("hessian", [
    np.array([[1.0, 1.0], [1.0, 1.0]]),
    np.zeros((2, 2)),
    np.diag([2.0, 0.0]),
    np.diag([1.0, 1e-20]),
    np.array([[1e-20, 0.0, 0.0], [0.0, 2.0, 1.0], [0.0, 1.0, 2.0]]),
])
def test_newton_step_rejects_singular_hessians(hessian):
    n = hessian.shape[0]
    s = np.linalg.svd(hessian, compute_uv=False)
    assert s[-1] <= n * np.finfo(float).eps * s[0] / 10 or s[0] == 0  # far from the edge
    with pytest.raises(ValueError, match="singular"):
        ref.newton_step(np.ones(n), hessian, np.zeros(n))


def test_newton_step_accepts_ill_conditioned_but_nonsingular():
    H = np.diag([1.0, 1e-10])  # s_min / s_max = 1e-10, far above 2 eps
    got = ref.newton_step(np.array([1.0, 1e-10]), H, np.zeros(2))
    np.testing.assert_allclose(got, [-1.0, -1.0], rtol=1e-12)


# --- promises checked at their boundaries ---------------------------------------------


def test_softmax_slices_on_very_different_scales_match_scipy():
    z = np.array([[1e4, 9999.0, 9998.0], [-1e4, -9999.0, -1e4]])
    for data, axis in ((z, -1), (z.T, 0)):
        got = ref.softmax(data, axis=axis)
        assert np.all(np.isfinite(got))
        np.testing.assert_allclose(got, special.softmax(data, axis=axis), rtol=1e-12)


def test_cross_entropy_loss_of_sure_hits_is_exactly_zero_never_negative():
    logits = np.array([[1e4, -1e4], [30.0, -30.0]])
    assert ref.cross_entropy_loss(logits, np.array([0, 0])) == 0.0
    rng = np.random.default_rng(4)
    for scale in (1.0, 30.0, 1e4):
        z = scale * rng.normal(size=(50, 6))
        assert ref.cross_entropy_loss(z, z.argmax(axis=1)) >= 0.0


def _shares_memory_with(result, inputs):
    arrays = result if isinstance(result, (tuple, list)) else (result,)
    return any(np.shares_memory(a, b) for a in arrays for b in inputs
               if isinstance(a, np.ndarray))


def test_results_are_new_arrays_even_when_their_values_equal_an_input():
    rng = np.random.default_rng(6)
    p, g, s, m, v = (rng.uniform(0.1, 1.0, size=3) for _ in range(5))
    # momentum 0: v' = g; lr 0: p' = p; nothing clipped: the same values; no steps: x0.
    assert not _shares_memory_with(ref.sgd_momentum_step(p, g, s, 0.1, momentum=0.0), [p, g, s])
    assert not _shares_memory_with(ref.rmsprop_step(p, g, s, lr=0.0), [p, g, s])
    assert not _shares_memory_with(ref.adam_step(p, g, m, v, 3, lr=0.0), [p, g, m, v])
    assert not _shares_memory_with(ref.adamw_step(p, g, m, v, 3, lr=0.0), [p, g, m, v])
    clipped, _ = ref.clip_grad_norm([p, g], 100.0)
    assert not _shares_memory_with(clipped, [p, g])
    assert not _shares_memory_with(ref.gradient_descent(lambda x: x, p, 0.1, 0), [p])
    assert ref.rmsprop_step(p, g, s, lr=0.0)[0].tolist() == p.tolist()
    assert ref.sgd_momentum_step(p, g, s, 0.1, momentum=0.0)[1].tolist() == g.tolist()


def test_clip_grad_norm_boundary_far_from_one():
    tiny = 2.0**-40
    for grads, max_norm in (([np.array([3e9, 4e9])], 5e9),
                            ([np.array([3.0, 4.0]) * tiny], 5 * tiny)):
        clipped, total = ref.clip_grad_norm(grads, max_norm)
        assert total == max_norm  # exactly representable: not clipped
        assert clipped[0].tolist() == grads[0].tolist()
    clipped, total = ref.clip_grad_norm([np.array([3.0, 4.0])], np.nextafter(5.0, 0.0))
    np.testing.assert_allclose(clipped[0], np.array([3.0, 4.0]) * 5 / (5 + 1e-6), rtol=1e-15)
    clipped, _ = ref.clip_grad_norm([np.array([3.0]) * tiny, np.array([4.0]) * tiny], 4 * tiny)
    np.testing.assert_allclose(clipped[0], 3 * tiny * 4 * tiny / (5 * tiny + 1e-6), rtol=1e-14)


@pytest.mark.parametrize(("eigenvalues", "tol", "kind"), [
    ([1e9, 2e-8], 1e-8, "minimum"),
    ([1e9, 5e-9], 1e-8, "degenerate"),
    ([-1e9, -0.5, -3.0], 1e-8, "maximum"),
    ([1e-12, 3e-12], 1e-8, "degenerate"),
    ([1e-12, 3e-12], 1e-13, "minimum"),
    ([1e-12, -3e-12], 1e-13, "saddle"),
])
def test_classify_critical_point_tol_is_absolute_at_any_scale(eigenvalues, tol, kind):
    assert ref.classify_critical_point(np.diag(eigenvalues), tol=tol) == kind
    assert _classify_oracle(np.diag(eigenvalues), tol) == kind


@pytest.mark.parametrize(("diagonal", "singular"), [
    ([1.0, 2.0**-51], True),  # s_min == 2 eps s_max exactly: <= counts it singular
    ([1.0, 2.0**-50], False),
    ([2.0, 1.0, 1e-15], True),  # 2.25 eps <= 3 eps
    ([1.0, 1e-15], False),  # 4.5 eps > 2 eps
    ([1e9, 3e-7], True),
    ([1e9, 1e-6], False),
    ([1e-12, 3e-28], True),
    ([2e-12, 1e-12, 2e-27], False),
])
def test_newton_step_singularity_threshold_at_any_scale(diagonal, singular):
    hessian = np.diag(diagonal)
    n = len(diagonal)
    # Independent oracle: NumPy's own rank test uses the same threshold, s_max * n * eps.
    assert (np.linalg.matrix_rank(hessian) < n) == singular
    grad, x = np.linspace(1.0, 2.0, n), np.zeros(n)
    if singular:
        with pytest.raises(ValueError, match="singular"):
            ref.newton_step(grad, hessian, x)
    else:
        np.testing.assert_allclose(ref.newton_step(grad, hessian, x), -grad / np.diag(hessian),
                                   rtol=1e-15)
