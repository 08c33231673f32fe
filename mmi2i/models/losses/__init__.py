from .gan_loss import (GANLoss, GradientPenaltyLoss, gradient_penalty,
                       hinge_gan_loss, lsgan_loss, vanilla_gan_loss, wgan_loss)
from .perceptual_loss import VGGPerceptualLoss
from .pixelwise_loss import L1Loss, weighted_l1

__all__ = [
    'GANLoss', 'GradientPenaltyLoss', 'gradient_penalty', 'lsgan_loss',
    'vanilla_gan_loss', 'hinge_gan_loss', 'wgan_loss', 'L1Loss',
    'weighted_l1', 'VGGPerceptualLoss'
]
