"""Plausible wrong answers to the exercises of solutions/13_evaluation.ipynb; each check must reject them."""

WRONG_ANSWERS = {
    "13.1": [
        # the plain mean of the gaps over non-empty bins, not weighted by the bin sizes
        """conf = probs.max(-1)
correct = (probs.argmax(-1) == labels).astype(np.float64)
b = np.searchsorted(np.linspace(0.0, 1.0, n_bins + 1)[1:-1], conf)
n = np.bincount(b, minlength=n_bins)
gap = np.abs(np.bincount(b, correct - conf, minlength=n_bins))[n > 0] / n[n > 0]
return float(gap.mean())""",
        # the probability of the true class instead of the confidence of the prediction
        """conf = probs[np.arange(len(labels)), labels]
correct = (probs.argmax(-1) == labels).astype(np.float64)
b = np.searchsorted(np.linspace(0.0, 1.0, n_bins + 1)[1:-1], conf)
return float(np.abs(np.bincount(b, correct - conf, minlength=n_bins)).sum() / len(labels))""",
        # one global gap |accuracy - mean confidence| (no bins: errors of opposite sign cancel)
        """conf = probs.max(-1)
correct = (probs.argmax(-1) == labels).astype(np.float64)
return float(abs(correct.mean() - conf.mean()))""",
    ],
    "13.2": [
        # equal opportunity with the false positive rate (y = 0) instead of the true positive rate
        """sel = [y_pred[group == g].mean() for g in (0, 1)]
fpr = [y_pred[(group == g) & (y_true == 0)].mean() for g in (0, 1)]
return float(sel[0] - sel[1]), float(fpr[0] - fpr[1])""",
        # demographic parity of the labels (base rates) instead of the decisions
        """base = [y_true[group == g].mean() for g in (0, 1)]
tpr = [y_pred[(group == g) & (y_true == 1)].mean() for g in (0, 1)]
return float(base[0] - base[1]), float(tpr[0] - tpr[1])""",
        # group 1 minus group 0
        """sel = [y_pred[group == g].mean() for g in (0, 1)]
tpr = [y_pred[(group == g) & (y_true == 1)].mean() for g in (0, 1)]
return float(sel[1] - sel[0]), float(tpr[1] - tpr[0])""",
        # precision per group (P(y=1 | yhat=1)) instead of the true positive rate
        """sel = [y_pred[group == g].mean() for g in (0, 1)]
prec = [y_true[(group == g) & (y_pred == 1)].mean() for g in (0, 1)]
return float(sel[0] - sel[1]), float(prec[0] - prec[1])""",
    ],
    "13.3": [
        # strict inequality: losses equal to tau are not called members
        """tau = loss_members.mean()
return float(np.mean(loss_members < tau) - np.mean(loss_nonmembers < tau))""",
        # the median member loss as the threshold
        """tau = np.median(loss_members)
return float(np.mean(loss_members <= tau) - np.mean(loss_nonmembers <= tau))""",
        # FPR - TPR
        """tau = loss_members.mean()
return float(np.mean(loss_nonmembers <= tau) - np.mean(loss_members <= tau))""",
        # the threshold from members and non-members together
        """tau = np.concatenate([loss_members, loss_nonmembers]).mean()
return float(np.mean(loss_members <= tau) - np.mean(loss_nonmembers <= tau))""",
    ],
    "13.4": [
        # no scaling at all
        "return 1.0",
        # minimises the NLL of Z * T: returns 1 / T
        """nll = lambda u: -np.mean(np.take_along_axis(log_softmax(Z * np.exp(u), -1), labels[:, None], -1))
return float(np.exp(minimize_scalar(nll, bounds=(np.log(0.01), np.log(100.0)), method="bounded").x))""",
        # a coarse grid of temperatures
        """grid = np.array([0.25, 0.5, 1.0, 2.0, 4.0])
nll = [-np.mean(np.take_along_axis(log_softmax(Z / T, -1), labels[:, None], -1)) for T in grid]
return float(grid[int(np.argmin(nll))])""",
    ],
    "13.5": [
        # gradient times input at x (no path integral)
        """return (x - baseline) * jax.grad(model_logit, argnums=1)(params, x)""",
        # the left Riemann sum (points k/m instead of (k + 1/2)/m)
        """alphas = jnp.arange(m) / m
grads = jax.vmap(lambda a: jax.grad(model_logit, argnums=1)(params, baseline + a * (x - baseline)))(alphas)
return (x - baseline) * grads.mean(0)""",
        # the factor (x - x') forgotten
        """alphas = (jnp.arange(m) + 0.5) / m
grads = jax.vmap(lambda a: jax.grad(model_logit, argnums=1)(params, baseline + a * (x - baseline)))(alphas)
return grads.mean(0)""",
        # the path from the origin instead of from the baseline
        """alphas = (jnp.arange(m) + 0.5) / m
grads = jax.vmap(lambda a: jax.grad(model_logit, argnums=1)(params, a * x))(alphas)
return (x - baseline) * grads.mean(0)""",
    ],
    "13.6": [
        # Banzhaf values: every coalition weighted 1 / 2^(D-1)
        """D = int(round(math.log2(len(v))))
phi = np.zeros(D)
for s in range(2 ** D):
    for i in range(D):
        if not (s >> i) & 1:
            phi[i] += (v[s | (1 << i)] - v[s]) / 2 ** (D - 1)
return phi""",
        # leave-one-out: v(all) - v(all without i)
        """D = int(round(math.log2(len(v))))
full = 2 ** D - 1
return np.array([v[full] - v[full & ~(1 << i)] for i in range(D)])""",
        # the weight |S|! (D - |S|)! / D! (off by one)
        """D = int(round(math.log2(len(v))))
phi = np.zeros(D)
for s in range(2 ** D):
    k = bin(s).count("1")
    for i in range(D):
        if not (s >> i) & 1:
            phi[i] += math.factorial(k) * math.factorial(D - k) / math.factorial(D) * (v[s | (1 << i)] - v[s])
return phi""",
        # players read from the highest bit down (feature i = bit D - 1 - i)
        """D = int(round(math.log2(len(v))))
phi = np.zeros(D)
for s in range(2 ** D):
    k = bin(s).count("1")
    for i in range(D):
        if not (s >> i) & 1:
            phi[D - 1 - i] += math.factorial(k) * math.factorial(D - k - 1) / math.factorial(D) * (v[s | (1 << i)] - v[s])
return phi""",
    ],
    "13.7": [
        # each coordinate clipped to [-C, C] instead of each example's L2 norm
        """_, noise_key = jax.random.split(jax.random.key(seed))
noise = noise_multiplier * clip * jax.random.normal(noise_key, g.shape[1:], g.dtype)
return (jnp.clip(g, -clip, clip).sum(0) + noise) / g.shape[0]""",
        # the noise standard deviation sigma instead of sigma * C
        """norms = jnp.linalg.norm(g, axis=1)
scale = jnp.minimum(1.0, clip / norms)
_, noise_key = jax.random.split(jax.random.key(seed))
return (scale @ g + noise_multiplier * jax.random.normal(noise_key, g.shape[1:], g.dtype)) / g.shape[0]""",
        # the mean gradient clipped once, instead of each example's gradient
        """mean = g.mean(0)
mean = mean * jnp.minimum(1.0, clip / jnp.linalg.norm(mean))
_, noise_key = jax.random.split(jax.random.key(seed))
return mean + noise_multiplier * clip * jax.random.normal(noise_key, g.shape[1:], g.dtype) / g.shape[0]""",
        # the noise drawn from the key itself, not from the split optax uses
        """norms = jnp.linalg.norm(g, axis=1)
scale = jnp.minimum(1.0, clip / norms)
noise = noise_multiplier * clip * jax.random.normal(jax.random.key(seed), g.shape[1:], g.dtype)
return (scale @ g + noise) / g.shape[0]""",
    ],
    "13.8": [
        # thresholds on every example's score (selection rate, demographic parity) instead of the positives'
        """out = []
for g in (0, 1):
    sc = np.sort(scores[group == g])[::-1]
    rate = np.array([np.mean(sc >= t) for t in sc])
    out.append(float(sc[np.argmax(rate >= target)]))
return out[0], out[1]""",
        # one index too far: the next lower positive score (a lower threshold than needed)
        """out = []
for g in (0, 1):
    pos = np.sort(scores[(group == g) & (labels == 1)])[::-1]
    k = int(np.ceil(target * len(pos)))
    out.append(float(pos[min(k, len(pos) - 1)]))
return out[0], out[1]""",
        # one threshold for both groups, from all positives together
        """pos = np.sort(scores[labels == 1])[::-1]
tpr = np.array([np.mean(pos >= t) for t in pos])
t = float(pos[np.argmax(tpr >= target)])
return t, t""",
        # the strict inequality score > t in the rate (a tied or equal score is not selected)
        """out = []
for g in (0, 1):
    pos = np.sort(scores[(group == g) & (labels == 1)])[::-1]
    tpr = np.array([np.mean(pos > t) for t in pos])
    out.append(float(pos[np.argmax(tpr >= target)]))
return out[0], out[1]""",
    ],
}
