"""Recall questions, for answering cold (``nox -s quiz``).

One question per exercise, made from its docstring's "Why interviewers ask" line, and
one per common mistake in the study guide. Each has a short model answer (two to five
sentences) written for this kata: say yours out loud first, then compare.
"""

from __future__ import annotations

from graders import catalog

# Exercise name -> (question, model answer).
QUESTIONS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ linear algebra
    "matmul": (
        "Write (AB)_ij as a broadcast followed by a reduction. Which axis is summed, and "
        "which shapes must agree?",
        "(AB)_ij = sum_k A_ik B_kj, so A's columns must match B's rows: (n, k) times (k, m) "
        "gives (n, m). As a broadcast, A[:, :, None] * B[None, :, :] has shape (n, k, m), "
        "and summing over the middle axis (k) gives the product. Most shape bugs are a "
        "reduction over the wrong axis, so naming the summed axis is the point."),
    "cosine_similarity_matrix": (
        "How do you compute every pairwise cosine similarity between two sets of "
        "embeddings, and what are the two classic crashes?",
        "Divide each row by its L2 norm, then one matrix product gives all the cosines. A "
        "zero vector has no direction, so its norm must not be divided by: define its "
        "similarity as 0 instead of producing nan. Rounding can give 1.0000000000000002 "
        "for parallel vectors, so clip to [-1, 1] before arccos or anything that assumes "
        "the range."),
    "power_iteration": (
        "How does power iteration find the dominant eigenvector, and what decides how "
        "fast it converges?",
        "Repeatedly multiply a vector by A and normalise it: the component along the "
        "eigenvector with the largest abs(eigenvalue) grows fastest and takes over. The "
        "error shrinks by a factor abs(lambda_2 / lambda_1) per step, so close eigenvalues "
        "mean slow convergence. The Rayleigh quotient v^T A v gives the eigenvalue with "
        "its sign. PageRank and spectral-norm estimates use exactly this."),
    "pca": (
        "How do you compute PCA with the SVD, and what are the usual slips?",
        "Centre each column, take the SVD X_c = U S V^T, and the principal directions are "
        "the rows of V^T (the columns of V); the projections are U S, or X_c times the "
        "directions. Explained variances are s^2 / (n - 1). The usual slips are forgetting "
        "to centre, dividing by n instead of n - 1, and taking columns of V^T instead of "
        "rows. Components are defined only up to sign."),
    "low_rank_approximation": (
        "What is the best rank-k approximation of a matrix, and why is it optimal?",
        "Keep the k largest singular values and their singular vectors: A_k = U_k S_k "
        "V_k^T. The Eckart-Young theorem says no rank-k matrix is closer in the Frobenius "
        "(or spectral) norm; the error is the root of the sum of the discarded s_i^2. This "
        "is the idea behind LoRA's low-rank updates, compression and matrix-factorisation "
        "recommenders."),
    "least_squares": (
        "Why not solve least squares by inverting X^T X?",
        "Forming X^T X squares the condition number: cond(X) = 1e7 becomes 1e14, leaving "
        "about two correct digits in double precision. A QR factorisation X = QR reduces "
        "the problem to the triangular system R w = Q^T y, which works with X itself and "
        "keeps cond(X). Solving is also cheaper and more stable than forming any inverse."),
    "gram_schmidt_qr": (
        "What is Gram-Schmidt, and why is the modified version preferred in floating "
        "point?",
        "It builds an orthonormal basis by taking each column, removing its components "
        "along the basis vectors found so far, and normalising what is left. Classical "
        "Gram-Schmidt computes all the projections from the original column, so rounding "
        "errors accumulate and the columns of Q drift away from orthogonal. The modified "
        "version subtracts each projection from the updated vector in turn, which keeps Q "
        "much closer to orthogonal."),
    "numerical_jacobian": (
        "How do you check a hand-written gradient or Jacobian?",
        "Compare it with central differences: column j is (f(x + eps e_j) - f(x - eps "
        "e_j)) / (2 eps). The central formula has error O(eps^2), against O(eps) for the "
        "one-sided one, so eps around 1e-6 gives several matching digits. Compare with a "
        "relative error; a large mismatch in one coordinate points at the bug."),
    "numerical_hessian": (
        "Why does the Hessian matter, and how do you estimate it numerically?",
        "At a critical point its eigenvalues decide between minimum (all positive), "
        "maximum (all negative) and saddle (mixed signs), and Newton's method uses it to "
        "scale the step. Numerically, with steps of size eps along e_i and e_j, H_ij = "
        "(f(++) - f(+-) - f(-+) + f(--)) / (4 eps^2), where f(+-) is f(x + eps e_i - eps "
        "e_j). Symmetrise the result, since the true Hessian is symmetric."),
    "softmax_jacobian": (
        "What is the Jacobian of softmax, and what trap hides in computing it?",
        "With s = softmax(z), ds_i / dz_j = s_i (delta_ij - s_j), which is diag(s) - s "
        "s^T. It is the piece backpropagation needs through attention weights and "
        "classifier outputs. The trap is computing s with exp(z) directly: exp(1000) "
        "overflows, so subtract max(z) first, which does not change s."),
    "mahalanobis_distance": (
        "What is the Mahalanobis distance, and how should you compute it?",
        "It is sqrt((x - mu)^T S^-1 (x - mu)): a distance that accounts for each "
        "direction's variance and the correlations, so it equals the Euclidean distance "
        "when S = I. It underlies Gaussian anomaly detection and LDA. Compute it by "
        "solving with a Cholesky factor of S rather than inverting S, and subtract the "
        "mean before forming the quadratic form."),
    # ------------------------------------------------------------ probability
    "bayes_posterior": (
        "A test is 99% accurate for a disease 1 in 1000 people have. You test positive: "
        "how likely are you to have it, and why?",
        "Bayes: P(D | +) = P(+ | D) P(D) / P(+), where P(+) sums over both hypotheses: "
        "0.99 * 0.001 + 0.01 * 0.999, about 0.011. So P(D | +) is about 0.09, only 9%, "
        "because false positives from the healthy majority outnumber true positives. The "
        "mistake is reading the likelihood 0.99 as the posterior and ignoring the base "
        "rate."),
    "entropy": (
        "What is entropy, and what does it have to do with cross-entropy loss?",
        "H(p) = -sum p_i log p_i, the expected surprise of outcomes drawn from p; it is "
        "the smallest average code length for p. Cross-entropy H(p, q) = H(p) + KL(p || "
        "q) is never below it, so entropy is the floor of the loss. Terms with p_i = 0 "
        "contribute 0 by convention; computing 0 * log 0 literally gives nan."),
    "cross_entropy": (
        "What is cross-entropy, and how does it differ from KL divergence?",
        "H(p, q) = -sum p_i log q_i: the expected code length when data from p are "
        "encoded with a code built for q. It equals H(p) + KL(p || q), so the two differ "
        "by the entropy of p, a constant when p is the data. That is why minimising "
        "cross-entropy and minimising KL give the same model; with a one-hot p, H(p) = 0 "
        "and the loss is -log q_true."),
    "kl_divergence": (
        "What is KL divergence, and why does its direction matter?",
        "KL(p || q) = sum p_i log(p_i / q_i) >= 0, zero only when p = q, and not "
        "symmetric. Forward KL(p || q) punishes q for missing mass where p has it, so q "
        "spreads to cover every mode (mass-covering); reverse KL(q || p), used in "
        "variational inference, punishes q for putting mass where p has little, so it "
        "locks onto one mode. It is cross-entropy minus entropy, not cross-entropy "
        "itself."),
    "js_divergence": (
        "What is the Jensen-Shannon divergence, and why did it matter for GANs?",
        "JS(p, q) = (KL(p || m) + KL(q || m)) / 2 with m = (p + q) / 2: symmetric, finite "
        "and at most log 2. The original GAN's generator, against an optimal "
        "discriminator, minimises JS. When the real and generated distributions have "
        "disjoint supports JS is stuck at log 2, so its gradient vanishes; that motivated "
        "the Wasserstein GAN."),
    "logsumexp": (
        "How do you compute log(sum(exp(x))) without overflow, and where is it used?",
        "Subtract the maximum first: logsumexp(x) = m + log(sum(exp(x - m))) with m = "
        "max(x), so every exponent is at most 0 and at least one term is 1. Computed "
        "naively, exp(1000) is inf and the loss becomes nan. It sits inside log-softmax, "
        "cross-entropy, mixture likelihoods and the forward algorithm; take care when "
        "every entry is -inf."),
    "gaussian_log_pdf": (
        "How do you compute a multivariate Gaussian log density stably?",
        "log N(x) = -(d log(2 pi) + log det S + (x - mu)^T S^-1 (x - mu)) / 2. Take a "
        "Cholesky factor S = L L^T: log det S is 2 sum log L_ii, and the quadratic form "
        "is the squared norm of the solution of L z = x - mu. Never compute det(S) "
        "itself: in high dimension it underflows to 0 or overflows. GMMs, VAEs and "
        "Gaussian processes all need this."),
    "gaussian_mle": (
        "Derive the maximum-likelihood estimates of a Gaussian. Why n and not n - 1?",
        "Setting the gradient of the log-likelihood to zero gives the sample mean, and "
        "the covariance (1/n) sum (x_i - mu)(x_i - mu)^T. Dividing by n is the MLE; it is "
        "biased low because the mean was estimated from the same data. Dividing by n - 1 "
        "gives the unbiased estimate, which np.cov uses by default."),
    "gaussian_kl": (
        "Where does the closed-form KL between two Gaussians appear, and what does it "
        "contain?",
        "It is the regulariser in every VAE loss (the posterior against N(0, I)) and the "
        "trust-region constraint in TRPO. KL(N0 || N1) = (tr(S1^-1 S0) + (mu1 - mu0)^T "
        "S1^-1 (mu1 - mu0) - d + log det S1 - log det S0) / 2. Compute it with "
        "log-determinants and solves, not det and inverses, and mind the order: it is not "
        "symmetric."),
    "beta_bernoulli_map": (
        "What is the MAP estimate of a coin's bias under a Beta prior, and why is it "
        "regularisation?",
        "With k heads in n flips and a Beta(alpha, beta) prior, the posterior is "
        "Beta(k + alpha, n - k + beta) and its mode is (k + alpha - 1) / (n + alpha + "
        "beta - 2). The prior acts like alpha - 1 extra heads and beta - 1 extra tails, "
        "pulling small-sample estimates away from 0 and 1. With alpha = beta = 2 that is "
        "Laplace (add-one) smoothing; the MLE k / n is the case alpha = beta = 1."),
    "linear_regression_mle": (
        "Why is mean squared error the right loss for linear regression with Gaussian "
        "noise?",
        "If y = X w + noise with noise ~ N(0, sigma^2), the negative log-likelihood is "
        "sum (y_i - x_i w)^2 / (2 sigma^2) plus terms without w. Maximising the "
        "likelihood is therefore minimising squared error, giving least squares. The MLE "
        "of sigma^2 is the mean squared residual (divide by n); dividing by n - d gives "
        "the unbiased estimate instead."),
    "bernoulli_nll": (
        "What is logistic regression's loss, and why do frameworks offer a 'with logits' "
        "version?",
        "It is the Bernoulli negative log-likelihood: -mean(y log sigmoid(z) + (1 - y) "
        "log(1 - sigmoid(z))). Computing sigmoid first and then the log underflows: for z "
        "= -1e4, sigmoid(z) rounds to 0 and log gives -inf. Written in z directly, each "
        "term is softplus(z) - y z, computed stably as max(z, 0) - y z + log1p(exp(-abs(z)))."),
    # ------------------------------------------------------------ optimization
    "mse_grad": (
        "Derive the gradient of mean squared error for a linear model.",
        "L(w) = (1/n) ||X w - y||^2, so grad L = (2/n) X^T (X w - y). The 2 comes from "
        "differentiating the square, the 1/n from the mean. Dropping either silently "
        "rescales the learning rate, so the model may still train, just with the wrong "
        "step size."),
    "softmax": (
        "Why subtract the maximum before a softmax?",
        "softmax(z)_i = exp(z_i) / sum_j exp(z_j), and exp(1000) is inf in floating point, "
        "so the ratio becomes inf / inf = nan. Subtracting max(z) from every logit "
        "multiplies numerator and denominator by the same exp(-max), which cancels, and "
        "keeps every exponent at most 0. It is the difference between a loss that trains "
        "and one that turns into NaN."),
    "cross_entropy_loss": (
        "How do you compute softmax cross-entropy from logits without overflow or "
        "underflow?",
        "The loss of one example is -log softmax(z)_c = logsumexp(z) - z_c. Compute "
        "logsumexp with the max subtracted, pick z_c with one index per row, and average. "
        "Never take log(softmax(z)): a probability that underflows to 0 gives -inf, and "
        "adding an eps inside the log gives a wrong, capped loss."),
    "cross_entropy_grad": (
        "What is the gradient of softmax cross-entropy with respect to the logits?",
        "For one example it is softmax(z) - onehot(y): prediction minus target. For the "
        "mean over n examples each row is divided by n, and that 1/n sets the effective "
        "step size. The simple form comes from the log in the loss cancelling the exp in "
        "the softmax."),
    "gradient_descent": (
        "Write gradient descent, and say what limits the learning rate.",
        "x_{t+1} = x_t - lr * grad f(x_t). On a quadratic with Hessian A it converges only "
        "if 0 < lr < 2 / lambda_max(A); beyond that the steepest direction overshoots, "
        "oscillates and diverges. The condition number lambda_max / lambda_min decides "
        "how slowly the flattest direction converges. When training diverges, the "
        "learning rate against this limit is the first thing to check."),
    "sgd_momentum_step": (
        "Write SGD with momentum. What does the velocity hold, and why does it help?",
        "In PyTorch's form, v' = mu v + g and p' = p - lr v' (Nesterov uses g + mu v' for "
        "the step). The velocity is an exponentially weighted sum of past gradients, so "
        "steps build up along directions where gradients agree and cancel where they "
        "oscillate. That carries the parameters through ravines, plateaus and saddles "
        "faster than plain SGD."),
    "rmsprop_step": (
        "What does RMSProp do, and how does it relate to Adam?",
        "It keeps a running average of squared gradients, s' = rho s + (1 - rho) g^2, and "
        "divides each coordinate's step by sqrt(s') + eps. Coordinates with large "
        "gradients take smaller steps and those with small gradients larger ones, a "
        "per-coordinate learning rate. Adam is RMSProp plus momentum (a first moment) and "
        "bias correction."),
    "adam_step": (
        "Write the Adam update from memory. Why the bias correction?",
        "m' = b1 m + (1 - b1) g and v' = b2 v + (1 - b2) g^2; m_hat = m' / (1 - b1^t), "
        "v_hat = v' / (1 - b2^t); p' = p - lr m_hat / (sqrt(v_hat) + eps). m and v start "
        "at zero, so early averages are biased towards zero; dividing by 1 - beta^t "
        "removes that bias exactly for a constant gradient. Without it the first steps "
        "are badly scaled."),
    "adamw_step": (
        "Why AdamW rather than Adam with L2 regularisation?",
        "With L2 the penalty's gradient wd * p is added to g and then divided by "
        "sqrt(v_hat), so weights with large gradients are barely regularised. AdamW "
        "decouples the decay: it takes the Adam step on the loss gradient alone and "
        "shrinks the weights directly, p' = p - lr (m_hat / (sqrt(v_hat) + eps) + wd p). "
        "Every weight then decays at the same rate, which generalises better in "
        "practice."),
    "cosine_lr": (
        "Why do large models use warmup followed by cosine decay?",
        "Warmup ramps the learning rate linearly from near zero, because early on the "
        "weights and Adam's moment estimates are poor and a full-size step can blow up "
        "training. Cosine decay then lowers it smoothly to a minimum: large steps explore "
        "early, small steps settle into a minimum late. It has few knobs and no abrupt "
        "drops."),
    "clip_grad_norm": (
        "How does gradient clipping by global norm work, and why one factor for all "
        "parameters?",
        "Compute the L2 norm of all gradients together; if it exceeds max_norm, multiply "
        "every gradient by max_norm / norm. One shared factor keeps the direction of the "
        "full gradient and only shortens the step; clipping each tensor separately would "
        "change the direction. It is the standard guard against exploding gradients in "
        "RNNs and transformers."),
    "classify_critical_point": (
        "How do you tell a minimum from a saddle point, and which is common in high "
        "dimensions?",
        "Look at the Hessian's eigenvalues at the critical point: all positive is a local "
        "minimum, all negative a maximum, mixed signs a saddle. In high dimensions a "
        "random critical point needs every one of many eigenvalues to be positive to be "
        "a minimum, so saddles are far more common. That is why escaping saddles, not "
        "local minima, is the usual obstacle for gradient descent."),
    "newton_step": (
        "What is a Newton step, why solve rather than invert, and why is Newton rare in "
        "deep learning?",
        "x' = x - H^-1 g, computed by solving H d = g: a factorisation is cheaper and "
        "more accurate than forming H^-1. Near a minimum it converges quadratically, in "
        "very few steps. With millions of parameters the Hessian cannot even be stored "
        "and each solve costs O(d^3), and on non-convex losses it can step towards "
        "saddles, so deep learning uses first-order methods."),
    # ------------------------------------------------------------ bias-variance
    "bias_variance_decomposition": (
        "Explain the bias-variance decomposition of mean squared error.",
        "For a model refitted on many training sets, expected error = bias^2 + variance "
        "+ noise. Bias is how far the average prediction is from the truth (too simple a "
        "model); variance is how much predictions scatter between training sets (too "
        "flexible a model). More complexity usually lowers bias and raises variance, and "
        "the best model balances the two."),
    "polynomial_features": (
        "How does polynomial degree show under- and overfitting?",
        "Expanding x into 1, x, ..., x^degree lets a linear model fit curves, and the "
        "degree is the complexity knob. A low degree underfits (high bias: both errors "
        "high); a high degree overfits (low training error, high validation error as it "
        "chases noise). Plotting both errors against degree draws the classic U-shaped "
        "validation curve."),
    "ridge_fit": (
        "How does ridge regression work, and why is the intercept not penalised?",
        "Ridge minimises ||y - X w - b||^2 + lam ||w||^2, shrinking weights towards zero "
        "and reducing variance. With centred data, w = (X^T X + lam I)^-1 X^T y and b is "
        "the mean of y minus the mean of X times w. The intercept is left out of the "
        "penalty because shifting y by a constant should shift predictions by the same "
        "constant; penalising b would bias every prediction towards zero."),
    "ridge_effective_dof": (
        "How many parameters does a ridge model really have?",
        "Its effective degrees of freedom: the trace of the hat matrix, sum s_i^2 / (s_i^2 "
        "+ lam) over X's singular values. With lam = 0 that is the rank of X (all the "
        "parameters); as lam grows it falls smoothly towards 0. It measures complexity "
        "continuously, linking the penalty strength to how flexible the model is."),
    "soft_threshold": (
        "What is soft thresholding, and why does it make the lasso's zeros exact?",
        "S(z, lam) = sign(z) max(abs(z) - lam, 0): values within lam of zero become "
        "exactly 0 and the rest shrink by lam. It is the exact minimiser of the "
        "one-dimensional lasso problem and the step inside coordinate descent and ISTA. "
        "L2 only scales values down, never to zero, which is why ridge does not select "
        "features."),
    "lasso_coordinate_descent": (
        "How is the lasso fitted in practice, and where do its exact zeros come from?",
        "Cyclic coordinate descent: for each coordinate, compute the correlation of X_j "
        "with the partial residual, soft-threshold it, and divide by ||X_j||^2 / n; "
        "update the residual and move on. Sweep until nothing changes. Each coordinate "
        "update is an exact 1-D lasso solution, so coefficients land exactly on zero "
        "whenever the correlation is below lam. scikit-learn and glmnet work this way."),
    "lasso_lambda_max": (
        "What is the smallest lasso penalty that makes every coefficient zero?",
        "lam_max = max_j abs(X_j . y) / n. At w = 0 the optimality (subgradient) "
        "condition requires abs(X_j . y) / n <= lam for every j, so any lam at or above "
        "that maximum keeps all weights at zero. Regularisation paths start there and "
        "decrease lam. It shows you understand the lasso's optimality conditions, not "
        "just the library call."),
    "min_norm_least_squares": (
        "With more features than samples, which solution does gradient descent find, "
        "and why does it matter?",
        "When d > n there are infinitely many interpolating solutions. Gradient descent "
        "from w = 0 stays in the row space of X and converges to the minimum-norm one, "
        "X^+ y, built from the SVD with tiny singular values treated as zero. That "
        "implicit bias towards small norm is one explanation of double descent: past the "
        "interpolation threshold, test error can fall again."),
    "kfold_indices": (
        "How does k-fold cross-validation split the data, and what is the classic bug?",
        "Split the n samples into k folds; each fold is the validation set once while "
        "the other k - 1 train, and the k scores are averaged. Folds should differ in "
        "size by at most one: the first n % k folds get one extra sample. Dumping the "
        "remainder in the last fold, or dropping it, is the classic off-by-one."),
    "select_ridge_lambda": (
        "How do you choose a regularisation strength without touching the test set?",
        "For each candidate lambda, run k-fold cross-validation on the training data: "
        "fit on k - 1 folds, measure error on the held-out fold, average the fold errors. "
        "Pick the lambda with the lowest average, then refit on all the training data. "
        "The test set is used once, at the end; fitting on the validation fold leaks it "
        "into the choice."),
    "vc_generalization_bound": (
        "What does the VC bound say about generalisation?",
        "With probability 1 - delta, true error <= training error + sqrt((8/n) ln(4 "
        "((2n)^d + 1) / delta)), where d is the VC dimension. The gap shrinks roughly "
        "like sqrt(d ln(n) / n): capacity must be small relative to the data for training "
        "error to mean anything. The bound is loose in practice, and deep networks "
        "generalise far better than it predicts."),
    "early_stopping": (
        "How does early stopping regularise, and where do implementations slip?",
        "Track validation loss each epoch and stop after `patience` epochs without an "
        "improvement of more than min_delta, keeping the weights from the best epoch. "
        "Training longer lets the model fit finer detail (and noise), so stopping early "
        "limits its effective complexity. The slips are the off-by-one in counting "
        "patience and using <= where the improvement must be strict."),
    # ------------------------------------------------------------ evaluation metrics
    "confusion_matrix": (
        "What is a confusion matrix, and which metrics come from it?",
        "C[i, j] counts samples of true class i predicted as class j: rows are the truth, "
        "columns the prediction. In the binary case its four cells are TN, FP, FN and TP. "
        "Accuracy, precision, recall, F1 and MCC are all functions of this table, so "
        "reading its axes the right way round comes first."),
    "precision_recall_f1": (
        "When do you care more about precision, and when about recall?",
        "Precision = TP / (TP + FP) is how many flagged items are right; recall = TP / (TP "
        "+ FN) is how many positives were found. A spam filter favours precision (a "
        "lost real email is costly); a cancer screen favours recall (a missed case is "
        "costly). F1 is their harmonic mean, and the 0/0 cases (nothing predicted, "
        "nothing positive) must be defined, usually as 0."),
    "f1_score": (
        "What is the difference between macro and micro F1, and when does it matter?",
        "Macro F1 averages the per-class F1 scores, so every class counts equally and a "
        "rare class that is always missed pulls it down. Micro F1 pools TP, FP and FN over "
        "classes first, so frequent classes dominate; for single-label multi-class it "
        "equals accuracy. On imbalanced data the two can tell very different stories, "
        "and weighted F1 sits in between."),
    "roc_curve": (
        "How is a ROC curve built efficiently?",
        "Sort by score, descending; the cumulative sums of positives and negatives give "
        "TP and FP at every threshold, and dividing by P and N gives TPR and FPR. Take "
        "one point per distinct score so ties do not depend on input order. This is "
        "O(n log n), instead of a pass over the data for every threshold."),
    "auc_roc": (
        "What does AUC-ROC mean as a probability, and what is it invariant to?",
        "AUC is the probability that a random positive scores higher than a random "
        "negative, ties counting one half: the Mann-Whitney U statistic divided by P * N. "
        "It depends only on the ranking, so any increasing transform of the scores "
        "leaves it unchanged, and it says nothing about calibration. It is computed in "
        "O(n log n) from ranks, never by comparing all pairs."),
    "average_precision": (
        "Why use average precision (AUC-PR) instead of AUC-ROC on imbalanced data?",
        "When negatives vastly outnumber positives, many false positives are still a "
        "small false-positive rate, so AUC-ROC can look excellent while most flagged "
        "items are wrong. Precision uses the false positives directly, so AP exposes it. "
        "AP averages the precision at each threshold, weighted by the recall gained "
        "there."),
    "ndcg_at_k": (
        "What is NDCG@k, and what are its parts?",
        "DCG sums each result's gain divided by log2(position + 1), so relevant items "
        "count more near the top. NDCG divides by the DCG of the ideal ordering, giving "
        "a score in [0, 1] comparable across queries. The follow-ups are the discount, "
        "the ideal normalisation, the cut-off k and the gain (linear rel or 2^rel - 1)."),
    "mean_reciprocal_rank": (
        "When is mean reciprocal rank the right metric, and how does it differ from MAP "
        "or NDCG?",
        "MRR averages 1 / rank of the first relevant result over queries, with 0 when "
        "none is found. It fits tasks where one good answer is enough: question "
        "answering, navigational search. MAP and NDCG reward every relevant result in "
        "the list, so they suit tasks where the user looks at several."),
    "bleu": (
        "How is BLEU computed, and why is sentence-level BLEU so often zero?",
        "BLEU is the geometric mean of modified n-gram precisions (n = 1 to 4), times a "
        "brevity penalty exp(1 - r/c) when the candidate is shorter than the reference. "
        "Each n-gram's count is clipped at its maximum count in any single reference, so "
        "repeating a word is not rewarded. Without smoothing a single missing 4-gram "
        "match makes a sentence's score 0, which is why BLEU is reported per corpus."),
    "corpus_bleu": (
        "Why is corpus BLEU not the mean of sentence BLEU scores?",
        "Corpus BLEU pools clipped n-gram matches, n-gram counts and lengths over all "
        "sentences before dividing, then applies one brevity penalty. Averaging sentence "
        "scores instead gives a different and pessimistic number, because many short "
        "sentences score exactly 0 without smoothing. Reported BLEU is corpus-level."),
    "perplexity": (
        "What is perplexity, and how do you compute it?",
        "Perplexity is exp of the mean per-token cross-entropy (in nats): the effective "
        "number of equally likely choices the model is torn between at each step. A "
        "uniform model over V tokens has perplexity V. Compute the log-probabilities as "
        "z_t - logsumexp(z), average, then take one exp."),
    "expected_calibration_error": (
        "What is calibration, and how does ECE measure it?",
        "A model is calibrated when, of the cases it gives probability 0.8, about 80% "
        "are positive. ECE bins the predicted probabilities and takes the bin-size-"
        "weighted mean of abs(fraction of positives - mean predicted probability) over "
        "the bins. A model can rank well (high AUC) and still be badly calibrated, and "
        "the binning choices change the value."),
    "matthews_corrcoef": (
        "Why is MCC more honest than accuracy or F1 on imbalanced data?",
        "MCC = (TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) is the correlation "
        "between predictions and labels, from -1 to 1, with 0 for chance. It uses all four "
        "cells, so a classifier that always predicts the majority class scores 0 however "
        "high its accuracy is. F1 ignores true negatives altogether."),
    # ------------------------------------------------------------ data leakage
    "standardize_train_test": (
        "Why must a scaler be fitted on the training set only?",
        "If the mean and standard deviation come from all the data, the test set's "
        "statistics leak into the features the model trains on, and the offline score "
        "is optimistic. In production the scaler only ever sees past (training) data. "
        "Fit on train, then apply the same transform to validation and test, and do the "
        "same for every fitted preprocessing step."),
    "time_series_splits": (
        "How do you cross-validate on time series, and why a gap?",
        "Use forward-chaining (expanding-window) splits: train on everything up to a "
        "time, test on the period after it, then grow the window. Shuffled k-fold trains "
        "on the future and tests on the past, which no deployed model can do. A gap "
        "between train and test stops features that look back over a window, or slowly "
        "arriving labels, from leaking across the boundary."),
    "group_kfold": (
        "Why split by group, and why can the folds not be perfectly even?",
        "Rows from the same patient or user are correlated; if they sit on both sides of "
        "a split the model can recognise the individual and the score is inflated. Group "
        "k-fold keeps each group entirely in one fold, so validation measures "
        "generalisation to new people. Groups have different sizes and cannot be split, "
        "so fold sizes can only be balanced approximately."),
    "find_duplicate_rows": (
        "Why check for duplicates between train and test, and how do you do it at scale?",
        "A test row that also appears in the training set is graded on something the "
        "model memorised, so every offline metric is inflated. Duplicates come from "
        "scraping, joins and resampling. At scale, hash or sort the rows instead of "
        "comparing every pair, taking care that -0.0 and 0.0 hash alike."),
    "near_duplicate_pairs": (
        "How do near-duplicates leak, and how do you find them?",
        "Re-posts, crops or templated text split across train and test leak like exact "
        "copies, yet hashing does not catch them. Embed the items, normalise, and find "
        "pairs whose cosine similarity is above a threshold. Compute the similarity "
        "matrix a block of rows at a time to bound memory, or use approximate "
        "nearest-neighbour search at larger scale."),
    "point_in_time_join": (
        "What is a point-in-time join, and what goes wrong without one?",
        "For each event, take the feature value that was known at the event's time: the "
        "latest row with a timestamp at or before it. Joining the current (latest) value "
        "instead lets training see the future, so the model looks great offline and "
        "fails in production, where only past values exist. Sort by time and "
        "binary-search, or use an as-of join."),
    "out_of_fold_target_encoding": (
        "Why does naive target encoding leak, and what is the fix?",
        "Encoding a category by the mean target over all rows includes each row's own "
        "label in its feature; for rare categories the encoding nearly is the label. The "
        "model looks brilliant offline and fails on new data. Out-of-fold encoding "
        "computes each row's value from the other folds only, so no row ever sees its own "
        "target."),
    "flag_leaky_features": (
        "How can you screen a dataset for target leakage quickly?",
        "Score each feature on its own, for example by its single-feature AUC against "
        "the label, and flag any that predicts the label almost perfectly. Such a feature "
        "is usually leakage: an ID that encodes the outcome, or a field filled in after "
        "the fact. Investigate flagged features before trusting a high score."),
    # ------------------------------------------------------------ feature engineering
    "one_hot_encode": (
        "How should one-hot encoding handle categories seen only at serving time?",
        "Fix the category list and its order at training time, and map an unseen value "
        "to a row of zeros (or an explicit 'other' column) instead of failing or adding "
        "a column. Otherwise the model crashes, or every later column shifts and the "
        "model silently reads the wrong features. The fitted encoder is part of the "
        "model and ships with it."),
    "min_max_scale": (
        "What does min-max scaling do, and what are its weaknesses?",
        "It maps each column linearly so its minimum goes to 0 (or low) and its maximum "
        "to 1 (or high). A constant column makes the range 0, so that case needs a rule "
        "instead of 0/0. A single outlier sets the range and squashes every other value "
        "into a tiny interval, and the min and max must come from the training data "
        "only."),
    "robust_scale": (
        "When do you prefer robust scaling, and how does it work?",
        "Subtract each column's median and divide by its interquartile range (Q3 - Q1). "
        "Unlike the mean, the standard deviation or the min and max, these barely move "
        "when a few huge outliers are present. Use it when the data have heavy tails or "
        "errors; when the IQR is 0, divide by 1 instead."),
    "impute": (
        "How do you impute missing values without leaking?",
        "Compute the fill values (mean, median or mode) on the training set only, then "
        "use the same values for validation and test data. Computing them on all the "
        "data, or on the test set, leaks its distribution into the model. A 'was "
        "missing' indicator can help when missingness itself carries information."),
    "smoothed_target_encoding": (
        "What is smoothed target encoding, and why smooth?",
        "Replace each category by (count * category mean + m * global mean) / (count + "
        "m): the category's mean target, shrunk towards the global mean by a prior "
        "weight m. Rare categories have noisy means, so without smoothing the encoding "
        "memorises their few targets and the model overfits. Fit it out of fold, and map "
        "unseen categories to the global mean."),
    "hash_features": (
        "What is the hashing trick, and what does it cost?",
        "Map each token to a column by a stable hash modulo the number of columns, and "
        "count. Memory is fixed however large or open the vocabulary is, and no "
        "dictionary is stored. The price is collisions: unrelated tokens share a "
        "column. The hash must be stable across processes (not Python's salted hash())."),
    "quantile_bins": (
        "What is quantile binning, and when is it useful?",
        "Cut a feature at its quantiles so each bin holds about the same number of "
        "samples. It makes skewed features such as income or counts robust to outliers "
        "and lets a linear model fit a step-shaped effect. Ties can make several "
        "quantiles equal; merge the repeated edges, and be consistent about which side "
        "of an edge a value goes."),
    "mutual_information": (
        "What does mutual information measure, and why use it for feature selection?",
        "I(X; Y) = sum p(x, y) log(p(x, y) / (p(x) p(y))): the KL divergence between the "
        "joint distribution and the product of the marginals. It is zero exactly when X "
        "and Y are independent and captures any dependence, not only linear correlation. "
        "That makes it a model-free score of how much a feature tells about the target."),
    "correlation_filter": (
        "How does a correlation filter remove redundant features?",
        "Scan the columns in order and drop a column whose absolute correlation with an "
        "already kept column exceeds a threshold. Redundant features add variance and "
        "make importance scores and coefficients unstable. The details change the "
        "result: comparing with kept versus all earlier columns, abs of the correlation, "
        "and > versus >=."),
    "permutation_importance": (
        "What is permutation importance, and what are its pitfalls?",
        "Shuffle one feature's column, re-score the model, and take the drop in the "
        "metric as that feature's importance; it works for any model. Correlated "
        "features share importance, so shuffling one may show little effect while the "
        "other stands in for it. Measure on held-out data, not training data, and shuffle "
        "one column, never whole rows."),
    "exact_shapley_values": (
        "What are Shapley values, and why is exact SHAP expensive?",
        "A feature's Shapley value is its average marginal contribution to the prediction "
        "over all coalitions of the other features, weighted by |S|! (d - |S| - 1)! / d!. "
        "A coalition's value is the prediction averaged over background data for the "
        "absent features; the values add up to f(x) minus the average prediction. Exact "
        "SHAP enumerates 2^d coalitions, which is why practical tools approximate or "
        "exploit the model's structure."),
    "linear_shap": (
        "What are the SHAP values of a linear model?",
        "phi_i = w_i (x_i - mean of feature i over the background data). They measure how "
        "much feature i moves this prediction away from the average prediction, so a big "
        "weight on a feature at its average value contributes nothing. It is the closed "
        "form that LinearExplainer computes, and it shows that attributions are relative "
        "to a baseline."),
}

# The study guide's common foundation mistakes, as questions: key -> (question, answer).
MISTAKES: dict[str, tuple[str, str]] = {
    "mistake:kl-vs-cross-entropy": (
        "Common mistake 1: how are KL divergence and cross-entropy related?",
        "Cross-entropy is entropy plus KL: H(p, q) = H(p) + KL(p || q). They differ by "
        "H(p), the entropy of the true distribution, which is fixed by the data. So "
        "minimising either over the model q gives the same answer, but the values differ, "
        "and only KL is zero when q = p."),
    "mistake:global-minimum": (
        "Common mistake 2: does gradient descent find the global minimum?",
        "Only on convex problems. On a non-convex loss it converges to a local minimum "
        "or a saddle point, depending on the start and the step size. In practice, local "
        "minima found in overparameterised networks tend to generalise well, which is an "
        "empirical observation, not a guarantee."),
    "mistake:overfitting-definition": (
        "Common mistake 3: is a model with very high training accuracy overfitting?",
        "Not by itself. Overfitting is the gap between training and validation "
        "performance: the model fits noise that does not carry over. A model at 99% "
        "training and 98% validation accuracy is not overfitting; one at 99% and 80% is."),
    "mistake:auc-roc-always": (
        "Common mistake 4: is AUC-ROC always the right metric?",
        "No. On heavily imbalanced data the false-positive rate stays small even with "
        "many false positives, so AUC-ROC can look high while precision is poor. AUC-PR "
        "(average precision) is more informative there. Choose the metric from the "
        "product's costs of each kind of error."),
    "mistake:l1-sparsity": (
        "Common mistake 5: why does L1 regularisation give sparse solutions, "
        "geometrically?",
        "The L1 ball is a diamond (a cross-polytope) with corners on the axes, and the "
        "loss's contours usually first touch it at a corner, where some coordinates are "
        "exactly zero. The L2 ball is round, so the touching point generally has no zero "
        "coordinate. Algebraically, the L1 proximal step is soft thresholding, which sets "
        "small values exactly to zero."),
    "mistake:bagging-vs-boosting": (
        "Common mistake 6: which of bagging and boosting reduces bias, and which "
        "variance?",
        "Bagging trains learners in parallel on bootstrap samples and averages them, "
        "which reduces variance; it suits deep, low-bias, high-variance trees (random "
        "forests). Boosting trains learners in sequence, each correcting the errors of "
        "the ensemble so far, which reduces bias; it suits weak, high-bias learners such "
        "as shallow trees."),
    "mistake:leakage-first": (
        "Common mistake 7: your model scores unexpectedly high. What do you check first?",
        "Data leakage. Look for features that encode the target or are filled in after "
        "the fact, preprocessing fitted on all the data, duplicates or shared groups "
        "across the split, and time-ordered data split at random. Only once leakage is "
        "ruled out is the high score worth celebrating."),
}


def all_keys() -> list[str]:
    """Every question, exercises in study order, then the common mistakes."""
    return [e.name for e in catalog.all_exercises() if e.name in QUESTIONS] + list(MISTAKES)


def question(key: str) -> tuple[str, str]:
    """(question, model answer) for an exercise name or a mistake key (KeyError if none)."""
    return QUESTIONS[key] if key in QUESTIONS else MISTAKES[key]


def topic_of(key: str) -> str | None:
    """The exercise's topic, or None for the guide's common mistakes."""
    try:
        return catalog.exercise(key).topic
    except KeyError:
        return None
