"""The rungs of space transforms, the harness that draws them, and the classifier's batched twin.

The map rungs are animations: one step is one frame, carrying 1000 random points (and, for the
view, the two basis arrows and a grid) from the identity at frame 0 to the whole map at the last
frame. Every point x becomes M x, so the whole cloud (one point per row) becomes ``points @ M.T``.
The rungs use torch and numpy only; ``CODE`` lists what the code panel shows for each.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.batched import BatchedOptimizer
from core.lessons.space_transforms import (ClassifierFrame, ClassifierScene, MapFrame, MapScene,
                                           TanhFrame, verdict)
from core.rungs import RungRun
from core.run import to_numpy

POINTS = 1000


# -- the rungs: what the code panel shows -------------------------------------------------------
def cloud_and_matrix(matrix, seed):
    """1000 points from a standard normal, and W: typed row by row, or drawn from the seed."""
    generator = torch.Generator().manual_seed(seed)
    points = torch.randn(POINTS, 2, generator=generator)
    if matrix is None:
        W = torch.randn(2, 2, generator=generator)
    else:
        W = torch.tensor(matrix, dtype=torch.float32).reshape(2, 2)
    return points, W


def rotation(angle):
    """The 2x2 matrix that turns the plane by ``angle`` (radians, counter-clockwise)."""
    c, s = math.cos(angle), math.sin(angle)
    return torch.tensor([[c, -s], [s, c]])


def split_svd(W):
    """W = rotation(angle_U) @ diag(scales) @ rotation(angle_Vt): W's SVD as two turns and a stretch.

    torch.linalg.svd returns U, S and Vh, where Vh is already Vᵀ (the old torch.svd returned V).
    Its U or Vh may be a reflection (det -1) rather than a rotation: flipping U's second column
    (or Vh's second row) together with the sign of the second singular value leaves U S Vᵀ
    unchanged and makes both pure rotations. A map that flips space (det < 0) then shows its flip
    where it happens: in S, one axis shrinks through 0 and comes out mirrored.
    """
    U, S, Vt = (f.clone() for f in torch.linalg.svd(W.double()))
    if torch.linalg.det(U) < 0:
        U[:, 1] *= -1
        S[1] *= -1
    if torch.linalg.det(Vt) < 0:
        Vt[1] *= -1
        S[1] *= -1
    angle_Vt = math.atan2(Vt[1, 0], Vt[0, 0])
    angle_U = math.atan2(U[1, 0], U[0, 0])
    # -U and -Vᵀ are rotations too (by 180° more) with the same product: take the shorter turns.
    other_Vt, other_U = wrap(angle_Vt + math.pi), wrap(angle_U + math.pi)
    if abs(other_Vt) + abs(other_U) < abs(angle_Vt) + abs(angle_U) - 1e-9:
        angle_Vt, angle_U = other_Vt, other_U
    return angle_Vt, S.float(), angle_U


def wrap(angle):
    """The same turn, as an angle in (-pi, pi]."""
    return math.pi - (math.pi - angle) % (2 * math.pi)


def ease(t):
    """0 before, 1 after, and a smooth start and stop in between (each stage ends visibly)."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def map_at(t, W, path, factors):
    """The map after a fraction t of the animation: the identity at t = 0, W at t = 1."""
    if path == "straight":
        return (1 - t) * torch.eye(2) + t * W  # blend the two matrices
    angle_Vt, scales, angle_U = factors
    t1, t2, t3 = (ease(3 * t - k) for k in range(3))  # three stages, one after the other
    Vt = rotation(t1 * angle_Vt)  # turn by a growing angle: the cloud keeps its size
    S = torch.diag(1 + t2 * (scales - 1))  # each axis from 1 to its scale (< 0 flips)
    U = rotation(t3 * angle_U)
    return U @ S @ Vt


class LinearMap:
    """Rung 1: every point x becomes W x. Animated from the identity to W, straight or by its SVD."""

    def __init__(self, matrix, path, steps, seed, device):
        points, self.W = cloud_and_matrix(matrix, seed)
        self.points = points.to(device)
        self.path, self.steps, self.frame = path, steps, 0
        self.factors = split_svd(self.W)  # W = U S Vᵀ as turn, stretch, turn
        self.M = torch.eye(2)  # the map at the current frame; frame 0 moves nothing
        self.output = self.move(self.points)

    def move(self, x):
        return x @ self.M.to(x.device).T  # one point per row: x -> M x for all of them at once

    def step(self):
        self.frame += 1
        self.M = map_at(self.frame / self.steps, self.W, self.path, self.factors)
        self.output = self.move(self.points)
        # an animation frame: there is no loss to return


class LayerMap:
    """Rung 2: the same map as a layer. nn.Linear(2, 2, bias=False) computes x @ weight.T."""

    def __init__(self, matrix, path, steps, seed, device):
        points, self.W = cloud_and_matrix(matrix, seed)
        self.points = points.to(device)
        self.path, self.steps, self.frame = path, steps, 0
        self.factors = split_svd(self.W)  # W = U S Vᵀ as turn, stretch, turn
        self.M = torch.eye(2)  # the map at the current frame; frame 0 moves nothing
        # skip_init: no random start (we set the weight) and no draw from torch's global generator
        self.layer = nn.utils.skip_init(nn.Linear, 2, 2, bias=False, device=device)
        self.output = self.move(self.points)

    def move(self, x):
        with torch.no_grad():  # no training here: nothing to record for backward
            self.layer.weight.copy_(self.M)  # the layer's weight IS the matrix of the map
            return self.layer(x)

    def step(self):
        self.frame += 1
        self.M = map_at(self.frame / self.steps, self.W, self.path, self.factors)
        self.output = self.move(self.points)


class TanhMap:
    """Rung 3: W, then tanh(s · ) on each coordinate. Not a matrix any more: straight lines bend."""

    def __init__(self, matrix, steps, seed, device):
        points, W = cloud_and_matrix(matrix, seed)
        self.points, self.W = points.to(device), W.to(device)
        self.steps, self.frame = steps, 0
        self.s = 1.0  # the animation turns s from 1 up to 5
        self.output = self.move(self.points)

    def move(self, x):
        return torch.tanh(self.s * (x @ self.W.T))  # squeezes everything into the square (-1, 1)²

    def step(self):
        self.frame += 1
        self.s = 1.0 + 4.0 * self.frame / self.steps
        self.output = self.move(self.points)


def two_clouds(generator, overlap):
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
    y = torch.cat([torch.ones(half), -torch.ones(POINTS - half)])
    X = middle + y.unsqueeze(1) * gap * direction + blob
    return X, y


class LinearClassifier:
    """Rung 4: sign(w·x + b) cuts the plane along the line w·x + b = 0. Learn w and b."""

    def __init__(self, lr, overlap, seed, device):
        self.lr = lr
        generator = torch.Generator().manual_seed(seed)
        X, y = two_clouds(generator, overlap)
        self.X, self.y = X.to(device), y.to(device)  # y is +1 or -1
        self.w = (0.5 * torch.randn(2, generator=generator)).to(device).requires_grad_()
        self.b = torch.zeros((), device=device, requires_grad=True)

    def step(self):
        score = self.X @ self.w + self.b  # w·x + b for every point
        loss = F.softplus(-self.y * score).mean()  # logistic loss: log(1 + exp(-y · score))
        loss.backward()
        with torch.no_grad():
            for p in (self.w, self.b):
                p -= self.lr * p.grad
                p.grad = None
        return loss.item()


CODE = {
    "linear": ("cloud_and_matrix", "rotation", "split_svd", "wrap", "ease", "map_at", "LinearMap"),
    "nn-linear": ("cloud_and_matrix", "rotation", "split_svd", "wrap", "ease", "map_at",
                  "LayerMap"),
    "tanh": ("cloud_and_matrix", "TanhMap"),
    "classifier": ("two_clouds", "LinearClassifier"),
}


# -- the harness: what the window, the CLI and the tests read (not part of any rung) -------------
STAGES = ("rotation Vᵀ", "scaling S", "rotation U")
SHADE_RANGE = 2.5  # original x from -2.5 to 2.5 spans the shades 0 to 1
MARGIN = 0.06  # of the framed box's larger side, on every edge


class MapRun(RungRun):
    """The map rungs: the cloud and W once, then where the map has carried everything."""

    matrix_name = "M(t)"

    def scene(self) -> MapScene:
        rung = self.rung
        W = rung.W.detach().cpu().double()
        U, S, Vt = torch.linalg.svd(W)
        angle_Vt, scales, angle_U = split_svd(rung.W.cpu())
        played = np.stack([rotation(angle_U).double().numpy(), np.diag(scales.double().numpy()),
                           rotation(angle_Vt).double().numpy()])
        points = to_numpy(rung.points).astype(np.float64)
        shade = (np.clip(points[:, 0], -SHADE_RANGE, SHADE_RANGE) / SHADE_RANGE + 1) / 2
        return MapScene(
            points=points, shade=shade, bounds=self.bounds(points), W=W.numpy(), U=U.numpy(),
            S=S.numpy(), Vt=Vt.numpy(), played=played, det=torch.linalg.det(W).item(),
            rank=int(torch.linalg.matrix_rank(W).item()), path=self.config.values.get("path", ""),
            matrix_name=self.matrix_name)

    def bounds(self, points: np.ndarray) -> np.ndarray:
        """A box that holds the cloud, the basis arrows and their images at every frame."""
        rung = self.rung
        ends = [points, np.eye(2)]
        for t in np.linspace(0.0, 1.0, 61):
            M = to_numpy(map_at(float(t), rung.W.cpu(), rung.path, rung.factors)).astype(np.float64)
            ends += [points @ M.T, M.T]
        return framed(np.concatenate(ends))

    def moved(self) -> tuple[np.ndarray, np.ndarray]:
        """The basis arrows and the grid lines, moved by the rung's own map."""
        device = self.rung.points.device
        with torch.no_grad():
            arrows = to_numpy(self.rung.move(BASIS_SEGMENTS.to(device))).reshape(2, -1, 2)
            grid = to_numpy(self.rung.move(GRID.to(device))).reshape(GRID_SHAPE)
        return arrows, grid

    def frame(self) -> MapFrame:
        rung = self.rung
        arrows, grid = self.moved()
        M = rung.M.detach().cpu().double()
        det = torch.linalg.det(M).item()
        stage, title, detail = describe(rung.path, rung.frame, rung.steps, rung.factors, det)
        return MapFrame(points=to_numpy(rung.output), arrows=arrows, grid=grid, M=M.numpy(), det=det,
                        t=rung.frame / rung.steps, stage=stage, title=title, detail=detail)

    def result(self) -> dict:
        scene = self.scene()
        W, U, S, Vt = (torch.from_numpy(m) for m in (scene.W, scene.U, scene.S, scene.Vt))
        angle_Vt, scales, angle_U = self.rung.factors
        with torch.no_grad():  # how far the current frame is from the whole map W
            whole = self.rung.points @ self.rung.W.to(self.rung.points.device).T
            gap = (self.rung.output - whole).abs().max().item()
        return {
            "W": scene.W.tolist(), "U": scene.U.tolist(), "S": scene.S.tolist(),
            "Vt": scene.Vt.tolist(), "det": scene.det, "rank": scene.rank,
            "reconstruction_error": (U @ torch.diag(S) @ Vt - W).abs().max().item(),
            "verdict": verdict(scene.det, scene.rank), "path": scene.path,
            "frame_vs_matmul": gap,
            "animation": {"Vt_angle_deg": math.degrees(angle_Vt), "scales": scales.tolist(),
                          "U_angle_deg": math.degrees(angle_U)},
        }

    def namespace(self) -> dict:
        U, S, Vt = torch.linalg.svd(self.rung.W)
        return {**super().namespace(), "points": self.rung.points.detach().cpu().clone(),
                "output": self.rung.output.detach().cpu().clone(), "W": self.rung.W.clone(),
                "M": self.rung.M.clone(), "U": U, "S": S, "Vt": Vt}


class LayerRun(MapRun):
    matrix_name = "layer.weight"

    def result(self) -> dict:
        layer = copy.deepcopy(self.rung.layer)
        with torch.no_grad():
            layer.weight.copy_(self.rung.W)
            points = self.rung.points
            gap = (layer(points) - points @ self.rung.W.to(points.device).T).abs().max().item()
        return {**super().result(), "layer_vs_matmul": gap}

    def namespace(self) -> dict:
        return {**super().namespace(), "layer": copy.deepcopy(self.rung.layer).cpu()}


class TanhRun(MapRun):
    matrix_name = ""

    def bounds(self, points: np.ndarray) -> np.ndarray:
        return framed(np.array([[-1.0, -1.0], [1.0, 1.0]]))  # tanh never leaves the square

    def moved(self) -> tuple[np.ndarray, np.ndarray]:
        device = self.rung.points.device
        with torch.no_grad():
            arrows = to_numpy(self.rung.move(BASIS_SEGMENTS.to(device))).reshape(2, -1, 2)
            grid = to_numpy(self.rung.move(FINE_GRID.to(device))).reshape(FINE_GRID_SHAPE)
        return arrows, grid

    def frame(self) -> TanhFrame:
        arrows, grid = self.moved()
        return TanhFrame(points=to_numpy(self.rung.output), arrows=arrows, grid=grid,
                         s=float(self.rung.s))

    def result(self) -> dict:
        scene = self.scene()
        return {"W": scene.W.tolist(), "U": scene.U.tolist(), "S": scene.S.tolist(),
                "Vt": scene.Vt.tolist(), "det": scene.det, "rank": scene.rank,
                "verdict": verdict(scene.det, scene.rank), "s": float(self.rung.s)}

    def namespace(self) -> dict:
        rung = self.rung
        return {"config": self.config, "step": self.step_count, "loss": self.loss,
                "points": rung.points.detach().cpu().clone(), "W": rung.W.detach().cpu().clone(),
                "output": rung.output.detach().cpu().clone(), "s": float(rung.s)}


class ClassifierRun(RungRun):
    def scene(self) -> ClassifierScene:
        X = to_numpy(self.rung.X).astype(np.float64)
        return ClassifierScene(points=X, labels=to_numpy(self.rung.y).astype(np.float64),
                               bounds=framed(X))

    def frame(self) -> ClassifierFrame:
        rung = self.rung
        w, b = to_numpy(rung.w).astype(np.float64), float(rung.b.item())
        with torch.no_grad():
            score = rung.X @ rung.w + rung.b
            loss = F.softplus(-rung.y * score).mean().item()
            accuracy = (torch.sign(score) == rung.y).double().mean().item()
        line, arrow = line_and_arrow(w, b)
        return ClassifierFrame(w=w, b=b, line=line, w_arrow=arrow, loss=loss, accuracy=accuracy)

    def result(self) -> dict:
        frame = self.frame()
        w = frame.w
        norm = float(np.linalg.norm(w))
        Vt = w / norm if norm > 0 else np.array([1.0, 0.0])
        return {"w": w.tolist(), "b": frame.b, "accuracy": frame.accuracy, "norm_w": norm,
                # the score w·x is a 1x2 map: its one singular value is |w|, its Vᵀ is w / |w|
                "W": [w.tolist()], "U": [[1.0]], "S": [norm], "Vt": [Vt.tolist()], "det": None,
                "reconstruction_error": float(np.abs(norm * Vt - w).max())}

    def namespace(self) -> dict:
        rung = self.rung
        return {**super().namespace(), "X": rung.X.detach().cpu().clone(),
                "y": rung.y.detach().cpu().clone(), "w": rung.w.detach().cpu().clone(),
                "b": rung.b.detach().cpu().clone()}


VARIANTS = {
    "linear": MapRun.of(LinearMap), "nn-linear": LayerRun.of(LayerMap),
    "tanh": TanhRun.of(TanhMap), "classifier": ClassifierRun.of(LinearClassifier),
}


def describe(path: str, frame: int, steps: int, factors, det: float) -> tuple[int, str, str]:
    """The stage a frame belongs to (1 Vᵀ, 2 S, 3 U; 0 none), a title and how far it has got."""
    angle_Vt, scales, angle_U = factors
    if frame == 0:
        return 0, "The identity", "nothing applied yet: M = I"
    if path == "straight":
        t = frame / steps
        title = "Done: M(1) = W" if frame == steps else "Straight: M(t) = (1−t)·I + t·W"
        shown = "0" if det == 0 else f"{det:.3g}".replace("-", "−")  # no "-0"
        return 0, title, f"t = {t:.2f}, det M(t) = {shown}"
    index = min((3 * frame + steps - 1) // steps - 1, 2)  # integer maths: exact stage boundaries
    done = ease(3 * frame / steps - index)
    if frame == steps:
        title = "Done: W = U S Vᵀ"
    else:
        title = f"Stage {index + 1} of 3 · {STAGES[index]}"
    if index == 1:
        now = 1 + done * (scales.numpy() - 1)
        detail = f"axes × {now[0]:.2f}, {now[1]:.2f} (to {scales[0]:.2f}, {scales[1]:.2f})"
    else:
        angle = angle_Vt if index == 0 else angle_U
        detail = f"turned {math.degrees(done * angle):+.0f}° of {math.degrees(angle):+.0f}°"
        detail = detail.replace("-", "−")
    return index + 1, title, detail


def framed(xy: np.ndarray) -> np.ndarray:
    """[[x0, x1], [y0, y1]]: the box around ``xy`` with a small margin (never empty)."""
    low, high = xy.min(axis=0), xy.max(axis=0)
    margin = MARGIN * max(float((high - low).max()), 1e-3)
    return np.stack([low - margin, high + margin], axis=1)


def line_and_arrow(w: np.ndarray, b: float, length: float = 30.0) -> tuple[np.ndarray, np.ndarray]:
    """The line w·x + b = 0 (two far ends) and an arrow along w starting on the line.

    The foot -b w / |w|² is the line's point nearest the origin; the arrow has a fixed length
    (1.5) because |w| grows without bound on separable data.
    """
    norm = float(np.linalg.norm(w))
    if norm < 1e-12:
        return np.zeros((0, 2)), np.zeros((0, 2))
    unit = w / norm
    foot = -b * unit / norm
    along = np.array([-unit[1], unit[0]])  # w turned by 90°: the line's direction
    return (np.stack([foot - length * along, foot + length * along]),
            np.stack([foot, foot + 1.5 * unit]))


def _segments() -> torch.Tensor:
    """The two basis arrows as 24 points each, from the origin to e1 and to e2."""
    lam = torch.linspace(0, 1, 24).unsqueeze(1)
    return torch.cat([lam * torch.tensor([1.0, 0.0]), lam * torch.tensor([0.0, 1.0])])


def _grid(half: float, spacing: float, samples: int) -> tuple[torch.Tensor, tuple[int, int, int]]:
    """Grid lines x = k and y = k (k from -half to half), sampled so a bent map bends them."""
    along = torch.linspace(-half, half, samples)
    lines = []
    for k in torch.arange(-half, half + spacing / 2, spacing).tolist():
        fixed = torch.full_like(along, k)
        lines += [torch.stack([fixed, along], 1), torch.stack([along, fixed], 1)]
    return torch.cat(lines), (len(lines), samples, 2)


BASIS_SEGMENTS = _segments()
GRID, GRID_SHAPE = _grid(4.0, 1.0, 41)  # covers the cloud: its image covers the moved cloud
FINE_GRID, FINE_GRID_SHAPE = _grid(2.0, 0.25, 81)  # tanh bends space near the origin


# -- the sweep: K learning rates of the classifier in one batched run (rows never mix) ----------
class ClassifierSweep:
    """K copies of the classifier, one per learning rate: w of shape (K, 2), b of shape (K,)."""

    def __init__(self, lrs, seed, overlap, device):
        generator = torch.Generator().manual_seed(seed)
        X, y = two_clouds(generator, overlap)  # the rung's draws, in the rung's order
        w = 0.5 * torch.randn(2, generator=generator)
        self.X, self.y = X.to(device), y.to(device)
        self.w = w.to(device).repeat(len(lrs), 1).requires_grad_()
        self.b = torch.zeros(len(lrs), device=device, requires_grad=True)
        self.optimizer = BatchedOptimizer("SGD", [self.w, self.b], lrs)

    def step(self) -> torch.Tensor:
        score = self.w @ self.X.T + self.b[:, None]  # (K, N)
        losses = F.softplus(-self.y * score).mean(1)
        losses.sum().backward()  # rows are independent: each row gets its own gradient
        self.optimizer.step()
        return losses.detach()


def sweep(config, lrs, device) -> ClassifierSweep:
    """The classifier at each of ``lrs`` at once; ``step()`` returns the K losses."""
    values = config.values
    return ClassifierSweep(lrs, values.get("seed", 0), values.get("overlap", 0.0), device)
