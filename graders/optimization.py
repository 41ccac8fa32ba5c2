"""Grader table for the optimization topic.

One section per exercise: its cases, error and scale cases, wrong variants and
``Exercise``, together; shared input helpers first; ``EXERCISES`` at the end names
them in the order learners go.

Each wrong variant below computes one known mistake; where only a few cases tell it
apart from the reference, a comment on it names them.
"""

import math

import numpy as np

from graders.spec import Case, Exercise, Fn, Misconception, Property, Tol

# --- shared inputs ----------------------------------------------------------------


def _spd(rng, n, low=1.0, high=5.0):
    """A random symmetric matrix with eigenvalues drawn from [low, high]."""
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (q * rng.uniform(low, high, size=n)) @ q.T


# --- mse_grad ---------------------------------------------------------------------


def _mse_cases(rng):
    for n, d in [(5, 3), (40, 7), (1, 4)]:
        X = rng.normal(size=(n, d))
        yield Case(f"random X of shape ({n}, {d})", {
            "X": X, "y": rng.normal(size=n), "w": rng.normal(size=d)})
    X = rng.normal(size=(6, 2))
    w = rng.normal(size=2)
    yield Case("a perfect fit (gradient 0)", {"X": X, "y": X @ w, "w": w})


def _mse_no_two(X, y, w):
    return (X.T @ (X @ w - y)) / X.shape[0]


def _mse_no_mean(X, y, w):  # equal to the reference when n = 1; the other cases expose it
    return 2.0 * X.T @ (X @ w - y)


def _mse_sign(X, y, w):
    return (2.0 / X.shape[0]) * (X.T @ (y - X @ w))


MSE_GRAD = Exercise(
    name="mse_grad",
    points=1,
    difficulty="easy",
    hints=(
        "Write the loss as a sum over samples and differentiate one term; then stack.",
        "d/dw (x.w - y)^2 = 2 (x.w - y) x. Averaging over n samples gives (2/n) X^T r, "
        "with r = X w - y.",
    ),
    cases=_mse_cases,
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("looks like the factor 2 is missing: d/dr r^2 = 2r", _mse_no_two),
        Misconception("looks like the 1/n of the mean is missing", _mse_no_mean),
        Misconception("looks like the sign is flipped: the residual is X w - y, "
                      "not y - X w", _mse_sign),
    ),
)


# --- softmax ----------------------------------------------------------------------


def _softmax_cases(rng):
    yield Case("random logits (5,)", {"z": rng.normal(size=5)})
    yield Case("random logits (4, 6), axis=-1", {"z": rng.normal(size=(4, 6)), "axis": -1})
    yield Case("random logits (4, 6), axis=0", {"z": rng.normal(size=(4, 6)), "axis": 0})
    yield Case("random logits (5, 5), axis=1", {"z": rng.normal(size=(5, 5)), "axis": 1})
    yield Case("random logits (2, 3, 4), axis=1", {"z": rng.normal(size=(2, 3, 4)), "axis": 1})
    yield Case("large logits, abs(z) up to 1e4", {"z": np.array([1e4, -1e4, 9999.0, 0.0])})
    yield Case("a single logit", {"z": np.array([3.0])})
    far = np.array([[1e4, 9999.0, 9998.0], [-1e4, -9999.0, -1e4]])
    yield Case("rows on very different scales (max 1e4 in one row, -9999 in another)", {
        "z": far, "axis": -1})
    yield Case("columns on very different scales, axis=0", {"z": far.T.copy(), "axis": 0})


def _softmax_no_shift(z, axis=-1):  # nan on the large logits
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_ignores_axis(z, axis=-1):  # the 2-D and 3-D cases
    e = np.exp(z - z.max())
    return e / e.sum()


def _softmax_global_shift(z, axis=-1):  # 0 / 0 = nan on "very different scales"
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_no_keepdims(z, axis=-1):  # the square (5, 5) case broadcasts silently
    try:
        e = np.exp(z - np.max(z, axis=axis))
        return e / np.sum(e, axis=axis)
    except ValueError:  # shapes that do not broadcast: the learner's code raises too
        return np.full(np.shape(z), np.nan)


SOFTMAX = Exercise(
    name="softmax",
    points=1,
    difficulty="easy",
    hints=(
        "exp(1000) overflows to inf. What can you subtract from every logit without "
        "changing the result?",
        "Subtract the max along the axis (keepdims=True), exponentiate, divide by the "
        "sum along the same axis.",
    ),
    cases=_softmax_cases,
    tol=Tol(rtol=1e-9, atol=1e-15),
    misconceptions=(
        Misconception("overflow: exp of a large logit is inf; subtract the max first",
                      _softmax_no_shift),
        Misconception("normalised over the whole array instead of along `axis`",
                      _softmax_ignores_axis),
        Misconception("looks like the max or the sum lost keepdims=True, so it "
                      "broadcast along the wrong axis", _softmax_no_keepdims),
        Misconception("underflow: subtracting the max of the whole array sends slices "
                      "far below it to exp(...) = 0, and 0 / 0 = nan; subtract the max "
                      "along `axis` (keepdims=True)", _softmax_global_shift),
    ),
)


# --- cross_entropy_loss -----------------------------------------------------------


def _stable_softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _rows(n):
    return np.arange(n)


def _ce_cases(rng):
    yield Case("random logits (8, 5)", {
        "logits": rng.normal(size=(8, 5)), "labels": rng.integers(0, 5, size=8)})
    # No random draws here, so the cases after it keep their inputs. The loss is
    # exactly 0: an eps inside the log makes it slightly negative.
    yield Case("confident and right: each true logit far above the rest (loss 0)", {
        "logits": np.array([[1e4, -1e4], [30.0, -30.0]]), "labels": np.array([0, 0])})
    yield Case("random logits (30, 3), scaled by 5", {
        "logits": 5 * rng.normal(size=(30, 3)), "labels": rng.integers(0, 3, size=30)})
    yield Case("a single sample, 4 classes", {
        "logits": rng.normal(size=(1, 4)), "labels": np.array([2])})
    yield Case("one class only (k = 1)", {
        "logits": rng.normal(size=(3, 1)), "labels": np.zeros(3, dtype=np.int64)})
    yield Case("large logits, abs(z) up to 1e4", {
        "logits": rng.uniform(-1e4, 1e4, size=(6, 4)), "labels": rng.integers(0, 4, size=6)})
    yield Case("rows on very different scales (max 1e4 in one row, -9999 in another)", {
        "logits": np.array([[1e4, 9999.0, 9998.0], [-1e4, -9999.0, -1e4]]),
        "labels": np.array([1, 0])})
    yield Case("true logit 800 below the best, no overflow: [700, -100]", {
        "logits": np.array([[700.0, -100.0], [1.0, 2.0]]), "labels": np.array([1, 1])})
    yield Case("true logit 740 below the best (its probability is subnormal)", {
        "logits": np.array([[800.0, 60.0], [-800.0, -900.0]]), "labels": np.array([1, 0])})
    yield Case("confidently wrong: true logit 2e4 below the best", {
        "logits": np.array([[1e4, -1e4], [0.5, -0.5]]), "labels": np.array([1, 0])})


def _ce_errors(rng):
    logits = rng.normal(size=(3, 4))
    yield Case("a label equal to k = 4", {"logits": logits, "labels": np.array([0, 4, 1])})
    yield Case("a negative label", {"logits": logits, "labels": np.array([0, -1, 1])})


def _log_norm_naive(z):
    return np.log(np.sum(np.exp(z), axis=1))


def _ce_loss_no_shift(logits, labels):  # inf/nan on the large logits
    n = logits.shape[0]
    return float(np.mean(_log_norm_naive(logits) - logits[_rows(n), labels]))


def _ce_loss_global_shift(logits, labels):  # -inf on "rows on very different scales"
    n = logits.shape[0]
    shifted = logits - logits.max()
    return float(np.mean(_log_norm_naive(shifted) - shifted[_rows(n), labels]))


def _ce_loss_log_of_softmax(logits, labels):  # inf when the true class's p underflows
    n = logits.shape[0]
    return float(np.mean(-np.log(_stable_softmax(logits, axis=1)[_rows(n), labels])))


def _ce_loss_reference(logits, labels):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    return np.log(np.exp(shifted).sum(axis=1)) - shifted[_rows(n), labels]


def _ce_loss_sum_exact(logits, labels):  # summed, with a stable log-softmax
    return float(np.sum(_ce_loss_reference(logits, labels)))


def _ce_loss_column_block(logits, labels):  # logits[:, labels] is (n, n)
    shifted = logits - logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(np.mean(lse - shifted[:, labels]))


def _ce_loss_sign(logits, labels):
    return float(-np.mean(_ce_loss_reference(logits, labels)))


def _ce_loss_eps_in_log(logits, labels):  # about 27.6 at most; -1e-12 for a sure hit
    n = logits.shape[0]
    p = _stable_softmax(logits, axis=1)[_rows(n), labels]
    return float(np.mean(-np.log(p + 1e-12)))


def _ce_loss_not_negative(args, got):
    if float(got) < 0:
        return (f"the loss came out negative ({float(got):.3g}); each sample's loss "
                "-log p is >= 0, so their mean can never go below 0")
    return None


CROSS_ENTROPY_LOSS = Exercise(
    name="cross_entropy_loss",
    points=2,
    difficulty="medium",
    hints=(
        "-log softmax(z)_c simplifies: write log(exp(z_c) / sum_j exp(z_j)) as a "
        "difference of two terms.",
        "The loss of one row is logsumexp(z) - z_c. Compute logsumexp with each row's "
        "max subtracted first, pick z_c with one index per row "
        "(logits[np.arange(n), labels]), then average.",
        "Check the labels first: any label < 0 or >= k is a ValueError (negative "
        "indices would silently wrap around).",
    ),
    cases=_ce_cases,
    errors=_ce_errors,
    # Values up to about 2e4 whose rounding is a few ulps of 1e4 (~1e-12).
    tol=Tol(rtol=1e-9, atol=1e-9),
    misconceptions=(
        Misconception("looks like the losses were summed; the loss is their mean "
                      "(divide by n)", _ce_loss_sum_exact),
        Misconception("looks like logits[:, labels] was used, an (n, n) block; pick one "
                      "entry per row: logits[np.arange(n), labels]", _ce_loss_column_block),
        Misconception("looks like the sign is flipped: the loss is -log softmax, "
                      "which is never negative", _ce_loss_sign),
        Misconception("looks like an eps was added inside the log, -log(p + 1e-12): it "
                      "caps each loss near 27.6 and makes a sure hit's loss negative; "
                      "compute logsumexp(z) - z_c instead", _ce_loss_eps_in_log),
        # Last: these differ from the reference only by inf or nan.
        Misconception("overflow: exp of a large logit is inf; subtract each row's max "
                      "before exponentiating (logsumexp)", _ce_loss_no_shift),
        Misconception("underflow: subtracting the max of the whole array sends rows "
                      "far below it to exp(...) = 0; subtract each row's own max",
                      _ce_loss_global_shift),
        Misconception("underflow: log(softmax(z)) is log(0) = -inf once the true "
                      "class's probability underflows; use logsumexp(z) - z_c instead",
                      _ce_loss_log_of_softmax),
    ),
    properties=(Property("never negative", _ce_loss_not_negative),),
)


# --- cross_entropy_grad -----------------------------------------------------------


def _ce_grad_no_mean(logits, labels):
    p = _stable_softmax(logits, axis=1)
    p[_rows(len(labels)), labels] -= 1.0
    return p


def _ce_grad_sign(logits, labels):
    return -_ce_grad_no_mean(logits, labels) / logits.shape[0]


def _ce_grad_no_shift(logits, labels):  # nan on the large logits
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    p[_rows(len(labels)), labels] -= 1.0
    return p / logits.shape[0]


def _ce_grad_global_shift(logits, labels):  # 0/0 = nan in the row far below the max
    e = np.exp(logits - logits.max())
    p = e / e.sum(axis=1, keepdims=True)
    p[_rows(len(labels)), labels] -= 1.0
    return p / logits.shape[0]


def _ce_grad_column_block(logits, labels):  # p[:, labels] -= 1 hits every row
    p = _stable_softmax(logits, axis=1)
    p[:, labels] -= 1.0
    return p / logits.shape[0]


CROSS_ENTROPY_GRAD = Exercise(
    name="cross_entropy_grad",
    points=2,
    difficulty="medium",
    hints=(
        "Differentiate one row's loss logsumexp(z) - z_c with respect to z_j: what does "
        "d logsumexp / dz_j give, and what does -z_c contribute?",
        "Each row's gradient is softmax(z) - onehot(c). The loss is a mean over rows, "
        "so divide by n. Use a max-shifted softmax for large logits.",
        "Subtract the one-hot with one index per row: p[np.arange(n), labels] -= 1 "
        "on your own copy p. Validate the labels first.",
    ),
    cases=_ce_cases,
    errors=_ce_errors,
    # Entries in [-1/n, 1/n]; a logsumexp-based softmax at abs(z) ~ 1e4 is off by
    # about 1e-12 relative.
    tol=Tol(rtol=1e-8, atol=1e-10),
    misconceptions=(
        Misconception("looks like the 1/n of the mean is missing: divide "
                      "softmax - onehot by n", _ce_grad_no_mean),
        Misconception("looks like the sign is flipped: the gradient is "
                      "softmax(logits) - onehot(labels)", _ce_grad_sign),
        Misconception("overflow: exp of a large logit is inf and inf / inf is nan; "
                      "subtract each row's max first", _ce_grad_no_shift),
        Misconception("underflow: subtracting the max of the whole array makes rows "
                      "far below it 0 / 0; subtract each row's own max",
                      _ce_grad_global_shift),
        Misconception("looks like p[:, labels] -= 1 was used, which touches every row; "
                      "use p[np.arange(n), labels] -= 1", _ce_grad_column_block),
    ),
)


# --- gradient_descent -------------------------------------------------------------


def _gd_cases(rng):
    A = _spd(rng, 3, 1.0, 5.0)
    b = rng.normal(size=3)
    quad = Fn("quadratic_grad", {"A": A, "b": b})
    yield Case("a 3-D quadratic, lr 0.1, 25 steps", {
        "grad_fn": quad, "x0": rng.normal(size=3), "lr": 0.1, "num_steps": 25})
    yield Case("num_steps = 0 (just x0)", {
        "grad_fn": quad, "x0": rng.normal(size=3), "lr": 0.1, "num_steps": 0})
    yield Case("a single step", {
        "grad_fn": quad, "x0": rng.normal(size=3), "lr": 0.3, "num_steps": 1})
    yield Case("Rosenbrock from (-1.2, 1), lr 1e-3, 8 steps", {
        "grad_fn": Fn("rosenbrock_grad", {}), "x0": np.array([-1.2, 1.0]), "lr": 1e-3,
        "num_steps": 8})
    yield Case("a 1-D quadratic with lr above 2 / curvature (diverges)", {
        "grad_fn": Fn("quadratic_grad", {"A": np.array([[3.0]]), "b": np.array([1.0])}),
        "x0": np.array([0.5]), "lr": 1.0, "num_steps": 6})


def _gd_loop(grad_fn, x0, lr, updates, start):
    x = np.array(x0, dtype=float)
    rows = [x.copy()] if start else []
    for _ in range(updates):
        x = x - lr * np.asarray(grad_fn(x))
        rows.append(x.copy())
    return np.array(rows).reshape(len(rows), np.size(x0))


def _gd_no_x0(grad_fn, x0, lr, num_steps):  # shape (num_steps, d)
    return _gd_loop(grad_fn, x0, lr, num_steps, start=False)


def _gd_one_short(grad_fn, x0, lr, num_steps):
    return _gd_loop(grad_fn, x0, lr, max(num_steps - 1, 0), start=True)


def _gd_one_extra(grad_fn, x0, lr, num_steps):
    return _gd_loop(grad_fn, x0, lr, num_steps + 1, start=True)


def _gd_aliased_rows(grad_fn, x0, lr, num_steps):  # every row is the final iterate
    final = _gd_loop(grad_fn, x0, lr, num_steps, start=True)[-1]
    return np.tile(final, (num_steps + 1, 1))


def _gd_ascent(grad_fn, x0, lr, num_steps):
    return _gd_loop(grad_fn, x0, -lr, num_steps, start=True)


def _gd_grad_at_x0(grad_fn, x0, lr, num_steps):
    g = np.asarray(grad_fn(np.array(x0, dtype=float)))
    return np.array([x0 - t * lr * g for t in range(num_steps + 1)])


GRADIENT_DESCENT = Exercise(
    name="gradient_descent",
    points=1,
    difficulty="easy",
    hints=(
        "The result has one row per iterate, and x0 counts as one: num_steps + 1 rows.",
        "Preallocate an array of shape (num_steps + 1, d), put x0 in row 0, and fill "
        "row t + 1 from row t. Never update x0 itself.",
    ),
    cases=_gd_cases,
    tol=Tol(rtol=1e-9, atol=1e-12),
    copies=True,  # "a new array, never x0 or a view of it"
    misconceptions=(
        Misconception("looks like the trajectory leaves out x0: row 0 is the starting "
                      "point, so there are num_steps + 1 rows", _gd_no_x0),
        Misconception("looks like one update too few: x0 plus num_steps updates gives "
                      "num_steps + 1 rows", _gd_one_short),
        Misconception("looks like one update too many: x0 plus num_steps updates gives "
                      "num_steps + 1 rows", _gd_one_extra),
        Misconception("looks like every row is the same array (the last iterate): store "
                      "a copy of each iterate, or build a new x each step",
                      _gd_aliased_rows),
        Misconception("looks like gradient ascent: step against the gradient, "
                      "x - lr * grad_fn(x)", _gd_ascent),
        Misconception("looks like the gradient was always taken at x0; evaluate "
                      "grad_fn at the current iterate", _gd_grad_at_x0),
    ),
)


# --- sgd_momentum_step ------------------------------------------------------------


def _momentum_cases(rng):
    shape = (5,)
    yield Case("first step (velocity 0), classic momentum", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "velocity": np.zeros(shape), "lr": 0.1})
    yield Case("nonzero velocity, classic momentum", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "velocity": rng.normal(size=shape), "lr": 0.1, "momentum": 0.9})
    yield Case("nonzero velocity, nesterov=True", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "velocity": rng.normal(size=shape), "lr": 0.1, "momentum": 0.9, "nesterov": True})
    yield Case("first step (velocity 0), nesterov=True", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "velocity": np.zeros(shape), "lr": 0.05, "nesterov": True})
    yield Case("momentum = 0 (plain SGD)", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "velocity": rng.normal(size=shape), "lr": 0.1, "momentum": 0.0})
    yield Case("2-D parameters (3, 4), momentum 0.5, lr 0.05, nesterov=True", {
        "params": rng.normal(size=(3, 4)), "grads": rng.normal(size=(3, 4)),
        "velocity": rng.normal(size=(3, 4)), "lr": 0.05, "momentum": 0.5, "nesterov": True})


# The two "velocity holds the step" conventions. Their Nesterov forms vary from text to
# text, so these variants judge the classic cases only (raising skips a case).
def _momentum_lr_in_velocity(params, grads, velocity, lr, momentum=0.9, nesterov=False):
    if nesterov:
        raise NotImplementedError
    v = momentum * velocity - lr * grads
    return params + v, v


def _momentum_lr_in_velocity_plus(params, grads, velocity, lr, momentum=0.9, nesterov=False):
    if nesterov:
        raise NotImplementedError
    v = momentum * velocity + lr * grads
    return params - v, v


def _momentum_dampened(params, grads, velocity, lr, momentum=0.9, nesterov=False):
    v = momentum * velocity + (1 - momentum) * grads
    step = grads + momentum * v if nesterov else v
    return params - lr * step, v


def _momentum_ignores_nesterov(params, grads, velocity, lr, momentum=0.9, nesterov=False):
    v = momentum * velocity + grads
    return params - lr * v, v


def _momentum_old_v_step(params, grads, velocity, lr, momentum=0.9, nesterov=False):
    v = momentum * velocity + grads
    step = grads + momentum * v if nesterov else velocity
    return params - lr * step, v


SGD_MOMENTUM_STEP = Exercise(
    name="sgd_momentum_step",
    points=2,
    difficulty="medium",
    hints=(
        "Update the velocity first, then move the parameters with the new velocity.",
        "v' = momentum v + g (no learning rate, no (1 - momentum)); classic: "
        "p' = p - lr v'. Nesterov looks ahead: it mixes g with momentum v'.",
    ),
    cases=_momentum_cases,
    tol=Tol(rtol=1e-9, atol=1e-12),
    returns=("new_params", "new_velocity"),
    copies=True,  # "both new arrays, never an input"
    misconceptions=(
        Misconception("looks like the velocity stores the step (v' = momentum v - lr g, "
                      "p' = p + v'); here v' = momentum v + g and p' = p - lr v'",
                      _momentum_lr_in_velocity),
        Misconception("looks like the velocity includes the learning rate "
                      "(v' = momentum v + lr g, p' = p - v'); here the velocity adds the "
                      "raw gradient, v' = momentum v + g, and p' = p - lr v'",
                      _momentum_lr_in_velocity_plus),
        Misconception("looks like dampening: v' = momentum v + (1 - momentum) g; this "
                      "velocity adds the full gradient, v' = momentum v + g",
                      _momentum_dampened),
        Misconception("looks like `nesterov=True` was ignored: the Nesterov step is "
                      "p' = p - lr (g + momentum v')", _momentum_ignores_nesterov),
        Misconception("looks like the parameters moved with the old velocity; update v "
                      "first, then step with v'", _momentum_old_v_step),
    ),
)


# --- rmsprop_step -----------------------------------------------------------------


def _rmsprop_cases(rng):
    shape = (5,)
    yield Case("first step (square_avg 0), default hyperparameters", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "square_avg": np.zeros(shape)})
    yield Case("nonzero running average, lr 0.1", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "square_avg": rng.uniform(0.1, 2.0, size=shape), "lr": 0.1})
    # Small gradients and eps = 1e-3: where eps goes (inside or outside the sqrt) matters.
    yield Case("small gradients (about 1e-2) with eps = 1e-3", {
        "params": rng.normal(size=shape), "grads": 1e-2 * rng.normal(size=shape),
        "square_avg": rng.uniform(1e-5, 1e-4, size=shape), "lr": 0.01, "eps": 1e-3})
    yield Case("2-D parameters (3, 3), alpha 0.9, lr 0.1", {
        "params": rng.normal(size=(3, 3)), "grads": rng.normal(size=(3, 3)),
        "square_avg": rng.uniform(0.0, 1.0, size=(3, 3)), "lr": 0.1, "alpha": 0.9})
    yield Case("zero gradient where the average is 0 (that coordinate stays put)", {
        "params": np.array([1.0, -2.0, 0.5]), "grads": np.array([0.0, 0.3, -1.0]),
        "square_avg": np.array([0.0, 0.5, 0.2]), "lr": 0.05})
    yield Case("lr = 0 (a frozen layer): params stay put, the average still updates", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape),
        "square_avg": rng.uniform(0.1, 1.0, size=shape), "lr": 0.0})


def _rmsprop_eps_inside(params, grads, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    s = alpha * square_avg + (1 - alpha) * grads**2
    return params - lr * grads / np.sqrt(s + eps), s


def _rmsprop_no_one_minus_alpha(params, grads, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    s = alpha * square_avg + grads**2
    return params - lr * grads / (np.sqrt(s) + eps), s


def _rmsprop_old_average(params, grads, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    s = alpha * square_avg + (1 - alpha) * grads**2
    return params - lr * grads / (np.sqrt(square_avg) + eps), s


def _rmsprop_no_sqrt(params, grads, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    s = alpha * square_avg + (1 - alpha) * grads**2
    return params - lr * grads / (s + eps), s


def _rmsprop_swapped_alpha(params, grads, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    s = (1 - alpha) * square_avg + alpha * grads**2
    return params - lr * grads / (np.sqrt(s) + eps), s


RMSPROP_STEP = Exercise(
    name="rmsprop_step",
    points=2,
    difficulty="medium",
    hints=(
        "Two lines: update the running average of g^2, then divide the step by its "
        "square root.",
        "s' = alpha s + (1 - alpha) g^2, and the step uses s' (not s). Add eps after "
        "taking the square root.",
    ),
    cases=_rmsprop_cases,
    tol=Tol(rtol=1e-9, atol=1e-12),
    returns=("new_params", "new_square_avg"),
    copies=True,  # "both new arrays, never an input"
    misconceptions=(
        Misconception("looks like eps is inside the square root; divide by "
                      "sqrt(s') + eps", _rmsprop_eps_inside),
        Misconception("looks like the (1 - alpha) factor on g^2 is missing: "
                      "s' = alpha s + (1 - alpha) g^2", _rmsprop_no_one_minus_alpha),
        Misconception("looks like the step divided by the old average; update it first "
                      "and divide by sqrt(s') + eps", _rmsprop_old_average),
        Misconception("looks like the square root is missing: divide by sqrt(s') + eps",
                      _rmsprop_no_sqrt),
        Misconception("looks like alpha and 1 - alpha are swapped: alpha weighs the old "
                      "average, s' = alpha s + (1 - alpha) g^2", _rmsprop_swapped_alpha),
    ),
)


# --- adam_step --------------------------------------------------------------------


def _moments(rng, shape, scale=1.0):
    """Plausible optimizer state: m of either sign, v >= 0 and of the size of m^2."""
    m = 0.1 * scale * rng.normal(size=shape)
    v = (0.1 * scale) ** 2 * rng.uniform(0.5, 2.0, size=shape)
    return m, v


def _adam_cases(rng):
    shape = (6,)
    z = np.zeros(shape)
    yield Case("first step (t = 1) from m = v = 0, default hyperparameters", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape), "m": z, "v": z,
        "t": 1})
    # Small t, eps = 1e-3 comparable to sqrt(v_hat), nonzero m and v: every misconception
    # (bias correction, eps placement, t - 1, g for g^2) moves these far beyond tol.
    m, v = _moments(rng, shape, scale=0.1)
    yield Case("t = 2, nonzero m and v, eps = 1e-3, lr = 0.1", {
        "params": rng.normal(size=shape), "grads": 0.01 * rng.normal(size=shape),
        "m": m, "v": v, "t": 2, "lr": 0.1, "eps": 1e-3})
    m, v = _moments(rng, shape, scale=0.1)
    yield Case("t = 3, nonzero m and v, eps = 1e-3", {
        "params": rng.normal(size=shape), "grads": 0.01 * rng.normal(size=shape),
        "m": m, "v": v, "t": 3, "lr": 0.01, "eps": 1e-3})
    m, v = _moments(rng, (3, 4))
    yield Case("t = 1000, 2-D parameters (3, 4)", {
        "params": rng.normal(size=(3, 4)), "grads": 0.1 * rng.normal(size=(3, 4)),
        "m": m, "v": v, "t": 1000})
    m, v = _moments(rng, shape)
    yield Case("t = 5, beta1 = 0.5, beta2 = 0.9, lr = 0.05", {
        "params": rng.normal(size=shape), "grads": 0.1 * rng.normal(size=shape),
        "m": m, "v": v, "t": 5, "lr": 0.05, "beta1": 0.5, "beta2": 0.9})
    m, v = _moments(rng, (3,))
    yield Case("a zero gradient entry (m and v nonzero), t = 4", {
        "params": np.array([0.5, -1.0, 2.0]), "grads": np.array([0.0, 0.2, -0.05]),
        "m": m, "v": v, "t": 4, "lr": 0.01})
    m, v = _moments(rng, shape)
    yield Case("lr = 0 (a frozen layer), t = 3: params stay put, the moments update", {
        "params": rng.normal(size=shape), "grads": 0.1 * rng.normal(size=shape),
        "m": m, "v": v, "t": 3, "lr": 0.0})


def _adam_errors(rng):
    z = np.zeros(3)
    yield Case("t = 0 (updates are numbered from 1)", {
        "params": rng.normal(size=3), "grads": rng.normal(size=3), "m": z, "v": z, "t": 0})
    yield Case("t = -1", {
        "params": rng.normal(size=3), "grads": rng.normal(size=3), "m": z, "v": z, "t": -1})


def _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps, *, c1=None, c2=None,
                  square=True, eps_inside=False, return_hat=False):
    new_m = beta1 * m + (1 - beta1) * grads
    new_v = beta2 * v + (1 - beta2) * (grads * grads if square else grads)
    m_hat = new_m / (1 - beta1**t if c1 is None else c1)
    v_hat = new_v / (1 - beta2**t if c2 is None else c2)
    denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
    new_params = params - lr * m_hat / denom
    if return_hat:
        return new_params, m_hat, v_hat
    return new_params, new_m, new_v


def _adam_no_bias_correction(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999,
                             eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps, c1=1.0, c2=1.0)


def _adam_eps_inside(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps, eps_inside=True)


def _adam_only_m_corrected(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999,
                           eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps, c2=1.0)


def _adam_t_minus_one(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps,
                         c1=1 - beta1 ** (t - 1), c2=1 - beta2 ** (t - 1))


def _adam_t_plus_one(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps,
                         c1=1 - beta1 ** (t + 1), c2=1 - beta2 ** (t + 1))


def _adam_g_not_squared(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps, square=False)


def _adam_power_of_one_minus(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999,
                             eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps,
                         c1=(1 - beta1) ** t, c2=(1 - beta2) ** t)


def _adam_returns_corrected(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999,
                            eps=1e-8):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps, return_hat=True)


def _adam_paper_efficient(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    new_m = beta1 * m + (1 - beta1) * grads
    new_v = beta2 * v + (1 - beta2) * grads * grads
    lr_t = lr * math.sqrt(1 - beta2**t) / (1 - beta1**t)
    return params - lr_t * new_m / (np.sqrt(new_v) + eps), new_m, new_v


ADAM_STEP = Exercise(
    name="adam_step",
    points=3,
    difficulty="hard",
    hints=(
        "Adam keeps two running averages, of g and of g^2, and both start at 0. What "
        "does that do to the first few estimates?",
        "m' and v' are exponential averages; divide them by (1 - beta1^t) and "
        "(1 - beta2^t) to undo the pull towards 0. Return m' and v', not the "
        "corrected values.",
        "Step by lr m_hat / (sqrt(v_hat) + eps): eps goes outside the square root. "
        "Reject t < 1 first.",
    ),
    cases=_adam_cases,
    errors=_adam_errors,
    # Every part is a handful of roundings away from the reference; each
    # misconception moves at least one part by far more than 1e-9 relative.
    tol=Tol(rtol=1e-9, atol=1e-12),
    returns=("new_params", "new_m", "new_v"),
    copies=True,  # "all three are new arrays, never an input"
    misconceptions=(
        Misconception("looks like the update has no bias correction: "
                      "m_hat = m / (1 - beta1**t)", _adam_no_bias_correction),
        Misconception("looks like only m was bias-corrected; v needs it too: "
                      "v_hat = v / (1 - beta2**t)", _adam_only_m_corrected),
        Misconception("looks like eps is inside the square root; Adam divides by "
                      "sqrt(v_hat) + eps", _adam_eps_inside),
        Misconception("looks like the bias correction used t - 1; t is already this "
                      "update's number: 1 - beta1**t", _adam_t_minus_one),
        Misconception("looks like the bias correction used t + 1; t is already this "
                      "update's number (1 on the first call)", _adam_t_plus_one),
        Misconception("looks like v averages g instead of g^2: "
                      "v' = beta2 v + (1 - beta2) g**2", _adam_g_not_squared),
        Misconception("looks like the correction divides by (1 - beta1)**t; it is "
                      "1 - beta1**t", _adam_power_of_one_minus),
        Misconception("looks like the bias-corrected m_hat and v_hat were returned as the "
                      "new state; return m' and v' (uncorrected)", _adam_returns_corrected),
        Misconception("looks like the paper's 'efficient' form (lr scaled by "
                      "sqrt(1 - beta2**t) / (1 - beta1**t), eps added to sqrt(v')): it "
                      "rescales eps; use m_hat / (sqrt(v_hat) + eps)",
                      _adam_paper_efficient),
    ),
)


# --- adamw_step -------------------------------------------------------------------


def _adamw_cases(rng):
    shape = (6,)
    z = np.zeros(shape)
    yield Case("first step (t = 1), default lr and weight_decay", {
        "params": rng.normal(size=shape), "grads": rng.normal(size=shape), "m": z, "v": z,
        "t": 1})
    m, v = _moments(rng, shape)
    yield Case("t = 3, nonzero m and v, lr = 0.1, weight_decay = 0.1", {
        "params": rng.normal(size=shape), "grads": 0.1 * rng.normal(size=shape),
        "m": m, "v": v, "t": 3, "lr": 0.1, "weight_decay": 0.1})
    m, v = _moments(rng, shape)
    yield Case("weight_decay = 0 (plain Adam), t = 2", {
        "params": rng.normal(size=shape), "grads": 0.1 * rng.normal(size=shape),
        "m": m, "v": v, "t": 2, "lr": 0.01, "weight_decay": 0.0})
    m, v = _moments(rng, (3, 4), scale=0.1)
    yield Case("large weights (abs up to 10), small gradients, t = 10, eps = 1e-3", {
        "params": rng.uniform(-10, 10, size=(3, 4)), "grads": 0.01 * rng.normal(size=(3, 4)),
        "m": m, "v": v, "t": 10, "lr": 0.01, "eps": 1e-3, "weight_decay": 0.05})
    m, v = _moments(rng, shape)
    yield Case("lr = 0 (a frozen layer), weight_decay = 0.1: nothing shrinks or moves", {
        "params": rng.normal(size=shape), "grads": 0.1 * rng.normal(size=shape),
        "m": m, "v": v, "t": 3, "lr": 0.0, "weight_decay": 0.1})


def _adamw_l2_in_gradient(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                          weight_decay=0.01):
    return _adam_generic(params, grads + weight_decay * params, m, v, t, lr, beta1, beta2, eps)


def _adamw_no_decay(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                    weight_decay=0.01):
    return _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps)


def _adamw_decay_not_scaled(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999,
                            eps=1e-8, weight_decay=0.01):
    return _adam_generic(params * (1 - weight_decay), grads, m, v, t, lr, beta1, beta2, eps)


def _adamw_decay_after(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                       weight_decay=0.01):  # differs by lr^2 wd |step|: the lr = 0.1 case
    p, new_m, new_v = _adam_generic(params, grads, m, v, t, lr, beta1, beta2, eps)
    return p * (1 - lr * weight_decay), new_m, new_v


def _adamw_no_bias_correction(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999,
                              eps=1e-8, weight_decay=0.01):
    return _adam_generic(params * (1 - lr * weight_decay), grads, m, v, t, lr, beta1, beta2,
                         eps, c1=1.0, c2=1.0)


def _adamw_eps_inside(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                      weight_decay=0.01):
    return _adam_generic(params * (1 - lr * weight_decay), grads, m, v, t, lr, beta1, beta2,
                         eps, eps_inside=True)


ADAMW_STEP = Exercise(
    name="adamw_step",
    points=2,
    difficulty="medium",
    hints=(
        "AdamW is Adam plus a weight shrink that never touches the gradient or the "
        "moments.",
        "First p~ = p (1 - lr weight_decay); then the ordinary Adam update (same g, m, v "
        "and t) applied to p~.",
    ),
    cases=_adamw_cases,
    errors=_adam_errors,
    tol=Tol(rtol=1e-9, atol=1e-12),
    returns=("new_params", "new_m", "new_v"),
    copies=True,  # "new arrays, never an input"
    misconceptions=(
        Misconception("looks like the decay was added to the gradient "
                      "(g + weight_decay p, Adam with L2); AdamW decays the weights "
                      "directly: p (1 - lr weight_decay)", _adamw_l2_in_gradient),
        Misconception("looks like weight_decay was ignored: shrink the weights by "
                      "(1 - lr weight_decay) first", _adamw_no_decay),
        Misconception("looks like the shrink is p (1 - weight_decay); PyTorch's AdamW "
                      "scales it by lr: p (1 - lr weight_decay)", _adamw_decay_not_scaled),
        Misconception("looks like the decay was applied after the Adam step; shrink p "
                      "first, then subtract the Adam update", _adamw_decay_after),
        Misconception("looks like the update has no bias correction: "
                      "m_hat = m / (1 - beta1**t)", _adamw_no_bias_correction),
        Misconception("looks like eps is inside the square root; the Adam part divides "
                      "by sqrt(v_hat) + eps", _adamw_eps_inside),
    ),
)


# --- cosine_lr --------------------------------------------------------------------


def _cosine_case(label, step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    # Absolute tolerance proportional to base_lr: (1 + cos x)/2 and cos^2(x/2) differ by
    # rounding of order 1e-16 * base_lr near the end of the schedule, where the relative
    # error of the tiny value can be large.
    return Case(label, {"step": step, "base_lr": base_lr, "total_steps": total_steps,
                        "warmup_steps": warmup_steps, "min_lr": min_lr},
                tol=Tol(rtol=1e-9, atol=1e-12 * base_lr))


def _cosine_cases(rng):
    yield _cosine_case("warmup, step 0 of 10 warmup steps (rate 0)", 0, 0.1, 100, 10)
    yield _cosine_case("warmup, step 3 of 10", 3, 0.1, 100, 10)
    yield _cosine_case("step == warmup_steps (the peak, base_lr)", 10, 0.1, 100, 10)
    yield _cosine_case("cosine phase, halfway through the decay (warmup 10, total 110)",
                       60, 0.1, 110, 10)
    yield _cosine_case("cosine phase with min_lr = 1e-3 (warmup 10, total 100)",
                       37, 0.1, 100, 10, 1e-3)
    yield _cosine_case("no warmup, step 0 (base_lr)", 0, 3e-4, 1000, 0, 1e-5)
    yield _cosine_case("no warmup, step 250 of 1000, min_lr 1e-5", 250, 3e-4, 1000, 0, 1e-5)
    yield _cosine_case("last step before the end (total_steps - 1)", 99, 0.1, 100, 10, 1e-3)
    yield _cosine_case("step == total_steps (min_lr)", 100, 0.1, 100, 10, 1e-3)
    yield _cosine_case("past total_steps (stays at min_lr)", 150, 0.1, 100, 10, 1e-3)
    yield _cosine_case("warmup_steps == total_steps, during warmup", 5, 2.0, 20, 20, 0.1)
    yield _cosine_case("warmup_steps == total_steps, at the end", 20, 2.0, 20, 20, 0.1)
    yield _cosine_case("total_steps = 1, no warmup, step 0", 0, 0.5, 1)
    step = int(rng.integers(6, 30))
    yield _cosine_case(f"base_lr = 1000, min_lr = 10, step {step} of 30, warmup 5",
                       step, 1000.0, 30, 5, 10.0)


def _cosine_errors(rng):
    yield Case("total_steps = 0", {"step": 0, "base_lr": 0.1, "total_steps": 0})
    yield Case("warmup_steps = -1", {
        "step": 0, "base_lr": 0.1, "total_steps": 10, "warmup_steps": -1})
    yield Case("warmup_steps = 11 > total_steps = 10", {
        "step": 0, "base_lr": 0.1, "total_steps": 10, "warmup_steps": 11})


def _cosine_generic(step, base_lr, total_steps, warmup_steps, min_lr, *, warm_offset=0,
                    progress_fn=None, use_min=True, shape=None, clamp=True):
    if step < warmup_steps:
        return float(base_lr * (step + warm_offset) / warmup_steps)
    if clamp and step >= total_steps:
        return float(min_lr)
    if progress_fn is None:
        progress = (step - warmup_steps) / (total_steps - warmup_steps)
    else:
        progress = progress_fn(step, total_steps, warmup_steps)
    factor = (1 + math.cos(math.pi * progress)) / 2 if shape is None else shape(progress)
    low = min_lr if use_min else 0.0
    return float(low + (base_lr - low) * factor)


def _cosine_progress_from_zero(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    return _cosine_generic(step, base_lr, total_steps, warmup_steps, min_lr,
                           progress_fn=lambda s, n, w: s / n)


def _cosine_progress_over_total(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    return _cosine_generic(step, base_lr, total_steps, warmup_steps, min_lr,
                           progress_fn=lambda s, n, w: (s - w) / n)


def _cosine_warmup_from_one(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    return _cosine_generic(step, base_lr, total_steps, warmup_steps, min_lr, warm_offset=1)


def _cosine_ignores_min_lr(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    return _cosine_generic(step, base_lr, total_steps, warmup_steps, min_lr, use_min=False)


def _cosine_not_halved(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    return _cosine_generic(step, base_lr, total_steps, warmup_steps, min_lr,
                           shape=lambda p: math.cos(math.pi * p))


def _cosine_no_clamp(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    if step >= total_steps == warmup_steps:
        return float(min_lr)
    return _cosine_generic(step, base_lr, total_steps, warmup_steps, min_lr, clamp=False)


COSINE_LR = Exercise(
    name="cosine_lr",
    points=1,
    difficulty="easy",
    hints=(
        "Three regimes: warmup, cosine decay, and after the end. Check the boundaries "
        "step == warmup_steps and step == total_steps.",
        "Warmup is linear from 0; the cosine's progress runs from 0 at the end of the "
        "warmup to 1 at total_steps: (step - warmup_steps) / (total_steps - warmup_steps).",
    ),
    cases=_cosine_cases,
    errors=_cosine_errors,
    tol=Tol(rtol=1e-9, atol=1e-12),  # each case scales atol by its base_lr
    misconceptions=(
        Misconception("looks like progress = step / total_steps; the cosine starts "
                      "after warmup: (step - warmup_steps) / (total_steps - warmup_steps)",
                      _cosine_progress_from_zero),
        Misconception("looks like progress divides by total_steps; the cosine spans "
                      "total_steps - warmup_steps steps", _cosine_progress_over_total),
        Misconception("looks like warmup counts from 1 (step + 1); the rate at step 0 "
                      "is 0: base_lr step / warmup_steps", _cosine_warmup_from_one),
        Misconception("looks like min_lr is left out of the cosine: "
                      "min_lr + (base_lr - min_lr) (1 + cos(pi progress)) / 2",
                      _cosine_ignores_min_lr),
        Misconception("looks like the cosine is not shifted and halved: "
                      "(1 + cos(pi progress)) / 2 runs from 1 down to 0",
                      _cosine_not_halved),
        Misconception("looks like the cosine keeps going past total_steps; from "
                      "total_steps on the rate stays at min_lr", _cosine_no_clamp),
    ),
)


# --- clip_grad_norm ---------------------------------------------------------------


def _clip_cases(rng):
    grads = [rng.normal(size=3), rng.normal(size=(2, 4)), rng.normal(size=5)]
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    yield Case("arrays of shapes (3,), (2, 4), (5,), total norm twice max_norm", {
        "grads": grads, "max_norm": norm / 2})
    grads = [rng.normal(size=4), rng.normal(size=(3, 3))]
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    yield Case("total norm below max_norm (returned unchanged)", {
        "grads": grads, "max_norm": 2 * norm})
    yield Case("boundary: [3, 4] has norm exactly 5 = max_norm (not clipped)", {
        "grads": [np.array([3.0, 4.0])], "max_norm": 5.0})
    yield Case("boundary across arrays: [3.0] and [4.0], max_norm 5 (not clipped)", {
        "grads": [np.array([3.0]), np.array([4.0])], "max_norm": 5.0})
    yield Case("[3.0] and [4.0] with max_norm 3.5 (one factor for both arrays)", {
        "grads": [np.array([3.0]), np.array([4.0])], "max_norm": 3.5})
    yield Case("just above: [3, 4] with max_norm 4", {
        "grads": [np.array([3.0, 4.0])], "max_norm": 4.0})
    yield Case("all-zero gradients", {
        "grads": [np.zeros(3), np.zeros((2, 2))], "max_norm": 1.0})
    # Exactly representable norms far from 1: sqrt(9e18 + 16e18) = 5e9 exactly, and
    # [3, 4] * 2^-40 has norm 5 * 2^-40 exactly.
    yield Case("boundary at scale 1e9: [3e9, 4e9] with max_norm 5e9 (not clipped)", {
        "grads": [np.array([3e9, 4e9])], "max_norm": 5e9})
    tiny = 2.0**-40
    small = Tol(rtol=1e-9, atol=1e-12 * tiny)  # the default atol would hide these values
    yield Case("boundary at scale 1e-12: [3, 4] * 2^-40 with max_norm 5 * 2^-40 "
               "(not clipped)", {"grads": [np.array([3.0, 4.0]) * tiny], "max_norm": 5 * tiny},
               tol=small)
    yield Case("tiny gradients (norm 4.5e-12) above max_norm 3.6e-12: the 1e-6 guard "
               "dominates", {"grads": [np.array([3.0]) * tiny, np.array([[4.0]]) * tiny],
                             "max_norm": 4 * tiny}, tol=small)
    yield Case("tiny gradients (norm 4.5e-12) below max_norm 9e-12 (not clipped)", {
        "grads": [np.array([3.0, 4.0]) * tiny], "max_norm": 10 * tiny}, tol=small)
    yield Case("just above: [3, 4] with max_norm one ulp below 5 (clipped)", {
        "grads": [np.array([3.0, 4.0])], "max_norm": float(np.nextafter(5.0, 0.0))})


def _clip_each_array(grads, max_norm):
    out = []
    for g in grads:
        n = float(np.sqrt(np.sum(g * g)))
        out.append(g * (max_norm / (n + 1e-6)) if n > max_norm else g.copy())
    return out, math.sqrt(sum(float(np.sum(g * g)) for g in grads))


def _clip_generic(grads, max_norm, total_norm, *, strict=True, guard=1e-6):
    clip = total_norm > max_norm if strict else total_norm >= max_norm
    if clip:
        return [g * (max_norm / (total_norm + guard)) for g in grads], total_norm
    return [g.copy() for g in grads], total_norm


def _sum_sq(grads):
    return sum(float(np.sum(g * g)) for g in grads)


def _clip_at_equality(grads, max_norm):
    return _clip_generic(grads, max_norm, math.sqrt(_sum_sq(grads)), strict=False)


def _clip_sum_of_norms(grads, max_norm):
    return _clip_generic(grads, max_norm, sum(float(np.sqrt(np.sum(g * g))) for g in grads))


def _clip_squared_norm(grads, max_norm):
    return _clip_generic(grads, max_norm, _sum_sq(grads))


def _clip_no_guard(grads, max_norm):  # differs by 1e-6 / total_norm relative
    return _clip_generic(grads, max_norm, math.sqrt(_sum_sq(grads)), guard=0.0)


def _clip_clamped_factor(grads, max_norm):  # torch's form; "below max_norm 9e-12" shows it
    total_norm = math.sqrt(_sum_sq(grads))
    factor = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * factor for g in grads], total_norm


def _clip_norm_after(grads, max_norm):
    clipped, _ = _clip_generic(grads, max_norm, math.sqrt(_sum_sq(grads)))
    return clipped, math.sqrt(_sum_sq(clipped))


CLIP_GRAD_NORM = Exercise(
    name="clip_grad_norm",
    points=2,
    difficulty="medium",
    hints=(
        "The norm is over all entries of all arrays together, as if they were one long "
        "vector.",
        "total_norm = sqrt(sum of every array's sum of squares). Clip only when it is "
        "strictly greater than max_norm, with one factor max_norm / (total_norm + 1e-6) "
        "for every array. Return new arrays either way.",
    ),
    cases=_clip_cases,
    tol=Tol(rtol=1e-9, atol=1e-12),  # the 1e-6 guard moves results by ~2e-7 relative
    returns=("clipped", "total_norm"),
    copies=True,  # "new arrays (copies even when nothing is clipped)"
    misconceptions=(
        Misconception("looks like each array was clipped separately; one factor from the "
                      "total norm of all arrays keeps the gradient's direction",
                      _clip_each_array),
        # Before the next one: it matches this mistake too, except on one case.
        Misconception("looks like the factor was clamped, min(1, max_norm / (total_norm "
                      "+ 1e-6)), as torch does; that also shrinks norms just below max_norm. "
                      "Scale only when total_norm > max_norm", _clip_clamped_factor),
        Misconception("looks like a norm equal to max_norm was clipped; clip only when "
                      "total_norm > max_norm", _clip_at_equality),
        Misconception("looks like the per-array norms were added; the total norm is the "
                      "square root of the sum of all squares", _clip_sum_of_norms),
        Misconception("looks like total_norm is the squared norm: take the square root",
                      _clip_squared_norm),
        Misconception("looks like the 1e-6 is missing: the factor is "
                      "max_norm / (total_norm + 1e-6)", _clip_no_guard),
        Misconception("looks like total_norm was measured after clipping; return the norm "
                      "before clipping", _clip_norm_after),
    ),
)


# --- classify_critical_point ------------------------------------------------------


def _with_eigenvalues(rng, eigenvalues):
    """A random rotation of diag(eigenvalues), symmetrised."""
    n = len(eigenvalues)
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    h = (q * np.asarray(eigenvalues, dtype=float)) @ q.T
    return (h + h.T) / 2


def _classify_cases(rng):
    yield Case("random positive definite 3x3", {"hessian": _spd(rng, 3)})
    yield Case("random negative definite 4x4", {"hessian": -_spd(rng, 4)})
    yield Case("[[1, 2], [2, 1]]: positive diagonal, eigenvalues 3 and -1", {
        "hessian": np.array([[1.0, 2.0], [2.0, 1.0]])})
    yield Case("random 4x4 with eigenvalues of both signs", {
        "hessian": _with_eigenvalues(rng, [2.0, 0.5, -1.0, -3.0])})
    yield Case("diag(-1, -1, 2): positive determinant, still a saddle", {
        "hessian": np.diag([-1.0, -1.0, 2.0])})
    yield Case("eigenvalues 2, 0, -3: a zero eigenvalue, still a saddle", {
        "hessian": _with_eigenvalues(rng, [2.0, 0.0, -3.0])})
    yield Case("eigenvalues 100, 5e-9, -100, -100: one within tol, still a saddle", {
        "hessian": _with_eigenvalues(rng, [100.0, 5e-9, -100.0, -100.0])})
    yield Case("positive semidefinite, eigenvalues 3, 1, 0 (degenerate)", {
        "hessian": _with_eigenvalues(rng, [3.0, 1.0, 0.0])})
    yield Case("negative semidefinite, eigenvalues -2, 0 (degenerate)", {
        "hessian": _with_eigenvalues(rng, [-2.0, 0.0])})
    yield Case("the zero matrix (degenerate)", {"hessian": np.zeros((3, 3))})
    yield Case("1x1 [[5]]", {"hessian": np.array([[5.0]])})
    c, s = math.cos(0.5), math.sin(0.5)
    rotation = np.array([[c, -s], [s, c]])
    yield Case("eigenvalues 3 and -1e-10, within tol of 0 (degenerate)", {
        "hessian": rotation @ np.diag([3.0, -1e-10]) @ rotation.T})
    yield Case("smallest eigenvalue 1e-10, below the default tol 1e-8 (degenerate)", {
        "hessian": _with_eigenvalues(rng, [3.0, 1e-10])})
    h = _with_eigenvalues(rng, [3.0, 1e-10])
    yield Case("smallest eigenvalue 1e-10 with tol = 1e-12 (minimum)", {"hessian": h,
                                                                        "tol": 1e-12})
    yield Case("eigenvalue exactly equal to tol: diag(1, 0.25), tol = 0.25 (degenerate)", {
        "hessian": np.diag([1.0, 0.25]), "tol": 0.25})
    yield Case("diag(-1, -0.25), tol = 0.25 (degenerate)", {
        "hessian": np.diag([-1.0, -0.25]), "tol": 0.25})
    # tol is absolute: the Hessian's scale must not move the threshold.
    yield Case("large curvature: diag(1e9, 2e-8), smallest just above tol (minimum)", {
        "hessian": np.diag([1e9, 2e-8])})
    yield Case("large curvature: eigenvalues -1e9, -0.5, -3 (maximum)", {
        "hessian": _with_eigenvalues(rng, [-1e9, -0.5, -3.0])})
    yield Case("tiny curvature: eigenvalues 1e-12 and 3e-12, all within tol (degenerate)", {
        "hessian": _with_eigenvalues(rng, [1e-12, 3e-12])})
    yield Case("tiny curvature: eigenvalues 1e-12, -3e-12 with tol = 1e-13 (saddle)", {
        "hessian": _with_eigenvalues(rng, [1e-12, -3e-12]), "tol": 1e-13})


def _classify_from(values, tol):
    values = np.asarray(values)
    if np.all(values > tol):
        return "minimum"
    if np.all(values < -tol):
        return "maximum"
    if np.any(values > tol) and np.any(values < -tol):
        return "saddle"
    return "degenerate"


def _classify_diagonal(hessian, tol=1e-8):
    return _classify_from(np.diag(hessian), tol)


def _classify_determinant(hessian, tol=1e-8):
    det = np.linalg.det(hessian)
    if det > tol:
        return "minimum" if hessian[0, 0] > 0 else "maximum"
    if det < -tol:
        return "saddle"
    return "degenerate"


def _classify_ignores_tol(hessian, tol=1e-8):
    return _classify_from(np.linalg.eigvalsh(hessian), 0.0)


def _classify_relative_tol(hessian, tol=1e-8):
    values = np.linalg.eigvalsh(hessian)
    return _classify_from(values, tol * np.max(np.abs(values)))


def _classify_zero_first(hessian, tol=1e-8):
    values = np.linalg.eigvalsh(hessian)
    if np.any(np.abs(values) <= tol):
        return "degenerate"
    return _classify_from(values, tol)


CLASSIFY_CRITICAL_POINT = Exercise(
    name="classify_critical_point",
    points=1,
    difficulty="easy",
    hints=(
        "The signs of the Hessian's eigenvalues say how the function curves along each "
        "principal direction.",
        "Use np.linalg.eigvalsh (the Hessian is symmetric), then count eigenvalues "
        "> tol and < -tol. Only when neither sign rules everything and the point is not "
        "a saddle is it degenerate.",
    ),
    cases=_classify_cases,
    misconceptions=(
        Misconception("looks like the diagonal entries were tested; the eigenvalues "
                      "decide (np.linalg.eigvalsh)", _classify_diagonal),
        Misconception("looks like the determinant's sign decided it; beyond 2-D it cannot "
                      "tell a minimum, a maximum and a saddle apart", _classify_determinant),
        Misconception("looks like eigenvalues within tol of 0 counted as nonzero; only "
                      "those > tol or < -tol count (abs value <= tol is zero)",
                      _classify_ignores_tol),
        Misconception("looks like any eigenvalue within tol made it degenerate; with "
                      "eigenvalues of both signs it is still a saddle", _classify_zero_first),
        Misconception("looks like tol was scaled by the Hessian's size (its largest "
                      "eigenvalue or its norm); tol is absolute: an eigenvalue counts as "
                      "zero when abs(value) <= tol", _classify_relative_tol),
    ),
)


# --- newton_step ------------------------------------------------------------------


_NEWTON_RELATIVE = ("the singularity test is relative: raise only when the smallest singular "
                    "value is <= n * eps * the largest (no absolute threshold, no det)")


def _newton_cases(rng):
    H = _spd(rng, 3)
    yield Case("random positive definite 3x3 Hessian", {
        "grad": rng.normal(size=3), "hessian": H, "x": rng.normal(size=3)})
    A = _spd(rng, 4)
    b = rng.normal(size=4)
    x = rng.normal(size=4)
    yield Case("a quadratic: one step lands on its minimiser A^-1 b", {
        "grad": A @ x - b, "hessian": A, "x": x})
    yield Case("indefinite Hessian (eigenvalues 2, -1, 0.5)", {
        "grad": rng.normal(size=3), "hessian": _with_eigenvalues(rng, [2.0, -1.0, 0.5]),
        "x": rng.normal(size=3)},
        why="an indefinite Hessian (eigenvalues of both signs) is fine: solve H d = grad "
            "with H as given; do not reject it (Cholesky does) or flip its eigenvalues")
    yield Case("1x1 Hessian [[4]]", {
        "grad": np.array([2.0]), "hessian": np.array([[4.0]]), "x": np.array([1.0])})
    yield Case("tiny but well-conditioned Hessian (entries about 1e-30)", {
        "grad": 1e-30 * rng.normal(size=2), "hessian": 1e-30 * _spd(rng, 2),
        "x": rng.normal(size=2)}, why=_NEWTON_RELATIVE)
    yield Case("ill-conditioned but nonsingular (condition number 1e4)", {
        "grad": rng.normal(size=3), "hessian": _with_eigenvalues(rng, [1.0, 0.1, 1e-4]),
        "x": rng.normal(size=3)})
    # Just inside the singularity test (s_min / s_max = 4.5 eps, above n eps) at three
    # scales. Diagonal, so every correct solve is exact despite cond(H) ~ 1e15.
    yield Case("just nonsingular: diag(1, 1e-15), s_min / s_max = 4.5 eps > 2 eps", {
        "grad": rng.normal(size=2), "hessian": np.diag([1.0, 1e-15]),
        "x": rng.normal(size=2)}, why=_NEWTON_RELATIVE)
    yield Case("just nonsingular at scale 1e9: diag(1e9, 1e-6), s_min / s_max = 4.5 eps", {
        "grad": rng.normal(size=2), "hessian": np.diag([1e9, 1e-6]),
        "x": rng.normal(size=2)}, why=_NEWTON_RELATIVE)
    yield Case("just nonsingular at scale 1e-12: diag(2e-12, 1e-12, 2e-27), 4.5 eps > 3 eps", {
        "grad": rng.normal(size=3), "hessian": np.diag([2e-12, 1e-12, 2e-27]),
        "x": rng.normal(size=3)}, why=_NEWTON_RELATIVE)


def _newton_errors(rng):
    yield Case("an exactly singular Hessian [[1, 1], [1, 1]]", {
        "grad": np.array([1.0, 2.0]), "hessian": np.array([[1.0, 1.0], [1.0, 1.0]]),
        "x": np.zeros(2)})
    yield Case("a Hessian with a zero row and column", {
        "grad": np.ones(3), "hessian": np.diag([2.0, 0.0, 3.0]), "x": np.zeros(3)})
    yield Case("the zero Hessian", {
        "grad": np.ones(2), "hessian": np.zeros((2, 2)), "x": np.zeros(2)})
    # Singular values 1 and 1e-20: far below the threshold 2 * eps * 1 = 4.4e-16.
    yield Case("near-singular diag(1, 1e-20)", {
        "grad": np.ones(2), "hessian": np.diag([1.0, 1e-20]), "x": np.zeros(2)})
    yield Case("near-singular: a 1e-20 block next to [[2, 1], [1, 2]]", {
        "grad": np.ones(3), "x": np.zeros(3),
        "hessian": np.array([[1e-20, 0.0, 0.0], [0.0, 2.0, 1.0], [0.0, 1.0, 2.0]])})
    # At and just past the threshold n * eps * s_max, at three scales.
    yield Case("exactly at the threshold: diag(1, 2^-51), s_min = 2 * eps * s_max", {
        "grad": np.ones(2), "hessian": np.diag([1.0, 2.0**-51]), "x": np.zeros(2)})
    yield Case("just singular for n = 3: diag(2, 1, 1e-15), s_min / s_max = 2.25 eps "
               "<= 3 eps", {
                   "grad": np.ones(3), "hessian": np.diag([2.0, 1.0, 1e-15]),
                   "x": np.zeros(3)})
    yield Case("just singular at scale 1e9: diag(1e9, 3e-7), s_min / s_max = 1.35 eps", {
        "grad": np.ones(2), "hessian": np.diag([1e9, 3e-7]), "x": np.zeros(2)})
    yield Case("just singular at scale 1e-12: diag(1e-12, 3e-28), s_min / s_max = 1.35 eps",
               {"grad": np.ones(2), "hessian": np.diag([1e-12, 3e-28]), "x": np.zeros(2)})


def _newton_uphill(grad, hessian, x):
    return x + np.linalg.solve(hessian, grad)


def _newton_multiplies(grad, hessian, x):
    return x - hessian @ grad


def _newton_diagonal(grad, hessian, x):
    return x - grad / np.diag(hessian)


def _newton_returns_step(grad, hessian, x):
    return np.linalg.solve(hessian, grad)


def _newton_gradient_step(grad, hessian, x):
    return x - grad


NEWTON_STEP = Exercise(
    name="newton_step",
    points=2,
    difficulty="medium",
    hints=(
        "Newton's step d satisfies H d = grad. Which NumPy function finds d without "
        "forming H^-1?",
        "Test singularity with the docstring's rule on the singular values "
        "(np.linalg.svd can skip the vectors), before solving anything; then let "
        "np.linalg.solve find d.",
    ),
    cases=_newton_cases,
    errors=_newton_errors,
    # cond(H) <= 1e4 in the cases: any backward-stable solve is within ~1e-12.
    tol=Tol(rtol=1e-8, atol=1e-10),
    forbidden=("np.linalg.inv", "np.linalg.pinv"),
    misconceptions=(
        Misconception("looks like the step went the wrong way: x - H^-1 grad",
                      _newton_uphill),
        Misconception("looks like grad was multiplied by the Hessian; Newton divides by "
                      "it: solve H d = grad", _newton_multiplies),
        Misconception("looks like only the Hessian's diagonal was used; solve with the "
                      "whole matrix", _newton_diagonal),
        Misconception("looks like the step d = H^-1 grad was returned; return the new "
                      "point x - d", _newton_returns_step),
        Misconception("looks like a plain gradient step x - grad; Newton rescales it by "
                      "H^-1", _newton_gradient_step),
    ),
)


EXERCISES = [  # the order learners go
    MSE_GRAD,
    SOFTMAX,
    CROSS_ENTROPY_LOSS,
    CROSS_ENTROPY_GRAD,
    GRADIENT_DESCENT,
    SGD_MOMENTUM_STEP,
    RMSPROP_STEP,
    ADAM_STEP,
    ADAMW_STEP,
    COSINE_LR,
    CLIP_GRAD_NORM,
    CLASSIFY_CRITICAL_POINT,
    NEWTON_STEP,
]
