from . import losses
from .image_generation import APADEGenerator, mask_edges, segmentation_input
from .mask_morph import (MaskMorphGenerator, MiniIncepBlock,
                         MultiScaleMaskDiscriminator, instance_features)
from .mgd_gan import MGDGAN, MGDGANLoss

__all__ = [
    'MGDGAN', 'MGDGANLoss', 'MaskMorphGenerator',
    'MultiScaleMaskDiscriminator', 'MiniIncepBlock', 'APADEGenerator',
    'instance_features', 'segmentation_input', 'mask_edges', 'losses'
]
