"""Plausible wrong answers for solutions/02_classification.ipynb: every check must reject each one."""

WRONG_ANSWERS = {
    "2.1": [
        # only the y log p term: samples with y = 0 cost nothing
        "return -jnp.mean(y * jnp.log(p))",
        # a sum over samples instead of a mean (the source material's form)
        "return -jnp.sum(y * jnp.log(p) + (1.0 - y) * jnp.log(1.0 - p))",
        # the log-likelihood, not its negative
        "return jnp.mean(y * jnp.log(p) + (1.0 - y) * jnp.log(1.0 - p))",
        # log p in the second term instead of log(1 - p)
        "return -jnp.mean(y * jnp.log(p) + (1.0 - y) * jnp.log(p))",
    ],
    "2.2": [
        # naive: exp overflows at +1000 and underflows to 0/0 at -1000
        "e = jnp.exp(z)\nreturn e / jnp.sum(e, axis=-1, keepdims=True)",
        # one global maximum instead of each row's: the row near -1000 underflows to 0/0
        "e = jnp.exp(z - jnp.max(z))\nreturn e / jnp.sum(e, axis=-1, keepdims=True)",
        # normalised over the wrong axis
        "e = jnp.exp(z - jnp.max(z, axis=0, keepdims=True))\nreturn e / jnp.sum(e, axis=0, keepdims=True)",
        # keepdims forgotten: the row sums broadcast against the wrong axis
        "e = jnp.exp(z - jnp.max(z, axis=-1, keepdims=True))\nreturn e / jnp.sum(e, axis=-1)",
        # the library function the exercise re-derives, called in one line
        "return jax.nn.softmax(z, axis=-1)",
        # the same, imported under another name
        "from jax.scipy.special import softmax as sm\nreturn sm(z, axis=-1)",
    ],
    "2.3": [
        # naive log(sigmoid): nan at z = 1000 with y = 1
        "p = jax.nn.sigmoid(z)\nreturn -jnp.mean(y * jnp.log(p) + (1.0 - y) * jnp.log(1.0 - p))",
        # the right formula in a form that overflows: exp(1000) = inf at z = -1000
        "return jnp.mean(jnp.log1p(jnp.exp(-z)) + (1.0 - y) * z)",
        # the max(z, 0) term forgotten
        "return jnp.mean(-y * z + jnp.log1p(jnp.exp(-jnp.abs(z))))",
        # right values, but jnp.where keeps the naive branch in the gradient: nan at |z| = 1000
        "naive = -(y * jnp.log(jax.nn.sigmoid(z)) + (1.0 - y) * jnp.log(1.0 - jax.nn.sigmoid(z)))\n"
        "return jnp.mean(jnp.where(jnp.abs(z) < 30.0, naive, jnp.maximum(z, 0.0) - y * z))",
        # right for hard labels only: softplus(-(2y - 1) z) is wrong for y = 0.3
        "s = 2.0 * y - 1.0\nreturn jnp.mean(jnp.maximum(-s * z, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(z))))",
        # the library loss in one line
        "return optax.sigmoid_binary_cross_entropy(z, y).mean()",
        # the library's stable pieces instead of the derivation
        "return jnp.mean(jax.nn.softplus(z) - y * z)",
        "return jnp.mean(jnp.logaddexp(0.0, z) - y * z)",
    ],
    "2.4": [
        # the 1/N of the mean forgotten
        "return jax.nn.softmax(logits, axis=-1) - jax.nn.one_hot(labels, logits.shape[-1])",
        # target minus prediction: the sign is flipped
        "return (jax.nn.one_hot(labels, logits.shape[-1]) - jax.nn.softmax(logits, axis=-1)) / logits.shape[0]",
        # sigmoid per logit instead of the softmax over classes
        "return (jax.nn.sigmoid(logits) - jax.nn.one_hot(labels, logits.shape[-1])) / logits.shape[0]",
        # naive softmax: nan in the row of +-1000
        "e = jnp.exp(logits)\nreturn (e / jnp.sum(e, axis=-1, keepdims=True) - jax.nn.one_hot(labels, logits.shape[-1])) / logits.shape[0]",
        # jax.grad of the library loss instead of the formula
        "return jax.grad(lambda z: optax.softmax_cross_entropy_with_integer_labels(z, labels).mean())(logits)",
    ],
    "2.5": [
        # arguments swapped: KL(q || p)
        "log_p = jax.nn.log_softmax(b, axis=-1)\nlog_q = jax.nn.log_softmax(a, axis=-1)\n"
        "return jnp.sum(jnp.exp(log_p) * (log_p - log_q), axis=-1)",
        # log of the softmax: 0 * log 0 = nan where p underflows
        "p = jax.nn.softmax(a, axis=-1)\nq = jax.nn.softmax(b, axis=-1)\nreturn jnp.sum(p * (jnp.log(p) - jnp.log(q)), axis=-1)",
        # the cross-entropy H(p, q) instead of the KL divergence
        "return -jnp.sum(jax.nn.softmax(a, axis=-1) * jax.nn.log_softmax(b, axis=-1), axis=-1)",
        # the weights p_ik forgotten
        "return jnp.sum(jax.nn.log_softmax(a, axis=-1) - jax.nn.log_softmax(b, axis=-1), axis=-1)",
        # the library's KL divergence in one line
        "return optax.kl_divergence(jax.nn.log_softmax(b, axis=-1), jax.nn.softmax(a, axis=-1))",
    ],
    "2.6": [
        # dtype and range checked, shapes not: labels (1,) for 3 samples broadcast to a number, and labels (3, 1)
        # or (2,) raise only JAX's own ValueError from inside take_along_axis
        "if not jnp.issubdtype(labels.dtype, jnp.integer):\n"
        "    raise ValueError('labels must be integers')\n"
        "if bool(jnp.any((labels < 0) | (labels >= logits.shape[-1]))):\n"
        "    raise ValueError('label out of range')\n"
        "true_logit = jnp.take_along_axis(logits, labels[:, None], axis=1)[:, 0]\n"
        "return jnp.mean(jax.nn.logsumexp(logits, axis=1) - true_logit)",
        # the same, with whatever JAX raises turned into a ValueError: labels of shape (1,) still give a number
        "if not jnp.issubdtype(labels.dtype, jnp.integer):\n"
        "    raise ValueError('labels must be integers')\n"
        "if bool(jnp.any((labels < 0) | (labels >= logits.shape[-1]))):\n"
        "    raise ValueError('label out of range')\n"
        "try:\n"
        "    true_logit = jnp.take_along_axis(logits, labels[:, None], axis=1)[:, 0]\n"
        "except Exception as err:\n"
        "    raise ValueError(f'bad shapes: {err}') from err\n"
        "return jnp.mean(jax.nn.logsumexp(logits, axis=1) - true_logit)",
        # no validation at all: label K gives nan, label -1 the last class
        "true_logit = jnp.take_along_axis(logits, labels[:, None], axis=1)[:, 0]\n"
        "return jnp.mean(jax.nn.logsumexp(logits, axis=1) - true_logit)",
        # checks shapes and the upper bound, forgets negative labels
        "if logits.ndim != 2 or labels.shape != logits.shape[:1]:\n"
        "    raise ValueError('bad shapes')\n"
        "if not jnp.issubdtype(labels.dtype, jnp.integer):\n"
        "    raise ValueError('labels must be integers')\n"
        "if bool(jnp.any(labels >= logits.shape[1])):\n"
        "    raise ValueError('label too large')\n"
        "true_logit = jnp.take_along_axis(logits, labels[:, None], axis=1)[:, 0]\n"
        "return jnp.mean(jax.nn.logsumexp(logits, axis=1) - true_logit)",
        # assert statements: AssertionError, not ValueError
        "assert logits.ndim == 2 and labels.shape == logits.shape[:1], 'bad shapes'\n"
        "assert jnp.issubdtype(labels.dtype, jnp.integer), 'labels must be integers'\n"
        "assert bool(jnp.all((labels >= 0) & (labels < logits.shape[1]))), 'label out of range'\n"
        "true_logit = jnp.take_along_axis(logits, labels[:, None], axis=1)[:, 0]\n"
        "return jnp.mean(jax.nn.logsumexp(logits, axis=1) - true_logit)",
        # validates everything but computes the loss naively: nan at logits of +-1000
        "if logits.ndim != 2 or labels.shape != logits.shape[:1]:\n"
        "    raise ValueError('bad shapes')\n"
        "if not jnp.issubdtype(labels.dtype, jnp.integer):\n"
        "    raise ValueError('labels must be integers')\n"
        "if bool(jnp.any((labels < 0) | (labels >= logits.shape[1]))):\n"
        "    raise ValueError('label out of range')\n"
        "p = jnp.exp(logits) / jnp.sum(jnp.exp(logits), axis=1, keepdims=True)\n"
        "return -jnp.mean(jnp.log(jnp.take_along_axis(p, labels[:, None], axis=1)[:, 0]))",
    ],
    "2.7": [
        # the softmax Jacobian forgotten: the gradient with respect to p, not z
        "return 2.0 * (jax.nn.softmax(logits, axis=-1) - jax.nn.one_hot(labels, logits.shape[-1])) / logits.shape[0]",
        # only the diagonal of the Jacobian
        "P = jax.nn.softmax(logits, axis=-1)\n"
        "return 2.0 * P * (P - jax.nn.one_hot(labels, logits.shape[-1])) / logits.shape[0]",
        # the factor 2 of the square forgotten
        "P = jax.nn.softmax(logits, axis=-1)\nR = P - jax.nn.one_hot(labels, logits.shape[-1])\n"
        "return P * (R - jnp.sum(P * R, axis=-1, keepdims=True)) / logits.shape[0]",
        # a sum over samples: the 1/N forgotten
        "P = jax.nn.softmax(logits, axis=-1)\nR = P - jax.nn.one_hot(labels, logits.shape[-1])\n"
        "return 2.0 * P * (R - jnp.sum(P * R, axis=-1, keepdims=True))",
        # jax.grad of the loss instead of the chain rule by hand
        "return jax.grad(lambda z: jnp.mean(jnp.sum((jax.nn.softmax(z, axis=-1) - jax.nn.one_hot(labels, z.shape[-1])) ** 2, axis=-1)))(logits)",
    ],
}
