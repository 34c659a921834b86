"""The three rungs of cross-product. The model is one tensor eps of shape (n, n, n):

    (a × b)_i = eps_ijk a_j b_k        ->   torch.einsum("ijk,bj,bk->bi", eps, a, b)

Every rung starts from the same seeded eps = 0.5 * randn and sees the same random unit pairs; only
the loss differs. The code panel shows the running rung's class.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from core.run import Run, to_numpy


class CrossProductRun(Run):
    """Shared by every rung: eps, its optimizer, the random pairs, the plots' state, the figures."""

    def setup(self):
        self.n = self.config.options["dim"]
        self.batch = self.config.options["batch"]
        # float64 lets the loss sink to ~1e-30; float32 rounding stops it near 1e-14
        # (MPS has no float64).
        self.dtype = torch.float32 if self.device.type == "mps" else torch.float64
        start = 0.5 * torch.randn(self.n, self.n, self.n, generator=self.generator,
                                  dtype=self.dtype)
        self.eps = start.to(self.device).requires_grad_()
        algorithm = getattr(torch.optim, self.config.options["optimizer"])
        self.optimizer = algorithm([self.eps], lr=self.lr)

    def pairs(self):
        """A batch of random unit vectors a and b, each of shape (batch, n)."""
        a = unit(torch.randn(self.batch, self.n, generator=self.generator, dtype=self.dtype))
        b = unit(torch.randn(self.batch, self.n, generator=self.generator, dtype=self.dtype))
        return a.to(self.device), b.to(self.device)

    def descend(self, loss):
        """One optimizer step at the scheduled learning rate."""
        for group in self.optimizer.param_groups:
            group["lr"] = self.scheduled_lr()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()

    def scheduled_lr(self) -> float:
        """Cosine decay from the live lr to 0 over the run, so an lr change mid-run rescales it."""
        if self.config.options["schedule"] == "constant":
            return self.lr
        progress = min(self.step_count / self.config.steps, 1.0)
        return self.lr * 0.5 * (1.0 + math.cos(math.pi * progress))

    # -- what the view, the CLI and the console get --------------------------------------------
    def learned(self) -> np.ndarray:
        return to_numpy(self.eps).astype(np.float64)

    def view_state(self) -> dict:
        eps = self.learned()
        a, b = check_pair(self.n)
        c = np.einsum("ijk,j,k->i", eps, a, b)
        state = {
            "eps": eps, "target": levi_civita_np() if self.n == 3 else np.zeros((0, 0, 0)),
            "a": a, "b": b, "learned": c,
            "true": np.cross(a, b) if self.n == 3 else np.zeros(0),
            "a_dot": float(c @ a), "b_dot": float(c @ b),
            "length2": float(c @ c), "lagrange": float((a @ a) * (b @ b) - (a @ b) ** 2),
            "sign": 0.0, "error_plus": math.nan, "error_minus": math.nan,
        }
        if self.n == 3:
            state.update(sign_of(eps))
        return state

    def result(self) -> dict:
        eps = self.learned()
        axioms = axiom_residuals(eps)
        out = {"dim": self.n, "epsilon": eps.tolist(), "loss_terms": dict(self.last_terms),
               "axioms": axioms, "max_axiom_residual": max(axioms.values())}
        if self.n == 3:
            found = sign_of(eps)
            out.update(error_vs_plus=found["error_plus"], error_vs_minus=found["error_minus"],
                       sign=int(found["sign"]))
        return out

    def namespace(self) -> dict:
        eps = self.eps.detach().to("cpu", copy=True)
        a, b = (torch.as_tensor(v) for v in check_pair(self.n))
        names = {**super().namespace(), "eps": eps, "a": a, "b": b,
                 "cross": lambda u, v: torch.einsum("ijk,...j,...k->...i", eps, u, v)}
        if self.n == 3:
            names["levi_civita"] = torch.as_tensor(levi_civita_np())
        return names


class Supervised(CrossProductRun):
    """Learn from answers: torch.linalg.cross marks every prediction."""

    def train_step(self):
        a, b = self.pairs()
        predicted = torch.einsum("ijk,bj,bk->bi", self.eps, a, b)  # (a × b)_i = eps_ijk a_j b_k
        answer = torch.linalg.cross(a, b)  # the teacher: torch already knows the cross product
        loss = (predicted - answer).pow(2).sum(dim=1).mean()
        self.descend(loss)
        return loss.item()


class Principles(CrossProductRun):
    """Learn from rules alone: no answer is ever shown."""

    terms = ("antisymmetry", "orthogonality", "norm")

    def rules(self, a, b):
        """The three things every cross product obeys, each as a loss that is 0 when it holds."""
        eps = self.eps
        c = torch.einsum("ijk,bj,bk->bi", eps, a, b)  # c = a × b as eps computes it now
        # 1. b × a = −(a × b): eps must be antisymmetric in its last two indices.
        antisymmetry = (eps + eps.transpose(1, 2)).pow(2).sum()
        # 2. a × b is orthogonal to a and to b.
        orthogonality = ((c * a).sum(1).pow(2) + (c * b).sum(1).pow(2)).mean()
        # 3. Its length.
        if self.config.options["norm"] == "lagrange":
            # |a × b|² = |a|²|b|² − (a·b)², here with |a| = |b| = 1.
            norm = (c.pow(2).sum(1) - (1 - (a * b).sum(1).pow(2))).pow(2).mean()
        else:
            # The tutorial's rule: e_i × e_j has length 1 for every i < j (enough in 3-D only).
            i, j = torch.triu_indices(self.n, self.n, 1, device=eps.device)
            norm = (eps[:, i, j].pow(2).sum(0) - 1).pow(2).mean()
        return c, {"antisymmetry": antisymmetry, "orthogonality": orthogonality, "norm": norm}

    def train_step(self):
        a, b = self.pairs()
        _, terms = self.rules(a, b)
        loss = sum(terms.values())  # +eps and −eps both make every term 0
        self.descend(loss)
        return loss.item(), numbers(terms)


class PrinciplesSigned(Principles):
    """The three rules of Principles, plus the right-hand rule that picks +eps."""

    terms = Principles.terms + ("orientation",)

    def train_step(self):
        a, b = self.pairs()
        c, terms = self.rules(a, b)  # antisymmetry, orthogonality, norm, as before
        # 4. The right-hand rule: a, b, a × b span a box of volume +|a × b|², never −|a × b|².
        #    For −eps the volume is negative, so this term is 0 for +eps only. It speaks about
        #    every pair at once, so no part of eps is pulled one way and the rest the other.
        volume = torch.linalg.det(torch.stack([a, b, c], dim=1))
        terms["orientation"] = (volume - (1 - (a * b).sum(1).pow(2))).pow(2).mean()
        loss = sum(terms.values())
        self.descend(loss)
        return loss.item(), numbers(terms)


VARIANTS = {"supervised": Supervised, "principles": Principles,
            "principles-signed": PrinciplesSigned}


# -- helpers shared by the rungs (not part of any rung's lesson) --------------------------------
SIGN_TOLERANCE = 1e-2
AXIOM_PAIRS = 2000
AXIOM_SEED = 20240607  # one fixed exam for every run, independent of the run's own seed


def unit(v: torch.Tensor) -> torch.Tensor:
    return v / v.norm(dim=-1, keepdim=True)


def numbers(terms: dict) -> dict[str, float]:
    """The loss terms as floats, read back from the device in one transfer."""
    values = torch.stack([t.detach() for t in terms.values()]).tolist()
    return dict(zip(terms, values))


def levi_civita_np() -> np.ndarray:
    """+1 on even permutations of (0, 1, 2), −1 on odd ones, 0 where an index repeats."""
    eps = np.zeros((3, 3, 3))
    for i, j, k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        eps[i, j, k], eps[i, k, j] = 1.0, -1.0
    return eps


def sign_of(eps: np.ndarray) -> dict[str, float]:
    """How far a 3-D eps is from +LC and from −LC, and which one it is (0: neither, yet)."""
    lc = levi_civita_np()
    plus, minus = float(np.abs(eps - lc).max()), float(np.abs(eps + lc).max())
    sign = 1.0 if plus < SIGN_TOLERANCE else -1.0 if minus < SIGN_TOLERANCE else 0.0
    return {"sign": sign, "error_plus": plus, "error_minus": minus}


_CHECK_A = (3.0, -1.0, 2.0, 1.0, -2.0, 1.0, 2.0, -1.0)
_CHECK_B = (1.0, 4.0, -2.0, 2.0, 1.0, -3.0, 1.0, 2.0)


def check_pair(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The fixed pair the check panel multiplies; for n = 3, a × b = (−6, 8, 13)."""
    return np.array(_CHECK_A[:n]), np.array(_CHECK_B[:n])


def axiom_residuals(eps: np.ndarray) -> dict[str, float]:
    """The largest violation of each rule over fresh random unit pairs (0 for a cross product)."""
    n = eps.shape[0]
    rng = np.random.default_rng(AXIOM_SEED)
    a, b = rng.standard_normal((2, AXIOM_PAIRS, n))
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    ab = np.einsum("ijk,bj,bk->bi", eps, a, b)
    ba = np.einsum("ijk,bj,bk->bi", eps, b, a)
    dot = np.einsum("bi,bi->b", a, b)
    return {
        "antisymmetry": float(np.abs(ab + ba).max()),
        "orthogonality": float(max(np.abs(np.einsum("bi,bi->b", ab, a)).max(),
                                   np.abs(np.einsum("bi,bi->b", ab, b)).max())),
        "norm": float(np.abs(np.einsum("bi,bi->b", ab, ab) - (1 - dot**2)).max()),
    }
