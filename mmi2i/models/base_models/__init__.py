from .base_translation_model import BaseTranslationModel, stage_lengths
from .per_domain_model import PerDomainTranslationModel, fill_style_dim
from .two_domain_model import TwoDomainTranslationModel

__all__ = [
    'stage_lengths',
    'BaseTranslationModel', 'PerDomainTranslationModel',
    'TwoDomainTranslationModel', 'fill_style_dim'
]
