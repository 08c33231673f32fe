from .base_translation_model import BaseTranslationModel
from .content_adversarial import ContentAdversarialModel
from .per_domain_model import PerDomainTranslationModel, fill_style_dim
from .stages import stage_lengths
from .step_context import StepContext
from .two_domain_model import TwoDomainTranslationModel

__all__ = [
    'stage_lengths', 'StepContext', 'BaseTranslationModel',
    'PerDomainTranslationModel', 'TwoDomainTranslationModel',
    'fill_style_dim', 'ContentAdversarialModel'
]
