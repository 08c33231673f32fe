from .cyclegan import CycleGAN, CycleGANSeg, default_cyclegan_losses

__all__ = ['CycleGAN', 'CycleGANSeg', 'default_cyclegan_losses']
