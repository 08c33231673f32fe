"""Load the DRIT++ authors' released checkpoints (github HsinYingLee/DRIT,
``models/download_model.sh`` fetches ``example.pth``, a yosemite
summer <-> winter model in the ``--concat 1`` form, the form ours
implements).

A file is a dict of state dicts: ``enc_c`` (``convA``/``convB`` content
encoders and the shared ``conv_share``), ``enc_a`` (``E_attr_concat``:
``conv_A``, ``fc_A``, ``fcVar_A``, ...), ``gen`` (``G_concat``:
``dec_share``, ``decA1``-``decA4``, ...), the discriminators ``disA``,
``disA2``, ``disB``, ``disB2`` (``Diss``, one per scale) and
``disContent``, plus optimizer states. ``A`` is the config's first
domain. Their wrappers (``LeakyReLUConv2d``, ``ReLUINSConv2d``, ...) hold
one convolution each at ``model.1``; ours are flat Sequentials, so the
k-th official wrapper maps to our k-th layer that has parameters. Their
``LayerNorm`` keeps (C, 1, 1) weights, ours (C,) ``gamma``/``beta``.
"""
import re
from typing import Dict, Sequence

import torch.nn as nn
from torch import Tensor

from ...utils import rename_official

#: the official checkpoint's networks (the rest are optimizer states)
OFFICIAL_NETS = ('enc_c', 'enc_a', 'gen', 'disA', 'disA2', 'disB', 'disB2',
                 'disContent')


def _layers(official: Dict[str, Tensor], seq: nn.Sequential,
            prefix: str) -> Dict[str, Tensor]:
    """``{i}.model.1.w`` (a one-conv wrapper), ``{i}.model.j.w`` (a
    residual block) or ``{i}.w`` (a bare conv) of an official Sequential
    -> our ``seq``'s k-th layer with parameters."""
    with_params = [i for i, m in enumerate(seq)
                   if next(m.parameters(), None) is not None]
    out = {}
    for key, value in official.items():
        i, rest = key.split('.', 1)
        pos = with_params[int(i)]
        if hasattr(seq[pos], 'body'):  # residual block
            rest = re.sub(r'^model\.', 'body.', rest)
        else:
            rest = re.sub(r'^model\.\d+\.', '', rest)
        out[f'{prefix}{pos}.{rest}'] = value
    return out


def _part(state: Dict[str, Tensor], prefix: str) -> Dict[str, Tensor]:
    return {k[len(prefix):]: v for k, v in state.items()
            if k.startswith(prefix)}


def convert_official_drit(ckpt: dict, model) -> Dict[str, Tensor]:
    """The networks of an official checkpoint under our keys.

    Args:
        ckpt (dict): The file's content (:data:`OFFICIAL_NETS` at least).
        model: Our DRIT, whose layers and two domains the keys follow.
    """
    domains: Sequence[str] = model.domains
    nets = {k: rename_official(ckpt[k], (), '') for k in OFFICIAL_NETS}
    out = {}
    for letter, d in zip('AB', domains):
        enc = nets['enc_c']
        out.update(_layers(_part(enc, f'conv{letter}.'),
                           model.net('content_encoder', d).model,
                           f'content_encoder_{d}.model.'))
        attr = {k: v for k, v in nets['enc_a'].items()
                if re.match(rf'(conv|fc|fcVar)_{letter}\.', k)}
        out.update(rename_official(attr, (
            (rf'^conv_{letter}\.(\d+)\.conv\.4\.1\.', r'conv.\1.conv.5.'),
            (rf'^conv_{letter}\.', 'conv.'),
            (rf'^fc_{letter}\.0\.', 'fc_mu.'),
            (rf'^fcVar_{letter}\.0\.', 'fc_logvar.'),
        ), f'style_encoder_{d}.'))
        gen = {k: v for k, v in nets['gen'].items()
               if re.match(rf'dec{letter}\d', k)}
        out.update(rename_official(gen, (
            (rf'^dec{letter}1\.(\d+)\.model\.', r'res.\1.body.'),
            (rf'^dec{letter}2\.0\.model\.0\.', 'ups.0.0.'),
            (rf'^dec{letter}3\.0\.model\.0\.', 'ups.1.0.'),
            (rf'^dec{letter}([23])\.0\.model\.1\.weight$',
             lambda m: f'ups.{int(m[1]) - 2}.1.gamma'),
            (rf'^dec{letter}([23])\.0\.model\.1\.bias$',
             lambda m: f'ups.{int(m[1]) - 2}.1.beta'),
            (rf'^dec{letter}4\.0\.', 'out.0.'),
        ), f'decoder_{d}.'))
        for ours, theirs in (('discriminator', f'dis{letter}'),
                             ('discriminator2', f'dis{letter}2')):
            nets_ = model.net(ours, d).nets
            for s in range(len(nets_)):
                out.update(_layers(_part(nets[theirs], f'Diss.{s}.'),
                                   nets_[s], f'{ours}_{d}.nets.{s}.'))
    out.update(rename_official(_part(nets['enc_c'], 'conv_share.0.model.'),
                               (), 'content_shared.block.body.'))
    out.update(rename_official(_part(nets['gen'], 'dec_share.0.model.'),
                               (), 'decoder_shared.block.body.'))
    out.update(_layers(_part(nets['disContent'], 'model.'),
                       model.content_discriminator.model,
                       'content_discriminator.model.'))
    # their LayerNorm's (C, 1, 1) affine -> our (C,)
    return {k: v.flatten() if k.endswith(('.gamma', '.beta')) else v
            for k, v in out.items()}
