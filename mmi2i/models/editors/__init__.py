from .cyclegan import CycleGAN, CycleGANSeg
from .instagan import InstaGAN, InstaGANGenerator, SetPatchDiscriminator
from .mgd_gan import (MGDGAN, APADEGenerator, MaskMorphGenerator,
                      MultiScaleMaskDiscriminator)

__all__ = [
    'CycleGAN', 'CycleGANSeg', 'InstaGAN', 'InstaGANGenerator',
    'SetPatchDiscriminator', 'MaskMorphGenerator',
    'MultiScaleMaskDiscriminator', 'MGDGAN', 'APADEGenerator'
]
