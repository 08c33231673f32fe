from .cgl import CGL
from .cyclegan import CycleGAN, CycleGANSeg
from .drit import DRIT
from .init import INIT
from .instagan import InstaGAN, InstaGANGenerator, SetPatchDiscriminator
from .mgd_gan import (MGDGAN, APADEGenerator, MaskMorphGenerator,
                      MultiScaleMaskDiscriminator)
from .mguit import MGUIT, ClassAwareMemory
from .munit import MUNIT
from .stargan import StarGAN

__all__ = [
    'CycleGAN', 'CycleGANSeg', 'InstaGAN', 'InstaGANGenerator',
    'SetPatchDiscriminator', 'MaskMorphGenerator',
    'MultiScaleMaskDiscriminator', 'MGDGAN', 'APADEGenerator', 'MUNIT', 'DRIT',
    'INIT', 'ClassAwareMemory', 'MGUIT', 'StarGAN', 'CGL'
]
