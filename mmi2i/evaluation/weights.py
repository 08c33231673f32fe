"""Locating pretrained weights without downloading them."""
import os.path as osp
from typing import List

import torch

#: Files the metrics can use, with what they are for.
KNOWN_WEIGHTS = {
    'pt_inception-2015-12-05-6726825d.pth':
    'FID Inception (pytorch-fid)',
    'inception_v3_google-0cc3c7bd.pth':
    'Inception v3 ImageNet classifier (torchvision), for IS/CIS',
    'alexnet-owt-7be5be79.pth':
    'AlexNet ImageNet backbone (torchvision), for LPIPS',
    'vgg16-397923af.pth':
    'VGG-16 ImageNet backbone (torchvision), for the classification score',
}


def weight_dirs() -> List[str]:
    """Folders searched: torch's hub cache (``$TORCH_HOME/hub/checkpoints``,
    by default ``~/.cache/torch/hub/checkpoints``), where torchvision,
    pytorch-fid and lpips look for these files too."""
    return [osp.join(torch.hub.get_dir(), 'checkpoints')]


def find_weights(filename: str) -> str:
    """Return the path of a pretrained weight file or raise a clear error.

    Raises:
        FileNotFoundError: naming the file, what it is for and where to put
            it (nothing is downloaded).
    """
    for d in weight_dirs():
        path = osp.join(d, filename)
        if osp.isfile(path):
            return path
    what = KNOWN_WEIGHTS.get(filename, 'pretrained weights')
    raise FileNotFoundError(
        f'{what} not found: {filename}. mmi2i does not download weights; '
        f'copy the file into {weight_dirs()[0]} (torch\'s hub cache; set '
        'TORCH_HOME to move it).')
