from .gan_loss import (AdaptiveGradientPenaltyLoss, GANLoss,
                       GradientPenaltyLoss, gradient_penalty, hinge_gan_loss,
                       lsgan_loss, vanilla_gan_loss, wgan_loss)
from .latent_loss import (ContentAdversarialLoss, DomainClassificationLoss,
                          FeatureContrastiveLoss, KLDivergenceLoss,
                          L2RegularizationLoss, ModeSeekingLoss,
                          feature_contrastive, kl_divergence, l2_regularize,
                          mode_seeking)
from .perceptual_loss import VGGPerceptualLoss
from .pixelwise_loss import L1Loss, weighted_l1

__all__ = [
    'GANLoss', 'GradientPenaltyLoss', 'AdaptiveGradientPenaltyLoss',
    'gradient_penalty', 'lsgan_loss',
    'vanilla_gan_loss', 'hinge_gan_loss', 'wgan_loss', 'L1Loss',
    'weighted_l1', 'VGGPerceptualLoss', 'kl_divergence', 'l2_regularize',
    'mode_seeking', 'KLDivergenceLoss', 'L2RegularizationLoss',
    'ModeSeekingLoss', 'ContentAdversarialLoss', 'feature_contrastive',
    'FeatureContrastiveLoss', 'DomainClassificationLoss'
]
