"""Load the CycleGAN authors' released generators
(github junyanz/pytorch-CycleGAN-and-pix2pix, ``latest_net_G.pth``; their
``scripts/download_cyclegan_model.sh`` names them e.g. ``horse2zebra``).

One file holds one direction: a ``ResnetGenerator`` whose ``model``
Sequential runs [pad, conv 7x7, norm, ReLU], 3 items per downsampling,
the residual blocks (``conv_block``), then the upsampling and the output
conv. Ours splits the same layers into ``encoder.model`` (everything up
to the last residual block, at the same indices) and ``decoder.model``.
Old files carry instance-norm running statistics, which the authors'
loader patches away and we drop.
"""
import re
from typing import Dict

from torch import Tensor

from ...utils import rename_official


def convert_official_generator(state: Dict[str, Tensor], prefix: str,
                               encoder_len: int) -> Dict[str, Tensor]:
    """The authors' generator state dict under our keys.

    Args:
        prefix (str): Our generator's name with its dot
            (``'generator_ab.'``).
        encoder_len (int): Length of our generator's ``encoder.model``
            (4 + 3 per downsampling + the residual blocks); the authors'
            later indices are the decoder's, shifted by it.
    """

    def index(m):
        i = int(m.group(1))
        return (f'encoder.model.{i}.' if i < encoder_len else
                f'decoder.model.{i - encoder_len}.')

    renamed = {}
    for key, value in rename_official(
            state, ((r'\.conv_block\.', '.block.'), ), '').items():
        renamed[prefix + re.sub(r'^model\.(\d+)\.', index, key)] = value
    return renamed
