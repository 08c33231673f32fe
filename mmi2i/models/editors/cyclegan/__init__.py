from .cyclegan import CycleGAN, CycleGANSeg

__all__ = ['CycleGAN', 'CycleGANSeg']
