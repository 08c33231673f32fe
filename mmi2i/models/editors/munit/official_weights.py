"""Load the MUNIT authors' released generators (github NVlabs/MUNIT,
``gen_*.pt`` and the pretrained ``models/edges2shoes.pt`` etc.).

A file is ``{'a': state, 'b': state}``: one ``AdaINGen`` per domain, the
first domain of the config being ``a``. Each holds ``enc_style``,
``enc_content``, ``dec`` and ``mlp``, built of ``Conv2dBlock`` (``pad``,
``conv``, ``norm``) and ``ResBlocks`` (``model.k.model.j``); ours are the
same layers under ``style_encoder_<d>``, ``content_encoder_<d>`` and
``decoder_<d>`` (its ``res_blocks``, ``upsample`` and ``mlp``). The AdaIN
parameters come out of the MLP in the same order (each layer's means,
then its stds). Instance-norm running statistics (PyTorch 0.3 files) and
the dummy AdaIN buffers are dropped, as the authors'
``pytorch03_to_pytorch04`` does.
"""
from typing import Dict, Sequence

from torch import Tensor

from ...utils import rename_official

_RENAMES = (
    # content encoder: conv blocks, then one ResBlocks at index i whose
    # k-th block becomes our block i + k (its two convs: body.0 / body.1)
    (r'^enc_content\.model\.(\d+)\.model\.(\d+)\.model\.([01])\.conv\.',
     lambda m: f'content_encoder.model.{int(m[1]) + int(m[2])}.body.'
     f'{m[3]}.1.'),
    (r'^enc_content\.model\.(\d+)\.conv\.', r'content_encoder.model.\1.1.'),
    (r'^enc_style\.model\.(\d+)\.conv\.', r'style_encoder.model.\1.1.'),
    (r'^enc_style\.model\.(\d+)\.(weight|bias)$',
     r'style_encoder.model.\1.\2'),
    # decoder: ResBlocks at 0, then [Upsample, Conv2dBlock] pairs and the
    # output block; our ``upsample`` Sequential starts after the ResBlocks
    (r'^dec\.model\.0\.model\.(\d+)\.model\.([01])\.conv\.',
     lambda m: f'decoder.res_blocks.{m[1]}.conv{int(m[2]) + 1}.1.'),
    (r'^dec\.model\.(\d+)\.conv\.',
     lambda m: f'decoder.upsample.{int(m[1]) - 1}.1.'),
    (r'^dec\.model\.(\d+)\.norm\.',
     lambda m: f'decoder.upsample.{int(m[1]) - 1}.2.'),
    (r'^mlp\.model\.(\d+)\.fc\.', lambda m: f'decoder.mlp.{2 * int(m[1])}.'),
)


def convert_official_generators(ckpt: dict, domains: Sequence[str]
                                ) -> Dict[str, Tensor]:
    """Both generators of an official file under our keys.

    Args:
        ckpt (dict): The file's ``{'a': ..., 'b': ...}``.
        domains: Our two domain names, for ``a`` and ``b``.
    """
    if not {'a', 'b'} <= set(ckpt):
        raise KeyError(f"an MUNIT generator file holds 'a' and 'b', this "
                       f'one {sorted(ckpt)[:6]}')
    out = {}
    for letter, domain in zip('ab', domains):
        for key, value in rename_official(ckpt[letter], _RENAMES,
                                          '').items():
            net, rest = key.split('.', 1)
            out[f'{net}_{domain}.{rest}'] = value
    return out
