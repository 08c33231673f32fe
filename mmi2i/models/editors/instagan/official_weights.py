"""Load the InstaGAN authors' released weights (github sangwoomo/instagan).

Their checkpoints are four files ``latest_net_{G_A,G_B,D_A,D_B}.pth``:

* ``G_A`` translates A -> B (our ``generator_ab``), ``G_B`` B -> A;
  ``D_A`` judges domain **B** (our ``discriminator_b``), ``D_B`` domain A.
* Generators: ``encoder_img``/``encoder_seg``/``decoder_img``/
  ``decoder_seg`` Sequentials whose residual blocks hold ``conv_block``;
  the mask decoder takes [own mask feature; image feature; set sum], the
  order :class:`InstaGANGenerator` uses too.
* Discriminators: ``feature_img``/``feature_seg``/``classifier`` whose
  convs are wrapped in the authors' spectral norm, storing
  ``module.weight_bar`` (the raw weight) and the power-iteration vectors
  ``module.weight_u``/``module.weight_v``; torch's spectral norm stores
  the same as ``weight_orig``, ``weight_u``, ``weight_v``.
* Old checkpoints may carry instance-norm running statistics, which the
  networks never use; they are dropped.
"""
from typing import Dict

from torch import Tensor

from ...utils import rename_official

#: official file name -> our child module
OFFICIAL_NETS = {
    'G_A': 'generator_ab',
    'G_B': 'generator_ba',
    'D_A': 'discriminator_b',
    'D_B': 'discriminator_a',
}

_G_RENAMES = (
    (r'^encoder_img\.', 'img_encoder.model.'),
    (r'^encoder_seg\.', 'mask_encoder.model.'),
    (r'^decoder_img\.', 'img_decoder.model.'),
    (r'^decoder_seg\.', 'mask_decoder.model.'),
    (r'\.conv_block\.', '.block.'),
)
_D_RENAMES = (
    (r'^feature_img\.', 'img_features.'),
    (r'^feature_seg\.', 'mask_features.'),
    (r'\.module\.weight_bar$', '.weight_orig'),
    (r'\.module\.(weight_u|weight_v|bias)$', r'.\1'),
)


def convert_official_net(name: str,
                         state: Dict[str, Tensor]) -> Dict[str, Tensor]:
    """Rename one official network's state dict to mmi2i keys, prefixed
    with the child module it belongs to (see :data:`OFFICIAL_NETS`)."""
    if name not in OFFICIAL_NETS:
        raise KeyError(f'unknown official network {name!r}; expected one of '
                       f'{sorted(OFFICIAL_NETS)}')
    return rename_official(
        state, _G_RENAMES if name.startswith('G') else _D_RENAMES,
        OFFICIAL_NETS[name] + '.')
