"""The four rungs of cross-product, the harness that drives them, and their batched twin for sweeps.

The model is one tensor eps of shape (n, n, n):

    (a × b)_i = eps_ijk a_j b_k        ->   torch.einsum("ijk,bj,bk->bi", eps, a, b)

Every rung starts from the same seeded eps = 0.5 * randn and sees the same random unit pairs; only
the loss differs (and, in the last rung, where eps lives). The rungs use torch only (``python -m
core script`` writes them out as a standalone file); ``CODE`` lists what the code panel shows.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
from torch import nn

from core.batched import BatchedOptimizer
from core.lessons.cross_product import (
    SIGN_TOLERANCE, AgainstRules, AgainstTruth, CrossFrame, CrossScene, Handedness)
from core.rungs import RungRun
from core.run import to_numpy


# -- the rungs: what the code panel shows -------------------------------------------------------
def start_eps(n, generator, device):
    """The seeded start, 0.5 * randn of shape (n, n, n), in float64 (MPS has float32 only)."""
    dtype = torch.float32 if torch.device(device).type == "mps" else torch.float64
    eps = 0.5 * torch.randn(n, n, n, generator=generator, dtype=dtype)
    return eps.to(device)


def random_pairs(generator, batch, n, like):
    """``batch`` random unit vectors a and b, each of shape (batch, n)."""
    a = torch.randn(batch, n, generator=generator, dtype=like.dtype)
    b = torch.randn(batch, n, generator=generator, dtype=like.dtype)
    a = a / a.norm(dim=1, keepdim=True)
    b = b / b.norm(dim=1, keepdim=True)
    return a.to(like.device), b.to(like.device)


def optimizer_and_schedule(params, optimizer, lr, schedule, steps):
    """torch.optim's ``optimizer`` over ``params``; with "cosine", a schedule from lr down to 0."""
    algorithm = getattr(torch.optim, optimizer)  # Adam, SGD or RMSprop
    opt = algorithm(params, lr=lr)
    if schedule == "constant":
        return opt, None
    return opt, torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)


class Supervised:
    """Rung 1: learn from answers. torch.linalg.cross marks every prediction."""

    def __init__(self, lr, seed, steps, dim, batch, optimizer, schedule, device):
        self.lr, self.dim, self.batch = lr, dim, batch
        self.generator = torch.Generator().manual_seed(seed)
        self.eps = start_eps(dim, self.generator, device).requires_grad_()
        self.optimizer, self.scheduler = optimizer_and_schedule(
            [self.eps], optimizer, lr, schedule, steps)

    def step(self):
        a, b = random_pairs(self.generator, self.batch, self.dim, self.eps)
        predicted = torch.einsum("ijk,bj,bk->bi", self.eps, a, b)  # (a × b)_i = eps_ijk a_j b_k
        answer = torch.linalg.cross(a, b)  # the teacher: torch already knows the cross product
        loss = (predicted - answer).pow(2).sum(dim=1).mean()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        return loss.item()


def rules(eps, a, b, norm):
    """The three things every cross product obeys, each as a loss that is 0 when it holds."""
    c = torch.einsum("ijk,bj,bk->bi", eps, a, b)  # c = a × b as eps computes it now
    # 1. b × a = −(a × b): eps must be antisymmetric in its last two indices.
    antisymmetry = (eps + eps.transpose(1, 2)).pow(2).sum()
    # 2. a × b is orthogonal to a and to b.
    orthogonality = ((c * a).sum(1).pow(2) + (c * b).sum(1).pow(2)).mean()
    # 3. Its length.
    if norm == "lagrange":
        # |a × b|² = |a|²|b|² − (a·b)², here with |a| = |b| = 1.
        length = (c.pow(2).sum(1) - (1 - (a * b).sum(1).pow(2))).pow(2).mean()
    else:
        # The tutorial's rule: e_i × e_j has length 1 for every i < j (enough in 3-D only).
        n = eps.shape[0]
        i, j = torch.triu_indices(n, n, 1, device=eps.device)
        length = (eps[:, i, j].pow(2).sum(0) - 1).pow(2).mean()
    return c, {"antisymmetry": antisymmetry, "orthogonality": orthogonality, "norm": length}


class Principles:
    """Rung 2: learn from rules alone; no answer is ever shown."""

    def __init__(self, lr, seed, steps, dim, batch, optimizer, schedule, norm, device):
        self.lr, self.dim, self.batch, self.norm = lr, dim, batch, norm
        self.generator = torch.Generator().manual_seed(seed)
        self.eps = start_eps(dim, self.generator, device).requires_grad_()
        self.optimizer, self.scheduler = optimizer_and_schedule(
            [self.eps], optimizer, lr, schedule, steps)

    def step(self):
        a, b = random_pairs(self.generator, self.batch, self.dim, self.eps)
        _, terms = rules(self.eps, a, b, self.norm)
        loss = sum(terms.values())  # +eps and −eps both make every term 0
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        return loss.item(), {name: t.item() for name, t in terms.items()}


class PrinciplesSigned:
    """Rung 3: the three rules, plus the right-hand rule that picks +eps."""

    def __init__(self, lr, seed, steps, dim, batch, optimizer, schedule, norm, device):
        self.lr, self.dim, self.batch, self.norm = lr, dim, batch, norm
        self.generator = torch.Generator().manual_seed(seed)
        self.eps = start_eps(dim, self.generator, device).requires_grad_()
        self.optimizer, self.scheduler = optimizer_and_schedule(
            [self.eps], optimizer, lr, schedule, steps)

    def step(self):
        a, b = random_pairs(self.generator, self.batch, self.dim, self.eps)
        c, terms = rules(self.eps, a, b, self.norm)
        # 4. The right-hand rule: a, b, a × b span a box of volume +|a × b|², never −|a × b|².
        #    For −eps the volume is negative, so this term is 0 for +eps only. It speaks about
        #    every pair at once, so no part of eps is pulled one way and the rest the other.
        volume = torch.linalg.det(torch.stack([a, b, c], dim=1))
        terms["orientation"] = (volume - (1 - (a * b).sum(1).pow(2))).pow(2).mean()
        loss = sum(terms.values())
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        return loss.item(), {name: t.item() for name, t in terms.items()}


class CrossProduct(nn.Module):
    """a × b as a layer: its one parameter is eps, of shape (n, n, n)."""

    def __init__(self, n, generator, device):
        super().__init__()
        self.eps = nn.Parameter(start_eps(n, generator, device))

    def forward(self, a, b):
        return torch.einsum("ijk,...j,...k->...i", self.eps, a, b)


class Layer:
    """Rung 4: eps inside an nn.Module, used like any layer; the rules test only its outputs."""

    def __init__(self, lr, seed, steps, dim, batch, optimizer, schedule, device):
        self.lr, self.dim, self.batch = lr, dim, batch
        self.generator = torch.Generator().manual_seed(seed)
        self.cross = CrossProduct(dim, self.generator, device)
        self.optimizer, self.scheduler = optimizer_and_schedule(
            self.cross.parameters(), optimizer, lr, schedule, steps)

    def step(self):
        a, b = random_pairs(self.generator, self.batch, self.dim, self.cross.eps)
        c = self.cross(a, b)
        terms = {
            # b × a = −(a × b), asked of the layer's outputs instead of its insides
            "antisymmetry": (c + self.cross(b, a)).pow(2).sum(1).mean(),
            "orthogonality": ((c * a).sum(1).pow(2) + (c * b).sum(1).pow(2)).mean(),
            "norm": (c.pow(2).sum(1) - (1 - (a * b).sum(1).pow(2))).pow(2).mean(),
        }
        loss = sum(terms.values())
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        return loss.item(), {name: t.item() for name, t in terms.items()}


CODE = {
    "supervised": ("start_eps", "random_pairs", "optimizer_and_schedule", "Supervised"),
    "principles": ("start_eps", "random_pairs", "optimizer_and_schedule", "rules", "Principles"),
    "principles-signed": ("start_eps", "random_pairs", "optimizer_and_schedule", "rules",
                          "PrinciplesSigned"),
    "layer": ("start_eps", "random_pairs", "optimizer_and_schedule", "CrossProduct", "Layer"),
}


# -- the harness: what the window, the CLI and the tests read (not part of any rung) -------------
AXIOM_PAIRS = 2000
AXIOM_SEED = 20240607  # one fixed exam for every run, independent of the run's own seed
RULES = ("antisymmetry", "orthogonality", "norm")


class CrossRun(RungRun):
    """Shared by every rung: eps as numpy, the check on a fixed pair, the figures."""

    @property
    def n(self) -> int:
        return self.config.values["dim"]

    def eps(self) -> torch.Tensor:
        holder = getattr(self.rung, "cross", self.rung)  # the layer rung keeps eps in its module
        return holder.eps

    def learned(self) -> np.ndarray:
        return to_numpy(self.eps()).astype(np.float64)

    def scene(self) -> CrossScene:
        a, b = check_pair(self.n)
        target = levi_civita_np() if self.n == 3 else np.zeros((0, 0, 0))
        return CrossScene(dim=self.n, a=a, b=b, levi_civita=target)

    def frame(self) -> CrossFrame:
        eps = self.learned()
        a, b = check_pair(self.n)
        with np.errstate(all="ignore"):
            c = np.einsum("ijk,j,k->i", eps, a, b)
            if self.n == 3:
                check = AgainstTruth(learned=c, true=np.cross(a, b))
            else:
                check = AgainstRules(learned=c, a_dot=float(c @ a), b_dot=float(c @ b),
                                     length2=float(c @ c),
                                     lagrange=float((a @ a) * (b @ b) - (a @ b) ** 2))
            residual = max(axiom_residuals(eps).values())
        return CrossFrame(eps=eps, check=check, handedness=handedness(eps) if self.n == 3 else None,
                          residual=float(residual), step=self.step_count, loss=self.loss)

    def result(self) -> dict:
        eps = self.learned()
        axioms = axiom_residuals(eps)
        out = {"dim": self.n, "epsilon": eps.tolist(), "loss_terms": dict(self.last_terms),
               "axioms": axioms, "residual": max(axioms.values()),
               "exists": self.n in (3, 7)}
        if self.n == 3:
            found = handedness(eps)
            out.update(error_vs_plus=found.error_plus, error_vs_minus=found.error_minus,
                       sign=found.sign)
        return out

    def namespace(self) -> dict:
        eps = self.eps().detach().to("cpu", copy=True)  # a copy: the console cannot race the run
        a, b = (torch.as_tensor(v) for v in check_pair(self.n))
        names = {**super().namespace(), "eps": eps, "a": a, "b": b,
                 "cross": lambda u, v: torch.einsum("ijk,...j,...k->...i", eps, u, v)}
        if self.n == 3:
            names["levi_civita"] = torch.as_tensor(levi_civita_np())
        if isinstance(getattr(self.rung, "cross", None), nn.Module):
            names["layer"] = copy.deepcopy(self.rung.cross).cpu()
        return names


class RulesRun(CrossRun):
    terms = RULES


class SignedRun(CrossRun):
    terms = RULES + ("orientation",)


VARIANTS = {
    "supervised": CrossRun.of(Supervised), "principles": RulesRun.of(Principles),
    "principles-signed": SignedRun.of(PrinciplesSigned), "layer": RulesRun.of(Layer),
}


def levi_civita_np() -> np.ndarray:
    """+1 on even permutations of (0, 1, 2), −1 on odd ones, 0 where an index repeats."""
    eps = np.zeros((3, 3, 3))
    for i, j, k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        eps[i, j, k], eps[i, k, j] = 1.0, -1.0
    return eps


def handedness(eps: np.ndarray) -> Handedness:
    """How far a 3-D eps is from +LC and from −LC, and which one it is (0: neither, yet)."""
    lc = levi_civita_np()
    plus, minus = float(np.abs(eps - lc).max()), float(np.abs(eps + lc).max())
    sign = 1 if plus < SIGN_TOLERANCE else -1 if minus < SIGN_TOLERANCE else 0
    return Handedness(error_plus=plus, error_minus=minus, sign=sign)


_CHECK_A = (3.0, -1.0, 2.0, 1.0, -2.0, 1.0, 2.0, -1.0)
_CHECK_B = (1.0, 4.0, -2.0, 2.0, 1.0, -3.0, 1.0, 2.0)


def check_pair(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The fixed pair the check panel multiplies; for n = 3, a × b = (−6, 8, 13)."""
    return np.array(_CHECK_A[:n]), np.array(_CHECK_B[:n])


_EXAM: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def exam_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """AXIOM_PAIRS fixed random unit pairs in n dimensions (the same for every run)."""
    if n not in _EXAM:
        rng = np.random.default_rng(AXIOM_SEED)
        a, b = rng.standard_normal((2, AXIOM_PAIRS, n))
        _EXAM[n] = (a / np.linalg.norm(a, axis=1, keepdims=True),
                    b / np.linalg.norm(b, axis=1, keepdims=True))
    return _EXAM[n]


def axiom_residuals(eps: np.ndarray) -> dict[str, float]:
    """The largest violation of each rule over fresh random unit pairs (0 for a cross product)."""
    a, b = exam_pairs(eps.shape[0])
    ab = np.einsum("bj,ijk,bk->bi", a, eps, b, optimize=True)
    ba = np.einsum("bj,ijk,bk->bi", b, eps, a, optimize=True)
    dot = np.einsum("bi,bi->b", a, b)
    return {
        "antisymmetry": float(np.abs(ab + ba).max()),
        "orthogonality": float(max(np.abs(np.einsum("bi,bi->b", ab, a)).max(),
                                   np.abs(np.einsum("bi,bi->b", ab, b)).max())),
        "norm": float(np.abs(np.einsum("bi,bi->b", ab, ab) - (1 - dot**2)).max()),
    }


# -- the sweep: K learning rates in one batched run (rows never mix) -----------------------------
class CrossSweep:
    """K copies of one rung, one per learning rate: eps of shape (K, n, n, n).

    Every row starts from the rung's seeded eps and sees the rung's pairs (drawn once per step and
    shared), so row k takes exactly the steps of the single run at lrs[k]. The cosine schedule
    scales every row's lr by the factor torch's CosineAnnealingLR applies, step by step.
    """

    def __init__(self, variant, lrs, seed, steps, dim, batch, optimizer, schedule, norm, device):
        self.variant, self.dim, self.batch, self.norm = variant, dim, batch, norm
        self.steps, self.cosine = steps, schedule == "cosine"
        self.generator = torch.Generator().manual_seed(seed)
        start = start_eps(dim, self.generator, device)
        self.eps = start.repeat(len(lrs), 1, 1, 1).requires_grad_()
        self.optimizer = BatchedOptimizer(optimizer, self.eps, lrs)
        self.epoch = 0

    def losses(self, a, b):
        """Each row's loss, as its rung computes it, for the pairs a, b (shared by every row)."""
        eps = self.eps
        c = torch.einsum("rijk,bj,bk->rbi", eps, a, b)
        if self.variant == "supervised":
            return (c - torch.linalg.cross(a, b)).pow(2).sum(2).mean(1)
        if self.variant == "layer":
            antisymmetry = (c + torch.einsum("rijk,bj,bk->rbi", eps, b, a)).pow(2).sum(2).mean(1)
        else:
            antisymmetry = (eps + eps.transpose(2, 3)).pow(2).sum((1, 2, 3))
        orthogonality = ((c * a).sum(2).pow(2) + (c * b).sum(2).pow(2)).mean(1)
        if self.norm == "lagrange" or self.variant == "layer":
            length = (c.pow(2).sum(2) - (1 - (a * b).sum(1).pow(2))).pow(2).mean(1)
        else:
            i, j = torch.triu_indices(self.dim, self.dim, 1, device=eps.device)
            length = (eps[:, :, i, j].pow(2).sum(1) - 1).pow(2).mean(1)
        total = antisymmetry + orthogonality + length
        if self.variant == "principles-signed":
            rows = c.shape[0]
            frames = torch.stack([a.expand(rows, -1, -1), b.expand(rows, -1, -1), c], dim=2)
            volume = torch.linalg.det(frames)
            total = total + (volume - (1 - (a * b).sum(1).pow(2))).pow(2).mean(1)
        return total

    def step(self) -> torch.Tensor:
        a, b = random_pairs(self.generator, self.batch, self.dim, self.eps)
        losses = self.losses(a, b)
        losses.sum().backward()  # rows are independent: each row gets its own gradient
        self.optimizer.step()
        if self.cosine:  # CosineAnnealingLR's own recursive factor, so rows match the rungs
            self.epoch += 1
            e, t = self.epoch, self.steps
            self.optimizer.lr_scale *= (1 + math.cos(math.pi * e / t)) / (
                1 + math.cos(math.pi * (e - 1) / t))
        return losses.detach()


def sweep(config, lrs, device) -> CrossSweep:
    """``config``'s rung at each of ``lrs`` at once; ``step()`` returns the K losses."""
    v = config.values
    return CrossSweep(config.variant, lrs, v["seed"], v["steps"], v["dim"], v["batch"],
                      v["optimizer"], v["schedule"], v.get("norm", "lagrange"), device)
