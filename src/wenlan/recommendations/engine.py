"""The recommender, with no database: a readers × titles matrix of loans in, each
reader's top titles with the reason for each out. `bench/recommend.py` measures
exactly this code; `training.py` feeds it from the analytics export.

- Collaborative part: implicit's ALS on the matrix weighted by BM25 (a loan of a
  title everybody borrows tells less than one of a rare title; a reader with many
  loans weighs each less), with the factors, regularisation and confidence scale of
  `AlsParams`, chosen on a validation split carved out of a training split
  (docs/recommendations.md, "How the parameters were chosen").
- Popularity within the reader's segment: the share of the segment's readers who
  borrowed the title, blended in with a small weight (`BlendParams.popularity`);
  for a reader with no loans it is the whole score.
- Content: titles described by CLC class, subjects and authors (TF-IDF weighted,
  L2 normalised); a reader's profile is the sum of what they borrowed. It ranks
  titles nobody has borrowed yet (new books), which ALS cannot place.
- Filtering: never a title the reader borrowed; only titles `allowed` (available
  somewhere in the network)."""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

TOP_N = 20
# Below this many readers a factor model learns nothing worth showing: the lists
# come from the segment's popularity and content alone.
MIN_ALS_READERS = 50
# The benchmark's mean loans per title in the training split: the penalty of
# `AlsParams.regularization` is tuned there and scaled by a matrix's own figure.
REFERENCE_LOANS_PER_TITLE = 158.0


@dataclass(frozen=True)
class AlsParams:
    factors: int = 64
    regularization: float = 5.0
    alpha: float = 0.1
    iterations: int = 15
    bm25_k1: float = 100.0
    bm25_b: float = 0.8
    random_state: int = 0


@dataclass(frozen=True)
class BlendParams:
    """Weights of the parts, each scaled to the ALS scores' spread per reader."""

    popularity: float = 0.15
    content: float = 0.05
    # below this many loans a reader's list leans on segment and content
    cold_loans: int = 3


@dataclass
class FittedModel:
    user_factors: np.ndarray  # readers × factors
    item_factors: np.ndarray  # titles × factors
    seconds: float
    cpu_seconds: float = 0.0  # all threads' CPU time (wall time on a busy machine lies)


def _threads(threads: int | None) -> int:
    return threads or 0  # implicit: 0 = every core


def bm25_weighted(matrix: sp.csr_matrix, params: AlsParams) -> sp.csr_matrix:
    from implicit.nearest_neighbours import bm25_weight

    return bm25_weight(matrix, K1=params.bm25_k1, B=params.bm25_b).tocsr().astype(np.float32)


def scaled_regularization(matrix: sp.csr_matrix, params: AlsParams) -> float:
    """The penalty competes with the loans' weights, which grow with the loans per
    title: a small library's matrix gets a proportionally smaller one (at most the
    tuned value), or its factors shrink to nothing."""
    titles = max(1, int((matrix.getnnz(axis=0) > 0).sum()))
    ratio = (matrix.nnz / titles) / REFERENCE_LOANS_PER_TITLE
    return params.regularization * min(1.0, max(0.01, ratio))


def als_fit(
    matrix: sp.csr_matrix,
    params: AlsParams = AlsParams(),
    *,
    threads: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FittedModel:
    """ALS on the BM25-weighted matrix (readers × titles, 1 per loan)."""
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    started, cpu_started = time.monotonic(), time.process_time()
    weighted = bm25_weighted(matrix, params)
    model = AlternatingLeastSquares(
        factors=params.factors,
        regularization=scaled_regularization(matrix, params),
        alpha=params.alpha,
        iterations=params.iterations,
        random_state=params.random_state,
        num_threads=_threads(threads),
    )
    done = [0]

    def step(*_args):
        done[0] += 1
        if progress:
            progress(done[0], params.iterations)

    # implicit's own BLAS thread pool fights its OpenMP threads (its warning).
    with threadpool_limits(1, "blas"):
        model.fit(weighted, show_progress=False, callback=step)
    return FittedModel(
        user_factors=np.asarray(model.user_factors),
        item_factors=np.asarray(model.item_factors),
        seconds=time.monotonic() - started,
        cpu_seconds=time.process_time() - cpu_started,
    )


def segment_popularity(matrix: sp.csr_matrix, segments: np.ndarray) -> np.ndarray:
    """segments × titles: the share of each segment's readers who borrowed the title
    (a reader's segment is `segments[row]`, 0… ; -1 for none, counted in no segment
    but in the network's row, the last)."""
    count = int(segments.max(initial=-1)) + 1
    binary = matrix.copy()
    binary.data[:] = 1
    rows = []
    for segment in range(count):
        members = np.flatnonzero(segments == segment)
        total = np.asarray(binary[members].sum(axis=0)).ravel() if len(members) else None
        rows.append(total / len(members) if total is not None else np.zeros(matrix.shape[1]))
    overall = np.asarray(binary.sum(axis=0)).ravel() / max(1, matrix.shape[0])
    rows.append(overall)
    return np.vstack(rows).astype(np.float32)


def content_features(docs: list[list[str]]) -> sp.csr_matrix:
    """titles × features, TF-IDF weighted and L2-normalised rows; a doc is a title's
    list of feature strings ("clc:I2", "subject:小说", "author:鲁迅")."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, doc in enumerate(docs):
        for feature in set(doc):
            rows.append(row)
            cols.append(vocabulary.setdefault(feature, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(docs), max(1, len(vocabulary))))
    df = np.asarray((matrix > 0).sum(axis=0)).ravel()
    idf = np.log((1 + len(docs)) / (1 + df)).astype(np.float32) + 1
    matrix = matrix @ sp.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sp.csr_matrix(sp.diags(1 / norms) @ matrix, dtype=np.float32)


def _spread(scores: np.ndarray) -> np.ndarray:
    """Each row's standard deviation (1 where a row is flat), to put parts on one scale."""
    spread = scores.std(axis=1, keepdims=True)
    spread[spread == 0] = 1
    return spread


@dataclass
class ScoredBatch:
    rows: np.ndarray  # the readers' rows in the matrix
    items: np.ndarray  # rows × n: the titles, best first (-1: nothing more to offer)
    scores: np.ndarray  # rows × n
    parts: np.ndarray  # rows × n: 0 ALS, 1 segment popularity, 2 content (the largest part)


def score_batch(
    rows: np.ndarray,
    *,
    matrix: sp.csr_matrix,
    model: FittedModel | None,
    popularity: np.ndarray | None = None,
    segments: np.ndarray | None = None,
    content: sp.csr_matrix | None = None,
    allowed: np.ndarray | None = None,
    blend: BlendParams = BlendParams(),
    n: int = TOP_N,
) -> ScoredBatch:
    """The top `n` titles of each reader in `rows`, blended and filtered."""
    history = matrix[rows]
    loans = np.asarray(history.getnnz(axis=1)).ravel()
    cold = (loans < blend.cold_loans)[:, None]
    titles = matrix.shape[1]
    # Parts are added into one array, and which part led is worked out for the
    # chosen titles only: a batch holds one readers × titles array at a time.
    if model is not None:
        total = model.user_factors[rows] @ model.item_factors.T
        total /= _spread(total)
    else:
        total = np.zeros((len(rows), titles), dtype=np.float32)
    als_part = total.copy() if (popularity is not None or content is not None) else None
    pop_part = sim_part = None
    if popularity is not None:
        seg = segments[rows] if segments is not None else np.full(len(rows), -1)
        pop = popularity[np.where(seg < 0, popularity.shape[0] - 1, seg)]
        pop_part = np.where(cold, 1.0, blend.popularity).astype(np.float32) * (pop / _spread(pop))
        total += pop_part
    if content is not None and blend.content:
        profile = history @ content
        sim = (profile @ content.T).toarray().astype(np.float32)
        sim_part = np.where(cold, 1.0, blend.content).astype(np.float32) * (sim / _spread(sim))
        total += sim_part
    total[history.nonzero()] = -np.inf
    if allowed is not None:
        total[:, ~allowed] = -np.inf
    n = min(n, titles)
    if n < titles:
        top = np.argpartition(-total, n - 1, axis=1)[:, :n]
    else:
        top = np.tile(np.arange(titles), (len(rows), 1))
    picked = np.take_along_axis(total, top, axis=1)
    order = np.argsort(-picked, axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    picked = np.take_along_axis(picked, order, axis=1)
    chosen = [
        np.take_along_axis(part, top, axis=1) if part is not None else np.full(top.shape, -np.inf)
        for part in (als_part, pop_part, sim_part)
    ]
    best_part = np.stack(chosen).argmax(axis=0)
    top = np.where(np.isfinite(picked), top, -1)
    return ScoredBatch(rows=rows, items=top, scores=picked, parts=best_part)


def lists_warm(
    rows: np.ndarray,
    *,
    matrix: sp.csr_matrix,
    model: FittedModel,
    popularity: np.ndarray | None = None,
    segments: np.ndarray | None = None,
    allowed: np.ndarray | None = None,
    blend: BlendParams = BlendParams(),
    n: int = TOP_N,
    threads: int | None = None,
) -> ScoredBatch:
    """The same ranking as `score_batch` for readers with loans and no content part,
    in implicit's top-k (C++, threads) rather than a readers × titles array: the
    popularity part becomes one more factor. A reader's ALS scores are divided by
    their spread (`_spread`); multiplying the sum through by it keeps the order, so
    the reader's extra factor is w · spread(ALS) / spread(popularity of the segment),
    and the spread of u·V is sqrt(uᵀ Cov(V) u)."""
    from implicit.cpu.topk import topk

    items = model.item_factors
    users = model.user_factors[rows]
    covariance = np.cov(items, rowvar=False, bias=True)
    als_spread = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", users, covariance, users), 0))
    als_spread[als_spread == 0] = 1
    extra_items = np.zeros((items.shape[0], 0), dtype=np.float32)
    extra_users = np.zeros((len(rows), 0), dtype=np.float32)
    if popularity is not None:
        seg = segments[rows] if segments is not None else np.full(len(rows), -1)
        seg = np.where(seg < 0, popularity.shape[0] - 1, seg)
        pop_spread = popularity.std(axis=1)
        pop_spread[pop_spread == 0] = 1
        extra_items = popularity.T.astype(np.float32)  # titles × segments
        extra_users = np.zeros((len(rows), popularity.shape[0]), dtype=np.float32)
        extra_users[np.arange(len(rows)), seg] = blend.popularity * als_spread / pop_spread[seg]
    item_side = np.ascontiguousarray(np.hstack([items, extra_items]), dtype=np.float32)
    user_side = np.ascontiguousarray(np.hstack([users, extra_users]), dtype=np.float32)
    filter_items = None if allowed is None else np.flatnonzero(~allowed).astype(np.int32)
    ids, scores = topk(
        item_side,
        user_side,
        min(n, items.shape[0]),
        filter_query_items=matrix[rows],
        filter_items=filter_items,
        num_threads=_threads(threads),
    )
    # implicit marks filtered titles with a huge negative score, not -inf
    ids = np.where(np.isfinite(scores) & (scores > -1e30), ids, -1)
    parts = np.zeros(ids.shape, dtype=np.int64)
    if popularity is not None:
        safe = np.where(ids < 0, 0, ids)
        als = np.einsum("rf,rnf->rn", users, items[safe])
        pop_share = (
            extra_users[np.arange(len(rows)), seg][:, None]
            * popularity[seg][np.arange(len(rows))[:, None], safe]
        )
        parts = (pop_share > als).astype(np.int64)
    return ScoredBatch(rows=rows, items=ids, scores=scores / als_spread[:, None], parts=parts)


def because_of(model: FittedModel, *, history: np.ndarray, item: int) -> int | None:
    """Which title the reader borrowed is nearest to `item` (cosine of the ALS
    factors): the "because you borrowed …" of the reason."""
    if len(history) == 0:
        return None
    factors = model.item_factors
    target = factors[item]
    rows = factors[history]
    norms = np.linalg.norm(rows, axis=1) * (np.linalg.norm(target) or 1)
    norms[norms == 0] = 1
    return int(history[int(np.argmax(rows @ target / norms))])


def ndcg_at_k(top: np.ndarray, test: sp.csr_matrix, k: int = 10) -> dict[str, float]:
    """precision@k, recall@k and NDCG@k (binary relevance, the ideal DCG over
    min(k, held-out titles), as implicit's `ranking_metrics_at_k` counts it) over
    the readers with held-out titles; `top` is readers × ≥ k, best first."""
    discount = 1 / np.log2(np.arange(2, k + 2))
    test = test.tocsr()
    precision = recall = ndcg = 0.0
    users = 0
    for row in range(test.shape[0]):
        likes = test.indices[test.indptr[row] : test.indptr[row + 1]]
        if len(likes) == 0:
            continue
        hits = np.isin(top[row, :k], likes)
        users += 1
        precision += hits.sum() / k
        recall += hits.sum() / len(likes)
        ndcg += (hits * discount).sum() / discount[: min(k, len(likes))].sum()
    users = max(users, 1)
    return {
        "precision": precision / users,
        "recall": recall / users,
        "ndcg": ndcg / users,
    }


def log_scale(count: int) -> float:
    return math.log1p(count)
