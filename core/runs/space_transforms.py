"""Space transforms: each class is one variant; the code panel shows the running one.

The map variants are animations: one "step" is one frame, and the run carries 1000 random points
and the two basis arrows from the identity (frame 0) to the whole map (the last frame). Every
point x becomes M x, so the whole cloud (one point per row) becomes ``points @ M.T``.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.run import Run, to_numpy

POINTS = 1000
STAGES = ("rotation Vᵀ", "scaling S", "rotation U")


class SpaceRun(Run):
    """Shared by the map variants: the cloud, W, the drawing state and the JSON figures."""

    def setup_space(self) -> None:
        # Like the notebook: 1000 points from a standard normal, then a random 2x2 W.
        self.points = torch.randn(POINTS, 2, generator=self.generator).to(self.device)
        typed = self.config.options.get("matrix")  # a, b, c, d typed row by row, or None
        if typed is None:
            self.W = torch.randn(2, 2, generator=self.generator)
        else:
            self.W = torch.tensor(typed, dtype=torch.float32).reshape(2, 2)
        self.output = self.points.clone()

    def apply(self, x: torch.Tensor) -> torch.Tensor:
        """The map at the current frame, applied to every row of x."""
        raise NotImplementedError

    def grid_lines(self) -> tuple[torch.Tensor, tuple[int, int, int]]:
        return COARSE_GRID

    def frame_t(self) -> float:
        return (self.step_count + 1) / self.config.steps  # step() counts the frame after this call

    def stage(self) -> tuple[str, str]:
        return "", ""

    def extent(self) -> float:
        """Half the width of the view: no frame of either path reaches further than this."""
        largest_stretch = max(1.0, torch.linalg.matrix_norm(self.W, ord=2).item())
        return 1.05 * max(self.points.norm(dim=1).max().item(), 1.0) * largest_stretch

    def view_state(self) -> dict:
        grid, shape = self.grid_lines()
        with torch.no_grad():
            state = {
                "kind": "map", "points": to_numpy(self.output),
                "colour": to_numpy(self.points[:, 0]),  # original x: a point keeps its colour
                "arrows": to_numpy(self.apply(BASIS_SEGMENTS.to(self.device))).reshape(2, -1, 2),
                "grid": to_numpy(self.apply(grid.to(self.device))).reshape(shape),
                "extent": self.extent(),
            }
        stage, detail = self.stage()
        state.update(readout(to_numpy(self.W)), stage=stage, stage_detail=detail)
        return state

    def result(self) -> dict:
        U, S, Vt = torch.linalg.svd(self.W)
        info = readout(to_numpy(self.W))
        return {
            "W": to_numpy(self.W).tolist(), "U": to_numpy(U).tolist(), "S": to_numpy(S).tolist(),
            "Vt": to_numpy(Vt).tolist(), "det": info["det"], "rank": info["rank"],
            "reconstruction_error": (U @ torch.diag(S) @ Vt - self.W).abs().max().item(),
            "verdict": info["verdict"],
        }

    def namespace(self) -> dict:
        U, S, Vt = torch.linalg.svd(self.W)
        return {**super().namespace(), "points": self.points.detach().cpu().clone(),
                "output": self.output.detach().cpu().clone(), "W": self.W.clone(),
                "U": U, "S": S, "Vt": Vt}


class LinearMap(SpaceRun):
    """Every point x becomes W x. Animated from the identity to W, straight or through its SVD."""

    def setup(self):
        self.setup_space()
        self.path = self.config.options["path"]
        # W = U S Vᵀ: rotate by Vᵀ, stretch the axes by S, rotate by U (see split_svd below).
        self.angle_Vt, self.scales, self.angle_U = split_svd(self.W)
        self.M = torch.eye(2)  # the map at the current frame; frame 0 moves nothing

    def frame_matrix(self, t):
        if self.path == "straight":
            return (1 - t) * torch.eye(2) + t * self.W
        t1, t2, t3 = (ease(3 * t - k) for k in range(3))  # three stages, one after the other
        Vt = rotation(t1 * self.angle_Vt)  # turn by a growing angle: the cloud keeps its size
        S = torch.diag(1 + t2 * (self.scales - 1))  # each axis from 1 to its scale (< 0 flips)
        U = rotation(t3 * self.angle_U)
        return U @ S @ Vt

    def apply(self, x):
        return x @ self.M.to(x.device).T  # one row per point: x -> M x for all of them

    def train_step(self):
        self.M = self.frame_matrix(self.frame_t())
        self.output = self.apply(self.points)
        return None  # an animation has no loss

    # -- readout of where the animation is (not part of the map itself) --
    def stage(self):
        return stage_text(self.path, self.step_count, self.config.steps, self.angle_Vt,
                          self.scales, self.angle_U)

    def view_state(self):
        return {**super().view_state(), "M": to_numpy(self.M)}

    def result(self):
        with torch.no_grad():  # how far the current frame is from the whole map W
            gap = (self.apply(self.points) - self.points @ self.W.to(self.device).T).abs().max()
        return {**super().result(), "path": self.path, "frame_vs_matmul": gap.item(),
                "animation": {"Vt_angle_deg": math.degrees(self.angle_Vt),
                              "scales": to_numpy(self.scales).tolist(),
                              "U_angle_deg": math.degrees(self.angle_U)}}


class NnLinearMap(LinearMap):
    """The same map as a layer: nn.Linear(2, 2, bias=False) computes x @ weight.T.

    Each frame works as in LinearMap (M = frame_matrix(t), then apply(points)); only apply differs.
    """

    def setup(self):
        super().setup()
        # skip_init: no random start (we set the weight) and no draw from torch's global generator
        self.layer = nn.utils.skip_init(nn.Linear, 2, 2, bias=False, device=self.device)

    def apply(self, x):
        with torch.no_grad():
            self.layer.weight.copy_(self.M)  # the layer's weight IS the matrix of the map
            return self.layer(x)

    def result(self):
        with torch.no_grad():
            self.layer.weight.copy_(self.W)
            gap = (self.layer(self.points) - self.points @ self.W.to(self.device).T).abs().max()
            self.layer.weight.copy_(self.M)
        return {**super().result(), "layer_vs_matmul": gap.item()}

    def namespace(self):
        return {**super().namespace(), "layer": copy.deepcopy(self.layer).cpu()}


class TanhMap(SpaceRun):
    """W, then tanh(s · ) on each coordinate: not a matrix any more, so straight lines bend."""

    def setup(self):
        self.setup_space()
        self.s = 1.0  # the animation turns s from 1 up to 5
        self.output = self.apply(self.points)

    def apply(self, x):
        W = self.W.to(x.device)
        return torch.tanh(self.s * (x @ W.T))  # squeezes everything into the square (-1, 1)²

    def train_step(self):
        self.s = 1.0 + 4.0 * self.frame_t()
        self.output = self.apply(self.points)
        return None

    def stage(self):
        return "tanh(s · W x)", f"s = {self.s:.2f}"

    def extent(self):
        return 1.15

    def grid_lines(self):
        return FINE_GRID  # tanh bends space near the origin: a closer grid shows it

    def view_state(self):
        return {**super().view_state(), "s": self.s}

    def result(self):
        return {**super().result(), "s": self.s}


class LinearClassifier(Run):
    """sign(w·x + b) cuts the plane along the line w·x + b = 0. Learn w, b from labelled points."""

    def setup(self):
        X, y = two_clouds(self.generator, self.config.options["overlap"])
        self.X, self.y = X.to(self.device), y.to(self.device)  # y is +1 or -1
        self.w = (0.5 * torch.randn(2, generator=self.generator)).to(self.device).requires_grad_()
        self.b = torch.zeros((), device=self.device, requires_grad=True)

    def train_step(self):
        score = self.X @ self.w + self.b  # w·x + b for every point
        loss = F.softplus(-self.y * score).mean()  # logistic loss: log(1 + exp(-y · score))
        loss.backward()
        with torch.no_grad():
            for p in (self.w, self.b):
                p -= self.lr * p.grad
                p.grad = None
        return loss.item()

    def accuracy(self):
        with torch.no_grad():
            return (torch.sign(self.X @ self.w + self.b) == self.y).float().mean().item()

    # -- what the view and the CLI read (not part of the training) --
    def view_state(self):
        w, b = to_numpy(self.w).astype(np.float64), float(self.b.item())
        with torch.no_grad():
            loss = F.softplus(-self.y * (self.X @ self.w + self.b)).mean().item()
        return {"kind": "classifier", "points": to_numpy(self.X), "labels": to_numpy(self.y),
                "extent": float(1.08 * self.X.abs().max().item()), "w": w, "b": b,
                "loss_now": loss, "accuracy": self.accuracy(), **line_and_arrow(w, b)}

    def result(self):
        w, b = to_numpy(self.w).astype(np.float64), float(self.b.item())
        norm = float(np.linalg.norm(w))
        Vt = w / norm if norm > 0 else np.array([1.0, 0.0])
        return {"w": w.tolist(), "b": b, "accuracy": self.accuracy(), "norm_w": norm,
                # the score w·x is a 1x2 map: its one singular value is |w|, its Vᵀ is w / |w|
                "W": [w.tolist()], "U": [[1.0]], "S": [norm], "Vt": [Vt.tolist()], "det": None,
                "reconstruction_error": float(np.abs(norm * Vt - w).max())}

    def namespace(self):
        return {**super().namespace(), "X": self.X.detach().cpu().clone(),
                "y": self.y.detach().cpu().clone(), "w": self.w.detach().cpu().clone(),
                "b": self.b.detach().cpu().clone()}


VARIANTS = {
    "linear": LinearMap, "nn-linear": NnLinearMap, "tanh": TanhMap, "classifier": LinearClassifier,
}


# -- helpers (not part of any variant's lesson) ------------------------------------------------
def rotation(angle: float) -> torch.Tensor:
    c, s = math.cos(angle), math.sin(angle)
    return torch.tensor([[c, -s], [s, c]], dtype=torch.float32)


def angle_of(R: torch.Tensor) -> float:
    return math.atan2(float(R[1, 0]), float(R[0, 0]))


def ease(t: float) -> float:
    """0 before, 1 after, and a smooth start and stop in between (each stage ends visibly)."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def split_svd(W: torch.Tensor) -> tuple[float, torch.Tensor, float]:
    """W = R(angle_U) · diag(scales) · R(angle_Vt), where R(a) turns the plane by a.

    torch.linalg.svd may hand back a U or Vᵀ with det -1: a reflection, not a rotation. Flipping
    U's second column (or Vᵀ's second row) together with the sign of the second singular value
    leaves U S Vᵀ unchanged and makes both factors pure rotations. A map that flips space (det < 0)
    then shows the flip where it happens: in S, one axis shrinks through 0 and comes out mirrored.
    """
    U, S, Vt = (f.clone() for f in torch.linalg.svd(W.double()))
    if torch.linalg.det(U) < 0:
        U[:, 1] *= -1
        S[1] *= -1
    if torch.linalg.det(Vt) < 0:
        Vt[1] *= -1
        S[1] *= -1
    a_Vt, a_U = angle_of(Vt), angle_of(U)
    # -U and -Vᵀ are rotations too (by 180° more) with the same product: take the shorter turns.
    b_Vt, b_U = wrap(a_Vt + math.pi), wrap(a_U + math.pi)
    if abs(b_Vt) + abs(b_U) < abs(a_Vt) + abs(a_U) - 1e-9:
        a_Vt, a_U = b_Vt, b_U
    return a_Vt, S.float(), a_U


def wrap(angle: float) -> float:
    """The same turn, as an angle in (-pi, pi]."""
    return math.pi - (math.pi - angle) % (2 * math.pi)


def stage_text(path, step, steps, angle_Vt, scales, angle_U) -> tuple[str, str]:
    """The stage a frame belongs to and a short description of how far it has got."""
    if step == 0:
        return "identity", "nothing applied yet"
    if path == "straight":
        return "blend (1−t)·I + t·W", f"t = {step / steps:.2f}"
    index = min((3 * step + steps - 1) // steps - 1, 2)  # integer maths: exact stage boundaries
    done = ease(3 * step / steps - index)
    if index == 0:
        return STAGES[0], _turned(done, angle_Vt)
    if index == 1:
        now = 1 + done * (scales.numpy() - 1)
        return STAGES[1], f"axes × {now[0]:.2f}, {now[1]:.2f} (to {scales[0]:.2f}, {scales[1]:.2f})"
    return STAGES[2], _turned(done, angle_U)


def _turned(done: float, angle: float) -> str:
    return f"turned {math.degrees(done * angle):+.0f}° of {math.degrees(angle):+.0f}°"


def readout(W: np.ndarray) -> dict:
    """W's singular values, det, rank and a plain sentence about what it does to the plane."""
    W = W.astype(np.float64)
    S = np.linalg.svd(W, compute_uv=False)
    det = float(W[0, 0] * W[1, 1] - W[0, 1] * W[1, 0])
    rank = int(np.sum(S > 1e-7 * S[0]))
    if rank == 0:
        verdict = "W = 0: every point lands on the origin."
    elif rank == 1:
        verdict = "singular (det = 0): the plane collapses onto a line."
        det = 0.0
    elif det < 0:
        verdict = "det < 0: the map flips space (a reflection); red and green swap sides."
    else:
        verdict = f"det > 0: no flip; every area is scaled by {det:.3g}."
    return {"W": W, "singular_values": S, "det": det, "rank": rank, "verdict": verdict}


def _segments() -> torch.Tensor:
    """The two basis arrows as 24 points each, from the origin to e1 and to e2."""
    lam = torch.linspace(0, 1, 24).unsqueeze(1)
    return torch.cat([lam * torch.tensor([1.0, 0.0]), lam * torch.tensor([0.0, 1.0])])


def _grid(half: float, spacing: float, samples: int) -> tuple[torch.Tensor, tuple[int, int, int]]:
    """Faint grid lines x = k and y = k (k from -half to half), sampled so a bent map bends them."""
    along = torch.linspace(-half, half, samples)
    lines = []
    for k in torch.arange(-half, half + spacing / 2, spacing).tolist():
        fixed = torch.full_like(along, k)
        lines += [torch.stack([fixed, along], 1), torch.stack([along, fixed], 1)]
    return torch.cat(lines), (len(lines), samples, 2)


BASIS_SEGMENTS = _segments()
COARSE_GRID = _grid(3.0, 1.0, 41)  # for the matrices
FINE_GRID = _grid(2.0, 0.25, 81)


def two_clouds(generator: torch.Generator, overlap: float) -> tuple[torch.Tensor, torch.Tensor]:
    """500 points labelled +1 and 500 labelled -1 around two centres on a random line.

    Each cloud is a normal blob (sd 0.5) cut at 3 sd, so at overlap 0 a gap always separates them;
    at overlap 1 the two centres coincide.
    """
    half = POINTS // 2
    blob = 0.5 * torch.randn(POINTS, 2, generator=generator)
    radius = blob.norm(dim=1, keepdim=True)
    blob = blob * torch.clamp(1.5 / radius, max=1.0)
    turn = 2 * math.pi * torch.rand((), generator=generator).item()
    direction = torch.tensor([math.cos(turn), math.sin(turn)])
    middle = 0.8 * torch.randn(2, generator=generator)
    gap = 1.75 * (1.0 - overlap)  # half the distance between the centres
    sign = torch.cat([torch.ones(half), -torch.ones(POINTS - half)])
    X = middle + sign.unsqueeze(1) * gap * direction + blob
    return X, sign


def line_and_arrow(w: np.ndarray, b: float, length: float = 30.0) -> dict:
    """The line w·x + b = 0 (two far ends) and an arrow along w starting on the line.

    The foot -b w / |w|² is the line's point nearest the origin; the arrow has a fixed length
    (1.5) because |w| grows without bound on separable data.
    """
    norm = float(np.linalg.norm(w))
    if norm < 1e-12:
        empty = np.zeros((0, 2))
        return {"line": empty, "w_arrow": empty}
    unit = w / norm
    foot = -b * unit / norm
    along = np.array([-unit[1], unit[0]])  # w turned by 90°: the line's direction
    return {"line": np.stack([foot - length * along, foot + length * along]),
            "w_arrow": np.stack([foot, foot + 1.5 * unit])}
