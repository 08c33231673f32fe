"""Background inpainters: remove instances from an image.

MGD-GAN's designed supervision (Sec. 2.2) trains the image generator to
restore a target-domain image from its background, made by removing the
instances with an inpainter (the paper used HiFill, which cannot be
downloaded here). Inpainters are registered in ``INPAINTERS``; each maps
an RGB uint8 image (H, W, 3) and a bool mask (H, W) of the pixels to fill
to an RGB uint8 image.
"""
import os.path as osp

import cv2
import numpy as np
import torch

from mmi2i.registry import INPAINTERS
from mmi2i.structures import from_uint8, to_uint8


def _check(img: np.ndarray, mask: np.ndarray) -> None:
    if img.ndim != 3 or img.shape[2] != 3 or img.dtype != np.uint8:
        raise ValueError(f'inpainters take RGB uint8 (H, W, 3) images, got '
                         f'{img.dtype} {img.shape}')
    if mask.shape != img.shape[:2]:
        raise ValueError(f'mask {mask.shape} does not match image '
                         f'{img.shape[:2]}')


@INPAINTERS.register_module()
class OpenCVInpainter:
    """OpenCV's classical inpainting (``cv2.inpaint``), the default.

    Args:
        radius (int): Neighbourhood radius. Defaults to 5.
        method (str): ``'telea'`` (default) or ``'ns'`` (Navier-Stokes).
        dilate (int): Grow the mask by this many pixels first, so object
            borders do not bleed into the background. Defaults to 3.
    """

    def __init__(self, radius: int = 5, method: str = 'telea',
                 dilate: int = 3) -> None:
        flags = dict(telea=cv2.INPAINT_TELEA, ns=cv2.INPAINT_NS)
        if method not in flags:
            raise ValueError(f"method must be 'telea' or 'ns', got "
                             f'{method!r}')
        self.radius, self.method, self.dilate = radius, method, dilate
        self._flag = flags[method]

    def __call__(self, img: np.ndarray, mask: np.ndarray) -> np.ndarray:
        _check(img, mask)
        m = mask.astype(np.uint8) * 255
        if self.dilate > 0 and m.any():
            k = 2 * self.dilate + 1
            m = cv2.dilate(m, np.ones((k, k), np.uint8))
        if not m.any():
            return img.copy()
        return cv2.inpaint(img, m, self.radius, self._flag)

    def __repr__(self) -> str:
        return (f'OpenCVInpainter(radius={self.radius}, method={self.method}'
                f', dilate={self.dilate})')


@INPAINTERS.register_module()
class TorchScriptInpainter:
    """A learned inpainter exported with TorchScript, from a local file.

    The scripted module takes ``(1, 4, H, W)`` float input (RGB in
    [-1, 1] with the pixels to fill set to 0, then the mask in {0, 1}) and
    returns ``(1, 3, H, W)`` in [-1, 1]; only the masked pixels of its
    output are used. Nothing is downloaded: a missing file is an error
    naming it.

    Args:
        checkpoint (str): Path of the ``torch.jit.save`` file.
        device (str): Defaults to ``'cpu'``.
    """

    def __init__(self, checkpoint: str, device: str = 'cpu') -> None:
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(
                f'Inpainting network not found: {checkpoint} (export your '
                'model with torch.jit.save and give its path; mmi2i never '
                'downloads weights)')
        self.checkpoint, self.device = checkpoint, device
        self.net = torch.jit.load(checkpoint, map_location=device).eval()

    @torch.no_grad()
    def __call__(self, img: np.ndarray, mask: np.ndarray) -> np.ndarray:
        _check(img, mask)
        x = from_uint8(torch.from_numpy(img).permute(2, 0, 1)[None])
        m = torch.from_numpy(mask.astype(np.float32))[None, None]
        out = self.net(torch.cat([x * (1 - m), m], 1).to(self.device))
        out = out.cpu().clamp(-1, 1)
        filled = x * (1 - m) + out * m
        return to_uint8(filled[0].permute(1, 2, 0)).numpy()

    def __repr__(self) -> str:
        return f'TorchScriptInpainter(checkpoint={self.checkpoint!r})'
