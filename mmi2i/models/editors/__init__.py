from .cyclegan import CycleGAN, CycleGANSeg
from .instagan import InstaGAN, InstaGANGenerator, SetPatchDiscriminator

__all__ = [
    'CycleGAN', 'CycleGANSeg', 'InstaGAN', 'InstaGANGenerator',
    'SetPatchDiscriminator'
]
