from . import losses
from .image_generation import (APADEGenerator, blend, mask_edges,
                               segmentation_input, union)
from .losses import MGDGANLoss
from .mask_morph import (MaskMorphGenerator, MiniIncepBlock,
                         MultiScaleMaskDiscriminator, instance_features)
from .mgd_gan import MGDGAN

__all__ = [
    'MGDGAN', 'MGDGANLoss', 'MaskMorphGenerator',
    'MultiScaleMaskDiscriminator', 'MiniIncepBlock', 'APADEGenerator',
    'instance_features', 'segmentation_input', 'mask_edges', 'losses',
    'blend', 'union'
]
