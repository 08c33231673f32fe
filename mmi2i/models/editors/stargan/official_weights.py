"""Load the StarGAN authors' released models (github yunjey/stargan,
``bash download.sh pretrained-celeba-128x128``: ``200000-G.ckpt`` and
``200000-D.ckpt``, CelebA at 128 px with the 5 attributes of
:data:`CELEBA_ATTRIBUTES`, in that order).

Their generator is one ``main`` Sequential: conv 7x7 (its zero padding
inside the conv), instance norm, ReLU, two down-sampling triples, the
residual blocks (``main`` of conv, norm, ReLU, conv, norm), two
up-sampling triples and the output conv. Ours holds the same layers with
the padding as a layer of its own, split into ``encoder.model`` (up to
the last residual block) and ``decoder.model``. Their instance norms track
running statistics, which their test never uses (it keeps the generator
in training mode, so each image is normalised with its own statistics):
they are dropped. The discriminator's ``main`` has our indices; its heads
``conv1`` / ``conv2`` are our ``src`` / ``cls``.
"""
import re
from typing import Dict, List, Sequence

from torch import Tensor

from ...utils import rename_official

#: The attributes of the released CelebA models, in the order of their
#: label vectors (``--selected_attrs`` of the authors' README).
CELEBA_ATTRIBUTES = ('Black_Hair', 'Blond_Hair', 'Brown_Hair', 'Male',
                     'Young')
_HAIR = ('Black_Hair', 'Blond_Hair', 'Brown_Hair', 'Gray_Hair')
_IN_BLOCK = {'0': '1', '1': '2', '3': '5', '4': '6'}  # their conv/norm


def convert_official_generator(state: Dict[str, Tensor],
                               encoder_len: int) -> Dict[str, Tensor]:
    """The authors' ``*-G.ckpt`` under our ``generator.`` keys.

    Args:
        encoder_len (int): Length of our ``encoder.model`` (its padding
            layer, 9 stem/down-sampling layers, the residual blocks).
    """

    def index(m):
        i, rest = int(m[1]), m[2]
        if i < encoder_len - 1:  # ours has the stem's padding first
            inner = re.match(r'main\.(\d)\.(.*)', rest)
            if inner:  # a residual block
                rest = f'block.{_IN_BLOCK[inner[1]]}.{inner[2]}'
            return f'generator.encoder.model.{i + 1}.{rest}'
        j = i - (encoder_len - 1)
        return f'generator.decoder.model.{j + 1 if j == 6 else j}.{rest}'

    return rename_official(state, ((r'^main\.(\d+)\.(.*)$', index), ), '')


def convert_official_discriminator(
        state: Dict[str, Tensor]) -> Dict[str, Tensor]:
    """The authors' ``*-D.ckpt`` under our ``discriminator.`` keys."""
    return rename_official(state, ((r'^conv1\.', 'src.'),
                                   (r'^conv2\.', 'cls.')), 'discriminator.')


def celeba_targets(source: Tensor,
                   attributes: Sequence[str] = CELEBA_ATTRIBUTES
                   ) -> List[Tensor]:
    """The target label vectors the authors' test makes from each image's
    own CelebA labels: per attribute, a hair colour is set alone (the
    other hair colours cleared) and any other attribute is flipped.

    Args:
        source (Tensor): (B, n) 0/1 labels of the source images.
        attributes: The model's attribute names, in label order.

    Returns:
        list[Tensor]: n label vectors (B, n), one per attribute.
    """
    hair = [i for i, a in enumerate(attributes) if a in _HAIR]
    out = []
    for i in range(len(attributes)):
        target = source.clone().float()
        if i in hair:
            target[:, hair] = 0
            target[:, i] = 1
        else:
            target[:, i] = 1 - target[:, i]
        out.append(target)
    return out


__all__ = ['CELEBA_ATTRIBUTES', 'convert_official_generator',
           'convert_official_discriminator', 'celeba_targets']
